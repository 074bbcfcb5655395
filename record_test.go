package kith

import (
	"strings"
	"testing"
	"time"
)

func visitTemplate(t *testing.T) *Template {
	t.Helper()
	tp, err := ParseTemplate([]byte(`{"key": "visit", "version": 1, "name": "Home visit", "headline": {"label": "Reason for visit"},
	 "sections": [
	  {"key": "present", "label": "Who was present", "kind": "people", "required": true, "missing": "Enter who was present"},
	  {"key": "seen_alone", "label": "Was the child seen alone?", "kind": "yesno", "required": true, "missing": "Say whether the child was seen alone",
	   "reason_when": "no", "reason_label": "Why not?", "reason_missing": "Say why the child was not seen alone"},
	  {"key": "seen", "label": "Seen?", "kind": "yesno", "child_seen": true},
	  {"key": "views", "label": "Views", "kind": "text", "required_when_seen": true, "missing": "Say what the child told you"},
	  {"key": "kind", "label": "Kind", "kind": "choice", "options": [{"value": "a", "label": "A"}, {"value": "b", "label": "B"}]},
	  {"key": "next", "label": "Next visit", "kind": "datetime"},
	  {"key": "actions", "label": "Actions", "kind": "actions"}
	 ]}`))
	if err != nil {
		t.Fatal(err)
	}
	return tp
}

func fields(err error) map[string]string {
	out := map[string]string{}
	for _, f := range ErrorFields(err) {
		out[f.Field] = f.Message
	}
	return out
}

