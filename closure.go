package kith

import (
	"sort"
	"strings"
)

// Closure is a run of days a council's offices are closed beyond the bank
// holidays (often between Christmas and New Year). Closure days are not
// working days, so every working-day deadline steps over them.
type Closure struct {
	From Date   `json:"from"`
	To   Date   `json:"to"`
	Name string `json:"name"`
}

// CheckClosures refuses closures with no name, that end before they start,
// run for more than a month or overlap one another, naming the one at fault.
func CheckClosures(closures []Closure) error {
	sorted := append([]Closure(nil), closures...)
	sort.Slice(sorted, func(i, j int) bool { return sorted[i].From.Before(sorted[j].From) })
	for i, c := range sorted {
		switch {
		case strings.TrimSpace(c.Name) == "":
			return Errorf(EINVALID, "Enter a name for the closure starting %s", c.From.Long())
		case c.From.IsZero() || c.To.IsZero():
			return Errorf(EINVALID, "Enter the first and last day of the closure “%s”", c.Name)
		case c.To.Before(c.From):
			return Errorf(EINVALID, "The last day of “%s” must be the same as or after its first day", c.Name)
		case c.To.After(c.From.AddDays(31)):
			return Errorf(EINVALID, "“%s” is longer than a month: enter each closure separately", c.Name)
		}
		if i > 0 && !c.From.After(sorted[i-1].To) {
			return Errorf(EINVALID, "“%s” overlaps “%s”: closures cannot share days", c.Name, sorted[i-1].Name)
		}
	}
	return nil
}
