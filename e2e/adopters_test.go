package e2e

import (
	"testing"

	"kith"
	"kith/internal/kithtest"
	"kith/web"
)

// TestAdoptersRegisterOnAPhone: on a phone, a service manager adds a
// household to the adopters register; approval without an application
// is refused with the error summary and the names typed kept; saved, the
// household is on the register's list. Each page is axe clean and fits
// the phone.
func TestAdoptersRegisterOnAPhone(t *testing.T) {
	c := startKith(t, "sqlite", web.DefaultConfig())
	today := kithtest.Today()
	sm := c.User("sam.sage", []kith.Role{kith.RoleServiceManager})

	b := newBrowser(t, c.URL)
	b.signIn(sm)
	b.narrow()
	b.open("/adopters")
	b.see("The adopters register", "No households are recorded yet.")
	b.fits()
	b.axe()
	b.press("Add a household")
	b.see("Add a household to the adopters register")
	b.fits()
	b.axe()
	b.fill(map[string]string{"adopters.0.name": "Sam Rowe"})
	b.choose("adopters.0.sex", "F")
	b.pick("adopters.0.ethnicity", "WBRI")
	b.choose("adopters.0.disabled", "no")
	b.choose("fostering_for_adoption", "no")
	b.fill(dateFields("enquiry_on", today.AddDays(-300)))
	b.fill(dateFields("stage2_started_on", today.AddDays(-200)))
	b.fill(dateFields("approved_on", today.AddDays(-10)))
	b.press("Save")
	b.see("There is a problem", "Enter the date of the application: approval follows it")
	b.errorSummaryWorks()
	if got := js[string](b, `document.getElementById("adopters.0.name").value`); got != "Sam Rowe" {
		t.Errorf("the name was %q after the refusal", got)
	}
	b.fits()
	b.axe()
	b.fill(dateFields("application_on", today.AddDays(-210)))
	b.press("Save")
	b.see("saved", "Sam Rowe", "Approved "+today.AddDays(-10).Long())
	b.fits()
	b.axe()
}
