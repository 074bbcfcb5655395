package web

import (
	"net/http"
	"net/url"
	"testing"

	"kith"
	"kith/internal/kithtest"
	"kith/sqldb"
)

// TestReturnsDataQuality: a child whose record would trouble the returns
// (no sex, ethnicity or UPN, no referral source or need recorded) is listed on the data
// quality page for service managers, with the rule and a link to the form
// that puts it right, filtered by rule (a rule not on the list is said in
// the error summary); practitioners may not see the page, but see their
// own children's problems on My work, which go once put right.
func TestReturnsDataQuality(t *testing.T) {
	kithtest.EachEngine(t, func(t *testing.T, db *sqldb.DB) {
		c := newTestCouncilOn(t, db)
		sm := c.signIn(t, c.User("sam.sage", []kith.Role{kith.RoleServiceManager}))
		prac := c.Actor(c.Prac)
		tom := c.Case(prac, "Tom", "Quill", kithtest.Date(2014, 1, 1), c.T1)
		c.Allocate(c.Actor(c.Manager), tom, c.T1, c.Prac)
		fix := "/cases/" + tom.Reference + "/identity/edit"

		page := sm.get("/returns/quality")
		if page.status != http.StatusOK {
			t.Fatalf("data quality page: %d", page.status)
		}
		mustContain(t, page.body, "Tom Quill", "CIN census 4180", "Record the child&#39;s sex.", `href="`+fix+`"`, "CIN census 4220", "CIN census 8866")

		one := sm.get("/returns/quality?rule=" + url.QueryEscape("CIN census 4180"))
		mustContain(t, one.body, "Record the child&#39;s sex.")
		mustNotContain(t, one.body, "Record the child&#39;s ethnicity")
		bad := sm.get("/returns/quality?rule=nonsense")
		if bad.status != http.StatusUnprocessableEntity {
			t.Errorf("a rule not on the list: %d", bad.status)
		}
		mustContain(t, bad.body, "There is a problem", `href="#rule"`, "Choose a rule from the list")

		b := c.signIn(t, c.Prac)
		if st := b.get("/returns/quality").status; st != http.StatusForbidden {
			t.Errorf("a practitioner opening the data quality page: %d", st)
		}
		work := b.get("/work")
		mustContain(t, work.body, "For the statutory returns (5)", "Record the child&#39;s sex.", `href="`+fix+`"`)

		res := b.follow(b.post(fix, url.Values{"version": {"0"}, "sex": {"M"}, "ethnicity": {"WBRI"}, "disabilities": {"NONE"}, "uasc": {"no"}, "upn_unknown": {"UN4"}}))
		mustContain(t, res.body, "Identity items saved")
		work = b.get("/work")
		mustContain(t, work.body, "For the statutory returns (2)", "Record where the referral of")
		mustNotContain(t, work.body, "Record the child&#39;s sex.")
	})
}
