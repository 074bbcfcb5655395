package kith

import (
	"cmp"
	"fmt"
	"slices"
	"strings"
	"time"
	"unicode/utf8"
)

// Subject access requests: someone asks for the personal data the council
// holds about them (a care leaver asking for their file, a parent for
// their child's). UK GDPR gives the council one month to answer, which it
// may extend by up to two more months where the request is complex or
// numerous, telling the requester why within the first month.
//
// The month is counted as the Information Commissioner's Office says
// (ico.org.uk, "How long do we have to comply?"): from the day the
// request is received, whether or not a working day, to the corresponding
// calendar date in the next month; the last day of that month when it has
// no such date; and, when that falls on a weekend or a bank holiday, the
// next working day. When the council needs proof of identity, the month
// runs from the day it arrives.

// SARIdentityChecks are how a requester's identity (and, for someone
// asking for another, their authority) was checked.
var SARIdentityChecks = CodeList{
	{Code: "photo_id", Label: "Photo identification seen (passport or driving licence)"},
	{Code: "known", Label: "Known to the service, confirmed by their worker"},
	{Code: "documents", Label: "Documents with their name and address seen"},
	{Code: "authority", Label: "Written authority to act for the subject seen (solicitor, parent with parental responsibility)"},
	{Code: "pending", Label: "Not yet checked: waiting for proof of identity"},
}

// SARRelations are who asked, as they stand to the person whose data it
// is.
var SARRelations = CodeList{
	{Code: "self", Label: "The subject themselves"},
	{Code: "parent", Label: "A parent or carer with parental responsibility"},
	{Code: "representative", Label: "A solicitor or advocate acting for the subject"},
}

// WorkingDayChecker says whether a day is a working day: all the
// subject access clock needs of a calendar.
type WorkingDayChecker interface {
	IsWorkingDay(Date) bool
}

// SARMaxExtensionMonths is the most the month may be extended by.
const SARMaxExtensionMonths = 2

// SubjectAccessRequest is one request, from logging to its answer: what
// was logged and changed (SubjectAccessInput, whose Version is the
// request's), with the child's name and the clock.
type SubjectAccessRequest struct {
	ID string `json:"id"`
	// Reference is the council's reference for it: SAR-2026-0001.
	Reference string `json:"reference"`
	// CaseID is the child's case whose record is asked for; SubjectName is
	// that child's name.
	CaseID      string `json:"case_id"`
	SubjectName string `json:"subject_name"`
	SubjectAccessInput
	LoggedBy string `json:"logged_by"`
	// Clock is the request's deadline as on the day it was read.
	Clock SARClock `json:"clock"`
}

// SARClock is where a request stands against its deadline on a day.
type SARClock struct {
	// Waiting: proof of identity is awaited, so the month has not begun.
	Waiting  bool `json:"waiting,omitzero"`
	Starts   Date `json:"starts,omitzero"`
	FirstDue Date `json:"first_due,omitzero"`
	Due      Date `json:"due,omitzero"`
	// DaysLeft counts the days to the due date while open and in time.
	DaysLeft int    `json:"days_left,omitzero"`
	DaysLate int    `json:"days_late,omitzero"`
	Lateness string `json:"lateness"`
}

// ClockOn works out the request's clock on today.
func (r *SubjectAccessRequest) ClockOn(today Date, wd WorkingDayChecker) SARClock {
	c := SARClock{Waiting: r.Waiting(), FirstDue: r.FirstDue(wd), Due: r.Due(wd), DaysLate: r.DaysLate(today, wd)}
	if !c.Waiting {
		c.Starts = r.ClockStarts()
	}
	if r.Open() && !c.Due.IsZero() && !today.After(c.Due) {
		c.DaysLeft = daysBetween(today, c.Due)
	}
	c.Lateness = SARLateness(c.DaysLate)
	return c
}

// SubjectAccessInput logs or changes a request.
type SubjectAccessInput struct {
	// CaseReference names the child's case (KTH-2026-000123).
	CaseReference       string `json:"case_reference"`
	RequesterName       string `json:"requester_name"`
	Relation            string `json:"relation"`
	ReceivedOn          Date   `json:"received_on"`
	IdentityCheck       string `json:"identity_check"`
	IdentityConfirmedOn Date   `json:"identity_confirmed_on,omitzero"`
	ExtensionMonths     int    `json:"extension_months,omitzero"`
	ExtensionReason     string `json:"extension_reason,omitempty"`
	ExtendedOn          Date   `json:"extended_on,omitzero"`
	// RespondedOn is when the answer was sent; WithdrawnOn when the
	// requester withdrew the request.
	RespondedOn Date   `json:"responded_on,omitzero"`
	WithdrawnOn Date   `json:"withdrawn_on,omitzero"`
	Notes       string `json:"notes,omitempty"`
	// Version is the request's when read, 0 for a new one.
	Version int `json:"version"`
}

