package kith

import "testing"

func TestSummaryPeriodChecks(t *testing.T) {
	today := Date{2026, 11, 24}
	tests := []struct {
		name string
		p    SummaryPeriod
		want map[string]string
	}{
		{"three months to today", SummaryPeriod{Date{2026, 8, 24}, today}, nil},
		{"one day", SummaryPeriod{today, today}, nil},
		{"nothing", SummaryPeriod{}, map[string]string{"from": "Enter the first day the summary covers", "to": "Enter the last day the summary covers"}},
		{"ends before it starts", SummaryPeriod{Date{2026, 11, 1}, Date{2026, 10, 1}}, map[string]string{"to": "The last day must be on or after the first day, 1 November 2026"}},
		{"in the future", SummaryPeriod{Date{2026, 11, 1}, Date{2026, 11, 25}}, map[string]string{"to": "The summary cannot cover days still to come: the last day must be today or earlier"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) { assertFields(t, fields(tt.p.Check(today)), tt.want) })
	}
}

func TestSummaryPeriodsContainAndOverlapBothEnds(t *testing.T) {
	p := SummaryPeriod{Date{2026, 9, 1}, Date{2026, 11, 30}}
	for d, want := range map[Date]bool{{2026, 9, 1}: true, {2026, 11, 30}: true, {2026, 8, 31}: false, {2026, 12, 1}: false} {
		if p.Contains(d) != want {
			t.Errorf("Contains(%v) = %v", d, !want)
		}
	}
	if !p.Overlaps(SummaryPeriod{Date{2026, 11, 30}, Date{2027, 2, 28}}) || p.Overlaps(SummaryPeriod{Date{2026, 12, 1}, Date{2027, 2, 28}}) {
		t.Error("periods sharing only their last and first day overlap; consecutive ones do not")
	}
}

func TestOverlappingSummariesNeedAReason(t *testing.T) {
	done := []FinalSummary{{Reason: SummaryPeriodic, Period: SummaryPeriod{Date{2026, 6, 1}, Date{2026, 8, 31}}}}
	p := SummaryPeriod{Date{2026, 8, 1}, Date{2026, 11, 24}}
	if got := fields(CheckOverlap(p, SummaryPeriodic, done, ""))["overlap_reason"]; got !=
		"A three-monthly summary already covers 1 June 2026 to 31 August 2026: say why this one covers the same days, or change the dates" {
		t.Errorf("overlap warning = %q", got)
	}
	if err := CheckOverlap(p, SummaryPeriodic, done, "New information from the school about the summer"); err != nil {
		t.Errorf("with a reason: %v", err)
	}
	if err := CheckOverlap(p, SummaryClosure, done, ""); err != nil {
		t.Errorf("a closure summary may cover a periodic summary's days: %v", err)
	}
}

func TestClosingNeedsASummaryOfEverything(t *testing.T) {
	done := []FinalSummary{{Reason: SummaryPeriodic, Period: SummaryPeriod{Date{2026, 8, 1}, Date{2026, 10, 31}}}}
	if SummaryCovers(Date{2026, 11, 3}, done) {
		t.Error("a record after the last summary needs a new summary before closing")
	}
	if !SummaryCovers(Date{2026, 10, 31}, done) {
		t.Error("a record on the summary's last day is covered")
	}
	if !SummaryCovers(Date{}, nil) {
		t.Error("a case with no records needs no summary")
	}
	if SummaryCovers(Date{2026, 1, 1}, nil) {
		t.Error("a case with records and no summary is not covered")
	}
}
