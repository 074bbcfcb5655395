package web

import (
	"context"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"kith"
	"kith/internal/kithtest"
)

func TestSignInAndOut(t *testing.T) {
	c := newTestCouncil(t, "sqlite")
	b := c.browser(t)
	// Not signed in: pages send you to sign in, and back afterwards.
	res := b.get("/cases")
	if res.status != http.StatusSeeOther || !strings.HasPrefix(res.location, "/sign-in?") {
		t.Fatalf("/cases signed out: %d %s", res.status, res.location)
	}
	page := b.follow(res)
	mustContain(t, page.body, "Sign in to Kith", "Username", "Password")
	// Wrong password: the GOV.UK error summary, and the password is not echoed.
	res = b.post("/sign-in", url.Values{"username": {"ann.ash"}, "password": {"wrong password here"}, "next": {"/cases"}})
	if res.status != http.StatusUnauthorized {
		t.Fatalf("wrong password: %d", res.status)
	}
	mustContain(t, res.body, "There is a problem", "Enter a correct username and password", `href="#username"`, "<title>Error: Sign in")
	mustNotContain(t, res.body, "wrong password here")
	res = b.post("/sign-in", url.Values{"username": {""}, "password": {""}})
	mustContain(t, res.body, "Enter your username", "Enter your password")

	res = b.post("/sign-in", url.Values{"username": {"ann.ash"}, "password": {kithtest.Password}, "next": {"/search"}})
	if res.status != http.StatusSeeOther || res.location != "/search" {
		t.Fatalf("sign in: %d %s", res.status, res.location)
	}
	// An open redirect is refused.
	b2 := c.browser(t)
	res = b2.post("/sign-in", url.Values{"username": {"ann.ash"}, "password": {kithtest.Password}, "next": {"//evil.example/"}})
	if res.location != "/work" {
		t.Errorf("next=//evil.example: redirected to %q", res.location)
	}
	page = b.get("/cases")
	mustContain(t, page.body, "My cases", "Ann Ash", "Sign out")
	res = b.post("/sign-out", nil)
	if res.location != "/signed-out" {
		t.Fatalf("sign out: %d %s", res.status, res.location)
	}
	mustContain(t, b.follow(res).body, "You have been signed out")
	if res := b.get("/cases"); res.status != http.StatusSeeOther {
		t.Errorf("after sign-out /cases: %d", res.status)
	}
}

// A form submitted after the session timed out is kept, and comes back
// filled in once the user signs in again.
func TestTypedWorkSurvivesTimeout(t *testing.T) {
	c := newTestCouncil(t, "sqlite")
	b := c.signIn(t, c.Prac)
	clock := kithtest.ClockOf(c.DB)
	clock.Freeze(kithtest.Now())
	b.get("/cases/new")
	clock.Add(31 * time.Minute)
	form := url.Values{"child_first_name": {"Rowan"}, "child_last_name": {"Thistledown"}, "child_date_of_birth-day": {"4"},
		"child_date_of_birth-month": {"5"}, "child_date_of_birth-year": {"2016"}, "team_id": {c.T1.ID}}
	res := b.post("/cases/new", form)
	if res.status != http.StatusSeeOther || !strings.Contains(res.location, "kept=") || !strings.Contains(res.location, "reason=timeout") {
		t.Fatalf("post after timeout: %d %s", res.status, res.location)
	}
	page := b.follow(res)
	mustContain(t, page.body, "You were signed out because you had not used Kith for a while", "We kept what you were typing")
	kept, _ := url.Parse(res.location)
	res = b.post("/sign-in", url.Values{"username": {"ann.ash"}, "password": {kithtest.Password}, "next": {kept.Query().Get("next")}, "kept": {kept.Query().Get("kept")}})
	if !strings.HasPrefix(res.location, "/cases/new?kept=") {
		t.Fatalf("after signing in again: %s", res.location)
	}
	page = b.follow(res)
	mustContain(t, page.body, "We kept what you typed", `value="Rowan"`, `value="Thistledown"`, `value="2016"`)
	// Someone else cannot have it.
	other := c.signIn(t, c.Prac2)
	if page := other.get(res.location); strings.Contains(page.body, "Rowan") {
		t.Error("another user saw the kept form")
	}
	// Saving it clears it.
	form.Set("kept", kept.Query().Get("kept"))
	opened := kithtest.Today().AddDays(-7)
	form.Set("opened_on-day", itoa(opened.Day))
	form.Set("opened_on-month", itoa(int(opened.Month)))
	form.Set("opened_on-year", itoa(opened.Year))
	res = b.post("/cases/new", form)
	if res.status != http.StatusSeeOther {
		t.Fatalf("saving the kept form: %d\n%s", res.status, text(res.body))
	}
	mustContain(t, b.follow(res).body, "opened for Rowan Thistledown")
	if page := b.get("/cases/new?kept=" + kept.Query().Get("kept")); strings.Contains(page.body, "Rowan") {
		t.Error("the kept form is still there after saving")
	}
}

