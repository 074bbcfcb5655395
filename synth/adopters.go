package synth

import (
	"math/rand/v2"

	"kith"
	"kith/sqldb"
)

// adopters puts the household a child placed for adoption was matched
// with into the adopters register, and names it on the match: enquiry,
// stage 1, the application, stage 2 and approval in the months before the
// match, and, after the adoption, for half of them, leaving the process.
// Now and then another household who has not been matched goes with it:
// still in stage 1 or 2, approved and waiting, or withdrawn. Chosen from
// the child's place in the council, not the random streams, so everything
// else is unchanged.
func (g *gen) adopters(n0 int, care *sqldb.BulkCare) {
	m := care.Match
	if m == nil {
		return
	}
	r := rand.New(rand.NewPCG(uint64(n0), 0x61646f7074))
	approved := m.MatchedOn.AddDays(-between(r, 20, 90))
	h := g.household(r, m.AdoptersSex, approved)
	if end := care.End; end != nil && chance(r, 0.5) {
		if left := end.EndedOn.AddDays(between(r, 30, 90)); !left.After(g.today) {
			h.LeftOn, h.LeftReason = left, "adopted"
		}
	}
	if err := g.b.AdopterHousehold(&h, ""); err != nil {
		return // the load has failed, and says why at its next case
	}
	m.Household = h.Reference
	if !chance(r, 0.6) {
		return
	}
	other := g.household(r, pick(r, []string{"MF", "MF", "FF", "MM", "F1", "M1"}), g.today.AddDays(-between(r, 0, 300)))
	switch n := r.IntN(4); {
	case n == 0: // approved and waiting
	case n == 1: // in stage 2
		other.ApprovedOn, other.Stage2EndedOn = kith.Date{}, kith.Date{}
	case n == 2: // in stage 1
		other.ApprovedOn, other.Stage2EndedOn, other.Stage2StartedOn, other.Stage1EndedOn, other.ApplicationOn = kith.Date{}, kith.Date{}, kith.Date{}, kith.Date{}, kith.Date{}
	default: // withdrew in stage 2
		other.ApprovedOn, other.Stage2EndedOn = kith.Date{}, kith.Date{}
		other.LeftOn, other.LeftReason = other.Stage2StartedOn.AddDays(between(r, 10, 60)), pick(r, []string{"withdrew", "not_suitable"})
	}
	for _, d := range []kith.Date{other.EnquiryOn, other.Stage1StartedOn, other.Stage1EndedOn, other.Stage2StartedOn, other.LeftOn} {
		if d.After(g.today) {
			return // its steps would run past today
		}
	}
	_ = g.b.AdopterHousehold(&other, "")
}

// household is a household approved on a day, with the two stages and
// the application in the months before it; sexes is the 903's code for
// who adopts (MF, FF, MM, F1 or M1).
func (g *gen) household(r *rand.Rand, sexes string, approved kith.Date) kith.AdopterHousehold {
	surname := pick(r, commonSurnames)
	var adopters []kith.Adopter
	for _, s := range sexes {
		if s == '1' {
			break
		}
		first := pick(r, women)
		if s == 'M' {
			first = pick(r, men)
		}
		disabled := kith.No
		switch n := r.IntN(20); {
		case n == 0:
			disabled = kith.Yes
		case n < 3:
			disabled = kith.NotKnown
		}
		adopters = append(adopters, kith.Adopter{Name: first + " " + surname, Sex: string(s), Ethnicity: draw(r, ethnicities), Disabled: disabled})
	}
	stage2 := approved.AddDays(-between(r, 120, 180))
	stage1End := stage2.AddDays(-between(r, 0, 10))
	stage1 := stage1End.AddDays(-between(r, 40, 70))
	return kith.AdopterHousehold{AdopterHouseholdInput: kith.AdopterHouseholdInput{
		Adopters: adopters, FosteringForAdoption: chance(r, 0.15), EnquiryOn: stage1.AddDays(-between(r, 7, 60)),
		Stage1StartedOn: stage1, Stage1EndedOn: stage1End, ApplicationOn: stage1End, Stage2StartedOn: stage2, Stage2EndedOn: approved, ApprovedOn: approved,
	}}
}
