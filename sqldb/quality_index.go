package sqldb

import (
	"context"
	"encoding/binary"
	"fmt"
	"strings"

	"kith"
	"kith/quality"
)

// The quality coach's indexes live in the database, so they survive
// restarts and every server sees the same: person_names for other
// people's names, and text_docs/text_prints/text_print_stats for text
// copied from other records (migration 00011).

// A print held by many children's records is boilerplate: the service's
// wording ("I will visit again within the timescales…"), not a paste. The
// rule paste.other-child says how many children make boilerplate
// (boilerplate_children); the index stops storing a print's records once
// more than printCasesCap children's cases, or printDocsCap records,
// hold it, which bounds every lookup.
const (
	printCasesCap = 50
	printDocsCap  = 200
)

// boilerplateCases is the number of children's cases holding a print that
// makes it boilerplate (quality's rule), within what the index stores.
func (db *DB) boilerplateCases() int {
	return min(db.Quality.BoilerplateChildren(), printCasesCap)
}

// indexPersonNames replaces a person's keys in the name index.
func (tx *Tx) indexPersonNames(ctx context.Context, personID, first, last, knownAs string) error {
	if _, err := tx.ExecContext(ctx, `DELETE FROM person_names WHERE person_id = $1`, personID); err != nil {
		return err
	}
	keys := quality.NameKeys(first, last, knownAs)
	if len(keys) == 0 {
		return nil
	}
	var b strings.Builder
	args := make([]any, 0, 2*len(keys))
	b.WriteString(`INSERT INTO person_names (name, person_id) VALUES `)
	for i, k := range keys {
		if i > 0 {
			b.WriteString(", ")
		}
		fmt.Fprintf(&b, "($%d, $%d)", 2*i+1, 2*i+2)
		args = append(args, k, personID)
	}
	b.WriteString(` ON CONFLICT DO NOTHING`)
	if _, err := tx.ExecContext(ctx, b.String(), args...); err != nil {
		return fmt.Errorf("index person's names: %w", err)
	}
	return nil
}

// backfillPersonNames indexes the names of people stored before the name
// index existed (or loaded in bulk), a thousand at a time.
func (db *DB) backfillPersonNames(ctx context.Context) error {
	for {
		n := 0
		err := db.write(ctx, func(tx *Tx) error {
			rows, err := tx.QueryContext(ctx, `SELECT id, first_name, last_name, known_as FROM people p
				WHERE NOT EXISTS (SELECT 1 FROM person_names pn WHERE pn.person_id = p.id) AND p.last_name <> '' LIMIT 1000`)
			if err != nil {
				return err
			}
			type person struct{ id, first, last, known string }
			var batch []person
			for rows.Next() {
				var p person
				if err := rows.Scan(&p.id, &p.first, &p.last, &p.known); err != nil {
					rows.Close()
					return err
				}
				batch = append(batch, p)
			}
			rows.Close()
			if err := rows.Err(); err != nil {
				return err
			}
			n = len(batch)
			for _, p := range batch {
				if err := tx.indexPersonNames(ctx, p.id, p.first, p.last, p.known); err != nil {
					return err
				}
			}
			return nil
		})
		if err != nil || n < 1000 {
			return err
		}
	}
}

// signed stores a 64-bit hash in a BIGINT column.
func signed(h uint64) int64 { return int64(h) }

// The copy-paste index has two levels (migration 00012). A record
// finalised is queued: its prints go into text_prints_queue, one row, in
// the record's own transaction. MergeTextIndex, in the background, moves
// them into text_prints, where most of the council's hundred million
// postings are, and keeps text_print_stats. Lookups read both levels, so
// a record is found from the moment it is final; and a practitioner
// finalising never waits on a few hundred writes scattered over the large
// table.

// addTextDoc gives a record its doc_id in the index; ok is false if the
// record is there already (added by another server's backfill).
func (tx *Tx) addTextDoc(ctx context.Context, caseID, recordID string) (docID int64, ok bool, err error) {
	err = tx.QueryRowContext(ctx, `INSERT INTO text_docs (record_id, case_id) VALUES ($1, $2) ON CONFLICT (record_id) DO NOTHING RETURNING doc_id`,
		recordID, caseID).Scan(&docID)
	if errNoRows(err) {
		return 0, false, nil
	} else if err != nil {
		return 0, false, fmt.Errorf("index record text: %w", err)
	}
	return docID, true, nil
}

