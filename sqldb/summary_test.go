package sqldb_test

import (
	"context"
	"kith/clock"
	"strings"
	"testing"
	"time"

	"kith"
	"kith/internal/kithtest"
	"kith/sqldb"
)

func visitAt(when time.Time, alone bool, headline string) kith.RecordInput {
	in := homeVisitAt(when, 0, "Amy was asleep")
	in.Headline, in.OccurredAt = headline, when
	if alone {
		in.Content["child_seen_alone"] = kith.SectionValue{Answer: "yes"}
	}
	in.Content["actions"] = kith.SectionValue{}
	return in
}

func gatheredIDs(f kith.SummaryFacts) string {
	var out []string
	for _, c := range f.Contacts {
		for _, r := range c.Records {
			out = append(out, r.Headline)
		}
	}
	return strings.Join(out, ", ")
}

func minuteLondon(y int, m time.Month, d, h, min int) time.Time {
	return time.Date(y, m, d, h, min, 0, 0, kith.London)
}

// The gathered facts are exactly the final records of the case in the
// period, both days included, and nothing a user may not see: drafts,
// withdrawn records, another child's records and days either side stay
// out; someone who may not open the case gets nothing at all.
func TestSummaryGathersExactlyThePeriod(t *testing.T) {
	kithtest.EachEngine(t, func(t *testing.T, db *sqldb.DB) {
		ctx := context.Background()
		now := londonTime(2026, 8, 1, 9)
		db.Clock = clock.Func(func() time.Time { return now })
		c := newCouncil(t, db)
		prac, tm := c.A(c.Prac1), c.A(c.TM1)
		amy := c.Case(tm, "Amy", "Alder", kithtest.Date(2015, 5, 5), c.T1)
		ben := c.Case(tm, "Ben", "Birch", kithtest.Date(2016, 6, 6), c.T1)
		c.Allocate(tm, amy, c.T1, c.Prac1)
		c.Allocate(tm, ben, c.T1, c.Prac1)

		now = londonTime(2026, 12, 3, 9)
		finalised(t, db, prac, amy.Reference, visitAt(minuteLondon(2026, 8, 31, 23, 30), false, "day before"))
		finalised(t, db, prac, amy.Reference, visitAt(minuteLondon(2026, 9, 1, 0, 30), true, "first day"))
		school := finalised(t, db, prac, amy.Reference, agencyInfo("School says attendance is up", minuteLondon(2026, 10, 15, 10, 0)))
		if _, err := db.CreateDraft(ctx, prac, amy.Reference, visitAt(minuteLondon(2026, 10, 20, 10, 0), true, "a draft")); err != nil {
			t.Fatal(err)
		}
		wrong := finalised(t, db, prac, amy.Reference, visitAt(minuteLondon(2026, 10, 21, 10, 0), true, "withdrawn"))
		if err := db.WithdrawRecord(ctx, tm, wrong.ID, "Written on the wrong child's file"); err != nil {
			t.Fatal(err)
		}
		// Ben's visit is written for Ben: the coach stops text pasted from
		// another child's record being finalised.
		bens := visitAt(minuteLondon(2026, 10, 22, 10, 0), true, "Ben's visit")
		bens.Content["observations"] = kith.SectionValue{Text: "Ben showed me the medals from his football team, hung above his bed."}
		finalised(t, db, prac, ben.Reference, bens)
		finalised(t, db, prac, amy.Reference, visitAt(minuteLondon(2026, 11, 30, 23, 30), false, "last day"))
		finalised(t, db, prac, amy.Reference, visitAt(minuteLondon(2026, 12, 1, 0, 30), false, "day after"))

		period := kith.SummaryPeriod{From: kithtest.Date(2026, 9, 1), To: kithtest.Date(2026, 11, 30)}
		if _, err := db.StartSummary(ctx, c.A(c.Prac3), amy.Reference, kith.SummaryStart{Reason: kith.SummaryPeriodic, Period: period}); kith.ErrorCode(err) != kith.ENOTFOUND {
			t.Fatalf("someone from another team started a summary: %v", err)
		}
		s, err := db.StartSummary(ctx, prac, amy.Reference, kith.SummaryStart{Reason: kith.SummaryPeriodic, Period: period})
		if err != nil {
			t.Fatal(err)
		}
		if got := gatheredIDs(s.Facts); got != "first day, last day, School says attendance is up" {
			t.Errorf("gathered %q", got)
		}
		if alone := s.Facts.SeenAlone(); len(alone) != 1 || alone[0].Headline != "first day" {
			t.Errorf("seen alone = %+v", alone)
		}
		if len(s.Facts.Agencies) != 1 || s.Facts.Agencies[0].RecordID != school.ID || s.Facts.Agencies[0].Agency != "Kithbury Primary School" {
			t.Errorf("agencies = %+v", s.Facts.Agencies)
		}
		if _, err := db.Summary(ctx, c.A(c.Prac3), s.RecordID); kith.ErrorCode(err) != kith.ENOTFOUND {
			t.Errorf("someone from another team read the summary: %v", err)
		}
		if _, err := db.CreateDraft(ctx, prac, amy.Reference, kith.RecordInput{TemplateKey: "case-summary"}); kith.ErrorCode(err) != kith.EINVALID {
			t.Errorf("a summary was started as an ordinary record: %v", err)
		}
	})
}

