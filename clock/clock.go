// Package clock is Kith's one source of "now". Every rule, handler and job
// asks a Clock for the time instead of calling time.Now, so that tests can
// pin the day they run on: a deadline counted in working days must give the
// same answer on a Saturday, a bank holiday or the hour the clocks go back
// as on the Tuesday it was written.
//
// kith serve and the command line use System. Tests use a Test clock (see
// kith/internal/testclock, which reads KITH_TEST_NOW); the server never
// reads that variable.
package clock

import (
	"sync"
	"time"
)

// A Clock tells the time.
type Clock interface {
	Now() time.Time
}

type systemClock struct{}

func (systemClock) Now() time.Time { return time.Now() }

// System is the machine's clock.
var System Clock = systemClock{}

// Test is a clock a test sets. It runs on in real time from the instant it
// was last set (so records made one after another still come one after
// another), or stands still where a test freezes it. It is safe for
// concurrent use: a test may move it while a server it started answers
// requests.
type Test struct {
	mu     sync.Mutex
	at     time.Time // the time it was set to
	setAt  time.Time // the machine's monotonic time when it was set
	frozen bool
}

// NewTest returns a clock that starts at at and runs on.
func NewTest(at time.Time) *Test {
	return &Test{at: at, setAt: time.Now()}
}

// Now is the clock's time.
func (c *Test) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.frozen {
		return c.at
	}
	return c.at.Add(time.Since(c.setAt))
}

// Set moves the clock to at; it runs on from there.
func (c *Test) Set(at time.Time) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.at, c.setAt, c.frozen = at, time.Now(), false
}

// Freeze stops the clock at at: it reads at until it is set again.
func (c *Test) Freeze(at time.Time) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.at, c.setAt, c.frozen = at, time.Now(), true
}

// Add moves the clock on by d (back, when d is negative), frozen or not.
func (c *Test) Add(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if !c.frozen {
		c.at, c.setAt = c.at.Add(time.Since(c.setAt)), time.Now()
	}
	c.at = c.at.Add(d)
}

// Func is a clock read from a function: a test whose story moves through
// the days writes `db.Clock = clock.Func(func() time.Time { return now })`
// and then moves now.
type Func func() time.Time

// Now calls the function.
func (f Func) Now() time.Time { return f() }
