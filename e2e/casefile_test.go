package e2e

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"kith"
	"kith/export"
	"kith/internal/kithtest"
	"kith/web"
)

// TestWholeCaseFileJourney: on a phone, a practitioner asks for the whole
// file from the running record, first with a period that ends before it
// starts (refused at its field, the dates kept), then for every record;
// the page says it is waiting; once the server has made it, the page's
// script notices and shows the download without the user doing anything.
// Each page is axe clean and fits the phone.
func TestWholeCaseFileJourney(t *testing.T) {
	kithtest.NeedPDFTools(t)
	c := startKith(t, "sqlite", web.DefaultConfig())
	p := export.NewPrinter("")
	t.Cleanup(p.Close)
	c.Srv.SetPrinter(p)
	prac := c.Actor(c.Prac)
	amy := c.Allocate(c.Actor(c.Manager), c.Case(prac, "Amy", "Alder", kithtest.Date(2015, 5, 5), c.North), c.North, c.Prac)
	c.Finalised(prac, amy.Reference, kith.RecordInput{TemplateKey: "phone-call", Headline: "School rang about attendance",
		OccurredAt: kithtest.Now().Add(-time.Hour).Truncate(time.Minute),
		Content: kith.RecordContent{"direction": {Text: "incoming"}, "phone_number": {Text: "01632 960 001"}, "other_party": {Text: "Ms Patel, head of year"},
			"purpose": {Text: "Attendance."}, "content": {Text: "Amy has been in every day this week."}}})

	b := newBrowser(t, c.URL)
	b.narrow()
	b.signIn(c.Prac)
	b.open("/cases/" + amy.Reference + "/records")
	b.press("The whole file as a PDF")
	b.see("The whole file as a PDF", "Make the PDF")
	b.fits()
	b.axe()
	today := kithtest.Today()
	b.fill(dateFields("from", today))
	b.fill(dateFields("to", today.AddDays(-7)))
	b.press("Make the PDF")
	b.see("There is a problem", "The end of the period must be the same as or after its start")
	b.errorSummaryWorks()
	if got := b.fieldValue("from-day"); got != itoa(today.Day) {
		t.Errorf("the start's day was %q after the refusal", got)
	}
	b.fits()
	b.axe()
	b.fill(map[string]string{"from-day": "", "from-month": "", "from-year": "", "to-day": "", "to-month": "", "to-year": ""})
	b.press("Make the PDF")
	b.see("Kith is making the PDF", "all records", "Waiting to start", "Check again")
	b.fits()
	b.axe()
	if made, err := c.Srv.MakeNextCaseFile(c.Ctx); err != nil || !made {
		t.Fatalf("made %v %v", made, err)
	}
	// The page looks again by itself and shows the download.
	// (Read without failing: the page may be reloading as it is read.)
	bodyText := func() string {
		ctx, cancel := context.WithTimeout(b.ctx, 5*time.Second)
		defer cancel()
		txt, _ := chromedp.Run(ctx, chromedp.Text(chromedp.CSS("body")))
		return txt
	}
	deadline := time.Now().Add(30 * time.Second)
	for !strings.Contains(bodyText(), "Download the PDF") {
		if time.Now().After(deadline) {
			t.Fatalf("the page never showed the download:\n%s", bodyText())
		}
		time.Sleep(250 * time.Millisecond)
	}
	b.waitNewPage()
	b.see("1 record,")
	b.fits()
	b.axe()
}
