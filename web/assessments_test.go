package web

import (
	"context"
	"encoding/json"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"kith"
	"kith/internal/kithtest"
)

// TestAssessmentForms: a practitioner starts an assessment from the case
// page (a start before the referral is refused with the ticked factors
// kept); it shows its due date, overdue here, and the way to write it up;
// the team's work lists it; a practitioner cannot authorise; the manager's
// authorisation needs the factors and, being late, the reason; authorised,
// it shows who and why, and a change to it is refused with the typing kept.
func TestAssessmentForms(t *testing.T) {
	for _, engine := range kithtest.Engines {
		t.Run(engine, func(t *testing.T) {
			c := newTestCouncil(t, engine)
			ctx := context.Background()
			received := kithtest.Now().Add(-100 * 24 * time.Hour)
			cs, err := c.DB.CreateCase(ctx, c.Actor(c.Prac), kith.NewCaseInput{TeamID: c.T1.ID,
				Child:    kith.PersonInput{FirstName: "Amy", LastName: "Alder", DateOfBirth: kithtest.Date(2015, 5, 5)},
				Referral: &kith.EpisodeReferralInput{ReferralAt: received, Source: "2A", PrimaryNeed: "N1"}})
			if err != nil {
				t.Fatal(err)
			}
			c.Allocate(c.Actor(c.Manager), cs, c.T1, c.Prac)
			ref := cs.Reference
			referralOn := kith.DateOf(received.In(kith.London))
			date := func(prefix string, d kith.Date) url.Values {
				return url.Values{prefix + "-day": {itoa(d.Day)}, prefix + "-month": {itoa(int(d.Month))}, prefix + "-year": {itoa(d.Year)}}
			}

			b := c.signIn(t, c.Prac)
			mustContain(t, b.get("/cases/"+ref).body, "Child and family assessment", "No assessment in this episode.", `href="/cases/`+ref+`/assessments/new"`)
			form := date("started_on", referralOn.AddDays(-1))
			form["factors"] = []string{"16A", "3B"}
			res := b.post("/cases/"+ref+"/assessments/new", form)
			if res.status != http.StatusUnprocessableEntity {
				t.Fatalf("start before the referral: %d", res.status)
			}
			mustContain(t, res.body, `href="#started_on-day"`, "The assessment must start on or after the referral", `value="16A" checked`, `value="3B" checked`, "Abuse or neglect")
			form = date("started_on", referralOn.AddDays(1))
			form["factors"] = []string{"16A"}
			page := b.follow(b.post("/cases/"+ref+"/assessments/new", form))
			mustContain(t, page.body, "Assessment started", "Due by", "Overdue", "Neglect (16A)", "Write up the assessment")
			mustNotContain(t, page.body, "Start an assessment", "/authorise")

			resp, raw := c.rawAPI(t, c.token(t, c.Prac), "GET", "/api/v1/cases/"+ref+"/assessments", "", nil)
			var list []kith.Assessment
			if err := json.Unmarshal(raw, &list); err != nil || resp.StatusCode != http.StatusOK || len(list) != 1 {
				t.Fatalf("the assessments by the API: %d %s", resp.StatusCode, raw)
			}
			id := list[0].ID
			if st := b.get("/cases/" + ref + "/assessments/" + id + "/authorise").status; st != http.StatusForbidden && st != http.StatusNotFound {
				t.Errorf("a practitioner opening the authorisation: %d", st)
			}
			if st, _, _ := c.api(t, c.token(t, c.Prac), "POST", "/api/v1/cases/"+ref+"/assessments/"+id+"/authorisation",
				map[string]any{"factors": []string{"16A"}, "late_reason": "x", "version": 1}); st != http.StatusForbidden {
				t.Errorf("a practitioner authorising by the API: %d", st)
			}
			if st, _, _ := c.api(t, c.token(t, c.Outsider), "GET", "/api/v1/cases/"+ref+"/assessments", nil); st != http.StatusNotFound {
				t.Errorf("another team's practitioner: %d", st)
			}

			mgr := c.signIn(t, c.Manager)
			mustContain(t, mgr.get("/work?view=team").body, "Complete the assessment started "+referralOn.AddDays(1).Long(), `href="/cases/`+ref+`#assessment"`)
			mustContain(t, mgr.get("/cases/"+ref).body, `href="/cases/`+ref+`/assessments/`+id+`/authorise"`)
			res = mgr.post("/cases/"+ref+"/assessments/"+id+"/authorise", url.Values{"version": {"1"}})
			if res.status != http.StatusUnprocessableEntity {
				t.Fatalf("authorising with nothing: %d", res.status)
			}
			mustContain(t, res.body, `href="#factors"`, `href="#late_reason"`, "Say why the assessment took longer than 45 working days")
			page = mgr.follow(mgr.post("/cases/"+ref+"/assessments/"+id+"/authorise", url.Values{"version": {"1"}, "factors": {"16A", "4B"},
				"late_reason": {"The family moved to a refuge in week 3."}}))
			mustContain(t, page.body, "Assessment authorised", "by Dee Daw", "Late", "The family moved to a refuge in week 3.", "Mental health of a parent or carer (4B)", "Start an assessment")
			mustNotContain(t, mgr.get("/work?view=team").body, "Complete the assessment started")

			res = b.post("/cases/"+ref+"/assessments/"+id+"/edit", url.Values{"version": {"2"}, "started_on-day": {itoa(referralOn.Day)},
				"started_on-month": {itoa(int(referralOn.Month))}, "started_on-year": {itoa(referralOn.Year)}, "factors": {"21"}})
			if res.status != http.StatusConflict {
				t.Fatalf("changing an authorised assessment: %d", res.status)
			}
			mustContain(t, res.body, "which locked it", `value="21" checked`)
		})
	}
}

