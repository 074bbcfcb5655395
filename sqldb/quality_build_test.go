package sqldb_test

import (
	"context"
	"errors"
	"io"
	"log/slog"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"kith"
	"kith/internal/kithtest"
	"kith/internal/pgtest"
	"kith/internal/testclock"
	"kith/sqldb"
)

// finaliser finalises home visits on a bulk-loaded council's cases, each
// practitioner on one of their own cases.
type finaliser struct {
	db     *sqldb.DB
	actors []kith.Actor
	refs   []string
}

func newFinaliser(t *testing.T, db *sqldb.DB, cases map[string]string) *finaliser {
	f := &finaliser{db: db}
	for id, ref := range cases {
		a, err := db.Actor(context.Background(), id)
		if err != nil {
			t.Fatal(err)
		}
		f.actors, f.refs = append(f.actors, a), append(f.refs, ref)
	}
	return f
}

// finalise writes the i-th visit and finalises it.
func (f *finaliser) finalise(ctx context.Context, i int) error {
	a, ref := f.actors[i%len(f.actors)], f.refs[i%len(f.refs)]
	in := kithtest.VisitInput(i)
	d, err := f.db.CreateDraft(ctx, a, ref, kith.RecordInput{TemplateKey: in.TemplateKey})
	if err != nil {
		return err
	}
	in.Version = d.Version
	_, err = f.db.FinaliseRecord(ctx, a, d.ID, in)
	return err
}

// builtInOneGo is the index of every final record built in one go with
// nothing else happening, to compare others with. It leaves db's index
// so built.
func builtInOneGo(t *testing.T, db *sqldb.DB) kithtest.TextIndex {
	t.Helper()
	ctx := context.Background()
	if err := db.DropTextIndex(ctx); err != nil {
		t.Fatal(err)
	}
	if _, err := db.BuildTextIndex(ctx, nil); err != nil {
		t.Fatal(err)
	}
	return kithtest.ReadTextIndex(t, db)
}

// TestFinaliseWhileTextIndexBuilds finalises records while the
// copy-paste index of a council loaded in bulk is built in bulk, as
// `kith serve --demo` does on a fresh database, and then while it is
// rebuilt, with the server's background merge running throughout. Every
// finalise succeeds, every build succeeds, and once merged the index
// holds every final record once, as an index built in one go afterwards
// does.
func TestFinaliseWhileTextIndexBuilds(t *testing.T) {
	kithtest.EachEngine(t, func(t *testing.T, db *sqldb.DB) {
		ctx := context.Background()
		_, cases := kithtest.BulkCouncil(t, db, 12, 3)
		f := newFinaliser(t, db, cases)
		// The server's background merge, run without pause, and stopped
		// between merges (a merge cancelled part way on PostgreSQL holds
		// its lock until the server sees its connection go).
		var stop atomic.Bool
		merged := make(chan struct{})
		go func() {
			defer close(merged)
			for !stop.Load() {
				if _, err := db.MergeAllText(ctx, sqldb.MergeBudget); err != nil {
					t.Errorf("merging: %v", err)
					return
				}
			}
		}()
		stopMerging := func() {
			if !stop.Swap(true) {
				<-merged
			}
		}
		defer stopMerging()
		next := 0
		for _, rebuild := range []bool{false, true} {
			const records = 24
			// The build waits, at the first step it reports, for half the
			// records to be finalised: so some are finalised while it is
			// part way through, whatever the machine's speed, and the
			// rest while it goes on.
			building, half := make(chan struct{}), make(chan struct{})
			var once sync.Once
			progress := func(stage string, n int) {
				once.Do(func() {
					close(building)
					<-half
				})
			}
			var built int
			var buildErr error
			var wg sync.WaitGroup
			wg.Add(1)
			go func() {
				defer wg.Done()
				if rebuild {
					if buildErr = db.DropTextIndex(ctx); buildErr != nil {
						once.Do(func() { close(building) })
						return
					}
				}
				built, buildErr = db.BuildTextIndex(ctx, progress)
				once.Do(func() { close(building) }) // a build that reported nothing
			}()
			<-building
			errs := make([]error, records)
			var done sync.WaitGroup
			var mu sync.Mutex
			finished := 0
			for w := 0; w < 3; w++ {
				done.Add(1)
				go func() {
					defer done.Done()
					for i := w; i < records; i += 3 {
						errs[i] = f.finalise(ctx, next+i)
						mu.Lock()
						if finished++; finished == records/2 {
							close(half)
						}
						mu.Unlock()
					}
				}()
			}
			done.Wait()
			wg.Wait()
			next += records
			for i, err := range errs {
				if err != nil {
					t.Errorf("rebuild %v: finalising record %d while the index was built: %v", rebuild, i, err)
				}
			}
			if buildErr != nil || built == 0 {
				t.Fatalf("rebuild %v: the build indexed %d records: %v", rebuild, built, buildErr)
			}
		}
		stopMerging()
		if _, err := db.MergeAllText(ctx, 1000); err != nil {
			t.Fatal(err)
		}
		got := kithtest.ReadTextIndex(t, db)
		final := kithtest.FinalRecordIDs(t, db)
		if len(got.Queued) != 0 {
			t.Errorf("%d records still wait in the queue after the merge", len(got.Queued))
		}
		want := builtInOneGo(t, db)
		if len(want.Docs) != len(final) {
			t.Fatalf("the index built in one go holds %d records of %d final", len(want.Docs), len(final))
		}
		if diff := got.SameAs(want); diff != "" {
			t.Errorf("the index built while records were finalised differs from one built in one go: %s", diff)
		}
	})
}

