package kith_test

import (
	"testing"

	"kith"
)

// The questions follow the child's age at the year's ends, with the edges
// where the validator's rules meet: the 4th birthday on 31 March (the
// questionnaire asked, rules 188 and 197B), the 17th on 1 April (asked,
// 189 and 197B), the 10th on 31 March (convictions, 542), the 5th on 31
// March (no development checks, 546), and a 29 February birthday.
func TestHealthQuestionsFor(t *testing.T) {
	y, _ := kith.ParseCollectionYear("2025-26")
	for _, tc := range []struct {
		dob  string
		want kith.HealthQuestions
	}{
		{"2023-06-01", kith.HealthQuestions{HealthCheck: true}},                        // 2 all year
		{"2022-03-31", kith.HealthQuestions{SDQ: true, SDQ1: true, HealthCheck: true}}, // 4 on 31 March 2026
		{"2022-04-01", kith.HealthQuestions{HealthCheck: true}},                        // 4 the day after
		{"2021-03-31", kith.HealthQuestions{SDQ: true}},                                // 5 on 31 March: no checks
		{"2021-04-01", kith.HealthQuestions{SDQ: true, HealthCheck: true}},             // 4 on 1 April 2025, 5 after the year
		{"2016-03-31", kith.HealthQuestions{SDQ: true, Convicted: true}},               // 10 on 31 March
		{"2016-04-01", kith.HealthQuestions{SDQ: true}},                                // 10 the day after
		{"2010-06-01", kith.HealthQuestions{SDQ: true, Convicted: true}},               // 14 to 15: "under 4 or over 16" is not open
		{"2009-06-01", kith.HealthQuestions{SDQ: true, SDQ1: true, Convicted: true}},   // 16 in the year
		{"2009-04-01", kith.HealthQuestions{SDQ: true, SDQ1: true, Convicted: true}},   // 17 the day after the year
		{"2008-04-01", kith.HealthQuestions{SDQ: true, SDQ1: true, Convicted: true}},   // 17 on 1 April 2025
		{"2008-03-31", kith.HealthQuestions{Convicted: true}},                          // 17 the day before the year
		{"2012-02-29", kith.HealthQuestions{SDQ: true, Convicted: true}},               // 13 to 14, all year in range
		{"2022-02-28", kith.HealthQuestions{SDQ: true, SDQ1: true, HealthCheck: true}}, // 4 in the year
	} {
		if got := kith.HealthQuestionsFor(d(t, tc.dob), y); got != tc.want {
			t.Errorf("born %s: %+v, want %+v", tc.dob, got, tc.want)
		}
	}
}

// Looked after for the whole year, as the 903 counts it for OC2 (the
// validator's CONTINUOUSLY_LOOKED_AFTER).
func TestLookedAfterWholeYear(t *testing.T) {
	y, _ := kith.ParseCollectionYear("2025-26")
	ep := func(start, rne, ls, end, rec string) kith.CareEpisode {
		e := kith.CareEpisode{StartedOn: d(t, start), ReasonNew: rne, LegalStatus: ls, ReasonEnded: rec}
		if end != "" {
			e.EndedOn = d(t, end)
		}
		return e
	}
	for _, tc := range []struct {
		name string
		eps  []kith.CareEpisode
		want bool
	}{
		{"looked after since before the year", []kith.CareEpisode{ep("2024-01-01", "S", "C2", "", "")}, true},
		{"care began on 1 April", []kith.CareEpisode{ep("2025-04-01", "S", "C2", "", "")}, true},
		{"care began on 2 April", []kith.CareEpisode{ep("2025-04-02", "S", "C2", "", "")}, false},
		{"a change of placement in the year", []kith.CareEpisode{ep("2024-01-01", "S", "C2", "2025-09-01", "X1"), ep("2025-09-01", "P", "C2", "", "")}, true},
		{"left care on 31 March", []kith.CareEpisode{ep("2024-01-01", "S", "C2", "2026-03-31", "E4A")}, true},
		{"left care on 30 March", []kith.CareEpisode{ep("2024-01-01", "S", "C2", "2026-03-30", "E4A")}, false},
		{"left care on 1 April", []kith.CareEpisode{ep("2024-01-01", "S", "C2", "2025-04-01", "E4A")}, false},
		{"left care after the year", []kith.CareEpisode{ep("2024-01-01", "S", "C2", "2026-05-01", "E4A")}, true},
		{"left care before the year", []kith.CareEpisode{ep("2023-01-01", "S", "C2", "2025-03-01", "E4A")}, false},
		{"short breaks", []kith.CareEpisode{ep("2024-01-01", "S", "V4", "", "")}, false},
		{"came back into care in the year", []kith.CareEpisode{ep("2023-01-01", "S", "C2", "2025-03-31", "E4A"), ep("2025-05-01", "S", "C2", "", "")}, false},
		{"never looked after", nil, false},
	} {
		if got := kith.LookedAfterWholeYear(tc.eps, y); got != tc.want {
			t.Errorf("%s: %v, want %v", tc.name, got, tc.want)
		}
	}
	// The year so far ends today: care that ended yesterday is not whole.
	so := y.SoFar(d(t, "2025-12-01"))
	if kith.LookedAfterWholeYear([]kith.CareEpisode{ep("2024-01-01", "S", "C2", "2025-11-30", "E4A")}, so) {
		t.Error("care ended before today counted for the year so far")
	}
}