func TestIdleSessionStatusAndExtend(t *testing.T) {
	c := newTestCouncil(t, "sqlite")
	b := c.signIn(t, c.Prac)
	res := b.get("/session")
	if !strings.Contains(res.body, `"signed_in": true`) {
		t.Fatalf("/session: %s", res.body)
	}
	req, _ := http.NewRequest("POST", b.base+"/session/extend", nil)
	req.Header.Set("Accept", "application/json")
	req.Header.Set("Sec-Fetch-Site", "same-origin")
	if res := b.do(req); res.status != http.StatusOK || !strings.Contains(res.body, `"seconds_left": 1800`) && !strings.Contains(res.body, `"seconds_left": 1799`) {
		t.Fatalf("extend: %d %s", res.status, res.body)
	}
	page := b.get("/cases")
	mustContain(t, page.body, `data-idle-timeout="1800"`, `data-idle-warning="300"`)
	// A cross-site form post is refused.
	req, _ = http.NewRequest("POST", b.base+"/sign-out", nil)
	req.Header.Set("Sec-Fetch-Site", "cross-site")
	if res := b.do(req); res.status != http.StatusForbidden {
		t.Errorf("cross-site post: %d", res.status)
	}
}

func TestCaseJourney(t *testing.T) {
	for _, engine := range kithtest.Engines {
		t.Run(engine, func(t *testing.T) {
			c := newTestCouncil(t, engine)
			prac := c.signIn(t, c.Prac)
			// Bad input, all at once, with the user's typing kept.
			res := prac.post("/cases/new", url.Values{"child_first_name": {"Rowan"}, "child_last_name": {""},
				"child_date_of_birth-day": {"31"}, "child_date_of_birth-month": {"2"}, "child_date_of_birth-year": {"2024"},
				"team_id": {c.T1.ID}, "address_line1": {"1 Fern Row"}, "address_postcode": {"NOT A CODE"}})
			if res.status != http.StatusUnprocessableEntity {
				t.Fatalf("bad case: %d", res.status)
			}
			mustContain(t, res.body, "There is a problem", "Enter the last name", "Date of birth must be a real date",
				`href="#child_date_of_birth-day"`, "Enter town or city", "Enter a full UK postcode", `value="Rowan"`, `value="31"`)
			res = prac.post("/cases/new", url.Values{"child_first_name": {"Rowan"}, "child_last_name": {"Thistledown"}, "child_known_as": {"Ro"},
				"child_date_of_birth-day": {"4"}, "child_date_of_birth-month": {"5"}, "child_date_of_birth-year": {"2016"},
				"team_id": {c.T1.ID}, "status": {"cin"}, "address_line1": {"1 Fern Row"}, "address_town": {"Kithton"}, "address_postcode": {"kt1 1aa"}})
			if res.status != http.StatusSeeOther || !strings.HasPrefix(res.location, "/cases/KTH-") {
				t.Fatalf("new case: %d %s\n%s", res.status, res.location, text(res.body))
			}
			casePath := res.location
			page := prac.follow(res)
			mustContain(t, page.body, "Rowan (Ro) Thistledown", "CIN", "Held by North", "not allocated", "1 Fern Row, Kithton, KT1 1AA", "Case opened and held by North")

			// A parent, with a phone number that changes.
			res = prac.post(casePath+"/people/new", url.Values{"first_name": {"Morag"}, "last_name": {"Thistledown"},
				"kind": {"parent"}, "lives_with_child": {"yes"}, "parental_responsibility": {"yes"}})
			if res.status != http.StatusSeeOther {
				t.Fatalf("add parent: %d\n%s", res.status, text(res.body))
			}
			personPath := res.location
			for _, n := range []string{"07700 900111", "07700 900222"} {
				if res := prac.post(personPath+"/phones/new", url.Values{"number": {n}, "kind": {"mobile"}, "replaces_current": {"yes"}}); res.status != http.StatusSeeOther {
					t.Fatalf("add phone %s: %d\n%s", n, res.status, text(res.body))
				}
			}
			res = prac.post(personPath+"/phones/new", url.Values{"number": {"call me maybe"}, "kind": {"mobile"}})
			mustContain(t, res.body, "Enter a telephone number, like 01632 960 001")
			page = prac.get(personPath)
			mustContain(t, page.body, "07700 900222 Current", "07700 900111 Old number")
			// An adult's date of birth may be unknown; a person's details can be corrected.
			page = prac.get(personPath + "/edit")
			mustContain(t, page.body, `value="Morag"`)

			// A warning, a professional, a status.
			review := kith.Today(kithtest.Now()).AddDays(30)
			res = prac.post(casePath+"/warnings/new", url.Values{"kind": {"risk_to_staff"}, "detail": {"Visit in pairs."},
				"review_on-day": {itoa(review.Day)}, "review_on-month": {itoa(int(review.Month))}, "review_on-year": {itoa(review.Year)}})
			if res.status != http.StatusSeeOther {
				t.Fatalf("warning: %d\n%s", res.status, text(res.body))
			}
			res = prac.post(casePath+"/professionals/new", url.Values{"name": {"Dr Priya Patel"}, "role": {"GP"}, "agency": {"Kithton Health Centre"}, "phone": {"01632 960001"}})
			if res.status != http.StatusSeeOther {
				t.Fatalf("professional: %d\n%s", res.status, text(res.body))
			}
			// Ending the relationship is a link that says what it does.
			person := prac.get(personPath).body
			mustContain(t, person, `href="`+personPath+`/relationship/end">Record that Morag Thistledown is no longer part of Rowan's network</a>`)
			mustNotContain(t, person, "They are no longer part of")
			// Every form on the case opens, ready to fill in.
			for path, want := range map[string]string{
				casePath + "/people/new":               "Are they already recorded?",
				casePath + "/people/new?q=morag":       "Add Morag Thistledown",
				personPath + "/relationship":           "How are they related to Rowan?",
				personPath + "/relationship/end":       "End the relationship with Morag Thistledown",
				personPath + "/addresses/new":          "Add an address for Morag Thistledown",
				casePath + "/professionals/new?q=kith": "Dr Priya Patel, GP",
				casePath + "/statuses/new":             "Start a status",
				casePath + "/warnings/new":             "Add a warning",
			} {
				page := prac.get(path)
				if page.status != http.StatusOK {
					t.Errorf("%s: %d", path, page.status)
				}
				mustContain(t, page.body, want)
			}
			page = prac.get(casePath)
			mustContain(t, page.body, "Warning: Risk to visiting staff", "Visit in pairs.", "Morag Thistledown", "Dr Priya Patel", "Kithton Health Centre")
			for _, link := range []string{`/professionals/[0-9a-f-]+/edit`, `/professionals/[0-9a-f-]+/end`, `/warnings/[0-9a-f-]+/review`, `/warnings/[0-9a-f-]+/end`} {
				href := regexp.MustCompile(regexp.QuoteMeta(casePath) + link).FindString(page.body)
				if href == "" {
					t.Fatalf("no %s link on the case page", link)
				}
				if res := prac.get(href); res.status != http.StatusOK {
					t.Errorf("%s: %d", href, res.status)
				}
			}
			// Practitioners do not allocate.
			if res := prac.get(casePath + "/allocate"); res.status != http.StatusForbidden {
				t.Errorf("practitioner on the allocation page: %d", res.status)
			}

			// The manager allocates, transfers, closes and reopens.
			mgr := c.signIn(t, c.Manager)
			page = mgr.get(casePath + "/allocate")
			mustContain(t, page.body, "Allocate the case", "Ann Ash", "Ben Birch", `<option value="`+c.T1.ID+`" selected>North</option>`)
			ver := func() string {
				cs, _, err := c.DB.Case(context.Background(), c.Actor(c.Manager), strings.TrimPrefix(casePath, "/cases/"), kith.ViewCase)
				if err != nil {
					t.Fatal(err)
				}
				return itoa(cs.Version)
			}
			res = mgr.post(casePath+"/allocate", url.Values{"team_id": {c.T1.ID}, "worker_id": {c.Prac.ID}, "version": {ver()}})
			if res.status != http.StatusSeeOther {
				t.Fatalf("allocate: %d\n%s", res.status, text(res.body))
			}
			stale := ver()
			// A new social worker needs the reason the 903 asks for; what
			// was chosen is kept.
			res = mgr.post(casePath+"/allocate", url.Values{"team_id": {c.T1.ID}, "worker_id": {c.Prac2.ID}, "version": {stale}})
			if res.status != http.StatusUnprocessableEntity {
				t.Fatalf("transfer without the reason: %d", res.status)
			}
			mustContain(t, res.body, `href="#worker_change_reason"`, "Select why the social worker is changing", `value="`+c.Prac2.ID+`" checked`)
			res = mgr.post(casePath+"/allocate", url.Values{"team_id": {c.T1.ID}, "worker_id": {c.Prac2.ID}, "version": {stale}, "worker_change_reason": {"LEFTRL"}})
			if res.status != http.StatusSeeOther {
				t.Fatalf("transfer: %d\n%s", res.status, text(res.body))
			}
			// A second manager acting on what they saw before gets told.
			res = mgr.post(casePath+"/allocate", url.Values{"team_id": {c.T1.ID}, "worker_id": {c.Prac.ID}, "version": {stale}, "worker_change_reason": {"MANAGE"}})
			if res.status != http.StatusConflict {
				t.Fatalf("stale allocation: %d", res.status)
			}
			mustContain(t, res.body, "Someone else changed this case while you were working on it. It is now allocated to Ben Birch in North")
			mustContain(t, mgr.get(casePath+"/close").body, "Why is the case closing?")
			res = mgr.post(casePath+"/close", url.Values{"reason": {"RC8"}, "closed_on-day": {}, "version": {ver()}})
			if res.status != http.StatusSeeOther {
				t.Fatalf("close: %d\n%s", res.status, text(res.body))
			}
			res = mgr.post(casePath+"/close", url.Values{"reason": {"RC8"}, "version": {ver()}})
			if res.status != http.StatusUnprocessableEntity {
				t.Fatalf("close again: %d", res.status)
			}
			mustContain(t, res.body, "This case is already closed")
			// Reopening needs the new referral that starts the next episode.
			res = mgr.post(casePath+"/reopen", url.Values{"reason": {""}, "version": {ver()}})
			mustContain(t, res.body, "Enter why the case is being reopened", "Enter the date and time the referral was received", "Select where the referral came from")
			today := kithtest.Today()
			res = mgr.post(casePath+"/reopen", url.Values{"reason": {"New referral from school"}, "version": {ver()},
				"referral_at-day": {itoa(today.Day)}, "referral_at-month": {itoa(int(today.Month))}, "referral_at-year": {itoa(today.Year)},
				"referral_source": {"2A"}})
			if res.status != http.StatusSeeOther {
				t.Fatalf("reopen: %d\n%s", res.status, text(res.body))
			}
			page = mgr.get(casePath)
			mustContain(t, page.body, "Allocated to Ann Ash in North", "Transferred to Ben Birch in North", "Case closed: Case closed after assessment, no further action", "Case reopened: New referral from school",
				"Referral received from Schools (2A)", "Earlier episodes (1)")
			page = mgr.get(casePath + "/access-log")
			mustContain(t, page.body, "Access log", "Ann Ash", "Opened the case", "Viewed the case")

			// Search finds the child by a misspelling; an outsider finds nothing.
			page = prac.get("/search?q=rowen+thistledown")
			mustContain(t, page.body, "Rowan Thistledown", "Their own case")
			page = prac.get("/search?q=")
			mustContain(t, page.body, "Enter a name, date of birth, case reference or phone number")
			out := c.signIn(t, c.Outsider)
			page = out.get("/search?q=thistledown")
			mustContain(t, page.body, "No children or family members found")
			if res := out.get(casePath); res.status != http.StatusNotFound {
				t.Errorf("outsider opening the case: %d", res.status)
			}
		})
	}
}

