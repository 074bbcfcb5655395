package kith

import (
	"slices"
	"time"
)

// TimelinessSettings are a council's calendar and clocks, one version of
// them: every change saves a new version and the newest is in force.
type TimelinessSettings struct {
	Version       int       `json:"version"`
	Nation        string    `json:"nation"`
	Closures      []Closure `json:"closures"`
	Policies      Policies  `json:"policies"`
	Reason        string    `json:"reason,omitempty"`
	CreatedAt     time.Time `json:"created_at,omitzero"`
	CreatedByName string    `json:"created_by,omitempty"`
}

// DefaultNation is the nation whose bank holidays a council keeps until an
// administrator says otherwise.
const DefaultNation = "england-and-wales"

// Check refuses settings that cannot be applied, every problem at once:
// a nation nationValid does not know (the calendar package keeps the
// list), closures that break CheckClosures (field "closures"), and clocks
// that break Policies.Check.
func (s TimelinessSettings) Check(nationValid func(string) bool) error {
	v := &Validation{}
	if !nationValid(s.Nation) {
		v.Add("nation", "Select whose bank holidays the council keeps")
	}
	if err := CheckClosures(s.Closures); err != nil {
		v.Add("closures", ErrorMessage(err))
	}
	if err := v.Merge("", s.Policies.Check()); err != nil {
		return err
	}
	return v.Err()
}

// DefaultTimelinessSettings are in force until a council saves its own.
func DefaultTimelinessSettings() TimelinessSettings {
	return TimelinessSettings{Nation: DefaultNation, Closures: []Closure{}, Policies: DefaultPolicies()}
}

// RecordFactsOf reads what the recording clocks need from a record: its
// template, its choice and yes/no answers, whether it says risk was
// identified, and the council's date of the event.
func RecordFactsOf(t *Template, r *Record) RecordFacts {
	answers := map[string]string{}
	for _, s := range t.Sections {
		switch v := r.Content[s.Key]; s.Kind {
		case SectionChoice:
			answers[s.Key] = v.Text
		case SectionYesNo:
			answers[s.Key] = v.Answer
		}
	}
	f := RecordFacts{TemplateKey: t.Key, Answers: answers, Risk: r.RiskIdentified}
	if !r.OccurredAt.IsZero() {
		f.Event = DateOf(r.OccurredAt.In(London))
	}
	return f
}

// RecordTimeliness is how a record stands against its recording deadline:
// for a draft, the deadline under today's clocks; for a final record, the
// deadline it was judged by when finalised and how late it was.
type RecordTimeliness struct {
	Due      Date      `json:"due"`
	Rule     string    `json:"rule"`
	Lateness *Lateness `json:"lateness,omitempty"` // final records only
}

// Overdue reports whether a draft has passed its deadline on today.
func (t *RecordTimeliness) Overdue(today Date) bool {
	return t != nil && t.Lateness == nil && today.After(t.Due)
}

// NoteRecord moves a case's clock dates on for a newly final record: a
// visit at which the child was seen, any record of the child seen (alone),
// a summary, a supervision or case discussion, a new placement. Dates only
// move forward: a late write-up of an old visit does not pull them back.
func (p Policies) NoteRecord(f *CaseFacts, t *Template, r *Record) {
	facts := RecordFactsOf(t, r)
	day := facts.Event
	if day.IsZero() {
		return
	}
	seen, alone := false, false
	for _, s := range t.Sections {
		yes := r.Content[s.Key].Answer == "yes"
		seen = seen || (s.ChildSeen && yes)
		alone = alone || (s.ChildSeenAlone && yes)
	}
	if seen {
		f.LastSeen = latest(f.LastSeen, day)
		if slices.Contains(p.VisitTemplates, t.Key) {
			f.LastVisit = latest(f.LastVisit, day)
		}
	}
	if alone {
		f.LastSeenAlone = latest(f.LastSeenAlone, day)
	}
	if slices.Contains(p.SummaryTemplates, t.Key) {
		f.LastSummary = latest(f.LastSummary, day)
	}
	if slices.Contains(p.OversightTemplates, t.Key) || t.Supervision {
		f.LastOversight = latest(f.LastOversight, day)
	}
	if p.Placement.Section != "" && p.Placement.matchesRecord(facts) {
		on := day
		if _, at, ok := KeyEventOf(t, r); ok {
			on = DateOf(at.In(London))
		}
		f.PlacementOn = latest(f.PlacementOn, on)
	}
}
