package kith

import (
	"regexp"
	"slices"
	"sort"
	"strings"
	"time"
)

// SummarySource is one final record as a case summary gathers it: the
// record and the template version it was written on.
type SummarySource struct {
	Record   *Record
	Template *Template
}

// SummaryObjective is a plan objective with the plan it belongs to, for
// the progress ratings at the start and end of a summary's period.
type SummaryObjective struct {
	Objective Objective
	Plan      string // the plan's title
}

// SummaryInputs is everything a case summary is gathered from: the case's
// final records (drafts and withdrawn records never count), its actions
// and referrals, the objectives of the plans in force during the period,
// and the significant adults who do not live with the child.
type SummaryInputs struct {
	Period     SummaryPeriod
	Records    []SummarySource
	Actions    []Action
	Referrals  []Referral
	Objectives []SummaryObjective
	Adults     []AdultElsewhere
}

// FactRecord names the record a gathered fact was taken from, so every
// line of a summary links to its source.
type FactRecord struct {
	RecordID string `json:"record_id"`
	On       Date   `json:"on"`
	Type     string `json:"type"` // the template's name: "Home visit"
	Headline string `json:"headline"`
}

// Source is the record in words: "Home visit on 3 March 2026".
func (f FactRecord) Source() string { return f.Type + " on " + f.On.Long() }

// ContactType is every record of one kind in the period: how many, and
// each with its date.
type ContactType struct {
	Type    string       `json:"type"`
	Records []FactRecord `json:"records"`
}

// SeenFact is a record saying the child was seen, and whether alone (with
// the reason given when they were not).
type SeenFact struct {
	FactRecord
	Alone       bool   `json:"alone"`
	WhyNotAlone string `json:"why_not_alone,omitempty"`
}

// AgencyFact is information received from another agency: who, when, and
// the gist (the record's headline).
type AgencyFact struct {
	FactRecord
	Agency string `json:"agency"`
}

// SessionFact is a session of direct work delivered, with its length when
// the record gives an end time.
type SessionFact struct {
	FactRecord
	Minutes int `json:"minutes,omitempty"`
}

// TimeFact is the practitioner's time the records account for, by type.
type TimeFact struct {
	Type    string `json:"type"`
	Records int    `json:"records"`
	Minutes int    `json:"minutes"`
}

// ReferralFact is a referral to a service as it stood at the end of the
// period: its outcome only if it came by then.
type ReferralFact struct {
	ReferralID string `json:"referral_id"`
	Title      string `json:"title"`
	ReferredOn Date   `json:"referred_on"`
	Chases     int    `json:"chases"`
	Outcome    string `json:"outcome,omitempty"` // in words
	OutcomeOn  Date   `json:"outcome_on,omitzero"`
}

// ActionFact is an action raised, closed or still open in the period.
type ActionFact struct {
	ActionID string `json:"action_id"`
	What     string `json:"what"`
	Who      string `json:"who"`
	// WhoForFamily is the owner as the family version names them.
	WhoForFamily string       `json:"who_for_family"`
	Due          Date         `json:"due"`
	Status       ActionStatus `json:"status"`
	ClosedOn     Date         `json:"closed_on,omitzero"`
	Outcome      string       `json:"outcome,omitempty"`
	RaisedOn     Date         `json:"raised_on"`
	RecordID     string       `json:"record_id,omitempty"` // the record it was agreed in
}

// RatingFact is one progress rating.
type RatingFact struct {
	On      Date   `json:"on"`
	Score   int    `json:"score"`
	Comment string `json:"comment,omitempty"`
}

// ObjectiveFact is a plan objective with its progress rating at the start
// of the period and at its end.
type ObjectiveFact struct {
	ObjectiveID string          `json:"objective_id"`
	Title       string          `json:"title"`
	Plan        string          `json:"plan"`
	Status      ObjectiveStatus `json:"status"`
	Start       *RatingFact     `json:"start,omitempty"`
	End         *RatingFact     `json:"end,omitempty"`
}

// WordsFact is something the child or family said, as the record holds
// it: a whole child's-voice section, or a passage in quotation marks.
type WordsFact struct {
	FactRecord
	Section string `json:"section"` // the section's label
	Text    string `json:"text"`
	Child   bool   `json:"child"` // from a section for the child's own words
}

