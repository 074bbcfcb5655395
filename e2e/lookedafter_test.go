package e2e

import (
	"testing"

	"kith"
	"kith/internal/kithtest"
	"kith/web"
)

// TestLookedAfterJourney: on a phone, a practitioner records that a child
// became looked after six weeks ago; My work shows the first review and
// the first visit in the placement overdue. A mistyped postcode on the
// move to new carers is refused with the rest of the typing kept; saved,
// the move restarts the first-visit clock from its day. The review is
// recorded and leaves My work. Every page is axe clean and fits the
// phone.
func TestLookedAfterJourney(t *testing.T) {
	for _, engine := range kithtest.Engines {
		t.Run(engine, func(t *testing.T) { lookedAfterJourney(t, engine) })
	}
}

func lookedAfterJourney(t *testing.T, engine string) {
	c := startKith(t, engine, web.DefaultConfig())
	kithtest.ClockOf(c.DB).Freeze(kithtest.DaysAgo(60))
	cs := c.Allocate(c.Actor(c.Manager), c.Case(c.Actor(c.Prac), "Lily", "Larch", kithtest.Date(2013, 4, 4), c.North), c.North, c.Prac)
	kithtest.ClockOf(c.DB).Set(kithtest.Now())
	ref := cs.Reference
	today := kithtest.Today()
	began, moved := today.AddDays(-42), today.AddDays(-2)

	b := newBrowser(t, c.URL)
	b.signIn(c.Prac)
	b.narrow()
	b.open("/cases/" + ref)
	b.see("Lily has not been looked after.")
	b.press("Record that Lily became looked after")
	b.fits()
	b.axe()
	b.fill(dateFields("started_on", began))
	b.pick("legal_status", "V2")
	b.pick("category_of_need", "N4")
	b.pick("placement_type", "U6")
	b.pick("provider", "PR1")
	b.fill(map[string]string{"urn": "SC100200", "placement_postcode": "ls12 3ab", "home_postcode": "LS6 2QD"})
	b.press("Save")
	b.see("Looked after from the day given", "Looked after since "+began.Long(), "Single period of accommodation under section 20", "LS12 3AB")
	b.fits()
	b.axe()

	b.open("/work")
	b.see("Hold the looked-after review (looked after since "+began.Long()+")", "First visit in a new placement")
	b.fits()
	b.axe()

	// Seen at her foster home three days ago; the move to new foster
	// carers, the day after, with a postcode mistyped.
	seen := kithtest.VisitInput(1)
	seen.OccurredAt = kith.InLondon(today.AddDays(-3), 16, 0)
	c.Finalised(c.Actor(c.Prac), ref, seen)
	b.open("/cases/" + ref)
	b.press("Record a change of placement or legal status")
	b.see("Since " + began.Long())
	b.fill(dateFields("changed_on", moved))
	b.choose("new_carer", "yes")
	b.pick("provider", "PR4")
	b.fill(map[string]string{"urn": "SC300400", "placement_postcode": "LS9"})
	b.pick("reason_place_change", "CREQB")
	b.press("Save the change")
	b.see("There is a problem", "Enter the placement's postcode as a full UK postcode")
	b.errorSummaryWorks()
	if got := b.fieldValue("urn"); got != "SC300400" {
		t.Errorf("the URN typed was %q after the refusal", got)
	}
	if got := b.checked("new_carer"); got != "yes" {
		t.Errorf("the new carer answer was %q after the refusal", got)
	}
	b.fits()
	b.axe()
	b.fill(map[string]string{"placement_postcode": "LS9 8AA"})
	b.press("Save the change")
	b.see("Change saved", "Change of placement and carer only", "LS9 8AA", "since "+moved.Long())
	// The first visit in the new placement counts from the move.
	b.see("Next first visit in a new placement", "counted from "+moved.Long())
	b.fits()
	b.axe()

	// The review, recorded late; it leaves My work.
	b.press("Record a review")
	b.fill(dateFields("held_on", today))
	b.choose("participation", "PN1")
	b.fits()
	b.axe()
	b.press("Save the review")
	b.see("Review saved", "Looked-after reviews", "came to the review and spoke for themselves", "Late")
	b.open("/work")
	b.notSee("Hold the looked-after review")
	b.fits()
	b.axe()

	// Whether she left care before: an SGO arranged elsewhere, the day
	// not known; a council code mistyped first.
	b.open("/cases/" + ref)
	b.see("Left care before through adoption or an order", "Not recorded")
	b.open("/cases/" + ref + "/looked-after/permanence")
	b.fits()
	b.axe()
	b.choose("option", "P2")
	b.fill(map[string]string{"la": "33", "order-month": "5", "order-year": "2019"})
	b.press("Save")
	b.see("There is a problem", "three-digit DfE code")
	b.errorSummaryWorks()
	if got := b.fieldValue("order-year"); got != "2019" {
		t.Errorf("the year typed was %q after the refusal", got)
	}
	b.fits()
	b.axe()
	b.fill(map[string]string{"la": "333"})
	b.press("Save")
	b.see("Previous permanence saved", "A special guardianship order (P2), arranged by 333, order zz/05/2019")
	b.fits()
	b.axe()
}

