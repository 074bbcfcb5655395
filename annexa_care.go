package kith

import "strconv"

// annexAList8Columns are list 8's columns, children in care, in Ofsted's
// order.
var annexAList8Columns = columns(annexAChildColumns, []string{
	"Unaccompanied Asylum Seeking Child (UASC) within the Last 12 Months (Y/N)", annexADisability,
	"Date Started to be Looked After", "Child's Category of Need",
	"Is this a second or subsequent period of being a Looked After Child within the last 12 months (Y/N)",
	"Start date of current legal status", "Child's Legal Status", "Date of Latest Statutory Review", "Date of Last Social Work Visit",
	"What is the permanence plan for this child?", "Date of Last IRO Visit / Contact to the Child", "Date of Last Health Assessment",
	"Date of Last Dental Check", "Number of Placements in the Last 12 months", "Date Ceased to be Looked After",
	"Reason Ceased to be Looked After", "Start Date of Most Recent Placement", "Placement Type", "Placement Provider",
	"Placement postcode", "URN of Placement", "Placement Location", "LA of Placement",
	"Number of Episodes the Child has been 'Missing' from their Placement in the last 12 months",
	"Number of Episodes the Child has been 'Absent' from their Placement in the last 12 months",
	"Was the child offered a Return Interview after their last missing episode (Y/N)?",
	"Did the child accept a Return Interview after their last missing episode (Y/N)?",
}, annexAAllocated)

// annexALegalStatuses are the template's words for the 903's legal
// statuses.
var annexALegalStatuses = map[string]string{
	"C1": "C1: ICO", "C2": "C2: FCO", "D1": "D1: Freeing order", "E1": "E1: Placement order", "V2": "V2: Single period under S20",
	"V3": "V3: Short term breaks, episodes recorded", "V4": "V4: Short term breaks, agreements recorded",
	"L1": "L1: Police protection LA accommodation", "L2": "L2: EPO", "L3": "L3: Child assessment order LA accommodation",
	"J1": "J1: Remanded to LA or youth detention", "J2": "J2: LA accommodation under PACE", "J3": "J3: Youth rehabilitation order",
}

// annexAPlacementTypes are the template's words for the placement types it
// lists. The 903's newer types (K3, T4, Z11–Z14) are not in it: they are
// written as code and Kith's label.
var annexAPlacementTypes = map[string]string{
	"U1": "a) U1: Foster placement - relatives - long term", "U2": "b) U2: Foster placement - relative - FFA",
	"U3": "c) U3: Foster placement - relative - not FFA", "U4": "d) U4: Foster placement - long term",
	"U5": "e) U5: Foster placement - FFA", "U6": "f) U6: Foster placement - not FFA",
	"A3": "g) A3: Placed for adoption - consent - current foster", "A4": "h) A4: Placed for adoption - consent - not foster",
	"A5": "i) A5: Placed for adoption - order - foster", "A6": "j) A6: Placed for adoption - order - not foster",
	"P1": "k) P1: Placed with parents", "P3": "m) P3: Residential employment", "K1": "o) K1: Secure Children’s Homes",
	"K2": "p) K2: Children’s Homes", "R1": "q) R1: Residential Care Home", "R2": "r) R2: NHS/Health Trust",
	"R3": "s) R3: Family Centre or Mother and Baby Unit", "R5": "t) R5: Young Offender Institution", "S1": "u) S1: Residential school",
	"T0": "w) T0: Temporary placement", "T1": "x) T1: Temporary placement - hospital", "T2": "y) T2: Temporary placement - holiday",
	"T3": "z) T3: Temporary placement - carer holiday",
}

// annexAProviders are the template's words for who provides a placement.
var annexAProviders = map[string]string{
	"PR0": "a) PR0: Parents/Parental responsibility", "PR1": "b) PR1: Own provision", "PR2": "c) PR2: Other LA provision",
	"PR3": "d) PR3: Other public provision", "PR4": "e) PR4: Private provision", "PR5": "f) PR5: Voluntary/third sector",
}

