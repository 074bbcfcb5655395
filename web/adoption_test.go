package web

import (
	"net/http"
	"net/url"
	"testing"

	"kith"
	"kith/internal/kithtest"
)

// TestAdoptionForms: a young child in foster care; a placement order
// before the decision is refused; the decision, the order, a placement
// for adoption refused before the match, the match (adopters' codes that
// do not fit refused), the placement, and the adoption; each shown on the
// case page. Another team's practitioner can do none of it.
func TestAdoptionForms(t *testing.T) {
	for _, engine := range kithtest.Engines {
		t.Run(engine, func(t *testing.T) {
			c := newTestCouncil(t, engine)
			today := kithtest.Today()
			ref := c.LookedAfter(c.Actor(c.Manager), "Pip", "Poplar", today.AddDays(-900), c.T1, c.Prac, today.AddDays(-400), kith.Date{}).Reference
			b := c.signIn(t, c.Prac)
			change := func(on kith.Date, ls, place string, version int) url.Values {
				return dateValues(url.Values{"version": {itoa(version)}, "new_carer": {"yes"}, "legal_status": {ls}, "placement_type": {place},
					"provider": {"PR1"}, "urn": {"SC100200"}, "placement_postcode": {"LS12 3AB"}, "reason_place_change": {"CARPL"}}, "changed_on", on)
			}
			res := b.post("/cases/"+ref+"/looked-after/change", change(today.AddDays(-200), "E1", "U4", 1))
			if res.status != http.StatusUnprocessableEntity {
				t.Fatalf("a placement order before the decision: %d", res.status)
			}
			mustContain(t, res.body, `href="#legal_status"`, "Record the decision that the child should be placed for adoption before the order")

			mustContain(t, b.get("/cases/"+ref).body, "Record a decision that Pip should be placed for adoption")
			mustContain(t, b.get("/cases/"+ref+"/looked-after/adoption/new").body, "Date of the decision")
			page := b.follow(b.post("/cases/"+ref+"/looked-after/adoption/new", dateValues(url.Values{"version": {"0"}}, "decided_on", today.AddDays(-250))))
			mustContain(t, page.body, "Decision saved", "Decision to place for adoption", today.AddDays(-250).Long(), "Matched with prospective adopters", "Not recorded")
			mustNotContain(t, page.body, "Record a decision that Pip should be placed for adoption")
			b.follow(b.post("/cases/"+ref+"/looked-after/change", change(today.AddDays(-200), "E1", "U4", 1)))

			res = b.post("/cases/"+ref+"/looked-after/change", change(today.AddDays(-100), "E1", "A6", 2))
			if res.status != http.StatusUnprocessableEntity {
				t.Fatalf("placed for adoption before the match: %d", res.status)
			}
			mustContain(t, res.body, "Record the match with the prospective adopters before placing the child with them")

			match := dateValues(url.Values{"version": {"0"}, "adopters_sex": {"FF"}, "adopters_status": {"L11"}}, "matched_on", today.AddDays(-120))
			res = b.post("/cases/"+ref+"/looked-after/adoption-match", match)
			if res.status != http.StatusUnprocessableEntity {
				t.Fatalf("two women as a married couple of a man and a woman: %d", res.status)
			}
			mustContain(t, res.body, `href="#adopters_status"`, `value="FF" checked`)
			match.Set("adopters_status", "L12")
			page = b.follow(b.post("/cases/"+ref+"/looked-after/adoption-match", match))
			mustContain(t, page.body, "Match saved", "A couple, two women, a married couple of the same sex")
			b.follow(b.post("/cases/"+ref+"/looked-after/change", change(today.AddDays(-100), "E1", "A6", 2)))
			page = b.follow(b.post("/cases/"+ref+"/looked-after/end", dateValues(url.Values{"version": {"3"}, "reason": {"E11"}}, "ended_on", today.AddDays(-5))))
			mustContain(t, page.body, "Care ended", "Adopted")

			// Adopted: the decision cannot now be reversed.
			care, err := c.DB.CaseLookedAfter(t.Context(), c.Actor(c.Prac), ref)
			if err != nil || len(care.Decisions) != 1 {
				t.Fatalf("decisions: %+v %v", care.Decisions, err)
			}
			id := care.Decisions[0].ID
			mustContain(t, b.get("/cases/"+ref+"/looked-after/adoption/"+id).body, "If the plan changed", `value="`+itoa(today.AddDays(-250).Day)+`"`)
			reversal := dateValues(dateValues(url.Values{"version": {"1"}, "reversal_reason": {"RD4"}}, "decided_on", today.AddDays(-250)), "reversed_on", today.AddDays(-20))
			res = b.post("/cases/"+ref+"/looked-after/adoption/"+id, reversal)
			if res.status != http.StatusUnprocessableEntity {
				t.Fatalf("reversed after the adoption: %d", res.status)
			}
			mustContain(t, res.body, "The child was adopted: the decision was not reversed")

			outsider := c.token(t, c.Outsider)
			if st, _, _ := c.api(t, outsider, "PUT", "/api/v1/cases/"+ref+"/looked-after/adoption-match", map[string]any{"matched_on": today.String(), "adopters_sex": "F1", "adopters_status": "L0"}); st != http.StatusNotFound {
				t.Errorf("another team's practitioner: %d", st)
			}
		})
	}
}

