package synth_test

import (
	"context"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"strconv"
	"testing"
	"time"

	"kith/internal/pgtest"
	"kith/sqldb"
	"kith/synth"
)

// TestGenerateAtScale generates the benchmark council (15,000 open and
// 45,000 closed cases) into SQLite and reports the time and file size. It
// runs only when KITH_SYNTH_SCALE=1, since it takes about a minute: speed
// is measured, never asserted. KITH_SYNTH_OPEN sets another number of open
// cases (with three times as many closed); KITH_SYNTH_DB keeps the
// SQLite database at that path; KITH_SYNTH_ENGINE=postgres generates into
// PostgreSQL instead.
func TestGenerateAtScale(t *testing.T) {
	if os.Getenv("KITH_SYNTH_SCALE") != "1" {
		t.Skip("set KITH_SYNTH_SCALE=1 to generate 60,000 cases and report the time")
	}
	open, closed := 15000, 45000
	if n, err := strconv.Atoi(os.Getenv("KITH_SYNTH_OPEN")); err == nil {
		open, closed = n, 3*n
	}
	path := filepath.Join(t.TempDir(), "kith.db")
	if keep := os.Getenv("KITH_SYNTH_DB"); keep != "" {
		path = keep // keep the database, to look at or benchmark against
	}
	addr := path
	if os.Getenv("KITH_SYNTH_ENGINE") == "postgres" {
		addr = pgtest.Database(t)
	}
	ctx := context.Background()
	db, err := sqldb.Open(ctx, addr)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	db.Log = slog.New(slog.NewTextHandler(io.Discard, nil))
	if err := db.Migrate(ctx); err != nil {
		t.Fatal(err)
	}
	start := time.Now()
	c, err := synth.Generate(ctx, db, synth.Config{Seed: 1, OpenCases: open, ClosedCases: closed, Password: "demo password 1"}, os.Stderr)
	if err != nil {
		t.Fatal(err)
	}
	took := time.Since(start)
	db.Close()
	var size int64
	for _, suffix := range []string{"", "-wal"} {
		if addr != path {
			break
		}
		if fi, err := os.Stat(path + suffix); err == nil {
			size += fi.Size()
		}
	}
	t.Logf("%s: %d open + %d closed cases in %s; %d practitioners", db.Dialect, c.Counts.OpenCases, c.Counts.ClosedCases, took.Round(time.Second), len(c.Practitioners))
	if size > 0 {
		t.Logf("SQLite file: %.0f MB", float64(size)/1e6)
	}
}