// TestHealthOutcomesOnAPhone: a child looked after for more than two
// years; on a phone, their health outcomes for last year. A score out of
// range is refused with the error summary, and every answer given is
// still there; corrected, it is saved and shown on the case page. Each
// page is axe clean and fits the phone.
func TestHealthOutcomesOnAPhone(t *testing.T) {
	c := startKith(t, "sqlite", web.DefaultConfig())
	ref := c.LookedAfter(c.Actor(c.Manager), "Ash", "Alder", kithtest.Date(2014, 9, 9), c.North, c.Prac, kithtest.Today().AddDays(-800), kith.Date{}).Reference
	last := kith.CollectionYearOn(kithtest.Today()).Previous().String()

	b := newBrowser(t, c.URL)
	b.signIn(c.Prac)
	b.narrow()
	b.open("/cases/" + ref)
	b.see("Health outcomes for "+last, "Not recorded")
	b.open("/cases/" + ref + "/looked-after/health?year=" + last)
	b.see("Ash's health outcomes for the year", "Were they convicted during the year?")
	b.fits()
	b.axe()
	b.fill(map[string]string{"sdq_score": "44"})
	for _, q := range []string{"immunisations", "health_assessment"} {
		b.choose(q, "yes")
	}
	for _, q := range []string{"teeth_check", "substance_misuse", "convicted"} {
		b.choose(q, "no")
	}
	b.press("Save")
	b.see("There is a problem", "Enter the score as a whole number from 0 to 40")
	b.errorSummaryWorks()
	if got := b.fieldValue("sdq_score"); got != "44" {
		t.Errorf("the score typed was %q after the refusal", got)
	}
	if got := b.checked("teeth_check"); got != "no" {
		t.Errorf("the dental check answer was %q after the refusal", got)
	}
	b.fits()
	b.axe()
	b.fill(map[string]string{"sdq_score": "14"})
	b.press("Save")
	b.see("Health outcomes saved", "Recorded: SDQ score 14")
	b.fits()
	b.axe()
}

// TestCareLeaverOnAPhone: a young person who left care just before their
// 18th birthday last year. On a phone, their practitioner records that
// the council was in touch: without their activity and accommodation it
// is refused with the error summary and the answers kept; completed, it
// is saved and shown. Each page is axe clean and fits the phone.
func TestCareLeaverOnAPhone(t *testing.T) {
	c := startKith(t, "sqlite", web.DefaultConfig())
	last := kith.CollectionYearOn(kithtest.Today()).Previous()
	birthday := last.Start().AddDays(40)
	dob := kith.Date{Year: birthday.Year - 18, Month: birthday.Month, Day: birthday.Day}
	ref := c.LookedAfter(c.Actor(c.Manager), "Jo", "Juniper", dob, c.North, c.Prac, birthday.AddDays(-700), birthday.AddDays(-5)).Reference

	b := newBrowser(t, c.URL)
	b.signIn(c.Prac)
	b.narrow()
	b.open("/cases/" + ref)
	b.see("As a care leaver, on their 18th birthday", "Not recorded")
	b.open("/cases/" + ref + "/looked-after/leaving?year=" + last.String())
	b.see("Jo as a care leaver", "their 18th birthday, "+birthday.Long())
	b.fits()
	b.axe()
	b.choose("in_touch", "YES")
	b.choose("suitable", "1")
	b.press("Save")
	b.see("There is a problem", "Select their main activity", "Select where they live")
	b.errorSummaryWorks()
	if got := b.checked("in_touch"); got != "YES" {
		t.Errorf("in touch was %q after the refusal", got)
	}
	b.fits()
	b.axe()
	b.pick("activity", "F5")
	b.pick("accommodation", "D")
	b.press("Save")
	b.see("Care leaver outcomes saved", "Yes, in touch (YES)", "Semi-independent or transitional accommodation")
	b.fits()
	b.axe()
}

