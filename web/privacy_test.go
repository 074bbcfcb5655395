package web

import (
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"kith"
	"kith/internal/kithtest"
	"kith/sqldb"
)

// TestNobodyChangesTheirOwnAccess: an administrator cannot give themselves
// a case role or a team, through the API or the page, and so cannot read
// a case; an administrator account cannot hold a case role at all.
func TestNobodyChangesTheirOwnAccess(t *testing.T) {
	kithtest.EachEngine(t, func(t *testing.T, db *sqldb.DB) {
		c := newTestCouncilOn(t, db)
		cs := c.Case(c.Actor(c.Prac), "Hidden", "Holly", kithtest.Date(2014, 2, 2), c.T1)
		admin := c.token(t, c.Admin)
		self := "/api/v1/users/" + c.Admin.ID
		for _, in := range []kith.UserInput{
			{Username: c.Admin.Username, DisplayName: c.Admin.DisplayName, Roles: []kith.Role{kith.RoleAdministrator, kith.RoleAuditor}},
			{Username: c.Admin.Username, DisplayName: c.Admin.DisplayName, Roles: []kith.Role{kith.RolePractitioner}, TeamIDs: []string{c.T1.ID}},
			{Username: c.Admin.Username, DisplayName: c.Admin.DisplayName, Roles: []kith.Role{kith.RoleAdministrator}, TeamIDs: []string{c.T1.ID}},
		} {
			st, body, _ := c.api(t, admin, "PUT", self, in)
			if st != http.StatusUnprocessableEntity {
				t.Errorf("PUT own user %v %v: %d %v", in.Roles, in.TeamIDs, st, body)
			}
		}
		if st, _, _ := c.api(t, admin, "GET", "/api/v1/cases/"+cs.Reference, nil); st != http.StatusNotFound {
			t.Errorf("administrator reading a case after trying to give themselves roles: %d", st)
		}
		// Their own name they may change.
		if st, body, _ := c.api(t, admin, "PUT", self, kith.UserInput{Username: c.Admin.Username, DisplayName: "Gus Gale-Green", Roles: []kith.Role{kith.RoleAdministrator}}); st != 200 {
			t.Errorf("own name: %d %v", st, body)
		}
		// Nor can another administrator give an administrator a case role.
		other := c.User("ola.oak", []kith.Role{kith.RoleAdministrator})
		st, body, _ := c.api(t, admin, "PUT", "/api/v1/users/"+other.ID, kith.UserInput{Username: other.Username, DisplayName: other.DisplayName, Roles: []kith.Role{kith.RoleAdministrator, kith.RoleAuditor}})
		if st != http.StatusUnprocessableEntity || !strings.Contains(problemText(body), "An administrator cannot also be an auditor") {
			t.Errorf("administrator+auditor: %d %v", st, body)
		}
		if st, body, _ := c.api(t, admin, "POST", "/api/v1/users", kith.UserInput{Username: "pat.pine", DisplayName: "Pat Pine", Roles: []kith.Role{kith.RoleAdministrator, kith.RolePractitioner}, TeamIDs: []string{c.T1.ID}}); st != http.StatusUnprocessableEntity {
			t.Errorf("new administrator+practitioner: %d %v", st, body)
		}

		// The page says the same.
		page := c.signIn(t, c.Admin)
		res := page.post("/admin/users/"+c.Admin.ID, url.Values{"username": {c.Admin.Username}, "display_name": {"Gus Gale"}, "roles": {"administrator", "auditor"}})
		if res.status != http.StatusUnprocessableEntity {
			t.Fatalf("own roles on the page: %d", res.status)
		}
		mustContain(t, res.body, "You cannot change your own roles. Ask another administrator")
		res = page.post("/admin/users/"+c.Admin.ID, url.Values{"username": {c.Admin.Username}, "display_name": {"Gus Gale"}, "roles": {"administrator"}, "team_ids": {c.T1.ID}})
		mustContain(t, res.body, "You cannot change your own teams. Ask another administrator")

		// An account that already holds both (saved before the rule) reads
		// no case, and the users page says so.
		if _, err := c.DB.WritePool().Exec(`INSERT INTO user_roles (user_id, role) VALUES ($1, 'auditor')`, c.Admin.ID); err != nil {
			t.Fatal(err)
		}
		if st, _, _ := c.api(t, admin, "GET", "/api/v1/cases/"+cs.Reference, nil); st != http.StatusNotFound {
			t.Errorf("administrator+auditor reading a case: %d", st)
		}
		if st, _, _ := c.api(t, admin, "GET", "/api/v1/role-changes", nil); st != http.StatusForbidden {
			t.Errorf("administrator+auditor reading role changes: %d", st)
		}
		mustContain(t, page.get("/admin/users").body, "Reads no case", "An administrator cannot also hold a case role: remove one")

	})
}

