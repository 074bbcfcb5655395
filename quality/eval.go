package quality

import (
	"embed"
	"fmt"
	"io/fs"
	"path"
	"slices"
	"strings"
)

// The labelled corpus: passages written for Kith, each with the findings
// a careful practice educator would expect. `kith quality eval` scores
// the coach against it.
//
//go:embed corpus
var corpusFS embed.FS

// A Passage is one labelled piece of writing.
type Passage struct {
	// Set is "held-out" for passages written after the rules were tuned
	// (heldout-*.yml), which the coach was never adjusted to, and
	// "development" for the rest.
	Set    string   `yaml:"-"`
	ID     string   `yaml:"id"`
	Expect []string `yaml:"expect"`
	// Note says why the labels are what they are, for the reader.
	Note string `yaml:"note"`
	// The writing and its context, as in a rule's examples.
	Sample `yaml:",inline"`
}

// An Expectation is one expected finding: a rule, and optionally words the
// finding must be about.
type Expectation struct {
	Rule  string
	Words string
}

// Expectations reads the passage's expect list ("rule" or "rule: words").
func (p Passage) Expectations() []Expectation {
	var out []Expectation
	for _, e := range p.Expect {
		rule, words, _ := strings.Cut(e, ":")
		out = append(out, Expectation{Rule: strings.TrimSpace(rule), Words: strings.TrimSpace(words)})
	}
	return out
}

type corpusFile struct {
	Passages []Passage `yaml:"passages"`
}

// Corpus returns the built-in labelled passages.
func Corpus() ([]Passage, error) { return LoadCorpus(corpusFS, "corpus") }

// LoadCorpus reads every passages file (*.yml except council.yml) in dir.
func LoadCorpus(fsys fs.FS, dir string) ([]Passage, error) {
	names, err := fs.Glob(fsys, path.Join(dir, "*.yml"))
	if err != nil {
		return nil, err
	}
	slices.Sort(names)
	var out []Passage
	ids := map[string]bool{}
	for _, name := range names {
		if path.Base(name) == "council.yml" {
			continue
		}
		var f corpusFile
		if err := decodeStrict(fsys, name, &f); err != nil {
			return nil, err
		}
		for _, p := range f.Passages {
			if p.ID == "" || ids[p.ID] {
				return nil, fmt.Errorf("%s: passage %q: every passage needs its own id", name, p.ID)
			}
			ids[p.ID] = true
			p.Set = "development"
			if strings.HasPrefix(path.Base(name), "heldout-") {
				p.Set = "held-out"
			}
			out = append(out, p)
		}
	}
	return out, nil
}

// CouncilFile returns the evaluation council's definition (YAML).
func CouncilFile() ([]byte, error) { return corpusFS.ReadFile("corpus/council.yml") }

// A Score counts findings against labels.
type Score struct{ TP, FP, FN int }

// Precision is the share of findings that were expected.
func (s Score) Precision() float64 {
	if s.TP+s.FP == 0 {
		return 1
	}
	return float64(s.TP) / float64(s.TP+s.FP)
}

// Recall is the share of expected findings that were found.
func (s Score) Recall() float64 {
	if s.TP+s.FN == 0 {
		return 1
	}
	return float64(s.TP) / float64(s.TP+s.FN)
}

// A Miss is a finding that was not expected (FP) or an expected one that
// was not found (FN), for tuning the rules.
type Miss struct {
	Passage string
	Kind    string // "unexpected" or "missed"
	Rule    string
	Words   string
}

// Result is the coach's score on a corpus.
type Result struct {
	Passages   int
	ByCategory map[Category]*Score
	ByLevel    map[Level]*Score
	Misses     []Miss
}

// Lookup adds the findings storage makes (copy-paste and names) for a
// passage; nil scores the rules that need no council only.
type Lookup func(Passage, Note) ([]Finding, error)

// Evaluate checks every passage and scores the findings against the
// labels, by category and by level. A finding matches a label with the
// same rule whose words (if given) overlap the finding's.
func Evaluate(c *Checker, passages []Passage, lookup Lookup) (*Result, error) {
	res := &Result{ByCategory: map[Category]*Score{}, ByLevel: map[Level]*Score{}}
	score := func(rule string) (*Score, *Score) {
		r, ok := c.byID[rule]
		if !ok {
			return &Score{}, &Score{}
		}
		if res.ByCategory[r.Category] == nil {
			res.ByCategory[r.Category] = &Score{}
		}
		if res.ByLevel[r.Level] == nil {
			res.ByLevel[r.Level] = &Score{}
		}
		return res.ByCategory[r.Category], res.ByLevel[r.Level]
	}
	for _, p := range passages {
		for _, e := range p.Expectations() {
			if _, ok := c.byID[e.Rule]; !ok {
				return nil, fmt.Errorf("passage %s expects unknown rule %q", p.ID, e.Rule)
			}
		}
		note := p.Sample.Note()
		found, err := c.Check(note)
		if err != nil {
			return nil, fmt.Errorf("passage %s: %w", p.ID, err)
		}
		if lookup != nil {
			more, err := lookup(p, note)
			if err != nil {
				return nil, fmt.Errorf("passage %s: %w", p.ID, err)
			}
			found = append(found, more...)
		}
		res.Passages++
		expect := p.Expectations()
		used := make([]bool, len(expect))
		for _, f := range found {
			cat, lvl := score(f.Rule)
			i := -1
			for j, e := range expect {
				if !used[j] && e.Rule == f.Rule && wordsMatch(e.Words, f.Text) {
					i = j
					break
				}
			}
			if i >= 0 {
				used[i] = true
				cat.TP++
				lvl.TP++
				continue
			}
			if lookup == nil && c.byID[f.Rule].Extends == "index" {
				continue
			}
			cat.FP++
			lvl.FP++
			res.Misses = append(res.Misses, Miss{p.ID, "unexpected", f.Rule, f.Text})
		}
		for i, e := range expect {
			if used[i] || lookup == nil && c.byID[e.Rule].Extends == "index" {
				continue
			}
			cat, lvl := score(e.Rule)
			cat.FN++
			lvl.FN++
			res.Misses = append(res.Misses, Miss{p.ID, "missed", e.Rule, e.Words})
		}
	}
	return res, nil
}

func wordsMatch(want, got string) bool {
	if want == "" {
		return true
	}
	w, g := strings.ToLower(want), strings.ToLower(got)
	return strings.Contains(g, w) || strings.Contains(w, g) && g != ""
}
