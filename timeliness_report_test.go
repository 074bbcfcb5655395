package kith_test

import (
	"errors"
	"testing"

	"kith"
)

func TestBuildTimelinessReport(t *testing.T) {
	period := kith.TimelinessPeriod{From: "2026-09", To: "2026-11"}
	c := func(month kith.Month, author, tmpl string, risk bool, taken int, onTime bool, n int) kith.TimelinessCount {
		return kith.TimelinessCount{Month: month, TeamID: "t", AuthorID: author, TemplateKey: tmpl, Risk: risk, Taken: taken, OnTime: onTime, Records: n}
	}
	counts := []kith.TimelinessCount{
		c("2026-09", "ann", "home-visit", false, 1, true, 6),
		c("2026-09", "ann", "home-visit", false, 5, false, 2),
		c("2026-11", "ann", "phone-call", true, 2, false, 1),
		c("2026-11", "ben", "phone-call", false, 3, true, 1),
		c("2026-11", "ben", "phone-call", false, 9, false, 0), // withdrawn to nothing
	}
	r := kith.BuildTimelinessReport(period, "North", kith.SplitCounts(counts), kith.ReportNames{Templates: map[string]string{"home-visit": "Home visit"}, Workers: map[string]string{"ann": "Ann Ash"}})
	tot := r.Total
	if tot.Records != 10 || tot.OnTime != 7 || tot.PercentOnTime != 70 || tot.MedianTaken != 1 || tot.P90Taken != 5 {
		t.Errorf("total = %+v, want 10 records, 7 on time (70%%), median 1, p90 5", tot)
	}
	if len(r.ByMonth) != 3 || r.ByMonth[1].Label != "October 2026" || r.ByMonth[1].Records != 0 || r.ByMonth[2].Records != 2 {
		t.Errorf("by month = %+v, want September to November with an empty October", r.ByMonth)
	}
	if r.ByType[0].Label != "Home visit" || r.ByType[0].Records != 8 || r.ByType[1].Label != "phone-call" || r.ByType[1].MedianTaken != 2 {
		t.Errorf("by type = %+v", r.ByType)
	}
	if r.ByRisk[0].Records != 1 || r.ByRisk[0].OnTime != 0 || r.ByRisk[1].Records != 9 {
		t.Errorf("by risk = %+v", r.ByRisk)
	}
	if r.ByWorker[0].Label != "Ann Ash" || r.ByWorker[0].Records != 9 || r.ByWorker[1].Key != "ben" {
		t.Errorf("by worker = %+v", r.ByWorker)
	}
	empty := kith.BuildTimelinessReport(period, "North", kith.TimelinessCounts{}, kith.ReportNames{})
	if empty.Total.Records != 0 || empty.Total.PercentOnTime != 0 || empty.Total.MedianTaken != 0 || len(empty.ByMonth) != 3 {
		t.Errorf("empty report = %+v", empty.Total)
	}
}

func TestPercentileNearestRank(t *testing.T) {
	// 10 records taking 0..9 days: the median is 4 (5 of 10 within 4 days), the 90th percentile 8.
	var counts []kith.TimelinessCount
	for i := 0; i < 10; i++ {
		counts = append(counts, kith.TimelinessCount{Month: "2026-11", TemplateKey: "x", AuthorID: "a", Taken: i, OnTime: i < 5, Records: 1})
	}
	r := kith.BuildTimelinessReport(kith.TimelinessPeriod{From: "2026-11", To: "2026-11"}, "", kith.SplitCounts(counts), kith.ReportNames{})
	if r.Total.MedianTaken != 4 || r.Total.P90Taken != 8 {
		t.Errorf("median %d, p90 %d; want 4 and 8", r.Total.MedianTaken, r.Total.P90Taken)
	}
}

func TestCheckPeriod(t *testing.T) {
	today := d(t, "2026-11-24")
	tests := []struct {
		from, to kith.Month
		field    string
	}{
		{"2025-12", "2026-11", ""},
		{"", "2026-11", "from"},
		{"2026-11", "2026-10", "to"},
		{"2026-11", "2026-12", "to"},
		{"2023-01", "2026-11", "from"},
		{"2023-12", "2026-11", ""},
	}
	for _, tt := range tests {
		err := kith.CheckPeriod(kith.TimelinessPeriod{From: tt.from, To: tt.to}, today)
		fields := kith.ErrorFields(err)
		switch {
		case tt.field == "" && err != nil:
			t.Errorf("%s to %s refused: %v", tt.from, tt.to, err)
		case tt.field != "" && (len(fields) != 1 || fields[0].Field != tt.field):
			t.Errorf("%s to %s: %v, want an error on %s", tt.from, tt.to, err, tt.field)
		}
	}
	if p := kith.LastTwelveMonths(today); p.From != "2025-12" || p.To != "2026-11" {
		t.Errorf("last twelve months = %+v", p)
	}
	if m, ok := kith.ParseMonth("2026-02"); !ok || m.Add(-2) != "2025-12" || m.Label() != "February 2026" {
		t.Errorf("month arithmetic: %v %v", m, ok)
	}
	if _, ok := kith.ParseMonth("2026-13"); ok {
		t.Error("month 13 accepted")
	}
}

