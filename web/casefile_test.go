package web

import (
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"kith"
	"kith/internal/kithtest"
)

// The whole file as a PDF: asked for on the case, made in the background
// as the practitioner who asked (its progress on the page meanwhile),
// downloaded by anyone who may read the case, holding every record oldest
// first, refused to anyone else as an unknown case, and dropped after a
// week.
func TestWholeCaseFileAsAPDF(t *testing.T) {
	kithtest.NeedPDFTools(t)
	c := newTestCouncil(t, "sqlite")
	printWithChromium(t, c)
	prac := c.Actor(c.Prac)
	amy := c.Allocate(c.Actor(c.Manager), c.Case(prac, "Amy", "Alder", kithtest.Date(2015, 5, 5), c.T1), c.T1, c.Prac)
	visit := func(daysAgo int, observed string) {
		at := kithtest.Now().In(kith.London).AddDate(0, 0, -daysAgo).Truncate(time.Minute)
		c.Finalised(prac, amy.Reference, kith.RecordInput{TemplateKey: "home-visit", Headline: "Visit " + observed, OccurredAt: at, Location: "Home",
			Content: kith.RecordContent{"present": {Others: "Amy"}, "child_seen": {Answer: "yes"}, "child_seen_alone": {Answer: "yes"}, "bedroom_seen": {Answer: "yes"},
				"child_views": {Text: "Amy said she was fine."}, "discussion": {Text: "School."}, "concerns": {Text: "None."}, "observations": {Text: observed},
				"analysis": {Text: "Steady."}}})
	}
	visit(40, "The first visit of the autumn.")
	visit(20, "A middle visit.")
	visit(2, "The latest visit.")
	b := c.signIn(t, c.Prac)
	page := "/cases/" + amy.Reference + "/file"
	mustContain(t, b.get("/cases/"+amy.Reference+"/records").body, `href="`+page+`"`)
	mustContain(t, b.get(page).body, "The whole file as a PDF", "Make the PDF")

	// A period that ends before it starts is refused, the dates kept.
	bad := dateValues(dateValues(url.Values{}, "from", kithtest.Today().AddDays(-1)), "to", kithtest.Today().AddDays(-30))
	res := b.post(page, bad)
	if res.status != http.StatusUnprocessableEntity {
		t.Fatalf("a backwards period: %d", res.status)
	}
	mustContain(t, res.body, `href="#to-day"`, "The end of the period must be the same as or after its start")

	res = b.post(page, url.Values{})
	if res.status != http.StatusSeeOther {
		t.Fatalf("ask: %d %s", res.status, text(res.body))
	}
	listed := b.follow(res).body
	mustContain(t, listed, "Kith is making the PDF", "all records", "Waiting to start", "Check again")
	id := regexp.MustCompile(`data-case-file-status="/cases/[^/]+/file/([0-9a-f-]+)/status"`).FindStringSubmatch(listed)
	if id == nil {
		t.Fatal("no status link for the file being made")
	}
	if st := b.get(page + "/" + id[1] + "/status").body; !strings.Contains(st, `"state": "waiting"`) {
		t.Errorf("status %s", st)
	}
	made, err := c.srv.MakeNextCaseFile(c.Ctx)
	if err != nil || !made {
		t.Fatalf("made %v %v", made, err)
	}
	if made, _ := c.srv.MakeNextCaseFile(c.Ctx); made {
		t.Error("made a second file from one request")
	}
	listed = b.get(page).body
	mustContain(t, listed, "Download the PDF", "3 records")
	res = b.get(page + "/" + id[1] + "/pdf")
	if res.status != http.StatusOK || res.header.Get("Content-Type") != "application/pdf" {
		t.Fatalf("download: %d %s", res.status, res.header.Get("Content-Type"))
	}
	pdf := []byte(res.body)
	if info := kithtest.PDFTool(t, pdf, "pdfinfo", nil); !regexp.MustCompile(`(?m)^Tagged:\s+yes$`).MatchString(info) {
		t.Errorf("not tagged:\n%s", info)
	}
	txt := strings.Join(strings.Fields(kithtest.PDFTool(t, pdf, "pdftotext", nil, "-")), " ")
	first, middle, latest := strings.Index(txt, "The first visit of the autumn"), strings.Index(txt, "A middle visit"), strings.Index(txt, "The latest visit")
	if first < 0 || middle < first || latest < middle {
		t.Errorf("the records are not all there, oldest first (%d, %d, %d):\n%s", first, middle, latest, txt)
	}
	for _, want := range []string{"Amy Alder · " + amy.Reference, "Case file, all records", "Page 1 of", "OFFICIAL-SENSITIVE", "3 records"} {
		if !strings.Contains(txt, want) {
			t.Errorf("the case file lacks %q:\n%s", want, txt)
		}
	}
	// Made and downloaded: both in the case's access log.
	var requested, downloaded int
	for _, e := range exported(t, c, amy.Reference) {
		if e.SubjectType == "case_file" {
			downloaded++
		}
	}
	_, log, err := c.DB.AccessLog(c.Ctx, c.Actor(c.Manager), amy.Reference, kith.AccessLogFilter{})
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range log {
		if e.Action == kith.AuditCaseFileRequested {
			requested++
		}
	}
	if requested != 2 || downloaded != 1 {
		t.Errorf("audited: %d requests or makings, %d downloads", requested, downloaded)
	}

	// The manager may download it too; an outsider gets what an unknown
	// case gets.
	if res := c.signIn(t, c.Manager).get(page + "/" + id[1] + "/pdf"); res.status != http.StatusOK {
		t.Errorf("the manager's download: %d", res.status)
	}
	out := c.signIn(t, c.Outsider)
	for _, p := range []string{page, page + "/" + id[1] + "/pdf", page + "/" + id[1] + "/status"} {
		if res := out.get(p); res.status == http.StatusOK {
			t.Errorf("an outsider read %s", p)
		}
	}
	if res := out.post(page, url.Values{}); res.status == http.StatusSeeOther {
		t.Error("an outsider asked for the file")
	}

	// A week later the PDF is gone; the request says so.
	clock := kithtest.ClockOf(c.DB)
	clock.Set(kithtest.Now().AddDate(0, 0, kith.CaseFileKeepDays+1))
	defer clock.Set(kithtest.Now())
	b = c.signIn(t, c.Prac) // a week on, the session has ended
	if res := b.post(page, url.Values{}); res.status != http.StatusSeeOther {
		t.Fatalf("ask again: %d", res.status)
	}
	if _, err := c.srv.MakeNextCaseFile(c.Ctx); err != nil {
		t.Fatal(err)
	}
	mustContain(t, b.get(page).body, "No longer kept")
	if res := b.get(page + "/" + id[1] + "/pdf"); res.status != http.StatusNotFound {
		t.Errorf("an expired PDF: %d", res.status)
	}
}
