package kith_test

import (
	"slices"
	"strings"
	"testing"
	"time"

	"kith"
)

func TestChronologyKind(t *testing.T) {
	tests := []struct {
		kind     string
		category kith.ChronologyCategory
		event    string
	}{
		{"case_opened", kith.ChronCase, "Case opened"},
		{"case_closed", kith.ChronCase, "Case closed"},
		{"case_reopened", kith.ChronCase, "Case reopened"},
		{"allocated", kith.ChronAllocation, "Allocated"},
		{"transferred", kith.ChronAllocation, "Transferred"},
		{"unallocated", kith.ChronAllocation, "Returned to the team"},
		{"status_started", kith.ChronStatus, "Status started"},
		{"status_ended", kith.ChronStatus, "Status ended"},
		{"recorded", kith.ChronKeyEvent, "Key event"},
		{"record", kith.ChronSignificant, "Significant record"},
		{"other", kith.ChronOther, "From another source"},
		// Kinds Kith does not list yet still show, labelled from their names.
		{"plan_started", kith.ChronStatus, "Plan started"},
		{"plan_reviewed", kith.ChronStatus, "Plan reviewed"},
		{"placement_ended", kith.ChronKeyEvent, "Placement ended"},
		{"", kith.ChronKeyEvent, "Event"},
	}
	for _, tt := range tests {
		cat, event := kith.ChronologyKind(tt.kind)
		if cat != tt.category || event != tt.event {
			t.Errorf("ChronologyKind(%q) = %s, %q; want %s, %q", tt.kind, cat, event, tt.category, tt.event)
		}
	}
	for _, c := range kith.ChronologyCategories {
		if c.Label() == string(c) || !c.Valid() {
			t.Errorf("category %s has no label", c)
		}
	}
	if kith.ChronologyCategory("nonsense").Valid() {
		t.Error("an unknown category is valid")
	}
}

func at(t *testing.T, s string) time.Time {
	t.Helper()
	v, err := time.ParseInLocation("2006-01-02 15:04", s, kith.London)
	if err != nil {
		t.Fatal(err)
	}
	return v.UTC()
}

func refs(es []kith.ChronologyEntry) []string {
	out := []string{}
	for _, e := range es {
		out = append(out, e.Ref)
	}
	return out
}

// alloc is the entry of an allocation, to worker (none: to the team).
func alloc(t *testing.T, id string, kind kith.AllocationKind, worker, when string) kith.ChronologyEntry {
	al := kith.Allocation{ID: id, Kind: kind, TeamName: "North", StartedAt: at(t, when)}
	if worker != "" {
		al.WorkerID, al.WorkerName = "id-"+worker, worker
	}
	return kith.AllocationEntry(al)
}

