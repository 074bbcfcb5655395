package web

import (
	"kith/internal/kithtest"
	"net/http"
	"testing"
	"time"

	"kith"
)

// TestWritingView is the team view: a manager sees the team's commonest
// findings per 1,000 words and each writer; a practitioner sees the
// team's and only their own; someone from another team sees nothing of
// this one.
func TestWritingView(t *testing.T) {
	c := newTestCouncil(t, "sqlite")
	amy := c.amyAllocatedAt(kithtest.Now().AddDate(0, -1, 0))
	now := kithtest.Now().In(kith.London)
	visit := func(obs string) kith.RecordInput {
		return kith.RecordInput{TemplateKey: "home-visit", Headline: "Monthly visit", OccurredAt: now.Add(-2 * time.Hour),
			Content: kith.RecordContent{"present": {Others: "Amy, Carol"}, "child_seen": {Answer: "yes"}, "child_seen_alone": {Answer: "yes"}, "bedroom_seen": {Answer: "yes"},
				"child_views": {Text: "Amy said “I like my room”."}, "discussion": {Text: "We talked about school mornings and the new bus."},
				"concerns": {Text: "None today."}, "observations": {Text: obs}, "analysis": {Text: "Mornings are calmer than they were in September."}}}
	}
	c.Finalised(c.Actor(c.Prac), amy.Reference, visit("The home was in a state and the kitchen was messy."))
	c.Finalised(c.Actor(c.Prac2), amy.Reference, visit("I saw 3 bags of rubbish by the back door and clean sheets on Amy's bed."))

	m := c.signIn(t, c.Manager)
	page := m.get("/reports/writing")
	if page.status != http.StatusOK {
		t.Fatalf("manager: %d %s", page.status, text(page.body))
	}
	mustContain(t, text(page.body), "How our writing is going", "for learning together", "Vague descriptions", "Each writer", "Ann Ash", "Ben Birch",
		"2 records finalised and checked by the writing coach", "Records loaded into Kith from an earlier system were never checked by the coach")

	p := c.signIn(t, c.Prac2)
	page = p.get("/reports/writing")
	mustContain(t, text(page.body), "Vague descriptions", "Your own writing", "Ben Birch", "Only you and your manager see your own figures")
	mustNotContain(t, text(page.body), "Ann Ash")

	o := c.signIn(t, c.Outsider)
	if res := o.get("/reports/writing?team=" + c.T1.ID); res.status != http.StatusForbidden {
		t.Errorf("someone from another team: %d", res.status)
	}
	if res := m.get("/reports/writing?from=2026-11&to=2026-01"); res.status != http.StatusUnprocessableEntity {
		t.Errorf("a period that ends before it starts: %d", res.status)
	}
}
