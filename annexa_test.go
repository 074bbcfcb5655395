package kith_test

import (
	"reflect"
	"testing"

	"kith"
)

func TestParseAnnexAPeriod(t *testing.T) {
	for _, tc := range []struct {
		from, to string
		ok       bool
	}{
		{"2026-06-01", "2026-11-30", true},
		{"2026-06-01", "2026-06-01", true},
		{"2026-06-01", "2026-05-31", false}, // backwards
		{"2024-06-01", "2026-06-30", false}, // over two years
		{"", "2026-11-30", false},
		{"2026-06-01", "30/11/2026", false},
	} {
		_, err := kith.ParseAnnexAPeriod(tc.from, tc.to)
		if (err == nil) != tc.ok {
			t.Errorf("%q to %q: %v, want ok %v", tc.from, tc.to, err, tc.ok)
		}
		if err != nil && kith.ErrorCode(err) != kith.EINVALID {
			t.Errorf("%q to %q: %v is not a message for the user", tc.from, tc.to, err)
		}
	}
	p, _ := kith.ParseAnnexAPeriod("2026-09-01", "2026-11-30")
	// The twelve months' counts reach back before a short period.
	if p.Start().String() != "2025-12-01" || p.End().String() != "2026-11-30" {
		t.Errorf("a period to 30 November 2026 reads %s to %s", p.Start(), p.End())
	}
	if got := kith.AnnexASixMonthsTo(d(t, "2026-08-31")).String(); got != "2026-03-01" {
		t.Errorf("six months to 31 August begin %s", got)
	}
}

// annexAFacts is a child referred three times (twice within a year),
// assessed, enquired into, on a second child protection plan, and then
// looked after: first under police protection, then accommodated, with a
// change of placement; missing twice.
func annexAFacts(t *testing.T) *kith.ReturnFacts {
	return &kith.ReturnFacts{
		CaseReference: "KTH-2025-000042", TeamName: "North", WorkerName: "Ann Worker", BirthDate: d(t, "2015-06-01"),
		LastVisit: d(t, "2026-11-20"), LastSeen: d(t, "2026-11-20"), LastSeenAlone: d(t, "2026-10-02"),
		Identity: kith.ChildIdentity{LocalChildID: "C42", Sex: "F", Ethnicity: "MWBA", Disabilities: []string{"NONE"}},
		Episodes: []kith.Episode{
			{ID: "e0", ReferralAt: kith.InLondon(d(t, "2024-01-10"), 9, 0), Source: "2A", Decision: kith.DecisionNoFurtherAction,
				DecidedOn: d(t, "2024-01-10"), ClosedOn: d(t, "2024-01-10"), CloseReason: "RC8"},
			{ID: "e1", ReferralAt: kith.InLondon(d(t, "2025-09-01"), 9, 0), Source: "6", PrimaryNeed: "N1", Decision: kith.DecisionNoFurtherAction,
				DecidedOn: d(t, "2025-09-01"), ClosedOn: d(t, "2025-09-01"), CloseReason: "RC8"},
			{ID: "e2", ReferralAt: kith.InLondon(d(t, "2026-07-01"), 9, 0), Source: "3A", PrimaryNeed: "N1", Decision: kith.DecisionAssessment,
				DecidedOn: d(t, "2026-07-01")},
		},
		Assessments: []kith.Assessment{
			{EpisodeID: "e1", StartedOn: d(t, "2025-09-02"), AuthorisedOn: d(t, "2025-10-01")}, // before the period
			{EpisodeID: "e2", StartedOn: d(t, "2026-07-02"), AuthorisedOn: d(t, "2026-08-10")},
		},
		Section47s: []kith.Section47{
			{ID: "s1", EpisodeID: "e2", StartedOn: d(t, "2026-07-03"), Outcome: kith.S47Conference, ConferenceOn: d(t, "2026-07-20"),
				ConferenceDecision: kith.ConferencePlan, PlanID: "p2"},
		},
		Plans: []kith.Plan{
			{ID: "p1", Kind: kith.PlanChildProtection, StartedOn: d(t, "2022-03-01"), EndedOn: d(t, "2023-03-01"), InitialCategory: "NEG"},
			{ID: "p2", Kind: kith.PlanChildProtection, StartedOn: d(t, "2026-07-20"), InitialCategory: "PHY", Section47ID: "s1",
				Reviews: []kith.PlanReview{{HeldOn: d(t, "2026-10-19"), Category: "EMO"}, {HeldOn: d(t, "2027-01-19"), Category: "NEG"}}},
		},
		Care: kith.LookedAfter{
			Episodes: []kith.CareEpisode{
				{StartedOn: d(t, "2026-09-01"), ReasonNew: kith.RNEStarted, LegalStatus: "L1", CategoryOfNeed: "N1", PlacementType: "U6",
					Provider: "PR1", EndedOn: d(t, "2026-09-03"), ReasonEnded: kith.RECEpisodeContinues},
				{StartedOn: d(t, "2026-09-03"), ReasonNew: kith.RNELegalStatus, LegalStatus: "V2", CategoryOfNeed: "N1", PlacementType: "U6",
					Provider: "PR1", EndedOn: d(t, "2026-10-15"), ReasonEnded: kith.RECEpisodeContinues},
				{StartedOn: d(t, "2026-10-15"), ReasonNew: kith.RNEPlacementCarer, LegalStatus: "V2", CategoryOfNeed: "N1", PlacementType: "K3",
					Provider: "PR4", PlacementPostcode: "QX5 6QQ"},
			},
			Reviews: []kith.CLAReview{{HeldOn: d(t, "2026-09-28")}},
			Missing: []kith.MissingEpisode{
				{Kind: "M", StartedOn: d(t, "2026-10-20"), EndedOn: d(t, "2026-10-21"), InterviewOffered: "yes", InterviewAccepted: "no"},
				{Kind: "A", StartedOn: d(t, "2026-11-01"), EndedOn: d(t, "2026-11-01")},
			},
		},
	}
}

