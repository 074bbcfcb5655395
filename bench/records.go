package bench

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"net/http"
	"net/http/httptest"
	"strings"
	"time"

	"github.com/google/uuid"

	"kith"
	"kith/sqldb"
	"kith/synth"
	"kith/web"
)

// recordWork is what the running record's operations are drawn from:
// drafts to finalise and to save, the long running record to list, and
// someone to search as. Drafts are made before any timing starts.
type recordWork struct {
	db      *sqldb.DB
	write   *sql.DB
	dialect string

	// busyRef is the case with the long running record, listed by its
	// worker; listHTTP says the page GET /cases/{ref}/records answers,
	// so it is timed through the handler.
	busyRef, busyWorker string
	busyActor           kith.Actor
	listHTTP            bool

	// finals are complete drafts, one per timed finalisation; rawFinals
	// are the rows the raw insert writes, made from the same input.
	finals    []draftToTime
	rawFinals []rawRecord
	// buildFinals are complete drafts finalised while the copy-paste
	// index is built (see indexBuildOperations).
	buildFinals []draftToTime

	// saves are drafts saved again and again, with the version each is
	// at; rawSaves are drafts the raw update changes.
	saves    []draftToTime
	rawSaves []draftToTime

	searcher kith.Actor
	queries  []kith.RecordQuery
}

type draftToTime struct {
	id      string
	actor   kith.Actor
	in      kith.RecordInput
	version int
}

// rawRecord is a final record row written by hand.
type rawRecord struct {
	caseID, authorID, content, body, hash, headline string
	occurred                                        time.Time
	tp                                              *kith.Template
	in                                              kith.RecordInput
}

// searchWords are two-word searches a manager might make across the
// records they may see.
var searchWords = []string{"school attendance", "missed appointments", "safety plan", "food bank", "family time",
	"housing repairs", "breakfast club", "bedtime routine"}

// recordInput is a complete home visit, written now, that passes every
// check for a final record. Its words vary with i, as real visits do:
// the same passage on two children's records would be stopped by the
// writing coach as copied from another child's record.
func recordInput(i int, childName string) kith.RecordInput {
	r := rand.New(rand.NewPCG(uint64(i), 0x6b697468))
	words := make([]string, 4)
	for k := range words {
		// Two words joined ("sunny-narrow"): 1,600 choices a place, so two
		// visits share one by chance, never a run of them.
		words[k] = variety[r.IntN(len(variety))] + "-" + variety[r.IntN(len(variety))]
	}
	v := func(k int) string { return words[k] }
	return kith.RecordInput{TemplateKey: "home-visit", Headline: "Visit to review the plan with the family", Location: "Family home",
		OccurredAt: time.Now().Add(-3 * time.Hour).Truncate(time.Minute),
		Content: kith.RecordContent{
			"present":          {Others: childName + " and her mother"},
			"child_seen":       {Answer: "yes"},
			"child_seen_alone": {Answer: "no", Reason: fmt.Sprintf("Her mother stayed in the %s room as she was %s.", v(0), v(1))},
			"bedroom_seen":     {Answer: "yes"},
			"child_views":      {Text: childName + " said: “I like my room, it is quiet.”"},
			"discussion":       {Text: fmt.Sprintf("We talked about %s mornings, the %s plan for the %s holidays and %s at school.", v(0), v(1), v(2), v(3))},
			"concerns":         {Text: "None raised today."},
			"observations":     {Text: fmt.Sprintf("The %s home was warm; the %s kitchen had %s food in the %s cupboards.", v(1), v(2), v(3), v(0))},
			"analysis":         {Text: fmt.Sprintf("Improving: %s mornings are calmer and the %s routines are %s kept.", v(2), v(3), v(0))},
			"actions":          {Actions: []kith.ActionItem{{What: "Book the next core group", Who: "Social worker", By: kith.Today(time.Now()).AddDays(14).String()}}},
		}}
}

// variety are words that make each bench visit's writing its own.
var variety = []string{"amber", "quiet", "busy", "sunny", "chilly", "narrow", "spacious", "cluttered", "bright", "gloomy", "early",
	"late", "usual", "hurried", "relaxed", "noisy", "calm", "new", "old", "shared", "front", "back", "upstairs", "downstairs", "small",
	"large", "freshly", "carefully", "mostly", "partly", "weekday", "weekend", "winter", "summer", "spring", "autumn", "rainy", "dry",
	"windy", "frosty"}

