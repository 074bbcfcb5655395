package kith_test

import (
	"strings"
	"testing"

	"kith"
)

func TestAdoptionDecisionInput(t *testing.T) {
	today, start := d(t, "2026-06-01"), d(t, "2025-01-10")
	for _, tc := range []struct {
		name  string
		in    kith.AdoptionDecisionInput
		ended string
		bad   string
	}{
		{"a decision", kith.AdoptionDecisionInput{DecidedOn: d(t, "2025-08-01")}, "", ""},
		{"before care began", kith.AdoptionDecisionInput{DecidedOn: d(t, "2025-01-09")}, "", "decided_on"},
		{"on the day care began", kith.AdoptionDecisionInput{DecidedOn: start}, "", ""},
		{"tomorrow", kith.AdoptionDecisionInput{DecidedOn: today.AddDays(1)}, "", "decided_on"},
		{"after care ended", kith.AdoptionDecisionInput{DecidedOn: d(t, "2026-03-02")}, "2026-03-01", "decided_on"},
		{"reversed, with a reason", kith.AdoptionDecisionInput{DecidedOn: d(t, "2025-08-01"), ReversedOn: d(t, "2026-01-05"), ReversalReason: "RD2"}, "", ""},
		{"reversed the same day", kith.AdoptionDecisionInput{DecidedOn: d(t, "2025-08-01"), ReversedOn: d(t, "2025-08-01"), ReversalReason: "RD1"}, "", ""},
		{"reversed before", kith.AdoptionDecisionInput{DecidedOn: d(t, "2025-08-01"), ReversedOn: d(t, "2025-07-31"), ReversalReason: "RD1"}, "", "reversed_on"},
		{"reversed without a reason", kith.AdoptionDecisionInput{DecidedOn: d(t, "2025-08-01"), ReversedOn: d(t, "2026-01-05")}, "", "reversal_reason"},
		{"a reason without a reversal", kith.AdoptionDecisionInput{DecidedOn: d(t, "2025-08-01"), ReversalReason: "RD3"}, "", "reversed_on"},
		{"reversed, the child adopted", kith.AdoptionDecisionInput{DecidedOn: d(t, "2025-08-01"), ReversedOn: d(t, "2026-01-05"), ReversalReason: "RD4"}, "2026-03-01 E11", "reversed_on"},
		{"reversed, the child gone home", kith.AdoptionDecisionInput{DecidedOn: d(t, "2025-08-01"), ReversedOn: d(t, "2026-01-05"), ReversalReason: "RD1"}, "2026-03-01 E4A", ""},
	} {
		var latest kith.CareEpisode
		if on, rec, ok := strings.Cut(tc.ended, " "); tc.ended != "" {
			latest.EndedOn, latest.ReasonEnded = d(t, on), rec
			if !ok {
				latest.ReasonEnded = "E4A"
			}
		}
		err := tc.in.Validate(today, start, latest)
		switch f := kith.ErrorFields(err); {
		case tc.bad == "" && err != nil:
			t.Errorf("%s: %v", tc.name, err)
		case tc.bad != "" && (len(f) == 0 || f[0].Field != tc.bad):
			t.Errorf("%s: %v, want a problem with %s", tc.name, err, tc.bad)
		}
	}
}

