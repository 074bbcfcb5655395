package web

import (
	"html"
	"net/http"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"kith"
	"kith/internal/kithtest"
)

// TestTimelinessReportCountsLinkToTheirRecords: every count on the record
// timeliness report is a link to a list of exactly that many records,
// each with its child, due and finalised dates and working days late and
// a link to the record; a 0 is not a link. A practitioner cannot list
// them, nor a manager another team's; a month outside the report's
// period is refused.
func TestTimelinessReportCountsLinkToTheirRecords(t *testing.T) {
	c := newTestCouncil(t, "sqlite")
	amy := c.amyAllocatedAt(kithtest.Now().AddDate(0, -1, 0))
	now := kithtest.Now().In(kith.London)
	visit := func(daysAgo int, obs string) kith.RecordInput {
		at := now // not now.AddDate(0, 0, 0): in the hour the clocks go back that is the hour's second time, an hour ahead
		if daysAgo > 0 {
			at = now.AddDate(0, 0, -daysAgo)
		}
		return kith.RecordInput{TemplateKey: "home-visit", Headline: "Visit " + obs, OccurredAt: at.Truncate(time.Minute),
			Content: kith.RecordContent{"present": {Others: "Amy, Carol"}, "child_seen": {Answer: "yes"}, "child_seen_alone": {Answer: "yes"}, "bedroom_seen": {Answer: "yes"},
				"child_views": {Text: "Amy said “I like my room”."}, "discussion": {Text: "We talked about school mornings and the new bus."},
				"concerns": {Text: "None today."}, "observations": {Text: "I saw " + obs + " by the back door."}, "analysis": {Text: "Mornings are calmer than they were."}}}
	}
	c.Finalised(c.Actor(c.Prac), amy.Reference, visit(0, "three bags of rubbish"))
	c.Finalised(c.Actor(c.Prac), amy.Reference, visit(10, "a new bicycle"))
	c.Finalised(c.Actor(c.Prac2), amy.Reference, visit(14, "two pairs of wellies"))

	m := c.signIn(t, c.Manager)
	page := m.get("/reports/timeliness?team=" + c.T1.ID)
	if page.status != http.StatusOK {
		t.Fatalf("report: %d %s", page.status, text(page.body))
	}
	mustContain(t, page.body, `class="kith-table-scroll" role="region" tabindex="0"`, "Records loaded into Kith from an earlier system count")
	links := regexp.MustCompile(`href="(/reports/timeliness/records\?[^"]+)">(\d+)<span class="govuk-visually-hidden">`).FindAllStringSubmatch(page.body, -1)
	// The total, on time and late; the month; the kind; risk; two workers.
	if len(links) < 12 {
		t.Fatalf("%d counts are links, want every count but the 0s:\n%s", len(links), text(page.body))
	}
	seen := map[string]bool{}
	for _, l := range links {
		href, want := html.UnescapeString(l[1]), l[2]
		if seen[href] {
			continue
		}
		seen[href] = true
		list := m.get(href)
		if list.status != http.StatusOK {
			t.Fatalf("%s: %d %s", href, list.status, text(list.body))
		}
		rows := strings.Count(between(list.body, "<tbody", "</tbody>"), `<tr class="govuk-table__row">`)
		if strconv.Itoa(rows) != want {
			t.Errorf("%s: the report counts %s, the list has %d rows", href, want, rows)
		}
		mustContain(t, list.body, "Amy Alder", amy.Reference, `href="/cases/`+amy.Reference+`/records/`, "Working days late", "Back to the report")
	}
	late := m.get("/reports/timeliness/records?timing=late&team=" + c.T1.ID)
	mustContain(t, text(late.body), "Records finalised late", "2 records", "Visit two pairs of wellies", "Visit a new bicycle")
	mustNotContain(t, late.body, "three bags")
	mustContain(t, page.body, ">0</td>") // no record was finalised in an earlier month

	if res := c.signIn(t, c.Prac).get("/reports/timeliness/records"); res.status != http.StatusForbidden {
		t.Errorf("a practitioner listing the records: %d", res.status)
	}
	if res := c.signIn(t, c.Outsider).get("/reports/timeliness/records?team=" + c.T1.ID); res.status != http.StatusForbidden {
		t.Errorf("someone from another team listing its records: %d", res.status)
	}
	bad := m.get("/reports/timeliness/records?month=2001-01&team=" + c.T1.ID)
	if bad.status != http.StatusUnprocessableEntity {
		t.Errorf("a month outside the period: %d", bad.status)
	}
	mustContain(t, bad.body, "There is a problem", "Choose a month within the report", `href="/reports/timeliness?`)
}
