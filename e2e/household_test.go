package e2e

import (
	"strings"
	"testing"

	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"

	"kith"
	"kith/internal/kithtest"
	"kith/web"
)

// noScripts turns the page's JavaScript off, as a browser with scripts
// blocked would have it, from the next page on.
func (b *browser) noScripts() {
	b.t.Helper()
	if _, err := chromedp.Call(b.ctx, emulation.SetScriptExecutionDisabled, emulation.SetScriptExecutionDisabledParams{Value: true}); err != nil {
		b.t.Fatal(err)
	}
}

// scriptsRan says whether GOV.UK Frontend's script ran on the page (it
// marks the body when it does).
func (b *browser) scriptsRan() bool {
	b.t.Helper()
	return js[bool](b, `document.body.classList.contains("govuk-frontend-supported")`)
}

func TestDidYouMean(t *testing.T) {
	for _, engine := range kithtest.Engines {
		t.Run(engine, func(t *testing.T) { didYouMean(t, engine) })
	}
}

// didYouMean: on a small phone, a practitioner searching the records for a
// misspelt word is offered the word their council writes, and the link
// runs that search; a colleague not on a restricted case's list is never
// offered a word only that case holds. With scripts off it works the same.
func didYouMean(t *testing.T, engine string) {
	c := startKith(t, engine, web.DefaultConfig())
	prac, mgr := c.Actor(c.Prac), c.Actor(c.Manager)
	amy := c.Allocate(mgr, c.Case(prac, "Amy", "Alder", kithtest.Date(2015, 5, 5), c.North), c.North, c.Prac)
	rose := c.Allocate(mgr, c.Case(prac, "Rose", "Thorne", kithtest.Date(2014, 3, 3), c.North), c.North, c.Prac)
	visit := func(n int, saw string) kith.RecordInput {
		in := kithtest.VisitInput(n)
		in.Content["observations"] = kith.SectionValue{Text: saw}
		return in
	}
	c.Finalised(prac, amy.Reference, visit(1, "Amy made pancakes with her brother."))
	c.Finalised(prac, rose.Reference, visit(2, "Rose showed me her trampoline."))
	cur, _, err := c.DB.Case(t.Context(), mgr, rose.Reference, kith.ManageAccess)
	if err != nil {
		t.Fatal(err)
	}
	if err := c.DB.SetRestricted(t.Context(), mgr, rose.Reference, true, cur.Version); err != nil {
		t.Fatal(err)
	}

	b := newBrowser(t, c.URL)
	b.signIn(c.Prac)
	b.narrow()
	b.open("/records/search")
	b.fill(map[string]string{"q": "pankakes"})
	b.press("Search")
	b.see("No records you can see match", "Did you mean pancakes?")
	b.shot("did-you-mean")
	b.fits()
	b.axe()
	b.press("pancakes")
	b.see("Records found", "Amy Alder")
	b.notSee("Did you mean")
	if got := js[string](b, `document.getElementById("q").value`); got != "pancakes" {
		t.Errorf("the search box says %q", got)
	}
	b.fits()
	b.axe()
	// Bad input keeps what was typed and says what to do.
	b.fill(map[string]string{"q": "-pankakes"})
	b.press("Search")
	b.see("There is a problem", "Enter words to search for, not only words to leave out")
	b.notSee("Did you mean")
	b.fits()
	b.axe()

	// Ben is in the team but not on Rose's list.
	o := newBrowser(t, c.URL)
	o.signIn(c.Prac2)
	o.narrow()
	o.open("/records/search?q=trampolene")
	o.see("No records you can see match")
	o.notSee("Did you mean", "trampoline")
	o.axe()
	// Without scripts, the form and the link work the same.
	o.noScripts()
	o.open("/records/search")
	if o.scriptsRan() || !b.scriptsRan() {
		t.Fatal("scripts are not off for one browser and on for the other")
	}
	o.fill(map[string]string{"q": "pankakes"})
	o.press("Search")
	o.see("Did you mean pancakes?")
	o.press("pancakes")
	o.see("Records found", "Amy Alder")
	o.fits()
}

func TestHouseholdView(t *testing.T) {
	for _, engine := range kithtest.Engines {
		t.Run(engine, func(t *testing.T) { householdView(t, engine) })
	}
}

