package quality

import "testing"

func TestTrendOf(t *testing.T) {
	for _, c := range []struct {
		now, before float64
		words       int
		want        Trend
	}{
		{2.0, 4.0, 1000, TrendFewer},
		{4.0, 2.0, 1000, TrendMore},
		{3.9, 4.0, 1000, TrendSame},  // within a fifth
		{0.05, 0.0, 1000, TrendSame}, // under 0.1 per 1,000 words
		{2.0, 0.0, 0, TrendNew},      // no words before: nothing to compare
		{0.0, 1.0, 500, TrendFewer},  // none now
	} {
		if got := TrendOf(c.now, c.before, c.words); got != c.want {
			t.Errorf("TrendOf(%v, %v, %d) = %q, want %q", c.now, c.before, c.words, got, c.want)
		}
	}
}

func TestRatesAndWriters(t *testing.T) {
	now := Tally{Records: 4, Words: 2000, Findings: map[string]int{"vague.descriptors": 6, "jargon.social-care": 2, "spelling.us": 1},
		Dismissed: map[string]int{"jargon.social-care": 2}}
	before := Tally{Records: 5, Words: 1000, Findings: map[string]int{"vague.descriptors": 6, "opinion.hedge": 3}}
	rates := testChecker.Rates(now, before)
	got := map[string]RuleRate{}
	for _, r := range rates {
		got[r.Rule] = r
	}
	if rates[0].Rule != "vague.descriptors" || got["vague.descriptors"].Per1000 != 3 || got["vague.descriptors"].Before != 6 ||
		got["vague.descriptors"].Trend != TrendFewer {
		t.Errorf("vague descriptions: %+v", got["vague.descriptors"])
	}
	// Dismissed findings are the writer's judgement: counted apart.
	if j := got["jargon.social-care"]; j.Count != 0 || j.Dismissed != 2 || j.Per1000 != 0 {
		t.Errorf("dismissed jargon: %+v", j)
	}
	if h := got["opinion.hedge"]; h.Per1000 != 0 || h.Before != 3 || h.Trend != TrendFewer {
		t.Errorf("hedges gone: %+v", h)
	}
	w := testChecker.Writer("u1", "Ann Ash", now)
	if w.Per1000 != 3.5 || w.Top != "Vague descriptions" || w.Words != 2000 {
		t.Errorf("writer: %+v", w)
	}
	var all Tally
	all.Add(now)
	all.Add(before)
	if all.Words != 3000 || all.Findings["vague.descriptors"] != 12 || all.Dismissed["jargon.social-care"] != 2 {
		t.Errorf("added tallies: %+v", all)
	}
}