// problemText joins a problem's detail and field messages.
func problemText(body map[string]any) string {
	var b strings.Builder
	if d, ok := body["detail"].(string); ok {
		b.WriteString(d)
	}
	if errs, ok := body["errors"].([]any); ok {
		for _, e := range errs {
			if m, ok := e.(map[string]any); ok {
				b.WriteString(" " + m["field"].(string) + ": " + m["message"].(string))
			}
		}
	}
	return b.String()
}

// TestPasswordLinks: an administrator never chooses a password; they make
// a one-time link, the user sets their own with it, and that ends the
// user's sessions and API tokens. A link works once, and not after a day.
func TestPasswordLinks(t *testing.T) {
	kithtest.EachEngine(t, func(t *testing.T, db *sqldb.DB) {
		c := newTestCouncilOn(t, db)
		clock := kithtest.ClockOf(c.DB)
		clock.Freeze(kithtest.Now())
		adminToken := c.token(t, c.Admin)
		// The API has no way to set someone's password.
		u := c.Prac
		st, body, _ := c.api(t, adminToken, "PUT", "/api/v1/users/"+u.ID, map[string]any{"username": u.Username, "display_name": u.DisplayName, "roles": []string{"practitioner"}, "team_ids": []string{c.T1.ID}, "password": "chosen by the admin"})
		if st != http.StatusUnprocessableEntity || !strings.Contains(problemText(body), "password is not a field") {
			t.Errorf("PUT with a password: %d %v", st, body)
		}
		st, body, _ = c.api(t, adminToken, "POST", "/api/v1/users", map[string]any{"username": "new.one", "display_name": "New One", "roles": []string{"practitioner"}, "password": "chosen by the admin"})
		if st != http.StatusUnprocessableEntity {
			t.Errorf("POST with a password: %d %v", st, body)
		}

		pracToken := c.token(t, u)
		prac := c.signIn(t, u)
		admin := c.signIn(t, c.Admin)
		res := admin.post("/admin/users/"+u.ID+"/password-link", nil)
		if res.status != http.StatusCreated {
			t.Fatalf("password link: %d\n%s", res.status, text(res.body))
		}
		mustContain(t, res.body, "Link to set a password", "Give this link to Ann Ash yourself")
		link := linkIn(t, res.body)
		// Until it is used, nothing changes.
		if st, _, _ := c.api(t, pracToken, "GET", "/api/v1/me", nil); st != 200 {
			t.Errorf("token after the link was made: %d", st)
		}
		page := c.browser(t).get(link)
		mustContain(t, page.body, "Set your password", "ann.ash")
		for pw, want := range map[string]string{
			"ann.ash12345":         "must not contain your username or your name",
			"password1234":         "list of common passwords",
			"aaaaaaaaaaaa":         "one character or a short pattern repeated",
			"short":                "Password must be 12 characters or more",
			"tulip-harbour-kettle": "The passwords do not match",
		} {
			again := pw
			if pw == "tulip-harbour-kettle" {
				again = "tulip-harbour-kettel"
			}
			res := c.browser(t).post(link, url.Values{"password": {pw}, "password_again": {again}})
			if res.status != http.StatusUnprocessableEntity {
				t.Errorf("%q: %d", pw, res.status)
			}
			mustContain(t, res.body, want)
			if pw != "tulip-harbour-kettle" { // the hint's example
				mustNotContain(t, res.body, pw)
			}
		}
		res = c.browser(t).post(link, url.Values{"password": {"tulip-harbour-kettle"}, "password_again": {"tulip-harbour-kettle"}})
		if res.status != http.StatusSeeOther || res.location != "/sign-in?reason=password-set" {
			t.Fatalf("setting the password: %d %s", res.status, res.location)
		}
		// The old session and the token have ended.
		if res := prac.get("/work"); res.status != http.StatusSeeOther || !strings.HasPrefix(res.location, "/sign-in") {
			t.Errorf("old session after the reset: %d %s", res.status, res.location)
		}
		if st, _, _ := c.api(t, pracToken, "GET", "/api/v1/me", nil); st != http.StatusUnauthorized {
			t.Errorf("old token after the reset: %d", st)
		}
		// The new password works, and the link does not work again.
		if res := c.browser(t).post("/sign-in", url.Values{"username": {u.Username}, "password": {"tulip-harbour-kettle"}}); res.status != http.StatusSeeOther {
			t.Errorf("sign in with the new password: %d", res.status)
		}
		again := c.browser(t).get(link)
		if again.status != http.StatusNotFound {
			t.Errorf("used link: %d", again.status)
		}
		mustContain(t, again.body, "This link has expired or has already been used", "Ask your administrator for a new one")

		// A link expires after a day; a second link cancels the first.
		first := linkIn(t, admin.post("/admin/users/"+c.Prac2.ID+"/password-link", nil).body)
		second := linkIn(t, admin.post("/admin/users/"+c.Prac2.ID+"/password-link", nil).body)
		if res := c.browser(t).get(first); res.status != http.StatusNotFound {
			t.Errorf("a link after a newer one: %d", res.status)
		}
		clock.Add(24*time.Hour + time.Minute)
		if res := c.browser(t).post(second, url.Values{"password": {"tulip-harbour-kettle"}, "password_again": {"tulip-harbour-kettle"}}); res.status != http.StatusNotFound {
			t.Errorf("a link a day later: %d", res.status)
		}
		// The API makes links too.
		st, body, _ = c.api(t, c.token(t, c.Admin), "POST", "/api/v1/users/"+c.Prac2.ID+"/password-reset", nil)
		if l, _ := body["link"].(string); st != http.StatusCreated || !strings.Contains(l, "/set-password/") || body["expires_at"] == nil {
			t.Errorf("API password link: %d %v", st, body)
		}
		if st, _, _ := c.api(t, c.token(t, c.Manager), "POST", "/api/v1/users/"+c.Prac2.ID+"/password-reset", nil); st != http.StatusForbidden {
			t.Errorf("a manager making a link: %d", st)
		}
	})
}

