package kith_test

import (
	"slices"
	"strings"
	"testing"

	"kith"
	"kith/calendar"
)

func d(t testing.TB, s string) kith.Date {
	t.Helper()
	if s == "" {
		return kith.Date{}
	}
	x, err := kith.ParseISODate(s)
	if err != nil {
		t.Fatal(err)
	}
	return x
}

func TestRecordingDeadline(t *testing.T) {
	p := kith.DefaultPolicies()
	wd := calendar.EnglandAndWales()
	tests := []struct {
		name     string
		facts    kith.RecordFacts
		event    string
		due      string
		clockKey string
	}{
		{"a phone call: 5 working days", kith.RecordFacts{TemplateKey: "phone-call"}, "2026-11-23", "2026-11-30", "recording"},
		{"over Christmas", kith.RecordFacts{TemplateKey: "phone-call"}, "2026-12-22", "2026-12-31", "recording"},
		{"risk identified: next working day", kith.RecordFacts{TemplateKey: "phone-call", Risk: true}, "2026-11-27", "2026-11-30", "recording-risk"},
		{"home visit: 2 working days", kith.RecordFacts{TemplateKey: "home-visit"}, "2026-11-26", "2026-11-30", "recording-home-visit"},
		{"home visit with risk: the stricter", kith.RecordFacts{TemplateKey: "home-visit", Risk: true}, "2026-11-26", "2026-11-27", "recording-risk"},
		{"strategy discussion: 24 hours", kith.RecordFacts{TemplateKey: "professionals-meeting", Answers: map[string]string{"meeting_type": "strategy_discussion"}}, "2026-11-27", "2026-11-28", "recording-strategy"},
		{"core group: the general clock", kith.RecordFacts{TemplateKey: "professionals-meeting", Answers: map[string]string{"meeting_type": "core_group"}}, "2026-11-27", "2026-12-04", "recording"},
		{"child came into care", kith.RecordFacts{TemplateKey: "key-event", Answers: map[string]string{"event_type": "became_looked_after"}}, "2026-11-23", "2026-11-24", "recording-into-care"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tt.facts.Event = d(t, tt.event)
			got, ok := p.RecordingDeadline(tt.facts, wd)
			if !ok || got.Due.String() != tt.due || got.ClockKey != tt.clockKey {
				t.Errorf("deadline = %+v, %v; want %s by %s", got, ok, tt.due, tt.clockKey)
			}
		})
	}
	if _, ok := p.RecordingDeadline(kith.RecordFacts{TemplateKey: "phone-call"}, wd); ok {
		t.Error("a record with no event date has a deadline")
	}
}

func TestJudgeRecord(t *testing.T) {
	wd := calendar.EnglandAndWales()
	tests := []struct {
		event, due, final string
		taken, late       int
		says              string
	}{
		{"2026-11-23", "2026-11-25", "2026-11-25", 2, 0, "Recorded on time"},
		{"2026-11-23", "2026-11-25", "2026-11-23", 0, 0, "Recorded on time"},
		// A home visit on Monday due Wednesday, finalised the next Monday.
		{"2026-11-23", "2026-11-25", "2026-11-30", 5, 3, "Recorded 3 working days late"},
		// Risk identified on Monday, due Tuesday, written up Wednesday.
		{"2026-11-23", "2026-11-24", "2026-11-25", 2, 1, "Recorded 1 working day late"},
		// Due on a Saturday (24 hours from a Friday), final on Monday.
		{"2026-11-27", "2026-11-28", "2026-11-30", 1, 1, "Recorded 1 working day late"},
		// Finalised on a day that is not a working day: counted as the
		// next working day, so the weekend neither hides nor adds lateness.
		// Due Wednesday, finalised Saturday, Sunday or Monday: 3 late.
		{"2026-11-30", "2026-12-02", "2026-12-05", 5, 3, "Recorded 3 working days late"},
		{"2026-11-30", "2026-12-02", "2026-12-06", 5, 3, "Recorded 3 working days late"},
		{"2026-11-30", "2026-12-02", "2026-12-07", 5, 3, "Recorded 3 working days late"},
		// Due Friday: on time that day, 1 working day late on Saturday.
		{"2026-12-02", "2026-12-04", "2026-12-04", 2, 0, "Recorded on time"},
		{"2026-12-02", "2026-12-04", "2026-12-05", 3, 1, "Recorded 1 working day late"},
		// Due on a Saturday (24 hours from a Friday): on time that day, late
		// on the Sunday.
		{"2026-11-27", "2026-11-28", "2026-11-28", 1, 0, "Recorded on time"},
		{"2026-11-27", "2026-11-28", "2026-11-29", 1, 1, "Recorded 1 working day late"},
		// An event on a Saturday written up that weekend: 0 working days
		// the same day, 1 the next (Monday is the first working day).
		{"2026-12-05", "2026-12-11", "2026-12-05", 0, 0, "Recorded on time"},
		{"2026-12-05", "2026-12-11", "2026-12-06", 1, 0, "Recorded on time"},
		// The August bank holiday (Monday 31 August 2026) counts as Tuesday.
		{"2026-08-24", "2026-08-26", "2026-08-31", 5, 3, "Recorded 3 working days late"},
		{"2026-08-26", "2026-08-28", "2026-08-31", 3, 1, "Recorded 1 working day late"},
		// Due Christmas Eve, finalised on Christmas Day: the next working
		// day is Tuesday 29 December (Boxing Day falls on a Saturday and
		// its substitute is Monday 28th).
		{"2026-12-22", "2026-12-24", "2026-12-25", 3, 1, "Recorded 1 working day late"},
	}
	for _, tt := range tests {
		got := kith.JudgeRecord(d(t, tt.event), d(t, tt.due), d(t, tt.final), wd)
		if got.Taken != tt.taken || got.Late != tt.late || got.Describe() != tt.says {
			t.Errorf("JudgeRecord(%s, %s, %s) = %+v %q", tt.event, tt.due, tt.final, got, got.Describe())
		}
	}
}

