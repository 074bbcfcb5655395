package bench

import (
	"context"
	"database/sql"
	"encoding/binary"
	"fmt"
	"io"
	"math/rand/v2"
	"runtime"
	"strings"
	"time"

	"kith"
	"kith/quality"
	"kith/sqldb"
)

// qualityWork is what the writing coach's rows check and index: a
// 600-word home visit; the same visit with a passage from another child's
// final record and the name of someone from another child's network
// pasted in, for the checks against the whole council; and drafts whose
// text is added to the copy-paste index.
type qualityWork struct {
	checker *quality.Checker
	note    quality.Note
	// full are the visits with something of another child's in them,
	// checked against the council as the case's worker.
	full  []quality.Note
	ref   string
	actor kith.Actor
	// index are drafts to add to the copy-paste index; rawIndex are the
	// drafts the raw inserts add; merge and rawMerge the same for the
	// merge into the index's large level.
	index, rawIndex, merge, rawMerge []indexJob
	dialect                          string
	store                            *sqldb.DB
}

type indexJob struct {
	caseID, recordID string
	note             quality.Note
}

// visit600 is a 600-word home visit as a practitioner writes it, with the
// slips the coach is for: some vague words, some jargon, an action with
// no date.
var visit600 = map[string]string{
	"discussion": `I visited the family home at 4pm, after school, as agreed at the core group on 3 November. Mum opened the door and ` +
		`invited me in. Amy was at the kitchen table doing her homework and her brother was watching television in the front room. ` +
		`We talked first about school mornings. Mum said that the new alarm clock has helped and that Amy has been ready for the bus ` +
		`on four of the five days this week. She said the one late morning was Wednesday, when Amy could not find her PE kit. We agreed ` +
		`that the kit will be packed the night before. Mum told me that she had been to the food bank on Monday and that the voucher ` +
		`lasted the week. She asked whether she could be referred again, and I said I would ask. We talked about Dad's contact with ` +
		`the children. Mum said Dad has seen them twice since my last visit, at his flat, and that Amy came home happy both times. ` +
		`She said she is worried about the cost of the bus fares to Dad's flat. I explained that the family support worker can help ` +
		`with a travel plan. Mum agreed to meet her.`,
	"child_views": `I spoke with Amy alone in her bedroom for about twenty minutes. She showed me the drawing she made at school of ` +
		`her family, with her nan holding her hand. Amy said “I like it when Nan picks me up, she lets me choose the song in the car.” ` +
		`When I asked about home she said “Mum shouts less now” and “I don't like it when the flat is cold.” She said she wants to ` +
		`see her dad every weekend, not every other weekend.`,
	"observations": `The flat was warm and tidy. There was food in the fridge: milk, bread, yoghurts, a cooked chicken and some ` +
		`vegetables. Amy's bedroom had clean sheets on the bed, her school uniform was hung on the door and there were books on the ` +
		`shelf. The damp patch on the bathroom ceiling is still there and has grown since my last visit; it is about the size of a ` +
		`dinner plate. Amy was dressed in clean clothes and looked well. She laughed with her mum while they made a snack together. ` +
		`The home seemed calmer than at my last visit.`,
	"concerns": `I am concerned about the damp in the bathroom, because Amy's brother has a cough that the GP has linked to it. ` +
		`Mum has reported it to the landlord three times since September. I also noticed that the smoke alarm in the hallway ` +
		`had no battery; Mum said she would buy one this week and I will check it at my next visit.`,
	"analysis": `Mornings are calmer and Amy has been on time for school on nine of the last ten days, which is better than in ` +
		`October. Mum is using the routine we agreed and she told me it is working. I think the main risk now is the cold and the ` +
		`damp, because the heating costs more than Mum can afford and the landlord has not repaired the ceiling. The family are ` +
		`engaging well with the plan. I am satisfied with progress on the child in need plan, but the housing needs to be resolved ` +
		`before the review on 15 January. Amy's wishes about seeing her dad should be discussed at the next core group.`,
}

// visit600Actions are the visit's actions: one with no date.
var visit600Actions = []kith.ActionItem{
	{What: "Refer the family to the food bank again", Who: "Social worker", By: "2026-12-05"},
	{What: "Write to the landlord about the damp in the bathroom", Who: "Social worker", By: "2026-12-03"},
	{What: "A meeting with the family support worker will be arranged"},
}

