package e2e

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"time"

	"github.com/chromedp/chromedp"
)

// pageLink is a link on the page: its words and where it goes.
type pageLink struct {
	Text string `json:"text"`
	Href string `json:"href"`
}

// links lists the links inside the elements matching css, with their
// visible words and their path (and query) on the server.
func (b *browser) links(css string) []pageLink {
	b.t.Helper()
	ctx, cancel := context.WithTimeout(b.ctx, 10*time.Second)
	defer cancel()
	raw, err := chromedp.Run(ctx, chromedp.Evaluate[[]byte](fmt.Sprintf(`[...document.querySelectorAll(%q)].map(a => {
		const u = new URL(a.href, location.href);
		return {text: a.textContent.replace(/\s+/g, " ").trim(), href: u.pathname + u.search};
	})`, css+" a[href]")))
	if err != nil {
		b.t.Fatal(err)
	}
	var out []pageLink
	if err := json.Unmarshal(raw, &out); err != nil {
		b.t.Fatal(err)
	}
	return out
}

// js evaluates a JavaScript expression on the page.
func js[T any](b *browser, expr string) T {
	b.t.Helper()
	ctx, cancel := context.WithTimeout(b.ctx, 10*time.Second)
	defer cancel()
	v, err := chromedp.Run(ctx, chromedp.Evaluate[T](expr))
	if err != nil {
		b.t.Fatalf("evaluate %s: %v", expr, err)
	}
	return v
}

// textOf is the visible text of the first element matching css ("" when
// there is none).
func (b *browser) textOf(css string) string {
	b.t.Helper()
	txt := js[string](b, fmt.Sprintf(`(document.querySelector(%q) || {innerText: ""}).innerText`, css))
	return strings.Join(strings.Fields(txt), " ")
}

// fieldValue is what the form field with this id holds.
func (b *browser) fieldValue(id string) string {
	b.t.Helper()
	return js[string](b, fmt.Sprintf(`(document.getElementById(%q) || {value: "<no such field>"}).value`, id))
}

// checked is the value of the ticked radio of a field ("" when none is).
func (b *browser) checked(name string) string {
	b.t.Helper()
	return js[string](b, fmt.Sprintf(`(document.querySelector('input[name=%q]:checked') || {value: ""}).value`, name))
}

// linksWork checks that every link inside the elements matching css leads
// to a page that opens (status 200), without leaving the page.
func (b *browser) linksWork(css string) {
	b.t.Helper()
	seen := map[string]bool{}
	for _, l := range b.links(css) {
		if seen[l.Href] || !strings.HasPrefix(l.Href, "/") || strings.HasPrefix(l.Href, "/sign-out") {
			continue
		}
		seen[l.Href] = true
		ctx, cancel := context.WithTimeout(b.ctx, 10*time.Second)
		st, err := chromedp.Run(ctx, chromedp.Evaluate[int](fmt.Sprintf(`fetch(%q, {credentials: "same-origin"}).then(r => r.status)`, l.Href), chromedp.EvalAwaitPromise))
		cancel()
		if err != nil {
			b.t.Fatal(err)
		}
		if st != 200 {
			b.t.Errorf("the link %q on %s leads to %s, which answers %d", l.Text, b.location(), l.Href, st)
		}
	}
	if len(seen) == 0 {
		b.t.Errorf("no links in %s on %s", css, b.location())
	}
}

// errorSummaryWorks checks that every link of the GOV.UK error summary
// leads to a field on the page, as its messages promise.
func (b *browser) errorSummaryWorks() {
	b.t.Helper()
	ls := b.links(".govuk-error-summary")
	if len(ls) == 0 {
		b.t.Fatalf("no error summary links on %s", b.location())
	}
	for _, l := range js[[]string](b, `[...document.querySelectorAll(".govuk-error-summary a[href^='#']")].map(a => a.getAttribute("href").slice(1))`) {
		if !js[bool](b, fmt.Sprintf(`document.getElementById(%q) !== null`, l)) {
			b.t.Errorf("the error summary on %s links to #%s, which is not on the page", b.location(), l)
		}
	}
}
