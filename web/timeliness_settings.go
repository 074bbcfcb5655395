package web

import (
	"fmt"
	"net/http"
	"slices"
	"strconv"

	"kith"
	"kith/calendar"
)

type timelinessSettingsPage struct {
	formPage
	Settings kith.TimelinessSettings
	Nations  []Option
	Units    []Option
	Closures []Option           // the closures in force, to tick for removal
	Holidays []calendar.Holiday // the coming year's bank holidays, to check against
}

// unitChoices are the units a clock can count in, in the order the form
// offers them.
var unitChoices = []kith.ClockUnit{kith.UnitWorkingDays, kith.UnitCalendarDays, kith.UnitWeeks, kith.UnitMonths, kith.UnitCalendarMonths}

var unitNames = map[kith.ClockUnit]string{kith.UnitWorkingDays: "Working days", kith.UnitCalendarDays: "Calendar days",
	kith.UnitWeeks: "Weeks", kith.UnitMonths: "Months", kith.UnitCalendarMonths: "Calendar months (by the month's end)"}

// timelinessSettingsForm shows the council's working-day calendar and
// clocks for an administrator or service manager to change.
func (s *Server) timelinessSettingsForm(w http.ResponseWriter, r *http.Request) error {
	if !kith.CanSetTimeliness(actorFrom(r)) {
		return kith.Errorf(kith.EFORBIDDEN, "Only an administrator or a service manager can change the working-day calendar and deadlines.")
	}
	set, _, err := s.DB.TimelinessSettings(r.Context())
	if err != nil {
		return err
	}
	f := newForm(nil)
	f.Set("version", strconv.Itoa(set.Version))
	f.Set("nation", set.Nation)
	for _, c := range set.Policies.Clocks {
		f.Set(clockField(c, "offset"), strconv.Itoa(c.Offset))
		f.Set(clockField(c, "unit"), string(c.Unit))
	}
	return s.showTimelinessSettings(w, r, f, set, http.StatusOK)
}

func (s *Server) showTimelinessSettings(w http.ResponseWriter, r *http.Request, f *form, set kith.TimelinessSettings, status int) error {
	p := timelinessSettingsPage{formPage: formPage{Form: f}, Settings: set}
	for _, n := range calendar.Nations {
		p.Nations = append(p.Nations, Option{Value: string(n), Label: n.Label()})
	}
	for _, u := range unitChoices {
		p.Units = append(p.Units, Option{Value: string(u), Label: unitNames[u]})
	}
	for _, c := range set.Closures {
		p.Closures = append(p.Closures, Option{Value: c.From.String(), Label: fmt.Sprintf("Remove %s: %s to %s", c.Name, c.From.Long(), c.To.Long())})
	}
	if cal, err := calendar.New(calendar.Nation(set.Nation), set.Closures); err == nil {
		p.Holidays = comingYear(cal, calendar.DayOf(s.now()))
	}
	s.render(w, r, status, "timeliness-settings", "Working days and deadlines", p)
	return nil
}

// saveTimelinessSettings saves a new version of the calendar and clocks.
// Anything wrong is shown against its field and nothing is saved: the
// settings in force stay as they were.
func (s *Server) saveTimelinessSettings(w http.ResponseWriter, r *http.Request) error {
	a := actorFrom(r)
	if !kith.CanSetTimeliness(a) {
		return kith.Errorf(kith.EFORBIDDEN, "Only an administrator or a service manager can change the working-day calendar and deadlines.")
	}
	f, err := postedForm(w, r)
	if err != nil {
		return err
	}
	cur, _, err := s.DB.TimelinessSettings(r.Context())
	if err != nil {
		return err
	}
	next := cur
	next.Version, _ = strconv.Atoi(f.Get("version"))
	next.Nation, next.Reason = f.Get("nation"), f.Get("reason")
	next.Policies.Clocks = slices.Clone(cur.Policies.Clocks)
	for i, c := range next.Policies.Clocks {
		n, err := strconv.Atoi(f.Get(clockField(c, "offset")))
		if err != nil {
			f.Add(clockField(c, "offset"), fmt.Sprintf("Enter the time allowed for “%s” as a whole number", c.Name))
		}
		next.Policies.Clocks[i].Offset, next.Policies.Clocks[i].Unit = n, kith.ClockUnit(f.Get(clockField(c, "unit")))
	}
	next.Closures = nil
	// A closure is named by its first day (closures never overlap), so a
	// tick still means the same closure after someone else's save.
	for _, c := range cur.Closures {
		if !slices.Contains(f.Values["remove"], c.From.String()) {
			next.Closures = append(next.Closures, c)
		}
	}
	if added := f.Get("closure-name") != "" || !f.DateParts("closure-from").Empty() || !f.DateParts("closure-to").Empty(); added {
		c := kith.Closure{Name: f.Get("closure-name"), From: f.Date("closure-from", kith.DateRule{Required: true, Label: "first day of the closure"}),
			To: f.Date("closure-to", kith.DateRule{Required: true, Label: "last day of the closure"})}
		if c.Name == "" {
			f.Add("closure-name", "Enter a name for the closure, for example “Christmas closure”")
		}
		next.Closures = append(next.Closures, c)
	}
	// The rules are the domain's (kith.TimelinessSettings.Check), shown
	// against the form's fields with what the form found itself; removing
	// closures cannot break them, so a closure problem is the new one's.
	closureTyped := f.Error("closure-name") != "" || f.Error("closure-from") != "" || f.Error("closure-to") != ""
	for _, fe := range kith.ErrorFields(next.Check(calendar.ValidNation)) {
		switch {
		case fe.Field == "closures" && closureTyped:
		case fe.Field == "closures":
			f.Add("closure-from", fe.Message)
		default:
			f.Add(fe.Field, fe.Message)
		}
	}
	if !f.HasErrors() {
		if _, err := s.DB.SaveTimelinessSettings(r.Context(), a, next); err != nil {
			if !f.SetErrors(err) {
				return err
			}
		}
	}
	if f.HasErrors() {
		if f.conflict {
			// What they typed stays; saving again now applies it over the
			// newer version, which the page shows.
			f.Set("version", strconv.Itoa(cur.Version))
		}
		return s.showTimelinessSettings(w, r, f, cur, statusFor(f))
	}
	s.flash(w, "Working days and deadlines saved. They apply from today: records already finalised keep the deadline they were judged by.")
	http.Redirect(w, r, "/settings/timeliness", http.StatusSeeOther)
	return nil
}

// clockField names a clock's input: "clock.recording.offset".
func clockField(c kith.Clock, part string) string { return "clock." + c.Key + "." + part }

func init() {
	funcs["clockField"] = clockField
}

// comingYear lists the bank holidays and closure days in the year from today.
func comingYear(cal *calendar.Calendar, today kith.Date) []calendar.Holiday {
	out := []calendar.Holiday{}
	for _, h := range append(cal.Holidays(today.Year), cal.Holidays(today.Year+1)...) {
		if !h.Date.Before(today) && h.Date.Before(today.AddDays(366)) {
			out = append(out, h)
		}
	}
	return out
}
