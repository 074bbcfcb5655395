package sqldb_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"kith"
	"kith/internal/kithtest"
	"kith/sqldb"
)

// reportStory finalises records of several kinds, on time and late, with
// and without risk, by two workers, on an ordinary case, a restricted one,
// one the service manager is locked out of and one since moved to a team
// the North team's manager does not manage; and one record withdrawn.
// Every record is finalised now, in the period's last month.
func reportStory(t *testing.T, db *sqldb.DB, c *council) sqldb.TimelinessReportFilter {
	t.Helper()
	ctx := context.Background()
	p1, p2, tm := c.A(c.Prac1), c.A(c.Prac2), c.A(c.TM1)
	amy := c.Allocate(tm, c.Case(p1, "Amy", "Alder", kithtest.Date(2015, 5, 5), c.T1), c.T1, c.Prac1)
	ben := c.Allocate(tm, c.Case(p2, "Ben", "Birch", kithtest.Date(2016, 6, 6), c.T1), c.T1, c.Prac2)
	rose := c.Allocate(tm, c.Case(p2, "Rose", "Thorne", kithtest.Date(2014, 3, 3), c.T1), c.T1, c.Prac2)
	dan := c.Allocate(tm, c.Case(p1, "Dan", "Dale", kithtest.Date(2013, 2, 2), c.T1), c.T1, c.Prac1)
	n := 0
	// visit is a home visit daysAgo days before now, written up now, with
	// observations of its own so the coach takes none for a copy.
	visit := func(daysAgo int, risk bool) kith.RecordInput {
		n++
		in := homeVisit(db, 0, "Mum stayed in the room")
		in.Content["observations"] = kith.SectionValue{Text: fmt.Sprintf("Visit %d: there were %d chairs by the table.", n, n+2)}
		in.OccurredAt = db.Now().AddDate(0, 0, -daysAgo).Truncate(time.Minute)
		in.RiskIdentified = risk
		return in
	}
	info := func(daysAgo int) kith.RecordInput {
		n++
		return agencyInfo(fmt.Sprintf("School called about week %d", n), db.Now().AddDate(0, 0, -daysAgo).Truncate(time.Minute))
	}
	c.Finalised(p1, amy.Reference, visit(0, false))
	c.Finalised(p1, amy.Reference, visit(12, true))
	c.Finalised(p1, amy.Reference, info(0))
	c.Finalised(p2, ben.Reference, visit(9, false))
	c.Finalised(p2, ben.Reference, info(20))
	c.Finalised(p2, rose.Reference, visit(10, false))
	c.Finalised(p1, dan.Reference, visit(11, false))
	wrong := c.Finalised(p1, amy.Reference, visit(14, false))
	if err := db.WithdrawRecord(ctx, tm, wrong.ID, "Written on the wrong child's file"); err != nil {
		t.Fatal(err)
	}
	cur, _, err := db.Case(ctx, tm, rose.Reference, kith.ManageAccess)
	if err != nil {
		t.Fatal(err)
	}
	if err := db.SetRestricted(ctx, tm, rose.Reference, true, cur.Version); err != nil {
		t.Fatal(err)
	}
	if err := db.LockOut(ctx, tm, ben.Reference, c.SM1.ID, "Ben's mother is his neighbour"); err != nil {
		t.Fatal(err)
	}
	c.Allocate(tm, dan, c.T3, c.Prac3, "Moved before a summary was due")
	month := kith.MonthOf(kith.Today(db.Now()))
	return sqldb.TimelinessReportFilter{Period: kith.TimelinessPeriod{From: month.Add(-1), To: month}, TeamID: c.T1.ID}
}

// TestWritingAndTimelinessReportsCountTheSameRecords: for records written
// and finalised in Kith, the writing coach's team view and the
// record-timeliness report count the same records for the same team,
// period and reader: a withdrawn record leaves both (the writing view
// once went on counting it), a restricted case's records both or neither.
func TestWritingAndTimelinessReportsCountTheSameRecords(t *testing.T) {
	kithtest.EachEngine(t, func(t *testing.T, db *sqldb.DB) {
		c := newCouncil(t, db)
		f := reportStory(t, db, c)
		for _, u := range []*kith.User{c.TM1, c.SM1} {
			a := c.A(u)
			r, err := db.TimelinessReport(context.Background(), a, f)
			if err != nil {
				t.Fatal(err)
			}
			w, err := db.WritingReport(context.Background(), a, f)
			if err != nil {
				t.Fatal(err)
			}
			if r.Total.Records == 0 || w.Now.Records != r.Total.Records {
				t.Errorf("%s: the writing view counts %d records finalised, the timeliness report %d", u.Username, w.Now.Records, r.Total.Records)
			}
		}
	})
}

