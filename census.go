package kith

import "sort"

// CensusChild is one child in the Children in Need census, as the DfE's
// specification arranges the items (ChildIdentifiers, ChildCharacteristics
// and one CINdetails per episode), with the case it came from so that a
// problem can point back to the place in Kith that fixes it.
type CensusChild struct {
	CaseReference string
	ChildName     string
	TeamID        string
	WorkerID      string

	LAChildID  string // N00097
	UPN        string // N00001
	FormerUPN  string // N00002
	UPNUnknown string // N00135
	BirthDate  Date   // N00066
	// ExpectedBirthDate is given instead of BirthDate for an unborn child
	// (N00098).
	ExpectedBirthDate Date
	Sex               string // N00783
	DeathDate         Date   // N00108
	Ethnicity         string // N00177
	Disabilities      []string
	Episodes          []CensusEpisode
}

// CensusEpisode is one CIN episode (CINdetails): a referral and what
// followed it, to its closure.
type CensusEpisode struct {
	ID             string
	Number         int
	ReferralDate   Date   // N00100
	ReferralSource string // N00152
	PrimaryNeed    string // N00101
	ClosureDate    Date   // N00102
	ClosureReason  string // N00103
	ReferralNFA    bool   // N00112
	// ConferenceDate is the initial conference held without an enquiry in
	// the episode (N00110 at CIN level): the day a child protection plan
	// began that no conference recorded in Kith made.
	ConferenceDate Date
	Assessments    []CensusAssessment
	CINPlans       []CensusSpan
	Section47s     []CensusSection47
	CPPlans        []CensusCPPlan
}

// CensusAssessment is an assessment as the census has it; its factors
// are given only once it is authorised (census rule 8614).
type CensusAssessment struct {
	ID                string
	StartDate         Date // N00159
	AuthorisationDate Date // N00160
	Factors           []string
}

// CensusSpan is a CIN plan's start and end (N00689, N00690).
type CensusSpan struct{ Start, End Date }

// CensusSection47 is a section 47 enquiry with its initial conference.
type CensusSection47 struct {
	ID                    string
	StartDate             Date // N00148
	ConferenceDue         Date // N00109
	ConferenceDate        Date // N00110
	ConferenceNotRequired bool // N00111
}

// CensusCPPlan is a child protection plan with its reviews.
type CensusCPPlan struct {
	ID              string
	Start, End      Date   // N00105, N00115
	InitialCategory string // N00113
	LatestCategory  string // N00114
	PreviousPlans   int    // N00106
	Reviews         []Date // N00116
}

// CensusChildOf makes a child's census entry for a collection year from
// what Kith holds, or reports false when the child is not in the census.
//
// The census counts every child with a CIN episode open on any day of the
// year, each such episode, and within it every assessment, plan and
// enquiry open on any day of the year. The record is read as it stood on
// 31 March: whatever happened later (a closure, an authorisation, a
// conference) has not happened yet in the return. The census's own rules
// ask this: dates after the year are errors (8620, 8696, 8715, 8930), and
// so are finished items from before it (4013, 8736, 8740).
func CensusChildOf(f *ReturnFacts, y CollectionYear) (CensusChild, bool) {
	c := CensusChild{
		CaseReference: f.CaseReference, ChildName: f.ChildName, TeamID: f.TeamID, WorkerID: f.WorkerID,
		LAChildID: f.LocalChildID(), UPN: f.Identity.UPN, FormerUPN: f.Identity.FormerUPN, UPNUnknown: f.Identity.UPNUnknown,
		BirthDate: y.asAt(f.BirthDate), Sex: f.Identity.Sex, DeathDate: y.asAt(f.Identity.DateOfDeath),
		Ethnicity: f.Identity.Ethnicity, Disabilities: f.Identity.Disabilities,
	}
	if c.BirthDate.IsZero() {
		// Born after the year ended: still unborn on 31 March.
		c.ExpectedBirthDate = f.ExpectedBirthDate
		if c.ExpectedBirthDate.IsZero() {
			c.ExpectedBirthDate = f.BirthDate
		}
	}
	cpPlans := cpPlansInOrder(f.Plans)
	for i := range f.Episodes {
		ep := &f.Episodes[i]
		if !y.spans(ep.ReferralOn(), ep.ClosedOn) || !censusCounts(f, ep) {
			continue
		}
		c.Episodes = append(c.Episodes, censusEpisode(f, ep, y, cpPlans))
	}
	return c, len(c.Episodes) > 0
}

