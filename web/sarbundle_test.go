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

// sarCase is a care leaver's case with a father and a sister in the
// network, a home visit naming them, and a letter from school uploaded
// with it whose file name names the sister.
func sarCase(t *testing.T, c *testCouncil) (*kith.Case, string) {
	t.Helper()
	prac := c.Actor(c.Prac)
	jordan := c.Allocate(c.Actor(c.Manager), c.Case(prac, "Jordan", "Alder", kithtest.Date(2006, 4, 1), c.T1), c.T1, c.Prac)
	dad, err := c.DB.AddNetworkMember(c.Ctx, prac, jordan.Reference, kith.NewNetworkMemberInput{
		Person: kith.PersonInput{FirstName: "Dean", LastName: "Alder"}, Relationship: kith.RelationshipInput{Kind: kith.RelParent, ParentalResponsibility: kith.Yes}})
	if err != nil {
		t.Fatal(err)
	}
	if err := c.DB.AddPhone(c.Ctx, prac, jordan.Reference, dad, kith.PhoneInput{Number: "07700 900 982", Kind: kith.PhoneMobile}); err != nil {
		t.Fatal(err)
	}
	if _, err := c.DB.AddNetworkMember(c.Ctx, prac, jordan.Reference, kith.NewNetworkMemberInput{
		Person:       kith.PersonInput{FirstName: "Maisie", LastName: "Alder", DateOfBirth: kithtest.Date(2015, 3, 2)},
		Relationship: kith.RelationshipInput{Kind: kith.RelSibling, LivesWithChild: true, ParentalResponsibility: kith.No}}); err != nil {
		t.Fatal(err)
	}
	b := c.signIn(t, c.Prac)
	draft := b.post("/cases/"+jordan.Reference+"/records/new", url.Values{"template": {"home-visit"}}).location
	if draft == "" {
		t.Fatal("no draft")
	}
	id := draft[len(draft)-36:]
	if res := uploadWith(t, b, draft+"/files/new", "maisie-school-report.txt", []byte("Attendance 98%."), map[string]string{"description": "Maisie Alder’s school report"}); res.status != http.StatusSeeOther {
		t.Fatalf("upload: %d %s", res.status, text(res.body))
	}
	v, err := c.DB.Record(c.Ctx, prac, id)
	if err != nil {
		t.Fatal(err)
	}
	in := v.Record.Input()
	in.Headline, in.OccurredAt, in.Location = "Visit after Dean Alder called", kithtest.Now().Add(-2*time.Hour).Truncate(time.Minute), "Home"
	for k, val := range map[string]kith.SectionValue{"present": {Others: "Jordan, his sister Maisie"}, "child_seen": {Answer: "yes"},
		"child_seen_alone": {Answer: "yes"}, "bedroom_seen": {Answer: "yes"}, "child_views": {Text: "Jordan said he wants to see more of his dad."},
		"discussion": {Text: "Dean rang me from 07700900982 before the visit. Her uncle Marcus was there; he said very little."},
		"concerns":   {Text: "Dean Alder drinks most evenings, Maisie told me."}, "observations": {Text: "The flat was warm and tidy."},
		"analysis": {Text: "Jordan is settled."}} {
		in.Content[k] = val
	}
	if _, err := c.DB.FinaliseRecord(c.Ctx, prac, id, in); err != nil {
		t.Fatal(err)
	}
	return jordan, id
}

