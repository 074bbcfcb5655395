package kith

// Section47 is an enquiry under section 47 of the Children Act 1989 within
// an episode: begun at the strategy discussion that decided on it, ended by
// its outcome, and, where the concerns are substantiated and the child is
// judged at continuing risk of significant harm, followed by an initial
// child protection conference. It holds the census's Section47 items.
type Section47 struct {
	ID        string `json:"id"`
	CaseID    string `json:"case_id"`
	EpisodeID string `json:"episode_id"`
	// StrategyRecordID is the strategy discussion's meeting record, and
	// StartedOn its date: the enquiry's start (N00148).
	StrategyRecordID string `json:"strategy_record_id"`
	StartedOn        Date   `json:"started_on"`
	// ConferenceDue is the initial conference's target date (N00109),
	// ICPCWorkingDays after StartedOn; filled by the store.
	ConferenceDue Date `json:"conference_due"`
	// Outcome is what the enquiry concluded, on ConcludedOn; empty while
	// it goes on. NoConferenceReason says why no conference is needed
	// when the outcome needs none (ICPCnotRequired, N00111).
	Outcome            S47Outcome `json:"outcome,omitempty"`
	ConcludedOn        Date       `json:"concluded_on,omitzero"`
	NoConferenceReason string     `json:"no_conference_reason,omitempty"`
	// ConferenceOn is when the initial child protection conference was
	// held (N00110).
	ConferenceOn Date `json:"conference_on,omitzero"`
	// ConferenceDecision is what the conference decided, and PlanID the
	// child protection plan it started.
	ConferenceDecision ConferenceDecision `json:"conference_decision,omitempty"`
	PlanID             string             `json:"plan_id,omitempty"`
	Version            int                `json:"version"`
}

// ICPCWorkingDays is how soon the initial child protection conference
// follows the strategy discussion: "within 15 working days of the strategy
// discussion, or the strategy discussion at which section 47 enquiries
// were initiated if more than one has been held" (Working Together to
// Safeguard Children 2023, chapter 3; census rule 8675Q).
const ICPCWorkingDays = 15

// ConferenceTarget is the initial conference's target date for an enquiry
// begun at a strategy discussion on strategyOn.
func ConferenceTarget(strategyOn Date, wd WorkingDays) Date {
	return wd.AddWorkingDays(strategyOn, ICPCWorkingDays)
}

// NoConference reports whether the enquiry concluded that no conference is
// needed (the census's ICPCnotRequired).
func (s Section47) NoConference() bool { return s.Outcome != "" && s.Outcome != S47Conference }

// AwaitsConference reports whether the conference clock runs: no
// conference held yet, and none ruled out.
func (s Section47) AwaitsConference() bool { return s.ConferenceOn.IsZero() && !s.NoConference() }

// Open reports whether the enquiry has not concluded.
func (s Section47) Open() bool { return s.Outcome == "" }

// S47Outcome is what a section 47 enquiry concluded.
type S47Outcome string

// The outcomes of a section 47 enquiry, as Working Together 2023 (chapter
// 3, "Outcome of section 47 enquiries") sets them out.
const (
	S47NotSubstantiated S47Outcome = "not_substantiated"
	S47NoContinuingRisk S47Outcome = "substantiated_no_continuing_risk"
	S47Conference       S47Outcome = "conference"
)

// S47Outcomes lists the outcomes in form order.
var S47Outcomes = []S47Outcome{S47Conference, S47NoContinuingRisk, S47NotSubstantiated}

// Label is the outcome in words.
func (o S47Outcome) Label() string {
	switch o {
	case S47NotSubstantiated:
		return "Concerns not substantiated"
	case S47NoContinuingRisk:
		return "Concerns substantiated, but the child is not judged to be at continuing risk of significant harm"
	case S47Conference:
		return "Concerns substantiated and the child is judged to be at continuing risk of significant harm: an initial child protection conference"
	}
	return ""
}

// Section47Input starts an enquiry from the strategy discussion that
// decided on it.
type Section47Input struct {
	StrategyRecordID string `json:"strategy_record_id"`
}