// The adopters' codes fit together as the validator's rules 511, 514 and
// 517–524 ask.
func TestAdoptionMatchInput(t *testing.T) {
	today := d(t, "2026-06-01")
	decision := &kith.AdoptionDecision{DecidedOn: d(t, "2025-08-01")}
	reversed := &kith.AdoptionDecision{DecidedOn: d(t, "2025-08-01"), ReversedOn: d(t, "2025-12-01"), ReversalReason: "RD1"}
	match := func(sex, status string) kith.AdoptionMatchInput {
		return kith.AdoptionMatchInput{MatchedOn: d(t, "2026-02-01"), AdoptersSex: sex, AdoptersStatus: status}
	}
	for _, tc := range []struct {
		name     string
		in       kith.AdoptionMatchInput
		decision *kith.AdoptionDecision
		bad      string
	}{
		{"a married couple", match("MF", "L11"), decision, ""},
		{"two women, married", match("FF", "L12"), decision, ""},
		{"two men, civil partners", match("MM", "L2"), decision, ""},
		{"a man and a woman, civil partners", match("MF", "L2"), decision, ""},
		{"a woman alone", match("F1", "L0"), decision, ""},
		{"a woman alone, as a couple", match("F1", "L11"), decision, "adopters_status"},
		{"a couple, as alone", match("MF", "L0"), decision, "adopters_status"},
		{"two women, as L11", match("FF", "L11"), decision, "adopters_status"},
		{"two men, as L3", match("MM", "L3"), decision, "adopters_status"},
		{"a man and a woman, as L4", match("MF", "L4"), decision, "adopters_status"},
		{"no decision", match("MF", "L11"), nil, "matched_on"},
		{"the decision reversed", match("MF", "L11"), reversed, "matched_on"},
		{"before the decision", kith.AdoptionMatchInput{MatchedOn: d(t, "2025-07-01"), AdoptersSex: "MF", AdoptersStatus: "L3"}, decision, "matched_on"},
		{"not a code", match("XY", "L11"), decision, "adopters_sex"},
		{"after the placement for adoption", match("MF", "L11"), decision, "matched_on"},
		{"on the day of the placement", match("MF", "L11"), decision, ""},
	} {
		var placed kith.Date
		switch tc.name {
		case "after the placement for adoption":
			placed = d(t, "2026-01-20")
		case "on the day of the placement":
			placed = d(t, "2026-02-01")
		}
		err := tc.in.Validate(today, tc.decision, placed)
		switch f := kith.ErrorFields(err); {
		case tc.bad == "" && err != nil:
			t.Errorf("%s: %v", tc.name, err)
		case tc.bad != "" && (len(f) == 0 || f[0].Field != tc.bad):
			t.Errorf("%s: %v, want a problem with %s", tc.name, err, tc.bad)
		}
	}
	if n := (&kith.AdoptionMatchInput{AdoptersSex: "F1"}).Adopters(); n != 1 {
		t.Errorf("a woman alone is %d adopters", n)
	}
}

// The steps of an adoption follow the decision and the match: a placement
// order needs the decision, a placement for adoption the match too, and
// the adoption the placement.
func TestAdoptionSteps(t *testing.T) {
	decisions := []kith.AdoptionDecision{{DecidedOn: d(t, "2025-08-01")}}
	match := &kith.AdoptionMatch{MatchedOn: d(t, "2026-02-01")}
	for _, tc := range []struct {
		name           string
		day, place, ls string
		decisions      []kith.AdoptionDecision
		match          *kith.AdoptionMatch
		field          string
	}{
		{"a placement order after the decision", "2025-10-01", "U4", "E1", decisions, nil, ""},
		{"a placement order before it", "2025-07-01", "U4", "E1", decisions, nil, "legal_status"},
		{"a freeing order with none", "2025-10-01", "U4", "D1", nil, nil, "legal_status"},
		{"placed for adoption, matched", "2026-02-10", "A6", "E1", decisions, match, ""},
		{"placed for adoption on the match's day", "2026-02-01", "A5", "E1", decisions, match, ""},
		{"placed for adoption before the match", "2026-01-10", "A6", "E1", decisions, match, "placement_type"},
		{"placed for adoption, not matched", "2026-02-10", "A6", "E1", decisions, nil, "placement_type"},
		{"placed for adoption, the decision reversed", "2026-02-10", "A4", "V2",
			[]kith.AdoptionDecision{{DecidedOn: d(t, "2025-08-01"), ReversedOn: d(t, "2026-01-01"), ReversalReason: "RD1"}}, match, "placement_type"},
		{"foster care", "2026-02-10", "U4", "C2", nil, nil, ""},
	} {
		field, _ := kith.AdoptionStepAllowed(d(t, tc.day), tc.place, tc.ls, tc.decisions, tc.match)
		if field != tc.field {
			t.Errorf("%s: %q, want %q", tc.name, field, tc.field)
		}
	}
	placed := kith.CareEpisode{PlacementType: "A6"}
	if msg := kith.AdoptionEndAllowed(d(t, "2026-09-01"), placed, decisions, match); msg != "" {
		t.Errorf("adopted from a placement for adoption: %s", msg)
	}
	if msg := kith.AdoptionEndAllowed(d(t, "2026-09-01"), kith.CareEpisode{PlacementType: "U4"}, decisions, match); msg == "" {
		t.Error("adopted from foster care")
	}
	if msg := kith.AdoptionEndAllowed(d(t, "2026-09-01"), placed, decisions, nil); msg == "" {
		t.Error("adopted with no match")
	}
	if !kith.WithFosterCarers("A5") || kith.WithFosterCarers("A6") {
		t.Error("with foster carers: A3 and A5")
	}
}

