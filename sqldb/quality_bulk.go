package sqldb

import (
	"cmp"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"runtime"
	"slices"
	"sync"

	"kith"
	"kith/quality"
)

// ErrTextIndexHeld is BuildTextIndex refusing an index that is not empty.
var ErrTextIndexHeld = errors.New("the copy-paste index already holds records")

// BuildTextIndex builds the copy-paste index from scratch for a council
// whose records were loaded in bulk (millions of final records and an
// empty index): every record's prints are worked out in memory, on every
// core, and written in hash order, which is far quicker than adding
// records one at a time. The result is the index IndexFinalRecords would
// make, except that a boilerplate print keeps no records at all. It
// refuses an index that already holds records. progress, if given, hears
// each stage and its count.
func (db *DB) BuildTextIndex(ctx context.Context, progress func(stage string, n int)) (int, error) {
	if progress == nil {
		progress = func(string, int) {}
	}
	var held int
	if err := db.reader.QueryRowContext(ctx, `SELECT COUNT(*) FROM text_docs`).Scan(&held); err != nil {
		return 0, err
	}
	if held > 0 {
		return 0, fmt.Errorf("%w (%d records): add the rest with IndexFinalRecords", ErrTextIndexHeld, held)
	}
	docs, err := db.readPrints(ctx, progress)
	if err != nil || len(docs) == 0 {
		return 0, err
	}
	// Count each print's cases and records, reading the records case by
	// case so that a case is counted once.
	slices.SortFunc(docs, func(a, b docPrints) int { return cmp.Compare(a.caseIdx, b.caseIdx) })
	type stat struct {
		cases, docs int32
		last        int32
	}
	stats := map[uint64]*stat{}
	for _, d := range docs {
		for _, h := range d.hashes {
			s := stats[h]
			if s == nil {
				s = &stat{last: -1}
				stats[h] = s
			}
			s.docs++
			if s.last != d.caseIdx {
				s.cases++
				s.last = d.caseIdx
			}
		}
	}
	progress("distinct prints", len(stats))
	// Postings of every print that is not boilerplate, in hash order.
	type posting struct {
		hash uint64
		doc  int64
	}
	var postings []posting
	for i := range docs {
		docs[i].docID = int64(i + 1)
		for _, h := range docs[i].hashes {
			if s := stats[h]; s.cases < printCasesCap && s.docs < printDocsCap {
				postings = append(postings, posting{h, docs[i].docID})
			}
		}
		docs[i].hashes = nil
	}
	slices.SortFunc(postings, func(a, b posting) int {
		if c := cmp.Compare(signed(a.hash), signed(b.hash)); c != 0 {
			return c
		}
		return cmp.Compare(a.doc, b.doc)
	})
	// Counts are kept only for prints that more than one case holds.
	hashes := make([]uint64, 0, len(stats))
	for h, s := range stats {
		if s.cases > 1 {
			hashes = append(hashes, h)
		}
	}
	slices.SortFunc(hashes, func(a, b uint64) int { return cmp.Compare(signed(a), signed(b)) })

	const rowsPerTx = 200000
	write := func(stage string, n int, row func(i int) []any, head string, width int) error {
		for start := 0; start < n; start += rowsPerTx {
			end := min(n, start+rowsPerTx)
			err := db.writeDerived(ctx, func(tx *Tx) error {
				values := make([]any, 0, (end-start)*width)
				for i := start; i < end; i++ {
					values = append(values, row(i)...)
				}
				return tx.insertRows(ctx, head, width, values, ``)
			})
			if err != nil {
				return fmt.Errorf("%s: %w", stage, err)
			}
			progress(stage, end)
		}
		return nil
	}
	if err := write("records", len(docs), func(i int) []any { return []any{docs[i].docID, docs[i].recordID, docs[i].caseID} },
		`INSERT INTO text_docs (doc_id, record_id, case_id) VALUES `, 3); err != nil {
		return 0, err
	}
	if err := write("print counts", len(hashes), func(i int) []any {
		s := stats[hashes[i]]
		return []any{signed(hashes[i]), s.cases, s.docs}
	}, `INSERT INTO text_print_stats (hash, cases, docs) VALUES `, 3); err != nil {
		return 0, err
	}
	if err := write("postings", len(postings), func(i int) []any { return []any{signed(postings[i].hash), postings[i].doc} },
		`INSERT INTO text_prints (hash, doc_id) VALUES `, 2); err != nil {
		return 0, err
	}
	if db.Dialect == Postgres {
		// Later records take doc ids after these.
		if _, err := db.writer.ExecContext(ctx, `SELECT setval(pg_get_serial_sequence('text_docs', 'doc_id'), (SELECT MAX(doc_id) FROM text_docs))`); err != nil {
			return 0, err
		}
	}
	return len(docs), nil
}