// indexAtStart is what `kith serve` does with the copy-paste index when
// it starts: build it in bulk if a build is needed (or was stopped part
// way), otherwise add the final records it lacks.
func indexAtStart(ctx context.Context, db *sqldb.DB) error {
	_, err := db.BuildTextIndex(ctx, nil)
	if errors.Is(err, sqldb.ErrTextIndexHeld) {
		_, err = db.IndexFinalRecords(ctx, nil)
	}
	return err
}

// TestTextIndexBuildStoppedPartWay stops a bulk build of the copy-paste
// index after each of its steps in turn, as a server killed part way
// through would leave it (each step is committed before it is reported,
// and the build writes nothing when it is stopped). Records can still be
// finalised, and the next start finishes the build: the index then holds
// every final record once, as one built in one go does.
func TestTextIndexBuildStoppedPartWay(t *testing.T) {
	kithtest.EachEngine(t, func(t *testing.T, db *sqldb.DB) {
		ctx := context.Background()
		_, cases := kithtest.BulkCouncil(t, db, 12, 3)
		f := newFinaliser(t, db, cases)
		var stages []string
		if _, err := db.BuildTextIndex(ctx, func(stage string, n int) { stages = append(stages, stage) }); err != nil {
			t.Fatal(err)
		}
		next := 0
		for k := 1; k < len(stages); k++ {
			if err := db.DropTextIndex(ctx); err != nil {
				t.Fatal(err)
			}
			stopped, stop := context.WithCancel(ctx)
			steps := 0
			_, err := db.BuildTextIndex(stopped, func(stage string, n int) {
				if steps++; steps == k {
					stop()
				}
			})
			stop()
			if err == nil {
				t.Fatalf("the build stopped after %q went on to the end", stages[k-1])
			}
			if err := f.finalise(ctx, next); err != nil {
				t.Errorf("finalising after the build stopped after %q: %v", stages[k-1], err)
			}
			next++
			if err := indexAtStart(ctx, db); err != nil {
				t.Fatalf("starting again after the build stopped after %q: %v", stages[k-1], err)
			}
			if _, err := db.MergeAllText(ctx, 1000); err != nil {
				t.Fatal(err)
			}
			got := kithtest.ReadTextIndex(t, db)
			if want := builtInOneGo(t, db); got.SameAs(want) != "" {
				t.Errorf("after the build stopped after %q and started again, the index differs from one built in one go: %s",
					stages[k-1], got.SameAs(want))
			}
		}
	})
}

