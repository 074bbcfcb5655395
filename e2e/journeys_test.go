package e2e

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"kith"
	"kith/internal/kithtest"
	"kith/web"
)

func TestSignInFindAChildAndOpenTheCase(t *testing.T) {
	c := startKith(t, "sqlite", web.DefaultConfig())
	cs := c.Case(c.Actor(c.Prac), "Jonathan", "Smyth", kithtest.Date(2015, 3, 12), c.North)
	c.Allocate(c.Actor(c.Manager), cs, c.North, c.Prac)
	b := newBrowser(t, c.URL)

	b.open("/cases")
	b.see("Sign in to Kith")
	b.axe()
	b.fill(map[string]string{"username": c.Prac.Username, "password": "not my password"})
	b.press("Sign in")
	b.see("There is a problem", "Enter a correct username and password")
	b.axe()
	b.fill(map[string]string{"username": c.Prac.Username, "password": kithtest.Password})
	b.press("Sign in")
	b.see("My cases", "Team cases", "Jonathan Smyth", cs.Reference)
	b.axe()

	b.press("Find a child")
	b.fill(map[string]string{"q": "Jonathon Smith"})
	b.press("Search")
	b.see("1 person found", "Jonathan Smyth", "Their own case", cs.Reference)
	b.axe()
	b.navigating(chromedp.Click(chromedp.Search(`//a[normalize-space()="` + cs.Reference + `"]`)))
	b.see("Jonathan Smyth", cs.Reference, "Allocated to Ann Ashgrove, Kithbury North", "Family and network", "Allocation history", "Key events")
	b.axe()
}

func TestCreateACaseWithAFamilyMember(t *testing.T) {
	for _, engine := range kithtest.Engines {
		t.Run(engine, func(t *testing.T) { createACaseWithAFamilyMember(t, engine) })
	}
}

func createACaseWithAFamilyMember(t *testing.T, engine string) {
	c := startKith(t, engine, web.DefaultConfig())
	b := newBrowser(t, c.URL)
	b.signIn(c.Prac)
	b.see("My work") // where signing in lands
	b.open("/cases")
	b.press("Open a case")
	b.see("Open a case for a child")
	b.axe()
	// Nothing typed, then an impossible date: every problem is listed and
	// links to its field.
	b.press("Open the case")
	b.see("There is a problem", "Enter the first name", "Enter the child's date of birth")
	b.axe()
	b.fill(map[string]string{"child_first_name": "Rowan", "child_last_name": "Thistledown", "child_date_of_birth-day": "31", "child_date_of_birth-month": "2", "child_date_of_birth-year": "2024"})
	b.press("Open the case")
	b.see("Date of birth must be a real date")
	b.do(chromedp.Click(chromedp.CSS(`.govuk-error-summary a[href="#child_date_of_birth-day"]`)))
	focused, _ := chromedp.Run(b.ctx, chromedp.Evaluate[string](`document.activeElement.id`))
	if focused != "child_date_of_birth-day" {
		t.Errorf("the error summary link focused %q", focused)
	}
	b.fill(map[string]string{"child_date_of_birth-day": "4", "child_date_of_birth-month": "5", "child_date_of_birth-year": "2016",
		"address_line1": "1 Fern Row", "address_town": "Kithton", "address_postcode": "QX1 1AA"})
	b.choose("status", "cin")
	b.press("Open the case")
	b.see("opened for Rowan Thistledown", "CIN", "1 Fern Row, Kithton, QX1 1AA")
	b.axe()

	b.press("Add a person")
	b.see("Are they already recorded?")
	b.axe()
	b.fill(map[string]string{"first_name": "Morag", "last_name": "Thistledown"})
	b.choose("kind", "parent")
	b.choose("lives_with_child", "yes")
	b.choose("parental_responsibility", "yes")
	b.press("Add to the network")
	b.see("Added to the network", "Morag Thistledown", "Relationship to Rowan", "Parent")
	b.axe()
	b.press("Add a phone number")
	b.fill(map[string]string{"number": "07700 900982"})
	b.press("Add the number")
	b.see("Phone number added", "07700 900982 Current")
	b.press("Back to the case")
	b.see("Morag Thistledown", "Parent", "07700 900982")
}

func TestManagerAllocatesTransfersClosesAndReopens(t *testing.T) {
	for _, engine := range kithtest.Engines {
		t.Run(engine, func(t *testing.T) { managerAllocatesTransfersClosesAndReopens(t, engine) })
	}
}

