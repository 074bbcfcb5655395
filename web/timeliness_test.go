package web

import (
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"kith"
	"kith/calendar"
	"kith/internal/kithtest"
)

// A home visit where a risk was identified, written up three working days
// after the visit, says on the record that it was late and by how much.
func TestRecordShowsItsDeadlineAndLateness(t *testing.T) {
	c := newTestCouncil(t, "sqlite")
	amy := c.Allocate(c.Actor(c.Manager), c.Case(c.Actor(c.Prac), "Amy", "Alder", kithtest.Date(2015, 5, 5), c.T1), c.T1, c.Prac)
	base := "/cases/" + amy.Reference + "/records"
	b := c.signIn(t, c.Prac)

	cal := calendar.EnglandAndWales()
	today := calendar.DayOf(time.Now())
	event := cal.AddWorkingDays(today, -3)
	late := cal.WorkingDaysBetween(cal.NextWorkingDay(event), today)

	res := b.post(base+"/new", url.Values{"template": {"home-visit"}})
	if res.status != http.StatusSeeOther {
		t.Fatalf("start: %d", res.status)
	}
	draft := res.location
	mustContain(t, b.get(draft).body, "Harm or injury occurred, or a risk was identified")
	form := visitForm("1", "Mum stayed in the room")
	form.Set("occurred-day", itoa(event.Day))
	form.Set("occurred-month", itoa(int(event.Month)))
	form.Set("occurred-year", itoa(event.Year))
	form.Set("occurred-time", "10:00")
	form.Set("risk", "yes")
	res = b.post(draft, withAction(form, "save"))
	if res.status != http.StatusSeeOther {
		t.Fatalf("save: %d %s", res.status, text(res.body))
	}
	page := b.follow(res).body
	mustContain(t, page, `name="risk" type="checkbox" value="yes" checked`)
	form.Set("version", "2")
	res = b.post(draft, withAction(form, "finalise"))
	if res.status != http.StatusSeeOther {
		t.Fatalf("finalise: %d %s", res.status, text(res.body))
	}
	page = b.follow(res).body
	want := kith.Lateness{Late: late}.Describe()
	mustContain(t, page, "Harm or risk identified", "Recording deadline", want, "Record where harm or risk is identified")
	if !strings.Contains(want, "late") {
		t.Fatalf("the test set up an on-time record: %q", want)
	}
}
