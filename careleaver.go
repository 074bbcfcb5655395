package kith

import (
	"strconv"
	"strings"
)

// CareLeaverOutcomes is what the SSDA903 asks (its OC3 table) about a
// young person who left care as a care leaver, on or around each of their
// 17th to 21st birthdays: whether the council is in touch with them, their
// main activity and their accommodation. One record per young person and
// collection year, for the birthday in it.
type CareLeaverOutcomes struct {
	CaseID string `json:"case_id"`
	CareLeaverInput
}

// CareLeaverInput is a year's answers.
type CareLeaverInput struct {
	// Year is the collection year of the birthday, written "2025-26".
	Year string `json:"year"`
	// InTouch is YES, NO, DIED, REFU, NREQ or RHOM.
	InTouch string `json:"in_touch"`
	// Activity is the main activity (F1 … G6), "" when not known.
	Activity string `json:"activity,omitempty"`
	// Accommodation is its type (B … Z), "" when not known; Suitable is
	// "1" when it is suitable and "2" when it is not.
	Accommodation string `json:"accommodation,omitempty"`
	Suitable      string `json:"suitable,omitempty"`
	// Version is the record's version: in a change, the one read (0 for
	// a new one).
	Version int `json:"version"`
}

// The DfE's codes for the care leavers' outcomes, in its words as
// data-to-insight's Standard Safeguarding Dataset quotes them
// (ssd-data-model, data/objects/ssd_care_leavers.yml), shortened.
var (
	InTouchCodes = CodeList{
		{Code: "YES", Label: "Yes, in touch"},
		{Code: "NO", Label: "No, not in touch"},
		{Code: "REFU", Label: "The young person refuses contact"},
		{Code: "NREQ", Label: "The young person no longer needs services"},
		{Code: "RHOM", Label: "Returned to live with their parents, or someone with parental responsibility, for 6 months or more"},
		{Code: "DIED", Label: "Died after leaving care"},
	}
	CareLeaverActivities = CodeList{
		{Code: "F1", Label: "Full time in higher education"},
		{Code: "P1", Label: "Part time in higher education"},
		{Code: "F2", Label: "Full time in other education"},
		{Code: "P2", Label: "Part time in other education"},
		{Code: "F4", Label: "Full time apprenticeship"},
		{Code: "P4", Label: "Part time apprenticeship"},
		{Code: "F5", Label: "Full time training or employment (not an apprenticeship)"},
		{Code: "P5", Label: "Part time training or employment (not an apprenticeship)"},
		{Code: "G4", Label: "Not in education, employment or training because of illness or disability"},
		{Code: "G6", Label: "Not in education, employment or training because of pregnancy or parenting"},
		{Code: "G5", Label: "Not in education, employment or training for another reason"},
	}
	CareLeaverAccommodations = CodeList{
		{Code: "B", Label: "With parents or relatives"},
		{Code: "C", Label: "Community home or other residential care, such as an NHS establishment"},
		{Code: "D", Label: "Semi-independent or transitional accommodation, or self-contained accommodation with specialist or floating support"},
		{Code: "E", Label: "Supported lodgings"},
		{Code: "G", Label: "Gone abroad"},
		{Code: "H", Label: "Deported"},
		{Code: "K", Label: "Ordinary lodgings, without formal support"},
		{Code: "R", Label: "Residence not known"},
		{Code: "S", Label: "No fixed abode or homeless"},
		{Code: "T", Label: "Foyer or similar supported accommodation with education, training or work"},
		{Code: "U", Label: "Independent living, such as their own tenancy or student accommodation"},
		{Code: "V", Label: "Emergency accommodation, such as a night shelter or emergency hostel"},
		{Code: "W", Label: "Bed and breakfast"},
		{Code: "X", Label: "In custody"},
		{Code: "Y", Label: "Other accommodation"},
		{Code: "Z", Label: "With former foster carers, staying put (not for a 17-year-old)"},
	}
)

// alwaysUnsuitable are the accommodations the 903 counts only as
// unsuitable (its ACCOM list has S2 and X2, not S1 or X1).
var alwaysUnsuitable = map[string]bool{"S": true, "X": true}

// CareLeaverBirthday is the birthday, 17th to 21st, in the year (so far)
// on which the SSDA903 asks about a care leaver: one who left care before
// it as a care leaver (CareLeaverFollows), and was not looked after again
// by then. The 903 asks nothing of a young person still looked after on
// their birthday, or who left care on or after it (rules 1007 and 1016),
// nor of one whose care ended by death or another council taking over
// (1000, 1011). episodes are the young person's, in order.
func CareLeaverBirthday(dob Date, episodes []CareEpisode, y CollectionYear) (birthday Date, age int, ok bool) {
	if dob.IsZero() || len(episodes) == 0 {
		return Date{}, 0, false
	}
	for n := 17; n <= 21; n++ {
		if b := addMonths(dob, 12*n); y.Contains(b) {
			birthday, age = b, n
		}
	}
	last := episodes[len(episodes)-1]
	if birthday.IsZero() || last.Open() || !last.EndedOn.Before(birthday) {
		return Date{}, 0, false
	}
	return birthday, age, CareLeaverFollows(dob, episodes, last.EndedOn, last.ReasonEnded)
}

