package e2e

import (
	"testing"

	"kith/internal/kithtest"
	"kith/web"
)

func TestReferralDecisionJourney(t *testing.T) {
	for _, engine := range kithtest.Engines {
		t.Run(engine, func(t *testing.T) { referralDecisionJourney(t, engine) })
	}
}

// referralDecisionJourney: on a small phone, a practitioner records the
// referral on a case opened without one, sees the decision due, records
// it, and the case page shows who decided and when; with scripts off the
// decision form refuses an empty choice and keeps the need chosen.
func referralDecisionJourney(t *testing.T, engine string) {
	c := startKith(t, engine, web.DefaultConfig())
	prac, mgr := c.Actor(c.Prac), c.Actor(c.Manager)
	tom := c.Allocate(mgr, c.Case(prac, "Tom", "Quill", kithtest.Date(2014, 1, 1), c.North), c.North, c.Prac)
	today := kithtest.Today()

	b := newBrowser(t, c.URL)
	b.signIn(c.Prac)
	b.narrow()
	b.open("/cases/" + tom.Reference)
	b.see("Referral and episode", "Not recorded")
	b.press("Record the referral")
	b.fill(map[string]string{"referral_at-day": itoa(today.Day), "referral_at-month": itoa(int(today.Month)), "referral_at-year": itoa(today.Year)})
	js[bool](b, `(document.getElementById("referral_source").value = "6") === "6"`)
	b.fits()
	b.axe()
	b.press("Save")
	b.see("Referral saved", "Police (6)", "Due by", "Within 1 working day of the referral")
	b.fits()
	b.axe()

	o := newBrowser(t, c.URL)
	o.signIn(c.Prac)
	o.noScripts()
	o.open("/cases/" + tom.Reference + "/referral/decision")
	js[bool](o, `(document.getElementById("primary_need").value = "N1") === "N1"`)
	o.press("Save the decision")
	o.see("There is a problem", "Select what was decided")
	if v := js[string](o, `document.getElementById("primary_need").value`); v != "N1" {
		t.Errorf("the need after the refusal: %q", v)
	}
	o.choose("decision", "strategy_discussion")
	o.press("Save the decision")
	o.see("Decision saved", "Strategy discussion, "+today.Long())
	o.notSee("Due by")
}
