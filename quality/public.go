package quality

import (
	"bytes"
	"fmt"
	"io/fs"
	"math"
	"path"
	"slices"
	"strings"

	"gopkg.in/yaml.v3"
)

// The public corpus (corpus/public): passages quoted from public, citable
// pages about recording, labelled by category from the guidance before
// the coach was run on them, labelled again blind by a second labeller,
// and split once into a tuning part and a test part that no rule is
// adjusted against. See corpus/public/README.md.

// PublicCategories are the categories the public corpus is labelled in:
// those a reader can judge from a passage alone (copy-paste and names
// need the council's other records).
var PublicCategories = []Category{FactOpinion, Vague, Jargon, Spelling, ChildVoice, Actions}

// A PublicPassage is one quotation with its labels.
type PublicPassage struct {
	ID      string `yaml:"id"`
	Text    string `yaml:"text"`
	Section string `yaml:"section"`
	// Kind is where the words would sit in a record: "record" (what
	// happened, what was seen, the analysis), "views" (offered as the
	// child's views) or "action" (a plan's action or goal).
	Kind string `yaml:"kind"`
	// Part is "tune" or "test", decided once when the passage was added.
	Part   string     `yaml:"part"`
	Source string     `yaml:"source"`
	Title  string     `yaml:"title"`
	Labels []Category `yaml:"labels"`
	Why    string     `yaml:"why"`
	// Second holds the second labeller's categories (labels-b-*.yml).
	Second []Category `yaml:"-"`
	// Labelled reports whether the second labeller labelled it.
	SecondLabelled bool `yaml:"-"`
}

// Note is the passage as `kith quality check` reads a plain-text note: a
// views passage under a "Child's views" heading, an action under
// "Actions", anything else as it stands.
func (p PublicPassage) Note() Note { return NoteOfPlainText(p.PlainText()) }

// PlainText is the passage as a practitioner would type it in a note.
func (p PublicPassage) PlainText() string {
	switch p.Kind {
	case "views":
		return "Child's views:\n" + p.Text
	case "action":
		return "Actions:\n" + p.Text
	}
	return p.Text
}

// PublicCorpus returns the built-in public corpus.
func PublicCorpus() ([]PublicPassage, error) { return LoadPublicCorpus(corpusFS, "corpus/public") }

// LoadPublicCorpus reads the passages (gather-*.yml) and the second
// labeller's labels (labels-b-*.yml) in dir, checking that every passage
// has an id of its own, a kind, a part, a source and known categories.
func LoadPublicCorpus(fsys fs.FS, dir string) ([]PublicPassage, error) {
	names, err := fs.Glob(fsys, path.Join(dir, "gather-*.yml"))
	if err != nil {
		return nil, err
	}
	slices.Sort(names)
	known := map[Category]bool{}
	for _, c := range PublicCategories {
		known[c] = true
	}
	checkCats := func(where string, cs []Category) error {
		for _, c := range cs {
			if !known[c] {
				return fmt.Errorf("%s: unknown category %q", where, c)
			}
		}
		return nil
	}
	var out []PublicPassage
	at := map[string]int{}
	for _, name := range names {
		var f struct {
			Passages []PublicPassage `yaml:"passages"`
		}
		if err := decodeStrict(fsys, name, &f); err != nil {
			return nil, err
		}
		for _, p := range f.Passages {
			where := name + ": " + p.ID
			switch {
			case p.ID == "" || at[p.ID] > 0:
				return nil, fmt.Errorf("%s: every passage needs its own id", where)
			case strings.TrimSpace(p.Text) == "":
				return nil, fmt.Errorf("%s: no text", where)
			case p.Kind != "record" && p.Kind != "views" && p.Kind != "action":
				return nil, fmt.Errorf("%s: kind is %q, not record, views or action", where, p.Kind)
			case p.Part != "tune" && p.Part != "test":
				return nil, fmt.Errorf("%s: part is %q, not tune or test", where, p.Part)
			case !strings.HasPrefix(p.Source, "http"):
				return nil, fmt.Errorf("%s: no source address", where)
			}
			if err := checkCats(where, p.Labels); err != nil {
				return nil, err
			}
			out = append(out, p)
			at[p.ID] = len(out)
		}
	}
	seconds, err := fs.Glob(fsys, path.Join(dir, "labels-b-*.yml"))
	if err != nil {
		return nil, err
	}
	for _, name := range seconds {
		var f struct {
			Labels map[string][]Category `yaml:"labels"`
		}
		if err := decodeStrict(fsys, name, &f); err != nil {
			return nil, err
		}
		for id, cs := range f.Labels {
			i := at[id]
			if i == 0 {
				return nil, fmt.Errorf("%s: labels for %s, which is no passage", name, id)
			}
			if err := checkCats(name+": "+id, cs); err != nil {
				return nil, err
			}
			out[i-1].Second, out[i-1].SecondLabelled = cs, true
		}
	}
	return out, nil
}

