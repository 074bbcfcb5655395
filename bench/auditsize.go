package bench

import (
	"context"
	"database/sql"
)

// auditTables are where reading a case leaves its trace: the event, the
// cases a list showed, and the event's link in the access log's chain
// (with their indexes).
var auditTables = []string{"audit_events", "audit_listings", "chain_links"}

// auditBytes is the space the audit tables and their indexes take on
// disk: SQLite's pages (from its dbstat table), or PostgreSQL's relations.
// Measured before and after a workload, it gives the bytes each page view
// adds.
func auditBytes(ctx context.Context, db *sql.DB, dialect string) (int64, error) {
	var total int64
	for _, t := range auditTables {
		var n sql.NullInt64
		var err error
		if dialect == "postgres" {
			err = db.QueryRowContext(ctx, `SELECT pg_total_relation_size($1::regclass)`, t).Scan(&n)
		} else {
			err = db.QueryRowContext(ctx, `SELECT SUM(pgsize) FROM dbstat('main', 1)
				WHERE name IN (SELECT name FROM sqlite_schema WHERE tbl_name = $1)`, t).Scan(&n)
		}
		if err != nil {
			return 0, err
		}
		total += n.Int64
	}
	return total, nil
}
