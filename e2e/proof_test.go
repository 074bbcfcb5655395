package e2e

import (
	"fmt"
	"testing"

	"github.com/chromedp/chromedp"

	"kith"
	"kith/internal/kithtest"
	"kith/sqldb"
	"kith/web"
)

// narrow makes the window as narrow as a small phone: 320 CSS pixels, the
// width WCAG's reflow criterion (1.4.10) asks a page to fit.
func (b *browser) narrow() {
	b.t.Helper()
	b.do(chromedp.EmulateViewport(320, 640))
}

// fits fails when the page is wider than the window, so that it must be
// scrolled sideways, and says what sticks out.
func (b *browser) fits() {
	b.t.Helper()
	if wide := b.tooWide(); len(wide) > 0 {
		b.shot("too-wide")
		b.t.Errorf("%s is wider than the window (%d CSS pixels): %v", b.location(), js[int](b, `document.documentElement.clientWidth`), wide)
	}
}

// tooWide says what makes the page wider than the window (nothing when it
// fits): the first few elements that stick out, leaving out those inside
// a table's own scroll region.
func (b *browser) tooWide() []string {
	b.t.Helper()
	return js[[]string](b, `(() => {
		const w = document.documentElement.clientWidth, sw = document.documentElement.scrollWidth;
		if (sw <= w) return [];
		const out = [...document.querySelectorAll("body *")].filter(e => e.getBoundingClientRect().right > w + 1 && !e.closest(".kith-table-scroll"))
			.map(e => e.tagName.toLowerCase() + (e.className ? "." + String(e.className).split(" ").join(".") : "") + " " + Math.round(e.getBoundingClientRect().right) + "px").slice(0, 5);
		return out.length ? out : ["the page, " + sw + "px"];
	})()`)
}

func TestRecordProof(t *testing.T) {
	for _, engine := range kithtest.Engines {
		t.Run(engine, func(t *testing.T) { recordProof(t, engine) })
	}
}

// recordProof: a practitioner reads a final record on a small phone, and
// is told plainly that it is unchanged since it was finalised, with its
// fingerprint folded away for auditors; when the record is changed behind
// Kith's back, they are warned.
func recordProof(t *testing.T, engine string) {
	c := startKith(t, engine, web.DefaultConfig())
	amy := c.Allocate(c.Actor(c.Manager), c.Case(c.Actor(c.Prac), "Amy", "Alder", kithtest.Date(2015, 5, 5), c.North), c.North, c.Prac)
	r := c.Finalised(c.Actor(c.Prac), amy.Reference, kithtest.VisitInput(1))
	page := fmt.Sprintf("/cases/%s/records/%s", amy.Reference, r.ID)

	b := newBrowser(t, c.URL)
	b.signIn(c.Prac)
	b.narrow()
	b.open(page)
	b.see("Unchanged since it was finalised on")
	b.notSee(r.ContentHash)
	b.fits()
	b.axe()
	b.do(chromedp.Click(chromedp.Search(`//summary[contains(normalize-space(), "Fingerprint")]`)))
	b.see(r.ContentHash)
	b.fits()
	b.axe()

	kithtest.BehindKithsBack(t, c.DB, []string{"records"}, `UPDATE records SET headline = 'A visit that never happened' WHERE id = '`+r.ID+`'`)
	b.open(page)
	b.see("This record has changed since it was finalised", "its content no longer matches the fingerprint it was finalised with")
	b.notSee("Unchanged since")
	b.fits()
	b.axe()

	// An auditor asks Kith to check everything, on a phone, and is shown
	// what it found, on the integrity page and in a banner on every page.
	auditor := c.User("hal.holt", []kith.Role{kith.RoleAuditor})
	a := newBrowser(t, c.URL)
	a.signIn(auditor)
	a.narrow()
	a.open("/integrity")
	a.see("Kith has not checked the records yet")
	a.fits()
	a.axe()
	a.press("Check the records now")
	a.see("Kith is checking the records")
	// The test's server runs no background check: run what it would.
	if _, chk, err := c.DB.IntegrityTick(t.Context(), sqldb.IntegritySchedule{Off: true}); err != nil || !chk.Failed() {
		t.Fatalf("the check: %v %+v", err, chk)
	}
	a.open("/integrity")
	a.see("Where each chain first breaks", "Open the record", "Daily roots")
	a.fits()
	a.axe()
	// (The report's tables do not yet fit a phone: a separate issue.)
	a.open("/reports/timeliness")
	a.see("found records or access log entries changed after they were written")
	a.axe()
}
