package kith

import (
	"fmt"
	"sort"
	"strings"
	"time"
)

// Retention: how long a child's case record is kept, by the rules in
// ../shared/reference/uk-landscape.md §2.2 (each cited beside its rule),
// whether it may be disposed of on a day, and the two-person disposal
// that removes its content and leaves a tombstone (docs/retention.md).

// RetentionFacts are what the rules need to know of a child's case.
type RetentionFacts struct {
	DateOfBirth Date
	// DiedOn is the day the child died, if they did.
	DiedOn Date
	// ClosedOn is the day the case closed; zero while it is open.
	ClosedOn Date
	// LookedAfter: the child was ever looked after (a care leaver too).
	LookedAfter bool
	// AdoptionOrderOn is the day an adoption order was made, if one was.
	AdoptionOrderOn Date
	// ChildProtection: the child was ever subject to a child protection
	// plan.
	ChildProtection bool
}

// RetentionPolicy is what the council sets where no statute does.
type RetentionPolicy struct {
	// ChildProtectionYears after closure for a child who had a child
	// protection plan and was not looked after (no statute; 35 years is
	// the policy upheld in R (C) v Northumberland CC [2015] EWHC 2134).
	ChildProtectionYears int
	// OtherYears after closure for every other case (children in need,
	// contacts and referrals that went no further).
	OtherYears int
}

// DefaultRetentionPolicy is the council policy Kith starts with.
func DefaultRetentionPolicy() RetentionPolicy {
	return RetentionPolicy{ChildProtectionYears: 35, OtherYears: 35}
}

// RetentionDue is how long a case's record is kept and by which rule.
type RetentionDue struct {
	// Open: the case is open, so it is kept; Until is then zero.
	Open bool
	// Until is the last day it must be kept; it may be disposed of the
	// day after.
	Until Date
	// Rule says which rule set Until, in words.
	Rule string
}

// RetentionFor works out how long a case's record is kept: the latest of
// every rule that applies to it, so a record two rules cover is kept for
// the longer.
func RetentionFor(f RetentionFacts, p RetentionPolicy) RetentionDue {
	if f.ClosedOn.IsZero() {
		return RetentionDue{Open: true, Rule: "The case is open"}
	}
	var due RetentionDue
	keep := func(until Date, rule string) {
		if due.Until.IsZero() || until.After(due.Until) {
			due.Until, due.Rule = until, rule
		}
	}
	// Everyone: the council's years after closure.
	years, rule := p.OtherYears, "%s after the case closed (council policy)"
	if f.ChildProtection {
		years, rule = p.ChildProtectionYears, "%s after the case closed (council policy for child protection records)"
	}
	keep(addYears(f.ClosedOn, years), fmt.Sprintf(rule, yearsWord(years)))
	// Looked after: to the 75th anniversary of the child's birth, or 15
	// years from their death if they died before 18 (Care Planning,
	// Placement and Case Review (England) Regulations 2010, regulation 50).
	if f.LookedAfter {
		switch {
		case !f.DiedOn.IsZero() && !f.DateOfBirth.IsZero() && f.DateOfBirth.AgeOn(f.DiedOn) < 18:
			keep(addYears(f.DiedOn, 15), "15 years after the child died (looked after; Care Planning, Placement and Case Review Regulations 2010, reg. 50)")
		case !f.DateOfBirth.IsZero():
			keep(addYears(f.DateOfBirth, 75), "The child’s 75th birthday (looked after; Care Planning, Placement and Case Review Regulations 2010, reg. 50)")
		}
	}
	// Adoption: at least 100 years from the adoption order (Disclosure of
	// Adoption Information (Post-Commencement Adoptions) Regulations 2005,
	// regulation 6).
	if !f.AdoptionOrderOn.IsZero() {
		keep(addYears(f.AdoptionOrderOn, 100), "100 years after the adoption order (Disclosure of Adoption Information Regulations 2005, reg. 6)")
	}
	return due
}

// yearsWord is "1 year" or "n years".
func yearsWord(n int) string {
	if n == 1 {
		return "1 year"
	}
	return fmt.Sprintf("%d years", n)
}

// addYears is the same day n years on; 29 February becomes 1 March in a
// year without one, so a record is never let go a day early.
func addYears(d Date, n int) Date {
	out := Date{Year: d.Year + n, Month: d.Month, Day: d.Day}
	if _, ok := MakeDate(out.Year, int(out.Month), out.Day); !ok {
		return Date{Year: out.Year, Month: 3, Day: 1}
	}
	return out
}

