package kith

import "fmt"

// Retention: how long a child's case record is kept, by the rules in
// ../shared/reference/uk-landscape.md §2.2 (each cited beside its rule),
// and whether it may be disposed of on a day. These are the rules only:
// the review list, legal holds' storage and two-person disposal are not
// built yet (docs/subject-access.md).

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
	years, rule := p.OtherYears, "%d years after the case closed (council policy)"
	if f.ChildProtection {
		years, rule = p.ChildProtectionYears, "%d years after the case closed (council policy for child protection records)"
	}
	keep(addYears(f.ClosedOn, years), fmt.Sprintf(rule, years))
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
	Reason   string
	PlacedOn Date
	// LiftedOn is when the hold ended; zero while it holds.
	LiftedOn Date
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
