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

func TestAssessmentJourney(t *testing.T) {
	for _, engine := range kithtest.Engines {
		t.Run(engine, func(t *testing.T) { assessmentJourney(t, engine) })
	}
}

// assessmentJourney: on a small phone, a practitioner starts the
// assessment of a child referred ten weeks ago; it is overdue on the case
// page and on My work; the write-up opens on its template. The manager's
// authorisation, with scripts off, is refused with no reason for the
// lateness and keeps the factors ticked; given one, the assessment shows as
// authorised and late, and leaves My work.
func assessmentJourney(t *testing.T, engine string) {
	c := startKith(t, engine, web.DefaultConfig())
	prac, mgr := c.Actor(c.Prac), c.Actor(c.Manager)
	received := kithtest.Now().Add(-70 * 24 * time.Hour)
	cs, err := c.DB.CreateCase(context.Background(), prac, kith.NewCaseInput{TeamID: c.North.ID,
		Child:    kith.PersonInput{FirstName: "Tom", LastName: "Quill", DateOfBirth: kithtest.Date(2014, 1, 1)},
		Referral: &kith.EpisodeReferralInput{ReferralAt: received, Source: "2A", PrimaryNeed: "N1"}})
	if err != nil {
		t.Fatal(err)
	}
	tom := c.Allocate(mgr, cs, c.North, c.Prac)
	started := kith.DateOf(received.In(kith.London))

	b := newBrowser(t, c.URL)
	b.signIn(c.Prac)
	b.narrow()
	b.open("/cases/" + tom.Reference)
	b.see("Child and family assessment", "No assessment in this episode.")
	b.press("Start an assessment")
	b.fill(map[string]string{"started_on-day": itoa(started.Day), "started_on-month": itoa(int(started.Month)), "started_on-year": itoa(started.Year)})
	b.choose("factors", "3B")
	b.shot("start")
	b.fits()
	b.axe()
	b.press("Start the assessment")
	b.see("Assessment started", "Domestic abuse: a parent or carer is subject to it (3B)", "Overdue", "Within 45 working days of the referral")
	b.shot("started")
	b.fits()
	b.axe()
	b.open("/work")
	b.see("Statutory steps", "Complete the assessment started "+started.Long())
	b.open("/cases/" + tom.Reference)
	b.pressWhileItMoves("Write up the assessment")
	b.see("The child's developmental needs", "Parenting capacity", "Family and environmental factors", "The child's views", "Analysis", "Recommendation")
	b.axe()

	m := newBrowser(t, c.URL)
	m.signIn(c.Manager)
	m.noScripts()
	m.open("/cases/" + tom.Reference)
	m.navigating(chromedp.Click(chromedp.CSS(`a[href$="/authorise"]`)))
	m.see("Authorise the assessment of Tom")
	m.choose("factors", "4B")
	m.press("Authorise the assessment")
	m.see("There is a problem", "Say why the assessment took longer than 45 working days")
	if got := js[string](m, `[...document.querySelectorAll('input[name="factors"]:checked')].map(e => e.value).join(" ")`); got != "3B 4B" {
		t.Errorf("the factors after the refusal: %q", got)
	}
	m.axeNoScript()
	m.typeInto("If it is late", "Waiting for the school's information.")
	m.press("Authorise the assessment")
	m.see("Assessment authorised", "by Dee Dewfield", "Late", "Why: Waiting for the school's information.", "Mental health of a parent or carer (4B)")
	m.notSee("Within 45 working days of the referral")
	m.shot("authorised")

	b.open("/work")
	b.notSee("Complete the assessment started")
}
