package synth

import (
	"math/rand/v2"
	"time"

	"kith"
	"kith/sqldb"
)

// enquirySalt seeds each case's enquiry apart from its running record, so
// a council generated with the same seed is as it was before enquiries
// were generated, but for them.
const enquirySalt = 0x73343721

// categoriesOfAbuse are the categories conferences choose, with invented
// weights (neglect and emotional abuse the commonest, multiple rare).
var categoriesOfAbuse = []codeWeight{{"NEG", 48}, {"EMO", 36}, {"PHY", 8}, {"SAB", 5}, {"MUL", 3}}

// enquiry gives a child whose child protection plan began at a conference
// the strategy discussion before it, as a final meeting record in the
// running record, and the section 47 enquiry it started: concluded a day
// or two before the conference, which decided on the plan. The discussion
// falls 8 to 20 days before the conference, in working hours, while the
// case was open and within the records' window; a case where it cannot
// gets none. The first record returned is the strategy discussion's; a
// second is the plan's first core group.
func (c *cast) enquiry() ([]sqldb.BulkRecord, *sqldb.BulkSection47, bool) {
	g, tl := c.g, c.f.tl
	if tl.cpOn.IsZero() {
		return nil, nil, false
	}
	saved := c.r
	defer func() { c.r = saved }()
	c.r = rand.New(rand.NewPCG(uint64(g.cfg.Seed)^enquirySalt, uint64(c.f.seq)<<4|uint64(c.childIndex)))

	day := weekdayOnOrBefore(nextWeekday(tl.cpOn.AddDays(-between(c.r, 8, 20)), 0))
	at := time.Date(day.Year, day.Month, day.Day, between(c.r, 9, 15), 15*c.r.IntN(4), 0, 0, kith.London).UTC()
	tp := g.templates[kith.StrategyTemplate]
	r, authorID, ok := c.meetingAt(tp, at, kith.StrategyMeetingType)
	if !ok {
		return nil, nil, false
	}
	r.Significant = true
	concluded := tl.cpOn.AddDays(-between(c.r, 0, 2))
	if concluded.Before(day) {
		concluded = day
	}
	s := &sqldb.BulkSection47{At: r.FinalisedAt.Add(time.Minute), By: authorID, Outcome: kith.S47Conference, ConcludedOn: concluded,
		Conference:   &kith.ConferenceInput{HeldOn: tl.cpOn, Decision: kith.ConferencePlan, Category: draw(c.r, categoriesOfAbuse)},
		ConferenceAt: earlier(time.Date(tl.cpOn.Year, tl.cpOn.Month, tl.cpOn.Day, 16, 30, 0, 0, kith.London).UTC(), g.now.Add(-time.Minute))}
	out := []sqldb.BulkRecord{r}
	if core := c.firstCoreGroup(tp); core != nil {
		out = append(out, *core)
	}
	return out, s, true
}

// firstCoreGroup is, for nine plans in ten, the first core group meeting
// after the conference: mostly within its 10 working days, now and then a
// few days late. Nil when it would fall outside the records or the case.
func (c *cast) firstCoreGroup(tp *kith.Template) *sqldb.BulkRecord {
	tl := c.f.tl
	if c.r.IntN(10) == 0 {
		return nil
	}
	day := nextWeekday(tl.cpOn, between(c.r, 4, 13))
	at := time.Date(day.Year, day.Month, day.Day, between(c.r, 9, 15), 15*c.r.IntN(4), 0, 0, kith.London).UTC()
	r, _, ok := c.meetingAt(tp, at, kith.CoreGroupMeetingType)
	if !ok {
		return nil
	}
	return &r
}

// meetingAt writes a final meeting record of the given type held at at,
// by whoever held the case then: nil when at falls outside the records'
// window or the time the case was open, or it would be finalised after
// now.
func (c *cast) meetingAt(tp *kith.Template, at time.Time, meetingType string) (sqldb.BulkRecord, string, bool) {
	g := c.g
	lo, hi := g.recordWindow()
	in := g.spanAt(c.f.tl, at)
	if at.Before(lo) || at.After(hi) || in == nil || tp == nil {
		return sqldb.BulkRecord{}, "", false
	}
	author := c.author(*in)
	m := c.at(at, *in)
	c.words(m, author)
	until := at.Add(time.Hour)
	r := sqldb.BulkRecord{Template: tp, OccurredAt: at, OccurredUntil: &until, AuthorID: author.id}
	c.meeting(&r, m)
	r.Content["meeting_type"] = kith.SectionValue{Text: meetingType}
	r.CreatedAt = at.Add(2 * time.Hour)
	r.FinalisedAt = earlier(at.Add(5*time.Hour), g.now.Add(-time.Minute))
	if !r.FinalisedAt.After(r.CreatedAt) {
		return sqldb.BulkRecord{}, "", false
	}
	c.followUp(&r)
	return r, author.id, true
}

// spanAt is the stretch of the case's time open that holds at, or nil.
func (g *gen) spanAt(tl *timeline, at time.Time) *span {
	for _, s := range g.spans(tl) {
		if !at.Before(s.from) && at.Before(s.to) {
			return &s
		}
	}
	return nil
}
