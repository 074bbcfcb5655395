package kith

import (
	"slices"
	"strings"
	"time"
)

// A chronology is the case's significant events in date order. The
// automatic chronology is read-only and built from the record: every
// allocation, the case's key events (opening, closure, status changes,
// court hearings, placements, plans) and the final records flagged
// significant. Its first entry is the day the case was allocated to its
// first worker (seed 002: "the very first entry should be the day you were
// allocated the case"); anything earlier is shown before it, under its own
// heading, rather than lost. A curated chronology is one a worker builds for
// a purpose from entries of the automatic one and entries from other
// sources, with an analysis of each and of the whole.

// ChronologyCategory is a group of entries a reader can filter by.
type ChronologyCategory string

// The categories.
const (
	ChronAllocation  ChronologyCategory = "allocation"
	ChronCase        ChronologyCategory = "case"
	ChronStatus      ChronologyCategory = "status"
	ChronKeyEvent    ChronologyCategory = "key_event"
	ChronSignificant ChronologyCategory = "significant"
	ChronOther       ChronologyCategory = "other"
)

// ChronologyCategories lists the categories in the order filters offer
// them; entries that happened at the same moment are listed in this order
// too, so a case opened and allocated at once reads opened, then allocated.
var ChronologyCategories = []ChronologyCategory{ChronCase, ChronAllocation, ChronStatus, ChronKeyEvent, ChronSignificant, ChronOther}

var chronologyCategoryLabels = map[ChronologyCategory]string{
	ChronAllocation:  "Allocation and transfer",
	ChronCase:        "Case opened and closed",
	ChronStatus:      "Status and plans",
	ChronKeyEvent:    "Placements, court and other key events",
	ChronSignificant: "Significant records",
	ChronOther:       "Other sources",
}

// Label is the category in words.
func (c ChronologyCategory) Label() string {
	if l, ok := chronologyCategoryLabels[c]; ok {
		return l
	}
	return string(c)
}

// Valid reports whether c is a known category.
func (c ChronologyCategory) Valid() bool { return slices.Contains(ChronologyCategories, c) }

// The entry kinds that are not key event or allocation kinds.
const (
	// EntryRecord is a final record flagged significant.
	EntryRecord = "record"
	// EntryOther is an entry a worker added to a curated chronology from
	// another source (an agency's report, a court document).
	EntryOther = "other"
)

// chronologyKinds files each kind of entry under a category with the words
// the Event column shows. The kinds are the key event kinds, the
// allocation kinds and the two above; a record's event is its template's
// name instead.
var chronologyKinds = map[string]struct {
	Category ChronologyCategory
	Event    string
}{
	string(EventCaseOpened):           {ChronCase, "Case opened"},
	string(EventCaseClosed):           {ChronCase, "Case closed"},
	string(EventCaseReopened):         {ChronCase, "Case reopened"},
	string(EventReferralReceived):     {ChronCase, "Referral received"},
	string(EventReferralDecided):      {ChronCase, "Decision on the referral"},
	string(EventAssessmentStarted):    {ChronCase, "Assessment started"},
	string(EventAssessmentAuthorised): {ChronCase, "Assessment authorised"},
	string(EventS47Started):           {ChronCase, "Section 47 enquiry started"},
	string(EventS47Concluded):         {ChronCase, "Section 47 enquiry concluded"},
	string(EventConferenceHeld):       {ChronCase, "Initial child protection conference"},
	string(EventCareStarted):          {ChronKeyEvent, "Became looked after"},
	string(EventCareChanged):          {ChronKeyEvent, "Change of placement or legal status"},
	string(EventCareEnded):            {ChronKeyEvent, "Stopped being looked after"},
	string(EventCLAReview):            {ChronKeyEvent, "Looked-after review"},
	string(EventMissing):              {ChronKeyEvent, "Missing from care or home"},
	string(AllocationAllocated):       {ChronAllocation, "Allocated"},
	string(AllocationTransferred):     {ChronAllocation, "Transferred"},
	string(AllocationUnallocated):     {ChronAllocation, "Returned to the team"},
	string(EventStatusStarted):        {ChronStatus, "Status started"},
	string(EventStatusEnded):          {ChronStatus, "Status ended"},
	string(EventRecorded):             {ChronKeyEvent, "Key event"},
	EntryRecord:                       {ChronSignificant, "Significant record"},
	EntryOther:                        {ChronOther, "From another source"},
}

