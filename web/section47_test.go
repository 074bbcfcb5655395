package web

import (
	"context"
	"encoding/json"
	"net/http"
	"net/url"
	"testing"
	"time"

	"kith"
	"kith/internal/kithtest"
)

// TestSection47Forms: with no strategy discussion recorded the case page's
// way in says to record one first; with one, the enquiry starts from it
// (pressing on with none chosen is refused); the conference is due 15
// working days on, overdue here, and on the team's work; a conference
// dated before the strategy discussion is refused with the date kept;
// held, the clock clears. An outcome needing no conference needs its
// reason, and the typing is kept.
func TestSection47Forms(t *testing.T) {
	for _, engine := range kithtest.Engines {
		t.Run(engine, func(t *testing.T) {
			c := newTestCouncil(t, engine)
			ctx := context.Background()
			received := kithtest.Now().Add(-40 * 24 * time.Hour)
			cs, err := c.DB.CreateCase(ctx, c.Actor(c.Prac), kith.NewCaseInput{TeamID: c.T1.ID,
				Child:    kith.PersonInput{FirstName: "Amy", LastName: "Alder", DateOfBirth: kithtest.Date(2015, 5, 5)},
				Referral: &kith.EpisodeReferralInput{ReferralAt: received, Source: "6", PrimaryNeed: "N1"}})
			if err != nil {
				t.Fatal(err)
			}
			c.Allocate(c.Actor(c.Manager), cs, c.T1, c.Prac)
			ref := cs.Reference
			b := c.signIn(t, c.Prac)

			mustContain(t, b.get("/cases/"+ref).body, "Section 47 enquiry", "No section 47 enquiry in this episode.", `href="/cases/`+ref+`/section47s/new"`)
			mustContain(t, b.get("/cases/"+ref+"/section47s/new").body, "No strategy discussion is recorded in this episode yet", "Record the strategy discussion")

			held := received.Add(2 * time.Hour)
			sd := c.Meeting(c.Actor(c.Prac), ref, held, kith.StrategyMeetingType)
			heldOn := kith.DateOf(held.In(kith.London))
			page := b.get("/cases/" + ref + "/section47s/new")
			mustContain(t, page.body, "Strategy discussion on "+heldOn.Long(), `value="`+sd.ID+`"`)
			res := b.post("/cases/"+ref+"/section47s/new", url.Values{})
			if res.status != http.StatusUnprocessableEntity {
				t.Fatalf("no strategy discussion chosen: %d", res.status)
			}
			mustContain(t, res.body, `href="#strategy_record_id"`, "Select the strategy discussion that started the enquiry")
			page = b.follow(b.post("/cases/"+ref+"/section47s/new", url.Values{"strategy_record_id": {sd.ID}}))
			mustContain(t, page.body, "Section 47 enquiry started", "Not concluded", "Within 15 working days of the strategy discussion", "Overdue")
			mustNotContain(t, page.body, "Start a section 47 enquiry")

			resp, raw := c.rawAPI(t, c.token(t, c.Prac), "GET", "/api/v1/cases/"+ref+"/section47s", "", nil)
			var list []kith.Section47
			if err := json.Unmarshal(raw, &list); err != nil || resp.StatusCode != http.StatusOK || len(list) != 1 {
				t.Fatalf("the enquiries by the API: %d %s", resp.StatusCode, raw)
			}
			id := list[0].ID
			if st, _, _ := c.api(t, c.token(t, c.Outsider), "POST", "/api/v1/cases/"+ref+"/section47s/"+id+"/conference",
				map[string]any{"held_on": kithtest.Today().String(), "version": 1}); st != http.StatusNotFound {
				t.Errorf("another team's practitioner recording the conference: %d", st)
			}

			mgr := c.signIn(t, c.Manager)
			mustContain(t, mgr.get("/work?view=team").body, "Hold the initial child protection conference", `href="/cases/`+ref+`#section47"`)

			early := heldOn.AddDays(-1)
			res = b.post("/cases/"+ref+"/section47s/"+id+"/conference", url.Values{"version": {"1"},
				"held_on-day": {itoa(early.Day)}, "held_on-month": {itoa(int(early.Month))}, "held_on-year": {itoa(early.Year)}, "decision": {"no_plan"}})
			if res.status != http.StatusUnprocessableEntity {
				t.Fatalf("a conference before the strategy discussion: %d", res.status)
			}
			mustContain(t, res.body, `href="#held_on-day"`, "The conference cannot be before the strategy discussion", `value="`+itoa(early.Day)+`"`)
			today := kithtest.Today()
			form := url.Values{"version": {"1"}, "decision": {"plan"},
				"held_on-day": {itoa(today.Day)}, "held_on-month": {itoa(int(today.Month))}, "held_on-year": {itoa(today.Year)}}
			res = b.post("/cases/"+ref+"/section47s/"+id+"/conference", form)
			mustContain(t, res.body, `href="#category"`, "Select the category of abuse the plan is made under", `value="plan" checked`)
			form.Set("category", "NEG")
			page = b.follow(b.post("/cases/"+ref+"/section47s/"+id+"/conference", form))
			mustContain(t, page.body, "Conference saved", "Held "+today.Long(), "Late", "Start a section 47 enquiry",
				"The child is to be the subject of a child protection plan", `href="/cases/`+ref+`/plan"`)
			mustContain(t, b.get("/cases/"+ref+"/plan").body, "Child protection plan from "+today.Long(), "Category of abuse", "Neglect (NEG)",
				"First core group", "Within 10 working days of the initial conference")
			mustNotContain(t, mgr.get("/work?view=team").body, "Hold the initial child protection conference")

			// The journey panel: each step in order; the decision on the
			// referral is next until it is recorded, then the core group.
			mustContain(t, b.get("/cases/"+ref+"/journey").body, "Next: <a class=\"govuk-link\" href=\"/cases/"+ref+"/referral/decision\">decision on the referral</a>")
			refOn := kith.DateOf(received.In(kith.London))
			if res := b.post("/cases/"+ref+"/referral/decision", url.Values{"version": {"1"}, "decision": {"strategy_discussion"},
				"decided_on-day": {itoa(refOn.Day)}, "decided_on-month": {itoa(int(refOn.Month))}, "decided_on-year": {itoa(refOn.Year)}}); res.status != http.StatusSeeOther {
				t.Fatalf("the decision: %d %s", res.status, text(res.body))
			}
			journey := b.get("/cases/" + ref + "/journey").body
			mustContain(t, journey, "Where Amy is on the statutory journey", "Referral", "Section 47 enquiry", "Initial child protection conference",
				"Child protection plan", "Neglect (NEG)", "Next: <a class=\"govuk-link\" href=\"/cases/"+ref+"/plan\">first core group</a>")
			if index(t, journey, "Referral") > index(t, journey, "Section 47 enquiry") || index(t, journey, "Section 47 enquiry") > index(t, journey, "First core group") {
				t.Errorf("the journey's steps are out of order")
			}
			mustContain(t, b.get("/cases/"+ref).body, "Where Amy is on the statutory journey", "Next: ")
			if st, body, _ := c.api(t, c.token(t, c.Prac), "GET", "/api/v1/cases/"+ref+"/journey", nil); st != http.StatusOK || body["next"].(map[string]any)["key"] != "core-group" {
				t.Errorf("the journey by the API: %d %v", st, body)
			}
			if st, _, _ := c.api(t, c.token(t, c.Outsider), "GET", "/api/v1/cases/"+ref+"/journey", nil); st != http.StatusNotFound {
				t.Errorf("another team's practitioner reading the journey: %d", st)
			}

			// A second enquiry that needs no conference.
			sd2 := c.Meeting(c.Actor(c.Prac), ref, kithtest.Now().Add(-time.Hour), kith.StrategyMeetingType)
			b.post("/cases/"+ref+"/section47s/new", url.Values{"strategy_record_id": {sd2.ID}})
			all, err := c.DB.Section47s(ctx, c.Actor(c.Prac), ref)
			if err != nil || len(all) != 2 {
				t.Fatalf("the second enquiry: %+v, %v", all, err)
			}
			res = b.post("/cases/"+ref+"/section47s/"+all[1].ID+"/outcome", url.Values{"version": {"1"}, "outcome": {string(kith.S47NotSubstantiated)}})
			if res.status != http.StatusUnprocessableEntity {
				t.Fatalf("no reason: %d", res.status)
			}
			mustContain(t, res.body, `href="#no_conference_reason"`, "Say why no child protection conference is needed", `value="not_substantiated" checked`)
			page = b.follow(b.post("/cases/"+ref+"/section47s/"+all[1].ID+"/outcome", url.Values{"version": {"1"},
				"outcome": {string(kith.S47NotSubstantiated)}, "no_conference_reason": {"The mark was from a fall at football, seen by the coach."}}))
			mustContain(t, page.body, "Outcome saved", "Concerns not substantiated", "Why no conference: The mark was from a fall at football", "Not needed")
		})
	}
}
