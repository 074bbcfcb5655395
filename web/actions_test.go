package web

import (
	"kith/internal/kithtest"
	"net/http"
	"net/url"
	"testing"

	"kith"
	"kith/calendar"
)

// An action agreed on a home visit is given to Amy's mother from the
// network; "ASAP" is refused as its date. Once the visit is final the
// action is on the case's actions page, and following it up needs what
// happened. An action raised on the case a week ago and due two days ago
// is overdue in My work, with a link to follow it up.
func TestActionsFromAVisitAreFollowedUp(t *testing.T) {
	c := newTestCouncil(t, "sqlite")
	ctx := t.Context()
	amy := c.amyAllocatedAt(kithtest.DaysAgo(30))
	mum, err := c.DB.AddNetworkMember(ctx, c.Actor(c.Prac), amy.Reference, kith.NewNetworkMemberInput{
		Person:       kith.PersonInput{FirstName: "Carol", LastName: "Alder"},
		Relationship: kith.RelationshipInput{Kind: kith.RelParent, LivesWithChild: true, ParentalResponsibility: kith.Yes},
	})
	if err != nil {
		t.Fatal(err)
	}
	b := c.signIn(t, c.Prac)
	base := "/cases/" + amy.Reference
	res := b.post(base+"/records/new", url.Values{"template": {"home-visit"}})
	draft := res.location
	mustContain(t, b.get(draft).body, `<option value="family:`+mum+`">Carol Alder (Amy’s parent)</option>`)

	form := visitForm("1", "Mum stayed in the room")
	form.Set("s.actions.0.what", "Book Amy’s hearing test")
	form.Set("s.actions.0.who_ref", "family:"+mum)
	form.Set("s.actions.0.who", "")
	form.Set("s.actions.0.by", "ASAP")
	// "ASAP" is kept as typed, and the draft says what finalising needs.
	res = b.post(draft, withAction(form, "save"))
	if res.status != http.StatusSeeOther {
		t.Fatalf("ASAP as a date: %d", res.status)
	}
	mustContain(t, b.follow(res).body, "Draft saved", "govuk-error-summary", `value="ASAP"`,
		"“ASAP” is not a date: enter the date “Book Amy’s hearing test” will be done by")

	due := calendar.DayOf(kithtest.Now()).AddDays(7)
	form.Set("s.actions.0.by", due.Numeric())
	form.Set("version", "2")
	res = b.post(draft, withAction(form, "finalise"))
	if res.status != http.StatusSeeOther {
		t.Fatalf("finalise: %d %s", res.status, text(res.body))
	}
	page := b.get(base + "/actions")
	mustContain(t, page.body, "Book Amy’s hearing test", "Carol Alder (Amy’s parent)", "Agreed in Home visit on")

	_, actions, err := c.DB.CaseActions(ctx, c.Actor(c.Prac), amy.Reference, kith.ActionFilter{Status: kith.ActionOpen})
	if err != nil || len(actions) != 1 {
		t.Fatalf("open actions = %+v, %v", actions, err)
	}
	one := base + "/actions/" + actions[0].ID
	mustContain(t, b.get(one).body, "Follow up an action", "Book Amy’s hearing test")
	res = b.post(one, url.Values{"version": {"1"}, "status": {"done"}})
	if res.status != http.StatusUnprocessableEntity {
		t.Fatalf("done without what happened: %d", res.status)
	}
	mustContain(t, res.body, "govuk-error-summary", "Say what happened", "Enter the date it was done")
	today := calendar.DayOf(kithtest.Now())
	res = b.post(one, url.Values{"version": {"1"}, "status": {"done"}, "outcome": {"Hearing test booked for 3 December"},
		"on-day": {itoa(today.Day)}, "on-month": {itoa(int(today.Month))}, "on-year": {itoa(today.Year)}})
	if res.status != http.StatusSeeOther {
		t.Fatalf("done: %d %s", res.status, text(res.body))
	}
	mustContain(t, b.follow(res).body, "Action updated", "Hearing test booked for 3 December", "Done or no longer needed (1)")

	// Raised on the case: everything missing is said at once.
	res = b.post(base+"/actions/new", url.Values{})
	if res.status != http.StatusUnprocessableEntity {
		t.Fatalf("an empty action: %d", res.status)
	}
	mustContain(t, res.body, "Enter what needs to be done", "Say who is responsible for this action", "Enter the date it will be done by")

	// An action raised a week ago, due two days ago, is overdue today.
	kithtest.ClockOf(c.DB).Set(kithtest.DaysAgo(7))
	past := calendar.DayOf(kithtest.Now()).AddDays(-2)
	_, err = c.DB.AddAction(ctx, c.Actor(c.Prac), amy.Reference, kith.NewAction{What: "Send the plan to Oak School",
		Owner: kith.Owner{Kind: kith.OwnerOther, Name: "Mr Reid", Agency: "Oak School"}, Due: past})
	kithtest.ClockOf(c.DB).Set(kithtest.Now())
	if err != nil {
		t.Fatal(err)
	}
	overdue := between(b.get("/work").body, `id="overdue"`, `id="due-soon"`)
	mustContain(t, overdue, "Action: Send the plan to Oak School", "Mr Reid (Oak School) to do it", "Update the action")

	// Someone from another team cannot see or add actions.
	out := c.signIn(t, c.Outsider)
	if res := out.get(base + "/actions"); res.status != http.StatusNotFound && res.status != http.StatusForbidden {
		t.Errorf("another team's practitioner: %d", res.status)
	}
	if res := out.get(base + "/actions/new"); res.status != http.StatusNotFound && res.status != http.StatusForbidden {
		t.Errorf("another team's practitioner adding: %d", res.status)
	}
}
