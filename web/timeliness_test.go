package web

import (
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"kith"
	"kith/calendar"
	"kith/internal/kithtest"
)

// A home visit where a risk was identified, written up three working days
// after the visit, says on the record that it was late and by how much.
func TestRecordShowsItsDeadlineAndLateness(t *testing.T) {
	c := newTestCouncil(t, "sqlite")
	amy := c.Allocate(c.Actor(c.Manager), c.Case(c.Actor(c.Prac), "Amy", "Alder", kithtest.Date(2015, 5, 5), c.T1), c.T1, c.Prac)
	base := "/cases/" + amy.Reference + "/records"
	b := c.signIn(t, c.Prac)

	cal := calendar.EnglandAndWales()
	today := calendar.DayOf(kithtest.Now())
	// Three working days back, due the next working day, finalised today:
	// 2 working days late on any day (on a weekend or bank holiday, today
	// counts as the next working day; see kith.JudgeRecord).
	event := cal.AddWorkingDays(today, -3)

	res := b.post(base+"/new", url.Values{"template": {"home-visit"}})
	if res.status != http.StatusSeeOther {
		t.Fatalf("start: %d", res.status)
	}
	draft := res.location
	mustContain(t, b.get(draft).body, "Harm or injury occurred, or a risk was identified")
	form := visitForm("1", "Mum stayed in the room")
	form.Set("occurred-day", itoa(event.Day))
	form.Set("occurred-month", itoa(int(event.Month)))
	form.Set("occurred-year", itoa(event.Year))
	form.Set("occurred-time", "10:00")
	form.Set("risk", "yes")
	res = b.post(draft, withAction(form, "save"))
	if res.status != http.StatusSeeOther {
		t.Fatalf("save: %d %s", res.status, text(res.body))
	}
	page := b.follow(res).body
	mustContain(t, page, `name="risk" type="checkbox" value="yes" checked`)
	form.Set("version", "2")
	res = b.post(draft, withAction(form, "finalise"))
	if res.status != http.StatusSeeOther {
		t.Fatalf("finalise: %d %s", res.status, text(res.body))
	}
	page = b.follow(res).body
	want := "Recorded 2 working days late"
	mustContain(t, page, "Harm or risk identified", "Recording deadline", want, "Record where harm or risk is identified")
	// The running record marks it late in its list too.
	mustContain(t, b.get(base).body, strings.TrimPrefix(want, "Recorded ")+"</strong>")
}

// A child protection case with no visit since the plan began six weeks ago
// shows on the practitioner's "My work" as an overdue visit to do today
// (overdue child protection work cannot wait); the button
// there starts a home-visit draft. The case page says the child has not
// been seen and the visit is overdue, and the team manager sees it counted
// against the practitioner.
func TestMyWorkShowsAnOverdueVisit(t *testing.T) {
	c := newTestCouncil(t, "sqlite")
	ctx := t.Context()
	tm := c.Actor(c.Manager)
	amy := c.amyAllocatedAt(kithtest.DaysAgo(42))
	began := calendar.DayOf(kithtest.Now()).AddDays(-42)
	if err := c.DB.StartStatus(ctx, tm, amy.Reference, kith.StatusInput{Kind: kith.StatusCP, StartedOn: began}); err != nil {
		t.Fatal(err)
	}
	b := c.signIn(t, c.Prac)
	page := b.get("/work")
	if page.status != http.StatusOK {
		t.Fatalf("my work: %d", page.status)
	}
	todays := between(page.body, `id="today"`, `id="overdue"`)
	mustContain(t, todays, "Amy Alder", "Child protection visit", "working days overdue", "Start a home visit", `action="/cases/`+amy.Reference+`/records/new"`)

	res := b.post("/cases/"+amy.Reference+"/records/new", url.Values{"template": {"home-visit"}})
	if res.status != http.StatusSeeOther || !strings.HasPrefix(res.location, "/cases/"+amy.Reference+"/records/") {
		t.Fatalf("start the visit: %d %s", res.status, res.location)
	}
	mustContain(t, b.follow(res).body, "Home visit")

	casePage := b.get("/cases/" + amy.Reference).body
	mustContain(t, casePage, "Visits and what is due", "Last seen alone", "Not recorded", "Next child protection visit", "Overdue")
	// The badge's abbreviation is written out for screen readers, not
	// only in a title a touch screen never shows.
	mustContain(t, casePage, `<span aria-hidden="true">CP</span><span class="govuk-visually-hidden">Child protection plan</span>`)

	m := c.signIn(t, c.Manager)
	team := m.get("/work?view=team&team=" + c.T1.ID).body
	mustContain(t, team, "By worker", "Ann Ash", "Team work", "/work?team="+c.T1.ID+"&amp;view=team&amp;worker="+c.Prac.ID+"#today",
		"1 to do today for Ann Ash", "Child protection visit")
	annsWork := m.get("/work?view=team&team=" + c.T1.ID + "&worker=" + c.Prac.ID).body
	mustContain(t, between(annsWork, `id="today"`, `id="overdue"`), "Amy Alder", "Child protection visit", "Ann Ash")
	mine := b.get("/work?view=team").body
	mustNotContain(t, mine, "By worker")
}

