package kith

import (
	"regexp"
	"slices"
	"strings"
	"time"
)

// CareEpisode is one episode of care as the children looked after return
// (SSDA903) counts it: a stretch of time in which the child's legal status,
// placement and carer stay the same. A period of care is a run of episodes,
// the first started for reason "S" and each later one on the day the one
// before it ended (reason ended "X1"). A change of legal status, placement
// or carer ends one episode and starts the next.
type CareEpisode struct {
	ID     string `json:"id"`
	CaseID string `json:"case_id"`
	// StartedOn is DECOM; ReasonNew is RNE, the reason the episode began.
	StartedOn Date   `json:"started_on"`
	ReasonNew string `json:"reason_new"`
	// LegalStatus is LS; CategoryOfNeed is CIN, N1–N8.
	LegalStatus    string `json:"legal_status"`
	CategoryOfNeed string `json:"category_of_need"`
	// PlacementType is PL; Provider is PLACE_PROVIDER ("" for temporary
	// and other placements, which have none); URN is the Ofsted unique
	// reference number of the provider ("" where the return asks none).
	PlacementType     string `json:"placement_type"`
	Provider          string `json:"provider,omitempty"`
	URN               string `json:"urn,omitempty"`
	HomePostcode      string `json:"home_postcode"`
	PlacementPostcode string `json:"placement_postcode"`
	// EndedOn is DEC and ReasonEnded REC. ReasonPlaceChange is
	// REASON_PLACE_CHANGE, on an episode that ended because the placement
	// changed.
	EndedOn           Date   `json:"ended_on,omitzero"`
	ReasonEnded       string `json:"reason_ended,omitempty"`
	ReasonPlaceChange string `json:"reason_place_change,omitempty"`
	Version           int    `json:"version"`
}

// Open reports whether the episode has not ended.
func (e CareEpisode) Open() bool { return e.EndedOn.IsZero() }

// ShortBreak reports whether the episode is one of the short breaks that
// are not a period of care in the usual sense (legal status V3 or V4): no
// looked-after reviews are recorded for them (903 rule 399), and they do not
// count towards being a care leaver.
func (e CareEpisode) ShortBreak() bool { return e.LegalStatus == "V3" || e.LegalStatus == "V4" }

// The reasons for a new episode (RNE). The 903 validator's rules 143, 217,
// 435 and 436 agree on them: T and U keep the carer, P and B change it.
const (
	RNEStarted          = "S" // started to be looked after
	RNELegalStatus      = "L" // change of legal status only
	RNEPlacementCarer   = "P" // change of placement and carer only
	RNEPlacementOnly    = "T" // change of placement, with the same carer
	RNELegalPlacement   = "U" // change of legal status and placement, with the same carer
	RNELegalPlaceCarer  = "B" // change of legal status, placement and carer
	RECEpisodeContinues = "X1"
)

// ReasonsNew are the reasons for a new episode in words.
var ReasonsNew = CodeList{
	{Code: RNEStarted, Label: "Started to be looked after"},
	{Code: RNELegalStatus, Label: "Change of legal status only"},
	{Code: RNEPlacementCarer, Label: "Change of placement and carer only"},
	{Code: RNEPlacementOnly, Label: "Change of placement only, with the same carer"},
	{Code: RNELegalPlacement, Label: "Change of legal status and placement, with the same carer"},
	{Code: RNELegalPlaceCarer, Label: "Change of legal status, placement and carer"},
}

// ReasonNew is the reason for the episode that follows a change: of the
// legal status, the placement, and whether the carer changed too (a new
// carer is always a new placement). ok is false when nothing changed.
func ReasonNew(legalStatus, placement, carer bool) (code string, ok bool) {
	placement = placement || carer
	switch {
	case !legalStatus && !placement:
		return "", false
	case !placement:
		return RNELegalStatus, true
	case !legalStatus && carer:
		return RNEPlacementCarer, true
	case !legalStatus:
		return RNEPlacementOnly, true
	case carer:
		return RNELegalPlaceCarer, true
	}
	return RNELegalPlacement, true
}

// StartsPlacement reports whether an episode begun for reason rne begins a
// new placement: it restarts the looked-after visit clock.
func StartsPlacement(rne string) bool { return rne != "" && rne != RNELegalStatus }

