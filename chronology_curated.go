package kith

import (
	"slices"
	"time"
)

// ChronologyPurpose is what a curated chronology is built for.
type ChronologyPurpose string

// The purposes.
const (
	PurposeConference ChronologyPurpose = "conference"
	PurposeCourt      ChronologyPurpose = "court"
	PurposeTransfer   ChronologyPurpose = "transfer"
	PurposeOther      ChronologyPurpose = "other"
)

// ChronologyPurposes lists the purposes in the order forms offer them.
var ChronologyPurposes = []ChronologyPurpose{PurposeConference, PurposeCourt, PurposeTransfer, PurposeOther}

// Label is the purpose in words.
func (p ChronologyPurpose) Label() string {
	switch p {
	case PurposeConference:
		return "A child protection conference or review"
	case PurposeCourt:
		return "Court proceedings"
	case PurposeTransfer:
		return "A transfer to another worker, team or council"
	case PurposeOther:
		return "Something else"
	}
	return string(p)
}

// Valid reports whether p is a known purpose.
func (p ChronologyPurpose) Valid() bool { return slices.Contains(ChronologyPurposes, p) }

// ChronologyStatus is whether a curated chronology is still being built.
type ChronologyStatus string

// The statuses. A finished chronology is read-only until it is reopened.
const (
	ChronologyDraft    ChronologyStatus = "draft"
	ChronologyFinished ChronologyStatus = "finished"
)

// Label is the status in words.
func (s ChronologyStatus) Label() string {
	if s == ChronologyFinished {
		return "Finished"
	}
	return "Draft"
}

// Limits on what a curated chronology holds.
const (
	// MaxChronologyEntries bounds a curated chronology: a long case's
	// automatic chronology has a few hundred entries.
	MaxChronologyEntries = 2000
	// MaxChronologyAnalysis is the longest overall analysis.
	MaxChronologyAnalysis = MaxSectionText
)

// CuratedChronology is a chronology a worker builds for a purpose (a
// conference, court, a transfer): entries chosen from the automatic
// chronology, copied as they read when chosen so the curated one stays as
// it was presented, and entries from other sources, each with an analysis,
// and an analysis of the whole.
type CuratedChronology struct {
	ID            string            `json:"id"`
	CaseID        string            `json:"case_id"`
	CaseReference string            `json:"case_reference"`
	Title         string            `json:"title"`
	Purpose       ChronologyPurpose `json:"purpose"`
	Status        ChronologyStatus  `json:"status"`
	Analysis      string            `json:"analysis"`
	Entries       []CuratedEntry    `json:"entries"`
	// Version moves on with every change; a change sent with an older
	// version is refused rather than overwriting someone else's.
	Version int `json:"version"`
	// CopiedFrom is the chronology this one was copied from.
	CopiedFrom string    `json:"copied_from,omitempty"`
	CreatedAt  time.Time `json:"created_at"`
	CreatedBy  string    `json:"created_by"`
	UpdatedAt  time.Time `json:"updated_at"`
	UpdatedBy  string    `json:"updated_by"`
	// FinishedAt and FinishedBy say when it was last finished, and
	// ReopenedAt and ReopenedBy when it was last reopened; the audit log
	// has every time.
	FinishedAt *time.Time `json:"finished_at,omitempty"`
	FinishedBy string     `json:"finished_by,omitempty"`
	ReopenedAt *time.Time `json:"reopened_at,omitempty"`
	ReopenedBy string     `json:"reopened_by,omitempty"`
}

// CuratedEntry is an entry of a curated chronology with its analysis.
type CuratedEntry struct {
	ID string `json:"id"`
	ChronologyEntry
	Analysis string `json:"analysis"`
	// SourceWithdrawn: the record the entry was taken from has since been
	// withdrawn (it was written on the wrong child's file).
	SourceWithdrawn bool `json:"source_withdrawn,omitempty"`
}

// WithdrawnEntryText is what an entry taken from a record that was later
// withdrawn says instead of what it was copied from: a record is withdrawn
// because it was written on the wrong child's file, so its words must not
// travel on in a chronology (into a court bundle, say).
const WithdrawnEntryText = "A record this entry was taken from was withdrawn; what it said is no longer shown"