// TestMigrationMendsABuildStoppedByAnOlderKith starts from what a bulk
// build of an older Kith left when it was stopped after writing its
// records: doc ids it chose itself, and (on PostgreSQL) text_docs'
// sequence never moved past them, so that every finalise failed on a
// duplicate doc_id. Once migrated, records finalise again, and a rebuild
// makes the index whole.
func TestMigrationMendsABuildStoppedByAnOlderKith(t *testing.T) {
	for _, engine := range kithtest.Engines {
		t.Run(engine, func(t *testing.T) {
			ctx := context.Background()
			addr := filepath.Join(t.TempDir(), "kith.db")
			if engine == "postgres" {
				addr = pgtest.Database(t)
			}
			db, err := sqldb.Open(ctx, addr)
			if err != nil {
				t.Fatal(err)
			}
			defer db.Close()
			db.Log = slog.New(slog.NewTextHandler(io.Discard, nil))
			db.Clock = testclock.New()
			if err := db.MigrateTo(ctx, 14); err != nil {
				t.Fatal(err)
			}
			council := kithtest.BulkLoad(t, db, 6, 0)
			if err := db.RawExec(ctx, `INSERT INTO text_docs (doc_id, record_id, case_id)
				SELECT ROW_NUMBER() OVER (ORDER BY id), id, case_id FROM records WHERE status = 'final'`); err != nil {
				t.Fatal(err)
			}
			if err := db.Migrate(ctx); err != nil {
				t.Fatal(err)
			}
			cases := kithtest.PractitionerCases(t, db, council)
			f := newFinaliser(t, db, cases)
			for i := 0; i < 3; i++ {
				if err := f.finalise(ctx, i); err != nil {
					t.Fatalf("finalising after the migration: %v", err)
				}
			}
			if err := db.DropTextIndex(ctx); err != nil {
				t.Fatal(err)
			}
			if _, err := db.BuildTextIndex(ctx, nil); err != nil {
				t.Fatal(err)
			}
			if got, final := kithtest.ReadTextIndex(t, db), kithtest.FinalRecordIDs(t, db); !slices.Equal(got.Docs, final) {
				t.Errorf("the rebuilt index holds %d records of %d final", len(got.Docs), len(final))
			}
		})
	}
}

// TestBuildTextIndexInAFreshProcess builds the index from a connection
// that has read no template yet, as `kith serve` or `kith quality index`
// does just after it starts: the templates the records were written on
// are read as the build goes (on PostgreSQL, never while the records'
// own rows are still being read, which the connection cannot do).
func TestBuildTextIndexInAFreshProcess(t *testing.T) {
	for _, engine := range kithtest.Engines {
		t.Run(engine, func(t *testing.T) {
			ctx := context.Background()
			addr := filepath.Join(t.TempDir(), "kith.db")
			if engine == "postgres" {
				addr = pgtest.Database(t)
			}
			open := func() *sqldb.DB {
				db, err := sqldb.Open(ctx, addr)
				if err != nil {
					t.Fatal(err)
				}
				t.Cleanup(func() { db.Close() })
				db.Log = slog.New(slog.NewTextHandler(io.Discard, nil))
				db.Clock = testclock.New()
				if err := db.Migrate(ctx); err != nil {
					t.Fatal(err)
				}
				return db
			}
			kithtest.BulkCouncil(t, open(), 6, 0)
			fresh := open()
			if n, err := fresh.BuildTextIndex(ctx, nil); err != nil || n == 0 {
				t.Fatalf("the build indexed %d records: %v", n, err)
			}
		})
	}
}

// TestBackfillStartsWhereTheLastBatchEnded checks the copy-paste index's
// backfill on PostgreSQL: each batch starts at its cursor in the index of
// final records, rather than walking from the first record ever finalised
// and filtering, which made a backfill of a council's three million
// records read billions.
func TestBackfillStartsWhereTheLastBatchEnded(t *testing.T) {
	db := kithtest.OpenAt(t, pgtest.Database(t))
	plan := db.ExplainRecordsToIndex(t, time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC), "01a2")
	if !strings.Contains(plan, "records_finalised") || !strings.Contains(plan, "Index Cond: (ROW(finalised_at, id) > ROW(") {
		t.Errorf("the batch does not start at its cursor in records_finalised:\n%s", plan)
	}
}
