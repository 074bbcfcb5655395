package synth

import (
	"sort"
	"time"

	"kith"
	"kith/sqldb"
)

// timeline is what happened to a family's cases: who opened them, the
// allocations, transfers, closures and status periods, with dates and
// times. Siblings share one timeline: they are referred, allocated and
// moved together, as they usually are.
type timeline struct {
	openTeam *team
	openedOn kith.Date
	openedAt time.Time
	openedBy *staff

	changes  []change
	statuses []statusPlan

	// team and worker hold the case at the end; closedOn is set if it
	// closed.
	team     *team
	worker   *staff
	closedOn kith.Date
	// lastMove is when the case last changed hands, so that later events
	// (a restriction) come after it.
	lastMove time.Time
	// cp and cla are when a child protection plan and care began, for the
	// professionals involved from then.
	cpOn, claOn kith.Date

	last time.Time // the latest time used, so times only move forward
	ops  []op      // scheduled events, played in date order by play
}

// op is an event scheduled on a date. Profiles schedule events in whatever
// order is easiest to reason about; play runs them in date order, so that
// who holds the case at each event is right and times only move forward.
type op struct {
	on  kith.Date
	seq int
	do  func(on kith.Date)
}

// at schedules fn on a date.
func (tl *timeline) at(on kith.Date, fn func(on kith.Date)) {
	tl.ops = append(tl.ops, op{on: on, seq: len(tl.ops), do: fn})
}

// play runs the scheduled events in date order (and, on one day, in the
// order they were scheduled).
func (tl *timeline) play() {
	ops := tl.ops
	sort.SliceStable(ops, func(i, j int) bool { return ops[i].on.Before(ops[j].on) })
	tl.ops = nil
	for _, o := range ops {
		o.do(o.on)
	}
}

type change struct {
	kind   sqldb.BulkChangeKind
	at     time.Time
	by     *staff
	team   *team
	worker *staff
	reason string
	// workerChange is the 903's reason for a new social worker, should the
	// case have had one since its referral.
	workerChange string
	closedOn     kith.Date
	note         string
	// referral and decision: a reopening's new referral and the decision
	// on it.
	referral kith.EpisodeReferralInput
	decision *sqldb.BulkDecision
}

type statusPlan struct {
	kind          kith.StatusKind
	from, to      kith.Date
	fromAt, toAt  time.Time
	by, endBy     *staff
	endedWithCase bool
}

// timeOn returns a time in working hours on d, after every time used so
// far in the timeline. Events on the day of the last one follow it within
// the hour, as one piece of work does.
func (g *gen) timeOn(tl *timeline, d kith.Date) time.Time {
	t := time.Date(d.Year, d.Month, d.Day, between(g.r, 9, 16), g.r.IntN(60), g.r.IntN(60), 0, kith.London).UTC()
	if !t.After(tl.last) || kith.Today(tl.last) == d {
		t = tl.last.Add(time.Duration(between(g.r, 3, 40)) * time.Minute)
	}
	tl.last = t
	return t
}

// open starts a timeline: the case is opened in a team by one of its
// practitioners.
func (g *gen) open(t *team, on kith.Date) *timeline {
	tl := &timeline{openTeam: t, openedOn: on, team: t}
	tl.openedBy = g.member(t)
	tl.openedAt = g.timeOn(tl, on)
	tl.lastMove = tl.openedAt
	return tl
}

// member is someone in the team who could open or record on a case.
func (g *gen) member(t *team) *staff {
	if len(t.practitioners) == 0 {
		return t.manager
	}
	return pick(g.r, t.practitioners)
}

// holder is whoever records on the case now: its worker; before anyone
// is allocated, whoever opened it; else its team's manager.
func (tl *timeline) holder() *staff {
	switch {
	case tl.worker != nil:
		return tl.worker
	case tl.team == tl.openTeam && len(tl.changes) == 0:
		return tl.openedBy
	}
	return tl.team.manager
}

// move allocates or transfers the case, as a manager of the team holding
// it would. It does nothing if nothing would change.
func (g *gen) move(tl *timeline, on kith.Date, t *team, worker *staff, reason string) {
	if t == tl.team && worker == tl.worker {
		return
	}
	if t != tl.team && reason == "" {
		reason = "Moved to " + t.name
	}
	at := g.timeOn(tl, on)
	tl.changes = append(tl.changes, change{kind: sqldb.BulkAllocate, at: at, by: tl.team.manager, team: t, worker: worker, reason: reason,
		workerChange: workerChangeFor(t != tl.team, at)})
	tl.team, tl.worker, tl.lastMove = t, worker, at
}

