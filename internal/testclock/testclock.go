// Package testclock is the test suite's "now". KITH_TEST_NOW (RFC 3339)
// pins the instant every test process starts at, so the whole suite (unit,
// storage, web and browser tests) can be run as if on any day:
//
//	KITH_TEST_NOW=2026-12-05T10:00:00Z make test   # a Saturday
//
// Unset, the suite runs on the real time, and must pass on any real day.
// Only tests import this package: kith serve never reads KITH_TEST_NOW.
package testclock

import (
	"fmt"
	"os"
	"sync"
	"time"

	"kith/clock"
)

// Env is the variable that pins the suite's clock.
const Env = "KITH_TEST_NOW"

var (
	once  sync.Once
	suite *clock.Test
)

// Start is the instant the suite's clock started at: KITH_TEST_NOW, or the
// real time when the process first asked.
func start() *clock.Test {
	once.Do(func() {
		at := time.Now()
		if v := os.Getenv(Env); v != "" {
			t, err := time.Parse(time.RFC3339, v)
			if err != nil {
				// A mistyped pin must not quietly test today instead.
				panic(fmt.Sprintf("%s=%q is not an RFC 3339 time (for example 2026-12-05T10:00:00Z): %v", Env, v, err))
			}
			at = t
		}
		suite = clock.NewTest(at)
	})
	return suite
}

// Now is the suite's time: KITH_TEST_NOW when it is set, running on from
// the moment the test process started; otherwise the real time.
func Now() time.Time { return start().Now() }

// Pinned reports whether KITH_TEST_NOW pins the suite's clock.
func Pinned() bool { return os.Getenv(Env) != "" }

// New returns a clock for one test (or one test's database and server),
// starting at the suite's time. A test may set or freeze it without
// moving any other test's clock.
func New() *clock.Test { return clock.NewTest(Now()) }
