package e2e

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"kith"
	"kith/internal/kithtest"
	"kith/web"
)

func TestSummaryJourneys(t *testing.T) {
	for _, engine := range kithtest.Engines {
		t.Run(engine, func(t *testing.T) { summaryJourneys(t, engine) })
	}
}

func summaryVisit(headline string, at time.Time, alone bool) kith.RecordInput {
	in := kith.RecordInput{TemplateKey: "home-visit", Headline: headline, OccurredAt: at, Location: "Home",
		Content: kith.RecordContent{
			"present":          {Others: "Amy and her mother Carol"},
			"child_seen":       {Answer: "yes"},
			"child_seen_alone": {Answer: "yes"},
			"bedroom_seen":     {Answer: "yes"},
			"child_views":      {Text: "Amy said: “I like my new room, it is quiet.”"},
			"discussion":       {Text: "School mornings."},
			"concerns":         {Text: "None raised today."},
			"observations":     {Text: "Warm and tidy; Amy's bed had clean sheets."},
			"analysis":         {Text: "Improving: mornings are calmer."},
		}}
	if !alone {
		in.Content["child_seen_alone"] = kith.SectionValue{Answer: "no", Reason: "Amy was asleep"}
	}
	return in
}

// A practitioner's case allocated four months ago has its summary overdue
// in My work. She starts it from there: the facts gathered show the visit
// where Amy was seen alone and the school's information, each linking to
// its record. Finalising with nothing written is refused, and so is
// finalising after a new record came in, until the facts are gathered
// again; then it is finalised, shared with the family, and the family
// version shows their comments and a glossary without the notes for the
// case file. The team manager trying to close a case no summary covers is
// taken to write the closing summary; a covered case goes to the closure.
func summaryJourneys(t *testing.T, engine string) {
	c := startKith(t, engine, web.DefaultConfig())
	tm := c.Actor(c.Manager)
	now := kithtest.Now()

	// Amy's case was opened and allocated to Ann four months ago; Ben's
	// ten days ago.
	allocatedAt := now.AddDate(0, -4, 0)
	allocatedOn := kith.DateOf(allocatedAt.In(kith.London))
	kithtest.ClockOf(c.DB).Freeze(allocatedAt.Add(-time.Hour))
	amy := c.Case(c.Actor(c.Prac), "Amy", "Alder", kithtest.Date(2015, 5, 5), c.North)
	kithtest.ClockOf(c.DB).Freeze(allocatedAt)
	amy = c.Allocate(tm, amy, c.North, c.Prac)
	kithtest.ClockOf(c.DB).Freeze(now.AddDate(0, 0, -10))
	ben := c.Allocate(tm, c.Case(c.Actor(c.Prac), "Ben", "Birch", kithtest.Date(2016, 6, 6), c.North), c.North, c.Prac)
	kithtest.ClockOf(c.DB).Set(kithtest.Now())
	defer func() { kithtest.ClockOf(c.DB).Set(kithtest.Now()) }()
	amyRef, benRef := amy.Reference, ben.Reference

	// In the period: a home visit where Amy was seen alone, and what her
	// school told Ann. Ben has a visit and no summary.
	visitAt := now.AddDate(0, 0, -30).Truncate(time.Minute)
	visitDay := kith.DateOf(visitAt.In(kith.London))
	visit := c.Finalised(c.Actor(c.Prac), amyRef, summaryVisit("Visit about school mornings", visitAt, true))
	schoolAt := now.AddDate(0, 0, -20).Truncate(time.Minute)
	schoolDay := kith.DateOf(schoolAt.In(kith.London))
	school := c.Finalised(c.Actor(c.Prac), amyRef, kith.RecordInput{TemplateKey: "agency-information", Headline: "School says attendance is up",
		OccurredAt: schoolAt, Content: kith.RecordContent{"agency": {Text: "Kithbury Primary School"}, "informant": {Text: "Ms Patel, head of year"},
			"how_received": {Text: "phone"}, "received_at": {Text: schoolAt.In(kith.London).Format("2006-01-02 15:04")},
			"information": {Text: "Amy has been in school every day for three weeks."}}})
	benVisitAt := now.AddDate(0, 0, -3).Truncate(time.Minute)
	c.Finalised(c.Actor(c.Prac), benRef, summaryVisit("Ben's first visit", benVisitAt, true))
	today := kith.DateOf(kithtest.Now().In(kith.London))

	b := newBrowser(t, c.URL)
	b.signIn(c.Prac)

	// My work: Amy's summary is overdue (three months from the
	// allocation), with a link to start it; Ben's is not due.
	b.open("/work")
	b.see("My work", "Overdue", "Case summary", "Start the summary")
	b.axe()
	startLinks := map[string]int{}
	for _, l := range b.links("ul.kith-work") {
		if strings.HasPrefix(l.Text, "Start the summary") {
			startLinks[l.Href]++
		}
	}
	if len(startLinks) != 1 || startLinks["/cases/"+amyRef+"/summaries/new"] != 1 {
		t.Fatalf("My work's summary links = %v; want one, to start Amy's", startLinks)
	}
	if row := js[string](b, `[...document.querySelectorAll("ul.kith-work li")].filter(r => r.innerText.includes("Start the summary")).map(r => r.innerText).join(" | ")`); !strings.Contains(row, "Amy Alder") ||
		!strings.Contains(row, "Case summary") || !strings.Contains(row, "working days overdue") {
		t.Fatalf("the summary's line in My work: %q", row)
	}

	// Start it: a three-monthly summary from the allocation to today,
	// ready to gather.
	b.press("Start the summary: Case summary for Amy Alder")
	b.see("Start a case summary", "Why are you writing the summary?", "Three-monthly summary", "First day the summary covers", "Last day the summary covers")
	b.axe()
	if got := b.checked("reason"); got != "periodic" {
		t.Errorf("the reason chosen is %q; want periodic", got)
	}
	for name, d := range map[string]kith.Date{"from": allocatedOn, "to": today} {
		for part, want := range dateFields(name, d) {
			if got := b.fieldValue(part); got != want {
				t.Errorf("%s = %q; want %q (%s)", part, got, want, d.Long())
			}
		}
	}
	// A last day still to come is refused, naming the field.
	// (Tomorrow, not the same day next year: on 29 February that is not
	// a date.)
	b.fill(dateFields("to", today.AddDays(1)))
	b.press("Gather the facts and start")
	b.see("There is a problem", "The summary cannot cover days still to come")
	b.axe()
	b.errorSummaryWorks()
	b.fill(dateFields("to", today))
	b.press("Gather the facts and start")
	b.see("Summary started: 2 records gathered from "+allocatedOn.Long()+" to "+today.Long(), "Case summary",
		"The facts from the record, "+allocatedOn.Long()+" to "+today.Long(), "Gather the facts again",
		"Your analysis of progress towards the plan's objectives", "The child's and family's views of progress", "Finalise the record")
	b.axe()
	draft := b.location()
	if !strings.Contains(draft, "/cases/"+amyRef+"/records/") {
		t.Fatalf("starting the summary led to %s", draft)
	}
	draftPath := draft[strings.Index(draft, "/cases/"):]
	if i := strings.IndexAny(draftPath, "#?"); i >= 0 {
		draftPath = draftPath[:i]
	}

	// The facts: seen alone on the visit's day, linking to the visit; the
	// school in the agencies table, linking to what it said.
	if got := b.textOf("#seen-alone"); got != "Seen alone: "+visitDay.Long() {
		t.Errorf("seen alone = %q; want the visit's day, %s", got, visitDay.Long())
	}
	if ls := b.links("#seen-alone"); len(ls) != 1 || ls[0].Text != visitDay.Long() || ls[0].Href != "/cases/"+amyRef+"/records/"+visit.ID {
		t.Errorf("seen alone links = %+v; want %s to record %s", ls, visitDay.Long(), visit.ID)
	}
	if got := b.textOf("#agencies tbody"); !strings.Contains(got, "Kithbury Primary School") || !strings.Contains(got, schoolDay.Long()) ||
		!strings.Contains(got, "School says attendance is up") {
		t.Errorf("agencies table = %q", got)
	}
	if ls := b.links("#agencies"); len(ls) != 1 || ls[0].Text != "School says attendance is up" || ls[0].Href != "/cases/"+amyRef+"/records/"+school.ID {
		t.Errorf("agency links = %+v; want the school's record %s", ls, school.ID)
	}
	b.linksWork("#facts")
	b.navigating(chromedp.Click(chromedp.Search(fmt.Sprintf(`//*[@id="seen-alone"]//a[normalize-space()=%q]`, visitDay.Long()))))
	b.see("Home visit: Visit about school mornings", "Amy and her mother Carol")
	b.axe()
	b.open(draftPath)

	// Finalising with nothing written is refused, naming both.
	b.press("Finalise the record")
	b.see("There is a problem", "Write your analysis of progress towards the plan's objectives", "Write the child's and family's views of progress")
	b.axe()
	if got := b.textOf(".govuk-error-summary"); !strings.Contains(got, "Write your analysis of progress towards the plan's objectives") ||
		!strings.Contains(got, "Write the child's and family's views of progress") {
		t.Fatalf("the error summary says %q", got)
	}
	b.errorSummaryWorks()

	analysis := "Amy goes to school every day now; the core group agreed the plan should carry on as it is."
	views := "Amy said “mornings are better”. Carol said she still worries about the summer holidays."
	internal := "Carol's neighbour told us about the rows; do not share where this came from."
	b.fill(map[string]string{"s.analysis": analysis, "s.views": views, "s.still_needed": "Carol to visit the holiday club with Amy.", "s.internal": internal})

	// A visit written up late, since the facts were gathered: finalising
	// now is refused until they are gathered again, the typing kept.
	lateAt := now.AddDate(0, 0, -2).Truncate(time.Minute)
	c.Finalised(c.Actor(c.Prac), amyRef, summaryVisit("Late write-up of a visit", lateAt, false))
	b.press("Finalise the record")
	b.see("There is a problem", "has changed since the facts were gathered", "Gather the facts again")
	b.axe()
	if got := b.fieldValue("s.analysis"); got != analysis {
		t.Fatalf("the analysis typed was lost: %q", got)
	}
	b.press("Gather the facts again")
	b.see("Draft saved and the facts gathered again", "What changed when the facts were gathered again", "Late write-up of a visit")
	b.axe()
	if got := b.fieldValue("s.analysis"); got != analysis {
		t.Fatalf("the analysis was lost when gathering again: %q", got)
	}
	if got := b.fieldValue("s.internal"); got != internal {
		t.Fatalf("the notes for the case file were lost when gathering again: %q", got)
	}
	b.press("Finalise the record")
	b.see("Summary finalised", "Three-monthly summary", "Shared with the child and family", "Not yet recorded as shared with the family",
		analysis, views, "Notes for the case file only", internal)
	b.notSee("There is a problem")
	b.axe()
	b.linksWork("main")

	// The case's summaries: this one covers the record.
	b.open("/cases/" + amyRef)
	b.press("Case summaries")
	b.see("Case summaries", "A finalised summary covers the record up to its last entry on", "Three-monthly summary", "Ann Ashgrove", "Final")
	b.notSee("Not covered")
	b.axe()
	b.linksWork("main")
	b.press(allocatedOn.Long() + " to " + today.Long())
	b.see("Case summary: Three-monthly summary, "+allocatedOn.Long()+" to "+today.Long(), "Final · locked", analysis)

	// Sharing it with the family: first without saying how, refused.
	b.press("Record sharing it with the family")
	b.see("Record sharing the summary with the family", "When was it shared?", "Who wrote the comments?")
	b.axe()
	for part, want := range dateFields("on", today) {
		if got := b.fieldValue(part); got != want {
			t.Errorf("%s = %q; want today, %q", part, got, want)
		}
	}
	b.press("Save")
	b.see("There is a problem", "Enter how the summary was shared", "Enter who it was shared and discussed with", "Select who wrote the comments")
	b.axe()
	b.errorSummaryWorks()
	comments := "We are proud of Amy. The mornings are calmer now."
	b.fill(map[string]string{"how": "At a home visit", "with": "Amy and her mother Carol", "comments": comments})
	b.choose("written_by", "family")
	b.press("Save")
	b.see("Sharing with the family recorded", "At a home visit, with Amy and her mother Carol.", "“"+comments+"”", "Written by them")
	b.notSee("Not yet recorded as shared with the family")
	b.axe()

	// The family version: their comments, the analysis, the glossary of
	// the words it uses; not the notes for the case file.
	b.press("Family version")
	b.see("Amy’s case summary", "From "+allocatedOn.Long()+" to "+today.Long(), "Written by Ann Ashgrove",
		"How things have gone, and what we think", analysis, "What you told us", views, "What happens next",
		"What you said about this summary", "“"+comments+"”", "What some words mean", "Case summary", "Core group",
		"We also heard from: Kithbury Primary School ("+schoolDay.Long()+")")
	b.notSee(internal, "Notes for the case file only", "Carol's neighbour")
	b.axe()
	b.linksWork("main")
	if got := b.textOf(".govuk-summary-list"); !strings.Contains(got, "Core group") || !strings.Contains(got, "Case summary") || strings.Contains(got, "Child protection conference") {
		t.Errorf("the glossary = %q; want the terms the summary uses and no others", got)
	}
	b.press("Back to the summary")
	b.see("Case summary: Three-monthly summary", "Final · locked", "Shared with the child and family", "“"+comments+"”")

	// The summary is no longer due in My work.
	b.open("/work")
	for _, l := range b.links("main") {
		if strings.HasPrefix(l.Text, "Start the summary") {
			t.Errorf("My work still offers %q after the summary was finalised", l.Text)
		}
	}

	// The team manager closing Ben's case, which no summary covers, is
	// taken to write the closing summary.
	m := newBrowser(t, c.URL)
	m.signIn(c.Manager)
	m.open("/cases/" + benRef)
	m.press("Close the case")
	m.see("Before the case closes, write a closing summary", "no finalised summary covers the record up to "+kith.DateOf(benVisitAt.In(kith.London)).Long(),
		"Start a case summary", "Closing the case", "Close the case without a summary")
	m.axe()
	m.linksWork("main")
	if loc := m.location(); !strings.HasSuffix(loc, "/cases/"+benRef+"/summaries/new?reason=closure") {
		t.Errorf("closing an uncovered case led to %s; want its summary start with the closure reason", loc)
	}
	if got := m.checked("reason"); got != "closure" {
		t.Errorf("the reason chosen is %q; want closure", got)
	}
	if got := m.textOf("#not-covered"); !strings.Contains(got, "No finalised summary covers the record") {
		t.Errorf("the page does not say why a summary is needed: %q", got)
	}
	// Closing without one asks why.
	m.press("Close the case without a summary")
	m.see("Close the case", "Why is the case closing?", "Why is the case closing without a closing summary?")
	m.axe()

	// Amy's case, which the summary covers, goes straight to the closure.
	m.open("/cases/" + amyRef)
	m.press("Close the case")
	m.see("Close the case", "Why is the case closing?")
	m.notSee("Before the case closes, write a closing summary", "Why is the case closing without a closing summary?")
	m.axe()
	if loc := m.location(); !strings.HasSuffix(loc, "/cases/"+amyRef+"/close") {
		t.Errorf("closing a covered case led to %s", loc)
	}
}