// annexAReasonsCeased are the template's words for why care ended.
var annexAReasonsCeased = map[string]string{
	"E11": "a) E11: Adopted - application unopposed", "E12": "b) E12: Adopted - consent dispensed", "E2": "c) E2: Died",
	"E3": "d) E3: Care taken by another LA", "E4A": "e) E4A: Returned home to live with parents or relatives - part of planning",
	"E4B": "f) E4B: Returned home to live with parents or relatives - not part of planning",
	"E13": "g) E13: Parents, relatives or other with no parental responsibility", "E41": "h) E41: Residence order granted",
	"E45": "i) E45: Special Guardianship Orders - former carer relative/friend", "E46": "j) E46: Special Guardianship Orders - former carer other",
	"E47": "k) E47: Special Guardianship Orders - relative/friend", "E48": "l) E48: Special Guardianship Orders - other",
	"E5": "m) E5: Moved into independent living - supported", "E6": "n) E6: Moved into independent living - no support",
	"E7": "o) E7: Transferred to residential care funded by adult social services", "E9": "p) E9: Sentenced to custody",
	"E14": "q) E14: Accommodation on remand ended", "E15": "r) E15: Age assessment determined child was 18 or over",
	"E16": "s) E16: Child moved abroad", "E8": "t) E8: Care ceased for any other reason",
	"E17": "v) E17: Aged 18 (or over) and remained with current carers (inc under staying put arrangements)",
}

// annexACoded writes a code in the template's words, or as the code and
// Kith's label where the template has none for it.
func annexACoded(words map[string]string, list CodeList, code string) string {
	if w, ok := words[code]; ok {
		return w
	}
	if code == "" {
		return ""
	}
	return code + ": " + list.Name(code)
}

// annexAInCare is list 8: one row for each child looked after on a day of
// the period, for their latest episode of care by the period's end.
// Kith does not hold IRO contact, health and dental checks, or which
// council's area a placement is in (the last needs the ONS postcode
// directory): those cells are empty.
func annexAInCare(f *ReturnFacts, p AnnexAPeriod) ([]string, bool) {
	eps := f.Care.Episodes // oldest first
	last := -1
	for i, c := range eps {
		if !c.StartedOn.After(p.To) {
			last = i
		}
	}
	if last < 0 || !p.spans(eps[last].StartedOn, eps[last].EndedOn) {
		return nil, false
	}
	cur := eps[last]
	// back walks from an episode to the first of its run: of its period of
	// care, its legal status or its placement.
	back := func(i int, same func(j int) bool) int {
		for i > 0 && eps[i].ReasonNew != RNEStarted && same(i) {
			i--
		}
		return i
	}
	periodOf := func(i int) int { return back(i, func(int) bool { return true }) }
	placementOf := func(i int) int { return back(i, func(j int) bool { return !StartsPlacement(eps[j].ReasonNew) }) }
	legalStart := back(last, func(j int) bool { return eps[j-1].LegalStatus == cur.LegalStatus })
	if eps[legalStart].LegalStatus != cur.LegalStatus {
		legalStart++
	}
	// The periods and placements open on a day of the twelve months.
	periods, placements := map[int]bool{}, map[int]bool{}
	for i, c := range eps[:last+1] {
		if !c.StartedOn.After(p.To) && (c.EndedOn.IsZero() || !c.EndedOn.Before(p.yearBack())) {
			periods[periodOf(i)], placements[placementOf(i)] = true, true
		}
	}
	uasc := f.Identity.UASC && (f.Identity.UASCCeased.IsZero() || !f.Identity.UASCCeased.Before(p.yearBack()))
	review := Date{}
	for _, r := range f.Care.Reviews {
		if !r.HeldOn.After(p.To) && r.HeldOn.After(review) {
			review = r.HeldOn
		}
	}
	ceased, reason := p.asAt(cur.EndedOn), ""
	if !ceased.IsZero() {
		reason = annexACoded(annexAReasonsCeased, ReasonsEnded, cur.ReasonEnded)
	}
	missing, absent := 0, 0
	var lastMissing *MissingEpisode
	for i, m := range f.Care.Missing {
		if m.StartedOn.Before(p.yearBack()) || m.StartedOn.After(p.To) {
			continue
		}
		switch m.Kind {
		case "M":
			missing++
			if lastMissing == nil || m.StartedOn.After(lastMissing.StartedOn) {
				lastMissing = &f.Care.Missing[i]
			}
		case "A":
			absent++
		}
	}
	offered, accepted := "", ""
	if lastMissing != nil {
		offered, accepted = annexAAnswer(lastMissing.InterviewOffered), annexAAnswer(lastMissing.InterviewAccepted)
	}
	row := append(annexAChild(f, p, false), annexAYesNo(uasc), annexADisabled(f.Identity.Disabilities),
		annexADate(eps[periodOf(last)].StartedOn), annexANeeds[cur.CategoryOfNeed], annexAYesNo(len(periods) > 1),
		annexADate(eps[legalStart].StartedOn), annexACoded(annexALegalStatuses, LegalStatuses, cur.LegalStatus),
		annexADate(review), annexADate(p.asAt(f.LastVisit)), f.annexAPermanencePlan(eps[periodOf(last)].StartedOn, p), "", "", "",
		strconv.Itoa(len(placements)), annexADate(ceased), reason, annexADate(eps[placementOf(last)].StartedOn),
		annexACoded(annexAPlacementTypes, PlacementTypes, cur.PlacementType), annexACoded(annexAProviders, PlacementProviders, cur.Provider),
		cur.PlacementPostcode, cur.URN, "", "", strconv.Itoa(missing), strconv.Itoa(absent), offered, accepted)
	return append(row, f.annexAAllocated()...), true
}

