package synth

import (
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"strings"
	"time"

	"kith"
	"kith/sqldb"
)

// DefaultRecordsPerCase is the average number of final records per case
// when Config.RecordsPerCase is zero: enough for the demo to read like a
// real caseload while it still loads in a few seconds.
const DefaultRecordsPerCase = 20

// recordSalt seeds each case's own random numbers for its running record,
// so the records never change the rest of the council: the same seed gives
// the same cases with or without records, at any density.
const recordSalt = 0x7265636f726473

// rkind is a kind of record, written on one of the shipped templates.
type rkind int

const (
	rkVisit rkind = iota
	rkCall
	rkInfo
	rkContact
	rkDirect
	rkDiscussion
	rkMeeting
	rkEmail
	rkKeyEvent
	rkDecision
	rkIntervention
	rkKinds
)

var rkTemplate = [rkKinds]string{"home-visit", "phone-call", "agency-information", "contact-note", "direct-session", "case-discussion",
	"professionals-meeting", "email-or-letter", "key-event", "management-decision", "intervention-session"}

// recordMix is how often each kind of record is written, by the work the
// case is in: visits, calls and information from other agencies make up
// most of any running record; family time is recorded for children in
// care; parenting sessions are early help's work.
var recordMix = map[string][rkKinds]float64{
	//                visit call info contact direct discuss meeting email key decision intervention
	"early help":   {20, 22, 12, 0, 5, 5, 4, 11, 1, 3, 17},
	"safeguarding": {25, 22, 15, 1, 7, 6, 7, 11, 2, 4, 0},
	"care":         {19, 20, 11, 13, 8, 6, 6, 11, 3, 3, 0},
	"leaver":       {20, 32, 8, 0, 8, 5, 4, 18, 2, 3, 0},
}

// intensity is how much is recorded on a case of each profile, relative to
// early help: a child protection plan means visits every ten working days,
// core groups and conferences.
var intensity = map[profile]float64{pEarlyHelp: 1, pCIN: 1.1, pCP: 1.7, pCLA: 1.0, pLeaver: 0.7}

// recordWindow is the span a case's records may fall in: not older than
// Kith accepts (ten years), and a few hours before now, so that every
// record could have been finalised by now.
func (g *gen) recordWindow() (time.Time, time.Time) {
	return g.now.AddDate(-kith.MaxRecordYearsBack, 0, 2), g.now.Add(-6 * time.Hour)
}

// recordWeight is how many records a family's cases would have relative to
// others: more the longer they have been open and the more intensive the
// work, though not in proportion (a long case settles into a rhythm).
func (g *gen) recordWeight(f *family) float64 {
	lo, hi := g.recordWindow()
	open := 0.0
	for _, s := range g.spans(f.tl) {
		from, to := later(s.from, lo), earlier(s.to, hi)
		if to.After(from) {
			open += to.Sub(from).Hours() / 24
		}
	}
	return intensity[f.prof] * math.Pow(20+open, 0.85)
}

// planRecords works out how many records an average case gets, and picks
// the busy case a benchmark reads.
func (g *gen) planRecords(families []*family) {
	mean := g.cfg.RecordsPerCase
	if mean == 0 {
		mean = DefaultRecordsPerCase
	}
	if mean < 0 {
		return
	}
	total, cases := 0.0, 0
	for _, f := range families {
		total += float64(f.size) * g.recordWeight(f)
		cases += f.size
	}
	if total > 0 {
		g.recordScale = float64(mean) * float64(cases) / total
	}
	if g.cfg.BusyCaseRecords > 0 {
		// The longest-open case on a plan held by someone other than
		// the demo practitioner, whose caseload stays as the demo shows it.
		for _, f := range families {
			if !f.open || f.worker == nil || f.worker.username == UserPractitioner || (f.prof != pCP && f.prof != pCLA) {
				continue
			}
			if g.busy == nil || f.tl.openedAt.Before(g.busy.tl.openedAt) {
				g.busy = f
			}
		}
	}
}

// span is a stretch of time a case was open, held by one team and worker.
type span struct {
	from, to time.Time
	team     *team
	worker   *staff
	opener   *staff // who opened the case, for the first span
}

// spans lists the stretches of time a timeline's case was open, with who
// held it.
func (g *gen) spans(tl *timeline) []span {
	var out []span
	cur := span{from: tl.openedAt, team: tl.openTeam, opener: tl.openedBy}
	open := true
	for _, ch := range tl.changes {
		switch ch.kind {
		case sqldb.BulkAllocate:
			cur.to = ch.at
			out = append(out, cur)
			cur = span{from: ch.at, team: ch.team, worker: ch.worker}
		case sqldb.BulkClose:
			cur.to = ch.at
			out = append(out, cur)
			open = false
		case sqldb.BulkReopen:
			cur = span{from: ch.at, team: cur.team}
			open = true
		}
	}
	if open {
		cur.to = g.now
		out = append(out, cur)
	}
	return out
}

func later(a, b time.Time) time.Time {
	if a.After(b) {
		return a
	}
	return b
}

func earlier(a, b time.Time) time.Time {
	if a.Before(b) {
		return a
	}
	return b
}

// cast is everyone a child's records may name, and the writer that names
// them.
type cast struct {
	g     *gen
	f     *family
	r     *rand.Rand
	w     *writer
	child *kith.Person
	// childIndex is which of the family's children the cast is for.
	childIndex int
	parent     *kith.Person // the main parent or carer at home
	other      *kith.Person // the other parent, or the parent's partner
	carer      *kith.Person // the foster carer
	gran       *kith.Person
	sib        *kith.Person
	fa         familyAgencies
	iro        *pro
	baseFact   uint16
}

