package web

import (
	"kith/internal/kithtest"
	"net/http"
	"net/url"
	"testing"

	"kith/calendar"
)

// A referral made eleven working days ago with no response is due a chase
// in My work; the practitioner records a chase with an answer there, then
// the outcome (first without its date: refused). The API reads it back.
func TestReferralIsChasedUntilItHasAnAnswer(t *testing.T) {
	c := newTestCouncil(t, "sqlite")
	amy := c.amyAllocatedAt(kithtest.DaysAgo(40))
	b := c.signIn(t, c.Prac)
	base := "/cases/" + amy.Reference
	cal := calendar.EnglandAndWales()
	today := calendar.DayOf(kithtest.Now())
	referred := cal.AddWorkingDays(today, -11)

	mustContain(t, b.get(base+"/referrals").body, "No referrals have been recorded")
	mustContain(t, b.get(base+"/referrals/new").body, "Add a referral", "What did the family want from it?")
	res := b.post(base+"/referrals/new", url.Values{"service": {"Family support"}})
	if res.status != http.StatusUnprocessableEntity {
		t.Fatalf("an incomplete referral: %d", res.status)
	}
	mustContain(t, res.body, "govuk-error-summary", "Enter the date of the referral", "Say whether the family consented to the referral", "Family support")
	res = b.post(base+"/referrals/new", dateValues(url.Values{"service": {"Family support"}, "provider": {"Riverside Family Hub"}, "reason": {"Mornings are hard"},
		"family_wanted": {"Help getting the children to school"}, "consent": {"yes"}}, "referred", referred))
	if res.status != http.StatusSeeOther {
		t.Fatalf("referral: %d %s", res.status, text(res.body))
	}
	mustContain(t, b.follow(res).body, "Referral added", "Family support (Riverside Family Hub)", "Overdue")

	overdue := between(b.get("/work").body, `id="overdue"`, `id="due-soon"`)
	mustContain(t, overdue, "Chase the referral to Family support (Riverside Family Hub)", "Chase a referral", "Chase it")

	_, referrals, err := c.DB.CaseReferrals(t.Context(), c.Actor(c.Prac), amy.Reference)
	if err != nil || len(referrals) != 1 {
		t.Fatalf("referrals: %v %v", referrals, err)
	}
	page := base + "/referrals/" + referrals[0].ID
	mustContain(t, b.get(page).body, "Record a chase", "Not chased yet")
	res = b.post(page, dateValues(url.Values{"version": {"1"}, "how": {"Phone"}, "response": {"On the waiting list; first session in December"}}, "on", today))
	if res.status != http.StatusSeeOther {
		t.Fatalf("chase: %d %s", res.status, text(res.body))
	}
	mustContain(t, b.follow(res).body, "Chase recorded", "On the waiting list; first session in December", "Not needed: the service has responded")
	mustNotContain(t, b.get("/work").body, "Chase the referral to Family support")

	mustContain(t, b.get(page+"/outcome").body, "Record the outcome")
	res = b.post(page+"/outcome", url.Values{"version": {"2"}, "outcome": {"waiting"}})
	if res.status != http.StatusUnprocessableEntity {
		t.Fatalf("an outcome without a date: %d", res.status)
	}
	mustContain(t, res.body, "Enter the date of the outcome")
	res = b.post(page+"/outcome", dateValues(url.Values{"version": {"2"}, "outcome": {"waiting"}}, "outcome_on", today))
	if res.status != http.StatusSeeOther {
		t.Fatalf("outcome: %d %s", res.status, text(res.body))
	}
	mustContain(t, b.follow(res).body, "Outcome recorded", "On a waiting list on "+today.Long())

	status, body, _ := c.api(t, c.token(t, c.Prac), "GET", "/api/v1/cases/"+amy.Reference+"/referrals/"+referrals[0].ID, nil)
	if status != http.StatusOK || body["outcome"] != "waiting" || len(body["chases"].([]any)) != 1 {
		t.Errorf("referral through the API: %d %v", status, body)
	}
	status, body, _ = c.api(t, c.token(t, c.Prac), "POST", "/api/v1/cases/"+amy.Reference+"/referrals/"+referrals[0].ID+"/outcome",
		map[string]any{"outcome": "delivered", "version": 3})
	if status != http.StatusUnprocessableEntity || !hasFieldError(body, "outcome_on", "Enter the date of the outcome") {
		t.Errorf("an outcome without a date through the API: %d %v", status, body)
	}
}
