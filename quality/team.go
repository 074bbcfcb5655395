package quality

import (
	"slices"

	"kith"
)

// The team view is for learning, not surveillance: which points of the
// guidance the team's finalised records most often miss, as a rate per
// 1,000 words so that busy and quiet periods compare, and whether that is
// going up or down. A practitioner's own figures are shown only to them
// and their manager.

// Tally is what a period's finalised records hold: their words, and the
// coach's findings on them by rule (Dismissed: of which the writer
// dismissed with a reason).
type Tally struct {
	Records   int
	Words     int
	Findings  map[string]int
	Dismissed map[string]int
}

// Add adds another tally (another writer's) to t.
func (t *Tally) Add(o Tally) {
	t.Records += o.Records
	t.Words += o.Words
	for k, v := range o.Findings {
		if t.Findings == nil {
			t.Findings = map[string]int{}
		}
		t.Findings[k] += v
	}
	for k, v := range o.Dismissed {
		if t.Dismissed == nil {
			t.Dismissed = map[string]int{}
		}
		t.Dismissed[k] += v
	}
}

// Per1000 is n findings per 1,000 words of the tally.
func (t Tally) Per1000(n int) float64 {
	if t.Words == 0 {
		return 0
	}
	return float64(n) * 1000 / float64(t.Words)
}

// Trend says how a rate moved from the period before to this one.
type Trend string

// The trends. A change smaller than a fifth of the earlier rate (or than
// 0.1 per 1,000 words) is "about the same": small numbers move about.
const (
	TrendFewer Trend = "fewer"
	TrendMore  Trend = "more"
	TrendSame  Trend = "about the same"
	TrendNew   Trend = "no earlier figures"
)

// TrendOf compares a rate with the one before it.
func TrendOf(now, before float64, beforeWords int) Trend {
	if beforeWords == 0 {
		return TrendNew
	}
	diff := now - before
	if diff < 0 {
		diff = -diff
	}
	if diff < 0.1 || diff < before/5 {
		return TrendSame
	}
	if now < before {
		return TrendFewer
	}
	return TrendMore
}

// A RuleRate is one point of the guidance in the team view.
type RuleRate struct {
	Rule      string
	Title     string
	Category  Category
	Level     Level
	Count     int
	Dismissed int
	Per1000   float64
	Before    float64
	Trend     Trend
}

// A WriterRate is one practitioner's figures, for them and their manager.
type WriterRate struct {
	UserID  string
	Name    string
	Records int
	Words   int
	Per1000 float64 // findings not dismissed, per 1,000 words
	// Top is the point of the guidance they most often miss.
	Top string
}

// A Report is the team view for a period.
type Report struct {
	Scope   string
	Period  kith.TimelinessPeriod
	Before  kith.TimelinessPeriod
	Now     Tally
	Earlier Tally
	// Rules are the points most often missed, highest rate first.
	Rules   []RuleRate
	Writers []WriterRate
	// AllWriters reports whether Writers holds the whole team (for a
	// manager) or only the reader (for a practitioner).
	AllWriters bool
}

// Rates lists every rule with findings in either period, by its rate in
// this one (highest first). Dismissed findings are counted apart: they
// are the writer's judgement that the rule did not apply.
func (c *Checker) Rates(now, before Tally) []RuleRate {
	var out []RuleRate
	for _, r := range c.rules {
		n, b := now.Findings[r.ID]-now.Dismissed[r.ID], before.Findings[r.ID]-before.Dismissed[r.ID]
		if now.Findings[r.ID] == 0 && b == 0 {
			continue
		}
		rate, earlier := now.Per1000(n), before.Per1000(b)
		out = append(out, RuleRate{Rule: r.ID, Title: r.Title, Category: r.Category, Level: r.Level, Count: n, Dismissed: now.Dismissed[r.ID],
			Per1000: rate, Before: earlier, Trend: TrendOf(rate, earlier, before.Words)})
	}
	slices.SortStableFunc(out, func(a, b RuleRate) int {
		switch {
		case a.Per1000 > b.Per1000:
			return -1
		case a.Per1000 < b.Per1000:
			return 1
		}
		return b.Count - a.Count
	})
	return out
}

// Writer is one practitioner's row from their tally.
func (c *Checker) Writer(userID, name string, t Tally) WriterRate {
	w := WriterRate{UserID: userID, Name: name, Records: t.Records, Words: t.Words}
	total, best := 0, 0
	for id, n := range t.Findings {
		n -= t.Dismissed[id]
		total += n
		if r, ok := c.byID[id]; ok && (n > best || n == best && w.Top > r.Title) {
			best, w.Top = n, r.Title
		}
	}
	w.Per1000 = t.Per1000(total)
	return w
}
