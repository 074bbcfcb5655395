package e2e

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"kith"
	"kith/calendar"
	"kith/internal/kithtest"
	"kith/web"
)

func TestPlanAndActionJourneys(t *testing.T) {
	for _, engine := range kithtest.Engines {
		t.Run(engine, func(t *testing.T) { planAndActionJourneys(t, engine) })
	}
}

// pick chooses an option of a select by its value.
func (b *browser) pick(id, value string) {
	b.t.Helper()
	b.do(chromedp.SetValue(chromedp.CSS(fmt.Sprintf(`[id=%q]`, id)), value))
}

func dateFields(name string, d kith.Date) map[string]string {
	return map[string]string{name + "-day": itoa(d.Day), name + "-month": itoa(int(d.Month)), name + "-year": itoa(d.Year)}
}

// A practitioner starts a child in need plan with two SMART objectives (the
// first try, with no one responsible, is refused), writes up a home visit
// that works on the first objective and agrees an action with Amy's
// mother; the visit shows on the objective. The day after the action's
// date it is overdue in My work, and she follows it up there.
func planAndActionJourneys(t *testing.T, engine string) {
	c := startKith(t, engine, web.DefaultConfig())
	ctx := context.Background()
	start := kithtest.DaysAgo(8)
	day0 := calendar.DayOf(start)
	kithtest.ClockOf(c.DB).Freeze(start)
	defer func() { kithtest.ClockOf(c.DB).Set(kithtest.Now()) }()
	amy := c.Allocate(c.Actor(c.Manager), c.Case(c.Actor(c.Prac), "Amy", "Alder", kithtest.Date(2015, 5, 5), c.North), c.North, c.Prac)
	mum, err := c.DB.AddNetworkMember(ctx, c.Actor(c.Prac), amy.Reference, kith.NewNetworkMemberInput{
		Person:       kith.PersonInput{FirstName: "Carol", LastName: "Alder"},
		Relationship: kith.RelationshipInput{Kind: kith.RelParent, LivesWithChild: true, ParentalResponsibility: kith.Yes},
	})
	if err != nil {
		t.Fatal(err)
	}
	ref := amy.Reference

	b := newBrowser(t, c.URL)
	b.signIn(c.Prac)
	b.open("/cases/" + ref)
	b.press("Plan")
	b.see("Amy has no current plan")
	b.axe()
	b.press("Start a plan")
	b.choose("kind", "child_in_need")
	b.fill(dateFields("review", day0.AddDays(90)))
	b.axe()
	b.press("Start the plan")
	b.see("Plan started", "Child in need plan from "+day0.Long())

	b.press("Add an objective")
	b.fill(merge(map[string]string{"change": "Amy goes to school every day", "measure": "Attendance over 95% on the school register"},
		dateFields("due", day0.AddDays(60))))
	b.press("Save the objective")
	b.see("There is a problem", "Say who is responsible for this objective")
	b.axe()
	b.pick("owner", "worker:"+c.Prac.ID)
	b.press("Save the objective")
	b.see("Objective saved", "1. Amy goes to school every day")
	b.press("Add an objective")
	b.fill(merge(map[string]string{"change": "Amy sleeps in her own bed", "measure": "Her mother's sleep diary",
		"owner_name": "Jo Park", "owner_role": "Family support worker", "owner_agency": "Family Hub"}, dateFields("due", day0.AddDays(45))))
	b.pick("owner", "other")
	b.press("Save the objective")
	b.see("2. Amy sleeps in her own bed", "Jo Park (Family support worker, Family Hub)")
	b.axe()

	_, plans, err := c.DB.CasePlans(ctx, c.Actor(c.Prac), ref)
	if err != nil || plans.Current == nil || len(plans.Current.Objectives) != 2 {
		t.Fatalf("plans: %+v %v", plans, err)
	}
	first := plans.Current.Objectives[0].ID

	// A home visit that works on the first objective, with an action for
	// Amy's mother due in two days.
	due := day0.AddDays(2)
	visitAt := start.Add(-time.Hour).In(kith.London)
	b.open("/cases/" + ref + "/records/new")
	b.choose("template", "home-visit")
	b.press("Start the record")
	b.fill(merge(eventFields(calendar.DayOf(visitAt), visitAt.Format("15:04")), map[string]string{"headline": "Monthly visit", "s.present.others": "Amy and her mother",
		"s.child_views": "Amy said: I like my room", "s.discussion": "School mornings", "s.concerns": "None today",
		"s.observations": "Warm and tidy", "s.analysis": "Improving", "s.actions.0.what": "Book Amy’s hearing test",
		"s.actions.0.by": due.Numeric()}))
	b.choose("s.child_seen", "yes")
	b.choose("s.child_seen_alone", "yes")
	b.choose("s.bedroom_seen", "yes")
	b.choose("objectives", first)
	b.pick("s.actions.0.who_ref", "family:"+mum)
	b.axe()
	b.pressWhileItMoves("Finalise the record")
	b.see("Record finalised", "Plan objectives worked on", "1. Amy goes to school every day", "Book Amy’s hearing test — Carol Alder (Amy’s parent)")
	b.press("1. Amy goes to school every day")
	b.see("Records that worked on it (1)", "Monthly visit")
	b.axe()

	// The day after the action's date it is overdue in My work.
	// (Three days on, the session has timed out: sign in again.)
	kithtest.ClockOf(c.DB).Freeze(start.AddDate(0, 0, 3))
	b = newBrowser(t, c.URL)
	b.signIn(c.Prac)
	b.open("/work")
	b.see("Overdue", "Action: Book Amy’s hearing test", "Carol Alder (Amy’s parent) to do it")
	b.axe()
	b.press("Update the action: Action: Book Amy’s hearing test for Amy Alder")
	b.see("Follow up an action", "Overdue")
	b.choose("status", "done")
	b.fill(merge(map[string]string{"outcome": "Carol booked it for 3 December"}, dateFields("on", calendar.DayOf(start.AddDate(0, 0, 3)))))
	b.axe()
	b.press("Save")
	b.see("Action updated", "Done or no longer needed (1)", "Carol booked it for 3 December")
	b.axe()
	b.open("/work")
	b.notSee("Book Amy’s hearing test")

	// A referral to family support, chased with an answer.
	b.open("/cases/" + ref + "/referrals")
	b.see("No referrals have been recorded")
	b.press("Add a referral")
	b.fill(map[string]string{"service": "Family support", "provider": "Riverside Family Hub", "reason": "Mornings are hard",
		"family_wanted": "Carol wants help getting the children to school"})
	b.choose("consent", "yes")
	b.press("Add the referral")
	b.see("Referral added", "Family support (Riverside Family Hub)")
	b.axe()
	b.press("Family support (Riverside Family Hub)")
	b.see("Record a chase", "Not chased yet")
	b.pick("how", "Phone")
	b.fill(map[string]string{"response": "On the waiting list; first session in December"})
	b.axe()
	b.press("Record the chase")
	b.see("Chase recorded", "On the waiting list; first session in December", "Not needed: the service has responded")

	// The team manager's supervision reviews the open action there and then.
	now := calendar.DayOf(start.AddDate(0, 0, 3))
	if _, err := c.DB.AddAction(ctx, c.Actor(c.Prac), ref, kith.NewAction{What: "Send the plan to Oak School",
		Owner: kith.Owner{Kind: kith.OwnerOther, Name: "Mr Reid", Agency: "Oak School"}, Due: now.AddDays(5)}); err != nil {
		t.Fatal(err)
	}
	m := newBrowser(t, c.URL)
	m.signIn(c.Manager)
	m.open("/cases/" + ref)
	m.press("Management oversight")
	m.see("No management oversight has been recorded")
	m.press("Record supervision")
	m.see("Supervision", "From the record", "Amy was last seen on", "Last recorded words", "Previously agreed actions (2)", "Send the plan to Oak School")
	m.axe()
	review := "review." + openActionID(t, c, ref) + "."
	m.fill(map[string]string{"s.progress": "Attendance better"})
	m.choose(review+"status", "done")
	m.fill(map[string]string{review + "outcome": "Sent by email on Monday"})
	m.press("Save and update “Send the plan to Oak School”")
	m.see("Draft saved and actions updated", "Sent by email on Monday", "version 2")
	supervised := start.AddDate(0, 0, 3).Add(-time.Hour).In(kith.London)
	m.fill(merge(eventFields(calendar.DayOf(supervised), supervised.Format("15:04")), map[string]string{"headline": "Monthly supervision", "s.summary": "Child in need plan since this month",
		"s.actions_review": "Both actions done", "s.progress": "Attendance better", "s.still_needed": "Sleep routine",
		"s.not_engaging": "Call Carol, then visit unannounced", "s.decisions": "Continue the plan"}))
	m.pressWhileItMoves("Finalise the record")
	m.see("Record finalised", "Supervision")
	m.open("/cases/" + ref + "/oversight")
	m.see("Supervision: Monthly supervision")
	m.axe()
}

// openActionID is the id of the case's one open action.
func openActionID(t *testing.T, c *council, ref string) string {
	t.Helper()
	_, open, err := c.DB.CaseActions(context.Background(), c.Actor(c.Manager), ref, kith.ActionFilter{Status: kith.ActionOpen})
	if err != nil || len(open) != 1 {
		t.Fatalf("open actions: %v %v", open, err)
	}
	return open[0].ID
}
