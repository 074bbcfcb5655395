package sqldb

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"time"

	"kith"
	"kith/calendar"
)

// BulkRecord is an entry in a case's running record, loaded with its case.
//
// A final record (FinalisedAt set) is written as FinaliseRecord leaves it:
// checked as complete, with its plain-text body, its content hash, its
// entry in the full-text index, for a key event the case's key event, and
// the deadline it was judged by (counted for the timeliness report and
// moving the case's clock dates on). Two things are left out, because a council
// holds millions of records and they would double the load: the saved
// versions of the draft it was (record_versions) and the audit events of
// its writing. A draft (FinalisedAt zero) is written as CreateDraft leaves
// it: version 1, with its saved version and its audit event.
type BulkRecord struct {
	// ID is filled in by Case.
	ID string

	Template      *kith.Template // the version it is written on
	Headline      string
	OccurredAt    time.Time
	OccurredUntil *time.Time
	Location      string
	Significant   bool
	// RiskIdentified: harm or injury occurred or a risk was identified.
	RiskIdentified bool
	Content        kith.RecordContent
	AuthorID       string
	// CreatedAt is when recording began, after the case was recorded;
	// FinalisedAt is when it was finalised (zero for a draft), after
	// CreatedAt.
	CreatedAt, FinalisedAt time.Time
	// FollowUps say what became of the actions a final record agreed, one
	// for each action item in template order; missing ones stay open.
	FollowUps []BulkFollowUp
}

// BulkFollowUp is what became of an action: done or no longer needed on a
// day, by someone, or still open (zero Status).
type BulkFollowUp struct {
	Status  kith.ActionStatus
	On      kith.Date
	Outcome string
	ByID    string
}

// The columns of a record row. On PostgreSQL each final record's search
// document is computed as the row goes in: see copyRecords.
const bulkRecordCols = "id, case_id, group_id, template_key, template_version, headline, occurred_at, occurred_until, location, significant, " +
	"status, content, body, version, author_id, created_at, updated_at, finalised_at, content_hash, search_rowid, risk_identified"

// insertRecords writes a batch's records and, on SQLite, indexes the
// final ones for search with one statement that reads them back inside the
// transaction, so their text crosses from Go to SQLite once.
func (b *Bulk) insertRecords(ctx context.Context, tx *sql.Tx, t *bulkTable, args []any, rows int) error {
	if b.db.Dialect != SQLite || rows == 0 {
		return t.insert(ctx, tx, args, rows)
	}
	var last int64
	if err := tx.QueryRowContext(ctx, `SELECT COALESCE(MAX(rowid), 0) FROM records`).Scan(&last); err != nil {
		return fmt.Errorf("bulk: records: %w", err)
	}
	if err := t.insert(ctx, tx, args, rows); err != nil {
		return err
	}
	if _, err := tx.ExecContext(ctx, `INSERT INTO record_search (rowid, record_id, headline, body, case_word)
		SELECT search_rowid, id, headline, body, `+caseWordSQL("case_id")+` FROM records WHERE rowid > $1 AND status = 'final' ORDER BY rowid`, last); err != nil {
		return fmt.Errorf("bulk: index records: %w", err)
	}
	return nil
}

// searchWordsMigration is the migration that made the search vocabulary.
const searchWordsMigration = 32

// writeSearchWords adds the loaded records' words to the search
// vocabulary, as finalising each would have.
// A load into a schema older than the vocabulary (migration 00032) leaves
// the words for the migration to add.
func (b *Bulk) writeSearchWords() error {
	if len(b.words) == 0 {
		return nil
	}
	var applied int
	if err := b.db.writer.QueryRowContext(b.ctx, `SELECT COALESCE(MAX(version_id), 0) FROM goose_db_version WHERE is_applied`).Scan(&applied); err != nil {
		return fmt.Errorf("bulk: schema version: %w", err)
	}
	if applied < searchWordsMigration {
		return nil
	}
	words := make([]string, 0, len(b.words))
	for w := range b.words {
		words = append(words, w)
	}
	err := b.db.write(b.ctx, func(tx *Tx) error { return tx.addSearchWords(b.ctx, words) })
	if err != nil {
		return fmt.Errorf("bulk: %w", err)
	}
	clear(b.words)
	return nil
}

// bulkSearchHash is how much the SQLite full-text index may buffer in
// memory before writing a segment. The default (1 MB) suits a transaction
// that finalises one record; a batch of a hundred thousand records would
// write a hundred small segments and spend most of its time merging them.
// With room for a whole batch, each batch writes one segment.
const (
	bulkSearchHash    = 512 << 20
	defaultSearchHash = 1 << 20
)

func (b *Bulk) tuneSearch() error {
	_, err := b.db.writer.ExecContext(b.ctx, `INSERT INTO record_search (record_search, rank) VALUES ('hashsize', $1)`, bulkSearchHash)
	if err != nil {
		return fmt.Errorf("bulk: search index hash size: %w", err)
	}
	b.searchTuned = true
	return nil
}