// The chronology begins on the day the case was allocated to its first
// worker; what happened before is kept, ahead of it, including a move to
// another team that gave the case no worker.
func TestNewChronologyBeginsAtTheFirstAllocation(t *testing.T) {
	entries := []kith.ChronologyEntry{
		{Ref: "event:closed", Kind: "case_closed", At: at(t, "2026-10-01 12:00")},
		alloc(t, "second", kith.AllocationTransferred, "Ben Birch", "2026-06-01 09:00"),
		{Ref: "record:visit", Kind: "record", Event: "Home visit", At: at(t, "2026-03-04 10:00")},
		alloc(t, "first", kith.AllocationAllocated, "Ann Ash", "2026-03-02 09:30"),
		{Ref: "event:status", Kind: "status_started", At: at(t, "2026-03-02 09:30")},
		{Ref: "record:referral", Kind: "record", Event: "Information from another agency", At: at(t, "2026-03-01 16:00")},
		alloc(t, "toteam", kith.AllocationTransferred, "", "2026-03-01 13:00"),
		{Ref: "event:opened", Kind: "case_opened", At: at(t, "2026-03-01 12:00")},
	}
	ch := kith.NewChronology(entries)
	if got, want := refs(ch.BeforeAllocation), []string{"event:opened", "allocation:toteam", "record:referral"}; !slices.Equal(got, want) {
		t.Errorf("before allocation = %v, want %v", got, want)
	}
	if got, want := refs(ch.Entries), []string{"allocation:first", "event:status", "record:visit", "allocation:second", "event:closed"}; !slices.Equal(got, want) {
		t.Errorf("entries = %v, want %v", got, want)
	}
	if ch.FirstAllocatedAt == nil || !ch.FirstAllocatedAt.Equal(at(t, "2026-03-02 09:30")) || ch.BeginsWith != "allocation:first" || ch.Total != 8 {
		t.Errorf("first allocated %v, total %d", ch.FirstAllocatedAt, ch.Total)
	}
	first := ch.Entries[0]
	if first.Category != kith.ChronAllocation || first.Event != "Allocated" || first.Date.String() != "2026-03-02" {
		t.Errorf("first entry = %+v", first)
	}
	if v := ch.Entries[2]; v.Event != "Home visit" || v.Category != kith.ChronSignificant {
		t.Errorf("a record keeps its template's name as its event: %+v", v)
	}
	if e, ok := ch.Find("record:referral"); !ok || e.Date.String() != "2026-03-01" {
		t.Errorf("find the referral: %+v %v", e, ok)
	}

	// A case opened and allocated at the same moment reads opened, then
	// allocated: the opening is before the chronology proper.
	same := kith.NewChronology([]kith.ChronologyEntry{
		alloc(t, "a", kith.AllocationAllocated, "Ann Ash", "2026-03-02 09:30"),
		{Ref: "event:o", Kind: "case_opened", At: at(t, "2026-03-02 09:30")},
	})
	if got := refs(same.BeforeAllocation); !slices.Equal(got, []string{"event:o"}) || same.Entries[0].Ref != "allocation:a" {
		t.Errorf("same moment: before %v, entries %v", got, refs(same.Entries))
	}

	// Never allocated to a worker: everything is before the chronology.
	none := kith.NewChronology([]kith.ChronologyEntry{{Ref: "event:o", Kind: "case_opened", At: at(t, "2026-03-02 09:30")},
		alloc(t, "u", kith.AllocationUnallocated, "", "2026-03-03 09:30")})
	if none.FirstAllocatedAt != nil || none.BeginsWith != "" || len(none.BeforeAllocation) != 2 || len(none.Entries) != 0 {
		t.Errorf("never allocated: %+v", none)
	}
	empty := kith.NewChronology(nil)
	if empty.BeforeAllocation == nil || empty.Entries == nil || empty.Shown() != 0 {
		t.Errorf("an empty chronology has empty lists, not nil: %+v", empty)
	}
}

