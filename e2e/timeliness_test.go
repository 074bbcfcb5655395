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

func TestTimelinessJourneys(t *testing.T) {
	for _, engine := range kithtest.Engines {
		t.Run(engine, func(t *testing.T) { timelinessJourneys(t, engine) })
	}
}

// eventFields fills a record's date and time of the event.
func eventFields(d kith.Date, at string) map[string]string {
	return map[string]string{"occurred-day": itoa(d.Day), "occurred-month": itoa(int(d.Month)), "occurred-year": itoa(d.Year), "occurred-time": at}
}

func merge(ms ...map[string]string) map[string]string {
	out := map[string]string{}
	for _, m := range ms {
		for k, v := range m {
			out[k] = v
		}
	}
	return out
}

func timelinessJourneys(t *testing.T, engine string) {
	c := startKith(t, engine, web.DefaultConfig())
	ctx := context.Background()
	cal := calendar.EnglandAndWales()
	today := calendar.DayOf(kithtest.Now())
	tm := c.Actor(c.Manager)

	// Cases opened six weeks ago; Ben has been on a child protection plan
	// since then and nobody has visited.
	kithtest.ClockOf(c.DB).Set(kithtest.DaysAgo(42))
	amy := c.Allocate(tm, c.Case(c.Actor(c.Prac), "Amy", "Alder", kithtest.Date(2015, 5, 5), c.North), c.North, c.Prac)
	ben := c.Allocate(tm, c.Case(c.Actor(c.Prac), "Ben", "Birch", kithtest.Date(2016, 6, 6), c.North), c.North, c.Prac)
	kithtest.ClockOf(c.DB).Set(kithtest.Now())
	if err := c.DB.StartStatus(ctx, tm, ben.Reference, kith.StatusInput{Kind: kith.StatusCP, StartedOn: today.AddDays(-42)}); err != nil {
		t.Fatal(err)
	}

	b := newBrowser(t, c.URL)
	b.signIn(c.Prac)

	// My work shows the overdue child protection visit; its button starts
	// a home-visit draft for Ben.
	b.open("/work")
	b.see("My work", "Overdue", "Ben Birch", "Child protection visit", "working days overdue")
	b.axe()
	b.press("Start a home visit for Ben Birch")
	b.see("Home visit", "Reason for visit", "Ben Birch", "Finalise by the end of")
	b.axe()

	// A home visit five working days ago (two allowed), finalised today:
	// three working days late on the record and in the running record.
	visitDay := cal.AddWorkingDays(today, -5)
	b.open("/cases/" + amy.Reference + "/records/new")
	b.choose("template", "home-visit")
	b.press("Start the record")
	b.fill(merge(eventFields(visitDay, "10:00"), map[string]string{"headline": "Monthly visit", "s.present.others": "Amy and her mother",
		"s.child_views": "Amy said: I like my room", "s.discussion": "School mornings", "s.concerns": "None today",
		"s.observations": "Warm and tidy", "s.analysis": "Improving"}))
	b.choose("s.child_seen", "yes")
	b.choose("s.child_seen_alone", "yes")
	b.choose("s.bedroom_seen", "yes")
	b.press("Finalise the record")
	b.see("Record finalised", "Recorded 3 working days late", "Write up a home visit", "2 working days after the event")
	b.axe()
	b.open("/cases/" + amy.Reference + "/records")
	b.see("3 working days late")
	// The case page now says when Amy was last seen.
	b.open("/cases/" + amy.Reference)
	b.see("Visits and what is due", "Last seen", visitDay.Long(), "Next home visit")
	b.axe()

	// A phone call where a risk was identified, written two working days
	// after it: one working day late.
	callDay := cal.AddWorkingDays(today, -2)
	b.open("/cases/" + amy.Reference + "/records/new")
	b.choose("template", "phone-call")
	b.press("Start the record")
	b.fill(merge(eventFields(callDay, "14:30"), map[string]string{"headline": "Call from school about a bruise",
		"s.phone_number": "01632 960001", "s.other_party": "Ms Patel, head of year", "s.purpose": "School raised a concern",
		"s.content": "Amy had a bruise on her arm and said she fell."}))
	b.choose("s.direction", "incoming")
	b.choose("risk", "yes")
	b.press("Finalise the record")
	b.see("Record finalised", "Harm or risk identified", "Recorded 1 working day late", "Record where harm or risk is identified")

	// The team manager sees both late records against Ann, and the report.
	m := newBrowser(t, c.URL)
	m.signIn(c.Manager)
	m.open("/work?view=team&team=" + c.North.ID)
	m.see("Team work", "By worker", "Ann Ashgrove", "Recorded late this month")
	m.axe()
	m.navigating(chromedp.Click(chromedp.CSS(`a[aria-label="2 recorded late by Ann Ashgrove this month: the records"]`)))
	m.see("Records finalised late", "2 records", "Amy Alder", "Call from school about a bruise", "Working days late")
	m.axe()
	m.open("/reports/timeliness?team=" + c.North.ID)
	m.see("Record timeliness", "Kithbury North", "Home visit", "Phone call", "Harm or risk identified", "Ann Ashgrove", "0.0%")
	m.axe()

	// A service manager adds a closure day inside a draft's five working
	// days, and its deadline moves a working day later.
	draftDay := today
	for !cal.IsWorkingDay(draftDay) {
		draftDay = draftDay.AddDays(-1)
	}
	d, err := c.DB.CreateDraft(ctx, c.Actor(c.Prac), amy.Reference, kith.RecordInput{TemplateKey: "phone-call"})
	if err != nil {
		t.Fatal(err)
	}
	at := time.Date(draftDay.Year, draftDay.Month, draftDay.Day, 9, 0, 0, 0, kith.London)
	if at.After(kithtest.Now()) {
		at = kithtest.Now().Add(-time.Minute)
	}
	if _, err := c.DB.SaveDraft(ctx, c.Actor(c.Prac), d.ID, kith.RecordInput{TemplateKey: "phone-call", Version: d.Version, Headline: "Call with the GP", OccurredAt: at}); err != nil {
		t.Fatal(err)
	}
	before := cal.AddWorkingDays(draftDay, 5)
	closed := cal.NextWorkingDay(draftDay)
	after := cal.AddWorkingDays(before, 1)
	draft := "/cases/" + amy.Reference + "/records/" + d.ID
	b.open(draft)
	b.see("Finalise by the end of " + before.Long())

	sm := c.User("sam.sorrel", []kith.Role{kith.RoleServiceManager})
	s := newBrowser(t, c.URL)
	s.signIn(sm)
	s.open("/settings/timeliness")
	s.see("Working days and deadlines", "Add a closure")
	s.axe()
	s.fill(map[string]string{"closure-name": "Staff training day",
		"closure-from-day": itoa(closed.Day), "closure-from-month": itoa(int(closed.Month)), "closure-from-year": itoa(closed.Year),
		"closure-to-day": itoa(closed.Day), "closure-to-month": itoa(int(closed.Month)), "closure-to-year": "1999"})
	s.press("Save working days and deadlines")
	s.see("There is a problem", "The last day of “Staff training day” must be the same as or after its first day")
	s.axe()
	s.fill(map[string]string{"closure-to-year": itoa(closed.Year)})
	s.press("Save working days and deadlines")
	s.see("Working days and deadlines saved", fmt.Sprintf("Remove Staff training day: %s to %s", closed.Long(), closed.Long()))
	b.open(draft)
	b.see("Finalise by the end of " + after.Long())
}
