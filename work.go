package kith

import (
	"slices"
	"sort"
	"strings"
)

// WorkHorizon is how far ahead "My work" looks: things due within this
// many working days of today are "due soon".
const WorkHorizon = 5

// WorkCase is what the dashboards know of one open case: who the child is,
// who holds the case and the dates its clocks count from.
type WorkCase struct {
	CaseID     string
	Reference  string
	ChildName  string
	TeamID     string
	WorkerID   string // empty while the case waits for a worker
	WorkerName string
	Facts      CaseFacts
}

// WorkItem is one thing due on a case: a draft to finalise, a visit, a
// summary or management oversight.
type WorkItem struct {
	Kind          ClockKind `json:"kind"`
	Title         string    `json:"title"`
	CaseID        string    `json:"case_id"`
	CaseReference string    `json:"case_reference"`
	ChildName     string    `json:"child_name"`
	// WorkerID and WorkerName are who holds the case; a draft's author
	// may be someone else (WrittenBy).
	WorkerID    string `json:"worker_id,omitempty"`
	WorkerName  string `json:"worker_name,omitempty"`
	Due         Date   `json:"due"`
	CountedFrom Date   `json:"counted_from"`
	Rule        string `json:"rule"`
	ClockKey    string `json:"clock"`
	// RecordID is the draft to finalise (recording items only), and
	// WrittenBy who began it.
	RecordID  string `json:"record_id,omitempty"`
	WrittenBy string `json:"written_by,omitempty"`
	// TemplateKey is the kind of record that would meet the item: the
	// draft's template, or the record to start for a visit, a summary or
	// oversight.
	TemplateKey string `json:"template,omitempty"`
	// ActionID is the agreed action to follow up (action items only).
	ActionID string `json:"action_id,omitempty"`
	// ReferralID is the referral to chase (referral items only).
	ReferralID string `json:"referral_id,omitempty"`
	// WorkingDaysOverdue is how many working days have passed since the
	// due date (0 when not yet overdue).
	WorkingDaysOverdue int `json:"working_days_overdue"`
	// CaseStatuses are the case's current statuses (a child protection
	// plan, looked after…), and HarmOrRisk says a draft records harm or
	// injury or a risk identified: together they set the item's Tier.
	CaseStatuses []StatusKind `json:"case_statuses,omitempty"`
	HarmOrRisk   bool         `json:"harm_or_risk,omitempty"`
}

// Work is what is overdue and due soon across a set of cases: the overdue
// in My work's order (TriageLess), what is due soon the soonest first.
type Work struct {
	Today    Date       `json:"today"`
	DueSoon  Date       `json:"due_soon_until"` // the last day counted as due soon
	Overdue  []WorkItem `json:"overdue"`
	Upcoming []WorkItem `json:"due_soon"`
	Cases    int        `json:"cases"`
}

// NextDue is what a case needs next: the soonest due under each kind of
// clock. One visit at which the child is seen meets every visit clock, so
// a case has at most one visit due (the strictest).
func (p Policies) NextDue(f CaseFacts, wd WorkingDays) []Due {
	var out []Due
	seen := map[ClockKind]bool{}
	for _, d := range p.CaseDue(f, wd) {
		if seen[d.Kind] {
			continue
		}
		seen[d.Kind] = true
		out = append(out, d)
	}
	return out
}

// CaseWork lists the visit, summary and oversight due on a case, each with
// the record that would meet it.
func (p Policies) CaseWork(c WorkCase, wd WorkingDays) []WorkItem {
	var out []WorkItem
	for _, d := range p.NextDue(c.Facts, wd) {
		it := c.item(d.Kind, d.Name)
		it.Due, it.CountedFrom, it.Rule, it.ClockKey = d.Due, d.Anchor, d.Rule, d.ClockKey
		it.TemplateKey = p.templateFor(d.Kind)
		out = append(out, it)
	}
	return out
}

// DraftWork is the line for a draft: finalise it by its deadline. It counts
// against the case's worker, whoever began it.
func (c WorkCase) DraftWork(recordID, templateKey, templateName, headline, writtenBy string, deadline RecordingDeadline) WorkItem {
	title := "Finalise " + templateName
	if headline != "" {
		title += ": " + headline
	}
	it := c.item(ClockRecording, title)
	it.RecordID, it.TemplateKey, it.WrittenBy = recordID, templateKey, writtenBy
	it.Due, it.Rule, it.ClockKey = deadline.Due, deadline.Rule, deadline.ClockKey
	return it
}

// WorkAction is the kind of work line for an agreed action. It is not a
// clock: the action's own date is its due date.
const WorkAction ClockKind = "action"

// WorkJourney is the kind of work line for a statutory step that is due:
// the decision on a referral, the authorisation of an assessment, an
// initial child protection conference. Its clock is the statutory
// timescale, not a council's setting.
const WorkJourney ClockKind = "journey"