// TestAdoptionOnAPhone: a young child in foster care; on a phone, their
// practitioner records the decision that they should be placed for
// adoption, then the match, whose adopters' codes that do not fit are
// refused with the error summary and the answers kept; saved, both are on
// the case page. Each page is axe clean and fits the phone.
func TestAdoptionOnAPhone(t *testing.T) {
	c := startKith(t, "sqlite", web.DefaultConfig())
	today := kithtest.Today()
	ref := c.LookedAfter(c.Actor(c.Manager), "Pip", "Poplar", today.AddDays(-900), c.North, c.Prac, today.AddDays(-400), kith.Date{}).Reference

	b := newBrowser(t, c.URL)
	b.signIn(c.Prac)
	b.narrow()
	b.open("/cases/" + ref)
	b.press("Record a decision that Pip should be placed for adoption")
	b.see("The decision that Pip should be placed for adoption")
	b.fits()
	b.axe()
	b.fill(dateFields("decided_on", today.AddDays(-60)))
	b.press("Save")
	b.see("Decision saved", "Decision to place for adoption", today.AddDays(-60).Long(), "Matched with prospective adopters")
	b.fits()
	b.axe()
	b.open("/cases/" + ref + "/looked-after/adoption-match")
	b.fits()
	b.axe()
	b.fill(dateFields("matched_on", today.AddDays(-10)))
	b.choose("adopters_sex", "FF")
	b.choose("adopters_status", "L11")
	b.press("Save")
	b.see("There is a problem", "Select a status for a couple of the same sex")
	b.errorSummaryWorks()
	if got := b.checked("adopters_sex"); got != "FF" {
		t.Errorf("who adopts was %q after the refusal", got)
	}
	b.fits()
	b.axe()
	b.choose("adopters_status", "L12")
	b.press("Save")
	b.see("Match saved", "A couple, two women, a married couple of the same sex")
	b.fits()
	b.axe()
}

// TestPermanencePlanOnAPhone: on a phone, a practitioner records a
// looked-after child's permanence plan; a date before care began is
// refused with the error summary and the plan chosen kept; saved, the
// plan is on the case page. Each page is axe clean and fits the phone.
func TestPermanencePlanOnAPhone(t *testing.T) {
	c := startKith(t, "sqlite", web.DefaultConfig())
	today := kithtest.Today()
	began := today.AddDays(-400)
	ref := c.LookedAfter(c.Actor(c.Manager), "Kai", "Larch", today.AddDays(-3000), c.North, c.Prac, began, kith.Date{}).Reference

	b := newBrowser(t, c.URL)
	b.signIn(c.Prac)
	b.narrow()
	b.open("/cases/" + ref + "/looked-after/permanence-plan")
	b.see("permanence plan", "Long-term fostering")
	b.fits()
	b.axe()
	b.choose("plan", "fostering")
	b.fill(dateFields("agreed_on", began.AddDays(-1)))
	b.press("Save")
	b.see("There is a problem", "The plan must be agreed on or after "+began.Long())
	b.errorSummaryWorks()
	if got := b.checked("plan"); got != "fostering" {
		t.Errorf("the plan was %q after the refusal", got)
	}
	b.fits()
	b.axe()
	b.fill(dateFields("agreed_on", began.AddDays(120)))
	b.press("Save")
	b.see("Permanence plan saved", "Long-term fostering, agreed "+began.AddDays(120).Long())
	b.fits()
	b.axe()
}
