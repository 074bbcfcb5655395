package e2e

import (
	"testing"

	"kith/internal/kithtest"
	"kith/web"
)

// TestFrontDoorOnAPhone: on a phone, a practitioner records a contact
// about a child that was not a referral (a date in the future and no
// outcome refused with the error summary, who made it kept), then an
// early help assessment; both are on the case page. Each page is axe
// clean and fits the phone.
func TestFrontDoorOnAPhone(t *testing.T) {
	c := startKith(t, "sqlite", web.DefaultConfig())
	today := kithtest.Today()
	ref := c.Allocate(c.Actor(c.Manager), c.Case(c.Actor(c.Prac), "Ava", "Oak", today.AddDays(-2500), c.North), c.North, c.Prac).Reference

	b := newBrowser(t, c.URL)
	b.signIn(c.Prac)
	b.narrow()
	b.open("/cases/" + ref)
	b.see("Contacts and early help", "No contacts before a referral and no early help assessments are recorded.")
	b.press("Record a contact about Ava that was not a referral")
	b.see("A contact about Ava that was not a referral", "Who made the contact?")
	b.fits()
	b.axe()
	b.fill(dateFields("contact_on", today.AddDays(1)))
	b.pick("source", "2A")
	b.press("Save")
	b.see("There is a problem", "The date of the contact cannot be in the future", "Select what happened to the contact")
	b.errorSummaryWorks()
	if got := js[string](b, `document.getElementById("source").value`); got != "2A" {
		t.Errorf("who made the contact was %q after the refusal", got)
	}
	b.fits()
	b.axe()
	b.fill(dateFields("contact_on", today.AddDays(-2)))
	b.choose("outcome", "early_help")
	b.press("Save")
	b.see("Contact saved", "Contact, "+today.AddDays(-2).Long(), "Passed to early help")
	b.fits()
	b.axe()

	b.press("Record an early help assessment")
	b.fits()
	b.axe()
	b.fill(dateFields("started_on", today.AddDays(-1)))
	b.fill(map[string]string{"organisation": "Oakfield Primary School"})
	b.press("Save")
	b.see("Early help assessment saved", "Early help assessment, started "+today.AddDays(-1).Long(), "Not completed yet", "By Oakfield Primary School")
	b.fits()
	b.axe()
}