// linkIn finds the one-time link on the administrator's page and returns
// its path.
func linkIn(t *testing.T, body string) string {
	t.Helper()
	_, rest, ok := strings.Cut(body, `<code id="password-link">`)
	if !ok {
		t.Fatalf("no password link on the page:\n%s", text(body))
	}
	link, _, _ := strings.Cut(rest, "<")
	u, err := url.Parse(link)
	if err != nil || !strings.HasPrefix(u.Path, "/set-password/") {
		t.Fatalf("link %q", link)
	}
	return u.Path
}

// TestRoleChangesAreListed: each grant of a role or team that reads cases
// is listed, with who made it, for service managers and auditors (not
// administrators, who make them), on a page and in the API.
func TestRoleChangesAreListed(t *testing.T) {
	kithtest.EachEngine(t, func(t *testing.T, db *sqldb.DB) {
		c := newTestCouncilOn(t, db)
		sm := c.User("sam.sage", []kith.Role{kith.RoleServiceManager})
		admin := c.token(t, c.Admin)
		st, body, _ := c.api(t, admin, "PUT", "/api/v1/users/"+c.Prac2.ID, kith.UserInput{Username: c.Prac2.Username, DisplayName: c.Prac2.DisplayName, Roles: []kith.Role{kith.RolePractitioner, kith.RoleAuditor}, TeamIDs: []string{c.T1.ID, c.T2.ID}})
		if st != 200 {
			t.Fatalf("grant: %d %v", st, body)
		}
		auditor := c.signIn(t, c.Auditor)
		mustContain(t, auditor.get("/reports/timeliness").body, `href="/reports/role-changes"`)
		page := auditor.get("/reports/role-changes")
		if page.status != 200 {
			t.Fatalf("role changes: %d", page.status)
		}
		mustContain(t, page.body, "Role changes", "Ben Birch", "Given the auditor role", "Added to the team South", "Gus Gale (through the API)")
		// The fixtures' own grants, made at the command line, are there too.
		mustContain(t, page.body, "Made a manager of the team North", "command line")
		mustNotContain(t, page.body, "Given the administrator role")
		mustContain(t, auditor.get("/reports/role-changes?all=yes").body, "Given the administrator role")

		for _, who := range []*kith.User{c.Admin, c.Prac, c.Manager} {
			if res := c.signIn(t, who).get("/reports/role-changes"); res.status != http.StatusForbidden {
				t.Errorf("%s reading the role changes: %d", who.Username, res.status)
			}
		}
		st, body, _ = c.api(t, c.token(t, sm), "GET", "/api/v1/role-changes?limit=2", nil)
		changes, _ := body["changes"].([]any)
		if st != 200 || len(changes) != 2 {
			t.Fatalf("API role changes: %d %v", st, body)
		}
		first := changes[0].(map[string]any)
		if first["user_name"] != "Ben Birch" || first["by_name"] != "Gus Gale" || first["granted"] != true {
			t.Errorf("newest change: %v", first)
		}
		if st, _, _ := c.api(t, admin, "GET", "/api/v1/role-changes", nil); st != http.StatusForbidden {
			t.Errorf("administrator reading the API's role changes: %d", st)
		}
	})
}

