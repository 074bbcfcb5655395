package web

import (
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"kith"
	"kith/internal/kithtest"
	"kith/sqldb"
)

// testCouncil is a small council behind a real server.
type testCouncil struct {
	*kithtest.Fixture
	srv                      *Server
	http                     *httptest.Server
	T1, T2                   *kith.Team
	Prac, Prac2, Manager     *kith.User
	Admin, Auditor, Outsider *kith.User
}

func newTestCouncil(t testing.TB, engine string) *testCouncil {
	t.Helper()
	return newTestCouncilOn(t, kithtest.OpenDB(t, engine))
}

// newTestCouncilLogging is newTestCouncil with the server logging to log.
func newTestCouncilLogging(t testing.TB, engine string, log *slog.Logger) *testCouncil {
	t.Helper()
	return newTestCouncilLoggingOn(t, kithtest.OpenDB(t, engine), log)
}

// newTestCouncilConfigured is newTestCouncil with the server's
// configuration changed by configure before it starts.
func newTestCouncilConfigured(t testing.TB, engine string, configure func(*Config)) *testCouncil {
	t.Helper()
	return newTestCouncilWith(t, kithtest.OpenDB(t, engine), slog.New(slog.NewTextHandler(io.Discard, nil)), configure)
}

// newTestCouncilOn builds the council on a database the test opened.
func newTestCouncilOn(t testing.TB, db *sqldb.DB) *testCouncil {
	t.Helper()
	return newTestCouncilLoggingOn(t, db, slog.New(slog.NewTextHandler(io.Discard, nil)))
}

// newTestCouncilLoggingOn is newTestCouncilOn with the server logging to
// log.
func newTestCouncilLoggingOn(t testing.TB, db *sqldb.DB, log *slog.Logger) *testCouncil {
	t.Helper()
	return newTestCouncilWith(t, db, log, nil)
}

func newTestCouncilWith(t testing.TB, db *sqldb.DB, log *slog.Logger, configure func(*Config)) *testCouncil {
	t.Helper()
	f := kithtest.NewFixture(t, db)
	c := &testCouncil{Fixture: f}
	s1 := f.Service("Children in need")
	c.T1, c.T2 = f.Team("North", s1), f.Team("South", s1)
	P := []kith.Role{kith.RolePractitioner}
	c.Prac, c.Prac2 = f.User("ann.ash", P, c.T1), f.User("ben.birch", P, c.T1)
	c.Outsider = f.User("cat.cedar", P, c.T2)
	c.Manager = f.User("dee.daw", []kith.Role{kith.RoleTeamManager}, c.T1)
	c.Admin = f.User("gus.gale", []kith.Role{kith.RoleAdministrator})
	c.Auditor = f.User("hal.holt", []kith.Role{kith.RoleAuditor})
	f.Manage(c.T1, c.Manager)
	cfg := DefaultConfig()
	cfg.SecureCookies = false
	if configure != nil {
		configure(&cfg)
	}
	srv, err := New(context.Background(), db, cfg, log)
	if err != nil {
		t.Fatal(err)
	}
	c.srv = srv
	c.http = httptest.NewServer(srv)
	t.Cleanup(func() {
		c.http.Close()
		notePages(srv.pages)
	})
	return c
}

// browser is a user agent with cookies that does not follow redirects, so
// tests see each step.
type browser struct {
	t      *testing.T
	base   string
	client *http.Client
}

func (c *testCouncil) browser(t *testing.T) *browser {
	jar, _ := cookiejar.New(nil)
	return &browser{t: t, base: c.http.URL, client: &http.Client{Jar: jar, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}}
}

// signIn signs a user in with their password.
func (c *testCouncil) signIn(t *testing.T, u *kith.User) *browser {
	b := c.browser(t)
	res := b.post("/sign-in", url.Values{"username": {u.Username}, "password": {kithtest.Password}})
	if res.status != http.StatusSeeOther {
		t.Fatalf("sign in %s: %d\n%s", u.Username, res.status, res.body)
	}
	return b
}

type response struct {
	status   int
	body     string
	location string
	header   http.Header
}

func (b *browser) do(req *http.Request) response {
	b.t.Helper()
	res, err := b.client.Do(req)
	if err != nil {
		b.t.Fatal(err)
	}
	defer res.Body.Close()
	body, _ := io.ReadAll(res.Body)
	return response{status: res.StatusCode, body: string(body), location: res.Header.Get("Location"), header: res.Header}
}

func (b *browser) get(path string) response {
	b.t.Helper()
	req, _ := http.NewRequest("GET", b.base+path, nil)
	return b.do(req)
}

func (b *browser) post(path string, form url.Values) response {
	b.t.Helper()
	req, _ := http.NewRequest("POST", b.base+path, strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	// A browser sends these on a same-origin form post.
	req.Header.Set("Origin", b.base)
	req.Header.Set("Sec-Fetch-Site", "same-origin")
	return b.do(req)
}

// follow follows a redirect.
func (b *browser) follow(r response) response {
	b.t.Helper()
	if r.location == "" {
		b.t.Fatalf("expected a redirect, got %d\n%s", r.status, r.body)
	}
	return b.get(r.location)
}

// api calls the JSON API with a bearer token.
func (c *testCouncil) api(t testing.TB, token, method, path string, body any) (int, map[string]any, http.Header) {
	t.Helper()
	var rd io.Reader
	if s, ok := body.(string); ok {
		rd = strings.NewReader(s)
	} else if body != nil {
		b, _ := json.Marshal(body)
		rd = strings.NewReader(string(b))
	}
	req, _ := http.NewRequest(method, c.http.URL+path, rd)
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	if rd != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	var out map[string]any
	raw, _ := io.ReadAll(res.Body)
	if len(raw) > 0 {
		if err := json.Unmarshal(raw, &out); err != nil {
			t.Fatalf("%s %s: %d, body is not a JSON object: %s", method, path, res.StatusCode, raw)
		}
	}
	return res.StatusCode, out, res.Header
}

func (c *testCouncil) token(t testing.TB, u *kith.User) string {
	t.Helper()
	a := c.Actor(u)
	text, _, err := c.DB.CreateToken(context.Background(), a, "tests", time.Hour)
	if err != nil {
		t.Fatal(err)
	}
	return text
}

var tagRE = regexp.MustCompile(`<[^>]+>`)

// text is a page's visible text with white space collapsed, for asserting
// what a user reads.
func text(html string) string {
	return strings.Join(strings.Fields(tagRE.ReplaceAllString(html, " ")), " ")
}

func mustContain(t *testing.T, body string, wants ...string) {
	t.Helper()
	txt := text(body)
	for _, w := range wants {
		if !strings.Contains(txt, w) && !strings.Contains(body, w) {
			t.Errorf("page lacks %q; text:\n%s", w, txt)
		}
	}
}

func mustNotContain(t *testing.T, body string, nots ...string) {
	t.Helper()
	txt := text(body)
	for _, n := range nots {
		if strings.Contains(txt, n) {
			t.Errorf("page contains %q", n)
		}
	}
}

// versionIn is the draft version a page's form will save from: after a
// save the page shows, the version just saved.
func versionIn(t *testing.T, body string) string {
	t.Helper()
	_, rest, ok := strings.Cut(body, `name="version" value="`)
	if !ok {
		t.Fatalf("the page has no version field")
	}
	v, _, _ := strings.Cut(rest, `"`)
	return v
}