func TestChronologyFilter(t *testing.T) {
	ch := kith.NewChronology([]kith.ChronologyEntry{
		{Ref: "event:opened", Kind: "case_opened", At: at(t, "2026-03-01 12:00")},
		alloc(t, "first", kith.AllocationAllocated, "Ann Ash", "2026-03-02 09:30"),
		{Ref: "record:visit", Kind: "record", At: at(t, "2026-04-04 10:00")},
		{Ref: "event:court", Kind: "recorded", At: at(t, "2026-05-05 10:00")},
		// Late in the evening of 31 May in London is 1 June in UTC: the
		// filter goes by the council's date.
		{Ref: "record:late", Kind: "record", At: at(t, "2026-05-31 23:30")},
	})
	d := func(s string) kith.Date {
		v, err := kith.ParseISODate(s)
		if err != nil {
			t.Fatal(err)
		}
		return v
	}
	tests := []struct {
		name   string
		f      kith.ChronologyFilter
		before []string
		main   []string
	}{
		{"none", kith.ChronologyFilter{}, []string{"event:opened"}, []string{"allocation:first", "record:visit", "event:court", "record:late"}},
		{"from", kith.ChronologyFilter{From: d("2026-03-02")}, []string{}, []string{"allocation:first", "record:visit", "event:court", "record:late"}},
		{"range", kith.ChronologyFilter{From: d("2026-04-01"), To: d("2026-05-31")}, []string{}, []string{"record:visit", "event:court", "record:late"}},
		{"to", kith.ChronologyFilter{To: d("2026-05-30")}, []string{"event:opened"}, []string{"allocation:first", "record:visit", "event:court"}},
		{"significant", kith.ChronologyFilter{Categories: []kith.ChronologyCategory{kith.ChronSignificant}}, []string{}, []string{"record:visit", "record:late"}},
		{"two categories", kith.ChronologyFilter{Categories: []kith.ChronologyCategory{kith.ChronCase, kith.ChronKeyEvent}}, []string{"event:opened"}, []string{"event:court"}},
	}
	for _, tt := range tests {
		got := ch.Filter(tt.f)
		if !slices.Equal(refs(got.BeforeAllocation), tt.before) || !slices.Equal(refs(got.Entries), tt.main) {
			t.Errorf("%s: before %v, entries %v; want %v, %v", tt.name, refs(got.BeforeAllocation), refs(got.Entries), tt.before, tt.main)
		}
		if got.Total != 5 || got.FirstAllocatedAt == nil {
			t.Errorf("%s: the filter changed the total (%d) or where it begins", tt.name, got.Total)
		}
	}

	checks := []struct {
		f     kith.ChronologyFilter
		field string
	}{
		{kith.ChronologyFilter{From: d("2026-05-01"), To: d("2026-04-01")}, "to"},
		{kith.ChronologyFilter{Categories: []kith.ChronologyCategory{"gossip"}}, "category"},
		{kith.ChronologyFilter{From: d("2026-04-01"), To: d("2026-04-01"), Categories: []kith.ChronologyCategory{kith.ChronStatus}}, ""},
	}
	for _, c := range checks {
		fields := kith.ErrorFields(c.f.Check())
		if c.field == "" && len(fields) > 0 || c.field != "" && (len(fields) != 1 || fields[0].Field != c.field) {
			t.Errorf("Check(%+v) = %v, want a problem with %q", c.f, fields, c.field)
		}
	}
}

func TestAllocationEntry(t *testing.T) {
	tests := []struct {
		al          kith.Allocation
		event, desc string
	}{
		{kith.Allocation{ID: "1", Kind: kith.AllocationAllocated, WorkerName: "Ann Ash", TeamName: "North", ByName: "Dee Daw"}, "Allocated", "Allocated to Ann Ash in North"},
		{kith.Allocation{ID: "2", Kind: kith.AllocationTransferred, WorkerName: "Ben Birch", TeamName: "South", Reason: "Moved to the south of the borough"},
			"Transferred", "Transferred to Ben Birch in South. Moved to the south of the borough"},
		{kith.Allocation{ID: "3", Kind: kith.AllocationTransferred, TeamName: "South", Reason: "Needs the disabled children's team"}, "Transferred", "Transferred to South, unallocated. Needs the disabled children's team"},
		{kith.Allocation{ID: "4", Kind: kith.AllocationUnallocated, TeamName: "North"}, "Returned to the team", "Returned to North, unallocated"},
	}
	for _, tt := range tests {
		e := kith.AllocationEntry(tt.al)
		if e.Event != tt.event || e.Description != tt.desc || e.Category != kith.ChronAllocation || e.Ref != "allocation:"+tt.al.ID {
			t.Errorf("AllocationEntry(%+v) = %+v", tt.al, e)
		}
	}
	if s := kith.AllocationEntry(tests[0].al).Source; s != "Recorded by Dee Daw" {
		t.Errorf("source = %q", s)
	}
	if s := kith.RecordedBy(""); s != "Recorded by Kith" {
		t.Errorf("RecordedBy of nobody = %q", s)
	}
	if s := kith.RecordSource("Home visit", "Ann Ash"); s != "Home visit by Ann Ash" {
		t.Errorf("RecordSource = %q", s)
	}
}

