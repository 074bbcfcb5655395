package kith

import (
	"strings"
	"time"
)

// CaseState is whether a case is open to the service.
type CaseState string

// The case states.
const (
	CaseOpen   CaseState = "open"
	CaseClosed CaseState = "closed"
)

// StatusKind is a legal or service status a child can hold for a period;
// the current ones are shown as badges on every case view.
type StatusKind string

// The status kinds.
const (
	StatusEarlyHelp  StatusKind = "early_help"
	StatusCIN        StatusKind = "cin"
	StatusCP         StatusKind = "cp"
	StatusCLA        StatusKind = "cla"
	StatusCareLeaver StatusKind = "care_leaver"
)

// StatusKinds lists the kinds in the order badges appear.
var StatusKinds = []StatusKind{StatusCP, StatusCLA, StatusCIN, StatusCareLeaver, StatusEarlyHelp}

// Badge is the short form shown on the badge.
func (k StatusKind) Badge() string {
	switch k {
	case StatusEarlyHelp:
		return "Early help"
	case StatusCIN:
		return "CIN"
	case StatusCP:
		return "CP"
	case StatusCLA:
		return "CLA"
	case StatusCareLeaver:
		return "Care leaver"
	}
	return string(k)
}

// Label is the status written out, as a family would read it.
func (k StatusKind) Label() string {
	switch k {
	case StatusEarlyHelp:
		return "Early help"
	case StatusCIN:
		return "Child in need"
	case StatusCP:
		return "Child protection plan"
	case StatusCLA:
		return "Child looked after"
	case StatusCareLeaver:
		return "Care leaver"
	}
	return string(k)
}

// Valid reports whether k is a known status.
func (k StatusKind) Valid() bool {
	for _, x := range StatusKinds {
		if x == k {
			return true
		}
	}
	return false
}

// Case is a child open (or once open) to the service: the child, the team
// and worker it is allocated to, its state and status.
type Case struct {
	ID          string       `json:"id"`
	Reference   string       `json:"reference"`
	ChildID     string       `json:"child_id"`
	State       CaseState    `json:"state"`
	OpenedOn    Date         `json:"opened_on"`
	ClosedOn    Date         `json:"closed_on,omitzero"`
	CloseReason string       `json:"close_reason,omitempty"`
	TeamID      string       `json:"team_id"`
	TeamName    string       `json:"team_name"`
	ServiceID   string       `json:"service_id"`
	WorkerID    string       `json:"worker_id,omitempty"`
	WorkerName  string       `json:"worker_name,omitempty"`
	AllocatedAt *time.Time   `json:"allocated_at,omitempty"`
	Restricted  bool         `json:"restricted"`
	Statuses    []StatusKind `json:"statuses"`
	Version     int          `json:"version"`
}

// AccessFacts returns the case's side of the access facts; the actor's side
// (access list, lock-out) is filled in by storage.
func (c *Case) AccessFacts() CaseAccessFacts {
	return CaseAccessFacts{TeamID: c.TeamID, ServiceID: c.ServiceID, WorkerID: c.WorkerID, Restricted: c.Restricted}
}

// Open reports whether the case is open.
func (c *Case) Open() bool { return c.State == CaseOpen }

// CheckOpen refuses changes to a closed case with a message that says what
// to do instead.
func (c *Case) CheckOpen() error {
	if c.State == CaseClosed {
		return Errorf(EINVALID, "This case is closed. A manager must reopen it before anything is added or changed.")
	}
	return nil
}

// CaseSummary is a line in a caseload or search result.
type CaseSummary struct {
	ID          string `json:"id"`
	Reference   string `json:"reference"`
	ChildName   string `json:"child_name"`
	KnownAs     string `json:"known_as,omitempty"`
	DateOfBirth Date   `json:"date_of_birth,omitzero"`
	// ExpectedDateOfBirth is set for an unborn child.
	ExpectedDateOfBirth Date         `json:"expected_date_of_birth,omitzero"`
	State               CaseState    `json:"state"`
	Statuses            []StatusKind `json:"statuses"`
	TeamName            string       `json:"team_name"`
	WorkerName          string       `json:"worker_name,omitempty"`
	AllocatedAt         *time.Time   `json:"allocated_at,omitempty"`
	Restricted          bool         `json:"restricted"`
}

