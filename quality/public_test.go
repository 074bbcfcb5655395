package quality

import (
	"math"
	"testing"
	"testing/fstest"
)

func TestPublicCorpusIsWholeAndLabelledTwice(t *testing.T) {
	ps, err := PublicCorpus()
	if err != nil {
		t.Fatal(err)
	}
	if len(ps) < 400 {
		t.Errorf("%d passages, want at least 400", len(ps))
	}
	parts := map[string]int{}
	for _, p := range ps {
		parts[p.Part]++
		if !p.SecondLabelled {
			t.Errorf("%s has no second labeller's labels", p.ID)
		}
	}
	if parts["test"] < len(ps)/2 || parts["tune"] == 0 {
		t.Errorf("parts %v: the test part should be the larger", parts)
	}
}

func TestPublicCorpusRefusesWhatItCannotScore(t *testing.T) {
	ok := "passages:\n  - id: a-1\n    text: Mum will engage.\n    kind: action\n    part: test\n    source: https://example.org/\n    labels: [smart-actions]\n"
	for name, files := range map[string]map[string]string{
		"unknown category":    {"gather-x.yml": ok[:len(ok)-len("[smart-actions]\n")] + "[opinion]\n"},
		"no part":             {"gather-x.yml": "passages:\n  - id: a-1\n    text: T\n    kind: record\n    source: https://example.org/\n"},
		"no source":           {"gather-x.yml": "passages:\n  - id: a-1\n    text: T\n    kind: record\n    part: test\n"},
		"two of one id":       {"gather-x.yml": ok, "gather-y.yml": ok},
		"labels for no one":   {"gather-x.yml": ok, "labels-b-1.yml": "labels:\n  a-2: []\n"},
		"second unknown kind": {"gather-x.yml": ok, "labels-b-1.yml": "labels:\n  a-1: [nagging]\n"},
	} {
		fsys := fstest.MapFS{}
		for n, body := range files {
			fsys["c/"+n] = &fstest.MapFile{Data: []byte(body)}
		}
		if _, err := LoadPublicCorpus(fsys, "c"); err == nil {
			t.Errorf("%s: loaded without an error", name)
		}
	}
}

func TestCohensKappa(t *testing.T) {
	for _, c := range []struct {
		yy, yn, ny, nn int
		want           float64
	}{
		{20, 5, 10, 15, 0.4}, // po 0.7, pe 0.5
		{10, 0, 0, 40, 1},
		{0, 10, 10, 0, -1},
		{25, 25, 25, 25, 0}, // no better than chance
	} {
		if got := CohensKappa(c.yy, c.yn, c.ny, c.nn); math.Abs(got-c.want) > 1e-9 {
			t.Errorf("kappa(%d,%d,%d,%d) = %v, want %v", c.yy, c.yn, c.ny, c.nn, got, c.want)
		}
	}
	if !math.IsNaN(CohensKappa(0, 0, 0, 50)) {
		t.Error("kappa when both raters said no to everything should be undefined")
	}
}

// Each passage counts once per category, however many findings it has.
func TestEvaluatePublicCountsPassages(t *testing.T) {
	ps := []PublicPassage{
		{ID: "p1", Kind: "record", Text: "The mother was neglectful and the father was neglectful.", Labels: []Category{FactOpinion}},
		{ID: "p2", Kind: "record", Text: "I saw Amy eat two slices of toast at 8 a.m.", Labels: nil},
		{ID: "p3", Kind: "record", Text: "I saw Amy eat two slices of toast at 8 a.m.", Labels: []Category{Vague}},
	}
	res, err := EvaluatePublic(testChecker, ps)
	if err != nil {
		t.Fatal(err)
	}
	if s := res.ByCategory[FactOpinion]; s.TP != 1 || s.FP != 0 || s.FN != 0 {
		t.Errorf("fact-opinion %+v, want one passage found", *s)
	}
	if s := res.ByCategory[Vague]; s.FN != 1 || s.TP != 0 {
		t.Errorf("vague %+v, want one passage missed", *s)
	}
	if len(res.Clean) != 0 {
		t.Errorf("clean passages with findings: %+v", res.Clean)
	}
}

func TestAPublicPassageIsReadWithItsSection(t *testing.T) {
	views := PublicPassage{Kind: "views", Text: "Amelia seemed happy."}.Note()
	if len(views.Parts) != 1 || views.Parts[0].Role != RoleVoice || views.Parts[0].Text != "Amelia seemed happy." {
		t.Errorf("a views passage is read as %+v", views.Parts)
	}
	action := PublicPassage{Kind: "action", Text: "Mum to engage with services."}.Note()
	if len(action.Parts) != 1 || action.Parts[0].Role != RoleAction {
		t.Errorf("an action passage is read as %+v", action.Parts)
	}
}
