package kith_test

import (
	"testing"

	"kith"
)

func TestPermanencePlanInput(t *testing.T) {
	today, start := d(t, "2026-06-01"), d(t, "2025-01-10")
	for _, tc := range []struct {
		name  string
		in    kith.PermanencePlanInput
		ended string
		bad   string
	}{
		{"long-term fostering", kith.PermanencePlanInput{Plan: "fostering", AgreedOn: d(t, "2025-05-10")}, "", ""},
		{"on the day care began", kith.PermanencePlanInput{Plan: "return_home", AgreedOn: start}, "", ""},
		{"today", kith.PermanencePlanInput{Plan: "adoption", AgreedOn: today}, "", ""},
		{"before care began", kith.PermanencePlanInput{Plan: "adoption", AgreedOn: d(t, "2025-01-09")}, "", "agreed_on"},
		{"tomorrow", kith.PermanencePlanInput{Plan: "adoption", AgreedOn: today.AddDays(1)}, "", "agreed_on"},
		{"after care ended", kith.PermanencePlanInput{Plan: "sgo_cao", AgreedOn: d(t, "2026-03-02")}, "2026-03-01", "agreed_on"},
		{"the day care ended", kith.PermanencePlanInput{Plan: "sgo_cao", AgreedOn: d(t, "2026-03-01")}, "2026-03-01", ""},
		{"no date", kith.PermanencePlanInput{Plan: "other"}, "", "agreed_on"},
		{"no plan", kith.PermanencePlanInput{AgreedOn: d(t, "2025-05-10")}, "", "plan"},
		{"a plan not on the list", kith.PermanencePlanInput{Plan: "kinship", AgreedOn: d(t, "2025-05-10")}, "", "plan"},
	} {
		var ended kith.Date
		if tc.ended != "" {
			ended = d(t, tc.ended)
		}
		onlyProblem(t, tc.name, tc.in.Validate(today, start, ended), tc.bad)
	}
}

func TestPeriodPermanencePlan(t *testing.T) {
	l := kith.LookedAfter{Episodes: []kith.CareEpisode{{StartedOn: d(t, "2020-01-01"), ReasonNew: kith.RNEStarted, EndedOn: d(t, "2021-01-01")},
		{StartedOn: d(t, "2025-01-10"), ReasonNew: kith.RNEStarted}},
		PermanencePlans: []kith.PermanencePlan{{PeriodStart: d(t, "2020-01-01"), PermanencePlanInput: kith.PermanencePlanInput{Plan: "return_home"}}}}
	if p := l.PeriodPermanencePlan(); p != nil {
		t.Errorf("the period before's plan is this one's: %+v", p)
	}
	l.PermanencePlans = append(l.PermanencePlans, kith.PermanencePlan{PeriodStart: d(t, "2025-01-10"), PermanencePlanInput: kith.PermanencePlanInput{Plan: "fostering"}})
	if p := l.PeriodPermanencePlan(); p == nil || p.Plan != "fostering" {
		t.Errorf("this period's plan: %+v", p)
	}
}