func annexAList(t *testing.T, facts []*kith.ReturnFacts, p kith.AnnexAPeriod, n int) []map[string]string {
	t.Helper()
	lists := kith.AnnexALists(facts, nil, p)
	if len(lists) != 11 {
		t.Fatalf("%d lists, want Ofsted's 11", len(lists))
	}
	l := lists[n-1]
	var out []map[string]string
	for _, r := range l.Rows {
		if len(r) != len(l.Columns) {
			t.Fatalf("list %d: a row of %d cells under %d columns", n, len(r), len(l.Columns))
		}
		row := map[string]string{}
		for i, c := range l.Columns {
			row[c] = r[i]
		}
		out = append(out, row)
	}
	return out
}

func pick(row map[string]string, cols ...string) []string {
	out := make([]string, len(cols))
	for i, c := range cols {
		out[i] = row[c]
	}
	return out
}

func TestAnnexALists(t *testing.T) {
	p := kith.AnnexAPeriod{From: d(t, "2026-06-01"), To: d(t, "2026-11-30")}
	f := annexAFacts(t)
	child := []string{"C42", "b) Female", "g) MWBA", "01/06/2015", "11"}

	refs := annexAList(t, []*kith.ReturnFacts{f}, p, 3)
	if len(refs) != 1 {
		t.Fatalf("list 3 has %d referrals, want the one in the period", len(refs))
	}
	// One referral in the twelve months before it (September 2025); the
	// one in January 2024 is too old.
	if got, want := pick(refs[0], "Child Unique ID", "Gender", "Ethnicity", "Date of Birth", "Age of Child (Years)", "Date of referral",
		"Referral Source", "Referral NFA?", "Number of Referrals in Last 12 Months", "Allocated Team", "Allocated Worker"),
		append(child, "01/07/2026", "g) 3A: Health services", "b) No", "1", "North", "Ann Worker"); !reflect.DeepEqual(got, want) {
		t.Errorf("list 3: %q, want %q", got, want)
	}

	as := annexAList(t, []*kith.ReturnFacts{f}, p, 4)
	if len(as) != 1 || as[0]["Continuous Assessment Start Date"] != "02/07/2026" {
		t.Fatalf("list 4 is %v, want only the assessment open in the period", as)
	}
	// Last seen in November, after the assessment: not known from that.
	if got, want := pick(as[0], "Does the Child have a Disability", "Child Seen During Continuous Assessment",
		"Continuous Assessment Date of Authorisation", "Was the child assessed as requiring LA children's social care support?"),
		[]string{"b) No", "c) Unknown", "10/08/2026", "a) Yes"}; !reflect.DeepEqual(got, want) {
		t.Errorf("list 4: %q, want %q", got, want)
	}

	s47 := annexAList(t, []*kith.ReturnFacts{f}, p, 5)
	if len(s47) != 1 {
		t.Fatalf("list 5 has %d rows", len(s47))
	}
	if got, want := pick(s47[0], "Strategy discussion initiating Section 47 Enquiry Start Date",
		"Was an Initial Child Protection Conference deemed unnecessary?", "Date of Initial Child Protection Conference",
		"Did the Initial Child Protection Conference Result in a Child Protection Plan", "Number of Section 47 Enquiries in the last 12 months",
		"Number of ICPCs in the last 12 months"), []string{"03/07/2026", "b) No", "20/07/2026", "a) Yes", "0", "0"}; !reflect.DeepEqual(got, want) {
		t.Errorf("list 5: %q, want %q", got, want)
	}

	cin := annexAList(t, []*kith.ReturnFacts{f}, p, 6)
	if len(cin) != 1 {
		t.Fatalf("list 6 has %d rows, want one for the child", len(cin))
	}
	// Looked after outranks the child protection plan.
	if got, want := pick(cin[0], "CIN Start Date", "Primary Need Code", "Date Child Was Last Seen", "CIN Closure Date", "Case Status"),
		[]string{"01/07/2026", "N1 - Abuse or neglect", "20/11/2026", "", "a) Looked after child"}; !reflect.DeepEqual(got, want) {
		t.Errorf("list 6: %q, want %q", got, want)
	}

	cp := annexAList(t, []*kith.ReturnFacts{f}, p, 7)
	if len(cp) != 1 {
		t.Fatalf("list 7 has %d rows", len(cp))
	}
	// The January review is after the period: the latest category is the
	// October review's. Police protection in September falls in the six
	// months; the plan of 2022 is the one before.
	if got, want := pick(cp[0], "Child Protection Plan Start Date", "Initial Category of Abuse", "Latest Category of Abuse",
		"Date of the Last Statutory Visit", "Was the Child Seen Alone?", "Date of latest review conference", "Child Protection Plan End Date",
		"Subject to Emergency Protection Order or Protected Under Police Powers in Last Six Months (Y/N)", "Number of Previous Child Protection Plans"),
		[]string{"20/07/2026", "b) Physical abuse", "d) Emotional abuse", "20/11/2026", "b) No", "19/10/2026", "", "a) Yes", "1"}; !reflect.DeepEqual(got, want) {
		t.Errorf("list 7: %q, want %q", got, want)
	}

	lac := annexAList(t, []*kith.ReturnFacts{f}, p, 8)
	if len(lac) != 1 {
		t.Fatalf("list 8 has %d rows", len(lac))
	}
	// One period of care, two placements (a change of legal status alone
	// is not a new placement), the legal status V2 since 3 September; K3
	// is newer than the template and is written with Kith's words.
	if got, want := pick(lac[0], "Date Started to be Looked After", "Child's Category of Need",
		"Is this a second or subsequent period of being a Looked After Child within the last 12 months (Y/N)",
		"Start date of current legal status", "Child's Legal Status", "Date of Latest Statutory Review", "Number of Placements in the Last 12 months",
		"Start Date of Most Recent Placement", "Placement Type", "Placement Provider",
		"Number of Episodes the Child has been 'Missing' from their Placement in the last 12 months",
		"Number of Episodes the Child has been 'Absent' from their Placement in the last 12 months",
		"Was the child offered a Return Interview after their last missing episode (Y/N)?",
		"Did the child accept a Return Interview after their last missing episode (Y/N)?"),
		[]string{"01/09/2026", "N1 - Abuse or neglect", "b) No", "03/09/2026", "V2: Single period under S20", "28/09/2026", "2",
			"15/10/2026", "K3: Supported accommodation", "e) PR4: Private provision", "1", "1", "a) Yes", "b) No"}; !reflect.DeepEqual(got, want) {
		t.Errorf("list 8: %q, want %q", got, want)
	}
	if got := lac[0]["What is the permanence plan for this child?"]; got != "" {
		t.Errorf("no permanence plan recorded, list 8 says %q", got)
	}
	f.Care.PermanencePlans = []kith.PermanencePlan{{PeriodStart: d(t, "2026-09-01"), PermanencePlanInput: kith.PermanencePlanInput{Plan: "fostering", AgreedOn: d(t, "2026-11-30")}}}
	if got := annexAList(t, []*kith.ReturnFacts{f}, p, 8)[0]["What is the permanence plan for this child?"]; got != "f) Long-term fostering" {
		t.Errorf("the permanence plan: %q", got)
	}
	f.Care.PermanencePlans[0].AgreedOn = d(t, "2026-12-01") // after the period: not known as it was then
	if got := annexAList(t, []*kith.ReturnFacts{f}, p, 8)[0]["What is the permanence plan for this child?"]; got != "" {
		t.Errorf("a plan agreed after the period's end: %q", got)
	}
	f.Care.PermanencePlans = nil

	// As it stood at the end of August: not yet looked after, the plan
	// the status; the referral count, the assessment and the enquiry the
	// same.
	early := kith.AnnexAPeriod{From: d(t, "2026-03-01"), To: d(t, "2026-08-31")}
	if got := annexAList(t, []*kith.ReturnFacts{f}, early, 6)[0]["Case Status"]; got != "b) Child Protection plan" {
		t.Errorf("at the end of August the case status is %q", got)
	}
	if got := annexAList(t, []*kith.ReturnFacts{f}, early, 8); len(got) != 0 {
		t.Errorf("looked after in a period before care began: %v", got)
	}
	if got := annexAList(t, []*kith.ReturnFacts{f}, early, 7)[0]["Latest Category of Abuse"]; got != "b) Physical abuse" {
		t.Errorf("before the first review the latest category is %q", got)
	}
}

