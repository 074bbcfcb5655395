package web

import (
	"bytes"
	"image"
	"image/color"
	"image/png"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"kith"
	"kith/internal/kithtest"
)

// pngOf is a small real PNG picture.
func pngOf(t testing.TB) []byte {
	t.Helper()
	img := image.NewRGBA(image.Rect(0, 0, 40, 30))
	for x := 0; x < 40; x++ {
		img.Set(x, 15, color.RGBA{200, 0, 0, 255})
	}
	var buf bytes.Buffer
	if err := png.Encode(&buf, img); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// TestPhotosOfDirectWork: Ann photographs Amy's three houses drawing on a
// home visit. Uploaded without a description for someone who cannot see
// it, it is refused with the error summary and her typing kept; with one,
// the draft, the record, its print and the running record's print show it
// as a thumbnail with her words as its alt text and who provided it and
// when. The picture is served (inline, as the PNG its bytes are, never
// sniffed) only to those who may read the record: not to someone with no
// business on the case, and once the record is withdrawn only to the
// case's managers.
func TestPhotosOfDirectWork(t *testing.T) {
	c := newTestCouncil(t, "sqlite")
	amy := c.Allocate(c.Actor(c.Manager), c.Case(c.Actor(c.Prac), "Amy", "Alder", kithtest.Date(2015, 5, 5), c.T1), c.T1, c.Prac)
	b := c.signIn(t, c.Prac)
	res := b.post("/cases/"+amy.Reference+"/records/new", url.Values{"template": {"home-visit"}})
	draft := res.location
	if draft == "" {
		t.Fatalf("new home visit: %d", res.status)
	}
	id := draft[len(draft)-36:]
	mustContain(t, b.get(draft).body, "Direct work: photos and scans", "three houses drawing", "Save and upload a file")

	drawing := pngOf(t)
	res = uploadWith(t, b, draft+"/files/new", "three-houses.jpg", drawing, map[string]string{"alt": "", "description": "Amy’s three houses drawing"})
	if res.status != http.StatusUnprocessableEntity {
		t.Fatalf("a picture without alt text: %d", res.status)
	}
	mustContain(t, res.body, "There is a problem", `href="#alt"`, "Describe the picture for someone who cannot see it",
		"Amy’s three houses drawing", `value="Amy"`, "Choose the file again")

	alt := "Three houses drawn in pencil: a man shouting in the house of worries, Amy’s cat in the house of good things"
	res = uploadWith(t, b, draft+"/files/new", "three-houses.jpg", drawing, map[string]string{"alt": alt, "description": "Amy’s three houses drawing"})
	if res.status != http.StatusSeeOther {
		t.Fatalf("upload: %d %s", res.status, text(res.body))
	}
	v, err := c.DB.Record(c.Ctx, c.Actor(c.Prac), id)
	if err != nil || len(v.Record.Attachments) != 1 {
		t.Fatalf("draft: %v %+v", err, v)
	}
	at := v.Record.Attachments[0]
	if at.ContentType != "image/png" || at.AltText != alt {
		t.Fatalf("stored as %q with alt %q", at.ContentType, at.AltText)
	}
	thumb := `<img class="kith-thumbnail" src="/files/` + at.ID + `" alt="Three houses drawn in pencil: a man shouting in the house of worries, Amy’s cat in the house of good things"`
	provenance := "Provided by Amy (the child), received " + kithtest.Today().AddDays(-7).Long() + "; uploaded by " + c.Prac.DisplayName
	mustContain(t, b.get(draft).body, thumb, provenance)

	// Finalised, it shows in the record, its print and the running record's.
	in := v.Record.Input()
	in.Headline, in.OccurredAt, in.Location = "Amy seen alone at home", kithtest.Now().Add(-2*time.Hour), "Home"
	for k, val := range map[string]kith.SectionValue{"present": {Others: "Amy and her mother"}, "child_seen": {Answer: "yes"},
		"child_seen_alone": {Answer: "yes"}, "bedroom_seen": {Answer: "yes"}, "child_views": {Text: "Amy said “my cat is the best thing”."},
		"discussion": {Text: "School"}, "concerns": {Text: "None"}, "observations": {Text: "Clean bedding."}, "analysis": {Text: "Progress."}} {
		in.Content[k] = val
	}
	if _, err := c.DB.FinaliseRecord(c.Ctx, c.Actor(c.Prac), id, in); err != nil {
		t.Fatal(err)
	}
	for _, page := range []string{draft, draft + "/print", "/cases/" + amy.Reference + "/records/print"} {
		mustContain(t, b.get(page).body, thumb, provenance, "Amy’s three houses drawing")
	}

	// Served inline as the picture it is, to those who may see it.
	file := b.get("/files/" + at.ID)
	if file.status != http.StatusOK || !bytes.Equal([]byte(file.body), drawing) {
		t.Fatalf("file: %d", file.status)
	}
	for h, want := range map[string]string{"Content-Type": "image/png", "X-Content-Type-Options": "nosniff", "Content-Disposition": "inline"} {
		if got := file.header.Get(h); !strings.HasPrefix(got, want) {
			t.Errorf("%s: %q, want %q", h, got, want)
		}
	}
	if res := c.signIn(t, c.Outsider).get("/files/" + at.ID); res.status != http.StatusNotFound {
		t.Errorf("someone with no business on the case: %d", res.status)
	}
	if err := c.DB.WithdrawRecord(c.Ctx, c.Actor(c.Manager), id, "Written on the wrong child's file"); err != nil {
		t.Fatal(err)
	}
	if res := b.get("/files/" + at.ID); res.status != http.StatusNotFound {
		t.Errorf("the writer, once it was withdrawn: %d", res.status)
	}
	mustNotContain(t, b.get(draft).body, at.ID)
	if res := c.signIn(t, c.Manager).get("/files/" + at.ID); res.status != http.StatusOK {
		t.Errorf("the case's manager, once it was withdrawn: %d", res.status)
	}
}

// A PDF is a scan, not a picture: it needs no alt text, is listed as a
// link and downloads rather than opening in the page.
func TestScanAsPDF(t *testing.T) {
	c := newTestCouncil(t, "sqlite")
	amy := c.Allocate(c.Actor(c.Manager), c.Case(c.Actor(c.Prac), "Amy", "Alder", kithtest.Date(2015, 5, 5), c.T1), c.T1, c.Prac)
	b := c.signIn(t, c.Prac)
	draft := b.post("/cases/"+amy.Reference+"/records/new", url.Values{"template": {"direct-session"}}).location
	res := uploadWith(t, b, draft+"/files/new", "scan0001", []byte("%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj"), map[string]string{"alt": "", "description": "Amy’s worksheet"})
	if res.status != http.StatusSeeOther {
		t.Fatalf("a PDF scan: %d %s", res.status, text(res.body))
	}
	page := b.get(draft).body
	mustContain(t, page, "scan0001</a> — Amy’s worksheet")
	mustNotContain(t, page, "kith-thumbnail")
	v, _ := c.DB.Record(c.Ctx, c.Actor(c.Prac), draft[len(draft)-36:])
	file := b.get("/files/" + v.Record.Attachments[0].ID)
	if got := file.header.Get("Content-Disposition"); !strings.HasPrefix(got, "attachment") || file.header.Get("Content-Type") != "application/pdf" {
		t.Errorf("a PDF is served as %q, %q", file.header.Get("Content-Type"), got)
	}
}

// The contact note is asked in the guidance's seven numbered steps, with
// where and when asked once, as step 2.
func TestContactNoteSteps(t *testing.T) {
	c := newTestCouncil(t, "sqlite")
	amy := c.Allocate(c.Actor(c.Manager), c.Case(c.Actor(c.Prac), "Amy", "Alder", kithtest.Date(2015, 5, 5), c.T1), c.T1, c.Prac)
	b := c.signIn(t, c.Prac)
	draft := b.post("/cases/"+amy.Reference+"/records/new", url.Values{"template": {"contact-note"}}).location
	page := b.get(draft).body
	mustContain(t, page, "1. Who attended", "2. Where and when", "See the family at home at least once a month", "3. Purpose",
		"4. What took place", "Photos and scans of the work", "5. Risks to self or others", "6. Actions", "7. Next session")
	if n := strings.Count(page, "When did it happen?"); n != 1 {
		t.Errorf("asks when %d times", n)
	}
	if strings.Index(page, "1. Who attended") > strings.Index(page, "When did it happen?") || strings.Index(page, "When did it happen?") > strings.Index(page, "3. Purpose") {
		t.Errorf("when and where is not step 2")
	}
	mustNotContain(t, page, "s.where_when")
}

// A contact note written on version 1 still reads as it was written: its
// own "Where and when" section, unnumbered, and no step that asks again.
func TestOldContactNoteReadsAsWritten(t *testing.T) {
	c := newTestCouncil(t, "sqlite")
	amy := c.Allocate(c.Actor(c.Manager), c.Case(c.Actor(c.Prac), "Amy", "Alder", kithtest.Date(2015, 5, 5), c.T1), c.T1, c.Prac)
	a := c.Actor(c.Prac)
	d, err := c.DB.CreateDraft(c.Ctx, a, amy.Reference, kith.RecordInput{TemplateKey: "contact-note"})
	if err != nil {
		t.Fatal(err)
	}
	// As if it was begun before version 2 was shipped.
	if _, err := c.DB.WritePool().Exec(`UPDATE records SET template_version = 1 WHERE id = $1`, d.ID); err != nil {
		t.Fatal(err)
	}
	if _, err := c.DB.FinaliseRecord(c.Ctx, a, d.ID, kith.RecordInput{TemplateKey: "contact-note", Version: d.Version, Headline: "Session with Amy",
		OccurredAt: kithtest.Now().Add(-2 * time.Hour), Content: kith.RecordContent{"attendees": {Others: "Amy"},
			"where_when": {Text: "The park, Tuesday 4pm"}, "purpose": {Text: "Her worries"}, "what_happened": {Text: "We talked."},
			"risks": {Text: "None"}, "next_session": {Text: "Next Tuesday"}}}); err != nil {
		t.Fatal(err)
	}
	page := c.signIn(t, c.Prac).get("/cases/" + amy.Reference + "/records/" + d.ID).body
	mustContain(t, page, "Where and when", "The park, Tuesday 4pm", "Who attended")
	mustNotContain(t, page, "1. Who attended", "2. Where and when")
}