// StatusPeriod is a dated period of one status.
type StatusPeriod struct {
	ID        string     `json:"id"`
	Kind      StatusKind `json:"kind"`
	StartedOn Date       `json:"started_on"`
	EndedOn   Date       `json:"ended_on,omitzero"`
	ByName    string     `json:"by_name"`
}

// Current reports whether the period has not ended.
func (p StatusPeriod) Current() bool { return p.EndedOn.IsZero() }

// AllocationKind says how an allocation period began.
type AllocationKind string

// The allocation kinds.
const (
	AllocationOpened      AllocationKind = "opened"      // case opened, held by the team
	AllocationAllocated   AllocationKind = "allocated"   // a worker allocated to an unallocated case
	AllocationTransferred AllocationKind = "transferred" // moved to another worker or team
	AllocationUnallocated AllocationKind = "unallocated" // worker removed, held by the team
	AllocationReopened    AllocationKind = "reopened"
)

// Allocation is one period of a case being held by a team and (perhaps) a
// worker. The history of allocations is never rewritten.
type Allocation struct {
	ID         string         `json:"id"`
	Kind       AllocationKind `json:"kind"`
	TeamID     string         `json:"team_id"`
	TeamName   string         `json:"team_name"`
	WorkerID   string         `json:"worker_id,omitempty"`
	WorkerName string         `json:"worker_name,omitempty"`
	StartedAt  time.Time      `json:"started_at"`
	EndedAt    *time.Time     `json:"ended_at,omitempty"`
	Reason     string         `json:"reason,omitempty"`
	ByName     string         `json:"by_name"`
}

// KeyEventKind is the kind of a dated key event on a case. The chronology
// starts from these; the first entry is the allocation date (seed 002).
type KeyEventKind string

// The key event kinds recorded by the foundation.
const (
	EventCaseOpened    KeyEventKind = "case_opened"
	EventAllocated     KeyEventKind = "allocated"
	EventTransferred   KeyEventKind = "transferred"
	EventUnallocated   KeyEventKind = "unallocated"
	EventCaseClosed    KeyEventKind = "case_closed"
	EventCaseReopened  KeyEventKind = "case_reopened"
	EventStatusStarted KeyEventKind = "status_started"
	EventStatusEnded   KeyEventKind = "status_ended"
	// EventRecorded is a key event written as a record (a court hearing,
	// a change of placement, an assessment completed).
	EventRecorded KeyEventKind = "recorded"
	// EventPlanStarted and EventPlanEnded mark a child's plan beginning
	// and ending.
	EventPlanStarted KeyEventKind = "plan_started"
	EventPlanEnded   KeyEventKind = "plan_ended"
	// EventReferralReceived and EventReferralDecided are the referral that
	// starts an episode and the decision on it.
	EventReferralReceived KeyEventKind = "referral_received"
	EventReferralDecided  KeyEventKind = "referral_decided"
	// EventAssessmentStarted and EventAssessmentAuthorised are a child and
	// family assessment's start and its authorisation by a manager.
	EventAssessmentStarted    KeyEventKind = "assessment_started"
	EventAssessmentAuthorised KeyEventKind = "assessment_authorised"
	// EventS47Started, EventS47Concluded and EventConferenceHeld are a
	// section 47 enquiry's start at its strategy discussion, its outcome,
	// and the initial child protection conference.
	EventS47Started     KeyEventKind = "s47_started"
	EventS47Concluded   KeyEventKind = "s47_concluded"
	EventConferenceHeld KeyEventKind = "icpc_held"
	// Looked after: the start and end of a period of care, a change of
	// placement or legal status, a review, a missing episode.
	EventCareStarted KeyEventKind = "care_started"
	EventCareChanged KeyEventKind = "care_changed"
	EventCareEnded   KeyEventKind = "care_ended"
	EventCLAReview   KeyEventKind = "cla_review"
	EventMissing     KeyEventKind = "missing"
)

// KeyEvent is a dated event on a case.
type KeyEvent struct {
	ID         string       `json:"id"`
	Kind       KeyEventKind `json:"kind"`
	OccurredAt time.Time    `json:"occurred_at"`
	Summary    string       `json:"summary"`
	ByName     string       `json:"by_name"`
	// FromRecord: a record made it (its summary is the record's headline).
	FromRecord bool `json:"-"`
}

// CloseReason is why a case closed. The codes are the Children in Need
// census closure reasons, so the census return can be made from them.
type CloseReason struct {
	Code  string
	Label string
}

