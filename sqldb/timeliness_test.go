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

func londonTime(y int, m time.Month, d, h int) time.Time {
	return time.Date(y, m, d, h, 0, 0, 0, kith.London)
}

// A home visit on Monday 23 November 2026 is due by Wednesday (two working
// days); finalised the next Monday it is three working days late, counted
// in the report's figures, and the case's last visit moves on. Withdrawing
// it takes both back.
func TestFinaliseJudgesTheRecord(t *testing.T) {
	kithtest.EachEngine(t, func(t *testing.T, db *sqldb.DB) {
		ctx := context.Background()
		now := londonTime(2026, 11, 20, 9)
		db.Clock = clock.Func(func() time.Time { return now })
		c := newCouncil(t, db)
		prac, tm := c.A(c.Prac1), c.A(c.TM1)
		amy := c.Allocate(tm, c.Case(prac, "Amy", "Alder", kithtest.Date(2015, 5, 5), c.T1), c.T1, c.Prac1)

		now = londonTime(2026, 11, 23, 17)
		d, err := db.CreateDraft(ctx, prac, amy.Reference, kith.RecordInput{TemplateKey: "home-visit"})
		if err != nil {
			t.Fatal(err)
		}
		in := homeVisit(db, 1, "Amy did not want to talk without her mother today")
		in.OccurredAt = londonTime(2026, 11, 23, 10)
		if _, err := db.SaveDraft(ctx, prac, d.ID, in); err != nil {
			t.Fatal(err)
		}
		view, err := db.Record(ctx, prac, d.ID)
		if err != nil {
			t.Fatal(err)
		}
		if tl := view.Record.Timeliness; tl == nil || tl.Due.String() != "2026-11-25" || tl.Lateness != nil || !strings.Contains(tl.Rule, "home visit") {
			t.Fatalf("draft deadline = %+v", tl)
		}

		now = londonTime(2026, 11, 30, 11)
		in.Version = 2
		if _, err := db.FinaliseRecord(ctx, prac, d.ID, in); err != nil {
			t.Fatal(err)
		}
		view, err = db.Record(ctx, prac, d.ID)
		if err != nil {
			t.Fatal(err)
		}
		tl := view.Record.Timeliness
		if tl == nil || tl.Lateness == nil || tl.Due.String() != "2026-11-25" || tl.Lateness.Late != 3 || tl.Lateness.Taken != 5 {
			t.Fatalf("final timeliness = %+v", tl)
		}
		if got := tl.Lateness.Describe(); got != "Recorded 3 working days late" {
			t.Errorf("describe = %q", got)
		}
		if visit, seen, alone := caseFacts(t, db, amy.ID); visit != "2026-11-23" || seen != "2026-11-23" || alone != "" {
			t.Errorf("case facts after a visit, not seen alone = %q %q %q", visit, seen, alone)
		}
		if n := countLate(t, db, "2026-11"); n != 1 {
			t.Errorf("late records counted for November = %d, want 1", n)
		}

		// A later policy does not rewrite how the record was judged.
		set, _, err := db.TimelinessSettings(ctx)
		if err != nil {
			t.Fatal(err)
		}
		set.Policies.Clocks[2].Offset = 10
		set.Reason = "Home visits within 10 working days"
		if _, err := db.SaveTimelinessSettings(ctx, c.A(c.Admin), set); err != nil {
			t.Fatal(err)
		}
		view, _ = db.Record(ctx, prac, d.ID)
		if view.Record.Timeliness.Lateness.Late != 3 {
			t.Errorf("a policy change rewrote the judgement: %+v", view.Record.Timeliness)
		}

		if err := db.WithdrawRecord(ctx, tm, d.ID, "Written on the wrong child's file"); err != nil {
			t.Fatal(err)
		}
		if n := countLate(t, db, "2026-11"); n != 0 {
			t.Errorf("late records after withdrawal = %d, want 0", n)
		}
		if visit, _, _ := caseFacts(t, db, amy.ID); visit != "" {
			t.Errorf("the withdrawn visit still counts: %q", visit)
		}
	})
}

// caseFacts reads a case's last visit, last seen and last seen alone.
func caseFacts(t *testing.T, db *sqldb.DB, caseID string) (visit, seen, alone string) {
	t.Helper()
	var v, s, a *string
	if err := db.WritePool().QueryRow(`SELECT CAST(last_visit_on AS TEXT), CAST(last_seen_on AS TEXT), CAST(last_seen_alone_on AS TEXT)
		FROM case_facts WHERE case_id = $1`, caseID).Scan(&v, &s, &a); err != nil {
		t.Fatal(err)
	}
	str := func(p *string) string {
		if p == nil {
			return ""
		}
		return (*p)[:10]
	}
	return str(v), str(s), str(a)
}

