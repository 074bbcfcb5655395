package synth

import (
	"sort"
	"time"

	"kith"
)

// profile is the path a case takes through the service.
type profile int

const (
	pEarlyHelp profile = iota
	pCIN               // child in need
	pCP                // child protection plan (after being a child in need)
	pCLA               // looked after (after being in need, perhaps on a plan)
	pLeaver            // care leaver: looked after until 18
)

// family is one or more children whose cases share a timeline: siblings
// referred together, held by one team and, while open, one worker.
type family struct {
	seq    int
	team   *team
	worker *staff // the worker holding the open cases; nil when unallocated or closed
	open   bool
	prof   profile
	size   int
	dobs   []kith.Date
	tl     *timeline
	// restrictedAt, when set, restricts the first child's case.
	restrictedAt time.Time
}

// planFamilies decides every family: its team, worker, profile and
// timeline, and its children's dates of birth. Families come back in the
// order their cases opened, so case references run in date order within
// each year, as they would have been given.
func (g *gen) planFamilies() []*family {
	var fams []*family
	add := func(t *team, w *staff, open bool, n int) {
		for n > 0 {
			size := 1
			if t.kind != kindLeavingCare {
				size = min(1+weighted(g.r, 0.65, 0.25, 0.10), n)
			}
			fams = append(fams, &family{seq: len(fams), team: t, worker: w, open: open, size: size})
			n -= size
		}
	}
	for _, t := range g.teams {
		for _, p := range t.practitioners {
			add(t, p, true, p.caseload)
		}
		add(t, nil, true, t.unallocated)
		add(t, nil, false, t.closed)
	}
	demo := g.byKind[kindSafeguarding][0].practitioners[0]
	demoRestricted := false
	for _, f := range fams {
		f.prof = g.profileFor(f.team.kind)
		g.plan(f)
		restrict := f.open && chance(g.r, 0.01)
		if f.worker == demo && !demoRestricted {
			// The demo practitioner always has a restricted case to show.
			restrict, demoRestricted = true, true
		}
		if restrict {
			tl := f.tl
			from := kith.Today(tl.last)
			if from.Before(g.today) {
				f.restrictedAt = g.timeOn(tl, from.AddDays(g.r.IntN(max(1, days(from, g.today)))))
			} else {
				f.restrictedAt = g.timeOn(tl, from)
			}
		}
	}
	sort.SliceStable(fams, func(i, j int) bool {
		a, b := fams[i].tl.openedOn, fams[j].tl.openedOn
		if a != b {
			return a.Before(b)
		}
		return fams[i].seq < fams[j].seq
	})
	return fams
}

func (g *gen) profileFor(k teamKind) profile {
	switch k {
	case kindEarlyHelp:
		return pEarlyHelp
	case kindLookedAfter:
		return pCLA
	case kindLeavingCare:
		return pLeaver
	}
	if chance(g.r, 0.35) {
		return pCP
	}
	return pCIN
}

// days is the number of days from a to b.
func days(a, b kith.Date) int {
	return int(b.Time(time.UTC).Sub(a.Time(time.UTC)).Hours() / 24)
}

// addYears moves a date by whole years; 29 February becomes 1 March.
func addYears(d kith.Date, n int) kith.Date {
	return kith.DateOf(time.Date(d.Year+n, d.Month, d.Day, 0, 0, 0, 0, time.UTC))
}

// ago is the date n days before today.
func (g *gen) ago(n int) kith.Date { return g.today.AddDays(-n) }

// window picks the dates a case opened and (for closed cases) closed.
// Events happen on days from opened up to the day before end; a closed
// case closes on end, an open one is still open today.
func (g *gen) window(f *family, openLo, openHi, minSpan, maxSpan int) (opened, end kith.Date) {
	if f.open {
		return g.ago(between(g.r, openLo, openHi)), g.today
	}
	opened = g.ago(between(g.r, max(openLo, minSpan+1), max(openHi, 2400)))
	span := between(g.r, minSpan, min(maxSpan, days(opened, g.today)-1))
	return opened, opened.AddDays(span)
}

// plan builds a family's timeline and dates of birth.
func (g *gen) plan(f *family) {
	var tl *timeline
	switch f.prof {
	case pEarlyHelp:
		tl = g.planEarlyHelp(f)
	case pCIN, pCP:
		tl = g.planSafeguarding(f)
	case pCLA:
		tl = g.planLookedAfter(f)
	case pLeaver:
		tl = g.planLeaver(f)
	}
	f.tl = tl
	if f.dobs == nil {
		f.dobs = g.dobs(f)
	}
}

