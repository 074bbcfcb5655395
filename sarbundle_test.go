package kith

import (
	"strings"
	"testing"
	"time"
)

func sarTestPart() SARPart {
	return SARPart{Seq: 1, Kind: "record", Title: "Home visit", Blocks: []SARBlock{
		{Key: "s:observations", Label: "Observations", Text: "Dean Ashdown was at home. Dean said he is on 07700 900982 and lives at 14 Wren Close, KB3 9ZZ. " +
			"Dr Amos, the GP, had called. The rose bush was cut back. Deano waved. Maisie (born 02/03/2015) showed me her room."},
		{Key: "s:child", Label: "The child's views", Text: "Amy said she misses Maisie."},
	}}
}

func sarTestPeople() []SARPerson {
	dean := &Person{FirstName: "Dean", LastName: "Ashdown", KnownAs: "Deano",
		Addresses: []Address{{Line1: "14 Wren Close", Postcode: "KB3 9ZZ"}}, Phones: []Phone{{Number: "07700 900 982"}}}
	maisie := &Person{FirstName: "Maisie", LastName: "Ashdown", DateOfBirth: Date{2015, time.March, 2}}
	rose := &Person{FirstName: "Rose", LastName: "Ashdown"}
	return []SARPerson{SARPersonFor(dean, "Dean Ashdown, father", "third_party"), SARPersonFor(maisie, "Maisie Ashdown, sister", "other_child"),
		SARPersonFor(rose, "Rose Ashdown, grandmother", "third_party")}
}

func TestProposeRedactions(t *testing.T) {
	p := sarTestPart()
	got := ProposeRedactions([]SARPart{p}, sarTestPeople(), nil)
	var texts []string
	for _, r := range got {
		if r.Text != p.Block(r.Block).Text[r.Start:r.End] {
			t.Errorf("redaction %q does not sit on its text (%d-%d)", r.Text, r.Start, r.End)
		}
		texts = append(texts, r.Block+"|"+r.Text+"|"+r.Reason)
	}
	want := []string{
		// The longest wins where two overlap: "Dean Ashdown", not "Dean".
		"s:child|Maisie|other_child",
		"s:observations|Dean Ashdown|third_party",
		"s:observations|Dean|third_party",
		"s:observations|07700 900982|third_party", // by its digits, spaced otherwise
		"s:observations|14 Wren Close|third_party",
		"s:observations|KB3 9ZZ|third_party",
		"s:observations|Deano|third_party",
		"s:observations|Maisie|other_child",
		"s:observations|02/03/2015|other_child",
		// Not proposed: Dr Amos (a professional, not in the network), "rose"
		// (no capital), Amy (the subject, not in the list given).
	}
	if strings.Join(texts, "\n") != strings.Join(want, "\n") {
		t.Errorf("proposals:\n%s\nwant:\n%s", strings.Join(texts, "\n"), strings.Join(want, "\n"))
	}
}

func TestFindWordsWholeWordsOnly(t *testing.T) {
	tests := []struct {
		text, term string
		name       bool
		want       int
	}{
		{"Dean and Deanna", "Dean", true, 1},
		{"Dean’s car", "Dean", true, 1},
		{"dean of the college", "Dean", true, 0},
		{"Lives at 14 wren close", "14 Wren Close", false, 1},
		{"Ann, Anne and Annie", "Ann", true, 1},
		{"", "Ann", true, 0},
	}
	for _, tt := range tests {
		if got := len(findWords(tt.text, tt.term, tt.name)); got != tt.want {
			t.Errorf("findWords(%q, %q) found %d, want %d", tt.text, tt.term, got, tt.want)
		}
	}
}

func TestFindPhoneByDigits(t *testing.T) {
	tests := []struct {
		text, number string
		want         []string
	}{
		{"call 07700900982 now", "07700 900 982", []string{"07700900982"}},
		{"call (07700) 900-982.", "07700 900 982", []string{"07700) 900-982"}},
		{"ref 1077009009821", "07700 900 982", nil}, // inside a longer number
	}
	for _, tt := range tests {
		var got []string
		for _, s := range findPattern(tt.text, phonePattern(tt.number)) {
			got = append(got, tt.text[s[0]:s[1]])
		}
		if strings.Join(got, ",") != strings.Join(tt.want, ",") {
			t.Errorf("phone %q in %q = %q, want %q", tt.number, tt.text, got, tt.want)
		}
	}
}

