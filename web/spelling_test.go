package web

import (
	"net/url"
	"strings"
	"testing"
	"time"

	"kith"
	"kith/internal/kithtest"
)

// TestRecordSearchDidYouMean: a misspelt search is offered the council's
// own word as a link that runs the corrected search with the same filters;
// nobody is offered a word only a restricted case or another team's case
// holds.
func TestRecordSearchDidYouMean(t *testing.T) {
	for _, engine := range kithtest.Engines {
		t.Run(engine, func(t *testing.T) {
			c := newTestCouncil(t, engine)
			prac, mgr := c.Actor(c.Prac), c.Actor(c.Manager)
			amy := c.Allocate(mgr, c.Case(prac, "Amy", "Alder", kithtest.Date(2015, 5, 5), c.T1), c.T1, c.Prac)
			rose := c.Allocate(mgr, c.Case(prac, "Rose", "Thorne", kithtest.Date(2014, 3, 3), c.T1), c.T1, c.Prac)
			visit := func(saw string) kith.RecordInput {
				return kith.RecordInput{TemplateKey: "home-visit", Headline: "Monthly visit", OccurredAt: kithtest.Now().Add(-2 * time.Hour).Truncate(time.Minute),
					Location: "Home", Content: kith.RecordContent{
						"present": {Others: "Amy"}, "child_seen": {Answer: "yes"}, "child_seen_alone": {Answer: "yes"}, "bedroom_seen": {Answer: "yes"},
						"child_views": {Text: "She said “I like it here”."}, "discussion": {Text: "Breakfast"}, "concerns": {Text: "None"},
						"observations": {Text: saw}, "analysis": {Text: "Settled."}}}
			}
			c.Finalised(prac, amy.Reference, visit("Amy made pancakes with her brother."))
			c.Finalised(prac, rose.Reference, visit("Rose showed me her trampoline."))
			cur, _, err := c.DB.Case(t.Context(), mgr, rose.Reference, kith.ManageAccess)
			if err != nil {
				t.Fatal(err)
			}
			if err := c.DB.SetRestricted(t.Context(), mgr, rose.Reference, true, cur.Version); err != nil {
				t.Fatal(err)
			}

			b := c.signIn(t, c.Prac)
			page := b.get("/records/search?q=pankakes&type=home-visit").body
			mustContain(t, page, "No records you can see match", "Did you mean",
				`href="/records/search?q=pancakes&amp;type=home-visit"`, ">pancakes</a>")
			// The link runs the corrected search.
			mustContain(t, b.get("/records/search?q=pancakes&type=home-visit").body, "Records found", "<mark>pancakes</mark>")
			mustNotContain(t, b.get("/records/search?q=pancakes").body, "Did you mean")
			// The filters are kept: with them, nothing would be found.
			mustNotContain(t, b.get("/records/search?q=pankakes&type=phone-call").body, "Did you mean")
			// The worker on the restricted case's list is offered its word.
			mustContain(t, b.get("/records/search?q=trampolene").body, "Did you mean", ">trampoline</a>")

			// A colleague off the list, and a worker in another team.
			for _, u := range []*kith.User{c.Prac2, c.Outsider} {
				o := c.signIn(t, u)
				page := o.get("/records/search?q=trampolene").body
				mustContain(t, page, "No records you can see match")
				mustNotContain(t, page, "Did you mean", "trampoline")
			}
			page = c.signIn(t, c.Outsider).get("/records/search?q=" + url.QueryEscape("pankakes")).body
			mustNotContain(t, page, "Did you mean", "pancakes")
			mustContain(t, c.signIn(t, c.Prac2).get("/records/search?q=pankakes").body, ">pancakes</a>")
			if strings.Contains(page, "Amy") {
				t.Error("the outsider's page names Amy")
			}

			// The API offers the same, to the same readers only.
			st, body, _ := c.api(t, c.token(t, c.Prac), "GET", "/api/v1/records/search?q=pankakes+-syrup&template=home-visit", nil)
			if st != 200 || body["did_you_mean"] != "pancakes -syrup" || len(body["hits"].([]any)) != 0 {
				t.Errorf("API: %d %v", st, body)
			}
			if st, body, _ = c.api(t, c.token(t, c.Prac), "GET", "/api/v1/records/search?q=pancakes", nil); st != 200 || body["did_you_mean"] != nil {
				t.Errorf("API, a word that finds records: %d %v", st, body)
			}
			for _, u := range []*kith.User{c.Prac2, c.Outsider} {
				if st, body, _ = c.api(t, c.token(t, u), "GET", "/api/v1/records/search?q=trampolene", nil); st != 200 || body["did_you_mean"] != nil {
					t.Errorf("API, %s: %d %v", u.Username, st, body)
				}
			}
		})
	}
}
