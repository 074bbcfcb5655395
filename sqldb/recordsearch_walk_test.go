package sqldb

import (
	"testing"

	"kith"
)

// TestWiderWalk holds the second walk through the newest records to the
// rate the first found matches at: far enough to fill the page half as
// much again, and never further than searchWalkMost, when reading every
// match costs less.
func TestWiderWalk(t *testing.T) {
	page := kith.RecordSearch{Limit: 20} // 21 rows: a page and one more
	for _, tc := range []struct {
		name          string
		walked, found int
		s             kith.RecordSearch
		want          int
		ok            bool
	}{
		{"nothing found: the words are rare, read every match", 2000, 0, page, 0, false},
		{"6 of 21 found: 3.5 times as far, and half again", 2000, 6, page, 10500, true},
		{"14 of 21 found", 2000, 14, page, 4500, true},
		{"20 of 21 found", 2000, 20, page, 3150, true},
		{"2 found: further than the longest walk", 2000, 2, page, 0, false},
		{"3 found: just within it", 2000, 3, page, 21000, true},
		{"page 3 (offset 40), 5 on it: 45 of 61 found", 2000, 5, kith.RecordSearch{Limit: 20, Offset: 40}, 4066, true},
		{"page 3, none on it: how many the walk matched is not known", 2000, 0, kith.RecordSearch{Limit: 20, Offset: 40}, 0, false},
		{"a long first walk: half again would pass the longest", 25000, 20, page, 0, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, ok := widerWalk(tc.walked, tc.found, tc.s)
			if got != tc.want || ok != tc.ok {
				t.Errorf("widerWalk(%d, %d) = %d, %v; want %d, %v", tc.walked, tc.found, got, ok, tc.want, tc.ok)
			}
		})
	}
}
