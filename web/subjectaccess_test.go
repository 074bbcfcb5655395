package web

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"kith"
	"kith/internal/kithtest"
)

func sarForm(ref, requester string, received kith.Date) url.Values {
	v := url.Values{"version": {"0"}, "case_reference": {ref}, "requester_name": {requester}, "relation": {"self"},
		"identity_check": {"photo_id"}, "extension_months": {"0"}}
	return dateValues(v, "received_on", received)
}

func TestSubjectAccessPages(t *testing.T) {
	c := newTestCouncil(t, "sqlite")
	ida := c.User("ida.info", []kith.Role{kith.RoleInformationGovernance})
	jordan := c.Allocate(c.Actor(c.Manager), c.Case(c.Actor(c.Prac), "Jordan", "Alder", kithtest.Date(2006, 4, 1), c.T1), c.T1, c.Prac)
	b := c.signIn(t, ida)

	// Signed in, the officer lands on the requests; the menu has them.
	res := b.get("/work")
	if res.status != http.StatusSeeOther || res.location != "/subject-access" {
		t.Fatalf("an officer's home: %d %s", res.status, res.location)
	}
	page := b.get("/subject-access").body
	mustContain(t, page, "No requests are logged yet", `href="/subject-access/new"`, `href="/subject-access" aria-current="true"`)
	mustNotContain(t, page, `href="/cases"`)
	// The officer cannot open the case the request is about.
	if res := b.get("/cases/" + jordan.Reference); res.status == http.StatusOK {
		t.Errorf("the officer opened the case: %d", res.status)
	}

	today := kithtest.Today()
	// No way of checking identity given; then a child who does not
	// exist: each said beside its field, the typing kept.
	bad := sarForm("KTH-2026-999999", "Jordan Alder", today.AddDays(-3))
	bad.Del("identity_check")
	res = b.post("/subject-access/new", bad)
	if res.status != http.StatusUnprocessableEntity {
		t.Fatalf("bad request: %d", res.status)
	}
	mustContain(t, res.body, "There is a problem", `href="#identity_check"`, "Select how their identity was checked", `value="Jordan Alder"`)
	res = b.post("/subject-access/new", sarForm("KTH-2026-999999", "Jordan Alder", today.AddDays(-3)))
	if res.status != http.StatusUnprocessableEntity {
		t.Fatalf("a child who does not exist: %d", res.status)
	}
	mustContain(t, res.body, `href="#case_reference"`, "There is no child’s case KTH-2026-999999", `value="Jordan Alder"`)
	// An extension of three months cannot be chosen, even by a crafted form.
	crafted := sarForm(jordan.Reference, "Jordan Alder", today.AddDays(-3))
	crafted.Set("extension_months", "3")
	mustContain(t, b.post("/subject-access/new", crafted).body, "The month can be extended by 1 or 2 months, no more")

	res = b.post("/subject-access/new", sarForm(strings.ToLower(jordan.Reference), " Jordan  Alder ", today.AddDays(-3)))
	if res.status != http.StatusSeeOther || res.location != "/subject-access" {
		t.Fatalf("log: %d %s", res.status, text(res.body))
	}
	ref := "SAR-" + itoa(today.AddDays(-3).Year) + "-0001"
	list := b.follow(res).body
	mustContain(t, list, ref+" saved", "Jordan Alder", jordan.Reference, "days left", "Requests by how late they are")

	reqs, err := c.DB.SubjectAccessRequests(c.Ctx, c.Actor(ida))
	if err != nil || len(reqs) != 1 {
		t.Fatalf("%v %v", reqs, err)
	}
	r := reqs[0]
	view := b.get("/subject-access/" + r.ID).body
	mustContain(t, view, ref+": Jordan Alder’s record", "The month runs from", "it can be extended until", `name="version" value="1"`)

	// An extension, then a change from the version read before it: the
	// second is refused with what was typed kept.
	ext := sarForm(jordan.Reference, "Jordan Alder", today.AddDays(-3))
	ext.Set("version", "1")
	ext.Set("extension_months", "2")
	ext.Set("extension_reason", "Eighteen years of records")
	ext = dateValues(ext, "extended_on", today)
	if res := b.post("/subject-access/"+r.ID, ext); res.status != http.StatusSeeOther {
		t.Fatalf("extend: %d %s", res.status, text(res.body))
	}
	stale := sarForm(jordan.Reference, "Jordan Alder", today.AddDays(-3))
	stale.Set("version", "1")
	stale.Set("notes", "Asked the school for its letters")
	res = b.post("/subject-access/"+r.ID, stale)
	if res.status != http.StatusConflict {
		t.Fatalf("stale: %d", res.status)
	}
	mustContain(t, res.body, "Asked the school for its letters", `name="version" value="2"`, "(extended from")

	// Nobody else sees the requests.
	p := c.signIn(t, c.Prac)
	mustNotContain(t, p.get("/cases").body, `href="/subject-access"`)
	for _, path := range []string{"/subject-access", "/subject-access/new", "/subject-access/" + r.ID} {
		if res := p.get(path); res.status != http.StatusForbidden {
			t.Errorf("practitioner %s: %d", path, res.status)
		}
	}
	if res := p.post("/subject-access/new", sarForm(jordan.Reference, "Someone", today)); res.status != http.StatusForbidden {
		t.Errorf("practitioner logging a request: %d", res.status)
	}
	// The case's manager sees in its access log that its record was asked for.
	mustContain(t, c.signIn(t, c.Manager).get("/cases/"+jordan.Reference+"/access-log").body, "Logged or changed a subject access request")
}

