package bench

import (
	"context"
	"database/sql"
)

// chronologyOperations is the chronology's row: the automatic chronology
// of the busy case (5,000 records), read by its worker through the page.
func chronologyOperations(w *workload, rw *recordWork) []operation {
	return []operation{{
		name: "chronology/case", target: "50 ms",
		request: func(i int) *httpRequest { return w.get(rw.busyWorker, "/cases/"+rw.busyRef+"/chronology") },
		raw:     func(ctx context.Context, i int) error { return rawChronology(ctx, w.db, rw.dialect, rw.busyRef) },
	}}
}

// rawChronology fetches what the chronology page shows: the case and child
// for its header, the case's key events (with the record each was written
// as, its template and author), its allocations with the worker, team and
// manager, its significant final records with their template and author,
// and its curated chronologies. SQLite is told to read the significant
// records from their own index, as Kith tells it.
func rawChronology(ctx context.Context, db *sql.DB, dialect, ref string) error {
	indexed := ""
	if dialect == "sqlite" {
		indexed = " INDEXED BY records_significant"
	}
	var id string
	if err := db.QueryRowContext(ctx, `SELECT c.id FROM cases c WHERE c.reference = $1`, ref).Scan(&id); err != nil {
		return err
	}
	for _, q := range []string{
		`SELECT id, first_name, last_name, known_as, date_of_birth, gender, nhs_number FROM people WHERE id = (SELECT child_id FROM cases WHERE id = $1)`,
		`SELECT e.id, e.kind, e.occurred_at, e.summary, u.display_name, e.record_id, r.status, rt.name, ru.display_name
			FROM key_events e LEFT JOIN users u ON u.id = e.by_user_id LEFT JOIN records r ON r.id = e.record_id
			LEFT JOIN record_templates rt ON rt.key = r.template_key AND rt.version = r.template_version LEFT JOIN users ru ON ru.id = r.author_id
			WHERE e.case_id = $1 AND e.kind NOT IN ('allocated', 'transferred', 'unallocated')`,
		`SELECT a.id, a.kind, a.started_at, t.name, w.display_name, a.reason, b.display_name
			FROM allocations a JOIN teams t ON t.id = a.team_id LEFT JOIN users w ON w.id = a.worker_id LEFT JOIN users b ON b.id = a.by_user_id
			WHERE a.case_id = $1 AND a.kind IN ('allocated', 'transferred', 'unallocated')`,
		`SELECT r.id, r.occurred_at, r.headline, u.display_name, rt.name FROM records r` + indexed + ` JOIN users u ON u.id = r.author_id
			JOIN record_templates rt ON rt.key = r.template_key AND rt.version = r.template_version
			WHERE r.case_id = $1 AND r.status = 'final' AND r.significant = TRUE ORDER BY r.occurred_at`,
		`SELECT ch.id, ch.title, ch.status, ch.updated_at FROM chronologies ch WHERE ch.case_id = $1 ORDER BY ch.updated_at DESC`,
	} {
		if _, err := drain(ctx, db, q, id); err != nil {
			return err
		}
	}
	return nil
}
