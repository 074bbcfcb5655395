package kith_test

import (
	"testing"
	"time"

	"kith"
	"kith/calendar"
)

// The decision on a referral is due within one working day of receiving it
// (Working Together 2023, chapter 3), counted in England's working days:
// a Friday's referral is due on Monday, and one received on Christmas Eve
// 2026 (a Thursday) on the Tuesday after the bank holidays of Christmas
// Day and Boxing Day (substitute Monday 28 December).
func TestReferralDecisionDue(t *testing.T) {
	wd := calendar.EnglandAndWales()
	for _, tc := range []struct {
		received time.Time
		due      string
	}{
		{kith.InLondon(d(t, "2026-12-02"), 9, 30), "2026-12-03"},  // Wednesday
		{kith.InLondon(d(t, "2026-12-04"), 16, 45), "2026-12-07"}, // Friday
		{kith.InLondon(d(t, "2026-12-05"), 11, 0), "2026-12-07"},  // Saturday
		{kith.InLondon(d(t, "2026-12-24"), 10, 0), "2026-12-29"},
		// Late in the evening in London is the same London day, though in
		// UTC it is already the next in summer time.
		{kith.InLondon(d(t, "2026-07-01"), 23, 30), "2026-07-02"},
	} {
		e := kith.Episode{ReferralAt: tc.received}
		if got := e.DecisionDue(wd); got != d(t, tc.due) {
			t.Errorf("received %s: due %s, want %s", tc.received, got, tc.due)
		}
	}
}

func TestReferralDecisionLateness(t *testing.T) {
	wd := calendar.EnglandAndWales()
	e := kith.Episode{ReferralAt: kith.InLondon(d(t, "2026-12-02"), 9, 30)}
	if l := e.DecisionLateness(d(t, "2026-12-03"), wd); l.Late != 0 {
		t.Errorf("waiting, on the due day: %+v", l)
	}
	if l := e.DecisionLateness(d(t, "2026-12-07"), wd); l.Late != 2 {
		t.Errorf("waiting, the Monday after: %+v, want 2 working days late", l)
	}
	e.DecidedOn = d(t, "2026-12-04")
	if l := e.DecisionLateness(d(t, "2026-12-10"), wd); l.Late != 1 {
		t.Errorf("decided the Friday: %+v, want 1 working day late", l)
	}
}

func TestReferralValidation(t *testing.T) {
	now := kith.InLondon(d(t, "2026-12-05"), 12, 0)
	for _, tc := range []struct {
		name      string
		in        kith.EpisodeReferralInput
		notBefore string
		field     string
	}{
		{"good", kith.EpisodeReferralInput{ReferralAt: now.Add(-time.Hour), Source: "2a", PrimaryNeed: "n1"}, "", ""},
		{"no need yet", kith.EpisodeReferralInput{ReferralAt: now.Add(-time.Hour), Source: "6"}, "", ""},
		{"no time", kith.EpisodeReferralInput{Source: "6"}, "", "referral_at"},
		{"future", kith.EpisodeReferralInput{ReferralAt: now.Add(time.Hour), Source: "6"}, "", "referral_at"},
		{"before the last closure", kith.EpisodeReferralInput{ReferralAt: now.Add(-72 * time.Hour), Source: "6"}, "2026-12-03", "referral_at"},
		{"no source", kith.EpisodeReferralInput{ReferralAt: now}, "", "referral_source"},
		{"source not a code", kith.EpisodeReferralInput{ReferralAt: now, Source: "5E"}, "", "referral_source"},
		{"need not a code", kith.EpisodeReferralInput{ReferralAt: now, Source: "6", PrimaryNeed: "N10"}, "", "primary_need"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			checkField(t, tc.in.Validate(now, d(t, tc.notBefore), ""), tc.field)
		})
	}
}

