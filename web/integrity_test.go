package web

import (
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"

	"kith"
	"kith/internal/kithtest"
	"kith/sqldb"
)

// TestIntegrityPage: administrators and auditors see whether the records
// are as they were written, ask for a check and download the daily roots;
// nobody else can. When a check finds a record changed behind Kith's
// back, both see a banner on every page, the auditor a link to the record,
// the administrator (who reads no case) not even its case's reference; the
// metrics say so too.
func TestIntegrityPage(t *testing.T) {
	for _, engine := range kithtest.Engines {
		t.Run(engine, func(t *testing.T) {
			c := newTestCouncil(t, engine)
			ctx := t.Context()
			prac := c.Actor(c.Prac)
			amy := c.Allocate(c.Actor(c.Manager), c.Case(prac, "Amy", "Alder", kithtest.Date(2015, 5, 5), c.T1), c.T1, c.Prac)
			r := c.Finalised(prac, amy.Reference, kithtest.VisitInput(1))

			for _, u := range []*kith.User{c.Prac, c.Manager} {
				b := c.signIn(t, u)
				for _, p := range []string{"/integrity", "/integrity/roots.txt"} {
					if res := b.get(p); res.status != http.StatusForbidden {
						t.Errorf("%s: %s answers %d", u.Username, p, res.status)
					}
				}
				if res := b.post("/integrity/check", url.Values{}); res.status != http.StatusForbidden {
					t.Errorf("%s: asking for a check answers %d", u.Username, res.status)
				}
			}

			admin, auditor := c.signIn(t, c.Admin), c.signIn(t, c.Auditor)
			mustContain(t, admin.get("/integrity").body, "Kith has not checked the records yet", "No daily root has been taken yet")
			res := admin.post("/integrity/check", url.Values{})
			if res.status != http.StatusSeeOther || res.location != "/integrity" {
				t.Fatalf("asking for a check: %d %q", res.status, res.location)
			}
			mustContain(t, admin.follow(res).body, "Kith is checking the records", "A check is running or about to start")
			// The server's own background check is not running in the test:
			// run what it would.
			if _, chk, err := c.DB.IntegrityTick(ctx, kithtestSchedule); err != nil || chk == nil || chk.Failed() {
				t.Fatalf("the check asked for: %v %+v", err, chk)
			}
			page := auditor.get("/integrity")
			mustContain(t, page.body, "Nothing changed", "Asked for", "by "+c.Admin.DisplayName, "nothing changed")
			mustNotContain(t, page.body, "A check is running")

			roots := auditor.get("/integrity/roots.txt")
			if roots.status != 200 || !strings.HasPrefix(roots.header.Get("Content-Type"), "text/plain") ||
				!strings.Contains(roots.header.Get("Content-Disposition"), "kith-daily-roots-") {
				t.Fatalf("roots: %d %v", roots.status, roots.header)
			}
			var lines int
			for _, l := range strings.Split(roots.body, "\n") {
				if l == "" || strings.HasPrefix(l, "#") {
					continue
				}
				if _, err := kith.ParseRootLine(l); err != nil {
					t.Errorf("root line %q: %v", l, err)
				}
				lines++
			}
			if lines != 1 {
				t.Errorf("%d daily roots downloaded, want today's:\n%s", lines, roots.body)
			}

			kithtest.BehindKithsBack(t, c.DB, []string{"records"}, `UPDATE records SET headline = 'A visit that never happened' WHERE id = '`+r.ID+`'`)
			if _, err := c.DB.RequestCheck(ctx, c.Actor(c.Auditor)); err != nil {
				t.Fatal(err)
			}
			if _, chk, err := c.DB.IntegrityTick(ctx, kithtestSchedule); err != nil || !chk.Failed() {
				t.Fatalf("the check after the record was changed: %v %+v", err, chk)
			}
			banner := "found records or access log entries changed after they were written"
			mustContain(t, admin.get("/admin/users").body, banner, `href="/integrity"`)
			mustContain(t, auditor.get("/reports/timeliness").body, banner, `href="/integrity"`)
			mustNotContain(t, c.signIn(t, c.Prac).get("/cases/"+amy.Reference).body, banner)
			link := "/cases/" + amy.Reference + "/records/" + r.ID
			mustContain(t, auditor.get("/integrity").body, "Where each chain first breaks", link)
			adminPage := admin.get("/integrity").body
			mustContain(t, adminPage, "Where each chain first breaks", r.ID)
			mustNotContain(t, adminPage, amy.Reference, "A visit that never happened")

			metrics := httptest.NewServer(c.srv.MetricsHandler())
			defer metrics.Close()
			m := (&browser{t: t, base: metrics.URL, client: http.DefaultClient}).get("/metrics").body
			mustContain(t, m, "kith_integrity_ok 0", "kith_integrity_problems ", "kith_integrity_last_check_timestamp_seconds ")
		})
	}
}

// kithtestSchedule runs only the checks asked for: a nightly check would
// depend on the hour the test is pinned to.
var kithtestSchedule = sqldb.IntegritySchedule{Off: true}