func TestRecordChecks(t *testing.T) {
	tp := visitTemplate(t)
	now := time.Date(2026, 11, 24, 10, 0, 0, 0, time.UTC)
	rules := RecordRules{Now: now, YearsBack: 10}
	complete := func() RecordInput {
		return RecordInput{Headline: "Monthly visit", OccurredAt: now.Add(-time.Hour), Content: RecordContent{
			"present":    {People: []PersonRef{{PersonID: "p1", Name: "Amy"}}},
			"seen_alone": {Answer: "yes"},
		}}
	}
	// Each row is checked twice: as a draft (which keeps everything typed,
	// refusing only answers no typing produces) and as a final record.
	tests := []struct {
		name   string
		change func(*RecordInput)
		draft  map[string]string
		final  map[string]string
	}{
		{"complete record finalises", func(*RecordInput) {}, nil, nil},
		{"an empty draft is kept; finalising needs headline, time and required sections", func(in *RecordInput) { *in = RecordInput{} }, nil, map[string]string{
			"headline": "Enter the reason for visit", "occurred": "Enter the date and time it happened",
			"s.present": "Enter who was present", "s.seen_alone": "Say whether the child was seen alone"}},
		{"not seen alone needs a reason", func(in *RecordInput) { in.Content["seen_alone"] = SectionValue{Answer: "no"} }, nil,
			map[string]string{"s.seen_alone.reason": "Say why the child was not seen alone"}},
		{"reason given", func(in *RecordInput) { in.Content["seen_alone"] = SectionValue{Answer: "no", Reason: "Asleep"} }, nil, nil},
		{"child seen: their views are needed", func(in *RecordInput) { in.Content["seen"] = SectionValue{Answer: "yes"} }, nil,
			map[string]string{"s.views": "Say what the child told you"}},
		{"child not seen: views not needed", func(in *RecordInput) { in.Content["seen"] = SectionValue{Answer: "no"} }, nil, nil},
		{"a future time is kept in a draft, refused on finalising", func(in *RecordInput) { in.OccurredAt = now.Add(time.Hour) }, nil,
			map[string]string{"occurred": "The date and time it happened must be now or in the past"}},
		{"too far back", func(in *RecordInput) { in.OccurredAt = now.AddDate(-11, 0, 0) }, nil,
			map[string]string{"occurred": "The date it happened must be within the last 10 years"}},
		{"end before start", func(in *RecordInput) { u := in.OccurredAt.Add(-time.Minute); in.OccurredUntil = &u }, nil,
			map[string]string{"until": "The end time must be after the start time"}},
		{"unknown choice is refused even in a draft", func(in *RecordInput) { in.Content["kind"] = SectionValue{Text: "z"} },
			map[string]string{"s.kind": "Select one of the answers for “Kind”"}, map[string]string{"s.kind": "Select one of the answers for “Kind”"}},
		{"a date that is not real is kept in a draft", func(in *RecordInput) { in.Content["next"] = SectionValue{Text: "2026-02-30"} }, nil,
			map[string]string{"s.next": "“Next visit” must be a real date, like 27 3 2026, and a time like 14:30 if you give one"}},
		{"typing that cannot be read yet is kept in a draft", func(in *RecordInput) {
			in.Typed = map[string]string{"occurred-day": "31", "occurred-month": "2", "occurred-year": "2026", "s.next-time": "25:00"}
		}, nil, map[string]string{"occurred": "“31 2 2026” cannot be read as a date or time: correct it before finalising",
			"s.next": "“25:00” cannot be read as a date or time: correct it before finalising"}},
		{"action needs an owner to finalise", func(in *RecordInput) {
			in.Content["actions"] = SectionValue{Actions: []ActionItem{{What: "Book GP", By: "2026-12-01"}}}
		}, nil, map[string]string{"s.actions": "Say who will do “Book GP”"}},
		{"action needs a date to finalise", func(in *RecordInput) {
			in.Content["actions"] = SectionValue{Actions: []ActionItem{{What: "Book GP", Who: "Mum"}}}
		}, nil, map[string]string{"s.actions": "Say when “Book GP” will be done by"}},
		{"a vague “by when” is kept in a draft, refused on finalising", func(in *RecordInput) {
			in.Content["actions"] = SectionValue{Actions: []ActionItem{{What: "Book GP", Who: "Mum", By: "ASAP"}}}
		}, nil, map[string]string{"s.actions": "“ASAP” is not a date: enter the date “Book GP” will be done by, like 8 12 2026, so it can be followed up"}},
		{"a half-typed “by when” is kept in a draft", func(in *RecordInput) {
			in.Content["actions"] = SectionValue{Actions: []ActionItem{{What: "Book GP", Who: "Mum", By: "3 1"}}}
		}, nil, map[string]string{"s.actions": "Enter the date “Book GP” will be done by as a real date, like 8 12 2026"}},
		{"action due before today needs ticking as done", func(in *RecordInput) {
			in.Content["actions"] = SectionValue{Actions: []ActionItem{{What: "Book GP", Who: "Mum", By: "2026-11-23"}}}
		}, nil, map[string]string{"s.actions": "“Book GP” was to be done by 23 November 2026, which has passed: give a later date, or tick “Already done”"}},
		{"action already done may have passed", func(in *RecordInput) {
			in.Content["actions"] = SectionValue{Actions: []ActionItem{{What: "Book GP", Who: "Mum", By: "2026-11-23", Done: true}}}
		}, nil, nil},
		{"action due today is fine", func(in *RecordInput) {
			in.Content["actions"] = SectionValue{Actions: []ActionItem{{What: "Book GP", Who: "Mum", By: "2026-11-24"}}}
		}, nil, nil},
		{"action done in the future is refused", func(in *RecordInput) {
			in.Content["actions"] = SectionValue{Actions: []ActionItem{{What: "Book GP", Who: "Mum", By: "2026-12-24", Done: true}}}
		}, nil, map[string]string{"s.actions": "“Book GP” is marked as already done, so its date must be today or in the past"}},
		{"a 5 MB note is kept as a draft, refused on finalising", func(in *RecordInput) {
			in.Content["present"] = SectionValue{Others: strings.Repeat("x", 5<<20)}
		}, nil, map[string]string{"s.present.others": "Who was present (others) must be 4000 characters or fewer", "headline": "This record is too long to finalise: it must be 200 KB or less. Attach long documents as files instead"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			for _, final := range []bool{false, true} {
				in := complete()
				tt.change(&in)
				want, err := tt.draft, in.CheckDraft(tp)
				if final {
					want, err = tt.final, in.CheckFinal(tp, rules)
				}
				got := fields(err)
				if len(got) != len(want) {
					t.Fatalf("final=%v: errors = %v, want %v", final, got, want)
				}
				for f, m := range want {
					if got[f] != m {
						t.Errorf("final=%v: %s: %q, want %q", final, f, got[f], m)
					}
				}
			}
		})
	}
}