// LegalStatuses are the legal statuses of a looked-after child (LS, 903
// rule 144).
var LegalStatuses = CodeList{
	{Code: "C1", Label: "Interim care order", Group: "Care orders"},
	{Code: "C2", Label: "Full care order", Group: "Care orders"},
	{Code: "D1", Label: "Freeing order granted", Group: "Adoption"},
	{Code: "E1", Label: "Placement order granted", Group: "Adoption"},
	{Code: "V2", Label: "Single period of accommodation under section 20 (Children Act 1989)", Group: "Accommodated with agreement"},
	{Code: "V3", Label: "Accommodated under an agreement for a series of short-term breaks, when individual episodes of care are recorded", Group: "Accommodated with agreement"},
	{Code: "V4", Label: "Accommodated under an agreement for a series of short-term breaks, when agreements are recorded (not individual episodes of care)", Group: "Accommodated with agreement"},
	{Code: "L1", Label: "Under police protection and in local authority accommodation", Group: "Emergency and assessment orders"},
	{Code: "L2", Label: "Emergency protection order", Group: "Emergency and assessment orders"},
	{Code: "L3", Label: "Under a child assessment order and in local authority accommodation", Group: "Emergency and assessment orders"},
	{Code: "J1", Label: "Remanded to local authority accommodation or to youth detention accommodation", Group: "Youth justice"},
	{Code: "J2", Label: "Placed in local authority accommodation under the Police and Criminal Evidence Act 1984", Group: "Youth justice"},
	{Code: "J3", Label: "Sentenced to a youth rehabilitation order with a residence or intensive fostering requirement", Group: "Youth justice"},
}

// PlacementTypes are the placement types of 2025-26 (PL, 903 rule 146):
// H5, P2 and Z1 are gone, and Z11–Z14 replace Z1. The DfE's guide for
// 2025-26 defines Z11–Z14; no source readable here gives their wording,
// so they are offered by their codes, as "other placements".
var PlacementTypes = CodeList{
	{Code: "U1", Label: "Foster placement with relatives or friends: long-term fostering", Group: "Foster placements"},
	{Code: "U2", Label: "Foster placement with relatives or friends who are also approved adopters: fostering for adoption or concurrent planning", Group: "Foster placements"},
	{Code: "U3", Label: "Foster placement with relatives or friends: not long-term, fostering for adoption or concurrent planning", Group: "Foster placements"},
	{Code: "U4", Label: "Foster placement with other foster carers: long-term fostering", Group: "Foster placements"},
	{Code: "U5", Label: "Foster placement with other foster carers who are also approved adopters: fostering for adoption or concurrent planning", Group: "Foster placements"},
	{Code: "U6", Label: "Foster placement with other foster carers: not long-term, fostering for adoption or concurrent planning", Group: "Foster placements"},
	{Code: "P1", Label: "Placed with their own parents or other people with parental responsibility", Group: "With parents"},
	{Code: "A3", Label: "Placed for adoption with consent, with their current foster carers", Group: "Placed for adoption"},
	{Code: "A4", Label: "Placed for adoption with consent, not with their current foster carers", Group: "Placed for adoption"},
	{Code: "A5", Label: "Placed for adoption with a placement order, with their current foster carers", Group: "Placed for adoption"},
	{Code: "A6", Label: "Placed for adoption with a placement order, not with their current foster carers", Group: "Placed for adoption"},
	{Code: "K1", Label: "Secure children's home", Group: "Homes and other settings"},
	{Code: "K2", Label: "Children's home", Group: "Homes and other settings"},
	{Code: "K3", Label: "Supported accommodation", Group: "Homes and other settings"},
	{Code: "R1", Label: "Residential care home", Group: "Homes and other settings"},
	{Code: "R2", Label: "NHS or health trust, or another place giving medical or nursing care", Group: "Homes and other settings"},
	{Code: "R3", Label: "Family centre or mother and baby unit", Group: "Homes and other settings"},
	{Code: "R5", Label: "Young offender institution", Group: "Homes and other settings"},
	{Code: "S1", Label: "Residential school, except one also registered as a children's home", Group: "Homes and other settings"},
	{Code: "P3", Label: "Residential employment", Group: "Homes and other settings"},
	{Code: "T0", Label: "Temporary move of any type", Group: "Temporary"},
	{Code: "T1", Label: "Temporary period in hospital", Group: "Temporary"},
	{Code: "T2", Label: "Temporary absence on holiday", Group: "Temporary"},
	{Code: "T3", Label: "Temporary accommodation while the usual foster carers are on holiday", Group: "Temporary"},
	{Code: "T4", Label: "Temporary accommodation of seven days or less, for a reason not covered by T1 to T3", Group: "Temporary"},
	{Code: "Z11", Label: "Other placement, type Z11 in the DfE's 2025 to 2026 guide", Group: "Other placements"},
	{Code: "Z12", Label: "Other placement, type Z12 in the DfE's 2025 to 2026 guide", Group: "Other placements"},
	{Code: "Z13", Label: "Other placement, type Z13 in the DfE's 2025 to 2026 guide", Group: "Other placements"},
	{Code: "Z14", Label: "Other placement, type Z14 in the DfE's 2025 to 2026 guide", Group: "Other placements"},
}