// newRecordWork makes the drafts the write operations need: n each for
// finalise and its raw insert, and a draft per practitioner to save.
func newRecordWork(ctx context.Context, db *sqldb.DB, srv *web.Server, w *workload, c *synth.Council, n int) (*recordWork, error) {
	rw := &recordWork{db: db, write: db.WritePool(), dialect: db.Dialect.String(), busyRef: c.BusyReference, busyWorker: c.BusyWorkerID}
	if rw.busyRef == "" {
		return nil, fmt.Errorf("the council has no busy case: generate it with BusyCaseRecords")
	}
	var err error
	if rw.busyActor, err = db.Actor(ctx, rw.busyWorker); err != nil {
		return nil, err
	}
	rw.busyActor.Via = "bench"
	tok, err := db.CreateSession(ctx, rw.busyWorker, 24*time.Hour, kith.Actor{Via: "bench"})
	if err != nil {
		return nil, err
	}
	w.sessions[rw.busyWorker] = tok
	rec := httptest.NewRecorder()
	srv.ServeHTTP(rec, w.get(rw.busyWorker, "/cases/"+rw.busyRef+"/records"))
	rw.listHTTP = rec.Code == http.StatusOK && strings.Contains(rec.Header().Get("Content-Type"), "text/html")

	if rw.searcher, err = db.Actor(ctx, c.ServiceManagerID); err != nil {
		return nil, err
	}
	rw.searcher.Via = "bench"
	for _, q := range searchWords {
		parsed, err := kith.ParseRecordQuery(q)
		if err != nil {
			return nil, err
		}
		rw.queries = append(rw.queries, parsed)
	}

	tp, err := db.Template(ctx, "home-visit", 0)
	if err != nil {
		return nil, err
	}
	// Drafts on the practitioners' own cases, spread over them.
	total := n + max(n/10, 5)
	for i := 0; i < total; i++ {
		cl, ref := w.pickCase(i)
		a, err := db.Actor(ctx, cl.userID)
		if err != nil {
			return nil, err
		}
		a.Via = "bench"
		in := recordInput(i, "Amy")
		d, err := db.CreateDraft(ctx, a, ref, in)
		if err != nil {
			return nil, fmt.Errorf("draft to finalise on %s: %w", ref, err)
		}
		in.Version = d.Version
		rw.finals = append(rw.finals, draftToTime{id: d.ID, actor: a, in: in, version: d.Version})

		// The same record, as the raw insert will write it.
		raw := recordInput(i, "Amy")
		raw.Clean(tp)
		content, _ := json.Marshal(raw.Content)
		r := &kith.Record{ID: "", CaseID: d.CaseID, TemplateKey: tp.Key, TemplateVersion: tp.Version, Headline: raw.Headline,
			OccurredAt: raw.OccurredAt, Location: raw.Location, AuthorID: a.UserID(), Content: raw.Content}
		rw.rawFinals = append(rw.rawFinals, rawRecord{caseID: d.CaseID, authorID: a.UserID(), content: string(content),
			body: kith.PlainText(tp, raw.Content), hash: kith.ContentHash(r), headline: raw.Headline, occurred: raw.OccurredAt, tp: tp, in: raw})
	}
	for i := 0; i < total; i++ {
		cl, ref := w.pickCase(i)
		a, err := db.Actor(ctx, cl.userID)
		if err != nil {
			return nil, err
		}
		a.Via = "bench"
		// Words of their own, as every visit has: none of the drafts above
		// uses these.
		in := recordInput(total+i, "Amy")
		d, err := db.CreateDraft(ctx, a, ref, in)
		if err != nil {
			return nil, fmt.Errorf("draft to finalise on %s: %w", ref, err)
		}
		in.Version = d.Version
		rw.buildFinals = append(rw.buildFinals, draftToTime{id: d.ID, actor: a, in: in, version: d.Version})
	}
	for i, cl := range w.caseloads {
		a, err := db.Actor(ctx, cl.userID)
		if err != nil {
			return nil, err
		}
		a.Via = "bench"
		for _, list := range []*[]draftToTime{&rw.saves, &rw.rawSaves} {
			in := recordInput(i, "Amy")
			d, err := db.CreateDraft(ctx, a, cl.refs[0], in)
			if err != nil {
				return nil, err
			}
			in.Version = d.Version
			*list = append(*list, draftToTime{id: d.ID, actor: a, in: in, version: d.Version})
		}
	}
	return rw, nil
}

