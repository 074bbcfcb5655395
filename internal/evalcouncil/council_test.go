package evalcouncil_test

import (
	"context"
	"slices"
	"strings"
	"testing"

	"kith/internal/evalcouncil"
	"kith/internal/kithtest"
	"kith/quality"
	"kith/sqldb"
)

// TestIndexRuleExamples runs the examples of the rules that need the
// council (copy-paste and names) against the evaluation council, on both
// engines: each bad example must be found by its rule, each good one
// must not.
func TestIndexRuleExamples(t *testing.T) {
	kithtest.EachEngine(t, func(t *testing.T, db *sqldb.DB) {
		ctx := context.Background()
		c, err := evalcouncil.Seed(ctx, db)
		if err != nil {
			t.Fatal(err)
		}
		t.Run("added one by one", func(t *testing.T) { runIndexExamples(t, ctx, c) })
		// Counts are kept only for prints more than one case holds: the
		// boilerplate, held by 30 children's cases.
		var single, boiler int
		if err := db.ReadPool().QueryRowContext(ctx, `SELECT COUNT(*) FROM text_print_stats WHERE cases < 2`).Scan(&single); err != nil || single != 0 {
			t.Errorf("%d prints counted though one case holds them (%v)", single, err)
		}
		if err := db.ReadPool().QueryRowContext(ctx, `SELECT COUNT(*) FROM text_print_stats WHERE cases >= 30`).Scan(&boiler); err != nil || boiler == 0 {
			t.Errorf("the boilerplate's prints are not counted as held by 30 cases (%v)", err)
		}
		// The same council's index built in bulk finds the same.
		if err := db.DropTextIndex(ctx); err != nil {
			t.Fatal(err)
		}
		if n, err := db.BuildTextIndex(ctx, nil); err != nil || n == 0 {
			t.Fatalf("bulk build: %d records, %v", n, err)
		}
		t.Run("built in bulk", func(t *testing.T) { runIndexExamples(t, ctx, c) })
	})
}

func runIndexExamples(t *testing.T, ctx context.Context, c *evalcouncil.Council) {
	{
		lookup := c.Lookup(ctx)
		checker := quality.Default()
		for _, r := range checker.Rules() {
			if r.Extends != "index" {
				continue
			}
			t.Run(r.ID, func(t *testing.T) {
				run := func(e quality.Example) []quality.Finding {
					e.Text = strings.ReplaceAll(e.Text, "{year}", c.Year())
					n := e.Note()
					n.Child = quality.Child{FirstName: "Amy"}
					fs, err := lookup(quality.Passage{}, n)
					if err != nil {
						t.Fatal(err)
					}
					return fs
				}
				for _, e := range r.Examples.Bad {
					fs := run(e)
					if !slices.ContainsFunc(fs, func(f quality.Finding) bool { return f.Rule == r.ID }) {
						t.Errorf("bad example not found: %q (found %v)", e.Text, fs)
					}
				}
				for _, e := range r.Examples.Good {
					for _, f := range run(e) {
						if f.Rule == r.ID {
							t.Errorf("good example flagged: %q: %q %s", e.Text, f.Text, f.Message)
						}
					}
				}
			})
		}
	}
}