// DropTextIndex empties the copy-paste index, so that BuildTextIndex can
// build it again (after a change to how prints are taken).
func (db *DB) DropTextIndex(ctx context.Context) error {
	return db.write(ctx, func(tx *Tx) error {
		for _, table := range []string{"text_prints_queue", "text_prints", "text_print_stats", "text_docs"} {
			if _, err := tx.ExecContext(ctx, `DELETE FROM `+table); err != nil {
				return err
			}
		}
		return nil
	})
}

// docPrints is one final record's distinct prints, while the index is
// built.
type docPrints struct {
	recordID, caseID string
	caseIdx          int32
	docID            int64
	hashes           []uint64
}

// readPrints reads every final record and works out its prints.
func (db *DB) readPrints(ctx context.Context, progress func(string, int)) ([]docPrints, error) {
	type job struct {
		i                         int
		id, caseID, key, headline string
		version                   int
		content                   []byte
	}
	jobs := make(chan job, 1024)
	var mu sync.Mutex
	var docs []docPrints
	templates := map[string]*kith.Template{}
	caseIdx := map[string]int32{}
	var werr error
	var wg sync.WaitGroup
	for w := 0; w < runtime.NumCPU(); w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for j := range jobs {
				mu.Lock()
				t := templates[fmt.Sprintf("%s/%d", j.key, j.version)]
				mu.Unlock()
				var content kith.RecordContent
				if err := json.Unmarshal(j.content, &content); err != nil {
					mu.Lock()
					werr = fmt.Errorf("record %s: %w", j.id, err)
					mu.Unlock()
					continue
				}
				hs := distinctHashes(quality.Prints(quality.NoteOf(t, j.headline, content, quality.Child{})))
				d := docPrints{recordID: j.id, caseID: j.caseID, hashes: make([]uint64, len(hs))}
				for i, h := range hs {
					d.hashes[i] = uint64(h)
				}
				mu.Lock()
				docs[j.i] = d
				mu.Unlock()
			}
		}()
	}
	n := 0
	err := db.read(ctx, func(tx *Tx) error {
		// In storage order: the fastest read of every record, and the order
		// does not matter, since the counts are made case by case.
		rows, err := tx.QueryContext(ctx, `SELECT id, case_id, template_key, template_version, headline, content FROM records
			WHERE status = 'final'`)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var j job
			if err := rows.Scan(&j.id, &j.caseID, &j.key, &j.version, &j.headline, &j.content); err != nil {
				return err
			}
			tk := fmt.Sprintf("%s/%d", j.key, j.version)
			mu.Lock()
			_, known := templates[tk]
			mu.Unlock()
			if !known {
				t, err := tx.template(ctx, j.key, j.version)
				if err != nil {
					return err
				}
				mu.Lock()
				templates[tk] = t
				mu.Unlock()
			}
			if _, ok := caseIdx[j.caseID]; !ok {
				caseIdx[j.caseID] = int32(len(caseIdx))
			}
			j.i = n
			mu.Lock()
			docs = append(docs, docPrints{})
			mu.Unlock()
			jobs <- j
			n++
			if n%100000 == 0 {
				progress("records read", n)
			}
		}
		return rows.Err()
	})
	close(jobs)
	wg.Wait()
	if err != nil {
		return nil, err
	}
	if werr != nil {
		return nil, werr
	}
	for i := range docs {
		docs[i].caseIdx = caseIdx[docs[i].caseID]
	}
	progress("records read", n)
	return docs, nil
}
