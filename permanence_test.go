package kith_test

import (
	"testing"

	"kith"
)

func TestPreviousPermanenceInput(t *testing.T) {
	start := d(t, "2026-03-10")
	for _, tc := range []struct {
		name               string
		in                 kith.PreviousPermanenceInput
		wantDate, badField string
	}{
		{"no", kith.PreviousPermanenceInput{Option: "Z1"}, "", ""},
		{"not known", kith.PreviousPermanenceInput{Option: "P4"}, "", ""},
		{"an SGO, the whole date", kith.PreviousPermanenceInput{Option: "P2", LA: "333", OrderDay: "4", OrderMonth: "5", OrderYear: "2020"}, "04/05/2020", ""},
		{"month and year known", kith.PreviousPermanenceInput{Option: "P1", LA: " wal ", OrderMonth: "5", OrderYear: "2020"}, "zz/05/2020", ""},
		{"year known", kith.PreviousPermanenceInput{Option: "P3", LA: "202", OrderYear: "2021"}, "zz/zz/2021", ""},
		{"nothing known of the date", kith.PreviousPermanenceInput{Option: "P3", LA: "202"}, "zz/zz/zzzz", ""},
		{"no option", kith.PreviousPermanenceInput{}, "", "option"},
		{"an unknown option", kith.PreviousPermanenceInput{Option: "P9"}, "", "option"},
		{"an order needs its council", kith.PreviousPermanenceInput{Option: "P2"}, "", "la"},
		{"not a council's code", kith.PreviousPermanenceInput{Option: "P2", LA: "001"}, "", "la"},
		{"no order, but a council", kith.PreviousPermanenceInput{Option: "Z1", LA: "202"}, "", "la"},
		{"an order on the day care began", kith.PreviousPermanenceInput{Option: "P2", LA: "333", OrderDay: "10", OrderMonth: "3", OrderYear: "2026"}, "", "order"},
		{"a day without its month", kith.PreviousPermanenceInput{Option: "P2", LA: "333", OrderDay: "10", OrderYear: "2020"}, "", "order"},
		{"month 13", kith.PreviousPermanenceInput{Option: "P2", LA: "333", OrderMonth: "13", OrderYear: "2020"}, "", "order"},
		{"a year after care began", kith.PreviousPermanenceInput{Option: "P2", LA: "333", OrderYear: "2027"}, "", "order"},
		{"31 February", kith.PreviousPermanenceInput{Option: "P2", LA: "333", OrderDay: "31", OrderMonth: "2", OrderYear: "2020"}, "", "order"},
	} {
		got, err := tc.in.Validate(start)
		switch {
		case tc.badField == "" && (err != nil || got != tc.wantDate):
			t.Errorf("%s: %q %v, want %q", tc.name, got, err, tc.wantDate)
		case tc.badField != "":
			f := kith.ErrorFields(err)
			if len(f) != 1 || f[0].Field != tc.badField {
				t.Errorf("%s: %v, want a problem with %s", tc.name, err, tc.badField)
			}
		}
	}
}

// The 903 carries the previous permanence of a period of care that began
// in the year, and asks for it (PermanenceDue) only then.
func TestSSDA903PreviousPermanence(t *testing.T) {
	y, _ := kith.ParseCollectionYear("2025-26")
	facts := func(started string) *kith.ReturnFacts {
		return &kith.ReturnFacts{CaseReference: "KTH-2025-000001", BirthDate: d(t, "2015-01-01"), Care: kith.LookedAfter{
			Episodes:   []kith.CareEpisode{{StartedOn: d(t, started), ReasonNew: kith.RNEStarted, LegalStatus: "C2", PlacementType: "U4"}},
			Permanence: []kith.PreviousPermanence{{PeriodStart: d(t, started), Option: "P2", LA: "333", OrderDate: "zz/05/2020"}},
		}}
	}
	c, _ := kith.SSDA903ChildOf(facts("2025-06-01"), y)
	if c.PermanenceDue != d(t, "2025-06-01") || c.Permanence == nil || c.Permanence.Option != "P2" {
		t.Errorf("care began in the year: due %s, %+v", c.PermanenceDue, c.Permanence)
	}
	c, _ = kith.SSDA903ChildOf(facts("2024-06-01"), y)
	if !c.PermanenceDue.IsZero() || c.Permanence != nil {
		t.Errorf("care began the year before: due %s, %+v", c.PermanenceDue, c.Permanence)
	}
}