func TestClockRule(t *testing.T) {
	tests := []struct {
		clock kith.Clock
		want  string
	}{
		{kith.Clock{Anchor: kith.AnchorEvent, Offset: 5, Unit: kith.UnitWorkingDays}, "5 working days after the event"},
		{kith.Clock{Anchor: kith.AnchorEvent, Offset: 1, Unit: kith.UnitCalendarDays}, "1 day after the event"},
		{kith.Clock{Anchor: kith.AnchorPlacement, Offset: 1, Unit: kith.UnitWeeks}, "1 week after the placement starts"},
		{kith.Clock{Anchor: kith.AnchorLastVisit, Offset: 1, Unit: kith.UnitCalendarMonths}, "by the end of the calendar month after the month of the last visit"},
		{kith.Clock{Anchor: kith.AnchorLastVisit, Offset: 12, Unit: kith.UnitCalendarMonths}, "by the end of the calendar month 12 months after the month of the last visit"},
	}
	for _, tt := range tests {
		if got := tt.clock.Rule(); got != tt.want {
			t.Errorf("Rule() = %q, want %q", got, tt.want)
		}
	}
}

func TestClockDueUnits(t *testing.T) {
	wd := calendar.EnglandAndWales()
	tests := []struct {
		unit   kith.ClockUnit
		offset int
		from   string
		want   string
	}{
		{kith.UnitWorkingDays, 10, "2026-11-23", "2026-12-07"},
		{kith.UnitCalendarDays, 7, "2026-11-23", "2026-11-30"},
		{kith.UnitWeeks, 6, "2026-11-23", "2027-01-04"},
		{kith.UnitMonths, 3, "2026-11-30", "2027-02-28"},
		{kith.UnitMonths, 1, "2028-01-31", "2028-02-29"},
		{kith.UnitMonths, 2, "2026-12-31", "2027-02-28"},
		{kith.UnitCalendarMonths, 1, "2026-11-02", "2026-12-31"},
		{kith.UnitCalendarMonths, 1, "2026-12-31", "2027-01-31"},
		{kith.UnitCalendarMonths, 1, "2028-01-15", "2028-02-29"},
	}
	for _, tt := range tests {
		c := kith.Clock{Unit: tt.unit, Offset: tt.offset}
		if got := c.Due(d(t, tt.from), wd); got.String() != tt.want {
			t.Errorf("%s %d from %s = %s, want %s", tt.unit, tt.offset, tt.from, got, tt.want)
		}
	}
}

