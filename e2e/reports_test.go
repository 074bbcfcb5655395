package e2e

import (
	"strings"
	"testing"
	"time"

	"kith/internal/kithtest"
	"kith/web"
)

// TestReportDrillDown: a manager on a small phone reads the record
// timeliness report, opens the late records from its count and from a
// worker's, and follows one to the record; the writing view says which
// records it counts. Each page fits 320 px and passes axe; a link to a
// month outside the report's period is explained with a way back.
func TestReportDrillDown(t *testing.T) {
	c := startKith(t, "sqlite", web.DefaultConfig())
	amy := c.Allocate(c.Actor(c.Manager), c.Case(c.Actor(c.Prac), "Amy", "Alder", kithtest.Date(2015, 5, 5), c.North), c.North, c.Prac)
	late := kithtest.VisitInput(1)
	late.OccurredAt = kithtest.DaysAgo(12).Truncate(time.Minute)
	late.Headline = "Visit written up late"
	c.Finalised(c.Actor(c.Prac), amy.Reference, late)
	c.Finalised(c.Actor(c.Prac2), amy.Reference, kithtest.VisitInput(2))

	b := newBrowser(t, c.URL)
	b.signIn(c.Manager)
	b.narrow()
	b.open("/reports/timeliness?team=" + c.North.ID)
	b.see("Record timeliness", "Select a number to see the records it counts")
	b.fits()
	b.axe()
	var lateLink string
	for _, l := range b.links("main") {
		if strings.HasPrefix(l.Text, "1 late: all records") {
			lateLink = l.Href
		}
	}
	if lateLink == "" {
		t.Fatalf("no link from the late count: %v", b.links("main"))
	}
	b.open(lateLink)
	b.see("Records finalised late", "1 record", "Amy Alder", amy.Reference, "Visit written up late", "Working days late")
	b.notSee("Ben Brackenridge")
	b.fits()
	b.axe()
	var record string
	for _, l := range b.links("table") {
		if strings.Contains(l.Text, "Visit written up late") {
			record = l.Href
		}
	}
	if !strings.HasPrefix(record, "/cases/"+amy.Reference+"/records/") {
		t.Fatalf("no link to the record: %v", b.links("table"))
	}
	b.open(record)
	b.see("Visit written up late")

	b.open("/reports/timeliness/records?month=2001-01&team=" + c.North.ID)
	b.see("There is a problem", "Choose a month within the report's period", "Back to the report")
	b.fits()
	b.axe()

	b.open("/reports/writing?team=" + c.North.ID)
	b.see("2 records finalised and checked by the writing coach", "Which records are counted")
	b.fits()
	b.axe()
}