// recordOperations are the running record's rows of the table.
func recordOperations(w *workload, rw *recordWork) []operation {
	list := operation{name: "record/list-recent", target: "10 ms",
		raw: func(ctx context.Context, i int) error { return rawRunningRecord(ctx, w.db, rw.dialect, rw.busyRef) }}
	if rw.listHTTP {
		list.request = func(i int) *httpRequest { return w.get(rw.busyWorker, "/cases/"+rw.busyRef+"/records") }
	} else {
		list.name += " (storage)"
		list.call = func(ctx context.Context, i int) error {
			_, _, err := rw.db.RunningRecord(ctx, rw.busyActor, rw.busyRef, kith.RecordFilter{Limit: 50})
			return err
		}
	}
	return []operation{
		list,
		{
			name: "record/search (storage)", target: "100 ms", n: 100, budget: 2 * time.Minute,
			call: func(ctx context.Context, i int) error {
				_, _, err := rw.db.SearchRecords(ctx, rw.searcher, kith.RecordSearch{Query: rw.queries[i%len(rw.queries)]})
				return err
			},
			raw: func(ctx context.Context, i int) error {
				return rawRecordSearch(ctx, w.db, rw.dialect, rw.queries[i%len(rw.queries)])
			},
		},
		{
			name: "record/finalise (storage)", target: "20 ms",
			call: func(ctx context.Context, i int) error {
				d := rw.finals[i]
				_, err := rw.db.FinaliseRecord(ctx, d.actor, d.id, d.in)
				return err
			},
			raw: func(ctx context.Context, i int) error { return rw.rawFinalise(ctx, rw.rawFinals[i]) },
		},
		{
			name: "draft/autosave (storage)", target: "10 ms",
			call: func(ctx context.Context, i int) error {
				d := &rw.saves[i%len(rw.saves)]
				in := d.in
				in.Version = d.version
				in.Content = typed(in.Content, i)
				in.Autosave = true // saved versions coalesce, as the page's autosaves do
				r, err := rw.db.SaveDraft(ctx, d.actor, d.id, in)
				if err != nil {
					return err
				}
				if r.Version != d.version+1 {
					return fmt.Errorf("autosave made version %d from %d", r.Version, d.version)
				}
				d.version = r.Version
				return nil
			},
			raw: func(ctx context.Context, i int) error {
				d := &rw.rawSaves[i%len(rw.rawSaves)]
				content, _ := json.Marshal(typed(d.in.Content, i))
				res, err := rw.write.ExecContext(ctx, `UPDATE records SET headline = $3, content = $4, version = version + 1, updated_at = $5
					WHERE id = $1 AND version = $2 AND status = 'draft'`, d.id, d.version, d.in.Headline, string(content), sqlTime(rw.dialect, time.Now()))
				if err != nil {
					return err
				}
				if n, _ := res.RowsAffected(); n != 1 {
					return fmt.Errorf("raw autosave changed %d rows", n)
				}
				d.version++
				return nil
			},
		},
	}
}

// typed is the content with a few more words typed into one section, as
// an autosave sends it.
func typed(c kith.RecordContent, i int) kith.RecordContent {
	out := kith.RecordContent{}
	for k, v := range c {
		out[k] = v
	}
	d := out["discussion"]
	d.Text += fmt.Sprintf(" We also talked about the next visit (%d).", i)
	out["discussion"] = d
	return out
}

// sqlTime is a time as the engine stores it: text on SQLite (as Kith
// writes it), a time on PostgreSQL.
func sqlTime(dialect string, t time.Time) any {
	if dialect == "postgres" {
		return t.UTC()
	}
	return t.UTC().Format("2006-01-02T15:04:05.000000Z")
}

// rawFinalise writes a final record by hand, in its own transaction: the
// row, and its entry in the search index.
func (rw *recordWork) rawFinalise(ctx context.Context, r rawRecord) error {
	tx, err := rw.write.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	id := uuid.Must(uuid.NewV7()).String()
	now := time.Now()
	// PostgreSQL keeps the search document in the row; SQLite numbers the
	// record's row in the search index, newest last, and fills it.
	search, searchVal := ", search_rowid", ", (SELECT COALESCE(MAX(search_rowid), 0) + 1 FROM records WHERE search_rowid IS NOT NULL)"
	if rw.dialect == "postgres" {
		search, searchVal = ", search_doc", ", setweight(to_tsvector('english', $5), 'A') || to_tsvector('english', $10)"
	}
	var rowid sql.NullInt64
	if err := tx.QueryRowContext(ctx, `INSERT INTO records (id, case_id, template_key, template_version, headline, occurred_at, location, significant, status,
		content, body, version, author_id, created_at, updated_at, finalised_at, content_hash`+search+`)
		VALUES ($1, $2, $3, $4, $5, $6, $7, FALSE, 'final', $8, $10, 1, $9, $11, $11, $11, $12`+searchVal+`) RETURNING search_rowid`,
		id, r.caseID, r.tp.Key, r.tp.Version, r.headline, sqlTime(rw.dialect, r.occurred), r.in.Location, r.content, r.authorID, r.body,
		sqlTime(rw.dialect, now), r.hash).Scan(&rowid); err != nil {
		return err
	}
	if rw.dialect != "postgres" {
		// The case word lets a search keep to a caseload: "c" and the
		// case id without hyphens, as Kith writes it.
		caseWord := "c" + strings.ReplaceAll(r.caseID, "-", "")
		if _, err := tx.ExecContext(ctx, `INSERT INTO record_search (rowid, record_id, headline, body, case_word) VALUES ($1, $2, $3, $4, $5)`,
			rowid.Int64, id, r.headline, r.body, caseWord); err != nil {
			return err
		}
	}
	return tx.Commit()
}

