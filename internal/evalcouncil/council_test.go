package evalcouncil_test

import (
	"context"
	"slices"
	"strings"
	"testing"
	"time"

	"kith"
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
		db.Clock = evalcouncil.Clock()
		c, err := evalcouncil.Seed(ctx, db)
		if err != nil {
			t.Fatal(err)
		}
		// Records finalised wait in the index's queue until merged,
		// and are found from the moment they are final.
		if waiting := count(t, db, `SELECT COUNT(*) FROM text_prints_queue`); waiting == 0 {
			t.Fatal("no finalised record waits in the copy-paste index's queue")
		}
		// The coach reports matches only on cases the writer may open
		// (kith.CoachScope). The evaluation's writer holds every case of
		// its council, so that rule leaves its scores as they are: were a
		// case out of their reach, its passages would be scored against a
		// coach that cannot see it.
		refs, err := db.ReadPool().QueryContext(ctx, `SELECT reference FROM cases`)
		if err != nil {
			t.Fatal(err)
		}
		for refs.Next() {
			var ref string
			if err := refs.Scan(&ref); err != nil {
				t.Fatal(err)
			}
			if _, _, err := db.Case(ctx, c.Worker, ref, kith.ViewCase); err != nil {
				t.Errorf("the evaluation's writer may not open %s: %v", ref, err)
			}
		}
		refs.Close()
		t.Run("finalised, not yet merged", func(t *testing.T) { runIndexExamples(t, ctx, c) })
		if n, err := db.MergeAllText(ctx, 3); err != nil || n == 0 {
			t.Fatalf("merge: %d records, %v", n, err)
		}
		if waiting := count(t, db, `SELECT COUNT(*) FROM text_prints_queue`); waiting != 0 {
			t.Fatalf("%d records still wait after the merge", waiting)
		}
		t.Run("merged", func(t *testing.T) { runIndexExamples(t, ctx, c) })
		t.Run("a print two cases hold is counted when merged", func(t *testing.T) { sharedPrintCounted(t, ctx, c) })
		t.Run("text queued on many children's cases is boilerplate", func(t *testing.T) { queuedBoilerplate(t, ctx, c) })
		t.Run("a server merges the queue in the background", func(t *testing.T) { mergedInBackground(t, ctx, c) })
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

// sharedPrintCounted queues the same text for records on two children's
// cases, merges them, and expects the counts of its prints to begin:
// two cases, two records.
func sharedPrintCounted(t *testing.T, ctx context.Context, c *evalcouncil.Council) {
	db := c.DB
	note := quality.Note{Parts: []quality.Part{{Key: "content", Role: quality.RoleObservation,
		Text: "The kitchen cupboards were painted a pale green colour and the back garden had a wooden climbing frame beside the shed."}}}
	for _, name := range []string{"Amy", "Tyler"} {
		ref, ok := c.Refs[name]
		if !ok {
			t.Fatalf("the council has no child called %s", name)
		}
		d, err := db.CreateDraft(ctx, c.Worker, ref, kith.RecordInput{TemplateKey: "email-or-letter"})
		if err != nil {
			t.Fatal(err)
		}
		if err := db.IndexRecordText(ctx, d.CaseID, d.ID, note); err != nil {
			t.Fatal(err)
		}
	}
	if n, err := db.MergeAllText(ctx, 7); err != nil || n != 2 {
		t.Fatalf("merged %d records (%v), want 2", n, err)
	}
	prints := quality.Prints(note)
	if len(prints) == 0 {
		t.Fatal("the note has no prints")
	}
	var cases, docs int
	if err := db.ReadPool().QueryRowContext(ctx, `SELECT cases, docs FROM text_print_stats WHERE hash = $1`, int64(prints[0].Hash)).Scan(&cases, &docs); err != nil {
		t.Fatalf("the shared print is not counted: %v", err)
	}
	if cases != 2 || docs != 2 {
		t.Errorf("the shared print is counted as held by %d cases and %d records, want 2 and 2", cases, docs)
	}
}

// queuedBoilerplate queues one passage on other children's cases, one
// case at a time: pasted into the first child's note it is another
// child's passage until ten children's cases hold it, then boilerplate,
// before and after the queue is merged.
func queuedBoilerplate(t *testing.T, ctx context.Context, c *evalcouncil.Council) {
	db := c.DB
	passage := "The school nurse gave the class a talk about keeping teeth healthy and every child took home a new toothbrush and a leaflet."
	note := func(text string) quality.Note {
		return quality.Note{Child: quality.Child{FirstName: "Amy"}, Parts: []quality.Part{{Key: "content", Role: quality.RoleGeneral, Text: text}}}
	}
	pasted := func() bool {
		fs, err := db.IndexFindings(ctx, c.Worker, c.Case, note("Amy told me about her week. "+passage))
		if err != nil {
			t.Fatal(err)
		}
		return slices.ContainsFunc(fs, func(f quality.Finding) bool { return strings.HasPrefix(f.Rule, "paste.") })
	}
	rows, err := db.ReadPool().QueryContext(ctx, `SELECT reference FROM cases WHERE reference <> $1 ORDER BY reference`, c.Case)
	if err != nil {
		t.Fatal(err)
	}
	var refs []string
	for rows.Next() {
		var r string
		if err := rows.Scan(&r); err != nil {
			t.Fatal(err)
		}
		refs = append(refs, r)
	}
	rows.Close()
	boilerplate := quality.Default().BoilerplateChildren()
	if len(refs) < boilerplate {
		t.Fatalf("the council has %d other cases; boilerplate is %d children's", len(refs), boilerplate)
	}
	for i, ref := range refs[:boilerplate] {
		d, err := db.CreateDraft(ctx, c.Worker, ref, kith.RecordInput{TemplateKey: "email-or-letter"})
		if err != nil {
			t.Fatal(err)
		}
		if err := db.IndexRecordText(ctx, d.CaseID, d.ID, note(passage)); err != nil {
			t.Fatal(err)
		}
		if i == 0 && !pasted() {
			t.Fatal("a passage of another child's queued record is not found")
		}
	}
	if pasted() {
		t.Errorf("a passage %d children's queued records hold is taken for a paste, not boilerplate", boilerplate)
	}
	if _, err := db.MergeAllText(ctx, 4); err != nil {
		t.Fatal(err)
	}
	if pasted() {
		t.Errorf("a passage %d children's records hold is taken for a paste once merged", boilerplate)
	}
}

// mergedInBackground queues a record and expects the server's background
// merge to empty the queue.
func mergedInBackground(t *testing.T, ctx context.Context, c *evalcouncil.Council) {
	d, err := c.DB.CreateDraft(ctx, c.Worker, c.Case, kith.RecordInput{TemplateKey: "email-or-letter"})
	if err != nil {
		t.Fatal(err)
	}
	note := quality.Note{Parts: []quality.Part{{Key: "content", Role: quality.RoleGeneral,
		Text: "We walked to the park by the river and fed the ducks, then Amy climbed to the top of the rope frame twice on her own."}}}
	if err := c.DB.IndexRecordText(ctx, d.CaseID, d.ID, note); err != nil {
		t.Fatal(err)
	}
	bg, stop := context.WithCancel(ctx)
	defer stop()
	go c.DB.MergeTextInBackground(bg, 10*time.Millisecond)
	for deadline := time.Now().Add(30 * time.Second); count(t, c.DB, `SELECT COUNT(*) FROM text_prints_queue`) > 0; {
		if time.Now().After(deadline) {
			t.Fatal("the queue was not merged in the background")
		}
		time.Sleep(10 * time.Millisecond)
	}
}

func count(t *testing.T, db *sqldb.DB, query string) int {
	t.Helper()
	var n int
	if err := db.ReadPool().QueryRowContext(context.Background(), query).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
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
