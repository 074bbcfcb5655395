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

// TestUnbornChildOnTheCasePages: a case opened before birth says when the
// baby is expected, on the case page and in the identity bar; giving the
// date of birth later makes them a born child with an age.
func TestUnbornChildOnTheCasePages(t *testing.T) {
	c := newTestCouncil(t, kithtest.Engines[0])
	b := c.signIn(t, c.Prac)
	expected := kithtest.Today().AddDays(90)
	form := url.Values{"child_first_name": {"Baby"}, "child_last_name": {"Quill"}, "team_id": {c.T1.ID},
		"child_expected_date_of_birth-day": {itoa(expected.Day)}, "child_expected_date_of_birth-month": {itoa(int(expected.Month))},
		"child_expected_date_of_birth-year": {itoa(expected.Year)}}
	both := url.Values{"child_date_of_birth-day": {"1"}, "child_date_of_birth-month": {"1"}, "child_date_of_birth-year": {"2020"}}
	for k, v := range form {
		both[k] = v
	}
	res := b.post("/cases/new", both)
	mustContain(t, res.body, `href="#child_expected_date_of_birth-day"`, "not both", `value="Baby"`)
	res = b.post("/cases/new", form)
	ref := strings.Split(strings.TrimPrefix(res.location, "/cases/"), "/")[0]
	res = b.follow(res)
	mustContain(t, res.body, "Unborn, expected "+expected.Long())
	_, body, _ := c.api(t, c.token(t, c.Prac), "GET", "/api/v1/cases/"+ref, nil)
	child := body["child"].(map[string]any)["id"].(string)

	born := kithtest.Today().AddDays(-1)
	edit := b.get("/cases/" + ref + "/people/" + child + "/edit")
	mustContain(t, edit.body, `name="expected_date_of_birth-day" type="text" inputmode="numeric" value="`+itoa(expected.Day)+`"`)
	res = b.follow(b.post("/cases/"+ref+"/people/"+child+"/edit", url.Values{"version": {"1"}, "first_name": {"Rosa"}, "last_name": {"Quill"},
		"date_of_birth-day": {itoa(born.Day)}, "date_of_birth-month": {itoa(int(born.Month))}, "date_of_birth-year": {itoa(born.Year)}}))
	mustContain(t, res.body, "Details saved", "Under 1 month old")
	mustNotContain(t, res.body, "Unborn")
}