// TestTimelinessRecordsAgreeWithTheCounts: every count of the timeliness
// report (the total, each month, kind of record, risk and worker; all,
// on time and late) lists exactly as many records as it counts, for a
// manager, a service manager locked out of a case and an auditor off a
// restricted case's list; a record on a case since moved out of the
// manager's teams is listed without its child.
func TestTimelinessRecordsAgreeWithTheCounts(t *testing.T) {
	kithtest.EachEngine(t, func(t *testing.T, db *sqldb.DB) {
		c := newCouncil(t, db)
		f := reportStory(t, db, c)
		ctx := context.Background()
		totals := map[string]int{}
		for _, u := range []*kith.User{c.TM1, c.SM1, c.Auditor} {
			a := c.A(u)
			r, err := db.TimelinessReport(ctx, a, f)
			if err != nil {
				t.Fatal(err)
			}
			totals[u.Username] = r.Total.Records
			type cell struct {
				s    kith.TimelinessSlice
				want kith.TimelinessFigures
			}
			cells := []cell{{kith.TimelinessSlice{}, r.Total}}
			for _, m := range r.ByMonth {
				cells = append(cells, cell{kith.TimelinessSlice{Month: kith.Month(m.Key)}, m})
			}
			for _, k := range r.ByType {
				cells = append(cells, cell{kith.TimelinessSlice{TemplateKey: k.Key}, k})
			}
			for _, k := range r.ByRisk {
				cells = append(cells, cell{kith.TimelinessSlice{Risk: k.Key}, k})
			}
			for _, k := range r.ByWorker {
				cells = append(cells, cell{kith.TimelinessSlice{WorkerID: k.Key}, k})
			}
			late := 0
			for _, cl := range cells {
				for timing, want := range map[string]int{"": cl.want.Records, kith.TimingOnTime: cl.want.OnTime, kith.TimingLate: cl.want.Records - cl.want.OnTime} {
					s := cl.s
					s.Timing = timing
					got, err := db.TimelinessRecords(ctx, a, f, s, 0)
					if err != nil {
						t.Fatalf("%s %+v: %v", u.Username, s, err)
					}
					if got.Total != want || len(got.Rows) != want {
						t.Errorf("%s, %s: the report counts %d, the list has %d of %d", u.Username, got.Label, want, len(got.Rows), got.Total)
					}
					for _, row := range got.Rows {
						if (timing == kith.TimingLate) != (row.Lateness.Late > 0) && timing != "" {
							t.Errorf("%s, %s: listed %+v", u.Username, got.Label, row)
						}
						if u != c.TM1 && row.ChildName == "Rose Thorne" || u == c.SM1 && row.ChildName == "Ben Birch" {
							t.Errorf("%s sees %s's record listed", u.Username, row.ChildName)
						}
						if row.ChildName == "Dan Dale" && u == c.TM1 || row.Hidden && (row.ChildName != "" || row.RecordID != "" || row.CaseRef != "") {
							t.Errorf("%s sees a record on a case moved out of their teams: %+v", u.Username, row)
						}
					}
					if timing == kith.TimingLate && len(cl.s.TemplateKey+cl.s.Risk+cl.s.WorkerID+string(cl.s.Month)) == 0 {
						late = len(got.Rows)
					}
				}
			}
			if late == 0 {
				t.Errorf("%s: no late records listed", u.Username)
			}
		}
		// The manager on Rose's list counts all 7 final records; the
		// service manager leaves out Rose's and Ben's, the auditor Rose's.
		if totals["dee.daw"] != 7 || totals["fay.fir"] != 4 || totals["hal.holt"] != 6 {
			t.Errorf("totals %v, want dee.daw 7, fay.fir 4, hal.holt 6", totals)
		}
		// A count's records are the reader's to list: not another team's.
		if _, err := db.TimelinessRecords(ctx, c.A(c.TM3), f, kith.TimelinessSlice{}, 0); kith.ErrorCode(err) != kith.EFORBIDDEN {
			t.Errorf("another team's manager lists the North team's records: %v", err)
		}
		if _, err := db.TimelinessRecords(ctx, c.A(c.TM1), f, kith.TimelinessSlice{Timing: "soon"}, 0); kith.ErrorCode(err) != kith.EINVALID {
			t.Errorf("a timing that is not one: %v", err)
		}
	})
}