// Clean tidies the template's sections and drops empty ones; answers to
// sections the template does not have are kept for CheckDraft to refuse,
// never silently lost.
func TestCleanTidiesAndCheckDraftRefusesUnknownSections(t *testing.T) {
	tp := visitTemplate(t)
	in := RecordInput{Headline: "  Visit \t now ", Content: RecordContent{
		"present": {Others: "  Dad  (uncle) "}, "nonsense": {Text: "kept"}, "kind": {Text: ""},
		"actions": {Actions: []ActionItem{{}, {What: " Call school "}}},
	}}
	in.Clean(tp)
	if in.Headline != "Visit now" || len(in.Content) != 3 || in.Content["present"].Others != "Dad (uncle)" ||
		len(in.Content["actions"].Actions) != 1 || in.Content["actions"].Actions[0].What != "Call school" || in.Content["nonsense"].Text != "kept" {
		t.Fatalf("cleaned = %+v", in)
	}
	err := in.CheckDraft(tp)
	if f := ErrorFields(err); len(f) != 1 || f[0].Field != "s.nonsense" || !strings.Contains(f[0].Message, "has no section “nonsense”") {
		t.Fatalf("CheckDraft = %v", err)
	}
}

func TestContentHashIsStableAndSensitive(t *testing.T) {
	at := time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)
	r := &Record{ID: "r", CaseID: "c", TemplateKey: "visit", TemplateVersion: 1, Headline: "h", OccurredAt: at,
		Content: RecordContent{"b": {Text: "x"}, "a": {Answer: "yes"}}}
	h := ContentHash(r)
	if h != ContentHash(r) || len(h) != 64 {
		t.Fatalf("hash %q is not stable", h)
	}
	r.Content["b"] = SectionValue{Text: "y"}
	if ContentHash(r) == h {
		t.Fatal("hash did not change with the content")
	}
}

func TestPlainTextFollowsTheTemplate(t *testing.T) {
	tp := visitTemplate(t)
	got := PlainText(tp, RecordContent{"seen_alone": {Answer: "no", Reason: "Asleep"}, "present": {People: []PersonRef{{Name: "Amy"}}, Others: "GP"}, "kind": {Text: "b"}})
	want := "Who was present: Amy, GP\nWas the child seen alone?: no. Asleep\nKind: B\n"
	if got != want {
		t.Fatalf("PlainText = %q, want %q", got, want)
	}
}

func TestAttendanceChecks(t *testing.T) {
	tp, err := ParseTemplate([]byte(`{"key": "meeting", "version": 1, "name": "Meeting", "headline": {"label": "Purpose"},
	 "sections": [{"key": "attendance", "label": "Who was invited", "kind": "attendance", "required": true, "missing": "Enter who was invited"}]}`))
	if err != nil {
		t.Fatal(err)
	}
	now := time.Date(2026, 11, 24, 10, 0, 0, 0, time.UTC)
	rules := RecordRules{Now: now}
	base := RecordInput{Headline: "Core group", OccurredAt: now.Add(-time.Hour)}
	tests := []struct {
		name string
		rows []Attendee
		want map[string]string
	}{
		{"none", nil, map[string]string{"s.attendance": "Enter who was invited"}},
		{"complete", []Attendee{{Name: "Ms Patel", Role: "Head of year", Agency: "Oak School", Attended: Attended}, {Name: "Dr Amos", Attended: Apologies}}, nil},
		{"blank rows are dropped", []Attendee{{Name: "Ms Patel", Attended: Attended}, {}}, nil},
		{"no name", []Attendee{{Agency: "Police", Attended: Attended}}, map[string]string{"s.attendance": "Give the name of each person invited"}},
		{"not said whether they came", []Attendee{{Name: "Ms Patel"}}, map[string]string{"s.attendance": "Say whether Ms Patel attended or sent apologies"}},
		{"nonsense answer", []Attendee{{Name: "Ms Patel", Attended: "maybe"}}, map[string]string{"s.attendance": "Say whether each person attended or sent apologies"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			in := base
			in.Content = RecordContent{"attendance": {Attendance: tt.rows}}
			in.Clean(tp)
			assertFields(t, fields(in.CheckFinal(tp, rules)), tt.want)
		})
	}
	plain := PlainText(tp, RecordContent{"attendance": {Attendance: []Attendee{{Name: "Ms Patel", Role: "Head of year", Agency: "Oak School", Attended: Attended}}}})
	if plain != "Who was invited: Ms Patel (Head of year, Oak School): attended\n" {
		t.Errorf("plain text = %q", plain)
	}
}