func TestDecisionValidation(t *testing.T) {
	today, referred := d(t, "2026-12-05"), d(t, "2026-12-02")
	for _, tc := range []struct {
		name    string
		in      kith.DecisionInput
		hadNeed bool
		field   string
	}{
		{"assessment", kith.DecisionInput{Decision: kith.DecisionAssessment}, true, ""},
		{"nfa without a need", kith.DecisionInput{Decision: kith.DecisionNoFurtherAction}, false, ""},
		{"assessment without a need", kith.DecisionInput{Decision: kith.DecisionAssessment}, false, "primary_need"},
		{"need given now", kith.DecisionInput{Decision: kith.DecisionStrategy, PrimaryNeed: "N1"}, false, ""},
		{"no decision", kith.DecisionInput{}, true, "decision"},
		{"before the referral", kith.DecisionInput{Decision: kith.DecisionEarlyHelp, DecidedOn: d(t, "2026-12-01")}, true, "decided_on"},
		{"in the future", kith.DecisionInput{Decision: kith.DecisionEarlyHelp, DecidedOn: d(t, "2026-12-06")}, true, "decided_on"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			checkField(t, tc.in.Validate(today, referred, tc.hadNeed), tc.field)
		})
	}
}

// checkField fails unless err is nil (field "") or its first message is
// against field.
func checkField(t *testing.T, err error, field string) {
	t.Helper()
	fields := kith.ErrorFields(err)
	switch {
	case field == "" && err != nil:
		t.Fatalf("refused: %v", err)
	case field != "" && (len(fields) == 0 || fields[0].Field != field):
		t.Fatalf("want a message on %s, got %v", field, err)
	}
}

func TestEpisodeAwaitsDecision(t *testing.T) {
	closed := kith.Date{Year: 2026, Month: 12, Day: 1}
	for _, tc := range []struct {
		name string
		e    kith.Episode
		want bool
	}{
		{"recorded referral, no decision", kith.Episode{Source: "6"}, true},
		{"decided", kith.Episode{Source: "6", Decision: kith.DecisionNoFurtherAction}, false},
		{"migrated, no source", kith.Episode{}, false},
		{"closed", kith.Episode{Source: "6", ClosedOn: closed}, false},
	} {
		if got := tc.e.AwaitsDecision(); got != tc.want {
			t.Errorf("%s: %v, want %v", tc.name, got, tc.want)
		}
	}
}

// An episode closes only once its assessment is authorised and its
// enquiry has ended, by a conference held or its outcome needing none.
func TestClosingProblems(t *testing.T) {
	done := kith.Assessment{EpisodeID: "e", StartedOn: d(t, "2026-11-02"), AuthorisedOn: d(t, "2026-11-20")}
	going := kith.Assessment{EpisodeID: "e", StartedOn: d(t, "2026-11-02")}
	earlier := kith.Assessment{EpisodeID: "old", StartedOn: d(t, "2025-01-02")}
	open := kith.Section47{EpisodeID: "e", StartedOn: d(t, "2026-11-03")}
	toConference := kith.Section47{EpisodeID: "e", StartedOn: d(t, "2026-11-03"), Outcome: kith.S47Conference}
	held := kith.Section47{EpisodeID: "e", StartedOn: d(t, "2026-11-03"), Outcome: kith.S47Conference, ConferenceOn: d(t, "2026-11-20")}
	heldFirst := kith.Section47{EpisodeID: "e", StartedOn: d(t, "2026-11-03"), ConferenceOn: d(t, "2026-11-20")}
	none := kith.Section47{EpisodeID: "e", StartedOn: d(t, "2026-11-03"), Outcome: kith.S47NotSubstantiated}
	for _, tc := range []struct {
		name string
		as   []kith.Assessment
		ss   []kith.Section47
		want int
	}{
		{"nothing started", nil, nil, 0},
		{"all finished", []kith.Assessment{done}, []kith.Section47{held, none, heldFirst}, 0},
		{"an earlier episode's loose end is not this one's", []kith.Assessment{earlier}, nil, 0},
		{"an assessment in progress", []kith.Assessment{going}, nil, 1},
		{"an enquiry going on", nil, []kith.Section47{open}, 1},
		{"a conference not yet held", nil, []kith.Section47{toConference}, 1},
		{"both", []kith.Assessment{going}, []kith.Section47{open}, 2},
	} {
		if got := kith.ClosingProblems("e", tc.as, tc.ss); len(got) != tc.want {
			t.Errorf("%s: %q, want %d problems", tc.name, got, tc.want)
		}
	}
}