// Withhold blanks what an entry copied from a withdrawn record.
func (e *CuratedEntry) Withhold() {
	if e.SourceWithdrawn {
		e.Event, e.Description = "Withdrawn record", WithdrawnEntryText
	}
}

// Finished reports whether the chronology is finished.
func (c *CuratedChronology) Finished() bool { return c.Status == ChronologyFinished }

// Has reports whether an entry of the automatic chronology is in it.
func (c *CuratedChronology) Has(ref string) bool {
	return ref != "" && slices.ContainsFunc(c.Entries, func(e CuratedEntry) bool { return e.Ref == ref })
}

// Entry returns the entry with an id.
func (c *CuratedChronology) Entry(id string) (CuratedEntry, bool) {
	for _, e := range c.Entries {
		if e.ID == id {
			return e, true
		}
	}
	return CuratedEntry{}, false
}

// CheckChange refuses a change to a finished chronology, saying what to do
// instead.
func (c *CuratedChronology) CheckChange() error {
	if c.Finished() {
		return Errorf(ECONFLICT, "This chronology was finished by %s on %s. Reopen it to change it.", c.FinishedBy, DateOf(c.FinishedAt.In(London)).Long())
	}
	return nil
}

// CheckFinish checks a chronology is ready to finish: it has entries, and
// an overall analysis, which is what makes it more than a list.
func (c *CuratedChronology) CheckFinish() error {
	if err := c.CheckChange(); err != nil {
		return err
	}
	var v Validation
	if len(c.Entries) == 0 {
		v.Add("entries", "Add at least one entry before finishing the chronology")
	}
	if c.Analysis == "" {
		v.Add("analysis", "Enter the overall analysis before finishing the chronology")
	}
	return v.Err()
}

// CheckReopen refuses to reopen a chronology that is not finished.
func (c *CuratedChronology) CheckReopen() error {
	if !c.Finished() {
		return Errorf(ECONFLICT, "This chronology is not finished: it can be changed already.")
	}
	return nil
}

// ChronologySummary is a line in a case's list of curated chronologies.
type ChronologySummary struct {
	ID         string            `json:"id"`
	Title      string            `json:"title"`
	Purpose    ChronologyPurpose `json:"purpose"`
	Status     ChronologyStatus  `json:"status"`
	Entries    int               `json:"entries"`
	CreatedBy  string            `json:"created_by"`
	UpdatedAt  time.Time         `json:"updated_at"`
	FinishedAt *time.Time        `json:"finished_at,omitempty"`
}

// ChronologyInput starts a curated chronology: its title, its purpose and,
// optionally, the automatic chronology's entries to begin with.
type ChronologyInput struct {
	Title   string            `json:"title"`
	Purpose ChronologyPurpose `json:"purpose"`
	Refs    []string          `json:"refs,omitempty"`
}

// Validate checks a new chronology's title and purpose.
func (in *ChronologyInput) Validate() error {
	in.Title = CleanText(in.Title)
	var v Validation
	checkTitle(&v, in.Title, in.Purpose)
	return v.Err()
}

func checkTitle(v *Validation, title string, purpose ChronologyPurpose) {
	if title == "" {
		v.Add("title", "Enter a title for the chronology, for example “Initial child protection conference, March 2026”")
	}
	CheckLength(v, "title", "title", title, MaxShortText)
	if !purpose.Valid() {
		v.Add("purpose", "Select what the chronology is for")
	}
}

// OtherEntryInput is an entry a worker adds from another source: what
// happened, when, and who says so. Date and source are what make it
// evidence, so both are required.
type OtherEntryInput struct {
	Date        Date   `json:"date,omitzero"`
	Source      string `json:"source"`
	Event       string `json:"event"`
	Description string `json:"description,omitempty"`
	Analysis    string `json:"analysis,omitempty"`
}

// Empty reports whether nothing was typed.
func (in OtherEntryInput) Empty() bool {
	return in.Date.IsZero() && in.Source == "" && in.Event == "" && in.Description == "" && in.Analysis == ""
}

// Clean tidies typed text.
func (in *OtherEntryInput) Clean() {
	in.Source, in.Event = CleanText(in.Source), CleanText(in.Event)
	in.Description, in.Analysis = CleanMultiline(in.Description), CleanMultiline(in.Analysis)
}

