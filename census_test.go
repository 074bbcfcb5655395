package kith_test

import (
	"reflect"
	"testing"

	"kith"
)

func TestParseCollectionYear(t *testing.T) {
	for _, tc := range []struct {
		in, want string
		ok       bool
	}{
		{"2025-26", "2025-26", true},
		{"2025-2026", "2025-26", true},
		{" 2099-00 ", "2099-00", true},
		{"2025-27", "", false},
		{"2025", "", false},
		{"25-26", "", false},
		{"2025/26", "", false},
	} {
		y, err := kith.ParseCollectionYear(tc.in)
		if (err == nil) != tc.ok || (tc.ok && y.String() != tc.want) {
			t.Errorf("%q: %v, %v; want %q (ok %v)", tc.in, y, err, tc.want, tc.ok)
		}
	}
	y, _ := kith.ParseCollectionYear("2025-26")
	if y.Start().String() != "2025-04-01" || y.End().String() != "2026-03-31" {
		t.Errorf("2025-26 runs %s to %s", y.Start(), y.End())
	}
	for day, want := range map[string]string{"2026-03-31": "2025-26", "2026-04-01": "2026-27", "2027-01-01": "2026-27"} {
		if got := kith.CollectionYearOn(d(t, day)).String(); got != want {
			t.Errorf("%s falls in %s, want %s", day, got, want)
		}
	}
}

// censusFacts is a child referred in January 2025, assessed, enquired into
// under section 47, on a child protection plan from a conference in March
// 2025 (their second plan), reviewed in June 2025 and January 2026 with the
// category changed at the first, the plan ended in May 2026 and the case
// closed in June 2026: what Kith holds in December 2026.
func censusFacts(t *testing.T) *kith.ReturnFacts {
	return &kith.ReturnFacts{
		CaseReference: "KTH-2025-000042", BirthDate: d(t, "2015-06-01"),
		Identity: kith.ChildIdentity{UPN: "A950000178301", Sex: "F", Ethnicity: "WBRI", Disabilities: []string{"NONE"}},
		Episodes: []kith.Episode{
			{ID: "e0", Number: 1, ReferralAt: kith.InLondon(d(t, "2023-05-02"), 10, 0), Source: "2A", ClosedOn: d(t, "2023-11-01"), CloseReason: "RC7"},
			{ID: "e1", Number: 2, ReferralAt: kith.InLondon(d(t, "2025-01-06"), 9, 0), Source: "6", PrimaryNeed: "N1",
				Decision: kith.DecisionAssessment, DecidedOn: d(t, "2025-01-06"), ClosedOn: d(t, "2026-06-10"), CloseReason: "RC7"},
		},
		Assessments: []kith.Assessment{
			// Finished before the year: not in it.
			{EpisodeID: "e1", StartedOn: d(t, "2025-01-07"), AuthorisedOn: d(t, "2025-03-01"), Factors: []string{"3B"}},
			// Authorised after the year: in progress on 31 March, no factors.
			{EpisodeID: "e1", StartedOn: d(t, "2026-03-02"), AuthorisedOn: d(t, "2026-04-20"), Factors: []string{"4B"}},
		},
		Section47s: []kith.Section47{
			{ID: "s1", EpisodeID: "e1", StartedOn: d(t, "2025-02-24"), ConferenceDue: d(t, "2025-03-17"), Outcome: kith.S47Conference,
				ConcludedOn: d(t, "2025-03-10"), ConferenceOn: d(t, "2025-03-14")},
			{ID: "s2", EpisodeID: "e1", StartedOn: d(t, "2026-02-02"), ConferenceDue: d(t, "2026-02-23"), Outcome: kith.S47NotSubstantiated,
				ConcludedOn: d(t, "2026-02-20")},
			{ID: "s3", EpisodeID: "e1", StartedOn: d(t, "2026-03-30"), ConferenceDue: d(t, "2026-04-21"), Outcome: kith.S47NotSubstantiated,
				ConcludedOn: d(t, "2026-04-02")},
		},
		Plans: []kith.Plan{
			{Kind: kith.PlanChildProtection, StartedOn: d(t, "2019-01-10"), EndedOn: d(t, "2019-09-01"), InitialCategory: "NEG", LatestCategory: "NEG"},
			{Kind: kith.PlanChildProtection, Section47ID: "s1", StartedOn: d(t, "2025-03-14"), EndedOn: d(t, "2026-05-05"),
				InitialCategory: "PHY", LatestCategory: "NEG", Reviews: []kith.PlanReview{
					{HeldOn: d(t, "2025-06-10"), Category: "EMO"}, {HeldOn: d(t, "2026-01-09")}, {HeldOn: d(t, "2026-05-05"), Category: "NEG"},
				}},
		},
	}
}