// PlacementProviders are who provides the placement (PLACE_PROVIDER).
var PlacementProviders = CodeList{
	{Code: "PR0", Label: "Parents or other people with parental responsibility"},
	{Code: "PR1", Label: "This council (including a regional adoption agency it hosts)"},
	{Code: "PR2", Label: "Another local authority"},
	{Code: "PR3", Label: "Another public provider"},
	{Code: "PR4", Label: "A private provider"},
	{Code: "PR5", Label: "A voluntary or third sector provider"},
}

// noProvider are the placement types with no provider (903 rule 178), and
// noURN those with no Ofsted URN to give (rules 218 and 222).
var (
	noProvider = []string{"T0", "T1", "T2", "T3", "Z11", "Z12", "Z13", "Z14"}
	noURN      = []string{"P1", "P3", "R1", "R2", "R5", "T0", "T1", "T2", "T3", "T4", "Z11", "Z12", "Z13", "Z14"}
	temporary  = []string{"T0", "T1", "T2", "T3", "T4"}
)

// NeedsProvider and NeedsURN say whether a placement type has a provider
// and an Ofsted URN to record.
func NeedsProvider(placementType string) bool { return !slices.Contains(noProvider, placementType) }
func NeedsURN(placementType string) bool      { return !slices.Contains(noURN, placementType) }

// Temporary reports whether a placement type is a temporary move (T0–T4),
// for which no reason for the change of placement is given (903 rule 226).
func Temporary(placementType string) bool { return slices.Contains(temporary, placementType) }

// CareCategoriesOfNeed are the categories of need of the 903 (CIN, rule
// 145): the census's primary needs N1–N8.
var CareCategoriesOfNeed = PrimaryNeeds[:8]

// ReasonsEnded are the reasons a period of care ended (REC, 903 rule 149).
// X1, an episode ending because another begins, is not offered: Kith sets
// it when a placement or legal status changes.
var ReasonsEnded = CodeList{
	{Code: "E4A", Label: "Returned home to parents or others with parental responsibility, as part of the care plan", Group: "Home or family"},
	{Code: "E4B", Label: "Returned home to parents or others with parental responsibility, not as part of the care plan", Group: "Home or family"},
	{Code: "E13", Label: "Left care to live with parents, relatives or others without parental responsibility", Group: "Home or family"},
	{Code: "E41", Label: "Child arrangements order (residence) granted", Group: "Orders"},
	{Code: "E45", Label: "Special guardianship order to former foster carers who are relatives or friends", Group: "Orders"},
	{Code: "E46", Label: "Special guardianship order to former foster carers who are not relatives or friends", Group: "Orders"},
	{Code: "E47", Label: "Special guardianship order to carers other than former foster carers, who are relatives or friends", Group: "Orders"},
	{Code: "E48", Label: "Special guardianship order to carers other than former foster carers, who are not relatives or friends", Group: "Orders"},
	{Code: "E11", Label: "Adopted: the application for an adoption order was unopposed", Group: "Orders"},
	{Code: "E12", Label: "Adopted: consent dispensed with by the court", Group: "Orders"},
	{Code: "E5", Label: "Moved to independent living with formal advice or support (such as a hostel, foyer or staying close project)", Group: "Leaving care"},
	{Code: "E6", Label: "Moved to independent living without formal advice or support (such as a bedsit, own flat, or with friends)", Group: "Leaving care"},
	{Code: "E17", Label: "Aged 18 or over and stayed with their carers (including staying put)", Group: "Leaving care"},
	{Code: "E7", Label: "Transferred to residential care funded by adult social care", Group: "Leaving care"},
	{Code: "E3", Label: "Care taken over by another local authority in the UK", Group: "Other"},
	{Code: "E9", Label: "Sentenced to custody", Group: "Other"},
	{Code: "E14", Label: "Accommodation on remand ended", Group: "Other"},
	{Code: "E15", Label: "An age assessment found the child to be 18 or over, and E5, E6 and E7 do not apply", Group: "Other"},
	{Code: "E16", Label: "Moved abroad", Group: "Other"},
	{Code: "E2", Label: "Died", Group: "Other"},
	{Code: "E8", Label: "Care ended for any other reason", Group: "Other"},
}