// DecisionWork is the line for a referral waiting for its decision, due
// within 1 working day of it.
func (c WorkCase) DecisionWork(e Episode, wd WorkingDays) WorkItem {
	it := c.item(WorkJourney, "Decide on the referral received "+e.ReferralOn().Long())
	it.Due, it.CountedFrom = e.DecisionDue(wd), e.ReferralOn()
	it.Rule = "A decision on a referral, within 1 working day (Working Together 2023)"
	it.ClockKey = "referral-decision"
	return it
}

// AssessmentWork is the line for a child and family assessment in
// progress: a manager authorises it within 45 working days of the referral
// received on referralOn.
func (c WorkCase) AssessmentWork(a Assessment, referralOn Date) WorkItem {
	it := c.item(WorkJourney, "Complete the assessment started "+a.StartedOn.Long())
	it.Due, it.CountedFrom = a.Due, referralOn
	it.Rule = "A child and family assessment, authorised within 45 working days of the referral (Working Together 2023)"
	it.ClockKey = "assessment"
	return it
}

// ConferenceWork is the line for a section 47 enquiry waiting for its
// initial child protection conference, due 15 working days from the
// strategy discussion that started it.
func (c WorkCase) ConferenceWork(s Section47) WorkItem {
	it := c.item(WorkJourney, "Hold the initial child protection conference (section 47 enquiry from "+s.StartedOn.Long()+")")
	it.Due, it.CountedFrom = s.ConferenceDue, s.StartedOn
	it.Rule = "An initial child protection conference, within 15 working days of the strategy discussion (Working Together 2023)"
	it.ClockKey = "conference"
	return it
}

// CoreGroupWork is the line for the first core group of a child
// protection plan made at a conference on conferenceOn.
func (c WorkCase) CoreGroupWork(conferenceOn, due Date) WorkItem {
	it := c.item(WorkJourney, "Hold the first core group meeting (plan from "+conferenceOn.Long()+")")
	it.Due, it.CountedFrom = due, conferenceOn
	it.Rule = "The first core group, within 10 working days of the initial conference"
	it.ClockKey = "core-group"
	return it
}

// CLAReviewWork is the line for a looked-after child's next review, on
// regulation 33's clock from the day they became looked after (start).
func (c WorkCase) CLAReviewWork(start, due Date) WorkItem {
	it := c.item(WorkJourney, "Hold the looked-after review (looked after since "+start.Long()+")")
	it.Due, it.CountedFrom = due, start
	it.Rule = "The first looked-after review within 20 working days, the second within 3 months, then at most every 6 months (Care Planning, Placement and Case Review (England) Regulations 2010, regulation 33)"
	it.ClockKey = "cla-review"
	return it
}

// CPReviewWork is the line for a child protection plan's next review
// conference.
func (c WorkCase) CPReviewWork(due Date) WorkItem {
	it := c.item(WorkJourney, "Hold the child protection review conference")
	it.Due = due
	it.Rule = "The first review within 3 months of the initial conference, then at most every 6 months (Working Together 2023)"
	it.ClockKey = "cp-review"
	return it
}

// ActionWork is the line for an open action: follow it up by its date. It
// counts against the case's worker whoever is responsible, since the
// worker is the one who follows it up. agreed says where it was agreed.
func (c WorkCase) ActionWork(actionID, what string, owner Owner, due Date, agreed string) WorkItem {
	it := c.item(WorkAction, "Action: "+what)
	it.ActionID, it.Due = actionID, due
	it.Rule = owner.Words(firstWord(c.ChildName)) + " to do it"
	if agreed != "" {
		it.Rule += "; agreed in " + lowerFirst(agreed)
	}
	return it
}

// ReferralWork is the line for a referral with no response: chase it.
func (c WorkCase) ReferralWork(referralID, title string, due, lastContact Date, clock Clock) WorkItem {
	it := c.item(ClockReferral, "Chase the referral to "+title)
	it.ReferralID, it.Due, it.CountedFrom, it.Rule, it.ClockKey = referralID, due, lastContact, clock.Name+": "+clock.Rule(), clock.Key
	return it
}

func firstWord(s string) string {
	first, _, _ := strings.Cut(strings.TrimSpace(s), " ")
	return first
}

func (c WorkCase) item(kind ClockKind, title string) WorkItem {
	var statuses []StatusKind
	for k := range c.Facts.Statuses {
		statuses = append(statuses, k)
	}
	slices.Sort(statuses)
	return WorkItem{Kind: kind, Title: title, CaseID: c.CaseID, CaseReference: c.Reference, ChildName: c.ChildName,
		WorkerID: c.WorkerID, WorkerName: c.WorkerName, CaseStatuses: statuses}
}

func (p Policies) templateFor(k ClockKind) string {
	var keys []string
	switch k {
	case ClockVisit:
		keys = p.VisitTemplates
	case ClockOversight:
		keys = p.OversightTemplates
	case ClockSummary:
		keys = p.SummaryTemplates
	}
	if len(keys) == 0 {
		return ""
	}
	return keys[0]
}