func TestRestrictedCaseIsInvisible(t *testing.T) {
	c := newTestCouncil(t, "sqlite")
	cs := c.Case(c.Actor(c.Prac), "Secret", "Ashgrove", kithtest.Date(2012, 1, 1), c.T1)
	mgr := c.signIn(t, c.Manager)
	page := mgr.get("/cases/" + cs.Reference + "/access")
	mustContain(t, page.body, "Who can open this case", "Restrict the case")
	res := mgr.post("/cases/"+cs.Reference+"/access", url.Values{"action": {"restrict"}, "version": {itoa(cs.Version)}})
	if res.status != http.StatusSeeOther {
		t.Fatalf("restrict: %d\n%s", res.status, text(res.body))
	}
	mustContain(t, mgr.follow(res).body, "Access list", "Dee Daw")
	prac := c.signIn(t, c.Prac2)
	unknown := prac.get("/cases/KTH-2099-000001")
	restricted := prac.get("/cases/" + cs.Reference)
	if unknown.status != http.StatusNotFound || restricted.status != http.StatusNotFound || text(unknown.body) != text(restricted.body) {
		t.Errorf("restricted case (%d) differs from unknown (%d)", restricted.status, unknown.status)
	}
	mustNotContain(t, prac.get("/cases?view=team").body, "Secret")
	mustNotContain(t, prac.get("/search?q=secret").body, "Secret Ashgrove")
	// Locking out needs a reason; the lock-out form keeps its own field name.
	res = mgr.post("/cases/"+cs.Reference+"/access", url.Values{"action": {"lock"}, "lock_user_id": {c.Prac2.ID}})
	mustContain(t, res.body, "Enter why they must not open this case", `href="#reason"`)
}

