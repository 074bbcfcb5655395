package kith

import "time"

// ReferralOutcome is where a referral to a service ended up. Empty means
// no outcome yet: the referral is waiting for a response.
type ReferralOutcome string

// The outcomes of a referral.
const (
	ReferralAccepted  ReferralOutcome = "accepted"
	ReferralWaiting   ReferralOutcome = "waiting" // accepted onto a waiting list
	ReferralDeclined  ReferralOutcome = "declined"
	ReferralDelivered ReferralOutcome = "delivered"
)

// ReferralOutcomes lists the outcomes in form order.
var ReferralOutcomes = []ReferralOutcome{ReferralAccepted, ReferralWaiting, ReferralDeclined, ReferralDelivered}

// Label is the outcome in words.
func (o ReferralOutcome) Label() string {
	switch o {
	case "":
		return "No response yet"
	case ReferralAccepted:
		return "Accepted"
	case ReferralWaiting:
		return "On a waiting list"
	case ReferralDeclined:
		return "Declined"
	case ReferralDelivered:
		return "Service delivered"
	}
	return string(o)
}

// Valid reports whether o is a known outcome.
func (o ReferralOutcome) Valid() bool {
	for _, x := range ReferralOutcomes {
		if x == o {
			return true
		}
	}
	return false
}

// ChaseMethods are the ways a referral is chased.
var ChaseMethods = []string{"Phone", "Email", "Letter", "In person", "Online portal"}

// A Referral is a referral of the child or family to a service, chased
// until the family gets it (seed 002, advocacy): what was asked for and
// why, what the family wanted and whether they agreed to it, each chase
// and the response, any appointment, and the outcome.
type Referral struct {
	ID            string          `json:"id"`
	CaseID        string          `json:"case_id"`
	CaseReference string          `json:"case_reference"`
	Service       string          `json:"service"`
	Provider      string          `json:"provider"`
	ReferredOn    Date            `json:"referred_on"`
	Reason        string          `json:"reason"`
	FamilyWanted  string          `json:"family_wanted"`
	Consent       Answer          `json:"consent"` // yes, no, not_known
	ConsentNote   string          `json:"consent_note,omitempty"`
	Chases        []Chase         `json:"chases"`
	AppointmentOn Date            `json:"appointment_on,omitzero"`
	Appointment   string          `json:"appointment,omitempty"` // time, place, who
	Outcome       ReferralOutcome `json:"outcome,omitempty"`
	OutcomeOn     Date            `json:"outcome_on,omitzero"`
	OutcomeNote   string          `json:"outcome_note,omitempty"`
	Version       int             `json:"version"`
	CreatedBy     string          `json:"created_by"`
	CreatedAt     time.Time       `json:"created_at"`
	// ChaseDue is when it next needs chasing (zero once it has a response).
	ChaseDue Date `json:"chase_due,omitzero"`
}

// Title names the referral: "Family support (Family Hub)".
func (r *Referral) Title() string {
	if r.Provider == "" {
		return r.Service
	}
	return r.Service + " (" + r.Provider + ")"
}

// Responded reports whether the service has answered: an outcome, an
// appointment, or a chase that got a response.
func (r *Referral) Responded() bool {
	if r.Outcome != "" || !r.AppointmentOn.IsZero() {
		return true
	}
	for _, c := range r.Chases {
		if c.Response != "" {
			return true
		}
	}
	return false
}

// LastContact is the day the referral was made or last chased: what the
// chase clock counts from.
func (r *Referral) LastContact() Date {
	last := r.ReferredOn
	for _, c := range r.Chases {
		if c.On.After(last) {
			last = c.On
		}
	}
	return last
}

// NextChase is when an unanswered referral is due a chase under the
// council's referral clock; ok is false once it has a response.
func (r *Referral) NextChase(c Clock, wd WorkingDays) (Date, bool) {
	if r.Responded() {
		return Date{}, false
	}
	return c.Due(r.LastContact(), wd), true
}

// A Chase is one attempt to get a response to a referral.
type Chase struct {
	ID       string `json:"id"`
	On       Date   `json:"on"`
	How      string `json:"how"`
	Response string `json:"response,omitempty"` // empty: no response yet
	ByName   string `json:"by"`
}

// ReferralInput is a new referral, or changes to its details.
type ReferralInput struct {
	Service      string `json:"service"`
	Provider     string `json:"provider"`
	ReferredOn   Date   `json:"referred_on"`
	Reason       string `json:"reason"`
	FamilyWanted string `json:"family_wanted"`
	Consent      Answer `json:"consent"`
	ConsentNote  string `json:"consent_note,omitempty"`
}