// SummaryFacts are the facts a case summary is drafted from, each taken
// from the record and naming its source. Kith writes nothing here that is
// not in the record: the analysis and the views of progress are the
// practitioner's, written beside these.
type SummaryFacts struct {
	Period        SummaryPeriod    `json:"period"`
	Records       int              `json:"records"`
	Contacts      []ContactType    `json:"contacts"`
	Seen          []SeenFact       `json:"seen"`
	Agencies      []AgencyFact     `json:"agencies"`
	Referrals     []ReferralFact   `json:"referrals"`
	Sessions      []SessionFact    `json:"sessions"`
	Time          []TimeFact       `json:"time"`
	TotalMinutes  int              `json:"total_minutes"`
	ActionsRaised []ActionFact     `json:"actions_raised"`
	ActionsClosed []ActionFact     `json:"actions_closed"`
	ActionsOpen   []ActionFact     `json:"actions_open"`
	Objectives    []ObjectiveFact  `json:"objectives"`
	Words         []WordsFact      `json:"words"`
	Adults        []AdultElsewhere `json:"adults"`
}

// SeenAlone lists the records in which the child was seen alone.
func (f SummaryFacts) SeenAlone() []SeenFact {
	var out []SeenFact
	for _, s := range f.Seen {
		if s.Alone {
			out = append(out, s)
		}
	}
	return out
}

// Templates ship with fixed versions, so which of the shipped ones feed
// which part of a summary is said here; a council's own template says it
// with the template flag direct_work and the section flag agency.
var (
	directWorkTemplates = []string{"direct-session", "intervention-session"}
	agencySections      = map[string]string{"agency-information": "agency", "document-received": "provided_by"}
)

// DirectWorkTemplate reports whether records on t are sessions of direct
// work delivered to the child or family.
func DirectWorkTemplate(t *Template) bool {
	return t.DirectWork || slices.Contains(directWorkTemplates, t.Key)
}

// AgencySection is the section of t that names the agency information
// came from, if t records information from other agencies.
func AgencySection(t *Template) (Section, bool) {
	for _, s := range t.Sections {
		if s.Agency {
			return s, true
		}
	}
	if key, ok := agencySections[t.Key]; ok {
		return t.Section(key)
	}
	return Section{}, false
}

// quotation finds passages in curly or straight double quotation marks.
var quotation = regexp.MustCompile(`“([^”]{3,400})”|"([^"]{3,400})"`)

// Quotations returns the passages of text in quotation marks that are at
// least two words long: people's own words as the practitioner wrote them.
func Quotations(text string) []string {
	var out []string
	for _, m := range quotation.FindAllStringSubmatch(text, -1) {
		q := strings.TrimSpace(m[1] + m[2])
		if len(strings.Fields(q)) >= 2 {
			out = append(out, q)
		}
	}
	return out
}

// GatherSummary takes from the inputs the facts of a case summary for its
// period, both days included. A record counts on the day it happened.
func GatherSummary(in SummaryInputs) SummaryFacts {
	p := in.Period
	f := SummaryFacts{Period: p, Contacts: []ContactType{}, Seen: []SeenFact{}, Agencies: []AgencyFact{}, Referrals: []ReferralFact{},
		Sessions: []SessionFact{}, Time: []TimeFact{}, ActionsRaised: []ActionFact{}, ActionsClosed: []ActionFact{}, ActionsOpen: []ActionFact{},
		Objectives: []ObjectiveFact{}, Words: []WordsFact{}, Adults: append([]AdultElsewhere{}, in.Adults...)}
	sources := slices.Clone(in.Records)
	sort.SliceStable(sources, func(i, j int) bool { return sources[i].Record.OccurredAt.Before(sources[j].Record.OccurredAt) })
	byType := map[string]int{}
	timeByType := map[string]int{}
	for _, src := range sources {
		r, t := src.Record, src.Template
		if r.Status != RecordFinal || t.Summary {
			continue
		}
		ref := FactRecord{RecordID: r.ID, On: DateOf(r.OccurredAt.In(London)), Type: t.Name, Headline: r.Headline}
		if !p.Contains(ref.On) {
			continue
		}
		f.Records++
		if i, ok := byType[t.Name]; ok {
			f.Contacts[i].Records = append(f.Contacts[i].Records, ref)
		} else {
			byType[t.Name] = len(f.Contacts)
			f.Contacts = append(f.Contacts, ContactType{Type: t.Name, Records: []FactRecord{ref}})
		}
		if seen, ok := seenIn(t, r, ref); ok {
			f.Seen = append(f.Seen, seen)
		}
		if s, ok := AgencySection(t); ok {
			f.Agencies = append(f.Agencies, AgencyFact{FactRecord: ref, Agency: r.Content[s.Key].Text})
		}
		minutes := 0
		if r.OccurredUntil != nil && r.OccurredUntil.After(r.OccurredAt) {
			minutes = int(r.OccurredUntil.Sub(r.OccurredAt) / time.Minute)
		}
		if DirectWorkTemplate(t) {
			f.Sessions = append(f.Sessions, SessionFact{FactRecord: ref, Minutes: minutes})
		}
		if minutes > 0 {
			if i, ok := timeByType[t.Name]; ok {
				f.Time[i].Records++
				f.Time[i].Minutes += minutes
			} else {
				timeByType[t.Name] = len(f.Time)
				f.Time = append(f.Time, TimeFact{Type: t.Name, Records: 1, Minutes: minutes})
			}
			f.TotalMinutes += minutes
		}
		f.Words = append(f.Words, wordsIn(t, r, ref)...)
	}
	sort.SliceStable(f.Contacts, func(i, j int) bool {
		if len(f.Contacts[i].Records) != len(f.Contacts[j].Records) {
			return len(f.Contacts[i].Records) > len(f.Contacts[j].Records)
		}
		return f.Contacts[i].Type < f.Contacts[j].Type
	})
	f.gatherActions(in.Actions)
	f.gatherReferrals(in.Referrals)
	f.gatherObjectives(in.Objectives)
	return f
}