// rawRunningRecord fetches what the running record page shows: the case
// and child for its header, the newest 50 final records with their
// authors, the case's drafts and withdrawn records, and the authors to
// filter by. The drafts and withdrawn records come in one query that the
// index of non-final records serves: a condition of status = 'draft' or
// 'withdrawn' alone cannot use that partial index (SQLite does not see
// that it implies status <> 'final') and reads the whole table.
func rawRunningRecord(ctx context.Context, db *sql.DB, dialect, ref string) error {
	// SQLite is told which index gives the newest records in order, as
	// Kith tells it; otherwise it may pick another and sort.
	indexed := ""
	if dialect == "sqlite" {
		indexed = " INDEXED BY records_running"
	}
	var id, child string
	if err := db.QueryRowContext(ctx, `SELECT c.id, c.child_id FROM cases c WHERE c.reference = $1`, ref).Scan(&id, &child); err != nil {
		return err
	}
	cols := `r.id, r.case_id, c.reference, r.template_key, r.template_version, r.headline, r.occurred_at, u.display_name, r.status, r.significant, r.finalised_at`
	for _, q := range []string{
		`SELECT id, first_name, last_name, known_as, date_of_birth, gender, nhs_number FROM people WHERE id = (SELECT child_id FROM cases WHERE id = $1)`,
		`SELECT ` + cols + ` FROM records r` + indexed + ` JOIN cases c ON c.id = r.case_id JOIN users u ON u.id = r.author_id
			WHERE r.case_id = $1 AND r.status = 'final' ORDER BY r.occurred_at DESC, r.id DESC LIMIT 51`,
		// Drafts and withdrawn records together, through the index of
		// records that are not final.
		`SELECT ` + cols + `, r.updated_at, r.withdrawn_at, r.withdraw_reason FROM records r JOIN cases c ON c.id = r.case_id JOIN users u ON u.id = r.author_id
			WHERE r.case_id = $1 AND r.status <> 'final' ORDER BY r.updated_at DESC`,
		`SELECT u.id, u.display_name FROM users u WHERE u.id IN (SELECT DISTINCT author_id FROM records WHERE case_id = $1 AND status = 'final') ORDER BY u.display_name`,
	} {
		if _, err := drain(ctx, db, q, id); err != nil {
			return err
		}
	}
	return nil
}

// rawRecordSearch finds the 21 most recently finalised records matching
// a query, with a snippet, and the child's name: Kith's search without
// the actor's scope. SQLite walks the search index newest first.
func rawRecordSearch(ctx context.Context, db *sql.DB, dialect string, q kith.RecordQuery) error {
	cols := `r.id, r.case_id, c.reference, r.template_key, r.template_version, r.headline, r.occurred_at, u.display_name, r.status, r.significant, r.finalised_at, p.first_name, p.last_name`
	joins := ` JOIN cases c ON c.id = r.case_id JOIN users u ON u.id = r.author_id JOIN people p ON p.id = c.child_id`
	if dialect == "postgres" {
		words := strings.Join(q.Words, " ")
		_, err := drain(ctx, db, `SELECT `+cols+`, ts_headline('english', r.headline || E'\n' || r.body, plainto_tsquery('english', $1),
			'StartSel=' || chr(2) || ', StopSel=' || chr(3) || ', MaxWords=30, MinWords=12, MaxFragments=2, FragmentDelimiter=" … "')
			FROM records r`+joins+` WHERE r.search_doc @@ plainto_tsquery('english', $1) AND r.status = 'final'
			ORDER BY r.finalised_at DESC, r.id DESC LIMIT 21`, words)
		return err
	}
	var terms []string
	for _, w := range q.Words {
		terms = append(terms, `"`+w+`"`)
	}
	_, err := drain(ctx, db, `SELECT `+cols+`, snippet(record_search, 2, char(2), char(3), '…', 24)
		FROM record_search s CROSS JOIN records r ON r.search_rowid = s.rowid`+joins+`
		WHERE record_search MATCH $1 AND r.status = 'final' ORDER BY s.rowid DESC LIMIT 21`, strings.Join(terms, " AND "))
	return err
}
