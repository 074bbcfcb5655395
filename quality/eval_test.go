package quality

import (
	"testing"
)

// TestCorpus checks the labelled corpus is sound: enough passages, every
// label names a rule, and every rule is labelled somewhere, as found.
func TestCorpus(t *testing.T) {
	ps, err := Corpus()
	if err != nil {
		t.Fatal(err)
	}
	if len(ps) < 200 {
		t.Errorf("the corpus has %d passages; it needs at least 200", len(ps))
	}
	labelled := map[string]bool{}
	clean := 0
	for _, p := range ps {
		if len(p.Expect) == 0 {
			clean++
		}
		for _, e := range p.Expectations() {
			if _, ok := testChecker.Rule(e.Rule); !ok {
				t.Errorf("passage %s expects unknown rule %q", p.ID, e.Rule)
			}
			labelled[e.Rule] = true
		}
	}
	for _, r := range testChecker.Rules() {
		if !labelled[r.ID] {
			t.Errorf("no passage expects rule %s: the corpus must cover every rule", r.ID)
		}
	}
	if clean < len(ps)/4 {
		t.Errorf("only %d of %d passages are clean writing; the corpus needs plenty", clean, len(ps))
	}
}