func (g *gen) planEarlyHelp(f *family) *timeline {
	opened, end := g.window(f, 7, 400, 30, 450)
	tl := g.open(f.team, opened)
	tl.at(opened, func(d kith.Date) { g.startStatus(tl, kith.StatusEarlyHelp, d) })
	g.allocate(tl, f, opened, end)
	g.finish(tl, f, end)
	return tl
}

func (g *gen) planSafeguarding(f *family) *timeline {
	lo, hi := 10, 900
	if f.prof == pCP {
		lo, hi = 60, 1000
	}
	opened, end := g.window(f, lo, hi, 14, 900)
	span := days(opened, end)
	var tl *timeline
	cinFrom := opened
	switch {
	case span >= 60 && chance(g.r, 0.25):
		// Stepped up from early help after an assessment.
		eh := g.near(kindEarlyHelp, f.team.town)
		tl = g.open(eh, opened)
		tl.at(opened, func(d kith.Date) { g.startStatus(tl, kith.StatusEarlyHelp, d) })
		tl.at(opened.AddDays(between(g.r, 0, 5)), func(d kith.Date) { g.move(tl, d, eh, g.member(eh), "") })
		cinFrom = opened.AddDays(between(g.r, 30, min(200, span-20)))
		tl.at(cinFrom, func(d kith.Date) { g.switchStatus(tl, kith.StatusEarlyHelp, kith.StatusCIN, d) })
		final := g.workerFor(f)
		tl.at(cinFrom, func(d kith.Date) {
			g.move(tl, d, f.team, final, "Stepped up to children's social care after a child and family assessment")
		})
		g.laterTransfer(tl, f, cinFrom, end, final)
	case f.open && f.prof == pCIN && chance(g.r, 0.05):
		// Known before: an earlier episode closed, then a new referral.
		first := opened.AddDays(-between(g.r, 200, 1500))
		closed := first.AddDays(between(g.r, 30, 180))
		tl = g.open(f.team, first)
		tl.at(first, func(d kith.Date) { g.startStatus(tl, kith.StatusCIN, d) })
		tl.at(first.AddDays(between(g.r, 0, 5)), func(d kith.Date) { g.move(tl, d, f.team, g.member(f.team), "") })
		reason := pick(g.r, []string{"RC7", "RC8"})
		tl.at(closed, func(d kith.Date) { g.closeCase(tl, d, reason, "") })
		tl.at(opened, func(d kith.Date) { g.reopen(tl, d, pick(g.r, reopenReasons)) })
		tl.at(opened, func(d kith.Date) { g.startStatus(tl, kith.StatusCIN, d) })
		g.allocate(tl, f, opened, end)
	default:
		tl = g.open(f.team, opened)
		tl.at(opened, func(d kith.Date) { g.startStatus(tl, kith.StatusCIN, d) })
		g.allocate(tl, f, opened, end)
	}
	if f.prof == pCP {
		left := days(cinFrom, end)
		if left > 16 {
			// Conferences are held on weekdays (census rule 8875).
			cp := weekdayOnOrBefore(cinFrom.AddDays(between(g.r, 15, min(60, left-1))))
			tl.cpOn = cp
			tl.at(cp, func(d kith.Date) { g.switchStatus(tl, kith.StatusCIN, kith.StatusCP, d) })
			if !f.open && days(cp, end) > 100 && chance(g.r, 0.6) {
				// The plan ended and the child stepped down to child in need.
				tl.at(cp.AddDays(between(g.r, 90, days(cp, end)-1)), func(d kith.Date) {
					g.switchStatus(tl, kith.StatusCP, kith.StatusCIN, d)
				})
			}
		}
	}
	g.finish(tl, f, end)
	return tl
}

func (g *gen) planLookedAfter(f *family) *timeline {
	opened, end := g.window(f, 120, 2800, 120, 1800)
	sg := g.near(kindSafeguarding, f.team.town)
	tl := g.open(sg, opened)
	tl.at(opened, func(d kith.Date) { g.startStatus(tl, kith.StatusCIN, d) })
	tl.at(opened.AddDays(between(g.r, 0, 5)), func(d kith.Date) { g.move(tl, d, sg, g.member(sg), "") })
	before, from := kith.StatusCIN, opened.AddDays(6)
	if chance(g.r, 0.4) {
		cp := weekdayOnOrBefore(opened.AddDays(between(g.r, 15, 60)))
		tl.cpOn = cp
		tl.at(cp, func(d kith.Date) { g.switchStatus(tl, kith.StatusCIN, kith.StatusCP, d) })
		before, from = kith.StatusCP, cp.AddDays(1)
	}
	cla := from.AddDays(between(g.r, 30, 400))
	if latest := end.AddDays(-14); cla.After(latest) {
		cla = latest
	}
	if !cla.After(from) {
		cla = from
	}
	tl.claOn = cla
	tl.at(cla, func(d kith.Date) { g.switchStatus(tl, before, kith.StatusCLA, d) })
	final := g.workerFor(f)
	first := lookedAfterWorker(f, final)
	tl.at(cla, func(d kith.Date) { g.move(tl, d, f.team, first, "Child became looked after") })
	g.laterTransfer(tl, f, cla, end, final)
	g.finish(tl, f, end)
	return tl
}

