package web

import (
	"net/http"
	"strings"
	"testing"
	"time"

	"kith"
	"kith/calendar"
	"kith/internal/kithtest"
)

// caseAllocatedAt opens a child's case in team North and gives it to a
// worker, as if it happened at a time in the past.
func (c *testCouncil) caseAllocatedAt(at time.Time, first, last string, worker *kith.User) *kith.Case {
	kithtest.ClockOf(c.DB).Freeze(at)
	defer func() { kithtest.ClockOf(c.DB).Set(kithtest.Now()) }()
	return c.Allocate(c.Actor(c.Manager), c.Case(c.Actor(c.Prac), first, last, kithtest.Date(2015, 5, 5), c.T1), c.T1, worker)
}

// index is where s first is in page, failing the test if it is not.
func index(t *testing.T, page, s string) int {
	t.Helper()
	i := strings.Index(page, s)
	if i < 0 {
		t.Fatalf("page lacks %q", s)
	}
	return i
}

// My work opens on what must happen today (an overdue child protection
// visit and an action due today), then what else is overdue by child,
// the looked-after child before an older summary for a child in need,
// then what is coming up. The first link after the counts is the first
// thing to do. The filters narrow it by kind and child; another worker's
// children never show, not even when asked for by reference.
func TestMyWorkIsATriage(t *testing.T) {
	c := newTestCouncil(t, "sqlite")
	ctx := t.Context()
	tm := c.Actor(c.Manager)
	today := calendar.DayOf(kithtest.Now())
	long := kithtest.DaysAgo(200)
	amy := c.caseAllocatedAt(long, "Amy", "Alder", c.Prac) // a child in need: summary and oversight long overdue
	ben := c.caseAllocatedAt(kithtest.DaysAgo(42), "Bo", "Bramble", c.Prac)
	if err := c.DB.StartStatus(ctx, tm, ben.Reference, kith.StatusInput{Kind: kith.StatusCP, StartedOn: today.AddDays(-42)}); err != nil {
		t.Fatal(err)
	}
	cara := c.caseAllocatedAt(kithtest.DaysAgo(100), "Cara", "Cedar", c.Prac)
	if err := c.DB.StartStatus(ctx, tm, cara.Reference, kith.StatusInput{Kind: kith.StatusCLA, StartedOn: today.AddDays(-30)}); err != nil {
		t.Fatal(err)
	}
	dan := c.caseAllocatedAt(long, "Dan", "Dogwood", c.Prac2) // someone else's
	if _, err := c.DB.AddAction(ctx, c.Actor(c.Prac), amy.Reference, kith.NewAction{What: "Ring the school nurse",
		Owner: kith.Owner{Kind: kith.OwnerOther, Name: "Ms Reid", Agency: "Oak School"}, Due: today}); err != nil {
		t.Fatal(err)
	}

	// A phone call about a bruise three working days ago, where a risk
	// was identified, still a draft: a day late at least.
	call, err := c.DB.CreateDraft(ctx, c.Actor(c.Prac), amy.Reference, kith.RecordInput{TemplateKey: "phone-call"})
	if err != nil {
		t.Fatal(err)
	}
	event := calendar.EnglandAndWales().AddWorkingDays(today, -3)
	if _, err := c.DB.SaveDraft(ctx, c.Actor(c.Prac), call.ID, kith.RecordInput{TemplateKey: "phone-call", Version: call.Version,
		Headline: "School saw a bruise", RiskIdentified: true, OccurredAt: time.Date(event.Year, event.Month, event.Day, 10, 0, 0, 0, kith.London)}); err != nil {
		t.Fatal(err)
	}

	b := c.signIn(t, c.Prac)
	res := b.get("/work")
	if res.status != http.StatusOK {
		t.Fatalf("my work: %d", res.status)
	}
	page := res.body
	mustNotContain(t, page, "Dan Dogwood", dan.Reference)
	main := page[index(t, page, "<main"):]
	todayAt, overdueAt, soonAt := index(t, main, `id="today"`), index(t, main, `id="overdue"`), index(t, main, `id="due-soon"`)
	todays := main[todayAt:overdueAt]
	mustContain(t, todays, "Bo Bramble", "Child protection visit", "working days overdue", "Action: Ring the school nurse",
		"Finalise Phone call: School saw a bruise", "Harm or risk")
	if strings.Index(todays, "Child protection visit") > strings.Index(todays, "Action: Ring the school nurse") {
		t.Errorf("the overdue child protection visit should come before the action due today")
	}
	overdue := main[overdueAt:soonAt]
	if c, a := index(t, overdue, "Cara Cedar"), index(t, overdue, "Amy Alder"); c > a {
		t.Errorf("the looked-after child should come before the child in need, whose summary is older")
	}
	mustContain(t, overdue, "Case summary", "Management oversight")
	mustNotContain(t, overdue, "Bo Bramble")
	// The counts jump to the sections; then the first link is the first
	// thing to do, no report before it.
	mustContain(t, main, `href="#today"><strong>3</strong> to do today`)
	first := main[index(t, main, `href="#due-soon"`)+1:]
	if link := first[index(t, first, `href="`):]; !strings.HasPrefix(link, `href="/cases/`+ben.Reference+`"`) {
		t.Errorf("the first link after the counts is %.80s, want Bo's case", link)
	}
	if index(t, main, "How our writing is going") < soonAt {
		t.Errorf("the writing report link should come after the work")
	}

	// By kind: only actions.
	actions := b.get("/work?kind=action").body
	mustContain(t, actions, "Action: Ring the school nurse", `<option value="action" selected>Actions (1)</option>`, "Clear the kind and child")
	mustNotContain(t, actions, "Child protection visit", "Case summary")
	// By child: only Cara's, and the filter stays in the links.
	caras := b.get("/work?child=" + cara.Reference).body
	mustContain(t, between(caras, `id="overdue"`, `id="due-soon"`), "Cara Cedar")
	mustNotContain(t, caras, "Bo Bramble</a>", "Amy Alder</a>", "Action: Ring")

	// A kind that is not on the list, or a child who is not: said, with
	// the whole list shown, and nothing about the other worker's child.
	bad := b.get("/work?kind=visits-ish&child=" + dan.Reference)
	if bad.status != http.StatusUnprocessableEntity {
		t.Errorf("bad filters: %d", bad.status)
	}
	mustContain(t, bad.body, "There is a problem", `href="#kind"`, "Choose a kind of work from the list", `href="#child"`, "Choose a child from the list", "Bo Bramble")
	mustNotContain(t, bad.body, "Dan Dogwood")

	// Someone in another team sees none of it.
	out := c.signIn(t, c.Outsider).get("/work").body
	mustNotContain(t, out, "Amy Alder", "Bo Bramble", "Cara Cedar", "Dan Dogwood")

	// The manager's team view: the same sections, with every worker's
	// children; a worker's count links to that worker's list.
	m := c.signIn(t, c.Manager)
	team := m.get("/work?view=team&team=" + c.T1.ID).body
	mustContain(t, team, "By worker", "Dan Dogwood", `id="today"`, "Bo Bramble")
	drill := "/work?team=" + c.T1.ID + "&view=team&worker=" + c.Prac2.ID + "#overdue"
	mustContain(t, team, strings.ReplaceAll(drill, "&", "&amp;"))
	dans := m.get(strings.TrimSuffix(drill, "#overdue")).body
	mustContain(t, between(dans, `id="overdue"`, `id="due-soon"`), "Dan Dogwood", "Case summary")
	mustNotContain(t, dans, "Amy Alder", "Bo Bramble")
}

