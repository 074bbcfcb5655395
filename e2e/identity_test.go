package e2e

import (
	"strings"
	"testing"

	"kith/internal/kithtest"
	"kith/web"
)

func TestChildIdentityItems(t *testing.T) {
	for _, engine := range kithtest.Engines {
		t.Run(engine, func(t *testing.T) { childIdentityItems(t, engine) })
	}
}

// childIdentityItems: on a small phone a practitioner opens Tom's identity
// items from his case, types a UPN with a wrong check letter and a date of
// death that cannot be, and is told against each field with the rest kept;
// corrected, the items save and the history says what changed. With
// scripts off the form works the same.
func childIdentityItems(t *testing.T, engine string) {
	c := startKith(t, engine, web.DefaultConfig())
	prac := c.Actor(c.Prac)
	tom := c.Case(prac, "Tom", "Quill", kithtest.Date(2014, 1, 1), c.North)
	localID := strings.ReplaceAll(tom.Reference, "-", "")

	b := newBrowser(t, c.URL)
	b.signIn(c.Prac)
	b.narrow()
	b.open("/cases/" + tom.Reference)
	b.press("View or change Tom's identity items")
	b.see("Identity items for the statutory returns", localID, "Nothing has been recorded yet")
	b.fits()
	b.axe()

	b.press("Change the identity items")
	b.fill(map[string]string{"upn": "R247962919251", "date_of_death-day": "30", "date_of_death-month": "2", "date_of_death-year": "2024"})
	b.choose("sex", "M")
	b.choose("disabilities", "VIS")
	js[bool](b, `(document.getElementById("ethnicity").value = "WIRT") === "WIRT"`)
	b.press("Save")
	b.see("There is a problem", "The UPN has a check letter", "Date of death must be a real date")
	if v := js[string](b, `document.getElementById("upn").value + "|" + document.getElementById("ethnicity").value + "|" + document.querySelector("input[name=sex]:checked").value`); v != "R247962919251|WIRT|M" {
		t.Errorf("typed values after the refusal: %q", v)
	}
	b.fits()
	b.axe()

	b.fill(map[string]string{"upn": "A950000178301", "date_of_death-day": "", "date_of_death-month": "", "date_of_death-year": ""})
	b.press("Save")
	b.see("Identity items saved", "A950000178301", "Male (M)", "Traveller of Irish heritage (WIRT)", "Vision (VIS)",
		"Sex: Not recorded → Male (M)")
	b.shot("identity")
	b.fits()
	b.axe()

	o := newBrowser(t, c.URL)
	o.signIn(c.Prac)
	o.noScripts()
	o.open("/cases/" + tom.Reference + "/identity/edit")
	o.fill(map[string]string{"former_upn": "H243278544154"})
	o.press("Save")
	o.see("Identity items saved", "H243278544154", "Former UPN: Not recorded → H243278544154")
}