// newCast gathers a child's people from the household.
func (g *gen) newCast(f *family, h *household, children []*kith.Person, i int, fa familyAgencies) *cast {
	c := &cast{g: g, f: f, child: children[i], childIndex: i, fa: fa,
		r: rand.New(rand.NewPCG(uint64(g.cfg.Seed)^recordSalt, uint64(f.seq)<<4|uint64(i)))}
	var mother, father, partner *kith.Person
	for _, m := range h.members {
		switch m.rel.Kind {
		case kith.RelParent:
			if m.p.Gender == kith.GenderFemale && mother == nil {
				mother = m.p
			} else if father == nil {
				father = m.p
			}
		case kith.RelStepParent:
			if partner == nil {
				partner = m.p
			}
		case kith.RelCarer:
			if c.carer == nil {
				c.carer = m.p
			}
		case kith.RelGrandparent:
			if c.gran == nil {
				c.gran = m.p
			}
		case kith.RelSibling:
			if c.sib == nil {
				c.sib = m.p
			}
		}
	}
	for j, s := range children {
		if j != i && c.sib == nil {
			c.sib = s
		}
	}
	switch {
	case mother != nil:
		c.parent = mother
		c.other = father
		if c.other == nil {
			c.other = partner
		}
	case father != nil:
		c.parent, c.other = father, partner
	case c.gran != nil:
		c.parent = c.gran
	default:
		for _, m := range h.members {
			if m.p.DateOfBirth.IsZero() || m.p.DateOfBirth.AgeOn(g.today) >= 18 {
				c.parent = m.p
				break
			}
		}
	}
	if c.parent == nil {
		c.parent = &kith.Person{FirstName: "the family"}
	}
	if !f.tl.claOn.IsZero() && len(g.profs.council[agIRO]) > 0 {
		c.iro = pick(c.r, g.profs.council[agIRO])
	}
	c.w = &writer{r: c.r, vars: c.baseVars()}
	if c.other != nil {
		c.baseFact |= tagOther
	}
	if c.gran != nil && c.gran != c.parent {
		c.baseFact |= tagGran
	}
	if c.sib != nil {
		c.baseFact |= tagSib
	}
	return c
}

// pronouns returns subject, object and possessive pronouns for a person.
func pronouns(p *kith.Person) (string, string, string) {
	switch p.Gender {
	case kith.GenderFemale:
		return "she", "her", "her"
	case kith.GenderMale:
		return "he", "him", "his"
	}
	return "they", "them", "their"
}

func firstName(p *kith.Person) string {
	if p.KnownAs != "" {
		return p.KnownAs
	}
	return p.FirstName
}

// baseVars are the words that stay the same in every record of a case.
func (c *cast) baseVars() map[string]string {
	v := map[string]string{}
	v["child"], v["childFull"] = firstName(c.child), c.child.FullName()
	v["sub"], v["obj"], v["pos"] = pronouns(c.child)
	p := c.parent
	v["parent"], v["parentFull"] = firstName(p), p.FullName()
	v["psub"], v["pobj"], v["ppos"] = pronouns(p)
	v["call"] = firstName(p)
	switch {
	case p == c.gran && p.Gender == kith.GenderFemale:
		v["call"] = "Nan"
	case p == c.gran:
		v["call"] = "Grandad"
	case p.Gender == kith.GenderFemale:
		v["call"] = "Mum"
	case p.Gender == kith.GenderMale:
		v["call"] = "Dad"
	}
	if p.Gender == kith.GenderOther || p.Gender == kith.GenderNotKnown || p.Gender == "" {
		v["psub"], v["pobj"], v["ppos"] = "they", "them", "their"
	}
	v["other"] = "the other parent"
	if c.other != nil {
		v["other"] = firstName(c.other)
	}
	v["gran"] = "the grandparents"
	if c.gran != nil {
		v["gran"] = firstName(c.gran)
	}
	v["carer"] = "the foster carer"
	if c.carer != nil {
		v["carer"] = firstName(c.carer)
	}
	v["sib"] = "the other children"
	if c.sib != nil {
		v["sib"] = firstName(c.sib)
	}
	v["town"] = townName(c.f.team.town)
	v["school"] = "the school"
	return v
}

// moment is everything about the case at the time a record is about.
type moment struct {
	at      time.Time
	day     kith.Date
	span    span
	setting string // "home", "care" or "leaver"
	status  kith.StatusKind
	age     int
}

// at describes the case at a time within one of its spans.
func (c *cast) at(t time.Time, s span) moment {
	tl := c.f.tl
	m := moment{at: t, day: kith.Today(t), span: s}
	m.age = c.child.DateOfBirth.AgeOn(m.day)
	m.setting = "home"
	if !tl.claOn.IsZero() && !m.day.Before(tl.claOn) {
		m.setting = "care"
	}
	if c.f.prof == pLeaver && m.age >= 18 {
		m.setting = "leaver"
	}
	for _, st := range tl.statuses {
		if !st.from.After(m.day) && (st.to.IsZero() || st.to.After(m.day)) {
			m.status = st.kind
		}
	}
	return m
}

// words sets the words that depend on when a record was written and by
// whom.
func (c *cast) words(m moment, author *staff) {
	w, v := c.w, c.w.vars
	w.facts = c.baseFact
	switch m.setting {
	case "home":
		w.facts |= tagHome
	case "care":
		w.facts |= tagCare
	default:
		w.facts |= tagLeaver
	}
	switch {
	case m.age < 5:
		w.facts |= tagYoung
	case m.age <= 16:
		w.facts |= tagSchool
	}
	if m.age >= 12 && m.age < 18 {
		w.facts |= tagTeen | tagSchool
	}
	w.facts |= c.tone(m)
	v["age"] = fmt.Sprint(m.age)
	v["worker"] = author.name
	v["manager"] = m.span.team.manager.name
	v["plan"], v["meeting"], v["meetingname"] = planWords(m.status, m.setting)
	v["next"] = m.day.AddDays(between(c.r, 5, 20)).Time(kith.London).Format("Monday 2 January")
	v["pct"] = fmt.Sprint(between(c.r, 58, 97))
	v["n"] = fmt.Sprint(between(c.r, 2, 6))
	v["school"] = c.school(m.age).p.Agency
	v["proname"] = "the school"
}

// tone picks whether a record is hopeful, worried or mixed: cases on a
// child protection plan are more often worrying, early help more often
// going well.
func (c *cast) tone(m moment) uint16 {
	odds := []float64{0.35, 0.45, 0.20} // hopeful, mixed, worried
	switch {
	case m.status == kith.StatusCP:
		odds = []float64{0.25, 0.40, 0.35}
	case m.setting != "home" || m.status == kith.StatusEarlyHelp:
		odds = []float64{0.45, 0.40, 0.15}
	}
	switch weighted(c.r, odds...) {
	case 0:
		return tagGood
	case 1:
		return tagGood | tagBad
	}
	return tagBad
}