// A child born after the period is unborn in it: no date of birth or age,
// gender not recorded.
func TestAnnexAUnbornChild(t *testing.T) {
	p := kith.AnnexAPeriod{From: d(t, "2026-06-01"), To: d(t, "2026-11-30")}
	f := &kith.ReturnFacts{CaseReference: "KTH-2026-000001", BirthDate: d(t, "2026-12-20"),
		Identity: kith.ChildIdentity{Sex: "M"},
		Episodes: []kith.Episode{{ID: "e", ReferralAt: kith.InLondon(d(t, "2026-10-01"), 9, 0), Source: "3B", PrimaryNeed: "N1",
			Decision: kith.DecisionAssessment, DecidedOn: d(t, "2026-10-01")}}}
	rows := annexAList(t, []*kith.ReturnFacts{f}, p, 3)
	if len(rows) != 1 {
		t.Fatalf("%d referrals", len(rows))
	}
	if got, want := pick(rows[0], "Gender", "Ethnicity", "Date of Birth", "Age of Child (Years)"),
		[]string{"c) Not stated/recorded", "t) NOBT", "", ""}; !reflect.DeepEqual(got, want) {
		t.Errorf("unborn: %q, want %q", got, want)
	}
	if got := annexAList(t, []*kith.ReturnFacts{f}, p, 6)[0]["Does the Child have a Disability"]; got != "c) Unknown" {
		t.Errorf("no disability recorded: %q", got)
	}
	// A referral that ended in no further action puts the child on list 3,
	// not list 6.
	f.Episodes[0].Decision = kith.DecisionNoFurtherAction
	if got := len(annexAList(t, []*kith.ReturnFacts{f}, p, 3)); got != 1 {
		t.Errorf("the NFA referral is not on list 3")
	}
	if got := annexAList(t, []*kith.ReturnFacts{f}, p, 6); len(got) != 0 {
		t.Errorf("a child only referred is on list 6: %v", got)
	}
}

