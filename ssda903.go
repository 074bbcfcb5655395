package kith

// SSDA903Child is one looked-after child in the SSDA903 return: the header
// row, and the rows of each table that are theirs, for a collection year.
// A care leaver not looked after in the year is in the return for OC3
// alone: their header row (without MOTHER, rule 628) and their OC3 row.
// Adoption, which Kith does not hold, is left out; the writer gives its
// tables with their columns and no rows (docs/statutory-returns.md lists
// them).
type SSDA903Child struct {
	CaseReference string
	ChildName     string
	TeamID        string
	WorkerID      string

	Child     string // CHILD: the local child id, as in the CIN census
	Sex       string
	BirthDate Date
	Ethnicity string
	// UPN is the child's UPN, or the reason there is none (UN1 to UN5).
	UPN string
	// Mother is, for a girl or young woman, "1" when Kith records her as
	// the parent of a child and "0" when it does not; "" for others.
	// MotherChildBorn (MC_DOB) is her first child's date of birth.
	Mother          string
	MotherChildBorn Date
	Episodes        []CareEpisode
	Reviews         []CLAReview
	// UASC is whether the child was an unaccompanied asylum-seeking child
	// in the year, and UASCCeased (DUC) the day that ended.
	UASC       bool
	UASCCeased Date
	Missing    []MissingEpisode
	// SocialWorkers are the child's social worker episodes open on a day
	// of the year, as they stood at its end.
	SocialWorkers []WorkerSpell
	// Permanence is the previous permanence of the child's latest period
	// of care to begin in the year, as recorded; PermanenceDue says such a
	// period began (the 903 asks for it then, rule 630).
	Permanence    *PreviousPermanence
	PermanenceDue Date
	// HealthDue says the child was looked after for the whole year, so
	// the 903 asks their health outcomes (OC2); Health is what is
	// recorded for the year.
	HealthDue bool
	Health    *HealthOutcomes
	// LeaverAge is the birthday (17th to 21st), on LeaverBirthday, for
	// which the 903 asks about the young person as a care leaver (OC3),
	// 0 when it does not; Leaver is what is recorded for the year.
	LeaverAge      int
	LeaverBirthday Date
	Leaver         *CareLeaverOutcomes
	// Decisions are the decisions to place the child for adoption that
	// stood on a day of the year, as at its end (the 903's placed for
	// adoption table); Adoption is the AD1 row of a child adopted in it.
	Decisions []AdoptionDecision
	Adoption  *AD1
}

// AD1 is the 903's row about a child adopted in the year: the decision
// that they should be placed for adoption, the match, whether their
// foster carers adopted them (from the placement, rule 335), and who.
type AD1 struct {
	DecidedOn, MatchedOn Date
	FosterCare           bool
	Adopters             int
	Sex, Status          string
}