func TestAdministration(t *testing.T) {
	c := newTestCouncil(t, "sqlite")
	admin := c.signIn(t, c.Admin)
	page := admin.get("/admin/users")
	mustContain(t, page.body, "Users", "Ann Ash", "Team manager")
	res := admin.post("/admin/users/new", url.Values{"username": {"Bad Name!"}, "display_name": {""}})
	mustContain(t, res.body, "Username must only include lower case letters", "Enter the full name", "Select at least one role")
	res = admin.post("/admin/users/new", url.Values{"username": {"ivy.ives"}, "display_name": {"Ivy Ives"}, "roles": {"practitioner"}, "team_ids": {c.T1.ID}})
	if res.status != http.StatusSeeOther {
		t.Fatalf("new user: %d\n%s", res.status, text(res.body))
	}
	mustContain(t, admin.follow(res).body, "Saved Ivy Ives. To let them sign in with a password, give them a link to set one", "Ivy Ives has no password yet", "Make a link to set a password")
	page = admin.get("/admin/users/" + c.Prac.ID)
	mustContain(t, page.body, `value="ann.ash"`, "Disable this account")
	if res := admin.post("/admin/users/"+c.Prac.ID+"/disable", url.Values{"disable": {"yes"}}); res.status != http.StatusSeeOther {
		t.Fatalf("disable: %d", res.status)
	}
	if res := c.browser(t).post("/sign-in", url.Values{"username": {"ann.ash"}, "password": {kithtest.Password}}); res.status != http.StatusUnauthorized {
		t.Errorf("disabled user signing in: %d", res.status)
	}
	mustContain(t, admin.get("/admin/teams").body, "North", "Dee Daw", "Children in need")
	mustContain(t, admin.get("/admin/teams/"+c.T1.ID).body, `value="North"`)
	mustContain(t, admin.get("/admin/teams/new").body, "Add a team")
	mustContain(t, admin.get("/admin/services/new").body, "Add a service")
	res = admin.post("/admin/settings", url.Values{"practitioners_see_team_cases": {"no"}, "summaries_need_sign_off": {"no"}})
	if res.status != http.StatusSeeOther {
		t.Fatalf("settings: %d", res.status)
	}
	mustContain(t, admin.follow(res).body, "Settings saved")
	// The administrator sees no case content.
	cs := c.Case(c.Actor(c.Prac2), "Hidden", "Holly", kithtest.Date(2014, 2, 2), c.T1)
	if res := admin.get("/cases/" + cs.Reference); res.status != http.StatusNotFound {
		t.Errorf("administrator opening a case: %d", res.status)
	}
	// Every user has an account page, with API tokens.
	page = admin.get("/account")
	mustContain(t, page.body, "Your account", "API tokens")
	res = admin.post("/account/tokens", url.Values{"name": {"Report script"}, "days": {"30"}})
	if res.status != http.StatusCreated {
		t.Fatalf("create token: %d", res.status)
	}
	mustContain(t, res.body, "API token created", "kith_")
	// Others cannot administer.
	if res := c.signIn(t, c.Manager).get("/admin/users"); res.status != http.StatusForbidden {
		t.Errorf("manager on admin pages: %d", res.status)
	}
}