func countLate(t *testing.T, db *sqldb.DB, month string) int {
	t.Helper()
	var n int
	if err := db.WritePool().QueryRow(`SELECT COALESCE(SUM(records), 0) FROM timeliness_counts WHERE month = $1 AND NOT on_time`, month).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

// errorText is an error's message and its fields' messages.
func errorText(err error) string {
	s := kith.ErrorMessage(err)
	for _, f := range kith.ErrorFields(err) {
		s += " " + f.Message
	}
	return s
}

// A council closure moves a deadline; a bad change is refused with a clear
// message and the settings in force stay as they were.
func TestTimelinessSettings(t *testing.T) {
	kithtest.EachEngine(t, func(t *testing.T, db *sqldb.DB) {
		ctx := context.Background()
		c := newCouncil(t, db)
		set, cal, err := db.TimelinessSettings(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if set.Version != 0 || set.Nation != "england-and-wales" || len(set.Policies.Clocks) == 0 {
			t.Fatalf("defaults = %+v", set)
		}
		christmasEve := kithtest.Date(2026, 12, 24)
		if got := cal.AddWorkingDays(christmasEve, 1); got.String() != "2026-12-29" {
			t.Fatalf("next working day after Christmas Eve = %s", got)
		}

		if _, err := db.SaveTimelinessSettings(ctx, c.A(c.Prac1), set); kith.ErrorCode(err) != kith.EFORBIDDEN {
			t.Errorf("a practitioner changed the settings: %v", err)
		}

		set.Closures = []kith.Closure{{From: kithtest.Date(2026, 12, 29), To: kithtest.Date(2026, 12, 31), Name: "Winter closure"}}
		set.Reason = "Offices closed between Christmas and New Year"
		saved, err := db.SaveTimelinessSettings(ctx, c.A(c.Admin), set)
		if err != nil {
			t.Fatal(err)
		}
		if saved.Version != 1 || len(saved.Closures) != 1 {
			t.Fatalf("saved = %+v", saved)
		}
		if _, cal, _ = db.TimelinessSettings(ctx); cal.AddWorkingDays(christmasEve, 1).String() != "2027-01-04" {
			t.Errorf("the closure did not move the deadline: %s", cal.AddWorkingDays(christmasEve, 1))
		}

		bad := []struct {
			change func(*kith.TimelinessSettings)
			says   string
		}{
			{func(s *kith.TimelinessSettings) { s.Policies.Clocks[0].Offset = 0 }, "must be more than zero"},
			{func(s *kith.TimelinessSettings) { s.Policies.Clocks[0].Unit = "fortnights" }, "is not a unit"},
			{func(s *kith.TimelinessSettings) { s.Policies.Clocks[5].Anchor = "birthday" }, "cannot count from"},
			{func(s *kith.TimelinessSettings) {
				s.Closures = append(s.Closures, kith.Closure{From: kithtest.Date(2026, 12, 31), To: kithtest.Date(2027, 1, 1), Name: "New Year"})
			}, "overlaps"},
			{func(s *kith.TimelinessSettings) { s.Nation = "wales" }, "Select whose bank holidays"},
		}
		for _, b := range bad {
			s := saved
			s.Policies.Clocks = append([]kith.Clock(nil), saved.Policies.Clocks...)
			s.Closures = append([]kith.Closure(nil), saved.Closures...)
			b.change(&s)
			if _, err := db.SaveTimelinessSettings(ctx, c.A(c.Admin), s); err == nil || !strings.Contains(errorText(err), b.says) {
				t.Errorf("want %q, got %v", b.says, err)
			}
		}
		// A stale save (from version 0) is refused too.
		if _, err := db.SaveTimelinessSettings(ctx, c.A(c.Admin), set); kith.ErrorCode(err) != kith.ECONFLICT {
			t.Errorf("stale save: %v", err)
		}
		now, _, _ := db.TimelinessSettings(ctx)
		if now.Version != 1 || now.Policies.Clocks[0].Offset != 5 || len(now.Closures) != 1 {
			t.Errorf("a refused change altered the settings in force: %+v", now)
		}
	})
}
