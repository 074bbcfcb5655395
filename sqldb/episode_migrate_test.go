package sqldb_test

import (
	"context"
	"io"
	"log/slog"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"kith"
	"kith/internal/kithtest"
	"kith/internal/pgtest"
	"kith/internal/testclock"
	"kith/sqldb"
)

// TestEpisodesMigrationMatchesWhatKithWrites: the migration that adds
// episodes gives a council loaded before it (with closures and
// reopenings) the same episodes, day for day, as the same council loaded
// after it, where Kith writes them as each case opens, closes and reopens.
func TestEpisodesMigrationMatchesWhatKithWrites(t *testing.T) {
	for _, engine := range kithtest.Engines {
		t.Run(engine, func(t *testing.T) {
			ctx := context.Background()
			open := func(name string) *sqldb.DB {
				addr := filepath.Join(t.TempDir(), name+".db")
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
				return db
			}
			before := open("before")
			if err := before.MigrateTo(ctx, 38); err != nil {
				t.Fatal(err)
			}
			kithtest.BulkLoad(t, before, 150, 30)
			if err := before.Migrate(ctx); err != nil {
				t.Fatal(err)
			}
			after := open("after")
			if err := after.Migrate(ctx); err != nil {
				t.Fatal(err)
			}
			kithtest.BulkLoad(t, after, 150, 30)

			migrated, written := episodeRows(t, before), episodeRows(t, after)
			if !slices.Equal(migrated, written) {
				for i := range min(len(migrated), len(written)) {
					if migrated[i] != written[i] {
						t.Fatalf("%d episodes migrated, %d written; first difference:\nmigrated %s\nwritten  %s", len(migrated), len(written), migrated[i], written[i])
					}
				}
				t.Fatalf("%d episodes migrated, %d written", len(migrated), len(written))
			}
			reopened := 0
			for _, r := range written {
				if !strings.Contains(r, " 1 ") {
					reopened++
				}
			}
			if reopened == 0 {
				t.Fatal("the council has no reopened case: the test would not test reopening")
			}
			t.Logf("%d episodes, %d after a reopening", len(written), reopened)
		})
	}
}

// episodeRows is each episode as "reference number referral-day closed-on
// reason", in order.
func episodeRows(t *testing.T, db *sqldb.DB) []string {
	var out []string
	for _, r := range db.RawStrings(t, `SELECT c.reference, e.number, e.referral_at, COALESCE(e.closed_on, NULL), e.close_reason
		FROM episodes e JOIN cases c ON c.id = e.case_id ORDER BY c.reference, e.number`) {
		out = append(out, strings.Join([]string{r[0], r[1], londonDay(t, r[2]).String(), londonDay(t, r[3]).String(), r[4]}, " "))
	}
	return out
}

func londonDay(t *testing.T, s string) kith.Date {
	if s == "" {
		return kith.Date{}
	}
	for _, layout := range []string{"2006-01-02T15:04:05.000000Z", time.RFC3339Nano, "2006-01-02 15:04:05-07:00", "2006-01-02"} {
		if at, err := time.Parse(layout, s); err == nil {
			if len(s) == 10 || strings.HasSuffix(s, "T00:00:00Z") && !strings.Contains(s, ".") {
				return kith.DateOf(at) // a date, not an instant
			}
			return kith.DateOf(at.In(kith.London))
		}
	}
	t.Fatalf("cannot read %q as a time", s)
	return kith.Date{}
}
