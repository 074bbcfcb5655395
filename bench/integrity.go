package bench

import (
	"context"
	"fmt"
	"io"
	"time"

	"kith/sqldb"
)

// verifyOnce times the check kith verify and the nightly check make (see
// sqldb's Verify) over the whole council, once, and the engine's own time
// to read what it reads: every chain link, and every final record with its
// content and last saved version. It is reported after the table rather
// than as a row, since at council scale one run takes minutes.
func verifyOnce(ctx context.Context, db *sqldb.DB, out io.Writer) error {
	fmt.Fprintln(out, "\nChecking that every record and audit event is unchanged (kith verify)…")
	start := time.Now()
	rep, err := db.Verify(ctx, sqldb.VerifyOptions{})
	if err != nil {
		return err
	}
	took := time.Since(start)
	rawStart := time.Now()
	var links, records int64
	if err := drainCount(ctx, db, `SELECT chain, seq, subject_id, hash FROM chain_links ORDER BY chain, seq`, &links); err != nil {
		return err
	}
	if err := drainCount(ctx, db, `SELECT r.id, r.case_id, r.finalised_at, r.content_hash, r.headline, r.body, r.content,
		(SELECT v.content FROM record_versions v WHERE v.record_id = r.id ORDER BY v.version DESC LIMIT 1)
		FROM records r WHERE r.status <> 'draft'`, &records); err != nil {
		return err
	}
	raw := time.Since(rawStart)
	fmt.Fprintf(out, "  %s\n", rep.Summary())
	fmt.Fprintf(out, "  kith verify: %s for %d chain entries and %d final records: %.0f records/s, %.0f entries/s\n",
		took.Round(time.Millisecond), rep.Entries(), rep.Records, float64(rep.Records)/took.Seconds(), float64(rep.Entries())/took.Seconds())
	fmt.Fprintf(out, "  the engine reading the same rows (%d links, %d records) without checking them: %s (raw ratio %.2f)\n",
		links, records, raw.Round(time.Millisecond), raw.Seconds()/took.Seconds())
	if !rep.OK() {
		return fmt.Errorf("the check found %d problems in a council nobody changed", rep.ProblemCount)
	}
	return nil
}

// drainCount reads every row of a query, counting them.
func drainCount(ctx context.Context, db *sqldb.DB, q string, n *int64) error {
	rows, err := db.ReadPool().QueryContext(ctx, q)
	if err != nil {
		return err
	}
	defer rows.Close()
	cols, err := rows.Columns()
	if err != nil {
		return err
	}
	vals := make([]any, len(cols))
	ptrs := make([]any, len(cols))
	for i := range vals {
		ptrs[i] = &vals[i]
	}
	for rows.Next() {
		if err := rows.Scan(ptrs...); err != nil {
			return err
		}
		*n++
	}
	return rows.Err()
}