// LegalHold suspends disposal: an inquiry, litigation or a subject access
// request still being answered.
type LegalHold struct {
	// ID is empty for a hold Kith places itself: a subject access request
	// about the case that is still being answered.
	ID       string
	Reason   string
	PlacedOn Date
	PlacedBy string
	// LiftedOn is when the hold ended; zero while it holds.
	LiftedOn   Date
	LiftedBy   string
	LiftReason string
}

// Holds reports whether the hold stands on day.
func (h LegalHold) Holds(day Date) bool {
	return !day.Before(h.PlacedOn) && (h.LiftedOn.IsZero() || day.Before(h.LiftedOn))
}

// DisposalRefusal says why a case's record may not be disposed of on
// today, or "" when it may: it is open, it is still within its retention,
// or a legal hold stands.
func DisposalRefusal(due RetentionDue, holds []LegalHold, today Date) string {
	for _, h := range holds {
		if h.Holds(today) {
			return fmt.Sprintf("A legal hold stands (%s, since %s): nothing under it may be disposed of until it is lifted.", h.Reason, h.PlacedOn.Long())
		}
	}
	switch {
	case due.Open:
		return "The case is open: its record is kept while it is."
	case !today.After(due.Until):
		return fmt.Sprintf("It must be kept until %s: %s.", due.Until.Long(), lowerFirst(due.Rule))
	}
	return ""
}

// CheckDisposalApprover refuses an approval of a disposal by the person
// who proposed it: disposal needs two people.
func CheckDisposalApprover(proposedBy, approvedBy string) error {
	if proposedBy == "" || approvedBy == "" || proposedBy == approvedBy {
		return Errorf(EFORBIDDEN, "Disposal needs two people: someone other than the person who proposed it must approve it.")
	}
	return nil
}

// MayManageRetention reports whether the actor may see what is due for
// disposal, place and lift legal holds, and propose or approve a
// disposal: information governance officers only. Like a subject access
// request, this tells them a case exists and how long it is kept, never
// what it holds.
func MayManageRetention(a Actor) bool { return a.Has(RoleInformationGovernance) }

// Validate checks the council's years: whole years from 1 to 100, and
// never shorter for child protection records than for others.
func (p RetentionPolicy) Validate() error {
	var v Validation
	if p.ChildProtectionYears < 1 || p.ChildProtectionYears > 100 {
		v.Add("child_protection_years", "Enter the years child protection records are kept after closure, from 1 to 100")
	}
	if p.OtherYears < 1 || p.OtherYears > 100 {
		v.Add("other_years", "Enter the years other records are kept after closure, from 1 to 100")
	}
	if v.Err() == nil && p.ChildProtectionYears < p.OtherYears {
		v.Add("child_protection_years", fmt.Sprintf("Child protection records must be kept at least as long as others (%d years)", p.OtherYears))
	}
	return v.Err()
}

// RetentionKind is what kind of record the case is, for the review list
// and the tombstone: the kind whose rule keeps it longest in law first.
func RetentionKind(f RetentionFacts) string {
	switch {
	case !f.AdoptionOrderOn.IsZero():
		return "Adopted"
	case f.LookedAfter:
		return "Looked after"
	case f.ChildProtection:
		return "Child protection"
	}
	return "Child in need or other"
}

// LegalHoldInput places a hold on a case's record.
type LegalHoldInput struct {
	Reason   string `json:"reason"`
	PlacedOn Date   `json:"placed_on"`
}

// Validate checks a hold has its reason and a date no later than today.
func (in *LegalHoldInput) Validate(today Date) error {
	in.Reason = strings.TrimSpace(in.Reason)
	var v Validation
	if in.Reason == "" {
		v.Add("reason", "Enter why the record must be kept (the inquiry, the claim or the request)")
	}
	CheckLength(&v, "reason", "the reason", in.Reason, 500)
	switch {
	case in.PlacedOn.IsZero():
		v.Add("placed_on", "Enter the date the hold starts")
	case in.PlacedOn.After(today):
		v.Add("placed_on", "The hold must start today or earlier")
	}
	return v.Err()
}

// DisposalState is where a proposed disposal stands.
type DisposalState string

