package kith

import (
	"fmt"
	"slices"
	"strings"
	"time"
)

// The timeliness clocks. The guidance sets them (record within 5 working
// days, visit a child on a plan every 10 working days, summarise every 3
// months); councils vary them. Each clock is data: an anchor event, an
// offset, a unit and a scope. Kith ships the defaults below and a council
// changes them as an administrator; a change applies from the day it is
// made and never rewrites how a final record was judged, because each final
// record keeps the deadline that applied to it.

// WorkingDays is what the clocks need from a calendar. The calendar package
// provides it for a nation and a council's closure days.
type WorkingDays interface {
	IsWorkingDay(Date) bool
	AddWorkingDays(Date, int) Date
	WorkingDaysBetween(from, to Date) int
}

// ClockKind is what a clock is for.
type ClockKind string

// The kinds of clock.
const (
	ClockRecording ClockKind = "recording" // write up a contact or event
	ClockVisit     ClockKind = "visit"     // see the child
	ClockSummary   ClockKind = "summary"   // write a case summary
	ClockOversight ClockKind = "oversight" // record a supervision or case discussion
	ClockReferral  ClockKind = "referral"  // chase a referral that has had no response
)

var clockKinds = []ClockKind{ClockRecording, ClockVisit, ClockSummary, ClockOversight, ClockReferral}

// ClockAnchor is the event a clock counts from.
type ClockAnchor string

// The anchors.
const (
	// AnchorEvent is when the contact or event a record is about happened.
	AnchorEvent ClockAnchor = "event"
	// AnchorLastVisit is the last visit at which the child was seen; before
	// the first one, the start of the clock's scope.
	AnchorLastVisit ClockAnchor = "last_visit"
	// AnchorStart is when the scope began: the status (a child protection
	// plan, becoming a care leaver) or, for any open case, the allocation.
	// A visit clock anchored here is the first visit, due once; the clock on
	// the last visit takes over after it.
	AnchorStart ClockAnchor = "start"
	// AnchorPlacement is the start of the child's current placement: the
	// latest "change of placement" or "became looked after" key event, else
	// the start of the looked-after status. A new placement restarts it.
	AnchorPlacement ClockAnchor = "placement"
	// AnchorAllocation is when the case was allocated to its worker.
	AnchorAllocation ClockAnchor = "allocation"
	// AnchorLastSummary is the last case summary, or the allocation.
	AnchorLastSummary ClockAnchor = "last_summary"
	// AnchorLastOversight is the last recorded supervision or case
	// discussion, or the allocation.
	AnchorLastOversight ClockAnchor = "last_oversight"
	// AnchorLastChase is when a referral was made or, once it has been
	// chased without a response, the last chase.
	AnchorLastChase ClockAnchor = "last_chase"
)

var clockAnchors = map[ClockKind][]ClockAnchor{
	ClockRecording: {AnchorEvent},
	ClockVisit:     {AnchorLastVisit, AnchorStart, AnchorPlacement},
	ClockSummary:   {AnchorLastSummary, AnchorAllocation},
	ClockOversight: {AnchorLastOversight, AnchorAllocation},
	ClockReferral:  {AnchorLastChase},
}

// ClockUnit is what a clock's offset counts.
type ClockUnit string

// The units.
const (
	UnitWorkingDays  ClockUnit = "working_days"
	UnitCalendarDays ClockUnit = "calendar_days"
	UnitWeeks        ClockUnit = "weeks"
	UnitMonths       ClockUnit = "months"
	// UnitCalendarMonths is due by the end of the calendar month offset
	// months after the anchor's: "a visit every calendar month" is due by
	// the end of the month after the last one.
	UnitCalendarMonths ClockUnit = "calendar_months"
)

var clockUnits = []ClockUnit{UnitWorkingDays, UnitCalendarDays, UnitWeeks, UnitMonths, UnitCalendarMonths}

// Label is the unit as a sentence would say it, for n of them.
func (u ClockUnit) Label(n int) string {
	words := map[ClockUnit]string{
		UnitWorkingDays: "working day", UnitCalendarDays: "day", UnitWeeks: "week",
		UnitMonths: "month", UnitCalendarMonths: "calendar month",
	}
	w := words[u]
	if n != 1 {
		w += "s"
	}
	return fmt.Sprintf("%d %s", n, w)
}

// ClockScope narrows a clock to some cases or records. Empty fields match
// everything.
type ClockScope struct {
	// Status: only cases holding this status (visit clocks).
	Status StatusKind `json:"status,omitempty"`
	// Templates: only records on these templates (recording clocks).
	Templates []string `json:"templates,omitempty"`
	// Section and Values: only records whose Section answer is one of
	// Values, e.g. a meeting whose type is a strategy discussion.
	Section string   `json:"section,omitempty"`
	Values  []string `json:"values,omitempty"`
	// Risk: only records that say harm or injury occurred or a risk was
	// identified.
	Risk bool `json:"risk,omitempty"`
}

