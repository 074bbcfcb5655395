package web

import (
	"net/http"
	"net/url"
	"testing"

	"kith/internal/kithtest"
)

// TestLookedAfterForms: a child becomes looked after through the form
// (bad codes and postcodes refused against their fields, the typing
// kept); the first review is overdue on the team's work; a move to new
// carers without its reason is refused, then saved as a new episode; a
// review, a missing episode (back before going refused) and the end of
// care follow, each on the case page. Another team's practitioner can do
// none of it through the API.
func TestLookedAfterForms(t *testing.T) {
	for _, engine := range kithtest.Engines {
		t.Run(engine, func(t *testing.T) {
			c := newTestCouncil(t, engine)
			cs := c.caseAllocatedAt(kithtest.DaysAgo(60), "Sam", "Sorrel", c.Prac)
			ref := cs.Reference
			b := c.signIn(t, c.Prac)
			mustContain(t, b.get("/cases/"+ref).body, `id="looked-after"`, "Sam has not been looked after.", `href="/cases/`+ref+`/looked-after/new"`)

			began := kithtest.Today().AddDays(-45)
			form := dateValues(url.Values{"legal_status": {"C9"}, "category_of_need": {"N1"}, "placement_type": {"U6"}, "provider": {"PR1"},
				"urn": {"SC12"}, "placement_postcode": {"LS12 3AB"}, "home_postcode": {"ls6 2qd"}}, "started_on", began)
			res := b.post("/cases/"+ref+"/looked-after/new", form)
			if res.status != http.StatusUnprocessableEntity {
				t.Fatalf("a legal status not on the list: %d", res.status)
			}
			mustContain(t, res.body, `href="#legal_status"`, "Select the child", `href="#urn"`, "Enter the URN as Ofsted gives it", `value="ls6 2qd"`, `value="LS12 3AB"`)
			form.Set("legal_status", "C1")
			form.Set("urn", "sc123456")
			page := b.follow(b.post("/cases/"+ref+"/looked-after/new", form))
			mustContain(t, page.body, "Looked after from the day given", "Looked after since", "Interim care order (C1)", "LS12 3AB", "URN SC123456",
				"Started to be looked after", "Overdue", `href="/cases/`+ref+`/looked-after/change"`, "Ends with care")

			// Back on the start form while looked after: it says so and
			// points to a change instead.
			mustContain(t, b.get("/cases/"+ref+"/looked-after/new").body, "Sam has been looked after since "+began.Long(), `href="/cases/`+ref+`/looked-after/change"`)
			mustNotContain(t, b.get("/cases/"+ref+"/looked-after/new").body, "was last looked after until")

			mgr := c.signIn(t, c.Manager)
			mustContain(t, mgr.get("/work?view=team").body, "Hold the looked-after review (looked after since "+began.Long()+")")

			// A move to new carers, first without its reason.
			page = b.get("/cases/" + ref + "/looked-after/change")
			mustContain(t, page.body, `value="LS12 3AB"`, `<option value="U6" selected>`)
			moved := kithtest.Today().AddDays(-10)
			change := dateValues(url.Values{"version": {"1"}, "new_carer": {"yes"}, "legal_status": {"C1"}, "placement_type": {"U6"}, "provider": {"PR4"},
				"urn": {"SC654321"}, "placement_postcode": {"LS9 8AA"}}, "changed_on", moved)
			res = b.post("/cases/"+ref+"/looked-after/change", change)
			if res.status != http.StatusUnprocessableEntity {
				t.Fatalf("a move without its reason: %d", res.status)
			}
			mustContain(t, res.body, `href="#reason_place_change"`, "Select why the placement changed", `value="LS9 8AA"`)
			change.Set("reason_place_change", "CREQO")
			page = b.follow(b.post("/cases/"+ref+"/looked-after/change", change))
			mustContain(t, page.body, "Change saved", "Change of placement and carer only", "LS9 8AA", "The carers asked for the placement to end for another reason")

			// The review, late.
			mustContain(t, b.get("/cases/"+ref+"/looked-after/reviews/new").body, "How did the child take part?", "This review was due by")
			page = b.follow(b.post("/cases/"+ref+"/looked-after/reviews/new", dateValues(url.Values{"participation": {"PN5"}}, "held_on", moved)))
			mustContain(t, page.body, "Review saved", "Looked-after reviews", "did not come, but briefed an advocate to speak for them", "Late")

			// Missing overnight: back before going is refused, then saved;
			// the return interview is added later.
			gone := kithtest.Today().AddDays(-3)
			res = b.post("/cases/"+ref+"/missing/new", dateValues(dateValues(url.Values{"kind": {"M"}}, "started_on", gone), "ended_on", gone.AddDays(-1)))
			if res.status != http.StatusUnprocessableEntity {
				t.Fatalf("back before going: %d", res.status)
			}
			mustContain(t, res.body, `href="#ended_on-day"`, "cannot be before the date they went missing")
			page = b.follow(b.post("/cases/"+ref+"/missing/new", dateValues(url.Values{"kind": {"M"}}, "started_on", gone)))
			mustContain(t, page.body, "Missing episode saved", "Missing from "+gone.Long()+", not yet back")
			care, err := c.DB.CaseLookedAfter(t.Context(), c.Actor(c.Prac), ref)
			if err != nil || len(care.Missing) != 1 {
				t.Fatalf("missing episodes: %+v, %v", care.Missing, err)
			}
			m := care.Missing[0]
			mustContain(t, b.get("/cases/"+ref+"/missing/"+m.ID).body, `value="`+itoa(gone.Day)+`"`)
			page = b.follow(b.post("/cases/"+ref+"/missing/"+m.ID, dateValues(dateValues(url.Values{"kind": {"M"}, "version": {"1"},
				"interview_offered": {"yes"}, "interview_accepted": {"yes"}}, "started_on", gone), "ended_on", gone.AddDays(1))))
			mustContain(t, page.body, "return interview offered and accepted")

			// Previous permanence: not recorded yet; a council code that is
			// not one is refused, keeping what was typed; then an SGO
			// whose day is not known; corrected through the API, where a
			// stale version is refused.
			mustContain(t, b.get("/cases/"+ref).body, "Left care before through adoption or an order", "Not recorded", `href="/cases/`+ref+`/looked-after/permanence"`)
			perm := url.Values{"version": {"0"}, "option": {"P2"}, "la": {"12"}, "order-month": {"5"}, "order-year": {"2020"}}
			res = b.post("/cases/"+ref+"/looked-after/permanence", perm)
			if res.status != http.StatusUnprocessableEntity {
				t.Fatalf("a council code that is not one: %d", res.status)
			}
			mustContain(t, res.body, `href="#la"`, "three-digit DfE code", `value="12"`, `value="2020"`)
			perm.Set("la", "333")
			page = b.follow(b.post("/cases/"+ref+"/looked-after/permanence", perm))
			mustContain(t, page.body, "Previous permanence saved", "A special guardianship order (P2), arranged by 333, order zz/05/2020")
			mustContain(t, b.get("/cases/"+ref+"/looked-after/permanence").body, `value="333"`, `value="5"`, `value="P2" checked`)
			tok := c.token(t, c.Prac)
			if st, body, _ := c.api(t, tok, "PUT", "/api/v1/cases/"+ref+"/looked-after/previous-permanence", map[string]any{"option": "Z1", "version": 0}); st != http.StatusConflict {
				t.Errorf("a stale correction: %d %v", st, body)
			}
			if st, body, _ := c.api(t, tok, "PUT", "/api/v1/cases/"+ref+"/looked-after/previous-permanence", map[string]any{"option": "Z1", "version": 1}); st != http.StatusOK || body["option"] != "Z1" {
				t.Errorf("a correction: %d %v", st, body)
			}

			// Another team's practitioner, through the API.
			outsider := c.token(t, c.Outsider)
			if st, _, _ := c.api(t, outsider, "POST", "/api/v1/cases/"+ref+"/looked-after/end", map[string]any{"ended_on": kithtest.Today().String(), "reason": "E4A", "version": 2}); st != http.StatusNotFound {
				t.Errorf("another team's practitioner ending care: %d", st)
			}
			if st, _, _ := c.api(t, outsider, "PUT", "/api/v1/cases/"+ref+"/looked-after/previous-permanence", map[string]any{"option": "Z1", "version": 2}); st != http.StatusNotFound {
				t.Errorf("another team's practitioner recording previous permanence: %d", st)
			}
			if st, _, _ := c.api(t, outsider, "GET", "/api/v1/cases/"+ref+"/looked-after", nil); st != http.StatusNotFound {
				t.Errorf("another team's practitioner reading care: %d", st)
			}
			st, body, _ := c.api(t, c.token(t, c.Prac), "GET", "/api/v1/cases/"+ref+"/looked-after", nil)
			if eps, _ := body["episodes"].([]any); st != http.StatusOK || len(eps) != 2 {
				t.Errorf("the history by the API: %d %v", st, body)
			}

			// Home, as the care plan said.
			mustContain(t, b.get("/cases/"+ref+"/looked-after/end").body, "Why did care end?")
			page = b.follow(b.post("/cases/"+ref+"/looked-after/end", dateValues(url.Values{"version": {"2"}, "reason": {"E4A"}}, "ended_on", kithtest.Today())))
			mustContain(t, page.body, "Care ended", "Last looked after", "Returned home to parents or others with parental responsibility, as part of the care plan",
				"Record that Sam became looked after again")
			mustNotContain(t, page.body, `href="/cases/`+ref+`/looked-after/change"`)
			mustContain(t, b.get("/cases/"+ref+"/looked-after/new").body, "Sam was last looked after until "+kithtest.Today().Long())
		})
	}
}
