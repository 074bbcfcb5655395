package kith_test

import (
	"reflect"
	"strings"
	"testing"

	"kith"
)

func TestAdopterHouseholdInput(t *testing.T) {
	today := d(t, "2026-06-01")
	ok := func() kith.AdopterHouseholdInput {
		return kith.AdopterHouseholdInput{
			Adopters: []kith.Adopter{{Name: "Sam Rowe", Sex: "F", Ethnicity: "WBRI", Disabled: kith.No},
				{Name: "Alex Rowe", Sex: "M", Ethnicity: "MWBC", Disabled: kith.NotKnown}},
			EnquiryOn: d(t, "2025-09-01"), Stage1StartedOn: d(t, "2025-09-15"), Stage1EndedOn: d(t, "2025-11-15"),
			Stage2StartedOn: d(t, "2025-11-20"), Stage2EndedOn: d(t, "2026-03-20"), ApplicationOn: d(t, "2025-11-18"), ApprovedOn: d(t, "2026-03-20"),
		}
	}
	for _, tc := range []struct {
		name string
		edit func(*kith.AdopterHouseholdInput)
		bad  string
	}{
		{"a couple, approved", func(*kith.AdopterHouseholdInput) {}, ""},
		{"one adopter", func(in *kith.AdopterHouseholdInput) { in.Adopters = in.Adopters[:1] }, ""},
		{"an empty second adopter is dropped", func(in *kith.AdopterHouseholdInput) { in.Adopters[1] = kith.Adopter{Name: "  "} }, ""},
		{"no adopters", func(in *kith.AdopterHouseholdInput) { in.Adopters = nil }, "adopters.0.name"},
		{"three adopters", func(in *kith.AdopterHouseholdInput) { in.Adopters = append(in.Adopters, in.Adopters[0]) }, "adopters.2.name"},
		{"a second adopter without a name", func(in *kith.AdopterHouseholdInput) { in.Adopters[1].Name = "" }, "adopters.1.name"},
		{"a name of 101 characters", func(in *kith.AdopterHouseholdInput) { in.Adopters[0].Name = strings.Repeat("a", 101) }, "adopters.0.name"},
		{"no sex", func(in *kith.AdopterHouseholdInput) { in.Adopters[1].Sex = "" }, "adopters.1.sex"},
		{"an ethnicity not on the list", func(in *kith.AdopterHouseholdInput) { in.Adopters[0].Ethnicity = "WHIT" }, "adopters.0.ethnicity"},
		{"disabled not answered", func(in *kith.AdopterHouseholdInput) { in.Adopters[0].Disabled = "" }, "adopters.0.disabled"},
		{"only an enquiry", func(in *kith.AdopterHouseholdInput) {
			*in = kith.AdopterHouseholdInput{Adopters: in.Adopters, EnquiryOn: d(t, "2026-05-01")}
		}, ""},
		{"no enquiry", func(in *kith.AdopterHouseholdInput) { in.EnquiryOn = kith.Date{} }, "enquiry_on"},
		{"an enquiry tomorrow", func(in *kith.AdopterHouseholdInput) {
			*in = kith.AdopterHouseholdInput{Adopters: in.Adopters, EnquiryOn: today.AddDays(1)}
		}, "enquiry_on"},
		{"stage 1 before the enquiry", func(in *kith.AdopterHouseholdInput) { in.Stage1StartedOn = d(t, "2025-08-31") }, "stage1_started_on"},
		{"stage 1 ends before it starts", func(in *kith.AdopterHouseholdInput) { in.Stage1EndedOn = d(t, "2025-09-14") }, "stage1_ended_on"},
		{"stage 1 ended, never started", func(in *kith.AdopterHouseholdInput) { in.Stage1StartedOn = kith.Date{} }, "stage1_started_on"},
		{"stage 2 before stage 1 ended", func(in *kith.AdopterHouseholdInput) { in.Stage2StartedOn = d(t, "2025-11-14") }, "stage2_started_on"},
		{"stage 2 the day stage 1 ended", func(in *kith.AdopterHouseholdInput) { in.Stage2StartedOn = d(t, "2025-11-15") }, ""},
		{"stage 2 while stage 1 goes on", func(in *kith.AdopterHouseholdInput) { in.Stage1EndedOn = kith.Date{} }, "stage1_ended_on"},
		{"straight to stage 2, having adopted before", func(in *kith.AdopterHouseholdInput) {
			in.Stage1StartedOn, in.Stage1EndedOn = kith.Date{}, kith.Date{}
		}, ""},
		{"approved without an application", func(in *kith.AdopterHouseholdInput) { in.ApplicationOn = kith.Date{} }, "application_on"},
		{"approved before the application", func(in *kith.AdopterHouseholdInput) { in.ApprovedOn = d(t, "2025-11-17") }, "approved_on"},
		{"approved without stage 2", func(in *kith.AdopterHouseholdInput) {
			in.Stage2StartedOn, in.Stage2EndedOn = kith.Date{}, kith.Date{}
		}, "stage2_started_on"},
		{"approved tomorrow", func(in *kith.AdopterHouseholdInput) { in.ApprovedOn = today.AddDays(1) }, "approved_on"},
		{"left, with a reason", func(in *kith.AdopterHouseholdInput) { in.LeftOn, in.LeftReason = d(t, "2026-05-01"), "withdrew" }, ""},
		{"left without a reason", func(in *kith.AdopterHouseholdInput) { in.LeftOn = d(t, "2026-05-01") }, "left_reason"},
		{"a reason without leaving", func(in *kith.AdopterHouseholdInput) { in.LeftReason = "withdrew" }, "left_on"},
		{"left before approval", func(in *kith.AdopterHouseholdInput) { in.LeftOn, in.LeftReason = d(t, "2026-03-19"), "other" }, "left_on"},
		{"left in stage 1", func(in *kith.AdopterHouseholdInput) {
			*in = kith.AdopterHouseholdInput{Adopters: in.Adopters, EnquiryOn: d(t, "2025-09-01"), Stage1StartedOn: d(t, "2025-09-15"),
				LeftOn: d(t, "2025-10-01"), LeftReason: "not_suitable"}
		}, ""},
	} {
		in := ok()
		tc.edit(&in)
		onlyProblem(t, tc.name, in.Validate(today), tc.bad)
	}
}

