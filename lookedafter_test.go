package kith_test

import (
	"slices"
	"testing"

	"kith"
	"kith/calendar"
)

// The reason for a new episode follows from what changed: T and U keep
// the carer, P and B change it (903 rules 143, 217, 435, 436).
func TestReasonNew(t *testing.T) {
	for _, tc := range []struct {
		legal, placement, carer bool
		want                    string
		ok                      bool
	}{
		{false, false, false, "", false},
		{true, false, false, "L", true},
		{false, true, true, "P", true},
		{false, false, true, "P", true}, // a new carer is a new placement
		{false, true, false, "T", true},
		{true, true, false, "U", true},
		{true, true, true, "B", true},
		{true, false, true, "B", true},
	} {
		got, ok := kith.ReasonNew(tc.legal, tc.placement, tc.carer)
		if got != tc.want || ok != tc.ok {
			t.Errorf("legal %v placement %v carer %v: %q %v, want %q %v", tc.legal, tc.placement, tc.carer, got, ok, tc.want, tc.ok)
		}
		if tc.ok && kith.StartsPlacement(got) == (got == "L") {
			t.Errorf("%s: StartsPlacement %v", got, kith.StartsPlacement(got))
		}
	}
}

// Regulation 33: the first review within 20 working days of becoming
// looked after, the second within 3 months of the first, then every 6
// months at most.
func TestCLAReviewDue(t *testing.T) {
	wd := calendar.EnglandAndWales()
	for _, tc := range []struct {
		name    string
		start   string
		reviews []string
		due     string
	}{
		{"four working weeks, no holidays", "2026-09-02", nil, "2026-09-30"},
		{"across Christmas Day and Boxing Day's substitute", "2026-12-01", nil, "2026-12-31"},
		{"second review three months after the first", "2026-09-02", []string{"2026-09-25"}, "2026-12-25"},
		{"then six months after the latest", "2026-09-02", []string{"2026-12-20", "2026-09-25"}, "2027-06-20"},
		{"to the end of a shorter month", "2026-11-02", []string{"2026-11-30"}, "2027-02-28"},
		{"reviews of an earlier period do not count", "2027-01-10", []string{"2026-12-20"}, "2027-02-05"},
	} {
		var reviews []kith.Date
		for _, r := range tc.reviews {
			reviews = append(reviews, d(t, r))
		}
		if got := kith.CLAReviewDue(d(t, tc.start), reviews, wd); got != d(t, tc.due) {
			t.Errorf("%s: due %s, want %s", tc.name, got, tc.due)
		}
	}
}

// A child who leaves care at 16 or over, after 13 weeks looked after since
// turning 14, is a care leaver (Care Leavers (England) Regulations 2010,
// regulation 3).
func TestCareLeaverFollows(t *testing.T) {
	dob := d(t, "2010-06-01") // 14 on 1 June 2024, 16 on 1 June 2026
	ep := func(from, to, ls string) kith.CareEpisode {
		e := kith.CareEpisode{StartedOn: d(t, from), LegalStatus: ls}
		if to != "" {
			e.EndedOn = d(t, to)
		}
		return e
	}
	for _, tc := range []struct {
		name     string
		episodes []kith.CareEpisode
		ended    string
		rec      string
		want     bool
	}{
		{"six months, leaving at 16", []kith.CareEpisode{ep("2026-03-01", "", "C2")}, "2026-09-01", "E8", true},
		{"leaving at 15", []kith.CareEpisode{ep("2026-01-01", "", "C2")}, "2026-05-01", "E8", false},
		{"a month only", []kith.CareEpisode{ep("2026-08-01", "", "V2")}, "2026-09-01", "E4A", false},
		{"92 days in two periods, counted from the 14th birthday", []kith.CareEpisode{ep("2024-01-01", "2024-07-01", "V2"), ep("2026-07-01", "", "V2")}, "2026-09-01", "E4A", true},
		{"90 days in two periods", []kith.CareEpisode{ep("2024-01-01", "2024-07-01", "V2"), ep("2026-07-01", "", "V2")}, "2026-08-30", "E4A", false},
		{"short breaks do not count", []kith.CareEpisode{ep("2025-01-01", "", "V3")}, "2026-09-01", "E8", false},
		{"adopted", []kith.CareEpisode{ep("2025-01-01", "", "E1")}, "2026-09-01", "E11", false},
		{"died", []kith.CareEpisode{ep("2025-01-01", "", "C2")}, "2026-09-01", "E2", false},
		{"staying put at 18", []kith.CareEpisode{ep("2025-01-01", "", "C2")}, "2028-06-01", "E17", true},
	} {
		if got := kith.CareLeaverFollows(dob, tc.episodes, d(t, tc.ended), tc.rec); got != tc.want {
			t.Errorf("%s: %v, want %v", tc.name, got, tc.want)
		}
	}
	if kith.CareLeaverFollows(kith.Date{}, []kith.CareEpisode{ep("2025-01-01", "", "C2")}, d(t, "2026-09-01"), "E8") {
		t.Error("a care leaver without a date of birth")
	}
}