// visitNote is the 600-word visit as the coach reads it, with extra
// words added to its discussion.
func visitNote(tp *kith.Template, extra string) quality.Note {
	content := kith.RecordContent{"present": {Others: "Amy, her mother and her brother"}, "child_seen": {Answer: "yes"},
		"child_seen_alone": {Answer: "yes"}, "bedroom_seen": {Answer: "yes"}, "actions": {Actions: visit600Actions}}
	for k, v := range visit600 {
		content[k] = kith.SectionValue{Text: v}
	}
	if extra != "" {
		content["discussion"] = kith.SectionValue{Text: visit600["discussion"] + " " + extra}
	}
	return quality.NoteOf(tp, "Monthly visit to review the child in need plan", content, quality.Child{FirstName: "Amy"})
}

// ownWords is a note of the visit's length in words of its own: the
// visit's words shuffled, seed by seed, into sentences of 15, as a new
// record's writing shares no runs of words with the records before it.
func ownWords(visit quality.Note, seed int64) quality.Note {
	var words []string
	for _, p := range visit.Parts {
		for _, w := range quality.Split(p.Text).Words {
			words = append(words, w.Text)
		}
	}
	r := rand.New(rand.NewPCG(uint64(seed), 99))
	r.Shuffle(len(words), func(i, j int) { words[i], words[j] = words[j], words[i] })
	var b strings.Builder
	for i, w := range words {
		b.WriteString(w)
		if (i+1)%15 == 0 {
			b.WriteString(". ")
		} else {
			b.WriteByte(' ')
		}
	}
	return quality.Note{Parts: []quality.Part{{Key: "discussion", Label: "What was discussed", Role: quality.RoleFactual, Text: b.String()}}}
}

// newQualityWork picks what the coach's rows use from the council: final
// records of other children to paste from, people in other children's
// networks to name, and drafts to index.
func newQualityWork(ctx context.Context, db *sqldb.DB, w *workload, rw *recordWork, n int) (*qualityWork, error) {
	tp, err := db.Template(ctx, "home-visit", 0)
	if err != nil {
		return nil, err
	}
	qw := &qualityWork{checker: db.Quality, note: visitNote(tp, ""), ref: rw.busyRef, actor: rw.busyActor, dialect: rw.dialect, store: db}
	if words := qw.note.Words(); words < 580 || words > 640 {
		return nil, fmt.Errorf("the bench visit has %d words, not about 600", words)
	}
	var busyCase, busyChild, busyTeam string
	if err := w.db.QueryRowContext(ctx, `SELECT id, child_id, team_id FROM cases WHERE reference = $1`, rw.busyRef).Scan(&busyCase, &busyChild, &busyTeam); err != nil {
		return nil, err
	}
	// Passages: the first long sentence of final records on other cases
	// of the writer's team. The coach reports only what is on cases the
	// writer may open (kith.CoachScope), so these are the matches it
	// finds and names; another team's would take the path of no match.
	rows, err := w.db.QueryContext(ctx, `SELECT r.body FROM records r JOIN cases c ON c.id = r.case_id
		WHERE r.status = 'final' AND r.case_id <> $1 AND c.team_id = $2 AND c.restricted = FALSE AND r.body <> ''
		ORDER BY r.finalised_at DESC LIMIT 400`, busyCase, busyTeam)
	if err != nil {
		return nil, err
	}
	var passages []string
	for rows.Next() {
		var body string
		if err := rows.Scan(&body); err != nil {
			rows.Close()
			return nil, err
		}
		for _, s := range quality.Split(body).Sentences {
			if len(s.Words) >= 12 {
				passages = append(passages, s.Text(body))
				break
			}
		}
	}
	rows.Close()
	// Names: people in the networks of the team's other children.
	names, err := drain(ctx, w.db, `SELECT p.first_name || ' ' || p.last_name FROM people p JOIN relationships r ON r.person_id = p.id
		JOIN cases c ON c.child_id = r.child_id WHERE r.child_id <> $1 AND c.team_id = $2 AND c.restricted = FALSE ORDER BY p.id LIMIT 200`, busyChild, busyTeam)
	if err != nil {
		return nil, err
	}
	if len(passages) == 0 || len(names) == 0 {
		return nil, fmt.Errorf("the council has no other records or people to paste from")
	}
	for i := 0; i < 50; i++ {
		extra := passages[i%len(passages)] + " Mum said she had seen " + names[i%len(names)] + " at the school gate."
		qw.full = append(qw.full, visitNote(tp, extra))
	}
	// Drafts to index, on a practitioner's own case, each with a sentence
	// of its own.
	cl, ref := w.pickCase(1)
	a, err := db.Actor(ctx, cl.userID)
	if err != nil {
		return nil, err
	}
	a.Via = "bench"
	total := n + max(n/10, 5)
	for l, list := range []*[]indexJob{&qw.index, &qw.rawIndex, &qw.merge, &qw.rawMerge} {
		for i := 0; i < total; i++ {
			d, err := db.CreateDraft(ctx, a, ref, kith.RecordInput{TemplateKey: "home-visit"})
			if err != nil {
				return nil, err
			}
			*list = append(*list, indexJob{caseID: d.CaseID, recordID: d.ID, note: ownWords(qw.note, int64(l*100000+i+1))})
		}
	}
	return qw, nil
}

