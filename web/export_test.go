package web

import (
	"context"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"kith"
	"kith/export"
	"kith/internal/kithtest"
)

// printWithChromium gives the council's server a printer with Chromium.
func printWithChromium(t *testing.T, c *testCouncil) {
	p := export.NewPrinter("")
	t.Cleanup(p.Close)
	c.srv.SetPrinter(p)
}

// finalVisit finalises a home visit on Amy's case as the practitioner.
func finalVisit(c *testCouncil, ref, observed string) *kith.Record {
	at := kithtest.Now().In(kith.London).Add(-2 * time.Hour).Truncate(time.Minute)
	return c.Finalised(c.Actor(c.Prac), ref, kith.RecordInput{TemplateKey: "home-visit", Headline: "After-school visit", OccurredAt: at, Location: "Home",
		Content: kith.RecordContent{"present": {Others: "Amy, Carol"}, "child_seen": {Answer: "yes"}, "child_seen_alone": {Answer: "yes"}, "bedroom_seen": {Answer: "yes"},
			"child_views": {Text: "Amy said “I like my room”."}, "discussion": {Text: "We talked about school mornings and the new bus."},
			"concerns": {Text: "None today."}, "observations": {Text: observed}, "analysis": {Text: "Mornings are calmer than they were."}}})
}

func exported(t *testing.T, c *testCouncil, ref string) []kith.AuditEvent {
	t.Helper()
	_, log, err := c.DB.AccessLog(context.Background(), c.Actor(c.Manager), ref, kith.AccessLogFilter{})
	if err != nil {
		t.Fatal(err)
	}
	var out []kith.AuditEvent
	for _, e := range log {
		if e.Action == kith.AuditRecordExported {
			out = append(out, e)
		}
	}
	return out
}

func TestRecordAsAPDF(t *testing.T) {
	kithtest.NeedPDFTools(t)
	c := newTestCouncilConfigured(t, "sqlite", func(cfg *Config) { cfg.Marking = "OFFICIAL-SENSITIVE PERSONAL" })
	printWithChromium(t, c)
	amy := c.Allocate(c.Actor(c.Manager), c.Case(c.Actor(c.Prac), "Amy", "Alder", kithtest.Date(2015, 5, 5), c.T1), c.T1, c.Prac)
	r := finalVisit(c, amy.Reference, "Three bags of rubbish by the back door; clean bedding on Amy's bed.")
	page := "/cases/" + amy.Reference + "/records/" + r.ID
	b := c.signIn(t, c.Prac)

	mustContain(t, b.get(page).body, `href="`+page+`/pdf"`, "Download it as a PDF")
	res := b.get(page + "/pdf")
	if res.status != http.StatusOK || res.header.Get("Content-Type") != "application/pdf" || !strings.HasPrefix(res.body, "%PDF-") {
		t.Fatalf("record PDF: %d %s %.200s", res.status, res.header.Get("Content-Type"), res.body)
	}
	day := kith.DateOf(r.OccurredAt.In(kith.London))
	wantName := "attachment; filename=\"" + strings.ToLower(amy.Reference) + "-home-visit-" + day.String() + ".pdf\""
	if got := res.header.Get("Content-Disposition"); got != wantName {
		t.Errorf("Content-Disposition = %q, want %q", got, wantName)
	}
	pdf := []byte(res.body)
	info := kithtest.PDFTool(t, pdf, "pdfinfo", nil)
	if !regexp.MustCompile(`(?m)^Tagged:\s+yes$`).MatchString(info) {
		t.Errorf("not tagged:\n%s", info)
	}
	txt := kithtest.PDFTool(t, pdf, "pdftotext", []string{"-layout"}, "-")
	for _, want := range []string{"OFFICIAL-SENSITIVE PERSONAL", "Amy Alder · " + amy.Reference, "Home visit, " + day.Long(), "Page 1 of",
		"After-school visit", "Three bags of rubbish by the back door", "I like my room", "SHA-256"} {
		if !strings.Contains(txt, want) {
			t.Errorf("the PDF lacks %q:\n%s", want, txt)
		}
	}
	for _, screenOnly := range []string{"Back to the running record", "Sign out", "Skip to main content"} {
		if strings.Contains(txt, screenOnly) {
			t.Errorf("the PDF holds the screen's %q:\n%s", screenOnly, txt)
		}
	}
	outline := kithtest.PDFTool(t, pdf, "pdftohtml", []string{"-xml", "-stdout", "-i", "-q"})
	if i := strings.Index(outline, "<outline"); i < 0 || !strings.Contains(outline[i:], "Amy Alder ("+amy.Reference+")") {
		t.Errorf("no outline from the headings:\n%.3000s", outline)
	}
	if ev := exported(t, c, amy.Reference); len(ev) != 1 || ev[0].SubjectID != r.ID || ev[0].SubjectType != "record" || ev[0].UserID != c.Prac.ID {
		t.Errorf("export audited as %+v, want one record.exported by the practitioner", ev)
	}

	// The running record, filtered: only what the filter chose. (The
	// access log lists the newest first.)
	finalVisit(c, amy.Reference, "A new bicycle in the hall.")
	res = b.get("/cases/" + amy.Reference + "/records/pdf?type=home-visit")
	if res.status != http.StatusOK || res.header.Get("Content-Type") != "application/pdf" {
		t.Fatalf("running record PDF: %d %s", res.status, text(res.body))
	}
	txt = kithtest.PDFTool(t, []byte(res.body), "pdftotext", nil, "-")
	for _, want := range []string{"Amy Alder (" + amy.Reference + ")", "Running record. Printed", "Three bags of rubbish", "A new bicycle in the hall"} {
		if !strings.Contains(txt, want) {
			t.Errorf("the running record's PDF lacks %q:\n%s", want, txt)
		}
	}
	if res := b.get("/cases/" + amy.Reference + "/records/pdf?type=phone-call"); !strings.Contains(kithtest.PDFTool(t, []byte(res.body), "pdftotext", nil, "-"), "No records") {
		t.Errorf("a filter that matches nothing: %d", res.status)
	}
	// Dates that are not dates: the print page says what is wrong, no PDF.
	res = b.get("/cases/" + amy.Reference + "/records/pdf?from-day=31&from-month=2&from-year=2026")
	if res.status != http.StatusUnprocessableEntity || res.header.Get("Content-Type") == "application/pdf" {
		t.Errorf("an impossible from date: %d %s", res.status, res.header.Get("Content-Type"))
	}
	if ev := exported(t, c, amy.Reference); len(ev) != 3 || ev[1].SubjectType != "records" || !strings.Contains(ev[1].Detail, "2 records") {
		t.Errorf("running record exports audited as %+v", ev)
	}

	// Someone who may not read the case gets what an unknown case gets.
	out := c.signIn(t, c.Outsider)
	for _, p := range []string{page + "/pdf", "/cases/" + amy.Reference + "/records/pdf"} {
		if res := out.get(p); res.status != out.get("/cases/KTH-1999-999999/records/pdf").status || res.header.Get("Content-Type") == "application/pdf" {
			t.Errorf("outsider %s: %d %s", p, res.status, res.header.Get("Content-Type"))
		}
	}
	if res := b.get("/cases/" + amy.Reference + "/records/no-such-record/pdf"); res.status != http.StatusNotFound {
		t.Errorf("no such record: %d", res.status)
	}
}

