package kith

import (
	"slices"
	"strings"
)

// AdoptionDecision is the agency decision maker's decision that a looked-
// after child should be placed for adoption, and its reversal if the plan
// changes: the SSDA903's "placed for adoption" table (DATE_PLACED,
// DATE_PLACED_CEASED, REASON_PLACED_CEASED) and AD1's DATE_INT. A period
// of care may have more than one, one after another.
type AdoptionDecision struct {
	ID     string `json:"id"`
	CaseID string `json:"case_id"`
	// DecidedOn is the day of the decision that the child should be
	// placed for adoption.
	DecidedOn Date `json:"decided_on"`
	// ReversedOn is the day of the decision that they should no longer
	// be, with its reason (RD1–RD4); zero while the plan stands.
	ReversedOn     Date   `json:"reversed_on,omitzero"`
	ReversalReason string `json:"reversal_reason,omitempty"`
	Version        int    `json:"version"`
}

// Stands reports whether the decision stood on day d: made by then, and
// not reversed by then.
func (a AdoptionDecision) Stands(d Date) bool {
	return !a.DecidedOn.After(d) && (a.ReversedOn.IsZero() || a.ReversedOn.After(d))
}

// Overlaps reports whether two decisions stood on a day in common (rules
// 579 and 583: a new decision follows the reversal of the one before).
func (a AdoptionDecision) Overlaps(b AdoptionDecision) bool {
	before := func(x, y AdoptionDecision) bool { return !x.ReversedOn.IsZero() && !x.ReversedOn.After(y.DecidedOn) }
	return !before(a, b) && !before(b, a)
}

// ReversalReasons are why a decision to place for adoption was reversed
// (REASON_PLACED_CEASED).
var ReversalReasons = CodeList{
	{Code: "RD1", Label: "The child's needs changed"},
	{Code: "RD2", Label: "The court did not make a placement order"},
	{Code: "RD3", Label: "Prospective adopters could not be found"},
	{Code: "RD4", Label: "Another reason"},
}

// AdoptionDecisionInput records a decision, or its reversal.
type AdoptionDecisionInput struct {
	DecidedOn      Date   `json:"decided_on"`
	ReversedOn     Date   `json:"reversed_on,omitzero"`
	ReversalReason string `json:"reversal_reason,omitempty"`
	// Version is the decision's when read, 0 for a new one.
	Version int `json:"version"`
}

// Validate checks a decision in the period of care from periodStart
// (rules 1003, 334), by today and by the day care ended if it has (117),
// and a reversal on or after it with its reason (119, 522), which a child
// adopted cannot have (558). latest is the period's latest episode.
func (in *AdoptionDecisionInput) Validate(today, periodStart Date, latest CareEpisode) error {
	var v Validation
	last := today
	if !latest.EndedOn.IsZero() && latest.EndedOn.Before(last) {
		last = latest.EndedOn
	}
	switch {
	case in.DecidedOn.IsZero():
		v.Add("decided_on", "Enter the date of the decision that the child should be placed for adoption")
	case in.DecidedOn.Before(periodStart):
		v.Add("decided_on", "The decision must be on or after "+periodStart.Long()+", when the child's period of care began")
	case in.DecidedOn.After(last):
		v.Add("decided_on", "The decision cannot be after "+last.Long())
	}
	in.ReversalReason = strings.TrimSpace(in.ReversalReason)
	switch {
	case in.ReversedOn.IsZero():
		if in.ReversalReason != "" {
			v.Add("reversed_on", "Enter the date of the decision that the child should no longer be placed for adoption")
		}
	case in.ReversedOn.Before(in.DecidedOn):
		v.Add("reversed_on", "The plan cannot change before the decision it changes")
	case in.ReversedOn.After(last):
		v.Add("reversed_on", "The decision cannot be after "+last.Long())
	case Adopted(latest.ReasonEnded):
		v.Add("reversed_on", "The child was adopted: the decision was not reversed")
	case !ReversalReasons.Has(in.ReversalReason):
		v.Add("reversal_reason", "Select why the child should no longer be placed for adoption")
	}
	return v.Err()
}

