package kith_test

import (
	"slices"
	"testing"

	"kith"
	"kith/calendar"
)

func TestNextDueOneVisitPerCase(t *testing.T) {
	p := kith.DefaultPolicies()
	wd := calendar.EnglandAndWales()
	f := kith.CaseFacts{AllocatedOn: d(t, "2026-09-01"), Statuses: map[kith.StatusKind]kith.Date{kith.StatusCP: d(t, "2026-09-01")},
		LastVisit: d(t, "2026-11-02"), LastSummary: d(t, "2026-10-01"), LastOversight: d(t, "2026-10-15")}
	got := p.NextDue(f, wd)
	want := map[kith.ClockKind]string{kith.ClockVisit: "2026-11-16", kith.ClockSummary: "2027-01-01", kith.ClockOversight: "2026-12-15"}
	if len(got) != len(want) {
		t.Fatalf("next due = %+v, want one each of %v", got, want)
	}
	for _, due := range got {
		if due.Due.String() != want[due.Kind] {
			t.Errorf("%s due %s, want %s", due.Kind, due.Due, want[due.Kind])
		}
	}
	if got[0].ClockKey != "visit-cp" {
		t.Errorf("the visit due is %q, want the child protection visit (the strictest)", got[0].ClockKey)
	}
}

func TestPlanWork(t *testing.T) {
	wd := calendar.EnglandAndWales()
	today := d(t, "2026-11-24") // a Tuesday
	c := kith.WorkCase{CaseID: "c1", Reference: "C-1", ChildName: "Ava Jones", WorkerID: "w1", WorkerName: "Sam"}
	p := kith.DefaultPolicies()
	c.Facts = kith.CaseFacts{AllocatedOn: d(t, "2026-09-01"), Statuses: map[kith.StatusKind]kith.Date{kith.StatusCP: d(t, "2026-09-01")},
		LastVisit: d(t, "2026-11-02"), LastSummary: d(t, "2026-09-01"), LastOversight: d(t, "2026-11-20")}
	items := p.CaseWork(c, wd)
	items = append(items,
		c.DraftWork("r1", "phone-call", "Phone call", "Call with school", "Sam", kith.RecordingDeadline{Due: d(t, "2026-11-16"), ClockKey: "recording", Rule: "5 working days"}),
		c.DraftWork("r2", "home-visit", "Home visit", "", "Sam", kith.RecordingDeadline{Due: d(t, "2026-12-01"), ClockKey: "recording-home-visit"}),
		c.DraftWork("r3", "phone-call", "Phone call", "", "Sam", kith.RecordingDeadline{Due: d(t, "2026-12-02"), ClockKey: "recording"}),
	)
	w := kith.PlanWork(items, today, wd)
	if w.DueSoon.String() != "2026-12-01" {
		t.Errorf("due soon until %s, want 5 working days on: 2026-12-01", w.DueSoon)
	}
	var overdue, soon []string
	for _, it := range w.Overdue {
		overdue = append(overdue, it.Due.String()+" "+it.Title)
	}
	for _, it := range w.Upcoming {
		soon = append(soon, it.Due.String()+" "+it.Title)
	}
	wantOverdue := []string{"2026-11-16 Finalise Phone call: Call with school", "2026-11-16 Child protection visit"}
	wantSoon := []string{"2026-12-01 Finalise Home visit", "2026-12-01 Case summary"}
	if !slices.Equal(overdue, wantOverdue) || !slices.Equal(soon, wantSoon) {
		t.Errorf("overdue = %q\nsoon = %q\nwant %q and %q", overdue, soon, wantOverdue, wantSoon)
	}
	if got := w.Overdue[1]; got.WorkingDaysOverdue != 6 || got.TemplateKey != "home-visit" {
		t.Errorf("CP visit: %d working days overdue, template %q; want 6 and home-visit", got.WorkingDaysOverdue, got.TemplateKey)
	}
	if w.Overdue[0].RecordID != "r1" {
		t.Errorf("the overdue draft links to record %q, want r1", w.Overdue[0].RecordID)
	}
}

func TestPlanWorkDueTodayIsNotOverdue(t *testing.T) {
	wd := calendar.EnglandAndWales()
	today := d(t, "2026-11-24")
	w := kith.PlanWork([]kith.WorkItem{{Title: "today", Due: today}, {Title: "yesterday", Due: d(t, "2026-11-23")}}, today, wd)
	if len(w.Overdue) != 1 || w.Overdue[0].Title != "yesterday" || w.Overdue[0].WorkingDaysOverdue != 1 {
		t.Errorf("overdue = %+v, want only yesterday's, 1 working day over", w.Overdue)
	}
	if len(w.Upcoming) != 1 || w.Upcoming[0].Title != "today" {
		t.Errorf("due soon = %+v, want today's", w.Upcoming)
	}
}

func TestLoadByWorker(t *testing.T) {
	cases := []kith.WorkCase{{CaseID: "1", WorkerID: "a", WorkerName: "Alex"}, {CaseID: "2", WorkerID: "a", WorkerName: "Alex"},
		{CaseID: "3", WorkerID: "b", WorkerName: "Bea"}, {CaseID: "4"}}
	today, late, soon := d(t, "2026-11-24"), d(t, "2026-11-20"), d(t, "2026-11-26")
	cp := []kith.StatusKind{kith.StatusCP}
	w := kith.Work{Today: today,
		Overdue: []kith.WorkItem{{WorkerID: "b", WorkerName: "Bea", Due: late}, {WorkerID: "b", WorkerName: "Bea", Due: late},
			{WorkerID: "c", WorkerName: "Cal", Due: late, CaseStatuses: cp, Kind: kith.ClockVisit}},
		Upcoming: []kith.WorkItem{{WorkerID: "a", WorkerName: "Alex", Due: soon}, {CaseID: "4", Due: soon}, {WorkerID: "c", WorkerName: "Cal", Due: today}},
	}
	cases = append(cases, kith.WorkCase{CaseID: "5", WorkerID: "c", WorkerName: "Cal"})
	got := kith.LoadByWorker(w, cases, []kith.MonthRecords{{WorkerID: "a", WorkerName: "Alex", Finalised: 7, Late: 2}})
	// Cal's overdue child protection visit and what is due today count
	// as today's, and put Cal first.
	want := []kith.WorkerLoad{{WorkerID: "c", WorkerName: "Cal", Cases: 1, Today: 2}, {WorkerID: "b", WorkerName: "Bea", Cases: 1, Overdue: 2},
		{WorkerID: "a", WorkerName: "Alex", Cases: 2, DueSoon: 1, Finalised: 7, RecordedLate: 2}, {WorkerName: "Not allocated", Cases: 1, DueSoon: 1}}
	if len(got) != len(want) {
		t.Fatalf("load = %+v, want %+v", got, want)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("row %d = %+v, want %+v", i, got[i], want[i])
		}
	}
}

// A case with no summary or oversight yet counts them from allocation and
// says so; once there is one, from that.
func TestNextDueSaysWhatItCountsFrom(t *testing.T) {
	p := kith.DefaultPolicies()
	wd := calendar.EnglandAndWales()
	f := kith.CaseFacts{AllocatedOn: d(t, "2026-09-01"), LastOversight: d(t, "2026-10-15")}
	rules := map[kith.ClockKind]string{}
	for _, due := range p.NextDue(f, wd) {
		rules[due.Kind] = due.Rule
	}
	if rules[kith.ClockSummary] != "3 months after allocation" || rules[kith.ClockOversight] != "2 months after the last supervision or case discussion" {
		t.Errorf("rules = %q", rules)
	}
}
