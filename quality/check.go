package quality

import (
	"embed"
	"fmt"
	"os"
	"slices"
	"strconv"
	"strings"
	"sync"

	"kith"
)

//go:embed rules/*.yml
var builtinRules embed.FS

// MaxCheckBytes is the most text the coach reads at once: a record's
// limit, so that anything Kith can save can be checked, and 1 MB pasted
// into the API is refused at once rather than timed out.
const MaxCheckBytes = kith.MaxRecordBytes

// A Checker holds the compiled rules and word lists. It is safe for
// concurrent use; build one when the server starts.
type Checker struct {
	rules   []*Rule
	byID    map[string]*Rule
	speller *Speller
}

// New loads the built-in rules and, when dir is not empty, a council's own
// rule files from that folder. A council's rule with the same id as a
// built-in one replaces it. A mistake in any file is an error naming the
// file and line: the server refuses to start rather than coach wrongly.
func New(dir string) (*Checker, error) {
	rules, err := LoadRules(builtinRules, "rules")
	if err != nil {
		return nil, err
	}
	if dir != "" {
		if _, err := os.Stat(dir); err != nil {
			return nil, fmt.Errorf("quality rules folder: %w", err)
		}
		own, err := LoadRules(os.DirFS(dir), ".")
		if err != nil {
			if le, ok := err.(*LoadError); ok {
				le.File = strings.TrimSuffix(dir, "/") + "/" + strings.TrimPrefix(le.File, "./")
			}
			return nil, err
		}
		for _, r := range own {
			i := slices.IndexFunc(rules, func(b *Rule) bool { return b.ID == r.ID })
			if i >= 0 {
				rules[i] = r
			} else {
				rules = append(rules, r)
			}
		}
	}
	c := &Checker{rules: rules, byID: map[string]*Rule{}, speller: BritishSpeller()}
	for _, r := range rules {
		c.byID[r.ID] = r
	}
	return c, nil
}

var (
	defaultOnce    sync.Once
	defaultChecker *Checker
)

// Default returns the checker with the built-in rules, built once. The
// built-in rules are tested, so failing to load them is a programming
// error.
func Default() *Checker {
	defaultOnce.Do(func() {
		var err error
		if defaultChecker, err = New(""); err != nil {
			panic("quality: the built-in rules do not load: " + err.Error())
		}
	})
	return defaultChecker
}

// Rules returns the rules, for the documentation page and the tests.
func (c *Checker) Rules() []*Rule { return c.rules }

// Rule returns the rule with the id.
func (c *Checker) Rule(id string) (*Rule, bool) {
	r, ok := c.byID[id]
	return r, ok
}

// Speller is the British English word list the spelling rules use; nil
// when it was not built (see BritishSpeller).
func (c *Checker) Speller() *Speller { return c.speller }

// Check reads the note with every rule and returns what it found, errors
// first, then in the order of the record. Text over MaxCheckBytes is
// refused with a message that says the limit.
func (c *Checker) Check(n Note) ([]Finding, error) {
	size := 0
	for _, p := range n.Parts {
		size += len(p.Text)
	}
	if size > MaxCheckBytes {
		return nil, kith.Errorf(kith.EINVALID, "This is too long to check: the coach reads up to %d KB at once, and this is %d KB. Check it a section at a time",
			MaxCheckBytes/1000, (size+999)/1000)
	}
	run := &checkRun{checker: c, note: &n}
	for i := range n.Parts {
		run.parts = append(run.parts, &partRun{Part: n.Parts[i], index: i, text: Split(n.Parts[i].Text)})
	}
	for _, r := range c.rules {
		for _, p := range run.parts {
			if !r.appliesTo(p.Role) {
				continue
			}
			switch r.Extends {
			case "existence", "substitution":
				run.listRule(r, p)
			case "go":
				r.check(run, r, p)
			}
		}
	}
	return run.sorted(), nil
}

// checkRun is one check of one note: the parts split once, and the
// findings so far.
type checkRun struct {
	checker *Checker
	note    *Note
	parts   []*partRun
	out     []Finding
	// defined holds acronyms written out earlier in the note.
	defined map[string]bool
	// counts are the findings made so far, by rule.
	counts map[string]int
}

type partRun struct {
	Part
	index int
	text  *Text
}

