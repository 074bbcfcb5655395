package synth

import (
	"math/rand/v2"
	"slices"
	"time"

	"kith"
	"kith/sqldb"
)

// codeWeight is a code and how often it is drawn, out of the list's total.
type codeWeight struct {
	code string
	n    int
}

// referralSources are where the synthetic council's referrals come from:
// invented weights with the police the largest source, then schools,
// health and the council's own services, as in the national figures'
// general shape (not their numbers).
var referralSources = []codeWeight{
	{"6", 28}, {"2A", 19}, {"3A", 3}, {"3B", 3}, {"3C", 1}, {"3D", 2}, {"3E", 4}, {"3F", 1},
	{"5A", 3}, {"5B", 4}, {"5C", 3}, {"5D", 4}, {"1A", 4}, {"1B", 1}, {"1C", 2}, {"1D", 1},
	{"2B", 2}, {"4", 2}, {"7", 3}, {"8", 5}, {"9", 2}, {"10", 3},
}

// primaryNeeds likewise: abuse and neglect the most common need, then
// family dysfunction.
var primaryNeeds = []codeWeight{
	{"N1", 55}, {"N5", 14}, {"N2", 9}, {"N4", 7}, {"N8", 4}, {"N6", 3}, {"N3", 3}, {"N9", 2}, {"N7", 1}, {"N0", 2},
}

func draw(r *rand.Rand, list []codeWeight) string {
	total := 0
	for _, w := range list {
		total += w.n
	}
	n := r.IntN(total)
	for _, w := range list {
		if n < w.n {
			return w.code
		}
		n -= w.n
	}
	return list[len(list)-1].code
}

// openingReferral gives a case the referral it opened with, received a
// few hours before the case was recorded that day, and the decision on
// it: mostly the same or the next working day, sometimes a few days late,
// and none yet for a referral whose decision would fall after today.
// Its own random source, seeded by when the case opened, leaves the rest
// of the council as it was before referrals were generated.
func (g *gen) openingReferral(tl *timeline, c *sqldb.BulkCase) {
	r := rand.New(rand.NewPCG(uint64(tl.openedAt.UnixNano()), 0x6b697468))
	at := tl.openedAt.Add(-time.Duration(between(r, 20, 240)) * time.Minute)
	if kith.Today(at) != kith.Today(tl.openedAt) {
		at = tl.openedAt
	}
	c.Referral = &kith.EpisodeReferralInput{ReferralAt: at, Source: draw(r, referralSources)}
	if r.IntN(4) > 0 {
		c.Referral.PrimaryNeed = draw(r, primaryNeeds)
	}
	decision := kith.DecisionAssessment
	switch {
	case tl.openTeam.kind == kindEarlyHelp:
		decision = kith.DecisionEarlyHelp
	case r.IntN(100) < 15:
		decision = kith.DecisionStrategy
	}
	on := kith.Today(at)
	switch n := r.IntN(100); {
	case n < 60:
	case n < 90:
		on = nextWeekday(on, 1)
	default:
		on = nextWeekday(on, between(r, 2, 4))
	}
	decidedAt := time.Date(on.Year, on.Month, on.Day, between(r, 10, 17), r.IntN(60), 0, 0, kith.London).UTC()
	if decidedAt.Before(tl.openedAt) {
		decidedAt = tl.openedAt.Add(time.Minute)
	}
	if on.After(g.today) || decidedAt.After(g.now) {
		return // still waiting for its decision
	}
	need := ""
	if c.Referral.PrimaryNeed == "" {
		need = draw(r, primaryNeeds)
	}
	c.Decision = &sqldb.BulkDecision{Decision: decision, DecidedOn: on, PrimaryNeed: need, At: decidedAt, By: tl.openedBy.id}
	if decision == kith.DecisionAssessment {
		g.assessment(r, tl, c, on, decidedAt)
	}
}

// reopeningReferral is the referral that reopens a case, received the
// hour before it was reopened (or at the reopening, early in the day),
// with its primary need, and the decision to assess, made at the
// reopening. Its own random source leaves the rest of the council as it
// was.
func (g *gen) reopeningReferral(tl *timeline, at time.Time) (kith.EpisodeReferralInput, *sqldb.BulkDecision) {
	r := rand.New(rand.NewPCG(uint64(at.UnixNano()), 0x72656f70))
	ref := kith.EpisodeReferralInput{ReferralAt: at.Add(-time.Hour), Source: draw(r, referralSources), PrimaryNeed: draw(r, primaryNeeds)}
	if kith.Today(ref.ReferralAt) != kith.Today(at) {
		ref.ReferralAt = at
	}
	decidedAt := at.Add(time.Minute)
	if decidedAt.After(g.now) {
		return ref, nil
	}
	return ref, &sqldb.BulkDecision{Decision: kith.DecisionAssessment, DecidedOn: kith.Today(at), At: decidedAt, By: tl.team.manager.id}
}