func (b *Bulk) untuneSearch() {
	if !b.searchTuned {
		return
	}
	b.searchTuned = false
	if _, err := b.db.writer.ExecContext(context.WithoutCancel(b.ctx), `INSERT INTO record_search (record_search, rank) VALUES ('hashsize', $1)`, defaultSearchHash); err != nil {
		b.db.Log.Error("bulk: restore the search index hash size", "err", err)
	}
}

// addRecord checks a record as the services would and buffers its rows.
func (b *Bulk) addRecord(c *BulkCase, r *BulkRecord) error {
	t := r.Template
	if t == nil || r.AuthorID == "" || r.CreatedAt.IsZero() {
		return fmt.Errorf("a record needs a template, an author and the time recording began")
	}
	if r.CreatedAt.Before(c.OpenedAt) {
		return fmt.Errorf("record %q begun at %s, before the case was recorded", r.Headline, r.CreatedAt)
	}
	final := !r.FinalisedAt.IsZero()
	in := kith.RecordInput{TemplateKey: t.Key, Headline: r.Headline, OccurredAt: r.OccurredAt, OccurredUntil: r.OccurredUntil,
		Location: r.Location, Significant: r.Significant, RiskIdentified: r.RiskIdentified, Content: r.Content}
	in.Clean(t)
	var err error
	if final {
		if r.FinalisedAt.Before(r.CreatedAt) {
			return fmt.Errorf("record %q finalised before it was begun", r.Headline)
		}
		err = in.CheckFinal(t, kith.RecordRules{Now: r.FinalisedAt, YearsBack: kith.MaxRecordYearsBack})
	} else {
		err = in.CheckDraft(t)
	}
	if err != nil {
		return fmt.Errorf("record %q on %s: %w", r.Headline, t.Ref(), err)
	}
	content, err := json.Marshal(in.Content)
	if err != nil {
		return err
	}
	r.ID = newID()
	r.Headline, r.Location, r.Content = in.Headline, in.Location, in.Content
	if !final {
		b.add("records", r.ID, c.ID, nil, t.Key, t.Version, in.Headline, ts(in.OccurredAt), tsp(in.OccurredUntil), in.Location, in.Significant,
			string(kith.RecordDraft), string(content), "", 1, r.AuthorID, ts(r.CreatedAt), ts(r.CreatedAt), ts{}, "", nil, in.RiskIdentified)
		b.add("record_versions", r.ID, 1, ts(r.CreatedAt), r.AuthorID, in.Headline, ts(in.OccurredAt), string(content))
		b.add("audit_events", newID(), ts(r.CreatedAt), r.AuthorID, string(kith.AuditRecordDrafted), c.ID, "record", r.ID, t.Name, "cli")
		return nil
	}
	rec := &kith.Record{ID: r.ID, CaseID: c.ID, TemplateKey: t.Key, TemplateVersion: t.Version, Headline: in.Headline,
		OccurredAt: in.OccurredAt, OccurredUntil: in.OccurredUntil, Location: in.Location, Significant: in.Significant,
		RiskIdentified: in.RiskIdentified, AuthorID: r.AuthorID, Content: in.Content}
	if summary, at, ok := kith.KeyEventOf(t, rec); ok {
		// A court hearing or a change of placement joins the case's key
		// events, linked to its record, as FinaliseRecord adds it.
		b.add("key_events", newID(), c.ID, string(kith.EventRecorded), ts(at), summary, nullString(r.AuthorID), ts(r.FinalisedAt), r.ID)
	}
	// As a complete draft finalised unchanged: version 1, last saved
	// when it was begun.
	body := kith.PlainText(t, in.Content)
	for _, w := range kith.VocabularyWords(in.Headline + "\n" + body) {
		b.words[w] = true
	}
	b.add("records", r.ID, c.ID, nil, t.Key, t.Version, in.Headline, ts(in.OccurredAt), tsp(in.OccurredUntil), in.Location, in.Significant,
		string(kith.RecordFinal), string(content), body, 1, r.AuthorID, ts(r.CreatedAt), ts(r.CreatedAt),
		ts(r.FinalisedAt), kith.ContentHash(rec), b.nextSearchRowID(), in.RiskIdentified)
	b.addActions(c, r, t)
	return b.judgeRecord(c, rec, t, r.FinalisedAt)
}