// planWords names the plan a case is on and the meeting that reviews it.
func planWords(s kith.StatusKind, setting string) (plan, meeting, meetingName string) {
	switch {
	case setting == "leaver":
		return "pathway plan", "pathway plan review", "Pathway plan review"
	case setting == "care":
		return "care plan", "looked after review", "Looked after review"
	case s == kith.StatusCP:
		return "child protection plan", "core group meeting", "Core group"
	case s == kith.StatusEarlyHelp:
		return "family plan", "team around the family meeting", "Team around the family meeting"
	}
	return "child in need plan", "child in need meeting", "Child in need meeting"
}

// school is the child's school (or, under 5, the health visitor).
func (c *cast) school(age int) *pro {
	switch {
	case age < 5:
		return c.fa.hv
	case age <= 10:
		return c.fa.primary
	}
	return c.fa.secondary
}

func ref(p *kith.Person) kith.PersonRef { return kith.PersonRef{PersonID: p.ID, Name: p.FullName()} }

// caseRecords writes a child's running record: count final records spread
// over the time the case was open.
func (c *cast) caseRecords(count int) []sqldb.BulkRecord {
	g, tl := c.g, c.f.tl
	lo, hi := g.recordWindow()
	var spans []span
	total := time.Duration(0)
	for _, s := range g.spans(tl) {
		s.from, s.to = later(s.from, lo), earlier(s.to, hi)
		if s.to.Sub(s.from) > time.Hour {
			spans = append(spans, s)
			total += s.to.Sub(s.from)
		}
	}
	if len(spans) == 0 || count <= 0 {
		return nil
	}
	// Times spread evenly at random over the open time, in order.
	offsets := make([]time.Duration, count)
	for i := range offsets {
		offsets[i] = time.Duration(c.r.Int64N(int64(total)))
	}
	slices.Sort(offsets)
	out := make([]sqldb.BulkRecord, 0, count)
	si, base := 0, time.Duration(0)
	for i, off := range offsets {
		for off-base >= spans[si].to.Sub(spans[si].from) && si < len(spans)-1 {
			base += spans[si].to.Sub(spans[si].from)
			si++
		}
		s := spans[si]
		t := c.workingTime(s.from.Add(off-base), s)
		kind := c.kindAt(i, count, t, s)
		if r, ok := c.record(kind, t, s); ok {
			c.followUp(&r)
			out = append(out, r)
		}
	}
	out = append(out, c.keepingUp(spans[len(spans)-1])...)
	slices.SortStableFunc(out, func(a, b sqldb.BulkRecord) int { return a.OccurredAt.Compare(b.OccurredAt) })
	return out
}

// visitGap is about how many days apart a child of each status is visited
// under the shipped clocks: every 10 working days on a protection plan,
// six weeks in care, two months for a care leaver, monthly otherwise.
var visitGap = map[kith.StatusKind]int{kith.StatusCP: 14, kith.StatusCLA: 42, kith.StatusCareLeaver: 60}

// keepingUp is the recent work on an open, allocated case: a worker keeps
// most of their visits and supervision in time, so the case's last visit
// and last case discussion fall within their clocks, and only now and
// then (one clock in twelve) is one late. Without it a running record
// spread evenly over years leaves nearly every case overdue, which no
// caseload is.
func (c *cast) keepingUp(s span) []sqldb.BulkRecord {
	g, tl := c.g, c.f.tl
	if !c.f.open || c.f.worker == nil || !tl.closedOn.IsZero() || c.f == g.busy {
		return nil // the busy case has exactly the records a benchmark asked for
	}
	m := c.at(s.to, s)
	gap := visitGap[m.status]
	if gap == 0 {
		gap = 30
	}
	var out []sqldb.BulkRecord
	for _, k := range []struct {
		kind rkind
		gap  int
	}{{rkVisit, gap}, {rkDiscussion, 61}} {
		ago := between(c.r, 1, k.gap*2/3)
		if chance(c.r, 1.0/12) {
			ago = k.gap + between(c.r, 1, 10)
		}
		t := c.workingTime(time.Date(g.today.Year, g.today.Month, g.today.Day, between(c.r, 9, 16), between(c.r, 0, 59), 0, 0, kith.London).AddDate(0, 0, -ago), s)
		if t.Before(s.from) || !t.Before(s.to) {
			continue
		}
		if r, ok := c.record(k.kind, t, s); ok {
			c.followUp(&r)
			out = append(out, r)
		}
	}
	return out
}

// kindAt picks the kind of the i-th record. The first follows the
// referral that opened the case; the last of a closed case is the
// manager's decision to close it; key moments (a child protection plan,
// care) have their record; the rest follow the mix of the work.
func (c *cast) kindAt(i, n int, t time.Time, s span) rkind {
	tl := c.f.tl
	switch {
	case i == 0 && t.Sub(tl.openedAt) < 7*24*time.Hour:
		return rkInfo
	case i == n-1 && !tl.closedOn.IsZero() && n > 2:
		return rkDecision
	}
	m := c.at(t, s)
	mix := recordMix["safeguarding"]
	switch {
	case m.setting == "care":
		mix = recordMix["care"]
	case m.setting == "leaver":
		mix = recordMix["leaver"]
	case m.status == kith.StatusEarlyHelp:
		mix = recordMix["early help"]
	}
	k := rkind(weighted(c.r, mix[:]...))
	switch {
	case k == rkDirect && m.age < 3:
		k = rkVisit
	case k == rkKeyEvent && m.day == kith.Today(tl.openedAt):
		// A key event is dated at midday: on the day the case opened it
		// could come before the opening itself.
		k = rkCall
	}
	return k
}

