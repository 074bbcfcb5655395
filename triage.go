package kith

import (
	"slices"
	"strings"
)

// "My work" is a triage: what must happen today, then what is overdue,
// the work that keeps a child safe first, then what falls due in the
// coming days. The order is a rule (TriageLess) so that a practitioner
// with a hundred things late opens the page on the child protection visit
// that cannot wait, not on the oldest case summary.

// WorkTier is how serious the harm is that a piece of work guards
// against: the first key of My work's order. Lower comes first.
type WorkTier int

// The tiers, most serious first.
const (
	// TierProtection: the child is on a child protection plan, or the
	// work is a record saying harm or injury occurred or a risk was
	// identified.
	TierProtection WorkTier = iota + 1
	// TierLookedAfter: the child is looked after by the council.
	TierLookedAfter
	// TierOther: everything else (children in need, early help, care
	// leavers, cases waiting for a plan).
	TierOther
)

// Name is the tier in words, for the page and the API.
func (t WorkTier) Name() string {
	switch t {
	case TierProtection:
		return "Child protection or harm or risk"
	case TierLookedAfter:
		return "Looked after"
	}
	return "Other"
}

// Protection and LookedAfter name the tiers for pages, which show them
// as tags.
func (t WorkTier) Protection() bool  { return t == TierProtection }
func (t WorkTier) LookedAfter() bool { return t == TierLookedAfter }

// Tier is how serious the item's work is: a child protection plan on the
// case or harm or risk on the item first, then a looked-after child.
func (it WorkItem) Tier() WorkTier {
	switch {
	case it.HarmOrRisk || slices.Contains(it.CaseStatuses, StatusCP):
		return TierProtection
	case slices.Contains(it.CaseStatuses, StatusCLA):
		return TierLookedAfter
	}
	return TierOther
}

// MustHappenToday says whether an item belongs in "Today": it is due
// today, or it is an overdue visit to a child on a child protection plan,
// or an overdue write-up of a record where harm or risk was identified. A
// child at risk of significant harm cannot wait another day to be seen,
// nor the record of the harm to be finished; the rest of what is overdue
// on such a case (a summary, an action) leads the overdue list instead.
func (it WorkItem) MustHappenToday(today Date) bool {
	if it.Due == today {
		return true
	}
	if !it.Due.Before(today) || it.Tier() != TierProtection {
		return false
	}
	return it.HarmOrRisk || it.Kind == ClockVisit
}

// TriageLess is My work's order: the more serious tier first, then the
// later the work the sooner, then the earlier due date, then a late
// write-up before a visit or a summary, then by child. Items not yet due
// are 0 working days late, so among them the soonest due comes first
// within a tier.
func TriageLess(a, b WorkItem) bool {
	if ta, tb := a.Tier(), b.Tier(); ta != tb {
		return ta < tb
	}
	if a.WorkingDaysOverdue != b.WorkingDaysOverdue {
		return a.WorkingDaysOverdue > b.WorkingDaysOverdue
	}
	return dueLess(a, b)
}

// SoonLess is the order of what is coming up: the soonest due first, then
// the more serious tier.
func SoonLess(a, b WorkItem) bool {
	if c := a.Due.Compare(b.Due); c != 0 {
		return c < 0
	}
	if ta, tb := a.Tier(), b.Tier(); ta != tb {
		return ta < tb
	}
	return dueLess(a, b)
}

func dueLess(a, b WorkItem) bool {
	if c := a.Due.Compare(b.Due); c != 0 {
		return c < 0
	}
	if kindOrder[a.Kind] != kindOrder[b.Kind] {
		return kindOrder[a.Kind] < kindOrder[b.Kind]
	}
	if c := strings.Compare(strings.ToLower(a.ChildName), strings.ToLower(b.ChildName)); c != 0 {
		return c < 0
	}
	if a.CaseReference != b.CaseReference {
		return a.CaseReference < b.CaseReference
	}
	return a.Title < b.Title
}

// ChildWork is one child's items in a section of My work, the worst
// first.
type ChildWork struct {
	CaseID        string     `json:"case_id"`
	CaseReference string     `json:"case_reference"`
	ChildName     string     `json:"child_name"`
	WorkerName    string     `json:"worker_name,omitempty"`
	Items         []WorkItem `json:"items"`
}

// Worst is the child's item that comes first by the section's order.
func (g ChildWork) Worst() WorkItem { return g.Items[0] }

// Triage is My work laid out: what must happen today, what else is
// overdue by child, and what is coming up by child.
type Triage struct {
	Today    []WorkItem  `json:"today"`
	Overdue  []ChildWork `json:"overdue"`
	Upcoming []ChildWork `json:"coming_up"`
	// OverdueItems and UpcomingItems count the items in the groups.
	OverdueItems  int `json:"overdue_items"`
	UpcomingItems int `json:"coming_up_items"`
}

// TriageWork lays out w: Today holds what MustHappenToday, in TriageLess
// order; the rest of the overdue items are grouped by child, each group
// in TriageLess order and the groups by their worst items; what is due in
// the coming days is grouped the same way in SoonLess order.
func TriageWork(w Work) Triage {
	t := Triage{Today: []WorkItem{}}
	var overdue, soon []WorkItem
	for _, it := range w.Overdue {
		if it.MustHappenToday(w.Today) {
			t.Today = append(t.Today, it)
		} else {
			overdue = append(overdue, it)
		}
	}
	for _, it := range w.Upcoming {
		if it.MustHappenToday(w.Today) {
			t.Today = append(t.Today, it)
		} else {
			soon = append(soon, it)
		}
	}
	slices.SortStableFunc(t.Today, cmpOf(TriageLess))
	t.Overdue, t.OverdueItems = groupByChild(overdue, TriageLess), len(overdue)
	t.Upcoming, t.UpcomingItems = groupByChild(soon, SoonLess), len(soon)
	return t
}

func cmpOf(less func(a, b WorkItem) bool) func(a, b WorkItem) int {
	return func(a, b WorkItem) int {
		switch {
		case less(a, b):
			return -1
		case less(b, a):
			return 1
		}
		return 0
	}
}

// groupByChild gathers items by case, each case's items and the cases in
// the order less gives.
func groupByChild(items []WorkItem, less func(a, b WorkItem) bool) []ChildWork {
	items = slices.Clone(items)
	slices.SortStableFunc(items, cmpOf(less))
	at := map[string]int{}
	out := []ChildWork{}
	for _, it := range items {
		i, ok := at[it.CaseID]
		if !ok {
			i = len(out)
			at[it.CaseID] = i
			out = append(out, ChildWork{CaseID: it.CaseID, CaseReference: it.CaseReference, ChildName: it.ChildName, WorkerName: it.WorkerName})
		}
		out[i].Items = append(out[i].Items, it)
	}
	return out
}

// WorkKinds are the kinds of work My work can be narrowed to, in the
// order a filter lists them.
var WorkKinds = []ClockKind{WorkJourney, ClockVisit, ClockRecording, ClockSummary, ClockOversight, WorkAction, ClockReferral}

// OnlyWork narrows w to one kind of work (empty: every kind) and one
// child's case, by its reference (empty: every child).
func OnlyWork(w Work, kind ClockKind, caseRef string) Work {
	keep := func(items []WorkItem) []WorkItem {
		out := []WorkItem{}
		for _, it := range items {
			if (kind == "" || it.Kind == kind) && (caseRef == "" || it.CaseReference == caseRef) {
				out = append(out, it)
			}
		}
		return out
	}
	w.Overdue, w.Upcoming = keep(w.Overdue), keep(w.Upcoming)
	return w
}
