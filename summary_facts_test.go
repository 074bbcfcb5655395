package kith

import (
	"strings"
	"testing"
	"time"
)

func builtin(t *testing.T, key string) *Template {
	t.Helper()
	all, err := BuiltinTemplates()
	if err != nil {
		t.Fatal(err)
	}
	var found *Template
	for _, tpl := range all {
		if tpl.Key == key {
			found = tpl // the newest version: they are sorted
		}
	}
	if found == nil {
		t.Fatalf("no template %s", key)
	}
	return found
}

// at is a London time on a day, so the boundary tests read as the
// practitioner would: 00:30 on the first day is in, 23:30 the day before
// is out, whatever the clocks did.
func at(y, m, d, hh, mm int) time.Time {
	return time.Date(y, time.Month(m), d, hh, mm, 0, 0, London).UTC()
}

func TestGatherTakesExactlyTheFinalRecordsInThePeriod(t *testing.T) {
	visit, agency, session, summary := builtin(t, "home-visit"), builtin(t, "agency-information"), builtin(t, "direct-session"), builtin(t, "case-summary")
	period := SummaryPeriod{Date{2026, 9, 1}, Date{2026, 11, 30}}
	rec := func(id string, when time.Time, status RecordStatus, content RecordContent) *Record {
		return &Record{ID: id, Headline: "headline " + id, OccurredAt: when, Status: status, Content: content}
	}
	until := at(2026, 10, 5, 11, 30)
	sess := rec("s1", at(2026, 10, 5, 10, 0), RecordFinal, RecordContent{"child_views": {Text: "I like drawing"}})
	sess.OccurredUntil = &until
	in := SummaryInputs{Period: period, Records: []SummarySource{
		{rec("before", at(2026, 8, 31, 23, 30), RecordFinal, nil), visit},
		{rec("first-day", at(2026, 9, 1, 0, 30), RecordFinal, RecordContent{
			"child_seen": {Answer: "yes"}, "child_seen_alone": {Answer: "yes"},
			"discussion": {Text: `Mum said "mornings are the hardest part" and "ok".`}}), visit},
		{rec("not-alone", at(2026, 10, 1, 15, 0), RecordFinal, RecordContent{
			"child_seen": {Answer: "yes"}, "child_seen_alone": {Answer: "no", Reason: "Asleep"}}), visit},
		{rec("draft", at(2026, 10, 2, 9, 0), RecordDraft, RecordContent{"child_seen": {Answer: "yes"}}), visit},
		{rec("withdrawn", at(2026, 10, 3, 9, 0), RecordWithdrawn, nil), visit},
		{rec("school", at(2026, 10, 4, 9, 0), RecordFinal, RecordContent{"agency": {Text: "Oak School"}}), agency},
		{sess, session},
		{rec("old-summary", at(2026, 11, 1, 9, 0), RecordFinal, nil), summary},
		{rec("last-day", at(2026, 11, 30, 23, 30), RecordFinal, RecordContent{"child_seen": {Answer: "no"}}), visit},
		{rec("after", at(2026, 12, 1, 0, 30), RecordFinal, nil), visit},
	}}
	f := GatherSummary(in)
	var ids []string
	for _, c := range f.Contacts {
		for _, r := range c.Records {
			ids = append(ids, r.RecordID)
		}
	}
	if got := strings.Join(ids, " "); got != "first-day not-alone last-day s1 school" {
		t.Errorf("records gathered = %q; want both boundary days, no drafts, withdrawn, summaries or days outside", got)
	}
	if f.Records != 5 || len(f.Contacts) != 3 || f.Contacts[0].Type != visit.Name || len(f.Contacts[0].Records) != 3 {
		t.Errorf("contacts by type = %+v", f.Contacts)
	}
	if len(f.Seen) != 2 || !f.Seen[0].Alone || f.Seen[1].Alone || f.Seen[1].WhyNotAlone != "Asleep" || len(f.SeenAlone()) != 1 {
		t.Errorf("seen = %+v", f.Seen)
	}
	if len(f.Agencies) != 1 || f.Agencies[0].Agency != "Oak School" || f.Agencies[0].Headline != "headline school" {
		t.Errorf("agencies = %+v", f.Agencies)
	}
	if len(f.Sessions) != 1 || f.Sessions[0].Minutes != 90 || f.TotalMinutes != 90 || len(f.Time) != 1 {
		t.Errorf("sessions = %+v, time = %+v", f.Sessions, f.Time)
	}
	var words []string
	for _, w := range f.Words {
		words = append(words, w.RecordID+":"+w.Text)
	}
	if got := strings.Join(words, "|"); got != "first-day:mornings are the hardest part|s1:I like drawing" {
		t.Errorf("words = %q; want the quoted passage of two words or more and the child's own section", got)
	}
	if !f.Words[1].Child || f.Words[0].Child {
		t.Error("only a child's-voice section is the child's words")
	}
}