// workingTime moves a time to working hours on the same day (and a
// weekend to a weekday), when that keeps it within the span.
func (c *cast) workingTime(t time.Time, s span) time.Time {
	d := kith.Today(t)
	switch d.Time(kith.London).Weekday() {
	case time.Saturday:
		if chance(c.r, 0.9) {
			d = d.AddDays(-1)
		}
	case time.Sunday:
		if chance(c.r, 0.9) {
			d = d.AddDays(1)
		}
	}
	hour := between(c.r, 9, 16)
	if chance(c.r, 0.08) {
		hour = between(c.r, 17, 19) // an evening visit or call
	}
	w := time.Date(d.Year, d.Month, d.Day, hour, c.r.IntN(60), 0, 0, kith.London).UTC()
	margin := time.Duration(between(c.r, 5, 60)) * time.Minute
	switch {
	case s.to.Sub(s.from) < 3*time.Hour:
		return s.from.Add(s.to.Sub(s.from) / 2).Truncate(time.Minute)
	case !w.After(s.from):
		w = s.from.Add(margin)
	case !w.Before(s.to):
		w = s.to.Add(-margin)
	}
	return w.Truncate(time.Minute)
}

// workingHoursAfter is a time in working hours on the day that is days
// after t (a time later the same day when days is 0), never before t.
func (c *cast) workingHoursAfter(t time.Time, days int) time.Time {
	d := kith.Today(t).AddDays(days)
	w := time.Date(d.Year, d.Month, d.Day, between(c.r, 9, 17), c.r.IntN(60), c.r.IntN(60), 0, kith.London).UTC()
	if !w.After(t) {
		if t.In(kith.London).Hour() >= 17 {
			return c.workingHoursAfter(t, days+1) // written up the next morning
		}
		w = t.Add(time.Duration(between(c.r, 15, 120)) * time.Minute)
	}
	return w
}

// author is who wrote a record at a moment: the worker holding the case,
// sometimes a colleague on duty; before anyone is allocated, whoever
// opened it or someone in the team.
func (c *cast) author(s span) *staff {
	if s.worker != nil && !chance(c.r, 0.08) {
		return s.worker
	}
	if s.opener != nil && s.worker == nil {
		return s.opener
	}
	if len(s.team.practitioners) == 0 {
		return s.team.manager
	}
	return pick(c.r, s.team.practitioners)
}

// record writes one final record of a kind at a time.
func (c *cast) record(kind rkind, t time.Time, s span) (sqldb.BulkRecord, bool) {
	tp := c.g.templates[rkTemplate[kind]]
	if tp == nil {
		return sqldb.BulkRecord{}, false
	}
	author := c.author(s)
	switch kind {
	case rkDecision:
		author = s.team.manager
	case rkDiscussion:
		if chance(c.r, 0.5) {
			author = s.team.manager
		}
	}
	m := c.at(t, s)
	c.words(m, author)
	r := sqldb.BulkRecord{Template: tp, OccurredAt: t, AuthorID: author.id, Significant: tp.Significant}
	if tp.Session {
		until := t.Add(time.Duration(between(c.r, 3, 12)*10) * time.Minute)
		r.OccurredUntil = &until
	}
	switch kind {
	case rkVisit:
		c.visit(&r, m)
	case rkCall:
		c.call(&r, m)
	case rkInfo:
		c.info(&r, m)
	case rkContact:
		c.contact(&r, m)
	case rkDirect:
		c.direct(&r, m)
	case rkDiscussion:
		c.discussion(&r, m, author)
	case rkMeeting:
		c.meeting(&r, m)
	case rkEmail:
		c.email(&r, m, author)
	case rkKeyEvent:
		c.keyEvent(&r, m)
	case rkDecision:
		c.decision(&r, m)
	case rkIntervention:
		c.intervention(&r, m)
	}
	// Now and then harm or a risk comes to light: such records are due by
	// the end of the next working day.
	switch kind {
	case rkVisit, rkCall, rkInfo, rkContact, rkDirect, rkMeeting:
		r.RiskIdentified = chance(c.r, 0.08)
	}
	// Harm or a risk coming to light is a significant event: it belongs
	// in the chronology, with the key events, conferences and decisions
	// already flagged (about a tenth of the record in all).
	r.Significant = r.Significant || r.RiskIdentified
	// Written up the same day, the next day or two, or (now and then)
	// later than the five working days allowed.
	end := t
	if r.OccurredUntil != nil {
		end = *r.OccurredUntil
	}
	days := 0
	switch weighted(c.r, 0.55, 0.33, 0.12) {
	case 1:
		days = between(c.r, 1, 3)
	case 2:
		days = between(c.r, 4, 10)
	}
	// Recording begins soon after, the same day or on the day it is
	// finished.
	r.FinalisedAt = earlier(c.workingHoursAfter(end, days), c.g.now.Add(-time.Minute))
	if r.FinalisedAt.Before(end) {
		r.FinalisedAt = end
	}
	begun := end.Add(time.Duration(between(c.r, 5, 90)) * time.Minute)
	if days > 0 && chance(c.r, 0.5) {
		begun = r.FinalisedAt.Add(-time.Duration(between(c.r, 15, 90)) * time.Minute)
	}
	r.CreatedAt = earlier(later(begun, end), r.FinalisedAt).Truncate(time.Second)
	if r.CreatedAt.Before(c.f.tl.openedAt) {
		r.CreatedAt = c.f.tl.openedAt
	}
	if r.FinalisedAt.Before(r.CreatedAt) {
		r.FinalisedAt = r.CreatedAt
	}
	return r, true
}

// actions are zero to max actions, due a week to six weeks on.
// followUp decides what became of each action a record agreed, as of the
// day the council is built: most actions whose date has passed were done
// around it (a few stopped being needed), closing a case closes what was
// still open, and the rest, mostly recent, are open.
func (c *cast) followUp(r *sqldb.BulkRecord) {
	closed := c.f.tl.closedOn
	for _, s := range r.Template.Sections {
		if s.Kind != kith.SectionActions {
			continue
		}
		v := r.Content[s.Key]
		for i, a := range v.Actions {
			due, err := kith.ParseISODate(a.By)
			if err != nil {
				continue
			}
			made := kith.Today(r.FinalisedAt)
			if due.Before(made) {
				// Written up after its date: recorded as already done.
				v.Actions[i].Done = true
				r.FollowUps = append(r.FollowUps, sqldb.BulkFollowUp{Status: kith.ActionDone, On: due, Outcome: "Already done when it was recorded", ByID: r.AuthorID})
				continue
			}
			on := due.AddDays(between(c.r, -10, 3))
			if on.Before(made) {
				on = made
			}
			f := sqldb.BulkFollowUp{Status: kith.ActionDone, On: on, Outcome: "Done", ByID: r.AuthorID}
			switch roll := c.r.Float64(); {
			case !closed.IsZero() && closed.Before(on):
				f = sqldb.BulkFollowUp{Status: kith.ActionNotNeeded, On: closed, Outcome: "The case closed", ByID: r.AuthorID}
			case !closed.IsZero():
			case !on.Before(c.g.today) || (roll < 0.05 && days(due, c.g.today) < 30):
				// Not done yet: due soon, or (now and then) forgotten
				// for a few weeks; older ones were done or let go.
				f = sqldb.BulkFollowUp{}
			case roll < 0.12:
				f.Status, f.Outcome = kith.ActionNotNeeded, "No longer needed"
			}
			r.FollowUps = append(r.FollowUps, f)
		}
	}
}