// Clock is one timeliness rule.
type Clock struct {
	Key    string      `json:"key"`
	Name   string      `json:"name"`
	Kind   ClockKind   `json:"kind"`
	Anchor ClockAnchor `json:"anchor"`
	Offset int         `json:"offset"`
	Unit   ClockUnit   `json:"unit"`
	Scope  ClockScope  `json:"scope"`
}

// Rule says the clock in words: "5 working days after the event".
func (c Clock) Rule() string {
	after := map[ClockAnchor]string{
		AnchorEvent: "the event", AnchorLastVisit: "the last visit", AnchorStart: "it starts",
		AnchorPlacement: "the placement starts", AnchorAllocation: "allocation",
		AnchorLastSummary: "the last summary", AnchorLastOversight: "the last supervision or case discussion",
		AnchorLastChase: "the referral or its last chase, with no response",
	}[c.Anchor]
	if c.Unit == UnitCalendarMonths {
		if c.Offset == 1 {
			return "by the end of the calendar month after the month of " + after
		}
		return fmt.Sprintf("by the end of the calendar month %d months after the month of %s", c.Offset, after)
	}
	return fmt.Sprintf("%s after %s", c.Unit.Label(c.Offset), after)
}

// Due is the date a clock anchored on anchor falls due: the whole of that
// day is in time.
func (c Clock) Due(anchor Date, wd WorkingDays) Date {
	switch c.Unit {
	case UnitWorkingDays:
		return wd.AddWorkingDays(anchor, c.Offset)
	case UnitCalendarDays:
		return anchor.AddDays(c.Offset)
	case UnitWeeks:
		return anchor.AddDays(7 * c.Offset)
	case UnitMonths:
		return addMonths(anchor, c.Offset)
	case UnitCalendarMonths:
		first := time.Date(anchor.Year, anchor.Month+time.Month(c.Offset)+1, 1, 12, 0, 0, 0, time.UTC)
		return DateOf(first.AddDate(0, 0, -1))
	}
	return anchor
}

// addMonths moves n months on, keeping to the last day of a shorter month:
// a month after 31 January is 28 (or 29) February, not 3 March.
func addMonths(d Date, n int) Date {
	first := time.Date(d.Year, d.Month+time.Month(n), 1, 12, 0, 0, 0, time.UTC)
	last := first.AddDate(0, 1, -1).Day()
	return Date{Year: first.Year(), Month: first.Month(), Day: min(d.Day, last)}
}

// Policies are a council's clocks and what counts towards them.
type Policies struct {
	Clocks []Clock `json:"clocks"`
	// VisitTemplates are the records that count as a visit when they say
	// the child was seen.
	VisitTemplates []string `json:"visit_templates"`
	// OversightTemplates are the records that count as management
	// oversight: a supervision, case discussion or management decision.
	OversightTemplates []string `json:"oversight_templates"`
	// SummaryTemplates are the records that count as a case summary.
	SummaryTemplates []string `json:"summary_templates,omitempty"`
	// Placement is the record that starts a new placement (and restarts
	// the looked-after visit clock): a template and the answers that say so.
	Placement ClockScope `json:"placement"`
}