func TestOtherEntryInput(t *testing.T) {
	today := kith.Date{Year: 2026, Month: 11, Day: 24}
	ok := kith.OtherEntryInput{Date: kith.Date{Year: 2026, Month: 11, Day: 2}, Source: " Kithbury Primary School ", Event: "Exclusion for a day"}
	tests := []struct {
		name   string
		change func(in *kith.OtherEntryInput)
		fields []string
	}{
		{"complete", func(in *kith.OtherEntryInput) {}, nil},
		{"no date", func(in *kith.OtherEntryInput) { in.Date = kith.Date{} }, []string{"other_date"}},
		{"future", func(in *kith.OtherEntryInput) { in.Date = today.AddDays(1) }, []string{"other_date"}},
		{"no source", func(in *kith.OtherEntryInput) { in.Source = "  " }, []string{"other_source"}},
		{"nothing happened", func(in *kith.OtherEntryInput) { in.Event = "" }, []string{"other_event"}},
		{"no date or source", func(in *kith.OtherEntryInput) { in.Date, in.Source = kith.Date{}, "" }, []string{"other_date", "other_source"}},
		{"long analysis", func(in *kith.OtherEntryInput) { in.Analysis = strings.Repeat("a", kith.MaxLongText+1) }, []string{"other_analysis"}},
	}
	for _, tt := range tests {
		in := ok
		tt.change(&in)
		var got []string
		for _, f := range kith.ErrorFields(in.Validate(today)) {
			got = append(got, f.Field)
		}
		if !slices.Equal(got, tt.fields) {
			t.Errorf("%s: fields %v, want %v", tt.name, got, tt.fields)
		}
	}
	in := ok
	if err := in.Validate(today); err != nil || in.Source != "Kithbury Primary School" {
		t.Fatalf("source not tidied: %q %v", in.Source, err)
	}
	if msg := kith.ErrorFields((&kith.OtherEntryInput{Source: "Police"}).Validate(today))[0].Message; msg != "Enter the date it happened" {
		t.Errorf("missing date message = %q", msg)
	}
	e := in.Entry()
	if e.Date != in.Date || e.Category != kith.ChronOther || e.Source != "Kithbury Primary School" || e.Event != "Exclusion for a day" || e.Ref != "" {
		t.Errorf("entry = %+v", e)
	}
}

func TestCuratedChronologyRules(t *testing.T) {
	finishedAt := at(t, "2026-11-20 15:00")
	entry := kith.CuratedEntry{ID: "e1", ChronologyEntry: kith.ChronologyEntry{Ref: "record:r1"}}
	tests := []struct {
		name   string
		c      kith.CuratedChronology
		code   string
		fields []string
	}{
		{"ready", kith.CuratedChronology{Status: kith.ChronologyDraft, Entries: []kith.CuratedEntry{entry}, Analysis: "Neglect is chronic."}, "", nil},
		{"empty", kith.CuratedChronology{Status: kith.ChronologyDraft}, kith.EINVALID, []string{"entries", "analysis"}},
		{"no analysis", kith.CuratedChronology{Status: kith.ChronologyDraft, Entries: []kith.CuratedEntry{entry}}, kith.EINVALID, []string{"analysis"}},
		{"finished", kith.CuratedChronology{Status: kith.ChronologyFinished, FinishedAt: &finishedAt, FinishedBy: "Ann Ash", Entries: []kith.CuratedEntry{entry}, Analysis: "x"}, kith.ECONFLICT, nil},
	}
	for _, tt := range tests {
		err := tt.c.CheckFinish()
		var got []string
		for _, f := range kith.ErrorFields(err) {
			got = append(got, f.Field)
		}
		if kith.ErrorCode(err) != tt.code || !slices.Equal(got, tt.fields) {
			t.Errorf("%s: %v, want %q %v", tt.name, err, tt.code, tt.fields)
		}
	}
	fin := tests[3].c
	if msg := kith.ErrorMessage(fin.CheckChange()); msg != "This chronology was finished by Ann Ash on 20 November 2026. Reopen it to change it." {
		t.Errorf("change to a finished chronology: %q", msg)
	}
	if fin.CheckReopen() != nil || kith.ErrorCode(tests[0].c.CheckReopen()) != kith.ECONFLICT {
		t.Error("only a finished chronology can be reopened")
	}
	if !tests[0].c.Has("record:r1") || tests[0].c.Has("record:r2") || tests[0].c.Has("") {
		t.Error("Has")
	}
}