// between is the part of a page between two markers.
func between(page, from, to string) string {
	i := strings.Index(page, from)
	if i < 0 {
		return ""
	}
	rest := page[i:]
	if j := strings.Index(rest, to); j >= 0 {
		return rest[:j]
	}
	return rest
}

// A home visit written up late counts in the manager's record timeliness
// report (table, chart and CSV); a period back to front is refused with a
// message; a practitioner cannot see the report.
func TestTimelinessReportPage(t *testing.T) {
	c := newTestCouncil(t, "sqlite")
	ctx := t.Context()
	amy := c.amyAllocatedAt(kithtest.DaysAgo(20))
	d, err := c.DB.CreateDraft(ctx, c.Actor(c.Prac), amy.Reference, kith.RecordInput{TemplateKey: "home-visit"})
	if err != nil {
		t.Fatal(err)
	}
	in := kith.RecordInput{TemplateKey: "home-visit", Version: d.Version, Headline: "Monthly visit", Location: "Home",
		OccurredAt: kithtest.DaysAgo(10),
		Content: kith.RecordContent{"present": {Others: "Amy and Carol"}, "child_seen": {Answer: "yes"}, "child_seen_alone": {Answer: "yes"},
			"bedroom_seen": {Answer: "yes"}, "child_views": {Text: "Amy said she is fine"}, "discussion": {Text: "School"},
			"concerns": {Text: "None"}, "observations": {Text: "Tidy"}, "analysis": {Text: "Improving"}}}
	if _, err := c.DB.FinaliseRecord(ctx, c.Actor(c.Prac), d.ID, in); err != nil {
		t.Fatal(err)
	}

	m := c.signIn(t, c.Manager)
	page := m.get("/reports/timeliness?team=" + c.T1.ID)
	if page.status != http.StatusOK {
		t.Fatalf("report: %d %s", page.status, text(page.body))
	}
	mustContain(t, page.body, "Record timeliness", "North,", "Records finalised", "0.0%", "Home visit", "Ann Ash", "<svg", `role="img"`, "Month by month", "format=csv")
	csv := m.get("/reports/timeliness?format=csv&team=" + c.T1.ID)
	if csv.status != http.StatusOK || !strings.Contains(csv.body, "Kind of record,Home visit,1,0,0.0,") || !strings.Contains(csv.body, "Worker,Ann Ash,1,0") {
		t.Errorf("csv: %d\n%s", csv.status, csv.body)
	}
	bad := m.get("/reports/timeliness?from=2026-11&to=2026-01")
	if bad.status != http.StatusUnprocessableEntity {
		t.Errorf("back to front: %d", bad.status)
	}
	mustContain(t, bad.body, "There is a problem", "The last month must be the same as or after the first month", `href="#to"`)
	if res := c.signIn(t, c.Prac).get("/reports/timeliness"); res.status != http.StatusForbidden {
		t.Errorf("a practitioner opening the report: %d", res.status)
	}
}

