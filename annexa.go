package kith

import (
	"fmt"
	"sort"
	"strconv"
	"strings"
)

// AnnexAPeriod is the span Ofsted's Annex A lists cover: usually the six
// months (sometimes twelve) before an inspection is announced. Its counts
// "in the last 12 months" and "in the last six months" run back from To.
type AnnexAPeriod struct{ From, To Date }

// AnnexAMaxDays is the longest period Kith makes the lists for: two years,
// well beyond what Ofsted asks for, and a bound on what one export reads.
const AnnexAMaxDays = 731

// AnnexASixMonthsTo is the first day of the six months that end on to:
// the period Ofsted usually asks for.
func AnnexASixMonthsTo(to Date) Date { return addMonths(to, -6).AddDays(1) }

// ParseAnnexAPeriod reads a period from its first and last days, written
// 2026-06-01.
func ParseAnnexAPeriod(from, to string) (AnnexAPeriod, error) {
	var p AnnexAPeriod
	var err error
	if p.From, err = ParseISODate(from); err != nil || p.From.IsZero() {
		return p, Errorf(EINVALID, "Enter the period's first day as a date, like 2026-06-01.")
	}
	if p.To, err = ParseISODate(to); err != nil || p.To.IsZero() {
		return p, Errorf(EINVALID, "Enter the period's last day as a date, like 2026-11-30.")
	}
	return p, p.Validate()
}

// Validate checks the period runs forwards and is not longer than two
// years.
func (p AnnexAPeriod) Validate() error {
	switch {
	case p.From.IsZero() || p.To.IsZero():
		return Errorf(EINVALID, "Enter the period's first and last days.")
	case p.To.Before(p.From):
		return Errorf(EINVALID, "The period's last day must be on or after its first day.")
	case daysBetween(p.From, p.To) > AnnexAMaxDays:
		return Errorf(EINVALID, "Annex A covers at most two years: choose a shorter period.")
	case p.From.Year < EarliestYear:
		return Errorf(EINVALID, "The period must begin in %d or later.", EarliestYear)
	}
	return nil
}

// Start is the first day the lists read the record from: the period's
// first day, or twelve months before its last day when that is earlier,
// since the counts "in the last 12 months" reach back that far.
func (p AnnexAPeriod) Start() Date {
	if y := p.yearBack(); y.Before(p.From) {
		return y
	}
	return p.From
}

// End is the period's last day: the lists read the record as it stood then.
func (p AnnexAPeriod) End() Date { return p.To }

// String names the period: "1 June 2026 to 30 November 2026".
func (p AnnexAPeriod) String() string { return p.From.Long() + " to " + p.To.Long() }

// Interval writes the period as an ISO 8601 interval: 2026-06-01/2026-11-30.
func (p AnnexAPeriod) Interval() string { return p.From.String() + "/" + p.To.String() }

// ParseAnnexAInterval reads a period written by Interval.
func ParseAnnexAInterval(s string) (AnnexAPeriod, error) {
	from, to, _ := strings.Cut(s, "/")
	return ParseAnnexAPeriod(from, to)
}

// yearBack is the first day of the twelve months that end on To.
func (p AnnexAPeriod) yearBack() Date { return addMonths(p.To, -12).AddDays(1) }

// halfYearBack is the first day of the six months that end on To.
func (p AnnexAPeriod) halfYearBack() Date { return AnnexASixMonthsTo(p.To) }

// within reports whether a day falls in the period.
func (p AnnexAPeriod) within(d Date) bool {
	return !d.IsZero() && !d.Before(p.From) && !d.After(p.To)
}

// spans reports whether something that ran from start to end (zero while it
// goes on) was open on some day of the period.
func (p AnnexAPeriod) spans(start, end Date) bool {
	if start.IsZero() || start.After(p.To) {
		return false
	}
	return end.IsZero() || !end.Before(p.From)
}

// asAt is what the lists see of a date: nothing if it came after the
// period.
func (p AnnexAPeriod) asAt(d Date) Date {
	if d.After(p.To) {
		return Date{}
	}
	return d
}

