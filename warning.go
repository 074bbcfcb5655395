package kith

import "time"

// WarningKind is the kind of warning shown on a case.
type WarningKind string

// The warning kinds.
const (
	WarnRiskToStaff   WarningKind = "risk_to_staff"
	WarnAnimals       WarningKind = "animals"
	WarnDoNotDisclose WarningKind = "do_not_disclose"
	WarnHealth        WarningKind = "health"
	WarnOther         WarningKind = "other"
)

// WarningKinds lists the kinds in form order.
var WarningKinds = []WarningKind{WarnRiskToStaff, WarnAnimals, WarnDoNotDisclose, WarnHealth, WarnOther}

// Label is the kind as a form shows it.
func (k WarningKind) Label() string {
	switch k {
	case WarnRiskToStaff:
		return "Risk to visiting staff"
	case WarnAnimals:
		return "Animals at the address"
	case WarnDoNotDisclose:
		return "Do not disclose address"
	case WarnHealth:
		return "Health or medical"
	case WarnOther:
		return "Other"
	}
	return ""
}

// Warning is something everyone opening the case must know before they act
// (for example a risk to visiting staff), with the date it must be reviewed
// by. A warning past its review date is shown as overdue for review.
type Warning struct {
	ID         string      `json:"id"`
	Kind       WarningKind `json:"kind"`
	Detail     string      `json:"detail"`
	ReviewOn   Date        `json:"review_on"`
	PersonID   string      `json:"person_id,omitempty"`
	PersonName string      `json:"person_name,omitempty"`
	CreatedAt  time.Time   `json:"created_at"`
	ByName     string      `json:"by_name"`
	EndedOn    Date        `json:"ended_on,omitzero"`
	EndReason  string      `json:"end_reason,omitempty"`
	Version    int         `json:"version"`
}

// Current reports whether the warning is still in force.
func (w Warning) Current() bool { return w.EndedOn.IsZero() }

// ReviewOverdue reports whether the review date has passed.
func (w Warning) ReviewOverdue(today Date) bool { return w.Current() && w.ReviewOn.Before(today) }

// WarningInput is a new or reviewed warning.
type WarningInput struct {
	Kind     WarningKind `json:"kind"`
	Detail   string      `json:"detail"`
	ReviewOn Date        `json:"review_on"`
	PersonID string      `json:"person_id,omitempty"`
	Version  int         `json:"version,omitempty"`
}

// Validate checks a warning. A review date must be set and not in the past:
// a warning with no review becomes stale and is then ignored.
func (in *WarningInput) Validate(today Date) error {
	in.Detail = CleanMultiline(in.Detail)
	var v Validation
	if in.Kind.Label() == "" {
		v.Add("kind", "Select the kind of warning")
	}
	if in.Detail == "" {
		v.Add("detail", "Enter what visitors need to know")
	}
	CheckLength(&v, "detail", "warning", in.Detail, MaxLongText)
	switch {
	case in.ReviewOn.IsZero():
		v.Add("review_on", "Enter the date the warning must be reviewed by")
	case in.ReviewOn.Before(today):
		v.Add("review_on", "The review date must be today or in the future")
	case in.ReviewOn.After(today.AddDays(366 * 2)):
		v.Add("review_on", "The review date must be within 2 years")
	}
	return v.Err()
}
