package web

import (
	"kith/internal/kithtest"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"kith"
	"kith/calendar"
	"kith/sqldb"
)

// significantVisit finalises a home visit flagged significant.
func (c *testCouncil) significantVisit(t *testing.T, a kith.Actor, ref, headline string, at time.Time) *kith.Record {
	t.Helper()
	ctx := t.Context()
	d, err := c.DB.CreateDraft(ctx, a, ref, kith.RecordInput{TemplateKey: "home-visit"})
	if err != nil {
		t.Fatal(err)
	}
	r, err := c.DB.FinaliseRecord(ctx, a, d.ID, kith.RecordInput{TemplateKey: "home-visit", Version: d.Version, Headline: headline, OccurredAt: at,
		Location: "Home", Significant: true, Content: kith.RecordContent{
			"present": {Others: "Amy and her mother"}, "child_seen": {Answer: "yes"}, "child_seen_alone": {Answer: "yes"}, "bedroom_seen": {Answer: "yes"},
			"child_views": {Text: "Amy said she was hungry."}, "discussion": {Text: "Meals"}, "concerns": {Text: "Empty cupboards"},
			"observations": {Text: "No food in the fridge or the cupboards."}, "analysis": {Text: "Amy is not being fed."}}})
	if err != nil {
		t.Fatal(err)
	}
	return r
}

