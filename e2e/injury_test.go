package e2e

import (
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"kith"
	"kith/internal/kithtest"
	"kith/web"
)

// TestInjuryPromptOnAPhone: a practitioner on a phone writes up a call
// about a bruise and finalises without ticking "Harm or injury occurred".
// Kith holds it back once, quoting the words; the error link takes her to
// the tick box; ticked, the record is finalised as harm identified, due
// by the end of the next working day. Nothing typed is lost on the way.
func TestInjuryPromptOnAPhone(t *testing.T) {
	c := startKith(t, "sqlite", web.DefaultConfig())
	amy := c.Allocate(c.Actor(c.Manager), c.Case(c.Actor(c.Prac), "Amy", "Alder", kithtest.Date(2015, 5, 5), c.North), c.North, c.Prac)
	b := newBrowser(t, c.URL)
	b.signIn(c.Prac)
	b.narrow()
	b.open("/cases/" + amy.Reference + "/records/new")
	b.choose("template", "phone-call")
	b.press("Start the record")
	at := kithtest.Now().In(kith.London).Add(-time.Hour)
	b.fill(merge(eventFields(kith.DateOf(at), at.Format("15:04")), map[string]string{"headline": "Call from school",
		"s.phone_number": "01632 960001", "s.other_party": "Ms Patel, head of year", "s.purpose": "School raised a concern",
		"s.content": "Amy had a bruise on her left arm and said she fell in the playground."}))
	b.choose("s.direction", "incoming")
	b.pressWhileItMoves("Finalise the record")
	b.see("There is a problem", "You wrote “Amy had a bruise on her left arm and said she fell in the playground”", "due by the end of the next working day")
	if typed := js[string](b, `document.getElementById("s.content").value`); typed != "Amy had a bruise on her left arm and said she fell in the playground." {
		t.Errorf("what was typed came back as %q", typed)
	}
	b.fits()
	b.axe()
	b.do(chromedp.Click(chromedp.CSS(`.govuk-error-summary a[href="#risk"]`)))
	if focused, _ := chromedp.Run(b.ctx, chromedp.Evaluate[string](`document.activeElement.id`)); focused != "risk" {
		t.Errorf("the error link focused %q, not the harm tick box", focused)
	}
	b.choose("risk", "yes")
	b.pressWhileItMoves("Finalise the record")
	b.see("Record finalised", "Harm or risk identified", "Amy had a bruise on her left arm")
}
