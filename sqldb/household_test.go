package sqldb_test

import (
	"context"
	"testing"

	"kith"
	"kith/internal/kithtest"
	"kith/sqldb"
)

// household builds a family: Tom and his sisters Jane (restricted), Lily
// (same team) and Cal (another team's, unallocated), and a baby brother with no case of
// his own; their mother (Tom's and Lily's) and father (Tom's and Jane's).
type household struct {
	tom, jane, lily, cal *kith.Case
	baby, mum, dad       string
}

func newHousehold(t *testing.T, db *sqldb.DB, c *council) household {
	t.Helper()
	ctx := context.Background()
	tm, sm := c.A(c.TM1), c.A(c.SM1)
	var h household
	h.tom = c.Allocate(tm, c.Case(c.A(c.Prac1), "Tom", "Quill", kithtest.Date(2014, 1, 1), c.T1), c.T1, c.Prac1)
	h.jane = c.Allocate(tm, c.Case(c.A(c.Prac1), "Jane", "Quill", kithtest.Date(2012, 1, 1), c.T1), c.T1, c.Prac1)
	h.lily = c.Allocate(tm, c.Case(c.A(c.Prac1), "Lily", "Quill", kithtest.Date(2016, 6, 1), c.T1), c.T1, c.Prac2)
	h.cal = c.Case(sm, "Cal", "Quill", kithtest.Date(2010, 2, 2), c.T2)
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	must(db.AddAddress(ctx, tm, h.jane.Reference, h.jane.ChildID, kith.AddressInput{Line1: "Safe House", Town: "Elsewhere"}))
	must(db.AddAddress(ctx, tm, h.lily.Reference, h.lily.ChildID, kith.AddressInput{Line1: "2 Elm Road", Town: "Northtown"}))
	must(db.AddAddress(ctx, sm, h.cal.Reference, h.cal.ChildID, kith.AddressInput{Line1: "9 Far Lane", Town: "Southtown"}))
	add := func(a kith.Actor, ref string, in kith.NewNetworkMemberInput) string {
		t.Helper()
		id, err := db.AddNetworkMember(ctx, a, ref, in)
		must(err)
		return id
	}
	sibling := kith.RelationshipInput{Kind: kith.RelSibling, LivesWithChild: true}
	parent := kith.RelationshipInput{Kind: kith.RelParent, LivesWithChild: true, ParentalResponsibility: kith.Yes}
	add(tm, h.tom.Reference, kith.NewNetworkMemberInput{ExistingPersonID: h.jane.ChildID, Relationship: sibling})
	add(tm, h.tom.Reference, kith.NewNetworkMemberInput{ExistingPersonID: h.lily.ChildID, Relationship: sibling})
	add(sm, h.tom.Reference, kith.NewNetworkMemberInput{ExistingPersonID: h.cal.ChildID, Relationship: kith.RelationshipInput{Kind: kith.RelSibling}})
	h.baby = add(tm, h.tom.Reference, kith.NewNetworkMemberInput{Person: kith.PersonInput{FirstName: "Sam", LastName: "Quill", DateOfBirth: kithtest.Date(2026, 1, 1)}, Relationship: sibling})
	// The baby's address shows in Tom's network; the household shows
	// no one's address but those of the children whose cases it shows.
	must(db.AddAddress(ctx, tm, h.tom.Reference, h.baby, kith.AddressInput{Line1: "1 Cot Row", Town: "Northtown"}))
	h.mum = add(tm, h.tom.Reference, kith.NewNetworkMemberInput{Person: kith.PersonInput{FirstName: "Mary", LastName: "Quill"}, Relationship: parent})
	h.dad = add(tm, h.tom.Reference, kith.NewNetworkMemberInput{Person: kith.PersonInput{FirstName: "Dan", LastName: "Quill"}, Relationship: parent})
	add(tm, h.lily.Reference, kith.NewNetworkMemberInput{ExistingPersonID: h.mum, Relationship: parent})
	add(tm, h.jane.Reference, kith.NewNetworkMemberInput{ExistingPersonID: h.dad, Relationship: kith.RelationshipInput{Kind: kith.RelParent}})
	jane, _, err := db.Case(ctx, tm, h.jane.Reference, kith.ViewCase)
	must(err)
	must(db.SetRestricted(ctx, tm, h.jane.Reference, true, jane.Version))
	return h
}