// AdoptionMatch is the match of a child with their prospective adopters,
// and who the adopters are: the SSDA903's AD1 items, returned for a child
// adopted in the year.
type AdoptionMatch struct {
	CaseID string `json:"case_id"`
	// PeriodStart is the first day of the period of care it is in.
	PeriodStart Date `json:"period_start"`
	MatchedOn   Date `json:"matched_on"`
	// Adopters is 1 or 2 (NB_ADOPTR); AdoptersSex M1, F1, MM, FF or MF
	// (SEX_ADOPTR); AdoptersStatus L0 … L4 (LS_ADOPTR).
	Adopters       int    `json:"adopters"`
	AdoptersSex    string `json:"adopters_sex"`
	AdoptersStatus string `json:"adopters_status"`
	// Household is the adopters' family identifier in the adopters
	// register, when the council keeps them there (Annex A list 11).
	Household   string `json:"household,omitempty"`
	HouseholdID string `json:"-"`
	Version     int    `json:"version"`
}

// AdoptersSexes and AdoptersStatuses are the 903's codes for who adopts:
// one adopter or a couple, and a couple's legal status. The validator's
// rules 511, 514 and 517–524 tie them together.
var (
	AdoptersSexes = CodeList{
		{Code: "F1", Label: "A woman adopting alone"},
		{Code: "M1", Label: "A man adopting alone"},
		{Code: "MF", Label: "A couple, a man and a woman"},
		{Code: "FF", Label: "A couple, two women"},
		{Code: "MM", Label: "A couple, two men"},
	}
	AdoptersStatuses = CodeList{
		{Code: "L0", Label: "Adopting alone"},
		{Code: "L11", Label: "A married couple of a man and a woman"},
		{Code: "L12", Label: "A married couple of the same sex"},
		{Code: "L2", Label: "Civil partners"},
		{Code: "L3", Label: "An unmarried couple of a man and a woman"},
		{Code: "L4", Label: "An unmarried couple of the same sex"},
	}
)

// AdoptionMatchInput records a match.
type AdoptionMatchInput struct {
	MatchedOn      Date   `json:"matched_on"`
	AdoptersSex    string `json:"adopters_sex"`
	AdoptersStatus string `json:"adopters_status"`
	// Household is the adopters' family identifier in the adopters
	// register (ADP-2026-0001), if they are in it.
	Household string `json:"household,omitempty"`
	Version   int    `json:"version"`
}

// Adopters is how many adopt, by their sex's code.
func (in *AdoptionMatchInput) Adopters() int {
	if in.AdoptersSex == "M1" || in.AdoptersSex == "F1" {
		return 1
	}
	return 2
}

// Validate checks a match made on or after a standing decision (rule 333),
// by today and by the day the child was placed for adoption if they have
// been (331; zero if not), and that the adopters' legal status fits who
// they are.
func (in *AdoptionMatchInput) Validate(today Date, decision *AdoptionDecision, placedOn Date) error {
	var v Validation
	switch {
	case in.MatchedOn.IsZero():
		v.Add("matched_on", "Enter the date the child was matched with their prospective adopters")
	case decision == nil || !decision.Stands(in.MatchedOn):
		v.Add("matched_on", "Record the decision that the child should be placed for adoption first: a match follows it")
	case in.MatchedOn.After(today):
		v.Add("matched_on", "The match cannot be in the future")
	case !placedOn.IsZero() && in.MatchedOn.After(placedOn):
		v.Add("matched_on", "The child was placed for adoption on "+placedOn.Long()+": the match must be on or before it")
	}
	single := in.AdoptersSex == "M1" || in.AdoptersSex == "F1"
	sameSex := in.AdoptersSex == "MM" || in.AdoptersSex == "FF"
	switch {
	case !AdoptersSexes.Has(in.AdoptersSex):
		v.Add("adopters_sex", "Select who is adopting")
	case !AdoptersStatuses.Has(in.AdoptersStatus):
		v.Add("adopters_status", "Select the adopters' legal status")
	case single != (in.AdoptersStatus == "L0"):
		v.Add("adopters_status", "Select ‘adopting alone’ for one adopter, and a couple's status for two")
	case sameSex && (in.AdoptersStatus == "L11" || in.AdoptersStatus == "L3"):
		v.Add("adopters_status", "Select a status for a couple of the same sex")
	case in.AdoptersSex == "MF" && (in.AdoptersStatus == "L12" || in.AdoptersStatus == "L4"):
		v.Add("adopters_status", "Select a status for a couple of a man and a woman")
	}
	return v.Err()
}