func TestSubjectAccessAPI(t *testing.T) {
	c := newTestCouncil(t, "sqlite")
	ida := c.User("ida.info", []kith.Role{kith.RoleInformationGovernance})
	jordan := c.Allocate(c.Actor(c.Manager), c.Case(c.Actor(c.Prac), "Jordan", "Alder", kithtest.Date(2006, 4, 1), c.T1), c.T1, c.Prac)
	token := c.token(t, ida)
	received := kithtest.Today().AddDays(-2).String()
	body := map[string]any{"case_reference": jordan.Reference, "requester_name": "Jordan Alder", "relation": "self", "received_on": received, "identity_check": "pending"}

	bad := map[string]any{"case_reference": jordan.Reference, "requester_name": "", "relation": "cousin", "received_on": received, "identity_check": "photo_id"}
	st, out, h := c.api(t, token, "POST", "/api/v1/subject-access-requests", bad)
	if st != 422 || h.Get("Content-Type") != "application/problem+json" || !strings.Contains(mustJSON(out), "requester_name") || !strings.Contains(mustJSON(out), "relation") {
		t.Errorf("bad request: %d %v", st, out)
	}
	st, out, _ = c.api(t, token, "POST", "/api/v1/subject-access-requests", body)
	if st != 201 || out["reference"] == "" || out["clock"].(map[string]any)["waiting"] != true {
		t.Fatalf("log: %d %v", st, out)
	}
	id := out["id"].(string)
	body["identity_check"], body["identity_confirmed_on"], body["version"] = "photo_id", kithtest.Today().String(), 1
	st, out, _ = c.api(t, token, "PUT", "/api/v1/subject-access-requests/"+id, body)
	if st != 200 || out["clock"].(map[string]any)["starts"] != kithtest.Today().String() || out["clock"].(map[string]any)["due"] == nil {
		t.Fatalf("identity arrived: %d %v", st, out)
	}
	if st, _, _ := c.api(t, token, "PUT", "/api/v1/subject-access-requests/"+id, body); st != 409 {
		t.Errorf("a stale change: %d", st)
	}
	if res, raw := c.rawAPI(t, token, "GET", "/api/v1/subject-access-requests", "", nil); res.StatusCode != 200 || !strings.Contains(string(raw), `"days_left"`) {
		t.Errorf("list: %d %s", res.StatusCode, raw)
	}
	prac := c.token(t, c.Prac)
	for _, p := range []string{"/api/v1/subject-access-requests", "/api/v1/subject-access-requests/" + id} {
		if st, _, h := c.api(t, prac, "GET", p, nil); st != 403 || h.Get("Content-Type") != "application/problem+json" {
			t.Errorf("practitioner %s: %d", p, st)
		}
	}
}