// assessmentFactors are the factors an assessment identifies, with
// invented weights (domestic abuse and parents' mental health the
// commonest), of which an assessment draws one to three.
var assessmentFactors = []codeWeight{
	{"3B", 30}, {"4B", 28}, {"17A", 20}, {"16A", 18}, {"2B", 14}, {"1B", 12}, {"4A", 12}, {"3A", 10},
	{"15A", 6}, {"10A", 5}, {"14A", 5}, {"18C", 5}, {"24A", 4}, {"11A", 3}, {"5B", 3}, {"6B", 3},
	{"7A", 2}, {"19C", 2}, {"13A", 2}, {"20", 4},
}

// assessment gives a case whose referral was decided on for assessment
// its child and family assessment: started that day or the next working
// day, authorised by the team's manager mostly well within 45 working days,
// about one in eight later (with a reason), and still in progress when
// that would fall after today or after the case closed. A few find no
// factors.
func (g *gen) assessment(r *rand.Rand, tl *timeline, c *sqldb.BulkCase, decidedOn kith.Date, decidedAt time.Time) {
	start := decidedOn
	if r.IntN(3) == 0 {
		start = nextWeekday(start, 1)
	}
	startedAt := time.Date(start.Year, start.Month, start.Day, between(r, 9, 16), r.IntN(60), 0, 0, kith.London).UTC()
	if startedAt.Before(decidedAt) {
		startedAt = decidedAt.Add(time.Minute)
	}
	if kith.Today(startedAt) != start || startedAt.After(g.now) {
		return
	}
	var factors []string
	if r.IntN(100) < 6 {
		factors = []string{kith.NoFactors}
	} else {
		for n := between(r, 1, 3); len(factors) < n; {
			if f := draw(r, assessmentFactors); !slices.Contains(factors, f) {
				factors = append(factors, f)
			}
		}
	}
	c.Assessment = &sqldb.BulkAssessment{Start: kith.AssessmentInput{StartedOn: start}, StartedAt: startedAt, StartedBy: tl.openedBy.id}
	taken := between(r, 12, 40)
	switch n := r.IntN(100); {
	case n < 12:
		taken = between(r, 46, 75)
	case n < 25:
		taken = between(r, 41, 45)
	}
	on := nextWeekday(kith.DateOf(c.Referral.ReferralAt.In(kith.London)), taken)
	// An episode that closes first has its assessment authorised as it
	// closes, as a case cannot close with one in progress; one that closes
	// too soon for an assessment has none.
	closes := firstClosure(tl)
	if !closes.IsZero() && on.After(closes) {
		on = closes
	}
	manager := tl.openTeam.manager
	if !closes.IsZero() && (manager == nil || !on.After(start)) {
		c.Assessment = nil
		return
	}
	at := time.Date(on.Year, on.Month, on.Day, between(r, 10, 17), r.IntN(60), 0, 0, kith.London).UTC()
	if manager == nil || !on.After(start) || at.After(g.now) {
		return
	}
	c.Assessment.Authorisation = &kith.AuthoriseInput{AuthorisedOn: on, Factors: factors,
		LateReason: lateReasons[r.IntN(len(lateReasons))]}
	c.Assessment.AuthorisedAt, c.Assessment.AuthorisedBy = at, manager.id
}

// lateReasons are why an assessment took longer; Kith keeps one only when
// the assessment is late.
var lateReasons = []string{
	"The family moved address during the assessment and it took time to find them again.",
	"Waiting for the health visitor's and the school's information.",
	"Mother was in hospital for two weeks; the assessment could not be completed without her.",
	"The child was not seen alone until the fourth visit.",
	"Interpreter availability delayed two of the visits.",
}

// nextWeekday is n weekdays after d (bank holidays are not skipped: a
// decision over one is counted late, as it can be).
func nextWeekday(d kith.Date, n int) kith.Date {
	for n > 0 {
		d = d.AddDays(1)
		if wd := d.Weekday(); wd != time.Saturday && wd != time.Sunday {
			n--
		}
	}
	return d
}

// firstClosure is the day the case first closed, ending its first episode
// (zero if it never closed).
func firstClosure(tl *timeline) kith.Date {
	for _, ch := range tl.changes {
		if ch.kind == sqldb.BulkClose && !ch.closedOn.IsZero() {
			return ch.closedOn
		}
		if ch.kind == sqldb.BulkClose {
			return kith.DateOf(ch.at.In(kith.London))
		}
	}
	return tl.closedOn
}

// weekdayOnOrBefore is the day itself on a weekday, or the Friday before.
func weekdayOnOrBefore(d kith.Date) kith.Date {
	for d.Weekday() == time.Saturday || d.Weekday() == time.Sunday {
		d = d.AddDays(-1)
	}
	return d
}
