package e2e

import (
	"context"
	"encoding/json"
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

	"github.com/chromedp/cdproto/emulation"
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
	axed, elsewhere := map[string]bool{}, map[string]bool{}
	kinds := map[string]int{}
	// Each user starts from their landing page and a few pages no link
	// leads to (search results, a page that is not there) or that one
	// kind of link leads to in many shapes (a draft, a final record, a
	// withdrawn one).
	starts := map[string][]string{
		synth.UserPractitioner: {"/", "/cases/" + n.Ref, n.Draft, n.Final, n.Withdrawn, n.Summary, "/search?q=" + url.QueryEscape(n.Council.ChildNames[0]),
			"/records/search?q=visit", "/no-such-page"},
		synth.UserManager:        {"/", "/cases/" + n.Ref, n.Final, n.Withdrawn, n.Summary, n.Closed},
		synth.UserServiceManager: {"/"},
		synth.UserAdmin:          {"/"},
		synth.UserAuditor:        {"/"},
		// The information governance officer's requests and their form, and
		// a closed case's retention (none is due in a young council, so no
		// link leads there).
		synth.UserInformationGovernance: {"/", "/subject-access/new", strings.Replace(n.Closed, "/cases/", "/retention/", 1)},
	}
	for _, user := range []string{synth.UserPractitioner, synth.UserManager, synth.UserServiceManager, synth.UserAdmin, synth.UserAuditor, synth.UserInformationGovernance} {
		t.Run(user, func(t *testing.T) {
			b := newBrowser(t, n.URL)
			b.signInAs(user, narrowPassword)
			b.narrow()
			cr := &crawl{b: b, visited: map[string]int{}, axed: axed, elsewhere: elsewhere, limit: 100}
			cr.run(starts[user]...)
			for k, v := range cr.visited {
				kinds[k] += v
			}
			t.Logf("%s: %d pages of %d kinds", user, cr.pages, len(cr.visited))
		})
	}
	// Without JavaScript the pages fit just as well, and every scroll
	// region stays a tab stop.
	t.Run("without JavaScript", func(t *testing.T) {
		b := newBrowser(t, n.URL)
		b.signInAs(synth.UserManager, narrowPassword)
		if _, err := chromedp.Call(b.ctx, emulation.SetScriptExecutionDisabled, emulation.SetScriptExecutionDisabledParams{Value: true}); err != nil {
			t.Fatal(err)
		}
		b.narrow()
		for _, path := range []string{"/cases/" + n.Ref, "/cases/" + n.Ref + "/records", "/cases?view=team", n.Final} {
			b.open(path)
			if js[bool](b, `document.body.classList.contains("js-enabled")`) {
				t.Fatal("the page ran its JavaScript")
			}
			b.fits()
			if n := js[int](b, `[...document.querySelectorAll(".kith-table-scroll")].filter(r => r.tabIndex !== 0).length`); n > 0 {
				t.Errorf("%s: %d scroll regions are not tab stops", path, n)
			}
		}
	})
	// Forms sent empty show their error summary, which must fit too.
	t.Run("errors", func(t *testing.T) {
		forms := map[string][]string{
			synth.UserPractitioner: {"/cases/new", "/cases/{ref}/people/new", "/cases/{ref}/warnings/new", "/cases/{ref}/professionals/new",
				"/cases/{ref}/statuses/new", "/cases/{ref}/actions/new", "/cases/{ref}/referrals/new", "/cases/{ref}/chronologies/new", "/cases/{ref}/records/new"},
			synth.UserAdmin: {"/admin/users/new", "/admin/teams/new"},
		}
		for _, user := range []string{synth.UserPractitioner, synth.UserAdmin} {
			b := newBrowser(t, n.URL)
			b.signInAs(user, narrowPassword)
			b.narrow()
			for _, form := range forms[user] {
				path := strings.ReplaceAll(form, "{ref}", n.Ref)
				b.open(path)
				b.submitEmpty()
				b.see("There is a problem")
				kinds[pageKind(path)+" (errors)"]++
				b.fits()
				b.axe()
			}
			if user == synth.UserPractitioner {
				// A draft finalised with its questions unanswered.
				b.open(n.Draft)
				b.pressWhileItMoves("Finalise the record")
				b.see("There is a problem")
				kinds["/cases/{id}/records/{id} (errors)"]++
				b.fits()
				b.axe()
			}
		}
	})
	for page, wide := range elsewhere {
		if !wide {
			t.Errorf("%s now fits a phone: take it out of widerElsewhere", page)
		}
	}
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
// chronology, a case summary, a photo, an addendum, a draft and a
// withdrawn record, which the generator does not make.
type narrowCouncil struct {
	URL     string
	DB      *sqldb.DB
	Council *synth.Council
	Ref     string
	// Draft, Final, Withdrawn and Summary are the paths of records on the
	// case; Closed is the path of a closed case in the same team.
	Draft, Final, Withdrawn, Summary, Closed string
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
		Description: "A drawing of the family", AltText: "A crayon drawing of four people on a beach under a yellow sun", ReceivedOn: today, ProvidedBy: "the child", ProvidedRole: "the child"}, jpeg, kith.DefaultMaxAttachment)
	must(err)
	visit := summaryVisit("Visit about school mornings", db.Now().Add(-2*time.Hour).Truncate(time.Minute), true)
	visit.Version = d.Version + 1
	cur, err := db.Record(ctx, prac, d.ID)
	must(err)
	visit.Version = cur.Record.Version
	_, err = db.FinaliseRecord(ctx, prac, d.ID, visit)
	must(err)
	must(db.AddAddendum(ctx, prac, d.ID, "The school rang afterwards: attendance is up."))
	n.Final = "/cases/" + ref + "/records/" + d.ID

	wrong, err := db.CreateDraft(ctx, prac, ref, kith.RecordInput{TemplateKey: "home-visit"})
	must(err)
	in := summaryVisit("Visit written on the wrong child's file", db.Now().Add(-3*time.Hour).Truncate(time.Minute), false)
	in.Version = wrong.Version
	_, err = db.FinaliseRecord(ctx, prac, wrong.ID, in)
	must(err)
	must(db.WithdrawRecord(ctx, tm, wrong.ID, "Written on the wrong child's file by mistake"))
	n.Withdrawn = "/cases/" + ref + "/records/" + wrong.ID

	draft, err := db.CreateDraft(ctx, prac, ref, kith.RecordInput{TemplateKey: "home-visit"})
	must(err)
	_, err = db.SaveDraft(ctx, prac, draft.ID, kith.RecordInput{TemplateKey: "home-visit", Version: draft.Version, Headline: "Unannounced visit after the school's call",
		Content: kith.RecordContent{"observations": {Text: "Started on the bus: the kitchen was tidy, https://example.org/a-very-long-address-that-does-not-break-anywhere-at-all"}}})
	must(err)
	n.Draft = "/cases/" + ref + "/records/" + draft.ID

	sum, err := db.StartSummary(ctx, prac, ref, kith.SummaryStart{Reason: kith.SummaryPeriodic, Period: kith.SummaryPeriod{From: today.AddDays(-60), To: today}})
	must(err)
	_, err = db.FinaliseRecord(ctx, prac, sum.RecordID, kith.RecordInput{TemplateKey: "case-summary", Headline: "Summary of the last two months",
		OccurredAt: db.Now(), Version: 1, Content: kith.RecordContent{"analysis": {Text: "Settling at school."}, "views": {Text: "“It is better now.”"}}})
	must(err)
	n.Summary = "/cases/" + ref + "/records/" + sum.RecordID

	cases, err := db.Caseload(ctx, tm, kith.CaseloadFilter{IncludeClosed: true, Limit: 500})
	must(err)
	for _, c := range cases.Cases {
		if c.State == kith.CaseClosed {
			n.Closed = "/cases/" + c.Reference
		}
	}
	if n.Closed == "" {
		t.Fatal("the manager's teams have no closed case")
	}
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
// starts, one of each kind (and every page it starts from), checking each.
type crawl struct {
	b       *browser
	visited map[string]int // page kind → pages of that kind checked
	// axed are the kinds of page axe-core has checked, for any user: axe
	// is slow, so each kind is checked once.
	axed map[string]bool
	// elsewhere notes, for each page of widerElsewhere seen, whether any
	// was too wide.
	elsewhere map[string]bool
	limit     int // pages to check in all
	pages     int
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

// run crawls breadth first from start, up to the crawl's limit. The first
// page of each kind is opened and checked; the links of a few more of that
// kind are read without opening them, since pages of one kind link to
// different pages (a network member's page to their relationship, a closed
// case to reopening it).
func (c *crawl) run(start ...string) {
	c.b.t.Helper()
	queue := slices.Clone(start)
	queued := map[string]bool{}
	for _, s := range start {
		queued[s] = true
	}
	read := map[string]int{} // kind → pages of that kind whose links were read
	starts := len(queue)
	for len(queue) > 0 && c.pages < c.limit {
		href := queue[0]
		queue = queue[1:]
		kind := pageKind(href)
		start := starts > 0
		starts--
		if !start && read[kind] >= 3 || !c.isPage(href) {
			continue
		}
		var links []pageLink
		if start || c.visited[kind] == 0 {
			c.b.open(href)
			c.pages++
			// A redirect ("/" to "/work") makes the page the kind it lands on.
			if u, err := url.Parse(c.b.location()); err == nil {
				kind = pageKind(u.RequestURI())
			}
			c.visited[kind]++
			c.check(kind)
			links = c.linksOf("")
		} else {
			links = c.linksOf(href)
		}
		read[kind]++
		for _, l := range links {
			h := strings.SplitN(l.Href, "#", 2)[0]
			if h == "" || !strings.HasPrefix(h, "/") || queued[h] || notAPage.MatchString(h) {
				continue
			}
			if u, err := url.Parse(h); err != nil || downloadQS.MatchString(u.RawQuery) {
				continue
			}
			if read[pageKind(h)] >= 3 {
				continue
			}
			queued[h] = true
			queue = append(queue, h)
		}
	}
}

// linksOf reads the links of the page at href to pages on the server,
// without opening it; with href "" it reads those of the page on screen.
func (c *crawl) linksOf(href string) []pageLink {
	c.b.t.Helper()
	ctx, cancel := context.WithTimeout(c.b.ctx, 10*time.Second)
	defer cancel()
	doc, base := `Promise.resolve(document)`, `location.href`
	if href != "" {
		doc = fmt.Sprintf(`fetch(%q, {credentials: "same-origin"}).then(r => r.text()).then(html => new DOMParser().parseFromString(html, "text/html"))`, href)
		base = fmt.Sprintf(`location.origin + %q`, href)
	}
	raw, err := chromedp.Run(ctx, chromedp.Evaluate[[]byte](doc+fmt.Sprintf(`.then(doc => [...doc.querySelectorAll("body a[href]")].map(a => {
		const u = new URL(a.getAttribute("href"), %s);
		return {text: a.textContent.replace(/\s+/g, " ").trim(), href: u.origin === location.origin ? u.pathname + u.search : ""};
	}))`, base), chromedp.EvalAwaitPromise))
	if err != nil {
		c.b.t.Fatalf("read the links of %s: %v", href, err)
	}
	var out []pageLink
	if err := json.Unmarshal(raw, &out); err != nil {
		c.b.t.Fatal(err)
	}
	return out
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
	c.b.scrollRegionsWork()
	if page, _, _ := strings.Cut(kind, "?"); widerElsewhere[page] != "" {
		c.elsewhere[page] = c.elsewhere[page] || len(c.b.tooWide()) > 0
	} else {
		c.b.fits()
	}
	if !c.axed[kind] {
		c.axed[kind] = true
		c.b.axe()
	}
}

// scrollRegionsWork checks the page's table scroll regions: each has a
// name of its own on the page, and one whose table is wider than it is a
// tab stop, so that a keyboard can scroll it.
func (b *browser) scrollRegionsWork() {
	b.t.Helper()
	for _, p := range js[[]string](b, `(() => {
		const out = [], names = {};
		for (const r of document.querySelectorAll(".kith-table-scroll")) {
			const name = (r.getAttribute("aria-label") || "").trim();
			if (r.getAttribute("role") !== "region" || !name) out.push("a scroll region without a role and a name");
			else if (names[name]) out.push("two scroll regions named " + JSON.stringify(name));
			names[name] = true;
			if (r.scrollWidth > r.clientWidth && r.tabIndex !== 0) out.push(JSON.stringify(name) + " scrolls but is not a tab stop");
		}
		return out;
	})()`) {
		b.t.Errorf("%s: %s", b.location(), p)
	}
}

// widerElsewhere are the pages being made to fit a phone in a change of
// their own, with what that change is: the crawl notes whether they fit
// rather than failing, and fails once they all do, so that the entry is
// taken out.
var widerElsewhere = map[string]string{}
