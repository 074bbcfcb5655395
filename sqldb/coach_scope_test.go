package sqldb_test

import (
	"context"
	"slices"
	"strings"
	"testing"

	"kith"
	"kith/internal/kithtest"
	"kith/quality"
	"kith/sqldb"
)

// TestCoachAnswersOnlyForCasesTheWriterMayOpen: the writing coach's
// lookups (names, NHS numbers, phone numbers, addresses, case references,
// copied text) answer a match on a case the writer may not open (a
// restricted case, another team's) exactly as no match at all; matches on
// the cases of the writer's own team are still reported
// (kith.CoachMayReport).
func TestCoachAnswersOnlyForCasesTheWriterMayOpen(t *testing.T) {
	kithtest.EachEngine(t, func(t *testing.T, db *sqldb.DB) {
		c := newCouncil(t, db)
		ctx := context.Background()
		p1, p2, p3, tm, tm3 := c.A(c.Prac1), c.A(c.Prac2), c.A(c.Prac3), c.A(c.TM1), c.A(c.TM3)
		amy := c.Allocate(tm, c.Case(p1, "Amy", "Alder", kithtest.Date(2015, 5, 5), c.T1), c.T1, c.Prac1)

		// child adds a case in a team with an uncle, his phone and
		// address, an NHS number and a final record holding passage.
		child := func(a, m kith.Actor, team *kith.Team, worker *kith.User, first, last, nhs, uncle, phone, line1, postcode, passage string) *kith.Case {
			t.Helper()
			cs, err := db.CreateCase(ctx, a, kith.NewCaseInput{TeamID: team.ID,
				Child: kith.PersonInput{FirstName: first, LastName: last, DateOfBirth: kithtest.Date(2014, 3, 3), NHSNumber: nhs}})
			if err != nil {
				t.Fatal(err)
			}
			c.Allocate(m, cs, team, worker)
			f := strings.Fields(uncle)
			id, err := db.AddNetworkMember(ctx, a, cs.Reference, kith.NewNetworkMemberInput{Person: kith.PersonInput{FirstName: f[0], LastName: f[1]},
				Relationship: kith.RelationshipInput{Kind: kith.RelOtherRelative, ParentalResponsibility: kith.No}})
			if err != nil {
				t.Fatal(err)
			}
			if err := db.AddPhone(ctx, a, cs.Reference, id, kith.PhoneInput{Number: phone, Kind: kith.PhoneMobile}); err != nil {
				t.Fatal(err)
			}
			if err := db.AddAddress(ctx, a, cs.Reference, id, kith.AddressInput{Line1: line1, Town: "Kithton", Postcode: postcode}); err != nil {
				t.Fatal(err)
			}
			in := homeVisit(db, 0, "Her uncle stayed in the room")
			in.Content["observations"] = kith.SectionValue{Text: passage}
			c.Finalised(a, cs.Reference, in)
			return cs
		}
		// Rose is in Amy's team, allocated to Ben, then restricted: Ann is
		// not on its list. Olly is another team's child.
		rose := child(p2, tm, c.T1, c.Prac2, "Rose", "Thorne", "9990000018", "Marcus Reed", "07700 900123", "14 Thorn Road", "KT1 1AA",
			"The kitchen had a broken window covered with a sheet of cardboard and the back door would not lock properly at all.")
		cur, _, err := db.Case(ctx, tm, rose.Reference, kith.ManageAccess)
		if err != nil {
			t.Fatal(err)
		}
		if err := db.SetRestricted(ctx, tm, rose.Reference, true, cur.Version); err != nil {
			t.Fatal(err)
		}
		olly := child(p3, tm3, c.T3, c.Prac3, "Olly", "Quince", "9990000026", "Nigel Frost", "07700 900456", "3 Frost Lane", "KT3 3CC",
			"The stairs were blocked by three bicycles and a pile of boxes so that nobody could get up to the bedrooms easily.")
		// Ben's is a case in Amy's team that Ann may open: wrong-file
		// errors between them are still caught.
		ben := child(p2, tm, c.T1, c.Prac2, "Ben", "Birch", "9990000034", "Owen Pike", "07700 900789", "9 Pike Street", "KT2 2BB",
			"The garden gate was hanging off one hinge and the path to the front door was covered in broken glass from a window.")

		check := func(text string) []string {
			t.Helper()
			note := quality.Note{Child: quality.Child{FirstName: "Amy"}, Parts: []quality.Part{{Key: "discussion", Label: "What was discussed",
				Role: quality.RoleGeneral, Text: text}}}
			fs, err := db.CheckText(ctx, p1, amy.Reference, note)
			if err != nil {
				t.Fatal(err)
			}
			var out []string
			for _, f := range fs {
				if strings.HasPrefix(f.Rule, "names.") || strings.HasPrefix(f.Rule, "paste.") {
					// The message names the words; the rule and level are
					// what a writer could compare.
					out = append(out, f.Rule+"/"+string(f.Level))
				}
			}
			slices.Sort(out)
			return out
		}
		type probe struct{ what, hidden, made, visible string }
		for _, p := range []probe{
			{"a child's name", "Amy said Rose Thorne was there.", "Amy said Lily Fenwick was there.", "Amy said Ben Birch was there."},
			{"a relative's name, cued", "Her uncle Marcus Reed was there.", "Her uncle Martin Quayle was there.", "Her uncle Owen Pike was there."},
			{"a case reference", "See case " + rose.Reference + " for this.", "See case KTH-2026-009999 for this.", "See case " + ben.Reference + " for this."},
			{"an NHS number", "Her NHS number is 999 000 0018 today.", "Her NHS number is 999 000 0042 today.", "Her NHS number is 999 000 0034 today."},
			{"a phone number", "Call her on 07700 900123 today.", "Call her on 07700 900999 today.", "Call her on 07700 900789 today."},
			{"an address", "She lives at 14 Thorn Road, KT1 1AA now.", "She lives at 16 Ash Road, KT9 9ZZ now.", "She lives at 9 Pike Street, KT2 2BB now."},
			{"a copied passage", "The kitchen had a broken window covered with a sheet of cardboard and the back door would not lock properly at all.",
				"The kitchen had a cracked window covered with a sheet of plastic and the side door would not shut properly at all.",
				"The garden gate was hanging off one hinge and the path to the front door was covered in broken glass from a window."},
		} {
			hidden, made, visible := check(p.hidden), check(p.made), check(p.visible)
			if !slices.Equal(hidden, made) {
				t.Errorf("%s on a restricted case: the coach answers %v, and %v for one Kith does not hold", p.what, hidden, made)
			}
			if !slices.ContainsFunc(visible, func(s string) bool { return strings.HasSuffix(s, "/error") }) {
				t.Errorf("%s on a case in the writer's team: the coach answers %v, want an error", p.what, visible)
			}
		}
		// Another team's child is as unknown to Ann as a made-up one.
		for _, pair := range [][2]string{
			{"Amy said Olly Quince was there.", "Amy said Lily Fenwick was there."},
			{"See case " + olly.Reference + " for this.", "See case KTH-2026-009999 for this."},
			{"The stairs were blocked by three bicycles and a pile of boxes so that nobody could get up to the bedrooms easily.",
				"The stairs were blocked by two prams and a stack of crates so that nobody could get down to the kitchen quickly."},
		} {
			if got, want := check(pair[0]), check(pair[1]); !slices.Equal(got, want) {
				t.Errorf("another team's case: %q answers %v, a made-up one %v", pair[0], got, want)
			}
		}
		// Ben, on Rose's access list, is still warned about her.
		note := quality.Note{Child: quality.Child{FirstName: "Ben"}, Parts: []quality.Part{{Key: "discussion", Role: quality.RoleGeneral, Text: "Ben said Rose Thorne was there."}}}
		fs, err := db.CheckText(ctx, p2, ben.Reference, note)
		if err != nil || !slices.ContainsFunc(fs, func(f quality.Finding) bool { return f.Rule == "names.other-child" }) {
			t.Errorf("Rose's worker is not warned about her name on Ben's file: %v %+v", err, fs)
		}
	})
}