// PlaceChangeReasons are why a placement changed (REASON_PLACE_CHANGE).
var PlaceChangeReasons = CodeList{
	{Code: "CARPL", Label: "A change to the care plan, or carrying it out"},
	{Code: "CHILD", Label: "The child asked for the placement to end"},
	{Code: "CREQB", Label: "The carers asked for the placement to end because of the child's behaviour"},
	{Code: "CREQO", Label: "The carers asked for the placement to end for another reason"},
	{Code: "LAREQ", Label: "The responsible or area authority asked for the placement to end"},
	{Code: "ALLEG", Label: "An allegation (section 47)"},
	{Code: "STAND", Label: "Concerns about the standard of care"},
	{Code: "APPRR", Label: "The carers' approval was removed"},
	{Code: "CLOSE", Label: "The carers resigned or the provision closed"},
	{Code: "PLACE", Label: "A change in the status of the placement only"},
	{Code: "CUSTOD", Label: "Custody"},
	{Code: "OTHER", Label: "Another reason"},
}

// postcodePattern is the shape of a full UK postcode once tidied: an
// outward code (area, district) and an inward code (sector, unit).
var postcodePattern = regexp.MustCompile(`^[A-Z]{1,2}[0-9][A-Z0-9]? [0-9][A-Z]{2}$`)

// CleanPostcode tidies a postcode as typed ("sw1a1aa", " SW1A  1AA") to
// its usual form ("SW1A 1AA"), or returns ok false when it is not one.
func CleanPostcode(s string) (string, bool) {
	s = strings.ToUpper(strings.Join(strings.Fields(s), ""))
	if len(s) < 5 {
		return s, false
	}
	s = s[:len(s)-3] + " " + s[len(s)-3:]
	return s, postcodePattern.MatchString(s)
}

// urnPattern is an Ofsted URN: "SC" and six digits for social care
// providers, six or seven digits for schools, or XXXXXXX where the
// provider has none (903 rule 218 allows it).
var urnPattern = regexp.MustCompile(`^(SC[0-9]{6}|[0-9]{6,7}|XXXXXXX)$`)

// PlacementInput is where, and under what, a child is looked after: the
// part of an episode a change of placement or legal status changes.
type PlacementInput struct {
	LegalStatus       string `json:"legal_status"`
	PlacementType     string `json:"placement_type"`
	Provider          string `json:"provider,omitempty"`
	URN               string `json:"urn,omitempty"`
	PlacementPostcode string `json:"placement_postcode"`
}

// validate checks the placement's codes against their lists and the 903's
// rules on which placements have a provider and a URN, and drops a
// provider or URN the placement type has none of.
func (in *PlacementInput) validate(v *Validation) {
	in.URN = strings.ToUpper(strings.TrimSpace(in.URN))
	if !LegalStatuses.Has(in.LegalStatus) {
		v.Add("legal_status", "Select the child's legal status")
	}
	if !PlacementTypes.Has(in.PlacementType) {
		v.Add("placement_type", "Select the type of placement")
	}
	switch {
	case !NeedsProvider(in.PlacementType):
		in.Provider = ""
	case in.PlacementType == "":
	case !PlacementProviders.Has(in.Provider):
		v.Add("provider", "Select who provides the placement")
	}
	switch {
	case !NeedsURN(in.PlacementType):
		in.URN = ""
	case in.PlacementType == "":
	case in.URN == "":
		v.Add("urn", "Enter the provider's Ofsted unique reference number (URN), or XXXXXXX if it has none")
	case !urnPattern.MatchString(in.URN):
		v.Add("urn", "Enter the URN as Ofsted gives it, like SC123456, or XXXXXXX if the provider has none")
	}
	if pc, ok := CleanPostcode(in.PlacementPostcode); ok {
		in.PlacementPostcode = pc
	} else if strings.TrimSpace(in.PlacementPostcode) == "" {
		v.Add("placement_postcode", "Enter the postcode of the placement")
	} else {
		v.Add("placement_postcode", "Enter the placement's postcode as a full UK postcode, like LS1 4AP")
	}
}

