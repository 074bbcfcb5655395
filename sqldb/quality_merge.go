package sqldb

import (
	"context"
	"fmt"
	"strconv"
	"time"
)

// mergeLockKey is the PostgreSQL advisory lock held while a server merges
// the copy-paste index, so that several servers never merge at once (two
// merges side by side could each miss the other's records when counting
// who holds a print). SQLite has one writer at a time already.
const mergeLockKey = 0x6b697468_7072696e // "kithprin"

// MergeTextIndex moves up to limit queued records' prints into the large
// level of the copy-paste index (see queueRecordText), oldest first, in
// one transaction. It returns how many records it moved: 0 when none
// wait, or when another server is merging. Kith serve calls it in the
// background; kith quality index calls it until none wait.
func (db *DB) MergeTextIndex(ctx context.Context, limit int) (int, error) {
	merged := 0
	err := db.writeDerived(ctx, func(tx *Tx) error {
		merged = 0
		if db.Dialect == Postgres {
			var got bool
			if err := tx.QueryRowContext(ctx, `SELECT pg_try_advisory_xact_lock($1)`, int64(mergeLockKey)).Scan(&got); err != nil || !got {
				return err
			}
		}
		queued, err := tx.queuedPrints(ctx, limit)
		if err != nil {
			return err
		}
		// One record at a time, so each sees the ones merged before it
		// when counting who holds a print.
		for _, q := range queued {
			if err := tx.mergePrints(ctx, q.docID, q.caseID, q.hashes); err != nil {
				return fmt.Errorf("merge record prints: %w", err)
			}
			if _, err := tx.ExecContext(ctx, `DELETE FROM text_prints_queue WHERE doc_id = $1`, q.docID); err != nil {
				return err
			}
		}
		merged = len(queued)
		return nil
	})
	return merged, err
}

// queuedDoc is a record waiting in the copy-paste index's queue.
type queuedDoc struct {
	docID            int64
	recordID, caseID string
	hashes           []int64
}

// queuedPrints reads the records waiting to be merged, oldest first: up
// to limit of them, or all if limit is 0.
func (tx *Tx) queuedPrints(ctx context.Context, limit int) ([]queuedDoc, error) {
	query := `SELECT q.doc_id, d.record_id, d.case_id, q.prints FROM text_prints_queue q JOIN text_docs d ON d.doc_id = q.doc_id ORDER BY q.doc_id`
	if limit > 0 {
		query += ` LIMIT ` + strconv.Itoa(limit)
	}
	rows, err := tx.QueryContext(ctx, query)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []queuedDoc
	for rows.Next() {
		var q queuedDoc
		var b []byte
		if err := rows.Scan(&q.docID, &q.recordID, &q.caseID, &b); err != nil {
			return nil, err
		}
		if q.hashes, err = unpackHashes(b); err != nil {
			return nil, err
		}
		out = append(out, q)
	}
	return out, rows.Err()
}

// MergeAllText merges the copy-paste index until no record waits, batch
// records to a transaction, and returns how many it moved. A server
// merging while it serves keeps batch small: on SQLite, other writes wait
// while a merge transaction runs.
func (db *DB) MergeAllText(ctx context.Context, batch int) (int, error) {
	total := 0
	for {
		n, err := db.MergeTextIndex(ctx, batch)
		total += n
		if err != nil || n == 0 {
			return total, err
		}
	}
}

// MergeTextInBackground merges the copy-paste index every interval until
// ctx ends, as Kith serves: a record to a transaction (a few
// milliseconds), so that a practitioner's save never waits long behind a
// merge. A failure is logged and tried again; the records waiting are
// found from the queue meanwhile.
func (db *DB) MergeTextInBackground(ctx context.Context, interval time.Duration) {
	t := time.NewTicker(interval)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
		if _, err := db.MergeAllText(ctx, 1); err != nil && ctx.Err() == nil {
			db.Log.Error("merging the writing coach's copy-paste index", "err", err)
		}
	}
}
