package kith

import (
	"fmt"
	"strconv"
	"strings"
)

// ReturnProblem is a child whose record breaks one of the rules a
// statutory return is checked by: what is wrong, in words a practitioner
// can act on, and where in the case to put it right. The rule numbers are
// the DfE's (a Q ends a query: the DfE asks for it to be explained or
// amended; the rest are errors the DfE refuses).
type ReturnProblem struct {
	Return        string `json:"return"`
	Rule          string `json:"rule"`
	Query         bool   `json:"query"`
	Message       string `json:"message"`
	CaseReference string `json:"case_reference"`
	// ChildID is the child's id in the returns, as the validators name
	// them.
	ChildID   string `json:"child_id"`
	ChildName string `json:"child_name"`
	TeamID    string `json:"team_id"`
	WorkerID  string `json:"worker_id,omitempty"`
	// FixPath is where in the case to put it right, relative to the case's
	// page ("identity/edit"); FixLabel says what the link does.
	FixPath  string `json:"fix_path"`
	FixLabel string `json:"fix_label"`
}

// The returns' names, as problems carry them.
const (
	ReturnCIN     = "CIN census"
	ReturnSSDA903 = "SSDA903"
)

// ReturnRule is one rule Kith checks the record by, continuously, as the
// DfE checks the return: its number, what it is about, and whether it is a
// query.
type ReturnRule struct {
	Return, Rule, About string
}

// KithOnly reports whether the rule is Kith's own, with no DfE rule
// behind it: OC3 asks about the care leavers the council should return,
// which a validator cannot know from the return itself.
func (r ReturnRule) KithOnly() bool { return r.Rule == "OC3" }

// Query reports whether the DfE asks for the rule's failures to be
// explained or amended, rather than refusing them.
func (r ReturnRule) Query() bool { return strings.HasSuffix(r.Rule, "Q") }

// ReturnRules are the rules Kith checks, in the order the page lists them.
// Each is written from the DfE's rule text (as the community validators
// quote it) and checked against those validators on the same records.
var ReturnRules = []ReturnRule{
	{ReturnCIN, "1510", "UPN check letter"},
	{ReturnCIN, "1530", "UPN local authority code"},
	{ReturnCIN, "8770Q", "UPN for a child of school age"},
	{ReturnCIN, "4180", "Sex recorded"},
	{ReturnCIN, "4220", "Ethnicity recorded"},
	{ReturnCIN, "8866", "Where the referral came from"},
	{ReturnCIN, "8610", "Primary need of a referral going on to further action"},
	{ReturnCIN, "8670Q", "Assessment authorised within 45 working days"},
	{ReturnCIN, "8897Q", "Factors of a completed assessment"},
	{ReturnCIN, "8675Q", "Initial conference within 15 working days of the strategy discussion"},
	{ReturnCIN, "2991Q", "An assessment alongside a section 47 enquiry"},
	{ReturnCIN, "8905", "Category of abuse of a child protection plan"},
	{ReturnCIN, "8825Q", "Closed after assessment, with no assessment"},
	{ReturnCIN, "2990", "Closed after assessment, with a plan or enquiry"},
	{ReturnCIN, "8585Q", "Date of death of a child whose case closed because they died"},
	{ReturnSSDA903, "232", "Sex of a looked-after child"},
	{ReturnSSDA903, "209", "UPN for a looked-after child of school age"},
	{ReturnSSDA903, "352", "Under 18 on becoming looked after"},
	{ReturnSSDA903, "358", "Youth justice legal status under the age of 10"},
	{ReturnSSDA903, "361", "Police protection lasting over 72 hours"},
	{ReturnSSDA903, "362", "Emergency protection order lasting over 21 days"},
	{ReturnSSDA903, "378", "Placed with parents under section 20"},
	{ReturnSSDA903, "501", "Overlapping looked-after episodes"},
	{ReturnSSDA903, "574", "Overlapping missing episodes"},
	{ReturnSSDA903, "191", "Health outcomes of a child looked after for the whole year"},
	{ReturnSSDA903, "OC3", "A care leaver's outcomes on their 17th to 21st birthdays"},
	{ReturnSSDA903, "557", "A decision to place for adoption reversed when care ended otherwise"},
	{ReturnSSDA903, "630", "Previous permanence of a child starting to be looked after"},
	{ReturnSSDA903, "SW02STG1", "Social workers' registration numbers"},
	{ReturnSSDA903, "SW17STG2", "A social worker at the year's end"},
}

