package returns

import (
	"context"
	"io"

	"kith"
)

// Source is where the returns' facts come from: the store.
type Source interface {
	ReturnFacts(ctx context.Context, a kith.Actor, y kith.CollectionYear) ([]*kith.ReturnFacts, error)
}

// CINSummary counts what a census file holds.
type CINSummary struct {
	Children, Episodes int
}

// CensusChildren makes the census's children from the facts, in case
// reference order, leaving out children with no episode in the year.
func CensusChildren(facts []*kith.ReturnFacts, y kith.CollectionYear) []kith.CensusChild {
	var out []kith.CensusChild
	for _, f := range facts {
		if c, ok := kith.CensusChildOf(f, y); ok {
			out = append(out, c)
		}
	}
	return out
}

// MakeCIN reads the record and writes the year's Children in Need census
// to w.
func MakeCIN(ctx context.Context, src Source, a kith.Actor, h CINHeader, w io.Writer) (CINSummary, error) {
	facts, err := src.ReturnFacts(ctx, a, h.Year)
	if err != nil {
		return CINSummary{}, err
	}
	children := CensusChildren(facts, h.Year)
	sum := CINSummary{Children: len(children)}
	for _, c := range children {
		sum.Episodes += len(c.Episodes)
	}
	return sum, WriteCIN(w, h, children)
}

// SSDA903Summary counts what a return holds.
type SSDA903Summary struct {
	Children, Episodes int
}

// SSDA903Children makes the return's children from the facts, in case
// reference order, leaving out children not looked after in the year.
func SSDA903Children(facts []*kith.ReturnFacts, y kith.CollectionYear) []kith.SSDA903Child {
	var out []kith.SSDA903Child
	for _, f := range facts {
		if c, ok := kith.SSDA903ChildOf(f, y); ok {
			out = append(out, c)
		}
	}
	return out
}

// Make903 reads the record and writes the year's SSDA903 tables into dir.
func Make903(ctx context.Context, src Source, a kith.Actor, y kith.CollectionYear, dir string) (SSDA903Summary, error) {
	facts, err := src.ReturnFacts(ctx, a, y)
	if err != nil {
		return SSDA903Summary{}, err
	}
	children := SSDA903Children(facts, y)
	sum := SSDA903Summary{Children: len(children)}
	for _, c := range children {
		sum.Episodes += len(c.Episodes)
	}
	return sum, Write903(dir, children)
}