func TestAdopterHouseholdApproved(t *testing.T) {
	h := kith.AdopterHousehold{AdopterHouseholdInput: kith.AdopterHouseholdInput{EnquiryOn: d(t, "2025-01-01"), ApprovedOn: d(t, "2025-06-01"),
		LeftOn: d(t, "2026-06-01"), LeftReason: "adopted"}}
	for on, want := range map[string]bool{"2025-05-31": false, "2025-06-01": true, "2026-05-31": true, "2026-06-01": false} {
		if got := h.Approved(d(t, on)); got != want {
			t.Errorf("approved on %s: %v, want %v", on, got, want)
		}
	}
	for _, tc := range []struct {
		from, to string
		want     bool
	}{{"2024-06-01", "2024-12-31", false}, {"2024-06-01", "2025-01-01", true}, {"2026-06-01", "2026-11-30", true}, {"2026-06-02", "2026-11-30", false}} {
		if got := h.InProcess(d(t, tc.from), d(t, tc.to)); got != tc.want {
			t.Errorf("in the process %s to %s: %v, want %v", tc.from, tc.to, got, tc.want)
		}
	}
}

// List 11: a row for each adopter of a household in the process in the
// period; the children matched with them give the match, the placement,
// how many were placed and the adoption order, as the period's end saw
// them; a household that left before the period is not listed.
func TestAnnexAAdopters(t *testing.T) {
	p := kith.AnnexAPeriod{From: d(t, "2026-06-01"), To: d(t, "2026-11-30")}
	ep := func(from, to, rne, place, rec string) kith.CareEpisode {
		e := kith.CareEpisode{StartedOn: d(t, from), ReasonNew: rne, LegalStatus: "E1", PlacementType: place, ReasonEnded: rec}
		if to != "" {
			e.EndedOn = d(t, to)
		}
		return e
	}
	rowes := kith.AdopterHousehold{Reference: "ADP-2025-0007", AdopterHouseholdInput: kith.AdopterHouseholdInput{
		Adopters:             []kith.Adopter{{Name: "Sam Rowe", Sex: "F", Ethnicity: "WBRI", Disabled: kith.No}, {Name: "Alex Rowe", Sex: "M", Ethnicity: "MWBC", Disabled: kith.NotKnown}},
		FosteringForAdoption: true, EnquiryOn: d(t, "2025-09-01"), Stage1StartedOn: d(t, "2025-09-15"), Stage1EndedOn: d(t, "2025-11-15"),
		Stage2StartedOn: d(t, "2025-11-20"), Stage2EndedOn: d(t, "2026-03-20"), ApplicationOn: d(t, "2025-11-18"), ApprovedOn: d(t, "2026-03-20")}}
	siblings := []kith.MatchedChild{
		{Match: kith.AdoptionMatch{PeriodStart: d(t, "2024-01-10"), MatchedOn: d(t, "2026-04-01")},
			Episodes: []kith.CareEpisode{ep("2024-01-10", "2026-05-01", "S", "U4", "X1"), ep("2026-05-01", "2026-10-20", "P", "A6", "E11")}},
		{Match: kith.AdoptionMatch{PeriodStart: d(t, "2024-01-10"), MatchedOn: d(t, "2026-04-02")},
			Episodes: []kith.CareEpisode{ep("2024-01-10", "2026-05-03", "S", "U4", "X1"), ep("2026-05-03", "", "P", "A6", "")}},
		// Matched after the period's end: not yet, as the lists see it.
		{Match: kith.AdoptionMatch{PeriodStart: d(t, "2025-01-10"), MatchedOn: d(t, "2026-12-01")},
			Episodes: []kith.CareEpisode{ep("2025-01-10", "", "S", "U4", "")}},
	}
	gone := kith.AdopterHousehold{Reference: "ADP-2024-0001", AdopterHouseholdInput: kith.AdopterHouseholdInput{
		Adopters:  []kith.Adopter{{Name: "Jo Lee", Sex: "F", Ethnicity: "CHNE", Disabled: kith.Yes}},
		EnquiryOn: d(t, "2024-02-01"), LeftOn: d(t, "2024-05-01"), LeftReason: "withdrew"}}
	lists := kith.AnnexALists(nil, []kith.AdopterFacts{{Household: rowes, Children: siblings}, {Household: gone}}, p)
	l := lists[10]
	var got [][]string
	for _, r := range l.Rows {
		if len(r) != len(l.Columns) {
			t.Fatalf("a row of %d cells under %d columns", len(r), len(l.Columns))
		}
		got = append(got, r)
	}
	tail := []string{"a) Yes", "01/09/2025", "15/09/2025", "15/11/2025", "20/11/2025", "20/03/2026", "18/11/2025", "20/03/2026",
		"02/04/2026", "03/05/2026", "2", "20/10/2026", "", ""}
	want := [][]string{
		append([]string{"ADP-2025-0007-1", "ADP-2025-0007", "b) Female", "a) WBRI", "b) No"}, tail...),
		append([]string{"ADP-2025-0007-2", "ADP-2025-0007", "a) Male", "f) MWBC", "c) Unknown"}, tail...),
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("list 11:\n got %q\nwant %q", got, want)
	}
}

