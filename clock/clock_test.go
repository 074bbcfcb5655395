package clock_test

import (
	"sync"
	"testing"
	"time"

	"kith/clock"
)

func TestTestClock(t *testing.T) {
	sat := time.Date(2026, 12, 5, 10, 0, 0, 0, time.UTC)
	c := clock.NewTest(sat)
	if got := c.Now(); got.Before(sat) || got.Sub(sat) > time.Minute {
		t.Fatalf("a new clock reads %s, want %s running on", got, sat)
	}
	c.Freeze(sat)
	if got := c.Now(); !got.Equal(sat) {
		t.Fatalf("frozen clock reads %s", got)
	}
	c.Add(31 * time.Minute)
	if got := c.Now(); !got.Equal(sat.Add(31 * time.Minute)) {
		t.Fatalf("after Add, a frozen clock reads %s", got)
	}
	c.Set(sat.AddDate(0, 0, -42))
	if first, second := c.Now(), c.Now(); second.Before(first) || first.Before(sat.AddDate(0, 0, -42)) {
		t.Fatalf("a set clock runs backwards: %s then %s", first, second)
	}
	// A test moves the clock while a server reads it (run with -race).
	var wg sync.WaitGroup
	for i := range 4 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for range 100 {
				if i == 0 {
					c.Add(time.Second)
				}
				_ = c.Now()
			}
		}()
	}
	wg.Wait()
}

func TestFuncClock(t *testing.T) {
	now := time.Date(2026, 8, 31, 9, 0, 0, 0, time.UTC)
	c := clock.Func(func() time.Time { return now })
	now = now.Add(time.Hour)
	if got := c.Now(); !got.Equal(now) {
		t.Fatalf("Func clock reads %s, want %s", got, now)
	}
}
