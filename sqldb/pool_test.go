package sqldb_test

import (
	"context"
	"strings"
	"testing"

	"kith/internal/kithtest"
	"kith/internal/pgtest"
	"kith/sqldb"
)

// TestPostgresPoolSize checks that an operator sizes each server's pool of
// PostgreSQL connections in the URL, as docs/operating.md says, that the
// setting is not passed on to the server (which would refuse it), and that
// a wrong value is named.
func TestPostgresPoolSize(t *testing.T) {
	addr := pgtest.Database(t)
	ctx := context.Background()
	sep := "?"
	if strings.Contains(addr, "?") {
		sep = "&"
	}
	for _, tc := range []struct {
		param string
		want  int
	}{{"", 20}, {"pool_max_conns=3", 3}, {"pool_max_conns=120", 120}} {
		u := addr
		if tc.param != "" {
			u += sep + tc.param
		}
		db, err := sqldb.Open(ctx, u)
		if err != nil {
			t.Fatalf("%s: %v", tc.param, err)
		}
		if got := db.PoolConns(); got != tc.want {
			t.Errorf("%q: pool of %d, want %d", tc.param, got, tc.want)
		}
		if err := db.Migrate(ctx); err != nil {
			t.Errorf("%q: the server refused the connection: %v", tc.param, err)
		}
		db.Close()
	}
	for _, bad := range []string{"pool_max_conns=0", "pool_max_conns=many", "pool_max_conns=5000", "pool_max_conns=2&pool_max_conns=3"} {
		_, err := sqldb.Open(ctx, addr+sep+bad)
		if err == nil || !strings.Contains(err.Error(), "pool_max_conns must be one whole number from 1 to 1000") {
			t.Errorf("%s: %v", bad, err)
		}
	}
}

// TestPostgresVacuumsAppendOnlyTablesSooner checks migration 00035: the
// tables that only grow are vacuumed after 1% of new rows rather than
// autovacuum's 20%, and records (whose drafts every autosave rewrites)
// after 2% of dead rows.
func TestPostgresVacuumsAppendOnlyTablesSooner(t *testing.T) {
	db := kithtest.OpenAt(t, pgtest.Database(t))
	got := map[string]string{}
	for _, row := range db.RawStrings(t, `SELECT relname, array_to_string(reloptions, ' ') FROM pg_class
		WHERE relkind = 'r' AND reloptions IS NOT NULL AND relnamespace = 'public'::regnamespace`) {
		got[row[0]] = row[1]
	}
	want := map[string]string{
		"records":           "autovacuum_vacuum_insert_scale_factor=0.01 autovacuum_vacuum_scale_factor=0.02",
		"audit_events":      "autovacuum_vacuum_insert_scale_factor=0.01",
		"audit_list_cases":  "autovacuum_vacuum_insert_scale_factor=0.01",
		"chain_links":       "autovacuum_vacuum_insert_scale_factor=0.01",
		"record_timeliness": "autovacuum_vacuum_insert_scale_factor=0.01",
		"key_events":        "autovacuum_vacuum_insert_scale_factor=0.01",
		"record_versions":   "autovacuum_vacuum_insert_scale_factor=0.01",
		"audit_listings":    "autovacuum_vacuum_insert_scale_factor=0.01",
	}
	for table, opts := range want {
		if got[table] != opts {
			t.Errorf("%s: %q, want %q", table, got[table], opts)
		}
	}
}
