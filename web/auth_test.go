package web

import (
	"kith/internal/kithtest"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"
)

func TestSafeNextKeepsRedirectsInKith(t *testing.T) {
	for in, want := range map[string]string{
		"":                        "/work",
		"/search?q=smith":         "/search?q=smith",
		"/cases/KTH-2026-000001":  "/cases/KTH-2026-000001",
		"//evil.example/":         "/work",
		"/\\evil.example":         "/work",
		"/./\\evil.example":       "/work",
		"/a/../\\evil.example":    "/work",
		"/\t/evil.example":        "/work",
		"/.//evil.example":        "/evil.example",
		"/a/..//evil.example":     "/evil.example",
		"https://evil.example/":   "/work",
		"evil.example":            "/work",
		"/sign-in?next=/sign-in":  "/work",
		"/cases/../admin/users":   "/admin/users",
		"/%2F%2Fevil.example":     "/%2F%2Fevil.example",
		"/cases/new?kept=abc&x=1": "/cases/new?kept=abc&x=1",
	} {
		if got := safeNext(in); got != want {
			t.Errorf("safeNext(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestKeptFormsNeverHoldPasswords(t *testing.T) {
	got := keepable(url.Values{"username": {"a"}, "password": {"secret"}, "new_password": {"s"}, "kept": {"x"}, "kith_path": {"/p"}, "name": {"n"}})
	if got.Encode() != "name=n&username=a" {
		t.Errorf("keepable = %q", got.Encode())
	}
}

// The timeout of an idle tab must not end a session the user is working in
// in another tab.
func TestTimeoutFromAnIdleTabSparesALiveSession(t *testing.T) {
	c := newTestCouncil(t, "sqlite")
	b := c.signIn(t, c.Prac)
	req, _ := http.NewRequest("POST", b.base+"/session/timeout", strings.NewReader("kith_path=/cases/new&child_first_name=Rowan"))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Sec-Fetch-Site", "same-origin")
	res := b.do(req)
	if !strings.Contains(res.body, `"signed_in": true`) {
		t.Fatalf("timeout of a live session: %s", res.body)
	}
	if page := b.get("/cases"); page.status != http.StatusOK {
		t.Fatalf("after the idle tab's timeout: %d", page.status)
	}
	// Once really idle, the form is kept (without any password) and the
	// session ends; a second tab's timeout can still keep its form.
	clock := kithtest.Now().Add(31 * time.Minute)
	kithtest.ClockOf(c.DB).Freeze(clock)
	for _, name := range []string{"Rowan", "Juniper"} {
		req, _ = http.NewRequest("POST", b.base+"/session/timeout", strings.NewReader("kith_path=/cases/new&password=hunter22&child_first_name="+name))
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		req.Header.Set("Sec-Fetch-Site", "same-origin")
		res = b.do(req)
		if !strings.Contains(res.body, `"signed_in": false`) || strings.Contains(res.body, `"kept": ""`) {
			t.Fatalf("timeout of %s's tab: %s", name, res.body)
		}
	}
	var n int
	if err := c.DB.ReadPool().QueryRow("SELECT COUNT(*) FROM kept_forms WHERE form LIKE '%hunter22%'").Scan(&n); err != nil || n != 0 {
		t.Errorf("a password was kept (%d, %v)", n, err)
	}
	if err := c.DB.ReadPool().QueryRow("SELECT COUNT(*) FROM kept_forms").Scan(&n); err != nil || n != 2 {
		t.Errorf("kept forms: %d, %v", n, err)
	}
}
