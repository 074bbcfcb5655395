package quality

import (
	"slices"
	"strings"
)

// Relation is how a person or a record is connected to the child a note
// is for, as storage finds it.
type Relation int

// The relations, from harmless to a data breach.
const (
	// Unknown: not found in the council at all.
	Unknown Relation = iota
	// Connected: the child, someone in their network, a professional
	// or member of staff, or this child's own record.
	Connected
	// Linked: someone or a record of a brother or sister (a child linked
	// to this one), not of this child.
	Linked
	// Other: someone or a record of children not linked to this one only.
	Other
)

// Links are who a child is connected to: the people in their network (and
// the child), and the children linked to them (brothers and sisters, and
// children sharing a parent).
type Links struct {
	Child   string
	Network map[string]bool
	Linked  map[string]bool
}

// RelationOf says how people found by a name or an identifier stand to a
// child, given the children they are connected to (their own case's
// child, or the children whose networks they are in):
//   - unknown if there are none;
//   - connected if any is the child, in the child's network, or
//     connected to the child (a common name may belong to several
//     people, and one of them is this child's), or if they are
//     connected to no child at all;
//   - linked if they are connected to a linked child;
//   - other if they are connected only to other children.
func RelationOf(l Links, people, theirChildren []string) Relation {
	if len(people) == 0 {
		return Unknown
	}
	for _, p := range people {
		if l.Network[p] {
			return Connected
		}
	}
	rel := Connected
	for _, c := range theirChildren {
		switch {
		case c == l.Child:
			return Connected
		case l.Linked[c]:
			rel = Linked
		case rel != Linked:
			rel = Other
		}
	}
	return rel
}

// A Hit is a final record that holds a print: whose it is, and how to
// name it to the practitioner.
type Hit struct {
	Record   string
	Relation Relation
	// Source names the record if the practitioner may see it ("Amy's
	// home visit of 3 March 2026"); otherwise "another child's record".
	Source Source
}

// BoilerplateChildren is how many children's cases must hold a print for
// it to be the service's standard wording ("I will visit again within the
// timescales…"), ignored rather than taken for a paste: the rule
// paste.other-child's boilerplate_children, or 10.
func (c *Checker) BoilerplateChildren() int {
	if r, ok := c.byID["paste.other-child"]; ok && r.Params["boilerplate_children"] > 0 {
		return r.Params["boilerplate_children"]
	}
	return 10
}

// PassageFindings turns the prints of a note that storage found in other
// final records into findings. A passage is a sentence found whole, or a
// run of at least three adjacent fingerprints found in the same record.
// Another child's record is an error, a brother's or sister's a warning,
// and this child's own earlier record a suggestion. hits maps a print's
// hash to the records holding it (boilerplate already left out).
func (c *Checker) PassageFindings(n Note, prints []Print, hits map[uint64][]Hit) []Finding {
	type passage struct {
		part       string
		start, end int
		hit        Hit
	}
	var found []passage
	minRun := 3
	if r, ok := c.byID["paste.other-child"]; ok && r.Params["min_prints"] > 0 {
		minRun = r.Params["min_prints"]
	}
	// Sentences found whole.
	for _, p := range prints {
		if !p.Sentence {
			continue
		}
		for _, h := range hits[p.Hash] {
			found = append(found, passage{p.Part, p.Start, p.End, h})
		}
	}
	// Runs of adjacent fingerprints in the same record.
	type runKey struct{ part, record string }
	type run struct {
		first, last Print
		n           int
		hit         Hit
	}
	open := map[runKey]*run{}
	flush := func(k runKey) {
		if r := open[k]; r != nil && r.n >= minRun {
			found = append(found, passage{k.part, r.first.Start, r.last.End, r.hit})
		}
		delete(open, k)
	}
	for _, p := range prints {
		if p.Sentence {
			continue
		}
		for _, h := range hits[p.Hash] {
			k := runKey{p.Part, h.Record}
			if r := open[k]; r != nil && r.last.Seq == p.Seq-1 {
				r.last, r.n = p, r.n+1
				continue
			}
			flush(k)
			open[k] = &run{first: p, last: p, n: 1, hit: h}
		}
		// A record whose run this print did not continue ends its run.
		for k, r := range open {
			if k.part == p.Part && r.last.Seq != p.Seq {
				flush(k)
			}
		}
	}
	for k := range open {
		flush(k)
	}
	// Worst first; a passage overlapping one already reported is not
	// reported again.
	slices.SortStableFunc(found, func(a, b passage) int {
		if a.hit.Relation != b.hit.Relation {
			return int(b.hit.Relation) - int(a.hit.Relation)
		}
		return (b.end - b.start) - (a.end - a.start)
	})
	parts := map[string]*Part{}
	for i := range n.Parts {
		parts[n.Parts[i].Key] = &n.Parts[i]
	}
	var out []Finding
	var taken []passage
	for _, p := range found {
		if slices.ContainsFunc(taken, func(t passage) bool { return t.part == p.part && p.start < t.end && p.end > t.start }) {
			continue
		}
		rule := map[Relation]string{Other: "paste.other-child", Linked: "paste.sibling", Connected: "paste.self-repeat"}[p.hit.Relation]
		part := parts[p.part]
		if rule == "" || part == nil {
			continue
		}
		taken = append(taken, p)
		src := p.hit.Source
		out = append(out, c.finding(rule, n, part, p.start, p.end, nil, &src, "{source}", src.Label))
	}
	return out
}

// NameFindings turns what storage learnt about each candidate (found[i]
// is the relation of cands[i]'s person) into findings: another child's
// person's full name or identifier is an error, a brother's or sister's
// person a warning, and a person Kith does not know, named where the
// words say it is a person, a warning that asks who they are.
func (c *Checker) NameFindings(n Note, cands []Candidate, found []Relation) []Finding {
	parts := map[string]*Part{}
	for i := range n.Parts {
		parts[n.Parts[i].Key] = &n.Parts[i]
	}
	var out []Finding
	for i, cand := range cands {
		part := parts[cand.Part]
		if part == nil || i >= len(found) {
			continue
		}
		rule := ""
		switch rel := found[i]; {
		case cand.Kind == CandName && rel == Other:
			rule = "names.other-child"
		case cand.Kind == CandName && rel == Linked:
			rule = "names.sibling"
		case cand.Kind != CandName && cand.Kind != CandTitled && cand.Kind != CandCued && rel == Other:
			rule = "names.other-child-identifier"
		case (cand.Kind == CandName || cand.Kind == CandTitled || cand.Kind == CandCued) && rel == Unknown && cand.Cue:
			rule = "names.unknown-person"
		}
		if rule == "" {
			continue
		}
		out = append(out, c.finding(rule, n, part, cand.Start, cand.End, nil, nil, "{kind}", cand.Kind.Words()))
	}
	return out
}

// finding builds a finding of rule id on a part outside a check run (for
// storage's lookups), with the message's {text} and {child} filled in.
func (c *Checker) finding(id string, n Note, p *Part, start, end int, sugg []string, src *Source, vars ...string) Finding {
	r := c.byID[id]
	child := n.Child.FirstName
	if child == "" {
		child = "the child"
	}
	text := p.Text[start:end]
	rep := strings.NewReplacer(append([]string{"{text}", text, "{child}", child}, vars...)...)
	return Finding{Rule: r.ID, Category: r.Category, Level: r.Level, Part: p.Key, Start: start, End: end, Text: text,
		Message: rep.Replace(r.Message), Why: rep.Replace(r.Why), Suggestions: sugg, Link: r.Link, Source: src}
}