// TestHousehold: the household shows the siblings whose cases the reader
// may open with their case, status, worker and address, the others only as
// the network shows them, and the adults the children share, counting only
// the networks of cases the reader may open; each case shown is audited.
func TestHousehold(t *testing.T) {
	kithtest.EachEngine(t, func(t *testing.T, db *sqldb.DB) {
		c := newCouncil(t, db)
		ctx := context.Background()
		h := newHousehold(t, db, c)
		names := map[string]string{h.tom.ChildID: "Tom", h.jane.ChildID: "Jane", h.lily.ChildID: "Lily", h.cal.ChildID: "Cal", h.baby: "Sam", h.mum: "Mary", h.dad: "Dan"}

		// shown describes a household as the reader is shown it.
		shown := func(hh *kith.Household) (children map[string]string, adults map[string]int) {
			children, adults = map[string]string{}, map[string]int{}
			for _, ch := range hh.Children {
				d := "no case"
				if ch.Case != nil {
					d = ch.Case.Reference + " " + ch.Case.WorkerName
				}
				if ch.Person.CurrentAddress() != nil {
					d += " " + ch.Person.CurrentAddress().Line1
				}
				children[names[ch.Person.ID]] = d
			}
			for _, ad := range hh.Adults {
				adults[names[ad.Person.ID]] = len(ad.Links)
			}
			return children, adults
		}

		// A colleague in the team, not on Jane's list: Jane and Cal (another
		// team) show as the network shows them, and Dad is not shared
		// (only Jane's network, which they may not read, links him).
		hh, _, err := db.Household(ctx, c.A(c.Prac2), h.tom.Reference)
		if err != nil {
			t.Fatal(err)
		}
		children, adults := shown(hh)
		want := map[string]string{"Tom": h.tom.Reference + " Ann Ash", "Lily": h.lily.Reference + " Ben Birch 2 Elm Road",
			"Jane": "no case", "Cal": "no case", "Sam": "no case"}
		if len(children) != len(want) {
			t.Errorf("children: %v", children)
		}
		for k, v := range want {
			if children[k] != v {
				t.Errorf("colleague sees %s as %q, want %q", k, children[k], v)
			}
		}
		if len(adults) != 1 || adults["Mary"] != 2 {
			t.Errorf("colleague's shared adults: %v", adults)
		}
		if hh.Children[0].Person.ID != h.tom.ChildID {
			t.Errorf("the child whose household it is comes first: %+v", hh.Children[0].Person)
		}

		// The team manager is on Jane's list: Jane's case, address and Dad.
		hh, _, err = db.Household(ctx, c.A(c.TM1), h.tom.Reference)
		if err != nil {
			t.Fatal(err)
		}
		children, adults = shown(hh)
		if children["Jane"] != h.jane.Reference+" Ann Ash Safe House" || children["Cal"] != "no case" {
			t.Errorf("manager sees %v", children)
		}
		if len(adults) != 2 || adults["Dan"] != 2 || adults["Mary"] != 2 {
			t.Errorf("manager's shared adults: %v", adults)
		}

		// A practitioner in another team may not open Tom's case at all.
		if _, _, err := db.Household(ctx, c.A(c.Prac3), h.tom.Reference); kith.ErrorCode(err) != kith.ENOTFOUND {
			t.Errorf("outsider: %v", err)
		}

		// Reading the household is a read of each case shown, and only those.
		for _, cs := range []*kith.Case{h.tom, h.lily} {
			if n := db.RawCount(t, `SELECT COUNT(*) FROM audit_events WHERE case_id = $1 AND user_id = $2 AND detail LIKE 'household%'`, cs.ID, c.Prac2.ID); n != 1 {
				t.Errorf("%s: %d household reads audited", cs.Reference, n)
			}
		}
		for _, cs := range []*kith.Case{h.jane, h.cal} {
			if n := db.RawCount(t, `SELECT COUNT(*) FROM audit_events WHERE case_id = $1 AND user_id = $2`, cs.ID, c.Prac2.ID); n != 0 {
				t.Errorf("%s: %d events for the colleague", cs.Reference, n)
			}
		}
	})
}
