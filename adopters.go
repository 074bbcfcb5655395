package kith

import (
	"fmt"
	"strings"
	"unicode/utf8"
)

// The adopters register: prospective adopters' households as they go
// through the council's two-stage process (Adoption Agencies Regulations
// 2005, as amended in 2013: stage 1, pre-assessment, then stage 2,
// assessment, ending in the agency's decision to approve), for Ofsted's
// Annex A list 11. A child's match with adopters (AdoptionMatch) names
// the household, so the dates of matches, placements and adoption orders
// come from the children's own records, never typed twice.

// MayKeepAdopters refuses anyone but a service manager (or Kith itself):
// prospective adopters are not children's cases, and no practitioner may
// read the register.
func MayKeepAdopters(a Actor) error {
	if MayMakeReturns(a) {
		return nil
	}
	return Errorf(EFORBIDDEN, "Only service managers may open the adopters register.")
}

// AdopterHousehold is one household of prospective adopters: one adopter
// or a couple.
type AdopterHousehold struct {
	ID string `json:"id"`
	// Reference is the family identifier: ADP-2026-0001, from the year of
	// the enquiry.
	Reference string `json:"reference"`
	AdopterHouseholdInput
}

// Adopter is one prospective adopter.
type Adopter struct {
	Name string `json:"name"`
	// Sex is F, M or U (as the census records a child's).
	Sex       string `json:"sex"`
	Ethnicity string `json:"ethnicity"`
	// Disabled is yes, no or not_known.
	Disabled Answer `json:"disabled"`
}

// AdopterHouseholdInput records or corrects a household and its way
// through the process.
type AdopterHouseholdInput struct {
	Adopters []Adopter `json:"adopters"`
	// FosteringForAdoption says the household is approved as foster
	// carers too, to foster a child for adoption (Children Act 1989,
	// section 22C(9A)).
	FosteringForAdoption bool `json:"fostering_for_adoption"`
	EnquiryOn            Date `json:"enquiry_on"`
	Stage1StartedOn      Date `json:"stage1_started_on,omitzero"`
	Stage1EndedOn        Date `json:"stage1_ended_on,omitzero"`
	Stage2StartedOn      Date `json:"stage2_started_on,omitzero"`
	Stage2EndedOn        Date `json:"stage2_ended_on,omitzero"`
	ApplicationOn        Date `json:"application_on,omitzero"`
	ApprovedOn           Date `json:"approved_on,omitzero"`
	// LeftOn is when the household left the process, with why.
	LeftOn     Date   `json:"left_on,omitzero"`
	LeftReason string `json:"left_reason,omitempty"`
	// Version is the household's when read, 0 for a new one.
	Version int `json:"version"`
}

// AdopterLeavingReasons are why a household leaves the process.
var AdopterLeavingReasons = CodeList{
	{Code: "adopted", Label: "The children placed with them were adopted, and they are not adopting again"},
	{Code: "withdrew", Label: "They withdrew"},
	{Code: "not_suitable", Label: "The agency decided they were not suitable"},
	{Code: "another_agency", Label: "They moved to another adoption agency"},
	{Code: "other", Label: "Another reason"},
}

// AdopterReference is a household's reference and family identifier: the
// nth household to enquire in a year, ADP-2026-0001.
func AdopterReference(year, n int) string { return fmt.Sprintf("ADP-%d-%04d", year, n) }

// MaxAdopters is the most adopters in a household: one, or a couple.
const MaxAdopters = 2

// MaxAdopterNameChars bounds an adopter's name.
const MaxAdopterNameChars = 100

// Approved reports whether the household was approved by a day and had
// not left the process by then: a child may be matched with them.
func (h AdopterHousehold) Approved(on Date) bool {
	return !h.ApprovedOn.IsZero() && !h.ApprovedOn.After(on) && (h.LeftOn.IsZero() || h.LeftOn.After(on))
}

// InProcess reports whether the household was in the process on some day
// from..to: enquired by to and not left before from.
func (h AdopterHousehold) InProcess(from, to Date) bool {
	return !h.EnquiryOn.IsZero() && !h.EnquiryOn.After(to) && (h.LeftOn.IsZero() || !h.LeftOn.Before(from))
}

