package kith

import (
	"fmt"
	"strings"
	"unicode/utf8"
)

// What reaches the council about a child before, or instead of, a
// referral to children's social care: contacts to the front door, and
// early help assessments. Ofsted's Annex A lists both (lists 1 and 2).
//
// A contact that becomes a referral is recorded as the referral (the
// episode): Annex A counts every referral as a contact too, so recording
// it twice would count it twice. A contact here is one that went no
// further than the front door: passed to early help, answered with
// information or advice, or closed with no further action.

// ContactOutcomes are what happened to a contact that was not a referral
// to children's social care.
var ContactOutcomes = CodeList{
	{Code: "early_help", Label: "Passed to early help"},
	{Code: "advice", Label: "Information, advice or signposting given"},
	{Code: "nfa", Label: "No further action"},
}

// Contact is a contact to the council's front door about the child that
// did not become a referral.
type Contact struct {
	ID        string `json:"id"`
	CaseID    string `json:"case_id"`
	ContactOn Date   `json:"contact_on"`
	// Source is who made it, from the census's referral sources (N00152).
	Source  string `json:"source"`
	Outcome string `json:"outcome"`
	Version int    `json:"version"`
}

// ContactInput records or corrects a contact.
type ContactInput struct {
	ContactOn Date   `json:"contact_on"`
	Source    string `json:"source"`
	Outcome   string `json:"outcome"`
	// Version is the contact's when read, 0 for a new one.
	Version int `json:"version"`
}

// Validate checks a contact's day (by today), who made it and what came
// of it.
func (in *ContactInput) Validate(today Date) error {
	var v Validation
	in.Source, in.Outcome = strings.TrimSpace(in.Source), strings.TrimSpace(in.Outcome)
	switch {
	case in.ContactOn.IsZero():
		v.Add("contact_on", "Enter the date of the contact")
	case in.ContactOn.After(today):
		v.Add("contact_on", "The date of the contact cannot be in the future")
	case in.ContactOn.TooEarly():
		v.Add("contact_on", fmt.Sprintf("The date of the contact must be in %d or later", EarliestYear))
	}
	if !ReferralSources.Has(in.Source) {
		v.Add("source", "Select who made the contact")
	}
	if !ContactOutcomes.Has(in.Outcome) {
		v.Add("outcome", "Select what happened to the contact")
	}
	return v.Err()
}

// EarlyHelpAssessment is an early help assessment of the child and their
// family: when it began, when it was completed, and who completed it
// (the council's early help team, a school, a health visitor…).
type EarlyHelpAssessment struct {
	ID           string `json:"id"`
	CaseID       string `json:"case_id"`
	StartedOn    Date   `json:"started_on"`
	CompletedOn  Date   `json:"completed_on,omitzero"`
	Organisation string `json:"organisation"`
	Version      int    `json:"version"`
}

// EarlyHelpAssessmentInput records or corrects an early help assessment.
type EarlyHelpAssessmentInput struct {
	StartedOn    Date   `json:"started_on"`
	CompletedOn  Date   `json:"completed_on,omitzero"`
	Organisation string `json:"organisation"`
	// Version is the assessment's when read, 0 for a new one.
	Version int `json:"version"`
}

// MaxOrganisationChars is the longest name of the organisation completing
// an early help assessment.
const MaxOrganisationChars = 120

// Validate checks the assessment began by today and was completed on or
// after it began, by today, and names who completed it.
func (in *EarlyHelpAssessmentInput) Validate(today Date) error {
	var v Validation
	in.Organisation = strings.Join(strings.Fields(in.Organisation), " ")
	switch {
	case in.StartedOn.IsZero():
		v.Add("started_on", "Enter the date the early help assessment started")
	case in.StartedOn.After(today):
		v.Add("started_on", "The date the assessment started cannot be in the future")
	case in.StartedOn.TooEarly():
		v.Add("started_on", fmt.Sprintf("The date the assessment started must be in %d or later", EarliestYear))
	}
	switch {
	case in.CompletedOn.IsZero():
	case in.CompletedOn.After(today):
		v.Add("completed_on", "The date the assessment was completed cannot be in the future")
	case !in.StartedOn.IsZero() && in.CompletedOn.Before(in.StartedOn):
		v.Add("completed_on", "The assessment cannot be completed before it started")
	}
	switch n := utf8.RuneCountInString(in.Organisation); {
	case n == 0:
		v.Add("organisation", "Enter the organisation completing the assessment")
	case n > MaxOrganisationChars:
		v.Add("organisation", "The organisation's name must be 120 characters or fewer")
	}
	return v.Err()
}
