package kith

import (
	"slices"
	"strings"
)

// Assessment is a child and family assessment (under section 17 or 47 of
// the Children Act 1989) within an episode: when it started, the factors it
// identified and the manager's authorisation, which completes and locks it.
// Its write-up is a record on the "assessment" template; this holds the
// items the census returns (its Assessments block).
type Assessment struct {
	ID        string `json:"id"`
	CaseID    string `json:"case_id"`
	EpisodeID string `json:"episode_id"`
	// StartedOn is the assessment's actual start date (N00159).
	StartedOn Date `json:"started_on"`
	// Factors are the factors identified (N00181, 1A to 24A).
	Factors []string `json:"factors"`
	// AuthorisedOn is the manager's authorisation, the assessment's
	// completion (N00160); zero while it is in progress.
	AuthorisedOn Date   `json:"authorised_on,omitzero"`
	AuthorisedBy string `json:"authorised_by,omitempty"`
	// LateReason is why an assessment authorised after its due date took
	// longer.
	LateReason string `json:"late_reason,omitempty"`
	// Due is when it must be authorised by: AssessmentDue from its
	// episode's referral.
	Due     Date `json:"due"`
	Version int  `json:"version"`
}

// Authorised reports whether a manager has authorised the assessment,
// which locks it.
func (a Assessment) Authorised() bool { return !a.AuthorisedOn.IsZero() }

// AssessmentWorkingDays is the longest a child and family assessment may
// take, counted from the referral: "the maximum timeframe for the
// assessment to conclude … should be no longer than 45 working days from
// the point of referral" (Working Together to Safeguard Children 2023,
// chapter 3; census rule 8670Q).
const AssessmentWorkingDays = 45

// AssessmentDue is when an assessment in an episode whose referral was
// received on referralOn must be authorised by.
func AssessmentDue(referralOn Date, wd WorkingDays) Date {
	return wd.AddWorkingDays(referralOn, AssessmentWorkingDays)
}

// Lateness is how late the assessment was authorised or, while it is in
// progress, how late it is on today.
func (a Assessment) Lateness(referralOn, today Date, wd WorkingDays) Lateness {
	on := a.AuthorisedOn
	if on.IsZero() {
		on = today
	}
	return JudgeRecord(referralOn, AssessmentDue(referralOn, wd), on, wd)
}

// NoFactors is the factor code for an assessment that found none; it
// stands alone (census rule 8869).
const NoFactors = "21"

// AssessmentFactors are the factors identified at assessment (N00181),
// grouped as the census groups them, in plain words. 18A and 19A are no
// longer collected (rules 8945Q and 8950Q) and are not offered.
var AssessmentFactors = CodeList{
	{Code: "1A", Label: "Alcohol misuse by the child", Group: "Alcohol misuse"},
	{Code: "1B", Label: "Alcohol misuse by a parent or carer", Group: "Alcohol misuse"},
	{Code: "1C", Label: "Alcohol misuse by another person in the household", Group: "Alcohol misuse"},
	{Code: "2A", Label: "Drug misuse by the child", Group: "Drug misuse"},
	{Code: "2B", Label: "Drug misuse by a parent or carer", Group: "Drug misuse"},
	{Code: "2C", Label: "Drug misuse by another person in the household", Group: "Drug misuse"},
	{Code: "3A", Label: "Domestic abuse: the child is subject to it", Group: "Domestic abuse"},
	{Code: "3B", Label: "Domestic abuse: a parent or carer is subject to it", Group: "Domestic abuse"},
	{Code: "3C", Label: "Domestic abuse: another person in the household is subject to it", Group: "Domestic abuse"},
	{Code: "4A", Label: "Mental health of the child", Group: "Mental health"},
	{Code: "4B", Label: "Mental health of a parent or carer", Group: "Mental health"},
	{Code: "4C", Label: "Mental health of another person in the family or household", Group: "Mental health"},
	{Code: "5A", Label: "The child's learning disability", Group: "Learning disability"},
	{Code: "5B", Label: "A parent's or carer's learning disability", Group: "Learning disability"},
	{Code: "5C", Label: "Learning disability of another person in the family or household", Group: "Learning disability"},
	{Code: "6A", Label: "Physical disability or illness of the child", Group: "Physical disability or illness"},
	{Code: "6B", Label: "Physical disability or illness of a parent or carer", Group: "Physical disability or illness"},
	{Code: "6C", Label: "Physical disability or illness of another person in the family or household", Group: "Physical disability or illness"},
	{Code: "7A", Label: "Young carer", Group: "The child's circumstances"},
	{Code: "9A", Label: "Unaccompanied asylum-seeking child", Group: "The child's circumstances"},
	{Code: "8B", Label: "Privately fostered: from overseas, intending to return", Group: "Privately fostered"},
	{Code: "8C", Label: "Privately fostered: from overseas, intending to stay", Group: "Privately fostered"},
	{Code: "8D", Label: "Privately fostered: UK child in an educational placement", Group: "Privately fostered"},
	{Code: "8E", Label: "Privately fostered: UK child in an alternative family arrangement", Group: "Privately fostered"},
	{Code: "8F", Label: "Privately fostered: other", Group: "Privately fostered"},
	{Code: "10A", Label: "Going or being missing", Group: "Risks outside the home"},
	{Code: "11A", Label: "Child sexual exploitation", Group: "Risks outside the home"},
	{Code: "12A", Label: "Trafficking", Group: "Risks outside the home"},
	{Code: "13A", Label: "Gangs", Group: "Risks outside the home"},
	{Code: "24A", Label: "Child criminal exploitation", Group: "Risks outside the home"},
	{Code: "14A", Label: "Socially unacceptable behaviour", Group: "The child's behaviour"},
	{Code: "15A", Label: "Self-harm", Group: "The child's behaviour"},
	{Code: "16A", Label: "Neglect", Group: "Abuse or neglect"},
	{Code: "17A", Label: "Emotional abuse", Group: "Abuse or neglect"},
	{Code: "18B", Label: "Physical abuse by another child", Group: "Abuse or neglect"},
	{Code: "18C", Label: "Physical abuse by an adult", Group: "Abuse or neglect"},
	{Code: "19B", Label: "Sexual abuse by another child", Group: "Abuse or neglect"},
	{Code: "19C", Label: "Sexual abuse by an adult", Group: "Abuse or neglect"},
	{Code: "22A", Label: "Female genital mutilation (FGM)", Group: "Abuse or neglect"},
	{Code: "23A", Label: "Abuse linked to faith or belief", Group: "Abuse or neglect"},
	{Code: "20", Label: "Other", Group: "Other"},
	{Code: NoFactors, Label: "No factors identified", Group: "Other"},
}