// TestPermanencePlanForm: a looked-after child's permanence plan recorded
// (a date before care began refused beside its field, the plan chosen
// kept), shown on the case page, then changed; a stale change refused
// with the typing kept; another team's practitioner cannot record one.
func TestPermanencePlanForm(t *testing.T) {
	for _, engine := range kithtest.Engines {
		t.Run(engine, func(t *testing.T) {
			c := newTestCouncil(t, engine)
			today := kithtest.Today()
			began := today.AddDays(-400)
			ref := c.LookedAfter(c.Actor(c.Manager), "Kai", "Larch", today.AddDays(-3000), c.T1, c.Prac, began, kith.Date{}).Reference
			b := c.signIn(t, c.Prac)
			mustContain(t, b.get("/cases/"+ref).body, "Permanence plan", `href="/cases/`+ref+`/looked-after/permanence-plan"`)
			mustContain(t, b.get("/cases/"+ref+"/looked-after/permanence-plan").body, "Kai&#39;s permanence plan", "Long-term fostering")
			res := b.post("/cases/"+ref+"/looked-after/permanence-plan", dateValues(url.Values{"version": {"0"}, "plan": {"fostering"}}, "agreed_on", began.AddDays(-1)))
			if res.status != http.StatusUnprocessableEntity {
				t.Fatalf("agreed before care began: %d", res.status)
			}
			mustContain(t, res.body, `href="#agreed_on`, "The plan must be agreed on or after "+began.Long(), `value="fostering" checked`)
			page := b.follow(b.post("/cases/"+ref+"/looked-after/permanence-plan", dateValues(url.Values{"version": {"0"}, "plan": {"fostering"}}, "agreed_on", began.AddDays(120))))
			mustContain(t, page.body, "Permanence plan saved", "Long-term fostering, agreed "+began.AddDays(120).Long())
			b.follow(b.post("/cases/"+ref+"/looked-after/permanence-plan", dateValues(url.Values{"version": {"1"}, "plan": {"sgo_cao"}}, "agreed_on", today.AddDays(-10))))
			res = b.post("/cases/"+ref+"/looked-after/permanence-plan", dateValues(url.Values{"version": {"1"}, "plan": {"return_home"}}, "agreed_on", today.AddDays(-5)))
			if res.status != http.StatusConflict {
				t.Fatalf("a stale change: %d", res.status)
			}
			mustContain(t, res.body, `value="return_home" checked`)
			mustContain(t, b.get("/cases/"+ref).body, "A special guardianship order or a child arrangements order, agreed "+today.AddDays(-10).Long())

			outsider := c.token(t, c.Outsider)
			if st, _, _ := c.api(t, outsider, "PUT", "/api/v1/cases/"+ref+"/looked-after/permanence-plan", map[string]any{"plan": "adoption", "agreed_on": today.String()}); st != http.StatusNotFound {
				t.Errorf("another team's practitioner: %d", st)
			}
		})
	}
}
