package sqldb_test

import (
	"context"
	"strings"
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

// The records waiting to join the copy-paste index are found from the
// queue (a handful) outwards, whatever the statistics say. Once
// housekeeping's optimise has counted the index's documents (216,183 on
// the bench's smaller council) but not the queue (empty, so no figure),
// SQLite guessed the queue the larger and read every document to find
// the few queued: 176 ms to finalise a record instead of 10.
func TestQueuedPrintsReadFromTheQueue(t *testing.T) {
	ctx := context.Background()
	db := kithtest.OpenDB(t, "sqlite")
	for _, q := range []string{
		`ANALYZE`,
		`DELETE FROM sqlite_stat1 WHERE tbl IN ('text_docs', 'text_prints_queue')`,
		`INSERT INTO sqlite_stat1 (tbl, idx, stat) VALUES ('text_docs', 'sqlite_autoindex_text_docs_1', '216183 1')`,
		`ANALYZE sqlite_schema`,
	} {
		if err := db.RawExec(ctx, q); err != nil {
			t.Fatal(err)
		}
	}
	for _, limit := range []int{0, 50} {
		plan := db.QueryPlan(t, db.QueuedPrintsQuery(limit))
		if !strings.HasPrefix(plan, "SCAN q") {
			t.Errorf("limit %d: the plan does not start from the queue:\n%s", limit, plan)
		}
	}
}