// SSDA903ChildOf makes a child's SSDA903 rows for a collection year, or
// reports false when the child was not looked after in it and is not a
// care leaver it asks about.
//
// The return holds every episode of care open on a day of the year, the
// reviews and missing episodes in it, each as the record stood on 31
// March: an episode that ended in April is still open in the return, and
// a child missing over the year's end has not yet come back.
func SSDA903ChildOf(f *ReturnFacts, y CollectionYear) (SSDA903Child, bool) {
	c := SSDA903Child{CaseReference: f.CaseReference, ChildName: f.ChildName, TeamID: f.TeamID, WorkerID: f.WorkerID,
		Child: f.LocalChildID(), Sex: f.Identity.Sex, BirthDate: f.BirthDate, Ethnicity: f.Identity.Ethnicity, UPN: f.Identity.UPN}
	if c.UPN == "" {
		c.UPN = f.Identity.UPNUnknown
	}
	if c.Sex == "F" {
		c.Mother = "0"
		for _, born := range f.OwnChildrenBorn {
			if !born.IsZero() && !born.After(y.End()) {
				c.Mother, c.MotherChildBorn = "1", born
				break
			}
		}
	}
	for _, e := range f.Care.Episodes {
		if !y.spans(e.StartedOn, e.EndedOn) {
			continue
		}
		if y.asAt(e.EndedOn).IsZero() {
			e.EndedOn, e.ReasonEnded, e.ReasonPlaceChange = Date{}, "", ""
		}
		c.Episodes = append(c.Episodes, e)
	}
	if b, age, ok := CareLeaverBirthday(f.BirthDate, f.Care.Episodes, y); ok {
		c.LeaverAge, c.LeaverBirthday, c.Leaver = age, b, f.Care.LeaverFor(y)
	}
	if len(c.Episodes) == 0 {
		c.Mother, c.MotherChildBorn = "", Date{}
		return c, c.LeaverAge > 0
	}
	for _, r := range f.Care.Reviews {
		if y.Contains(r.HeldOn) {
			c.Reviews = append(c.Reviews, r)
		}
	}
	for _, m := range f.Care.Missing {
		if !y.spans(m.StartedOn, m.EndedOn) {
			continue
		}
		m.EndedOn = y.asAt(m.EndedOn)
		c.Missing = append(c.Missing, m)
	}
	if f.Identity.UASC {
		c.UASC, c.UASCCeased = true, y.asAt(f.Identity.UASCCeased)
	}
	c.SocialWorkers = socialWorkerEpisodes(f.WorkerSpells, y)
	for _, e := range c.Episodes {
		if e.ReasonNew == RNEStarted && y.Contains(e.StartedOn) {
			c.PermanenceDue = e.StartedOn
		}
	}
	for i, p := range f.Care.Permanence {
		if !c.PermanenceDue.IsZero() && p.PeriodStart == c.PermanenceDue {
			c.Permanence = &f.Care.Permanence[i]
		}
	}
	adoptionRows(&c, f, y)
	if c.HealthDue = LookedAfterWholeYear(f.Care.Episodes, y); c.HealthDue {
		c.Health = f.Care.HealthFor(y)
	}
	return c, true
}

// adoptionRows fills the child's adoption decisions in the year, from the
// first period of care in it (rule 1003), and their AD1 row if they were
// adopted in it.
func adoptionRows(c *SSDA903Child, f *ReturnFacts, y CollectionYear) {
	// periodOf is the first day of the period of care an episode is in,
	// from the child's whole history: a period may have begun years ago.
	periodOf := func(id string) Date {
		var start Date
		for _, e := range f.Care.Episodes {
			if e.ReasonNew == RNEStarted || start.IsZero() {
				start = e.StartedOn
			}
			if e.ID == id {
				break
			}
		}
		return start
	}
	first := periodOf(c.Episodes[0].ID)
	for _, d := range f.Care.Decisions {
		if d.DecidedOn.Before(first) || d.DecidedOn.After(y.End()) || (!d.ReversedOn.IsZero() && d.ReversedOn.Before(y.Start())) {
			continue
		}
		if y.asAt(d.ReversedOn).IsZero() {
			d.ReversedOn, d.ReversalReason = Date{}, ""
		}
		c.Decisions = append(c.Decisions, d)
	}
	last := c.Episodes[len(c.Episodes)-1]
	if !Adopted(last.ReasonEnded) {
		return
	}
	start := periodOf(last.ID)
	ad := &AD1{FosterCare: WithFosterCarers(last.PlacementType)}
	for _, d := range c.Decisions {
		if d.Stands(last.EndedOn) {
			ad.DecidedOn = d.DecidedOn
		}
	}
	for _, m := range f.Care.Matches {
		if m.PeriodStart == start {
			ad.MatchedOn, ad.Adopters, ad.Sex, ad.Status = m.MatchedOn, m.Adopters, m.AdoptersSex, m.AdoptersStatus
		}
	}
	c.Adoption = ad
}

// socialWorkerEpisodes are the 903's social worker episodes for a year: a
// chain of the child's social workers, each episode ending when the next
// begins (rules SW10, SW11b), and the last open at the year's end (SW17)
// when the case closed with it: the child's social worker was not
// replaced. A worker taken off a case that stays open is not so: the
// child had no social worker, and the return says so. They are the spells
// open on a day of the year, or the last before it if none is.
func socialWorkerEpisodes(spells []WorkerSpell, y CollectionYear) []WorkerSpell {
	var out []WorkerSpell
	for i, s := range spells {
		if s.Started.After(y.End()) {
			break
		}
		last := i == len(spells)-1 || spells[i+1].Started.After(y.End())
		if !y.spans(s.Started, s.Ended) && !(last && len(out) == 0) {
			continue
		}
		s.Ended = y.asAt(s.Ended)
		if last && s.EndedWithCase {
			s.Ended = Date{}
		}
		out = append(out, s)
	}
	return out
}