// The 903's adoption rows: each decision that stood in the year, from the
// start of its period of care (which began years before), a reversal after
// the year left out; and the AD1 row of a child adopted in it, with the
// match of their period of care and whether their foster carers adopted
// them, from the placement.
func TestSSDA903Adoption(t *testing.T) {
	y, _ := kith.ParseCollectionYear("2025-26")
	ep := func(id, from, to, rne, ls, place, rec string) kith.CareEpisode {
		e := kith.CareEpisode{ID: id, StartedOn: d(t, from), ReasonNew: rne, LegalStatus: ls, PlacementType: place, ReasonEnded: rec}
		if to != "" {
			e.EndedOn = d(t, to)
		}
		return e
	}
	facts := &kith.ReturnFacts{CaseReference: "KTH-2023-000001", BirthDate: d(t, "2022-01-01"), Care: kith.LookedAfter{
		Episodes: []kith.CareEpisode{ep("a", "2023-01-10", "2025-01-05", "S", "C2", "U4", "X1"), ep("b", "2025-01-05", "2025-06-01", "L", "E1", "U4", "X1"),
			ep("c", "2025-06-01", "2026-02-01", "P", "E1", "A5", "E11")},
		Decisions: []kith.AdoptionDecision{{ID: "d1", DecidedOn: d(t, "2024-06-01")}},
		Matches:   []kith.AdoptionMatch{{PeriodStart: d(t, "2023-01-10"), MatchedOn: d(t, "2025-05-01"), Adopters: 2, AdoptersSex: "MF", AdoptersStatus: "L11"}},
	}}
	c, ok := kith.SSDA903ChildOf(facts, y)
	if !ok || len(c.Decisions) != 1 || c.Adoption == nil {
		t.Fatalf("adopted in the year: %v %+v %+v", ok, c.Decisions, c.Adoption)
	}
	want := kith.AD1{DecidedOn: d(t, "2024-06-01"), MatchedOn: d(t, "2025-05-01"), FosterCare: true, Adopters: 2, Sex: "MF", Status: "L11"}
	if *c.Adoption != want {
		t.Errorf("AD1 %+v, want %+v", *c.Adoption, want)
	}
	// Still placed at the year's end, the decision reversed after it.
	facts.Care.Episodes[2] = ep("c", "2025-06-01", "", "P", "E1", "A6", "")
	facts.Care.Decisions[0].ReversedOn, facts.Care.Decisions[0].ReversalReason = d(t, "2026-05-01"), "RD1"
	c, _ = kith.SSDA903ChildOf(facts, y)
	if c.Adoption != nil || len(c.Decisions) != 1 || !c.Decisions[0].ReversedOn.IsZero() || c.Decisions[0].ReversalReason != "" {
		t.Errorf("placed at the year's end: %+v %+v", c.Adoption, c.Decisions)
	}
	// Reversed before the year: not in it.
	facts.Care.Decisions[0].ReversedOn = d(t, "2025-03-01")
	if c, _ = kith.SSDA903ChildOf(facts, y); len(c.Decisions) != 0 {
		t.Errorf("a decision reversed before the year: %+v", c.Decisions)
	}
}

func TestPlacedForAdoptionOn(t *testing.T) {
	eps := []kith.CareEpisode{{StartedOn: d(t, "2020-01-01"), ReasonNew: "S", PlacementType: "A6"}, {StartedOn: d(t, "2024-01-01"), ReasonNew: "S", PlacementType: "U4"},
		{StartedOn: d(t, "2025-03-01"), ReasonNew: "P", PlacementType: "A5"}, {StartedOn: d(t, "2025-06-01"), ReasonNew: "P", PlacementType: "A6"}}
	if got := kith.PlacedForAdoptionOn(eps); got != d(t, "2025-03-01") {
		t.Errorf("placed on %s, want the first in the latest period", got)
	}
	if got := kith.PlacedForAdoptionOn(eps[1:2]); !got.IsZero() {
		t.Errorf("never placed: %s", got)
	}
}
