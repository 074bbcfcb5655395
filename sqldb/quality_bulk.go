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

// ErrTextIndexHeld is BuildTextIndex finding the copy-paste index
// complete and holding records: the records it lacks are added with
// IndexFinalRecords.
var ErrTextIndexHeld = errors.New("the copy-paste index is built and holds records")

// BuildTextIndex builds the copy-paste index in bulk for a council whose
// records were loaded in bulk (millions of final records and an empty
// index), or finishes a build that was stopped part way: every record's
// prints are worked out in memory, on every core, and written in hash
// order, which is far quicker than adding records one at a time. The
// result is the index IndexFinalRecords would make, except that a
// boilerplate print keeps no records at all. It answers ErrTextIndexHeld
// for an index that is complete and holds records, and
// ErrTextIndexBuilding while another server builds it.
//
// It is safe beside servers finalising records (see quality_build.go):
// each step is committed with how far the build has got, and progress, if
// given, hears each step once it is committed.
func (db *DB) BuildTextIndex(ctx context.Context, progress func(stage string, n int)) (int, error) {
	if progress == nil {
		progress = func(string, int) {}
	}
	release, err := db.lockTextBuild(ctx)
	if err != nil {
		return 0, err
	}
	defer release()
	b, err := db.claimTextBuild(ctx, progress)
	if err != nil {
		return 0, err
	}
	if err := b.addDocs(ctx); err != nil {
		return 0, err
	}
	docs, err := db.readPrints(ctx, progress)
	if err != nil {
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

	write := func(stage string, n int, row func(i int) []any, head string, width int) error {
		per := rowsPerStep(n)
		for start := 0; start < n; start += per {
			end := min(n, start+per)
			err := b.step(ctx, stage, func(tx *Tx) (int, error) {
				values := make([]any, 0, (end-start)*width)
				for i := start; i < end; i++ {
					values = append(values, row(i)...)
				}
				return end, tx.insertRows(ctx, head, width, values, ``)
			})
			if err != nil {
				return err
			}
		}
		return nil
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
	if err := b.finish(ctx, len(docs)); err != nil {
		return 0, err
	}
	return len(docs), nil
}

// rowsPerStep is how many rows a step of the build writes in one
// transaction: about a twentieth of them, so that how far a build has got
// is recorded as it goes however small the council, but no more than
// 2,000, so that on SQLite a practitioner finalising a record waits for
// one step (a few milliseconds) at most. (A step costs a fraction of a
// millisecond more than its rows: some seconds over a council's hundred
// million postings.)
func rowsPerStep(n int) int { return min(max(n/20, 1000), 2000) }

// addDocs gives every final record not yet in the index its doc id there,
// from the table's sequence (or rowid) as a finalised record's is, in
// record id order, a step at a time. A build stopped part way and started
// again adds only the rest.
func (b *textBuild) addDocs(ctx context.Context) error {
	var final int
	if err := b.db.reader.QueryRowContext(ctx, `SELECT COUNT(*) FROM records WHERE status = 'final'`).Scan(&final); err != nil {
		return err
	}
	per := rowsPerStep(final)
	after, added := "", 0
	for {
		var n int
		var last string
		err := b.step(ctx, "records", func(tx *Tx) (int, error) {
			rows, err := tx.QueryContext(ctx, `SELECT id, case_id FROM records r WHERE status = 'final' AND id > $1
				AND NOT EXISTS (SELECT 1 FROM text_docs d WHERE d.record_id = r.id) ORDER BY id LIMIT $2`, after, per)
			if err != nil {
				return 0, err
			}
			var values []any
			for rows.Next() {
				var id, caseID string
				if err := rows.Scan(&id, &caseID); err != nil {
					rows.Close()
					return 0, err
				}
				values = append(values, id, caseID)
				last = id
			}
			rows.Close()
			if err := rows.Err(); err != nil {
				return 0, err
			}
			n = len(values) / 2
			// A record finalised a moment ago is there already, queued.
			return added + n, tx.insertRows(ctx, `INSERT INTO text_docs (record_id, case_id) VALUES `, 2, values, ` ON CONFLICT (record_id) DO NOTHING`)
		})
		if err != nil {
			return err
		}
		after, added = last, added+n
		if n < per {
			return nil
		}
	}
}

// DropTextIndex empties the copy-paste index, so that BuildTextIndex can
// build it again (after a change to how prints are taken). The index is
// marked as building from then on: nothing is merged into it until a
// build has finished, and a build under way stops at its next write.
func (db *DB) DropTextIndex(ctx context.Context) error {
	return db.write(ctx, func(tx *Tx) error {
		if _, err := tx.ExecContext(ctx, `UPDATE text_index_build SET state = 'building', generation = generation + 1, stage = 'emptied',
			done = 0, updated_at = $1 WHERE id = 1`, ts(tx.now)); err != nil {
			return err
		}
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
	caseID  string
	caseIdx int32
	docID   int64
	hashes  []uint64
}

// readPrints reads the final records the build indexes, with their doc
// ids, and works out their prints: every record in the index but those
// waiting in its queue (finalised since the build began, or while it was
// stopped), which are merged once it is done.
func (db *DB) readPrints(ctx context.Context, progress func(string, int)) ([]docPrints, error) {
	type job struct {
		i                     int
		docID                 int64
		caseID, key, headline string
		version               int
		content               []byte
	}
	jobs := make(chan job, 1024)
	var mu sync.Mutex
	var docs []docPrints
	templates := map[string]*kith.Template{}
	caseIdx := map[string]int32{}
	var werr error
	var wg sync.WaitGroup
	// A core is left for the server: a build runs beside practitioners
	// finalising records, and on every core it slowed their saves fourfold.
	for w := 0; w < max(1, runtime.GOMAXPROCS(0)-1); w++ {
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
					werr = fmt.Errorf("record of doc %d: %w", j.docID, err)
					mu.Unlock()
					continue
				}
				hs := distinctHashes(quality.Prints(quality.NoteOf(t, j.headline, content, quality.Child{})))
				d := docPrints{docID: j.docID, caseID: j.caseID, hashes: make([]uint64, len(hs))}
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
		// Every template first: PostgreSQL cannot read one while the
		// records' rows are still being read on the same connection.
		all, err := tx.allTemplates(ctx)
		if err != nil {
			return err
		}
		mu.Lock()
		for _, t := range all {
			templates[fmt.Sprintf("%s/%d", t.Key, t.Version)] = t
		}
		mu.Unlock()
		// Records in storage order, each finding its doc by record id:
		// the fastest read of every record, and the order does not
		// matter, since the counts are made case by case.
		rows, err := tx.QueryContext(ctx, `SELECT d.doc_id, r.case_id, r.template_key, r.template_version, r.headline, r.content
			FROM records r `+db.Dialect.orderedJoin()+` text_docs d ON d.record_id = r.id
			WHERE r.status = 'final' AND NOT EXISTS (SELECT 1 FROM text_prints_queue q WHERE q.doc_id = d.doc_id)`)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var j job
			if err := rows.Scan(&j.docID, &j.caseID, &j.key, &j.version, &j.headline, &j.content); err != nil {
				return err
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
