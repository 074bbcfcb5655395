package synth

import (
	"fmt"
	"io"
	"strconv"
	"time"
)

// progress prints one line that updates in place ("Making cases: 12,000 /
// 60,000 (20%)") and a summary at the end. With no writer it prints
// nothing.
type progress struct {
	w                    io.Writer
	total, done, printed int
	last                 time.Time
	started              bool
}

func newProgress(w io.Writer, total int) *progress { return &progress{w: w, total: total} }

func (p *progress) start() {
	if p.w == nil {
		return
	}
	p.started, p.last = true, time.Now()
	p.print()
}

func (p *progress) add(n int) {
	p.done += n
	if p.w == nil {
		return
	}
	// A few updates a second are enough for a person to watch.
	if now := time.Now(); now.Sub(p.last) >= 200*time.Millisecond || p.done == p.total {
		p.last = now
		p.print()
	}
}

func (p *progress) print() {
	p.printed = p.done
	pct := 100
	if p.total > 0 {
		pct = p.done * 100 / p.total
	}
	fmt.Fprintf(p.w, "\rMaking cases: %s / %s (%d%%)", thousands(p.done), thousands(p.total), pct)
}

// abandon ends the progress line when generation fails, so the error
// starts on a line of its own.
func (p *progress) abandon() {
	if p.w != nil && p.started {
		fmt.Fprintln(p.w)
	}
}

func (p *progress) finish(c *Council) {
	if p.w == nil {
		return
	}
	if p.started {
		if p.printed != p.done {
			p.print()
		}
		fmt.Fprintln(p.w)
	}
	n := c.Counts
	fmt.Fprintf(p.w, "Made %s in %s: %s services, %s teams, %s users; %s cases (%s open, %s closed, %s restricted)\n",
		c.Name, c.Elapsed.Round(100*time.Millisecond), thousands(n.Services), thousands(n.Teams), thousands(n.Users),
		thousands(n.Cases), thousands(n.OpenCases), thousands(n.ClosedCases), thousands(n.RestrictedCases))
	fmt.Fprintf(p.w, "  %s people, %s addresses, %s phone numbers, %s relationships\n",
		thousands(n.People), thousands(n.Addresses), thousands(n.Phones), thousands(n.Relationships))
	fmt.Fprintf(p.w, "  %s professionals in %s involvements, %s warnings, %s status periods, %s allocations, %s key events\n",
		thousands(n.Professionals), thousands(n.Involvements), thousands(n.Warnings), thousands(n.StatusPeriods),
		thousands(n.Allocations), thousands(n.KeyEvents))
	if n.Records+n.Drafts > 0 {
		fmt.Fprintf(p.w, "  %s final records in running records, %s drafts\n", thousands(n.Records), thousands(n.Drafts))
	}
}

// thousands writes n with commas: 60,000.
func thousands(n int) string {
	s := strconv.Itoa(n)
	neg := n < 0
	if neg {
		s = s[1:]
	}
	for i := len(s) - 3; i > 0; i -= 3 {
		s = s[:i] + "," + s[i:]
	}
	if neg {
		s = "-" + s
	}
	return s
}