func TestHealthAndMetrics(t *testing.T) {
	c := newTestCouncil(t, "sqlite")
	b := c.browser(t)
	if res := b.get("/healthz"); res.status != 200 || res.body != "ok\n" {
		t.Errorf("healthz: %d %q", res.status, res.body)
	}
	b.get("/sign-in")
	// Metrics are not on the main address, where anyone could read them,
	// but on their own (KITH_METRICS_ADDR).
	if res := b.get("/metrics"); res.status != http.StatusNotFound {
		t.Errorf("metrics on the main address: %d", res.status)
	}
	metrics := httptest.NewServer(c.srv.MetricsHandler())
	defer metrics.Close()
	if res := (&browser{t: t, base: metrics.URL, client: http.DefaultClient}).get("/metrics"); res.status != 200 || !strings.Contains(res.body, `kith_http_request_duration_seconds_count{method="GET",route="GET /sign-in",status="200"}`) {
		t.Errorf("metrics on their own address: %d", res.status)
	}
	if res := (&browser{t: t, base: metrics.URL, client: http.DefaultClient}).get("/cases"); res.status != http.StatusNotFound {
		t.Errorf("pages on the metrics address: %d", res.status)
	}
	// Profiles (which show what the server is doing) are on the operator
	// address too, never on the main one.
	if res := b.get("/debug/pprof/cmdline"); res.status != http.StatusNotFound {
		t.Errorf("profiles on the main address: %d", res.status)
	}
	if res := (&browser{t: t, base: metrics.URL, client: http.DefaultClient}).get("/debug/pprof/"); res.status != 200 || !strings.Contains(res.body, "goroutine") {
		t.Errorf("profiles on the operator address: %d", res.status)
	}
	// Browsers ask for /favicon.ico by themselves.
	if res := b.get("/favicon.ico"); res.status != 200 || res.header.Get("Content-Type") != "image/x-icon" || !strings.HasPrefix(res.body, "\x00\x00\x01\x00") {
		t.Errorf("favicon: %d %q", res.status, res.header.Get("Content-Type"))
	}
	res := b.get("/no/such/page")
	if res.status != 404 {
		t.Errorf("unknown page: %d", res.status)
	}
	mustContain(t, res.body, "Page not found")
	if h := res.header.Get("Content-Security-Policy"); !strings.Contains(h, "script-src 'self'") {
		t.Errorf("CSP: %q", h)
	}
	// The test council's cookies are not Secure (plain HTTP): no HSTS.
	if h := res.header.Get("Strict-Transport-Security"); h != "" {
		t.Errorf("HSTS without secure cookies: %q", h)
	}
}