// PlanWork sorts items into what is overdue, in TriageLess order, and
// what is due within the next WorkHorizon working days, soonest first;
// later items are left out. An item is overdue the day after its due date.
func PlanWork(items []WorkItem, today Date, wd WorkingDays) Work {
	w := Work{Today: today, DueSoon: wd.AddWorkingDays(today, WorkHorizon), Overdue: []WorkItem{}, Upcoming: []WorkItem{}}
	for _, it := range items {
		switch {
		case it.Due.Before(today):
			it.WorkingDaysOverdue = wd.WorkingDaysBetween(it.Due, today)
			w.Overdue = append(w.Overdue, it)
		case !it.Due.After(w.DueSoon):
			w.Upcoming = append(w.Upcoming, it)
		}
	}
	slices.SortStableFunc(w.Overdue, cmpOf(TriageLess))
	slices.SortStableFunc(w.Upcoming, cmpOf(SoonLess))
	return w
}

// kindOrder puts a late write-up before a visit due the same day: the
// record is the one already owed.
var kindOrder = map[ClockKind]int{WorkJourney: -1, ClockRecording: 0, ClockVisit: 1, ClockOversight: 2, ClockSummary: 3, ClockReferral: 4, WorkAction: 5}

// WorkerLoad counts one worker's cases and what is overdue and due soon on
// them, for a team manager.
type WorkerLoad struct {
	WorkerID   string `json:"worker_id"` // empty: cases not yet allocated
	WorkerName string `json:"worker_name"`
	Cases      int    `json:"cases"`
	// Today, Overdue and DueSoon count as My work's sections do: Today
	// what must happen today (WorkItem.MustHappenToday), Overdue the
	// rest of what is overdue, DueSoon the rest of what is due soon.
	Today   int `json:"today"`
	Overdue int `json:"overdue"`
	DueSoon int `json:"due_soon"`
	// Finalised and RecordedLate count the worker's records finalised this
	// month, and how many of them missed their deadline, leaving out the
	// cases the reader is kept from (FiguresCount).
	Finalised    int `json:"finalised_this_month"`
	RecordedLate int `json:"recorded_late_this_month"`
}

// MonthRecords counts one worker's records finalised in a month.
type MonthRecords struct {
	WorkerID, WorkerName string
	Finalised, Late      int
}

// MonthRecordsWithout takes out of workers' monthly counts the records of
// cases the reader may not count (FiguresCount), one Records-1 row each;
// a worker left with none goes.
func MonthRecordsWithout(month []MonthRecords, records []TimelinessCount) []MonthRecords {
	if len(records) == 0 {
		return month
	}
	type less struct{ finalised, late int }
	by := map[string]less{}
	for _, r := range records {
		l := by[r.AuthorID]
		l.finalised += r.Records
		if !r.OnTime {
			l.late += r.Records
		}
		by[r.AuthorID] = l
	}
	var out []MonthRecords
	for _, m := range month {
		l := by[m.WorkerID]
		m.Finalised, m.Late = m.Finalised-l.finalised, m.Late-l.late
		if m.Finalised > 0 {
			out = append(out, m)
		}
	}
	return out
}

// LoadByWorker counts work per worker, the most to do today first, then
// the most overdue, for the team view. cases are the open cases each worker holds; month is what each
// worker finalised this month.
func LoadByWorker(w Work, cases []WorkCase, month []MonthRecords) []WorkerLoad {
	by := map[string]*WorkerLoad{}
	get := func(id, name string) *WorkerLoad {
		if l, ok := by[id]; ok {
			return l
		}
		if id == "" {
			name = "Not allocated"
		}
		l := &WorkerLoad{WorkerID: id, WorkerName: name}
		by[id] = l
		return l
	}
	for _, c := range cases {
		get(c.WorkerID, c.WorkerName).Cases++
	}
	for _, it := range w.Overdue {
		if l := get(it.WorkerID, it.WorkerName); it.MustHappenToday(w.Today) {
			l.Today++
		} else {
			l.Overdue++
		}
	}
	for _, it := range w.Upcoming {
		if l := get(it.WorkerID, it.WorkerName); it.MustHappenToday(w.Today) {
			l.Today++
		} else {
			l.DueSoon++
		}
	}
	for _, m := range month {
		l := get(m.WorkerID, m.WorkerName)
		l.Finalised += m.Finalised
		l.RecordedLate += m.Late
	}
	out := make([]WorkerLoad, 0, len(by))
	for _, l := range by {
		out = append(out, *l)
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].Today != out[j].Today {
			return out[i].Today > out[j].Today
		}
		if out[i].Overdue != out[j].Overdue {
			return out[i].Overdue > out[j].Overdue
		}
		return strings.ToLower(out[i].WorkerName) < strings.ToLower(out[j].WorkerName)
	})
	return out
}
