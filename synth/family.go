package synth

import (
	"kith"
	"kith/sqldb"
)

// member is someone in a family's network, with how they are related to
// each of the family's children.
type member struct {
	p   *kith.Person
	rel sqldb.BulkRelationship
}

// household is a family's people and homes as the write phase builds them.
type household struct {
	g       *gen
	f       *family
	surname string
	home    []kith.Address // previous (ended) then current home
	homeOn  kith.Date      // when the family moved into the current home
	place   kith.Address   // a looked-after child's placement
	members []member
}

// parent is the family's first parent: the mother if there is one.
func (h *household) parent() *kith.Person {
	var first *kith.Person
	for _, m := range h.members {
		if m.rel.Kind != kith.RelParent {
			continue
		}
		if m.p.Gender == kith.GenderFemale {
			return m.p
		}
		if first == nil {
			first = m.p
		}
	}
	return first
}

// years is n years as days, for picking ages.
func years(n int) int { return n * 365 }

// writeFamily makes a family's people and writes each child's case.
func (g *gen) writeFamily(f *family) error {
	tl := f.tl
	h := &household{g: g, f: f, surname: g.surnames.pick(g.r)}
	h.makeHome()
	mother, father := h.parents()
	children := h.children(mother, father)
	h.others(mother)
	h.trim(len(children) - 1)
	for len(h.members)+len(children)-1 < 2 {
		h.relative(mother)
	}
	at, by := tl.openedAt, tl.openedBy.id
	for _, c := range children {
		if err := g.b.Person(c, at, by); err != nil {
			return err
		}
	}
	fatherID := ""
	for _, m := range h.members {
		if err := g.b.Person(m.p, at, by); err != nil {
			return err
		}
		if m.p == father {
			fatherID = father.ID
		}
	}
	fa := g.familyAgencies(f)
	perCase := g.recordScale * g.recordWeight(f)
	for i, child := range children {
		c := tl.bulk(child.ID)
		g.openingReferral(tl, c)
		g.frontDoor(tl, c, i, child.DateOfBirth)
		g.childIdentity(tl, c, child, i)
		for _, m := range h.members {
			r := m.rel
			r.PersonID = m.p.ID
			c.Network = append(c.Network, r)
		}
		for j, sib := range children {
			if j != i {
				c.Network = append(c.Network, sqldb.BulkRelationship{PersonID: sib.ID, Kind: kith.RelSibling, LivesWithChild: true,
					ParentalResponsibility: kith.No, At: at, By: by})
			}
		}
		c.Involvements = g.involvements(f, fa, child.DateOfBirth)
		if f.open && chance(g.r, 0.05) {
			c.Warnings = append(c.Warnings, g.warning(f, fatherID))
		}
		if i == 0 && !f.restrictedAt.IsZero() {
			c.RestrictedAt, c.RestrictedBy = f.restrictedAt, f.team.manager.id
		}
		c.Plans = g.plans(f, c, child, h.parent(), fa, i)
		g.care(tl, h, c, child, i)
		if perCase > 0 {
			c.Records = g.records(c, f, h, children, i, fa, perCase)
		}
		closuresAsTheCensusAsks(c)
		if err := g.b.Case(c); err != nil {
			return err
		}
		if f.open && f.worker != nil {
			g.held = append(g.held, heldCase{ref: c.Reference, workerID: f.worker.id, child: child.FirstName, born: child.DateOfBirth, openedOn: tl.openedOn})
		}
		if f == g.busy && i == 0 {
			g.council.BusyReference, g.council.BusyWorkerID = c.Reference, f.worker.id
		}
		g.tally(f, c, child, i)
	}
	return nil
}

// tally counts a written case and keeps samples for the Council.
func (g *gen) tally(f *family, c *sqldb.BulkCase, child *kith.Person, i int) {
	n := g.openN + g.closedN
	if f.open {
		g.openN++
	} else {
		g.closedN++
	}
	if !c.RestrictedAt.IsZero() {
		g.restrictedN++
		if g.council.RestrictedReference == "" && f.worker != nil && f.worker.username == UserPractitioner {
			g.council.RestrictedReference = c.Reference
		}
	}
	total := g.cfg.OpenCases + g.cfg.ClosedCases
	if step := max(1, total/20); n%step == 0 {
		g.council.References = append(g.council.References, c.Reference)
		g.council.ChildNames = append(g.council.ChildNames, child.FullName())
	}
	g.progress.add(1)
}

