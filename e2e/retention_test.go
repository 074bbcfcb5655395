package e2e

import (
	"testing"
	"time"

	"kith"
	"kith/internal/kithtest"
	"kith/web"
)

// Two information governance officers dispose of a closed case's record
// in the browser, at phone width: the policy's bad input answered at its
// field, the record found due, proposed by one, refused nothing typed,
// approved by the other; the tombstone shown. Each page is axe clean and
// fits the phone.
func TestRetentionDisposalJourney(t *testing.T) {
	c := startKith(t, "sqlite", web.DefaultConfig())
	clk := kithtest.ClockOf(c.DB)
	// The case was open and closed more than two years ago.
	clk.Set(kith.InLondon(kithtest.Today().AddDays(-800), 10, 0))
	prac, tm := c.Actor(c.Prac), c.Actor(c.Manager)
	amy := c.Allocate(tm, c.Case(prac, "Amy", "Quennell", kithtest.Date(2015, 5, 5), c.North), c.North, c.Prac)
	c.Finalised(prac, amy.Reference, kith.RecordInput{TemplateKey: "phone-call", Headline: "School rang",
		OccurredAt: clk.Now().Add(-time.Hour).Truncate(time.Minute),
		Content: kith.RecordContent{"direction": {Text: "incoming"}, "phone_number": {Text: "01632 960 001"}, "other_party": {Text: "Kithbury Primary"},
			"purpose": {Text: "The school trip"}, "content": {Text: "School rang about the allotment trip."}}})
	o, err := c.DB.CaseOverview(c.Ctx, tm, amy.Reference)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := c.DB.CloseCase(c.Ctx, tm, amy.Reference, kith.CloseInput{Reason: "RC8", Version: o.Case.Version, WithoutSummary: "Moved away"}); err != nil {
		t.Fatal(err)
	}
	clk.Set(kithtest.Now())
	ida := c.User("ida.info", []kith.Role{kith.RoleInformationGovernance})
	ira := c.User("ira.info", []kith.Role{kith.RoleInformationGovernance})

	b := newBrowser(t, c.URL)
	b.narrow()
	b.signIn(ida)
	b.open("/retention")
	b.see("No record is due for disposal today")
	b.fill(map[string]string{"child_protection_years": "ten", "other_years": "1"})
	b.press("Save the policy")
	b.see("There is a problem", "Enter the years child protection records are kept after closure, from 1 to 100")
	b.fits()
	b.axe()
	b.fill(map[string]string{"child_protection_years": "1", "other_years": "1"})
	b.press("Save the policy")
	b.see("Retention policy saved", "1 record due")
	b.fits()
	b.axe()
	b.press(amy.Reference + ": propose disposal or place a hold")
	b.see("Due for disposal", "1 year after the case closed")
	b.fill(map[string]string{"proposal_note": "Checked against the schedule"})
	b.press("Propose disposal")
	b.see("another information governance officer must approve it", "You proposed it")
	b.fits()
	b.axe()

	b2 := newBrowser(t, c.URL)
	b2.narrow()
	b2.signIn(ira)
	b2.open("/retention/" + amy.Reference)
	b2.see("Disposal proposed", "Checked against the schedule")
	b2.fill(map[string]string{"decision_note": "Looks right"})
	b2.press("Save the decision")
	b2.see("There is a problem", "Select whether to approve the disposal or turn it down")
	if got := b2.fieldValue("decision_note"); got != "Looks right" {
		t.Errorf("the note typed came back as %q", got)
	}
	b2.fits()
	b2.axe()
	b2.choose("decision", kith.DisposalApprove)
	b2.press("Save the decision")
	b2.see("The record was disposed of: 1 record and 0 files removed", "Proposed by Ida Info")
	b2.fits()
	b2.axe()
}