// qualityOperations are the writing coach's rows.
func qualityOperations(w *workload, qw *qualityWork) []operation {
	return []operation{
		{
			name:   "quality/check (600-word home visit, every rule but copy-paste and names)",
			target: "5 ms",
			call: func(ctx context.Context, i int) error {
				_, err := qw.checker.Check(qw.note)
				return err
			},
			// The least any checker does: read the text once into words and
			// sentences.
			raw: func(ctx context.Context, i int) error {
				for _, p := range qw.note.Parts {
					quality.Split(p.Text)
				}
				return nil
			},
		},
		{
			name:   "quality/check-full (storage: the same visit with another child's passage and name, against the council)",
			target: "25 ms",
			call: func(ctx context.Context, i int) error {
				_, err := qw.store.CheckText(ctx, qw.actor, qw.ref, qw.full[i%len(qw.full)])
				return err
			},
			raw: func(ctx context.Context, i int) error { return rawLookups(ctx, w.db, qw.full[i%len(qw.full)]) },
		},
		{
			name:   "quality/index (storage: a 600-word record of its own words into the copy-paste index)",
			target: "10 ms",
			call: func(ctx context.Context, i int) error {
				j := qw.index[i%len(qw.index)]
				return qw.store.IndexRecordText(ctx, j.caseID, j.recordID, j.note)
			},
			raw: func(ctx context.Context, i int) error {
				return rawIndex(ctx, qw.store.WritePool(), qw.dialect, qw.rawIndex[i%len(qw.rawIndex)], false)
			},
		},
		{
			name: "quality/index-merge (storage, in the background: a record added, then merged into the index's large level)",
			call: func(ctx context.Context, i int) error {
				if i == 0 {
					// Warming up: what earlier rows queued is merged first,
					// so each timed call merges a record like its own.
					if _, err := qw.store.MergeAllText(ctx, 20000); err != nil {
						return err
					}
				}
				j := qw.merge[i%len(qw.merge)]
				if err := qw.store.IndexRecordText(ctx, j.caseID, j.recordID, j.note); err != nil {
					return err
				}
				_, err := qw.store.MergeAllText(ctx, sqldb.MergeBudget)
				return err
			},
			raw: func(ctx context.Context, i int) error {
				return rawIndex(ctx, qw.store.WritePool(), qw.dialect, qw.rawMerge[i%len(qw.rawMerge)], true)
			},
		},
	}
}

// rawLookups runs the lookups the full check makes, by hand: the prints'
// counts, the records holding the prints that are not boilerplate, and
// the people the note's names belong to.
func rawLookups(ctx context.Context, db *sql.DB, note quality.Note) error {
	seen := map[int64]bool{}
	var hashes []any
	for _, p := range quality.Prints(note) {
		if h := int64(p.Hash); !seen[h] {
			seen[h] = true
			hashes = append(hashes, h)
		}
	}
	var live []any
	rows, err := db.QueryContext(ctx, `SELECT hash, cases FROM text_print_stats WHERE hash IN (`+marks(len(hashes))+`)`, hashes...)
	if err != nil {
		return err
	}
	for rows.Next() {
		var h int64
		var cases int
		if err := rows.Scan(&h, &cases); err != nil {
			rows.Close()
			return err
		}
		if cases < 10 {
			live = append(live, h)
		}
	}
	rows.Close()
	if len(live) > 0 {
		if _, err := drain(ctx, db, `SELECT p.hash, d.record_id, d.case_id FROM text_prints p JOIN text_docs d ON d.doc_id = p.doc_id
			WHERE p.hash IN (`+marks(len(live))+`)`, live...); err != nil {
			return err
		}
	}
	var keys []any
	for _, c := range quality.NameCandidates(note, kith.Today(time.Now())) {
		if c.Kind == quality.CandName {
			keys = append(keys, c.Key)
		}
	}
	if len(keys) == 0 {
		return nil
	}
	_, err = drain(ctx, db, `SELECT person_id FROM person_names WHERE name IN (`+marks(len(keys))+`)`, keys...)
	return err
}