// Names are the adopters' names, joined: "Sam Rowe and Alex Rowe".
func (h AdopterHousehold) Names() string {
	names := make([]string, len(h.Adopters))
	for i, a := range h.Adopters {
		names[i] = a.Name
	}
	return strings.Join(names, " and ")
}

// Validate checks the adopters and that the process's dates run in its
// order, each by today: the enquiry first; each stage ends on or after it
// began; stage 2 begins once stage 1 has ended (or, for those who have
// adopted or fostered before, without it); approval needs the
// application and comes at the end of stage 2; and leaving, with a
// reason, comes last.
func (in *AdopterHouseholdInput) Validate(today Date) error {
	var v Validation
	in.validateAdopters(&v)
	in.LeftReason = strings.TrimSpace(in.LeftReason)
	type step struct {
		field, label string
		on           Date
	}
	check := func(s step, after ...step) {
		switch {
		case s.on.IsZero():
			return
		case s.on.After(today):
			v.Add(s.field, "The "+s.label+" cannot be in the future")
			return
		case s.on.TooEarly():
			v.Add(s.field, fmt.Sprintf("The %s must be in %d or later", s.label, EarliestYear))
			return
		}
		for _, a := range after {
			if !a.on.IsZero() && s.on.Before(a.on) {
				v.Add(s.field, "The "+s.label+" cannot be before the "+a.label)
				return
			}
		}
	}
	enquiry := step{"enquiry_on", "date of the enquiry", in.EnquiryOn}
	s1 := step{"stage1_started_on", "date stage 1 started", in.Stage1StartedOn}
	s1end := step{"stage1_ended_on", "date stage 1 ended", in.Stage1EndedOn}
	s2 := step{"stage2_started_on", "date stage 2 started", in.Stage2StartedOn}
	s2end := step{"stage2_ended_on", "date stage 2 ended", in.Stage2EndedOn}
	app := step{"application_on", "date of the application", in.ApplicationOn}
	approved := step{"approved_on", "date of approval", in.ApprovedOn}
	left := step{"left_on", "date they left the process", in.LeftOn}
	if in.EnquiryOn.IsZero() {
		v.Add("enquiry_on", "Enter the date of the enquiry")
	}
	check(enquiry)
	check(s1, enquiry)
	check(s1end, s1, enquiry)
	check(s2, s1end, s1, enquiry)
	check(s2end, s2, enquiry)
	check(app, enquiry)
	check(approved, s2, app, enquiry)
	check(left, approved, enquiry)
	switch {
	case !in.Stage1EndedOn.IsZero() && in.Stage1StartedOn.IsZero():
		v.Add("stage1_started_on", "Enter the date stage 1 started, or leave its end blank")
	case !in.Stage2EndedOn.IsZero() && in.Stage2StartedOn.IsZero():
		v.Add("stage2_started_on", "Enter the date stage 2 started, or leave its end blank")
	case !in.Stage1StartedOn.IsZero() && in.Stage1EndedOn.IsZero() && !in.Stage2StartedOn.IsZero():
		v.Add("stage1_ended_on", "Enter the date stage 1 ended: stage 2 begins after it")
	case !in.ApprovedOn.IsZero() && in.ApplicationOn.IsZero():
		v.Add("application_on", "Enter the date of the application: approval follows it")
	case !in.ApprovedOn.IsZero() && in.Stage2StartedOn.IsZero():
		v.Add("stage2_started_on", "Enter the date stage 2 started: approval comes at its end")
	}
	switch {
	case in.LeftOn.IsZero() && in.LeftReason != "":
		v.Add("left_on", "Enter the date they left the process")
	case !in.LeftOn.IsZero() && !AdopterLeavingReasons.Has(in.LeftReason):
		v.Add("left_reason", "Select why they left the process")
	}
	return v.Err()
}

