package e2e

import (
	"context"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"kith"
	"kith/calendar"
	"kith/internal/kithtest"
	"kith/web"
)

// TestMyWorkTriage: a practitioner with a caseload like the demo's (some
// children on child protection plans, some looked after, most in need,
// much of it long overdue) opens My work on a small phone: it starts on
// what must happen today, the first link is the first child to see, the
// overdue children are folded away, and a filter narrows it to visits.
// Their manager drills from a worker's count to that worker's list.
func TestMyWorkTriage(t *testing.T) {
	c := startKith(t, "sqlite", web.DefaultConfig())
	ctx := context.Background()
	tm := c.Actor(c.Manager)
	today := calendar.DayOf(kithtest.Now())
	open := func(daysAgo int, first, last string, worker *kith.User, status kith.StatusKind) *kith.Case {
		// Opened mid-morning on the council's day daysAgo before today: a
		// clock moved back a whole number of 24-hour days from late evening
		// can land on the next day in London once summer time is crossed.
		kithtest.ClockOf(c.DB).Freeze(kith.InLondon(today.AddDays(-daysAgo), 10, 0))
		cs := c.Allocate(tm, c.Case(c.Actor(c.Prac), first, last, kithtest.Date(2014, 3, 3), c.North), c.North, worker)
		kithtest.ClockOf(c.DB).Set(kithtest.Now())
		if status != "" {
			if err := c.DB.StartStatus(ctx, tm, cs.Reference, kith.StatusInput{Kind: status, StartedOn: today.AddDays(-daysAgo)}); err != nil {
				t.Fatal(err)
			}
		}
		return cs
	}
	open(30, "Maximilian", "Featherstonehaugh-Worthington", c.Prac, kith.StatusCP)
	first := open(60, "Ruby", "Rowan", c.Prac, kith.StatusCP)
	open(120, "Sid", "Sorrel", c.Prac, kith.StatusCLA)
	open(90, "Tia", "Teasel", c.Prac, kith.StatusCLA)
	for i, n := range []string{"Uma", "Vic", "Wyn", "Xan", "Yas", "Zak", "Abe", "Bel", "Cy", "Di", "Ed", "Flo"} {
		open(150+20*i, n, "Yarrow", c.Prac, kith.StatusCIN)
	}
	open(200, "Gil", "Gorse", c.Prac2, kith.StatusCIN)

	b := newBrowser(t, c.URL)
	b.signIn(c.Prac)
	b.narrow()
	b.open("/work")
	b.see("My work", "to do today", "Today", "Child protection visit", "Overdue", "Coming up")
	b.notSee("Gil Gorse")
	b.shot("phone")
	b.fits()
	b.axe()
	// After the counts that jump to the sections, the first link is the
	// first child to see: the child protection visit the longest overdue.
	links := b.links("main")
	var firstWork pageLink
	for _, l := range links {
		if l.Href != "/work" && !strings.HasPrefix(l.Href, "/work?") {
			firstWork = l
			break
		}
	}
	if firstWork.Href != "/cases/"+first.Reference || firstWork.Text != "Ruby Rowan" {
		t.Errorf("the first link is %+v, want Ruby Rowan's case", firstWork)
	}
	// The page stays short: ten children's groups, folded.
	if n := js[int](b, `[...document.querySelectorAll("details:not([open]) summary")].filter(s => s.textContent.includes("overdue for")).length`); n != 10 {
		t.Errorf("%d folded groups of overdue work, want 10", n)
	}
	b.see("Page 1 of 2")
	b.do(chromedp.Click(chromedp.Search(`//summary[contains(normalize-space(), "what is overdue for Sid Sorrel")]`)))
	b.see("Looked after")
	b.fits()
	b.axe()

	// Only visits.
	b.do(chromedp.SetValue(chromedp.CSS("#kind"), "visit"))
	b.press("Show work")
	b.see("Clear the kind and child", "Child protection visit", "Longest: Home visit")
	b.notSee("Longest: Case summary", "Longest: Management oversight")
	b.fits()
	b.axe()
	b.press("Clear the kind and child")
	b.notSee("Clear the kind and child")

	// A filter that is not on the list is said, and the field is linked.
	b.open("/work?kind=nonsense")
	b.see("There is a problem", "Choose a kind of work from the list")
	b.axe()

	m := newBrowser(t, c.URL)
	m.signIn(c.Manager)
	m.narrow()
	m.open("/work?view=team&team=" + c.North.ID)
	m.see("Team work", "By worker", "Ann Ashgrove", "Gil Gorse")
	m.shot("team-phone")
	m.fits()
	m.axe()
	m.navigating(chromedp.Click(chromedp.CSS(`a[href*="worker=` + c.Prac2.ID + `"][href$="#overdue"]`)))
	m.see("Gil Gorse")
	m.notSee("Sid Sorrel")
	if !strings.Contains(m.location(), "worker="+c.Prac2.ID) {
		t.Errorf("the count led to %s", m.location())
	}
	m.fits()
	m.axe()
}
