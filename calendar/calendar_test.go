package calendar

import (
	"testing"

	"kith"
)

func TestAddWorkingDays(t *testing.T) {
	c := EnglandAndWales()
	tests := []struct {
		from kith.Date
		n    int
		want kith.Date
	}{
		{kith.Date{Year: 2026, Month: 11, Day: 23}, 5, kith.Date{Year: 2026, Month: 11, Day: 30}}, // Monday → next Monday
		{kith.Date{Year: 2026, Month: 11, Day: 27}, 1, kith.Date{Year: 2026, Month: 11, Day: 30}}, // Friday → Monday
		// Christmas 2026 falls on a Friday: Boxing Day's substitute is Monday 28th.
		{kith.Date{Year: 2026, Month: 12, Day: 24}, 1, kith.Date{Year: 2026, Month: 12, Day: 29}},
		// Easter 2026: Good Friday 3 April, Easter Monday 6 April.
		{kith.Date{Year: 2026, Month: 4, Day: 2}, 1, kith.Date{Year: 2026, Month: 4, Day: 7}},
	}
	for _, tt := range tests {
		if got := c.AddWorkingDays(tt.from, tt.n); got != tt.want {
			t.Errorf("AddWorkingDays(%s, %d) = %s, want %s", tt.from, tt.n, got, tt.want)
		}
	}
}