// validateAdopters checks there are one or two adopters, each named,
// with a sex, an ethnicity and whether they are disabled.
func (in *AdopterHouseholdInput) validateAdopters(v *Validation) {
	var kept []Adopter
	for _, a := range in.Adopters {
		a.Name = strings.Join(strings.Fields(a.Name), " ")
		if a != (Adopter{}) {
			kept = append(kept, a)
		}
	}
	in.Adopters = kept
	switch len(kept) {
	case 0:
		v.Add("adopters.0.name", "Enter the name of the adopter, or of each of a couple")
		return
	case 1, 2:
	default:
		v.Add("adopters.2.name", "A household has one adopter or a couple")
		return
	}
	for i, a := range kept {
		at := "adopters." + string(rune('0'+i)) + "."
		who := "the adopter"
		if len(kept) == 2 {
			who = []string{"the first adopter", "the second adopter"}[i]
		}
		switch n := utf8.RuneCountInString(a.Name); {
		case n == 0:
			v.Add(at+"name", "Enter the name of "+who)
		case n > MaxAdopterNameChars:
			v.Add(at+"name", "The name of "+who+" must be 100 characters or fewer")
		}
		if !Sexes.Has(a.Sex) {
			v.Add(at+"sex", "Select the sex of "+who)
		}
		if !Ethnicities.Has(a.Ethnicity) {
			v.Add(at+"ethnicity", "Select the ethnicity of "+who)
		}
		if a.Disabled != Yes && a.Disabled != No && a.Disabled != NotKnown {
			v.Add(at+"disabled", "Select whether "+who+" is disabled")
		}
	}
}

// MatchedChild is a child matched with a household: the match, and the
// child's episodes of care, from which the placement and the adoption
// order are read.
type MatchedChild struct {
	Match    AdoptionMatch
	Episodes []CareEpisode
}

// period is the child's episodes in the period of care the match is in.
func (c MatchedChild) period() []CareEpisode {
	var out []CareEpisode
	for _, e := range c.Episodes {
		switch {
		case e.StartedOn.Before(c.Match.PeriodStart):
		case len(out) > 0 && e.ReasonNew == RNEStarted:
			return out
		default:
			out = append(out, e)
		}
	}
	return out
}

// PlacedOn is the day the child was placed with the household for
// adoption (their first placement for adoption after the match's period
// began), or zero.
func (c MatchedChild) PlacedOn() Date {
	for _, e := range c.period() {
		if PlacedForAdoption(e.PlacementType) {
			return e.StartedOn
		}
	}
	return Date{}
}

// AdoptedOn is the day of the child's adoption order (their care ended
// E11 or E12), or zero.
func (c MatchedChild) AdoptedOn() Date {
	for _, e := range c.period() {
		if Adopted(e.ReasonEnded) {
			return e.EndedOn
		}
	}
	return Date{}
}

// AdopterFacts is a household and the children matched with them.
type AdopterFacts struct {
	Household AdopterHousehold
	Children  []MatchedChild
}

// FitsMatch checks a match with the household: approved by the day of the
// match and not gone, and the adopters the match names (one or a couple,
// and their sexes) the household's. It returns the field and message of
// the problem, if any.
func (h AdopterHousehold) FitsMatch(in AdoptionMatchInput) (field, msg string) {
	if !h.Approved(in.MatchedOn) {
		return "household", h.Reference + " were not approved adopters on " + in.MatchedOn.Long()
	}
	var sexes []byte
	for _, a := range h.Adopters {
		if a.Sex == "U" {
			return "", ""
		}
		sexes = append(sexes, a.Sex[0])
	}
	want := string(sexes)
	if len(sexes) == 1 {
		want += "1"
	} else if want == "FM" {
		want = "MF"
	}
	if in.AdoptersSex != want {
		return "adopters_sex", "The adopters register has " + h.Reference + " as " + strings.ToLower(AdoptersSexes.Name(want)[:1]) + AdoptersSexes.Name(want)[1:]
	}
	return "", ""
}

// Stage is where the household is in the process on a day, in words.
func (h AdopterHousehold) Stage(on Date) string {
	switch {
	case !h.LeftOn.IsZero() && !h.LeftOn.After(on):
		return "Left the process " + h.LeftOn.Long()
	case h.Approved(on):
		return "Approved " + h.ApprovedOn.Long()
	case !h.Stage2StartedOn.IsZero() && !h.Stage2StartedOn.After(on):
		return "Stage 2, assessment, since " + h.Stage2StartedOn.Long()
	case !h.Stage1StartedOn.IsZero() && !h.Stage1StartedOn.After(on):
		return "Stage 1, pre-assessment, since " + h.Stage1StartedOn.Long()
	}
	return "Enquiry " + h.EnquiryOn.Long()
}
