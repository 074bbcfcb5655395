package web

import (
	"encoding/json"
	"sort"
	"strings"
	"testing"
	"time"

	"kith"
	"kith/internal/kithtest"
)

// TestOpenAPIMatchesRoutes checks the served OpenAPI document against what
// the server really routes: every documented operation reaches a handler
// (not the "no such endpoint" answer), and every API path the server
// answers is documented.
func TestOpenAPIMatchesRoutes(t *testing.T) {
	c := newTestCouncil(t, "sqlite")
	status, doc, _ := c.api(t, "", "GET", "/api/v1/openapi.json", nil)
	if status != 200 || doc["openapi"] != "3.1.0" {
		t.Fatalf("openapi.json: %d %v", status, doc["openapi"])
	}
	paths := doc["paths"].(map[string]any)
	var documented []string
	for path, ops := range paths {
		for method, op := range ops.(map[string]any) {
			documented = append(documented, strings.ToUpper(method)+" "+path)
			o := op.(map[string]any)
			if o["summary"] == "" || o["operationId"] == "" || o["responses"] == nil {
				t.Errorf("%s %s: incomplete operation %v", method, path, o)
			}
		}
	}
	sort.Strings(documented)
	var routed []string
	for _, rt := range c.srv.apiRoutes() {
		routed = append(routed, rt.method+" "+rt.path)
	}
	sort.Strings(routed)
	if strings.Join(documented, "\n") != strings.Join(routed, "\n") {
		t.Fatalf("documented:\n%s\nrouted:\n%s", strings.Join(documented, "\n"), strings.Join(routed, "\n"))
	}
	// Each documented operation reaches a real handler on the server.
	token := c.token(t, c.Prac)
	for _, op := range documented {
		method, path, _ := strings.Cut(op, " ")
		path = strings.NewReplacer("{ref}", "KTH-2099-000001", "{pid}", "x", "{id}", "x", "{uid}", "x").Replace(path)
		_, body, _ := c.api(t, token, method, path, "{}")
		if d, _ := body["detail"].(string); strings.HasPrefix(d, "There is no API endpoint") {
			t.Errorf("%s is documented but not routed", op)
		}
	}
	// And an undocumented path is not routed.
	if _, body, _ := c.api(t, token, "GET", "/api/v1/nothing-here", nil); !strings.HasPrefix(body["detail"].(string), "There is no API endpoint") {
		t.Errorf("unknown path: %v", body)
	}
	// Schemas resolve.
	raw, _ := json.Marshal(doc)
	schemas := doc["components"].(map[string]any)["schemas"].(map[string]any)
	for _, ref := range strings.Split(string(raw), `"$ref":"#/components/schemas/`)[1:] {
		name := ref[:strings.IndexByte(ref, '"')]
		if schemas[name] == nil {
			t.Errorf("schema %s is referred to but not defined", name)
		}
	}
}