// Differs reports which of legal status and placement differ between the
// episode and a new placement.
func (e CareEpisode) Differs(in PlacementInput) (legalStatus, placement bool) {
	return e.LegalStatus != in.LegalStatus, e.PlacementType != in.PlacementType || e.Provider != in.Provider ||
		e.URN != in.URN || e.PlacementPostcode != in.PlacementPostcode
}

// SetPlacement copies a placement's details onto an episode.
func (e *CareEpisode) SetPlacement(p PlacementInput) {
	e.LegalStatus, e.PlacementType, e.Provider, e.URN, e.PlacementPostcode = p.LegalStatus, p.PlacementType, p.Provider, p.URN, p.PlacementPostcode
}

// Placement is the episode's placement, as a change would start from.
func (e CareEpisode) Placement() PlacementInput {
	return PlacementInput{LegalStatus: e.LegalStatus, PlacementType: e.PlacementType, Provider: e.Provider, URN: e.URN, PlacementPostcode: e.PlacementPostcode}
}

// CareClosingProblems says why a case cannot close while the child is
// looked after: care ends first, with its reason.
func CareClosingProblems(episodes []CareEpisode) []string {
	if LookedAfterNow(episodes) {
		return []string{"The child has been looked after since " + PeriodStart(episodes).Long() + ": record that care ended, and why, before the case closes."}
	}
	return nil
}

// LookedAfterInput starts a period of care.
type LookedAfterInput struct {
	StartedOn      Date   `json:"started_on"`
	CategoryOfNeed string `json:"category_of_need"`
	HomePostcode   string `json:"home_postcode"`
	PlacementInput
}

// Validate checks a period of care starting between the case's opening
// (openedOn) and today, after the last period ended (lastEnded, zero for
// none).
func (in *LookedAfterInput) Validate(today, openedOn, lastEnded Date) error {
	var v Validation
	switch {
	case in.StartedOn.IsZero():
		v.Add("started_on", "Enter the date the child became looked after")
	case in.StartedOn.After(today):
		v.Add("started_on", "The date the child became looked after must be today or in the past")
	case in.StartedOn.Before(openedOn):
		v.Add("started_on", "The date the child became looked after must be on or after the date the case opened, "+openedOn.Long())
	case !lastEnded.IsZero() && in.StartedOn.Before(lastEnded):
		v.Add("started_on", "The child's last period of care ended on "+lastEnded.Long()+": a new one cannot start before then")
	}
	if !CareCategoriesOfNeed.Has(in.CategoryOfNeed) {
		v.Add("category_of_need", "Select the category of need")
	}
	if pc, ok := CleanPostcode(in.HomePostcode); ok {
		in.HomePostcode = pc
	} else if strings.TrimSpace(in.HomePostcode) == "" {
		v.Add("home_postcode", "Enter the postcode of the child's home before they became looked after")
	} else {
		v.Add("home_postcode", "Enter the home postcode as a full UK postcode, like LS1 4AP")
	}
	in.validate(&v)
	return v.Err()
}

// CareChangeInput is a change of placement or legal status: the current
// episode ends on ChangedOn and the next begins with the new details.
type CareChangeInput struct {
	ChangedOn Date `json:"changed_on"`
	// NewCarer says the child moved to a different carer.
	NewCarer bool `json:"new_carer"`
	// ReasonPlaceChange says why the placement changed.
	ReasonPlaceChange string `json:"reason_place_change,omitempty"`
	PlacementInput
	Version int `json:"version"`
}

