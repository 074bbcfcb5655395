package web

import (
	"kith/internal/kithtest"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"kith"
)

// A summary is due three months after allocation. The manager trying to
// close the case is taken to write the closing summary; the practitioner
// starts one, sees the child's seen-alone visit and the school's
// information linked to their records, cannot finalise without the
// analysis and the views, gathers again keeping their typing, finalises,
// records the family's comments; the manager countersigns; the family
// version leaves out the internal notes. The API reads it all back.
func TestCaseSummaryJourney(t *testing.T) {
	c := newTestCouncil(t, "sqlite")
	if err := c.DB.SetSummarySignOff(t.Context(), c.Actor(c.Admin), true); err != nil {
		t.Fatal(err)
	}
	amy := c.amyAllocatedAt(kithtest.Now().AddDate(0, -4, 0))
	base := "/cases/" + amy.Reference
	now := kithtest.Now().In(kith.London)
	visit := c.Finalised(c.Actor(c.Prac), amy.Reference, kith.RecordInput{TemplateKey: "home-visit", Headline: "Monthly visit", OccurredAt: now.AddDate(0, 0, -10),
		Content: kith.RecordContent{"present": {Others: "Amy, Carol"}, "child_seen": {Answer: "yes"}, "child_seen_alone": {Answer: "yes"}, "bedroom_seen": {Answer: "yes"},
			"child_views": {Text: "I like my new room"}, "discussion": {Text: `Carol said "mornings are easier now".`}, "concerns": {Text: "None."}, "observations": {Text: "Clean and warm."}, "analysis": {Text: "Improving."}}})
	school := c.Finalised(c.Actor(c.Prac), amy.Reference, kith.RecordInput{TemplateKey: "agency-information", Headline: "Attendance is up to 95%", OccurredAt: now.AddDate(0, 0, -5),
		Content: kith.RecordContent{"agency": {Text: "Kithbury Primary School"}, "informant": {Text: "Ms Patel, head of year"}, "how_received": {Text: "phone"},
			"received_at": {Text: now.AddDate(0, 0, -5).Format("2006-01-02")}, "information": {Text: "Attendance is up."}}})

	b, m := c.signIn(t, c.Prac), c.signIn(t, c.Manager)
	mustContain(t, between(b.get("/work").body, `id="overdue"`, `id="due-soon"`), "Start the summary")
	mustContain(t, b.get(base+"/summaries").body, "No summaries yet", "Not covered")

	res := m.get(base + "/close")
	if res.status != http.StatusSeeOther || !strings.HasSuffix(res.header.Get("Location"), "/summaries/new?reason=closure") {
		t.Fatalf("closing without a summary: %d %s", res.status, res.header.Get("Location"))
	}
	page := m.follow(res).body
	mustContain(t, page, "Before the case closes, write a closing summary", "Close the case without a summary")
	mustContain(t, m.get(base+"/close?without-summary=yes").body, "Why is the case closing without a closing summary?")

	today := kith.Today(kithtest.Now())
	from := kith.DateOf(now.AddDate(0, -3, 0))
	res = b.post(base+"/summaries/new", dateValues(dateValues(url.Values{"reason": {"periodic"}}, "from", from), "to", today.AddDays(1)))
	if res.status != http.StatusUnprocessableEntity {
		t.Fatalf("a period in the future: %d", res.status)
	}
	mustContain(t, res.body, "govuk-error-summary", "The summary cannot cover days still to come")
	res = b.post(base+"/summaries/new", dateValues(dateValues(url.Values{"reason": {"periodic"}}, "from", from), "to", today))
	if res.status != http.StatusSeeOther {
		t.Fatalf("start: %d %s", res.status, text(res.body))
	}
	draftURL := res.header.Get("Location")
	draft := b.follow(res).body
	mustContain(t, draft, "Summary started: 2 records gathered", "Kithbury Primary School", "Attendance is up to 95%", `href="`+base+`/records/`+school.ID+`"`,
		"I like my new room", "mornings are easier now")
	mustContain(t, between(draft, `id="seen-alone"`, "</p>"), `href="`+base+`/records/`+visit.ID+`"`)

	form := url.Values{"version": {"1"}, "headline": {"Three-monthly summary"}, "occurred-day": {itoa(now.Day())}, "occurred-month": {itoa(int(now.Month()))},
		"occurred-year": {itoa(now.Year())}, "occurred-time": {now.Format("15:04")}, "action": {"finalise"}}
	res = b.post(draftURL, form)
	if res.status != http.StatusUnprocessableEntity {
		t.Fatalf("finalising without the analysis: %d", res.status)
	}
	mustContain(t, res.body, "Write your analysis of progress towards the plan", "Write the child&#39;s and family&#39;s views of progress")
	form.Set("version", versionIn(t, res.body))
	form.Set("s.analysis", "Attendance is up and mornings are calmer.")
	form.Set("s.views", "Amy said she likes her room; Carol says mornings are easier.")
	form.Set("s.internal", "Police information about a neighbour: not for the family.")
	form.Set("action", "regather")
	res = b.post(draftURL, form)
	if res.status != http.StatusSeeOther {
		t.Fatalf("gather again: %d %s", res.status, text(res.body))
	}
	page = b.follow(res).body
	mustContain(t, page, "Draft saved and the facts gathered again", "Attendance is up and mornings are calmer.")
	form.Set("version", versionIn(t, page))
	form.Set("action", "finalise")
	res = b.post(draftURL, form)
	if res.status != http.StatusSeeOther {
		t.Fatalf("finalise: %d %s", res.status, text(res.body))
	}
	mustContain(t, b.follow(res).body, "Summary finalised", "Awaiting sign-off", "Not yet recorded as shared")
	summaryID := draftURL[strings.LastIndex(draftURL, "/")+1:]
	sumBase := base + "/summaries/" + summaryID

	mustContain(t, b.get(sumBase+"/share").body, "Record sharing the summary with the family")
	res = b.post(sumBase+"/share", dateValues(url.Values{"comments": {"We agree mornings are better."}}, "on", today))
	if res.status != http.StatusUnprocessableEntity {
		t.Fatalf("sharing without how: %d", res.status)
	}
	mustContain(t, res.body, "Enter how the summary was shared", "We agree mornings are better.")
	res = b.post(sumBase+"/share", dateValues(url.Values{"how": {"At a home visit"}, "with": {"Amy and Carol"}, "comments": {"We agree mornings are better."},
		"written_by": {"family"}}, "on", today))
	if res.status != http.StatusSeeOther {
		t.Fatalf("share: %d %s", res.status, text(res.body))
	}
	mustContain(t, b.follow(res).body, "Sharing with the family recorded", "We agree mornings are better.", "Written by them")

	if res = b.get(sumBase + "/sign-off"); res.status != http.StatusForbidden && res.status != http.StatusNotFound {
		t.Errorf("a practitioner may not countersign: %d", res.status)
	}
	mustContain(t, m.get(sumBase+"/sign-off").body, "Countersign the summary")
	res = m.post(sumBase+"/sign-off", url.Values{"comment": {"Agreed."}})
	if res.status != http.StatusSeeOther {
		t.Fatalf("sign off: %d %s", res.status, text(res.body))
	}
	mustContain(t, m.follow(res).body, "Summary countersigned", "Countersigned by")

	family := b.get(sumBase + "/family").body
	mustContain(t, family, "Amy’s case summary", "Attendance is up and mornings are calmer.", "We agree mornings are better.", "What some words mean", "Kithbury Primary School")
	mustNotContain(t, family, "Police information", "Attendance is up to 95%", "Ms Patel")
	// Its PDF: without Chromium, the page itself, saying why; with it, the
	// same words, and still none of what the family version leaves out.
	fallback := b.get(sumBase + "/family/pdf").body
	mustContain(t, fallback, "Kith cannot make PDFs on this server", "Amy’s case summary")
	t.Run("pdf", func(t *testing.T) {
		kithtest.NeedPDFTools(t)
		printWithChromium(t, c)
		defer c.srv.SetPrinter(nil)
		res := b.get(sumBase + "/family/pdf")
		if res.status != http.StatusOK || res.header.Get("Content-Type") != "application/pdf" {
			t.Fatalf("family version PDF: %d %s", res.status, text(res.body))
		}
		txt := strings.Join(strings.Fields(kithtest.PDFTool(t, []byte(res.body), "pdftotext", nil, "-")), " ")
		for _, want := range []string{"Amy’s case summary", "We agree mornings are better.", "What some words mean", "Amy Alder · " + amy.Reference} {
			if !strings.Contains(txt, want) {
				t.Errorf("the family version's PDF lacks %q:\n%s", want, txt)
			}
		}
		for _, not := range []string{"Attendance is up to 95%", "Ms Patel", "Back to the summary"} {
			if strings.Contains(txt, not) {
				t.Errorf("the family version's PDF holds %q:\n%s", not, txt)
			}
		}
	})
	if res = m.get(base + "/close"); res.status != http.StatusOK {
		t.Errorf("closing a covered case shows the form: %d", res.status)
	}

	tok := c.token(t, c.Prac)
	status, body, _ := c.api(t, tok, "GET", "/api/v1/cases/"+amy.Reference+"/summaries", nil)
	if status != http.StatusOK || body["covered"] != true || len(body["summaries"].([]any)) != 1 {
		t.Errorf("summaries through the API: %d %v", status, body)
	}
	status, body, _ = c.api(t, tok, "POST", "/api/v1/cases/"+amy.Reference+"/summaries", map[string]any{"reason": "periodic",
		"period": map[string]any{"from": from.String(), "to": today.String()}})
	if status != http.StatusUnprocessableEntity || !hasFieldError(body, "overlap_reason", "A three-monthly summary already covers "+from.Long()+" to "+today.Long()+": say why this one covers the same days, or change the dates") {
		t.Errorf("an overlapping summary through the API: %d %v", status, body)
	}
	status, body, _ = c.api(t, tok, "POST", "/api/v1/cases/"+amy.Reference+"/summaries", map[string]any{"reason": "other", "period": map[string]any{"from": from.String(), "to": today.String()}})
	if status != http.StatusCreated {
		t.Fatalf("start through the API: %d %v", status, body)
	}
	sources := body["sources"].(map[string]any)
	if sources[visit.ID] != "/api/v1/records/"+visit.ID || sources[school.ID] == nil {
		t.Errorf("sources = %v", sources)
	}
	id := body["summary"].(map[string]any)["record_id"].(string)
	if status, body, _ = c.api(t, tok, "POST", "/api/v1/cases/"+amy.Reference+"/summaries/"+id+"/regather", nil); status != http.StatusOK {
		t.Errorf("regather through the API: %d %v", status, body)
	}
	if status, _, _ = c.api(t, c.token(t, c.Outsider), "GET", "/api/v1/cases/"+amy.Reference+"/summaries/"+id, nil); status != http.StatusNotFound {
		t.Errorf("someone from another team read a summary: %d", status)
	}
}