// Validate checks a strategy discussion was chosen.
func (in *Section47Input) Validate() error {
	var v Validation
	if in.StrategyRecordID == "" {
		v.Add("strategy_record_id", "Select the strategy discussion that started the enquiry")
	}
	return v.Err()
}

// S47OutcomeInput is the conclusion of an enquiry.
type S47OutcomeInput struct {
	Outcome            S47Outcome `json:"outcome"`
	ConcludedOn        Date       `json:"concluded_on,omitzero"`
	NoConferenceReason string     `json:"no_conference_reason,omitempty"`
	Version            int        `json:"version"`
}

// Validate checks the conclusion of an enquiry that started on startedOn:
// an outcome from the list, on a day between then and today, with the
// reason when it needs no conference.
func (in *S47OutcomeInput) Validate(today, startedOn Date) error {
	in.NoConferenceReason = CleanMultiline(in.NoConferenceReason)
	var v Validation
	if in.Outcome.Label() == "" {
		v.Add("outcome", "Select what the enquiry concluded")
	}
	switch {
	case in.ConcludedOn.IsZero():
		in.ConcludedOn = today
	case in.ConcludedOn.After(today):
		v.Add("concluded_on", "The date the enquiry concluded must be today or in the past")
	case in.ConcludedOn.Before(startedOn):
		v.Add("concluded_on", "The enquiry must conclude on or after the strategy discussion, "+startedOn.Long())
	}
	switch {
	case in.Outcome != "" && in.Outcome != S47Conference && in.NoConferenceReason == "":
		v.Add("no_conference_reason", "Say why no child protection conference is needed")
	case len([]rune(in.NoConferenceReason)) > MaxLateReason:
		v.Add("no_conference_reason", "The reason must be 2,000 characters or fewer")
	}
	if in.Outcome == S47Conference {
		in.NoConferenceReason = ""
	}
	return v.Err()
}

// ConferenceInput records that the initial child protection conference
// was held.
type ConferenceInput struct {
	HeldOn Date `json:"held_on"`
	// Decision is whether the child is to be the subject of a child
	// protection plan, and Category the category of abuse it is made under.
	Decision ConferenceDecision `json:"decision"`
	Category string             `json:"category,omitempty"`
	Version  int                `json:"version"`
}

// Validate checks a conference held between the strategy discussion that
// started the enquiry (startedOn) and today, with its decision; child is
// the child (nil when not yet known to the caller).
func (in *ConferenceInput) Validate(today, startedOn Date, child *Person) error {
	var v Validation
	in.checkOutcome(&v, child)
	switch {
	case in.HeldOn.IsZero():
		v.Add("held_on", "Enter the date the conference was held")
	case in.HeldOn.After(today):
		v.Add("held_on", "The date of the conference must be today or in the past")
	case in.HeldOn.Before(startedOn):
		v.Add("held_on", "The conference cannot be before the strategy discussion that started the enquiry, on "+startedOn.Long())
	}
	return v.Err()
}

// StrategyDiscussion is a final meeting record of a strategy discussion
// that may start an enquiry.
type StrategyDiscussion struct {
	RecordID string `json:"record_id"`
	Headline string `json:"headline"`
	HeldOn   Date   `json:"held_on"`
}

// StrategyTemplate is the template of meeting records: those of type
// StrategyMeetingType are strategy discussions, and of CoreGroupMeetingType
// core groups.
const (
	StrategyTemplate     = "professionals-meeting"
	StrategyMeetingType  = "strategy_discussion"
	CoreGroupMeetingType = "core_group"
)

// MeetingTypeOf is the type of meeting a meeting record records, or "" for
// any other record.
func MeetingTypeOf(r *Record) string {
	if r.TemplateKey != StrategyTemplate {
		return ""
	}
	return r.Content["meeting_type"].Text
}

// IsStrategyDiscussion reports whether a record is a strategy discussion's
// meeting record.
func IsStrategyDiscussion(r *Record) bool { return MeetingTypeOf(r) == StrategyMeetingType }
