package web

import (
	"net/http"
	"net/url"
	"testing"

	"kith"
	"kith/internal/kithtest"
)

// TestHealthOutcomesForm: a child looked after for more than two years
// has a row for each year's health outcomes on the case page; a score out
// of range is refused against its field with what was typed kept, and a
// help-received answer left over from a changed mind is not counted; then
// saved, shown, corrected through the API (a stale version refused), and
// refused for a year not begun. Another team's practitioner can do none
// of it.
func TestHealthOutcomesForm(t *testing.T) {
	for _, engine := range kithtest.Engines {
		t.Run(engine, func(t *testing.T) {
			c := newTestCouncil(t, engine)
			cs := c.caseAllocatedAt(kithtest.DaysAgo(900), "Kit", "Larch", c.Prac)
			ref := cs.Reference
			b := c.signIn(t, c.Prac)
			b.follow(b.post("/cases/"+ref+"/looked-after/new", dateValues(url.Values{"legal_status": {"C2"}, "category_of_need": {"N1"},
				"placement_type": {"U4"}, "provider": {"PR1"}, "urn": {"SC123456"}, "placement_postcode": {"LS12 3AB"}, "home_postcode": {"LS6 2QD"}},
				"started_on", kithtest.Today().AddDays(-800))))
			this := kith.CollectionYearOn(kithtest.Today())
			last := this.Previous()
			mustContain(t, b.get("/cases/"+ref).body, "Health outcomes for "+this.String(), "Health outcomes for "+last.String(), "Not recorded",
				`href="/cases/`+ref+`/looked-after/health?year=`+last.String()+`"`)

			// Born in 2015: aged 10 or more at the end of last year, so
			// asked the questionnaire and convictions, not development
			// checks.
			form := b.get("/cases/" + ref + "/looked-after/health?year=" + last.String())
			mustContain(t, form.body, "Total difficulties score", "Were they convicted during the year?", "Were their immunisations up to date?")
			mustNotContain(t, form.body, "development checks")
			answers := url.Values{"year": {last.String()}, "version": {"0"}, "sdq_score": {"41"}, "immunisations": {"yes"}, "teeth_check": {"no"},
				"health_assessment": {"yes"}, "substance_misuse": {"no"}, "intervention_received": {"yes"}, "convicted": {"no"}}
			res := b.post("/cases/"+ref+"/looked-after/health", answers)
			if res.status != http.StatusUnprocessableEntity {
				t.Fatalf("a score of 41: %d", res.status)
			}
			mustContain(t, res.body, `href="#sdq_score"`, "whole number from 0 to 40", `value="41"`, `value="no" checked`)
			answers.Set("sdq_score", "12")
			page := b.follow(b.post("/cases/"+ref+"/looked-after/health", answers))
			mustContain(t, page.body, "Health outcomes saved", "Recorded: SDQ score 12")
			care, err := c.DB.CaseLookedAfter(t.Context(), c.Actor(c.Prac), ref)
			if err != nil {
				t.Fatal(err)
			}
			h := care.HealthFor(last)
			if h == nil || h.InterventionReceived != nil || h.TeethCheck == nil || *h.TeethCheck || h.HealthCheck != nil {
				t.Fatalf("saved: %+v", h)
			}

			tok := c.token(t, c.Prac)
			body := map[string]any{"year": last.String(), "sdq_reason": "SDQ2", "immunisations": true, "teeth_check": true, "health_assessment": true,
				"substance_misuse": false, "convicted": false, "version": 0}
			if st, got, _ := c.api(t, tok, "PUT", "/api/v1/cases/"+ref+"/looked-after/health-outcomes", body); st != http.StatusConflict {
				t.Errorf("a stale correction: %d %v", st, got)
			}
			body["version"] = 1
			if st, got, _ := c.api(t, tok, "PUT", "/api/v1/cases/"+ref+"/looked-after/health-outcomes", body); st != http.StatusOK || got["sdq_reason"] != "SDQ2" {
				t.Errorf("a correction: %d %v", st, got)
			}
			body["year"] = kith.CollectionYear{StartYear: this.StartYear + 1}.String()
			if st, got, _ := c.api(t, tok, "PUT", "/api/v1/cases/"+ref+"/looked-after/health-outcomes", body); st != http.StatusUnprocessableEntity {
				t.Errorf("a year not begun: %d %v", st, got)
			}
			if st, _, _ := c.api(t, c.token(t, c.Outsider), "PUT", "/api/v1/cases/"+ref+"/looked-after/health-outcomes", body); st != http.StatusNotFound {
				t.Errorf("another team's practitioner: %d", st)
			}
			mustContain(t, b.get("/cases/"+ref+"/looked-after/health?year="+last.String()).body, `<option value="SDQ2" selected>`)
			// A year the child was not looked after for the whole of: said
			// so, with no form to be refused.
			early := b.get("/cases/" + ref + "/looked-after/health?year=" + kith.CollectionYearOn(kithtest.Today().AddDays(-800)).Previous().String())
			mustContain(t, early.body, "was not looked after for the whole of")
			mustNotContain(t, early.body, `name="sdq_score"`)
		})
	}
}