func TestCaseDue(t *testing.T) {
	p := kith.DefaultPolicies()
	wd := calendar.EnglandAndWales()
	type want map[string]string // clock key → due date; absent clocks must not apply
	tests := []struct {
		name  string
		facts kith.CaseFacts
		want  want
	}{
		{"a child in need case allocated, never visited",
			kith.CaseFacts{AllocatedOn: d(t, "2026-11-10"), Statuses: map[kith.StatusKind]kith.Date{kith.StatusCIN: d(t, "2026-11-10")}},
			want{"visit-monthly": "2026-12-31", "summary": "2027-02-10", "oversight": "2027-01-10"}},
		{"visited this month: next by the end of next month",
			kith.CaseFacts{AllocatedOn: d(t, "2026-06-01"), LastVisit: d(t, "2026-11-03"), LastSummary: d(t, "2026-10-01"), LastOversight: d(t, "2026-11-20")},
			want{"visit-monthly": "2026-12-31", "summary": "2027-01-01", "oversight": "2027-01-20"}},
		{"child protection: 10 working days from the last visit",
			kith.CaseFacts{AllocatedOn: d(t, "2026-06-01"), Statuses: map[kith.StatusKind]kith.Date{kith.StatusCP: d(t, "2026-09-01")}, LastVisit: d(t, "2026-11-09")},
			want{"visit-cp": "2026-11-23", "visit-monthly": "2026-12-31", "summary": "2026-09-01", "oversight": "2026-08-01"}},
		{"child protection plan just started: counted from the start",
			kith.CaseFacts{AllocatedOn: d(t, "2026-06-01"), Statuses: map[kith.StatusKind]kith.Date{kith.StatusCP: d(t, "2026-11-16")}, LastVisit: d(t, "2026-11-02")},
			want{"visit-cp": "2026-11-30", "visit-monthly": "2026-12-31", "summary": "2026-09-01", "oversight": "2026-08-01"}},
		{"looked after, new placement not yet visited: within a week",
			kith.CaseFacts{AllocatedOn: d(t, "2026-01-05"), Statuses: map[kith.StatusKind]kith.Date{kith.StatusCLA: d(t, "2026-02-01")}, PlacementOn: d(t, "2026-11-20"), LastVisit: d(t, "2026-11-10")},
			want{"visit-cla-placement": "2026-11-27", "visit-monthly": "2026-12-31", "summary": "2026-04-05", "oversight": "2026-03-05"}},
		{"looked after, visited in the placement: 6 weeks",
			kith.CaseFacts{AllocatedOn: d(t, "2026-01-05"), Statuses: map[kith.StatusKind]kith.Date{kith.StatusCLA: d(t, "2026-02-01")}, PlacementOn: d(t, "2026-11-20"), LastVisit: d(t, "2026-11-24")},
			want{"visit-cla": "2027-01-05", "visit-monthly": "2026-12-31", "summary": "2026-04-05", "oversight": "2026-03-05"}},
		{"care leaver: first within 7 days",
			kith.CaseFacts{AllocatedOn: d(t, "2026-11-01"), Statuses: map[kith.StatusKind]kith.Date{kith.StatusCareLeaver: d(t, "2026-11-18")}},
			want{"visit-care-leaver-first": "2026-11-25", "visit-monthly": "2026-12-31", "summary": "2027-02-01", "oversight": "2027-01-01"}},
		{"care leaver visited: 2 months",
			kith.CaseFacts{AllocatedOn: d(t, "2026-11-01"), Statuses: map[kith.StatusKind]kith.Date{kith.StatusCareLeaver: d(t, "2026-11-18")}, LastVisit: d(t, "2026-11-20")},
			want{"visit-care-leaver": "2027-01-20", "visit-monthly": "2026-12-31", "summary": "2027-02-01", "oversight": "2027-01-01"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := map[string]string{}
			dues := p.CaseDue(tt.facts, wd)
			for i, x := range dues {
				got[x.ClockKey] = x.Due.String()
				if i > 0 && x.Due.Before(dues[i-1].Due) {
					t.Errorf("not soonest first: %v", dues)
				}
			}
			if len(got) != len(tt.want) {
				t.Errorf("clocks = %v, want %v", got, tt.want)
			}
			for k, v := range tt.want {
				if got[k] != v {
					t.Errorf("%s due %q, want %s", k, got[k], v)
				}
			}
		})
	}
}

