package web

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"kith/internal/kithtest"
)

// TestReferralAndDecision: a case opened from the form with its referral
// shows it on the case page with the decision due; a decision with no
// choice made is refused with what was typed kept; recorded, it shows who
// made it. The API gives the same episode.
func TestReferralAndDecision(t *testing.T) {
	for _, engine := range kithtest.Engines {
		t.Run(engine, func(t *testing.T) {
			c := newTestCouncil(t, engine)
			b := c.signIn(t, c.Prac)
			today := kithtest.Today()
			date := func(prefix string) url.Values {
				return url.Values{prefix + "-day": {itoa(today.Day)}, prefix + "-month": {itoa(int(today.Month))}, prefix + "-year": {itoa(today.Year)}}
			}
			// Born on a day every year has (not today's day six years ago,
			// which on 29 February is no day at all).
			form := url.Values{"child_date_of_birth-day": {"5"}, "child_date_of_birth-month": {"5"}, "child_date_of_birth-year": {"2015"}}
			form.Set("child_first_name", "Amy")
			form.Set("child_last_name", "Alder")
			form.Set("team_id", c.T1.ID)
			for k, v := range date("referral_at") {
				form[k] = v
			}
			// Half a referral is refused against its fields, the rest kept.
			res := b.post("/cases/new", form)
			mustContain(t, res.body, `href="#referral_source"`, "Select where the referral came from", `value="Amy"`)
			form.Set("referral_source", "3B")
			res = b.post("/cases/new", form)
			if res.status != http.StatusSeeOther {
				t.Fatalf("new case: %d %s", res.status, text(res.body))
			}
			ref := strings.Split(strings.TrimPrefix(res.location, "/cases/"), "/")[0]
			page := b.follow(res)
			mustContain(t, b.get("/cases/"+ref+"/referral").body, `value="3B" selected`, `name="referral_at-time"`)
			mustContain(t, page.body, "Referral and episode", "Health services: health visitor (3B)", "Due by", "Within 1 working day of the referral")

			// The team's work shows the decision due, with the way to record it.
			mgr := c.signIn(t, c.Manager)
			mustContain(t, mgr.get("/work?view=team").body, "Decide on the referral received "+today.Long(),
				`href="/cases/`+ref+`/referral/decision"`, "Statutory steps")

			res = b.post("/cases/"+ref+"/referral/decision", url.Values{"version": {"1"}, "primary_need": {"N2"}})
			if res.status != http.StatusUnprocessableEntity {
				t.Fatalf("no decision: %d", res.status)
			}
			mustContain(t, res.body, `href="#decision"`, "Select what was decided", `value="N2" selected`)
			res = b.follow(b.post("/cases/"+ref+"/referral/decision", url.Values{"version": {"1"}, "primary_need": {"N2"}, "decision": {"assessment"}}))
			mustContain(t, res.body, "Decision saved", "Child and family assessment, "+today.Long()+" by Ann Ash", "Child&#39;s disability (N2)")
			mustNotContain(t, res.body, "Due by")
			mustNotContain(t, mgr.get("/work?view=team").body, "Decide on the referral")

			st, body, _ := c.api(t, c.token(t, c.Prac), "GET", "/api/v1/cases/"+ref, nil)
			eps, _ := body["episodes"].([]any)
			if st != 200 || len(eps) != 1 || eps[0].(map[string]any)["decision"] != "assessment" || eps[0].(map[string]any)["referral_source"] != "3B" {
				t.Errorf("overview's episodes: %d %v", st, body["episodes"])
			}
			if st, _, _ := c.api(t, c.token(t, c.Outsider), "GET", "/api/v1/cases/"+ref+"/episodes", nil); st != http.StatusNotFound {
				t.Errorf("outsider: %d", st)
			}
		})
	}
}
