package sqldb_test

import (
	"context"
	"testing"

	"kith"
	"kith/internal/kithtest"
	"kith/sqldb"
)

func TestNetworkAndContactHistory(t *testing.T) {
	kithtest.EachEngine(t, func(t *testing.T, db *sqldb.DB) {
		c := newCouncil(t, db)
		ctx := context.Background()
		prac := c.A(c.Prac1)
		tm := c.A(c.TM1)
		amy := c.Case(prac, "Amy", "Alder", kithtest.Date(2015, 5, 5), c.T1)
		bea := c.Case(prac, "Bea", "Alder", kithtest.Date(2017, 6, 6), c.T1)

		mum, err := db.AddNetworkMember(ctx, prac, amy.Reference, kith.NewNetworkMemberInput{
			Person:       kith.PersonInput{FirstName: "Carol", LastName: "Alder"},
			Relationship: kith.RelationshipInput{Kind: kith.RelParent, LivesWithChild: true, ParentalResponsibility: kith.Yes},
		})
		if err != nil {
			t.Fatal(err)
		}
		// The same mother joins the sibling's network without being typed again.
		if _, err := db.AddNetworkMember(ctx, prac, bea.Reference, kith.NewNetworkMemberInput{ExistingPersonID: mum,
			Relationship: kith.RelationshipInput{Kind: kith.RelParent, LivesWithChild: true}}); err != nil {
			t.Fatal(err)
		}
		if _, err := db.AddNetworkMember(ctx, prac, bea.Reference, kith.NewNetworkMemberInput{ExistingPersonID: mum,
			Relationship: kith.RelationshipInput{Kind: kith.RelCarer}}); kith.ErrorCode(err) != kith.ECONFLICT {
			t.Errorf("adding her twice: %v", err)
		}
		// Amy as Bea's sibling: the network links to her case.
		amyPerson := amy.ChildID
		if _, err := db.AddNetworkMember(ctx, prac, bea.Reference, kith.NewNetworkMemberInput{ExistingPersonID: amyPerson,
			Relationship: kith.RelationshipInput{Kind: kith.RelSibling, LivesWithChild: true}}); err != nil {
			t.Fatal(err)
		}
		// A grandfather who lives elsewhere: a significant adult outside the household.
		if _, err := db.AddNetworkMember(ctx, prac, amy.Reference, kith.NewNetworkMemberInput{
			Person:       kith.PersonInput{FirstName: "Don", LastName: "Alder"},
			Relationship: kith.RelationshipInput{Kind: kith.RelGrandparent, LivesWithChild: false, Notes: "Collects Amy from school on Fridays"},
		}); err != nil {
			t.Fatal(err)
		}
		// Someone from a case the practitioner cannot see cannot be linked.
		other := c.Case(c.A(c.Prac3), "Hidden", "Holly", kithtest.Date(2014, 2, 2), c.T3)
		if _, err := db.AddNetworkMember(ctx, prac, amy.Reference, kith.NewNetworkMemberInput{ExistingPersonID: other.ChildID,
			Relationship: kith.RelationshipInput{Kind: kith.RelFriend}}); kith.ErrorCode(err) != kith.ENOTFOUND {
			t.Errorf("linking someone unseen: %v", err)
		}

		// Mum's mobile changes: the old number stays, marked old, with dates.
		if err := db.AddPhone(ctx, prac, amy.Reference, mum, kith.PhoneInput{Number: "07700 900001", Kind: kith.PhoneMobile, FromDate: kithtest.Date(2024, 1, 1)}); err != nil {
			t.Fatal(err)
		}
		if err := db.AddPhone(ctx, prac, amy.Reference, mum, kith.PhoneInput{Number: "07700 900002", Kind: kith.PhoneMobile, ReplacesCurrent: true, FromDate: kithtest.Date(2025, 3, 1)}); err != nil {
			t.Fatal(err)
		}
		if err := db.AddPhone(ctx, prac, amy.Reference, mum, kith.PhoneInput{Number: "0800 ABC", Kind: kith.PhoneMobile}); kith.ErrorFields(err) == nil ||
			kith.ErrorFields(err)[0].Message != "Enter a telephone number, like 01632 960 001, 07700 900 982 or +44 808 157 0192" {
			t.Errorf("phone with letters: %v", err)
		}
		if err := db.AddAddress(ctx, prac, amy.Reference, mum, kith.AddressInput{Line1: "2 Oak Lane", Town: "Kithton", FromDate: kithtest.Date(2020, 1, 1)}); err != nil {
			t.Fatal(err)
		}
		if err := db.AddAddress(ctx, prac, amy.Reference, mum, kith.AddressInput{Line1: "9 Elm Close", Town: "Kithton", ReplacesCurrent: true, FromDate: kithtest.Date(2025, 6, 1)}); err != nil {
			t.Fatal(err)
		}

		o, err := db.CaseOverview(ctx, prac, bea.Reference)
		if err != nil {
			t.Fatal(err)
		}
		var carol, sib *kith.NetworkMember
		for i, m := range o.Network {
			switch m.Person.ID {
			case mum:
				carol = &o.Network[i]
			case amyPerson:
				sib = &o.Network[i]
			}
		}
		if carol == nil || sib == nil {
			t.Fatalf("network: %+v", o.Network)
		}
		if sib.CaseReference != amy.Reference {
			t.Errorf("sibling's case link %q, want %q", sib.CaseReference, amy.Reference)
		}
		phones := carol.Person.Phones
		if len(phones) != 2 || !phones[0].Current() || phones[0].Number != "07700 900002" ||
			phones[1].Current() || phones[1].ToDate != kithtest.Date(2025, 3, 1) || phones[1].FromDate != kithtest.Date(2024, 1, 1) {
			t.Errorf("phone history: %+v", phones)
		}
		addr := carol.Person.Addresses
		if len(addr) != 2 || addr[0].Line1 != "9 Elm Close" || addr[1].ToDate != kithtest.Date(2025, 6, 1) {
			t.Errorf("address history: %+v", addr)
		}
		// Search finds the old number too.
		q, _ := kith.ParseSearch("07700 900001", kith.Date{Year: 2026, Month: 1, Day: 1})
		if res, err := db.Search(ctx, prac, q, 10); err != nil || len(res) != 1 || res[0].PersonID != mum {
			t.Errorf("search by old number: %v %+v", err, res)
		}

		// Two people editing one person: the second is told, and nothing is lost.
		_, p, _, err := db.CasePerson(ctx, prac, amy.Reference, mum)
		if err != nil {
			t.Fatal(err)
		}
		edit := kith.PersonInput{FirstName: "Caroline", LastName: "Alder", Version: p.Version}
		if err := db.UpdatePerson(ctx, tm, amy.Reference, mum, edit); err != nil {
			t.Fatal(err)
		}
		edit.FirstName = "Carole"
		if err := db.UpdatePerson(ctx, prac, amy.Reference, mum, edit); kith.ErrorCode(err) != kith.ECONFLICT {
			t.Errorf("stale edit: %v", err)
		}
		// The change shows on the sibling's case too.
		o, _ = db.CaseOverview(ctx, prac, bea.Reference)
		for _, m := range o.Network {
			if m.Person.ID == mum && m.Person.FirstName != "Caroline" {
				t.Errorf("sibling's case shows %q", m.Person.FirstName)
			}
		}
		// Renaming re-indexes the name for search.
		q, _ = kith.ParseSearch("caroline", kith.Date{Year: 2026, Month: 1, Day: 1})
		if res, _ := db.Search(ctx, prac, q, 10); len(res) != 1 {
			t.Errorf("search after rename: %+v", res)
		}
		// End the relationship: it stays, ended.
		if err := db.EndRelationship(ctx, prac, amy.Reference, mum, kith.EndInput{Reason: "Moved away"}); err != nil {
			t.Fatal(err)
		}
		o, _ = db.CaseOverview(ctx, prac, amy.Reference)
		for _, m := range o.Network {
			if m.Person.ID == mum && (m.Relationship.Current() || m.Relationship.LivesWithChild) {
				t.Errorf("ended relationship: %+v", m.Relationship)
			}
		}
	})
}

