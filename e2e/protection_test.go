package e2e

import (
	"context"
	"testing"
	"time"

	"kith"
	"kith/internal/kithtest"
	"kith/web"

	"github.com/chromedp/chromedp"
)

func TestChildProtectionJourney(t *testing.T) {
	for _, engine := range kithtest.Engines {
		t.Run(engine, func(t *testing.T) { childProtectionJourney(t, engine) })
	}
}

// childProtectionJourney walks the statutory steps of a child referred
// ten weeks ago, on a phone: the decision on the referral is overdue on
// My work until it is recorded; the assessment, started the day of the
// referral, is overdue until the manager authorises it; a strategy
// discussion four weeks ago starts a section 47 enquiry whose initial
// conference is overdue until it is held and decides on a plan; the plan's
// review conference is recorded with the category carried on; and the
// manager closes the case, which closes the episode. Every page is axe
// clean and fits the phone.
func childProtectionJourney(t *testing.T, engine string) {
	c := startKith(t, engine, web.DefaultConfig())
	prac, mgr := c.Actor(c.Prac), c.Actor(c.Manager)
	received := kithtest.Now().Add(-70 * 24 * time.Hour)
	cs, err := c.DB.CreateCase(context.Background(), prac, kith.NewCaseInput{TeamID: c.North.ID,
		Child:    kith.PersonInput{FirstName: "Tom", LastName: "Quill", DateOfBirth: kithtest.Date(2014, 1, 1)},
		Referral: &kith.EpisodeReferralInput{ReferralAt: received, Source: "2A"}})
	if err != nil {
		t.Fatal(err)
	}
	tom := c.Allocate(mgr, cs, c.North, c.Prac)
	ref := tom.Reference
	referralOn := kith.DateOf(received.In(kith.London))
	today := kithtest.Today()
	date := func(prefix string, d kith.Date) map[string]string {
		return map[string]string{prefix + "-day": itoa(d.Day), prefix + "-month": itoa(int(d.Month)), prefix + "-year": itoa(d.Year)}
	}

	b := newBrowser(t, c.URL)
	b.signIn(c.Prac)
	b.narrow()
	b.open("/work")
	b.see("Decide on the referral received " + referralOn.Long())
	b.open("/cases/" + ref + "/referral/decision")
	b.choose("decision", "assessment")
	js[bool](b, `(document.getElementById("primary_need").value = "N1") === "N1"`)
	b.fill(date("decided_on", referralOn))
	b.press("Save the decision")
	b.see("Decision saved")
	b.open("/work")
	b.notSee("Decide on the referral received")

	b.open("/cases/" + ref)
	b.press("Start an assessment")
	b.fill(date("started_on", referralOn))
	b.choose("factors", "3B")
	b.press("Start the assessment")
	b.see("Assessment started")
	b.open("/work")
	b.see("Complete the assessment started " + referralOn.Long())
	b.fits()
	b.axe()

	m := newBrowser(t, c.URL)
	m.signIn(c.Manager)
	m.open("/cases/" + ref)
	m.navigating(chromedp.Click(chromedp.CSS(`a[href$="/authorise"]`)))
	m.choose("factors", "16A")
	m.typeInto("If it is late", "Waiting for the police checks.")
	m.press("Authorise the assessment")
	m.see("Assessment authorised")
	b.open("/work")
	b.notSee("Complete the assessment started")

	// The strategy discussion four weeks ago, recorded as a meeting.
	held := kithtest.Now().Add(-28 * 24 * time.Hour)
	c.Meeting(prac, ref, held, kith.StrategyMeetingType)
	heldOn := kith.DateOf(held.In(kith.London))
	b.open("/cases/" + ref)
	b.press("Start a section 47 enquiry")
	b.see("Strategy discussion on " + heldOn.Long())
	b.fits()
	b.axe()
	b.do(chromedp.Click(chromedp.CSS(`input[name="strategy_record_id"]`)))
	b.press("Start the enquiry")
	b.see("Section 47 enquiry started", "Within 15 working days of the strategy discussion", "Overdue")
	b.open("/work")
	b.see("Hold the initial child protection conference (section 47 enquiry from " + heldOn.Long() + ")")

	b.open("/cases/" + ref)
	b.navigating(chromedp.Click(chromedp.CSS(`a[href$="/conference"]`)))
	b.fill(date("held_on", today))
	b.choose("decision", "plan")
	b.choose("category", "NEG")
	b.fits()
	b.axe()
	b.press("Save the conference")
	b.see("Conference saved", "The child is to be the subject of a child protection plan")
	b.open("/work")
	b.notSee("Hold the initial child protection conference")
	b.open("/cases/" + ref + "/plan")
	b.see("Child protection plan from "+today.Long(), "Neglect (NEG)", "First core group")
	b.fits()
	b.axe()

	// The review conference, once the plan has an objective to rate.
	_, plans, err := c.DB.CasePlans(context.Background(), prac, ref)
	if err != nil || plans.Current == nil {
		t.Fatalf("the plan: %+v %v", plans, err)
	}
	if _, err := c.DB.SaveObjective(context.Background(), prac, ref, plans.Current.ID, "", kith.ObjectiveInput{Change: "Tom is fed before school every day",
		Measure: "School reports he is not hungry in class", Owner: kith.Owner{Kind: kith.OwnerWorker, ID: c.Prac.ID}, Due: today.AddDays(60)}); err != nil {
		t.Fatal(err)
	}
	b.open("/cases/" + ref + "/plan")
	b.press("Record a review")
	b.see("Category of abuse", "Date of the next review conference")
	js[bool](b, `(document.querySelector('select[name^="rating."]').value = "6") === "6"`)
	b.choose("category", "EMO")
	next := today.AddDays(90)
	b.fill(date("next", next))
	b.fits()
	b.axe()
	b.press("Save the review")
	b.see("Emotional abuse (EMO)", "Initially Neglect (NEG)")

	// The manager closes the case, and the episode with it.
	m.open("/cases/" + ref)
	m.press("Close the case")
	m.press("Close the case without a summary")
	m.choose("reason", "RC7")
	m.typeInto("Why is the case closing without a closing summary?", "Transferred with the family's agreement; the new council has the record.")
	m.press("Close the case")
	m.see("closed")
	m.open("/cases/" + ref + "/chronology")
	m.see("Decision on the referral", "Assessment started", "Assessment authorised", "Section 47 enquiry started", "Initial child protection conference", "Case closed")
}