func TestHealthOutcomesInput(t *testing.T) {
	y, _ := kith.ParseCollectionYear("2025-26")
	yes, no := func() *bool { b := true; return &b }(), func() *bool { b := false; return &b }()
	score := func(n int) *int { return &n }
	teen, toddler, child := d(t, "2011-06-01"), d(t, "2023-06-01"), d(t, "2018-06-01")
	base := func() kith.HealthOutcomesInput {
		return kith.HealthOutcomesInput{Year: "2025-26", SDQScore: score(14), Convicted: no, Immunisations: yes, TeethCheck: yes,
			HealthAssessment: yes, SubstanceMisuse: no}
	}
	with := func(f func(*kith.HealthOutcomesInput)) kith.HealthOutcomesInput { in := base(); f(&in); return in }
	for _, tc := range []struct {
		name     string
		dob      kith.Date
		in       kith.HealthOutcomesInput
		badField string
	}{
		{"a teenager, all answered", teen, base(), ""},
		{"a score of 0", teen, with(func(in *kith.HealthOutcomesInput) { in.SDQScore = score(0) }), ""},
		{"a score of 41", teen, with(func(in *kith.HealthOutcomesInput) { in.SDQScore = score(41) }), "sdq_score"},
		{"a score and a reason", teen, with(func(in *kith.HealthOutcomesInput) { in.SDQReason = "SDQ2" }), "sdq_score"},
		{"neither", teen, with(func(in *kith.HealthOutcomesInput) { in.SDQScore = nil }), "sdq_score"},
		{"a reason", teen, with(func(in *kith.HealthOutcomesInput) { in.SDQScore, in.SDQReason = nil, "SDQ5" }), ""},
		{"not a reason", teen, with(func(in *kith.HealthOutcomesInput) { in.SDQScore, in.SDQReason = nil, "SDQ9" }), "sdq_reason"},
		{"too young or old, for a 14-year-old", teen, with(func(in *kith.HealthOutcomesInput) { in.SDQScore, in.SDQReason = nil, "SDQ1" }), "sdq_reason"},
		{"convictions unanswered at 14", teen, with(func(in *kith.HealthOutcomesInput) { in.Convicted = nil }), "convicted"},
		{"convictions at 7", child, with(func(in *kith.HealthOutcomesInput) {}), "convicted"},
		{"a 7-year-old", child, with(func(in *kith.HealthOutcomesInput) { in.Convicted = nil }), ""},
		{"a 2-year-old", toddler, kith.HealthOutcomesInput{HealthCheck: yes, Immunisations: yes, TeethCheck: no, HealthAssessment: yes, SubstanceMisuse: no}, ""},
		{"a 2-year-old's questionnaire", toddler, kith.HealthOutcomesInput{SDQScore: score(3), HealthCheck: yes, Immunisations: yes, TeethCheck: no, HealthAssessment: yes, SubstanceMisuse: no}, "sdq_score"},
		{"a 2-year-old's checks unanswered", toddler, kith.HealthOutcomesInput{Immunisations: yes, TeethCheck: no, HealthAssessment: yes, SubstanceMisuse: no}, "health_check"},
		{"development checks at 14", teen, with(func(in *kith.HealthOutcomesInput) { in.HealthCheck = yes }), "health_check"},
		{"teeth unanswered", teen, with(func(in *kith.HealthOutcomesInput) { in.TeethCheck = nil }), "teeth_check"},
		{"misuse, help unanswered", teen, with(func(in *kith.HealthOutcomesInput) { in.SubstanceMisuse = yes }), "intervention_received"},
		{"misuse, help received", teen, with(func(in *kith.HealthOutcomesInput) { in.SubstanceMisuse, in.InterventionReceived = yes, yes }), ""},
		{"misuse, help received and offered", teen, with(func(in *kith.HealthOutcomesInput) {
			in.SubstanceMisuse, in.InterventionReceived, in.InterventionOffered = yes, yes, no
		}), "intervention_offered"},
		{"misuse, help not received, offer unanswered", teen, with(func(in *kith.HealthOutcomesInput) { in.SubstanceMisuse, in.InterventionReceived = yes, no }), "intervention_offered"},
		{"misuse, help not received but offered", teen, with(func(in *kith.HealthOutcomesInput) {
			in.SubstanceMisuse, in.InterventionReceived, in.InterventionOffered = yes, no, yes
		}), ""},
		{"no misuse, but help", teen, with(func(in *kith.HealthOutcomesInput) { in.InterventionReceived = yes }), "intervention_received"},
	} {
		err := tc.in.Validate(tc.dob, y)
		switch {
		case tc.badField == "" && err != nil:
			t.Errorf("%s: %v", tc.name, err)
		case tc.badField != "":
			f := kith.ErrorFields(err)
			if len(f) == 0 || f[0].Field != tc.badField {
				t.Errorf("%s: %v, want a problem with %s", tc.name, err, tc.badField)
			}
		}
	}
}