func TestNewSARRedaction(t *testing.T) {
	p := sarTestPart()
	existing := []SARRedaction{
		{Seq: 1, Block: "s:observations", Start: 0, End: 12, Text: "Dean Ashdown", Origin: SARProposed},
		{Seq: 1, Block: "s:child", Start: 21, End: 27, Text: "Maisie", Origin: SARProposed, Decision: SARRejected},
	}
	tests := []struct {
		name, words, reason string
		wantN               int
		wantErr             string
	}{
		{"found twice", "Maisie", "other_child", 2, ""}, // the rejected proposal does not stand in the way
		{"overlaps", "Ashdown was", "third_party", 0, "overlaps a redaction already on this page"},
		{"not on the page", "Marcus", "third_party", 0, "These words are not on this page"},
		{"no words", "  ", "third_party", 0, "Enter the words to redact"},
		{"no reason", "Deano", "", 0, "Select why these words are redacted"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := NewSARRedaction(&p, "", tt.words, tt.reason, "", existing)
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
					t.Fatalf("error %v, want %q", err, tt.wantErr)
				}
				return
			}
			if err != nil || len(got) != tt.wantN {
				t.Fatalf("got %d redactions, %v; want %d", len(got), err, tt.wantN)
			}
		})
	}
}

func TestSARReviewRules(t *testing.T) {
	now := time.Date(2026, 12, 7, 10, 0, 0, 0, time.UTC)
	parts := []SARPart{{Seq: 1, ReviewedAt: &now}, {Seq: 2}}
	rs := []SARRedaction{{Origin: SARProposed}, {Origin: SARProposed, Decision: SARAccepted}, {Origin: SARProposed, Decision: SARRejected}, {Origin: SARAdded}}
	p := CountSARProgress(parts, rs)
	if p != (SARProgress{Pages: 2, Reviewed: 1, Undecided: 1, Removed: 2}) {
		t.Errorf("progress %+v", p)
	}
	if err := CheckSARFinal(p); err == nil || !strings.Contains(err.Error(), "1 of 2 pages are not reviewed") {
		t.Errorf("finalising with a page not reviewed: %v", err)
	}
	if err := CheckSARFinal(SARProgress{Pages: 2, Reviewed: 2}); err != nil {
		t.Errorf("finalising a reviewed bundle: %v", err)
	}
	if err := CheckSARPageReviewed(rs); err == nil || !strings.Contains(err.Error(), "(1 left)") {
		t.Errorf("page with an undecided proposal marked reviewed: %v", err)
	}
}

func TestDiscloseBlockHoldsNoRedactedText(t *testing.T) {
	text := "Dean Ashdown lives at 14 Wren Close with Amy."
	rs := []SARRedaction{
		{Start: 22, End: 35, Reason: "third_party"},
		{Start: 0, End: 12, Reason: "third_party"},
		{Start: 5, End: 16, Reason: "third_party"}, // overlapping: never stored, but still removed
	}
	spans := DiscloseBlock(text, rs, []int{2, 1, 3})
	var kept strings.Builder
	for _, s := range spans {
		kept.WriteString(s.Text)
	}
	if got := kept.String(); got != "es at  with Amy." {
		t.Errorf("kept %q", got)
	}
	if !spans[0].Removed || spans[0].Entry != 1 || spans[0].Reason != "someone else’s information" {
		t.Errorf("first span %+v", spans[0])
	}
}

func TestFindWordsInLowerCaseText(t *testing.T) {
	// A file's name all in lower case still finds a name, when asked to
	// ignore capitals; a letter whose lower case is longer is matched as
	// typed.
	if got := findWords("maisie-school-report.pdf", "Maisie", false); len(got) != 1 {
		t.Errorf("found %v in a lower-case file name", got)
	}
	if got := findWords("İstanbul trip with Maisie", "Maisie", true); len(got) != 1 || got[0] != [2]int{20, 26} {
		t.Errorf("found %v beside a letter that changes length", got)
	}
}

func TestReadableDateTime(t *testing.T) {
	for in, want := range map[string]string{"2026-06-10": "10 June 2026", "2026-06-10 14:30": "10 June 2026 14:30", "last Tuesday": "last Tuesday"} {
		if got := readableDateTime(in); got != want {
			t.Errorf("readableDateTime(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestSARReasonFor(t *testing.T) {
	today := Date{2026, time.December, 7}
	tests := []struct {
		kind RelationshipKind
		dob  Date
		want string
	}{
		{RelSibling, Date{1990, time.January, 1}, "other_child"}, // a grown-up brother's own case is still his
		{RelFriend, Date{2008, time.December, 8}, "other_child"}, // 17, 18 tomorrow
		{RelFriend, Date{2008, time.December, 7}, "third_party"}, // 18 today
		{RelParent, Date{}, "third_party"},                       // no date of birth known
		{RelGrandparent, Date{1950, time.March, 3}, "third_party"},
	}
	for _, tt := range tests {
		if got := SARReasonFor(tt.kind, tt.dob, today); got != tt.want {
			t.Errorf("SARReasonFor(%s, %v) = %s, want %s", tt.kind, tt.dob, got, tt.want)
		}
	}
}
