package e2e

import (
	"testing"

	"kith/web"
)

// TestDemoBannerInALandmark: the demonstration banner is inside a
// landmark, as everything on a page must be for screen reader users who
// move by landmarks (axe's region rule), on the sign-in page and once
// signed in.
func TestDemoBannerInALandmark(t *testing.T) {
	cfg := web.DefaultConfig()
	cfg.Demo = true
	c := startKith(t, "sqlite", cfg)
	b := newBrowser(t, c.URL)
	b.open("/sign-in")
	b.see("Demonstration data")
	b.axe()
	b.signIn(c.Prac)
	b.open("/cases")
	b.see("Demonstration data")
	b.axe()
}
