package web

import (
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"kith"
	"kith/internal/kithtest"
)

// Two information governance officers take a closed case from the review
// list to disposal in the browser's forms, with every bad input answered
// at its field and what was typed kept; the manager who held the case is
// then told it was disposed of.
func TestRetentionFromReviewToDisposal(t *testing.T) {
	c := newTestCouncil(t, "sqlite")
	clk := kithtest.ClockOf(c.DB)
	clk.Set(kith.InLondon(kithtest.Date(2024, 3, 1), 10, 0))
	prac, tm := c.Actor(c.Prac), c.Actor(c.Manager)
	amy := c.Allocate(tm, c.Case(prac, "Amy", "Quennell", kithtest.Date(2015, 5, 5), c.T1), c.T1, c.Prac)
	in := kith.RecordInput{TemplateKey: "phone-call", Headline: "Phone call with school", OccurredAt: clk.Now().Add(-time.Hour).Truncate(time.Minute),
		Content: kith.RecordContent{"direction": {Answer: "incoming"}, "phone_number": {Text: "01632 960 001"}, "other_party": {Text: "Kithbury Primary"},
			"purpose": {Text: "The school trip"}, "content": {Text: "School rang about the allotment trip."}}}
	c.Finalised(prac, amy.Reference, in)
	o, err := c.DB.CaseOverview(c.Ctx, tm, amy.Reference)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := c.DB.CloseCase(c.Ctx, tm, amy.Reference, kith.CloseInput{Reason: "RC8", Note: "No further action", Version: o.Case.Version,
		WithoutSummary: "Closed at the family's request"}); err != nil {
		t.Fatal(err)
	}
	ida := c.User("ida.info", []kith.Role{kith.RoleInformationGovernance})
	ira := c.User("ira.info", []kith.Role{kith.RoleInformationGovernance})
	clk.Set(kith.InLondon(kithtest.Date(2025, 3, 5), 10, 0))

	// Nobody else sees the list.
	if res := c.signIn(t, c.Manager).get("/retention"); res.status != http.StatusForbidden {
		t.Errorf("the manager's review list: %d", res.status)
	}
	b := c.signIn(t, ida)
	res := b.get("/retention")
	if res.status != http.StatusOK || !strings.Contains(text(res.body), "No record is due for disposal today") {
		t.Fatalf("review list under 35 years: %d %s", res.status, text(res.body))
	}
	// The policy: a word, and child protection shorter than the rest.
	res = b.post("/retention/policy", url.Values{"child_protection_years": {"ten"}, "other_years": {"1"}})
	if res.status != http.StatusUnprocessableEntity || !strings.Contains(text(res.body), "Enter the years child protection records are kept after closure, from 1 to 100") ||
		!strings.Contains(res.body, `value="ten"`) {
		t.Errorf("a word for years: %d %s", res.status, text(res.body))
	}
	if res = b.post("/retention/policy", url.Values{"child_protection_years": {"1"}, "other_years": {"1"}}); res.status != http.StatusSeeOther {
		t.Fatalf("policy: %d %s", res.status, text(res.body))
	}
	res = b.get("/retention")
	if !strings.Contains(text(res.body), "1 record due") || !strings.Contains(res.body, "/retention/"+amy.Reference) {
		t.Fatalf("review list: %s", text(res.body))
	}
	page := "/retention/" + amy.Reference
	// A hold with no reason, dated tomorrow: both said, the date kept.
	res = b.post(page+"/hold", url.Values{"reason": {""}, "placed_on-day": {"6"}, "placed_on-month": {"3"}, "placed_on-year": {"2025"}})
	if res.status != http.StatusUnprocessableEntity || !strings.Contains(text(res.body), "Enter why the record must be kept") ||
		!strings.Contains(text(res.body), "The hold must start today or earlier") || !strings.Contains(res.body, `name="placed_on-day" type="text" inputmode="numeric" value="6"`) {
		t.Errorf("a bad hold: %d %s", res.status, text(res.body))
	}
	if res = b.post(page+"/hold", url.Values{"reason": {"Claim against the council"}, "placed_on-day": {"5"}, "placed_on-month": {"3"}, "placed_on-year": {"2025"}}); res.status != http.StatusSeeOther {
		t.Fatalf("hold: %d %s", res.status, text(res.body))
	}
	res = b.post(page+"/propose", url.Values{"proposal_note": {"Reviewed"}})
	if res.status != http.StatusUnprocessableEntity || !strings.Contains(text(res.body), "A legal hold stands (Claim against the council, since 5 March 2025)") {
		t.Errorf("proposed under a hold: %d %s", res.status, text(res.body))
	}
	cr, err := c.DB.CaseRetention(c.Ctx, c.Actor(ida), amy.Reference)
	if err != nil || len(cr.Holds) != 1 {
		t.Fatalf("holds: %v %+v", err, cr)
	}
	if res = b.post(page+"/lift", url.Values{"hold": {cr.Holds[0].ID}, "lift_reason": {""}}); res.status != http.StatusUnprocessableEntity ||
		!strings.Contains(text(res.body), "Enter why the hold is lifted") {
		t.Errorf("lifted without a reason: %d %s", res.status, text(res.body))
	}
	if res = b.post(page+"/lift", url.Values{"hold": {cr.Holds[0].ID}, "lift_reason": {"Claim withdrawn"}}); res.status != http.StatusSeeOther {
		t.Fatalf("lift: %d %s", res.status, text(res.body))
	}
	if res = b.post(page+"/propose", url.Values{"proposal_note": {"Checked against the schedule"}}); res.status != http.StatusSeeOther {
		t.Fatalf("propose: %d %s", res.status, text(res.body))
	}
	// The proposer is not offered the approval, and is refused it.
	if res = b.get(page); !strings.Contains(text(res.body), "You proposed it, so another information governance officer must approve it") {
		t.Errorf("the proposer's page: %s", text(res.body))
	}
	if res = b.post(page+"/decide", url.Values{"decision": {"approve"}}); res.status != http.StatusForbidden {
		t.Errorf("the proposer approved: %d", res.status)
	}
	b2 := c.signIn(t, ira)
	if res = b2.post(page+"/decide", url.Values{"decision_note": {"Looks right"}}); res.status != http.StatusUnprocessableEntity ||
		!strings.Contains(text(res.body), "Select whether to approve the disposal or turn it down") || !strings.Contains(res.body, "Looks right") {
		t.Errorf("no decision: %d %s", res.status, text(res.body))
	}
	res = b2.post(page+"/decide", url.Values{"decision": {"approve"}, "decision_note": {"Looks right"}})
	if res.status != http.StatusSeeOther {
		t.Fatalf("approve: %d %s", res.status, text(res.body))
	}
	res = b2.get(page)
	if !strings.Contains(text(res.body), "The record was disposed of: 1 record and 0 files removed") ||
		!strings.Contains(text(res.body), "Proposed by Ida Info (“Checked against the schedule”), approved by Ira Info (“Looks right”)") {
		t.Errorf("the tombstone: %s", text(res.body))
	}
	// The manager who held the case is told; nothing of it shows.
	res = c.signIn(t, c.Manager).get("/cases/" + amy.Reference)
	if res.status != http.StatusNotFound || !strings.Contains(text(res.body), "record was disposed of on 5 March 2025 under the retention policy") ||
		strings.Contains(res.body, "allotment") || strings.Contains(res.body, "Quennell") {
		t.Errorf("the case after disposal: %d %s", res.status, text(res.body))
	}
}