// annexAAnswer writes Kith's "yes" or "no" as the template's answer, and
// nothing while it is not known.
func annexAAnswer(s string) string {
	switch s {
	case "yes":
		return "a) Yes"
	case "no":
		return "b) No"
	}
	return ""
}

// annexAAccommodation and annexAActivity are the care leavers' codes in
// the words data-to-insight's Annex A query writes them (ssd-data-model,
// AnnexA_sqlserver v1.2.0, list 9), which LIIA's schema accepts.
var (
	annexAAccommodation = map[string]string{"B": "B: Parents/relatives", "C": "C: Community home / residential care",
		"D": "D: Semi-independent, transitional accommodation and self-contained accommodation", "E": "E: Supported lodgings",
		"G": "G: Abroad", "H": "H: Deported", "K": "K: Ordinary lodgings, without formal support", "R": "R: Residence not known",
		"S": "S: No fixed abode / homeless", "T": "T: Foyers and similar supported accommodation", "U": "U: Independent living",
		"V": "V: Emergency accommodation", "W": "W: Bed and breakfast", "X": "X: In custody", "Y": "Y: Other accommodation",
		"Z": "Z: With former foster carers"}
	annexAActivity = map[string]string{"F1": "F1: Full time in higher education", "P1": "P1: Part time in higher education",
		"F2": "F2: Full time in education other than higher", "P2": "P2: Part time in education other than higher",
		"F4": "F4: Young person engaged full time in an apprenticeship", "P4": "P4: Young person engaged part time in an apprenticeship",
		"F5": "F5: Young person engaged full time in training or employment (not apprenticeship)",
		"P5": "P5: Young person engaged part time in training or employment (not apprenticeship)",
		"G4": "G4: Not in education, employment or training - illness or disability",
		"G5": "G5: Not in education, employment or training - other",
		"G6": "G6: Not in education, employment or training - pregnancy or parenting"}
	annexAInTouch = map[string]string{"YES": "a) Yes", "NO": "b) No", "DIED": "c) Died", "REFU": "d) Refu", "NREQ": "e) NREQ", "RHOM": "f) Rhom"}
)

// annexACareLeaver is a young person's row of list 9, those entitled to
// leaving care services at the period's end: still looked after at 16 or
// 17 after 13 weeks in care since 14 (eligible), or having left care so
// (relevant under 18, former relevant from 18 to 21). Young people of 22
// to 25 still receiving services, and qualifying care leavers, are not
// known to Kith. Being in touch, accommodation and activity are the latest
// recorded for the 903 (on a birthday) by the period's end; contact is the
// latest visit.
func annexACareLeaver(f *ReturnFacts, p AnnexAPeriod) ([]string, bool) {
	var eps []CareEpisode
	for _, e := range f.Care.Episodes {
		if !e.StartedOn.After(p.To) {
			e.EndedOn = p.asAt(e.EndedOn)
			eps = append(eps, e)
		}
	}
	if len(eps) == 0 || f.BirthDate.IsZero() {
		return nil, false
	}
	age, last := f.BirthDate.AgeOn(p.To), eps[len(eps)-1]
	var category string
	switch {
	case age < 16 || age > 21:
		return nil, false
	case last.Open():
		if age > 17 || !CareLeaverFollows(f.BirthDate, eps, p.To, "") {
			return nil, false
		}
		category = "d) Eligible child"
	case !CareLeaverFollows(f.BirthDate, eps, last.EndedOn, last.ReasonEnded):
		return nil, false
	case age < 18:
		category = "a) Relevant child"
	default:
		category = "b) Former relevant child"
	}
	var known *CareLeaverOutcomes
	for i := range f.Care.Leaving {
		if y, err := ParseCollectionYear(f.Care.Leaving[i].Year); err == nil && !y.Start().After(p.To) {
			known = &f.Care.Leaving[i]
		}
	}
	inTouch, accommodation, suitable, activity := "", "", "", ""
	if last.Open() {
		inTouch = annexAInTouch["YES"] // looked after
	}
	if known != nil {
		inTouch, accommodation, activity = annexAInTouch[known.InTouch], annexAAccommodation[known.Accommodation], annexAActivity[known.Activity]
		suitable = map[string]string{"1": "a) Suitable", "2": "b) Unsuitable"}[known.Suitable]
	}
	row := append(annexAChild(f, p, false), annexAYesNo(f.Identity.UASC), annexADisabled(f.Identity.Disabilities))
	row = append(row, f.annexAAllocated()...)
	return append(row, "", category, annexADate(f.latestPathwayReview(p.To)), inTouch, annexADate(p.asAt(f.LastVisit)), accommodation, suitable,
		activity), true
}

