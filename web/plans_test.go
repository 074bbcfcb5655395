package web

import (
	"kith/internal/kithtest"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"kith"
	"kith/calendar"
)

func dateValues(v url.Values, name string, d kith.Date) url.Values {
	v.Set(name+"-day", itoa(d.Day))
	v.Set(name+"-month", itoa(int(d.Month)))
	v.Set(name+"-year", itoa(d.Year))
	return v
}

// A practitioner starts a child in need plan and adds two SMART objectives
// (the first try, with no one responsible, is refused with a message that
// says so); a home visit is linked to the first and shows on it; a review
// rates its progress; the plan can be ended.
func TestPlanWithSMARTObjectives(t *testing.T) {
	c := newTestCouncil(t, "sqlite")
	amy := c.amyAllocatedAt(kithtest.DaysAgo(30))
	b := c.signIn(t, c.Prac)
	base := "/cases/" + amy.Reference
	today := calendar.DayOf(kithtest.Now())

	mustContain(t, b.get(base+"/plan").body, "Amy has no current plan", "Start a plan")
	mustContain(t, b.get(base+"/plan/new").body, "Kind of plan", "Date of the first review")
	res := b.post(base+"/plan/new", dateValues(dateValues(url.Values{"kind": {"child_in_need"}}, "started", today), "review", today.AddDays(90)))
	if res.status != http.StatusSeeOther {
		t.Fatalf("start plan: %d %s", res.status, text(res.body))
	}
	page := b.follow(res).body
	mustContain(t, page, "Plan started", "Child in need plan from "+today.Long(), "This plan has no objectives yet")
	_, plans, err := c.DB.CasePlans(t.Context(), c.Actor(c.Prac), amy.Reference)
	if err != nil || plans.Current == nil {
		t.Fatalf("plans: %+v %v", plans, err)
	}
	pid := plans.Current.ID

	objective := dateValues(url.Values{"change": {"Amy goes to school every day"}, "measure": {"Attendance over 95% on the register"},
		"status": {"active"}}, "due", today.AddDays(60))
	res = b.post(base+"/plans/"+pid+"/objectives/new", objective)
	if res.status != http.StatusUnprocessableEntity {
		t.Fatalf("an objective with no owner: %d", res.status)
	}
	mustContain(t, res.body, "govuk-error-summary", "Say who is responsible for this objective", "Attendance over 95% on the register")
	mustContain(t, b.get(base+"/plans/"+pid+"/objectives/new").body, "Add an objective")
	objective.Set("owner", "worker:"+c.Prac.ID)
	if res = b.post(base+"/plans/"+pid+"/objectives/new", objective); res.status != http.StatusSeeOther {
		t.Fatalf("objective: %d %s", res.status, text(res.body))
	}
	second := dateValues(url.Values{"change": {"Amy sleeps in her own bed"}, "measure": {"Her mother's sleep diary"}, "status": {"active"},
		"owner": {"other"}, "owner_name": {"Jo Park"}, "owner_role": {"Family support worker"}, "owner_agency": {"Family Hub"}}, "due", today.AddDays(45))
	if res = b.post(base+"/plans/"+pid+"/objectives/new", second); res.status != http.StatusSeeOther {
		t.Fatalf("second objective: %d %s", res.status, text(res.body))
	}
	page = b.follow(res).body
	mustContain(t, page, "1. Amy goes to school every day", "2. Amy sleeps in her own bed", "Jo Park (Family support worker, Family Hub)")
	// Printed, and as a PDF: the objectives, who is responsible and by when.
	mustContain(t, page, `href="`+base+`/plan/print"`, `href="`+base+`/plan/pdf"`)
	mustContain(t, b.get(base+"/plan/print").body, "Amy Alder ("+amy.Reference+")", "1. Amy goes to school every day", "Jo Park (Family support worker, Family Hub)")
	mustContain(t, b.get(base+"/plan/pdf").body, "Kith cannot make PDFs on this server", "2. Amy sleeps in her own bed")
	t.Run("pdf", func(t *testing.T) {
		kithtest.NeedPDFTools(t)
		printWithChromium(t, c)
		defer c.srv.SetPrinter(nil)
		res := b.get(base + "/plan/pdf")
		if res.status != http.StatusOK || res.header.Get("Content-Type") != "application/pdf" {
			t.Fatalf("plan PDF: %d %s", res.status, text(res.body))
		}
		txt := strings.Join(strings.Fields(kithtest.PDFTool(t, []byte(res.body), "pdftotext", nil, "-")), " ")
		for _, want := range []string{"Child in need plan from " + today.Long(), "1. Amy goes to school every day", "Jo Park (Family support worker, Family Hub)", "Amy Alder · " + amy.Reference} {
			if !strings.Contains(txt, want) {
				t.Errorf("the plan's PDF lacks %q:\n%s", want, txt)
			}
		}
	})

	_, plans, _ = c.DB.CasePlans(t.Context(), c.Actor(c.Prac), amy.Reference)
	first := plans.Current.Objectives[0].ID

	// A home visit linked to the first objective shows on it.
	res = b.post(base+"/records/new", url.Values{"template": {"home-visit"}})
	draft := res.location
	mustContain(t, b.get(draft).body, "Which plan objectives did this work on?", "1. Amy goes to school every day")
	form := visitForm("1", "Mum stayed in the room")
	form.Set("objectives-offered", "yes")
	form.Set("objectives", first)
	if res = b.post(draft, withAction(form, "finalise")); res.status != http.StatusSeeOther {
		t.Fatalf("finalise: %d %s", res.status, text(res.body))
	}
	mustContain(t, b.follow(res).body, "Plan objectives worked on", "1. Amy goes to school every day")

	// A review rates it.
	mustContain(t, b.get(base+"/plans/"+pid+"/review").body, "Record a plan review", "Not rated at this review")
	review := dateValues(dateValues(url.Values{"version": {"1"}, "objective": {first, plans.Current.Objectives[1].ID}, "rating." + first: {"4"},
		"comment." + first: {"Two late marks this month"}, "action.0.what": {"Ask school for the term's attendance"},
		"action.0.owner": {"worker:" + c.Prac.ID}, "action.0.due": {"ongoing"}, "action.0.objective": {first}}, "held", today), "next", today.AddDays(90))
	res = b.post(base+"/plans/"+pid+"/review", review)
	if res.status != http.StatusUnprocessableEntity {
		t.Fatalf("a review action due “ongoing”: %d", res.status)
	}
	mustContain(t, res.body, "“ongoing” is not a date", "Ask school for the term")
	review.Set("action.0.due", today.AddDays(14).Numeric())
	if res = b.post(base+"/plans/"+pid+"/review", review); res.status != http.StatusSeeOther {
		t.Fatalf("review: %d %s", res.status, text(res.body))
	}
	page = b.get(base + "/objectives/" + first).body
	mustContain(t, page, "Actions towards it (1)", "Ask school for the term")
	mustContain(t, page, "Objective 1. Amy goes to school every day", "4 out of 10", "Two late marks this month", "Records that worked on it (1)", "Home visit")
	mustContain(t, b.get(base+"/plans/"+pid+"/objectives/"+first+"/edit").body, "Change an objective", "Where is it now?")

	// Ending it needs a reason.
	mustContain(t, b.get(base+"/plans/"+pid+"/end").body, "End the plan")
	res = b.post(base+"/plans/"+pid+"/end", dateValues(url.Values{"version": {"2"}}, "ended", today))
	if res.status != http.StatusUnprocessableEntity {
		t.Fatalf("end without a reason: %d %s", res.status, text(res.body))
	}
	mustContain(t, res.body, "Enter why the plan ended")
	res = b.post(base+"/plans/"+pid+"/end", dateValues(url.Values{"version": {"2"}, "reason": {"Needs met"}}, "ended", today))
	if res.status != http.StatusSeeOther {
		t.Fatalf("end: %d %s", res.status, text(res.body))
	}
	mustContain(t, b.follow(res).body, "Earlier plans", "Ended: Needs met")

	// A draft linked to the ended plan's objective keeps offering it,
	// ticked, so saving the draft does not unlink it.
	d, err := c.DB.CreateDraft(t.Context(), c.Actor(c.Prac), amy.Reference, kith.RecordInput{TemplateKey: "phone-call", Objectives: []string{first}})
	if err != nil {
		t.Fatal(err)
	}
	mustContain(t, b.get(base+"/records/"+d.ID).body, `value="`+first+`" checked`, "No longer a current objective")
}
