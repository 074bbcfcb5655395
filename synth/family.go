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
	for i, child := range children {
		c := tl.bulk(child.ID)
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
		if err := g.b.Case(c); err != nil {
			return err
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
	p := &kith.Person{FirstName: pick(g.r, men), LastName: g.surnames.pick(g.r), Gender: kith.GenderMale,
		DateOfBirth: mother.DateOfBirth.AddDays(between(g.r, -years(10), years(8)))}
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

// placement moves a looked-after child from home to a placement, and a
// care leaver on to a home of their own.
func (h *household) placement(c *kith.Person) {
	g, f, tl := h.g, h.f, h.f.tl
	cla := tl.claOn
	if h.place.Line1 == "" {
		h.place = address(g.r, g.r.IntN(len(towns)))
		h.place.FromDate = cla
	}
	var kept []kith.Address
	for _, a := range c.Addresses {
		if !a.FromDate.Before(cla) {
			continue
		}
		if a.ToDate.IsZero() || a.ToDate.After(cla) {
			a.ToDate = cla
		}
		kept = append(kept, a)
	}
	place := h.place
	if f.prof == pLeaver {
		at18 := addYears(c.DateOfBirth, 18)
		own := at18.AddDays(between(g.r, 0, 200))
		if end := g.today; !tl.closedOn.IsZero() {
			end = tl.closedOn
			if !own.Before(end) {
				own = end.AddDays(-1)
			}
		} else if !own.Before(end) {
			own = end.AddDays(-1)
		}
		if own.After(place.FromDate) {
			place.ToDate = own
			flat := address(g.r, f.team.town)
			flat.FromDate = own
			c.Addresses = append(kept, place, flat)
			return
		}
	}
	c.Addresses = append(kept, place)
}

// carer is the foster carer of a looked-after child (or, after 18, the
// carer a young person stayed on with).
func (h *household) carer() {
	g, f, tl := h.g, h.f, h.f.tl
	p := &kith.Person{FirstName: pick(g.r, women), LastName: g.surnames.pick(g.r), Gender: kith.GenderFemale}
	if chance(g.r, 0.3) {
		p.FirstName, p.Gender = pick(g.r, men), kith.GenderMale
	}
	p.DateOfBirth = g.ago(between(g.r, years(30), years(65)))
	home := h.place
	home.FromDate, home.ToDate = tl.claOn.AddDays(-between(g.r, 365, 3650)), kith.Date{}
	p.Addresses = []kith.Address{home}
	p.Phones = h.phones(0.9, kith.Date{})
	if chance(g.r, 0.3) {
		p.Phones = append(p.Phones, kith.Phone{Number: landline(g.r), Kind: kith.PhoneHome, FromDate: home.FromDate})
	}
	m := h.add(p, kith.RelCarer, true, kith.No, "Foster carer")
	m.rel.StartedOn, m.rel.At, m.rel.By = tl.claOn, workTime(g, tl.claOn), tl.openedBy.id
	if m.rel.At.Before(tl.openedAt) {
		m.rel.At = tl.openedAt
	}
	switch {
	case f.prof == pLeaver && chance(g.r, 0.5):
		m.rel.Notes = "Former foster carer; staying put arrangement since 18"
	case f.prof == pLeaver:
		m.rel.EndedOn = addYears(f.dobs[0], 18)
	case !tl.closedOn.IsZero():
		m.rel.EndedOn = tl.closedOn
	}
}

// others adds siblings without a case, grandparents and a significant
// adult, each with some probability.
func (h *household) others(mother *kith.Person) {
	g, f := h.g, h.f
	for range weighted(g.r, 0.5, 0.35, 0.15) {
		s := &kith.Person{LastName: h.surname}
		if chance(g.r, 0.5) {
			s.FirstName, s.Gender = pick(g.r, girls), kith.GenderFemale
		} else {
			s.FirstName, s.Gender = pick(g.r, boys), kith.GenderMale
		}
		lives := !h.inCare()
		if chance(g.r, 0.5) {
			// A grown-up brother or sister living elsewhere.
			s.DateOfBirth = g.ago(between(g.r, years(18), years(27)))
			lives = false
			if chance(g.r, 0.6) {
				a := address(g.r, g.r.IntN(len(towns)))
				a.FromDate = g.ago(between(g.r, 60, 2000))
				s.Addresses = []kith.Address{a}
			}
			s.Phones = h.phones(0.5, kith.Date{})
		} else {
			s.DateOfBirth = f.tl.openedOn.AddDays(-between(g.r, 30, years(17)))
			s.Addresses = h.homeFrom(s.DateOfBirth)
		}
		h.add(s, kith.RelSibling, lives, kith.No, "")
	}
	if chance(g.r, 0.4) {
		h.grandparents(mother)
	}
	if chance(g.r, 0.25) {
		h.significant()
	}
}

func (h *household) grandparents(mother *kith.Person) {
	g, f := h.g, h.f
	home := address(g.r, g.r.IntN(len(towns)))
	home.FromDate = g.ago(between(g.r, years(3), years(30)))
	var phone []kith.Phone
	if chance(g.r, 0.6) {
		phone = []kith.Phone{{Number: landline(g.r), Kind: kith.PhoneHome, FromDate: home.FromDate}}
	}
	born := f.dobs[0].AddDays(-between(g.r, years(36), years(70)))
	last := h.surname
	if mother != nil {
		born = mother.DateOfBirth.AddDays(-between(g.r, years(18), years(35)))
		last = mother.LastName
	}
	gm := &kith.Person{FirstName: pick(g.r, women), LastName: last, Gender: kith.GenderFemale, DateOfBirth: born,
		Addresses: []kith.Address{home}, Phones: phone}
	h.add(gm, kith.RelGrandparent, false, kith.No, "")
	if chance(g.r, 0.5) {
		gf := &kith.Person{FirstName: pick(g.r, men), LastName: last, Gender: kith.GenderMale, DateOfBirth: born.AddDays(-between(g.r, 0, years(6))),
			Addresses: []kith.Address{home}, Phones: append([]kith.Phone(nil), phone...)}
		h.add(gf, kith.RelGrandparent, false, kith.No, "")
	}
}

var significantNotes = []struct {
	kind  kith.RelationshipKind
	notes string
}{
	{kith.RelSignificantAdult, "Football coach; the child trusts him and talks to him about home"},
	{kith.RelSignificantAdult, "Neighbour who looks after the children after school"},
	{kith.RelSignificantAdult, "Former foster carer; keeps in touch"},
	{kith.RelFriend, "Family friend; comes to meetings with mother"},
	{kith.RelFriend, "Mother's close friend; offers respite at weekends"},
	{kith.RelOtherRelative, "Aunt; has offered to care for the children if needed"},
	{kith.RelOtherRelative, "Uncle; sees the children most weekends"},
}

// significant adds an adult who matters to the child and lives elsewhere.
func (h *household) significant() {
	g := h.g
	s := pick(g.r, significantNotes)
	p := &kith.Person{FirstName: pick(g.r, women), LastName: g.surnames.pick(g.r), Gender: kith.GenderFemale}
	if chance(g.r, 0.45) {
		p.FirstName, p.Gender = pick(g.r, men), kith.GenderMale
	}
	if chance(g.r, 0.5) {
		p.DateOfBirth = g.ago(between(g.r, years(25), years(70)))
	}
	if chance(g.r, 0.4) {
		a := address(g.r, g.r.IntN(len(towns)))
		a.FromDate = g.ago(between(g.r, 60, 3000))
		p.Addresses = []kith.Address{a}
	}
	p.Phones = h.phones(0.5, kith.Date{})
	h.add(p, s.kind, false, kith.No, s.notes)
}

// relative makes sure every child has at least two people in their
// network: an aunt, when nobody else is known.
func (h *household) relative(mother *kith.Person) {
	g := h.g
	last := h.surname
	if mother != nil {
		last = mother.LastName
	}
	p := &kith.Person{FirstName: pick(g.r, women), LastName: last, Gender: kith.GenderFemale}
	p.Phones = h.phones(0.7, kith.Date{})
	h.add(p, kith.RelOtherRelative, false, kith.No, "Aunt")
}

// trim keeps the network to six people besides the child: parents, carers
// and siblings with cases stay; others go first.
func (h *household) trim(siblingsWithCases int) {
	room := 6 - siblingsWithCases
	if len(h.members) <= room {
		return
	}
	rank := func(k kith.RelationshipKind) int {
		switch k {
		case kith.RelParent, kith.RelCarer:
			return 0
		case kith.RelStepParent:
			return 1
		case kith.RelGrandparent:
			return 2
		}
		return 3
	}
	var kept []member
	for r := 0; r <= 3; r++ {
		for _, m := range h.members {
			if rank(m.rel.Kind) == r && len(kept) < room {
				kept = append(kept, m)
			}
		}
	}
	h.members = kept
}

func (h *household) nhs(p *kith.Person, chanceOf float64) {
	if chance(h.g.r, chanceOf) {
		p.NHSNumber = nhsNumber(h.g.r)
	}
}