// Validate checks a change to the current episode cur, on a day between its
// start and today, and works out the new episode's reason (RNE).
func (in *CareChangeInput) Validate(today Date, cur CareEpisode) (rne string, err error) {
	var v Validation
	switch {
	case in.ChangedOn.IsZero():
		v.Add("changed_on", "Enter the date of the change")
	case in.ChangedOn.After(today):
		v.Add("changed_on", "The date of the change must be today or in the past")
	case in.ChangedOn.Before(cur.StartedOn):
		v.Add("changed_on", "The change cannot be before the current placement began, on "+cur.StartedOn.Long())
	}
	in.validate(&v)
	legal, placement := cur.Differs(in.PlacementInput)
	rne, changed := ReasonNew(legal, placement, in.NewCarer)
	if !changed && v.Err() == nil {
		v.Add("legal_status", "Nothing has changed: change the legal status or the placement, or say the child moved to a new carer")
	}
	if StartsPlacement(rne) && !Temporary(cur.PlacementType) && !Temporary(in.PlacementType) {
		if !PlaceChangeReasons.Has(in.ReasonPlaceChange) {
			v.Add("reason_place_change", "Select why the placement changed")
		}
	} else {
		in.ReasonPlaceChange = ""
	}
	return rne, v.Err()
}

// CareEndInput ends a period of care.
type CareEndInput struct {
	EndedOn Date   `json:"ended_on"`
	Reason  string `json:"reason"`
	Version int    `json:"version"`
}

// Validate checks the end of the current episode cur.
func (in *CareEndInput) Validate(today Date, cur CareEpisode) error {
	var v Validation
	switch {
	case in.EndedOn.IsZero():
		v.Add("ended_on", "Enter the date the child stopped being looked after")
	case in.EndedOn.After(today):
		v.Add("ended_on", "The date the child stopped being looked after must be today or in the past")
	case in.EndedOn.Before(cur.StartedOn):
		v.Add("ended_on", "The date cannot be before the current placement began, on "+cur.StartedOn.Long())
	}
	if !ReasonsEnded.Has(in.Reason) {
		v.Add("reason", "Select why the child stopped being looked after")
	}
	return v.Err()
}

// PeriodStart is the day the current (or last) period of care began: the
// start of the latest episode begun for reason S, with the episodes in
// order. Zero if there are none.
func PeriodStart(episodes []CareEpisode) Date {
	for i := len(episodes) - 1; i >= 0; i-- {
		if episodes[i].ReasonNew == RNEStarted {
			return episodes[i].StartedOn
		}
	}
	if len(episodes) > 0 {
		return episodes[0].StartedOn
	}
	return Date{}
}

// PeriodPermanence is the previous permanence recorded for the latest
// period of care, or nil.
func (l LookedAfter) PeriodPermanence() *PreviousPermanence {
	start := PeriodStart(l.Episodes)
	for i := range l.Permanence {
		if l.Permanence[i].PeriodStart == start {
			return &l.Permanence[i]
		}
	}
	return nil
}

// LookedAfterNow reports whether the last episode is open.
func LookedAfterNow(episodes []CareEpisode) bool {
	return len(episodes) > 0 && episodes[len(episodes)-1].Open()
}

// The looked-after review timescales of regulation 33 of the Care
// Planning, Placement and Case Review (England) Regulations 2010: the first
// review within 20 working days of the child becoming looked after, the
// second within 3 months of the first, then at intervals of no more than
// 6 months.
const (
	FirstCLAReviewWorkingDays = 20
	SecondCLAReviewMonths     = 3
	CLAReviewMonths           = 6
)

// CLAReviewDue is when the next looked-after review is due, for a period of
// care that began on start, given the days reviews were held (any order;
// those before start belong to an earlier period and are ignored).
func CLAReviewDue(start Date, reviews []Date, wd WorkingDays) Date {
	var n int
	var last Date
	for _, r := range reviews {
		if r.Before(start) {
			continue
		}
		n++
		if r.After(last) {
			last = r
		}
	}
	switch n {
	case 0:
		return wd.AddWorkingDays(start, FirstCLAReviewWorkingDays)
	case 1:
		return addMonths(last, SecondCLAReviewMonths)
	}
	return addMonths(last, CLAReviewMonths)
}