// The automatic chronology begins with Amy's allocation to Ann and shows
// her significant visit; it filters, prints and downloads. Ann builds a
// chronology for a conference from it: a title is needed, an entry from
// another source without a date is refused with everything she typed kept,
// a save over someone else's is refused (409) keeping her typing, and
// finishing needs an overall analysis. Finished, it is read-only until
// reopened, and can be copied. An auditor reads it but cannot change it;
// someone with no business on the case cannot see it at all.
func TestChronologyPages(t *testing.T) {
	c := newTestCouncil(t, "sqlite")
	allocated := kithtest.DaysAgo(42)
	amy := c.amyAllocatedAt(allocated)
	ref := amy.Reference
	visitAt := kithtest.Now().Add(-3 * time.Hour).Truncate(time.Minute)
	visit := c.significantVisit(t, c.Actor(c.Prac), ref, "Amy said she was hungry", visitAt)
	b := c.signIn(t, c.Prac)
	base := "/cases/" + ref

	mustContain(t, b.get(base).body, `href="`+base+`/chronology"`, `id="allocation-history"`, `id="key-events"`)
	page := b.get(base + "/chronology")
	if page.status != http.StatusOK {
		t.Fatalf("chronology: %d", page.status)
	}
	mustContain(t, page.body, "Chronology", "Before the case was allocated to a worker", "Case opened and held by North",
		"Chronology begins", "Allocated to Ann Ash in North", "Recorded by Dee Daw", "Amy said she was hungry", "Home visit by Ann Ash",
		`href="`+base+`/records/`+visit.ID+`"`, "Build a chronology")
	main := between(page.body, `id="chronology"`, "</table>")
	if i := strings.Index(main, "Allocated to Ann Ash"); i < 0 || i > strings.Index(main, "Amy said she was hungry") {
		t.Error("the chronology does not begin with the allocation")
	}
	if !strings.Contains(between(page.body, `id="before-allocation"`, "</table>"), "Case opened") {
		t.Error("the case's opening is not before the allocation")
	}

	filtered := b.get(base + "/chronology?category=significant")
	mustContain(t, filtered.body, "Showing 1 of 3 entries", "Amy said she was hungry", "/chronology/print?category=significant")
	mustNotContain(t, between(filtered.body, "Showing", "Chronologies built"), "Allocated to Ann Ash")
	bad := b.get(base + "/chronology?from-day=5&from-month=5&from-year=2026&to-day=1&to-month=5&to-year=2026")
	if bad.status != http.StatusUnprocessableEntity {
		t.Errorf("a range back to front: %d", bad.status)
	}
	mustContain(t, bad.body, "There is a problem", "The to date must be the same as or after the from date", "Allocated to Ann Ash")

	mustContain(t, b.get(base+"/chronology/print").body, "Chronology of Amy Alder", "Printed", "Ann Ash", "when the case was first allocated to a worker")
	csv := b.get(base + "/chronology/download.csv?category=allocation")
	if !strings.HasPrefix(csv.header.Get("Content-Type"), "text/csv") || !strings.Contains(csv.header.Get("Content-Disposition"), "chronology-"+ref+".csv") {
		t.Errorf("csv headers: %v", csv.header)
	}
	if lines := strings.Split(strings.TrimSpace(csv.body), "\n"); len(lines) != 2 || !strings.HasPrefix(lines[0], "Part,Date,Event,Category,Source,Description,Link") ||
		!strings.Contains(lines[1], "Allocated to Ann Ash in North") || !strings.Contains(lines[1], "http://") {
		t.Errorf("csv:\n%s", csv.body)
	}
	doc := b.get(base + "/chronology/download.html")
	if !strings.Contains(doc.header.Get("Content-Disposition"), "attachment") || !strings.HasPrefix(doc.body, "<!DOCTYPE html>") ||
		!strings.Contains(doc.body, `<html lang="en-GB">`) || strings.Contains(doc.body, "<script") || !strings.Contains(doc.body, "<caption") {
		t.Errorf("html download: %v\n%.300s", doc.header, doc.body)
	}

	// Build a chronology for a conference.
	res := b.post(base+"/chronologies/new", url.Values{"purpose": {"conference"}})
	if res.status != http.StatusUnprocessableEntity {
		t.Fatalf("no title: %d", res.status)
	}
	mustContain(t, res.body, "Enter a title for the chronology")
	res = b.post(base+"/chronologies/new", url.Values{"title": {"Initial conference"}, "purpose": {"conference"}})
	if res.status != http.StatusSeeOther || !strings.HasSuffix(res.location, "/select") {
		t.Fatalf("start: %d %s", res.status, res.location)
	}
	sel := res.location
	path := strings.TrimSuffix(sel, "/select")
	mustContain(t, b.follow(res).body, "Choose entries from Amy's chronology", "Chronology started", "Add the ticked entries")
	mustContain(t, b.get(base+"/chronologies/new").body, "Build a chronology", "What is it for?")
	res = b.post(sel, url.Values{"version": {"1"}})
	if res.status != http.StatusUnprocessableEntity {
		t.Fatalf("nothing ticked: %d", res.status)
	}
	mustContain(t, res.body, "Select the entries to add")
	p, err := c.DB.Chronology(t.Context(), c.Actor(c.Prac), ref, kith.ChronologyFilter{}, sqldb.ReadOnScreen)
	if err != nil {
		t.Fatal(err)
	}
	res = b.post(sel, url.Values{"version": {"1"}, "entries": {p.Chronology.Entries[0].Ref, "record:" + visit.ID}})
	if res.status != http.StatusSeeOther || !strings.HasSuffix(res.location, "/edit") {
		t.Fatalf("add entries: %d %s", res.status, text(res.body))
	}
	edit := b.follow(res).body
	mustContain(t, edit, "2 entries added", "Initial conference", "Your analysis of Home visit", "Add an entry from another source", `name="version" value="2"`)
	mustContain(t, b.get(sel).body, "Already added: Home visit")

	// An entry from another source with no date is refused; what was
	// typed stays.
	form := url.Values{"version": {"2"}, "title": {"Initial conference"}, "purpose": {"conference"}, "action": {"save"},
		"analysis_" + entryID(t, edit, "Home visit"): {"The first time Amy told us."},
		"other_source": {"Kithbury Primary School"}, "other_event": {"Amy came to school hungry"}, "analysis": {"Neglect of Amy's basic needs."}}
	res = b.post(path+"/edit", form)
	if res.status != http.StatusUnprocessableEntity {
		t.Fatalf("no date: %d", res.status)
	}
	mustContain(t, res.body, "There is a problem", `href="#other_date-day"`, "Enter the date it happened", "The first time Amy told us.",
		"Kithbury Primary School", "Amy came to school hungry", "Neglect of Amy&#39;s basic needs.")

	// Someone else saves first: Ann's save is refused, her typing kept.
	if _, err := c.DB.SaveChronology(t.Context(), c.Actor(c.Prac2), path[strings.LastIndex(path, "/")+1:], kith.ChronologySave{Version: 2, Title: "Initial conference", Purpose: "conference"}, false); err != nil {
		t.Fatal(err)
	}
	day := calendar.DayOf(kithtest.Now()).AddDays(-2)
	form.Set("other_date-day", itoa(day.Day))
	form.Set("other_date-month", itoa(int(day.Month)))
	form.Set("other_date-year", itoa(day.Year))
	res = b.post(path+"/edit", form)
	if res.status != http.StatusConflict {
		t.Fatalf("a save over someone else's: %d", res.status)
	}
	mustContain(t, res.body, "Someone else changed this chronology", "The first time Amy told us.", "Kithbury Primary School", `name="version" value="3"`,
		"Saved meanwhile by someone else: no analysis")
	form.Set("version", "3")
	res = b.post(path+"/edit", form)
	if res.status != http.StatusSeeOther {
		t.Fatalf("save: %d %s", res.status, text(res.body))
	}
	view := b.follow(res).body
	mustContain(t, view, "Chronology saved, with the entry from Kithbury Primary School", "Amy came to school hungry", "Other sources",
		"The first time Amy told us.", "Neglect of Amy&#39;s basic needs.", "Change it", "Draft")

	// Finishing needs the overall analysis.
	form.Set("version", "4")
	form.Del("other_source")
	form.Del("other_event")
	form.Del("other_date-day")
	form.Del("other_date-month")
	form.Del("other_date-year")
	form.Set("analysis", "")
	form.Set("action", "finish")
	res = b.post(path+"/edit", form)
	if res.status != http.StatusUnprocessableEntity {
		t.Fatalf("finish without an analysis: %d", res.status)
	}
	mustContain(t, res.body, "Enter the overall analysis before finishing the chronology")
	form.Set("analysis", "Amy is not being fed: the school and the home visit say the same.")
	res = b.post(path+"/edit", form)
	if res.status != http.StatusSeeOther || res.location != path {
		t.Fatalf("finish: %d %s", res.status, text(res.body))
	}
	view = b.follow(res).body
	mustContain(t, view, "Chronology finished", "Finished", "by Ann Ash", "Reopen it to change it", "Copy it as a new draft", "Overall analysis")
	mustNotContain(t, view, "Change it ")
	if res := b.get(path + "/edit"); res.status != http.StatusConflict {
		t.Errorf("the form of a finished chronology: %d", res.status)
	}

	mustContain(t, b.get(path+"/print").body, "Initial conference", "A child protection conference or review", "Amy came to school hungry", "The first time Amy told us.", "Printed")
	ccsv := b.get(path + "/download.csv").body
	if !strings.HasPrefix(ccsv, "Part,Date,Event,Category,Source,Description,Link,Analysis") || !strings.Contains(ccsv, "Kithbury Primary School") {
		t.Errorf("curated csv:\n%s", ccsv)
	}
	mustContain(t, b.get(path+"/download.html").body, "Amy is not being fed: the school and the home visit say the same.")

	// An auditor reads it; they cannot change it or see its form.
	a := c.signIn(t, c.Auditor)
	av := a.get(path)
	mustContain(t, av.body, "Initial conference", "Finished")
	mustNotContain(t, av.body, "Reopen it to change it", "Copy it as a new draft")
	if res := a.post(path+"/reopen", url.Values{"version": {"5"}}); res.status != http.StatusForbidden {
		t.Errorf("an auditor reopening: %d", res.status)
	}
	if res := c.signIn(t, c.Outsider).get(base + "/chronology"); res.status != http.StatusNotFound {
		t.Errorf("an outsider: %d", res.status)
	}

	res = b.post(path+"/reopen", url.Values{"version": {"5"}})
	if res.status != http.StatusSeeOther || res.location != path+"/edit" {
		t.Fatalf("reopen: %d %s", res.status, res.location)
	}
	mustContain(t, b.follow(res).body, "Chronology reopened", "The first time Amy told us.")
	form.Set("version", "6")
	form.Set("action", "save")
	res = b.post(path+"/edit", form)
	if res.status != http.StatusSeeOther {
		t.Fatalf("save after reopening: %d %s", res.status, text(res.body))
	}
	view = b.follow(res).body
	mustContain(t, view, "Chronology saved")
	mustNotContain(t, view, "with the entry from")
	res = b.post(path+"/copy", nil)
	if res.status != http.StatusSeeOther || !strings.HasSuffix(res.location, "/edit") || res.location == path+"/edit" {
		t.Fatalf("copy: %d %s", res.status, res.location)
	}
	mustContain(t, b.follow(res).body, "Copy made", "Initial conference (copy)", "The first time Amy told us.")
	mustContain(t, b.get(base+"/chronology").body, "Chronologies built from this one", "Initial conference (copy)", "Draft")
}

