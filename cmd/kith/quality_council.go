package main

import (
	"context"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"strings"

	"kith/internal/evalcouncil"
	"kith/quality"
	"kith/sqldb"
)

// evalCouncil builds the evaluation council in a throwaway SQLite
// database and returns the lookup that checks a passage against it, the
// year its case references carry, and a cleanup that removes it.
func evalCouncil(ctx context.Context, checker *quality.Checker) (quality.Lookup, string, func(), error) {
	dir, err := os.MkdirTemp("", "kith-quality-eval-")
	if err != nil {
		return nil, "", nil, err
	}
	cleanup := func() { os.RemoveAll(dir) }
	db, err := sqldb.Open(ctx, filepath.Join(dir, "eval.db"))
	if err != nil {
		cleanup()
		return nil, "", nil, err
	}
	db.Log = slog.New(slog.NewTextHandler(io.Discard, nil))
	db.Quality = checker
	db.Clock = evalcouncil.Clock()
	done := func() { db.Close(); cleanup() }
	if err := db.Migrate(ctx); err != nil {
		done()
		return nil, "", nil, err
	}
	c, err := evalcouncil.Seed(ctx, db)
	if err != nil {
		done()
		return nil, "", nil, err
	}
	return c.Lookup(ctx), c.Year(), done, nil
}

// withYear writes the council's year into the passages' case references.
func withYear(ps []quality.Passage, year string) {
	for i := range ps {
		ps[i].Text = strings.ReplaceAll(ps[i].Text, "{year}", year)
		for j := range ps[i].Expect {
			ps[i].Expect[j] = strings.ReplaceAll(ps[i].Expect[j], "{year}", year)
		}
	}
}