// latestPathwayReview is the day of the latest review of a pathway plan
// by a day, or zero.
func (f *ReturnFacts) latestPathwayReview(by Date) Date {
	var out Date
	for _, pl := range f.Plans {
		if pl.Kind != PlanPathway {
			continue
		}
		for _, r := range pl.Reviews {
			if !r.HeldOn.After(by) && r.HeldOn.After(out) {
				out = r.HeldOn
			}
		}
	}
	return out
}

// annexAReversal is a reversal's reason in the words LIIA's schema takes.
var annexAReversal = map[string]string{"RD1": "RD1 - The child’s needs changed subsequent to the decision",
	"RD2": "RD2 - Court did not make a placement order", "RD3": "RD3 - Prospective adopters could not be found", "RD4": "RD4 - Any other reason"}

// annexAAdoption is a child's row of list 10: the latest decision that
// they should be placed for adoption that stood on a day of the twelve
// months to the period's end, with the steps after it in its period of
// care, as at the period's end. The family identifier is the adopters'
// household in the adopters register, as in list 11, which siblings
// adopted together share. Kith does not record fostering for adoption
// placements.
func annexAAdoption(f *ReturnFacts, p AnnexAPeriod) ([]string, bool) {
	var decision *AdoptionDecision
	for i, d := range f.Care.Decisions {
		if !d.DecidedOn.After(p.To) && (d.ReversedOn.IsZero() || !d.ReversedOn.Before(p.yearBack())) {
			decision = &f.Care.Decisions[i]
		}
	}
	if decision == nil {
		return nil, false
	}
	var entered, order, placed, adopted Date
	for _, e := range f.Care.Episodes {
		if e.StartedOn.After(p.To) {
			break
		}
		if e.ReasonNew == RNEStarted {
			if e.StartedOn.After(decision.DecidedOn) {
				break // a later period of care
			}
			entered, order, placed, adopted = e.StartedOn, Date{}, Date{}, Date{}
		}
		if e.StartedOn.Before(decision.DecidedOn) {
			continue
		}
		if AdoptionOrder(e.LegalStatus) && order.IsZero() {
			order = e.StartedOn
		}
		if PlacedForAdoption(e.PlacementType) && placed.IsZero() {
			placed = e.StartedOn
		}
		if Adopted(e.ReasonEnded) {
			adopted = p.asAt(e.EndedOn)
		}
	}
	var matched Date
	family := ""
	for _, m := range f.Care.Matches {
		if m.PeriodStart == entered {
			matched = p.asAt(m.MatchedOn)
			if !matched.IsZero() {
				family = m.Household
			}
		}
	}
	reversed, reason := p.asAt(decision.ReversedOn), ""
	if !reversed.IsZero() {
		reason = annexAReversal[decision.ReversalReason]
	}
	child := annexAChild(f, p, true)
	row := append([]string{child[0], family}, child[1:]...)
	return append(row, annexADate(entered), annexADate(decision.DecidedOn), annexADate(order), annexADate(matched), annexADate(placed),
		annexADate(adopted), annexADate(reversed), reason, ""), true
}

// annexAPermanencePlans are the permanence plans in the template's words.
var annexAPermanencePlans = map[string]string{"return_home": "a) Return to family", "adoption": "b) Adoption", "sgo_cao": "c) SGO/CAO",
	"supported_living": "d) Supported living in the community", "residential": "e) Long-term residential placement",
	"fostering": "f) Long-term fostering", "other": "g) Other"}

// annexAPermanencePlan is the permanence plan of the period of care that
// began on start, if it was agreed by the period's end. Kith keeps the
// plan in force, so one changed since the period's end is not known as
// it was then: the cell is empty.
func (f *ReturnFacts) annexAPermanencePlan(start Date, p AnnexAPeriod) string {
	for _, pl := range f.Care.PermanencePlans {
		if pl.PeriodStart == start && !pl.AgreedOn.After(p.To) {
			return annexAPermanencePlans[pl.Plan]
		}
	}
	return ""
}
