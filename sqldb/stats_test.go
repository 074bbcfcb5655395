package sqldb_test

import (
	"context"
	"testing"

	"kith/internal/kithtest"
)

// SQLite keeps no sampled statistics (sqlite_stat4): with samples, the
// engine plans a statement again every time its parameters change, so
// each connection's cache of prepared statements saves nothing on the
// busiest queries (a sixth of a loaded server's time went on planning
// again). The table statistics (sqlite_stat1) stay. Whatever fills the
// samples (ANALYZE, after a bulk load or by PRAGMA optimize) is followed
// by their removal: Optimize, which housekeeping runs, and Migrate, which
// every start runs, both take them out.
func TestNoSampledStatistics(t *testing.T) {
	ctx := context.Background()
	db := kithtest.OpenDB(t, "sqlite")
	newCouncil(t, db)
	samples := func() int {
		t.Helper()
		var n int
		if err := db.WritePool().QueryRowContext(ctx, `SELECT count(*) FROM sqlite_stat4`).Scan(&n); err != nil {
			t.Fatal(err)
		}
		return n
	}
	analyze := func() {
		t.Helper()
		if _, err := db.WritePool().ExecContext(ctx, `ANALYZE`); err != nil {
			t.Fatal(err)
		}
		if samples() == 0 {
			t.Fatal("ANALYZE took no samples: this SQLite is built without STAT4, and this test (and the removal) can go")
		}
	}
	analyze()
	if err := db.Optimize(ctx); err != nil {
		t.Fatal(err)
	}
	if n := samples(); n != 0 {
		t.Errorf("after Optimize: %d samples", n)
	}
	var tables int
	if err := db.WritePool().QueryRowContext(ctx, `SELECT count(*) FROM sqlite_stat1`).Scan(&tables); err != nil || tables == 0 {
		t.Errorf("the table statistics went too: %d, %v", tables, err)
	}
	analyze()
	if err := db.Migrate(ctx); err != nil {
		t.Fatal(err)
	}
	if n := samples(); n != 0 {
		t.Errorf("after Migrate: %d samples", n)
	}
}
