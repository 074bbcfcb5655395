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

func TestSummaryStartChecks(t *testing.T) {
	today := Date{2026, 11, 24}
	done := []FinalSummary{{Reason: SummaryPeriodic, Period: SummaryPeriod{Date{2026, 6, 1}, Date{2026, 8, 31}}}}
	tests := []struct {
		name string
		in   SummaryStart
		want map[string]string
	}{
		{"fine", SummaryStart{Reason: SummaryPeriodic, Period: SummaryPeriod{Date{2026, 9, 1}, today}}, nil},
		{"no reason", SummaryStart{Period: SummaryPeriod{Date{2026, 9, 1}, today}}, map[string]string{"reason": "Select why you are writing the summary"}},
		{"overlap", SummaryStart{Reason: SummaryPeriodic, Period: SummaryPeriod{Date{2026, 8, 1}, today}},
			map[string]string{"overlap_reason": "A three-monthly summary already covers 1 June 2026 to 31 August 2026: say why this one covers the same days, or change the dates"}},
		{"overlap explained", SummaryStart{Reason: SummaryPeriodic, Period: SummaryPeriod{Date{2026, 8, 1}, today}, OverlapReason: "New information from school"}, nil},
		{"overlap with another reason", SummaryStart{Reason: SummaryClosure, Period: SummaryPeriod{Date{2026, 8, 1}, today}}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) { assertFields(t, fields(tt.in.Check(today, done)), tt.want) })
	}
}

func TestSuggestedPeriodFollowsTheLastSummary(t *testing.T) {
	today := Date{2026, 11, 24}
	done := []FinalSummary{{Period: SummaryPeriod{Date{2026, 6, 1}, Date{2026, 8, 31}}}}
	tests := []struct {
		name      string
		allocated Date
		done      []FinalSummary
		want      SummaryPeriod
	}{
		{"after the last summary", Date{2026, 1, 5}, done, SummaryPeriod{Date{2026, 9, 1}, today}},
		{"from the allocation", Date{2026, 8, 20}, nil, SummaryPeriod{Date{2026, 8, 20}, today}},
		{"at most a year", Date{2020, 1, 1}, nil, SummaryPeriod{Date{2025, 11, 25}, today}},
		{"never unallocated and unsummarised beyond a year", Date{}, nil, SummaryPeriod{Date{2025, 11, 25}, today}},
	}
	for _, tt := range tests {
		if got := SuggestedPeriod(today, tt.allocated, tt.done); got != tt.want {
			t.Errorf("%s: got %v, want %v", tt.name, got, tt.want)
		}
	}
}

func TestSharingChecks(t *testing.T) {
	today, finalised := Date{2026, 11, 24}, Date{2026, 11, 20}
	ok := SharingInput{On: Date{2026, 11, 21}, How: "At a home visit", With: "Amy and Carol", Comments: "We agree", WrittenBy: WrittenByFamily}
	tests := []struct {
		name string
		edit func(*SharingInput)
		want map[string]string
	}{
		{"fine", func(*SharingInput) {}, nil},
		{"no comments is allowed", func(in *SharingInput) { in.Comments = "" }, nil},
		{"before it was finalised", func(in *SharingInput) { in.On = Date{2026, 11, 19} },
			map[string]string{"on": "The summary was finalised on 20 November 2026: it cannot have been shared before then"}},
		{"in the future", func(in *SharingInput) { in.On = Date{2026, 11, 25} }, map[string]string{"on": "The date the summary was shared must be today or earlier"}},
		{"nothing", func(in *SharingInput) { *in = SharingInput{} }, map[string]string{"on": "Enter the date the summary was shared",
			"how": "Enter how the summary was shared, for example at a home visit", "with": "Enter who it was shared and discussed with", "written_by": "Select who wrote the comments"}},
	}
	for _, tt := range tests {
		in := ok
		tt.edit(&in)
		t.Run(tt.name, func(t *testing.T) { assertFields(t, fields(in.Check(finalised, today)), tt.want) })
	}
}

func TestClosingOrTransferringNeedsACoveringSummary(t *testing.T) {
	last := Date{2026, 11, 20}
	upTo := func(d Date) []FinalSummary { return []FinalSummary{{Period: SummaryPeriod{Date{2026, 8, 1}, d}}} }
	tests := []struct {
		name    string
		reason  SummaryReason
		done    []FinalSummary
		without string
		last    Date
		want    map[string]string
	}{
		{"covered to the last record's day", SummaryClosure, upTo(last), "", last, nil},
		{"no records, nothing to cover", SummaryClosure, nil, "", Date{}, nil},
		{"a manager's reason", SummaryTransfer, nil, "The worker left suddenly", last, nil},
		{"a blank reason is no reason", SummaryClosure, upTo(Date{2026, 11, 19}), "  ", last, map[string]string{"without_summary": "No finalised case summary covers the record up to 20 November 2026, the day of the last record. Write a closing summary first, or give the reason to go ahead without one"}},
		{"a transfer", SummaryTransfer, nil, "", last, map[string]string{"without_summary": "No finalised case summary covers the record up to 20 November 2026, the day of the last record. Write a transfer summary first, or give the reason to go ahead without one"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			assertFields(t, fields(CheckCovered(tt.reason, tt.last, tt.done, tt.without)), tt.want)
		})
	}
}

func TestASummaryIsFinalisedOnlyWithCurrentFacts(t *testing.T) {
	p := SummaryPeriod{Date{2026, 9, 1}, Date{2026, 11, 30}}
	visit := FactRecord{RecordID: "r1", On: Date{2026, 10, 1}, Type: "Home visit", Headline: "Visit"}
	was := SummaryFacts{Period: p, Contacts: []ContactType{{Type: "Home visit", Records: []FactRecord{visit}}}}
	if err := CheckFactsCurrent(was, was); err != nil {
		t.Errorf("the same facts: %v", err)
	}
	now := was
	now.Contacts = nil
	err := CheckFactsCurrent(was, now)
	if ErrorCode(err) != ECONFLICT || ErrorMessage(err) != "The record for 1 September 2026 to 30 November 2026 has changed since the facts were gathered (1 change). Select “Gather the facts again” to see what changed and check your writing, then finalise." {
		t.Errorf("a withdrawn record: %v", err)
	}
}