func TestChronologySaveValidate(t *testing.T) {
	today := kith.Date{Year: 2026, Month: 11, Day: 24}
	c := &kith.CuratedChronology{Status: kith.ChronologyDraft, Entries: []kith.CuratedEntry{{ID: "e1"}, {ID: "e2"}}}
	base := kith.ChronologySave{Version: 3, Title: "For the review conference", Purpose: kith.PurposeConference}
	tests := []struct {
		name   string
		change func(in *kith.ChronologySave)
		fields []string
	}{
		{"title only", func(in *kith.ChronologySave) {}, nil},
		{"no title or purpose", func(in *kith.ChronologySave) { in.Title, in.Purpose = " ", "" }, []string{"title", "purpose"}},
		{"analysis of an entry", func(in *kith.ChronologySave) {
			in.Entries = []kith.EntryAnalysis{{ID: "e1", Analysis: "The first sign."}}
		}, nil},
		{"an entry it does not have", func(in *kith.ChronologySave) { in.Entries = []kith.EntryAnalysis{{ID: "e9", Analysis: "?"}} }, []string{"analysis_e9"}},
		{"remove one it does not have", func(in *kith.ChronologySave) { in.Remove = []string{"e9"} }, []string{"remove"}},
		{"a blank other entry is none", func(in *kith.ChronologySave) { in.Other = &kith.OtherEntryInput{Source: " "} }, nil},
		{"an other entry without a date", func(in *kith.ChronologySave) { in.Other = &kith.OtherEntryInput{Source: "Police", Event: "Call-out"} }, []string{"other_date"}},
		{"an over-long analysis", func(in *kith.ChronologySave) { in.Analysis = strings.Repeat("a", kith.MaxChronologyAnalysis+1) }, []string{"analysis"}},
	}
	for _, tt := range tests {
		in := base
		tt.change(&in)
		var got []string
		for _, f := range kith.ErrorFields(in.Validate(c, today)) {
			got = append(got, f.Field)
		}
		if !slices.Equal(got, tt.fields) {
			t.Errorf("%s: fields %v, want %v", tt.name, got, tt.fields)
		}
		if tt.name == "a blank other entry is none" && in.Other != nil {
			t.Error("a blank other entry was kept")
		}
	}
	if err := (&kith.ChronologyInput{Title: "Court", Purpose: "court"}).Validate(); err != nil {
		t.Errorf("new chronology: %v", err)
	}
	if fields := kith.ErrorFields((&kith.ChronologyInput{Purpose: "party"}).Validate()); len(fields) != 2 {
		t.Errorf("new chronology without title or a real purpose: %v", fields)
	}
}

func TestCopyTitle(t *testing.T) {
	if got := kith.CopyTitle("Review conference"); got != "Review conference (copy)" {
		t.Errorf("CopyTitle = %q", got)
	}
	long := strings.Repeat("é", kith.MaxShortText)
	if got := []rune(kith.CopyTitle(long)); len(got) != kith.MaxShortText || !strings.HasSuffix(string(got), " (copy)") {
		t.Errorf("a long title's copy has %d characters", len(got))
	}
}
