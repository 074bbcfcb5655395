package sqldb_test

import (
	"context"
	"kith/clock"
	"slices"
	"testing"
	"time"

	"kith"
	"kith/internal/kithtest"
	"kith/sqldb"
)

// A practitioner holds a child protection case last visited on 2 November:
// on 24 November the visit is 6 working days overdue, the draft phone call
// left since 13 November is overdue, and the case summary is due soon. The
// team manager sees the same, counted against the practitioner. A visit
// takes the visit off the list; the case page shows the next one due.
func TestWorkListsWhatIsOverdueAndDueSoon(t *testing.T) {
	kithtest.EachEngine(t, func(t *testing.T, db *sqldb.DB) {
		ctx := context.Background()
		now := londonTime(2026, 9, 1, 9)
		db.Clock = clock.Func(func() time.Time { return now })
		c := newCouncil(t, db)
		prac, tm := c.A(c.Prac1), c.A(c.TM1)
		amy := c.Allocate(tm, c.Case(prac, "Amy", "Alder", kithtest.Date(2015, 5, 5), c.T1), c.T1, c.Prac1)
		if err := db.StartStatus(ctx, tm, amy.Reference, kith.StatusInput{Kind: kith.StatusCP, StartedOn: kithtest.Date(2026, 9, 1)}); err != nil {
			t.Fatal(err)
		}

		now = londonTime(2026, 11, 2, 16)
		visit := homeVisit(db, 1, "Amy wanted her mother there")
		visit.OccurredAt = londonTime(2026, 11, 2, 10)
		finalise(t, db, prac, amy.Reference, visit)

		now = londonTime(2026, 11, 13, 16)
		call, err := db.CreateDraft(ctx, prac, amy.Reference, kith.RecordInput{TemplateKey: "phone-call"})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := db.SaveDraft(ctx, prac, call.ID, kith.RecordInput{TemplateKey: "phone-call", Version: 1, Headline: "Call with school",
			OccurredAt: londonTime(2026, 11, 13, 11)}); err != nil {
			t.Fatal(err)
		}

		now = londonTime(2026, 11, 24, 8)
		mine, err := db.Work(ctx, prac, sqldb.WorkFilter{Mine: true})
		if err != nil {
			t.Fatal(err)
		}
		got := titles(mine.Overdue)
		want := []string{"Management oversight by 2026-11-01", "Child protection visit by 2026-11-16", "Finalise Phone call: Call with school by 2026-11-20"}
		if !slices.Equal(got, want) {
			t.Errorf("overdue = %q, want %q", got, want)
		}
		if soon := titles(mine.Upcoming); !slices.Equal(soon, []string{"Case summary by 2026-12-01"}) {
			t.Errorf("due soon = %q", soon)
		}
		if mine.Overdue[1].WorkingDaysOverdue != 6 || mine.Overdue[1].TemplateKey != "home-visit" {
			t.Errorf("the CP visit: %+v", mine.Overdue[1])
		}

		// Amy is on a child protection plan: her overdue visit counts as
		// work for today, her oversight and the phone call as overdue.
		team, err := db.Work(ctx, tm, sqldb.WorkFilter{TeamID: c.T1.ID})
		if err != nil {
			t.Fatal(err)
		}
		if len(team.Overdue) != 3 || len(team.Workers) == 0 || team.Workers[0].WorkerID != c.Prac1.ID || team.Workers[0].Today != 1 || team.Workers[0].Overdue != 2 || team.Workers[0].Cases != 1 ||
			team.Workers[0].Finalised != 1 || team.Workers[0].RecordedLate != 0 {
			t.Errorf("team view: overdue %d, workers %+v", len(team.Overdue), team.Workers)
		}
		if _, err := db.Work(ctx, prac, sqldb.WorkFilter{TeamID: c.T1.ID}); kith.ErrorCode(err) != kith.EFORBIDDEN {
			t.Errorf("a practitioner asking for the team's work: %v, want forbidden", err)
		}

		visit = homeVisit(db, 1, "Amy wanted her mother there")
		visit.OccurredAt = londonTime(2026, 11, 24, 7)
		finalise(t, db, prac, amy.Reference, visit)
		mine, err = db.Work(ctx, prac, sqldb.WorkFilter{Mine: true})
		if err != nil {
			t.Fatal(err)
		}
		if got := titles(mine.Overdue); !slices.Equal(got, []string{"Management oversight by 2026-11-01", "Finalise Phone call: Call with school by 2026-11-20"}) {
			t.Errorf("overdue after the visit = %q", got)
		}
		o, err := db.CaseOverview(ctx, prac, amy.Reference)
		if err != nil {
			t.Fatal(err)
		}
		if o.Clocks == nil || o.Clocks.LastSeen.String() != "2026-11-24" || !o.Clocks.LastSeenAlone.IsZero() || len(o.Clocks.Next) != 3 ||
			o.Clocks.Next[2].ClockKey != "visit-cp" || o.Clocks.Next[2].Due.String() != "2026-12-08" {
			t.Errorf("case clocks = %+v", o.Clocks)
		}
	})
}