// AnnexAList is one of Annex A's eleven lists: its columns in Ofsted's
// order and its rows, every cell written as Ofsted's template writes it
// (dates dd/mm/yyyy, coded answers as the template's drop-down text).
type AnnexAList struct {
	Number  int
	Title   string
	Columns []string
	Rows    [][]string
	// NotHeld names the columns Kith leaves empty whatever the record
	// holds, and why: the council fills them from elsewhere (the
	// workbook's Notes sheet says so).
	NotHeld string
}

// Sheet is the list's worksheet name in the workbook.
func (l AnnexAList) Sheet() string { return fmt.Sprintf("List %d", l.Number) }

// The columns every list of children opens with, then the disability
// column most lists add. The names are Ofsted's template's.
var (
	annexAChildColumns = []string{"Child Unique ID", "Gender", "Ethnicity", "Date of Birth", "Age of Child (Years)"}
	annexADisability   = "Does the Child have a Disability"
	annexAAllocated    = []string{"Allocated Team", "Allocated Worker"}
)

func columns(parts ...[]string) []string {
	var out []string
	for _, p := range parts {
		out = append(out, p...)
	}
	return out
}

// AnnexALists makes the eleven lists for the period: lists 1 to 10 from
// the children's facts, list 11 from the adopters register.
func AnnexALists(facts []*ReturnFacts, adopters []AdopterFacts, p AnnexAPeriod) []AnnexAList {
	facts = append([]*ReturnFacts(nil), facts...)
	sort.SliceStable(facts, func(i, j int) bool { return facts[i].CaseReference < facts[j].CaseReference })
	lists := []AnnexAList{
		{Number: 1, Title: "Contacts", Columns: columns(annexAChildColumns, []string{"Date of Contact", "Contact Source"})},
		{Number: 2, Title: "Early help assessments", Columns: columns(annexAChildColumns,
			[]string{"Assessment start date", "Assessment completion date", "Organisation completing assessment"})},
		{Number: 3, Title: "Referrals", Columns: columns(annexAChildColumns,
			[]string{"Date of referral", "Referral Source", "Referral NFA?", "Number of Referrals in Last 12 Months"}, annexAAllocated)},
		{Number: 4, Title: "Assessments", Columns: columns(annexAChildColumns, []string{annexADisability,
			"Continuous Assessment Start Date", "Child Seen During Continuous Assessment", "Continuous Assessment Date of Authorisation",
			"Was the child assessed as requiring LA children's social care support?"}, annexAAllocated)},
		{Number: 5, Title: "Section 47 enquiries and ICPCs", Columns: columns(annexAChildColumns, []string{annexADisability,
			"Strategy discussion initiating Section 47 Enquiry Start Date", "Was an Initial Child Protection Conference deemed unnecessary?",
			"Date of Initial Child Protection Conference", "Did the Initial Child Protection Conference Result in a Child Protection Plan",
			"Number of Section 47 Enquiries in the last 12 months", "Number of ICPCs in the last 12 months"}, annexAAllocated)},
		{Number: 6, Title: "Children in need", Columns: columns(annexAChildColumns, []string{annexADisability,
			"CIN Start Date", "Primary Need Code", "Date Child Was Last Seen", "CIN Closure Date", "Reason for Closure", "Case Status"}, annexAAllocated)},
		{Number: 7, Title: "Child protection", Columns: columns(annexAChildColumns, []string{annexADisability,
			"Child Protection Plan Start Date", "Initial Category of Abuse", "Latest Category of Abuse", "Date of the Last Statutory Visit",
			"Was the Child Seen Alone?", "Date of latest review conference", "Child Protection Plan End Date",
			"Subject to Emergency Protection Order or Protected Under Police Powers in Last Six Months (Y/N)",
			"Number of Previous Child Protection Plans"}, annexAAllocated)},
		{Number: 8, Title: "Children in care", Columns: annexAList8Columns,
			NotHeld: "Left empty: the last IRO visit or contact, and the last health assessment and dental check (Kith keeps the SSDA903's yes or no for each year, not dates); Placement Location and LA of Placement, which need the ONS postcode directory."},
		{Number: 9, Title: "Care leavers", Columns: columns(annexAChildColumns, []string{
			"Unaccompanied Asylum Seeking Child (UASC), or formerly UASC if 18 or over (Y/N)", annexADisability}, annexAAllocated,
			[]string{"Allocated Personal Advisor", "Eligibility Category", "Latest Pathway Plan Review Date", "LA in Touch",
				"Latest Date of Contact", "Type of Accommodation", "Suitability of Accommodation", "Activity Status"}),
			NotHeld: "Left empty: the allocated personal adviser. Not listed: young people aged 22 to 25 still receiving services, and qualifying care leavers, whom Kith does not know of."},
		{Number: 10, Title: "Adoption", Columns: []string{"Child Unique ID", "Family identifier", "Gender", "Ethnicity", "Date of Birth",
			"Age of Child (Years)", annexADisability, "Date the Child Entered Care", "Date of Decision that Child Should be Placed for Adoption",
			"Date of Placement Order", "Date of Matching Child and Prospective Adopters", "Date Placed for Adoption", "Date of Adoption Order",
			"Date of Decision that Child Should No Longer be Placed for Adoption", "Reason Why Child No Longer Placed for Adoption",
			"Date the child was placed for fostering in FFA or concurrent planning placement"},
			NotHeld: "Left empty: the date of a fostering for adoption or concurrent planning placement, which Kith does not record as one."},
		{Number: 11, Title: "Adopters", Columns: []string{"Individual adopter identifier", "Family identifier", "Gender", "Ethnicity",
			"Disability", "Is the (prospective) adopter fostering for adoption?", "Date enquiry received", "Date Stage 1 started",
			"Date Stage 1 ended", "Date Stage 2 started", "Date Stage 2 ended", "Date application submitted", "Date application approved",
			"Date adopter matched with child(ren)", "Date child/children placed with adopter(s)", "No. of children placed",
			"Date of Adoption Order", "Date of leaving adoption process", "Reason for leaving adoption process"},
			Rows: annexAAdopters(adopters, p)},
	}
	for _, f := range facts {
		lists[0].Rows = append(lists[0].Rows, annexAContacts(f, p)...)
		lists[1].Rows = append(lists[1].Rows, annexAEarlyHelp(f, p)...)
		lists[2].Rows = append(lists[2].Rows, annexAReferrals(f, p)...)
		lists[3].Rows = append(lists[3].Rows, annexAAssessments(f, p)...)
		lists[4].Rows = append(lists[4].Rows, annexASection47s(f, p)...)
		if row, ok := annexAChildInNeed(f, p); ok {
			lists[5].Rows = append(lists[5].Rows, row)
		}
		if row, ok := annexAProtection(f, p); ok {
			lists[6].Rows = append(lists[6].Rows, row)
		}
		if row, ok := annexAInCare(f, p); ok {
			lists[7].Rows = append(lists[7].Rows, row)
		}
		if row, ok := annexACareLeaver(f, p); ok {
			lists[8].Rows = append(lists[8].Rows, row)
		}
		if row, ok := annexAAdoption(f, p); ok {
			lists[9].Rows = append(lists[9].Rows, row)
		}
	}
	return lists
}

