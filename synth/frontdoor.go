package synth

import (
	"math/rand/v2"

	"kith"
	"kith/sqldb"
)

// earlyHelpAssessors are who completes an early help assessment, and how
// often, by the child's age: mostly the council's own early help team,
// then health visiting for the youngest and schools for the rest.
func earlyHelpAssessors(age int) []codeWeight {
	switch {
	case age < 5:
		return []codeWeight{{"Early help team", 55}, {"Health visiting", 25}, {"Family hub", 20}}
	case age < 11:
		return []codeWeight{{"Early help team", 55}, {"Primary school", 30}, {"Family hub", 10}, {"School nursing", 5}}
	}
	return []codeWeight{{"Early help team", 55}, {"Secondary school", 30}, {"Youth service", 10}, {"School nursing", 5}}
}

// contactOutcomes are what happened to a contact that was not a referral,
// and how often.
var contactOutcomes = []codeWeight{{"advice", 45}, {"nfa", 35}, {"early_help", 20}}

// frontDoor gives a case what reached the council before or beside its
// referrals: an early help assessment at the start of each spell of early
// help, and for about one child in four a contact or two in the years
// before the case opened that went no further. Its own random source,
// seeded by when the case opened and the child, leaves the rest of the
// council as it was before contacts were generated.
func (g *gen) frontDoor(tl *timeline, c *sqldb.BulkCase, child int, born kith.Date) {
	r := rand.New(rand.NewPCG(uint64(tl.openedAt.UnixNano()), 0x66726f6e74+uint64(child)))
	for _, s := range tl.statuses {
		if s.kind != kith.StatusEarlyHelp {
			continue
		}
		started := s.from.AddDays(between(r, 2, 15))
		if started.After(g.today) || (!s.to.IsZero() && started.After(s.to)) {
			continue
		}
		age := 0
		if !born.IsZero() && born.Before(started) {
			age = born.AgeOn(started)
		}
		eh := kith.EarlyHelpAssessmentInput{StartedOn: started, Organisation: draw(r, earlyHelpAssessors(age))}
		if done := started.AddDays(between(r, 15, 50)); !done.After(g.today) && (s.to.IsZero() || !done.After(s.to)) {
			eh.CompletedOn = done
		}
		c.EarlyHelp = append(c.EarlyHelp, eh)
	}
	if r.IntN(4) > 0 {
		return
	}
	on := tl.openedOn
	for n := 1 + r.IntN(2); n > 0; n-- {
		on = on.AddDays(-between(r, 40, 500))
		if !born.IsZero() && on.Before(born) {
			break
		}
		c.Contacts = append(c.Contacts, kith.ContactInput{ContactOn: on, Source: draw(r, referralSources), Outcome: draw(r, contactOutcomes)})
	}
}