func finalise(t *testing.T, db *sqldb.DB, a kith.Actor, ref string, in kith.RecordInput) {
	t.Helper()
	ctx := context.Background()
	d, err := db.CreateDraft(ctx, a, ref, kith.RecordInput{TemplateKey: in.TemplateKey})
	if err != nil {
		t.Fatal(err)
	}
	in.Version = d.Version
	if _, err := db.FinaliseRecord(ctx, a, d.ID, in); err != nil {
		t.Fatal(err)
	}
}

func titles(items []kith.WorkItem) []string {
	var out []string
	for _, it := range items {
		out = append(out, it.Title+" by "+it.Due.String())
	}
	return out
}

// The record-timeliness report adds up a team's records for a period: a
// home visit three working days late and a phone call on time. A team
// manager sees their team only; a practitioner cannot see it at all.
func TestTimelinessReport(t *testing.T) {
	kithtest.EachEngine(t, func(t *testing.T, db *sqldb.DB) {
		ctx := context.Background()
		now := londonTime(2026, 11, 2, 9)
		db.Clock = clock.Func(func() time.Time { return now })
		c := newCouncil(t, db)
		prac, tm := c.A(c.Prac1), c.A(c.TM1)
		amy := c.Allocate(tm, c.Case(prac, "Amy", "Alder", kithtest.Date(2015, 5, 5), c.T1), c.T1, c.Prac1)

		now = londonTime(2026, 11, 26, 9) // Thursday: the Monday visit was due Wednesday
		visit := homeVisit(db, 1, "Amy wanted her mother there")
		visit.OccurredAt = londonTime(2026, 11, 23, 10)
		finalise(t, db, prac, amy.Reference, visit)
		now = londonTime(2026, 11, 27, 9)
		finalise(t, db, prac, amy.Reference, kith.RecordInput{TemplateKey: "phone-call", Headline: "Call with school", OccurredAt: londonTime(2026, 11, 26, 15),
			Content: kith.RecordContent{"direction": {Text: "outgoing"}, "phone_number": {Text: "01632 960001"}, "other_party": {Text: "Ms Patel, head of year"},
				"purpose": {Text: "Attendance"}, "content": {Text: "Attendance is up."}}})

		p := kith.TimelinessPeriod{From: "2026-10", To: "2026-11"}
		r, err := db.TimelinessReport(ctx, tm, sqldb.TimelinessReportFilter{Period: p, TeamID: c.T1.ID})
		if err != nil {
			t.Fatal(err)
		}
		if r.Total.Records != 2 || r.Total.OnTime != 1 || r.Scope != c.T1.Name || len(r.ByMonth) != 2 || r.ByMonth[1].Records != 2 {
			t.Errorf("report = %+v", r)
		}
		if len(r.ByWorker) != 1 || r.ByWorker[0].Label != c.Prac1.DisplayName {
			t.Errorf("by worker = %+v", r.ByWorker)
		}
		types := map[string]int{}
		for _, f := range r.ByType {
			types[f.Label] = f.OnTime
		}
		if types["Home visit"] != 0 || types["Phone call"] != 1 {
			t.Errorf("on time by type = %v", types)
		}
		if _, err := db.TimelinessReport(ctx, tm, sqldb.TimelinessReportFilter{Period: p, TeamID: c.T2.ID}); kith.ErrorCode(err) != kith.EFORBIDDEN {
			t.Errorf("another team's report: %v", err)
		}
		if _, err := db.TimelinessReport(ctx, prac, sqldb.TimelinessReportFilter{Period: p}); kith.ErrorCode(err) != kith.EFORBIDDEN {
			t.Errorf("a practitioner's report: %v", err)
		}
		if _, err := db.TimelinessReport(ctx, tm, sqldb.TimelinessReportFilter{Period: kith.TimelinessPeriod{From: "2026-11", To: "2026-10"}}); kith.ErrorCode(err) != kith.EINVALID {
			t.Errorf("a back-to-front period: %v", err)
		}
	})
}