// Validate checks the answers about a care leaver whose birthday in the
// year was their age'th. In touch, their activity and accommodation are
// needed (rule 345); not in touch, either may be given when known; for a
// young person who died or went home to their family, neither (344). The
// accommodation needs its suitability, and "with former foster carers"
// is not for a 17-year-old (3001).
func (in *CareLeaverInput) Validate(age int) error {
	var v Validation
	in.Activity, in.Accommodation = strings.TrimSpace(in.Activity), strings.TrimSpace(in.Accommodation)
	if !InTouchCodes.Has(in.InTouch) {
		v.Add("in_touch", "Select whether the council is in touch with them")
		return v.Err()
	}
	switch in.InTouch {
	case "DIED", "RHOM":
		if in.Activity != "" || in.Accommodation != "" || in.Suitable != "" {
			v.Add("activity", "Leave their activity and accommodation empty: the return does not ask them after a death or a return home")
		}
		return v.Err()
	case "YES":
		if in.Activity == "" {
			v.Add("activity", "Select their main activity: the council is in touch with them")
		}
		if in.Accommodation == "" {
			v.Add("accommodation", "Select where they live: the council is in touch with them")
		}
	}
	if in.Activity != "" && !CareLeaverActivities.Has(in.Activity) {
		v.Add("activity", "Select their main activity")
	}
	switch {
	case in.Accommodation == "":
		if in.Suitable != "" {
			v.Add("suitable", "Leave suitability empty when their accommodation is not known")
		}
	case !CareLeaverAccommodations.Has(in.Accommodation):
		v.Add("accommodation", "Select where they live")
	case in.Accommodation == "Z" && age == 17:
		v.Add("accommodation", "Staying put with former foster carers is from 18: select where they live at 17")
	case in.Suitable != "1" && in.Suitable != "2":
		v.Add("suitable", "Select whether their accommodation is suitable")
	case in.Suitable == "1" && alwaysUnsuitable[in.Accommodation]:
		v.Add("suitable", "The return counts "+strings.ToLower(CareLeaverAccommodations.Name(in.Accommodation))+" as unsuitable")
	}
	return v.Err()
}

// ACTIV is the activity as the 903 writes it: its code, or 0 when not
// known or not asked.
func (in *CareLeaverInput) ACTIV() string {
	if in.Activity == "" {
		return "0"
	}
	return in.Activity
}

// ACCOM is the accommodation as the 903 writes it: its code and whether
// it is suitable (U1, S2), or 0 when not known or not asked.
func (in *CareLeaverInput) ACCOM() string {
	if in.Accommodation == "" {
		return "0"
	}
	return in.Accommodation + in.Suitable
}

// Outcomes is the record the answers make.
func (in *CareLeaverInput) Outcomes(caseID string, version int) CareLeaverOutcomes {
	out := CareLeaverOutcomes{CaseID: caseID, CareLeaverInput: *in}
	out.Version = version
	return out
}

// LeaverYear is a collection year in which the 903 asks about a care
// leaver, with their birthday and what is recorded.
type LeaverYear struct {
	Year     CollectionYear
	Birthday Date
	Age      int
	Outcomes *CareLeaverOutcomes
}

// Ordinal is the birthday's number in words: 17th, 21st.
func (l LeaverYear) Ordinal() string {
	if l.Age == 21 {
		return "21st"
	}
	return strconv.Itoa(l.Age) + "th"
}

// LeaverYears are the years, this one so far and the one before, in which
// the 903 asks about the young person as a care leaver, newest first.
func (l LookedAfter) LeaverYears(dob, today Date) []LeaverYear {
	var out []LeaverYear
	for _, y := range []CollectionYear{CollectionYearOn(today).SoFar(today), CollectionYearOn(today).Previous()} {
		b, age, ok := CareLeaverBirthday(dob, l.Episodes, y)
		if !ok {
			continue
		}
		out = append(out, LeaverYear{Year: CollectionYear{StartYear: y.StartYear}, Birthday: b, Age: age, Outcomes: l.LeaverFor(y)})
	}
	return out
}

// LeaverFor is what is recorded for a year, or nil.
func (l LookedAfter) LeaverFor(y CollectionYear) *CareLeaverOutcomes {
	for i := range l.Leaving {
		if l.Leaving[i].Year == y.String() {
			return &l.Leaving[i]
		}
	}
	return nil
}