// queueRecordText adds a final record's prints to the queue of the
// copy-paste index.
func (tx *Tx) queueRecordText(ctx context.Context, caseID, recordID string, note quality.Note) error {
	docID, ok, err := tx.addTextDoc(ctx, caseID, recordID)
	if !ok || err != nil {
		return err
	}
	if _, err := tx.ExecContext(ctx, `INSERT INTO text_prints_queue (doc_id, prints) VALUES ($1, $2)`,
		docID, packHashes(distinctHashes(quality.Prints(note)))); err != nil {
		return fmt.Errorf("queue record prints: %w", err)
	}
	return nil
}

// packHashes and unpackHashes turn a record's prints into the queue's
// bytes and back: 8 bytes each, big-endian.
func packHashes(hs []int64) []byte {
	out := make([]byte, 8*len(hs))
	for i, h := range hs {
		binary.BigEndian.PutUint64(out[8*i:], uint64(h))
	}
	return out
}

func unpackHashes(b []byte) ([]int64, error) {
	if len(b)%8 != 0 {
		return nil, fmt.Errorf("queued prints: %d bytes is not a whole number of prints", len(b))
	}
	out := make([]int64, len(b)/8)
	for i := range out {
		out[i] = int64(binary.BigEndian.Uint64(b[8*i:]))
	}
	return out, nil
}

// indexRecordText adds a final record's prints straight to the large
// level of the index, as the backfill of records finalised before the
// index existed does.
func (tx *Tx) indexRecordText(ctx context.Context, caseID, recordID string, note quality.Note) error {
	docID, ok, err := tx.addTextDoc(ctx, caseID, recordID)
	if !ok || err != nil {
		return err
	}
	return tx.mergePrints(ctx, docID, caseID, distinctHashes(quality.Prints(note)))
}

// mergePrints writes one record's prints into text_prints and keeps their
// counts.
//
// Most prints of real writing are in one record only, so a print's counts
// (text_print_stats) are kept only once a second child's case holds it:
// until then its postings say who holds it. A record of its own words so
// writes only its postings. Prints already in many children's records are
// boilerplate: they are counted but not stored again.
func (tx *Tx) mergePrints(ctx context.Context, docID int64, caseID string, hashes []int64) error {
	if len(hashes) == 0 {
		return nil
	}
	stats, err := tx.printStats(ctx, hashes)
	if err != nil {
		return err
	}
	// Who holds each print that is still stored: the cases (and how many
	// of their records) among its postings.
	var stored []int64
	for _, h := range hashes {
		if s := stats[h]; s.cases < printCasesCap && s.docs < printDocsCap {
			stored = append(stored, h)
		}
	}
	type holding struct {
		docs      int
		thisCase  bool
		otherCase bool
	}
	holders := map[int64]*holding{}
	for start := 0; start < len(stored); start += 500 {
		part := stored[start:min(len(stored), start+500)]
		rows, err := tx.QueryContext(ctx, `SELECT p.hash, d.case_id = $1, COUNT(*) FROM text_prints p JOIN text_docs d ON d.doc_id = p.doc_id
			WHERE p.hash IN (`+placeholders(2, len(part))+`) GROUP BY p.hash, d.case_id = $1`, append([]any{caseID}, int64Args(part)...)...)
		if err != nil {
			return err
		}
		for rows.Next() {
			var h int64
			var mine bool
			var n int
			if err := rows.Scan(&h, &mine, &n); err != nil {
				rows.Close()
				return err
			}
			hd := holders[h]
			if hd == nil {
				hd = &holding{}
				holders[h] = hd
			}
			hd.docs += n
			hd.thisCase = hd.thisCase || mine
			hd.otherCase = hd.otherCase || !mine
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return err
		}
	}
	var postings, more, second []any
	for _, h := range stored {
		postings = append(postings, h, docID)
	}
	for _, h := range hashes {
		_, counted := stats[h]
		hd := holders[h]
		switch {
		case counted:
			// Held by several cases already: one more record, and one more
			// case unless this case held it.
			newCase := 1
			if hd != nil && hd.thisCase {
				newCase = 0
			}
			more = append(more, h, newCase)
		case hd != nil && hd.otherCase:
			// Another case held it alone until now: its counts begin.
			second = append(second, h, hd.docs+1)
		}
	}
	if err := tx.insertRows(ctx, `INSERT INTO text_prints (hash, doc_id) VALUES `, 2, postings, ` ON CONFLICT DO NOTHING`); err != nil {
		return fmt.Errorf("index record prints: %w", err)
	}
	if err := tx.insertRows(ctx, `INSERT INTO text_print_stats (hash, cases, docs) VALUES `, 2, more,
		` ON CONFLICT (hash) DO UPDATE SET cases = text_print_stats.cases + excluded.cases, docs = text_print_stats.docs + 1`, "1"); err != nil {
		return fmt.Errorf("count record prints: %w", err)
	}
	// (Should another server have begun the counts a moment before, they
	// go up by one case and one record.)
	if err := tx.insertRows(ctx, `INSERT INTO text_print_stats (hash, docs, cases) VALUES `, 2, second,
		` ON CONFLICT (hash) DO UPDATE SET cases = text_print_stats.cases + 1, docs = text_print_stats.docs + 1`, "2"); err != nil {
		return fmt.Errorf("count record prints: %w", err)
	}
	return nil
}

