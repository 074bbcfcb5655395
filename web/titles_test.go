package web

import (
	"regexp"
	"testing"

	"kith/internal/kithtest"
)

// TestCasePageTitlesNameTheChild: the title of every page about a case says
// whose case it is (a screen reader's first words on a page, and the name
// of a browser tab among several children's), and the case page and the
// child's own details page are told apart.
func TestCasePageTitlesNameTheChild(t *testing.T) {
	c := newTestCouncil(t, "sqlite")
	prac := c.Actor(c.Prac)
	amy := c.Allocate(c.Actor(c.Manager), c.Case(prac, "Amy", "Alder", kithtest.Date(2015, 5, 5), c.T1), c.T1, c.Prac)
	r := c.Finalised(prac, amy.Reference, kithtest.VisitInput(1))
	b := c.signIn(t, c.Prac)
	base := "/cases/" + amy.Reference
	titleRE := regexp.MustCompile(`<title>([^<]*)</title>`)
	title := func(path string) string {
		t.Helper()
		res := b.get(path)
		m := titleRE.FindStringSubmatch(res.body)
		if res.status != 200 || m == nil {
			t.Fatalf("%s: %d, no title", path, res.status)
		}
		return m[1]
	}
	seen := map[string]string{}
	for _, p := range []string{base, base + "/people/" + amy.ChildID, base + "/records", base + "/records/" + r.ID, base + "/records/new",
		base + "/records/" + r.ID + "/versions", base + "/chronology", base + "/plan", base + "/actions", base + "/actions/new", base + "/summaries",
		base + "/referrals", base + "/oversight", base + "/people/new", base + "/people/" + amy.ChildID + "/edit",
		base + "/warnings/new", base + "/statuses/new", base + "/professionals/new", base + "/household"} {
		got := title(p)
		if !regexp.MustCompile(`Amy Alder`).MatchString(got) {
			t.Errorf("%s: title %q does not name the child", p, got)
		}
		if other, ok := seen[got]; ok {
			t.Errorf("%s and %s share the title %q", other, p, got)
		}
		seen[got] = p
	}
}