// closeCase closes the case; current statuses end with it.
func (g *gen) closeCase(tl *timeline, on kith.Date, reason, note string) {
	at := g.timeOn(tl, on)
	tl.changes = append(tl.changes, change{kind: sqldb.BulkClose, at: at, by: tl.team.manager, reason: reason, closedOn: on, note: note})
	for i := range tl.statuses {
		if s := &tl.statuses[i]; s.to.IsZero() {
			s.to, s.toAt, s.endBy, s.endedWithCase = on, at, tl.team.manager, true
		}
	}
	tl.worker, tl.closedOn, tl.lastMove = nil, on, at
}

// reopen reopens a closed case with its new referral, as Kith asks; it
// returns to its team unallocated.
func (g *gen) reopen(tl *timeline, on kith.Date, reason string) {
	at := g.timeOn(tl, on)
	referral, decision := g.reopeningReferral(tl, at)
	tl.changes = append(tl.changes, change{kind: sqldb.BulkReopen, at: at, by: tl.team.manager, reason: reason,
		referral: referral, decision: decision})
	tl.closedOn, tl.lastMove = kith.Date{}, at
}

func (g *gen) startStatus(tl *timeline, k kith.StatusKind, on kith.Date) {
	tl.statuses = append(tl.statuses, statusPlan{kind: k, from: on, fromAt: g.timeOn(tl, on), by: tl.holder()})
}

// switchStatus ends one status and, a minute later, starts another: a
// child in need who becomes subject to a child protection plan, say.
func (g *gen) switchStatus(tl *timeline, from, to kith.StatusKind, on kith.Date) {
	at := g.timeOn(tl, on)
	for i := range tl.statuses {
		if s := &tl.statuses[i]; s.kind == from && s.to.IsZero() {
			s.to, s.toAt, s.endBy = on, at, tl.holder()
		}
	}
	tl.last = at.Add(time.Minute)
	tl.statuses = append(tl.statuses, statusPlan{kind: to, from: on, fromAt: tl.last, by: tl.holder()})
}

// bulk turns the timeline into the history Bulk replays, for one child.
func (tl *timeline) bulk(childID string) *sqldb.BulkCase {
	c := &sqldb.BulkCase{ChildID: childID, TeamID: tl.openTeam.id, OpenedOn: tl.openedOn, OpenedAt: tl.openedAt, OpenedBy: tl.openedBy.id}
	for _, ch := range tl.changes {
		bc := sqldb.BulkChange{Kind: ch.kind, At: ch.at, By: ch.by.id, Reason: ch.reason, ClosedOn: ch.closedOn, Note: ch.note,
			Referral: ch.referral, Decision: ch.decision, WorkerChangeReason: ch.workerChange}
		if ch.team != nil {
			bc.TeamID = ch.team.id
		}
		if ch.worker != nil {
			bc.WorkerID = ch.worker.id
		}
		c.History = append(c.History, bc)
	}
	for _, s := range tl.statuses {
		bs := sqldb.BulkStatus{Kind: s.kind, StartedOn: s.from, StartedAt: s.fromAt, StartedBy: s.by.id, EndedOn: s.to, EndedAt: s.toAt, EndedWithCase: s.endedWithCase}
		if s.endBy != nil {
			bs.EndedBy = s.endBy.id
		}
		c.Statuses = append(c.Statuses, bs)
	}
	return c
}

// workerChanges are how often each reason for a change of social worker
// within a team is given; a move to another team is a standard step
// (TSPROC).
var workerChanges = []codeWeight{{"MANAGE", 40}, {"LEFTRL", 30}, {"ABSENC", 15}, {"ORGRST", 5}, {"OTHERS", 5}, {"CHCHAN", 3}, {"PCCHAN", 2}}

// workerChangeFor picks the reason for a change of social worker from
// the time of the change rather than the generator's random stream, so
// that the rest of the council is as it was before the 903 asked.
func workerChangeFor(otherTeam bool, at time.Time) string {
	if otherTeam {
		return "TSPROC"
	}
	total := 0
	for _, w := range workerChanges {
		total += w.n
	}
	n := int(at.Unix() % int64(total))
	for _, w := range workerChanges {
		if n < w.n {
			return w.code
		}
		n -= w.n
	}
	return "OTHERS"
}
