package kith_test

import (
	"testing"

	"kith"
	"kith/calendar"
)

// The initial conference is due 15 working days from the strategy
// discussion (Working Together 2023, chapter 3), past weekends and bank
// holidays.
func TestConferenceTarget(t *testing.T) {
	wd := calendar.EnglandAndWales()
	for _, tc := range []struct{ strategy, due string }{
		{"2026-11-02", "2026-11-23"}, // three weeks from a Monday
		{"2026-12-02", "2026-12-23"},
		// Across Christmas 2026: 25 and 28 December and 1 January are not
		// counted.
		{"2026-12-18", "2027-01-13"},
	} {
		if got := kith.ConferenceTarget(d(t, tc.strategy), wd); got != d(t, tc.due) {
			t.Errorf("strategy discussion %s: due %s, want %s", tc.strategy, got, tc.due)
		}
	}
}

// The conference clock runs until the conference is held or the enquiry
// concludes that none is needed.
func TestConferenceClock(t *testing.T) {
	for _, tc := range []struct {
		name                   string
		s                      kith.Section47
		awaits, noConf, isOpen bool
	}{
		{"going on", kith.Section47{}, true, false, true},
		{"concluded for a conference", kith.Section47{Outcome: kith.S47Conference}, true, false, false},
		{"conference held", kith.Section47{Outcome: kith.S47Conference, ConferenceOn: d(t, "2026-11-20")}, false, false, false},
		{"held before the outcome was recorded", kith.Section47{ConferenceOn: d(t, "2026-11-20")}, false, false, true},
		{"not substantiated", kith.Section47{Outcome: kith.S47NotSubstantiated}, false, true, false},
		{"no continuing risk", kith.Section47{Outcome: kith.S47NoContinuingRisk}, false, true, false},
	} {
		if got := tc.s.AwaitsConference(); got != tc.awaits {
			t.Errorf("%s: awaits a conference %v, want %v", tc.name, got, tc.awaits)
		}
		if got := tc.s.NoConference(); got != tc.noConf {
			t.Errorf("%s: no conference needed %v, want %v", tc.name, got, tc.noConf)
		}
		if got := tc.s.Open(); got != tc.isOpen {
			t.Errorf("%s: open %v, want %v", tc.name, got, tc.isOpen)
		}
	}
}

func TestS47OutcomeValidation(t *testing.T) {
	today, started := d(t, "2026-12-05"), d(t, "2026-11-20")
	for _, tc := range []struct {
		name  string
		in    kith.S47OutcomeInput
		field string
	}{
		{"conference", kith.S47OutcomeInput{Outcome: kith.S47Conference, ConcludedOn: d(t, "2026-12-01")}, ""},
		{"not substantiated, with why", kith.S47OutcomeInput{Outcome: kith.S47NotSubstantiated, NoConferenceReason: "The bruise was from football, seen by the coach."}, ""},
		{"no outcome", kith.S47OutcomeInput{ConcludedOn: d(t, "2026-12-01")}, "outcome"},
		{"not an outcome", kith.S47OutcomeInput{Outcome: "nfa"}, "outcome"},
		{"no conference and no why", kith.S47OutcomeInput{Outcome: kith.S47NoContinuingRisk, NoConferenceReason: " "}, "no_conference_reason"},
		{"before the strategy discussion", kith.S47OutcomeInput{Outcome: kith.S47Conference, ConcludedOn: d(t, "2026-11-19")}, "concluded_on"},
		{"in the future", kith.S47OutcomeInput{Outcome: kith.S47Conference, ConcludedOn: d(t, "2026-12-07")}, "concluded_on"},
	} {
		t.Run(tc.name, func(t *testing.T) { checkField(t, tc.in.Validate(today, started), tc.field) })
	}
}

func TestConferenceValidation(t *testing.T) {
	today, started := d(t, "2026-12-05"), d(t, "2026-11-20")
	for _, tc := range []struct {
		name  string
		in    kith.ConferenceInput
		field string
	}{
		{"a plan", kith.ConferenceInput{HeldOn: d(t, "2026-12-04"), Decision: kith.ConferencePlan, Category: "NEG"}, ""},
		{"no plan", kith.ConferenceInput{HeldOn: started, Decision: kith.ConferenceNoPlan}, ""},
		{"no date", kith.ConferenceInput{Decision: kith.ConferenceNoPlan}, "held_on"},
		{"before the strategy discussion", kith.ConferenceInput{HeldOn: d(t, "2026-11-19"), Decision: kith.ConferenceNoPlan}, "held_on"},
		{"in the future", kith.ConferenceInput{HeldOn: d(t, "2026-12-06"), Decision: kith.ConferenceNoPlan}, "held_on"},
		{"no decision", kith.ConferenceInput{HeldOn: started}, "decision"},
		{"a plan with no category", kith.ConferenceInput{HeldOn: started, Decision: kith.ConferencePlan}, "category"},
		{"a category not on the list", kith.ConferenceInput{HeldOn: started, Decision: kith.ConferencePlan, Category: "DOM"}, "category"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			checkField(t, tc.in.Validate(today, started, &kith.Person{DateOfBirth: d(t, "2015-05-05")}), tc.field)
		})
	}
	// A plan for an unborn child needs the expected date of birth.
	plan := kith.ConferenceInput{HeldOn: started, Decision: kith.ConferencePlan, Category: "NEG"}
	checkField(t, plan.Validate(today, started, &kith.Person{ExpectedDateOfBirth: d(t, "2027-02-01")}), "")
	checkField(t, plan.Validate(today, started, &kith.Person{}), "decision")
	none := kith.ConferenceInput{HeldOn: started, Decision: kith.ConferenceNoPlan, Category: "NEG"}
	if err := none.Validate(today, started, nil); err != nil || none.Category != "" {
		t.Errorf("no plan keeps no category: %v %q", err, none.Category)
	}
	var noStrategy kith.Section47Input
	checkField(t, noStrategy.Validate(), "strategy_record_id")
}
