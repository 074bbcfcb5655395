package sqldb_test

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"kith"
	"kith/internal/kithtest"
	"kith/sqldb"
)

// TestFiguresLeaveOutCasesTheReaderIsKeptFrom: a record finalised on a
// restricted case moves no figure for a reader off its list (the team
// view's records this month, the record-timeliness report by month, kind,
// risk and worker, the writing coach's team view), nor one on a case the
// reader is locked out of; its access list's managers see it counted, and
// a record on an ordinary case moves everyone's (kith.FiguresCount).
func TestFiguresLeaveOutCasesTheReaderIsKeptFrom(t *testing.T) {
	kithtest.EachEngine(t, func(t *testing.T, db *sqldb.DB) {
		c := newCouncil(t, db)
		ctx := context.Background()
		p1, p2, tm := c.A(c.Prac1), c.A(c.Prac2), c.A(c.TM1)
		amy := c.Allocate(tm, c.Case(p1, "Amy", "Alder", kithtest.Date(2015, 5, 5), c.T1), c.T1, c.Prac1)
		rose := c.Allocate(tm, c.Case(p2, "Rose", "Thorne", kithtest.Date(2014, 3, 3), c.T1), c.T1, c.Prac2)
		ben := c.Allocate(tm, c.Case(p2, "Ben", "Birch", kithtest.Date(2016, 6, 6), c.T1), c.T1, c.Prac2)
		// visit is a home visit whose observations are its own, so that the
		// writing coach does not take one for a copy of another.
		visit := func(saw string) kith.RecordInput {
			in := homeVisit(db, 0, "Mum stayed in the room")
			in.Content["observations"] = kith.SectionValue{Text: saw}
			// Written up days later, as most visits are: each count is
			// kept by the working days taken, and a hidden record must
			// come out of the count it is in (it did not, once, unless it
			// was written up the same day).
			in.OccurredAt = db.Now().AddDate(0, 0, -3).Truncate(time.Minute)
			return in
		}
		c.Finalised(p1, amy.Reference, visit("Two cups on the table."))
		c.Finalised(p2, rose.Reference, visit("A new rug in the hall."))
		// Rose's case is restricted: its list is its manager and worker.
		cur, _, err := db.Case(ctx, tm, rose.Reference, kith.ManageAccess)
		if err != nil {
			t.Fatal(err)
		}
		if err := db.SetRestricted(ctx, tm, rose.Reference, true, cur.Version); err != nil {
			t.Fatal(err)
		}
		// The service manager is locked out of Ben's case.
		if err := db.LockOut(ctx, tm, ben.Reference, c.SM1.ID, "Ben's mother is his neighbour"); err != nil {
			t.Fatal(err)
		}
		month := kith.MonthOf(kith.Today(db.Now()))
		period := sqldb.TimelinessReportFilter{Period: kith.TimelinessPeriod{From: month, To: month}, TeamID: c.T1.ID}
		// figures is everything a reader is shown of the team's work.
		figures := func(u *kith.User) string {
			t.Helper()
			a := c.A(u)
			var b strings.Builder
			if kith.CanSeeTeamWork(a) {
				w, err := db.Work(ctx, a, sqldb.WorkFilter{TeamID: c.T1.ID})
				if err != nil {
					t.Fatal(err)
				}
				for _, l := range w.Workers {
					fmt.Fprintf(&b, "team view %s: %d finalised, %d late; ", l.WorkerName, l.Finalised, l.RecordedLate)
				}
			}
			if u != c.Prac1 {
				r, err := db.TimelinessReport(ctx, a, period)
				if err != nil {
					t.Fatal(err)
				}
				fmt.Fprintf(&b, "timeliness %+v; months %+v; kinds %+v; risk %+v; workers %+v; ", r.Total, r.ByMonth, r.ByType, r.ByRisk, r.ByWorker)
			}
			if u != c.Auditor {
				w, err := db.WritingReport(ctx, a, period)
				if err != nil {
					t.Fatal(err)
				}
				fmt.Fprintf(&b, "writing %d records, %d words, rules %+v, writers %+v", w.Now.Records, w.Now.Words, w.Rules, w.Writers)
			}
			return b.String()
		}
		kept := []*kith.User{c.SM1, c.Auditor, c.Prac1} // off Rose's list
		before := map[*kith.User]string{}
		for _, u := range append(kept, c.TM1) {
			before[u] = figures(u)
		}
		// Rose's worker finalises another record on her restricted case.
		c.Finalised(p2, rose.Reference, visit("The gas fire was lit."))
		for _, u := range kept {
			if got := figures(u); got != before[u] {
				t.Errorf("%s's figures moved with a record on a restricted case:\n before %s\n after  %s", u.Username, before[u], got)
			}
		}
		if figures(c.TM1) == before[c.TM1] {
			t.Error("the manager on the restricted case's list does not see its record counted")
		}
		// A record on Ben's case moves everyone's figures but the locked-out
		// service manager's.
		before[c.SM1] = figures(c.SM1)
		c.Finalised(p2, ben.Reference, visit("A dog slept by the door."))
		if got := figures(c.SM1); got != before[c.SM1] {
			t.Errorf("the locked-out service manager's figures moved with Ben's record:\n before %s\n after  %s", before[c.SM1], got)
		}
		for _, u := range append(kept, c.TM1) {
			before[u] = figures(u)
		}
		c.Finalised(p1, amy.Reference, visit("Fresh flowers on the sill."))
		for _, u := range append(kept, c.TM1) {
			if figures(u) == before[u] {
				t.Errorf("%s's figures did not move with a record on an ordinary case", u.Username)
			}
		}
		// What a restricted case's reader sees is the whole: Rose's two
		// records count for her team's manager.
		r, err := db.TimelinessReport(ctx, tm, period)
		if err != nil {
			t.Fatal(err)
		}
		if r.Total.Records != 5 {
			t.Errorf("the team manager counts %d records, want all 5", r.Total.Records)
		}
		r, err = db.TimelinessReport(ctx, c.A(c.SM1), period)
		if err != nil {
			t.Fatal(err)
		}
		if r.Total.Records != 2 {
			t.Errorf("the service manager counts %d records, want Amy's 2", r.Total.Records)
		}
	})
}
