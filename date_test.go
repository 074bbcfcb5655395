package kith

import (
	"testing"
	"time"
)

// When the clocks go back, the repeated hour is read as its first
// occurrence: what is recorded has already happened.
func TestInLondon(t *testing.T) {
	day := func(y, m, d int) Date { out, _ := MakeDate(y, m, d); return out }
	tests := []struct {
		on        Date
		hour, min int
		want      string
	}{
		{day(2026, 12, 5), 10, 0, "2026-12-05T10:00:00Z"},
		{day(2026, 7, 1), 10, 0, "2026-07-01T09:00:00Z"},
		{day(2026, 10, 25), 0, 30, "2026-10-24T23:30:00Z"},
		{day(2026, 10, 25), 1, 30, "2026-10-25T00:30:00Z"}, // first time round (BST), not 01:30 GMT
		{day(2026, 10, 25), 2, 30, "2026-10-25T02:30:00Z"},
		{day(2026, 3, 29), 0, 30, "2026-03-29T00:30:00Z"},
		{day(2026, 3, 29), 2, 30, "2026-03-29T01:30:00Z"},
	}
	for _, tt := range tests {
		if got := InLondon(tt.on, tt.hour, tt.min).Format(time.RFC3339); got != tt.want {
			t.Errorf("InLondon(%s, %02d:%02d) = %s, want %s", tt.on, tt.hour, tt.min, got, tt.want)
		}
	}
}
