package kith

import "sort"

// CaseFacts are the dates a case's clocks count from. Storage keeps them
// current as records are finalised, so no dashboard has to read a case's
// whole running record.
type CaseFacts struct {
	CaseID      string
	AllocatedOn Date                // to the current worker (else the case opened)
	Statuses    map[StatusKind]Date // current statuses and when each began
	PlacementOn Date                // the current placement began (zero if none recorded)

	LastVisit     Date // last visit at which the child was seen
	LastSeen      Date // last record of any kind saying the child was seen
	LastSeenAlone Date
	LastSummary   Date
	LastOversight Date
}

// Dates are the facts' dates, comparable with ==.
func (f CaseFacts) Dates() [6]Date {
	return [6]Date{f.PlacementOn, f.LastVisit, f.LastSeen, f.LastSeenAlone, f.LastSummary, f.LastOversight}
}

// Due is one thing a case needs by a date.
type Due struct {
	ClockKey string    `json:"clock"`
	Name     string    `json:"name"`
	Kind     ClockKind `json:"kind"`
	Due      Date      `json:"due"`
	Anchor   Date      `json:"counted_from"`
	Rule     string    `json:"rule"`
}

// CaseDue lists what a case needs next under each clock that applies to it,
// soonest first. A visit clock counts from the last visit at which the child
// was seen, or from the start of its scope when there has been none since;
// a first-visit clock (anchored on the start or the placement) applies only
// until the first visit after that start, and the clock on the last visit
// waits for it.
func (p Policies) CaseDue(f CaseFacts, wd WorkingDays) []Due {
	var out []Due
	for _, c := range p.Clocks {
		anchor, ok := p.anchorOf(c, f)
		if !ok {
			continue
		}
		rule := c.Rule()
		if (c.Kind == ClockSummary && anchor != f.LastSummary) || (c.Kind == ClockOversight && anchor != f.LastOversight) {
			// None yet since allocation: say what it counts from.
			counted := c
			counted.Anchor = AnchorAllocation
			rule = counted.Rule()
		}
		out = append(out, Due{ClockKey: c.Key, Name: c.Name, Kind: c.Kind, Due: c.Due(anchor, wd), Anchor: anchor, Rule: rule})
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].Due.Before(out[j].Due) })
	return out
}

// anchorOf is the date a clock counts from for this case, and whether the
// clock applies at all.
func (p Policies) anchorOf(c Clock, f CaseFacts) (Date, bool) {
	allocated := f.AllocatedOn
	switch c.Kind {
	case ClockSummary:
		return latest(f.LastSummary, allocated), !allocated.IsZero()
	case ClockOversight:
		return latest(f.LastOversight, allocated), !allocated.IsZero()
	case ClockVisit:
	default:
		return Date{}, false
	}
	start := allocated
	if c.Scope.Status != "" {
		began, holds := f.Statuses[c.Scope.Status]
		if !holds {
			return Date{}, false
		}
		start = began
		if c.Scope.Status == StatusCLA {
			start = latest(start, f.PlacementOn)
		}
	}
	if start.IsZero() {
		return Date{}, false
	}
	visitedSince := !f.LastVisit.IsZero() && !f.LastVisit.Before(start)
	switch c.Anchor {
	case AnchorStart, AnchorPlacement:
		return start, !visitedSince
	case AnchorLastVisit:
		if visitedSince {
			return f.LastVisit, true
		}
		// No visit since the start: a first-visit clock in the same scope
		// covers it if there is one, else this clock counts from the start.
		return start, !p.hasFirstVisitClock(c.Scope.Status)
	}
	return Date{}, false
}

func (p Policies) hasFirstVisitClock(status StatusKind) bool {
	for _, c := range p.Clocks {
		if c.Kind == ClockVisit && c.Scope.Status == status && (c.Anchor == AnchorStart || c.Anchor == AnchorPlacement) {
			return true
		}
	}
	return false
}

func latest(a, b Date) Date {
	if a.After(b) {
		return a
	}
	return b
}