func (c *cast) actions(m moment, author *staff, lo, max int) []kith.ActionItem {
	n := lo + c.r.IntN(max-lo+1)
	var out []kith.ActionItem
	seen := map[string]bool{}
	for range n {
		line := c.w.one(actionWhat)
		if seen[line] {
			continue
		}
		seen[line] = true
		what, whom, _ := strings.Cut(line, " ## ")
		// Each owner is chosen from the form's list, as a worker would,
		// not typed: the family version of a summary then says who they
		// are.
		who, whoRef := author.name, "worker:"+author.id
		switch strings.ToLower(whom) {
		case "manager":
			who, whoRef = m.span.team.manager.name, "worker:"+m.span.team.manager.id
		case "parent":
			who = c.w.vars["parentFull"]
			if c.parent != nil && c.parent.FullName() == who {
				whoRef = "family:" + c.parent.ID
			} else {
				whoRef = ""
			}
		case "carer":
			if c.carer != nil {
				who, whoRef = c.carer.FullName(), "family:"+c.carer.ID
			}
		case "child":
			who, whoRef = c.child.FullName(), "family:"+c.child.ID
		case "school":
			s := c.school(m.age)
			who, whoRef = s.p.Agency, "professional:"+s.id
		}
		out = append(out, kith.ActionItem{What: what, Who: who, WhoRef: whoRef, By: m.day.AddDays(between(c.r, 7, 42)).String()})
	}
	return out
}

func (c *cast) visit(r *sqldb.BulkRecord, m moment) {
	w := c.w
	r.Headline = w.one(visitHeadlines)
	present := kith.SectionValue{People: []kith.PersonRef{ref(c.child)}}
	switch m.setting {
	case "home":
		r.Location = "Family home"
		if c.parent.ID != "" {
			present.People = append(present.People, ref(c.parent))
		}
		if c.sib != nil && chance(c.r, 0.3) {
			present.People = append(present.People, ref(c.sib))
		}
	case "care":
		r.Location = "Foster home"
		if c.carer != nil {
			present.People = append(present.People, ref(c.carer))
		} else {
			present.Others = "Foster carer"
		}
	default:
		r.Location = w.vars["child"] + "'s flat"
	}
	seen := chance(c.r, 0.93)
	content := kith.RecordContent{"present": present}
	if seen {
		content["child_seen"] = kith.SectionValue{Answer: "yes"}
		alone := m.age >= 4 && chance(c.r, 0.6)
		if alone {
			content["child_seen_alone"] = kith.SectionValue{Answer: "yes"}
		} else {
			content["child_seen_alone"] = kith.SectionValue{Answer: "no", Reason: w.one(visitNotAlone)}
		}
		views := childViewsChild
		if m.age < 4 {
			views = childViewsYoung
		}
		content["child_views"] = kith.SectionValue{Text: w.some(views, 1, 3)}
	} else {
		content["child_seen"] = kith.SectionValue{Answer: "no", Reason: w.one(visitWhoNotSeen)}
		content["child_seen_alone"] = kith.SectionValue{Answer: "no", Reason: "The child was not seen on this visit."}
	}
	if chance(c.r, 0.7) {
		content["bedroom_seen"] = kith.SectionValue{Answer: "yes"}
	} else {
		content["bedroom_seen"] = kith.SectionValue{Answer: "no", Reason: w.one(visitNoBedroom)}
	}
	content["discussion"] = kith.SectionValue{Text: w.sentences(visitDiscussion)}
	good, restore := w.hopeful()
	if good {
		content["concerns"] = kith.SectionValue{Text: w.one(visitConcerns)}
	} else {
		content["concerns"] = kith.SectionValue{Text: w.some(visitConcerns, 1, 3)}
	}
	restore()
	content["observations"] = kith.SectionValue{Text: w.sentences(visitObservations)}
	content["analysis"] = kith.SectionValue{Text: w.some(visitAnalysis, 1, 3)}
	if a := c.actions(m, c.authorOf(r), 0, 2); len(a) > 0 {
		content["actions"] = kith.SectionValue{Actions: a}
	}
	r.Content = content
}

// authorOf finds the staff member who wrote a record, by id, among the
// people the span names (the writer's name is already in the words).
func (c *cast) authorOf(r *sqldb.BulkRecord) *staff {
	return &staff{id: r.AuthorID, name: c.w.vars["worker"]}
}

// party is who a call, letter or piece of information came from.
type party struct {
	name, role, agency, phone string
	kind                      string // "parent", "school", "health", "police", "carer", "young"
}

func (c *cast) professional(m moment) party {
	switch {
	case m.setting == "care" && c.carer != nil && chance(c.r, 0.4):
		return c.personParty(c.carer, "foster carer", "carer")
	case m.age >= 5 && m.age <= 16 && chance(c.r, 0.5):
		s := c.school(m.age)
		return party{name: s.p.Name, role: s.p.Role, agency: s.p.Agency, phone: s.p.Phone, kind: "school"}
	case c.fa.police != nil && chance(c.r, 0.2):
		p := c.fa.police
		return party{name: p.p.Name, role: p.p.Role, agency: p.p.Agency, phone: p.p.Phone, kind: "police"}
	}
	p := c.fa.gp
	if m.age < 5 && chance(c.r, 0.6) {
		p = c.fa.hv
	}
	return party{name: p.p.Name, role: p.p.Role, agency: p.p.Agency, phone: p.p.Phone, kind: "health"}
}