// CensusProblems checks a child's census entry, made for the year y, by
// the census's rules. wd counts working days.
func CensusProblems(c *CensusChild, y CollectionYear, wd WorkingDays) []ReturnProblem {
	var out []ReturnProblem
	add := func(rule, msg, fix, label string) {
		out = append(out, ReturnProblem{Return: ReturnCIN, Rule: rule, Query: strings.HasSuffix(rule, "Q"), Message: msg,
			CaseReference: c.CaseReference, ChildID: c.LAChildID, ChildName: c.ChildName, TeamID: c.TeamID, WorkerID: c.WorkerID, FixPath: fix, FixLabel: label})
	}
	const identity, identityLabel = "identity/edit", "Change the identity items"
	if c.UPN != "" {
		if p := UPNProblem(c.UPN); p != "" {
			add("1510", "The UPN "+c.UPN+" "+p+".", identity, identityLabel)
		} else if !UPNLACodes[c.UPN[1:4]] {
			add("1530", "The UPN "+c.UPN+" does not carry a local authority code the DfE recognises (characters 2 to 4, "+c.UPN[1:4]+"): check it was copied correctly.", identity, identityLabel)
		}
	}
	if schoolAge(c.BirthDate, y) && (c.UPN == "" && (c.UPNUnknown == "" || c.UPNUnknown == "UN1")) && anyFurtherAction(c.Episodes) {
		add("8770Q", "Record the UPN of this child of school age, or why there is none (not “not of school age”).", identity, identityLabel)
	}
	if c.Sex == "" {
		add("4180", "Record the child's sex.", identity, identityLabel)
	}
	if c.Ethnicity == "" {
		add("4220", "Record the child's ethnicity (or that it was refused, or not yet obtained).", identity, identityLabel)
	}
	end := y.End()
	for i := range c.Episodes {
		ep := &c.Episodes[i]
		current := i == len(c.Episodes)-1 && ep.ClosureDate.IsZero()
		referral, referralLabel := "journey", "See the episode"
		if current {
			referral, referralLabel = "referral", "Record the referral"
		}
		if ep.ReferralSource == "" {
			add("8866", "Record where the referral of "+ep.ReferralDate.Long()+" came from.", referral, referralLabel)
		}
		if ep.PrimaryNeed == "" && !ep.ReferralNFA {
			add("8610", "Record the child's primary need for the referral of "+ep.ReferralDate.Long()+".", referral, referralLabel)
		}
		for _, a := range ep.Assessments {
			if a.AuthorisationDate.IsZero() && wd.AddWorkingDays(a.StartDate, 45).Before(end) {
				add("8670Q", fmt.Sprintf("The assessment started %s has run %d working days without being authorised.", a.StartDate.Long(),
					wd.WorkingDaysBetween(a.StartDate, end)), "assessments/"+a.ID+"/authorise", "Authorise the assessment")
			}
			if !a.AuthorisationDate.IsZero() && len(a.Factors) == 0 {
				add("8897Q", "The assessment authorised "+a.AuthorisationDate.Long()+" has no factors identified.", "journey", "See the assessment")
			}
		}
		for _, s := range ep.Section47s {
			if s.ConferenceDate.IsZero() && !s.ConferenceNotRequired && wd.AddWorkingDays(s.StartDate, ICPCWorkingDays).Before(end) {
				add("8675Q", "The section 47 enquiry started "+s.StartDate.Long()+" has had no initial child protection conference in 15 working days (due "+s.ConferenceDue.Long()+").",
					"section47s/"+s.ID+"/conference", "Record the conference")
			}
		}
		if len(ep.Section47s) > 0 && len(ep.Assessments) == 0 {
			fix, label := "journey", "See the episode"
			if current {
				fix, label = "assessments/new", "Start the assessment"
			}
			add("2991Q", "A section 47 enquiry began in the episode from "+ep.ReferralDate.Long()+" with no child and family assessment recorded in it.", fix, label)
		}
		for _, p := range ep.CPPlans {
			if p.InitialCategory == "" || p.LatestCategory == "" {
				add("8905", "The child protection plan from "+p.Start.Long()+" has no category of abuse.", "plan", "See the plan")
			}
		}
		afterAssessment := ep.ClosureReason == "RC8" || ep.ClosureReason == "RC9"
		if afterAssessment && len(ep.Assessments) == 0 {
			add("8825Q", "The episode closed on "+ep.ClosureDate.Long()+" as closed after assessment, but has no assessment.", "journey", "See the episode")
		}
		if afterAssessment && (len(ep.CINPlans) > 0 || len(ep.Section47s) > 0 || len(ep.CPPlans) > 0) {
			add("2990", "The episode closed on "+ep.ClosureDate.Long()+" as closed after assessment, but a plan or an enquiry ran in it: check the reason for closure.", "journey", "See the episode")
		}
		if ep.ClosureReason == "RC2" && c.DeathDate.IsZero() {
			add("8585Q", "The episode closed because the child died: record the date of death.", identity, identityLabel)
		}
	}
	return out
}

