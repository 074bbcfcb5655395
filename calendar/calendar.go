// Package calendar counts working days: Monday to Friday, except the bank
// holidays of the council's nation and the council's own closure days.
// Holidays come from a maintained library (rickar/cal's GB definitions, see
// holidays.go) rather than hand-written rules. All arithmetic is on dates in
// the council's time zone (Europe/London): DayOf turns an instant into the
// council's date first, so 23:30 on a Friday in summer time is a Friday.
package calendar

import (
	"fmt"
	"sort"
	"sync"
	"time"

	"kith"
)

// Nation is whose bank holidays a council keeps.
type Nation string

// The nations, by the names the UK government's bank-holiday list uses.
const (
	EnglandAndWalesNation Nation = "england-and-wales"
	Scotland              Nation = "scotland"
	NorthernIreland       Nation = "northern-ireland"
)

// Nations lists the nations in the order a form offers them.
var Nations = []Nation{EnglandAndWalesNation, Scotland, NorthernIreland}

// Label is the nation as a person would write it.
func (n Nation) Label() string {
	switch n {
	case Scotland:
		return "Scotland"
	case NorthernIreland:
		return "Northern Ireland"
	}
	return "England and Wales"
}

// Valid reports whether n is a known nation.
func (n Nation) Valid() bool {
	for _, x := range Nations {
		if x == n {
			return true
		}
	}
	return false
}

// ValidNation reports whether s names a nation Kith has the holidays of.
func ValidNation(s string) bool { return Nation(s).Valid() }

// Holiday is one day that is not a working day, and why.
type Holiday struct {
	Date kith.Date `json:"date"`
	Name string    `json:"name"`
}

// Calendar answers working-day questions for one nation and one council's
// closure days. It is safe for concurrent use.
type Calendar struct {
	nation   Nation
	closures []kith.Closure

	mu    sync.RWMutex
	years map[int]map[kith.Date]string // non-working weekdays by year, with their names
}

// New returns the calendar of a nation with the council's closure days,
// which must already have passed kith.CheckClosures.
func New(n Nation, closures []kith.Closure) (*Calendar, error) {
	if !n.Valid() {
		return nil, fmt.Errorf("calendar: unknown nation %q", n)
	}
	if err := kith.CheckClosures(closures); err != nil {
		return nil, err
	}
	return &Calendar{nation: n, closures: append([]kith.Closure(nil), closures...), years: map[int]map[kith.Date]string{}}, nil
}

// EnglandAndWales is the default calendar: the bank holidays of England and
// Wales and no closure days.
func EnglandAndWales() *Calendar {
	c, _ := New(EnglandAndWalesNation, nil)
	return c
}

// BankHolidaysOnly is the same nation's calendar without the council's
// closure days: weekends and bank holidays only, as legal deadlines (a
// subject access request's month) count them.
func (c *Calendar) BankHolidaysOnly() *Calendar {
	return &Calendar{nation: c.nation, years: map[int]map[kith.Date]string{}}
}

// Nation is the nation whose holidays the calendar keeps.
func (c *Calendar) Nation() Nation { return c.nation }

// Closures are the council's own closure days.
func (c *Calendar) Closures() []kith.Closure { return append([]kith.Closure(nil), c.closures...) }

// DayOf is the council's date of an instant: the day an event happened on,
// as the people there would say it.
func DayOf(t time.Time) kith.Date { return kith.DateOf(t.In(kith.London)) }

// IsWorkingDay reports whether d is a working day.
func (c *Calendar) IsWorkingDay(d kith.Date) bool {
	if isWeekend(d) {
		return false
	}
	_, closed := c.year(d.Year)[d]
	return !closed
}

// AddWorkingDays returns the date n working days after d (n > 0), or n
// working days before it (n < 0). The recording deadline of an event on d
// is AddWorkingDays(d, 5). AddWorkingDays(d, 0) is d itself.
func (c *Calendar) AddWorkingDays(d kith.Date, n int) kith.Date {
	step := 1
	if n < 0 {
		step, n = -1, -n
	}
	for n > 0 {
		d = d.AddDays(step)
		if c.IsWorkingDay(d) {
			n--
		}
	}
	return d
}

// NextWorkingDay is the first working day after d.
func (c *Calendar) NextWorkingDay(d kith.Date) kith.Date { return c.AddWorkingDays(d, 1) }

// WorkingDaysBetween counts the working days after from up to and including
// to: 0 for the same day, 1 from a Friday to the next Monday, and negative
// when to is before from. A record finalised WorkingDaysBetween(deadline,
// finalised) > 0 working days after its deadline was that many days late.
func (c *Calendar) WorkingDaysBetween(from, to kith.Date) int {
	sign := 1
	if to.Before(from) {
		from, to, sign = to, from, -1
	}
	// Weekdays by whole weeks and the days left over, less the holidays
	// and closures that fall on weekdays in between: a dashboard asks this
	// for items months overdue, so it does not walk day by day.
	days := int(to.Time(time.UTC).Sub(from.Time(time.UTC)).Hours() / 24)
	n := days / 7 * 5
	for d := from.AddDays(days / 7 * 7); d.Before(to); {
		d = d.AddDays(1)
		if !isWeekend(d) {
			n++
		}
	}
	for y := from.Year; y <= to.Year; y++ {
		for d := range c.year(y) {
			if d.After(from) && !d.After(to) {
				n--
			}
		}
	}
	return sign * n
}

// Holidays lists the bank holidays and closure days of a year that fall on
// weekdays, in date order.
func (c *Calendar) Holidays(year int) []Holiday {
	var out []Holiday
	for d, name := range c.year(year) {
		out = append(out, Holiday{Date: d, Name: name})
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Date.Before(out[j].Date) })
	return out
}

// year returns the weekdays of a year that are not working days, computing
// them once.
func (c *Calendar) year(y int) map[kith.Date]string {
	c.mu.RLock()
	days, ok := c.years[y]
	c.mu.RUnlock()
	if ok {
		return days
	}
	days = map[kith.Date]string{}
	for _, h := range holidaysOf(c.nation) {
		if _, observed := h.Calc(y); !observed.IsZero() {
			if d := (kith.Date{Year: observed.Year(), Month: observed.Month(), Day: observed.Day()}); !isWeekend(d) {
				days[d] = h.Name
			}
		}
	}
	for _, cl := range c.closures {
		for d := cl.From; !d.After(cl.To); d = d.AddDays(1) {
			if d.Year != y {
				continue
			}
			if _, holiday := days[d]; !holiday && !isWeekend(d) {
				days[d] = cl.Name
			}
		}
	}
	c.mu.Lock()
	c.years[y] = days
	c.mu.Unlock()
	return days
}

func isWeekend(d kith.Date) bool {
	wd := d.Weekday()
	return wd == time.Saturday || wd == time.Sunday
}
