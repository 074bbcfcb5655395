package calendar

import (
	"math/rand"
	"slices"
	"testing"
	"time"

	"kith"
)

func date(t testing.TB, s string) kith.Date {
	t.Helper()
	d, err := kith.ParseISODate(s)
	if err != nil {
		t.Fatal(err)
	}
	return d
}

func mustNew(t testing.TB, n Nation, closures ...kith.Closure) *Calendar {
	t.Helper()
	c, err := New(n, closures)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// Every weekday of 2018–2027 is a working day exactly when the government's
// list does not name it.
func TestCalendarMatchesPublishedBankHolidays(t *testing.T) {
	for nation, published := range govukBankHolidays {
		t.Run(string(nation), func(t *testing.T) {
			c := mustNew(t, nation)
			for year := 2018; year <= 2027; year++ {
				var got, want []string
				for _, h := range c.Holidays(year) {
					got = append(got, h.Date.String())
				}
				for _, s := range published {
					if date(t, s).Year == year {
						want = append(want, s)
					}
				}
				if !slices.Equal(got, want) {
					t.Errorf("%d:\n got  %v\n want %v", year, got, want)
				}
				for d := date(t, "2018-01-01"); d.Year <= 2027; d = d.AddDays(1) {
					wd := d.Weekday()
					want := wd != time.Saturday && wd != time.Sunday && !slices.Contains(published, d.String())
					if c.IsWorkingDay(d) != want {
						t.Fatalf("IsWorkingDay(%s, a %s) = %v, want %v", d, wd, !want, want)
					}
				}
			}
		})
	}
}

func TestAddWorkingDays(t *testing.T) {
	ew := EnglandAndWales()
	closed := mustNew(t, EnglandAndWalesNation, kith.Closure{From: date(t, "2026-12-29"), To: date(t, "2026-12-31"), Name: "Winter closure"})
	tests := []struct {
		name string
		cal  *Calendar
		from string
		n    int
		want string
	}{
		{"a week", ew, "2026-11-23", 5, "2026-11-30"},
		{"Friday to Monday", ew, "2026-11-27", 1, "2026-11-30"},
		{"Saturday counts from Monday", ew, "2026-11-28", 1, "2026-11-30"},
		{"zero is the day itself", ew, "2026-11-28", 0, "2026-11-28"},
		{"backwards over a weekend", ew, "2026-11-30", -1, "2026-11-27"},
		// Christmas 2026 is a Friday: Boxing Day's substitute is Monday 28th.
		{"Christmas substitute", ew, "2026-12-24", 1, "2026-12-29"},
		{"council closure between Christmas and New Year", closed, "2026-12-24", 1, "2027-01-04"},
		{"closure and New Year", closed, "2026-12-24", 5, "2027-01-08"},
		// Easter 2026: Good Friday 3 April, Easter Monday 6 April.
		{"Easter", ew, "2026-04-02", 1, "2026-04-07"},
		{"Easter in Scotland has no Monday", mustNew(t, Scotland), "2026-04-02", 1, "2026-04-06"},
		{"New Year substitute 2022", ew, "2021-12-31", 1, "2022-01-04"},
		{"New Year and 2 January in Scotland 2022", mustNew(t, Scotland), "2021-12-31", 1, "2022-01-05"},
		{"leap day is a working day", ew, "2028-02-28", 1, "2028-02-29"},
		{"over leap day", ew, "2028-02-25", 2, "2028-02-29"},
		{"clock change weekend (spring)", ew, "2026-03-27", 1, "2026-03-30"},
		{"clock change weekend (autumn)", ew, "2026-10-23", 1, "2026-10-26"},
		{"state funeral 2022", ew, "2022-09-16", 1, "2022-09-20"},
		{"coronation 2023", ew, "2023-05-05", 1, "2023-05-09"},
		{"Boyne in Northern Ireland", mustNew(t, NorthernIreland), "2025-07-11", 1, "2025-07-15"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := tt.cal.AddWorkingDays(date(t, tt.from), tt.n); got.String() != tt.want {
				t.Errorf("AddWorkingDays(%s, %d) = %s, want %s", tt.from, tt.n, got, tt.want)
			}
		})
	}
}

func TestWorkingDaysBetween(t *testing.T) {
	c := EnglandAndWales()
	tests := []struct {
		from, to string
		want     int
	}{
		{"2026-11-23", "2026-11-23", 0},
		{"2026-11-27", "2026-11-30", 1},
		{"2026-11-23", "2026-11-30", 5},
		{"2026-11-30", "2026-11-23", -5},
		{"2026-12-24", "2027-01-04", 4}, // 29, 30, 31 December and 4 January
		{"2026-11-28", "2026-11-29", 0}, // a weekend
	}
	for _, tt := range tests {
		if got := c.WorkingDaysBetween(date(t, tt.from), date(t, tt.to)); got != tt.want {
			t.Errorf("WorkingDaysBetween(%s, %s) = %d, want %d", tt.from, tt.to, got, tt.want)
		}
	}
}