// makeHome picks the family's home and, for some, the one before it.
func (h *household) makeHome() {
	g, f := h.g, h.f
	if chance(g.r, 0.04) {
		return // address not known
	}
	h.homeOn = f.tl.openedOn.AddDays(-between(g.r, 30, 3000))
	cur := address(g.r, f.team.town)
	cur.FromDate = h.homeOn
	if chance(g.r, 0.3) {
		town := f.team.town
		if chance(g.r, 0.3) {
			town = g.r.IntN(len(towns))
		}
		prev := address(g.r, town)
		prev.FromDate, prev.ToDate = h.homeOn.AddDays(-between(g.r, 200, 2500)), h.homeOn
		h.home = append(h.home, prev)
	}
	h.home = append(h.home, cur)
}

// homeFrom is the household's addresses as someone born on dob lived at
// them: none before they were born.
func (h *household) homeFrom(dob kith.Date) []kith.Address {
	var out []kith.Address
	for _, a := range h.home {
		if !dob.IsZero() && !a.ToDate.IsZero() && !a.ToDate.After(dob) {
			continue
		}
		if !dob.IsZero() && a.FromDate.Before(dob) {
			a.FromDate = dob
		}
		out = append(out, a)
	}
	return out
}

// phones gives someone a mobile (sometimes replacing an old one) with
// probability p.
func (h *household) phones(p float64, since kith.Date) []kith.Phone {
	g := h.g
	if !chance(g.r, p) {
		return nil
	}
	if since.IsZero() || !since.Before(g.today) {
		since = g.ago(between(g.r, 30, 3000))
	}
	from := since.AddDays(g.r.IntN(max(1, days(since, g.today))))
	if chance(g.r, 0.25) && days(from, g.today) > 60 {
		// An old number, ended when the new one started.
		switched := from.AddDays(between(g.r, 30, days(from, g.today)-1))
		return []kith.Phone{
			{Number: mobile(g.r), Kind: kith.PhoneMobile, FromDate: from, ToDate: switched},
			{Number: mobile(g.r), Kind: kith.PhoneMobile, FromDate: switched},
		}
	}
	return []kith.Phone{{Number: mobile(g.r), Kind: kith.PhoneMobile, FromDate: from}}
}

func (h *household) add(p *kith.Person, kind kith.RelationshipKind, lives bool, pr kith.Answer, notes string) *member {
	tl := h.f.tl
	h.members = append(h.members, member{p: p, rel: sqldb.BulkRelationship{Kind: kind, LivesWithChild: lives, ParentalResponsibility: pr,
		Notes: notes, At: tl.openedAt, By: tl.openedBy.id}})
	return &h.members[len(h.members)-1]
}

// inCare reports whether the family's children live away from home.
func (h *household) inCare() bool { return h.f.prof == pCLA || h.f.prof == pLeaver }

// parents makes the mother and father, when known. Either may live away
// from the children; a father who does may have been replaced at home by
// the mother's partner.
func (h *household) parents() (mother, father *kith.Person) {
	g, f := h.g, h.f
	eldest := f.dobs[0]
	home := !h.inCare()
	if chance(g.r, 0.95) {
		last := h.surname
		if chance(g.r, 0.3) {
			last = g.surnames.pick(g.r)
		}
		mother = &kith.Person{FirstName: pick(g.r, women), LastName: last, Gender: kith.GenderFemale,
			DateOfBirth: eldest.AddDays(-between(g.r, years(17), years(40)))}
		mother.Addresses = h.homeFrom(kith.Date{})
		mother.Phones = h.phones(0.9, h.homeOn)
		if chance(g.r, 0.15) && len(mother.Addresses) > 0 {
			mother.Phones = append(mother.Phones, kith.Phone{Number: landline(g.r), Kind: kith.PhoneHome, FromDate: h.homeOn})
		}
		h.nhs(mother, 0.15)
		h.add(mother, kith.RelParent, home && chance(g.r, 0.95), kith.Yes, "")
	}
	if chance(g.r, 0.75) {
		father = &kith.Person{FirstName: pick(g.r, men), LastName: h.surname, Gender: kith.GenderMale}
		if chance(g.r, 0.9) {
			father.DateOfBirth = eldest.AddDays(-between(g.r, years(18), years(45)))
		}
		together := mother != nil && chance(g.r, 0.45)
		if together {
			father.Addresses = h.homeFrom(kith.Date{})
		} else if chance(g.r, 0.8) {
			elsewhere := address(g.r, g.r.IntN(len(towns)))
			elsewhere.FromDate = g.ago(between(g.r, 60, 3000))
			father.Addresses = []kith.Address{elsewhere}
		}
		father.Phones = h.phones(0.7, kith.Date{})
		h.nhs(father, 0.15)
		pr := kith.Yes
		if chance(g.r, 0.25) {
			pr = kith.NotKnown
		}
		h.add(father, kith.RelParent, home && together, pr, "")
		if !together && mother != nil && chance(g.r, 0.3) {
			h.stepParent(mother)
		}
	}
	return mother, father
}

