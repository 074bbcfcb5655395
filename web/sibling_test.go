package web

import (
	"testing"

	"kith"
	"kith/internal/kithtest"
)

// TestSiblingLinksToTheirOwnCase: a brother or sister in a child's
// network who has a case of their own is linked to it from their person
// page, for a reader who may open it.
func TestSiblingLinksToTheirOwnCase(t *testing.T) {
	c := newTestCouncil(t, "sqlite")
	ctx := t.Context()
	prac := c.Actor(c.Prac)
	tom := c.Allocate(c.Actor(c.Manager), c.Case(prac, "Tom", "Quill", kithtest.Date(2014, 1, 1), c.T1), c.T1, c.Prac)
	jane := c.Allocate(c.Actor(c.Manager), c.Case(prac, "Jane", "Quill", kithtest.Date(2012, 1, 1), c.T1), c.T1, c.Prac)
	if _, err := c.DB.AddNetworkMember(ctx, prac, tom.Reference, kith.NewNetworkMemberInput{ExistingPersonID: jane.ChildID,
		Relationship: kith.RelationshipInput{Kind: kith.RelSibling}}); err != nil {
		t.Fatal(err)
	}
	page := c.signIn(t, c.Prac).get("/cases/" + tom.Reference + "/people/" + jane.ChildID)
	mustContain(t, page.body, "Jane has a case of their own", `href="/cases/`+jane.Reference+`">open Jane’s case, `+jane.Reference+`</a>`)
	// The child's own person page on their case does not link to itself.
	mustNotContain(t, c.signIn(t, c.Prac).get("/cases/"+jane.Reference+"/people/"+jane.ChildID).body, "has a case of their own")
}