// seenIn reads whether a record says the child was seen, and alone.
func seenIn(t *Template, r *Record, ref FactRecord) (SeenFact, bool) {
	seen, s := false, SeenFact{FactRecord: ref}
	for _, sec := range t.Sections {
		v := r.Content[sec.Key]
		if sec.ChildSeen && v.Answer == "yes" {
			seen = true
		}
		if sec.ChildSeenAlone {
			s.Alone = v.Answer == "yes"
			if v.Answer == "no" {
				s.WhyNotAlone = v.Reason
			}
		}
	}
	return s, seen
}

// wordsIn takes the child's own words (whole sections for the child's
// voice) and every passage in quotation marks elsewhere in the record.
func wordsIn(t *Template, r *Record, ref FactRecord) []WordsFact {
	var out []WordsFact
	for _, s := range t.Sections {
		text := r.Content[s.Key].Text
		if text == "" || (s.Kind != SectionText && s.Kind != SectionLine) {
			continue
		}
		if s.ChildVoice {
			out = append(out, WordsFact{FactRecord: ref, Section: s.Label, Text: text, Child: true})
			continue
		}
		for _, q := range Quotations(text) {
			out = append(out, WordsFact{FactRecord: ref, Section: s.Label, Text: q})
		}
	}
	return out
}

func (f *SummaryFacts) gatherActions(actions []Action) {
	p := f.Period
	sorted := slices.Clone(actions)
	sort.SliceStable(sorted, func(i, j int) bool { return sorted[i].CreatedAt.Before(sorted[j].CreatedAt) })
	for _, a := range sorted {
		fact := ActionFact{ActionID: a.ID, What: a.What, Who: a.OwnerWords, WhoForFamily: FamilyWho(a.Owner, a.OwnerWords), Due: a.Due, Status: a.Status, RaisedOn: DateOf(a.CreatedAt.In(London)), RecordID: a.RecordID}
		if a.Status != ActionOpen {
			fact.ClosedOn, fact.Outcome = a.ClosedOn, a.Outcome
		}
		closedBy := a.Status != ActionOpen && !a.ClosedOn.After(p.To)
		if !closedBy {
			// Seen as it stood at the end of the period: closed later is open then.
			fact.Status, fact.ClosedOn, fact.Outcome = ActionOpen, Date{}, ""
		}
		if p.Contains(fact.RaisedOn) {
			f.ActionsRaised = append(f.ActionsRaised, fact)
		}
		if closedBy && p.Contains(a.ClosedOn) {
			f.ActionsClosed = append(f.ActionsClosed, fact)
		}
		if !fact.RaisedOn.After(p.To) && !closedBy {
			f.ActionsOpen = append(f.ActionsOpen, fact)
		}
	}
}

func (f *SummaryFacts) gatherReferrals(refs []Referral) {
	p := f.Period
	sorted := slices.Clone(refs)
	sort.SliceStable(sorted, func(i, j int) bool { return sorted[i].ReferredOn.Before(sorted[j].ReferredOn) })
	for _, r := range sorted {
		if r.ReferredOn.After(p.To) {
			continue
		}
		fact := ReferralFact{ReferralID: r.ID, Title: r.Title(), ReferredOn: r.ReferredOn}
		for _, c := range r.Chases {
			if !c.On.After(p.To) {
				fact.Chases++
			}
		}
		if r.Outcome != "" && !r.OutcomeOn.After(p.To) {
			fact.Outcome, fact.OutcomeOn = r.Outcome.Label(), r.OutcomeOn
		}
		// Referrals finished before the period belong to earlier summaries.
		if fact.Outcome != "" && fact.OutcomeOn.Before(p.From) && r.ReferredOn.Before(p.From) {
			continue
		}
		f.Referrals = append(f.Referrals, fact)
	}
}