func (c *cast) personParty(p *kith.Person, role, kind string) party {
	phone := "Not given"
	if n := len(p.Phones); n > 0 {
		phone = p.Phones[n-1].Number
	}
	return party{name: p.FullName(), role: role, phone: phone, kind: kind}
}

func (c *cast) parentParty() party {
	role := "parent"
	if c.parent == c.gran {
		role = "grandparent"
	} else if c.parent.Gender == kith.GenderFemale {
		role = "mother"
	} else if c.parent.Gender == kith.GenderMale {
		role = "father"
	}
	return c.personParty(c.parent, role, "parent")
}

func (c *cast) call(r *sqldb.BulkRecord, m moment) {
	w := c.w
	var p party
	switch {
	case m.setting == "leaver" || (m.age >= 14 && chance(c.r, 0.2)):
		p = c.personParty(c.child, "young person", "young")
	case m.setting == "home" && chance(c.r, 0.55):
		p = c.parentParty()
	default:
		p = c.professional(m)
	}
	w.vars["proname"] = p.name
	direction := pick(c.r, []string{"incoming", "outgoing"})
	content := kith.RecordContent{"direction": {Text: direction}, "phone_number": {Text: p.phone}, "other_party": {Text: p.name + ", " + p.role}}
	switch p.kind {
	case "parent":
		r.Headline = w.one(callParentHeadlines)
		if direction == "incoming" {
			content["purpose"] = kith.SectionValue{Text: w.one(callParentPurposeIn)}
		} else {
			content["purpose"] = kith.SectionValue{Text: w.one(callParentPurposeOut)}
		}
		content["content"] = kith.SectionValue{Text: w.some(callParentContent, 1, 3)}
		if direction == "outgoing" && chance(c.r, 0.1) {
			r.Headline = "Call to " + w.vars["parent"] + ": no answer"
			content["content"] = kith.SectionValue{Text: w.fill("{parent} did not answer; I left a voicemail asking {pobj} to ring me back.")}
		}
	case "young":
		r.Headline = w.one(callYoungHeadlines)
		if r.Headline == "" {
			r.Headline = "Call with " + w.vars["child"]
		}
		content["purpose"] = kith.SectionValue{Text: "To check in with " + w.vars["child"] + "."}
		content["content"] = kith.SectionValue{Text: w.some(callYoungContent, 1, 3)}
	default:
		r.Headline = w.one(callProHeadlines[p.kind])
		if direction == "incoming" {
			content["purpose"] = kith.SectionValue{Text: w.one(callProPurposeIn)}
		} else {
			content["purpose"] = kith.SectionValue{Text: w.one(callProPurpose)}
		}
		content["content"] = kith.SectionValue{Text: w.some(callProContent[p.kind], 1, 3)}
	}
	if a := c.actions(m, c.authorOf(r), 0, 1); len(a) > 0 {
		content["actions"] = kith.SectionValue{Actions: a}
	}
	r.Content = content
}

func (c *cast) info(r *sqldb.BulkRecord, m moment) {
	w := c.w
	p := c.professional(m)
	if p.kind == "carer" || p.kind == "parent" {
		p = party{name: c.fa.gp.p.Name, role: c.fa.gp.p.Role, agency: c.fa.gp.p.Agency, kind: "health"}
	}
	var pairs, next bank
	switch p.kind {
	case "school":
		pairs, next = infoSchool, infoSchoolNext
	case "police":
		pairs, next = infoPolice, infoPoliceNext
	default:
		pairs, next = infoHealth, infoHealthNext
	}
	head, said, _ := strings.Cut(w.one(pairs), " ## ")
	r.Headline = head
	if more := w.some(next, 0, 2); more != "" {
		said += " " + more
	}
	if m.at.Sub(c.f.tl.openedAt) < 7*24*time.Hour && m.at.After(c.f.tl.openedAt.Add(-time.Hour)) {
		r.Headline = "Referral from " + p.agency + ": " + lowerFirstWord(r.Headline)
	}
	received := m.at.In(kith.London).Format("2006-01-02 15:04")
	how := pick(c.r, []string{"phone", "phone", "email", "email", "letter", "meeting", "in_person"})
	content := kith.RecordContent{"agency": {Text: p.agency}, "informant": {Text: p.name + ", " + p.role},
		"how_received": {Text: how}, "received_at": {Text: received}, "information": {Text: capitalise(said)}}
	if a := c.actions(m, c.authorOf(r), 0, 2); len(a) > 0 {
		content["actions"] = kith.SectionValue{Actions: a}
	}
	r.Content = content
}

// lowerFirstWord lower-cases the first letter of a headline that follows
// a colon, unless it starts with a name.
func lowerFirstWord(s string) string {
	word, _, _ := strings.Cut(s, " ")
	switch word {
	case "School", "Police", "Hospital", "Health", "GP":
		return strings.ToLower(s[:1]) + s[1:]
	}
	return s
}

func (c *cast) contact(r *sqldb.BulkRecord, m moment) {
	w := c.w
	r.Headline = w.one(contactHeadlines)
	attendees := kith.SectionValue{People: []kith.PersonRef{ref(c.child)}}
	if c.parent.ID != "" {
		attendees.People = append(attendees.People, ref(c.parent))
	}
	place := pick(c.r, []string{w.vars["town"] + " family centre", w.vars["town"] + " family centre", "the park in " + w.vars["town"], "McDonald's in " + w.vars["town"]})
	r.Location = place
	content := kith.RecordContent{"attendees": attendees,
		"purpose":       {Text: w.one(contactPurpose)},
		"what_happened": {Text: w.sentences(contactWhatHappened)},
		"risks":         {Text: w.one(contactRisks)},
		"next_session":  {Text: w.one(contactNext)}}
	r.Content = content
}

