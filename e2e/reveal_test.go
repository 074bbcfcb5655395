package e2e

import (
	"testing"

	"github.com/chromedp/chromedp"

	"kith/internal/kithtest"
	"kith/web"
)

// TestWhyNotSeenAloneIsRevealed: a home visit asks "Why not seen alone?"
// only once "No" is chosen (GOV.UK's conditional reveal), so a form on a
// phone is not longer than it need be; without JavaScript the question is
// always there, and either way it is sent with the form.
func TestWhyNotSeenAloneIsRevealed(t *testing.T) {
	c := startKith(t, "sqlite", web.DefaultConfig())
	amy := c.Allocate(c.Actor(c.Manager), c.Case(c.Actor(c.Prac), "Amy", "Alder", kithtest.Date(2015, 5, 5), c.North), c.North, c.Prac)
	b := newBrowser(t, c.URL)
	b.signIn(c.Prac)
	b.open("/cases/" + amy.Reference + "/records/new")
	b.choose("template", "home-visit")
	b.press("Start the record")
	visible := func() bool {
		return js[bool](b, `(() => { const e = document.getElementById("s.child_seen_alone.reason"); return !!e && e.offsetParent !== null; })()`)
	}
	if visible() {
		t.Error("the reason is asked before anyone said the child was not seen alone")
	}
	b.choose("s.child_seen_alone", "no")
	if !visible() {
		t.Error("choosing No does not ask why")
	}
	b.choose("s.child_seen_alone", "yes")
	if visible() {
		t.Error("choosing Yes still asks why not")
	}
	b.axe()

	// Without JavaScript (GOV.UK Frontend marks the body as supporting it
	// when its scripts run, and only then hides a conditional question) the
	// question is on the page from the start, to type and send.
	b.do(chromedp.Evaluate[chromedp.Void](`document.body.classList.remove("govuk-frontend-supported")`))
	if !visible() {
		t.Error("without JavaScript the reason cannot be given")
	}
}
