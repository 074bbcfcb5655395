package kith

import (
	"strings"
	"time"
)

// Episode is one referral-to-closure period of a child's case: the census
// calls it a CIN episode ("CINdetails"). A case opens with its first
// episode; closing the case closes it; reopening starts a new one with its
// own referral, and the earlier ones stay as they were.
type Episode struct {
	ID     string `json:"id"`
	CaseID string `json:"case_id"`
	// Number counts the case's episodes from 1.
	Number int `json:"number"`
	// ReferralAt is when the referral (or the contact that became one) was
	// received, date and time.
	ReferralAt time.Time `json:"referral_at"`
	// Source is where the referral came from (census N00152, 1A to 10) and
	// PrimaryNeed the child's main need as the referral has it (N00101,
	// N0 to N9). Episodes moved from before Kith recorded them have none.
	Source      string `json:"referral_source,omitempty"`
	PrimaryNeed string `json:"primary_need,omitempty"`
	// Decision is what was decided about the referral, on DecidedOn; empty
	// while it waits for one.
	Decision  ReferralDecision `json:"decision,omitempty"`
	DecidedOn Date             `json:"decided_on,omitzero"`
	DecidedBy string           `json:"decided_by,omitempty"`
	// ClosedOn and CloseReason (RC1 to RC9) are set when the episode ends.
	ClosedOn    Date   `json:"closed_on,omitzero"`
	CloseReason string `json:"close_reason,omitempty"`
	Version     int    `json:"version"`
}

// Open reports whether the episode has not closed.
func (e Episode) Open() bool { return e.ClosedOn.IsZero() }

// AwaitsDecision reports whether the episode's decision clock is running:
// it is open, its referral was recorded in Kith (it has a source; an
// episode migrated from before Kith recorded referrals has none, and no
// clock) and nothing has been decided yet.
func (e Episode) AwaitsDecision() bool { return e.Open() && e.Decision == "" && e.Source != "" }

// ReferralOn is the council's date the referral was received.
func (e Episode) ReferralOn() Date { return DateOf(e.ReferralAt.In(London)) }

// DecisionDue is when the decision on the referral is due: within one
// working day of receiving it (Working Together to Safeguard Children 2023,
// chapter 3: a social worker "should acknowledge receipt … and make a
// decision about next steps … within one working day").
func (e Episode) DecisionDue(wd WorkingDays) Date {
	return wd.AddWorkingDays(e.ReferralOn(), ReferralDecisionWorkingDays)
}

// ReferralDecisionWorkingDays is how long a decision on a referral may
// take.
const ReferralDecisionWorkingDays = 1

// DecisionLateness is how late the decision was or, while there is none,
// how late it is on today (zero Late when on time or not yet due).
func (e Episode) DecisionLateness(today Date, wd WorkingDays) Lateness {
	due := e.DecisionDue(wd)
	on := e.DecidedOn
	if on.IsZero() {
		on = today
	}
	return JudgeRecord(e.ReferralOn(), due, on, wd)
}

// ReferralDecision is what a referral led to.
type ReferralDecision string

// The decisions on a referral.
const (
	DecisionNoFurtherAction ReferralDecision = "nfa"
	DecisionAssessment      ReferralDecision = "assessment"
	DecisionStrategy        ReferralDecision = "strategy_discussion"
	DecisionEarlyHelp       ReferralDecision = "early_help"
)

// ReferralDecisions lists the decisions in form order.
var ReferralDecisions = []ReferralDecision{DecisionAssessment, DecisionStrategy, DecisionEarlyHelp, DecisionNoFurtherAction}

// Label is the decision in words.
func (d ReferralDecision) Label() string {
	switch d {
	case DecisionNoFurtherAction:
		return "No further action"
	case DecisionAssessment:
		return "Child and family assessment"
	case DecisionStrategy:
		return "Strategy discussion"
	case DecisionEarlyHelp:
		return "Early help"
	}
	return ""
}

// ReferralSources are where referrals come from (N00152), with the
// schema's labels in plain case.
var ReferralSources = CodeList{
	{Code: "1A", Label: "Individual: family member, relative or carer"},
	{Code: "1B", Label: "Individual: acquaintance, including neighbours and child minders"},
	{Code: "1C", Label: "Individual: self"},
	{Code: "1D", Label: "Individual: other, including strangers"},
	{Code: "2A", Label: "Schools"},
	{Code: "2B", Label: "Education services"},
	{Code: "3A", Label: "Health services: GP"},
	{Code: "3B", Label: "Health services: health visitor"},
	{Code: "3C", Label: "Health services: school nurse"},
	{Code: "3D", Label: "Health services: other primary health services"},
	{Code: "3E", Label: "Health services: A&E"},
	{Code: "3F", Label: "Health services: other, for example a hospice"},
	{Code: "4", Label: "Housing: council housing or a housing association"},
	{Code: "5A", Label: "Council services: social care, for example adult social care"},
	{Code: "5B", Label: "Council services: other departments, for example youth justice"},
	{Code: "5C", Label: "Council services: another council's services"},
	{Code: "5D", Label: "Council services: early help"},
	{Code: "6", Label: "Police"},
	{Code: "7", Label: "Other legal agency: courts, probation, immigration, Cafcass or prison"},
	{Code: "8", Label: "Other: children's centres, independent or voluntary organisations"},
	{Code: "9", Label: "Anonymous"},
	{Code: "10", Label: "Unknown"},
}