// With more children overdue than a page holds, the groups page, and the
// filters stay in the page links.
func TestMyWorkPagesTheOverdueChildren(t *testing.T) {
	c := newTestCouncil(t, "sqlite")
	long := kithtest.DaysAgo(200)
	names := []string{"Ada", "Bea", "Cal", "Dot", "Eli", "Fay", "Gus", "Hal", "Ivy", "Jo", "Kit", "Lou"}
	for _, n := range names {
		c.caseAllocatedAt(long, n, "Ash", c.Prac)
	}
	b := c.signIn(t, c.Prac)
	first := b.get("/work?kind=summary").body
	mustContain(t, first, "12 more overdue, for 12 children", "Page 1 of 2", `href="/work?kind=summary&amp;page=2#overdue"`)
	overdue := between(first, `id="overdue"`, `id="due-soon"`)
	if n := strings.Count(overdue, `<details class="govuk-details`); n != 10 {
		t.Errorf("page 1 has %d children's groups, want 10", n)
	}
	second := b.get("/work?kind=summary&page=2").body
	mustContain(t, second, "Page 2 of 2", `href="/work?kind=summary&amp;page=1#overdue"`)
	if n := strings.Count(between(second, `id="overdue"`, `id="due-soon"`), `<details class="govuk-details`); n != 2 {
		t.Errorf("page 2 has %d children's groups, want 2", n)
	}
}
