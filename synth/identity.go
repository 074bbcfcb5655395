package synth

import (
	"fmt"
	"math/rand/v2"

	"kith"
	"kith/sqldb"
)

// ethnicities and their invented weights for the synthetic council: a
// mostly White British county with every group present.
var ethnicities = []codeWeight{
	{"WBRI", 68}, {"WIRI", 1}, {"WIRT", 1}, {"WROM", 1}, {"WOTH", 5}, {"MWBC", 3}, {"MWBA", 1}, {"MWAS", 2}, {"MOTH", 3},
	{"AIND", 2}, {"APKN", 3}, {"ABAN", 1}, {"AOTH", 1}, {"BCRB", 1}, {"BAFR", 3}, {"BOTH", 1}, {"CHNE", 1}, {"OOTH", 1},
	{"REFU", 1}, {"NOBT", 2},
}

// disabilities other than none, for the one child in eight with one.
var disabilities = []codeWeight{
	{"AUT", 30}, {"LD", 20}, {"COMM", 15}, {"BEH", 15}, {"MOB", 5}, {"HEAR", 4}, {"VIS", 4}, {"PC", 3}, {"HAND", 1}, {"INC", 1}, {"CON", 1}, {"DDA", 1},
}

// LACode is the synthetic council's local authority code, in its UPNs and
// its returns: one of the DfE's "pseudo LA" codes (001 to 005), which UPNs
// may carry (census rule 1530) but no real council has.
const LACode = "001"

// childIdentity gives a child the identity items a council would have
// recorded by the time their case opened: sex from the gender recorded,
// ethnicity, disabilities, a UPN for a child of school age (or the reason
// there is none), and, for a few older children, asylum-seeking status.
// Its own random source, seeded by the case and the child, leaves the rest
// of the council as it was.
func (g *gen) childIdentity(tl *timeline, c *sqldb.BulkCase, child *kith.Person, n int) {
	r := rand.New(rand.NewPCG(uint64(tl.openedAt.UnixNano())+uint64(n), 0x75706e))
	in := &kith.ChildIdentityInput{Ethnicity: draw(r, ethnicities)}
	switch child.Gender {
	case kith.GenderFemale:
		in.Sex = "F"
	case kith.GenderMale:
		in.Sex = "M"
	default:
		// Sex as registered at birth is known for almost every child, even
		// where their gender is recorded otherwise (SSDA903 rule 232
		// refuses U for a looked-after child).
		in.Sex = pick(r, []string{"F", "M"})
	}
	if r.IntN(8) == 0 {
		in.Disabilities = []string{draw(r, disabilities)}
	} else {
		in.Disabilities = []string{kith.NoDisability}
	}
	// A UPN is given when a child starts school; the council records it
	// then, so a child of school age by now has one (census rule 8770Q,
	// SSDA903 rule 209), even if their case opened before school.
	age := child.DateOfBirth.AgeOn(g.today)
	switch {
	case age < 5:
		in.UPNUnknown = "UN1"
	case r.IntN(20) == 0 && days(tl.openedOn, g.today) < 7:
		// "Not yet known" only in the case's first week: a council finds
		// the number by then (SSDA903 rule 210).
		in.UPNUnknown = "UN4"
	default:
		// The LA code, a school, the year the number was given (the
		// autumn the child started school) and a serial.
		rest := fmt.Sprintf("%s%04d%02d%03d", LACode, r.IntN(10000), (child.DateOfBirth.Year+5)%100, r.IntN(1000))
		letter, _ := kith.UPNCheckLetter(rest)
		in.UPN = string(letter) + rest
	}
	if child.DateOfBirth.AgeOn(tl.openedOn) >= 14 && r.IntN(50) == 0 {
		in.UASC = true
		in.UPN, in.UPNUnknown = "", "UN2"
	}
	c.Identity = in
}