const (
	DisposalProposed  DisposalState = "proposed"
	DisposalDisposed  DisposalState = "disposed"
	DisposalCancelled DisposalState = "cancelled"
)

// CaseDisposal is a disposal of a case's record, proposed by one person
// and approved (or turned down) by another. Once disposed it is the
// tombstone: the case's content is gone, and this says who, when, what
// kind of record and under which rule.
type CaseDisposal struct {
	ID            string        `json:"id"`
	CaseReference string        `json:"case_reference"`
	Kind          string        `json:"kind"`
	Rule          string        `json:"rule"`
	KeptUntil     Date          `json:"kept_until"`
	ProposedBy    string        `json:"proposed_by"`
	ProposedAt    time.Time     `json:"proposed_at"`
	ProposalNote  string        `json:"proposal_note,omitempty"`
	State         DisposalState `json:"state"`
	DecidedBy     string        `json:"decided_by,omitempty"`
	DecidedAt     *time.Time    `json:"decided_at,omitempty"`
	DecisionNote  string        `json:"decision_note,omitempty"`
	// Records and Files are how many records (drafts too) and files the
	// disposal removed.
	Records int `json:"records"`
	Files   int `json:"files"`
}

// DisposalDecision is the second person's answer to a proposal.
type DisposalDecision struct {
	// Decision is DisposalApprove or DisposalTurnDown.
	Decision string `json:"decision"`
	Note     string `json:"note"`
}

// The second officer's two answers.
const (
	DisposalApprove  = "approve"
	DisposalTurnDown = "turn_down"
)

// Approves reports whether the decision approves the disposal.
func (in DisposalDecision) Approves() bool { return in.Decision == DisposalApprove }

// Validate asks for one of the two answers, and for why when the
// proposal is turned down.
func (in *DisposalDecision) Validate() error {
	in.Note = strings.TrimSpace(in.Note)
	var v Validation
	switch in.Decision {
	case DisposalApprove:
	case DisposalTurnDown:
		if in.Note == "" {
			v.Add("decision_note", "Enter why the record should not be disposed of")
		}
	default:
		v.Add("decision", "Select whether to approve the disposal or turn it down")
	}
	CheckLength(&v, "decision_note", "the note", in.Note, 1000)
	return v.Err()
}

// LiftHoldInput lifts a legal hold: which, and why.
type LiftHoldInput struct {
	HoldID string `json:"hold"`
	Reason string `json:"lift_reason"`
}

// Validate asks for the hold and the reason.
func (in *LiftHoldInput) Validate() error {
	in.Reason = strings.TrimSpace(in.Reason)
	var v Validation
	if in.HoldID == "" {
		v.Add("hold", "Select the hold to lift")
	}
	if in.Reason == "" {
		v.Add("lift_reason", "Enter why the hold is lifted")
	}
	CheckLength(&v, "lift_reason", "the reason", in.Reason, 500)
	return v.Err()
}

// CaseRetention is a closed case as the review list shows it: how long
// it is kept and why, its holds, and any disposal proposed or made.
type CaseRetention struct {
	CaseID        string        `json:"-"`
	CaseReference string        `json:"case_reference"`
	ChildName     string        `json:"child_name"`
	ClosedOn      Date          `json:"closed_on"`
	Kind          string        `json:"kind"`
	Due           RetentionDue  `json:"due"`
	Holds         []LegalHold   `json:"holds,omitempty"`
	Disposal      *CaseDisposal `json:"disposal,omitempty"`
	// Refusal is why it may not be disposed of today ("" when it may).
	Refusal string `json:"refusal,omitempty"`
}

// HoldsNow are the holds that stand on day.
func (c CaseRetention) HoldsNow(day Date) []LegalHold {
	var out []LegalHold
	for _, h := range c.Holds {
		if h.Holds(day) {
			out = append(out, h)
		}
	}
	return out
}

// SortByDue puts the records longest past their time first (ties by
// reference, open cases last): the order the review list works through.
func SortByDue(cs []CaseRetention) {
	sort.SliceStable(cs, func(i, j int) bool {
		a, b := cs[i].Due, cs[j].Due
		switch {
		case a.Open != b.Open:
			return b.Open
		case a.Until != b.Until:
			return a.Until.Before(b.Until)
		}
		return cs[i].CaseReference < cs[j].CaseReference
	})
}
