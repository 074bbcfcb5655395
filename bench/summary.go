package bench

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"time"

	"kith"
	"kith/sqldb"
)

// summaryWork is what the case summary's row gathers: three months of the
// busy case (5,000 records), ending on the day of its last final record,
// as a worker summarising the latest quarter would ask for.
type summaryWork struct {
	period kith.SummaryPeriod
	// records is the number of final records in the period, as the
	// gathered facts count them.
	records int
}

// newSummaryWork finds the busy case's last record day and gathers its
// last three months once, to count the records the row reads.
func newSummaryWork(ctx context.Context, db *sqldb.DB, rw *recordWork) (*summaryWork, error) {
	sc, err := db.SummaryContext(ctx, rw.busyActor, rw.busyRef)
	if err != nil {
		return nil, fmt.Errorf("summary context of %s: %w", rw.busyRef, err)
	}
	if sc.LastRecord.IsZero() {
		return nil, fmt.Errorf("the busy case %s has no final record", rw.busyRef)
	}
	sw := &summaryWork{period: kith.SummaryPeriod{From: monthsBefore(sc.LastRecord, 3), To: sc.LastRecord}}
	facts, err := db.GatherSummary(ctx, rw.busyActor, rw.busyRef, sw.period)
	if err != nil {
		return nil, fmt.Errorf("gathering %s to %s on %s: %w", sw.period.From, sw.period.To, rw.busyRef, err)
	}
	sw.records = facts.Records
	return sw, nil
}

// monthsBefore is the same day n months earlier, or the last day of that
// month when it is shorter (31 May less three months is 28 or 29
// February, not 3 March).
func monthsBefore(d kith.Date, n int) kith.Date {
	first := time.Date(d.Year, d.Month, 1, 0, 0, 0, 0, time.UTC).AddDate(0, -n, 0)
	last := first.AddDate(0, 1, -1).Day()
	return kith.Date{Year: first.Year(), Month: first.Month(), Day: min(d.Day, last)}
}

// summaryOperations is the case summary's row: the facts of the busy
// case's last three months gathered through the storage layer (there is
// no page that only gathers), against the period's records and the
// case's actions read by hand.
func summaryOperations(w *workload, rw *recordWork, sw *summaryWork) []operation {
	return []operation{{
		name:   fmt.Sprintf("summary/gather (storage, %d records)", sw.records),
		target: "200 ms",
		call: func(ctx context.Context, i int) error {
			_, err := rw.db.GatherSummary(ctx, rw.busyActor, rw.busyRef, sw.period)
			return err
		},
		raw: func(ctx context.Context, i int) error {
			return rawGatherSummary(ctx, w.db, rw.dialect, rw.busyRef, sw.period)
		},
	}}
}

// rawGatherSummary reads what gathering a summary reads most of: the
// case's final records whose day (in London) is in the period, oldest
// first, with their content decoded, and the case's actions raised by the
// period's end and not closed before it starts, with the same columns
// and joins as Kith's. (Kith also reads the case's referrals, the
// objectives of plans in force and the adults outside the household: a
// few rows each.)
func rawGatherSummary(ctx context.Context, db *sql.DB, dialect, ref string, p kith.SummaryPeriod) error {
	from, until := p.From.Time(kith.London), p.To.AddDays(1).Time(kith.London)
	var id string
	if err := db.QueryRowContext(ctx, `SELECT c.id FROM cases c WHERE c.reference = $1`, ref).Scan(&id); err != nil {
		return err
	}
	rows, err := db.QueryContext(ctx, `SELECT id, template_key, template_version, headline, occurred_at, occurred_until, content FROM records
		WHERE case_id = $1 AND status = 'final' AND occurred_at >= $2 AND occurred_at < $3 ORDER BY occurred_at, id`,
		id, sqlTime(dialect, from), sqlTime(dialect, until))
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var rid, key, headline string
		var version int
		var at, to sql.RawBytes
		var content []byte
		if err := rows.Scan(&rid, &key, &version, &headline, &at, &to, &content); err != nil {
			return err
		}
		var c kith.RecordContent
		if err := json.Unmarshal(content, &c); err != nil {
			return fmt.Errorf("record %s content: %w", rid, err)
		}
	}
	if err := rows.Err(); err != nil {
		return err
	}
	rows.Close()
	_, err = drain(ctx, db, `SELECT a.id, a.case_id, c.reference, ch.first_name, a.what, a.owner_kind, a.owner_id, a.owner_name, a.owner_role,
			a.owner_agency, a.due_on, a.objective_id, o.position, o.change, a.source_kind, a.source_record_id, a.source_name, a.source_on,
			a.status, a.outcome, a.closed_on, cb.display_name, a.version, a.created_at, mb.display_name
		FROM actions a JOIN cases c ON c.id = a.case_id JOIN people ch ON ch.id = c.child_id
		LEFT JOIN objectives o ON o.id = a.objective_id LEFT JOIN users cb ON cb.id = a.closed_by LEFT JOIN users mb ON mb.id = a.created_by
		WHERE a.case_id = $1 AND a.created_at < $2 AND (a.status = 'open' OR a.closed_on >= $3) ORDER BY a.created_at`,
		id, sqlTime(dialect, until), p.From.String())
	return err
}
