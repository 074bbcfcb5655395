package sqldb_test

import (
	"strings"
	"testing"

	"kith/internal/kithtest"
	"kith/sqldb"
)

// TestReferencesToRecordsAreIndexed holds every column that refers to a
// record to an index that leads with it. A draft is deleted when it is
// discarded, and the engine then looks in each referring table for a row
// that names it: without the index that is a read of the whole table, which
// made discarding a draft on the full synthetic council read all 430,000
// key events.
func TestReferencesToRecordsAreIndexed(t *testing.T) {
	kithtest.EachEngine(t, func(t *testing.T, db *sqldb.DB) {
		var missing []string
		if db.Dialect == sqldb.Postgres {
			rows := db.RawStrings(t, `SELECT c.conrelid::regclass::text, a.attname FROM pg_constraint c
				JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = c.conkey[1]
				WHERE c.contype = 'f' AND c.confrelid = 'records'::regclass
				AND NOT EXISTS (SELECT 1 FROM pg_index i WHERE i.indrelid = c.conrelid AND i.indkey[0] = c.conkey[1])`)
			for _, r := range rows {
				missing = append(missing, r[0]+"."+r[1])
			}
		} else {
			for _, table := range db.RawStrings(t, `SELECT name FROM sqlite_master WHERE type = 'table'`) {
				for _, fk := range db.RawStrings(t, `SELECT "from" FROM pragma_foreign_key_list(?) WHERE "table" = 'records'`, table[0]) {
					if db.RawCount(t, `SELECT COUNT(*) FROM pragma_index_list(?) l, pragma_index_info(l.name) i WHERE i.seqno = 0 AND i.name = ?`, table[0], fk[0]) == 0 {
						missing = append(missing, table[0]+"."+fk[0])
					}
				}
			}
		}
		if len(missing) > 0 {
			t.Errorf("these columns refer to records with no index leading with them: %s", strings.Join(missing, ", "))
		}
	})
}