// TestTokensOnPages: a user sees their tokens' expiry and revokes them;
// an administrator sees and revokes anyone's; the lifetime offered is at
// most the council's longest.
func TestTokensOnPages(t *testing.T) {
	c := newTestCouncil(t, "sqlite")
	c.DB.TokenLifetime = 30 * 24 * time.Hour
	prac := c.signIn(t, c.Prac)
	page := prac.get("/account")
	mustContain(t, page.body, "7 days", "30 days", "Tokens last at most 30 days here")
	mustNotContain(t, page.body, "90 days", "1 year")
	res := prac.post("/account/tokens", url.Values{"name": {"Year-long script"}, "days": {"365"}})
	if res.status != http.StatusCreated {
		t.Fatalf("create token: %d", res.status)
	}
	_, rest, _ := strings.Cut(res.body, `<code id="new-token">`)
	token, _, _ := strings.Cut(rest, "<")
	st, body, _ := c.api(t, token, "GET", "/api/v1/users/"+c.Prac.ID+"/tokens", nil)
	tokens, _ := body["tokens"].([]any)
	if st != 200 || len(tokens) != 1 {
		t.Fatalf("own tokens: %d %v", st, body)
	}
	made := tokens[0].(map[string]any)
	created, _ := time.Parse(time.RFC3339Nano, made["created_at"].(string))
	expires, _ := time.Parse(time.RFC3339Nano, made["expires_at"].(string))
	if expires.Sub(created) != 30*24*time.Hour {
		t.Errorf("a token asked for a year lasts %v", expires.Sub(created))
	}
	if st, _, _ := c.api(t, token, "GET", "/api/v1/users/"+c.Prac2.ID+"/tokens", nil); st != http.StatusNotFound {
		t.Errorf("someone else's tokens: %d", st)
	}
	admin := c.signIn(t, c.Admin)
	page = admin.get("/admin/users/" + c.Prac.ID)
	mustContain(t, page.body, "Year-long script", "Revoke Year-long script")
	id := made["id"].(string)
	if res := admin.post("/admin/users/"+c.Prac.ID+"/tokens/"+id+"/revoke", nil); res.status != http.StatusSeeOther {
		t.Fatalf("administrator revoking: %d", res.status)
	}
	if st, _, _ := c.api(t, token, "GET", "/api/v1/me", nil); st != http.StatusUnauthorized {
		t.Errorf("revoked token: %d", st)
	}
	mustContain(t, prac.get("/account").body, "(revoked by an administrator)")
}