// annexAChild is the columns every list of children opens with, as the
// child was at the period's end: a child born after it is unborn.
func annexAChild(f *ReturnFacts, p AnnexAPeriod, disability bool) []string {
	born := p.asAt(f.BirthDate)
	gender := annexAGender(f.Identity.Sex)
	age := ""
	if born.IsZero() {
		gender = "c) Not stated/recorded"
	} else {
		age = strconv.Itoa(born.AgeOn(p.To))
	}
	row := []string{f.LocalChildID(), gender, annexAEthnicity(f.Identity.Ethnicity), annexADate(born), age}
	if disability {
		row = append(row, annexADisabled(f.Identity.Disabilities))
	}
	return row
}

func (f *ReturnFacts) annexAAllocated() []string { return []string{f.TeamName, f.WorkerName} }

// annexADate writes a date as the template does: 05/12/2026.
func annexADate(d Date) string {
	if d.IsZero() {
		return ""
	}
	return fmt.Sprintf("%02d/%02d/%04d", d.Day, int(d.Month), d.Year)
}

func annexAYesNo(yes bool) string {
	if yes {
		return "a) Yes"
	}
	return "b) No"
}

const annexAUnknown = "c) Unknown"

func annexAGender(sex string) string {
	switch sex {
	case "M":
		return "a) Male"
	case "F":
		return "b) Female"
	}
	return "c) Not stated/recorded"
}

