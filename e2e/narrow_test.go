package e2e

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"net/http/httptest"
	"net/url"
	"regexp"
	"slices"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"kith"
	"kith/internal/kithtest"
	"kith/sqldb"
	"kith/synth"
	"kith/web"
)

// narrowPassword is every user's password in the crawled council.
const narrowPassword = "a phone is narrow enough"

// TestEveryPageFitsAPhone signs in as each kind of user of a small
// synthetic council, on a window 320 CSS pixels wide, and follows every
// link from their landing page to every kind of page they can reach: each
// must fit the window without sideways scrolling (WCAG 1.4.10) and pass
// axe-core. A crawl rather than a list, so that a page added later is
// checked without anyone remembering to add it. Forms are also sent empty,
// to check their error summaries.
//
// It runs on SQLite only: how wide a page is does not depend on where its
// rows are kept, and the crawl is the slowest browser test.
func TestEveryPageFitsAPhone(t *testing.T) {
	n := startNarrowCouncil(t)
	axed := map[string]bool{}
	kinds := map[string]int{}
	for _, user := range []string{synth.UserPractitioner, synth.UserManager, synth.UserServiceManager, synth.UserAdmin, synth.UserAuditor} {
		t.Run(user, func(t *testing.T) {
			b := newBrowser(t, n.URL)
			b.signInAs(user, narrowPassword)
			b.narrow()
			cr := &crawl{b: b, visited: map[string]int{}, axed: axed, perKind: 1, limit: 120}
			if user == synth.UserPractitioner {
				cr.perKind = 2
			}
			cr.run("/work", "/cases/"+n.Ref, "/account")
			for k, v := range cr.visited {
				kinds[k] += v
			}
			t.Logf("%s: %d pages of %d kinds", user, cr.pages, len(cr.visited))
		})
	}
	t.Run("errors", func(t *testing.T) {
		b := newBrowser(t, n.URL)
		b.signInAs(synth.UserPractitioner, narrowPassword)
		b.narrow()
		for _, form := range []string{"/cases/new", "/cases/{ref}/people/new", "/cases/{ref}/warnings/new", "/cases/{ref}/professionals/new",
			"/cases/{ref}/actions/new", "/cases/{ref}/referrals/new", "/cases/{ref}/chronologies/new"} {
			b.open(strings.ReplaceAll(form, "{ref}", n.Ref))
			b.submitEmpty()
			b.see("There is a problem")
			kinds[pageKind(form)+" (errors)"]++
			b.fits()
			b.axe()
		}
	})
	names := make([]string, 0, len(kinds))
	for k := range kinds {
		names = append(names, k)
	}
	sort.Strings(names)
	t.Logf("page kinds visited (%d):\n%s", len(names), strings.Join(names, "\n"))
}

// submitEmpty sends the page's form as it came, without typing anything.
func (b *browser) submitEmpty() {
	b.t.Helper()
	b.navigating(chromedp.Evaluate[chromedp.Void](`(() => {
		const f = [...document.querySelectorAll("main form")].find(f => f.method === "post" && f.querySelector("input:not([type=hidden]), textarea, select"));
		f.querySelector("button:not([type]), button[type=submit]").click();
	})()`))
}

// narrowCouncil is a synthetic council behind a real server, with one of
// the practitioner's cases given a plan, actions, a referral, a
// chronology, a case summary, a photo, an addendum and a withdrawn record,
// which the generator does not make.
type narrowCouncil struct {
	URL     string
	DB      *sqldb.DB
	Council *synth.Council
	Ref     string
}

func startNarrowCouncil(t *testing.T) *narrowCouncil {
	t.Helper()
	if browserPath() == "" {
		newBrowser(t, "") // skips, or fails in CI
	}
	ctx := context.Background()
	db := kithtest.OpenDB(t, "sqlite")
	council, err := synth.Generate(ctx, db, synth.Config{Seed: 11, OpenCases: 30, ClosedCases: 6, Now: kithtest.Now(), Password: narrowPassword}, io.Discard)
	if err != nil {
		t.Fatal(err)
	}
	n := &narrowCouncil{DB: db, Council: council}
	n.Ref = kithtest.PractitionerCases(t, db, council)[council.PractitionerID]
	n.furnish(t)
	cfg := web.DefaultConfig()
	cfg.SecureCookies = false
	srv, err := web.New(ctx, db, cfg, slog.New(slog.DiscardHandler))
	if err != nil {
		t.Fatal(err)
	}
	hs := httptest.NewServer(srv)
	t.Cleanup(hs.Close)
	n.URL = hs.URL
	return n
}

