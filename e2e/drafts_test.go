package e2e

import (
	"context"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"kith"
	"kith/internal/kithtest"
	"kith/web"
)

// draftVersion is the version the draft form will save from: it rises
// with every save the page makes by itself.
func (b *browser) draftVersion() int {
	b.t.Helper()
	n, _ := strconv.Atoi(js[string](b, `document.querySelector('form[data-autosave] input[name="version"]').value`))
	return n
}

// waitSavedAfter waits until the page has saved itself past version.
func (b *browser) waitSavedAfter(version int) {
	b.t.Helper()
	ctx, cancel := context.WithTimeout(b.ctx, 20*time.Second)
	defer cancel()
	if err := chromedp.Do(ctx, chromedp.WaitReady(chromedp.CSS(`form[data-saved="true"]`))); err != nil || b.draftVersion() <= version {
		b.shot("not-saved")
		b.t.Fatalf("the draft did not save itself past version %d (%v): %s", version, err, b.textOf(".kith-autosave-status"))
	}
}

// Typing "ASAP" as an action's date used to stop every later autosave, and
// on reopening everything typed after it was gone. A refused finalise lost
// what was typed since the last autosave, and leaving the page gave no
// warning. Now nothing typed is lost.
func TestDraftsKeepEverythingTypedInTheBrowser(t *testing.T) {
	c := startKith(t, "sqlite", web.DefaultConfig())
	amy := c.Allocate(c.Actor(c.Manager), c.Case(c.Actor(c.Prac), "Amy", "Alder", kithtest.Date(2015, 5, 5), c.North), c.North, c.Prac)
	b := newBrowser(t, c.URL)
	b.signIn(c.Prac)
	b.open("/cases/" + amy.Reference + "/records/new")
	b.choose("template", "home-visit")
	b.press("Start the record")
	draft := strings.TrimPrefix(b.location(), c.URL)

	// "ASAP" as the date, then more typing after it.
	v := b.draftVersion()
	b.fill(map[string]string{"headline": "Visit after the school's call", "s.actions.0.what": "Book Amy’s hearing test", "s.actions.0.by": "ASAP"})
	b.do(chromedp.Focus(chromedp.CSS(`#headline`)))
	b.waitSavedAfter(v)
	b.waitFor("before you finalise; it is kept as you typed it")
	v = b.draftVersion()
	b.fill(map[string]string{"s.analysis": "Typed after ASAP: mornings are calmer"})
	b.choose("risk", "yes")
	b.do(chromedp.Focus(chromedp.CSS(`#headline`)))
	b.waitSavedAfter(v)

	// Reopened, everything is there, with what finalising will ask.
	b.open(draft)
	if got := b.fieldValue("s.actions.0.by"); got != "ASAP" {
		t.Errorf("the action's date after reopening: %q", got)
	}
	if got := b.fieldValue("s.analysis"); got != "Typed after ASAP: mornings are calmer" {
		t.Errorf("the analysis after reopening: %q", got)
	}
	if got := b.checked("risk"); got != "yes" {
		t.Errorf("the harm or risk tick after reopening: %q", got)
	}
	b.see("There is a problem", "“ASAP” is not a date")
	b.errorSummaryWorks()
	b.axe()

	// Typing and pressing Finalise at once: refused, and nothing is lost
	// on reloading.
	b.fill(map[string]string{"s.discussion": "Typed just before finalising", "s.actions.0.by": kith.DateOf(kithtest.Now().AddDate(0, 1, 0)).Numeric()})
	b.pressWhileItMoves("Finalise the record")
	b.see("There is a problem", "Enter who was present")
	b.open(draft)
	if got := b.fieldValue("s.discussion"); got != "Typed just before finalising" {
		t.Errorf("typing after a refused finalise and a reload: %q", got)
	}

	// Leaving a form with unsaved typing asks first.
	before := len(b.dialogsOpened())
	b.fill(map[string]string{"s.concerns": "Typed, then the page was left at once"})
	b.open("/work")
	if !slices.Contains(b.dialogsOpened()[before:], "beforeunload") {
		t.Errorf("leaving unsaved typing asked nothing (dialogs: %v)", b.dialogsOpened())
	}

	// The saved versions, one compared with the text now, and discarding.
	b.open(draft + "/versions")
	b.see("Saved versions", "Version 1")
	b.axe()
	b.press("Version 1")
	b.see("What changed from this version to the text now", "Typed after ASAP: mornings are calmer")
	b.axe()
	b.open(draft)
	b.press("Discard this draft")
	b.see("Discard this draft?", "You cannot undo this")
	b.axe()
	b.press("Discard the draft")
	b.see("Draft discarded", "My drafts")
	b.axe()
}
