package sqldb_test

import (
	"context"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"kith/internal/kithtest"
	"kith/sqldb"
)

// Both dialects must have the same migrations, version for version.
func TestMigrationVersionsMatch(t *testing.T) {
	versions := func(dir string) []string {
		entries, err := os.ReadDir(filepath.Join("migrations", dir))
		if err != nil {
			t.Fatal(err)
		}
		var out []string
		for _, e := range entries {
			out = append(out, strings.SplitN(e.Name(), "_", 2)[0])
		}
		sort.Strings(out)
		return out
	}
	lite, pg := versions("sqlite"), versions("postgres")
	if strings.Join(lite, ",") != strings.Join(pg, ",") {
		t.Fatalf("migration versions differ: sqlite %v, postgres %v", lite, pg)
	}
	if len(lite) == 0 {
		t.Fatal("no migrations")
	}
}

func TestMigrateIsIdempotentAndReportsStatus(t *testing.T) {
	kithtest.EachEngine(t, func(t *testing.T, db *sqldb.DB) {
		ctx := context.Background()
		if err := db.Migrate(ctx); err != nil {
			t.Fatalf("second migrate: %v", err)
		}
		st, err := db.MigrationStatuses(ctx)
		if err != nil {
			t.Fatal(err)
		}
		for _, s := range st {
			if !s.Applied {
				t.Errorf("migration %d not applied", s.Version)
			}
		}
	})
}

// The audit log cannot be changed or removed, even by SQL that bypasses
// Kith's code.
func TestAuditLogIsAppendOnly(t *testing.T) {
	kithtest.EachEngine(t, func(t *testing.T, db *sqldb.DB) {
		f := kithtest.NewFixture(t, db)
		f.Service("Children in need") // audited
		ctx := context.Background()
		n := db.RawCount(t, "SELECT COUNT(*) FROM audit_events")
		if n == 0 {
			t.Fatal("creating a service wrote no audit event")
		}
		for _, stmt := range []string{"UPDATE audit_events SET detail = 'changed'", "DELETE FROM audit_events"} {
			if err := db.RawExec(ctx, stmt); err == nil {
				t.Errorf("%q succeeded on the audit log", stmt)
			}
		}
		if db.Dialect == sqldb.Postgres {
			if err := db.RawExec(ctx, "TRUNCATE audit_events"); err == nil {
				t.Error("TRUNCATE succeeded on the audit log")
			}
		}
		if got := db.RawCount(t, "SELECT COUNT(*) FROM audit_events"); got != n {
			t.Errorf("audit events: %d, want %d", got, n)
		}
	})
}