// addActions makes a final record's agreed actions into actions on the
// case, as FinaliseRecord does, closed as the load says they were. (Loaded
// actions carry no history of updates.)
func (b *Bulk) addActions(c *BulkCase, r *BulkRecord, t *kith.Template) {
	i := 0
	for _, s := range t.Sections {
		if s.Kind != kith.SectionActions {
			continue
		}
		for _, a := range r.Content[s.Key].Actions {
			due, err := kith.ParseISODate(a.By)
			if err != nil {
				continue
			}
			f := BulkFollowUp{Status: kith.ActionOpen}
			if i < len(r.FollowUps) && r.FollowUps[i].Status != "" {
				f = r.FollowUps[i]
			}
			i++
			by := nullString("")
			if f.Status != kith.ActionOpen {
				by = nullString(f.ByID)
			}
			// An owner chosen from the list keeps who they are (kith.Owner);
			// one typed in is someone else.
			owner := kith.ParseOwnerRef(a.WhoRef)
			if owner.ID == "" {
				owner.Kind = kith.OwnerOther
			}
			b.add("actions", newID(), c.ID, a.What, string(owner.Kind), nullString(owner.ID), a.Who, dt(due), string(kith.SourceRecord), r.ID, string(f.Status),
				f.Outcome, dt(f.On), by, 1, r.AuthorID, ts(r.FinalisedAt), ts(r.FinalisedAt), t.Name, dt(kith.DateOf(r.OccurredAt.In(kith.London))))
		}
	}
}

// timelinessState is the council's timeliness settings and calendar when
// the load began, read once.
func (b *Bulk) timelinessState() (*timelinessState, error) {
	if b.timeliness == nil {
		set, cal, err := b.db.TimelinessSettings(b.ctx)
		if err != nil {
			return nil, err
		}
		b.timeliness = &timelinessState{settings: set, cal: cal}
		b.counts = map[timelinessCount]int{}
	}
	return b.timeliness, nil
}

// judgeRecord writes a final record's deadline and lateness as
// FinaliseRecord does, under the settings in force when the load began,
// and notes it in the case's clock dates and the report's counts.
func (b *Bulk) judgeRecord(c *BulkCase, r *kith.Record, t *kith.Template, finalisedAt time.Time) error {
	st, err := b.timelinessState()
	if err != nil {
		return err
	}
	facts := kith.RecordFactsOf(t, r)
	if due, ok := st.settings.Policies.RecordingDeadline(facts, st.cal); ok {
		finalOn := calendar.DayOf(finalisedAt)
		late := kith.JudgeRecord(facts.Event, due.Due, finalOn, st.cal)
		team := c.teamAt(finalisedAt)
		b.add("record_timeliness", r.ID, c.ID, team, r.AuthorID, t.Key, r.RiskIdentified, dt(facts.Event), dt(due.Due), due.ClockKey, due.Rule,
			dt(finalOn), late.Taken, late.Late, st.settings.Version)
		b.counts[timelinessCount{month: string(kith.MonthOf(finalOn)), team: team, author: r.AuthorID,
			template: t.Key, risk: r.RiskIdentified, taken: late.Taken, onTime: late.OnTime()}]++
	}
	if c.facts == nil {
		c.facts = &kith.CaseFacts{CaseID: c.ID}
	}
	st.settings.Policies.NoteRecord(c.facts, t, r)
	return nil
}

// timelinessCount is one row of the report's counts.
type timelinessCount struct {
	month, team, author, template string
	risk                          bool
	taken                         int
	onTime                        bool
}

// writeTimelinessCounts adds the load's counts to those already stored.
func (b *Bulk) writeTimelinessCounts() error {
	if len(b.counts) == 0 {
		return nil
	}
	tx, err := b.db.writer.BeginTx(b.ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	for k, n := range b.counts {
		if _, err := tx.ExecContext(b.ctx, addTimelinessCount, k.month, k.team, k.author, k.template, k.risk, k.taken, k.onTime, n); err != nil {
			return fmt.Errorf("bulk: timeliness counts: %w", err)
		}
	}
	b.counts = map[timelinessCount]int{}
	return tx.Commit()
}

// teamAt is the team the case was in at a time, from its history of
// allocations.
func (c *BulkCase) teamAt(at time.Time) string {
	team := c.TeamID
	for _, h := range c.History {
		if h.At.After(at) {
			break
		}
		if h.Kind == BulkAllocate && h.TeamID != "" {
			team = h.TeamID
		}
	}
	return team
}

// WritePool returns the pool write transactions use. Benchmarks time
// hand-written writes on it, to compare Kith with the engine's own speed;
// nothing else should bypass the services.
func (db *DB) WritePool() *sql.DB { return db.writer }

// nextSearchRowID numbers final records for the search index, after the
// highest number already in the database.
func (b *Bulk) nextSearchRowID() int64 {
	if b.searchRowID == 0 {
		var last int64
		if err := b.db.writer.QueryRowContext(b.ctx, `SELECT COALESCE(MAX(search_rowid), 0) FROM records WHERE search_rowid IS NOT NULL`).Scan(&last); err != nil {
			b.fail(fmt.Errorf("bulk: search rowid: %w", err))
		}
		b.searchRowID = last
	}
	b.searchRowID++
	return b.searchRowID
}