// CloseReasons lists the closure reasons.
var CloseReasons = []CloseReason{
	{"RC1", "Adopted"},
	{"RC2", "Died"},
	{"RC3", "Child arrangements order"},
	{"RC4", "Special guardianship order"},
	{"RC5", "Transferred to services of another local authority"},
	{"RC6", "Transferred to adult social care"},
	{"RC7", "Services ceased for any other reason, including the child no longer being in need"},
	{"RC8", "Case closed after assessment, no further action"},
	{"RC9", "Case closed after assessment, referred to early help"},
}

// CloseReasonLabel returns the label for a code, or the code itself.
func CloseReasonLabel(code string) string {
	for _, r := range CloseReasons {
		if r.Code == code {
			return r.Label
		}
	}
	return code
}

// NewCaseInput is what a practitioner types to open a case for a child.
type NewCaseInput struct {
	Child    PersonInput   `json:"child"`
	TeamID   string        `json:"team_id"`
	OpenedOn Date          `json:"opened_on,omitzero"`
	Status   StatusKind    `json:"status,omitempty"`
	Address  *AddressInput `json:"address,omitempty"`
	// Referral is the referral that opens the case's first episode, if
	// known when the case is opened; it can be recorded afterwards.
	Referral *EpisodeReferralInput `json:"referral,omitempty"`
}

// Validate checks a new case. today is the council's date now.
func (in *NewCaseInput) Validate(today Date) error {
	var v Validation
	in.Child.Clean()
	_ = v.Merge("child_", in.Child.validate(today, true))
	if in.TeamID == "" {
		v.Add("team_id", "Select the team the case will be held by")
	}
	if in.OpenedOn.IsZero() {
		in.OpenedOn = today
	} else if in.OpenedOn.After(today) {
		v.Add("opened_on", "The date the case opened must be today or in the past")
	}
	if in.Status != "" && !in.Status.Valid() {
		v.Add("status", "Select a status from the list")
	}
	if in.Address != nil {
		_ = v.Merge("address_", in.Address.Validate(today))
	}
	return v.Err()
}

// ValidateReferral checks the referral given with a new case, if any, as of
// now.
func (in *NewCaseInput) ValidateReferral(now time.Time) error {
	if in.Referral == nil {
		return nil
	}
	return in.Referral.Validate(now, Date{}, "")
}

// AllocateInput is a manager's allocation or transfer of a case.
type AllocateInput struct {
	TeamID   string `json:"team_id"`
	WorkerID string `json:"worker_id,omitempty"` // empty: held by the team, unallocated
	Reason   string `json:"reason,omitempty"`
	// WorkerChangeReason is why the child's social worker changes (the
	// 903's SW_REASON, WorkerChangeReasons), asked for when a worker is
	// allocated to a case that has had one since its referral.
	WorkerChangeReason string `json:"worker_change_reason,omitempty"`
	// WithoutSummary is a manager's reason to transfer a case that no
	// finalised summary covers up to its last record (audited).
	WithoutSummary string `json:"without_summary,omitempty"`
	// Version is the case version the manager was looking at; if the case
	// has changed since, the allocation is refused rather than overwriting
	// someone else's decision.
	Version int `json:"version"`
}

// Validate checks an allocation.
func (in *AllocateInput) Validate() error {
	in.Reason = CleanMultiline(in.Reason)
	var v Validation
	if in.TeamID == "" {
		v.Add("team_id", "Select a team")
	}
	CheckLength(&v, "reason", "reason", in.Reason, MaxLongText)
	if in.WorkerChangeReason != "" && !WorkerChangeReasons.Has(in.WorkerChangeReason) {
		v.Add("worker_change_reason", "Select why the social worker is changing from the list")
	}
	return v.Err()
}

// CloseInput is a manager's closure of a case.
type CloseInput struct {
	Reason   string `json:"reason"`
	Note     string `json:"note,omitempty"`
	ClosedOn Date   `json:"closed_on,omitzero"`
	// WithoutSummary is a manager's reason to close a case that no
	// finalised summary covers up to its last record (audited).
	WithoutSummary string `json:"without_summary,omitempty"`
	Version        int    `json:"version"`
}