// An event late on a summer Friday evening happened on the Friday, though it
// is Saturday already in UTC; one just after midnight in winter is the next
// day.
func TestDayOfUsesLondonTime(t *testing.T) {
	friday := time.Date(2026, 7, 3, 22, 30, 0, 0, time.UTC) // 23:30 BST
	if got := DayOf(friday); got.String() != "2026-07-03" {
		t.Errorf("DayOf(23:30 BST Friday) = %s", got)
	}
	if got := EnglandAndWales().AddWorkingDays(DayOf(friday), 1); got.String() != "2026-07-06" {
		t.Errorf("next working day after a Friday-night event = %s, want Monday", got)
	}
	winter := time.Date(2026, 1, 9, 0, 30, 0, 0, time.UTC)
	if got := DayOf(winter); got.String() != "2026-01-09" {
		t.Errorf("DayOf(00:30 GMT) = %s", got)
	}
	// The night the clocks go back: 01:30 UTC on 25 October 2026 is 01:30
	// GMT after the change (or 02:30 BST before it), still the 25th.
	if got := DayOf(time.Date(2026, 10, 24, 23, 30, 0, 0, time.UTC)); got.String() != "2026-10-25" {
		t.Errorf("DayOf(00:30 BST on the night the clocks change) = %s", got)
	}
}

// Properties over many random dates and offsets, for every nation: a
// deadline is never before its event, lands on a working day, and counts
// back to the same number of working days; the next working day is never a
// weekend or holiday.
func TestWorkingDayProperties(t *testing.T) {
	r := rand.New(rand.NewSource(7))
	start := date(t, "2018-01-01")
	for _, n := range Nations {
		c := mustNew(t, n, kith.Closure{From: date(t, "2024-12-27"), To: date(t, "2024-12-31"), Name: "Winter closure"})
		for range 5000 {
			d := start.AddDays(r.Intn(3650))
			k := 1 + r.Intn(30)
			due := c.AddWorkingDays(d, k)
			if !due.After(d) {
				t.Fatalf("%s: AddWorkingDays(%s, %d) = %s is not after the event", n, d, k, due)
			}
			if !c.IsWorkingDay(due) {
				t.Fatalf("%s: AddWorkingDays(%s, %d) = %s is not a working day", n, d, k, due)
			}
			if got := c.WorkingDaysBetween(d, due); got != k {
				t.Fatalf("%s: WorkingDaysBetween(%s, %s) = %d, want %d", n, d, due, got, k)
			}
			next := c.NextWorkingDay(d)
			if wd := next.Weekday(); wd == time.Saturday || wd == time.Sunday || !c.IsWorkingDay(next) {
				t.Fatalf("%s: NextWorkingDay(%s) = %s, a %s", n, d, next, wd)
			}
			for x := d.AddDays(1); x.Before(next); x = x.AddDays(1) {
				if c.IsWorkingDay(x) {
					t.Fatalf("%s: NextWorkingDay(%s) = %s skips working day %s", n, d, next, x)
				}
			}
		}
	}
}

func TestNewRefusesBadClosures(t *testing.T) {
	if _, err := New("wales", nil); err == nil {
		t.Error("an unknown nation was accepted")
	}
	overlapping := []kith.Closure{
		{From: date(t, "2026-12-29"), To: date(t, "2026-12-31"), Name: "Winter closure"},
		{From: date(t, "2026-12-31"), To: date(t, "2027-01-02"), Name: "New Year closure"},
	}
	if _, err := New(EnglandAndWalesNation, overlapping); err == nil {
		t.Error("overlapping closures were accepted")
	}
}

// WorkingDaysBetween counts by weeks; it must agree with counting each day,
// forwards and backwards, over spans from a day to several years.
func TestWorkingDaysBetweenMatchesCountingDays(t *testing.T) {
	r := rand.New(rand.NewSource(11))
	start := date(t, "2018-01-01")
	for _, n := range Nations {
		c := mustNew(t, n, kith.Closure{From: date(t, "2024-12-27"), To: date(t, "2024-12-31"), Name: "Winter closure"})
		for range 3000 {
			from := start.AddDays(r.Intn(3650))
			to := from.AddDays(r.Intn(1200) - 200)
			want := 0
			lo, hi, sign := from, to, 1
			if hi.Before(lo) {
				lo, hi, sign = hi, lo, -1
			}
			for d := lo.AddDays(1); !d.After(hi); d = d.AddDays(1) {
				if c.IsWorkingDay(d) {
					want++
				}
			}
			if got := c.WorkingDaysBetween(from, to); got != sign*want {
				t.Fatalf("%s: WorkingDaysBetween(%s, %s) = %d, counting days gives %d", n, from, to, got, sign*want)
			}
		}
	}
}

// A council's winter closure is not a bank holiday: the legal calendar
// counts 29–31 December as working days, but still not Christmas Day.
func TestBankHolidaysOnlyLeavesOutClosures(t *testing.T) {
	closed := mustNew(t, Scotland, kith.Closure{From: date(t, "2026-12-29"), To: date(t, "2026-12-31"), Name: "Winter closure"})
	legal := closed.BankHolidaysOnly()
	if legal.Nation() != Scotland || len(legal.Closures()) != 0 {
		t.Fatalf("nation %s, closures %v", legal.Nation(), legal.Closures())
	}
	for day, want := range map[string]bool{"2026-12-29": true, "2026-12-31": true, "2026-12-25": false, "2027-01-04": false, "2027-01-05": true} {
		if got := legal.IsWorkingDay(date(t, day)); got != want {
			t.Errorf("%s: working day %v, want %v", day, got, want)
		}
	}
	if closed.IsWorkingDay(date(t, "2026-12-29")) {
		t.Error("the council's own calendar lost its closure")
	}
}