func TestAPI(t *testing.T) {
	for _, engine := range kithtest.Engines {
		t.Run(engine, func(t *testing.T) {
			c := newTestCouncil(t, engine)
			prac, mgr := c.token(t, c.Prac), c.token(t, c.Manager)

			// No token, a bad token.
			if st, body, h := c.api(t, "", "GET", "/api/v1/cases", nil); st != 401 || body["status"].(float64) != 401 || !strings.HasPrefix(h.Get("Content-Type"), "application/problem+json") {
				t.Errorf("no token: %d %v", st, body)
			}
			if st, _, _ := c.api(t, "kith_nonsense", "GET", "/api/v1/cases", nil); st != 401 {
				t.Errorf("bad token: %d", st)
			}
			// Bad input is a problem with field names.
			st, body, _ := c.api(t, prac, "POST", "/api/v1/cases", `{"child": {"first_name": "", "last_name": "Ashgrove", "date_of_birth": "2024-02-31"}, "team_id": "`+c.T1.ID+`"}`)
			if st != 422 || fieldOf(body) != "child.date_of_birth" {
				t.Errorf("impossible date: %d %v", st, body)
			}
			st, body, _ = c.api(t, prac, "POST", "/api/v1/cases", map[string]any{"child": map[string]any{"first_name": strings.Repeat("x", 10<<20), "last_name": "Ash", "date_of_birth": "2015-01-01"}, "team_id": c.T1.ID})
			if st != 422 || fieldOf(body) != "child.first_name" {
				t.Errorf("10 MB name: %d %v", st, fieldOf(body))
			}
			st, body, _ = c.api(t, prac, "POST", "/api/v1/cases", `{"child": {}, "team_id": "x", "surprise": 1}`)
			if st != 422 || fieldOf(body) != "surprise" {
				t.Errorf("unknown field: %d %v", st, body)
			}
			st, body, _ = c.api(t, prac, "POST", "/api/v1/cases", `not json`)
			if st != 422 {
				t.Errorf("not JSON: %d %v", st, body)
			}
			// Open, read, allocate.
			st, body, h := c.api(t, prac, "POST", "/api/v1/cases", map[string]any{"child": map[string]any{"first_name": "Rowan", "last_name": "Larkmoor", "date_of_birth": "2016-05-04"}, "team_id": c.T1.ID, "status": "cin"})
			if st != 201 {
				t.Fatalf("create: %d %v", st, body)
			}
			ref := body["reference"].(string)
			if h.Get("Location") != "/api/v1/cases/"+ref {
				t.Errorf("Location %q", h.Get("Location"))
			}
			st, body, _ = c.api(t, prac, "GET", "/api/v1/cases/"+ref, nil)
			if st != 200 || body["child"].(map[string]any)["first_name"] != "Rowan" {
				t.Fatalf("overview: %d %v", st, body)
			}
			version := body["case"].(map[string]any)["version"]
			st, body, _ = c.api(t, prac, "POST", "/api/v1/cases/"+ref+"/allocation", map[string]any{"team_id": c.T1.ID, "worker_id": c.Prac.ID, "version": version})
			if st != 403 {
				t.Errorf("practitioner allocating: %d %v", st, body)
			}
			st, body, _ = c.api(t, mgr, "POST", "/api/v1/cases/"+ref+"/allocation", map[string]any{"team_id": c.T1.ID, "worker_id": c.Prac.ID, "version": version})
			if st != 200 || body["worker_name"] != "Ann Ash" {
				t.Fatalf("allocate: %d %v", st, body)
			}
			st, body, _ = c.api(t, mgr, "POST", "/api/v1/cases/"+ref+"/allocation", map[string]any{"team_id": c.T1.ID, "worker_id": c.Prac2.ID, "version": version})
			if st != 409 {
				t.Errorf("stale allocation: %d %v", st, body)
			}
			// A family member with a phone number; search by it.
			st, body, _ = c.api(t, prac, "POST", "/api/v1/cases/"+ref+"/people", map[string]any{"person": map[string]any{"first_name": "", "last_name": "Larkmoor"}, "relationship": map[string]any{"kind": "uncle"}})
			if st != 422 || fieldOf(body) != "person.first_name" || !strings.Contains(fmtFields(body), `"field":"relationship.kind"`) {
				t.Errorf("bad network member: %d %v", st, body)
			}
			st, body, _ = c.api(t, prac, "POST", "/api/v1/cases/"+ref+"/people", map[string]any{"person": map[string]any{"first_name": "Ivy", "last_name": "Larkmoor"}, "relationship": map[string]any{"kind": "grandparent", "lives_with_child": false}})
			if st != 201 {
				t.Fatalf("add person: %d %v", st, body)
			}
			pid := body["person_id"].(string)
			if st, body, _ = c.api(t, prac, "POST", "/api/v1/cases/"+ref+"/people/"+pid+"/phones", map[string]any{"number": "07700 900123", "kind": "mobile"}); st != 204 {
				t.Fatalf("add phone: %d %v", st, body)
			}
			st, body, _ = c.api(t, prac, "GET", "/api/v1/search?q=07700900123", nil)
			if st != 200 || len(body["results"].([]any)) != 1 {
				t.Errorf("search by phone: %d %v", st, body)
			}
			// Another team's practitioner cannot open it.
			if st, _, _ := c.api(t, c.token(t, c.Outsider), "GET", "/api/v1/cases/"+ref, nil); st != 404 {
				t.Errorf("outsider: %d", st)
			}
			// Restricted, it looks exactly like an unknown case even to a
			// colleague in the team who is not on its access list.
			_, body, _ = c.api(t, mgr, "GET", "/api/v1/cases/"+ref+"/access", nil)
			if st, body, _ = c.api(t, mgr, "PUT", "/api/v1/cases/"+ref+"/access", map[string]any{"restricted": true, "version": body["version"]}); st != 204 {
				t.Fatalf("restrict: %d %v", st, body)
			}
			colleague := c.token(t, c.Prac2)
			st1, b1, _ := c.api(t, colleague, "GET", "/api/v1/cases/"+ref, nil)
			st2, b2, _ := c.api(t, colleague, "GET", "/api/v1/cases/KTH-2099-000001", nil)
			if st1 != 404 || st2 != 404 || b1["detail"] != b2["detail"] {
				t.Errorf("restricted vs unknown: %d %v / %d %v", st1, b1, st2, b2)
			}
			if st, _, _ = c.api(t, mgr, "PUT", "/api/v1/cases/"+ref+"/access/allowed/"+c.Prac2.ID, nil); st != 204 {
				t.Fatalf("allow: %d", st)
			}
			if st, _, _ = c.api(t, colleague, "GET", "/api/v1/cases/"+ref, nil); st != 200 {
				t.Errorf("on the access list: %d", st)
			}
			if st, _, _ = c.api(t, mgr, "PUT", "/api/v1/cases/"+ref+"/access/locked-out/"+c.Prac2.ID, map[string]any{"reason": "Neighbour"}); st != 204 {
				t.Fatalf("lock out: %d", st)
			}
			if st, _, _ = c.api(t, colleague, "GET", "/api/v1/cases/"+ref, nil); st != 404 {
				t.Errorf("locked out: %d", st)
			}
			if st, _, _ = c.api(t, mgr, "DELETE", "/api/v1/cases/"+ref+"/access/locked-out/"+c.Prac2.ID, nil); st != 204 {
				t.Errorf("lift lock-out: %d", st)
			}
			if st, _, _ = c.api(t, mgr, "DELETE", "/api/v1/cases/"+ref+"/access/allowed/"+c.Prac2.ID, nil); st != 204 {
				t.Errorf("disallow: %d", st)
			}
			_, body, _ = c.api(t, mgr, "GET", "/api/v1/cases/"+ref+"/access", nil)
			if st, _, _ = c.api(t, mgr, "PUT", "/api/v1/cases/"+ref+"/access", map[string]any{"restricted": false, "version": body["version"]}); st != 204 {
				t.Fatalf("lift restriction: %d", st)
			}
			// Close, then close again.
			_, body, _ = c.api(t, mgr, "GET", "/api/v1/cases/"+ref, nil)
			version = body["case"].(map[string]any)["version"]
			if st, body, _ = c.api(t, mgr, "POST", "/api/v1/cases/"+ref+"/close", map[string]any{"reason": "RC8", "version": version}); st != 200 {
				t.Fatalf("close: %d %v", st, body)
			}
			if st, body, _ = c.api(t, mgr, "POST", "/api/v1/cases/"+ref+"/close", map[string]any{"reason": "RC8"}); st != 422 || !strings.Contains(body["detail"].(string), "already closed") {
				t.Errorf("close again: %d %v", st, body)
			}
			// The access log, for the manager.
			st, body, _ = c.api(t, mgr, "GET", "/api/v1/cases/"+ref+"/access-log", nil)
			if st != 200 || len(body["events"].([]any)) < 5 {
				t.Errorf("access log: %d %v", st, body)
			}
			if st, _, _ := c.api(t, prac, "GET", "/api/v1/cases/"+ref+"/access-log", nil); st != 403 {
				t.Errorf("practitioner access log: %d", st)
			}
			// Administration is for administrators.
			if st, _, _ := c.api(t, prac, "POST", "/api/v1/users", kith.UserInput{Username: "x"}); st != 403 {
				t.Errorf("practitioner adding a user: %d", st)
			}
			admin := c.token(t, c.Admin)
			st, body, _ = c.api(t, admin, "POST", "/api/v1/users", kith.UserInput{Username: "new.person", DisplayName: "New Person", Roles: []kith.Role{kith.RolePractitioner}, TeamIDs: []string{c.T1.ID}})
			if st != 201 {
				t.Fatalf("admin adding a user: %d %v", st, body)
			}
			if st, body, _ = c.api(t, admin, "POST", "/api/v1/users/"+c.Prac2.ID+"/disable", nil); st != 200 || body["disabled_at"] == nil {
				t.Errorf("disable: %d %v", st, body)
			}
			_, body, _ = c.api(t, mgr, "GET", "/api/v1/cases/"+ref, nil)
			if st, body, _ = c.api(t, mgr, "POST", "/api/v1/cases/"+ref+"/reopen", map[string]any{"reason": "Returned", "version": body["case"].(map[string]any)["version"],
				"referral": map[string]any{"referral_at": kithtest.Now().Format(time.RFC3339), "referral_source": "6", "primary_need": "N1"}}); st != 200 {
				t.Fatalf("reopen: %d %v", st, body)
			}
			st, body, _ = c.api(t, mgr, "POST", "/api/v1/cases/"+ref+"/allocation", map[string]any{"team_id": c.T1.ID, "worker_id": c.Prac2.ID, "version": body["version"]})
			if st != 422 || !strings.Contains(fmtFields(body), "account is disabled") {
				t.Errorf("allocate to a disabled user: %d %v", st, body)
			}
		})
	}
}

func fieldOf(problem map[string]any) string {
	errs, _ := problem["errors"].([]any)
	if len(errs) == 0 {
		return ""
	}
	return errs[0].(map[string]any)["field"].(string)
}

func fmtFields(problem map[string]any) string {
	b, _ := json.Marshal(problem["errors"])
	return string(b)
}