// annexAEthnicities are the template's ethnicity answers, in its order.
var annexAEthnicities = []string{"WBRI", "WIRI", "WIRT", "WOTH", "WROM", "MWBC", "MWBA", "MWAS", "MOTH",
	"AIND", "APKN", "ABAN", "AOTH", "BCRB", "BAFR", "BOTH", "CHNE", "OOTH", "REFU", "NOBT"}

func annexAEthnicity(code string) string {
	for i, c := range annexAEthnicities {
		if c == code {
			return string(rune('a'+i)) + ") " + c
		}
	}
	return "t) NOBT" // not recorded in Kith: information not yet obtained
}

func annexADisabled(codes []string) string {
	switch {
	case len(codes) == 0:
		return annexAUnknown
	case len(codes) == 1 && codes[0] == NoDisability:
		return "b) No"
	}
	return "a) Yes"
}

// annexAReferralSources are the template's answers for a referral's
// source, by census code.
var annexAReferralSources = map[string]string{
	"1A": "a) 1A: Individual", "1B": "b) 1B: Individual", "1C": "c) 1C: Individual", "1D": "d) 1D: Individual",
	"2A": "e) 2A: Schools", "2B": "f) 2B: Education services", "3A": "g) 3A: Health services", "3B": "h) 3B: Health services",
	"3C": "i) 3C: Health services", "3D": "j) 3D: Health services", "3E": "k) 3E: Health services", "3F": "l) 3F: Health services",
	"4": "m) 4: Housing", "5A": "n) 5A: LA services", "5B": "o) 5B: LA services", "5C": "p) 5C: LA services", "5D": "p1) 5D: LA services", "6": "q) 6: Police",
	"7": "r) 7: Other legal agency", "8": "s) 8: Other", "9": "t) 9: Anonymous", "10": "u) 10: Unknown",
	"": "u) 10: Unknown", // a referral not recorded in Kith: the case came from another system
}

// annexANeeds are the template's words for the census's need codes.
var annexANeeds = map[string]string{
	"N1": "N1 - Abuse or neglect", "N2": "N2 - Child’s disability", "N3": "N3 - Parental disability or illness",
	"N4": "N4 - Family in acute stress", "N5": "N5 - Family dysfunction", "N6": "N6 - Socially unacceptable behaviour",
	"N7": "N7 - Low income", "N8": "N8 - Absent parenting", "N9": "N9 - Cases other than children in need", "N0": "N0 - Not stated",
}

// annexAClosures are the template's words for the census's reasons for
// closing an episode.
var annexAClosures = map[string]string{
	"RC1": "RC1 - Adopted", "RC2": "RC2 - Died", "RC3": "RC3 - Child arrangements order", "RC4": "RC4 - Special guardianship order",
	"RC5": "RC5 - Transferred to services of another local authority", "RC6": "RC6 - Transferred to adult social care services",
	"RC7": "RC7 - Services ceased for any other reason, including child no longer in need",
	"RC8": "RC8 - Case closed after assessment, no further action", "RC9": "RC9 - Case closed after assessment, referred to early help",
}

// annexACategories are the template's categories of abuse.
var annexACategories = map[string]string{
	"NEG": "a) Neglect", "PHY": "b) Physical abuse", "SAB": "c) Sexual abuse", "EMO": "d) Emotional abuse", "MUL": "e) Multiple/not recommended",
}