func TestCleanPostcode(t *testing.T) {
	for _, tc := range []struct {
		in, want string
		ok       bool
	}{
		{"sw1a1aa", "SW1A 1AA", true},
		{" LS1  4AP ", "LS1 4AP", true},
		{"M1 1AE", "M1 1AE", true},
		{"EC1A 1BB", "EC1A 1BB", true},
		{"B33 8TH", "B33 8TH", true},
		{"12345", "", false},
		{"LS1", "", false},
		{"", "", false},
		{"LS1 4A", "", false},
	} {
		got, ok := kith.CleanPostcode(tc.in)
		if ok != tc.ok || (ok && got != tc.want) {
			t.Errorf("%q: %q %v, want %q %v", tc.in, got, ok, tc.want, tc.ok)
		}
	}
}

// fields lists the fields a validation error names.
func fields(err error) []string {
	var out []string
	for _, f := range kith.ErrorFields(err) {
		out = append(out, f.Field)
	}
	return out
}

func TestLookedAfterInput(t *testing.T) {
	today, opened := d(t, "2026-12-04"), d(t, "2026-01-05")
	good := func() kith.LookedAfterInput {
		return kith.LookedAfterInput{StartedOn: d(t, "2026-11-02"), CategoryOfNeed: "N1", HomePostcode: "ls6 2qd",
			PlacementInput: kith.PlacementInput{LegalStatus: "C1", PlacementType: "U6", Provider: "PR1", URN: "sc123456", PlacementPostcode: "LS12 3AB"}}
	}
	in := good()
	if err := in.Validate(today, opened, kith.Date{}); err != nil {
		t.Fatal(err)
	}
	if in.HomePostcode != "LS6 2QD" || in.URN != "SC123456" {
		t.Errorf("tidied to %q, %q", in.HomePostcode, in.URN)
	}
	for _, tc := range []struct {
		name      string
		change    func(*kith.LookedAfterInput)
		lastEnded string
		want      []string
	}{
		{"in the future", func(in *kith.LookedAfterInput) { in.StartedOn = d(t, "2026-12-05") }, "", []string{"started_on"}},
		{"before the case opened", func(in *kith.LookedAfterInput) { in.StartedOn = d(t, "2025-12-31") }, "", []string{"started_on"}},
		{"overlapping the last period", nil, "2026-11-03", []string{"started_on"}},
		{"a legal status not on the list", func(in *kith.LookedAfterInput) { in.LegalStatus = "V1" }, "", []string{"legal_status"}},
		{"a placement type withdrawn in 2025", func(in *kith.LookedAfterInput) { in.PlacementType = "Z1" }, "", []string{"placement_type"}},
		{"a foster placement without a provider or URN", func(in *kith.LookedAfterInput) { in.Provider, in.URN = "", "" }, "", []string{"provider", "urn"}},
		{"a URN of the wrong shape", func(in *kith.LookedAfterInput) { in.URN = "123" }, "", []string{"urn"}},
		{"not postcodes", func(in *kith.LookedAfterInput) { in.HomePostcode, in.PlacementPostcode = "Leeds", "" }, "", []string{"home_postcode", "placement_postcode"}},
		{"no category of need", func(in *kith.LookedAfterInput) { in.CategoryOfNeed = "N9" }, "", []string{"category_of_need"}},
	} {
		in := good()
		if tc.change != nil {
			tc.change(&in)
		}
		var last kith.Date
		if tc.lastEnded != "" {
			last = d(t, tc.lastEnded)
		}
		if got := fields(in.Validate(today, opened, last)); !slices.Equal(got, tc.want) {
			t.Errorf("%s: fields %v, want %v", tc.name, got, tc.want)
		}
	}
	// With parents, the placement has a provider (the parents) but no URN.
	in = good()
	in.PlacementType, in.Provider, in.URN = "P1", "PR0", "SC123456"
	if err := in.Validate(today, opened, kith.Date{}); err != nil || in.URN != "" {
		t.Errorf("placed with parents: %v, URN %q", err, in.URN)
	}
	// A temporary move has neither.
	in = good()
	in.PlacementType = "T1"
	if err := in.Validate(today, opened, kith.Date{}); err != nil || in.Provider != "" || in.URN != "" {
		t.Errorf("in hospital: %v, provider %q, URN %q", err, in.Provider, in.URN)
	}
}

