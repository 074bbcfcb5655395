package sqldb_test

import (
	"strings"
	"testing"

	"kith"
	"kith/internal/kithtest"
	"kith/sqldb"
)

// TestIntegrityTick: every server calls IntegrityTick every minute; it
// takes the day's root once, runs a check asked for at once, and the
// night's check once, in its hours.
func TestIntegrityTick(t *testing.T) {
	kithtest.EachEngine(t, func(t *testing.T, db *sqldb.DB) {
		s := newProofStory(t, db)
		clk := kithtest.ClockOf(db)
		today := kith.Today(db.Now())
		at := func(h, m int) { clk.Freeze(kith.InLondon(today, h, m)) }
		sched := sqldb.DefaultIntegritySchedule
		tick := func() (*kith.ChainRoot, *kith.IntegrityCheck) {
			t.Helper()
			r, c, err := db.IntegrityTick(s.ctx, sched)
			must(t, err)
			return r, c
		}

		at(1, 0)
		r, c := tick()
		if r == nil || r.Day != today.AddDays(-1) || c != nil {
			t.Fatalf("at 1 am: root %+v, check %+v", r, c)
		}
		if r, c := tick(); r != nil || c != nil {
			t.Errorf("a second tick took a root again or checked: %+v %+v", r, c)
		}
		if latest, err := db.LatestCheck(s.ctx); err != nil || latest != nil {
			t.Errorf("latest before any check: %+v %v", latest, err)
		}

		// Asked for: run at the next tick, whatever the hour.
		if _, err := db.RequestCheck(s.ctx, s.prac); kith.ErrorCode(err) != kith.EFORBIDDEN {
			t.Errorf("a practitioner asked for a check: %v", err)
		}
		asked, err := db.RequestCheck(s.ctx, s.c.A(s.c.Admin))
		must(t, err)
		again, err := db.RequestCheck(s.ctx, s.c.A(s.c.Auditor))
		must(t, err)
		if again.ID != asked.ID {
			t.Error("a second request while one waits made another check")
		}
		_, c = tick()
		if c == nil || c.ID != asked.ID || c.Report == nil || !c.Report.OK() || c.Report.Records != 3 || c.RequestedBy != "Gus Gale" {
			t.Fatalf("requested check: %+v", c)
		}

		// The night's check, once, in its hours.
		at(7, 0)
		if _, c := tick(); c != nil {
			t.Errorf("a nightly check started at 7 am: %+v", c)
		}
		at(2, 30)
		_, c = tick()
		if c == nil || c.Night != today || !c.Report.OK() {
			t.Fatalf("nightly check: %+v", c)
		}
		if _, c := tick(); c != nil {
			t.Errorf("the night was checked twice: %+v", c)
		}

		// A failed check is the latest, for the banner and the metrics.
		kithtest.BehindKithsBack(t, db, []string{"audit_events"}, `DELETE FROM audit_events WHERE id = '`+s.viewEvent+`'`)
		_, err = db.RequestCheck(s.ctx, s.c.A(s.c.Auditor))
		must(t, err)
		tick()
		latest, err := db.LatestCheck(s.ctx)
		must(t, err)
		if !latest.Failed() || !strings.Contains(latest.Report.Problems[0].What, "the audit event is missing") {
			t.Errorf("latest: %+v", latest.Report)
		}
		checks, err := db.IntegrityChecks(s.ctx, s.c.A(s.c.Admin), 10)
		must(t, err)
		if len(checks) != 3 || checks[0].ID != latest.ID {
			t.Errorf("checks: %d", len(checks))
		}
		if _, err := db.IntegrityChecks(s.ctx, s.c.A(s.c.TM1), 10); kith.ErrorCode(err) != kith.EFORBIDDEN {
			t.Errorf("a manager saw the checks: %v", err)
		}

		// Off: only checks asked for.
		clk.Freeze(kith.InLondon(today.AddDays(1), 2, 30))
		sched.Off = true
		if _, c := tick(); c != nil {
			t.Errorf("a nightly check ran while off: %+v", c)
		}
	})
}