func TestAdopterHouseholdFitsMatch(t *testing.T) {
	couple := kith.AdopterHousehold{Reference: "ADP-2025-0007", AdopterHouseholdInput: kith.AdopterHouseholdInput{
		Adopters: []kith.Adopter{{Sex: "F"}, {Sex: "M"}}, EnquiryOn: d(t, "2025-01-01"), ApprovedOn: d(t, "2025-06-01")}}
	alone := kith.AdopterHousehold{Reference: "ADP-2025-0008", AdopterHouseholdInput: kith.AdopterHouseholdInput{
		Adopters: []kith.Adopter{{Sex: "M"}}, EnquiryOn: d(t, "2025-01-01"), ApprovedOn: d(t, "2025-06-01"), LeftOn: d(t, "2026-01-01"), LeftReason: "withdrew"}}
	unknown := kith.AdopterHousehold{Reference: "ADP-2025-0009", AdopterHouseholdInput: kith.AdopterHouseholdInput{
		Adopters: []kith.Adopter{{Sex: "U"}, {Sex: "F"}}, EnquiryOn: d(t, "2025-01-01"), ApprovedOn: d(t, "2025-06-01")}}
	for _, tc := range []struct {
		name string
		h    kith.AdopterHousehold
		on   string
		sex  string
		bad  string
	}{
		{"a man and a woman", couple, "2025-07-01", "MF", ""},
		{"a man and a woman as two women", couple, "2025-07-01", "FF", "adopters_sex"},
		{"before approval", couple, "2025-05-31", "MF", "household"},
		{"a man alone", alone, "2025-07-01", "M1", ""},
		{"a man alone as a couple", alone, "2025-07-01", "MF", "adopters_sex"},
		{"after they left", alone, "2026-01-01", "M1", "household"},
		{"a sex not known", unknown, "2025-07-01", "MM", ""},
	} {
		field, msg := tc.h.FitsMatch(kith.AdoptionMatchInput{MatchedOn: d(t, tc.on), AdoptersSex: tc.sex})
		if field != tc.bad {
			t.Errorf("%s: %q %q, want a problem with %q", tc.name, field, msg, tc.bad)
		}
	}
}

