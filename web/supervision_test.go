package web

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"kith"
	"kith/calendar"
	"kith/internal/kithtest"
)

// The team manager records Amy's supervision: the draft begins with when
// she was last seen and her last words, lists the open action from her
// last visit, and marks it done there and then, landing back on the draft.
// The finalised supervision is on the case's management oversight list.
// Group supervision begins one record per child discussed.
func TestSupervisionReviewsTheActions(t *testing.T) {
	c := newTestCouncil(t, "sqlite")
	amy := c.amyAllocatedAt(kithtest.DaysAgo(30))
	base := "/cases/" + amy.Reference
	prac := c.signIn(t, c.Prac)
	res := prac.post(base+"/records/new", url.Values{"template": {"home-visit"}})
	form := visitForm("1", "Mum stayed in the room")
	if res = prac.post(res.location, withAction(form, "finalise")); res.status != http.StatusSeeOther {
		t.Fatalf("visit: %d %s", res.status, text(res.body))
	}

	m := c.signIn(t, c.Manager)
	mustContain(t, m.get(base+"/oversight").body, "No management oversight has been recorded", "Record supervision")
	res = m.post(base+"/records/new", url.Values{"template": {"supervision"}})
	if res.status != http.StatusSeeOther {
		t.Fatalf("start supervision: %d %s", res.status, text(res.body))
	}
	draft := res.location
	page := m.get(draft).body
	mustContain(t, page, "From the record", "Amy was last seen on", "Last recorded words", "Previously agreed actions (1)", "Book a school meeting",
		"Brief summary of the case and intervention", "What to do if the worker cannot engage the family")

	_, actions, err := c.DB.CaseActions(t.Context(), c.Actor(c.Manager), amy.Reference, kith.ActionFilter{})
	if err != nil || len(actions) != 1 {
		t.Fatalf("actions: %v %v", actions, err)
	}
	// The draft's own form carries the review: the draft is saved with it.
	v, err := c.DB.Record(t.Context(), c.Actor(c.Manager), draft[strings.LastIndex(draft, "/")+1:])
	if err != nil {
		t.Fatal(err)
	}
	f := newForm(nil)
	fillRecordForm(f, v.Record, v.Template)
	f.Set("s.progress", "Typed before the review: attendance is better")
	f.Set("action", "review:"+actions[0].ID)
	f.Set("review."+actions[0].ID+".version", "1")
	res = m.post(draft, f.Values)
	if res.status != http.StatusUnprocessableEntity {
		t.Fatalf("a review with no answer: %d", res.status)
	}
	mustContain(t, res.body, "Select whether the action is open, done or no longer needed", "Typed before the review: attendance is better")
	f.Set("version", versionIn(t, res.body))
	f.Set("review."+actions[0].ID+".status", "done")
	f.Set("review."+actions[0].ID+".outcome", "Meeting held with the head of year")
	res = m.post(draft, f.Values)
	if res.status != http.StatusSeeOther || res.location != draft+"#agreed-actions" {
		t.Fatalf("review from the draft: %d %q %s", res.status, res.location, text(res.body))
	}
	mustContain(t, m.get(draft).body, "Meeting held with the head of year", "Typed before the review: attendance is better")

	// An answer given for an action is kept whichever button is pressed.
	other, err := c.DB.AddAction(t.Context(), c.Actor(c.Manager), amy.Reference, kith.NewAction{What: "Send the plan to Oak School",
		Owner: kith.Owner{Kind: kith.OwnerOther, Name: "Mr Reid"}, Due: calendar.DayOf(kithtest.Now()).AddDays(7)})
	if err != nil {
		t.Fatal(err)
	}
	f.Values.Del("review." + actions[0].ID + ".status")
	f.Set("version", versionIn(t, m.get(draft).body))
	f.Set("action", "save")
	f.Set("review."+other.ID+".version", "1")
	f.Set("review."+other.ID+".status", "not_needed")
	f.Set("review."+other.ID+".outcome", "The school already has it")
	if res = m.post(draft, f.Values); res.status != http.StatusSeeOther {
		t.Fatalf("save with an answer: %d %s", res.status, text(res.body))
	}
	if _, x, err := c.DB.Action(t.Context(), c.Actor(c.Manager), amy.Reference, other.ID); err != nil || x.Status != kith.ActionNotNeeded {
		t.Errorf("the answer given with Save draft: %+v %v", x, err)
	}

	// The oversight list and group supervision.
	ben := c.Allocate(c.Actor(c.Manager), c.Case(c.Actor(c.Prac), "Ben", "Birch", kithtest.Date(2016, 6, 6), c.T1), c.T1, c.Prac)
	mustContain(t, m.get("/supervision/group").body, "Group supervision", "Ann Ash")
	mustContain(t, m.get("/supervision/group?worker="+c.Prac.ID).body, "Amy Alder", "Ben Birch")
	res = m.post("/supervision/group", url.Values{"worker": {c.Prac.ID}})
	if res.status != http.StatusUnprocessableEntity {
		t.Fatalf("no children chosen: %d", res.status)
	}
	mustContain(t, res.body, "Select the children discussed")
	res = m.post("/supervision/group", url.Values{"worker": {c.Prac.ID}, "children": {amy.Reference, ben.Reference}})
	if res.status != http.StatusSeeOther {
		t.Fatalf("group supervision: %d %s", res.status, text(res.body))
	}
	mustContain(t, m.follow(res).body, "2 supervision records begun")
	status, body, _ := c.api(t, c.token(t, c.Manager), "POST", "/api/v1/supervision/group", map[string]any{"cases": []string{amy.Reference}})
	if status != http.StatusCreated || len(body["records"].([]any)) != 1 || body["records"].([]any)[0].(map[string]any)["case_reference"] != amy.Reference {
		t.Errorf("group supervision through the API: %d %v", status, body)
	}
	if status, body, _ = c.api(t, c.token(t, c.Prac), "GET", "/api/v1/cases/"+amy.Reference+"/oversight", nil); status != http.StatusOK {
		t.Errorf("oversight through the API: %d %v", status, body)
	}
	if res := prac.get("/supervision/group"); res.status != http.StatusForbidden {
		t.Errorf("a practitioner asking for group supervision: %d", res.status)
	}
}
