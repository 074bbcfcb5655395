package e2e

import (
	"testing"

	"kith/internal/kithtest"
	"kith/web"
)

// TestChangingASocialWorker: on a small phone a team manager moves Ann's
// case to Ben. Without the reason the SSDA903 asks for, the form says so
// in the error summary and keeps Ben chosen; with it, the case is Ben's.
func TestChangingASocialWorker(t *testing.T) {
	for _, engine := range kithtest.Engines {
		t.Run(engine, func(t *testing.T) { changingASocialWorker(t, engine) })
	}
}

func changingASocialWorker(t *testing.T, engine string) {
	c := startKith(t, engine, web.DefaultConfig())
	mgr := c.Actor(c.Manager)
	cs := c.Allocate(mgr, c.Case(c.Actor(c.Prac), "Rae", "Rowan", kithtest.Date(2014, 7, 7), c.North), c.North, c.Prac)

	b := newBrowser(t, c.URL)
	b.signIn(c.Manager)
	b.narrow()
	b.open("/cases/" + cs.Reference + "/allocate")
	b.see("Transfer the case", "Why is the child's social worker changing?")
	b.fits()
	b.axe()
	b.choose("worker_id", c.Prac2.ID)
	b.press("Save the allocation")
	b.see("There is a problem", "Select why the social worker is changing")
	b.errorSummaryWorks()
	if got := b.checked("worker_id"); got != c.Prac2.ID {
		t.Errorf("the worker chosen was %q after the refusal", got)
	}
	b.fits()
	b.axe()
	b.pick("worker_change_reason", "LEFTRL")
	b.press("Save the allocation")
	b.see("Allocation saved", "Ben Brackenridge")
	b.fits()
	b.axe()
}