// insertRows inserts rows of width values each, in statements of a few
// hundred rows and at most about a thousand parameters: SQLite finds a
// numbered parameter's name by walking a list, so a statement with
// thousands of them spends its time there. extra are SQL literals
// appended to each row's values.
func (tx *Tx) insertRows(ctx context.Context, head string, width int, values []any, tail string, extra ...string) error {
	perStatement := max(1, min(400, 1000/width))
	rows := len(values) / width
	for start := 0; start < rows; start += perStatement {
		end := min(rows, start+perStatement)
		var b strings.Builder
		b.WriteString(head)
		for i := start; i < end; i++ {
			if i > start {
				b.WriteString(", ")
			}
			b.WriteString("(" + placeholders((i-start)*width+1, width))
			for _, e := range extra {
				b.WriteString(", " + e)
			}
			b.WriteString(")")
		}
		b.WriteString(tail)
		if _, err := tx.ExecContext(ctx, b.String(), values[start*width:end*width]...); err != nil {
			return err
		}
	}
	return nil
}

type printStat struct{ cases, docs int }

// printStats reads how many cases and records hold each hash.
func (tx *Tx) printStats(ctx context.Context, hashes []int64) (map[int64]printStat, error) {
	out := make(map[int64]printStat, len(hashes))
	for start := 0; start < len(hashes); start += 500 {
		part := hashes[start:min(len(hashes), start+500)]
		rows, err := tx.QueryContext(ctx, `SELECT hash, cases, docs FROM text_print_stats WHERE hash IN (`+placeholders(1, len(part))+`)`, int64Args(part)...)
		if err != nil {
			return nil, err
		}
		for rows.Next() {
			var h int64
			var s printStat
			if err := rows.Scan(&h, &s.cases, &s.docs); err != nil {
				rows.Close()
				return nil, err
			}
			out[h] = s
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return nil, err
		}
	}
	return out, nil
}

func distinctHashes(prints []quality.Print) []int64 {
	seen := make(map[int64]bool, len(prints))
	var out []int64
	for _, p := range prints {
		h := signed(p.Hash)
		if !seen[h] {
			seen[h] = true
			out = append(out, h)
		}
	}
	return out
}

func int64Args(xs []int64) []any {
	out := make([]any, len(xs))
	for i, x := range xs {
		out[i] = x
	}
	return out
}

// recordNote reads a record as the coach does, for the child of its case.
func (tx *Tx) recordNote(ctx context.Context, c *kith.Case, r *kith.Record, t *kith.Template) (quality.Note, error) {
	child, err := tx.noteChild(ctx, c)
	if err != nil {
		return quality.Note{}, err
	}
	return quality.NoteOf(t, r.Headline, r.Content, child), nil
}

// noteChild is what the coach needs to know of a case's child.
func (tx *Tx) noteChild(ctx context.Context, c *kith.Case) (quality.Child, error) {
	people, err := tx.peopleWithoutContacts(ctx, []string{c.ChildID})
	if err != nil {
		return quality.Child{}, err
	}
	p := people[c.ChildID]
	if p == nil {
		return quality.Child{}, nil
	}
	first := p.FirstName
	if p.KnownAs != "" {
		first = p.KnownAs
	}
	return quality.Child{FirstName: strings.Fields(first + " ")[0], Preverbal: p.Unborn() || quality.Preverbal(p.DateOfBirth, tx.Today())}, nil
}

// IndexRecordText adds a final record's text to the copy-paste index (its
// queue), in a transaction of its own. Finalising a record does the
// same in the record's own transaction.
func (db *DB) IndexRecordText(ctx context.Context, caseID, recordID string, note quality.Note) error {
	return db.writeDerived(ctx, func(tx *Tx) error { return tx.queueRecordText(ctx, caseID, recordID, note) })
}