// lookedAfterWorker is who takes a looked-after child's or care leaver's
// case when it comes to a team: its final worker, or one of the team's
// practitioners for a case the council's shape left waiting for
// allocation, since a looked-after child always has a social worker (Care
// Planning, Placement and Case Review (England) Regulations 2010) and a
// care leaver a personal adviser (Children Act 1989, section 23D). The
// choice is made without the generator's random stream, so the rest of
// the council is as it was.
func lookedAfterWorker(f *family, final *staff) *staff {
	if final != nil || !f.open || len(f.team.practitioners) == 0 {
		return final
	}
	return f.team.practitioners[f.seq%len(f.team.practitioners)]
}

// planLeaver is a young person looked after as a teenager who is now 18 to
// 21 (or, closed, reached 21): the timeline is worked back from their
// birthdays.
func (g *gen) planLeaver(f *family) *timeline {
	var dob kith.Date
	if f.open {
		dob = g.ago(between(g.r, 18*365+10, 22*365-10))
	} else {
		dob = addYears(g.ago(between(g.r, 2, 1800)), -21)
	}
	f.dobs = []kith.Date{dob}
	at18, at21 := addYears(dob, 18), addYears(dob, 21)
	cla := at18.AddDays(-between(g.r, 180, 2000))
	opened := cla.AddDays(-between(g.r, 20, 150))
	sg, la := g.near(kindSafeguarding, f.team.town), g.near(kindLookedAfter, f.team.town)
	tl := g.open(sg, opened)
	tl.claOn = cla
	tl.at(opened, func(d kith.Date) { g.startStatus(tl, kith.StatusCIN, d) })
	tl.at(opened.AddDays(between(g.r, 0, 5)), func(d kith.Date) { g.move(tl, d, sg, g.member(sg), "") })
	tl.at(cla, func(d kith.Date) { g.switchStatus(tl, kith.StatusCIN, kith.StatusCLA, d) })
	tl.at(cla, func(d kith.Date) { g.move(tl, d, la, g.member(la), "Child became looked after") })
	tl.at(at18, func(d kith.Date) { g.switchStatus(tl, kith.StatusCLA, kith.StatusCareLeaver, d) })
	tl.at(at18, func(d kith.Date) {
		g.move(tl, d, f.team, lookedAfterWorker(f, g.workerFor(f)), "Young person turned 18 and moved to the leaving care team")
	})
	end := g.today
	if !f.open {
		end = at21
	}
	g.finish(tl, f, end)
	return tl
}

// allocate schedules the allocations of a case that a team holds from a
// date: to its final worker (perhaps after another worker first), or, for
// a case waiting for allocation, nobody (perhaps after a worker who left).
func (g *gen) allocate(tl *timeline, f *family, from, end kith.Date) {
	left := days(from, end)
	if left < 1 {
		return
	}
	first := from.AddDays(between(g.r, 0, min(5, left-1)))
	final := g.workerFor(f)
	if f.open && final == nil {
		if chance(g.r, 0.5) && days(first, end) >= 2 {
			tl.at(first, func(d kith.Date) { g.move(tl, d, f.team, g.member(f.team), "") })
			tl.at(first.AddDays(between(g.r, 1, days(first, end)-1)), func(d kith.Date) {
				g.move(tl, d, f.team, nil, "Worker has left the team; the case is waiting for a new worker")
			})
		}
		return
	}
	reason := ""
	if days(first, end) > 2 && chance(g.r, 0.25) {
		// Someone else held it first.
		tl.at(first, func(d kith.Date) { g.move(tl, d, f.team, g.member(f.team), "") })
		first = first.AddDays(between(g.r, 1, days(first, end)-1))
		reason = pick(g.r, transferReasons)
	}
	tl.at(first, func(d kith.Date) { g.move(tl, d, f.team, final, reason) })
}

