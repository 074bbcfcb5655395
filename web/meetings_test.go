package web

import (
	"kith/internal/kithtest"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"kith"
	"kith/calendar"
)

// A core group records who was invited and whether they came: a person
// with no answer is refused by name; the final record lists attendance,
// and the action agreed becomes an action on the case.
func TestMeetingAttendanceAndActions(t *testing.T) {
	c := newTestCouncil(t, "sqlite")
	amy := c.amyAllocatedAt(kithtest.DaysAgo(30))
	b := c.signIn(t, c.Prac)
	base := "/cases/" + amy.Reference
	res := b.post(base+"/records/new", url.Values{"template": {"professionals-meeting"}})
	draft := res.location
	mustContain(t, b.get(draft).body, "Who was invited", "Person 1: name", "Person 1: did they attend?", "Child in need or looked-after review")

	at := kithtest.Now().In(kith.London).Add(-time.Hour)
	form := url.Values{"version": {"1"}, "headline": {"Core group"}, "occurred-day": {itoa(at.Day())}, "occurred-month": {itoa(int(at.Month()))},
		"occurred-year": {itoa(at.Year())}, "occurred-time": {at.Format("15:04")}, "s.meeting_type": {"core_group"},
		"s.attendance.0.name": {"Ms Patel"}, "s.attendance.0.role": {"Head of year"}, "s.attendance.0.agency": {"Oak School"}, "s.attendance.0.attended": {"attended"},
		"s.attendance.1.name": {"Dr Amos"}, "s.attendance.1.role": {"GP"}, "s.attendance.1.agency": {"Riverside Surgery"},
		"s.discussion": {"Attendance is better"}, "s.decisions": {"Continue the plan"},
		"s.actions.0.what": {"Send attendance figures"}, "s.actions.0.who_ref": {"other"}, "s.actions.0.who": {"Ms Patel, Oak School"},
		"s.actions.0.by": {calendar.DayOf(kithtest.Now()).AddDays(7).Numeric()}}
	res = b.post(draft, withAction(form, "finalise"))
	if res.status != http.StatusUnprocessableEntity {
		t.Fatalf("attendance not given: %d", res.status)
	}
	mustContain(t, res.body, "Say whether Dr Amos attended or sent apologies", "Riverside Surgery")
	form.Set("s.attendance.1.attended", "apologies")
	if m := regexp.MustCompile(`name="version" value="(\d+)"`).FindStringSubmatch(res.body); m != nil {
		form.Set("version", m[1])
	}
	res = b.post(draft, withAction(form, "finalise"))
	if res.status != http.StatusSeeOther {
		t.Fatalf("finalise: %d %s", res.status, text(res.body))
	}
	page := b.follow(res).body
	mustContain(t, page, "Ms Patel (Head of year, Oak School): attended", "Dr Amos (GP, Riverside Surgery): sent apologies")
	actions := b.get(base + "/actions").body
	if !strings.Contains(actions, "Send attendance figures") || !strings.Contains(actions, "Agreed in Professionals’ meeting or conference on") {
		t.Errorf("the meeting's action is not on the case:\n%s", text(actions))
	}
}