// rawIndex writes a record's prints by hand: its row and its postings in
// the index's queue; or, to merge, its postings in the large level
// after reading the prints' counts and holders.
func rawIndex(ctx context.Context, db *sql.DB, dialect string, j indexJob, merge bool) error {
	conn, err := db.Conn(ctx)
	if err != nil {
		return err
	}
	defer conn.Close()
	// The same durability as Kith's: the index is derived data, committed
	// without waiting for the disk.
	if dialect == "sqlite" {
		if _, err := conn.ExecContext(ctx, `PRAGMA synchronous = NORMAL`); err != nil {
			return err
		}
		defer conn.ExecContext(context.Background(), `PRAGMA synchronous = FULL`)
	}
	tx, err := conn.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	if dialect != "sqlite" {
		if _, err := tx.ExecContext(ctx, `SET LOCAL synchronous_commit = off`); err != nil {
			return err
		}
	}
	var doc int64
	if err := tx.QueryRowContext(ctx, `INSERT INTO text_docs (record_id, case_id) VALUES ($1, $2) RETURNING doc_id`, j.recordID, j.caseID).Scan(&doc); err != nil {
		return err
	}
	seen := map[int64]bool{}
	var postings []string
	var pargs, hashes []any
	for _, p := range quality.Prints(j.note) {
		h := int64(p.Hash)
		if seen[h] {
			continue
		}
		seen[h] = true
		postings = append(postings, fmt.Sprintf("($%d, $%d)", len(pargs)+1, len(pargs)+2))
		pargs = append(pargs, h, doc)
		hashes = append(hashes, h)
	}
	if !merge {
		packed := make([]byte, 0, 8*len(hashes))
		for _, h := range hashes {
			packed = binary.BigEndian.AppendUint64(packed, uint64(h.(int64)))
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO text_prints_queue (doc_id, prints) VALUES ($1, $2)`, doc, packed); err != nil {
			return err
		}
		return tx.Commit()
	}
	// The prints' counts, and who holds those without counts, as Kith reads
	// them before it merges.
	if _, err := drainTx(ctx, tx, `SELECT hash, cases, docs FROM text_print_stats WHERE hash IN (`+marks(len(hashes))+`)`, hashes...); err != nil {
		return err
	}
	if _, err := drainTx(ctx, tx, `SELECT p.hash, d.case_id, COUNT(*) FROM text_prints p JOIN text_docs d ON d.doc_id = p.doc_id
		WHERE p.hash IN (`+marks(len(hashes))+`) GROUP BY p.hash, d.case_id`, hashes...); err != nil {
		return err
	}
	if _, err := tx.ExecContext(ctx, `INSERT INTO text_prints (hash, doc_id) VALUES `+strings.Join(postings, ", ")+` ON CONFLICT DO NOTHING`, pargs...); err != nil {
		return err
	}
	return tx.Commit()
}

func drainTx(ctx context.Context, tx *sql.Tx, query string, args ...any) (int, error) {
	rows, err := tx.QueryContext(ctx, query, args...)
	if err != nil {
		return 0, err
	}
	defer rows.Close()
	n := 0
	for rows.Next() {
		n++
	}
	return n, rows.Err()
}

func marks(n int) string {
	out := make([]string, n)
	for i := range out {
		out[i] = fmt.Sprintf("$%d", i+1)
	}
	return strings.Join(out, ", ")
}

// qualityMemory prints what the coach keeps: the copy-paste and name
// indexes' rows and size in the database (they live there, not in the
// server's memory), and the server memory the rules and word list take.
func qualityMemory(ctx context.Context, db *sql.DB, dialect string, out io.Writer) {
	fmt.Fprintln(out, "\nThe writing coach's indexes at this scale:")
	for _, t := range []string{"text_docs", "text_prints", "text_print_stats", "person_names"} {
		var rows int64
		if err := db.QueryRowContext(ctx, `SELECT COUNT(*) FROM `+t).Scan(&rows); err != nil {
			fmt.Fprintf(out, "  %s: %v\n", t, err)
			continue
		}
		size := "size not measured"
		var bytes int64
		var err error
		if dialect == "sqlite" {
			err = db.QueryRowContext(ctx, `SELECT SUM(pgsize) FROM dbstat WHERE name = $1 OR name LIKE $2`, t, "sqlite_autoindex_"+t+"%").Scan(&bytes)
		} else {
			err = db.QueryRowContext(ctx, `SELECT pg_total_relation_size($1)`, t).Scan(&bytes)
		}
		if err == nil {
			size = fmt.Sprintf("%.1f MB", float64(bytes)/(1<<20))
		}
		fmt.Fprintf(out, "  %-17s %12d rows  %s\n", t, rows, size)
	}
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	sp := quality.NewBritishSpeller()
	runtime.GC()
	runtime.ReadMemStats(&after)
	if sp != nil {
		fmt.Fprintf(out, "  the British word list in the server's memory: %.1f MB (%d words); the rules are a few hundred KB\n",
			float64(after.HeapAlloc-before.HeapAlloc)/(1<<20), sp.Size())
	}
	runtime.KeepAlive(sp)
}
