package web

import (
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"kith/internal/kithtest"
)

// TestEveryErrorLinkFocusesItsField: finalising a record form left empty
// lists every problem in the error summary; each link there must lead to
// a field that takes focus (an input, a textarea or a select, the first of
// a group), and each problem must be shown at its field as well, on every
// kind of record where a practitioner writes up a visit, a session or a
// discussion.
func TestEveryErrorLinkFocusesItsField(t *testing.T) {
	c := newTestCouncil(t, "sqlite")
	prac := c.Actor(c.Prac)
	amy := c.Allocate(c.Actor(c.Manager), c.Case(prac, "Amy", "Alder", kithtest.Date(2015, 5, 5), c.T1), c.T1, c.Prac)
	b := c.signIn(t, c.Prac)
	link := regexp.MustCompile(`<a href="#([^"]+)">([^<]+)</a>`)
	for _, tmpl := range []string{"home-visit", "contact-note", "direct-session", "intervention-session", "case-discussion", "phone-call", "professionals-meeting"} {
		t.Run(tmpl, func(t *testing.T) {
			draft := b.post("/cases/"+amy.Reference+"/records/new", url.Values{"template": {tmpl}}).location
			if draft == "" {
				t.Fatal("no draft")
			}
			form := b.get(draft).body
			version := regexp.MustCompile(`name="version" value="(\d+)"`).FindStringSubmatch(form)
			if version == nil {
				t.Fatal("no version on the form")
			}
			res := b.post(draft, url.Values{"version": {version[1]}, "action": {"finalise"}})
			if res.status != http.StatusUnprocessableEntity {
				t.Fatalf("finalising an empty %s: %d", tmpl, res.status)
			}
			summary := between(res.body, `govuk-error-summary__list`, `</ul>`)
			links := link.FindAllStringSubmatch(summary, -1)
			if len(links) < 2 {
				t.Fatalf("%d links in the error summary:\n%s", len(links), summary)
			}
			for _, l := range links {
				id, msg := l[1], l[2]
				el := regexp.MustCompile(`<(input|textarea|select)\b[^>]*\bid="` + regexp.QuoteMeta(id) + `"`)
				if !el.MatchString(res.body) {
					t.Errorf("%q links to #%s, which is not a field that takes focus", msg, id)
				}
				if strings.Count(res.body, msg) < 2 {
					t.Errorf("%q is in the error summary but not at its field", msg)
				}
			}
		})
	}
}