// annexAContacts is list 1: every contact in the period, in date order.
// Every referral began as a contact, so the list holds each episode's
// referral (those decided for early help too) as well as the contacts
// that went no further than the front door.
func annexAContacts(f *ReturnFacts, p AnnexAPeriod) [][]string {
	type contact struct {
		on     Date
		source string
	}
	var all []contact
	for _, ep := range f.Episodes {
		if on := ep.ReferralOn(); p.within(on) {
			all = append(all, contact{on, ep.Source})
		}
	}
	for _, c := range f.Contacts {
		if p.within(c.ContactOn) {
			all = append(all, contact{c.ContactOn, c.Source})
		}
	}
	sort.SliceStable(all, func(i, j int) bool { return all[i].on.Before(all[j].on) })
	rows := make([][]string, len(all))
	for i, c := range all {
		rows[i] = append(annexAChild(f, p, false), annexADate(c.on), annexAReferralSources[c.source])
	}
	return rows
}

// annexAEarlyHelp is list 2: each early help assessment open on a day of
// the period, with its completion as the period's end saw it.
func annexAEarlyHelp(f *ReturnFacts, p AnnexAPeriod) [][]string {
	var rows [][]string
	for _, e := range f.EarlyHelp {
		if p.spans(e.StartedOn, e.CompletedOn) {
			rows = append(rows, append(annexAChild(f, p, false), annexADate(e.StartedOn), annexADate(p.asAt(e.CompletedOn)), e.Organisation))
		}
	}
	return rows
}

// annexAReferrals is list 3: each referral received in the period that the
// census counts as one, with how many the child had in the twelve months
// before it (the re-referrals Ofsted looks for).
func annexAReferrals(f *ReturnFacts, p AnnexAPeriod) [][]string {
	var rows [][]string
	for i := range f.Episodes {
		ep := &f.Episodes[i]
		on := ep.ReferralOn()
		if !p.within(on) || !censusCounts(f, ep) {
			continue
		}
		n := 0 // the child's referrals in the twelve months before this one
		yearBefore := addMonths(on, -12)
		for j := range f.Episodes {
			other := &f.Episodes[j]
			if o := other.ReferralOn(); j != i && !o.Before(yearBefore) && !o.After(on) && other.ReferralAt.Before(ep.ReferralAt) && censusCounts(f, other) {
				n++
			}
		}
		nfa := ep.Decision == DecisionNoFurtherAction && !p.asAt(ep.DecidedOn).IsZero()
		row := append(annexAChild(f, p, false), annexADate(on), annexAReferralSources[ep.Source], annexAYesNo(nfa), strconv.Itoa(n))
		rows = append(rows, append(row, f.annexAAllocated()...))
	}
	return rows
}

// annexAAssessments is list 4: each assessment open on a day of the
// period. Kith keeps the day the child was last seen, not every sighting:
// a child last seen during the assessment was seen during it; otherwise
// whether they were is not known from that date alone.
func annexAAssessments(f *ReturnFacts, p AnnexAPeriod) [][]string {
	var rows [][]string
	for _, a := range f.Assessments {
		if !p.spans(a.StartedOn, a.AuthorisedOn) {
			continue
		}
		authorised := p.asAt(a.AuthorisedOn)
		until := authorised
		if until.IsZero() {
			until = p.To
		}
		seen := annexAUnknown
		if last := p.asAt(f.LastSeen); !last.IsZero() && !last.Before(a.StartedOn) && !last.After(until) {
			seen = "a) Yes"
		}
		support := ""
		if !authorised.IsZero() {
			support = annexAYesNo(assessedForSupport(f, a, p))
		}
		row := append(annexAChild(f, p, true), annexADate(a.StartedOn), seen, annexADate(authorised), support)
		rows = append(rows, append(row, f.annexAAllocated()...))
	}
	return rows
}

// assessedForSupport reports whether an authorised assessment found the
// child needs children's social care: its episode did not close on it with
// no further action or a step down to early help (RC8, RC9).
func assessedForSupport(f *ReturnFacts, a Assessment, p AnnexAPeriod) bool {
	for _, ep := range f.Episodes {
		if ep.ID == a.EpisodeID {
			closed := p.asAt(ep.ClosedOn)
			return closed.IsZero() || (ep.CloseReason != "RC8" && ep.CloseReason != "RC9")
		}
	}
	return true
}