func TestGatherActionsAsTheyStoodAtTheEndOfThePeriod(t *testing.T) {
	period := SummaryPeriod{Date{2026, 9, 1}, Date{2026, 11, 30}}
	act := func(id string, raised time.Time, status ActionStatus, closed Date) Action {
		return Action{ID: id, What: "do " + id, OwnerWords: "Carol", Owner: Owner{Kind: OwnerFamily, Name: "Carol"}, CreatedAt: raised, Status: status, ClosedOn: closed}
	}
	f := GatherSummary(SummaryInputs{Period: period, Actions: []Action{
		act("raised-done", at(2026, 9, 2, 9, 0), ActionDone, Date{2026, 10, 1}),
		act("old-open", at(2026, 5, 1, 9, 0), ActionOpen, Date{}),
		act("old-done-before", at(2026, 5, 1, 9, 0), ActionDone, Date{2026, 8, 31}),
		act("closed-after", at(2026, 10, 1, 9, 0), ActionDone, Date{2026, 12, 2}),
		act("raised-after", at(2026, 12, 1, 9, 0), ActionOpen, Date{}),
	}})
	ids := func(list []ActionFact) string {
		var out []string
		for _, a := range list {
			out = append(out, a.ActionID+"/"+string(a.Status))
		}
		return strings.Join(out, " ")
	}
	if got := ids(f.ActionsRaised); got != "raised-done/done closed-after/open" {
		t.Errorf("raised = %q", got)
	}
	if got := ids(f.ActionsClosed); got != "raised-done/done" {
		t.Errorf("closed = %q", got)
	}
	if got := ids(f.ActionsOpen); got != "old-open/open closed-after/open" {
		t.Errorf("open at the end = %q", got)
	}
}

func TestGatherReferralsAndObjectiveRatings(t *testing.T) {
	period := SummaryPeriod{Date{2026, 9, 1}, Date{2026, 11, 30}}
	f := GatherSummary(SummaryInputs{Period: period,
		Referrals: []Referral{
			{ID: "done-before", Service: "Parenting", ReferredOn: Date{2026, 3, 1}, Outcome: ReferralDelivered, OutcomeOn: Date{2026, 5, 1}},
			{ID: "waiting", Service: "Family support", Provider: "Family Hub", ReferredOn: Date{2026, 8, 1}, Chases: []Chase{{On: Date{2026, 9, 3}}, {On: Date{2026, 12, 3}}}},
			{ID: "accepted-later", Service: "CAMHS", ReferredOn: Date{2026, 10, 1}, Outcome: ReferralAccepted, OutcomeOn: Date{2026, 12, 2}},
			{ID: "future", Service: "Youth club", ReferredOn: Date{2026, 12, 1}},
		},
		Objectives: []SummaryObjective{{Plan: "Child in need plan", Objective: Objective{ID: "o1", Position: 1, Change: "Amy gets to school on time", Status: ObjectiveActive,
			Ratings: []Rating{{ID: "a", On: Date{2026, 8, 1}, Score: 2}, {ID: "b", On: Date{2026, 10, 1}, Score: 5}, {ID: "c", On: Date{2026, 12, 1}, Score: 8}}}},
			{Plan: "Child in need plan", Objective: Objective{ID: "o2", Position: 2, Change: "Unrated", Status: ObjectiveActive}}},
	})
	if len(f.Referrals) != 2 || f.Referrals[0].ReferralID != "waiting" || f.Referrals[0].Chases != 1 || f.Referrals[0].Title != "Family support (Family Hub)" ||
		f.Referrals[1].Outcome != "" {
		t.Errorf("referrals = %+v; want the open one chased once by the end and the later outcome not yet known", f.Referrals)
	}
	o := f.Objectives[0]
	if o.Start == nil || o.Start.Score != 2 || o.End == nil || o.End.Score != 5 {
		t.Errorf("ratings = %+v / %+v; want 2 at the start (the last before) and 5 at the end", o.Start, o.End)
	}
	if f.Objectives[1].Start != nil || f.Objectives[1].End != nil {
		t.Error("an unrated objective has no ratings")
	}
}

