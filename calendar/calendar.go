// Package calendar counts working days: weekends and bank holidays are not
// working days. Holidays come from a maintained library (rickar/cal's GB
// definitions) rather than hand-written rules.
package calendar

import (
	"time"

	"github.com/rickar/cal/v2"
	"github.com/rickar/cal/v2/gb"

	"kith"
)

// Calendar answers working-day questions in the council's time zone.
type Calendar struct {
	bc *cal.BusinessCalendar
}

// EnglandAndWales is the default calendar: weekends and the bank holidays
// of England and Wales, with substitute days.
func EnglandAndWales() *Calendar {
	bc := cal.NewBusinessCalendar()
	bc.AddHoliday(gb.Holidays...)
	return &Calendar{bc: bc}
}

// IsWorkingDay reports whether d is a working day.
func (c *Calendar) IsWorkingDay(d kith.Date) bool {
	return c.bc.IsWorkday(noon(d))
}

// AddWorkingDays returns the date n working days after d (n > 0): the
// recording deadline of an event on d is AddWorkingDays(d, 5).
func (c *Calendar) AddWorkingDays(d kith.Date, n int) kith.Date {
	for n > 0 {
		d = d.AddDays(1)
		if c.IsWorkingDay(d) {
			n--
		}
	}
	return d
}

// noon is the middle of d in the council's zone, far from any clock change.
func noon(d kith.Date) time.Time {
	return time.Date(d.Year, d.Month, d.Day, 12, 0, 0, 0, kith.London)
}
