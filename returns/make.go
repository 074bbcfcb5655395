package returns

import (
	"context"
	"io"
	"sort"

	"kith"
	"kith/sqldb"
)

// Source is where the returns' facts come from: the store.
type Source interface {
	ReturnFacts(ctx context.Context, a kith.Actor, y kith.ReturnPeriod, f sqldb.ReturnFilter) (kith.ReturnSet, error)
	AdopterFacts(ctx context.Context, a kith.Actor) ([]kith.AdopterFacts, error)
}

// Summary counts what a return holds.
type Summary struct {
	Children, Episodes int
}

// CensusChildren makes the census's children from the facts, in case
// reference order, leaving out children with no episode in the year.
func CensusChildren(facts []*kith.ReturnFacts, y kith.CollectionYear) []kith.CensusChild {
	return entries(facts, y, kith.CensusChildOf)
}

// SSDA903Children makes the return's children from the facts, in case
// reference order, leaving out children not looked after in the year.
func SSDA903Children(facts []*kith.ReturnFacts, y kith.CollectionYear) []kith.SSDA903Child {
	return entries(facts, y, kith.SSDA903ChildOf)
}

// entries makes each child's entry in a return, keeping those in it.
func entries[T any](facts []*kith.ReturnFacts, y kith.CollectionYear, of func(*kith.ReturnFacts, kith.CollectionYear) (T, bool)) []T {
	var out []T
	for _, f := range facts {
		if c, ok := of(f, y); ok {
			out = append(out, c)
		}
	}
	return out
}

// MakeCIN reads the record and writes the year's Children in Need census
// to w.
func MakeCIN(ctx context.Context, src Source, a kith.Actor, h CINHeader, w io.Writer) (Summary, error) {
	set, err := src.ReturnFacts(ctx, a, h.Year, sqldb.ReturnFilter{})
	if err != nil {
		return Summary{}, err
	}
	children := CensusChildren(set.Children, h.Year)
	sum := Summary{Children: len(children)}
	for _, c := range children {
		sum.Episodes += len(c.Episodes)
	}
	return sum, WriteCIN(w, h, children)
}

// Make903 reads the record and writes the year's SSDA903 tables into dir.
func Make903(ctx context.Context, src Source, a kith.Actor, y kith.CollectionYear, dir string) (Summary, error) {
	set, err := src.ReturnFacts(ctx, a, y, sqldb.ReturnFilter{})
	if err != nil {
		return Summary{}, err
	}
	children := SSDA903Children(set.Children, y)
	sum := Summary{Children: len(children)}
	for _, c := range children {
		sum.Episodes += len(c.Episodes)
	}
	return sum, Write903(dir, children)
}

// Problems checks the children in a set by every rule Kith checks the
// returns by, for the year y, and returns what fails: by rule, then by
// case reference.
func Problems(set kith.ReturnSet, y kith.CollectionYear) []kith.ReturnProblem {
	var out []kith.ReturnProblem
	for _, f := range set.Children {
		if c, ok := kith.CensusChildOf(f, y); ok {
			out = append(out, kith.CensusProblems(&c, y, set.WorkingDays)...)
		}
		if c, ok := kith.SSDA903ChildOf(f, y); ok {
			out = append(out, kith.SSDA903Problems(&c, y)...)
		}
	}
	order := map[string]int{}
	for i, r := range kith.ReturnRules {
		order[r.Return+r.Rule] = i
	}
	sort.SliceStable(out, func(i, j int) bool {
		a, b := order[out[i].Return+out[i].Rule], order[out[j].Return+out[j].Rule]
		if a != b {
			return a < b
		}
		return out[i].CaseReference < out[j].CaseReference
	})
	return out
}