// householdView: from Tom's case a practitioner opens the household on a
// small phone: Tom and his sisters with their cases, workers and homes,
// and the parents they share; a colleague off Jane's (restricted) list sees
// Jane only as Tom's network shows her. With scripts off it works the same.
func householdView(t *testing.T, engine string) {
	c := startKith(t, engine, web.DefaultConfig())
	ctx := t.Context()
	prac, mgr := c.Actor(c.Prac), c.Actor(c.Manager)
	tom := c.Allocate(mgr, c.Case(prac, "Tom", "Quill", kithtest.Date(2014, 1, 1), c.North), c.North, c.Prac)
	jane := c.Allocate(mgr, c.Case(prac, "Jane", "Quill", kithtest.Date(2012, 1, 1), c.North), c.North, c.Prac)
	lily := c.Allocate(mgr, c.Case(prac, "Lily", "Quill", kithtest.Date(2016, 6, 1), c.North), c.North, c.Prac2)
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	must(c.DB.AddAddress(ctx, mgr, jane.Reference, jane.ChildID, kith.AddressInput{Line1: "Safe House", Town: "Elsewhere"}))
	must(c.DB.AddAddress(ctx, mgr, lily.Reference, lily.ChildID, kith.AddressInput{Line1: "2 Elm Road, a long road name for a narrow screen", Town: "Northtown"}))
	must(c.DB.StartStatus(ctx, mgr, lily.Reference, kith.StatusInput{Kind: kith.StatusCP, StartedOn: kith.Today(kithtest.Now())}))
	add := func(ref string, in kith.NewNetworkMemberInput) string {
		t.Helper()
		id, err := c.DB.AddNetworkMember(ctx, mgr, ref, in)
		must(err)
		return id
	}
	sibling := kith.RelationshipInput{Kind: kith.RelSibling, LivesWithChild: true}
	parent := kith.RelationshipInput{Kind: kith.RelParent, LivesWithChild: true, ParentalResponsibility: kith.Yes}
	add(tom.Reference, kith.NewNetworkMemberInput{ExistingPersonID: jane.ChildID, Relationship: sibling})
	add(tom.Reference, kith.NewNetworkMemberInput{ExistingPersonID: lily.ChildID, Relationship: sibling})
	mum := add(tom.Reference, kith.NewNetworkMemberInput{Person: kith.PersonInput{FirstName: "Mary", LastName: "Quill"}, Relationship: parent})
	add(lily.Reference, kith.NewNetworkMemberInput{ExistingPersonID: mum, Relationship: parent})
	dad := add(jane.Reference, kith.NewNetworkMemberInput{Person: kith.PersonInput{FirstName: "Dan", LastName: "Quill"}, Relationship: parent})
	add(tom.Reference, kith.NewNetworkMemberInput{ExistingPersonID: dad, Relationship: kith.RelationshipInput{Kind: kith.RelParent}})
	cur, _, err := c.DB.Case(ctx, mgr, jane.Reference, kith.ViewCase)
	must(err)
	must(c.DB.SetRestricted(ctx, mgr, jane.Reference, true, cur.Version))

	b := newBrowser(t, c.URL)
	b.signIn(c.Prac)
	b.narrow()
	b.open("/cases/" + tom.Reference)
	b.press("Tom’s brothers and sisters together, and the adults they share")
	b.see("Brothers, sisters and the adults they share", "Jane Quill", jane.Reference, "Safe House", "Lily Quill", lily.Reference,
		"2 Elm Road", "Ben Brackenridge", "Adults they share", "Mary Quill", "Parent of Lily Quill", "Dan Quill", "Parent of Jane Quill")
	if title := js[string](b, `document.title`); title == "" || !strings.Contains(title, "Tom Quill") {
		t.Errorf("title %q does not name Tom", title)
	}
	b.shot("household")
	b.fits()
	b.axe()
	b.press(lily.Reference + ", Lily’s case")
	b.see("Lily Quill", "Child protection")

	o := newBrowser(t, c.URL)
	o.signIn(c.Prac2)
	o.narrow()
	o.noScripts()
	o.open("/cases/" + tom.Reference)
	o.press("Tom’s brothers and sisters together, and the adults they share")
	o.see("Jane Quill", "Lives with Tom", "Lily Quill", lily.Reference, "Mary Quill")
	o.notSee(jane.Reference, "Safe House", "Parent of Jane", "Dan Quill")
	o.shot("household-colleague")
	o.fits()
}