// checkFactors adds a problem with a list of factors to v: each must be on
// the list, once, and "no factors identified" must stand alone.
func checkFactors(v *Validation, factors []string) []string {
	var out []string
	for _, f := range factors {
		f = strings.ToUpper(strings.TrimSpace(f))
		if f == "" || slices.Contains(out, f) {
			continue
		}
		if !AssessmentFactors.Has(f) {
			v.Add("factors", "Select the factors identified from the list")
			return out
		}
		out = append(out, f)
	}
	if slices.Contains(out, NoFactors) && len(out) > 1 {
		v.Add("factors", "Select either the factors identified or ‘No factors identified’, not both")
	}
	return out
}

// AssessmentInput starts an assessment, or changes one not yet authorised.
type AssessmentInput struct {
	StartedOn Date     `json:"started_on"`
	Factors   []string `json:"factors"`
	// Version is the assessment's version the user edited (0 to start one).
	Version int `json:"version,omitempty"`
}

// Validate checks an assessment starting no earlier than the episode's
// referral (census rule 1103) and no later than today.
func (in *AssessmentInput) Validate(today, referralOn Date) error {
	var v Validation
	switch {
	case in.StartedOn.IsZero():
		v.Add("started_on", "Enter the date the assessment started")
	case in.StartedOn.After(today):
		v.Add("started_on", "The assessment’s start date must be today or in the past")
	case in.StartedOn.Before(referralOn):
		v.Add("started_on", "The assessment must start on or after the referral, "+referralOn.Long())
	}
	in.Factors = checkFactors(&v, in.Factors)
	return v.Err()
}

// AuthoriseInput is a manager's authorisation of an assessment: the day,
// the factors as authorised, and why it is late, if it is.
type AuthoriseInput struct {
	AuthorisedOn Date     `json:"authorised_on,omitzero"`
	Factors      []string `json:"factors"`
	LateReason   string   `json:"late_reason,omitempty"`
	Version      int      `json:"version"`
}

// MaxLateReason is the longest reason for lateness, in characters.
const MaxLateReason = 2000

// Validate checks an authorisation of an assessment a that started on its
// start date and is due on due: not before it started, not in the future,
// with the factors identified (rule 8897Q asks for at least one, or "no
// factors identified"), and the reason when it is later than due.
func (in *AuthoriseInput) Validate(today Date, a Assessment, due Date) error {
	in.LateReason = CleanMultiline(in.LateReason)
	var v Validation
	switch {
	case in.AuthorisedOn.IsZero():
		in.AuthorisedOn = today
	case in.AuthorisedOn.After(today):
		v.Add("authorised_on", "The date of authorisation must be today or in the past")
	case in.AuthorisedOn.Before(a.StartedOn):
		v.Add("authorised_on", "An assessment cannot be authorised before it started, on "+a.StartedOn.Long())
	}
	in.Factors = checkFactors(&v, in.Factors)
	if len(in.Factors) == 0 { // kept only if the list had no other problem
		v.Add("factors", "Select the factors identified, or ‘No factors identified’")
	}
	switch {
	case in.AuthorisedOn.After(due) && in.LateReason == "":
		v.Add("late_reason", "Say why the assessment took longer than 45 working days: it was due by "+due.Long())
	case len([]rune(in.LateReason)) > MaxLateReason:
		v.Add("late_reason", "The reason must be 2,000 characters or fewer")
	}
	return v.Err()
}

// FactorLabels are an assessment's factors in words, for a page or a key
// event.
func FactorLabels(codes []string) []string {
	out := make([]string, 0, len(codes))
	for _, c := range codes {
		out = append(out, AssessmentFactors.Label(c))
	}
	return out
}

// AssessmentFor is the assessment a piece of work on day on follows: the
// latest authorised on or before it (seed 001 asks that each session be
// "linked to an up to date assessment and care plan").
func AssessmentFor(all []Assessment, on Date) (Assessment, bool) {
	var best Assessment
	found := false
	for _, a := range all {
		if a.Authorised() && !a.AuthorisedOn.After(on) && (!found || a.AuthorisedOn.After(best.AuthorisedOn)) {
			best, found = a, true
		}
	}
	return best, found
}