func TestParsePeriod(t *testing.T) {
	today := d(t, "2026-11-24")
	for _, tt := range []struct {
		from, to string
		want     kith.TimelinessPeriod
	}{
		{"", "", kith.TimelinessPeriod{From: "2025-12", To: "2026-11"}},
		{"", "2026-06", kith.TimelinessPeriod{From: "2025-07", To: "2026-06"}},
		{"2026-01", "", kith.TimelinessPeriod{From: "2026-01", To: "2026-11"}},
		{"2026-13", "2026-11", kith.TimelinessPeriod{To: "2026-11"}},
		{"", "June", kith.TimelinessPeriod{}},
	} {
		if got := kith.ParsePeriod(tt.from, tt.to, today); got != tt.want {
			t.Errorf("ParsePeriod(%q, %q) = %+v, want %+v", tt.from, tt.to, got, tt.want)
		}
	}
}

// TestCountsWithout: the records of cases the reader may not count come
// out of the kept counts key by key, both ways the report adds them up,
// and out of the team view's records this month; whatever is left with
// none goes.
func TestCountsWithout(t *testing.T) {
	c := func(month kith.Month, author, tmpl string, risk bool, taken int, onTime bool, n int) kith.TimelinessCount {
		return kith.TimelinessCount{Month: month, AuthorID: author, TemplateKey: tmpl, Risk: risk, Taken: taken, OnTime: onTime, Records: n}
	}
	kept := kith.SplitCounts([]kith.TimelinessCount{
		c("2026-11", "ann", "home-visit", false, 1, true, 4),
		c("2026-11", "ann", "phone-call", true, 2, false, 1),
		c("2026-11", "ben", "home-visit", false, 1, true, 2),
	})
	// Ben's one home visit and Ann's late phone call were on a restricted
	// case.
	hidden := []kith.TimelinessCount{
		c("2026-11", "ben", "home-visit", false, 1, true, 1),
		c("2026-11", "ann", "phone-call", true, 2, false, 1),
	}
	r := kith.BuildTimelinessReport(kith.TimelinessPeriod{From: "2026-11", To: "2026-11"}, "North", kept.Without(hidden), kith.ReportNames{})
	if r.Total.Records != 5 || r.Total.OnTime != 5 || r.ByRisk[0].Records != 0 || len(r.ByType) != 1 || r.ByType[0].Records != 5 {
		t.Errorf("without the restricted case: total %+v, risk %+v, types %+v", r.Total, r.ByRisk[0], r.ByType)
	}
	workers := map[string]int{}
	for _, w := range r.ByWorker {
		workers[w.Key] = w.Records
	}
	if len(workers) != 2 || workers["ann"] != 4 || workers["ben"] != 1 {
		t.Errorf("workers = %v, want Ann 4 and Ben 1", workers)
	}
	if got := kept.Without(nil); len(got.ByKind) != len(kept.ByKind) || len(got.ByWorker) != len(kept.ByWorker) {
		t.Errorf("nothing hidden changed the counts: %+v", got)
	}
	// Every record of a worker hidden: the worker goes.
	if got := kith.SplitCounts([]kith.TimelinessCount{c("2026-11", "ben", "home-visit", false, 1, true, 1)}).Without(hidden[:1]); len(got.ByKind) != 0 || len(got.ByWorker) != 0 {
		t.Errorf("a worker with no records left: %+v", got)
	}

	month := []kith.MonthRecords{{WorkerID: "ann", WorkerName: "Ann Ash", Finalised: 5, Late: 1}, {WorkerID: "ben", WorkerName: "Ben Birch", Finalised: 1}}
	got := kith.MonthRecordsWithout(month, hidden)
	if len(got) != 1 || got[0].WorkerID != "ann" || got[0].Finalised != 4 || got[0].Late != 0 {
		t.Errorf("records this month without the restricted case: %+v, want Ann with 4, none late", got)
	}
	if got := kith.MonthRecordsWithout(month, nil); len(got) != 2 || got[0].Finalised != 5 {
		t.Errorf("nothing hidden changed the month: %+v", got)
	}
}

func TestCheckSliceAndSliceLabel(t *testing.T) {
	p := kith.TimelinessPeriod{From: "2026-10", To: "2026-12"}
	for _, tt := range []struct {
		s     kith.TimelinessSlice
		field string
		label string
	}{
		{kith.TimelinessSlice{}, "", "Records"},
		{kith.TimelinessSlice{Month: "2026-11", Timing: "late"}, "", "Records finalised late: November 2026"},
		{kith.TimelinessSlice{TemplateKey: "home-visit", Risk: "risk", Timing: "on-time"}, "", "Records finalised on time: Home visit, harm or risk identified"},
		{kith.TimelinessSlice{WorkerID: "u1", Risk: "no-risk"}, "", "Records: no harm or risk identified, written by Ann Ash"},
		{kith.TimelinessSlice{Month: "2026-09"}, "month", ""},
		{kith.TimelinessSlice{Month: "2027-01"}, "month", ""},
		{kith.TimelinessSlice{Risk: "yes"}, "risk", ""},
		{kith.TimelinessSlice{Timing: "soon"}, "timing", ""},
	} {
		err := kith.CheckSlice(tt.s, p)
		if tt.field == "" {
			if err != nil {
				t.Errorf("%+v: %v", tt.s, err)
			}
			if got := kith.SliceLabel(tt.s, "Home visit", "Ann Ash"); got != tt.label {
				t.Errorf("%+v: label %q, want %q", tt.s, got, tt.label)
			}
			continue
		}
		var e *kith.Error
		if !errors.As(err, &e) || len(e.Fields) != 1 || e.Fields[0].Field != tt.field {
			t.Errorf("%+v: %v, want a message for %s", tt.s, err, tt.field)
		}
	}
}