// LookedAfter is a case's looked-after history: its episodes and reviews
// in order, its missing episodes, and when the next review is due while
// the child is looked after.
type LookedAfter struct {
	Episodes []CareEpisode `json:"episodes"`
	// Permanence is each period of care's previous permanence, as
	// recorded, oldest first.
	Permanence []PreviousPermanence `json:"previous_permanence"`
	// PermanencePlans are each period of care's permanence plan, oldest
	// first.
	PermanencePlans []PermanencePlan `json:"permanence_plans"`
	// Health is the health outcomes recorded for each collection year
	// (the 903's OC2), oldest first.
	Health []HealthOutcomes `json:"health_outcomes"`
	// Leaving is what is recorded about the young person as a care leaver
	// for each collection year (the 903's OC3), oldest first.
	Leaving []CareLeaverOutcomes `json:"care_leaver_outcomes"`
	// Decisions are the decisions that the child should be placed for
	// adoption, oldest first; Matches each period of care's match with
	// prospective adopters.
	Decisions []AdoptionDecision `json:"adoption_decisions"`
	Matches   []AdoptionMatch    `json:"adoption_matches"`
	Reviews   []CLAReview        `json:"reviews"`
	Missing   []MissingEpisode   `json:"missing"`
	ReviewDue Date               `json:"review_due,omitzero"`
}

// Current is the open episode, if any.
func (l LookedAfter) Current() (CareEpisode, bool) {
	if LookedAfterNow(l.Episodes) {
		return l.Episodes[len(l.Episodes)-1], true
	}
	return CareEpisode{}, false
}

// FillDue works out each review's due date and the next one's.
func (l *LookedAfter) FillDue(wd WorkingDays) {
	start := PeriodStart(l.Episodes)
	var held []Date
	for i := range l.Reviews {
		r := &l.Reviews[i]
		if r.HeldOn.Before(start) {
			continue // a review of an earlier period of care
		}
		r.Due = CLAReviewDue(start, held, wd)
		held = append(held, r.HeldOn)
	}
	if cur, ok := l.Current(); ok && !cur.ShortBreak() {
		l.ReviewDue = CLAReviewDue(start, held, wd)
	}
}

// CLAReview is a looked-after review, with how the child took part (the
// 903's REVIEW and REVIEW_CODE).
type CLAReview struct {
	ID            string `json:"id"`
	CaseID        string `json:"case_id"`
	HeldOn        Date   `json:"held_on"`
	Participation string `json:"participation"`
	// Due is when it was due; filled by the store.
	Due Date `json:"due,omitzero"`
}

// Participations are how the child took part in a review (REVIEW_CODE).
var Participations = CodeList{
	{Code: "PN1", Label: "Came to the review and spoke for themselves"},
	{Code: "PN2", Label: "Came to the review and an advocate spoke for them"},
	{Code: "PN3", Label: "Came to the review and gave their views without words (symbolically)"},
	{Code: "PN4", Label: "Came to the review but did not speak, give their views without words, or ask an advocate to speak for them"},
	{Code: "PN5", Label: "Did not come, but briefed an advocate to speak for them"},
	{Code: "PN6", Label: "Did not come, but gave their views through a facilitative medium"},
	{Code: "PN7", Label: "Did not come, and their views were not given to the review"},
	{Code: "PN0", Label: "Aged under 4 at the time of the review"},
}

// CLAReviewInput records a looked-after review.
type CLAReviewInput struct {
	HeldOn        Date   `json:"held_on"`
	Participation string `json:"participation"`
}

// Validate checks a review held between the start of the period of care
// and today. PN0 is for a child under 4 on the day, and only for them (903
// rules 440 and 441); dob is zero when not known.
func (in *CLAReviewInput) Validate(today, periodStart, dob Date) error {
	var v Validation
	switch {
	case in.HeldOn.IsZero():
		v.Add("held_on", "Enter the date of the review")
	case in.HeldOn.After(today):
		v.Add("held_on", "The date of the review must be today or in the past")
	case in.HeldOn.Before(periodStart):
		v.Add("held_on", "The review cannot be before the child became looked after, on "+periodStart.Long())
	}
	switch {
	case !Participations.Has(in.Participation):
		v.Add("participation", "Select how the child took part in the review")
	case dob.IsZero() || in.HeldOn.IsZero():
	case in.Participation == "PN0" && dob.AgeOn(in.HeldOn) >= 4:
		v.Add("participation", "The child was 4 or over on the day of the review: select how they took part")
	case in.Participation != "PN0" && dob.AgeOn(in.HeldOn) < 4:
		v.Add("participation", "The child was under 4 on the day of the review: select ‘Aged under 4 at the time of the review’")
	}
	return v.Err()
}

// CareLeaverWeeks is how long a child must have been looked after since
// turning 14 to be entitled to leaving care support: 13 weeks (Care
// Leavers (England) Regulations 2010, regulation 3; Children Act 1989,
// schedule 2, paragraph 19B).
const CareLeaverWeeks = 13