// TestBrowserPostsSayWhereTheyCameFrom: a state-changing request that
// signs in, or that carries the session cookie, must say where it came
// from (Origin or Sec-Fetch-Site, which every current browser sends);
// one with neither is refused, since Kith cannot tell it from a forgery.
// API clients with a bearer token are not browsers and need neither.
func TestBrowserPostsSayWhereTheyCameFrom(t *testing.T) {
	c := newTestCouncil(t, "sqlite")
	b := c.signIn(t, c.Prac)
	bare := func(method, path, contentType, body string) response {
		req, _ := http.NewRequest(method, b.base+path, strings.NewReader(body))
		if contentType != "" {
			req.Header.Set("Content-Type", contentType)
		}
		return b.do(req)
	}
	res := bare("POST", "/sign-out", "", "")
	if res.status != http.StatusForbidden {
		t.Errorf("sign-out with neither header: %d", res.status)
	}
	mustContain(t, res.body, "Kith could not tell which page this came from")
	if res := b.get("/work"); res.status != 200 {
		t.Errorf("still signed in after the refused post: %d", res.status)
	}
	res = bare("POST", "/api/v1/tokens", "application/json", `{"name":"forged"}`)
	if res.status != http.StatusForbidden || !strings.HasPrefix(res.header.Get("Content-Type"), "application/problem+json") {
		t.Errorf("API post with the cookie and neither header: %d %s", res.status, res.header.Get("Content-Type"))
	}
	if res := c.browser(t).post("/sign-in", url.Values{"username": {c.Prac.Username}, "password": {kithtest.Password}}); res.status != http.StatusSeeOther {
		t.Errorf("a browser's sign-in: %d", res.status)
	}
	anon := c.browser(t)
	req, _ := http.NewRequest("POST", anon.base+"/sign-in", strings.NewReader(url.Values{"username": {c.Prac.Username}, "password": {kithtest.Password}}.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	if res := anon.do(req); res.status != http.StatusForbidden {
		t.Errorf("sign-in with neither header: %d", res.status)
	}
	// Either header will do, as browsers send one or both.
	for _, h := range []string{"Origin", "Sec-Fetch-Site"} {
		req, _ := http.NewRequest("POST", b.base+"/account/tokens", strings.NewReader("name=Script&days=7"))
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		req.Header.Set(h, map[string]string{"Origin": b.base, "Sec-Fetch-Site": "same-origin"}[h])
		if res := b.do(req); res.status != http.StatusCreated {
			t.Errorf("with %s alone: %d", h, res.status)
		}
	}
	// A bearer token needs neither.
	if st, body, _ := c.api(t, c.token(t, c.Prac), "POST", "/api/v1/tokens", map[string]any{"name": "From a script"}); st != http.StatusCreated {
		t.Errorf("API client with a token: %d %v", st, body)
	}
}

// TestSignInPageSaysWait: an address that keeps failing to sign in is told
// how long to wait, with 429, on the page.
func TestSignInPageSaysWait(t *testing.T) {
	c := newTestCouncil(t, "sqlite")
	kithtest.ClockOf(c.DB).Freeze(kithtest.Now())
	b := c.browser(t)
	for i := 0; i < 6; i++ {
		if res := b.post("/sign-in", url.Values{"username": {c.Prac.Username}, "password": {"not the password " + itoa(i)}}); res.status != http.StatusUnauthorized {
			t.Fatalf("guess %d: %d", i, res.status)
		}
	}
	res := b.post("/sign-in", url.Values{"username": {c.Prac.Username}, "password": {kithtest.Password}})
	if res.status != http.StatusTooManyRequests {
		t.Fatalf("after 6 failures: %d", res.status)
	}
	mustContain(t, res.body, "There have been too many failed sign-ins from your network. Wait 1 minute, then try again.")
}
