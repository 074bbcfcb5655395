package web

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"kith/internal/kithtest"
)

// TestChildIdentityForm: the case page links to the child's identity items;
// a form with a mistyped UPN, a reason given beside it and an impossible
// date is refused with a message against each field and everything typed
// kept; the corrected form saves, and the page shows the items with their
// codes and the history of what changed; someone in another team can
// neither see nor change them.
func TestChildIdentityForm(t *testing.T) {
	for _, engine := range kithtest.Engines {
		t.Run(engine, func(t *testing.T) {
			c := newTestCouncil(t, engine)
			prac := c.Actor(c.Prac)
			tom := c.Case(prac, "Tom", "Quill", kithtest.Date(2014, 1, 1), c.T1)
			page := "/cases/" + tom.Reference + "/identity"
			b := c.signIn(t, c.Prac)
			mustContain(t, b.get("/cases/"+tom.Reference).body, `href="`+page+`"`)
			mustContain(t, b.get(page).body, strings.ReplaceAll(tom.Reference, "-", ""), "Nothing has been recorded yet")

			form := url.Values{"version": {"0"}, "local_child_id": {"LCS000123"}, "upn": {"R247962919251"}, "upn_unknown": {"UN1"},
				"sex": {"F"}, "ethnicity": {"BAFR"}, "disabilities": {"HEAR", "NONE"}, "uasc": {"no"},
				"date_of_death-day": {"31"}, "date_of_death-month": {"2"}, "date_of_death-year": {"2024"}}
			res := b.post(page+"/edit", form)
			if res.status != http.StatusUnprocessableEntity {
				t.Fatalf("bad input: %d", res.status)
			}
			mustContain(t, res.body, "There is a problem", `href="#upn"`, "check letter", `href="#upn_unknown"`, "not both",
				`href="#disabilities"`, `href="#date_of_death-day"`, "Date of death must be a real date",
				`value="LCS000123"`, `value="R247962919251"`, `value="BAFR" selected`, `value="HEAR" checked`, `value="31"`)

			form.Set("upn", "A950000178301")
			form.Del("upn_unknown")
			form["disabilities"] = []string{"HEAR"}
			form.Set("date_of_death-day", "")
			form.Set("date_of_death-month", "")
			form.Set("date_of_death-year", "")
			res = b.follow(b.post(page+"/edit", form))
			mustContain(t, res.body, "Identity items saved", "LCS000123", "A950000178301", "Female (F)", "Black African (BAFR)", "Hearing (HEAR)",
				"Local child ID: "+strings.ReplaceAll(tom.Reference, "-", "")+" → LCS000123")

			// The local child id is not offered again.
			mustNotContain(t, b.get(page+"/edit").body, `name="local_child_id"`)

			// Cat, in another team, may not open or change them.
			out := c.signIn(t, c.Outsider)
			if st := out.get(page).status; st != http.StatusNotFound {
				t.Errorf("outsider reading: %d", st)
			}
			if st := out.post(page+"/edit", url.Values{"version": {"1"}, "sex": {"M"}}).status; st != http.StatusNotFound {
				t.Errorf("outsider changing: %d", st)
			}
			mustContain(t, b.get(page).body, "Female (F)")
		})
	}
}

// TestChildIdentityAPI: the items through the API, with a problem+json
// against the field for a wrong check letter and a conflict for a stale
// version.
func TestChildIdentityAPI(t *testing.T) {
	c := newTestCouncil(t, kithtest.Engines[0])
	prac := c.token(t, c.Prac)
	tom := c.Case(c.Actor(c.Prac), "Tom", "Quill", kithtest.Date(2014, 1, 1), c.T1)
	path := "/api/v1/cases/" + tom.Reference + "/identity"

	st, body, _ := c.api(t, prac, "GET", path, nil)
	if cur, _ := body["current"].(map[string]any); st != 200 || cur["local_child_id"] != strings.ReplaceAll(tom.Reference, "-", "") || len(body["versions"].([]any)) != 0 {
		t.Fatalf("before any save: %d %v", st, body)
	}
	st, body, h := c.api(t, prac, "PUT", path, map[string]any{"upn": "X428558133462", "sex": "U", "version": 0})
	if st != 422 || fieldOf(body) != "upn" || !strings.HasPrefix(h.Get("Content-Type"), "application/problem+json") {
		t.Fatalf("wrong check letter: %d %v", st, body)
	}
	st, body, _ = c.api(t, prac, "PUT", path, map[string]any{"upn": "H243278544154", "sex": "U", "disabilities": []string{"NONE"}, "uasc": true, "version": 0})
	if st != 200 || body["version"] != 1.0 || body["upn"] != "H243278544154" || body["uasc"] != true {
		t.Fatalf("save: %d %v", st, body)
	}
	if st, body, _ = c.api(t, prac, "PUT", path, map[string]any{"sex": "M", "version": 0}); st != 409 {
		t.Errorf("stale: %d %v", st, body)
	}
	st, body, _ = c.api(t, prac, "GET", path, nil)
	if st != 200 || len(body["versions"].([]any)) != 1 || body["current"].(map[string]any)["sex"] != "U" {
		t.Errorf("after saving: %d %v", st, body)
	}
	if st, _, _ := c.api(t, c.token(t, c.Outsider), "GET", path, nil); st != 404 {
		t.Errorf("outsider: %d", st)
	}
}