func (c *cast) direct(r *sqldb.BulkRecord, m moment) {
	w := c.w
	head, aim, _ := strings.Cut(w.one(directSessions), " ## ")
	r.Headline = head
	views := childViewsChild
	if m.age < 4 {
		views = childViewsYoung
	}
	r.Location = pick(c.r, []string{"School", "Family home", "The office", "Family centre"})
	content := kith.RecordContent{"took_part": {People: []kith.PersonRef{ref(c.child)}},
		"aim": {Text: capitalise(aim)}, "method": {Text: w.some(directMethod, 1, 2)},
		"child_views": {Text: w.some(views, 1, 3)}, "aim_met": {Text: pick(c.r, []string{"yes", "yes", "partly", "no"})},
		"outcome": {Text: w.some(directOutcome, 1, 3)}, "observations": {Text: w.some(directObservations, 1, 3)}}
	if a := c.actions(m, c.authorOf(r), 0, 1); len(a) > 0 {
		content["actions"] = kith.SectionValue{Actions: a}
	}
	r.Content = content
}

func (c *cast) discussion(r *sqldb.BulkRecord, m moment, author *staff) {
	w := c.w
	r.Headline = w.one(discussionHeadlines)
	worker := m.span.worker
	others := m.span.team.manager.name + " (team manager)"
	if worker != nil {
		others = worker.name + " (" + lowerFirst(worker.job) + "), " + others
	}
	r.Location = "The office"
	content := kith.RecordContent{"attendees": {Others: others}, "discussion": {Text: w.sentences(discussionText)},
		"decisions": {Text: w.some(discussionDecisions, 1, 3)}}
	if a := c.actions(m, author, 1, 3); len(a) > 0 {
		content["actions"] = kith.SectionValue{Actions: a}
	}
	r.Content = content
}

func (c *cast) meetingType(m moment) string {
	tl := c.f.tl
	switch {
	case !tl.cpOn.IsZero() && m.day == tl.cpOn:
		return "initial_cp_conference"
	case m.status == kith.StatusCP:
		return pick(c.r, []string{"core_group", "core_group", "core_group", "review_cp_conference", "strategy_discussion"})
	}
	return "professionals_meeting"
}

var meetingNames = map[string]string{"initial_cp_conference": "Initial child protection conference", "review_cp_conference": "Review child protection conference",
	"core_group": "Core group", "strategy_discussion": "Strategy discussion", "professionals_meeting": "Professionals' meeting"}

func (c *cast) meeting(r *sqldb.BulkRecord, m moment) {
	w := c.w
	kind := c.meetingType(m)
	w.vars["meetingname"] = meetingNames[kind]
	r.Headline = w.one(meetingHeadlines)
	if kind == "initial_cp_conference" || kind == "review_cp_conference" || kind == "strategy_discussion" {
		r.Significant = true
	}
	var invited []kith.Attendee
	came := func(name, role, agency string) {
		invited = append(invited, kith.Attendee{Name: name, Role: role, Agency: agency, Attended: kith.Attended})
	}
	if c.parent.ID != "" && kind != "strategy_discussion" {
		came(c.parent.FullName(), "Parent", "Family")
	}
	if s := c.school(m.age); s != nil {
		came(s.p.Name, s.p.Role, s.p.Agency)
	}
	if c.fa.police != nil && (kind == "strategy_discussion" || chance(c.r, 0.3)) {
		came(c.fa.police.p.Name, c.fa.police.p.Role, c.fa.police.p.Agency)
	}
	if kind == "initial_cp_conference" && c.fa.chair != nil {
		came(c.fa.chair.p.Name, "Chair", c.fa.chair.p.Agency)
	}
	if m.setting == "care" && c.iro != nil {
		came(c.iro.p.Name, "Independent reviewing officer", c.iro.p.Agency)
	}
	came(w.vars["worker"], "Social worker", "Children's services")
	if chance(c.r, 0.3) {
		invited = append(invited, kith.Attendee{Name: c.fa.gp.p.Name, Role: "GP", Agency: c.fa.gp.p.Agency, Attended: kith.Apologies})
	}
	r.Location = pick(c.r, []string{"Council offices, " + w.vars["town"], "Online (Teams)", w.vars["school"]})
	content := kith.RecordContent{"meeting_type": {Text: kind}, "attendance": {Attendance: invited},
		"discussion": {Text: w.sentences(meetingDiscussion)}, "decisions": {Text: w.some(meetingDecisions, 1, 3)}}
	if a := c.actions(m, c.authorOf(r), 1, 3); len(a) > 0 {
		content["actions"] = kith.SectionValue{Actions: a}
	}
	r.Content = content
}

func (c *cast) email(r *sqldb.BulkRecord, m moment, author *staff) {
	w := c.w
	var head, body bank
	direction, from, to := "sent", author.name, ""
	switch {
	case m.setting != "leaver" && c.parent.ID != "" && chance(c.r, 0.4):
		p := c.parentParty()
		if chance(c.r, 0.6) {
			head, body, to = emailToParentHeadlines, emailToParent, p.name
		} else {
			head, body, direction, from, to = emailFromParentHeadlines, emailFromParent, "received", p.name, author.name
		}
	default:
		p := c.professional(m)
		w.vars["proname"] = p.name
		who := p.name + " (" + firstNonEmpty(p.agency, p.role) + ")"
		if chance(c.r, 0.5) {
			head, body, to = emailToProHeadlines, emailToPro, who
		} else {
			head, body, direction, from, to = emailFromProHeadlines, emailFromPro, "received", who, author.name
		}
	}
	headline, subject, _ := strings.Cut(w.one(head), " ## ")
	r.Headline = headline
	content := kith.RecordContent{"direction": {Text: direction}, "correspondents": {Text: "From " + from + " to " + to},
		"subject": {Text: capitalise(subject)}, "content": {Text: w.some(body, 1, 2)}}
	if a := c.actions(m, author, 0, 1); len(a) > 0 {
		content["actions"] = kith.SectionValue{Actions: a}
	}
	r.Content = content
}

func firstNonEmpty(s ...string) string {
	for _, x := range s {
		if x != "" {
			return x
		}
	}
	return ""
}