// schoolAge reports whether a child is of school age for the census: born
// on or before 31 August six years before the census's 31 August (rule
// 8770Q: "the reference date plus four months and 31 days, less six
// years").
func schoolAge(born Date, y CollectionYear) bool {
	cut := Date{Year: y.StartYear + 1 - 6, Month: 8, Day: 31}
	return !born.IsZero() && !born.After(cut)
}

func anyFurtherAction(eps []CensusEpisode) bool {
	for _, e := range eps {
		if !e.ReferralNFA {
			return true
		}
	}
	return false
}

// SSDA903Problems checks a looked-after child's rows, made for the year y,
// by the SSDA903's rules.
func SSDA903Problems(c *SSDA903Child, y CollectionYear) []ReturnProblem {
	var out []ReturnProblem
	add := func(rule, msg, fix, label string) {
		out = append(out, ReturnProblem{Return: ReturnSSDA903, Rule: rule, Query: strings.HasSuffix(rule, "Q"), Message: msg,
			CaseReference: c.CaseReference, ChildID: c.Child, ChildName: c.ChildName, TeamID: c.TeamID, WorkerID: c.WorkerID, FixPath: fix, FixLabel: label})
	}
	const identity, identityLabel = "identity/edit", "Change the identity items"
	const care, careLabel = "looked-after/change", "Record a change of placement or legal status"
	if c.Sex == "U" || c.Sex == "" {
		add("232", "Record the sex of this looked-after child (the SSDA903 does not accept unknown).", identity, identityLabel)
	}
	// School age for the 903: four by the 31 August before the year began.
	if c.UPN == "UN1" && !c.BirthDate.IsZero() && !c.BirthDate.After(Date{Year: y.StartYear - 1 - 4, Month: 8, Day: 31}) {
		add("209", "Record the UPN of this child of school age, or why there is none (not “not of school age”).", identity, identityLabel)
	}
	for _, e := range c.Episodes {
		if e.ReasonNew == RNEStarted && !c.BirthDate.IsZero() && c.BirthDate.AgeOn(e.StartedOn) >= 18 {
			add("352", "The period of care from "+e.StartedOn.Long()+" began after the young person's 18th birthday.", "journey", "See the period of care")
		}
		if (e.LegalStatus == "J1" || e.LegalStatus == "J2" || e.LegalStatus == "J3") && !c.BirthDate.IsZero() && c.BirthDate.AgeOn(e.StartedOn) < 10 {
			add("358", "The legal status "+e.LegalStatus+" from "+e.StartedOn.Long()+" is for a child aged 10 or over.", care, careLabel)
		}
		ended := e.EndedOn
		if ended.IsZero() {
			ended = y.End()
		}
		if e.LegalStatus == "L1" && daysBetween(e.StartedOn, ended) > 3 {
			add("361", "Police protection from "+e.StartedOn.Long()+" lasted more than 72 hours: record the legal status that followed it.", care, careLabel)
		}
		if e.LegalStatus == "L2" && daysBetween(e.StartedOn, ended) > 21 {
			add("362", "The emergency protection order from "+e.StartedOn.Long()+" lasted more than 21 days: record the legal status that followed it.", care, careLabel)
		}
		if e.PlacementType == "P1" && e.LegalStatus == "V2" {
			add("378", "The placement with parents from "+e.StartedOn.Long()+" is under section 20 accommodation, which cannot place a child with their parents.", care, careLabel)
		}
	}
	for i := 1; i < len(c.Episodes); i++ {
		prev, e := c.Episodes[i-1], c.Episodes[i]
		if !prev.EndedOn.IsZero() && e.StartedOn.Before(prev.EndedOn) {
			add("501", "The looked-after episode from "+e.StartedOn.Long()+" begins before the one from "+prev.StartedOn.Long()+" ended, on "+prev.EndedOn.Long()+".",
				"journey", "See the period of care")
		}
	}
	for i := 1; i < len(c.Missing); i++ {
		prev, m := c.Missing[i-1], c.Missing[i]
		if prev.EndedOn.IsZero() || !m.StartedOn.After(prev.EndedOn) {
			add("574", "The missing episode from "+m.StartedOn.Long()+" begins before the one from "+prev.StartedOn.Long()+" ended.", "missing/"+m.ID, "Change the missing episode")
		}
	}
	if p := c.Permanence; !c.PermanenceDue.IsZero() {
		const fix, label = "looked-after/permanence", "Record the previous permanence"
		switch {
		case p == nil:
			add("630", "Record whether the child, looked after from "+c.PermanenceDue.Long()+", had left care before through adoption or an order.", fix, label)
		case p.Option != "Z1" && (p.LA == "" || p.OrderDate == ""):
			// The return asks for the council and date whenever the answer
			// is not "no", even "not known" (P4).
			add("630", "Whether the child had left care before is not known: the SSDA903 asks for the council and the order's date even so. Record them when they are known.", fix, label)
		}
	}
	if c.HealthDue {
		fix, label := "looked-after/health?year="+y.String(), "Record the health outcomes"
		switch h := c.Health; {
		case h == nil:
			add("191", "The child has been looked after since 1 April "+strconv.Itoa(y.StartYear)+
				": record their questionnaire score, health checks, immunisations, teeth and health assessment for the year.", fix, label)
		default:
			in := h.HealthOutcomesInput
			if err := in.Validate(c.BirthDate, y); err != nil {
				add("191", "The health outcomes for the year are not complete: "+ErrorFields(err)[0].Message+".", fix, "Change the health outcomes")
			}
		}
	}
	if n := len(c.Episodes); n > 0 {
		last := c.Episodes[n-1]
		for _, d := range c.Decisions {
			if !last.EndedOn.IsZero() && !Adopted(last.ReasonEnded) && d.Stands(last.EndedOn) {
				add("557", "Care ended on "+last.EndedOn.Long()+" without an adoption, but the decision of "+d.DecidedOn.Long()+
					" that the child should be placed for adoption still stands: record when and why it was reversed.", "looked-after/adoption/"+d.ID, "Record the reversal")
			}
		}
	}
	if c.LeaverAge > 0 && c.Leaver == nil {
		l := LeaverYear{Age: c.LeaverAge}
		add("OC3", "Record whether the council was in touch with the young person on their "+l.Ordinal()+" birthday, "+c.LeaverBirthday.Long()+
			", and their activity and accommodation.", "looked-after/leaving?year="+y.String(), "Record the care leaver outcomes")
	}
	named := map[string]bool{}
	for _, s := range c.SocialWorkers {
		if !strings.HasPrefix(s.SWENumber, "SW") && !named[s.WorkerID] {
			named[s.WorkerID] = true
			add("SW02STG1", "Ask an administrator to record "+s.WorkerName+"’s Social Work England registration number: the SSDA903 names the child’s social workers by it.", "", "")
		}
	}
	if n := len(c.SocialWorkers); n > 0 && !c.SocialWorkers[n-1].Ended.IsZero() {
		add("SW17STG2", "This child has had no social worker since "+c.SocialWorkers[n-1].Ended.Long()+".", "allocate", "Allocate the case")
	}
	return out
}

// UPNLACodes are the local authority codes a UPN may carry in characters
// 2 to 4 (census rule 1530): the post-April-1998 councils' codes and the
// DfE's "pseudo LA" codes, as the rule lists them.
var UPNLACodes = func() map[string]bool {
	m := map[string]bool{}
	for _, r := range [][2]int{{1, 5}, {201, 213}, {301, 320}, {330, 336}, {340, 344}, {350, 359}, {370, 373}, {380, 384}, {390, 394},
		{420, 420}, {660, 681}, {701, 708}, {800, 803}, {805, 808}, {810, 813}, {815, 816}, {820, 823}, {825, 826}, {830, 831},
		{835, 841}, {845, 846}, {850, 852}, {855, 857}, {860, 861}, {865, 896}, {908, 909}, {916, 916}, {919, 919}, {921, 921},
		{925, 926}, {928, 929}, {931, 931}, {933, 933}, {935, 938}, {940, 941}} {
		for n := r[0]; n <= r[1]; n++ {
			m[fmt.Sprintf("%03d", n)] = true
		}
	}
	return m
}()
