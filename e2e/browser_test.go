// Package e2e drives Kith in a real browser (Debian's Chromium, through
// chromedp) along the journeys practitioners and managers make, and checks
// every page it visits with axe-core. Without Chromium the tests skip with
// a message; with KITH_REQUIRE_BROWSER=1 (as in CI) they fail instead.
package e2e

import (
	"context"
	"encoding/json"
	"fmt"
	"log/slog"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"

	"kith"
	"kith/internal/kithtest"
	"kith/web"
)

// council is a small council behind a real server on a real port.
type council struct {
	*kithtest.Fixture
	URL                            string
	North, South                   *kith.Team
	Prac, Prac2, Manager, Outsider *kith.User
	// Srv is the server itself, for what a test must give it (a printer).
	Srv *web.Server
}

func startKith(t *testing.T, engine string, cfg web.Config) *council {
	t.Helper()
	db := kithtest.OpenDB(t, engine)
	f := kithtest.NewFixture(t, db)
	c := &council{Fixture: f}
	svc := f.Service("Children in need and protection")
	c.North, c.South = f.Team("Kithbury North", svc), f.Team("Kithbury South", svc)
	P := []kith.Role{kith.RolePractitioner}
	c.Prac = f.User("ann.ashgrove", P, c.North)
	c.Prac2 = f.User("ben.brackenridge", P, c.North)
	c.Outsider = f.User("cat.cedarwood", P, c.North)
	c.Manager = f.User("dee.dewfield", []kith.Role{kith.RoleTeamManager}, c.North)
	f.Manage(c.North, c.Manager)
	cfg.SecureCookies = false
	srv, err := web.New(context.Background(), db, cfg, slog.New(slog.DiscardHandler))
	if err != nil {
		t.Fatal(err)
	}
	hs := httptest.NewServer(srv)
	t.Cleanup(hs.Close)
	c.URL, c.Srv = hs.URL, srv
	return c
}

func browserPath() string {
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	return ""
}

// browser is one browser tab for a test.
type browser struct {
	t    *testing.T
	ctx  context.Context
	base string

	// dialogs are the kinds of JavaScript dialog the pages opened ("alert",
	// "beforeunload", …), each accepted as a user would.
	mu      sync.Mutex
	dialogs []string
}

func newBrowser(t *testing.T, base string) *browser {
	t.Helper()
	path := browserPath()
	if path == "" {
		if os.Getenv("KITH_REQUIRE_BROWSER") == "1" {
			t.Fatal("Chromium is required (KITH_REQUIRE_BROWSER=1) but not installed: apt-get install chromium")
		}
		t.Skip("skipping browser test: Chromium is not installed (apt-get install chromium)")
	}
	if _, err := os.Stat(axePath); err != nil {
		if os.Getenv("KITH_REQUIRE_BROWSER") == "1" {
			t.Fatalf("axe-core is required but missing (%v): run npm ci", err)
		}
		t.Skip("skipping browser test: axe-core is not installed (npm ci)")
	}
	// On a busy two-core machine Chromium now and then exits while
	// starting; a second try (with a fresh profile) starts it.
	var ctx context.Context
	var err error
	for attempt := 1; ; attempt++ {
		opts := append(chromedp.DefaultExecAllocatorOptions[:],
			chromedp.ExecPath(path),
			chromedp.NoSandbox,
			chromedp.Flag("disable-gpu", true),
			chromedp.Flag("disable-quic", true),
			chromedp.Flag("disable-component-update", true),
			chromedp.UserDataDir(t.TempDir()),
			chromedp.WindowSize(1280, 1000),
		)
		actx, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
		var cancel context.CancelFunc
		ctx, cancel = chromedp.NewContext(actx)
		if err = chromedp.Do(ctx); err == nil {
			t.Cleanup(func() { cancel(); cancelAlloc() })
			break
		}
		cancel()
		cancelAlloc()
		if attempt == 3 {
			t.Fatalf("start Chromium (3 tries): %v", err)
		}
		t.Logf("Chromium did not start (try %d): %v", attempt, err)
		time.Sleep(time.Second)
	}
	b := &browser{t: t, ctx: ctx, base: base}
	// A dialog blocks the page, and the action that opened it: accept each
	// from another goroutine, noting its kind for tests that expect one.
	dialogs := chromedp.Events(ctx, page.JavascriptDialogOpening)
	go func() {
		for ev, err := range dialogs {
			if err != nil {
				return
			}
			b.mu.Lock()
			b.dialogs = append(b.dialogs, string(ev.Type))
			b.mu.Unlock()
			_, _ = chromedp.Call(ctx, page.HandleJavaScriptDialog, page.HandleJavaScriptDialogParams{Accept: true})
		}
	}()
	return b
}