func managerAllocatesTransfersClosesAndReopens(t *testing.T, engine string) {
	c := startKith(t, engine, web.DefaultConfig())
	cs := c.Case(c.Actor(c.Prac), "Cara", "Coppice", kithtest.Date(2014, 1, 2), c.North)
	b := newBrowser(t, c.URL)
	b.signIn(c.Manager)
	b.see("Team work", "By worker", "Not allocated")
	b.axe()
	b.open("/cases")
	b.see("Team cases", "Cara Coppice", "Not allocated")
	b.axe()
	b.open("/cases/" + cs.Reference)
	b.press("Allocate")
	b.see("Allocate the case", "Ann Ashgrove", "Ben Brackenridge")
	b.axe()
	b.choose("worker_id", c.Prac.ID)
	b.press("Save the allocation")
	b.see("Allocation saved", "Allocated to Ann Ashgrove, Kithbury North", "Allocated to Ann Ashgrove in Kithbury North")
	b.press("Transfer")
	b.see("Transfer the case")
	// To another team: choose the team, then its worker, with a reason.
	b.do(chromedp.SetValue(chromedp.CSS("#team"), c.South.ID))
	b.press("Show this team's workers")
	b.see("Who in Kithbury South will hold the case?")
	b.choose("worker_id", "")
	b.press("Save the allocation")
	b.see("There is a problem", "Enter why the case is moving to Kithbury South")
	b.axe()
	b.fill(map[string]string{"reason": "The family has moved to the south of the borough"})
	b.press("Save the allocation")
	b.see("transferred. It is no longer in your teams")
	// The manager of North no longer holds it; an administrator makes them
	// manager of South too.
	if _, err := c.DB.UpdateTeam(context.Background(), kith.SystemActor(), c.South.ID, kith.TeamInput{Name: c.South.Name, ServiceID: c.South.ServiceID, ManagerIDs: []string{c.Manager.ID}}); err != nil {
		t.Fatal(err)
	}
	b.open("/cases/" + cs.Reference)
	b.see("Transferred to Kithbury South, unallocated")
	b.press("Close the case")
	b.see("Why is the case closing?")
	b.axe()
	b.choose("reason", "RC8")
	b.navigating(chromedp.Click(chromedp.CSS("button.govuk-button--warning")))
	b.see("Case closed", "Closed on")
	b.press("Reopen the case")
	b.see("Why is the case being reopened?")
	b.axe()
	today := kithtest.Today()
	b.fill(map[string]string{"reason": "New referral from the school", "referral_at-day": itoa(today.Day),
		"referral_at-month": itoa(int(today.Month)), "referral_at-year": itoa(today.Year)})
	js[bool](b, `(document.getElementById("referral_source").value = "2A") === "2A"`)
	b.press("Reopen the case")
	b.see("Case reopened", "Case reopened: New referral from the school", "Referral received from Schools (2A)", "Earlier episodes (1)")
	b.axe()
}

func TestRestrictedCaseIsInvisibleToOutsiders(t *testing.T) {
	c := startKith(t, "sqlite", web.DefaultConfig())
	cs := c.Case(c.Actor(c.Prac), "Secret", "Ashgrove", kithtest.Date(2012, 1, 1), c.North)
	mgr := newBrowser(t, c.URL)
	mgr.signIn(c.Manager)
	mgr.open("/cases/" + cs.Reference)
	mgr.press("Who can open this case")
	mgr.axe()
	mgr.press("Restrict the case")
	mgr.see("The case is restricted", "Access list", "Dee Dewfield")
	mgr.axe()

	out := newBrowser(t, c.URL)
	out.signIn(c.Outsider)
	out.open("/cases?view=team")
	out.notSee("Secret Ashgrove")
	out.open("/search?q=secret+ashgrove")
	out.see("No children or family members found")
	out.notSee("Secret")
	out.open("/cases/" + cs.Reference)
	out.see("Page not found")
	out.notSee("Secret")
	out.axe()
}

// TestIdleTimeout signs a practitioner out after a short idle period: the
// warning comes first, "Stay signed in" keeps them in, and when the time
// runs out what they were typing is kept for them.
func TestIdleTimeout(t *testing.T) {
	cfg := web.DefaultConfig()
	cfg.IdleTimeout, cfg.IdleWarning = 8*time.Second, 5*time.Second
	c := startKith(t, "sqlite", cfg)
	b := newBrowser(t, c.URL)
	b.signIn(c.Prac)
	b.open("/cases/new")
	b.fill(map[string]string{"child_first_name": "Juniper"})
	b.do(chromedp.WaitVisible(chromedp.CSS("dialog.kith-timeout")))
	b.see("You are about to be signed out", "Stay signed in")
	b.axe()
	b.do(chromedp.Click(chromedp.Search(`//button[normalize-space()="Stay signed in"]`)), chromedp.WaitNotVisible(chromedp.CSS("dialog.kith-timeout")))
	// The warning comes back; this time nobody answers.
	b.do(chromedp.WaitVisible(chromedp.CSS("dialog.kith-timeout")))
	ctx, cancel := context.WithTimeout(b.ctx, 20*time.Second)
	defer cancel()
	if err := chromedp.Do(ctx, chromedp.WaitVisible(chromedp.Search(`//*[contains(., "You were signed out because you had not used Kith for a while")]`))); err != nil {
		t.Fatalf("not signed out: %v (%s)", err, b.location())
	}
	b.see("We kept what you were typing")
	b.axe()
	if !strings.Contains(b.location(), "kept=") {
		t.Fatalf("sign-in page without a kept form: %s", b.location())
	}
	b.fill(map[string]string{"username": c.Prac.Username, "password": kithtest.Password})
	b.press("Sign in")
	b.see("We kept what you typed", "Open a case for a child")
	v, _ := chromedp.Run(b.ctx, chromedp.Value(chromedp.CSS("#child_first_name")))
	if v != "Juniper" {
		t.Errorf("kept first name %q, want Juniper", v)
	}
	b.axe()
}

// The accessibility check is only worth something if it can fail: a page
// with an unlabelled field and an image without alternative text must be
// caught.
func TestAxeFindsProblems(t *testing.T) {
	b := newBrowser(t, "")
	b.do(chromedp.Navigate(`data:text/html,<!DOCTYPE html><html><head><title>x</title></head><body><main><img src="a.png"><input type="text"></main></body></html>`))
	found := map[string]bool{}
	for _, v := range b.axeViolations() {
		found[v.ID] = true
	}
	for _, want := range []string{"image-alt", "label", "html-has-lang"} {
		if !found[want] {
			t.Errorf("axe did not report %s; reported %v", want, found)
		}
	}
}