// ClockStarts is the day the month runs from: the day the request was
// received, or the later day proof of identity arrived.
func (r *SubjectAccessRequest) ClockStarts() Date {
	if r.IdentityConfirmedOn.After(r.ReceivedOn) {
		return r.IdentityConfirmedOn
	}
	return r.ReceivedOn
}

// Waiting reports whether the clock has not started: identity is still to
// be proved.
func (r *SubjectAccessRequest) Waiting() bool {
	return r.IdentityCheck == "pending" && r.IdentityConfirmedOn.IsZero()
}

// Open reports whether the request is still to be answered.
func (r *SubjectAccessRequest) Open() bool { return r.RespondedOn.IsZero() && r.WithdrawnOn.IsZero() }

// FirstDue is when the answer is due without an extension; Due is when it
// is due with any extension. Both are zero while identity is awaited.
func (r *SubjectAccessRequest) FirstDue(wd WorkingDayChecker) Date {
	if r.Waiting() {
		return Date{}
	}
	return SARDue(r.ClockStarts(), 1, wd)
}

// Due is when the answer is due, counting any extension.
func (r *SubjectAccessRequest) Due(wd WorkingDayChecker) Date {
	if r.Waiting() {
		return Date{}
	}
	return SARDue(r.ClockStarts(), 1+r.ExtensionMonths, wd)
}

// DaysLate is how many calendar days after its due date the request was
// answered, or, while open, is on today; 0 when on time or still in time.
func (r *SubjectAccessRequest) DaysLate(today Date, wd WorkingDayChecker) int {
	due := r.Due(wd)
	if due.IsZero() || !r.WithdrawnOn.IsZero() {
		return 0
	}
	end := today
	if !r.RespondedOn.IsZero() {
		end = r.RespondedOn
	}
	if !end.After(due) {
		return 0
	}
	return daysBetween(due, end)
}

// SARDue is the day an answer is due months calendar months after start,
// as the ICO counts them: the corresponding date (the month's last day
// when it has none), moved to the next working day when it is not one.
// wd should know only weekends and bank holidays: a council's own closure
// days do not move a legal deadline.
func SARDue(start Date, months int, wd WorkingDayChecker) Date {
	y, m := start.Year, start.Month+time.Month(months)
	for m > 12 {
		y, m = y+1, m-12
	}
	last := time.Date(y, m+1, 0, 0, 0, 0, 0, time.UTC).Day()
	due := Date{Year: y, Month: m, Day: min(start.Day, last)}
	for !wd.IsWorkingDay(due) {
		due = due.AddDays(1)
	}
	return due
}

// SARLatenessCount is how many requests in one band of lateness are
// still open and how many were answered.
type SARLatenessCount struct {
	Band           string
	Open, Answered int
}

// CountSARLateness counts requests by how late they are, every band in
// order (empty ones too). Withdrawn requests, and those still waiting for
// proof of identity, are left out: their month ended without an answer,
// or has not begun.
func CountSARLateness(rs []SubjectAccessRequest) []SARLatenessCount {
	out := []SARLatenessCount{{Band: SARLateness(0)}, {Band: SARLateness(1)}, {Band: SARLateness(8)}, {Band: SARLateness(32)}}
	for _, r := range rs {
		if !r.WithdrawnOn.IsZero() || r.Clock.Waiting {
			continue
		}
		for i := range out {
			if out[i].Band != r.Clock.Lateness {
				continue
			}
			if r.Open() {
				out[i].Open++
			} else {
				out[i].Answered++
			}
		}
	}
	return out
}

// SARLateness groups requests by how late they are, for the report of
// requests by lateness.
func SARLateness(daysLate int) string {
	switch {
	case daysLate <= 0:
		return "On time"
	case daysLate <= 7:
		return "Up to a week late"
	case daysLate <= 31:
		return "Up to a month late"
	}
	return "More than a month late"
}