// furnish gives the practitioner's case what the generator leaves out.
func (n *narrowCouncil) furnish(t *testing.T) {
	t.Helper()
	ctx := context.Background()
	db, ref := n.DB, n.Ref
	actor := func(id string) kith.Actor {
		a, err := db.Actor(ctx, id)
		if err != nil {
			t.Fatal(err)
		}
		return a
	}
	prac, tm := actor(n.Council.PractitionerID), actor(n.Council.ManagerID)
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	today := kith.Today(db.Now())
	me := kith.Owner{Kind: kith.OwnerWorker, ID: n.Council.PractitionerID}

	planID, err := db.StartPlan(ctx, prac, ref, kith.PlanInput{Kind: kith.PlanChildInNeed, StartedOn: today.AddDays(-20), ReviewOn: today.AddDays(70)})
	must(err)
	objID, err := db.SaveObjective(ctx, prac, ref, planID, "", kith.ObjectiveInput{Change: "Goes to school every day, on time, with breakfast eaten",
		Measure: "Attendance over 95% on the school register, checked every fortnight with the head of year", Owner: me, Due: today.AddDays(40)})
	must(err)
	_, err = db.AddAction(ctx, prac, ref, kith.NewAction{What: "Book the hearing test at the community paediatric audiology clinic",
		Owner: kith.Owner{Kind: kith.OwnerOther, Name: "Dr Nkemelu-Abernethy", Role: "Community paediatrician", Agency: "Kithshire Community Health Services NHS Trust"},
		Due:   today.AddDays(3), ObjectiveID: objID})
	must(err)
	_, err = db.AddReferral(ctx, prac, ref, kith.ReferralInput{Service: "Family support", Provider: "Riverside Family Hub and Children's Centre",
		ReferredOn: today.AddDays(-5), Reason: "Mornings are hard", FamilyWanted: "Help getting the children to school", Consent: kith.Yes})
	must(err)

	jpeg := append([]byte("\xff\xd8\xff\xe0\x00\x10JFIF\x00"), make([]byte, 100)...)
	d, err := db.CreateDraft(ctx, prac, ref, kith.RecordInput{TemplateKey: "home-visit"})
	must(err)
	_, err = db.AddAttachment(ctx, prac, d.ID, kith.AttachmentInput{Filename: "a-drawing-of-my-family-at-the-seaside-last-summer-holidays.jpg",
		Description: "A drawing of the family", ReceivedOn: today, ProvidedBy: "the child", ProvidedRole: "the child"}, jpeg, kith.DefaultMaxAttachment)
	must(err)
	visit := summaryVisit("Visit about school mornings", db.Now().Add(-2*time.Hour).Truncate(time.Minute), true)
	visit.Version = d.Version + 1
	cur, err := db.Record(ctx, prac, d.ID)
	must(err)
	visit.Version = cur.Record.Version
	_, err = db.FinaliseRecord(ctx, prac, d.ID, visit)
	must(err)
	must(db.AddAddendum(ctx, prac, d.ID, "The school rang afterwards: attendance is up."))

	wrong, err := db.CreateDraft(ctx, prac, ref, kith.RecordInput{TemplateKey: "home-visit"})
	must(err)
	in := summaryVisit("Visit written on the wrong child's file", db.Now().Add(-3*time.Hour).Truncate(time.Minute), false)
	in.Version = wrong.Version
	_, err = db.FinaliseRecord(ctx, prac, wrong.ID, in)
	must(err)
	must(db.WithdrawRecord(ctx, tm, wrong.ID, "Written on the wrong child's file by mistake"))

	_, err = db.StartSummary(ctx, prac, ref, kith.SummaryStart{Reason: kith.SummaryPeriodic, Period: kith.SummaryPeriod{From: today.AddDays(-60), To: today}})
	must(err)
	_, err = db.CreateChronology(ctx, prac, ref, kith.ChronologyInput{Title: "For the initial child protection conference", Purpose: kith.PurposeConference})
	must(err)
}