// annexASection47s is list 5: each enquiry open on a day of the period,
// with the child's enquiries and initial conferences in the twelve months
// before it began.
func annexASection47s(f *ReturnFacts, p AnnexAPeriod) [][]string {
	var rows [][]string
	for _, s := range f.Section47s {
		if !p.spans(s.StartedOn, s47Finished(s)) {
			continue
		}
		enquiries, conferences := 0, 0
		yearBefore := addMonths(s.StartedOn, -12)
		for _, o := range f.Section47s {
			if o.ID != s.ID && !o.StartedOn.Before(yearBefore) && o.StartedOn.Before(s.StartedOn) {
				enquiries++
			}
			if on := o.ConferenceOn; !on.IsZero() && !on.Before(yearBefore) && on.Before(s.StartedOn) {
				conferences++
			}
		}
		unnecessary, conference, plan := "", annexADate(p.asAt(s.ConferenceOn)), ""
		if s.NoConference() && !p.asAt(s.ConcludedOn).IsZero() {
			unnecessary = "a) Yes"
		} else if conference != "" {
			unnecessary = "b) No"
			switch s.ConferenceDecision {
			case ConferencePlan:
				plan = "a) Yes"
			case ConferenceNoPlan:
				plan = "b) No"
			default:
				plan = annexAUnknown
			}
		}
		row := append(annexAChild(f, p, true), annexADate(s.StartedOn), unnecessary, conference, plan,
			strconv.Itoa(enquiries), strconv.Itoa(conferences))
		rows = append(rows, append(row, f.annexAAllocated()...))
	}
	return rows
}

// annexAChildInNeed is list 6: one row for each child with a children's
// social care episode open on a day of the period, for the latest such
// episode. Ofsted leaves out children who were only the subject of a
// referral: an episode that ended in no further action at the referral.
func annexAChildInNeed(f *ReturnFacts, p AnnexAPeriod) ([]string, bool) {
	var latest *Episode
	for i := range f.Episodes {
		ep := &f.Episodes[i]
		if ep.Decision == DecisionNoFurtherAction {
			continue // only the subject of a referral: not a child in need
		}
		if p.spans(ep.ReferralOn(), ep.ClosedOn) && censusCounts(f, ep) && (latest == nil || ep.ReferralAt.After(latest.ReferralAt)) {
			latest = ep
		}
	}
	if latest == nil {
		return nil, false
	}
	closed := p.asAt(latest.ClosedOn)
	reason := ""
	if !closed.IsZero() {
		reason = annexAClosures[latest.CloseReason]
	}
	row := append(annexAChild(f, p, true), annexADate(latest.ReferralOn()), annexANeeds[latest.PrimaryNeed],
		annexADate(p.asAt(f.LastSeen)), annexADate(closed), reason, annexACaseStatus(f, latest, p))
	return append(row, f.annexAAllocated()...), true
}

// annexACaseStatus is the child's status at the period's end, the highest
// first: looked after, a child protection plan, a child in need plan, an
// assessment under way, or the episode closed.
func annexACaseStatus(f *ReturnFacts, ep *Episode, p AnnexAPeriod) string {
	openOnEnd := func(start, end Date) bool { return !start.IsZero() && !start.After(p.To) && p.asAt(end).IsZero() }
	if !p.asAt(ep.ClosedOn).IsZero() {
		return "e) Closed episode"
	}
	for _, c := range f.Care.Episodes {
		if openOnEnd(c.StartedOn, c.EndedOn) {
			return "a) Looked after child"
		}
	}
	status := ""
	for _, pl := range f.Plans {
		if !openOnEnd(pl.StartedOn, pl.EndedOn) {
			continue
		}
		switch pl.Kind {
		case PlanChildProtection:
			return "b) Child Protection plan"
		case PlanChildInNeed:
			status = "c) Child in need plan"
		}
	}
	if status != "" {
		return status
	}
	for _, a := range f.Assessments {
		if a.EpisodeID == ep.ID && openOnEnd(a.StartedOn, a.AuthorisedOn) {
			return "d) Open assessment"
		}
	}
	// Open, with no plan and no assessment under way: the template has no
	// other answer for a child in need receiving services.
	return "c) Child in need plan"
}