// The census reads the record as it stood on 31 March: a closure, an
// authorisation, an outcome or a category change after it has not happened
// yet; items finished before the year are left out; a child protection
// plan counts the plans before it.
func TestCensusChildOf(t *testing.T) {
	y, _ := kith.ParseCollectionYear("2025-26")
	c, ok := kith.CensusChildOf(censusFacts(t), y)
	if !ok {
		t.Fatal("the child is not in the census")
	}
	if c.LAChildID != "KTH2025000042" || c.BirthDate != d(t, "2015-06-01") || len(c.Episodes) != 1 {
		t.Fatalf("child %+v", c)
	}
	want := kith.CensusEpisode{
		ID: "e1", Number: 2, ReferralDate: d(t, "2025-01-06"), ReferralSource: "6", PrimaryNeed: "N1",
		Assessments: []kith.CensusAssessment{{StartDate: d(t, "2026-03-02")}},
		Section47s: []kith.CensusSection47{
			{ID: "s2", StartDate: d(t, "2026-02-02"), ConferenceDue: d(t, "2026-02-23"), ConferenceNotRequired: true},
			{ID: "s3", StartDate: d(t, "2026-03-30"), ConferenceDue: d(t, "2026-04-21")},
		},
		CPPlans: []kith.CensusCPPlan{{Start: d(t, "2025-03-14"), InitialCategory: "PHY", LatestCategory: "EMO", PreviousPlans: 1,
			Reviews: []kith.Date{d(t, "2025-06-10"), d(t, "2026-01-09")}}},
	}
	if !reflect.DeepEqual(c.Episodes[0], want) {
		t.Errorf("episode\n got %+v\nwant %+v", c.Episodes[0], want)
	}

	// The year after: the episode closed, the plan ended with its last
	// review and category, the assessment authorised with its factors.
	c, _ = kith.CensusChildOf(censusFacts(t), kith.CollectionYear{StartYear: 2026})
	ep := c.Episodes[0]
	if ep.ClosureDate != d(t, "2026-06-10") || ep.ClosureReason != "RC7" || len(ep.CPPlans) != 1 || ep.CPPlans[0].LatestCategory != "NEG" ||
		ep.CPPlans[0].End != d(t, "2026-05-05") || len(ep.CPPlans[0].Reviews) != 1 || len(ep.Assessments) != 1 ||
		!reflect.DeepEqual(ep.Assessments[0].Factors, []string{"4B"}) || len(ep.Section47s) != 1 || !ep.Section47s[0].ConferenceNotRequired {
		t.Errorf("2026-27 episode %+v", ep)
	}

	// Before the referral, only the first episode; after the closure, none.
	if c, ok := kith.CensusChildOf(censusFacts(t), kith.CollectionYear{StartYear: 2023}); !ok || len(c.Episodes) != 1 || c.Episodes[0].Number != 1 {
		t.Errorf("2023-24: %v %+v", ok, c.Episodes)
	}
	if _, ok := kith.CensusChildOf(censusFacts(t), kith.CollectionYear{StartYear: 2027}); ok {
		t.Error("a child whose case closed in 2026 is in the 2027-28 census")
	}
}

// A child born after the year ended was unborn on 31 March: the census has
// their expected date of birth, which Kith no longer keeps once they are
// born, so their date of birth stands in for it.
func TestCensusUnbornOnTheReferenceDate(t *testing.T) {
	f := censusFacts(t)
	f.BirthDate = d(t, "2026-05-01")
	c, _ := kith.CensusChildOf(f, kith.CollectionYear{StartYear: 2025})
	if !c.BirthDate.IsZero() || c.ExpectedBirthDate != d(t, "2026-05-01") {
		t.Errorf("born after the year: birth %s, expected %s", c.BirthDate, c.ExpectedBirthDate)
	}
	f.BirthDate, f.ExpectedBirthDate = kith.Date{}, d(t, "2026-08-01")
	c, _ = kith.CensusChildOf(f, kith.CollectionYear{StartYear: 2025})
	if c.ExpectedBirthDate != d(t, "2026-08-01") {
		t.Errorf("unborn: expected %s", c.ExpectedBirthDate)
	}
}
