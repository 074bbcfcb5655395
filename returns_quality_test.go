package kith_test

import (
	"slices"
	"testing"

	"kith"
	"kith/calendar"
)

// Each of the returns' rules Kith checks, on a child that breaks it and
// one that does not. The collection year is 2025-26.
func TestReturnRules(t *testing.T) {
	wd := calendar.EnglandAndWales()
	y := kith.CollectionYear{StartYear: 2025}
	clean := func() kith.CensusChild {
		return kith.CensusChild{LAChildID: "C1", UPN: upnWith(t, "001"), BirthDate: d(t, "2015-06-01"), Sex: "F", Ethnicity: "WBRI",
			Episodes: []kith.CensusEpisode{{ReferralDate: d(t, "2025-05-01"), ReferralSource: "6", PrimaryNeed: "N1"}}}
	}
	for _, tc := range []struct {
		name  string
		child func(c *kith.CensusChild)
		rules []string
	}{
		{"clean", func(c *kith.CensusChild) {}, nil},
		{"wrong check letter", func(c *kith.CensusChild) { c.UPN = "B" + upnWith(t, "001")[1:] }, []string{"1510"}},
		{"LA code not recognised", func(c *kith.CensusChild) { c.UPN = upnWith(t, "999") }, []string{"1530"}},
		{"school age with UN1", func(c *kith.CensusChild) { c.UPN, c.UPNUnknown = "", "UN1" }, []string{"8770Q"}},
		{"school age NFA only: no query", func(c *kith.CensusChild) { c.UPN = ""; c.Episodes[0].ReferralNFA = true }, nil},
		{"under school age with UN1", func(c *kith.CensusChild) { c.UPN, c.UPNUnknown, c.BirthDate = "", "UN1", d(t, "2020-09-01") }, nil},
		{"no sex, no ethnicity", func(c *kith.CensusChild) { c.Sex, c.Ethnicity = "", "" }, []string{"4180", "4220"}},
		{"no source", func(c *kith.CensusChild) { c.Episodes[0].ReferralSource = "" }, []string{"8866"}},
		{"no need", func(c *kith.CensusChild) { c.Episodes[0].PrimaryNeed = "" }, []string{"8610"}},
		{"no need, NFA", func(c *kith.CensusChild) { c.Episodes[0].PrimaryNeed, c.Episodes[0].ReferralNFA = "", true }, nil},
		{"assessment running 45+ working days", func(c *kith.CensusChild) {
			c.Episodes[0].Assessments = []kith.CensusAssessment{{StartDate: d(t, "2026-01-05")}}
		}, []string{"8670Q"}},
		{"assessment running fewer", func(c *kith.CensusChild) {
			c.Episodes[0].Assessments = []kith.CensusAssessment{{StartDate: d(t, "2026-02-16")}}
		}, nil},
		{"completed without factors", func(c *kith.CensusChild) {
			c.Episodes[0].Assessments = []kith.CensusAssessment{{StartDate: d(t, "2025-05-02"), AuthorisationDate: d(t, "2025-06-02")}}
		}, []string{"8897Q"}},
		{"enquiry with no conference after 15 working days, and no assessment", func(c *kith.CensusChild) {
			c.Episodes[0].Section47s = []kith.CensusSection47{{StartDate: d(t, "2026-02-02")}}
		}, []string{"8675Q", "2991Q"}},
		{"enquiry needing no conference", func(c *kith.CensusChild) {
			c.Episodes[0].Section47s = []kith.CensusSection47{{StartDate: d(t, "2026-02-02"), ConferenceNotRequired: true}}
			c.Episodes[0].Assessments = []kith.CensusAssessment{{StartDate: d(t, "2026-02-02"), AuthorisationDate: d(t, "2026-03-02"), Factors: []string{"3B"}}}
		}, nil},
		{"plan with no category", func(c *kith.CensusChild) {
			c.Episodes[0].CPPlans = []kith.CensusCPPlan{{Start: d(t, "2025-06-02")}}
		}, []string{"8905"}},
		{"closed after assessment with none", func(c *kith.CensusChild) {
			c.Episodes[0].ClosureDate, c.Episodes[0].ClosureReason = d(t, "2025-07-01"), "RC8"
		}, []string{"8825Q"}},
		{"closed after assessment with a plan", func(c *kith.CensusChild) {
			c.Episodes[0].ClosureDate, c.Episodes[0].ClosureReason = d(t, "2025-07-01"), "RC9"
			c.Episodes[0].Assessments = []kith.CensusAssessment{{StartDate: d(t, "2025-05-02"), AuthorisationDate: d(t, "2025-06-02"), Factors: []string{"3B"}}}
			c.Episodes[0].CINPlans = []kith.CensusSpan{{Start: d(t, "2025-06-03")}}
		}, []string{"2990"}},
		{"died with no date", func(c *kith.CensusChild) {
			c.Episodes[0].ClosureDate, c.Episodes[0].ClosureReason = d(t, "2025-07-01"), "RC2"
		}, []string{"8585Q"}},
	} {
		c := clean()
		tc.child(&c)
		if got := rulesOf(kith.CensusProblems(&c, y, wd)); !slices.Equal(got, tc.rules) {
			t.Errorf("%s: rules %v, want %v", tc.name, got, tc.rules)
		}
	}

	// A problem in an episode that has closed links to the journey, not
	// to a form that works only on the current episode.
	c := clean()
	c.Episodes[0].Section47s = []kith.CensusSection47{{StartDate: d(t, "2025-06-02"), ConferenceDate: d(t, "2025-06-20")}}
	if p := kith.CensusProblems(&c, y, wd); len(p) != 1 || p[0].FixPath != "assessments/new" {
		t.Errorf("current episode: %+v", p)
	}
	c.Episodes[0].ClosureDate, c.Episodes[0].ClosureReason = d(t, "2025-09-01"), "RC7"
	if p := kith.CensusProblems(&c, y, wd); len(p) != 1 || p[0].FixPath != "journey" {
		t.Errorf("closed episode: %+v", p)
	}

	care := func(e ...kith.CareEpisode) kith.SSDA903Child {
		return kith.SSDA903Child{Child: "C1", Sex: "M", BirthDate: d(t, "2012-06-01"), UPN: "A950000178301", Episodes: e}
	}
	ep := func(from, to, rne, ls, place string) kith.CareEpisode {
		e := kith.CareEpisode{StartedOn: d(t, from), ReasonNew: rne, LegalStatus: ls, PlacementType: place}
		if to != "" {
			e.EndedOn = d(t, to)
		}
		return e
	}
	for _, tc := range []struct {
		name  string
		child kith.SSDA903Child
		rules []string
	}{
		{"clean", care(ep("2025-05-01", "", "S", "C1", "U6")), nil},
		{"sex unknown", func() kith.SSDA903Child { c := care(ep("2025-05-01", "", "S", "C1", "U6")); c.Sex = "U"; return c }(), []string{"232"}},
		{"school age UN1", func() kith.SSDA903Child { c := care(ep("2025-05-01", "", "S", "C1", "U6")); c.UPN = "UN1"; return c }(), []string{"209"}},
		{"began at 18", func() kith.SSDA903Child {
			c := care(ep("2025-05-01", "", "S", "V2", "U6"))
			c.BirthDate = d(t, "2007-04-01")
			return c
		}(), []string{"352"}},
		{"remanded at 9", func() kith.SSDA903Child {
			c := care(ep("2025-05-01", "", "S", "J1", "U6"))
			c.BirthDate = d(t, "2016-01-01")
			return c
		}(), []string{"358"}},
		{"police protection of 3 days", care(ep("2025-05-01", "2025-05-04", "S", "L1", "U6"), ep("2025-05-04", "", "L", "C1", "U6")), nil},
		{"police protection of 4 days", care(ep("2025-05-01", "2025-05-05", "S", "L1", "U6"), ep("2025-05-05", "", "L", "C1", "U6")), []string{"361"}},
		{"EPO of 22 days", care(ep("2025-05-01", "2025-05-23", "S", "L2", "U6"), ep("2025-05-23", "", "L", "C1", "U6")), []string{"362"}},
		{"with parents under section 20", care(ep("2025-05-01", "", "S", "V2", "P1")), []string{"378"}},
		{"overlapping episodes", care(ep("2025-05-01", "2025-08-01", "S", "C1", "U6"), ep("2025-07-25", "", "P", "C1", "U4")), []string{"501"}},
		{"overlapping missing", func() kith.SSDA903Child {
			c := care(ep("2025-05-01", "", "S", "C1", "U6"))
			c.Missing = []kith.MissingEpisode{{Kind: "M", StartedOn: d(t, "2025-06-01"), EndedOn: d(t, "2025-06-03")},
				{Kind: "M", StartedOn: d(t, "2025-06-03"), EndedOn: d(t, "2025-06-04")}}
			return c
		}(), []string{"574"}},
		{"social workers, the last still with the child", func() kith.SSDA903Child {
			c := care(ep("2025-05-01", "", "S", "C1", "U6"))
			c.SocialWorkers = []kith.WorkerSpell{{WorkerID: "a", SWENumber: "SW1", Started: d(t, "2025-05-01"), Ended: d(t, "2025-09-01")},
				{WorkerID: "b", SWENumber: "SW2", Started: d(t, "2025-09-01")}}
			return c
		}(), nil},
		{"a social worker with no registration number", func() kith.SSDA903Child {
			c := care(ep("2025-05-01", "", "S", "C1", "U6"))
			c.SocialWorkers = []kith.WorkerSpell{{WorkerID: "a", WorkerName: "Ann", Started: d(t, "2025-05-01")}}
			return c
		}(), []string{"SW02STG1"}},
		{"began care in the year, previous permanence not recorded", func() kith.SSDA903Child {
			c := care(ep("2025-05-01", "", "S", "C1", "U6"))
			c.PermanenceDue = d(t, "2025-05-01")
			return c
		}(), []string{"630"}},
		{"began care in the year, no previous permanence", func() kith.SSDA903Child {
			c := care(ep("2025-05-01", "", "S", "C1", "U6"))
			c.PermanenceDue, c.Permanence = d(t, "2025-05-01"), &kith.PreviousPermanence{Option: "Z1"}
			return c
		}(), nil},
		{"began care in the year, previous permanence not known", func() kith.SSDA903Child {
			c := care(ep("2025-05-01", "", "S", "C1", "U6"))
			c.PermanenceDue, c.Permanence = d(t, "2025-05-01"), &kith.PreviousPermanence{Option: "P4"}
			return c
		}(), []string{"630"}},
		{"looked after all year, health outcomes not recorded", func() kith.SSDA903Child {
			c := care(ep("2024-05-01", "", "S", "C1", "U6"))
			c.HealthDue = true
			return c
		}(), []string{"191"}},
		{"looked after all year, health outcomes recorded", func() kith.SSDA903Child {
			c := care(ep("2024-05-01", "", "S", "C1", "U6"))
			c.HealthDue, c.Health = true, &kith.HealthOutcomes{HealthOutcomesInput: healthOf()}
			return c
		}(), nil},
		{"looked after all year, dental check left blank", func() kith.SSDA903Child {
			c := care(ep("2024-05-01", "", "S", "C1", "U6"))
			h := healthOf()
			h.TeethCheck = nil
			c.HealthDue, c.Health = true, &kith.HealthOutcomes{HealthOutcomesInput: h}
			return c
		}(), []string{"191"}},
		{"care ended at home with the decision to place for adoption standing", func() kith.SSDA903Child {
			c := care(ep("2024-05-01", "2025-09-01", "S", "C2", "U4"))
			c.Episodes[0].ReasonEnded = "E4A"
			c.Decisions = []kith.AdoptionDecision{{ID: "d1", DecidedOn: d(t, "2025-01-01")}}
			return c
		}(), []string{"557"}},
		{"care ended at home, the decision reversed", func() kith.SSDA903Child {
			c := care(ep("2024-05-01", "2025-09-01", "S", "C2", "U4"))
			c.Episodes[0].ReasonEnded = "E4A"
			c.Decisions = []kith.AdoptionDecision{{ID: "d1", DecidedOn: d(t, "2025-01-01"), ReversedOn: d(t, "2025-08-01"), ReversalReason: "RD2"}}
			return c
		}(), nil},
		{"a care leaver's 19th birthday, nothing recorded", func() kith.SSDA903Child {
			c := care()
			c.LeaverAge, c.LeaverBirthday = 19, d(t, "2025-06-01")
			return c
		}(), []string{"OC3"}},
		{"a care leaver's 19th birthday, recorded", func() kith.SSDA903Child {
			c := care()
			c.LeaverAge, c.LeaverBirthday = 19, d(t, "2025-06-01")
			c.Leaver = &kith.CareLeaverOutcomes{CareLeaverInput: kith.CareLeaverInput{InTouch: "NO"}}
			return c
		}(), nil},
		{"no social worker since February", func() kith.SSDA903Child {
			c := care(ep("2025-05-01", "", "S", "C1", "U6"))
			c.SocialWorkers = []kith.WorkerSpell{{WorkerID: "a", SWENumber: "SW1", Started: d(t, "2025-05-01"), Ended: d(t, "2026-02-01")}}
			return c
		}(), []string{"SW17STG2"}},
	} {
		if got := rulesOf(kith.SSDA903Problems(&tc.child, y)); !slices.Equal(got, tc.rules) {
			t.Errorf("%s: rules %v, want %v", tc.name, got, tc.rules)
		}
	}
}

// healthOf is a complete set of health outcomes for a child of 10 to 16,
// scored 12.
func healthOf() kith.HealthOutcomesInput {
	yes, no, score := true, false, 12
	return kith.HealthOutcomesInput{Year: "2025-26", SDQScore: &score, Convicted: &no, Immunisations: &yes, TeethCheck: &yes,
		HealthAssessment: &yes, SubstanceMisuse: &no}
}

func rulesOf(ps []kith.ReturnProblem) []string {
	var out []string
	for _, p := range ps {
		out = append(out, p.Rule)
	}
	return out
}

// upnWith is a well-formed UPN (its check letter right) carrying the LA
// code la.
func upnWith(t *testing.T, la string) string {
	rest := la + "00001783" + "1"
	letter, problem := kith.UPNCheckLetter(rest)
	if problem != "" {
		t.Fatal(problem)
	}
	return string(letter) + rest
}
