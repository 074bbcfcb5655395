package e2e

import (
	"strings"
	"testing"
	"time"

	"kith"
	"kith/export"
	"kith/internal/kithtest"
	"kith/web"
)

// TestSubjectAccessOnAPhone: on a phone, an information governance officer
// signs in and lands on the requests; logs one without saying how identity
// was checked, is told so by the error summary with the name typed kept;
// saves it, sees it on the list with its days left in words; opens it and
// sees when it is due. Each page is axe clean and fits the phone.
func TestSubjectAccessOnAPhone(t *testing.T) {
	c := startKith(t, "sqlite", web.DefaultConfig())
	today := kithtest.Today()
	ig := c.User("ida.info", []kith.Role{kith.RoleInformationGovernance})
	mgr := c.Actor(c.Manager)
	jordan := c.Allocate(mgr, c.Case(c.Actor(c.Prac), "Jordan", "Alder", kithtest.Date(2006, 4, 1), c.North), c.North, c.Prac)

	b := newBrowser(t, c.URL)
	b.narrow()
	b.signIn(ig)
	b.see("Subject access requests", "No requests are logged yet.")
	b.fits()
	b.axe()
	b.press("Log a request")
	b.see("Log a subject access request")
	b.fits()
	b.axe()
	b.fill(map[string]string{"case_reference": jordan.Reference, "requester_name": "Jordan Alder"})
	b.choose("relation", "self")
	b.fill(dateFields("received_on", today.AddDays(-2)))
	b.press("Save")
	b.see("There is a problem", "Select how their identity was checked")
	b.errorSummaryWorks()
	if got := js[string](b, `document.getElementById("requester_name").value`); got != "Jordan Alder" {
		t.Errorf("the requester's name was %q after the refusal", got)
	}
	b.fits()
	b.axe()
	b.choose("identity_check", "photo_id")
	b.press("Save")
	b.see("saved", "Jordan Alder", jordan.Reference, "days left")
	b.fits()
	b.axe()
	b.press(kith.SARReference(today.AddDays(-2).Year, 1) + ": view or change")
	b.see("Jordan Alder’s record", "The month runs from "+today.AddDays(-2).Long(), "it can be extended until")
	b.fits()
	b.axe()
}