func TestGatheringAgainSaysWhatChanged(t *testing.T) {
	rec := FactRecord{RecordID: "r1", On: Date{2026, 10, 1}, Type: "Home visit", Headline: "Visit"}
	was := SummaryFacts{Contacts: []ContactType{{Type: "Home visit", Records: []FactRecord{rec}}},
		ActionsOpen: []ActionFact{{ActionID: "a1", What: "Book GP", Who: "Carol", Due: Date{2026, 10, 9}}}}
	now := SummaryFacts{Contacts: []ContactType{{Type: "Phone call", Records: []FactRecord{{RecordID: "r2", On: Date{2026, 10, 2}, Type: "Phone call", Headline: "Call"}}}},
		ActionsOpen: []ActionFact{{ActionID: "a1", What: "Book the GP", Who: "Carol", Due: Date{2026, 10, 9}}}}
	var got []string
	for _, c := range DiffFacts(was, now) {
		got = append(got, c.Kind+": "+c.Text)
	}
	want := "added: Phone call on 2 October 2026: Call|changed: Action open: Book the GP (Carol, by 9 October 2026)|removed: Home visit on 1 October 2026: Visit"
	if strings.Join(got, "|") != want {
		t.Errorf("changes =\n%s\nwant\n%s", strings.Join(got, "|"), want)
	}
	if len(DiffFacts(now, now)) != 0 {
		t.Error("the same facts have no changes")
	}
}

func TestQuotationsAndDurations(t *testing.T) {
	for text, want := range map[string]string{
		`He said “I want to go home” twice.`:    "I want to go home",
		`Mum said "fine".`:                      "",
		`"Not now" then "I am tired of this"`:   "Not now|I am tired of this",
		`No quotes here, only a "` + "\n" + `x`: "",
	} {
		if got := strings.Join(Quotations(text), "|"); got != want {
			t.Errorf("Quotations(%q) = %q, want %q", text, got, want)
		}
	}
	for m, want := range map[int]string{0: "0 minutes", 45: "45 minutes", 60: "1 hour", 61: "1 hour 1 minute", 135: "2 hours 15 minutes"} {
		if got := Duration(m); got != want {
			t.Errorf("Duration(%d) = %q, want %q", m, got, want)
		}
	}
}

func TestFamilyVersionNamesOnlyTheFamilyAndWorker(t *testing.T) {
	tests := []struct {
		o     Owner
		words string
		want  string
	}{
		{Owner{Kind: OwnerFamily, Name: "Carol Alder", Role: "Mother"}, "Carol Alder (Amy’s mother)", "Carol Alder (Amy’s mother)"},
		{Owner{Kind: OwnerWorker, Name: "Sam Patel", Role: "Social worker"}, "Sam Patel (social worker)", "Sam Patel (social worker)"},
		{Owner{Kind: OwnerProfessional, Name: "Dr Ruth Amos", Role: "GP", Agency: "Riverside Surgery"}, "Dr Ruth Amos (GP, Riverside Surgery)", "GP, Riverside Surgery"},
		{Owner{Kind: OwnerOther, Name: "Jo Smith"}, "Jo Smith", "Someone outside the family"},
	}
	for _, tt := range tests {
		if got := FamilyWho(tt.o, tt.words); got != tt.want {
			t.Errorf("FamilyWho(%+v) = %q, want %q", tt.o, got, tt.want)
		}
	}
}

func TestGlossaryExplainsTheTermsUsed(t *testing.T) {
	var got []string
	for _, g := range GlossaryFor("The child in need plan was reviewed.", "A referral to CAMHS; the gp surgery said no.") {
		got = append(got, g.Term)
	}
	if strings.Join(got, ", ") != "Child in need, Plan, Referral, CAMHS" {
		t.Errorf("glossary = %v; want the terms used, acronyms only in capitals", got)
	}
	if len(GlossaryFor("Nothing to explain here.")) != 0 {
		t.Error("plain words need no glossary")
	}
}