// TestHSTSWithSecureCookies: with secure cookies (the default, for Kith
// behind HTTPS) every response tells browsers to use HTTPS only.
func TestHSTSWithSecureCookies(t *testing.T) {
	db := kithtest.OpenDB(t, "sqlite")
	srv, err := New(context.Background(), db, DefaultConfig(), slog.New(slog.NewTextHandler(io.Discard, nil)))
	if err != nil {
		t.Fatal(err)
	}
	defer notePages(srv.pages)
	for _, path := range []string{"/sign-in", "/api/v1/openapi.json", "/no/such/page"} {
		rec := httptest.NewRecorder()
		srv.ServeHTTP(rec, httptest.NewRequest("GET", path, nil))
		if h := rec.Header().Get("Strict-Transport-Security"); h != "max-age=31536000" {
			t.Errorf("%s: Strict-Transport-Security %q", path, h)
		}
	}
}

// A form kept over a timeout keeps the version the user was looking at, so
// a change someone else made meanwhile is reported, not overwritten; and a
// form whose case closed while it was being filled in comes back with the
// error and the typing, not an error page.
func TestKeptFormsDoNotOverwriteOthersWork(t *testing.T) {
	c := newTestCouncil(t, "sqlite")
	cs := c.Case(c.Actor(c.Prac), "Ivy", "Ivybridge", kithtest.Date(2013, 3, 3), c.T1)
	mgr := c.signIn(t, c.Manager)
	clock := kithtest.ClockOf(c.DB)
	clock.Freeze(kithtest.Now())
	mgr.get("/cases/" + cs.Reference + "/allocate")
	clock.Add(31 * time.Minute)
	res := mgr.post("/cases/"+cs.Reference+"/allocate", url.Values{"team_id": {c.T1.ID}, "worker_id": {c.Prac.ID}, "version": {itoa(cs.Version)}})
	keptURL, _ := url.Parse(res.location)
	// Meanwhile another manager allocates the case.
	c.Allocate(c.Actor(c.Manager), cs, c.T1, c.Prac2)
	kithtest.ClockOf(c.DB).Set(kithtest.Now())
	res = mgr.post("/sign-in", url.Values{"username": {c.Manager.Username}, "password": {kithtest.Password}, "next": {keptURL.Query().Get("next")}, "kept": {keptURL.Query().Get("kept")}})
	page := mgr.follow(res)
	mustContain(t, page.body, "We kept what you typed", `name="version" value="`+itoa(cs.Version)+`"`)
	res = mgr.post("/cases/"+cs.Reference+"/allocate", url.Values{"team_id": {c.T1.ID}, "worker_id": {c.Prac.ID}, "version": {itoa(cs.Version)}, "kept": {keptURL.Query().Get("kept")}})
	if res.status != http.StatusConflict {
		t.Fatalf("saving the stale kept allocation: %d", res.status)
	}
	mustContain(t, res.body, "It is now allocated to Ben Birch in North")

	// The case closes while a practitioner types a warning.
	prac := c.signIn(t, c.Prac)
	prac.get("/cases/" + cs.Reference + "/warnings/new")
	cur, _, _ := c.DB.Case(context.Background(), c.Actor(c.Manager), cs.Reference, kith.ViewCase)
	if _, err := c.DB.CloseCase(context.Background(), c.Actor(c.Manager), cs.Reference, kith.CloseInput{Reason: "RC8", Version: cur.Version}); err != nil {
		t.Fatal(err)
	}
	res = prac.post("/cases/"+cs.Reference+"/warnings/new", url.Values{"kind": {"animals"}, "detail": {"Two large dogs, kept in the garden"}})
	if res.status != http.StatusUnprocessableEntity {
		t.Fatalf("warning on a case that closed meanwhile: %d", res.status)
	}
	mustContain(t, res.body, "This case is closed", "Two large dogs, kept in the garden")
}