// TestSubjectAccessBundleJourney: an information governance officer, on
// a phone, runs a request from logging to the disclosed PDF: gathers the
// record, redacts one proposal, keeps another, adds a redaction by
// selecting words on the page, marks the page reviewed and finalises.
// The disclosed PDF holds none of the redacted words. Each page is axe
// clean and fits the phone.
func TestSubjectAccessBundleJourney(t *testing.T) {
	kithtest.NeedPDFTools(t)
	c := startKith(t, "sqlite", web.DefaultConfig())
	p := export.NewPrinter("")
	t.Cleanup(p.Close)
	c.Srv.SetPrinter(p)
	today := kithtest.Today()
	ig := c.User("ida.info", []kith.Role{kith.RoleInformationGovernance})
	prac := c.Actor(c.Prac)
	jordan := c.Allocate(c.Actor(c.Manager), c.Case(prac, "Jordan", "Alder", kithtest.Date(2006, 4, 1), c.North), c.North, c.Prac)
	if _, err := c.DB.AddNetworkMember(c.Ctx, prac, jordan.Reference, kith.NewNetworkMemberInput{
		Person: kith.PersonInput{FirstName: "Dean", LastName: "Alder"}, Relationship: kith.RelationshipInput{Kind: kith.RelParent, ParentalResponsibility: kith.Yes}}); err != nil {
		t.Fatal(err)
	}
	c.Finalised(prac, jordan.Reference, kith.RecordInput{TemplateKey: "phone-call", Headline: "Dean Alder rang about contact",
		OccurredAt: kithtest.Now().Add(-time.Hour).Truncate(time.Minute),
		Content: kith.RecordContent{"direction": {Text: "incoming"}, "phone_number": {Text: "07700 900 982"}, "other_party": {Text: "Dean Alder, Jordan’s father"},
			"purpose": {Text: "Contact at weekends."},
			"content": {Text: "Dean asked to see Jordan at weekends. His neighbour Mrs Okafor has offered her house for it; she worries about the noise. I will ask Jordan what he wants."}}})

	b := newBrowser(t, c.URL)
	b.narrow()
	b.signIn(ig)
	b.press("Log a request")
	b.fill(map[string]string{"case_reference": jordan.Reference, "requester_name": "Jordan Alder"})
	b.choose("relation", "self")
	b.choose("identity_check", "photo_id")
	b.fill(dateFields("received_on", today.AddDays(-2)))
	b.press("Save")
	b.press(kith.SARReference(today.AddDays(-2).Year, 1) + ": view or change")
	b.press("The record gathered for this request")
	b.see("Gather the record")
	b.fits()
	b.axe()
	b.press("Gather the record")
	b.see("The record is gathered: 2 pages", "Not reviewed")
	b.fits()
	b.axe()
	b.press("Phone call, page 1")
	b.see("Proposed redactions", "“Dean Alder”", "“Mrs Okafor”")
	b.fits()
	b.axe()
	// Redact every proposal but Mrs Okafor's: the officer keeps her in.
	js[bool](b, `(() => { document.querySelectorAll('input[type=radio][value=accepted]').forEach(r => { r.checked = true }); return true })()`)
	js[bool](b, `(() => { const l = [...document.querySelectorAll('legend')].find(l => l.textContent.includes('Mrs Okafor'));
		l.closest('fieldset').querySelector('input[value=rejected]').click(); return true })()`)
	// Select "she worries about the noise" on the page.
	js[bool](b, `(() => { const dd = [...document.querySelectorAll('[data-sar-text] dd')].find(d => d.textContent.includes('she worries'));
		const walker = document.createTreeWalker(dd, NodeFilter.SHOW_TEXT); let n;
		while ((n = walker.nextNode())) { const i = n.data.indexOf('she worries about the noise');
			if (i >= 0) { const r = document.createRange(); r.setStart(n, i); r.setEnd(n, i + 'she worries about the noise'.length);
				const s = window.getSelection(); s.removeAllRanges(); s.addRange(r); dd.dispatchEvent(new MouseEvent('mouseup', {bubbles: true})); return true } }
		return false })()`)
	if got := b.fieldValue("words"); got != "she worries about the noise" {
		t.Fatalf("selecting words filled %q", got)
	}
	b.see("Selected words copied")
	b.choose("reason", "third_party")
	b.choose("reviewed", "yes")
	b.press("Save and go on")
	b.see("Redaction added")
	b.press("All pages")
	b.see("Reviewed")
	// The key events Kith recorded itself: nothing to redact, reviewed.
	b.press("Key events, page 2")
	b.see("Case opened")
	b.choose("reviewed", "yes")
	b.press("Save and go on")
	b.see("Every page is reviewed")
	b.fits()
	b.axe()
	b.press("Finalise and make the disclosed PDF")
	b.see("The bundle is finalised", "Download the disclosed PDF")
	b.fits()
	b.axe()
	b.press("Read the redaction log")
	b.see("she worries about the noise", "Mrs Okafor", "Kept by")
	b.fits()
	b.axe()

	reqs, err := c.DB.SubjectAccessRequests(c.Ctx, c.Actor(ig))
	if err != nil {
		t.Fatal(err)
	}
	pdf, _, err := c.DB.SARDisclosure(c.Ctx, c.Actor(ig), reqs[0].ID)
	if err != nil {
		t.Fatal(err)
	}
	txt := strings.Join(strings.Fields(kithtest.PDFTool(t, pdf, "pdftotext", nil, "-")), " ")
	for _, gone := range []string{"Dean", "she worries about the noise"} {
		if strings.Contains(txt, gone) {
			t.Errorf("the disclosed PDF holds %q:\n%s", gone, txt)
		}
	}
	for _, kept := range []string{"Mrs Okafor", "I will ask Jordan what he wants"} {
		if !strings.Contains(txt, kept) {
			t.Errorf("the disclosed PDF lacks %q:\n%s", kept, txt)
		}
	}
}
