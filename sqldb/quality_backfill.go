package sqldb

import (
	"context"
	"encoding/json"
	"fmt"
	"strconv"
	"time"

	"kith"
	"kith/quality"
)

// recordsToIndexQuery reads the next final records without a text
// document, after a (finalised_at, id) cursor. The cursor is one row value
// so that PostgreSQL starts each batch in its index of final records
// newest first (records_finalised, walked backwards) where the last
// ended; written as "after or same time and later id" it was only a
// filter, so every batch walked again from the first record ever
// finalised, and a backfill of n records read about n²/1000 of them.
const recordsToIndexQuery = `SELECT r.id, r.case_id, r.template_key, r.template_version, r.headline, r.content, r.finalised_at
	FROM records r WHERE r.status = 'final' AND (r.finalised_at, r.id) > ($1, $2)
	AND NOT EXISTS (SELECT 1 FROM text_docs d WHERE d.record_id = r.id)
	ORDER BY r.finalised_at, r.id LIMIT `

// IndexFinalRecords adds every final record not yet in the copy-paste
// index (records finalised before the index existed, or loaded in bulk),
// in the order they were finalised, a few hundred to a transaction. It
// is safe to run beside servers that are finalising records, and on
// several servers at once: a record is indexed once. It stops with
// ErrTextIndexBuilding if the index is being built in bulk (BuildTextIndex
// then adds the records itself). progress, if given, hears the running
// count. It returns how many records it read.
func (db *DB) IndexFinalRecords(ctx context.Context, progress func(n int)) (int, error) {
	const batch = 500
	templates := map[string]*kith.Template{}
	children := map[string]quality.Child{}
	// The first batch starts after a time before any record.
	afterAt, afterID := time.Date(1900, 1, 1, 0, 0, 0, 0, time.UTC), ""
	total := 0
	for {
		var n int
		err := db.writeDerived(ctx, func(tx *Tx) error {
			if building, err := tx.textIndexBuilding(ctx); err != nil {
				return err
			} else if building {
				return ErrTextIndexBuilding
			}
			rows, err := tx.QueryContext(ctx, recordsToIndexQuery+strconv.Itoa(batch), ts(afterAt), afterID)
			if err != nil {
				return err
			}
			type rec struct {
				id, caseID, key, headline string
				version                   int
				content                   []byte
				at                        scanTime
			}
			var recs []rec
			for rows.Next() {
				var r rec
				if err := rows.Scan(&r.id, &r.caseID, &r.key, &r.version, &r.headline, &r.content, &r.at); err != nil {
					rows.Close()
					return err
				}
				recs = append(recs, r)
			}
			rows.Close()
			if err := rows.Err(); err != nil {
				return err
			}
			n = len(recs)
			for _, r := range recs {
				afterAt, afterID = r.at.T, r.id
				tk := fmt.Sprintf("%s/%d", r.key, r.version)
				t := templates[tk]
				if t == nil {
					if t, err = tx.template(ctx, r.key, r.version); err != nil {
						return err
					}
					templates[tk] = t
				}
				child, ok := children[r.caseID]
				if !ok {
					c, err := tx.caseByID(ctx, r.caseID)
					if err != nil {
						return err
					}
					if child, err = tx.noteChild(ctx, c); err != nil {
						return err
					}
					children[r.caseID] = child
				}
				var content kith.RecordContent
				if err := json.Unmarshal(r.content, &content); err != nil {
					return fmt.Errorf("record %s: %w", r.id, err)
				}
				if err := tx.indexRecordText(ctx, r.caseID, r.id, quality.NoteOf(t, r.headline, content, child)); err != nil {
					return err
				}
			}
			return nil
		})
		if err != nil {
			return total, err
		}
		total += n
		if progress != nil && n > 0 {
			progress(total)
		}
		if n < batch {
			return total, nil
		}
		db.yieldToCheckpoint(ctx)
	}
}
