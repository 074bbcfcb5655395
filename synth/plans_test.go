package synth_test

import (
	"context"
	"database/sql"
	"testing"

	"kith"
	"kith/sqldb"
	"kith/synth"
)

// Every child in need, on a protection plan, looked after or leaving care
// has the plan their status calls for, started with it, with objectives and
// a next review after the start; a case page never says "has no current
// plan" beside a CP badge.
func TestEveryStatusHasItsPlan(t *testing.T) {
	ctx := context.Background()
	db, _ := generate(t, "sqlite", smallConfig(200))
	var n int
	var example sql.NullString
	err := db.ReadPool().QueryRowContext(ctx, `SELECT COUNT(*), MIN(c.reference || ' (' || s.kind || ')') FROM status_periods s JOIN cases c ON c.id = s.case_id
		WHERE s.ended_on IS NULL AND s.kind IN ('early_help', 'cin', 'cp', 'cla', 'care_leaver') AND NOT EXISTS (
			SELECT 1 FROM plans p WHERE p.case_id = s.case_id AND p.ended_on IS NULL AND p.started_on = s.started_on
			AND p.kind = CASE s.kind WHEN 'early_help' THEN 'early_help' WHEN 'cin' THEN 'child_in_need' WHEN 'cp' THEN 'child_protection'
				WHEN 'cla' THEN 'care' ELSE 'pathway' END)`).Scan(&n, &example)
	if err != nil {
		t.Fatal(err)
	}
	if n > 0 {
		t.Errorf("%d current statuses have no plan of their kind, such as %s", n, example.String)
	}
	var plans, withoutObjectives, badReview, endedOpen int
	err = db.ReadPool().QueryRowContext(ctx, `SELECT COUNT(*),
		SUM(CASE WHEN NOT EXISTS (SELECT 1 FROM objectives o WHERE o.plan_id = p.id) THEN 1 ELSE 0 END),
		SUM(CASE WHEN p.review_on IS NULL OR p.review_on <= p.started_on THEN 1 ELSE 0 END),
		SUM(CASE WHEN p.ended_on IS NULL AND c.state = 'closed' THEN 1 ELSE 0 END)
		FROM plans p JOIN cases c ON c.id = p.case_id`).Scan(&plans, &withoutObjectives, &badReview, &endedOpen)
	if err != nil {
		t.Fatal(err)
	}
	if plans == 0 || withoutObjectives > 0 || badReview > 0 || endedOpen > 0 {
		t.Errorf("%d plans: %d without objectives, %d with no review after their start, %d current on closed cases", plans, withoutObjectives, badReview, endedOpen)
	}
}

// The demo practitioner's caseload has a realistic handful of overdue
// items, not the 96 a worker once had: enough to show what My work does
// with them, few enough to be believed.
func TestDemoCaseloadHasAHandfulOverdue(t *testing.T) {
	ctx := context.Background()
	db, council := generate(t, "sqlite", synth.Config{Seed: 1, OpenCases: 200, ClosedCases: 40, Now: testNow, Password: testPassword, CaseSummaries: true})
	for _, w := range council.Practitioners {
		a := actor(t, db, w.ID)
		work, err := db.Work(ctx, a, sqldb.WorkFilter{Mine: true})
		if err != nil {
			t.Fatal(err)
		}
		kinds := map[kith.ClockKind]int{}
		for _, it := range work.Overdue {
			kinds[it.Kind]++
		}
		t.Logf("%s: %d cases, %d overdue %v, %d due soon", w.Username, work.Cases, len(work.Overdue), kinds, len(work.Upcoming))
		// A handful (ten at most), and no one kind of work left undone
		// across the caseload.
		if len(work.Overdue) > 10 || kinds[kith.ClockSummary] > 5 || kinds[kith.ClockVisit] > 5 || kinds[kith.ClockOversight] > 5 || kinds[kith.WorkAction] > 8 {
			t.Errorf("%s has %d overdue items in %d cases: %v", w.Username, len(work.Overdue), work.Cases, kinds)
		}
		if w.Username == synth.UserPractitioner && (len(work.Overdue) == 0 || len(work.Upcoming) == 0) {
			t.Errorf("the demo practitioner has %d overdue and %d due soon: the demo shows nothing to triage", len(work.Overdue), len(work.Upcoming))
		}
	}
	var summaries int
	if err := db.ReadPool().QueryRowContext(ctx, `SELECT COUNT(*) FROM case_summaries`).Scan(&summaries); err != nil {
		t.Fatal(err)
	}
	if summaries < council.Counts.OpenCases/2 {
		t.Errorf("%d case summaries for %d open cases", summaries, council.Counts.OpenCases)
	}
}