func TestCareChangeInput(t *testing.T) {
	today := d(t, "2026-12-04")
	cur := kith.CareEpisode{StartedOn: d(t, "2026-11-02"), LegalStatus: "C1", PlacementType: "U6", Provider: "PR1", URN: "SC123456", PlacementPostcode: "LS12 3AB"}
	same := kith.PlacementInput{LegalStatus: "C1", PlacementType: "U6", Provider: "PR1", URN: "SC123456", PlacementPostcode: "LS12 3AB"}
	for _, tc := range []struct {
		name   string
		in     kith.CareChangeInput
		rne    string
		fields []string
	}{
		{"nothing changed", kith.CareChangeInput{ChangedOn: today, PlacementInput: same}, "", []string{"legal_status"}},
		{"a full care order", kith.CareChangeInput{ChangedOn: today, PlacementInput: with(same, func(p *kith.PlacementInput) { p.LegalStatus = "C2" })}, "L", nil},
		{"a move to new foster carers, with its reason", kith.CareChangeInput{ChangedOn: today, NewCarer: true, ReasonPlaceChange: "CREQB",
			PlacementInput: with(same, func(p *kith.PlacementInput) { p.PlacementPostcode = "LS9 8AA" })}, "P", nil},
		{"a move without its reason", kith.CareChangeInput{ChangedOn: today, NewCarer: true, PlacementInput: same}, "P", []string{"reason_place_change"}},
		{"the same carers become long-term", kith.CareChangeInput{ChangedOn: today, ReasonPlaceChange: "CARPL",
			PlacementInput: with(same, func(p *kith.PlacementInput) { p.PlacementType = "U4" })}, "T", nil},
		{"a placement order with the same carers", kith.CareChangeInput{ChangedOn: today, ReasonPlaceChange: "CARPL",
			PlacementInput: with(same, func(p *kith.PlacementInput) { p.LegalStatus, p.PlacementType = "E1", "A5" })}, "U", nil},
		{"to hospital, no reason asked", kith.CareChangeInput{ChangedOn: today, NewCarer: true,
			PlacementInput: with(same, func(p *kith.PlacementInput) { p.PlacementType, p.PlacementPostcode = "T1", "LS1 3EX" })}, "P", nil},
		{"before the current placement began", kith.CareChangeInput{ChangedOn: d(t, "2026-11-01"), PlacementInput: with(same, func(p *kith.PlacementInput) { p.LegalStatus = "C2" })}, "L", []string{"changed_on"}},
	} {
		rne, err := tc.in.Validate(today, cur)
		if got := fields(err); !slices.Equal(got, tc.fields) || (rne != tc.rne) {
			t.Errorf("%s: %q, fields %v; want %q, %v", tc.name, rne, got, tc.rne, tc.fields)
		}
	}
}

func with(p kith.PlacementInput, change func(*kith.PlacementInput)) kith.PlacementInput {
	change(&p)
	return p
}