// A summary is written beside its facts, gathered again when the record
// changes (finalising with out-of-date facts is refused), finalised only
// with the analysis and views, signed off by a manager when the council
// asks, shared with the family; closing and transferring need it.
func TestSummaryLifecycle(t *testing.T) {
	kithtest.EachEngine(t, func(t *testing.T, db *sqldb.DB) {
		ctx := context.Background()
		now := londonTime(2026, 8, 1, 9)
		db.Clock = clock.Func(func() time.Time { return now })
		c := newCouncil(t, db)
		prac, tm := c.A(c.Prac1), c.A(c.TM1)
		amy := c.Case(tm, "Amy", "Alder", kithtest.Date(2015, 5, 5), c.T1)
		c.Allocate(tm, amy, c.T1, c.Prac1)
		if err := db.SetSummarySignOff(ctx, c.A(c.Admin), true); err != nil {
			t.Fatal(err)
		}
		now = londonTime(2026, 11, 2, 9)
		finalised(t, db, prac, amy.Reference, visitAt(londonTime(2026, 10, 1, 10), true, "October visit"))

		now = londonTime(2026, 11, 3, 9)
		period := kith.SummaryPeriod{From: kithtest.Date(2026, 8, 1), To: kithtest.Date(2026, 11, 3)}
		s, err := db.StartSummary(ctx, prac, amy.Reference, kith.SummaryStart{Reason: kith.SummaryPeriodic, Period: period})
		if err != nil {
			t.Fatal(err)
		}
		// Finalising needs the analysis and the views.
		_, err = db.FinaliseRecord(ctx, prac, s.RecordID, kith.RecordInput{TemplateKey: "case-summary", Headline: "Summary", OccurredAt: now, Version: 1})
		if f := kith.ErrorFields(err); len(f) != 2 || f[0].Field != "s.analysis" || f[1].Field != "s.views" {
			t.Fatalf("finalising an empty summary: %v", err)
		}
		written := kith.RecordInput{TemplateKey: "case-summary", Headline: s.Title(), OccurredAt: now, Version: 1, Content: kith.RecordContent{
			"analysis": {Text: "Mornings are calmer; the school objective should stay."}, "views": {Text: "Amy said “it is better now”."},
			"internal": {Text: "Not for the family."}}}
		// A record finalised since the gathering makes the facts out of date.
		finalised(t, db, prac, amy.Reference, visitAt(londonTime(2026, 11, 2, 15), false, "Late write-up"))
		if _, err := db.FinaliseRecord(ctx, prac, s.RecordID, written); kith.ErrorCode(err) != kith.ECONFLICT || !strings.Contains(kith.ErrorMessage(err), "Gather the facts again") {
			t.Fatalf("finalising with out-of-date facts: %v", err)
		}
		typed := written
		s, err = db.RegatherSummary(ctx, prac, s.RecordID, &typed)
		if err != nil {
			t.Fatal(err)
		}
		if len(s.Changes) != 3 || s.Changes[0].Kind != "added" || !strings.Contains(s.Changes[0].Text, "Late write-up") {
			t.Errorf("changes = %+v; want the new visit, the child seen and their words", s.Changes)
		}
		written.Version = 2 // the regather saved the typing as version 2
		if _, err := db.FinaliseRecord(ctx, prac, s.RecordID, written); err != nil {
			t.Fatal(err)
		}
		s, err = db.Summary(ctx, prac, s.RecordID)
		if err != nil {
			t.Fatal(err)
		}
		if s.Status != kith.RecordFinal || !s.AwaitingSignOff() {
			t.Errorf("finalised summary: status %s, awaiting sign-off %v", s.Status, s.AwaitingSignOff())
		}
		if err := db.SignOffSummary(ctx, prac, s.RecordID, ""); kith.ErrorCode(err) != kith.EFORBIDDEN {
			t.Errorf("a practitioner countersigned: %v", err)
		}
		if err := db.SignOffSummary(ctx, tm, s.RecordID, "Agreed."); err != nil {
			t.Fatal(err)
		}
		if err := db.SignOffSummary(ctx, tm, s.RecordID, "Again"); kith.ErrorCode(err) != kith.ECONFLICT {
			t.Errorf("countersigned twice: %v", err)
		}
		now = londonTime(2026, 11, 5, 9)
		if err := db.ShareSummary(ctx, prac, s.RecordID, kith.SharingInput{On: kithtest.Date(2026, 11, 4), How: "At a home visit", With: "Amy and Carol",
			Comments: "We think mornings are better.", WrittenBy: kith.WrittenByFamily}); err != nil {
			t.Fatal(err)
		}
		s, _ = db.Summary(ctx, prac, s.RecordID)
		if s.SignedOffBy == "" || s.SignOffComment != "Agreed." || len(s.Sharing) != 1 || s.Sharing[0].Comments != "We think mornings are better." {
			t.Errorf("summary after sign-off and sharing = %+v", s)
		}
		// An overlapping periodic summary needs a reason; a closing one does not.
		overlap := kith.SummaryStart{Reason: kith.SummaryPeriodic, Period: kith.SummaryPeriod{From: kithtest.Date(2026, 11, 1), To: kithtest.Date(2026, 11, 5)}}
		if _, err := db.StartSummary(ctx, prac, amy.Reference, overlap); len(kith.ErrorFields(err)) != 1 || kith.ErrorFields(err)[0].Field != "overlap_reason" {
			t.Errorf("overlap: %v", err)
		}

		// The summary covers the last record: the case can be transferred,
		// and the new worker lands on the summary, once.
		c.Allocate(tm, amy, c.T1, c.Prac2)
		amyNow, _, _ := db.Case(ctx, c.A(c.Prac2), amy.Reference, kith.ViewCase)
		if got, _ := db.SummaryLanding(ctx, c.A(c.Prac2), amyNow); got != s.RecordID {
			t.Errorf("the receiving worker landed on %q, want the summary", got)
		}
		prac2 := c.A(c.Prac2)
		before := db.Statements()
		if got, _ := db.SummaryLanding(ctx, prac2, amyNow); got != "" {
			t.Errorf("landed on the summary a second time")
		}
		// Every case page a worker opens asks this: one statement.
		if n := db.Statements() - before; n != 1 {
			t.Errorf("checking for a summary to land on took %d statements, want 1", n)
		}
		// A later record: closing needs a new summary, or a manager's reason.
		finalised(t, db, c.A(c.Prac2), amy.Reference, visitAt(londonTime(2026, 11, 4, 16), false, "Goodbye visit"))
		cur, _, _ := db.Case(ctx, tm, amy.Reference, kith.ManageCase)
		_, err = db.CloseCase(ctx, tm, amy.Reference, kith.CloseInput{Reason: "RC7", ClosedOn: kithtest.Date(2026, 11, 5), Version: cur.Version})
		if f := kith.ErrorFields(err); len(f) != 1 || f[0].Field != "without_summary" || !strings.Contains(f[0].Message, "4 November 2026") {
			t.Fatalf("closing without a covering summary: %v", err)
		}
		if _, err := db.CloseCase(ctx, tm, amy.Reference, kith.CloseInput{Reason: "RC7", ClosedOn: kithtest.Date(2026, 11, 5), Version: cur.Version,
			WithoutSummary: "The family moved abroad; the summary of 3 November covers the work"}); err != nil {
			t.Fatal(err)
		}
		if n := db.RawCount(t, `SELECT COUNT(*) FROM audit_events WHERE case_id = $1 AND action = 'summary.overridden' AND detail LIKE '%moved abroad%'`, amy.ID); n != 1 {
			t.Errorf("the override was audited %d times, want once", n)
		}
	})
}