// CloseBounds are the latest things a closure date must not be before,
// beyond the date the case opened.
type CloseBounds struct {
	// ReopenedOn is when the case was last reopened, if it was.
	ReopenedOn Date
	// StatusStartedOn is when the latest current status began, and
	// Status which it is: closing ends current statuses on the closure
	// date, which must not be before they began.
	StatusStartedOn Date
	Status          StatusKind
}

// Validate checks a closure against the case.
func (in *CloseInput) Validate(c *Case, today Date, b CloseBounds) error {
	in.Note = CleanMultiline(in.Note)
	var v Validation
	if CloseReasonLabel(in.Reason) == in.Reason {
		v.Add("reason", "Select the reason the case is closing")
	}
	CheckLength(&v, "note", "note", in.Note, MaxLongText)
	switch {
	case in.ClosedOn.IsZero():
		in.ClosedOn = today
	case in.ClosedOn.After(today):
		v.Add("closed_on", "The date the case closed must be today or in the past")
	case in.ClosedOn.Before(c.OpenedOn):
		v.Add("closed_on", "The date the case closed must be on or after the date it opened, "+c.OpenedOn.Long())
	case in.ClosedOn.Before(b.ReopenedOn):
		v.Add("closed_on", "The date the case closed must be on or after the date it was reopened, "+b.ReopenedOn.Long())
	case in.ClosedOn.Before(b.StatusStartedOn):
		v.Add("closed_on", "The date the case closed must be on or after the date its current "+b.Status.Label()+" status started, "+b.StatusStartedOn.Long())
	}
	return v.Err()
}

// ReopenInput is a manager's reopening of a closed case.
type ReopenInput struct {
	Reason string `json:"reason"`
	// Referral is the new referral that reopens the case: it starts the
	// case's next episode.
	Referral EpisodeReferralInput `json:"referral"`
	Version  int                  `json:"version"`
}

// Validate checks a reopening.
// now is the time now and closedOn the day the case (and its last episode)
// closed: the new referral cannot be before it.
func (in *ReopenInput) Validate(now time.Time, closedOn Date) error {
	in.Reason = CleanMultiline(in.Reason)
	var v Validation
	if in.Reason == "" {
		v.Add("reason", "Enter why the case is being reopened")
	}
	CheckLength(&v, "reason", "reason", in.Reason, MaxLongText)
	_ = v.Merge("", in.Referral.Validate(now, closedOn, ""))
	return v.Err()
}

// StatusInput starts a status period.
type StatusInput struct {
	Kind      StatusKind `json:"kind"`
	StartedOn Date       `json:"started_on,omitzero"`
}

// Validate checks a new status period.
func (in *StatusInput) Validate(c *Case, today Date) error {
	var v Validation
	if !in.Kind.Valid() {
		v.Add("kind", "Select a status")
	}
	switch {
	case in.StartedOn.IsZero():
		in.StartedOn = today
	case in.StartedOn.After(today):
		v.Add("started_on", "The start date must be today or in the past")
	case in.StartedOn.Before(c.OpenedOn):
		v.Add("started_on", "The start date must be on or after the date the case opened, "+c.OpenedOn.Long())
	}
	return v.Err()
}

// EndStatusInput ends a status period.
type EndStatusInput struct {
	EndedOn Date `json:"ended_on,omitzero"`
}

// Reference formats a human case reference: KTH-2026-000123.
func Reference(year, n int) string {
	s := itoa(n)
	if len(s) < 6 {
		s = strings.Repeat("0", 6-len(s)) + s
	}
	return "KTH-" + itoa(year) + "-" + s
}

// NormaliseReference reads a case reference as typed ("kth 2026 123",
// "KTH-2026-000123") and returns the canonical form, or false.
func NormaliseReference(s string) (string, bool) {
	s = strings.ToUpper(strings.TrimSpace(s))
	parts := strings.FieldsFunc(s, func(r rune) bool { return r == '-' || r == ' ' || r == '/' })
	if len(parts) != 3 || parts[0] != "KTH" || len(parts[1]) != 4 || len(parts[2]) > 9 || parts[2] == "" {
		return "", false
	}
	year, n := 0, 0
	for _, r := range parts[1] {
		if r < '0' || r > '9' {
			return "", false
		}
		year = year*10 + int(r-'0')
	}
	for _, r := range parts[2] {
		if r < '0' || r > '9' {
			return "", false
		}
		n = n*10 + int(r-'0')
	}
	if year < 2000 || year > 2999 || n < 1 {
		return "", false
	}
	return Reference(year, n), true
}
