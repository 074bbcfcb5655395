package synth

import (
	"math/rand/v2"
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