// annexAProtection is list 7: one row for each child with a child
// protection plan open on a day of the period, for the latest such plan.
func annexAProtection(f *ReturnFacts, p AnnexAPeriod) ([]string, bool) {
	protected := false
	for _, c := range f.Care.Episodes {
		if (c.LegalStatus == "L1" || c.LegalStatus == "L2") && !c.StartedOn.After(p.To) &&
			(c.EndedOn.IsZero() || !c.EndedOn.Before(p.halfYearBack())) {
			protected = true
		}
	}
	visit, alone := p.asAt(f.LastVisit), p.asAt(f.LastSeenAlone)
	seenAlone := ""
	if !visit.IsZero() {
		seenAlone = annexAYesNo(!alone.IsZero() && !alone.Before(visit))
	}
	plans := cpPlansInOrder(f.Plans)
	n := -1 // the latest plan open on a day of the period
	for i, pl := range plans {
		if p.spans(pl.StartedOn, pl.EndedOn) {
			n = i
		}
	}
	if n < 0 {
		return nil, false
	}
	pl := plans[n]
	latest, review := pl.InitialCategory, Date{}
	for _, r := range pl.Reviews {
		if r.HeldOn.After(p.To) {
			continue
		}
		if r.Category != "" {
			latest = r.Category
		}
		if r.HeldOn.After(review) {
			review = r.HeldOn
		}
	}
	ended := p.asAt(pl.EndedOn)
	planVisit, planAlone := "", ""
	if ended.IsZero() {
		planVisit, planAlone = annexADate(visit), seenAlone // the visits Kith keeps are the latest
	}
	row := append(annexAChild(f, p, true), annexADate(pl.StartedOn), annexACategories[pl.InitialCategory], annexACategories[latest],
		planVisit, planAlone, annexADate(review), annexADate(ended), annexAYesNo(protected), strconv.Itoa(n))
	return append(row, f.annexAAllocated()...), true
}

// annexAAdopters is list 11: a row for each adopter of each household in
// the process on a day of the period, the household's steps as the
// period's end saw them, and the latest match, placement and adoption
// order of the children matched with them, from the children's records.
func annexAAdopters(households []AdopterFacts, p AnnexAPeriod) [][]string {
	var rows [][]string
	for _, af := range households {
		h := af.Household
		if !h.InProcess(p.From, p.To) {
			continue
		}
		var matched, placed, adopted Date
		n := 0
		for _, c := range af.Children {
			matched = latest(matched, p.asAt(c.Match.MatchedOn))
			if on := p.asAt(c.PlacedOn()); !on.IsZero() {
				placed = latest(placed, on)
				n++
			}
			adopted = latest(adopted, p.asAt(c.AdoptedOn()))
		}
		count := ""
		if n > 0 {
			count = strconv.Itoa(n)
		}
		left, reason := p.asAt(h.LeftOn), ""
		if !left.IsZero() {
			reason = AdopterLeavingReasons.Name(h.LeftReason)
		}
		for i, a := range h.Adopters {
			rows = append(rows, []string{fmt.Sprintf("%s-%d", h.Reference, i+1), h.Reference, annexAGender(a.Sex), annexAEthnicity(a.Ethnicity),
				annexADisabledAnswer(a.Disabled), annexAYesNo(h.FosteringForAdoption), annexADate(p.asAt(h.EnquiryOn)), annexADate(p.asAt(h.Stage1StartedOn)),
				annexADate(p.asAt(h.Stage1EndedOn)), annexADate(p.asAt(h.Stage2StartedOn)), annexADate(p.asAt(h.Stage2EndedOn)),
				annexADate(p.asAt(h.ApplicationOn)), annexADate(p.asAt(h.ApprovedOn)), annexADate(matched), annexADate(placed), count,
				annexADate(adopted), annexADate(left), reason})
		}
	}
	return rows
}

// annexADisabledAnswer writes yes, no or not known as the template's
// disability column does.
func annexADisabledAnswer(a Answer) string {
	if a == NotKnown {
		return annexAUnknown
	}
	return annexAAnswer(string(a))
}
