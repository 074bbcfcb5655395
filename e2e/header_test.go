package e2e

import (
	"testing"

	"github.com/chromedp/chromedp"

	"kith"
	"kith/web"
)

// (At 320 pixels the account and Sign out go under Kith's name: the test
// asks only that Sign out stays on one line, and axe stays clean.)

// TestSignOutOnOneLine: a team manager's menu holds more than a
// practitioner's, and "Sign out" broke over two lines on a laptop screen.
func TestSignOutOnOneLine(t *testing.T) {
	c := startKith(t, "sqlite", web.DefaultConfig())
	sm := c.User("maximilian.featherstonehaugh", []kith.Role{kith.RoleServiceManager, kith.RoleTeamManager}, c.North)
	b := newBrowser(t, c.URL)
	b.signIn(sm)
	for _, width := range []int64{1280, 1024, 800, 320} {
		b.do(chromedp.EmulateViewport(width, 800))
		b.open("/work")
		lines := js[int](b, `(() => { const r = document.createRange(); r.selectNodeContents(document.querySelector("#kith-sign-out button")); return r.getClientRects().length })()`)
		// The menu is one row, and Sign out is at the top, level with
		// Kith's name, not pushed onto a row of its own.
		rows := js[bool](b, `(() => { const items = [...document.querySelectorAll(".govuk-service-navigation__item")].map(e => e.getBoundingClientRect().top); return new Set(items).size === 1 })()`)
		level := js[bool](b, `(() => { const k = document.querySelector(".govuk-generic-header__logo").getBoundingClientRect(); const s = document.querySelector("#kith-sign-out button").getBoundingClientRect(); return s.top < k.bottom && s.bottom > k.top })()`)
		if width >= 1024 && (!rows || !level) {
			b.shot("sign-out-row")
			t.Errorf("at %d pixels wide, the menu is on more than one row (%v) or Sign out is not beside Kith's name (%v)", width, !rows, !level)
		}
		if lines != 1 {
			b.shot("sign-out")
			t.Errorf("at %d pixels wide, Sign out is on %d lines", width, lines)
		}
		b.axe()
	}
}
