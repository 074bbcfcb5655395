package web

import (
	"kith/internal/kithtest"
	"strings"
	"testing"

	"kith"
	"kith/calendar"
)

// The API gives the same work lists, report and settings as the pages, and
// refuses bad settings as problem+json with the settings in force unchanged.
func TestTimelinessAPI(t *testing.T) {
	c := newTestCouncil(t, "sqlite")
	tm := c.Actor(c.Manager)
	amy := c.amyAllocatedAt(kithtest.DaysAgo(42))
	if err := c.DB.StartStatus(t.Context(), tm, amy.Reference, kith.StatusInput{Kind: kith.StatusCP, StartedOn: calendar.DayOf(kithtest.Now()).AddDays(-42)}); err != nil {
		t.Fatal(err)
	}
	prac, mgr, admin := c.token(t, c.Prac), c.token(t, c.Manager), c.token(t, c.Admin)

	st, work, _ := c.api(t, prac, "GET", "/api/v1/work", nil)
	overdue, _ := work["overdue"].([]any)
	if st != 200 || len(overdue) == 0 || overdue[0].(map[string]any)["clock"] != "visit-cp" || overdue[0].(map[string]any)["template"] != "home-visit" {
		t.Fatalf("my work: %d %v", st, work)
	}
	st, team, _ := c.api(t, mgr, "GET", "/api/v1/work?view=team&team_id="+c.T1.ID, nil)
	if workers, _ := team["workers"].([]any); st != 200 || len(workers) != 1 {
		t.Errorf("team work: %d %v", st, team)
	}
	if st, _, _ := c.api(t, prac, "GET", "/api/v1/work?view=team", nil); st != 403 {
		t.Errorf("a practitioner's team work: %d", st)
	}
	st, o, _ := c.api(t, prac, "GET", "/api/v1/cases/"+amy.Reference, nil)
	if clocks, _ := o["clocks"].(map[string]any); st != 200 || clocks == nil || len(clocks["next"].([]any)) != 3 {
		t.Errorf("case clocks: %d %v", st, o["clocks"])
	}

	c.Finalised(c.Actor(c.Prac), amy.Reference, kith.RecordInput{TemplateKey: "home-visit", Headline: "Monthly visit", Location: "Home",
		OccurredAt: kithtest.DaysAgo(10),
		Content: kith.RecordContent{"present": {Others: "Amy and Carol"}, "child_seen": {Answer: "yes"}, "child_seen_alone": {Answer: "yes"},
			"bedroom_seen": {Answer: "yes"}, "child_views": {Text: "Amy said she is fine"}, "discussion": {Text: "School"},
			"concerns": {Text: "None"}, "observations": {Text: "Tidy"}, "analysis": {Text: "Improving"}}})
	st, rep, _ := c.api(t, mgr, "GET", "/api/v1/reports/timeliness?team_id="+c.T1.ID, nil)
	if byMonth, _ := rep["by_month"].([]any); st != 200 || len(byMonth) != 12 || rep["scope"] != "North" {
		t.Errorf("report: %d %v", st, rep)
	}
	st, list, _ := c.api(t, mgr, "GET", "/api/v1/reports/timeliness/records?timing=late&team_id="+c.T1.ID, nil)
	if records, _ := list["records"].([]any); st != 200 || list["total"] != rep["total"].(map[string]any)["records"].(float64)-rep["total"].(map[string]any)["on_time"].(float64) || len(records) != 1 {
		t.Errorf("the late records: %d %v", st, list)
	}
	if st, bad, _ := c.api(t, mgr, "GET", "/api/v1/reports/timeliness/records?timing=soon&offset=-1", nil); st != 422 || fieldOf(bad) != "offset" {
		t.Errorf("a bad offset: %d %v", st, bad)
	}
	if st, bad, _ := c.api(t, mgr, "GET", "/api/v1/reports/timeliness/records?risk=maybe", nil); st != 422 || fieldOf(bad) != "risk" {
		t.Errorf("a bad risk: %d %v", st, bad)
	}
	if st, _, _ := c.api(t, prac, "GET", "/api/v1/reports/timeliness/records", nil); st != 403 {
		t.Errorf("a practitioner listing the report's records: %d", st)
	}
	st, bad, _ := c.api(t, mgr, "GET", "/api/v1/reports/timeliness?from=2026-13&to=2026-11", nil)
	if st != 422 || fieldOf(bad) != "from" {
		t.Errorf("bad month: %d %v", st, bad)
	}

	st, set, _ := c.api(t, admin, "GET", "/api/v1/timeliness/settings", nil)
	if st != 200 || set["nation"] != "england-and-wales" || len(set["holidays_next_12_months"].([]any)) < 8 {
		t.Fatalf("settings: %d %v", st, set)
	}
	clocks := set["policies"].(map[string]any)["clocks"].([]any)
	clocks[0].(map[string]any)["unit"] = "fortnights"
	st, problem, _ := c.api(t, admin, "PUT", "/api/v1/timeliness/settings", set)
	if st != 422 || fieldOf(problem) != "clock.recording.unit" || !strings.Contains(fmtFields(problem), "fortnights") {
		t.Errorf("unknown unit: %d %v", st, problem)
	}
	clocks[0].(map[string]any)["unit"] = "working_days"
	set["closures"] = []any{map[string]any{"from": "2026-12-29", "to": "2026-12-31", "name": "Christmas closure"}}
	st, saved, _ := c.api(t, admin, "PUT", "/api/v1/timeliness/settings", set)
	if st != 200 || saved["version"] != float64(1) || len(saved["closures"].([]any)) != 1 {
		t.Errorf("save: %d %v", st, saved)
	}
	if st, _, _ := c.api(t, admin, "PUT", "/api/v1/timeliness/settings", set); st != 409 {
		t.Errorf("a save from a stale version: %d", st)
	}
	if st, _, _ := c.api(t, mgr, "PUT", "/api/v1/timeliness/settings", saved); st != 403 {
		t.Errorf("a team manager changing the settings: %d", st)
	}
}
