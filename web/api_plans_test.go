package web

import (
	"kith/internal/kithtest"
	"net/http"
	"testing"

	"kith/calendar"
)

// Through the API: start a plan, refuse an objective with no owner (a
// problem naming the field), add one, raise an action towards it with a
// passed date (refused) and a real one, close it, and read it all back.
func TestPlansAndActionsThroughTheAPI(t *testing.T) {
	c := newTestCouncil(t, "sqlite")
	amy := c.amyAllocatedAt(kithtest.DaysAgo(30))
	tok := c.token(t, c.Prac)
	base := "/api/v1/cases/" + amy.Reference
	today := calendar.DayOf(kithtest.Now())

	status, body, _ := c.api(t, tok, "POST", base+"/plans", map[string]any{"kind": "child_in_need", "started_on": today.String(), "next_review_on": today.AddDays(90).String()})
	if status != http.StatusCreated {
		t.Fatalf("start plan: %d %v", status, body)
	}
	plan := body["current"].(map[string]any)
	pid := plan["id"].(string)

	objective := map[string]any{"change": "Amy goes to school every day", "measure": "Attendance over 95%", "due": today.AddDays(60).String(), "version": 0}
	status, body, _ = c.api(t, tok, "POST", base+"/plans/"+pid+"/objectives", objective)
	if status != http.StatusUnprocessableEntity || !hasFieldError(body, "owner", "Say who is responsible for this objective") {
		t.Fatalf("objective with no owner: %d %v", status, body)
	}
	objective["owner"] = map[string]any{"kind": "worker", "id": c.Prac.ID}
	status, body, _ = c.api(t, tok, "POST", base+"/plans/"+pid+"/objectives", objective)
	if status != http.StatusCreated {
		t.Fatalf("objective: %d %v", status, body)
	}
	oid := body["objective"].(map[string]any)["id"].(string)

	action := map[string]any{"what": "Ask school for attendance figures", "owner": map[string]any{"kind": "other", "name": "Mr Reid", "agency": "Oak School"},
		"due": today.AddDays(-1).String(), "objective_id": oid}
	status, body, _ = c.api(t, tok, "POST", base+"/actions", action)
	if status != http.StatusUnprocessableEntity || !hasFieldError(body, "due", "The date it will be done by must be today or in the future, unless it has already been done") {
		t.Fatalf("an action due yesterday: %d %v", status, body)
	}
	action["due"] = "ASAP"
	if status, body, _ = c.api(t, tok, "POST", base+"/actions", action); status != http.StatusUnprocessableEntity || !hasFieldError(body, "due", "") {
		t.Fatalf("an action due ASAP: %d %v", status, body)
	}
	action["due"] = today.AddDays(7).String()
	status, body, _ = c.api(t, tok, "POST", base+"/actions", action)
	if status != http.StatusCreated || body["owner_words"] != "Mr Reid (Oak School)" || body["objective_id"] != oid {
		t.Fatalf("action: %d %v", status, body)
	}
	aid := body["id"].(string)
	status, body, _ = c.api(t, tok, "POST", base+"/actions/"+aid+"/status", map[string]any{"status": "done", "outcome": "Figures received", "on": today.String(), "version": 1})
	if status != http.StatusOK || body["status"] != "done" {
		t.Fatalf("done: %d %v", status, body)
	}
	status, body, _ = c.api(t, tok, "GET", base+"/objectives/"+oid, nil)
	if status != http.StatusOK || len(body["actions"].([]any)) != 1 {
		t.Fatalf("objective: %d %v", status, body)
	}
	if status, _, _ = c.api(t, c.token(t, c.Outsider), "GET", base+"/actions", nil); status != http.StatusNotFound && status != http.StatusForbidden {
		t.Errorf("another team's practitioner: %d", status)
	}
}

// hasFieldError reports whether a problem names the field (with the
// message, when one is given).
func hasFieldError(problem map[string]any, field, message string) bool {
	errs, _ := problem["errors"].([]any)
	for _, e := range errs {
		m, _ := e.(map[string]any)
		if m["field"] == field && (message == "" || m["message"] == message) {
			return true
		}
	}
	return false
}