func TestPoliciesCheck(t *testing.T) {
	if err := kith.DefaultPolicies().Check(); err != nil {
		t.Fatalf("the defaults fail their own check: %v", err)
	}
	tests := []struct {
		name   string
		change func(*kith.Policies)
		field  string
		says   string
	}{
		{"zero offset", func(p *kith.Policies) { p.Clocks[6].Offset = 0 }, "clock.visit-cp.offset", "The time allowed for “Child protection visit” must be more than zero"},
		{"negative offset", func(p *kith.Policies) { p.Clocks[0].Offset = -5 }, "clock.recording.offset", "must be more than zero"},
		{"offset over a year", func(p *kith.Policies) { p.Clocks[0].Offset = 367 }, "clock.recording.offset", "must be at most 366"},
		{"unknown unit", func(p *kith.Policies) { p.Clocks[0].Unit = "fortnights" }, "clock.recording.unit", `"fortnights" is not a unit`},
		{"unknown anchor", func(p *kith.Policies) { p.Clocks[5].Anchor = "birthday" }, "clock.visit-monthly.anchor", `a visit clock cannot count from "birthday"`},
		{"unknown kind", func(p *kith.Policies) { p.Clocks[5].Kind = "lunch" }, "clock.visit-monthly.kind", `"lunch" is not a kind of clock`},
		{"unknown status", func(p *kith.Policies) { p.Clocks[6].Scope.Status = "cpp" }, "clock.visit-cp.scope", `"cpp" is not a case status`},
		{"duplicate key", func(p *kith.Policies) { p.Clocks[1].Key = "recording" }, "clock.recording.key", `the key "recording" is used twice`},
		{"no general recording clock", func(p *kith.Policies) { p.Clocks = p.Clocks[1:] }, "clocks", "Keep one recording clock"},
		{"no name", func(p *kith.Policies) { p.Clocks[2].Name = " " }, "clock.recording-home-visit.name", "Enter a name for clock 3"},
		{"section without answers", func(p *kith.Policies) { p.Clocks[3].Scope.Values = nil }, "clock.recording-strategy.scope", "needs both the section and the answers"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := kith.DefaultPolicies()
			tt.change(&p)
			fields := kith.ErrorFields(p.Check())
			if len(fields) != 1 || fields[0].Field != tt.field || !strings.Contains(fields[0].Message, tt.says) {
				t.Errorf("Check() = %+v, want %s: %q", fields, tt.field, tt.says)
			}
		})
	}
	// Every problem is reported at once.
	p := kith.DefaultPolicies()
	p.Clocks[0].Offset, p.Clocks[6].Unit = 0, "fortnights"
	if fields := kith.ErrorFields(p.Check()); len(fields) != 2 {
		t.Errorf("two problems reported as %+v", fields)
	}
}

func TestTimelinessSettingsCheck(t *testing.T) {
	s := kith.DefaultTimelinessSettings()
	known := func(n string) bool { return n == kith.DefaultNation }
	if err := s.Check(known); err != nil {
		t.Fatalf("the defaults fail their own check: %v", err)
	}
	s.Nation = "wales"
	s.Closures = []kith.Closure{{From: d(t, "2026-12-31"), To: d(t, "2026-12-29"), Name: "Winter"}}
	s.Policies.Clocks[0].Offset = 0
	var got []string
	for _, f := range kith.ErrorFields(s.Check(known)) {
		got = append(got, f.Field)
	}
	if !slices.Equal(got, []string{"nation", "closures", "clock.recording.offset"}) {
		t.Errorf("fields = %q, want nation, closures and the clock", got)
	}
}

func TestCheckClosures(t *testing.T) {
	ok := []kith.Closure{{From: d(t, "2026-12-29"), To: d(t, "2026-12-31"), Name: "Winter closure"}, {From: d(t, "2027-04-01"), To: d(t, "2027-04-01"), Name: "Staff day"}}
	if err := kith.CheckClosures(ok); err != nil {
		t.Errorf("good closures refused: %v", err)
	}
	bad := []struct {
		c    []kith.Closure
		says string
	}{
		{[]kith.Closure{{From: d(t, "2026-12-31"), To: d(t, "2026-12-29"), Name: "Backwards"}}, "must be the same as or after"},
		{[]kith.Closure{{From: d(t, "2026-12-29"), To: d(t, "2026-12-31"), Name: ""}}, "Enter a name"},
		{[]kith.Closure{ok[0], {From: d(t, "2026-12-31"), To: d(t, "2027-01-01"), Name: "New Year"}}, "overlaps"},
		{[]kith.Closure{{From: d(t, "2026-12-01"), To: d(t, "2027-02-01"), Name: "Too long"}}, "longer than a month"},
	}
	for _, tt := range bad {
		if err := kith.CheckClosures(tt.c); err == nil || !strings.Contains(err.Error(), tt.says) {
			t.Errorf("CheckClosures(%v) = %v, want %q", tt.c, err, tt.says)
		}
	}
}