// Every list has Ofsted's columns; Kith fills every list, and says which
// columns of lists 8 to 10 it leaves empty.
func TestAnnexAListsAllHeld(t *testing.T) {
	lists := kith.AnnexALists(nil, nil, kith.AnnexAPeriod{From: d(t, "2026-06-01"), To: d(t, "2026-11-30")})
	for _, l := range lists {
		if partly := l.Number >= 8 && l.Number <= 10; (l.NotHeld != "") != partly {
			t.Errorf("list %d (%s): not held %q", l.Number, l.Title, l.NotHeld)
		}
		if len(l.Columns) < 5 {
			t.Errorf("list %d has %d columns", l.Number, len(l.Columns))
		}
	}
}

// List 9: those entitled to leaving care services at the period's end,
// by category, with what was recorded for the 903 on their last birthday.
func TestAnnexACareLeavers(t *testing.T) {
	p := kith.AnnexAPeriod{From: d(t, "2026-06-01"), To: d(t, "2026-11-30")}
	young := func(dob, start, end, rec string) *kith.ReturnFacts {
		e := kith.CareEpisode{StartedOn: d(t, start), ReasonNew: kith.RNEStarted, LegalStatus: "C2", PlacementType: "U4", ReasonEnded: rec}
		if end != "" {
			e.EndedOn = d(t, end)
		}
		return &kith.ReturnFacts{CaseReference: "KTH-2020-000001", BirthDate: d(t, dob), TeamName: "Leaving care", WorkerName: "Ann Ash",
			LastVisit: d(t, "2026-11-02"), Care: kith.LookedAfter{Episodes: []kith.CareEpisode{e}}}
	}
	formerRelevant := young("2007-03-01", "2020-01-01", "2025-03-01", "E5")
	formerRelevant.Care.Leaving = []kith.CareLeaverOutcomes{{CareLeaverInput: kith.CareLeaverInput{Year: "2026-27", InTouch: "YES",
		Activity: "F2", Accommodation: "U", Suitable: "1"}}}
	formerRelevant.Plans = []kith.Plan{{Kind: kith.PlanPathway, StartedOn: d(t, "2025-03-01"), Reviews: []kith.PlanReview{{HeldOn: d(t, "2025-09-01")},
		{HeldOn: d(t, "2026-03-02")}, {HeldOn: d(t, "2026-12-01")}}}, {Kind: kith.PlanCare, StartedOn: d(t, "2020-01-01"),
		Reviews: []kith.PlanReview{{HeldOn: d(t, "2026-06-01")}}}}
	for _, tc := range []struct {
		name     string
		f        *kith.ReturnFacts
		category string
	}{
		{"19, left care at 18", formerRelevant, "b) Former relevant child"},
		{"17, left care at 16", young("2009-03-01", "2024-01-01", "2025-06-01", "E4A"), "a) Relevant child"},
		{"16, looked after since 14", young("2010-03-01", "2024-04-01", "", ""), "d) Eligible child"},
		{"16, looked after for a month", young("2010-03-01", "2026-10-20", "", ""), ""},
		{"22, left care at 18", young("2004-03-01", "2018-01-01", "2022-03-01", "E5"), ""},
		{"15, looked after", young("2011-03-01", "2024-01-01", "", ""), ""},
		{"18, care ended by another council", young("2008-03-01", "2021-01-01", "2025-06-01", "E3"), ""},
	} {
		rows := annexAList(t, []*kith.ReturnFacts{tc.f}, p, 9)
		switch {
		case tc.category == "" && len(rows) != 0:
			t.Errorf("%s: listed as %q", tc.name, rows[0]["Eligibility Category"])
		case tc.category != "" && (len(rows) != 1 || rows[0]["Eligibility Category"] != tc.category):
			t.Errorf("%s: %v, want %q", tc.name, rows, tc.category)
		}
	}
	row := annexAList(t, []*kith.ReturnFacts{formerRelevant}, p, 9)[0]
	for col, want := range map[string]string{"LA in Touch": "a) Yes", "Type of Accommodation": "U: Independent living", "Suitability of Accommodation": "a) Suitable",
		"Activity Status": "F2: Full time in education other than higher", "Latest Date of Contact": "02/11/2026", "Allocated Team": "Leaving care",
		"Unaccompanied Asylum Seeking Child (UASC), or formerly UASC if 18 or over (Y/N)": "b) No", "Allocated Personal Advisor": "",
		"Latest Pathway Plan Review Date": "02/03/2026"} {
		if row[col] != want {
			t.Errorf("%s: %q, want %q", col, row[col], want)
		}
	}
}

