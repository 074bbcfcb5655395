package synth

import "kith"

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