// listRule applies an existence or substitution rule to a part. A
// sentence's matches are found first: the rule's unless pattern and its
// exceptions, which cost more, are read only for a sentence with one.
func (c *checkRun) listRule(r *Rule, p *partRun) {
	type match struct {
		start, end int
		sugg       []string
	}
	var found []match
	for _, s := range p.text.Sentences {
		found = found[:0]
		r.phrases.match(s.Words, func(i, j int, phrase string) {
			found = append(found, match{s.Words[i].Start, s.Words[j-1].End, r.swaps[phrase]})
		})
		if r.patterns != nil {
			for _, m := range r.patterns.FindAllStringIndex(s.Text(p.Text), -1) {
				found = append(found, match{s.Start + m[0], s.Start + m[1], nil})
			}
		}
		if len(found) == 0 || (r.unless != nil && r.unless.MatchString(s.Text(p.Text))) {
			continue
		}
		var excepted []Span
		r.exceptions.match(s.Words, func(i, j int, _ string) {
			excepted = append(excepted, Span{s.Words[i].Start, s.Words[j-1].End})
		})
	next:
		for _, m := range found {
			for _, e := range excepted {
				if m.start < e.End && m.end > e.Start {
					continue next
				}
			}
			if !r.Quotes && p.text.Quoted(m.start, m.end) {
				continue
			}
			c.add(r, p, m.start, m.end, m.sugg)
		}
	}
}

// add records a finding of rule r on the span, filling in the message.
// vars are extra {name} value pairs for the message.
func (c *checkRun) add(r *Rule, p *partRun, start, end int, sugg []string, vars ...string) {
	if c.counts == nil {
		c.counts = map[string]int{}
	}
	if c.counts[r.ID]++; c.counts[r.ID] > 2*maxPerRule {
		return // SortFindings keeps maxPerRule of them: stop making more
	}
	text := p.Text[start:end]
	first := ""
	if len(sugg) > 0 {
		first = sugg[0]
	}
	rep := strings.NewReplacer(append([]string{"{text}", text, "{suggestion}", first}, vars...)...)
	c.out = append(c.out, Finding{Rule: r.ID, Category: r.Category, Level: r.Level, Part: p.Key, Start: start, End: end, Text: text,
		Message: rep.Replace(r.Message), Why: rep.Replace(r.Why), Suggestions: sugg, Link: r.Link})
}

// sorted orders the findings (see SortFindings).
func (c *checkRun) sorted() []Finding {
	order := map[string]int{}
	for _, p := range c.parts {
		order[p.Key] = p.index
	}
	return SortFindings(c.out, order)
}

// SortFindings orders findings by level, then by part (in the given
// order) and position, and drops one whose words another finding of the
// same rule covers, or one of the same category has found already. No
// rule reports more than maxPerRule findings: past that, more say nothing
// new and would bury the rest.
func SortFindings(fs []Finding, order map[string]int) []Finding {
	byPlace := func(a, b Finding) int {
		if d := order[a.Part] - order[b.Part]; d != 0 {
			return d
		}
		if a.Start != b.Start {
			return a.Start - b.Start
		}
		return b.End - a.End
	}
	slices.SortStableFunc(fs, byPlace)
	type ruleKey struct{ part, rule string }
	type spanKey struct {
		part       string
		category   Category
		start, end int
	}
	reach := map[ruleKey]int{}
	spans := map[spanKey]bool{}
	perRule := map[string]int{}
	out := fs[:0]
	for _, f := range fs {
		if f.End > f.Start {
			rk, sk := ruleKey{f.Part, f.Rule}, spanKey{f.Part, f.Category, f.Start, f.End}
			if end, ok := reach[rk]; ok && end >= f.End || spans[sk] {
				continue
			}
			reach[rk] = max(reach[rk], f.End)
			spans[sk] = true
		}
		if perRule[f.Rule]++; perRule[f.Rule] > maxPerRule {
			continue
		}
		out = append(out, f)
	}
	slices.SortStableFunc(out, func(a, b Finding) int {
		if d := a.Level.rank() - b.Level.rank(); d != 0 {
			return d
		}
		return byPlace(a, b)
	})
	return out
}

// maxPerRule bounds the findings of one rule in one check.
const maxPerRule = 100

func itoa(n int) string { return strconv.Itoa(n) }
