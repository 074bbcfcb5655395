package web

import (
	"net/http"
	"net/url"
	"testing"

	"kith"
	"kith/internal/kithtest"
)

// TestAdoptersRegisterPages: a service manager adds a household (bad
// input refused beside its fields, what was typed kept), approves it,
// and a stale correction is refused with the typing kept; the child's
// match names it and the case page shows the reference; a practitioner
// can neither open the register nor use its API.
func TestAdoptersRegisterPages(t *testing.T) {
	for _, engine := range kithtest.Engines {
		t.Run(engine, func(t *testing.T) {
			c := newTestCouncil(t, engine)
			today := kithtest.Today()
			sm := c.User("sam.sage", []kith.Role{kith.RoleServiceManager})
			b := c.signIn(t, sm)
			mustContain(t, b.get("/work").body, `href="/adopters"`)
			mustContain(t, b.get("/adopters").body, "The adopters register", "No households are recorded yet.")
			mustContain(t, b.get("/adopters/new").body, "The adopter, or the first of a couple", "Date stage 2 started")

			household := url.Values{"version": {"0"}, "adopters.0.name": {"Sam Rowe"}, "adopters.0.sex": {"F"}, "adopters.0.ethnicity": {"WBRI"},
				"adopters.0.disabled": {"no"}, "adopters.1.name": {"Alex Rowe"}, "adopters.1.sex": {"M"}, "adopters.1.ethnicity": {"MWBC"},
				"fostering_for_adoption": {"no"}}
			household = dateValues(dateValues(household, "enquiry_on", today.AddDays(-300)), "stage2_started_on", today.AddDays(-200))
			household = dateValues(household, "approved_on", today.AddDays(-100))
			res := b.post("/adopters/new", household)
			if res.status != http.StatusUnprocessableEntity {
				t.Fatalf("approved without an application, the second adopter half filled in: %d", res.status)
			}
			mustContain(t, res.body, `href="#application_on`, "Enter the date of the application: approval follows it",
				`href="#adopters.1.disabled"`, `value="Alex Rowe"`)
			household.Set("adopters.1.disabled", "not_known")
			household = dateValues(household, "application_on", today.AddDays(-210))
			page := b.follow(b.post("/adopters/new", household))
			ref := "ADP-" + itoa(today.AddDays(-300).Year) + "-0001"
			mustContain(t, page.body, ref+" saved", "Sam Rowe and Alex Rowe", "Approved "+today.AddDays(-100).Long())

			all, err := c.DB.AdopterHouseholds(t.Context(), c.Actor(sm))
			if err != nil || len(all) != 1 {
				t.Fatalf("the register: %+v %v", all, err)
			}
			id := all[0].ID
			mustContain(t, b.get("/adopters/"+id).body, ref+": Sam Rowe and Alex Rowe", `value="Alex Rowe"`)
			household.Set("version", "1")
			b.follow(b.post("/adopters/"+id, household))
			household.Set("adopters.0.name", "Sam Rowe-Lee") // from version 1 again
			res = b.post("/adopters/"+id, household)
			if res.status != http.StatusConflict {
				t.Fatalf("a stale correction: %d", res.status)
			}
			mustContain(t, res.body, "Someone else changed this household", `value="Sam Rowe-Lee"`, `name="version" value="2"`)

			// A child matched with them: the case page names the household.
			ref2 := c.LookedAfter(c.Actor(c.Manager), "Pip", "Poplar", today.AddDays(-900), c.T1, c.Prac, today.AddDays(-400), kith.Date{}).Reference
			if _, err := c.DB.RecordAdoptionDecision(t.Context(), c.Actor(c.Prac), ref2, "", kith.AdoptionDecisionInput{DecidedOn: today.AddDays(-250)}); err != nil {
				t.Fatal(err)
			}
			pb := c.signIn(t, c.Prac)
			match := dateValues(url.Values{"version": {"0"}, "adopters_sex": {"MF"}, "adopters_status": {"L11"}, "household": {"ADP-1999-0001"}}, "matched_on", today.AddDays(-20))
			res = pb.post("/cases/"+ref2+"/looked-after/adoption-match", match)
			if res.status != http.StatusUnprocessableEntity {
				t.Fatalf("a household not in the register: %d", res.status)
			}
			mustContain(t, res.body, `href="#household"`, `value="ADP-1999-0001"`)
			match.Set("household", ref)
			page = pb.follow(pb.post("/cases/"+ref2+"/looked-after/adoption-match", match))
			mustContain(t, page.body, "Match saved", "("+ref+")")

			if res := pb.get("/adopters"); res.status != http.StatusForbidden {
				t.Errorf("a practitioner opens the register: %d", res.status)
			}
			if res := pb.get("/adopters/" + id); res.status != http.StatusForbidden {
				t.Errorf("a practitioner opens a household: %d", res.status)
			}
			token := c.token(t, c.Prac)
			if st, _, _ := c.api(t, token, "GET", "/api/v1/adopters", nil); st != http.StatusForbidden {
				t.Errorf("a practitioner reads the register through the API: %d", st)
			}
			smToken := c.token(t, sm)
			st, body, _ := c.api(t, smToken, "POST", "/api/v1/adopters", map[string]any{"adopters": []map[string]any{{"name": "Jo Lee", "sex": "F",
				"ethnicity": "CHNE", "disabled": "yes"}}, "enquiry_on": today.String()})
			if st != http.StatusCreated || body["reference"] != "ADP-"+itoa(today.Year)+"-0001" && body["reference"] != "ADP-"+itoa(today.Year)+"-0002" {
				t.Errorf("a household through the API: %d %v", st, body)
			}
		})
	}
}