// Clean tidies typed text.
func (in *ReferralInput) Clean() {
	in.Service, in.Provider = CleanText(in.Service), CleanText(in.Provider)
	in.Reason, in.FamilyWanted, in.ConsentNote = CleanMultiline(in.Reason), CleanMultiline(in.FamilyWanted), CleanMultiline(in.ConsentNote)
}

// Check says what a referral is missing: the service, when, why, what the
// family wanted and whether they consented.
func (in ReferralInput) Check(today Date) error {
	var v Validation
	if in.Service == "" {
		v.Add("service", "Enter the service the child or family was referred to")
	}
	CheckLength(&v, "service", "The service", in.Service, MaxShortText)
	CheckLength(&v, "provider", "The provider", in.Provider, MaxShortText)
	switch {
	case in.ReferredOn.IsZero():
		v.Add("referred", "Enter the date of the referral")
	case in.ReferredOn.After(today):
		v.Add("referred", "The date of the referral must be today or in the past")
	}
	if in.Reason == "" {
		v.Add("reason", "Enter why the referral was made")
	}
	CheckLength(&v, "reason", "The reason", in.Reason, MaxLongText)
	if in.FamilyWanted == "" {
		v.Add("family_wanted", "Enter what the family wanted from the referral, in their words")
	}
	CheckLength(&v, "family_wanted", "What the family wanted", in.FamilyWanted, MaxLongText)
	if in.Consent != Yes && in.Consent != No && in.Consent != NotKnown {
		v.Add("consent", "Say whether the family consented to the referral")
	}
	CheckLength(&v, "consent_note", "The note on consent", in.ConsentNote, MaxLongText)
	return v.Err()
}

// ChaseInput records a chase.
type ChaseInput struct {
	On       Date   `json:"on"`
	How      string `json:"how"`
	Response string `json:"response,omitempty"`
	Version  int    `json:"version"` // of the referral
}

// Check says what a chase is missing.
func (in *ChaseInput) Check(r *Referral, today Date) error {
	var v Validation
	in.How, in.Response = CleanText(in.How), CleanMultiline(in.Response)
	switch {
	case in.On.IsZero():
		v.Add("on", "Enter the date you chased the referral")
	case in.On.Before(r.ReferredOn):
		v.Add("on", "The chase cannot be before the referral on "+r.ReferredOn.Long())
	case in.On.After(today):
		v.Add("on", "The date you chased it must be today or in the past")
	}
	if in.How == "" {
		v.Add("how", "Say how you chased it")
	}
	CheckLength(&v, "how", "How", in.How, MaxShortText)
	CheckLength(&v, "response", "The response", in.Response, MaxLongText)
	return v.Err()
}

// OutcomeInput records a referral's outcome and any appointment.
type OutcomeInput struct {
	Outcome       ReferralOutcome `json:"outcome"`
	OutcomeOn     Date            `json:"outcome_on"`
	OutcomeNote   string          `json:"outcome_note,omitempty"`
	AppointmentOn Date            `json:"appointment_on,omitzero"`
	Appointment   string          `json:"appointment,omitempty"`
	Version       int             `json:"version"`
}

// Check says what an outcome is missing: every outcome needs its date,
// and a declined referral needs the reason given.
func (in *OutcomeInput) Check(r *Referral, today Date) error {
	var v Validation
	in.OutcomeNote, in.Appointment = CleanMultiline(in.OutcomeNote), CleanText(in.Appointment)
	if in.Outcome != "" && !in.Outcome.Valid() {
		v.Add("outcome", "Select the outcome of the referral")
	}
	switch {
	case in.Outcome == "" && !in.OutcomeOn.IsZero():
		v.Add("outcome", "Select the outcome the date is for")
	case in.Outcome != "" && in.OutcomeOn.IsZero():
		v.Add("outcome_on", "Enter the date of the outcome")
	case !in.OutcomeOn.IsZero() && in.OutcomeOn.Before(r.ReferredOn):
		v.Add("outcome_on", "The outcome cannot be before the referral on "+r.ReferredOn.Long())
	case in.OutcomeOn.After(today):
		v.Add("outcome_on", "The date of the outcome must be today or in the past")
	}
	if in.Outcome == ReferralDeclined && in.OutcomeNote == "" {
		v.Add("outcome_note", "Say why the referral was declined")
	}
	CheckLength(&v, "outcome_note", "The note on the outcome", in.OutcomeNote, MaxLongText)
	if in.Appointment != "" && in.AppointmentOn.IsZero() {
		v.Add("appointment_on", "Enter the date of the appointment")
	}
	CheckLength(&v, "appointment", "The appointment", in.Appointment, MaxShortText)
	if in.Outcome == "" && in.AppointmentOn.IsZero() {
		v.Add("outcome", "Select the outcome, or enter an appointment")
	}
	return v.Err()
}