// ChronologyKind returns the category of an entry kind and how its event
// reads. A key event kind Kith does not list (one added later, such as a
// plan starting) still shows: its words come from its name ("plan_started"
// reads "Plan started"), and it is filed with status and plans when it is
// about a plan, with the other key events otherwise.
func ChronologyKind(kind string) (ChronologyCategory, string) {
	if k, ok := chronologyKinds[kind]; ok {
		return k.Category, k.Event
	}
	words := strings.Join(strings.FieldsFunc(kind, func(r rune) bool { return r == '_' || r == '-' || r == '.' }), " ")
	if words == "" {
		words = "Event"
	}
	event := strings.ToUpper(words[:1]) + words[1:]
	if strings.HasPrefix(kind, "plan") {
		return ChronStatus, event
	}
	return ChronKeyEvent, event
}

// ChronologyEntry is one line of a chronology.
type ChronologyEntry struct {
	// Ref names where the entry comes from in the automatic chronology
	// ("record:<id>", "event:<id>" or "allocation:<id>"), so a curated
	// chronology can say which entries it has taken; empty for an entry
	// from another source.
	Ref      string             `json:"ref,omitempty"`
	Kind     string             `json:"kind"`
	Category ChronologyCategory `json:"category"`
	// At is when it happened; Date is that day in the council's zone, the
	// date the chronology shows.
	At   time.Time `json:"at"`
	Date Date      `json:"date"`
	// Event is what happened in a few words; Source who recorded it (a
	// record's template and author, or the agency it came from);
	// Description a line about it.
	Event       string `json:"event"`
	Source      string `json:"source"`
	Description string `json:"description"`
	// RecordID is the record the entry comes from, to link to.
	RecordID string `json:"record_id,omitempty"`

	// toWorker: an allocation (or transfer) to a worker, which the
	// chronology can begin with.
	toWorker bool
}

// Fill sets an entry's category and date from its kind and time, and its
// event from its kind when it has none.
func (e *ChronologyEntry) Fill() {
	cat, event := ChronologyKind(e.Kind)
	e.Category = cat
	if e.Event == "" {
		e.Event = event
	}
	e.Date = DateOf(e.At.In(London))
}

// RecordSource is how the source of an entry taken from a record reads:
// the kind of record and who wrote it.
func RecordSource(templateName, author string) string {
	return templateName + " by " + author
}

// RecordedBy is how the source of a key event or an allocation reads: who
// recorded it, or the system when nobody did (a load of old cases).
func RecordedBy(name string) string {
	if name == "" {
		return "Recorded by Kith"
	}
	return "Recorded by " + name
}

// AllocationSummary is how an allocation reads in the key events and the
// chronology.
func AllocationSummary(kind AllocationKind, workerName, teamName string) string {
	switch {
	case kind == AllocationUnallocated:
		return "Returned to " + teamName + ", unallocated"
	case kind == AllocationTransferred && workerName == "":
		return "Transferred to " + teamName + ", unallocated"
	case kind == AllocationTransferred:
		return "Transferred to " + workerName + " in " + teamName
	}
	return "Allocated to " + workerName + " in " + teamName
}

// AllocationEntry is the chronology's entry for an allocation, a transfer
// or a return to the team.
func AllocationEntry(al Allocation) ChronologyEntry {
	desc := AllocationSummary(al.Kind, al.WorkerName, al.TeamName)
	if al.Reason != "" {
		desc += ". " + al.Reason
	}
	e := ChronologyEntry{Ref: "allocation:" + al.ID, Kind: string(al.Kind), At: al.StartedAt, Source: RecordedBy(al.ByName), Description: desc,
		toWorker: al.WorkerID != ""}
	e.Fill()
	return e
}

// Chronology is a case's automatic chronology.
type Chronology struct {
	// FirstAllocatedAt is when the case was first allocated to a worker,
	// where the chronology proper begins, and BeginsWith that allocation's
	// entry; both are empty when it never has been.
	FirstAllocatedAt *time.Time `json:"first_allocated_at,omitempty"`
	BeginsWith       string     `json:"begins_with,omitempty"`
	// BeforeAllocation holds what happened before that (the case opened,
	// a referral recorded while it waited): kept, under its own heading.
	BeforeAllocation []ChronologyEntry `json:"before_allocation"`
	// Entries begins with the first allocation.
	Entries []ChronologyEntry `json:"entries"`
	// Total is the number of entries before any filter.
	Total int `json:"total"`
}