// A worker who writes the case's summary after the case came to them does
// not land on it the first time they open the case: landing is for the
// summary that was there when the case was transferred to them (the demo
// council's workers landed on their own summaries).
func TestNoLandingOnYourOwnSummary(t *testing.T) {
	kithtest.EachEngine(t, func(t *testing.T, db *sqldb.DB) {
		ctx := context.Background()
		now := londonTime(2026, 8, 1, 9)
		db.Clock = clock.Func(func() time.Time { return now })
		c := newCouncil(t, db)
		tm := c.A(c.TM1)
		amy := c.Case(tm, "Amy", "Alder", kithtest.Date(2015, 5, 5), c.T1)
		c.Allocate(tm, amy, c.T1, c.Prac1)
		now = londonTime(2026, 9, 1, 9)
		c.Allocate(tm, amy, c.T1, c.Prac2) // transferred, not yet opened
		prac2 := c.A(c.Prac2)
		now = londonTime(2026, 10, 1, 9)
		finalised(t, db, prac2, amy.Reference, visitAt(minuteLondon(2026, 9, 15, 10, 0), true, "a visit"))
		now = londonTime(2026, 11, 2, 15)
		s, err := db.StartSummary(ctx, prac2, amy.Reference, kith.SummaryStart{Reason: kith.SummaryPeriodic,
			Period: kith.SummaryPeriod{From: kithtest.Date(2026, 8, 1), To: kithtest.Date(2026, 10, 31)}})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := db.FinaliseRecord(ctx, prac2, s.RecordID, kith.RecordInput{TemplateKey: "case-summary", Headline: s.Title(), OccurredAt: now, Version: 1,
			Content: kith.RecordContent{"analysis": {Text: "Mornings are calmer."}, "views": {Text: "Amy said “it is better now”."}}}); err != nil {
			t.Fatal(err)
		}
		amyNow, _, _ := db.Case(ctx, prac2, amy.Reference, kith.ViewCase)
		if got, _ := db.SummaryLanding(ctx, prac2, amyNow); got != "" {
			t.Errorf("the worker landed on the summary they wrote themselves, after the case came to them")
		}
	})
}