// Validate checks an entry from another source. Its fields are named
// other_date, other_source and so on, as the form names them.
func (in *OtherEntryInput) Validate(today Date) error {
	in.Clean()
	var v Validation
	switch {
	case in.Date.IsZero():
		v.Add("other_date", "Enter the date it happened")
	case in.Date.After(today):
		v.Add("other_date", "The date it happened must be today or in the past")
	}
	if in.Source == "" {
		v.Add("other_source", "Enter where this comes from, for example the school, the police or a court order")
	}
	CheckLength(&v, "other_source", "the source", in.Source, MaxShortText)
	if in.Event == "" {
		v.Add("other_event", "Enter what happened")
	}
	CheckLength(&v, "other_event", "what happened", in.Event, MaxShortText)
	CheckLength(&v, "other_description", "the details", in.Description, MaxLongText)
	CheckLength(&v, "other_analysis", "the analysis", in.Analysis, MaxLongText)
	return v.Err()
}

// Entry is the chronology entry the input makes, dated midday on its day
// in the council's zone (it has a date, not a time).
func (in OtherEntryInput) Entry() ChronologyEntry {
	e := ChronologyEntry{Kind: EntryOther, At: time.Date(in.Date.Year, in.Date.Month, in.Date.Day, 12, 0, 0, 0, London).UTC(),
		Event: in.Event, Source: in.Source, Description: in.Description}
	e.Fill()
	return e
}

// EntryAnalysis is the analysis written against one entry.
type EntryAnalysis struct {
	ID       string `json:"id"`
	Analysis string `json:"analysis"`
}

// ChronologySave is a save of a draft curated chronology: its title,
// purpose and overall analysis, the analysis of the entries listed,
// entries to remove and, optionally, an entry from another source to add.
// Version is the version the writer started from.
type ChronologySave struct {
	Version  int               `json:"version"`
	Title    string            `json:"title"`
	Purpose  ChronologyPurpose `json:"purpose"`
	Analysis string            `json:"analysis"`
	Entries  []EntryAnalysis   `json:"entries,omitempty"`
	Remove   []string          `json:"remove,omitempty"`
	Other    *OtherEntryInput  `json:"other,omitempty"`
}

// AnalysisField names the analysis of an entry in a form.
func AnalysisField(entryID string) string { return "analysis_" + entryID }

// Validate checks a save against the chronology it changes: every entry it
// names is one of the chronology's, every text within its length, and any
// entry from another source complete.
func (in *ChronologySave) Validate(c *CuratedChronology, today Date) error {
	in.Title, in.Analysis = CleanText(in.Title), CleanMultiline(in.Analysis)
	var v Validation
	checkTitle(&v, in.Title, in.Purpose)
	for i := range in.Entries {
		e := &in.Entries[i]
		e.Analysis = CleanMultiline(e.Analysis)
		if _, ok := c.Entry(e.ID); !ok {
			v.Add(AnalysisField(e.ID), "This chronology has no entry "+e.ID+": it may have been removed")
			continue
		}
		CheckLength(&v, AnalysisField(e.ID), "the analysis", e.Analysis, MaxLongText)
	}
	for _, id := range in.Remove {
		if _, ok := c.Entry(id); !ok {
			v.Add("remove", "This chronology has no entry "+id+": it may have been removed already")
		}
	}
	CheckLength(&v, "analysis", "the overall analysis", in.Analysis, MaxChronologyAnalysis)
	if in.Other != nil {
		if in.Other.Clean(); in.Other.Empty() {
			in.Other = nil
		} else {
			_ = v.Merge("", in.Other.Validate(today))
		}
	}
	added := 0
	if in.Other != nil {
		added = 1
	}
	if len(c.Entries)-len(in.Remove)+added > MaxChronologyEntries {
		v.Add("entries", "A chronology can have at most "+itoa(MaxChronologyEntries)+" entries")
	}
	return v.Err()
}

// CopyTitle is the title of a copy of a chronology: the same, marked as a
// copy, within the length a title may be.
func CopyTitle(title string) string {
	const mark = " (copy)"
	r := []rune(title)
	if n := MaxShortText - len([]rune(mark)); len(r) > n {
		r = r[:n]
	}
	return string(r) + mark
}