// PrimaryNeeds are the census's primary need codes (N00101).
var PrimaryNeeds = CodeList{
	{Code: "N1", Label: "Abuse, neglect and exploitation"},
	{Code: "N2", Label: "Child's disability"},
	{Code: "N3", Label: "Parental disability or illness"},
	{Code: "N4", Label: "Family in acute stress"},
	{Code: "N5", Label: "Family dysfunction"},
	{Code: "N6", Label: "Socially unacceptable behaviour"},
	{Code: "N7", Label: "Low income"},
	{Code: "N8", Label: "Absent parenting"},
	{Code: "N9", Label: "Cases other than children in need"},
	{Code: "N0", Label: "Not stated"},
}

// EpisodeReferralInput is the referral to children's social care that starts an episode: when it came, from
// where, and the child's main need.
type EpisodeReferralInput struct {
	ReferralAt  time.Time `json:"referral_at"`
	Source      string    `json:"referral_source"`
	PrimaryNeed string    `json:"primary_need,omitempty"`
	// Version is the episode version the user edited, when correcting the
	// current episode's referral.
	Version int `json:"version,omitempty"`
}

// Clean puts the codes in capitals.
func (in *EpisodeReferralInput) Clean() {
	in.Source = strings.ToUpper(strings.TrimSpace(in.Source))
	in.PrimaryNeed = strings.ToUpper(strings.TrimSpace(in.PrimaryNeed))
}

// Validate checks a referral received no later than now, and not before
// notBefore (the end of the case's previous episode, if any). prefix is put
// before each field name ("referral_" in the reopening form).
func (in *EpisodeReferralInput) Validate(now time.Time, notBefore Date, prefix string) error {
	in.Clean()
	var v Validation
	switch {
	case in.ReferralAt.IsZero():
		v.Add(prefix+"referral_at", "Enter the date and time the referral was received")
	case in.ReferralAt.After(now):
		v.Add(prefix+"referral_at", "The referral must have been received by now")
	case !notBefore.IsZero() && DateOf(in.ReferralAt.In(London)).Before(notBefore):
		v.Add(prefix+"referral_at", "The referral must be on or after "+notBefore.Long()+", when the last episode closed")
	}
	if !ReferralSources.Has(in.Source) {
		v.Add(prefix+"referral_source", "Select where the referral came from")
	}
	if in.PrimaryNeed != "" && !PrimaryNeeds.Has(in.PrimaryNeed) {
		v.Add(prefix+"primary_need", "Select the child's primary need from the list")
	}
	return v.Err()
}

// DecisionInput is the decision on an episode's referral.
type DecisionInput struct {
	Decision  ReferralDecision `json:"decision"`
	DecidedOn Date             `json:"decided_on,omitzero"`
	// PrimaryNeed is required for any decision but no further action
	// (census rule 8610), and may be given here if the referral had none.
	PrimaryNeed string `json:"primary_need,omitempty"`
	Version     int    `json:"version"`
}

// Validate checks a decision on a referral received on referralOn.
func (in *DecisionInput) Validate(today, referralOn Date, hadNeed bool) error {
	in.PrimaryNeed = strings.ToUpper(strings.TrimSpace(in.PrimaryNeed))
	var v Validation
	if in.Decision.Label() == "" {
		v.Add("decision", "Select what was decided")
	}
	switch {
	case in.DecidedOn.IsZero():
		in.DecidedOn = today
	case in.DecidedOn.After(today):
		v.Add("decided_on", "The date of the decision must be today or in the past")
	case in.DecidedOn.Before(referralOn):
		v.Add("decided_on", "The decision must be on or after the referral, "+referralOn.Long())
	}
	switch {
	case in.PrimaryNeed != "" && !PrimaryNeeds.Has(in.PrimaryNeed):
		v.Add("primary_need", "Select the child's primary need from the list")
	case in.PrimaryNeed == "" && !hadNeed && in.Decision != "" && in.Decision != DecisionNoFurtherAction:
		v.Add("primary_need", "Select the child's primary need: the census asks for it unless there is no further action")
	}
	return v.Err()
}

// ClosingProblems says what stops an episode closing: an assessment not
// yet authorised (census rule 8867), or a section 47 enquiry with no
// outcome, or whose outcome was a conference not yet recorded as held
// (rule 8868). The steps are those of the episode.
func ClosingProblems(episodeID string, assessments []Assessment, enquiries []Section47) []string {
	var out []string
	for _, a := range assessments {
		if a.EpisodeID == episodeID && !a.Authorised() {
			out = append(out, "The assessment started on "+a.StartedOn.Long()+" is not authorised: a manager authorises it before the case closes.")
		}
	}
	for _, s := range enquiries {
		switch {
		case s.EpisodeID != episodeID:
		case s.Open() && s.ConferenceOn.IsZero():
			out = append(out, "The section 47 enquiry started on "+s.StartedOn.Long()+" has no outcome: record it before the case closes.")
		case s.AwaitsConference():
			out = append(out, "The section 47 enquiry started on "+s.StartedOn.Long()+" concluded that a conference was needed: record the conference before the case closes.")
		}
	}
	return out
}
