package sqldb

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"time"
)

// mergeLockKey is the PostgreSQL advisory lock held while a server merges
// the copy-paste index, so that several servers never merge at once (two
// merges side by side could each miss the other's records when counting
// who holds a print). SQLite has one writer at a time already.
const mergeLockKey = 0x6b697468_7072696e // "kithprin"

// MergeTextIndex moves up to budget queued prints into the large level
// of the copy-paste index (see queueRecordText), oldest record first, in
// one transaction; a record larger than what is left of the budget is
// moved in part, and the rest stays queued. It returns how many records
// it finished and how many prints it moved: none when none wait, when
// another server is merging, or while the index is built in bulk.
//
// The budget bounds the transaction: a print's merge reads and writes
// pages scattered over the large level (tens of microseconds each), and
// on SQLite every other write waits while a merge runs.
func (db *DB) MergeTextIndex(ctx context.Context, budget int) (records, prints int, err error) {
	err = db.writeDerived(ctx, func(tx *Tx) error {
		records, prints = 0, 0
		if db.Dialect == Postgres {
			var got bool
			if err := tx.QueryRowContext(ctx, `SELECT pg_try_advisory_xact_lock($1)`, int64(mergeLockKey)).Scan(&got); err != nil || !got {
				return err
			}
		}
		// While the index is built in bulk, the build owns the large
		// level: the queue waits (and is found) until it is done.
		if building, err := tx.textIndexBuilding(ctx); err != nil || building {
			return err
		}
		for prints < budget {
			queued, err := tx.queuedPrints(ctx, 1)
			if err != nil || len(queued) == 0 {
				return err
			}
			q := queued[0]
			part := q.hashes[:min(len(q.hashes), budget-prints)]
			// A print's counts depend only on who else holds it, so a
			// record's prints may be merged a part at a time.
			if err := tx.mergePrints(ctx, q.docID, q.caseID, part); err != nil {
				return fmt.Errorf("merge record prints: %w", err)
			}
			prints += len(part)
			if rest := q.hashes[len(part):]; len(rest) > 0 {
				_, err = tx.ExecContext(ctx, `UPDATE text_prints_queue SET prints = $2 WHERE doc_id = $1`, q.docID, packHashes(rest))
				return err
			}
			if _, err := tx.ExecContext(ctx, `DELETE FROM text_prints_queue WHERE doc_id = $1`, q.docID); err != nil {
				return err
			}
			records++
		}
		return nil
	})
	return records, prints, err
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
	rows, err := tx.QueryContext(ctx, tx.db.queuedPrintsQuery(limit))
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

// queuedPrintsQuery finds the records waiting to be merged, from the
// queue (a handful) outwards. SQLite is told so (CROSS JOIN): once the
// index's documents have been counted by ANALYZE and the queue has not
// (it was empty), it would otherwise guess the queue the larger and read
// every document to find the few queued.
func (db *DB) queuedPrintsQuery(limit int) string {
	join := "JOIN"
	if db.Dialect == SQLite {
		join = "CROSS JOIN"
	}
	query := `SELECT q.doc_id, d.record_id, d.case_id, q.prints FROM text_prints_queue q ` + join + ` text_docs d ON d.doc_id = q.doc_id ORDER BY q.doc_id`
	if limit > 0 {
		query += ` LIMIT ` + strconv.Itoa(limit)
	}
	return query
}

// MergeAllText merges the copy-paste index until no record waits,
// budget prints to a transaction, and returns how many records it
// finished.
func (db *DB) MergeAllText(ctx context.Context, budget int) (int, error) {
	total := 0
	for {
		records, prints, err := db.MergeTextIndex(ctx, budget)
		total += records
		if err != nil || records+prints == 0 {
			return total, err
		}
		db.yieldToCheckpoint(ctx)
	}
}

// MergeBudget is the prints a server merges to a transaction while it
// serves: a few milliseconds, so that a practitioner's save never waits
// long behind a merge.
const MergeBudget = 40

// MergeTextInBackground merges the copy-paste index every interval until
// ctx ends, as Kith serves, MergeBudget prints to a transaction. A
// failure is logged and tried again; the records waiting are found from
// the queue meanwhile.
func (db *DB) MergeTextInBackground(ctx context.Context, interval time.Duration) {
	every(ctx, interval, func() {
		// While the disk is low on space the merge waits, unlogged:
		// /healthz says why.
		if _, err := db.MergeAllText(ctx, MergeBudget); err != nil && ctx.Err() == nil && !errors.Is(err, ErrLowOnSpace) {
			db.Log.Error("merging the writing coach's copy-paste index", "err", err)
		}
	})
}