// PlacedForAdoption reports whether a placement type places the child for
// adoption (A3–A6), and WithFosterCarers whether with their foster carers
// (A3, A5): the 903's FOSTER_CARE follows from it (rule 335).
func PlacedForAdoption(placement string) bool {
	switch placement {
	case "A3", "A4", "A5", "A6":
		return true
	}
	return false
}

// PlacedForAdoptionOn is the day the child was first placed for adoption
// in their latest period of care, or zero.
func PlacedForAdoptionOn(episodes []CareEpisode) Date {
	start := PeriodStart(episodes)
	for _, e := range episodes {
		if !e.StartedOn.Before(start) && PlacedForAdoption(e.PlacementType) {
			return e.StartedOn
		}
	}
	return Date{}
}

// WithFosterCarers reports whether a placement for adoption is with the
// child's foster carers.
func WithFosterCarers(placement string) bool { return placement == "A3" || placement == "A5" }

// AdoptionOrder reports whether a legal status is an order for adoption
// (E1 placement order, D1 freeing order).
func AdoptionOrder(legalStatus string) bool { return legalStatus == "E1" || legalStatus == "D1" }

// AdoptedReasons are the reasons a care episode ends by adoption (E11
// unopposed, E12 consent dispensed).
var AdoptedReasons = []string{"E11", "E12"}

// Adopted reports whether care ended by adoption (E11, E12).
func Adopted(reasonEnded string) bool { return slices.Contains(AdoptedReasons, reasonEnded) }

// AdoptionStepAllowed checks an episode beginning on day with a placement
// and legal status against the decisions and match recorded: a placement
// for adoption needs a standing decision and a match by then (rules 551,
// 552, 331), an order for adoption a standing decision (553–556). It
// returns the field and message of the problem, if any.
func AdoptionStepAllowed(day Date, placement, legalStatus string, decisions []AdoptionDecision, match *AdoptionMatch) (field, msg string) {
	standing := false
	for _, d := range decisions {
		standing = standing || d.Stands(day)
	}
	switch {
	case (PlacedForAdoption(placement) || AdoptionOrder(legalStatus)) && !standing:
		if PlacedForAdoption(placement) {
			return "placement_type", "Record the decision that the child should be placed for adoption before placing them for adoption"
		}
		return "legal_status", "Record the decision that the child should be placed for adoption before the order"
	case PlacedForAdoption(placement) && (match == nil || match.MatchedOn.After(day)):
		return "placement_type", "Record the match with the prospective adopters before placing the child with them"
	}
	return "", ""
}

// AdoptionEndAllowed checks ending care by adoption on day: from a
// placement for adoption, with the decision standing and the adopters
// matched (rules 525, 601, 331).
func AdoptionEndAllowed(day Date, cur CareEpisode, decisions []AdoptionDecision, match *AdoptionMatch) string {
	standing := false
	for _, d := range decisions {
		standing = standing || d.Stands(day)
	}
	switch {
	case !PlacedForAdoption(cur.PlacementType):
		return "A child is adopted from a placement for adoption: record that placement first"
	case !standing:
		return "The decision that the child should be placed for adoption does not stand: record it, or correct its reversal"
	case match == nil:
		return "Record the match with the adopters first: the return asks who adopted the child"
	}
	return ""
}

// PeriodDecisions are the adoption decisions of the latest period of care.
func (l LookedAfter) PeriodDecisions() []AdoptionDecision {
	start := PeriodStart(l.Episodes)
	var out []AdoptionDecision
	for _, d := range l.Decisions {
		if !d.DecidedOn.Before(start) {
			out = append(out, d)
		}
	}
	return out
}

// PeriodMatch is the latest period of care's match with adopters, or nil.
func (l LookedAfter) PeriodMatch() *AdoptionMatch {
	start := PeriodStart(l.Episodes)
	for i := range l.Matches {
		if l.Matches[i].PeriodStart == start {
			return &l.Matches[i]
		}
	}
	return nil
}

// DecisionStands reports whether a decision of the latest period of care
// to place the child for adoption stands on day d.
func (l LookedAfter) DecisionStands(d Date) bool {
	for _, a := range l.PeriodDecisions() {
		if a.Stands(d) {
			return true
		}
	}
	return false
}