func TestRecordPDFWithoutChromiumOffersThePrintPage(t *testing.T) {
	c := newTestCouncil(t, "sqlite")
	c.srv.SetPrinter(&export.Printer{}) // no Chromium
	amy := c.Allocate(c.Actor(c.Manager), c.Case(c.Actor(c.Prac), "Amy", "Alder", kithtest.Date(2015, 5, 5), c.T1), c.T1, c.Prac)
	r := finalVisit(c, amy.Reference, "Clean bedding.")
	b := c.signIn(t, c.Prac)
	for _, p := range []string{"/cases/" + amy.Reference + "/records/" + r.ID + "/pdf", "/cases/" + amy.Reference + "/records/pdf"} {
		res := b.get(p)
		if res.status != http.StatusOK || !strings.HasPrefix(res.header.Get("Content-Type"), "text/html") {
			t.Fatalf("%s: %d %s", p, res.status, res.header.Get("Content-Type"))
		}
		mustContain(t, res.body, "Kith cannot make PDFs on this server because Chromium is not installed", "Clean bedding.")
	}
	if ev := exported(t, c, amy.Reference); len(ev) != 0 {
		t.Errorf("no PDF was made, but %d exports were audited", len(ev))
	}
}

func TestRecordPDFHoldsItsPictures(t *testing.T) {
	kithtest.NeedPDFTools(t)
	c := newTestCouncil(t, "sqlite")
	printWithChromium(t, c)
	amy := c.Allocate(c.Actor(c.Manager), c.Case(c.Actor(c.Prac), "Amy", "Alder", kithtest.Date(2015, 5, 5), c.T1), c.T1, c.Prac)
	b := c.signIn(t, c.Prac)
	draft := b.post("/cases/"+amy.Reference+"/records/new", url.Values{"template": {"home-visit"}}).location
	if draft == "" {
		t.Fatal("no draft")
	}
	id := draft[len(draft)-36:]
	if res := uploadWith(t, b, draft+"/files/new", "three-houses.png", pngOf(t), map[string]string{"description": "Amy’s three houses drawing"}); res.status != http.StatusSeeOther {
		t.Fatalf("upload picture: %d %s", res.status, text(res.body))
	}
	if res := uploadWith(t, b, draft+"/files/new", "school-letter.txt", []byte("Dear Ms Ash, Amy's attendance is 98%."), map[string]string{"description": "Letter from school"}); res.status != http.StatusSeeOther {
		t.Fatalf("upload letter: %d %s", res.status, text(res.body))
	}
	v, err := c.DB.Record(c.Ctx, c.Actor(c.Prac), id)
	if err != nil {
		t.Fatal(err)
	}
	in := v.Record.Input()
	in.Headline, in.OccurredAt, in.Location = "Amy seen alone at home", kithtest.Now().Add(-2*time.Hour).Truncate(time.Minute), "Home"
	for k, val := range map[string]kith.SectionValue{"present": {Others: "Amy and her mother"}, "child_seen": {Answer: "yes"},
		"child_seen_alone": {Answer: "yes"}, "bedroom_seen": {Answer: "yes"}, "child_views": {Text: "Amy said “my cat is the best thing”."},
		"discussion": {Text: "School"}, "concerns": {Text: "None"}, "observations": {Text: "Clean bedding."}, "analysis": {Text: "Progress."}} {
		in.Content[k] = val
	}
	if _, err := c.DB.FinaliseRecord(c.Ctx, c.Actor(c.Prac), id, in); err != nil {
		t.Fatal(err)
	}
	res := b.get(draft + "/pdf")
	if res.status != http.StatusOK || res.header.Get("Content-Type") != "application/pdf" {
		t.Fatalf("PDF: %d %s", res.status, text(res.body))
	}
	images := kithtest.PDFTool(t, []byte(res.body), "pdfimages", []string{"-list"})
	if !regexp.MustCompile(`(?m)^\s*\d+\s+\d+\s+image\s+40\s+30\s`).MatchString(images) {
		t.Errorf("the drawing is not in the PDF as a 40×30 picture:\n%s", images)
	}
	txt := kithtest.PDFTool(t, []byte(res.body), "pdftotext", nil, "-")
	for _, want := range []string{"Amy’s three houses drawing", "school-letter.txt", "Letter from", "Provided by Amy"} {
		if !strings.Contains(txt, want) {
			t.Errorf("the PDF lacks %q:\n%s", want, txt)
		}
	}
	if strings.Contains(txt, "/files/") {
		t.Errorf("the PDF prints Kith's own link targets, which mean nothing on paper:\n%s", txt)
	}
}