// DefaultPolicies are the clocks of the practice guidance (PRODUCT.md).
func DefaultPolicies() Policies {
	return Policies{
		Clocks: []Clock{
			{Key: "recording", Name: "Record a contact or event", Kind: ClockRecording, Anchor: AnchorEvent, Offset: 5, Unit: UnitWorkingDays},
			{Key: "recording-risk", Name: "Record where harm or risk is identified", Kind: ClockRecording, Anchor: AnchorEvent, Offset: 1, Unit: UnitWorkingDays, Scope: ClockScope{Risk: true}},
			{Key: "recording-home-visit", Name: "Write up a home visit", Kind: ClockRecording, Anchor: AnchorEvent, Offset: 2, Unit: UnitWorkingDays, Scope: ClockScope{Templates: []string{"home-visit"}}},
			{Key: "recording-strategy", Name: "Record a strategy discussion", Kind: ClockRecording, Anchor: AnchorEvent, Offset: 1, Unit: UnitCalendarDays,
				Scope: ClockScope{Templates: []string{"professionals-meeting"}, Section: "meeting_type", Values: []string{"strategy_discussion"}}},
			{Key: "recording-into-care", Name: "Record a child coming into care", Kind: ClockRecording, Anchor: AnchorEvent, Offset: 1, Unit: UnitCalendarDays,
				Scope: ClockScope{Templates: []string{"key-event"}, Section: "event_type", Values: []string{"became_looked_after"}}},
			{Key: "visit-monthly", Name: "Home visit", Kind: ClockVisit, Anchor: AnchorLastVisit, Offset: 1, Unit: UnitCalendarMonths},
			{Key: "visit-cp", Name: "Child protection visit", Kind: ClockVisit, Anchor: AnchorLastVisit, Offset: 10, Unit: UnitWorkingDays, Scope: ClockScope{Status: StatusCP}},
			{Key: "visit-cla-placement", Name: "First visit in a new placement", Kind: ClockVisit, Anchor: AnchorPlacement, Offset: 1, Unit: UnitWeeks, Scope: ClockScope{Status: StatusCLA}},
			{Key: "visit-cla", Name: "Looked-after child visit", Kind: ClockVisit, Anchor: AnchorLastVisit, Offset: 6, Unit: UnitWeeks, Scope: ClockScope{Status: StatusCLA}},
			{Key: "visit-care-leaver-first", Name: "First care leaver visit", Kind: ClockVisit, Anchor: AnchorStart, Offset: 7, Unit: UnitCalendarDays, Scope: ClockScope{Status: StatusCareLeaver}},
			{Key: "visit-care-leaver", Name: "Care leaver visit", Kind: ClockVisit, Anchor: AnchorLastVisit, Offset: 2, Unit: UnitMonths, Scope: ClockScope{Status: StatusCareLeaver}},
			{Key: "summary", Name: "Case summary", Kind: ClockSummary, Anchor: AnchorLastSummary, Offset: 3, Unit: UnitMonths},
			{Key: "oversight", Name: "Management oversight", Kind: ClockOversight, Anchor: AnchorLastOversight, Offset: 2, Unit: UnitMonths},
			{Key: "referral-chase", Name: "Chase a referral", Kind: ClockReferral, Anchor: AnchorLastChase, Offset: 10, Unit: UnitWorkingDays},
		},
		VisitTemplates:     []string{"home-visit"},
		OversightTemplates: []string{"supervision", "case-discussion", "management-decision"},
		SummaryTemplates:   []string{"case-summary"},
		Placement: ClockScope{Templates: []string{"key-event"}, Section: "event_type",
			Values: []string{"placement_change", "became_looked_after"}},
	}
}

// Check refuses a policy that cannot be applied, naming the clock and what
// is wrong with it, every problem at once, each against the clock's field
// ("clock.<key>.offset", ".unit", ".anchor", ".kind", ".scope", ".key",
// ".name"); the policy in force stays until a good one is saved.
func (p Policies) Check() error {
	v := &Validation{}
	seen := map[string]bool{}
	recording := false
	for i, c := range p.Clocks {
		field := func(part string) string { return "clock." + c.Key + "." + part }
		name := "“" + c.Name + "”"
		if strings.TrimSpace(c.Name) == "" {
			name = fmt.Sprintf("clock %d", i+1)
			v.Add(field("name"), "Enter a name for "+name)
		}
		switch {
		case c.Key == "":
			v.Add(field("key"), name+": enter a key")
		case seen[c.Key]:
			v.Add(field("key"), fmt.Sprintf("%s: the key %q is used twice", name, c.Key))
		}
		seen[c.Key] = true
		switch {
		case !slices.Contains(clockKinds, c.Kind):
			v.Add(field("kind"), fmt.Sprintf("%s: %q is not a kind of clock (use recording, visit, summary, oversight or referral)", name, c.Kind))
		case !slices.Contains(clockAnchors[c.Kind], c.Anchor):
			v.Add(field("anchor"), fmt.Sprintf("%s: a %s clock cannot count from %q", name, c.Kind, c.Anchor))
		}
		if !slices.Contains(clockUnits, c.Unit) {
			v.Add(field("unit"), fmt.Sprintf("%s: %q is not a unit (use working_days, calendar_days, weeks, months or calendar_months)", name, c.Unit))
		}
		switch {
		case c.Offset <= 0:
			v.Add(field("offset"), "The time allowed for "+name+" must be more than zero")
		case c.Offset > MaxClockOffset:
			v.Add(field("offset"), fmt.Sprintf("The time allowed for %s must be at most %d", name, MaxClockOffset))
		}
		switch {
		case c.Scope.Status != "" && !c.Scope.Status.Valid():
			v.Add(field("scope"), fmt.Sprintf("%s: %q is not a case status", name, c.Scope.Status))
		case (c.Scope.Section == "") != (len(c.Scope.Values) == 0):
			v.Add(field("scope"), name+": a scope by answer needs both the section and the answers")
		case c.Kind != ClockRecording && (len(c.Scope.Templates) > 0 || c.Scope.Section != "" || c.Scope.Risk):
			v.Add(field("scope"), name+": only a recording clock can be narrowed to templates, answers or risk")
		case c.Kind == ClockRecording && c.Scope.Status != "":
			v.Add(field("scope"), name+": a recording clock cannot be narrowed to a case status")
		}
		if c.Kind == ClockRecording && c.Scope.isEmpty() {
			recording = true
		}
	}
	if s := p.Placement; (s.Section == "") != (len(s.Values) == 0) || s.Status != "" || s.Risk {
		v.Add("placement", "The record that starts a placement needs a template, a section and its answers")
	}
	if !recording {
		v.Add("clocks", "Keep one recording clock that applies to every record (the 5 working days of the guidance)")
	}
	return v.Err()
}