// stepParent is the mother's partner, living at the home; some have since
// moved out.
func (h *household) stepParent(mother *kith.Person) {
	g, tl := h.g, h.f.tl
	dob := mother.DateOfBirth.AddDays(between(g.r, -years(10), years(8)))
	// Near the mother's age, but an adult when the eldest child was born:
	// a partner a few years older than the children is not plausible.
	if latest := h.f.dobs[0].AddDays(-years(18)); dob.After(latest) {
		dob = latest.AddDays(-between(g.r, 0, years(4)))
	}
	p := &kith.Person{FirstName: pick(g.r, men), LastName: g.surnames.pick(g.r), Gender: kith.GenderMale, DateOfBirth: dob}
	p.Addresses = h.homeFrom(kith.Date{})
	p.Phones = h.phones(0.6, kith.Date{})
	start := tl.openedOn.AddDays(-between(g.r, 60, 2000))
	m := h.add(p, kith.RelStepParent, !h.inCare(), kith.No, "Mother's partner")
	m.rel.StartedOn = start
	if chance(g.r, 0.15) && days(tl.openedOn, g.today) > 10 {
		m.rel.EndedOn = tl.openedOn.AddDays(between(g.r, 1, days(tl.openedOn, g.today)-1))
		m.rel.Notes = "Mother's former partner; no longer lives at the home"
		if n := len(p.Addresses); n > 0 && m.rel.EndedOn.After(p.Addresses[n-1].FromDate) {
			p.Addresses[n-1].ToDate = m.rel.EndedOn
		}
	}
}

// children makes the family's children, each of whom has a case.
func (h *household) children(mother, father *kith.Person) []*kith.Person {
	g, f, tl := h.g, h.f, h.f.tl
	var out []*kith.Person
	for _, dob := range f.dobs {
		c := &kith.Person{DateOfBirth: dob, LastName: h.surname}
		switch weighted(g.r, 0.49, 0.49, 0.01, 0.01) {
		case 0:
			c.Gender, c.FirstName = kith.GenderFemale, pick(g.r, girls)
		case 1:
			c.Gender, c.FirstName = kith.GenderMale, pick(g.r, boys)
		case 2:
			c.Gender, c.FirstName = kith.GenderOther, pick(g.r, append(girls[:20:20], boys[:20]...))
		default:
			c.Gender, c.FirstName = kith.GenderNotKnown, pick(g.r, append(girls[:20:20], boys[:20]...))
		}
		if mother != nil && mother.LastName != h.surname {
			switch weighted(g.r, 0.8, 0.12, 0.08) {
			case 1:
				c.LastName = mother.LastName
			case 2:
				c.LastName = mother.LastName + "-" + h.surname
			}
		}
		if names := knownAs[c.FirstName]; len(names) > 0 && chance(g.r, 0.25) {
			c.KnownAs = pick(g.r, names)
		}
		h.nhs(c, 0.75)
		c.Addresses = h.homeFrom(dob)
		if h.inCare() {
			h.placement(c)
		}
		age := dob.AgeOn(g.today)
		if f.prof == pLeaver {
			c.Phones = h.phones(0.9, addYears(dob, 16))
		} else if age >= 12 && (f.open || tl.closedOn.After(addYears(dob, 12))) {
			c.Phones = h.phones(0.4, addYears(dob, 11))
		}
		out = append(out, c)
	}
	if h.inCare() && !h.place.FromDate.IsZero() && chance(g.r, 0.75) {
		h.carer()
	}
	return out
}

func (h *household) nhs(p *kith.Person, chanceOf float64) {
	if chance(h.g.r, chanceOf) {
		p.NHSNumber = nhsNumber(h.g.r)
	}
}
