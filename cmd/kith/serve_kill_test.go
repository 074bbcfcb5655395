package main

import (
	"bytes"
	"context"
	"io"
	"log/slog"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"sync"
	"syscall"
	"testing"
	"time"

	"kith"
	"kith/internal/kithtest"
	"kith/internal/pgtest"
	"kith/internal/testclock"
	"kith/sqldb"
)

// server is `kith serve` running as a process of its own: this test
// binary, run as the kith command line (see TestMain).
type server struct {
	cmd  *exec.Cmd
	out  *bytes.Buffer
	done chan error
}

func startServer(t *testing.T, addr string) *server {
	t.Helper()
	s := &server{out: &bytes.Buffer{}, done: make(chan error, 1)}
	s.cmd = exec.Command(os.Args[0], "serve", "--db", addr, "--addr", "127.0.0.1:0")
	s.cmd.Env = append(os.Environ(), runKithEnv+"=1", "KITH_LOG_FORMAT=text", "KITH_DEMO=false")
	s.cmd.Stdout, s.cmd.Stderr = s.out, s.out
	if err := s.cmd.Start(); err != nil {
		t.Fatal(err)
	}
	go func() { s.done <- s.cmd.Wait() }()
	t.Cleanup(func() {
		_ = s.cmd.Process.Kill()
		<-s.done
		if t.Failed() {
			t.Logf("kith serve said:\n%s", s.out)
		}
	})
	return s
}

// exited reports whether the server has stopped of itself, and why.
func (s *server) exited() (error, bool) {
	select {
	case err := <-s.done:
		s.done <- err
		return err, true
	default:
		return nil, false
	}
}

// kill stops the server at once, as a power cut or the kernel's
// out-of-memory killer would: nothing of it runs after.
func (s *server) kill(t *testing.T) {
	t.Helper()
	if err := s.cmd.Process.Signal(syscall.SIGKILL); err != nil {
		t.Fatal(err)
	}
	err := <-s.done
	s.done <- err
}

// stop asks the server to shut down, as an operator does.
func (s *server) stop(t *testing.T) {
	t.Helper()
	if err := s.cmd.Process.Signal(os.Interrupt); err != nil {
		t.Fatal(err)
	}
	err := <-s.done
	s.done <- err
	if err != nil {
		t.Errorf("kith serve stopped with %v", err)
	}
}

// waitFor polls the database until cond holds, failing if the server
// stops of itself first. It bounds nothing by time: a build that never
// finishes fails the test when go test's own timeout ends it.
func waitFor(t *testing.T, s *server, what string, cond func() bool) {
	t.Helper()
	for !cond() {
		if err, ok := s.exited(); ok {
			t.Fatalf("kith serve stopped (%v) before %s", err, what)
		}
		time.Sleep(time.Millisecond)
	}
}

// TestServeKilledWhileBuildingTextIndex runs `kith serve` on a council
// loaded in bulk, as `kith serve --demo` does on a fresh database, and
// kills it (SIGKILL) while it builds the writing coach's copy-paste
// index: first while it adds the records, then while it writes the
// postings, each time at a point the build has recorded in the database.
// Started again, the server finishes the build while records are
// finalised beside it; every finalise succeeds, and the index ends with
// every final record once, as an index built in one go.
func TestServeKilledWhileBuildingTextIndex(t *testing.T) {
	if testing.Short() {
		t.Skip("starts and kills kith serve several times")
	}
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
			t.Cleanup(func() { db.Close() })
			db.Log = slog.New(slog.NewTextHandler(io.Discard, nil))
			db.Clock = testclock.New()
			if err := db.Migrate(ctx); err != nil {
				t.Fatal(err)
			}
			_, cases := kithtest.BulkCouncil(t, db, 150, 50)

			for _, stage := range []string{"records", "postings"} {
				killDuring(t, db, addr, stage)
			}

			// Started again, the server finishes the build; records are
			// finalised beside it meanwhile.
			s := startServer(t, addr)
			var wg sync.WaitGroup
			errs := make([]error, 12)
			for w := 0; w < 3; w++ {
				wg.Add(1)
				go func() {
					defer wg.Done()
					for i := w; i < len(errs); i += 3 {
						errs[i] = finaliseVisit(ctx, db, cases, i)
					}
				}()
			}
			wg.Wait()
			for i, err := range errs {
				if err != nil {
					t.Errorf("finalising record %d after the server was killed part way through the build: %v", i, err)
				}
			}
			waitFor(t, s, "the build was finished and the queue merged", func() bool {
				state, _, _, err := db.TextIndexBuild(ctx)
				var queued int
				if err == nil {
					err = db.ReadPool().QueryRowContext(ctx, `SELECT COUNT(*) FROM text_prints_queue`).Scan(&queued)
				}
				return err == nil && state == "ready" && queued == 0
			})
			s.stop(t)

			got := kithtest.ReadTextIndex(t, db)
			final := kithtest.FinalRecordIDs(t, db)
			if err := db.DropTextIndex(ctx); err != nil {
				t.Fatal(err)
			}
			if _, err := db.BuildTextIndex(ctx, nil); err != nil {
				t.Fatal(err)
			}
			want := kithtest.ReadTextIndex(t, db)
			if len(want.Docs) != len(final) {
				t.Fatalf("the index built in one go holds %d records of %d final", len(want.Docs), len(final))
			}
			if diff := got.SameAs(want); diff != "" {
				t.Errorf("the index the killed server's build ended with differs from one built in one go: %s", diff)
			}
		})
	}
}

// killDuring starts the server and kills it once its build of the
// copy-paste index has committed a step of stage, and not finished. A
// build that finished between the look and the kill (a small council on a
// fast machine) is emptied and tried again.
func killDuring(t *testing.T, db *sqldb.DB, addr, stage string) {
	t.Helper()
	ctx := context.Background()
	for attempt := 0; attempt < 5; attempt++ {
		s := startServer(t, addr)
		waitFor(t, s, "the build reached "+stage, func() bool {
			state, at, done, err := db.TextIndexBuild(ctx)
			return err == nil && state == "building" && at == stage && done > 0
		})
		s.kill(t)
		state, at, done, err := db.TextIndexBuild(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if state == "building" {
			t.Logf("killed the server part way through the build: after %d of %s", done, at)
			return
		}
		if err := db.DropTextIndex(ctx); err != nil {
			t.Fatal(err)
		}
	}
	t.Fatalf("the build finished before it could be killed during %s, five times", stage)
}

// finaliseVisit writes and finalises the i-th home visit on one of the
// council's practitioners' cases, as that practitioner.
func finaliseVisit(ctx context.Context, db *sqldb.DB, cases map[string]string, i int) error {
	ids := make([]string, 0, len(cases))
	for id := range cases {
		ids = append(ids, id)
	}
	slices.Sort(ids)
	id := ids[i%len(ids)]
	a, err := db.Actor(ctx, id)
	if err != nil {
		return err
	}
	in := kithtest.VisitInput(1000 + i)
	d, err := db.CreateDraft(ctx, a, cases[id], kith.RecordInput{TemplateKey: in.TemplateKey})
	if err != nil {
		return err
	}
	in.Version = d.Version
	_, err = db.FinaliseRecord(ctx, a, d.ID, in)
	return err
}