func (c *cast) keyEvent(r *sqldb.BulkRecord, m moment) {
	w := c.w
	kinds := []string{"assessment_completed", "other"}
	if m.setting == "care" {
		kinds = append(kinds, "court_hearing", "placement_change")
	}
	if !c.f.tl.claOn.IsZero() && m.day == c.f.tl.claOn {
		kinds = []string{"became_looked_after"}
	}
	kind := pick(c.r, kinds)
	line := w.one(keyEvents[kind])
	if line == "" {
		kind, line = "assessment_completed", w.one(keyEvents["assessment_completed"])
	}
	head, detail, _ := strings.Cut(line, " ## ")
	r.Headline = head
	r.Content = kith.RecordContent{"event_type": {Text: kind}, "event_date": {Text: m.day.String()}, "detail": {Text: capitalise(detail)}}
}

func (c *cast) decision(r *sqldb.BulkRecord, m moment) {
	w := c.w
	tl := c.f.tl
	closing := !tl.closedOn.IsZero() && m.at.After(tl.closedOn.Time(kith.London).AddDate(0, 0, -60))
	if closing {
		r.Headline = "Case to close"
		r.Content = kith.RecordContent{"decision": {Text: w.one(closeDecisions)}, "rationale": {Text: w.some(closeRationale, 1, 3)}}
		return
	}
	head, decision, _ := strings.Cut(w.one(decisions), " ## ")
	r.Headline = head
	r.Significant = chance(c.r, 0.4)
	content := kith.RecordContent{"decision": {Text: capitalise(decision)}, "rationale": {Text: w.some(decisionRationale, 1, 3)}}
	if a := c.actions(m, c.authorOf(r), 0, 2); len(a) > 0 {
		content["actions"] = kith.SectionValue{Actions: a}
	}
	r.Content = content
}

func (c *cast) intervention(r *sqldb.BulkRecord, m moment) {
	w := c.w
	name := w.one(interventionNames)
	r.Headline = name + " with " + w.vars["parent"]
	r.Location = "Family home"
	present := kith.SectionValue{People: []kith.PersonRef{ref(c.child)}}
	if c.parent.ID != "" {
		present.People = append(present.People, ref(c.parent))
	}
	content := kith.RecordContent{"intervention": {Text: name}, "purpose": {Text: w.one(interventionPurpose)}, "present": present,
		"location_time": {Text: "At home, " + m.at.In(kith.London).Format("Monday 2 January at 15:04") + ", so that " + w.vars["child"] + " could take part after school."},
		"activities":    {Text: w.some(interventionActivities, 1, 3)}, "observations": {Text: w.some(interventionObservations, 1, 2)},
		"outcome": {Text: w.one(interventionOutcome)}}
	if chance(c.r, 0.06) {
		content["safeguarding"] = kith.SectionValue{Answer: "yes", Reason: w.one(visitConcerns)}
	} else {
		content["safeguarding"] = kith.SectionValue{Answer: "no"}
	}
	if chance(c.r, 0.5) {
		content["worries"] = kith.SectionValue{Text: w.one(interventionWorries)}
	}
	content["actions"] = kith.SectionValue{Actions: c.actions(m, c.authorOf(r), 1, 2)}
	r.Content = content
}

// draft is an unfinished record a demo user is still writing, about
// something that happened in the last few days, with its later sections
// still empty.
func (c *cast) draft(n int, kind rkind, author *staff, s span) (sqldb.BulkRecord, bool) {
	g := c.g
	day := kith.Today(g.now).AddDays(-1 - n)
	t := time.Date(day.Year, day.Month, day.Day, between(c.r, 9, 16), c.r.IntN(60), 0, 0, kith.London).UTC()
	if !t.After(s.from) || !t.Before(s.to) {
		return sqldb.BulkRecord{}, false
	}
	r, ok := c.record(kind, t, s)
	if !ok {
		return r, false
	}
	r.AuthorID = author.id
	// Leave the last sections unwritten.
	keep := map[string]bool{}
	for i, sec := range r.Template.Sections {
		if i < (len(r.Template.Sections)+1)/2 {
			keep[sec.Key] = true
		}
	}
	for k := range r.Content {
		if !keep[k] {
			delete(r.Content, k)
		}
	}
	r.CreatedAt = earlier(t.Add(time.Duration(between(c.r, 30, 300))*time.Minute), g.now.Add(-time.Minute))
	r.FinalisedAt = time.Time{}
	return r, true
}

// records writes the running record of the i-th child of a family: about
// perCase final records (more or fewer at random), or Config.BusyCaseRecords
// for the busy case, and the demo users' drafts.
func (g *gen) records(bc *sqldb.BulkCase, f *family, h *household, children []*kith.Person, i int, fa familyAgencies, perCase float64) []sqldb.BulkRecord {
	c := g.newCast(f, h, children, i, fa)
	n := max(1, int(perCase*(0.6+0.8*c.r.Float64())+0.5))
	if f == g.busy && i == 0 {
		n = g.cfg.BusyCaseRecords
	}
	out := c.caseRecords(n)
	if rs, enquiry, ok := c.enquiry(); ok && !(f == g.busy && i == 0) {
		for n, r := range rs {
			at, _ := slices.BinarySearchFunc(out, r.OccurredAt, func(x sqldb.BulkRecord, t time.Time) int { return x.OccurredAt.Compare(t) })
			out = slices.Insert(out, at, r)
			if n == 0 {
				enquiry.StrategyRecord = at
			}
		}
		bc.Section47 = enquiry
	}
	for _, r := range out {
		if !r.FinalisedAt.IsZero() {
			g.recordsN++
		}
	}
	spans := g.spans(f.tl)
	if !f.open || len(spans) == 0 || i != 0 {
		return out
	}
	last := spans[len(spans)-1]
	demoTeam := g.byKind[kindSafeguarding][0]
	switch {
	case f.worker != nil && f.worker.username == UserPractitioner && g.demoDrafts < 4:
		if d, ok := c.draft(g.demoDrafts, []rkind{rkVisit, rkCall, rkInfo, rkDirect}[g.demoDrafts], f.worker, last); ok {
			out = append(out, d)
			g.demoDrafts++
			g.draftsN++
		}
	case f.team == demoTeam && !g.managerDraft && f.team.manager.username == UserManager:
		if d, ok := c.draft(0, rkDecision, f.team.manager, last); ok {
			out = append(out, d)
			g.managerDraft = true
			g.draftsN++
		}
	}
	return out
}