// laterTransfer sometimes moves a case that reached its final worker on
// a date through another worker first.
func (g *gen) laterTransfer(tl *timeline, f *family, from, end kith.Date, final *staff) {
	if final == nil || days(from, end) < 30 || !chance(g.r, 0.2) {
		return
	}
	// The case was moved to someone first and reached its final worker
	// later.
	tl.at(from.AddDays(1), func(d kith.Date) { g.move(tl, d, f.team, g.member(f.team), pick(g.r, transferReasons)) })
	tl.at(from.AddDays(between(g.r, 2, days(from, end)-1)), func(d kith.Date) { g.move(tl, d, f.team, final, pick(g.r, transferReasons)) })
}

// workerFor is the worker a family's cases end with: their worker while
// open; for a closed case, whoever in the team last held it.
func (g *gen) workerFor(f *family) *staff {
	if f.open {
		return f.worker
	}
	if len(f.team.practitioners) == 0 {
		return nil
	}
	return g.member(f.team)
}

// finish plays the timeline and closes a closed family's cases.
func (g *gen) finish(tl *timeline, f *family, end kith.Date) {
	if !f.open {
		reason := closeCodes[weighted(g.r, closeWeights[f.prof]...)]
		note := ""
		if notes := closeNotes[reason]; len(notes) > 0 && chance(g.r, 0.5) {
			note = pick(g.r, notes)
		}
		if f.prof == pLeaver && reason == "RC7" {
			note = "Young person reached 21"
		}
		tl.at(end, func(d kith.Date) { g.closeCase(tl, d, reason, note) })
	}
	tl.play()
}

// near returns a team of a kind, in the same town when there is one.
func (g *gen) near(k teamKind, town int) *team {
	var same []*team
	for _, t := range g.byKind[k] {
		if t.town == town {
			same = append(same, t)
		}
	}
	if len(same) == 0 {
		same = g.byKind[k]
	}
	return pick(g.r, same)
}

// dobs picks the children's dates of birth: born by the day the case
// opened, under 18 today while the case is open (or when it opened, if it
// has closed), siblings a year or more apart.
func (g *gen) dobs(f *family) []kith.Date {
	opened := f.tl.openedOn
	lo := addYears(opened, -18).AddDays(1)
	if f.open {
		lo = addYears(g.today, -18).AddDays(1)
	}
	if cla := addYears(f.tl.claOn, -18).AddDays(1); !f.tl.claOn.IsZero() && cla.After(lo) {
		// Under 18 when they become looked after (SSDA903 rule 352).
		lo = cla
	}
	gap := 330
	if days(lo, opened) < gap*f.size {
		gap = 0 // no room: twins
	}
	youngest := lo.AddDays(gap*(f.size-1) + g.r.IntN(max(1, days(lo, opened)-gap*(f.size-1)+1)))
	out := []kith.Date{youngest}
	for i := 1; i < f.size; i++ {
		prev := out[len(out)-1]
		d := prev.AddDays(-between(g.r, gap, 2*gap))
		if d.Before(lo) {
			d = lo
		}
		out = append(out, d)
	}
	// Eldest first.
	for i, j := 0, len(out)-1; i < j; i, j = i+1, j-1 {
		out[i], out[j] = out[j], out[i]
	}
	return out
}

var transferReasons = []string{
	"Caseload balancing", "Previous worker has left the council", "Previous worker on long-term leave",
	"Change of worker at the family's request", "Worker moved to another team", "",
}

var reopenReasons = []string{
	"New referral received from the school", "New referral received from the police",
	"Re-referral from the health visitor", "Mother asked for help again",
}

var closeCodes = []string{"RC1", "RC2", "RC3", "RC4", "RC5", "RC6", "RC7", "RC8", "RC9"}

// closeWeights are how likely each closure reason is for each profile,
// roughly as the Children in Need census reports them.
var closeWeights = [][]float64{
	pEarlyHelp: {0, 0, 0, 0, 0.10, 0, 0.75, 0.15, 0},
	pCIN:       {0, 0.002, 0.03, 0.02, 0.08, 0.02, 0.40, 0.28, 0.148},
	pCP:        {0, 0.005, 0.05, 0.05, 0.10, 0.02, 0.70, 0, 0.075},
	pCLA:       {0.18, 0, 0.15, 0.25, 0.10, 0.05, 0.27, 0, 0},
	pLeaver:    {0, 0, 0, 0, 0, 0.10, 0.90, 0, 0},
}

var closeNotes = map[string][]string{
	"RC5": {"Family moved out of the area; records sent to the new council"},
	"RC7": {"Needs now met by universal services", "Family no longer needs support"},
	"RC8": {"No further action after assessment"},
	"RC9": {"Family to be supported by the early help team"},
}