// An action is written as its words, who and when, leaving out what is
// not given yet (a draft's), never "(, by )".
func TestPlainTextActions(t *testing.T) {
	tp := visitTemplate(t)
	for _, tt := range []struct {
		a    ActionItem
		want string
	}{
		{ActionItem{What: "Book GP", Who: "Mum", By: "2027-01-08"}, "Actions: Book GP (Mum, by 2027-01-08)\n"},
		{ActionItem{What: "Book GP", By: "ASAP"}, "Actions: Book GP (by ASAP)\n"},
		{ActionItem{What: "Book GP"}, "Actions: Book GP\n"},
	} {
		if got := PlainText(tp, RecordContent{"actions": {Actions: []ActionItem{tt.a}}}); got != tt.want {
			t.Errorf("PlainText(%+v) = %q, want %q", tt.a, got, tt.want)
		}
	}
}

// Nobody is named in two of a record's people sections: in a direct
// session someone either took part or was present without taking part,
// never both (the record would contradict itself).
func TestPeopleNamedOnce(t *testing.T) {
	tp, err := ParseTemplate([]byte(`{"key": "session", "version": 1, "name": "Session", "headline": {"label": "Purpose"},
	 "sections": [{"key": "took_part", "label": "Who took part", "kind": "people", "required": true, "missing": "Enter who took part"},
	  {"key": "present", "label": "Present but did not take part", "kind": "people"}]}`))
	if err != nil {
		t.Fatal(err)
	}
	now := time.Date(2026, 11, 24, 10, 0, 0, 0, time.UTC)
	base := RecordInput{Headline: "Wishes and feelings", OccurredAt: now.Add(-time.Hour)}
	amy, mum, gran := PersonRef{PersonID: "p1", Name: "Amy Alder"}, PersonRef{PersonID: "p2", Name: "Wendy Alder"}, PersonRef{PersonID: "p3", Name: "Rose Alder"}
	both := "Amy Alder is named in both “Who took part” and “Present but did not take part”: name them in one"
	for _, tt := range []struct {
		name           string
		tookPart, pres []PersonRef
		want           map[string]string
	}{
		{"different people", []PersonRef{amy}, []PersonRef{mum, gran}, nil},
		{"nobody present besides", []PersonRef{amy, mum}, nil, nil},
		{"the child in both", []PersonRef{amy, mum}, []PersonRef{gran, amy}, map[string]string{"s.present": both}},
		{"the same person twice in one section is one person", []PersonRef{amy, amy}, []PersonRef{mum}, nil},
	} {
		t.Run(tt.name, func(t *testing.T) {
			in := base
			in.Content = RecordContent{"took_part": {People: tt.tookPart}, "present": {People: tt.pres}}
			in.Clean(tp)
			assertFields(t, fields(in.CheckFinal(tp, RecordRules{Now: now})), tt.want)
			// A draft keeps it as typed: only finalising asks.
			if err := in.CheckDraft(tp); err != nil {
				t.Errorf("draft refused: %v", err)
			}
		})
	}
}