// WithNewKinds adds the default clocks of any kind the policies have no
// clock of: a kind Kith gained after the council last saved its clocks
// (chasing referrals) starts at the guidance's default rather than never.
func (p Policies) WithNewKinds() Policies {
	have := map[ClockKind]bool{}
	for _, c := range p.Clocks {
		have[c.Kind] = true
	}
	for _, c := range DefaultPolicies().Clocks {
		if !have[c.Kind] {
			p.Clocks = append(p.Clocks, c)
		}
	}
	return p
}

// ReferralClock is the clock that says when an unanswered referral is due
// a chase.
func (p Policies) ReferralClock() (Clock, bool) {
	for _, c := range p.WithNewKinds().Clocks {
		if c.Kind == ClockReferral {
			return c, true
		}
	}
	return Clock{}, false
}

// MaxClockOffset is the most a clock can allow: a year of days.
const MaxClockOffset = 366

func (s ClockScope) isEmpty() bool {
	return s.Status == "" && len(s.Templates) == 0 && s.Section == "" && !s.Risk
}

// RecordFacts are what the recording clocks look at.
type RecordFacts struct {
	TemplateKey string
	Answers     map[string]string // choice and yes/no answers by section key
	Risk        bool
	Event       Date // the day the contact or event happened, in the council's zone
}

// RecordingDeadline is the deadline a record must be final by: the
// strictest of the recording clocks that apply to it, and which one that
// was. ok is false when the record has no event date.
type RecordingDeadline struct {
	Due      Date   `json:"due"`
	ClockKey string `json:"clock"`
	Rule     string `json:"rule"`
}

// RecordingDeadline returns the strictest recording clock for a record.
func (p Policies) RecordingDeadline(r RecordFacts, wd WorkingDays) (RecordingDeadline, bool) {
	if r.Event.IsZero() {
		return RecordingDeadline{}, false
	}
	var best RecordingDeadline
	for _, c := range p.Clocks {
		if c.Kind != ClockRecording || !c.Scope.matchesRecord(r) {
			continue
		}
		due := c.Due(r.Event, wd)
		if best.Due.IsZero() || due.Before(best.Due) {
			best = RecordingDeadline{Due: due, ClockKey: c.Key, Rule: c.Name + ": " + c.Rule()}
		}
	}
	return best, !best.Due.IsZero()
}

func (s ClockScope) matchesRecord(r RecordFacts) bool {
	if len(s.Templates) > 0 && !slices.Contains(s.Templates, r.TemplateKey) {
		return false
	}
	if s.Section != "" && !slices.Contains(s.Values, r.Answers[s.Section]) {
		return false
	}
	return !s.Risk || r.Risk
}

// Lateness is how a final record stood against its deadline: the working
// days from the event to finalising it, and how many of those were past the
// deadline (0 when on time).
//
// A deadline ends with its day. A record finalised on a day that is not a
// working day (a weekend, a bank holiday, a closure day) is counted as if
// finalised on the next working day: "n working days late" means the
// deadline would have had to be n working days later for the record to be
// on time. So a record due on Friday and finalised on Saturday is 1 working
// day late (not "on time", which the weekend would otherwise make it), and
// one due on Wednesday is 3 working days late whether it is finalised on
// Saturday, Sunday or Monday.
type Lateness struct {
	Taken int `json:"working_days_taken"`
	Late  int `json:"working_days_late"`
}

// JudgeRecord measures a record finalised on finalised against its deadline.
func JudgeRecord(event, due, finalised Date, wd WorkingDays) Lateness {
	counted := finalised
	if !wd.IsWorkingDay(counted) {
		counted = wd.AddWorkingDays(counted, 1)
	}
	var l Lateness
	if finalised.After(event) {
		l.Taken = max(0, wd.WorkingDaysBetween(event, counted))
	}
	if finalised.After(due) {
		l.Late = max(0, wd.WorkingDaysBetween(due, counted))
	}
	return l
}

// OnTime reports whether the record was final by its deadline.
func (l Lateness) OnTime() bool { return l.Late == 0 }

// Describe says it as the record shows it: "Recorded 3 working days late".
func (l Lateness) Describe() string {
	switch l.Late {
	case 0:
		return "Recorded on time"
	case 1:
		return "Recorded 1 working day late"
	}
	return fmt.Sprintf("Recorded %d working days late", l.Late)
}