// signInAs signs in with a username and password.
func (b *browser) signInAs(username, password string) {
	b.t.Helper()
	b.open("/sign-in")
	b.fill(map[string]string{"username": username, "password": password})
	b.press("Sign in")
	b.see("Sign out")
}

// crawl visits every kind of page reachable by links from where it
// starts, a few of each kind, checking each.
type crawl struct {
	b       *browser
	visited map[string]int // page kind → pages of that kind checked
	// axed are the kinds of page axe-core has checked, for any user: axe
	// is slow, so each kind is checked once.
	axed    map[string]bool
	perKind int // pages of one kind to check
	limit   int // pages to check in all
	pages   int
}

var (
	idSegment  = regexp.MustCompile(`^([0-9a-f]{8}-[0-9a-f-]{27,}|[A-Z]{2,5}-\d{4}-\d+|\d+)$`)
	notAPage   = regexp.MustCompile(`^/(static|files|api|sign-out|session)(/|$)|\.(csv|txt|json|pdf)$`)
	downloadQS = regexp.MustCompile(`(^|&)(format|download)=`)
)

// pageKind turns a path into the kind of page it is: ids and case
// references become placeholders, and only the names of query parameters
// are kept.
func pageKind(href string) string {
	u, err := url.Parse(href)
	if err != nil {
		return href
	}
	segs := strings.Split(u.Path, "/")
	for i, s := range segs {
		if idSegment.MatchString(s) {
			segs[i] = "{id}"
		}
	}
	kind := strings.Join(segs, "/")
	var keys []string
	for k := range u.Query() {
		keys = append(keys, k)
	}
	if len(keys) > 0 {
		slices.Sort(keys)
		kind += "?" + strings.Join(keys, "&")
	}
	return kind
}

func (c *crawl) run(start ...string) {
	c.b.t.Helper()
	queue := slices.Clone(start)
	queued := map[string]bool{}
	for _, s := range start {
		queued[s] = true
	}
	for len(queue) > 0 && c.pages < c.limit {
		href := queue[0]
		queue = queue[1:]
		kind := pageKind(href)
		if c.visited[kind] >= c.perKind {
			continue
		}
		if !c.isPage(href) {
			continue
		}
		c.visited[kind]++
		c.pages++
		c.b.open(href)
		c.check(kind)
		for _, l := range c.b.links("body") {
			h := strings.SplitN(l.Href, "#", 2)[0]
			if h == "" || !strings.HasPrefix(h, "/") || queued[h] || notAPage.MatchString(h) {
				continue
			}
			if u, err := url.Parse(h); err != nil || downloadQS.MatchString(u.RawQuery) {
				continue
			}
			if c.visited[pageKind(h)] >= c.perKind {
				continue
			}
			queued[h] = true
			queue = append(queue, h)
		}
	}
}

// isPage asks the server, without leaving the page, whether href is an
// HTML page rather than a download.
func (c *crawl) isPage(href string) bool {
	c.b.t.Helper()
	ctx, cancel := context.WithTimeout(c.b.ctx, 10*time.Second)
	defer cancel()
	ok, err := chromedp.Run(ctx, chromedp.Evaluate[bool](fmt.Sprintf(`fetch(%q, {credentials: "same-origin"}).then(r => (r.headers.get("Content-Type") || "").startsWith("text/html") && !(r.headers.get("Content-Disposition") || "").startsWith("attachment"))`, href), chromedp.EvalAwaitPromise))
	if err != nil {
		c.b.t.Fatalf("ask for %s: %v", href, err)
	}
	return ok
}

// check checks the page on screen: it fits the window, and axe-core
// finds nothing.
func (c *crawl) check(kind string) {
	c.b.t.Helper()
	w := js[int](c.b, `document.documentElement.scrollWidth`)
	c.b.t.Logf("%-60s %4d px  %s", kind, w, c.b.location())
	c.b.fits()
	if !c.axed[kind] {
		c.axed[kind] = true
		c.b.axe()
	}
}
