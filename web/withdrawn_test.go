package web

import (
	"net/http"
	"strings"
	"testing"
	"time"

	"kith"
	"kith/internal/kithtest"
)

// TestWithdrawnRecordEverywhere: a record a manager withdrew shows only its
// notice, on every page and API path, to its writer, a colleague and an
// auditor; the case's manager still reads it all (kith.SeesRecordContent).
func TestWithdrawnRecordEverywhere(t *testing.T) {
	for _, engine := range kithtest.Engines {
		t.Run(engine, func(t *testing.T) {
			c := newTestCouncil(t, engine)
			ctx := t.Context()
			prac := c.Actor(c.Prac)
			amy := c.Allocate(c.Actor(c.Manager), c.Case(prac, "Amy", "Alder", kithtest.Date(2015, 5, 5), c.T1), c.T1, c.Prac)
			d, err := c.DB.CreateDraft(ctx, prac, amy.Reference, kith.RecordInput{TemplateKey: "home-visit"})
			if err != nil {
				t.Fatal(err)
			}
			in := kith.RecordInput{TemplateKey: "home-visit", Version: d.Version, Headline: "Visit to Jade Birch", OccurredAt: kithtest.Now().Add(-2 * time.Hour).Truncate(time.Minute),
				Location: "14 Ivy Lane", Significant: true, Content: kith.RecordContent{
					"present": {Others: "Jade and her mother"}, "child_seen": {Answer: "yes"}, "child_seen_alone": {Answer: "yes"}, "bedroom_seen": {Answer: "yes"},
					"child_views": {Text: "Jade said “I was hungry”."}, "discussion": {Text: "Meals"}, "concerns": {Text: "Empty cupboards"},
					"observations": {Text: "No food in the fridge or the cupboards."}, "analysis": {Text: "Jade is not being fed."}}}
			// Saved once as a draft first, so there are versions to read.
			saved, err := c.DB.SaveDraft(ctx, prac, d.ID, in)
			if err != nil {
				t.Fatal(err)
			}
			in.Version = saved.Version
			if _, err := c.DB.FinaliseRecord(ctx, prac, d.ID, in); err != nil {
				t.Fatal(err)
			}
			if err := c.DB.AddAddendum(ctx, prac, d.ID, "Jade's school rang."); err != nil {
				t.Fatal(err)
			}
			if err := c.DB.WithdrawRecord(ctx, c.Actor(c.Manager), d.ID, "About her cousin Jade, not Amy"); err != nil {
				t.Fatal(err)
			}
			page := "/cases/" + amy.Reference + "/records/" + d.ID
			api := "/api/v1/records/" + d.ID
			secret := []string{"Jade Birch", "Ivy Lane", "hungry", "Empty cupboards", "school rang"}

			for _, u := range []*kith.User{c.Prac, c.Prac2, c.Auditor} {
				b, token := c.signIn(t, u), c.token(t, u)
				res := b.get(page)
				if res.status != http.StatusOK {
					t.Fatalf("%s: record page %d", u.Username, res.status)
				}
				mustContain(t, res.body, "Withdrawn by", "About her cousin Jade, not Amy", "Home visit")
				mustNotContain(t, res.body, secret...)
				mustNotContain(t, res.body, page+"/versions", page+"/print", page+"/pdf")
				for _, p := range []string{page + "/versions", page + "/versions/1", page + "/print", page + "/pdf"} {
					res := b.get(p)
					if res.status != http.StatusForbidden {
						t.Errorf("%s: %s answers %d", u.Username, p, res.status)
					}
					mustContain(t, res.body, "Only the case’s managers can read what it said")
					mustNotContain(t, res.body, secret...)
				}
				st, body, _ := c.api(t, token, "GET", api, nil)
				if st != 200 || body["status"] != "withdrawn" || body["withdrawal"] == nil || body["content_withheld"] != true ||
					body["headline"] != "" || body["location"] != "" || len(body["content"].(map[string]any)) != 0 || len(body["addenda"].([]any)) != 0 {
					t.Errorf("%s: API record %d %v", u.Username, st, body)
				}
				if s := mustJSON(body); containsAny(s, secret) {
					t.Errorf("%s: API record shows what it said: %s", u.Username, s)
				}
				for _, p := range []string{api + "/versions", api + "/findings"} {
					st, body, h := c.api(t, token, "GET", p, nil)
					if st != 403 || h.Get("Content-Type") != "application/problem+json" || containsAny(mustJSON(body), secret) {
						t.Errorf("%s: %s answers %d %s %v", u.Username, p, st, h.Get("Content-Type"), body)
					}
				}
				// The chronology and search never had it; they still do not.
				mustNotContain(t, b.get("/cases/"+amy.Reference+"/chronology").body, secret...)
				mustNotContain(t, b.get("/records/search?q=cupboards").body, secret...)
			}

			// The case's manager reads all of it, on the page and the API.
			m, token := c.signIn(t, c.Manager), c.token(t, c.Manager)
			mustContain(t, m.get(page).body, "Visit to Jade Birch", "14 Ivy Lane", "Empty cupboards", "school rang.")
			mustContain(t, m.get(page+"/versions").body, "Visit to Jade Birch")
			mustContain(t, m.get(page+"/versions/1").body, "Version 1")
			mustContain(t, m.get(page+"/print").body, "Empty cupboards")
			if st, body, _ := c.api(t, token, "GET", api, nil); st != 200 || body["headline"] != "Visit to Jade Birch" || body["content_withheld"] != nil {
				t.Errorf("manager: API record %d %v", st, body)
			}
			if st, body, _ := c.api(t, token, "GET", api+"/versions", nil); st != 200 || !strings.Contains(mustJSON(body), "Visit to Jade Birch") {
				t.Errorf("manager: API versions %d %v", st, body)
			}
		})
	}
}

func containsAny(s string, words []string) bool {
	for _, w := range words {
		if strings.Contains(s, w) {
			return true
		}
	}
	return false
}
