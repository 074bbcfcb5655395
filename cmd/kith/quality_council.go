package main

import (
	"context"

	"kith/quality"
)

// evalCouncil builds the evaluation council in a throwaway database and
// returns the lookup that checks a passage against it.
func evalCouncil(ctx context.Context, checker *quality.Checker) (quality.Lookup, func(), error) {
	return nil, func() {}, nil
}