// TestSessionFollowsTheAssessment: a session of direct work is written
// beside the assessment it follows (seed 001: "linked to an up to date
// assessment and care plan"): before any is authorised the draft says so;
// once one is, the draft names it and what it found, and the final record
// keeps it.
func TestSessionFollowsTheAssessment(t *testing.T) {
	for _, engine := range kithtest.Engines {
		t.Run(engine, func(t *testing.T) {
			c := newTestCouncil(t, engine)
			ctx := context.Background()
			prac, mgr := c.Actor(c.Prac), c.Actor(c.Manager)
			cs, err := c.DB.CreateCase(ctx, prac, kith.NewCaseInput{TeamID: c.T1.ID,
				Child:    kith.PersonInput{FirstName: "Amy", LastName: "Alder", DateOfBirth: kithtest.Date(2015, 5, 5)},
				Referral: &kith.EpisodeReferralInput{ReferralAt: kithtest.Now().Add(-30 * 24 * time.Hour), Source: "2A", PrimaryNeed: "N1"}})
			if err != nil {
				t.Fatal(err)
			}
			c.Allocate(mgr, cs, c.T1, c.Prac)
			ref := cs.Reference
			b := c.signIn(t, c.Prac)
			res := b.post("/cases/"+ref+"/records/new", url.Values{"template": {"intervention-session"}})
			if res.status != http.StatusSeeOther {
				t.Fatalf("new session: %d", res.status)
			}
			draft := res.location
			mustContain(t, b.get(draft).body, "No child and family assessment of Amy has been authorised yet")

			a, err := c.DB.StartAssessment(ctx, prac, ref, kith.AssessmentInput{StartedOn: kithtest.Today().AddDays(-20), Factors: []string{"4B"}})
			if err != nil {
				t.Fatal(err)
			}
			if _, err := c.DB.AuthoriseAssessment(ctx, mgr, ref, a.ID, kith.AuthoriseInput{AuthorisedOn: kithtest.Today().AddDays(-2), Factors: []string{"4B"}, Version: a.Version}); err != nil {
				t.Fatal(err)
			}
			authorised := kithtest.Today().AddDays(-2).Long()
			mustContain(t, b.get(draft).body, "This session follows the", "child and family assessment authorised "+authorised, "Mental health of a parent or carer (4B)")

			// Finalised, the record keeps the assessment it followed.
			id := draft[strings.LastIndex(draft, "/")+1:]
			rec, err := c.DB.Record(ctx, prac, id)
			if err != nil {
				t.Fatal(err)
			}
			in := rec.Record.Input()
			in.Headline, in.OccurredAt = "Bedtime routine with Ms Alder", kithtest.Now().Add(-time.Hour)
			until := kithtest.Now().Add(-30 * time.Minute)
			in.OccurredUntil = &until
			in.Content = kith.RecordContent{"intervention": {Text: "Parenting support"}, "purpose": {Text: "To agree a bedtime routine."},
				"present": {Others: "Amy, Ms Alder"}, "location_time": {Text: "At home, after school"}, "activities": {Text: "We made a chart."},
				"observations": {Text: "Amy stuck the stars on herself."}, "safeguarding": {Answer: "no"}, "outcome": {Text: "A routine agreed."},
				"actions": {Actions: []kith.ActionItem{{What: "Try the chart for a week", Who: "Ms Alder", By: kithtest.Today().AddDays(7).String()}}}}
			if _, err := c.DB.FinaliseRecord(ctx, prac, id, in); err != nil {
				t.Fatal(err)
			}
			mustContain(t, b.get(draft).body, "Assessment it follows", "Child and family assessment authorised "+authorised)
		})
	}
}