// entryID finds the id of a curated entry on the chronology form from the
// event its analysis is about.
func entryID(t *testing.T, page, event string) string {
	t.Helper()
	i := strings.Index(page, "Your analysis of "+event)
	if i < 0 {
		t.Fatalf("no analysis of %s on the page", event)
	}
	j := strings.LastIndex(page[:i], `for="analysis_`)
	if j < 0 {
		t.Fatalf("no analysis field for %s", event)
	}
	rest := page[j+len(`for="analysis_`):]
	return rest[:strings.Index(rest, `"`)]
}

// The API gives the automatic chronology with its filters, and builds a
// curated one: an entry from another source without a date is refused
// with a problem naming other.date; a save from an old version is a 409.
func TestChronologyAPI(t *testing.T) {
	c := newTestCouncil(t, "sqlite")
	amy := c.amyAllocatedAt(kithtest.DaysAgo(42))
	visit := c.significantVisit(t, c.Actor(c.Prac), amy.Reference, "Amy said she was hungry", kithtest.Now().Add(-3*time.Hour).Truncate(time.Minute))
	prac, auditor := c.token(t, c.Prac), c.token(t, c.Auditor)
	base := "/api/v1/cases/" + amy.Reference

	st, ch, _ := c.api(t, prac, "GET", base+"/chronology", nil)
	entries, _ := ch["entries"].([]any)
	if st != 200 || len(entries) != 2 || ch["begins_with"] != entries[0].(map[string]any)["ref"] || len(ch["before_allocation"].([]any)) != 1 {
		t.Fatalf("chronology: %d %v", st, ch)
	}
	if e := entries[1].(map[string]any); e["record_id"] != visit.ID || e["category"] != "significant" || e["source"] != "Home visit by Ann Ash" {
		t.Errorf("visit entry: %v", e)
	}
	st, ch, _ = c.api(t, prac, "GET", base+"/chronology?category=allocation,case", nil)
	if st != 200 || len(ch["entries"].([]any)) != 1 || ch["total"].(float64) != 3 {
		t.Errorf("filtered: %d %v", st, ch)
	}
	st, prob, hdr := c.api(t, prac, "GET", base+"/chronology?from=2026-02-30", nil)
	if st != 422 || !strings.HasPrefix(hdr.Get("Content-Type"), "application/problem+json") || !strings.Contains(prob["errors"].([]any)[0].(map[string]any)["field"].(string), "from") {
		t.Errorf("a date that does not exist: %d %v", st, prob)
	}

	st, cur, _ := c.api(t, prac, "POST", base+"/chronologies", map[string]any{"title": "For court", "purpose": "court", "refs": []string{"record:" + visit.ID}})
	if st != 201 || cur["status"] != "draft" || len(cur["entries"].([]any)) != 1 {
		t.Fatalf("create: %d %v", st, cur)
	}
	id := cur["id"].(string)
	if st, _, _ := c.api(t, auditor, "POST", base+"/chronologies", map[string]any{"title": "x", "purpose": "court"}); st != 403 {
		t.Errorf("an auditor creating: %d", st)
	}
	entryID := cur["entries"].([]any)[0].(map[string]any)["id"].(string)
	st, prob, hdr = c.api(t, prac, "PUT", "/api/v1/chronologies/"+id, map[string]any{"version": 1, "title": "For court", "purpose": "court",
		"entries": []map[string]any{{"id": entryID, "analysis": "Hunger, first told."}}, "other": map[string]any{"source": "Police", "event": "Call-out to the home"}})
	if st != 422 || !strings.HasPrefix(hdr.Get("Content-Type"), "application/problem+json") {
		t.Fatalf("other entry without a date: %d %v", st, prob)
	}
	if errs := prob["errors"].([]any); len(errs) != 1 || errs[0].(map[string]any)["field"] != "other.date" || errs[0].(map[string]any)["message"] != "Enter the date it happened" {
		t.Errorf("problem: %v", prob)
	}
	st, prob, _ = c.api(t, prac, "PUT", "/api/v1/chronologies/"+id, map[string]any{"version": 1, "title": "For court", "purpose": "court",
		"entries": []map[string]any{{"id": "nonsense", "analysis": "?"}}})
	if st != 422 || prob["errors"].([]any)[0].(map[string]any)["field"] != "entries.0.analysis" {
		t.Errorf("analysis of an entry it does not have: %d %v", st, prob)
	}
	day := calendar.DayOf(kithtest.Now()).AddDays(-1).String()
	save := map[string]any{"version": 1, "title": "For court", "purpose": "court", "analysis": "Hunger at home.",
		"entries": []map[string]any{{"id": entryID, "analysis": "Hunger, first told."}},
		"other":   map[string]any{"date": day, "source": "Police", "event": "Call-out to the home"}}
	st, cur, _ = c.api(t, prac, "PUT", "/api/v1/chronologies/"+id, save)
	if st != 200 || cur["version"].(float64) != 2 || len(cur["entries"].([]any)) != 2 {
		t.Fatalf("save: %d %v", st, cur)
	}
	if st, _, _ := c.api(t, prac, "PUT", "/api/v1/chronologies/"+id, save); st != 409 {
		t.Errorf("a save from an old version: %d", st)
	}
	st, cur, _ = c.api(t, prac, "POST", "/api/v1/chronologies/"+id+"/finish", map[string]any{"version": 2})
	if st != 200 || cur["status"] != "finished" || cur["finished_by"] != "Ann Ash" {
		t.Fatalf("finish: %d %v", st, cur)
	}
	if st, _, _ := c.api(t, auditor, "GET", "/api/v1/chronologies/"+id, nil); st != 200 {
		t.Errorf("an auditor reading it: %d", st)
	}
	st, cur, _ = c.api(t, prac, "POST", "/api/v1/chronologies/"+id+"/reopen", map[string]any{"version": 3})
	if st != 200 || cur["status"] != "draft" || cur["reopened_by"] != "Ann Ash" {
		t.Fatalf("reopen: %d %v", st, cur)
	}
	st, cp, hdr := c.api(t, prac, "POST", "/api/v1/chronologies/"+id+"/copy", nil)
	if st != 201 || cp["copied_from"] != id || hdr.Get("Location") != "/api/v1/chronologies/"+cp["id"].(string) {
		t.Fatalf("copy: %d %v", st, cp)
	}
	st, add, _ := c.api(t, prac, "POST", "/api/v1/chronologies/"+cp["id"].(string)+"/entries", map[string]any{"version": 1, "refs": []string{entries[0].(map[string]any)["ref"].(string)}})
	if st != 200 || len(add["entries"].([]any)) != 3 {
		t.Errorf("add entries: %d %v", st, add)
	}
	st, list, _ := c.api(t, prac, "GET", base+"/chronologies", nil)
	if st != 200 || len(list["chronologies"].([]any)) != 2 {
		t.Errorf("list: %d %v", st, list)
	}
	if st, _, _ := c.api(t, c.token(t, c.Outsider), "GET", "/api/v1/chronologies/"+id, nil); st != 404 {
		t.Errorf("an outsider: %d", st)
	}
}