func (f *SummaryFacts) gatherObjectives(objectives []SummaryObjective) {
	p := f.Period
	for _, so := range objectives {
		o := so.Objective
		fact := ObjectiveFact{ObjectiveID: o.ID, Title: o.Title(), Plan: so.Plan, Status: o.Status}
		var start, end *Rating
		for i := range o.Ratings {
			r := &o.Ratings[i]
			if !r.On.After(p.From) {
				start = r
			}
			if !r.On.After(p.To) {
				end = r
			}
		}
		if start == nil {
			// No rating before the period: the first one in it.
			for i := range o.Ratings {
				if p.Contains(o.Ratings[i].On) {
					start = &o.Ratings[i]
					break
				}
			}
		}
		if start != nil {
			fact.Start = &RatingFact{On: start.On, Score: start.Score, Comment: start.Comment}
		}
		if end != nil && end != start {
			fact.End = &RatingFact{On: end.On, Score: end.Score, Comment: end.Comment}
		}
		f.Objectives = append(f.Objectives, fact)
	}
}

// FactLine is one gathered fact reduced to a key and its words, to compare
// two gatherings of the same period.
type FactLine struct {
	Key  string
	Text string
}

// Lines lists every gathered fact as a keyed line.
func (f SummaryFacts) Lines() []FactLine {
	var out []FactLine
	add := func(key, text string) { out = append(out, FactLine{Key: key, Text: text}) }
	for _, c := range f.Contacts {
		for _, r := range c.Records {
			add("record:"+r.RecordID, r.Source()+": "+r.Headline)
		}
	}
	for _, s := range f.Seen {
		text := "Child seen: " + s.Source()
		if s.Alone {
			text += ", alone"
		}
		add("seen:"+s.RecordID, text)
	}
	for _, r := range f.Referrals {
		text := "Referral: " + r.Title + ", made " + r.ReferredOn.Long()
		if r.Outcome != "" {
			text += ", " + lowerFirst(r.Outcome) + " on " + r.OutcomeOn.Long()
		}
		if r.Chases > 0 {
			text += ", chased " + times(r.Chases)
		}
		add("referral:"+r.ReferralID, text)
	}
	actions := func(kind string, list []ActionFact) {
		for _, a := range list {
			add("action-"+kind+":"+a.ActionID, "Action "+kind+": "+a.What+" ("+a.Who+", by "+a.Due.Long()+")")
		}
	}
	actions("raised", f.ActionsRaised)
	actions("closed", f.ActionsClosed)
	actions("open", f.ActionsOpen)
	for _, o := range f.Objectives {
		text := "Objective " + o.Title + ": " + o.Status.Label()
		if o.Start != nil {
			text += ", rated " + itoa(o.Start.Score) + " on " + o.Start.On.Long()
		}
		if o.End != nil {
			text += ", then " + itoa(o.End.Score) + " on " + o.End.On.Long()
		}
		add("objective:"+o.ObjectiveID, text)
	}
	for i, w := range f.Words {
		add("words:"+w.RecordID+":"+w.Section+":"+itoa(i), "Words in "+w.Source()+": "+w.Text)
	}
	for _, a := range f.Adults {
		add("adult:"+a.Name, "Adult outside the household: "+a.Name+" ("+a.Relationship+")")
	}
	return out
}

func times(n int) string {
	switch n {
	case 1:
		return "once"
	case 2:
		return "twice"
	}
	return itoa(n) + " times"
}

// FactChange is one difference found by gathering again: a fact that is
// new, gone (a record withdrawn) or changed (an action since closed).
type FactChange struct {
	Kind string `json:"kind"` // "added", "removed" or "changed"
	Text string `json:"text"`
}

// DiffFacts says what gathering again changed, in the order of the newer
// gathering and then what it no longer holds.
func DiffFacts(was, now SummaryFacts) []FactChange {
	old := map[string]string{}
	for _, l := range was.Lines() {
		old[l.Key] = l.Text
	}
	out := []FactChange{}
	seen := map[string]bool{}
	for _, l := range now.Lines() {
		seen[l.Key] = true
		prev, ok := old[l.Key]
		switch {
		case !ok:
			out = append(out, FactChange{Kind: "added", Text: l.Text})
		case prev != l.Text:
			out = append(out, FactChange{Kind: "changed", Text: l.Text})
		}
	}
	for _, l := range was.Lines() {
		if !seen[l.Key] {
			out = append(out, FactChange{Kind: "removed", Text: l.Text})
		}
	}
	return out
}

// Duration says a number of minutes in words: "2 hours 15 minutes".
func Duration(minutes int) string {
	h, m := minutes/60, minutes%60
	var parts []string
	switch {
	case h == 1:
		parts = append(parts, "1 hour")
	case h > 1:
		parts = append(parts, itoa(h)+" hours")
	}
	switch {
	case m == 1:
		parts = append(parts, "1 minute")
	case m > 1 || h == 0:
		parts = append(parts, itoa(m)+" minutes")
	}
	return strings.Join(parts, " ")
}
