package web

import (
	"net/http"
	"net/url"
	"testing"

	"kith"
	"kith/internal/kithtest"
)

// TestCareLeaverForm: a young person who left care a few days before
// their 18th birthday last year has a row for it on the case page; in
// touch without an activity or accommodation is refused against those
// fields with the answers kept, then saved and shown; a suitability left
// from a changed mind is not counted; corrected through the API (a stale
// version refused). Another team's practitioner can do none of it.
func TestCareLeaverForm(t *testing.T) {
	for _, engine := range kithtest.Engines {
		t.Run(engine, func(t *testing.T) {
			c := newTestCouncil(t, engine)
			last := kith.CollectionYearOn(kithtest.Today()).Previous()
			birthday := last.Start().AddDays(40)
			dob := kith.Date{Year: birthday.Year - 18, Month: birthday.Month, Day: birthday.Day}
			cs := c.LookedAfter(c.Actor(c.Manager), "Rowan", "Reed", dob, c.T1, c.Prac, birthday.AddDays(-700), birthday.AddDays(-5))
			ref := cs.Reference

			b := c.signIn(t, c.Prac)
			mustContain(t, b.get("/cases/"+ref).body, "As a care leaver, on their 18th birthday", "Not recorded",
				`href="/cases/`+ref+`/looked-after/leaving?year=`+last.String()+`"`)
			mustContain(t, b.get("/cases/"+ref+"/looked-after/leaving?year="+last.String()).body, "Rowan as a care leaver", "their 18th birthday, "+birthday.Long())
			answers := url.Values{"year": {last.String()}, "version": {"0"}, "in_touch": {"YES"}, "suitable": {"1"}}
			res := b.post("/cases/"+ref+"/looked-after/leaving", answers)
			if res.status != http.StatusUnprocessableEntity {
				t.Fatalf("in touch, nothing else: %d", res.status)
			}
			mustContain(t, res.body, `href="#activity"`, `href="#accommodation"`, `value="YES" checked`)
			answers.Set("in_touch", "NO")
			page := b.follow(b.post("/cases/"+ref+"/looked-after/leaving", answers))
			mustContain(t, page.body, "Care leaver outcomes saved", "No, not in touch (NO)")
			care, err := c.DB.CaseLookedAfter(t.Context(), c.Actor(c.Prac), ref)
			if err != nil || care.LeaverFor(last) == nil || care.LeaverFor(last).Suitable != "" {
				t.Fatalf("saved: %+v, %v", care.Leaving, err)
			}

			tok := c.token(t, c.Prac)
			body := map[string]any{"year": last.String(), "in_touch": "YES", "activity": "F2", "accommodation": "D", "suitable": "1", "version": 0}
			if st, got, _ := c.api(t, tok, "PUT", "/api/v1/cases/"+ref+"/looked-after/care-leaver-outcomes", body); st != http.StatusConflict {
				t.Errorf("a stale correction: %d %v", st, got)
			}
			body["version"] = 1
			if st, got, _ := c.api(t, tok, "PUT", "/api/v1/cases/"+ref+"/looked-after/care-leaver-outcomes", body); st != http.StatusOK || got["accommodation"] != "D" {
				t.Errorf("a correction: %d %v", st, got)
			}
			body["year"] = last.Previous().String()
			if st, got, _ := c.api(t, tok, "PUT", "/api/v1/cases/"+ref+"/looked-after/care-leaver-outcomes", body); st != http.StatusConflict {
				t.Errorf("a year with no birthday to ask about: %d %v", st, got)
			}
			if st, _, _ := c.api(t, c.token(t, c.Outsider), "PUT", "/api/v1/cases/"+ref+"/looked-after/care-leaver-outcomes", body); st != http.StatusNotFound {
				t.Errorf("another team's practitioner: %d", st)
			}
			mustContain(t, b.get("/cases/"+ref+"/looked-after/leaving?year="+last.String()).body, `<option value="D" selected>`, `value="YES" checked`)
			before := b.get("/cases/" + ref + "/looked-after/leaving?year=" + last.Previous().String())
			mustContain(t, before.body, "asks nothing about Rowan as a care leaver")
			mustNotContain(t, before.body, `name="in_touch"`)
		})
	}
}