func decodeStrict(fsys fs.FS, name string, v any) error {
	b, err := fs.ReadFile(fsys, name)
	if err != nil {
		return err
	}
	dec := yaml.NewDecoder(bytes.NewReader(b))
	dec.KnownFields(true)
	if err := dec.Decode(v); err != nil {
		return fmt.Errorf("%s: %w", name, err)
	}
	return nil
}

// A PublicResult is the coach's score on some of the public corpus, a
// passage at a time: a category is found in a passage when any finding
// of that category is, and expected when the first labeller gave it.
type PublicResult struct {
	Passages   int
	ByCategory map[Category]*Score
	// Clean lists the passages labelled clean that the coach found
	// something in (in any category), with what it found.
	Clean []PublicMiss
	// Misses lists every wrong call, by passage and category.
	Misses []PublicMiss
}

// A PublicMiss is a passage the coach and the labels disagree on.
type PublicMiss struct {
	Passage  PublicPassage
	Category Category // "" for a clean passage's finding outside the scored categories
	Kind     string   // "unexpected" or "missed"
	Findings []Finding
}

// F1 is the harmonic mean of precision and recall.
func (s Score) F1() float64 {
	p, r := s.Precision(), s.Recall()
	if p+r == 0 {
		return 0
	}
	return 2 * p * r / (p + r)
}

// EvaluatePublic checks each passage as a plain-text note and scores the
// categories found against the first labeller's.
func EvaluatePublic(c *Checker, passages []PublicPassage) (*PublicResult, error) {
	res := &PublicResult{ByCategory: map[Category]*Score{}}
	for _, cat := range PublicCategories {
		res.ByCategory[cat] = &Score{}
	}
	for _, p := range passages {
		found, err := c.Check(p.Note())
		if err != nil {
			return nil, fmt.Errorf("passage %s: %w", p.ID, err)
		}
		res.Passages++
		byCat := map[Category][]Finding{}
		for _, f := range found {
			byCat[f.Category] = append(byCat[f.Category], f)
		}
		if len(p.Labels) == 0 && len(found) > 0 {
			res.Clean = append(res.Clean, PublicMiss{Passage: p, Kind: "unexpected", Findings: found})
		}
		for _, cat := range PublicCategories {
			want, got := slices.Contains(p.Labels, cat), len(byCat[cat]) > 0
			s := res.ByCategory[cat]
			switch {
			case want && got:
				s.TP++
			case got:
				s.FP++
				res.Misses = append(res.Misses, PublicMiss{p, cat, "unexpected", byCat[cat]})
			case want:
				s.FN++
				res.Misses = append(res.Misses, PublicMiss{p, cat, "missed", nil})
			}
		}
	}
	return res, nil
}

// Micro sums the categories' counts.
func (r *PublicResult) Micro() Score {
	var m Score
	for _, s := range r.ByCategory {
		m.TP, m.FP, m.FN = m.TP+s.TP, m.FP+s.FP, m.FN+s.FN
	}
	return m
}

// An Agreement is how far two labellers agree on one category over the
// passages both labelled: the share of passages they agree on and
// Cohen's kappa, which discounts the agreement chance alone would give.
type Agreement struct {
	Passages, Agree       int
	BothYes, OnlyA, OnlyB int
	Kappa                 float64
}

// Agreements measures the two labellers' agreement, by category.
func Agreements(passages []PublicPassage) map[Category]Agreement {
	out := map[Category]Agreement{}
	for _, cat := range PublicCategories {
		var a Agreement
		for _, p := range passages {
			if !p.SecondLabelled {
				continue
			}
			x, y := slices.Contains(p.Labels, cat), slices.Contains(p.Second, cat)
			a.Passages++
			switch {
			case x && y:
				a.BothYes++
			case x:
				a.OnlyA++
			case y:
				a.OnlyB++
			}
		}
		a.Agree = a.Passages - a.OnlyA - a.OnlyB
		a.Kappa = CohensKappa(a.BothYes, a.OnlyA, a.OnlyB, a.Passages-a.BothYes-a.OnlyA-a.OnlyB)
		out[cat] = a
	}
	return out
}

// CohensKappa is Cohen's kappa for two raters' yes/no calls: yy both said
// yes, yn only the first, ny only the second, nn neither. It is NaN when
// both raters said the same thing of every passage (chance explains all).
func CohensKappa(yy, yn, ny, nn int) float64 {
	n := float64(yy + yn + ny + nn)
	if n == 0 {
		return math.NaN()
	}
	po := float64(yy+nn) / n
	pa, pb := float64(yy+yn)/n, float64(yy+ny)/n
	pe := pa*pb + (1-pa)*(1-pb)
	if pe == 1 {
		return math.NaN()
	}
	return (po - pe) / (1 - pe)
}
