package sqldb_test

import (
	"context"
	"testing"

	"kith"
	"kith/internal/kithtest"
	"kith/sqldb"
)

// A list of cases shown again is kept once: every showing is its own
// event, with who and when, and the access log of each case in it shows
// every one; a list that changes is a new list. Lists shown before lists
// were kept once (a row per case per event) are still in the access log.
func TestAuditListsKeptOnce(t *testing.T) {
	kithtest.EachEngine(t, func(t *testing.T, db *sqldb.DB) {
		ctx := context.Background()
		c := newCouncil(t, db)
		m := c.A(c.TM1)
		amy := c.Case(m, "Amy", "Ash", kith.Date{Year: 2015, Month: 3, Day: 1}, c.T1)
		c.Allocate(m, amy, c.T1, c.Prac1)
		bob := c.Case(m, "Bob", "Oak", kith.Date{Year: 2016, Month: 4, Day: 2}, c.T1)
		c.Allocate(m, bob, c.T1, c.Prac1)
		p := c.A(c.Prac1)
		listed := func() int { return db.RawCount(t, `SELECT COUNT(*) FROM audit_list_cases`) }
		show := func(requestID string) {
			t.Helper()
			a := p
			a.RequestID = requestID
			if _, err := db.Caseload(ctx, a, kith.CaseloadFilter{Mine: true}); err != nil {
				t.Fatal(err)
			}
		}
		before := listed()
		show("first")
		show("second")
		show("third")
		if n := listed() - before; n != 2 {
			t.Errorf("three showings of a caseload of two kept %d case rows, want 2", n)
		}
		if n := db.RawCount(t, `SELECT COUNT(DISTINCT subject_id) FROM audit_events WHERE request_id IN ('first', 'second', 'third') AND subject_type = 'list'`); n != 1 {
			t.Errorf("%d lists for the same caseload", n)
		}
		// A third case joins the caseload: a new list.
		cal := c.Case(m, "Cal", "Elm", kith.Date{Year: 2017, Month: 5, Day: 3}, c.T1)
		c.Allocate(m, cal, c.T1, c.Prac1)
		show("fourth")
		if n := listed() - before; n != 5 {
			t.Errorf("after a new list of three: %d case rows, want 5", n)
		}
		rep, err := db.Verify(ctx, sqldb.VerifyOptions{})
		if err != nil || !rep.OK() {
			t.Errorf("verify: %v %s %v", err, rep.Summary(), rep.Problems)
		}
		// A list shown before this way of keeping them: a row per case
		// per event.
		if err := db.RawExec(ctx, `INSERT INTO audit_events (id, at, user_id, action, subject_type, detail) VALUES ('old-list', $1, $2, 'case.listed', 'list', 'My cases')`,
			"2026-01-05T09:00:00.000000Z", c.Prac1.ID); err != nil {
			t.Fatal(err)
		}
		if err := db.RawExec(ctx, `INSERT INTO audit_listings (case_id, event_id) VALUES ($1, 'old-list')`, amy.ID); err != nil {
			t.Fatal(err)
		}

		_, log, err := db.AccessLog(ctx, m, amy.Reference, kith.AccessLogFilter{IncludeLists: true})
		if err != nil {
			t.Fatal(err)
		}
		seen := map[string]bool{}
		for _, e := range log {
			if e.Action == kith.AuditCaseListed && e.UserName == "Ann Ash" {
				seen[e.RequestID] = true
				if e.ID == "old-list" {
					seen["old"] = true
				}
			}
		}
		for _, want := range []string{"first", "second", "third", "fourth", "old"} {
			if !seen[want] {
				t.Errorf("Amy's access log lacks the caseload shown %q: %v", want, seen)
			}
		}
		_, log, err = db.AccessLog(ctx, m, cal.Reference, kith.AccessLogFilter{IncludeLists: true})
		if err != nil {
			t.Fatal(err)
		}
		for _, e := range log {
			if e.Action == kith.AuditCaseListed && e.RequestID != "fourth" {
				t.Errorf("Cal's access log shows a list he was not in: %q", e.RequestID)
			}
		}
		// The list's cases cannot be changed.
		if err := db.RawExec(ctx, `DELETE FROM audit_list_cases WHERE case_id = $1`, amy.ID); err == nil {
			t.Error("a list's cases were deleted")
		}
	})
}