// List 10: a child placed for adoption and adopted, each step's date from
// the record; a decision reversed more than a year before the period's end
// is not listed.
func TestAnnexAAdoption(t *testing.T) {
	p := kith.AnnexAPeriod{From: d(t, "2026-06-01"), To: d(t, "2026-11-30")}
	ep := func(from, to, rne, ls, place, rec string) kith.CareEpisode {
		e := kith.CareEpisode{StartedOn: d(t, from), ReasonNew: rne, LegalStatus: ls, PlacementType: place, ReasonEnded: rec}
		if to != "" {
			e.EndedOn = d(t, to)
		}
		return e
	}
	f := &kith.ReturnFacts{CaseReference: "KTH-2024-000001", BirthDate: d(t, "2023-02-01"), Care: kith.LookedAfter{
		Episodes: []kith.CareEpisode{ep("2024-03-01", "2025-05-01", "S", "C2", "U4", "X1"), ep("2025-05-01", "2026-01-10", "L", "E1", "U4", "X1"),
			ep("2026-01-10", "2026-09-01", "P", "E1", "A6", "E12")},
		Decisions: []kith.AdoptionDecision{{DecidedOn: d(t, "2025-02-01")}},
		Matches:   []kith.AdoptionMatch{{PeriodStart: d(t, "2024-03-01"), MatchedOn: d(t, "2025-12-01"), Household: "ADP-2025-0003"}},
	}}
	rows := annexAList(t, []*kith.ReturnFacts{f}, p, 10)
	if len(rows) != 1 {
		t.Fatalf("list 10: %v", rows)
	}
	for col, want := range map[string]string{"Date the Child Entered Care": "01/03/2024", "Date of Decision that Child Should be Placed for Adoption": "01/02/2025",
		"Date of Placement Order": "01/05/2025", "Date of Matching Child and Prospective Adopters": "01/12/2025", "Date Placed for Adoption": "10/01/2026",
		"Date of Adoption Order": "01/09/2026", "Date of Decision that Child Should No Longer be Placed for Adoption": "", "Family identifier": "ADP-2025-0003"} {
		if rows[0][col] != want {
			t.Errorf("%s: %q, want %q", col, rows[0][col], want)
		}
	}
	f.Care.Decisions[0].ReversedOn, f.Care.Decisions[0].ReversalReason = d(t, "2025-11-30"), "RD2"
	if rows := annexAList(t, []*kith.ReturnFacts{f}, p, 10); len(rows) != 0 {
		t.Errorf("a decision reversed over a year before: %v", rows)
	}
	f.Care.Decisions[0].ReversedOn = d(t, "2025-12-01")
	if rows := annexAList(t, []*kith.ReturnFacts{f}, p, 10); len(rows) != 1 || rows[0]["Reason Why Child No Longer Placed for Adoption"] != "RD2 - Court did not make a placement order" {
		t.Errorf("a decision reversed within the year: %v", rows)
	}
}

