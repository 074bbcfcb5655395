package web

import (
	"net/http"
	"testing"

	"kith"
	"kith/internal/kithtest"
)

// householdFamily is Tom, his sisters Jane (restricted: on her list are
// the manager and Ann, her worker) and Lily (Ben's), their mother Mary
// (Tom's and Lily's) and father Dan (Tom's and Jane's).
func householdFamily(t *testing.T, c *testCouncil) (tom, jane, lily *kith.Case) {
	t.Helper()
	ctx := t.Context()
	prac, mgr := c.Actor(c.Prac), c.Actor(c.Manager)
	tom = c.Allocate(mgr, c.Case(prac, "Tom", "Quill", kithtest.Date(2014, 1, 1), c.T1), c.T1, c.Prac)
	jane = c.Allocate(mgr, c.Case(prac, "Jane", "Quill", kithtest.Date(2012, 1, 1), c.T1), c.T1, c.Prac)
	lily = c.Allocate(mgr, c.Case(prac, "Lily", "Quill", kithtest.Date(2016, 6, 1), c.T1), c.T1, c.Prac2)
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	must(c.DB.AddAddress(ctx, mgr, jane.Reference, jane.ChildID, kith.AddressInput{Line1: "Safe House", Town: "Elsewhere"}))
	must(c.DB.AddAddress(ctx, mgr, lily.Reference, lily.ChildID, kith.AddressInput{Line1: "2 Elm Road", Town: "Northtown"}))
	must(c.DB.StartStatus(ctx, mgr, lily.Reference, kith.StatusInput{Kind: kith.StatusCP, StartedOn: kith.Today(kithtest.Now())}))
	add := func(ref string, in kith.NewNetworkMemberInput) string {
		t.Helper()
		id, err := c.DB.AddNetworkMember(ctx, mgr, ref, in)
		must(err)
		return id
	}
	sibling := kith.RelationshipInput{Kind: kith.RelSibling, LivesWithChild: true}
	parent := kith.RelationshipInput{Kind: kith.RelParent, LivesWithChild: true, ParentalResponsibility: kith.Yes}
	add(tom.Reference, kith.NewNetworkMemberInput{ExistingPersonID: jane.ChildID, Relationship: sibling})
	add(tom.Reference, kith.NewNetworkMemberInput{ExistingPersonID: lily.ChildID, Relationship: sibling})
	mum := add(tom.Reference, kith.NewNetworkMemberInput{Person: kith.PersonInput{FirstName: "Mary", LastName: "Quill"}, Relationship: parent})
	dad := add(jane.Reference, kith.NewNetworkMemberInput{Person: kith.PersonInput{FirstName: "Dan", LastName: "Quill"}, Relationship: parent})
	add(lily.Reference, kith.NewNetworkMemberInput{ExistingPersonID: mum, Relationship: parent})
	add(tom.Reference, kith.NewNetworkMemberInput{ExistingPersonID: dad, Relationship: kith.RelationshipInput{Kind: kith.RelParent}})
	cur, _, err := c.DB.Case(ctx, mgr, jane.Reference, kith.ViewCase)
	must(err)
	must(c.DB.SetRestricted(ctx, mgr, jane.Reference, true, cur.Version))
	return tom, jane, lily
}

// TestHouseholdPage: the case page links to the household; the household
// names the child in its title and shows each sibling's case only to a
// reader who may open it; a restricted sister shows, to a colleague off her
// list, only as Tom's network shows her, and the father she shares with Tom
// is not named through her; an outsider cannot open it at all.
func TestHouseholdPage(t *testing.T) {
	for _, engine := range kithtest.Engines {
		t.Run(engine, func(t *testing.T) {
			c := newTestCouncil(t, engine)
			tom, jane, lily := householdFamily(t, c)
			page := "/cases/" + tom.Reference + "/household"

			b := c.signIn(t, c.Prac)
			mustContain(t, b.get("/cases/"+tom.Reference).body, `href="`+page+`"`)
			res := b.get(page)
			if res.status != http.StatusOK {
				t.Fatalf("household: %d", res.status)
			}
			mustContain(t, res.body, "<title>Brothers, sisters and the adults they share – Tom Quill",
				`href="/cases/`+jane.Reference+`"`, "Safe House", `href="/cases/`+lily.Reference+`"`, "2 Elm Road", "Ben Birch",
				"Adults they share", "Mary Quill", "Parent of Lily Quill", "Dan Quill", "Parent of Jane Quill", "Child protection")

			// Ben, in the team but not on Jane's list.
			res = c.signIn(t, c.Prac2).get(page)
			mustContain(t, res.body, "Jane Quill", "Lives with Tom", "Lily Quill", `href="/cases/`+lily.Reference+`"`, "2 Elm Road", "Mary Quill")
			mustNotContain(t, res.body, jane.Reference, "Safe House", "Dan Quill", "Parent of Jane")

			// Cat, in another team, may not open Tom's case.
			res = c.signIn(t, c.Outsider).get(page)
			if res.status != http.StatusNotFound {
				t.Errorf("outsider: %d", res.status)
			}
			mustNotContain(t, res.body, "Jane Quill", "Lily Quill", "Mary Quill")

			// A child with no brothers or sisters recorded.
			mustContain(t, b.get("/cases/"+jane.Reference+"/household").body, "No brothers or sisters are recorded in Jane’s network")
		})
	}
}