// Validate checks a request as logged or changed. today bounds every day;
// wd finds the month's end, by which an extension must be made.
func (in *SubjectAccessInput) Validate(today Date, wd WorkingDayChecker) error {
	var v Validation
	in.CaseReference = strings.ToUpper(strings.TrimSpace(in.CaseReference))
	in.RequesterName = strings.Join(strings.Fields(in.RequesterName), " ")
	in.Relation, in.IdentityCheck = strings.TrimSpace(in.Relation), strings.TrimSpace(in.IdentityCheck)
	in.ExtensionReason, in.Notes = strings.TrimSpace(in.ExtensionReason), strings.TrimSpace(in.Notes)
	if in.CaseReference == "" {
		v.Add("case_reference", "Enter the case reference of the child whose record is asked for, like KTH-2026-000123")
	} else if _, ok := NormaliseReference(in.CaseReference); !ok {
		v.Add("case_reference", "Enter a case reference like KTH-2026-000123")
	}
	switch n := utf8.RuneCountInString(in.RequesterName); {
	case n == 0:
		v.Add("requester_name", "Enter the name of the person who asked")
	case n > 120:
		v.Add("requester_name", "The requester's name must be 120 characters or fewer")
	}
	if !SARRelations.Has(in.Relation) {
		v.Add("relation", "Select who asked")
	}
	if !SARIdentityChecks.Has(in.IdentityCheck) {
		v.Add("identity_check", "Select how their identity was checked")
	}
	pastDay := func(field, what string, d Date) bool {
		switch {
		case d.After(today):
			v.Add(field, "The date "+what+" cannot be in the future")
		case d.TooEarly():
			v.Add(field, fmt.Sprintf("The date %s must be in %d or later", what, EarliestYear))
		default:
			return true
		}
		return false
	}
	received := false
	if in.ReceivedOn.IsZero() {
		v.Add("received_on", "Enter the date the request was received")
	} else {
		received = pastDay("received_on", "the request was received", in.ReceivedOn)
	}
	if !in.IdentityConfirmedOn.IsZero() && pastDay("identity_confirmed_on", "proof of identity arrived", in.IdentityConfirmedOn) &&
		received && in.IdentityConfirmedOn.Before(in.ReceivedOn) {
		v.Add("identity_confirmed_on", "The date proof of identity arrived must be the same as or after the date the request was received")
	}
	if in.IdentityCheck == "pending" && !in.IdentityConfirmedOn.IsZero() {
		v.Add("identity_check", "Select how their identity was checked, now that proof of identity has arrived")
	}
	r := SubjectAccessRequest{SubjectAccessInput: *in}
	switch {
	case in.ExtensionMonths < 0 || in.ExtensionMonths > SARMaxExtensionMonths:
		v.Add("extension_months", "The month can be extended by 1 or 2 months, no more: three months in all")
	case in.ExtensionMonths == 0:
		if in.ExtensionReason != "" || !in.ExtendedOn.IsZero() {
			v.Add("extension_months", "Select how many months the request is extended by, or take out the reason and date of the extension")
		}
	default:
		if in.ExtensionReason == "" {
			v.Add("extension_reason", "Say why the request needs more time: the requester must be told why")
		} else if utf8.RuneCountInString(in.ExtensionReason) > 2000 {
			v.Add("extension_reason", "The reason must be 2,000 characters or fewer")
		}
		if r.Waiting() {
			v.Add("extension_months", "The month cannot be extended before proof of identity has arrived: its clock has not started")
		} else if in.ExtendedOn.IsZero() {
			v.Add("extended_on", "Enter the date the requester was told of the extension")
		} else if pastDay("extended_on", "of the extension", in.ExtendedOn) && received {
			if first := r.FirstDue(wd); in.ExtendedOn.After(first) {
				v.Add("extended_on", "An extension must be made within the first month, by "+first.Long()+": the answer is already late")
			} else if in.ExtendedOn.Before(in.ReceivedOn) {
				v.Add("extended_on", "The date of the extension must be the same as or after the date the request was received")
			}
		}
	}
	if !in.RespondedOn.IsZero() && !in.WithdrawnOn.IsZero() {
		v.Add("withdrawn_on", "A request is either answered or withdrawn: enter one date, not both")
	}
	if !in.RespondedOn.IsZero() && pastDay("responded_on", "of the answer", in.RespondedOn) && received && in.RespondedOn.Before(in.ReceivedOn) {
		v.Add("responded_on", "The date of the answer must be the same as or after the date the request was received")
	}
	if !in.RespondedOn.IsZero() && r.Waiting() {
		v.Add("responded_on", "Record the proof of identity before the answer")
	}
	if !in.WithdrawnOn.IsZero() && pastDay("withdrawn_on", "it was withdrawn", in.WithdrawnOn) && received && in.WithdrawnOn.Before(in.ReceivedOn) {
		v.Add("withdrawn_on", "The date it was withdrawn must be the same as or after the date the request was received")
	}
	if utf8.RuneCountInString(in.Notes) > 4000 {
		v.Add("notes", "Notes must be 4,000 characters or fewer")
	}
	return v.Err()
}

// MayHandleSubjectAccess reports whether the actor may log and track
// subject access requests: information governance officers only. They
// see that a case exists and whose it is, not what it holds.
func MayHandleSubjectAccess(a Actor) bool { return a.Has(RoleInformationGovernance) }

// SARReference makes a request's reference from the year it was received
// and its number within that year.
func SARReference(year, n int) string { return fmt.Sprintf("SAR-%d-%04d", year, n) }

// SortSubjectAccessRequests puts the most urgent first: open requests by
// their due date, then those awaiting proof of identity, then answered and
// withdrawn ones in the order given (newest first).
func SortSubjectAccessRequests(rs []SubjectAccessRequest) {
	rank := func(r *SubjectAccessRequest) int {
		switch {
		case !r.Open():
			return 2
		case r.Clock.Waiting:
			return 1
		}
		return 0
	}
	slices.SortStableFunc(rs, func(a, b SubjectAccessRequest) int {
		if c := cmp.Compare(rank(&a), rank(&b)); c != 0 || rank(&a) != 0 {
			return c
		}
		return a.Clock.Due.Compare(b.Clock.Due)
	})
}
