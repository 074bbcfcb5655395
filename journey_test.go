package kith_test

import (
	"strings"
	"testing"

	"kith"
)

// The journey panel shows the current episode's steps in order and the
// next one due; steps of an earlier episode, and steps not reached, are
// left out.
func TestBuildJourney(t *testing.T) {
	ref := "KTH-2026-000001"
	old := kith.Episode{ID: "e1", Number: 1, ReferralAt: kith.InLondon(d(t, "2025-01-06"), 9, 0), ClosedOn: d(t, "2025-03-01"), CloseReason: "RC8"}
	cur := kith.Episode{ID: "e2", Number: 2, ReferralAt: kith.InLondon(d(t, "2026-09-01"), 10, 0), Source: "6", PrimaryNeed: "N1",
		Decision: kith.DecisionStrategy, DecidedOn: d(t, "2026-09-01")}
	waiting := kith.Episode{ID: "e3", Number: 1, ReferralAt: kith.InLondon(d(t, "2026-12-03"), 10, 0), Source: "2A"}
	assessed := kith.Assessment{EpisodeID: "e2", StartedOn: d(t, "2026-09-02"), Due: d(t, "2026-11-03"), AuthorisedOn: d(t, "2026-10-20"), AuthorisedBy: "Dee Daw"}
	earlier := kith.Assessment{EpisodeID: "e1", StartedOn: d(t, "2025-01-07"), Due: d(t, "2025-03-10")}
	s47 := kith.Section47{EpisodeID: "e2", StartedOn: d(t, "2026-09-01"), ConferenceDue: d(t, "2026-09-22"), Outcome: kith.S47Conference,
		ConcludedOn: d(t, "2026-09-20"), ConferenceOn: d(t, "2026-09-21"), ConferenceDecision: kith.ConferencePlan}
	plan := &kith.Plan{Kind: kith.PlanChildProtection, StartedOn: d(t, "2026-09-21"), ReviewOn: d(t, "2026-12-21"), Section47ID: "s",
		LatestCategory: "NEG", CoreGroupDue: d(t, "2026-10-05")}

	for _, tc := range []struct {
		name  string
		facts kith.JourneyFacts
		steps string // key:done-or-due …
		next  string
	}{
		{"awaiting the decision", kith.JourneyFacts{Episodes: []kith.Episode{waiting}, DecisionDue: d(t, "2026-12-04")},
			"referral:2026-12-03 decision:due 2026-12-04", "decision"},
		{"a plan whose core group has not met", kith.JourneyFacts{Episodes: []kith.Episode{old, cur}, Assessments: []kith.Assessment{earlier, assessed},
			Section47s: []kith.Section47{s47}, Plan: plan},
			"referral:2026-09-01 decision:2026-09-01 assessment:2026-10-20 section47:2026-09-20 conference:2026-09-21 plan:2026-09-21 core-group:due 2026-10-05 review:due 2026-12-21",
			"core-group"},
		{"an enquiry needing no conference", kith.JourneyFacts{Episodes: []kith.Episode{cur},
			Section47s: []kith.Section47{{EpisodeID: "e2", StartedOn: d(t, "2026-09-01"), Outcome: kith.S47NotSubstantiated, ConcludedOn: d(t, "2026-09-10")}}},
			"referral:2026-09-01 decision:2026-09-01 section47:2026-09-10", ""},
		{"a closed episode", kith.JourneyFacts{Episodes: []kith.Episode{old}, Assessments: []kith.Assessment{earlier}},
			"referral:2025-01-06 assessment:due 2025-03-10 closure:2025-03-01", ""},
		{"no episode", kith.JourneyFacts{}, "", ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			tc.facts.Reference = ref
			j := kith.BuildJourney(tc.facts)
			var got []string
			for _, s := range j.Steps {
				if s.Done.IsZero() {
					got = append(got, s.Key+":due "+s.Due.String())
				} else {
					got = append(got, s.Key+":"+s.Done.String())
				}
			}
			if g := strings.Join(got, " "); g != tc.steps {
				t.Errorf("steps\n got %s\nwant %s", g, tc.steps)
			}
			next := ""
			if j.Next != nil {
				next = j.Next.Key
			}
			if next != tc.next {
				t.Errorf("next %q, want %q", next, tc.next)
			}
		})
	}
}
