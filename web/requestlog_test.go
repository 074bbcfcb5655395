package web

import (
	"bytes"
	"context"
	"encoding/json"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"
	"testing"

	"kith/internal/kithtest"
)

// logBuffer collects a server's log lines; the server writes from its
// own goroutines while the test reads.
type logBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *logBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

// lines returns the log lines so far, each decoded from JSON.
func (b *logBuffer) lines(t *testing.T) []map[string]any {
	t.Helper()
	b.mu.Lock()
	defer b.mu.Unlock()
	var out []map[string]any
	for _, line := range strings.Split(strings.TrimSpace(b.buf.String()), "\n") {
		var m map[string]any
		if err := json.Unmarshal([]byte(line), &m); err != nil {
			t.Fatalf("log line is not JSON: %s", line)
		}
		m["raw"] = line
		out = append(out, m)
	}
	return out
}

// Each request's log line carries the request id and the id of the user
// who made it (signed in with a session or an API token), never their
// name or username: the user is known only once authentication, deeper in
// the handler chain than the logging, has run.
func TestRequestLogNamesTheUser(t *testing.T) {
	logs := &logBuffer{}
	c := newTestCouncilLogging(t, "sqlite", slog.New(slog.NewJSONHandler(logs, nil)))
	b := c.signIn(t, c.Prac)
	page := b.get("/work")
	if page.status != http.StatusOK {
		t.Fatalf("work page: %d", page.status)
	}
	apiBySession := b.get("/api/v1/me")
	_, _, tokenHeader := c.api(t, c.token(t, c.Prac), "GET", "/api/v1/me", nil)
	refused := b.post("/cases/new", nil) // a form post that is refused still has its user
	anonymous := c.browser(t).get("/sign-in")
	signingIn := c.browser(t).post("/sign-in", url.Values{"username": {c.Prac2.Username}, "password": {kithtest.Password}})

	byID := map[string]map[string]any{}
	for _, l := range logs.lines(t) {
		if l["msg"] == "request" {
			id, _ := l["request_id"].(string)
			byID[id] = l
		}
	}
	for name, tc := range map[string]struct {
		id, user string
	}{
		"page":               {page.header.Get("X-Request-Id"), c.Prac.ID},
		"API with a session": {apiBySession.header.Get("X-Request-Id"), c.Prac.ID},
		"API with a token":   {tokenHeader.Get("X-Request-Id"), c.Prac.ID},
		"refused form":       {refused.header.Get("X-Request-Id"), c.Prac.ID},
		"before signing in":  {anonymous.header.Get("X-Request-Id"), ""},
		"signing in":         {signingIn.header.Get("X-Request-Id"), c.Prac2.ID},
	} {
		l := byID[tc.id]
		if tc.id == "" || l == nil {
			t.Errorf("%s: no log line with request id %q", name, tc.id)
			continue
		}
		if l["user_id"] != tc.user {
			t.Errorf("%s: user_id %v, want %q: %s", name, l["user_id"], tc.user, l["raw"])
		}
		raw := l["raw"].(string)
		for _, never := range []string{c.Prac.Username, c.Prac.DisplayName, c.Prac2.Username, c.Prac2.DisplayName} {
			if strings.Contains(raw, never) {
				t.Errorf("%s: the log line names the user (%q): %s", name, never, raw)
			}
		}
	}
}

// A client that goes away before its page is ready (a closed tab, a load
// test stopping) is not Kith's error: the request is logged with 499 at
// info, and nothing is logged as an internal error.
func TestClientThatLeftIsNotAnInternalError(t *testing.T) {
	logs := &logBuffer{}
	c := newTestCouncilLogging(t, "sqlite", slog.New(slog.NewJSONHandler(logs, nil)))
	b := c.signIn(t, c.Prac)
	base, _ := url.Parse(c.http.URL)
	for _, path := range []string{"/work", "/api/v1/me"} {
		gone, leave := context.WithCancel(context.Background())
		leave()
		req := httptest.NewRequest("GET", path, nil).WithContext(gone)
		for _, ck := range b.client.Jar.Cookies(base) {
			req.AddCookie(ck)
		}
		c.srv.ServeHTTP(httptest.NewRecorder(), req)
	}
	logged := 0
	for _, l := range logs.lines(t) {
		if l["level"] == "ERROR" {
			t.Errorf("logged as an error: %s", l["raw"])
		}
		if l["msg"] == "request" && (l["route"] == "GET /work" || l["route"] == "GET /api/v1/me") {
			logged++
			if l["status"] != float64(statusClientClosedRequest) {
				t.Errorf("logged with status %v, want %d: %s", l["status"], statusClientClosedRequest, l["raw"])
			}
		}
	}
	if logged != 2 {
		t.Errorf("%d of the 2 requests logged", logged)
	}
}