func TestProfessionalsAndWarnings(t *testing.T) {
	kithtest.EachEngine(t, func(t *testing.T, db *sqldb.DB) {
		c := newCouncil(t, db)
		ctx := context.Background()
		prac := c.A(c.Prac1)
		cs := c.Case(prac, "Ian", "Ivy", kithtest.Date(2016, 1, 1), c.T1)
		id, err := db.AddInvolvement(ctx, prac, cs.Reference, kith.InvolvementInput{
			Professional: kith.ProfessionalInput{Name: "Dr Priya Patel", Role: "GP", Agency: "Kithton Health Centre", Phone: "01632 960001"},
			Note:         "Family GP",
		})
		if err != nil {
			t.Fatal(err)
		}
		_, err = db.AddInvolvement(ctx, prac, cs.Reference, kith.InvolvementInput{Professional: kith.ProfessionalInput{Name: "No Contact", Role: "Teacher", Agency: "School"}})
		if f := kith.ErrorFields(err); len(f) != 1 || f[0].Field != "phone" {
			t.Errorf("professional with no contact details: %v", err)
		}
		found, err := db.FindProfessionals(ctx, prac, "health centre")
		if err != nil || len(found) != 1 {
			t.Fatalf("find professionals: %v %v", found, err)
		}
		// The same GP on a second case, by reference rather than retyped.
		cs2 := c.Case(prac, "Jo", "Ivy", kithtest.Date(2018, 1, 1), c.T1)
		if _, err := db.AddInvolvement(ctx, prac, cs2.Reference, kith.InvolvementInput{ProfessionalID: found[0].ID}); err != nil {
			t.Fatal(err)
		}
		// New phone number, once, shows on both cases.
		_, inv, err := db.Involvement(ctx, prac, cs.Reference, id)
		if err != nil {
			t.Fatal(err)
		}
		upd := kith.ProfessionalInput{Name: inv.Professional.Name, Role: "GP", Agency: inv.Professional.Agency, Phone: "01632 960999", Version: inv.Professional.Version}
		if err := db.UpdateProfessional(ctx, prac, cs.Reference, id, upd, "Family GP"); err != nil {
			t.Fatal(err)
		}
		o, _ := db.CaseOverview(ctx, prac, cs2.Reference)
		if len(o.Professionals) != 1 || o.Professionals[0].Professional.Phone != "01632 960999" {
			t.Errorf("professional on the second case: %+v", o.Professionals)
		}

		if err := db.AddWarning(ctx, prac, cs.Reference, kith.WarningInput{Kind: kith.WarnRiskToStaff, Detail: "Father has threatened staff. Visit in pairs.", ReviewOn: kith.Today(db.Now()).AddDays(90)}); err != nil {
			t.Fatal(err)
		}
		err = db.AddWarning(ctx, prac, cs.Reference, kith.WarningInput{Kind: kith.WarnAnimals, Detail: "Dog", ReviewOn: kith.Today(db.Now()).AddDays(-1)})
		if f := kith.ErrorFields(err); len(f) != 1 || f[0].Message != "The review date must be today or in the future" {
			t.Errorf("warning reviewed in the past: %v", err)
		}
		o, _ = db.CaseOverview(ctx, prac, cs.Reference)
		if len(o.Warnings) != 1 || o.Warnings[0].ByName != "Ann Ash" {
			t.Fatalf("warnings: %+v", o.Warnings)
		}
		w := o.Warnings[0]
		if err := db.EndWarning(ctx, prac, cs.Reference, w.ID, kith.EndInput{Reason: " "}); kith.ErrorFields(err) == nil {
			t.Errorf("ending a warning with no reason: %v", err)
		}
		if err := db.EndWarning(ctx, prac, cs.Reference, w.ID, kith.EndInput{Reason: "Father has moved out"}); err != nil {
			t.Fatal(err)
		}
		o, _ = db.CaseOverview(ctx, prac, cs.Reference)
		if len(o.Warnings) != 1 || o.Warnings[0].Current() {
			t.Errorf("ended warning: %+v", o.Warnings)
		}
	})
}
