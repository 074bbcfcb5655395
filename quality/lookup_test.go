package quality

import "testing"

func TestRelationOf(t *testing.T) {
	l := Links{Child: "amy", Network: map[string]bool{"amy": true, "dawn": true}, Linked: map[string]bool{"leo": true}}
	for _, c := range []struct {
		name             string
		people, children []string
		want             Relation
	}{
		{"no one has the name", nil, nil, Unknown},
		{"someone in Amy's network", []string{"dawn"}, []string{"amy", "leo"}, Connected},
		{"a namesake of someone in her network", []string{"kelly", "dawn"}, []string{"tyler"}, Connected},
		{"connected to Amy the other way round", []string{"nan"}, []string{"amy"}, Connected},
		{"in her brother's network only", []string{"ryan"}, []string{"leo"}, Linked},
		{"in her brother's and another child's", []string{"ryan"}, []string{"tyler", "leo"}, Linked},
		{"another child's only", []string{"kelly"}, []string{"tyler"}, Other},
		{"known to Kith but connected to no child", []string{"lone"}, nil, Connected},
	} {
		if got := RelationOf(l, c.people, c.children); got != c.want {
			t.Errorf("%s: %v, want %v", c.name, got, c.want)
		}
	}
}

func TestBoilerplateChildren(t *testing.T) {
	rule := func(params map[string]int) *Checker {
		return &Checker{byID: map[string]*Rule{"paste.other-child": {ID: "paste.other-child", Params: params}}}
	}
	for _, c := range []struct {
		name    string
		checker *Checker
		want    int
	}{
		{"the built-in rules", Default(), 10},
		{"a council's own number", rule(map[string]int{"boilerplate_children": 25, "min_prints": 4}), 25},
		{"a rule that does not say", rule(map[string]int{"min_prints": 4}), 10},
		{"no copy-paste rule at all", &Checker{byID: map[string]*Rule{}}, 10},
	} {
		if got := c.checker.BoilerplateChildren(); got != c.want {
			t.Errorf("%s: %d, want %d", c.name, got, c.want)
		}
	}
}