// sortChronology puts entries in date order. Entries at the same moment
// follow the order of ChronologyCategories, so a case opened and allocated
// at once reads opened, then allocated.
func sortChronology(entries []ChronologyEntry) {
	rank := func(e ChronologyEntry) int { return slices.Index(ChronologyCategories, e.Category) }
	slices.SortStableFunc(entries, func(a, b ChronologyEntry) int {
		if c := a.At.Compare(b.At); c != 0 {
			return c
		}
		if c := rank(a) - rank(b); c != 0 {
			return c
		}
		return strings.Compare(a.Ref, b.Ref)
	})
}

// NewChronology puts a case's entries in order and begins the chronology
// at the case's first allocation to a worker (an entry made by
// AllocationEntry of an allocation with a worker). Entries before it go
// before the chronology proper; when the case has never been allocated to
// a worker, every entry does.
func NewChronology(entries []ChronologyEntry) Chronology {
	for i := range entries {
		entries[i].Fill()
	}
	sortChronology(entries)
	ch := Chronology{BeforeAllocation: []ChronologyEntry{}, Entries: []ChronologyEntry{}, Total: len(entries)}
	i := slices.IndexFunc(entries, func(e ChronologyEntry) bool { return e.toWorker })
	if i < 0 {
		ch.BeforeAllocation = append(ch.BeforeAllocation, entries...)
		return ch
	}
	at := entries[i].At
	ch.FirstAllocatedAt, ch.BeginsWith = &at, entries[i].Ref
	ch.BeforeAllocation = append(ch.BeforeAllocation, entries[:i]...)
	ch.Entries = append(ch.Entries, entries[i:]...)
	return ch
}

// ChronologyFilter narrows a chronology to a date range and to some
// categories.
type ChronologyFilter struct {
	From, To   Date
	Categories []ChronologyCategory
}

// Active reports whether the filter narrows anything.
func (f ChronologyFilter) Active() bool {
	return !f.From.IsZero() || !f.To.IsZero() || len(f.Categories) > 0
}

// Check refuses a range that ends before it starts and categories Kith
// does not have.
func (f ChronologyFilter) Check() error {
	var v Validation
	if !f.From.IsZero() && !f.To.IsZero() && f.To.Before(f.From) {
		v.Add("to", "The to date must be the same as or after the from date")
	}
	for _, c := range f.Categories {
		if !c.Valid() {
			v.Add("category", "Select categories from the list")
		}
	}
	return v.Err()
}

// Match reports whether an entry is in the filter's range and categories.
func (f ChronologyFilter) Match(e ChronologyEntry) bool {
	if !f.From.IsZero() && e.Date.Before(f.From) {
		return false
	}
	if !f.To.IsZero() && e.Date.After(f.To) {
		return false
	}
	return len(f.Categories) == 0 || slices.Contains(f.Categories, e.Category)
}

// Filter returns the chronology narrowed by f; where it begins and its
// total stay as they were, so a page can say what it is showing.
func (c Chronology) Filter(f ChronologyFilter) Chronology {
	if !f.Active() {
		return c
	}
	keep := func(es []ChronologyEntry) []ChronologyEntry {
		out := []ChronologyEntry{}
		for _, e := range es {
			if f.Match(e) {
				out = append(out, e)
			}
		}
		return out
	}
	c.BeforeAllocation, c.Entries = keep(c.BeforeAllocation), keep(c.Entries)
	return c
}

// Shown is the number of entries after filtering.
func (c Chronology) Shown() int { return len(c.BeforeAllocation) + len(c.Entries) }

// Find returns the entry with a ref.
func (c Chronology) Find(ref string) (ChronologyEntry, bool) {
	for _, es := range [][]ChronologyEntry{c.BeforeAllocation, c.Entries} {
		for _, e := range es {
			if e.Ref == ref {
				return e, true
			}
		}
	}
	return ChronologyEntry{}, false
}