// List 1 holds every contact in the period, in date order: the contacts
// that went no further and every referral (each began as a contact), one
// decided for early help too; list 2 each early help assessment open on a
// day of the period, its completion as the period's end saw it.
func TestAnnexAContactsAndEarlyHelp(t *testing.T) {
	p := kith.AnnexAPeriod{From: d(t, "2026-06-01"), To: d(t, "2026-11-30")}
	f := annexAFacts(t)
	f.Episodes = append(f.Episodes, kith.Episode{ID: "e3", ReferralAt: kith.InLondon(d(t, "2026-11-30"), 16, 0), Source: "5D",
		Decision: kith.DecisionEarlyHelp, DecidedOn: d(t, "2026-11-30")})
	f.Contacts = []kith.Contact{
		{ContactOn: d(t, "2026-05-31"), Source: "2A", Outcome: "advice"}, // before the period
		{ContactOn: d(t, "2026-06-01"), Source: "1A", Outcome: "nfa"},
		{ContactOn: d(t, "2026-08-15"), Source: "9", Outcome: "early_help"},
		{ContactOn: d(t, "2026-12-01"), Source: "6", Outcome: "nfa"}, // after it
	}
	var got [][]string
	for _, r := range annexAList(t, []*kith.ReturnFacts{f}, p, 1) {
		got = append(got, pick(r, "Child Unique ID", "Age of Child (Years)", "Date of Contact", "Contact Source"))
	}
	want := [][]string{{"C42", "11", "01/06/2026", "a) 1A: Individual"}, {"C42", "11", "01/07/2026", "g) 3A: Health services"},
		{"C42", "11", "15/08/2026", "t) 9: Anonymous"}, {"C42", "11", "30/11/2026", "p1) 5D: LA services"}}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("list 1:\n got %v\nwant %v", got, want)
	}

	f.EarlyHelp = []kith.EarlyHelpAssessment{
		{StartedOn: d(t, "2026-01-05"), CompletedOn: d(t, "2026-05-31"), Organisation: "Before"},
		{StartedOn: d(t, "2026-03-01"), CompletedOn: d(t, "2026-06-01"), Organisation: "Early help team"},
		{StartedOn: d(t, "2026-11-01"), CompletedOn: d(t, "2026-12-03"), Organisation: "Oakfield Primary School"},
		{StartedOn: d(t, "2026-09-10"), Organisation: "Health visiting"},
		{StartedOn: d(t, "2026-12-01"), Organisation: "After"},
	}
	got = nil
	for _, r := range annexAList(t, []*kith.ReturnFacts{f}, p, 2) {
		got = append(got, pick(r, "Child Unique ID", "Assessment start date", "Assessment completion date", "Organisation completing assessment"))
	}
	want = [][]string{{"C42", "01/03/2026", "01/06/2026", "Early help team"}, {"C42", "01/11/2026", "", "Oakfield Primary School"},
		{"C42", "10/09/2026", "", "Health visiting"}}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("list 2:\n got %v\nwant %v", got, want)
	}
}