// dialogsOpened returns the kinds of dialog the pages have opened so far.
func (b *browser) dialogsOpened() []string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return append([]string(nil), b.dialogs...)
}

// do runs steps with a time limit, failing the test with a screenshot
// name on error.
func (b *browser) do(steps ...chromedp.Action[chromedp.Void]) {
	b.t.Helper()
	ctx, cancel := context.WithTimeout(b.ctx, 20*time.Second)
	defer cancel()
	if err := chromedp.Do(ctx, steps...); err != nil {
		b.shot("failure")
		b.t.Fatalf("browser: %v (page %s)", err, b.location())
	}
}

func (b *browser) location() string {
	ctx, cancel := context.WithTimeout(b.ctx, 5*time.Second)
	defer cancel()
	loc, _ := chromedp.Run(ctx, chromedp.Location())
	return loc
}

// shot saves a screenshot into KITH_SCREENSHOTS, when set, for people
// looking at what a test saw.
func (b *browser) shot(name string) {
	dir := os.Getenv("KITH_SCREENSHOTS")
	if dir == "" {
		return
	}
	png, err := chromedp.Run(b.ctx, chromedp.FullScreenshot(80))
	if err == nil {
		_ = os.MkdirAll(dir, 0o755)
		_ = os.WriteFile(filepath.Join(dir, strings.ReplaceAll(b.t.Name(), "/", "_")+"-"+name+".jpg"), png, 0o644)
	}
}

func (b *browser) open(path string) {
	b.t.Helper()
	b.do(chromedp.Navigate(b.base + path))
	b.waitNewPage()
}

// text returns the visible text of the page's main content.
func (b *browser) text() string {
	b.t.Helper()
	ctx, cancel := context.WithTimeout(b.ctx, 10*time.Second)
	defer cancel()
	txt, err := chromedp.Run(ctx, chromedp.Text(chromedp.CSS("body")))
	if err != nil {
		b.t.Fatal(err)
	}
	return strings.Join(strings.Fields(txt), " ")
}

func (b *browser) see(wants ...string) {
	b.t.Helper()
	txt := b.text()
	for _, w := range wants {
		if !strings.Contains(txt, w) {
			b.shot("missing")
			b.t.Fatalf("page %s lacks %q:\n%s", b.location(), w, txt)
		}
	}
}

func (b *browser) notSee(nots ...string) {
	b.t.Helper()
	txt := b.text()
	for _, n := range nots {
		if strings.Contains(txt, n) {
			b.t.Fatalf("page %s shows %q", b.location(), n)
		}
	}
}

// fill types into fields by id.
func (b *browser) fill(fields map[string]string) {
	b.t.Helper()
	var steps []chromedp.Action[chromedp.Void]
	for id, v := range fields {
		clear := fmt.Sprintf(`document.getElementById(%q).value = ""`, id)
		steps = append(steps, chromedp.Evaluate[chromedp.Void](clear), chromedp.SendKeys(chromedp.CSS(fmt.Sprintf(`[id=%q]`, id)), v))
	}
	b.do(steps...)
}

// choose picks a radio or checkbox by its value within a field.
func (b *browser) choose(name, value string) {
	b.t.Helper()
	b.do(chromedp.Click(chromedp.CSS(fmt.Sprintf(`input[name=%q][value=%q]`, name, value))))
}

// press clicks a button (or link) by its visible text and waits for the
// next page.
func (b *browser) press(label string) {
	b.t.Helper()
	sel := fmt.Sprintf(`//button[normalize-space()=%q] | //a[@role="button"][normalize-space()=%q] | //a[normalize-space()=%q]`, label, label, label)
	b.navigating(chromedp.Click(chromedp.Search(sel)))
}