func TestChronologiesAsPDFs(t *testing.T) {
	kithtest.NeedPDFTools(t)
	c := newTestCouncil(t, "sqlite")
	printWithChromium(t, c)
	amy := c.Allocate(c.Actor(c.Manager), c.Case(c.Actor(c.Prac), "Amy", "Alder", kithtest.Date(2015, 5, 5), c.T1), c.T1, c.Prac)
	finalVisit(c, amy.Reference, "Three bags of rubbish by the back door.")
	b := c.signIn(t, c.Prac)
	base := "/cases/" + amy.Reference

	mustContain(t, b.get(base+"/chronology").body, `href="`+base+`/chronology/pdf"`)
	res := b.get(base + "/chronology/pdf")
	if res.status != http.StatusOK || res.header.Get("Content-Type") != "application/pdf" {
		t.Fatalf("chronology PDF: %d %s", res.status, text(res.body))
	}
	txt := kithtest.PDFTool(t, []byte(res.body), "pdftotext", nil, "-")
	if strings.Contains(txt, "See it on the case") {
		t.Errorf("the PDF has links that lead nowhere on paper:\n%s", txt)
	}
	for _, want := range []string{"Chronology of Amy Alder", "Allocated to Ann", "Amy Alder · " + amy.Reference, "OFFICIAL-SENSITIVE"} {
		if !strings.Contains(txt, want) {
			t.Errorf("the chronology's PDF lacks %q:\n%s", want, txt)
		}
	}

	ch, err := c.DB.CreateChronology(c.Ctx, c.Actor(c.Prac), amy.Reference, kith.ChronologyInput{Title: "For the initial conference", Purpose: "conference"})
	if err != nil {
		t.Fatal(err)
	}
	res = b.get(base + "/chronologies/" + ch.ID + "/pdf")
	if res.status != http.StatusOK || res.header.Get("Content-Type") != "application/pdf" {
		t.Fatalf("curated chronology PDF: %d %s", res.status, text(res.body))
	}
	if txt := kithtest.PDFTool(t, []byte(res.body), "pdftotext", nil, "-"); !strings.Contains(txt, "For the initial conference") {
		t.Errorf("the curated chronology's PDF:\n%s", txt)
	}

	// Each is audited as a chronology leaving Kith as a PDF.
	_, log, err := c.DB.AccessLog(c.Ctx, c.Actor(c.Manager), amy.Reference, kith.AccessLogFilter{})
	if err != nil {
		t.Fatal(err)
	}
	pdfs := 0
	for _, e := range log {
		if e.Action == kith.AuditChronologyExported && strings.HasSuffix(e.Detail, "(pdf)") {
			pdfs++
		}
	}
	if pdfs != 2 {
		t.Errorf("%d chronology PDFs in the access log, want 2", pdfs)
	}
	// An outsider gets what an unknown case gets.
	if res := c.signIn(t, c.Outsider).get(base + "/chronology/pdf"); res.status != http.StatusNotFound || res.header.Get("Content-Type") == "application/pdf" {
		t.Errorf("outsider: %d", res.status)
	}
}
