package e2e

import (
	"testing"

	"kith"
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