func TestCLAReviewInput(t *testing.T) {
	today, start := d(t, "2026-12-04"), d(t, "2026-11-02")
	baby, teen := d(t, "2024-01-10"), d(t, "2012-05-05")
	for _, tc := range []struct {
		name string
		in   kith.CLAReviewInput
		dob  kith.Date
		want []string
	}{
		{"a teenager who spoke for themselves", kith.CLAReviewInput{HeldOn: d(t, "2026-11-27"), Participation: "PN1"}, teen, nil},
		{"a baby", kith.CLAReviewInput{HeldOn: d(t, "2026-11-27"), Participation: "PN0"}, baby, nil},
		{"PN0 for a teenager", kith.CLAReviewInput{HeldOn: d(t, "2026-11-27"), Participation: "PN0"}, teen, []string{"participation"}},
		{"PN1 for a baby", kith.CLAReviewInput{HeldOn: d(t, "2026-11-27"), Participation: "PN1"}, baby, []string{"participation"}},
		{"before care began", kith.CLAReviewInput{HeldOn: d(t, "2026-10-30"), Participation: "PN7"}, teen, []string{"held_on"}},
		{"not on the list", kith.CLAReviewInput{HeldOn: d(t, "2026-11-27"), Participation: "PN8"}, teen, []string{"participation"}},
	} {
		if got := fields(tc.in.Validate(today, start, tc.dob)); !slices.Equal(got, tc.want) {
			t.Errorf("%s: fields %v, want %v", tc.name, got, tc.want)
		}
	}
}

func TestMissingInput(t *testing.T) {
	today, opened := d(t, "2026-12-04"), d(t, "2026-01-05")
	for _, tc := range []struct {
		name string
		in   kith.MissingInput
		want []string
	}{
		{"still missing", kith.MissingInput{Kind: "M", StartedOn: d(t, "2026-12-03")}, nil},
		{"back, interview offered and declined", kith.MissingInput{Kind: "A", StartedOn: d(t, "2026-12-01"), EndedOn: d(t, "2026-12-02"), InterviewOffered: "yes", InterviewAccepted: "no"}, nil},
		{"back before going", kith.MissingInput{Kind: "M", StartedOn: d(t, "2026-12-03"), EndedOn: d(t, "2026-12-02")}, []string{"ended_on"}},
		{"accepted without an offer", kith.MissingInput{Kind: "M", StartedOn: d(t, "2026-12-01"), EndedOn: d(t, "2026-12-02"), InterviewAccepted: "yes"}, []string{"interview_accepted"}},
		{"an interview before the return", kith.MissingInput{Kind: "M", StartedOn: d(t, "2026-12-01"), InterviewOffered: "yes"}, []string{"ended_on"}},
		{"no kind", kith.MissingInput{StartedOn: d(t, "2026-12-01")}, []string{"kind"}},
	} {
		if got := fields(tc.in.Validate(today, opened)); !slices.Equal(got, tc.want) {
			t.Errorf("%s: fields %v, want %v", tc.name, got, tc.want)
		}
	}
}

// Every code offered is one the 903 validator accepts, and none twice.
func TestCareCodeLists(t *testing.T) {
	for name, tc := range map[string]struct {
		list kith.CodeList
		n    int
	}{
		"legal statuses": {kith.LegalStatuses, 13}, "placement types": {kith.PlacementTypes, 29}, "providers": {kith.PlacementProviders, 6},
		"reasons ended": {kith.ReasonsEnded, 21}, "place change reasons": {kith.PlaceChangeReasons, 12}, "participation": {kith.Participations, 8},
		"categories of need": {kith.CareCategoriesOfNeed, 8},
	} {
		seen := map[string]bool{}
		for _, c := range tc.list {
			if seen[c.Code] || c.Label == "" {
				t.Errorf("%s: %q twice or unlabelled", name, c.Code)
			}
			seen[c.Code] = true
		}
		if len(tc.list) != tc.n {
			t.Errorf("%s: %d codes, want %d", name, len(tc.list), tc.n)
		}
	}
	if kith.CareCategoriesOfNeed.Has("N9") || kith.CareCategoriesOfNeed.Has("N0") {
		t.Error("N0 and N9 are not categories of need of a looked-after child")
	}
}