// An information governance officer's request from logging to the
// disclosed PDF: the record gathered, one proposal accepted, one rejected,
// one redaction added; finalising refused until every page is reviewed;
// and the disclosed PDF's text layer, outline and file list holding none
// of what was redacted.
func TestSubjectAccessBundleToDisclosedPDF(t *testing.T) {
	kithtest.NeedPDFTools(t)
	c := newTestCouncil(t, "sqlite")
	printWithChromium(t, c)
	jordan, _ := sarCase(t, c)
	ida := c.User("ida.info", []kith.Role{kith.RoleInformationGovernance})
	b := c.signIn(t, ida)
	res := b.post("/subject-access/new", sarForm(jordan.Reference, "Jordan Alder", kithtest.Today().AddDays(-3)))
	if res.status != http.StatusSeeOther {
		t.Fatalf("log: %d %s", res.status, text(res.body))
	}
	reqs, err := c.DB.SubjectAccessRequests(c.Ctx, c.Actor(ida))
	if err != nil || len(reqs) != 1 {
		t.Fatal(reqs, err)
	}
	bundle := "/subject-access/" + reqs[0].ID + "/bundle"
	mustContain(t, b.get("/subject-access/"+reqs[0].ID).body, `href="`+bundle+`"`)
	mustContain(t, b.get(bundle).body, "Gather the record")
	res = b.post(bundle, url.Values{})
	if res.status != http.StatusSeeOther {
		t.Fatalf("gather: %d %s", res.status, text(res.body))
	}
	overview := b.follow(res).body
	mustContain(t, overview, "The record is gathered: 2 pages", "Home visit", "Key events", "Not reviewed")

	// Finalising first is refused, saying why.
	state := regexp.MustCompile(`name="state" value="([0-9a-f]+)"`).FindStringSubmatch(overview)
	if state == nil {
		t.Fatal("no state on the overview")
	}
	res = b.post(bundle+"/finalise", url.Values{"state": {state[1]}})
	if res.status != http.StatusUnprocessableEntity {
		t.Fatalf("finalise unreviewed: %d", res.status)
	}
	mustContain(t, res.body, "There is a problem", `href="#finalise"`, "2 of 2 pages are not reviewed yet")

	page := b.get(bundle + "/1").body
	type proposal struct{ text, id string }
	var proposals []proposal
	found := map[string]bool{}
	for _, m := range regexp.MustCompile(`<legend class="govuk-fieldset__legend govuk-fieldset__legend--s">\d+\. “([^”]+)”</legend>\s*<div id="decision-([0-9a-f-]+)-hint"`).FindAllStringSubmatch(page, -1) {
		proposals = append(proposals, proposal{m[1], m[2]})
		found[m[1]] = true
	}
	// maisie in the file's name, in lower case, is found too.
	for _, want := range []string{"Dean Alder", "07700900982", "Maisie", "Marcus", "maisie"} {
		if !found[want] {
			t.Errorf("no proposal for %q in %v", want, proposals)
		}
	}
	if found["Jordan"] || found["Jordan Alder"] {
		t.Error("the requester's own name was proposed")
	}
	// Accept all but Marcus (rejected: the reviewer judges him named
	// harmlessly); add "he said very little" with no reason first, then
	// overlapping a proposal: each refused, what was chosen kept.
	form := url.Values{"reviewed": {"yes"}, "go": {"next"}}
	for _, p := range proposals {
		d := "accepted"
		if p.text == "Marcus" {
			d = "rejected"
		}
		form.Set("decision-"+p.id, d)
	}
	bad := url.Values{}
	for k, v := range form {
		bad[k] = v
	}
	bad.Set("words", "he said very little")
	res = b.post(bundle+"/1", bad)
	if res.status != http.StatusUnprocessableEntity {
		t.Fatalf("a redaction without a reason: %d", res.status)
	}
	mustContain(t, res.body, `href="#reason"`, "Select why these words are redacted", "he said very little", `value="rejected" checked`)
	bad.Set("reason", "third_party")
	bad.Set("words", "Alder drinks")
	mustContain(t, b.post(bundle+"/1", bad).body, "overlaps a redaction already on this page")
	form.Set("words", "he said very little")
	form.Set("reason", "third_party")
	form.Set("note", "About the uncle")
	res = b.post(bundle+"/1", form)
	if res.status != http.StatusSeeOther {
		t.Fatalf("review: %d %s", res.status, text(res.body))
	}
	// Marcus kept, then "Marcus was there" redacted over him: the page marks
	// what will go, not the proposal kept beneath it.
	res = b.post(bundle+"/1", url.Values{"reviewed": {"yes"}, "words": {"Marcus was there"}, "reason": {"third_party"}})
	if res.status != http.StatusSeeOther {
		t.Fatalf("a redaction over a kept proposal: %d %s", res.status, text(res.body))
	}
	mustContain(t, b.get(bundle+"/1").body, `kith-redact--removed">Marcus was there<span class="kith-redact__n">`)
	// The key events page (the case opened and allocated) has nothing to
	// redact, and is reviewed too.
	mustContain(t, b.get(bundle+"/2").body, "Case opened and held by North", "Allocated to Ann Ash in North")
	if res = b.post(bundle+"/2", url.Values{"reviewed": {"yes"}}); res.status != http.StatusSeeOther {
		t.Fatalf("review the key events: %d %s", res.status, text(res.body))
	}
	overview = b.get(bundle).body
	mustContain(t, overview, "Reviewed", ">0<")
	// The preview shows the requester's document with what goes removed.
	preview := b.get(bundle + "/preview").body
	mustContain(t, preview, "Dear Jordan Alder", "[removed 1: someone else’s information]", "Her uncle [removed")
	mustNotContain(t, preview, "he said very little", "Dean Alder", "Marcus was there")
	state = regexp.MustCompile(`name="state" value="([0-9a-f]+)"`).FindStringSubmatch(overview)
	res = b.post(bundle+"/finalise", url.Values{"state": {state[1]}})
	if res.status != http.StatusSeeOther {
		t.Fatalf("finalise: %d %s", res.status, text(res.body))
	}
	mustContain(t, b.follow(res).body, "The bundle is finalised", "Download the disclosed PDF")

	res = b.get(bundle + "/disclosed.pdf")
	if res.status != http.StatusOK || res.header.Get("Content-Type") != "application/pdf" {
		t.Fatalf("disclosed PDF: %d %s", res.status, res.header.Get("Content-Type"))
	}
	pdf := []byte(res.body)
	info := kithtest.PDFTool(t, pdf, "pdfinfo", nil)
	if !regexp.MustCompile(`(?m)^Tagged:\s+yes$`).MatchString(info) {
		t.Errorf("not tagged:\n%s", info)
	}
	txt := kithtest.PDFTool(t, pdf, "pdftotext", nil, "-")
	outline := kithtest.PDFTool(t, pdf, "pdftohtml", []string{"-xml", "-stdout", "-i", "-q"})
	// Every redacted string, wherever it was (a headline, the text, a
	// file's name and description), is in neither the text nor the outline.
	for _, gone := range []string{"Dean Alder", "Dean rang", "07700900982", "Maisie", "he said very little", "Marcus was there", "maisie"} {
		if strings.Contains(strings.ToLower(txt), strings.ToLower(gone)) {
			t.Errorf("the disclosed PDF's text holds %q:\n%s", gone, txt)
		}
		if strings.Contains(strings.ToLower(outline), strings.ToLower(gone)) {
			t.Errorf("the disclosed PDF's outline or text holds %q", gone)
		}
	}
	for _, kept := range []string{"Jordan Alder", "Jordan said he wants to see more of his dad", "report.txt", "removed 1:", "someone else’s information",
		"another child’s information", "Home visit", "About this record", "Page 1 of"} {
		if !strings.Contains(txt, kept) {
			t.Errorf("the disclosed PDF lacks %q:\n%s", kept, txt)
		}
	}
	// The log, kept with the request, says what went, where and why.
	log := b.get(bundle + "/log").body
	mustContain(t, log, "Dean Alder", "he said very little", "About the uncle", "Added by Ida", "Proposed by Kith, accepted", "Marcus", "Kept by Ida")

	// After finalising nothing changes; nobody else reads any of it.
	if res := b.post(bundle+"/1", url.Values{"reviewed": {""}}); res.status != http.StatusConflict {
		t.Errorf("changed after finalising: %d", res.status)
	}
	for _, u := range []*kith.User{c.Prac, c.Manager, c.Outsider} {
		o := c.signIn(t, u)
		for _, p := range []string{bundle, bundle + "/1", bundle + "/log", bundle + "/preview", bundle + "/disclosed.pdf"} {
			if res := o.get(p); res.status == http.StatusOK {
				t.Errorf("%s read %s", u.Username, p)
			}
		}
	}
}