func TestAdopterHouseholdStage(t *testing.T) {
	h := kith.AdopterHousehold{AdopterHouseholdInput: kith.AdopterHouseholdInput{EnquiryOn: d(t, "2025-01-01"), Stage1StartedOn: d(t, "2025-02-01"),
		Stage1EndedOn: d(t, "2025-03-01"), Stage2StartedOn: d(t, "2025-03-02"), ApplicationOn: d(t, "2025-03-01"), ApprovedOn: d(t, "2025-07-01"),
		LeftOn: d(t, "2026-01-01"), LeftReason: "adopted"}}
	for on, want := range map[string]string{"2025-01-15": "Enquiry 1 January 2025", "2025-02-01": "Stage 1, pre-assessment, since 1 February 2025",
		"2025-03-02": "Stage 2, assessment, since 2 March 2025", "2025-07-01": "Approved 1 July 2025", "2026-01-01": "Left the process 1 January 2026"} {
		if got := h.Stage(d(t, on)); got != want {
			t.Errorf("on %s: %q, want %q", on, got, want)
		}
	}
}

// Only service managers (and Kith itself) keep the adopters register.
func TestMayKeepAdopters(t *testing.T) {
	as := func(roles ...kith.Role) kith.Actor { return kith.Actor{User: &kith.User{Roles: roles}} }
	for _, tc := range []struct {
		name string
		a    kith.Actor
		may  bool
	}{
		{"a practitioner", as(kith.RolePractitioner), false},
		{"a team manager", as(kith.RoleTeamManager), false},
		{"an administrator", as(kith.RoleAdministrator), false},
		{"an auditor", as(kith.RoleAuditor), false},
		{"a service manager", as(kith.RoleServiceManager), true},
		{"Kith itself", kith.SystemActor(), true},
	} {
		err := kith.MayKeepAdopters(tc.a)
		if (err == nil) != tc.may || (err != nil && kith.ErrorCode(err) != kith.EFORBIDDEN) {
			t.Errorf("%s: %v", tc.name, err)
		}
	}
}

func TestAdopterReference(t *testing.T) {
	for _, tc := range []struct {
		year, n int
		want    string
	}{{2026, 1, "ADP-2026-0001"}, {2025, 42, "ADP-2025-0042"}, {2026, 12345, "ADP-2026-12345"}} {
		if got := kith.AdopterReference(tc.year, tc.n); got != tc.want {
			t.Errorf("%d, %d: %q, want %q", tc.year, tc.n, got, tc.want)
		}
	}
}
