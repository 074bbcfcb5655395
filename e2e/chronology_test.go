package e2e

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"kith"
	"kith/calendar"
	"kith/internal/kithtest"
	"kith/web"
)

func TestChronologyJourneys(t *testing.T) {
	for _, engine := range kithtest.Engines {
		t.Run(engine, func(t *testing.T) { chronologyJourneys(t, engine) })
	}
}

// tick ticks the checkbox in the table row that shows text.
func (b *browser) tick(text string) {
	b.t.Helper()
	b.do(chromedp.Click(chromedp.Search(fmt.Sprintf(`//tr[contains(normalize-space(.), %q)]//input[@type="checkbox"]`, text))))
}

// typeInto types into the field whose label starts with label.
func (b *browser) typeInto(label, value string) {
	b.t.Helper()
	b.do(chromedp.SendKeys(chromedp.Search(fmt.Sprintf(`//label[starts-with(normalize-space(.), %q)]/following::*[self::textarea or self::input][1]`, label)), value))
}

// valueOf is what the field whose label starts with label holds.
func (b *browser) valueOf(label string) string {
	b.t.Helper()
	ctx, cancel := context.WithTimeout(b.ctx, 10*time.Second)
	defer cancel()
	v, err := chromedp.Run(ctx, chromedp.Evaluate[string](fmt.Sprintf(`(() => {
		const l = [...document.querySelectorAll("label")].find(l => l.textContent.trim().startsWith(%q));
		return l ? document.getElementById(l.htmlFor).value : "";
	})()`, label)))
	if err != nil {
		b.t.Fatal(err)
	}
	return v
}

func chronologyJourneys(t *testing.T, engine string) {
	c := startKith(t, engine, web.DefaultConfig())
	tm := c.Actor(c.Manager)

	// Amy's case was opened and allocated to Ann six weeks ago.
	allocatedAt := kithtest.DaysAgo(42)
	kithtest.ClockOf(c.DB).Freeze(allocatedAt.Add(-time.Hour))
	amy := c.Case(c.Actor(c.Prac), "Amy", "Alder", kithtest.Date(2015, 5, 5), c.North)
	kithtest.ClockOf(c.DB).Freeze(allocatedAt)
	amy = c.Allocate(tm, amy, c.North, c.Prac)
	kithtest.ClockOf(c.DB).Set(kithtest.Now())
	allocatedOn := kith.DateOf(allocatedAt.In(kith.London)).Long()

	b := newBrowser(t, c.URL)
	b.signIn(c.Prac)

	// Ann writes up yesterday's home visit and flags it as significant.
	visitDay := calendar.DayOf(kithtest.Now()).AddDays(-1)
	b.open("/cases/" + amy.Reference + "/records/new")
	b.choose("template", "home-visit")
	b.press("Start the record")
	b.fill(merge(eventFields(visitDay, "10:00"), map[string]string{"headline": "Amy said there was no food at home", "s.present.others": "Amy and her mother",
		"s.child_views": "Amy said: there is nothing for tea", "s.discussion": "Meals and school", "s.concerns": "Empty cupboards",
		"s.observations": "No food in the fridge or the cupboards", "s.analysis": "Amy is not being fed"}))
	b.choose("s.child_seen", "yes")
	b.choose("s.child_seen_alone", "yes")
	b.choose("s.bedroom_seen", "yes")
	b.choose("significant", "yes")
	b.pressWhileItMoves("Finalise the record")
	b.see("Record finalised")

	// The chronology begins on the day Amy was allocated to Ann, and has
	// the visit; the opening is kept before it.
	b.open("/cases/" + amy.Reference)
	b.press("Chronology")
	b.see("Chronology", "Before the case was allocated to a worker", "Case opened and held by Kithbury North", "Chronology begins",
		allocatedOn, "Allocated to Ann Ashgrove in Kithbury North", visitDay.Long(), "Amy said there was no food at home", "Home visit by Ann Ashgrove")
	b.axe()
	txt := b.text()
	begins, visit := strings.Index(txt, "Chronology begins"), strings.Index(txt, "Amy said there was no food at home")
	if begins < 0 || visit < begins || strings.Index(txt, "Case opened and held") > begins {
		t.Fatalf("the chronology does not begin with the allocation:\n%s", txt)
	}

	// Ann builds a chronology for the conference.
	b.press("Build a chronology for a conference, court or transfer")
	b.see("Build a chronology", "What is it for?")
	b.axe()
	b.fill(map[string]string{"title": "Initial child protection conference"})
	b.choose("purpose", "conference")
	b.press("Start the chronology")
	b.see("Chronology started", "Choose entries from Amy's chronology")
	b.axe()
	b.tick("Allocated to Ann Ashgrove")
	b.tick("Amy said there was no food at home")
	b.press("Add the ticked entries")
	b.see("2 entries added", "Initial child protection conference", "Add an entry from another source")
	b.axe()

	// An entry from the school, first without its date: refused, with
	// everything typed still there.
	b.typeInto("Your analysis of Home visit", "The first time Amy told us she goes hungry.")
	b.fill(map[string]string{"other_source": "Kithbury Primary School", "other_event": "Amy came to school hungry three days running"})
	b.press("Save")
	b.see("There is a problem", "Enter the date it happened")
	b.axe()
	if v := b.valueOf("Your analysis of Home visit"); v != "The first time Amy told us she goes hungry." {
		t.Fatalf("the analysis typed was lost: %q", v)
	}
	if v := b.valueOf("Where it comes from"); v != "Kithbury Primary School" {
		t.Fatalf("the source typed was lost: %q", v)
	}
	schoolDay := visitDay.AddDays(-3)
	b.fill(map[string]string{"other_date-day": itoa(schoolDay.Day), "other_date-month": itoa(int(schoolDay.Month)), "other_date-year": itoa(schoolDay.Year)})
	b.typeInto("Overall analysis", "Amy is not being fed: the school and the home visit tell the same story.")
	b.press("Save and finish")
	b.see("Chronology finished", "Finished", "Kithbury Primary School", "Amy came to school hungry three days running",
		"The first time Amy told us she goes hungry.", "Amy is not being fed: the school and the home visit tell the same story.")
	b.notSee("There is a problem")
	b.axe()

	// Print it.
	b.press("Print this chronology")
	b.see("Initial child protection conference", "A child protection conference or review", "Printed", "Ann Ashgrove",
		schoolDay.Long(), "The first time Amy told us she goes hungry.", "Overall analysis")
	b.axe()
}
