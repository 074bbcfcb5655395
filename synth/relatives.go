package synth

import "kith"

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
