package web

import (
	"net/http"
	"net/url"
	"testing"

	"kith/internal/kithtest"
)

// TestFrontDoorForms: a contact and an early help assessment recorded on
// the case page's forms; bad input refused beside its field with what was
// typed kept; a correction from a stale version refused with the typing
// kept; the API does the same; another team's practitioner can do none
// of it.
func TestFrontDoorForms(t *testing.T) {
	for _, engine := range kithtest.Engines {
		t.Run(engine, func(t *testing.T) {
			c := newTestCouncil(t, engine)
			today := kithtest.Today()
			cs := c.Allocate(c.Actor(c.Manager), c.Case(c.Actor(c.Prac), "Ava", "Oak", today.AddDays(-2000), c.T1), c.T1, c.Prac)
			ref := cs.Reference
			b := c.signIn(t, c.Prac)
			mustContain(t, b.get("/cases/"+ref).body, `id="front-door"`, "Record a contact about Ava that was not a referral", "Record an early help assessment")

			mustContain(t, b.get("/cases/"+ref+"/contacts/new").body, "Who made the contact?", "Passed to early help")
			res := b.post("/cases/"+ref+"/contacts/new", dateValues(url.Values{"version": {"0"}, "source": {"2A"}}, "contact_on", today.AddDays(1)))
			if res.status != http.StatusUnprocessableEntity {
				t.Fatalf("a contact tomorrow without an outcome: %d", res.status)
			}
			mustContain(t, res.body, `href="#contact_on`, "The date of the contact cannot be in the future", `href="#outcome"`, `value="2A" selected`)
			page := b.follow(b.post("/cases/"+ref+"/contacts/new", dateValues(url.Values{"version": {"0"}, "source": {"2A"}, "outcome": {"advice"}}, "contact_on", today.AddDays(-3))))
			mustContain(t, page.body, "Contact saved", "Contact, "+today.AddDays(-3).Long(), "Schools", "Information, advice or signposting given")

			res = b.post("/cases/"+ref+"/early-help/new", url.Values{"version": {"0"}, "started_on-day": {"31"}, "started_on-month": {"2"}, "started_on-year": {itoa(today.Year)},
				"organisation": {"Oakfield Primary School"}})
			if res.status != http.StatusUnprocessableEntity {
				t.Fatalf("31 February: %d", res.status)
			}
			mustContain(t, res.body, `href="#started_on`, `value="Oakfield Primary School"`)
			page = b.follow(b.post("/cases/"+ref+"/early-help/new", dateValues(url.Values{"version": {"0"}, "organisation": {"Oakfield Primary School"}}, "started_on", today.AddDays(-10))))
			mustContain(t, page.body, "Early help assessment saved", "Early help assessment, started "+today.AddDays(-10).Long(), "Not completed yet", "By Oakfield Primary School")

			fd, err := c.DB.CaseFrontDoor(t.Context(), c.Actor(c.Prac), ref)
			if err != nil || len(fd.Contacts) != 1 || len(fd.EarlyHelp) != 1 {
				t.Fatalf("front door: %+v %v", fd, err)
			}
			id := fd.EarlyHelp[0].ID
			mustContain(t, b.get("/cases/"+ref+"/early-help/"+id).body, "Date the assessment was completed", `value="Oakfield Primary School"`)
			complete := dateValues(dateValues(url.Values{"version": {"1"}, "organisation": {"Oakfield Primary School"}}, "started_on", today.AddDays(-10)), "completed_on", today.AddDays(-1))
			page = b.follow(b.post("/cases/"+ref+"/early-help/"+id, complete))
			mustContain(t, page.body, "Completed "+today.AddDays(-1).Long())
			complete.Set("organisation", "Oakfield School") // from version 1 again
			res = b.post("/cases/"+ref+"/early-help/"+id, complete)
			if res.status != http.StatusConflict {
				t.Fatalf("a stale correction: %d", res.status)
			}
			mustContain(t, res.body, "Someone else changed this early help assessment", `value="Oakfield School"`, `name="version" value="2"`)

			token := c.token(t, c.Prac)
			st, body, _ := c.api(t, token, "POST", "/api/v1/cases/"+ref+"/contacts", map[string]any{"contact_on": today.String(), "source": "6", "outcome": "referral"})
			if st != http.StatusUnprocessableEntity {
				t.Errorf("a contact that was a referral through the API: %d %v", st, body)
			}
			st, body, _ = c.api(t, token, "POST", "/api/v1/cases/"+ref+"/contacts", map[string]any{"contact_on": today.String(), "source": "6", "outcome": "nfa"})
			if st != http.StatusCreated || body["outcome"] != "nfa" {
				t.Errorf("a contact through the API: %d %v", st, body)
			}
			st, body, _ = c.api(t, token, "GET", "/api/v1/cases/"+ref+"/front-door", nil)
			if st != http.StatusOK || len(body["contacts"].([]any)) != 2 {
				t.Errorf("the front door through the API: %d %v", st, body)
			}

			outsider := c.token(t, c.Outsider)
			for _, call := range []struct {
				method, path string
				body         any
			}{
				{"POST", "/api/v1/cases/" + ref + "/contacts", map[string]any{"contact_on": today.String(), "source": "6", "outcome": "nfa"}},
				{"PUT", "/api/v1/cases/" + ref + "/early-help-assessments/" + id, map[string]any{"started_on": today.String(), "organisation": "X", "version": 2}},
				{"GET", "/api/v1/cases/" + ref + "/front-door", nil},
			} {
				if st, _, _ := c.api(t, outsider, call.method, call.path, call.body); st != http.StatusNotFound {
					t.Errorf("another team's practitioner, %s %s: %d", call.method, call.path, st)
				}
			}
			if res := c.signIn(t, c.Outsider).get("/cases/" + ref + "/contacts/new"); res.status != http.StatusNotFound {
				t.Errorf("another team's practitioner opens the form: %d", res.status)
			}
		})
	}
}
