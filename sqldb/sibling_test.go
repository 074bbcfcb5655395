package sqldb_test

import (
	"context"
	"testing"

	"kith"
	"kith/internal/kithtest"
	"kith/sqldb"
)

// A restricted child who is also in a visible sibling's network must not be
// readable, changeable or findable through the sibling's case.
func TestRestrictedChildInASiblingsNetwork(t *testing.T) {
	kithtest.EachEngine(t, func(t *testing.T, db *sqldb.DB) {
		c := newCouncil(t, db)
		ctx := context.Background()
		tm := c.A(c.TM1)
		tom := c.Case(c.A(c.Prac1), "Tom", "Quill", kithtest.Date(2014, 1, 1), c.T1)
		jane := c.Case(c.A(c.Prac1), "Jane", "Quill", kithtest.Date(2012, 1, 1), c.T1)
		if err := db.AddPhone(ctx, tm, jane.Reference, jane.ChildID, kith.PhoneInput{Number: "07700 900555", Kind: kith.PhoneMobile}); err != nil {
			t.Fatal(err)
		}
		if err := db.AddAddress(ctx, tm, jane.Reference, jane.ChildID, kith.AddressInput{Line1: "Safe House", Town: "Elsewhere"}); err != nil {
			t.Fatal(err)
		}
		if _, err := db.AddNetworkMember(ctx, tm, tom.Reference, kith.NewNetworkMemberInput{ExistingPersonID: jane.ChildID,
			Relationship: kith.RelationshipInput{Kind: kith.RelSibling}}); err != nil {
			t.Fatal(err)
		}
		jane, _, _ = db.Case(ctx, tm, jane.Reference, kith.ViewCase)
		if err := db.SetRestricted(ctx, tm, jane.Reference, true, jane.Version); err != nil {
			t.Fatal(err)
		}
		prac := c.A(c.Prac2) // in the team, not on Jane's access list
		if _, err := db.CaseOverview(ctx, prac, tom.Reference); err != nil {
			t.Fatalf("Tom's case: %v", err)
		}
		if _, _, _, err := db.CasePerson(ctx, prac, tom.Reference, jane.ChildID); kith.ErrorCode(err) != kith.ENOTFOUND {
			t.Errorf("Jane through Tom's case: %v", err)
		}
		if err := db.UpdatePerson(ctx, prac, tom.Reference, jane.ChildID, kith.PersonInput{FirstName: "J", LastName: "Q", DateOfBirth: kithtest.Date(2012, 1, 1)}); kith.ErrorCode(err) != kith.ENOTFOUND {
			t.Errorf("changing Jane through Tom's case: %v", err)
		}
		if err := db.AddAddress(ctx, prac, tom.Reference, jane.ChildID, kith.AddressInput{Line1: "x", Town: "y"}); kith.ErrorCode(err) != kith.ENOTFOUND {
			t.Errorf("adding Jane's address through Tom's case: %v", err)
		}
		o, _ := db.CaseOverview(ctx, prac, tom.Reference)
		for _, m := range o.Network {
			if m.Person.ID == jane.ChildID && (len(m.Person.Addresses) > 0 || len(m.Person.Phones) > 0 || m.CaseReference != "") {
				t.Errorf("Tom's network shows Jane's contact details or case: %+v", m)
			}
		}
		for _, text := range []string{jane.Reference, "07700 900555"} {
			q, _ := kith.ParseSearch(text, kith.Today(db.Now()))
			res, err := db.Search(ctx, prac, q, 10)
			if err != nil || len(res) != 0 {
				t.Errorf("search %q: %v %+v", text, err, res)
			}
		}
		if n := db.RawCount(t, "SELECT COUNT(*) FROM audit_events WHERE case_id = $1 AND action = 'access.denied'", jane.ID); n < 3 {
			t.Errorf("refusals on Jane's case audited %d times", n)
		}
		// Someone on Jane's list may reach her through Tom's case, and the
		// change shows in Jane's own access log.
		if err := db.AddAddress(ctx, tm, tom.Reference, jane.ChildID, kith.AddressInput{Line1: "New Safe House", Town: "Elsewhere", ReplacesCurrent: true}); err != nil {
			t.Fatal(err)
		}
		_, log, err := db.AccessLog(ctx, tm, jane.Reference, kith.AccessLogFilter{})
		if err != nil {
			t.Fatal(err)
		}
		if log[0].Action != kith.AuditAddressAdded {
			t.Errorf("Jane's access log does not show the change made through Tom's case: %+v", log[0])
		}
	})
}