// An administrator adds a council closure day between a phone call and
// its deadline, and the draft's deadline moves a working day later. A
// zero time allowed is refused against its field and nothing changes.
func TestClosureDayMovesADeadline(t *testing.T) {
	c := newTestCouncil(t, "sqlite")
	ctx := t.Context()
	amy := c.amyAllocatedAt(time.Date(2026, 10, 1, 9, 0, 0, 0, kith.London))
	d, err := c.DB.CreateDraft(ctx, c.Actor(c.Prac), amy.Reference, kith.RecordInput{TemplateKey: "phone-call"})
	if err != nil {
		t.Fatal(err)
	}
	// Monday 2 November: due Monday 9 November.
	if _, err := c.DB.SaveDraft(ctx, c.Actor(c.Prac), d.ID, kith.RecordInput{TemplateKey: "phone-call", Version: d.Version, Headline: "Call with school",
		OccurredAt: time.Date(2026, 11, 2, 11, 0, 0, 0, kith.London)}); err != nil {
		t.Fatal(err)
	}
	draft := "/cases/" + amy.Reference + "/records/" + d.ID
	p := c.signIn(t, c.Prac)
	mustContain(t, p.get(draft).body, "Finalise by the end of <strong>9 November 2026</strong>")

	admin := c.signIn(t, c.Admin)
	page := admin.get("/settings/timeliness")
	if page.status != http.StatusOK {
		t.Fatalf("settings: %d", page.status)
	}
	mustContain(t, page.body, "Working days and deadlines", "England and Wales", "Write up a home visit", `name="clock.recording.offset"`, "Christmas Day")
	form := url.Values{"version": {"0"}, "nation": {"england-and-wales"}}
	for _, ck := range kith.DefaultPolicies().Clocks {
		form.Set("clock."+ck.Key+".offset", itoa(ck.Offset))
		form.Set("clock."+ck.Key+".unit", string(ck.Unit))
	}
	form.Set("clock.recording-home-visit.offset", "0")
	res := admin.post("/settings/timeliness", form)
	if res.status != http.StatusUnprocessableEntity {
		t.Fatalf("zero offset: %d", res.status)
	}
	mustContain(t, res.body, "There is a problem", "The time allowed for “Write up a home visit” must be more than zero", `href="#clock.recording-home-visit.offset"`)

	form.Set("clock.recording-home-visit.offset", "2")
	form.Set("closure-name", "Staff training day")
	for k, v := range map[string]string{"closure-from-day": "4", "closure-from-month": "11", "closure-from-year": "2026",
		"closure-to-day": "3", "closure-to-month": "11", "closure-to-year": "2026"} {
		form.Set(k, v)
	}
	res = admin.post("/settings/timeliness", form)
	mustContain(t, res.body, "There is a problem", "The last day of “Staff training day” must be the same as or after its first day")
	form.Set("closure-to-day", "4")
	form.Set("reason", "Training day")
	res = admin.post("/settings/timeliness", form)
	if res.status != http.StatusSeeOther {
		t.Fatalf("save: %d %s", res.status, text(res.body))
	}
	mustContain(t, admin.follow(res).body, "Working days and deadlines saved", "Remove Staff training day", "Training day")
	mustContain(t, p.get(draft).body, "Finalise by the end of <strong>10 November 2026</strong>")

	// A save begun before that one is refused, keeps what was typed, and
	// goes through when sent again over the newer version.
	form.Set("closure-name", "")
	for _, k := range []string{"closure-from-day", "closure-from-month", "closure-from-year", "closure-to-day", "closure-to-month", "closure-to-year"} {
		form.Del(k)
	}
	form.Set("clock.recording.offset", "6")
	res = admin.post("/settings/timeliness", form)
	if res.status != http.StatusConflict {
		t.Fatalf("a stale save: %d", res.status)
	}
	mustContain(t, res.body, "Someone changed the calendar and deadlines", `name="version" value="1"`, `name="clock.recording.offset" type="text" value="6"`)
	form.Set("version", "1")
	if res = admin.post("/settings/timeliness", form); res.status != http.StatusSeeOther {
		t.Fatalf("saving again: %d %s", res.status, text(res.body))
	}

	// Removing the closure (and the sixth day) puts the deadline back.
	form.Set("version", "2")
	form.Set("remove", "2026-11-04")
	form.Set("clock.recording.offset", "5")
	if res = admin.post("/settings/timeliness", form); res.status != http.StatusSeeOther {
		t.Fatalf("removing the closure: %d %s", res.status, text(res.body))
	}
	mustNotContain(t, admin.follow(res).body, "Remove Staff training day")
	mustContain(t, p.get(draft).body, "Finalise by the end of <strong>9 November 2026</strong>")

	if res := p.get("/settings/timeliness"); res.status != http.StatusForbidden {
		t.Errorf("a practitioner opening the settings: %d", res.status)
	}
}

// amyAllocatedAt opens Amy Alder's case in North and allocates it to Ann
// at a time in the past, so that clocks have been running since.
func (c *testCouncil) amyAllocatedAt(at time.Time) *kith.Case {
	kithtest.ClockOf(c.DB).Freeze(at)
	defer func() { kithtest.ClockOf(c.DB).Set(kithtest.Now()) }()
	return c.Allocate(c.Actor(c.Manager), c.Case(c.Actor(c.Prac), "Amy", "Alder", kithtest.Date(2015, 5, 5), c.T1), c.T1, c.Prac)
}