// CareLeaverFollows reports whether leaving care on endedOn for reason rec
// makes the child a care leaver: aged 16 or over on the day, looked after
// for at least 13 weeks in all since turning 14 (short breaks not counted),
// and care not ended by adoption, death, another council taking over, or
// an age assessment finding them an adult. episodes are the child's,
// including the one ending.
func CareLeaverFollows(dob Date, episodes []CareEpisode, endedOn Date, rec string) bool {
	if dob.IsZero() || dob.AgeOn(endedOn) < 16 {
		return false
	}
	switch rec {
	case "E2", "E3", "E11", "E12", "E15":
		return false
	}
	fourteen := addMonths(dob, 14*12)
	days := 0
	for _, e := range episodes {
		if e.ShortBreak() {
			continue
		}
		from, to := e.StartedOn, e.EndedOn
		if to.IsZero() || to.After(endedOn) {
			to = endedOn
		}
		if from.Before(fourteen) {
			from = fourteen
		}
		if to.After(from) {
			days += daysBetween(from, to)
		}
	}
	return days >= CareLeaverWeeks*7
}

// daysBetween counts the days from one date to a later one.
func daysBetween(from, to Date) int {
	return int(to.Time(time.UTC).Sub(from.Time(time.UTC)).Hours()/24 + 0.5)
}

// MissingEpisode is a time the child was missing, or away without
// authorisation (the 903's missing table), with the return interview
// offered on their return (Ofsted's Annex A, list 8).
type MissingEpisode struct {
	ID     string `json:"id"`
	CaseID string `json:"case_id"`
	// Kind is M (missing) or A (away without authorisation).
	Kind      string `json:"kind"`
	StartedOn Date   `json:"started_on"`
	EndedOn   Date   `json:"ended_on,omitzero"`
	// InterviewOffered and InterviewAccepted are "yes", "no" or "" (not
	// yet known).
	InterviewOffered  string `json:"interview_offered,omitempty"`
	InterviewAccepted string `json:"interview_accepted,omitempty"`
	Version           int    `json:"version"`
}

// MissingKinds are the 903's kinds of absence.
var MissingKinds = CodeList{
	{Code: "M", Label: "Missing"},
	{Code: "A", Label: "Away from placement without authorisation"},
}

// MissingInput records or updates a missing episode.
type MissingInput struct {
	Kind              string `json:"kind"`
	StartedOn         Date   `json:"started_on"`
	EndedOn           Date   `json:"ended_on,omitzero"`
	InterviewOffered  string `json:"interview_offered,omitempty"`
	InterviewAccepted string `json:"interview_accepted,omitempty"`
	Version           int    `json:"version,omitempty"`
}

// Validate checks a missing episode that began on or after the case opened.
func (in *MissingInput) Validate(today, openedOn Date) error {
	var v Validation
	if !MissingKinds.Has(in.Kind) {
		v.Add("kind", "Select whether the child was missing or away without authorisation")
	}
	switch {
	case in.StartedOn.IsZero():
		v.Add("started_on", "Enter the date the child went missing")
	case in.StartedOn.After(today):
		v.Add("started_on", "The date the child went missing must be today or in the past")
	case in.StartedOn.Before(openedOn):
		v.Add("started_on", "The date must be on or after the date the case opened, "+openedOn.Long())
	}
	switch {
	case in.EndedOn.IsZero():
		if in.InterviewOffered != "" || in.InterviewAccepted != "" {
			v.Add("ended_on", "Enter the date the child came back: a return interview follows their return")
		}
	case in.EndedOn.After(today):
		v.Add("ended_on", "The date the child came back must be today or in the past")
	case !in.StartedOn.IsZero() && in.EndedOn.Before(in.StartedOn):
		v.Add("ended_on", "The date the child came back cannot be before the date they went missing, "+in.StartedOn.Long())
	}
	for _, f := range []struct{ name, value string }{{"interview_offered", in.InterviewOffered}, {"interview_accepted", in.InterviewAccepted}} {
		if f.value != "" && f.value != "yes" && f.value != "no" {
			v.Add(f.name, "Answer yes or no")
		}
	}
	if in.InterviewAccepted != "" && in.InterviewOffered != "yes" {
		v.Add("interview_accepted", "A return interview can only be accepted once it is offered: say it was offered, or leave this blank")
	}
	return v.Err()
}