// pressWhileItMoves presses a button by its visible text where the page may
// move it at that moment: on a draft, the autosave's status and the
// coach's findings above the buttons change as a save or a check comes
// back. A mouse click is aimed where the button was, and lands on what has
// moved there; this clicks the button itself, as the keyboard would.
func (b *browser) pressWhileItMoves(label string) {
	b.t.Helper()
	script := fmt.Sprintf(`(() => { const el = document.evaluate(%q, document, null, XPathResult.FIRST_ORDERED_NODE_TYPE, null).singleNodeValue; if (!el) { return false } el.click(); return true })()`,
		fmt.Sprintf(`//button[normalize-space()=%q]`, label))
	b.do(chromedp.Evaluate[chromedp.Void](`window.__kithOldPage = true`))
	if !js[bool](b, script) {
		b.t.Fatalf("no button %q to press", label)
	}
	b.waitNewPage()
}

// navigating runs an action that leads to a new page, and waits until the
// new page has loaded.
func (b *browser) navigating(a chromedp.Action[chromedp.Void]) {
	b.t.Helper()
	b.do(chromedp.Evaluate[chromedp.Void](`window.__kithOldPage = true`), a)
	b.waitNewPage()
}

// waitNewPage waits until the page marked by navigating has been replaced
// by a fully loaded one. The wait is long: under the race detector, with
// the rest of the suite running beside it, a page with the coach's script
// has taken over 20 seconds to load.
func (b *browser) waitNewPage() {
	b.t.Helper()
	deadline := time.Now().Add(45 * time.Second)
	for time.Now().Before(deadline) {
		ctx, cancel := context.WithTimeout(b.ctx, 2*time.Second)
		done, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`window.__kithOldPage === undefined && document.readyState === "complete"`))
		cancel()
		if err == nil && done {
			return
		}
		time.Sleep(50 * time.Millisecond)
	}
	b.shot("no-new-page")
	b.t.Fatalf("the browser did not reach a new page (at %s)", b.location())
}

// signIn signs in through the sign-in page.
func (b *browser) signIn(u *kith.User) {
	b.t.Helper()
	b.open("/sign-in")
	b.fill(map[string]string{"username": u.Username, "password": kithtest.Password})
	b.press("Sign in")
	b.see("Sign out")
}

var axePath = filepath.Join("..", "node_modules", "axe-core", "axe.min.js")

type axeViolation struct {
	ID    string `json:"id"`
	Help  string `json:"help"`
	Nodes []struct {
		Target []any  `json:"target"`
		HTML   string `json:"html"`
	} `json:"nodes"`
}

// axe runs axe-core on the page and fails on any violation of WCAG 2.2 A
// and AA or of axe's best practices.
func (b *browser) axe() {
	b.t.Helper()
	violations := b.axeViolations()
	for _, v := range violations {
		for _, n := range v.Nodes {
			b.t.Errorf("axe on %s: %s (%s) at %v: %.200s", b.location(), v.ID, v.Help, n.Target, n.HTML)
		}
	}
	if len(violations) > 0 {
		b.shot("axe")
	}
}

func (b *browser) axeViolations() []axeViolation {
	b.t.Helper()
	src, err := os.ReadFile(axePath)
	if err != nil {
		b.t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(b.ctx, 30*time.Second)
	defer cancel()
	if _, err := chromedp.Run(ctx, chromedp.Evaluate[chromedp.Void](string(src))); err != nil {
		b.t.Fatalf("inject axe-core: %v", err)
	}
	raw, err := chromedp.Run(ctx, chromedp.Evaluate[[]byte](`axe.run(document, {runOnly: {type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"]}}).then(r => r.violations)`, chromedp.EvalAwaitPromise))
	if err != nil {
		b.t.Fatalf("run axe-core: %v", err)
	}
	var violations []axeViolation
	if err := json.Unmarshal(raw, &violations); err != nil {
		b.t.Fatal(err)
	}
	return violations
}