func censusEpisode(f *ReturnFacts, ep *Episode, y CollectionYear, cpPlans []Plan) CensusEpisode {
	out := CensusEpisode{
		ID: ep.ID, Number: ep.Number, ReferralDate: ep.ReferralOn(), ReferralSource: ep.Source, PrimaryNeed: ep.PrimaryNeed,
		ReferralNFA: ep.Decision == DecisionNoFurtherAction && !y.asAt(ep.DecidedOn).IsZero(),
	}
	if closed := y.asAt(ep.ClosedOn); !closed.IsZero() {
		out.ClosureDate, out.ClosureReason = closed, ep.CloseReason
	}
	for _, a := range f.Assessments {
		if a.EpisodeID != ep.ID || !y.spans(a.StartedOn, a.AuthorisedOn) {
			continue
		}
		ca := CensusAssessment{ID: a.ID, StartDate: a.StartedOn, AuthorisationDate: y.asAt(a.AuthorisedOn)}
		if !ca.AuthorisationDate.IsZero() {
			ca.Factors = a.Factors
		}
		out.Assessments = append(out.Assessments, ca)
	}
	for _, s := range f.Section47s {
		if s.EpisodeID != ep.ID || !y.spans(s.StartedOn, s47Finished(s)) {
			continue
		}
		cs := CensusSection47{ID: s.ID, StartDate: s.StartedOn, ConferenceDue: s.ConferenceDue, ConferenceDate: y.asAt(s.ConferenceOn)}
		cs.ConferenceNotRequired = s.NoConference() && !y.asAt(s.ConcludedOn).IsZero()
		out.Section47s = append(out.Section47s, cs)
	}
	inEpisode := func(p Plan) bool {
		if p.Section47ID != "" {
			for _, s := range f.Section47s {
				if s.ID == p.Section47ID {
					return s.EpisodeID == ep.ID
				}
			}
		}
		return !p.StartedOn.Before(ep.ReferralOn()) && (ep.ClosedOn.IsZero() || !p.StartedOn.After(ep.ClosedOn))
	}
	for _, p := range f.Plans {
		if p.Kind == PlanChildInNeed && inEpisode(p) && y.spans(p.StartedOn, p.EndedOn) {
			out.CINPlans = append(out.CINPlans, CensusSpan{Start: p.StartedOn, End: y.asAt(p.EndedOn)})
		}
	}
	sort.Slice(out.CINPlans, func(i, j int) bool { return out.CINPlans[i].Start.Before(out.CINPlans[j].Start) })
	for n, p := range cpPlans {
		if !inEpisode(p) || !y.spans(p.StartedOn, p.EndedOn) {
			continue
		}
		cp := CensusCPPlan{ID: p.ID, Start: p.StartedOn, End: y.asAt(p.EndedOn), InitialCategory: p.InitialCategory, PreviousPlans: n}
		cp.LatestCategory = p.InitialCategory
		for _, r := range p.Reviews {
			if r.HeldOn.After(y.End()) {
				continue
			}
			if r.Category != "" {
				cp.LatestCategory = r.Category
			}
			if !r.HeldOn.Before(y.Start()) {
				cp.Reviews = append(cp.Reviews, r.HeldOn)
			}
		}
		out.CPPlans = append(out.CPPlans, cp)
		if p.Section47ID == "" && y.Contains(p.StartedOn) && out.ConferenceDate.IsZero() && !heldConference(out.Section47s, p.StartedOn) {
			// A plan begins at a conference (Working Together 2023,
			// chapter 3): one not recorded in Kith was held that day.
			out.ConferenceDate = p.StartedOn
		}
	}
	return out
}

func heldConference(s47s []CensusSection47, on Date) bool {
	for _, s := range s47s {
		if s.ConferenceDate == on {
			return true
		}
	}
	return false
}

// censusCounts reports whether an episode is a referral to children's
// social care, which the census counts. A referral decided for early help
// is not one, unless children's social care went on to work with the
// child in the same episode (an assessment, an enquiry, a child in need or
// protection plan, care): it was a request for early help.
func censusCounts(f *ReturnFacts, ep *Episode) bool {
	if ep.Decision != DecisionEarlyHelp {
		return true
	}
	for _, a := range f.Assessments {
		if a.EpisodeID == ep.ID {
			return true
		}
	}
	for _, s := range f.Section47s {
		if s.EpisodeID == ep.ID {
			return true
		}
	}
	within := func(d Date) bool {
		return !d.Before(ep.ReferralOn()) && (ep.ClosedOn.IsZero() || !d.After(ep.ClosedOn))
	}
	for _, p := range f.Plans {
		if (p.Kind == PlanChildInNeed || p.Kind == PlanChildProtection) && within(p.StartedOn) {
			return true
		}
	}
	for _, c := range f.Care.Episodes {
		if within(c.StartedOn) {
			return true
		}
	}
	return false
}

// s47Finished is the day an enquiry finished for the census: its initial
// conference, or the outcome that needed none; zero while it goes on.
func s47Finished(s Section47) Date {
	if s.NoConference() {
		return s.ConcludedOn
	}
	return s.ConferenceOn
}

// cpPlansInOrder is the child's child protection plans, the first first,
// so that a plan's place in the list is the number before it (N00106).
func cpPlansInOrder(plans []Plan) []Plan {
	var out []Plan
	for _, p := range plans {
		if p.Kind == PlanChildProtection {
			out = append(out, p)
		}
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].StartedOn.Before(out[j].StartedOn) })
	return out
}
