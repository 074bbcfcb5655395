package sqldb

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"fmt"
	"strings"
	"time"

	"kith"
	"kith/quality"
)

// Bulk loads many generated rows (demo data, benchmark councils) straight
// into the schema. The service methods open one durable transaction per
// change, check access, audit every step and hash every password, which is
// right for people typing and far too slow for sixty thousand cases. Bulk
// writes the same rows those methods would have written — the same
// allocation kinds, key event summaries, search keys, versions and
// reference counter, and records with their bodies, content hashes and
// search index entries — so the application cannot tell loaded cases from
// typed ones, but buffers them and writes them as multi-row inserts in one
// transaction per BatchCases cases. (Final records are loaded without the
// saved versions and audit events of their writing: see BulkRecord.)
//
// A batch is written in the background while the caller makes the next
// one (at most one batch is in flight), so making rows and writing them
// share the machine's cores. Mistakes in rows surface as an error from a
// later Case, Commit or Close. Batches already committed stay if a later
// one fails. A Bulk is not safe for concurrent use.
type Bulk struct {
	db       *DB
	ctx      context.Context
	err      error
	inflight chan error // the result of the batch being written, if any

	// BatchCases is how many cases go into one transaction.
	BatchCases int
	pending    int

	tables []*bulkTable
	// searchRowID is the last search_rowid handed out.
	searchRowID int64
	// timeliness is the settings records are judged by; counts are the
	// timeliness report's counts, written when the load closes.
	timeliness *timelinessState
	counts     map[timelinessCount]int
	byName     map[string]*bulkTable
	teamNames  map[string]string
	userNames  map[string]string
	terms      map[string]bool
	// words is the search vocabulary of the final records loaded.
	words map[string]bool
	// counters holds, per year, the last case reference number used; dirty
	// marks the years to write back at the next commit.
	counters map[int]int
	dirty    map[int]bool
	// restore holds the SQLite settings to put back when the load ends;
	// searchTuned says the search index's settings need putting back too.
	restore     map[string]string
	searchTuned bool
	// chained says the schema has the hash chains (migration 00024): a
	// load into an older schema leaves its rows for the migration to
	// chain.
	chained bool
	// episodes says the schema has the episodes table (migration 00039),
	// identities the child_identities table (00037), assessments the
	// assessments table (00040), section47s the section47s table (00041)
	// and conferencePlans the columns plans keep of a conference (00042).
	// workerEpisodes the social worker episodes' columns (00046), and
	// permanence the previous permanence table (00047), health the
	// health outcomes table (00048), leaving the care leavers' (00049)
	// and adoption the adoption tables (00050).
	episodes, identities, assessments, section47s, conferencePlans, workerEpisodes, permanence, health, leaving, adoption bool
	// care is whether the looked-after tables are there (00043), and
	// frontDoor the contacts and early help assessments (00051).
	care, frontDoor bool
	// permanencePlans says the schema has the permanence plans (00053).
	permanencePlans bool
	// households are the adopters register's households added, by
	// reference (migration 00052; nil before it), and householdNumbers
	// the last number used in each year.
	households       map[string]kith.AdopterHousehold
	householdNumbers map[int]int
}

// DefaultBulkBatch is the number of cases per transaction: large enough that
// commits are rare, small enough that a batch's rows fit easily in memory.
const DefaultBulkBatch = 2000

// bulkParams bounds the parameters of one INSERT statement. PostgreSQL
// takes large statements well (each is a round trip). On SQLite the
// statements use anonymous parameters (?), which the driver binds by
// position: numbered ones ($1) it looks up by name, one by one in the
// statement's list of names, so their cost grows with the square of the
// parameters. SQLite allows 32,766 parameters; a few thousand are enough
// that the statement's overhead no longer shows.
var bulkParams = map[Dialect]int{SQLite: 4000, Postgres: 8000}

// bulkTable buffers the rows of one table until the batch commits.
type bulkTable struct {
	name, cols, suffix string
	ncols, perStmt     int
	args               []any
	rows, total        int
	// anonymous makes the placeholders ? (SQLite) rather than $n.
	anonymous bool
}

// bulkBatch is a batch handed to the background writer: every table's
// rows, and the reference counters to move on.
type bulkBatch struct {
	args     [][]any
	rows     []int
	counters map[int]int
}

// conferencePlanCols are the columns a plan keeps of the conference that
// made it (migration 00042), left out when loading into an older schema.
const conferencePlanCols = ", section47_id, initial_category, latest_category, core_group_on"

// sweUserCols and workerChangeCols are the social worker episodes' columns
// (migration 00046), left out when loading into an older schema.
const (
	sweUserCols      = ", swe_number"
	workerChangeCols = ", worker_change_reason"
)

// bulkSchema lists the tables Bulk writes in an order that respects their
// foreign keys, so flushing them in this order never refers forward.
var bulkSchema = []struct{ name, cols, suffix string }{
	{"services", "id, name, created_at", ""},
	{"teams", "id, name, service_id, created_at", ""},
	{"users", "id, username, display_name, email, job_title, password_hash, created_at, updated_at" + sweUserCols, ""},
	{"user_roles", "user_id, role", ""},
	{"team_members", "team_id, user_id", ""},
	{"team_managers", "team_id, user_id", ""},
	{"service_managers", "service_id, user_id", ""},
	{"professionals", "id, name, role, agency, phone, email, created_at, updated_at", ""},
	{"people", "id, first_name, last_name, known_as, date_of_birth, gender, nhs_number, created_at, updated_at, created_by", ""},
	{"person_name_keys", "key, person_id", ""},
	{"name_terms", "term", " ON CONFLICT (term) DO NOTHING"},
	{"person_names", "name, person_id", " ON CONFLICT DO NOTHING"},
	{"addresses", "id, person_id, line1, line2, town, postcode, from_date, to_date, created_at, created_by", ""},
	{"phones", "id, person_id, number, digits, digits_rev, kind, from_date, to_date, created_at, created_by", ""},
	{"cases", "id, reference, ref_number, child_id, state, opened_on, closed_on, close_reason, team_id, worker_id, allocated_at, restricted, version, created_at, updated_at", ""},
	{"allocations", "id, case_id, kind, team_id, worker_id, started_at, ended_at, reason, by_user_id" + workerChangeCols, ""},
	{"child_identities", "person_id, version, local_child_id, upn, former_upn, upn_unknown, sex, ethnicity, disabilities, date_of_death, uasc, uasc_ceased, recorded_at, recorded_by", ""},
	{"episodes", "id, case_id, number, referral_at, source, primary_need, decision, decided_on, decided_by, closed_on, close_reason, version, created_at", ""},
	{"assessments", "id, case_id, episode_id, started_on, factors, authorised_on, authorised_by, late_reason, version, created_at, created_by", ""},
	{"status_periods", "id, case_id, kind, started_on, ended_on, created_at, created_by, ended_by", ""},
	{"care_episodes", "id, case_id, started_on, reason_new, legal_status, category_of_need, placement_type, provider, urn, home_postcode, " +
		"placement_postcode, ended_on, reason_ended, reason_place_change, version, created_at, created_by", ""},
	{"cla_reviews", "id, case_id, held_on, participation, created_at, created_by", ""},
	{"missing_episodes", "id, case_id, kind, started_on, ended_on, interview_offered, interview_accepted, version, created_at, created_by", ""},
	{"previous_permanence", "case_id, period_start, option_code, la, order_date, version, recorded_at, recorded_by", ""},
	{"permanence_plans", "case_id, period_start, plan, agreed_on, version, recorded_at, recorded_by", ""},
	{"health_outcomes", "case_id, year_start, " + healthCols + ", version, recorded_at, recorded_by", ""},
	{"adoption_decisions", "id, case_id, decided_on, reversed_on, reversal_reason, version, recorded_at, recorded_by", ""},
	{"adopter_households", "id, reference, ref_year, ref_number, fostering_for_adoption, enquiry_on, stage1_started_on, stage1_ended_on, " +
		"stage2_started_on, stage2_ended_on, application_on, approved_on, left_on, left_reason, version, recorded_at, recorded_by", ""},
	{"adopters", "household_id, position, name, sex, ethnicity, disabled", ""},
	{"adoption_matches", "case_id, period_start, matched_on, adopters, adopters_sex, adopters_status, version, recorded_at, recorded_by" + matchHouseholdCol, ""},
	{"care_leaver_outcomes", "case_id, year_start, in_touch, activity, accommodation, suitable, version, recorded_at, recorded_by", ""},
	{"contacts", "id, case_id, contact_on, source, outcome, version, recorded_at, recorded_by", ""},
	{"early_help_assessments", "id, case_id, started_on, completed_on, organisation, version, recorded_at, recorded_by", ""},
	{"relationships", "id, child_id, person_id, kind, lives_with_child, parental_responsibility, notes, started_on, ended_on, version, created_at, updated_at, created_by", ""},
	{"involvements", "id, case_id, professional_id, note, started_on, ended_on, created_at, created_by", ""},
	{"warnings", "id, case_id, kind, detail, review_on, person_id, created_at, created_by, ended_on, end_reason, ended_by, version", ""},
	{"case_access_list", "case_id, user_id, added_at, added_by", ""},
	{"records", bulkRecordCols, ""},
	// After records, the enquiries started at strategy discussions; then
	// the plans, which may have come from an enquiry's conference.
	{"section47s", "id, case_id, episode_id, strategy_record_id, started_on, outcome, concluded_on, no_conference_reason, conference_on, " +
		"conference_decision, version, created_at, created_by", ""},
	{"plans", "id, case_id, kind, started_on, review_on, ended_on, end_reason, version, created_by, created_at, updated_at" + conferencePlanCols, ""},
	{"objectives", "id, plan_id, case_id, position, change, measure, owner_kind, owner_id, owner_name, owner_role, owner_agency, due_on, status, version, created_by, created_at, updated_at", ""},
	{"plan_reviews", "id, plan_id, held_on, next_review_on, notes, by_user_id, created_at", ""},
	// After records: a key event made by a record refers to it.
	{"key_events", "id, case_id, kind, occurred_at, summary, by_user_id, created_at, record_id", ""},
	{"record_timeliness", "record_id, case_id, team_id, author_id, template_key, risk_identified, event_on, due_on, clock_key, rule, " +
		"finalised_on, working_days_taken, working_days_late, settings_version", ""},
	{"actions", "id, case_id, what, owner_kind, owner_id, owner_name, due_on, source_kind, source_record_id, status, outcome, closed_on, closed_by, " +
		"version, created_by, created_at, updated_at, source_name, source_on", ""},
	{"case_facts", "case_id, placement_on, last_visit_on, last_seen_on, last_seen_alone_on, last_summary_on, last_oversight_on", ""},
	{"record_versions", "record_id, version, saved_at, saved_by, headline, occurred_at, content", ""},
	{"audit_events", "id, at, user_id, action, case_id, subject_type, subject_id, detail, via", ""},
	// Last: the final records and audit events above, to add to the hash
	// chains before the batch commits (chainBacklogBatch).
	{"chain_backlog", "chain, subject_id", ""},
}

// Bulk starts a bulk load. Close it to write the last batch.
func (db *DB) Bulk(ctx context.Context) (*Bulk, error) {
	b := &Bulk{db: db, ctx: ctx, BatchCases: DefaultBulkBatch, byName: map[string]*bulkTable{},
		teamNames: map[string]string{}, userNames: map[string]string{}, terms: map[string]bool{}, words: map[string]bool{},
		counters: map[int]int{}, dirty: map[int]bool{}}
	for _, s := range bulkSchema {
		t := &bulkTable{name: s.name, cols: s.cols, suffix: s.suffix, ncols: strings.Count(s.cols, ",") + 1}
		t.perStmt = max(1, bulkParams[db.Dialect]/t.ncols)
		t.anonymous = db.Dialect == SQLite
		b.tables = append(b.tables, t)
		b.byName[s.name] = t
	}
	var heads int
	b.chained = db.writer.QueryRowContext(ctx, `SELECT COUNT(*) FROM chain_heads`).Scan(&heads) == nil
	// A schema from before episodes (a test loading into an older Kith's
	// schema) gets them from the migration that adds them.
	b.episodes = db.writer.QueryRowContext(ctx, `SELECT COUNT(*) FROM episodes WHERE 1 = 0`).Scan(&heads) == nil
	b.identities = db.writer.QueryRowContext(ctx, `SELECT COUNT(*) FROM child_identities WHERE 1 = 0`).Scan(&heads) == nil
	b.assessments = db.writer.QueryRowContext(ctx, `SELECT COUNT(*) FROM assessments WHERE 1 = 0`).Scan(&heads) == nil
	b.section47s = db.writer.QueryRowContext(ctx, `SELECT COUNT(*) FROM section47s WHERE 1 = 0`).Scan(&heads) == nil
	b.care = db.writer.QueryRowContext(ctx, `SELECT COUNT(*) FROM care_episodes WHERE 1 = 0`).Scan(&heads) == nil
	b.conferencePlans = db.writer.QueryRowContext(ctx, `SELECT COUNT(*) FROM plans WHERE section47_id IS NULL AND 1 = 0`).Scan(&heads) == nil
	b.permanence = db.writer.QueryRowContext(ctx, `SELECT COUNT(*) FROM previous_permanence WHERE 1 = 0`).Scan(&heads) == nil
	b.permanencePlans = db.writer.QueryRowContext(ctx, `SELECT COUNT(*) FROM permanence_plans WHERE 1 = 0`).Scan(&heads) == nil
	b.health = db.writer.QueryRowContext(ctx, `SELECT COUNT(*) FROM health_outcomes WHERE 1 = 0`).Scan(&heads) == nil
	b.leaving = db.writer.QueryRowContext(ctx, `SELECT COUNT(*) FROM care_leaver_outcomes WHERE 1 = 0`).Scan(&heads) == nil
	b.adoption = db.writer.QueryRowContext(ctx, `SELECT COUNT(*) FROM adoption_decisions WHERE 1 = 0`).Scan(&heads) == nil
	b.frontDoor = db.writer.QueryRowContext(ctx, `SELECT COUNT(*) FROM contacts WHERE 1 = 0`).Scan(&heads) == nil
	if db.writer.QueryRowContext(ctx, `SELECT COUNT(*) FROM adopter_households WHERE 1 = 0`).Scan(&heads) == nil {
		b.households, b.householdNumbers = map[string]kith.AdopterHousehold{}, map[int]int{}
	} else {
		b.dropCols("adoption_matches", matchHouseholdCol)
	}
	b.workerEpisodes = db.writer.QueryRowContext(ctx, `SELECT COUNT(*) FROM users WHERE swe_number = '' AND 1 = 0`).Scan(&heads) == nil
	if !b.conferencePlans {
		b.dropCols("plans", conferencePlanCols)
	}
	if !b.workerEpisodes {
		b.dropCols("users", sweUserCols)
		b.dropCols("allocations", workerChangeCols)
	}
	if db.Dialect == SQLite {
		if err := b.tune(); err != nil {
			return nil, err
		}
	}
	return b, nil
}

// dropCols leaves a table's last columns out of the load, for an older
// schema without them; rows are cut to fit as they are added.
func (b *Bulk) dropCols(table, cols string) {
	t := b.byName[table]
	t.cols = strings.TrimSuffix(t.cols, cols)
	t.ncols = strings.Count(t.cols, ",") + 1
	t.perStmt = max(1, bulkParams[b.db.Dialect]/t.ncols)
}

// bulkPragmas make a large load into SQLite cheaper: each multi-row insert
// keeps a statement journal (so it can be undone alone), which by default
// is a temporary file written page by page; the default page cache (2 MB)
// is far smaller than the indexes being filled (a batch of a council's
// running records is several hundred megabytes); and synchronous=NORMAL
// syncs the write-ahead log at checkpoints rather than at every commit.
// The settings belong to the writer's one connection and are put back
// when the load ends. The database stays consistent whatever happens; a
// power cut during a load may lose its last batches, which a load that
// failed part way would have to make again anyway.
var bulkPragmas = []struct{ name, value string }{
	{"temp_store", "MEMORY"},
	{"cache_size", "-1048576"}, // 1 GiB
	{"synchronous", "NORMAL"},
}

func (b *Bulk) tune() error {
	b.restore = map[string]string{}
	for _, p := range bulkPragmas {
		var old string
		if err := b.db.writer.QueryRowContext(b.ctx, "PRAGMA "+p.name).Scan(&old); err != nil {
			return fmt.Errorf("bulk: read %s: %w", p.name, err)
		}
		b.restore[p.name] = old
		if _, err := b.db.writer.ExecContext(b.ctx, "PRAGMA "+p.name+" = "+p.value); err != nil {
			return fmt.Errorf("bulk: set %s: %w", p.name, err)
		}
	}
	return b.tuneSearch()
}

func (b *Bulk) untune() {
	b.untuneSearch()
	for _, p := range bulkPragmas {
		if old, ok := b.restore[p.name]; ok {
			if _, err := b.db.writer.ExecContext(context.WithoutCancel(b.ctx), "PRAGMA "+p.name+" = "+old); err != nil {
				b.db.Log.Error("bulk: restore pragma", "pragma", p.name, "err", err)
			}
		}
	}
	b.restore = nil
}

// Rows returns how many rows of a table this load has written or buffered.
func (b *Bulk) Rows(table string) int {
	if t := b.byName[table]; t != nil {
		return t.total
	}
	return 0
}

func (b *Bulk) add(table string, args ...any) {
	t := b.byName[table]
	switch {
	case !b.chained:
	case table == "audit_events":
		b.add("chain_backlog", string(kith.ChainAudit), args[0])
	case table == "records":
		if args[10] != string(kith.RecordDraft) {
			b.add("chain_backlog", string(kith.ChainRecords), args[0])
		}
	}
	for _, v := range args[:min(len(args), t.ncols)] { // an older schema's table may have fewer columns
		t.args = append(t.args, b.arg(v))
	}
	t.rows++
	t.total++
}

// arg turns Kith's column valuers (ts, dt, nullString) into plain driver
// values once, as the row is buffered. SQLite gets exactly the text the
// valuers write; PostgreSQL gets times and dates as time.Time, which pgx
// sends in binary instead of trying, and failing, to do so with text.
func (b *Bulk) arg(v any) any {
	pg := b.db.Dialect == Postgres
	switch x := v.(type) {
	case ts:
		if t := time.Time(x); pg && !t.IsZero() {
			return t.UTC()
		}
	case dt:
		if d := kith.Date(x); pg && !d.IsZero() {
			return time.Date(d.Year, d.Month, d.Day, 0, 0, 0, 0, time.UTC)
		}
	case nullString:
	default:
		return v
	}
	out, _ := v.(driver.Valuer).Value() // these valuers never fail
	return out
}

// fail records the first error; every later call returns it.
func (b *Bulk) fail(err error) error {
	if b.err == nil {
		b.err = err
	}
	return b.err
}

// Commit hands the buffered rows to be written and committed in the
// background, after the previous batch has been.
func (b *Bulk) Commit() error {
	if err := b.wait(); err != nil {
		return err
	}
	batch := b.take()
	done := make(chan error, 1)
	b.inflight = done
	go func() { done <- b.write(batch) }()
	b.pending = 0
	return nil
}

// wait waits for the batch being written and returns its error, or an
// earlier one.
func (b *Bulk) wait() error {
	if b.inflight != nil {
		err := <-b.inflight
		b.inflight = nil
		if err != nil {
			return b.fail(err)
		}
	}
	return b.err
}

// Close writes what is buffered and ends the load.
func (b *Bulk) Close() error {
	defer b.untune()
	if err := b.wait(); err != nil {
		return err
	}
	if err := b.write(b.take()); err != nil {
		return b.fail(err)
	}
	b.err = errBulkClosed
	if err := b.writeTimelinessCounts(); err != nil {
		return err
	}
	if err := b.writeSearchWords(); err != nil {
		return err
	}
	// An action given to a professional is stored with their role and
	// agency, as one made through a form is, so that the family version of
	// a summary can say who (a GP, Oak School), not "someone outside the
	// family".
	if _, err := b.db.writer.ExecContext(b.ctx, `UPDATE actions SET
		owner_role = COALESCE((SELECT p.role FROM professionals p WHERE p.id = actions.owner_id), ''),
		owner_agency = COALESCE((SELECT p.agency FROM professionals p WHERE p.id = actions.owner_id), '')
		WHERE owner_kind = 'professional' AND owner_role = '' AND owner_agency = ''`); err != nil {
		return fmt.Errorf("bulk: the roles of professionals given actions: %w", err)
	}
	// Give the query planner statistics for the tables just filled (and,
	// on PostgreSQL, the visibility map that index-only scans rely on), as
	// autovacuum or SQLite's optimize would in time, so the first queries
	// after a load run as well as later ones.
	stmt := "ANALYZE"
	if b.db.Dialect == Postgres {
		stmt = "VACUUM ANALYZE"
	}
	if _, err := b.db.writer.ExecContext(b.ctx, stmt); err != nil {
		return fmt.Errorf("bulk: %s: %w", strings.ToLower(stmt), err)
	}
	if b.db.Dialect == SQLite {
		if err := b.db.forgetSamples(b.ctx); err != nil {
			return err
		}
	}
	return b.optimizeSearch()
}

// optimizeSearch merges the segments a load wrote into SQLite's full-text
// index into one, as years of steady use would have merged them. Left as a
// pile of large half-merged segments, the next few finalised records would
// each carry some of a merge of hundreds of megabytes: a stall of seconds
// that no council whose index grew record by record would see.
func (b *Bulk) optimizeSearch() error {
	if b.db.Dialect != SQLite || b.Rows("records") == 0 {
		return nil
	}
	if _, err := b.db.writer.ExecContext(b.ctx, `INSERT INTO record_search (record_search) VALUES ('optimize')`); err != nil {
		return fmt.Errorf("bulk: optimize the search index: %w", err)
	}
	return nil
}

var errBulkClosed = fmt.Errorf("bulk: load closed")

// Rollback abandons the rows not yet committed and ends the load.
func (b *Bulk) Rollback() {
	if b.inflight != nil {
		<-b.inflight
		b.inflight = nil
	}
	b.untune()
	if b.err == nil {
		b.err = fmt.Errorf("bulk: load abandoned")
	}
}

// take moves the buffered rows into a batch, leaving empty buffers.
func (b *Bulk) take() *bulkBatch {
	batch := &bulkBatch{counters: map[int]int{}}
	for _, t := range b.tables {
		batch.args = append(batch.args, t.args)
		batch.rows = append(batch.rows, t.rows)
		t.args, t.rows = make([]any, 0, cap(t.args)), 0
	}
	for year := range b.dirty {
		batch.counters[year] = b.counters[year]
	}
	clear(b.dirty)
	return batch
}

// write writes a batch in one transaction: table by table in foreign key
// order, then the case reference counters, moved on to the last number
// used.
func (b *Bulk) write(batch *bulkBatch) (err error) {
	// One connection for the batch, so that rows sent by COPY (which
	// database/sql knows nothing of) go into the batch's transaction.
	conn, err := b.db.writer.Conn(b.ctx)
	if err != nil {
		return fmt.Errorf("bulk: connect: %w", err)
	}
	defer conn.Close()
	tx, err := conn.BeginTx(b.ctx, nil)
	if err != nil {
		return fmt.Errorf("bulk: begin: %w", err)
	}
	defer func() {
		if err != nil {
			_ = tx.Rollback()
		}
	}()
	for i, t := range b.tables {
		args, rows := batch.args[i], batch.rows[i]
		switch {
		case t.name == "records" && t.copies(b.db.Dialect):
			err = b.copyRecords(b.ctx, conn, tx, t, args, rows)
		case t.name == "records":
			err = b.insertRecords(b.ctx, tx, t, args, rows)
		case t.copies(b.db.Dialect):
			err = copyRows(b.ctx, conn, t.name, columnList(t.cols), args, rows)
		default:
			err = t.insert(b.ctx, tx, args, rows)
		}
		if err != nil {
			return err
		}
	}
	// The batch's final records and audit events join their chains in
	// the batch's own transaction, as each would had it been written by
	// hand.
	for b.chained {
		n, err := chainBacklogBatch(b.ctx, tx, b.db.Dialect, 50000, kith.Chains)
		if err != nil {
			return fmt.Errorf("bulk: %w", err)
		}
		if n == 0 {
			break
		}
	}
	for year, n := range batch.counters {
		_, err := tx.ExecContext(b.ctx, `INSERT INTO counters (name, value) VALUES ($1, $2)
			ON CONFLICT (name) DO UPDATE SET value = CASE WHEN counters.value > excluded.value THEN counters.value ELSE excluded.value END`,
			fmt.Sprintf("case_reference:%d", year), n)
		if err != nil {
			return fmt.Errorf("bulk: case reference counter: %w", err)
		}
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("bulk: commit: %w", err)
	}
	return nil
}

// insert writes rows of the table as multi-row INSERTs, the full-size one
// prepared once per transaction.
func (t *bulkTable) insert(ctx context.Context, tx *sql.Tx, args []any, rows int) error {
	var full *sql.Stmt
	for start := 0; start < rows; start += t.perStmt {
		n := min(t.perStmt, rows-start)
		part := args[start*t.ncols : (start+n)*t.ncols]
		var err error
		if n == t.perStmt {
			if full == nil {
				if full, err = tx.PrepareContext(ctx, t.insertSQL(n)); err != nil {
					return fmt.Errorf("bulk: prepare %s: %w", t.name, err)
				}
				defer full.Close()
			}
			_, err = full.ExecContext(ctx, part...)
		} else {
			_, err = tx.ExecContext(ctx, t.insertSQL(n), part...)
		}
		if err != nil {
			return fmt.Errorf("bulk: insert %s: %w", t.name, err)
		}
	}
	return nil
}

func (t *bulkTable) insertSQL(rows int) string {
	var s strings.Builder
	s.WriteString("INSERT INTO " + t.name + " (" + t.cols + ") VALUES ")
	for r := 0; r < rows; r++ {
		if r > 0 {
			s.WriteString(", ")
		}
		if t.anonymous {
			s.WriteString("(" + strings.Repeat("?, ", t.ncols-1) + "?)")
		} else {
			s.WriteString("(" + placeholders(r*t.ncols+1, t.ncols) + ")")
		}
	}
	s.WriteString(t.suffix)
	return s.String()
}

// Service adds a service.
func (b *Bulk) Service(name string, at time.Time) (string, error) {
	if b.err != nil {
		return "", b.err
	}
	in := kith.ServiceInput{Name: name}
	if err := in.Validate(); err != nil {
		return "", b.fail(fmt.Errorf("bulk: service %q: %w", name, err))
	}
	id := newID()
	b.add("services", id, in.Name, ts(at))
	return id, b.err
}

// Team adds a team to a service.
func (b *Bulk) Team(name, serviceID string, at time.Time) (string, error) {
	if b.err != nil {
		return "", b.err
	}
	in := kith.TeamInput{Name: name, ServiceID: serviceID}
	if err := in.Validate(); err != nil {
		return "", b.fail(fmt.Errorf("bulk: team %q: %w", name, err))
	}
	id := newID()
	b.add("teams", id, in.Name, serviceID, ts(at))
	b.teamNames[id] = in.Name
	return id, b.err
}

// BulkUser is a user to load. PasswordHash is a hash from kith/password,
// usually one hash shared by every demo user: hashing is deliberately slow.
type BulkUser struct {
	Username, DisplayName, Email, JobTitle string
	SWENumber                              string
	PasswordHash                           string
	Roles                                  []kith.Role
	TeamIDs                                []string
	CreatedAt                              time.Time
}

// User adds a user with roles and team memberships.
func (b *Bulk) User(u BulkUser) (string, error) {
	if b.err != nil {
		return "", b.err
	}
	in := kith.UserInput{Username: u.Username, DisplayName: u.DisplayName, Email: u.Email, JobTitle: u.JobTitle, SWENumber: u.SWENumber, Roles: u.Roles}
	in.Clean()
	if err := in.Validate(); err != nil {
		return "", b.fail(fmt.Errorf("bulk: user %q: %w", u.Username, err))
	}
	id := newID()
	b.add("users", id, in.Username, in.DisplayName, in.Email, in.JobTitle, u.PasswordHash, ts(u.CreatedAt), ts(u.CreatedAt), in.SWENumber)
	seen := map[kith.Role]bool{}
	for _, r := range in.Roles {
		if !seen[r] {
			seen[r] = true
			b.add("user_roles", id, string(r))
		}
	}
	for _, t := range dedupe(u.TeamIDs) {
		b.add("team_members", t, id)
	}
	b.userNames[id] = in.DisplayName
	return id, b.err
}

// ManageTeam makes a user a manager of a team. Like UpdateTeam, it expects
// the user to hold the team manager role; unlike it, it does not check.
func (b *Bulk) ManageTeam(teamID, userID string) error {
	if b.err != nil {
		return b.err
	}
	b.add("team_managers", teamID, userID)
	return nil
}

// ManageService makes a user a manager of a service.
func (b *Bulk) ManageService(serviceID, userID string) error {
	if b.err != nil {
		return b.err
	}
	b.add("service_managers", serviceID, userID)
	return nil
}

// Professional adds a professional, to be involved with many cases.
func (b *Bulk) Professional(p kith.Professional, at time.Time) (string, error) {
	if b.err != nil {
		return "", b.err
	}
	in := kith.ProfessionalInput{Name: p.Name, Role: p.Role, Agency: p.Agency, Phone: p.Phone, Email: p.Email}
	if err := in.Validate(); err != nil {
		return "", b.fail(fmt.Errorf("bulk: professional %q: %w", p.Name, err))
	}
	id := newID()
	b.add("professionals", id, in.Name, in.Role, in.Agency, in.Phone, in.Email, ts(at), ts(at))
	return id, b.err
}

// Person adds a person with their addresses and phone numbers, recorded at
// a time by a user (by may be ""). It fills in the ids of p, its addresses
// and its phones. The details are checked as the forms check them, so a
// loaded person could have been typed.
func (b *Bulk) Person(p *kith.Person, at time.Time, by string) error {
	if b.err != nil {
		return b.err
	}
	today := kith.Today(at)
	in := kith.PersonInput{FirstName: p.FirstName, LastName: p.LastName, KnownAs: p.KnownAs, DateOfBirth: p.DateOfBirth, Gender: p.Gender, NHSNumber: p.NHSNumber}
	if err := in.ValidateAdult(today); err != nil {
		return b.fail(fmt.Errorf("bulk: person %q: %w", p.FullName(), err))
	}
	p.ID, p.Version = newID(), 1
	p.FirstName, p.LastName, p.KnownAs, p.NHSNumber = in.FirstName, in.LastName, in.KnownAs, in.NHSNumber
	b.add("people", p.ID, in.FirstName, in.LastName, in.KnownAs, dt(in.DateOfBirth), string(in.Gender), in.NHSNumber, ts(at), ts(at), nullString(by))
	keys, terms := NameKeys(in.FirstName, in.LastName, in.KnownAs)
	for _, k := range keys {
		b.add("person_name_keys", k, p.ID)
	}
	for _, k := range quality.NameKeys(in.FirstName, in.LastName, in.KnownAs) {
		b.add("person_names", k, p.ID)
	}
	for _, t := range terms {
		if !b.terms[t] {
			b.terms[t] = true
			b.add("name_terms", t)
		}
	}
	for i := range p.Addresses {
		a := &p.Addresses[i]
		when, day := recordedFrom(at, a.FromDate)
		ain := kith.AddressInput{Line1: a.Line1, Line2: a.Line2, Town: a.Town, Postcode: a.Postcode, FromDate: a.FromDate}
		if err := ain.Validate(day); err != nil {
			return b.fail(fmt.Errorf("bulk: address of %q: %w", p.FullName(), err))
		}
		if !a.ToDate.IsZero() && a.ToDate.Before(a.FromDate) {
			return b.fail(fmt.Errorf("bulk: address of %q ends before it starts", p.FullName()))
		}
		from := a.FromDate
		if from.IsZero() {
			from = day
		}
		a.ID, a.Line1, a.Line2, a.Town, a.Postcode, a.FromDate = newID(), ain.Line1, ain.Line2, ain.Town, ain.Postcode, from
		b.add("addresses", a.ID, p.ID, a.Line1, a.Line2, a.Town, a.Postcode, dt(a.FromDate), dt(a.ToDate), ts(when), nullString(by))
	}
	for i := range p.Phones {
		ph := &p.Phones[i]
		when, day := recordedFrom(at, ph.FromDate)
		pin := kith.PhoneInput{Number: ph.Number, Kind: ph.Kind, FromDate: ph.FromDate}
		if err := pin.Validate(day); err != nil {
			return b.fail(fmt.Errorf("bulk: phone of %q: %w", p.FullName(), err))
		}
		from := ph.FromDate
		if from.IsZero() {
			from = day
		}
		ph.ID, ph.Number, ph.Kind, ph.FromDate = newID(), pin.Number, pin.Kind, from
		digits := pin.Digits()
		b.add("phones", ph.ID, p.ID, pin.Number, digits, reverse(digits), string(pin.Kind), dt(ph.FromDate), dt(ph.ToDate), ts(when), nullString(by))
	}
	return nil
}

// recordedFrom is when an address or number that began on from was
// recorded for a person recorded at "at": with the person, or, if it began
// later (a child's placement), on the day it began, as AddAddress would
// have recorded it then.
func recordedFrom(at time.Time, from kith.Date) (time.Time, kith.Date) {
	today := kith.Today(at)
	if from.After(today) {
		return time.Date(from.Year, from.Month, from.Day, 12, 0, 0, 0, kith.London).UTC(), from
	}
	return at, today
}

// BulkCase is one case to load: the child (already added with Person), the
// team that opened it and everything that happened to it since. Bulk works
// out what the service methods would have recorded — allocation periods,
// key events and their summaries, the case's final team, worker, state and
// version — from the history.
type BulkCase struct {
	// ID and Reference are filled in by Case; the reference is the next in
	// the year the case opened, as CreateCase would give it.
	ID, Reference string

	ChildID  string
	TeamID   string    // the team that opened the case
	OpenedOn kith.Date // the date the case opened
	OpenedAt time.Time // when it was recorded, on or after OpenedOn
	OpenedBy string    // user id, or "" for the system

	// Referral is the referral that opened the case's first episode, and
	// Decision the decision on it, if known (else the episode starts on the
	// day the case opened, with no referral recorded).
	Referral *kith.EpisodeReferralInput
	Decision *BulkDecision
	// Assessment is the child and family assessment in the first episode.
	Assessment *BulkAssessment
	// Section47 is a section 47 enquiry, started at one of Records.
	Section47 *BulkSection47
	// Care is the child's looked-after history, if they have been looked
	// after.
	Care *BulkCare
	// Contacts are contacts to the front door that were not referrals, and
	// EarlyHelp early help assessments, each recorded on its day by the
	// user who opened the case.
	Contacts  []kith.ContactInput
	EarlyHelp []kith.EarlyHelpAssessmentInput
	// Identity is the child's identity items for the returns, recorded
	// (as their first version) when the case opened.
	Identity *kith.ChildIdentityInput

	// History is what managers did to the case after it opened, in time
	// order: allocations and transfers, closures and reopenings.
	History []BulkChange

	Statuses     []BulkStatus
	Network      []BulkRelationship
	Involvements []BulkInvolvement
	Warnings     []BulkWarning
	// Plans are the child's plans in the order they started; at most the
	// last may still be current.
	Plans []BulkPlan
	// Records are the case's running record, final records and drafts.
	Records []BulkRecord

	// RestrictedAt, when set, is when a manager (RestrictedBy) restricted
	// the case. As SetRestricted does, the manager and the worker holding
	// the case then go on its access list, and so does every worker it is
	// allocated to later; AccessList names anyone else to add at that time.
	RestrictedAt time.Time
	RestrictedBy string
	AccessList   []string

	facts *kith.CaseFacts // the clock dates its final records set
}

// BulkChangeKind is what a manager did in a BulkChange.
type BulkChangeKind int

// The changes a manager makes to a case, as Allocate, CloseCase and
// ReopenCase make them.
const (
	BulkAllocate BulkChangeKind = iota // allocate, transfer or unallocate
	BulkClose
	BulkReopen
)

// BulkChange is one step in a case's history.
type BulkChange struct {
	Kind BulkChangeKind
	At   time.Time
	By   string // user id of the manager

	// BulkAllocate: the team and worker (empty: held by the team) and the
	// reason, which a move between teams needs; WorkerChangeReason is the
	// 903's reason for a change of social worker (not needed for the
	// first since the referral, which is FCONTA).
	TeamID, WorkerID   string
	WorkerChangeReason string
	// Reason is why (allocations and reopenings) or, for BulkClose, the
	// closure reason code (RC1…RC9).
	Reason string
	// BulkClose: the date it closed and an optional note.
	ClosedOn kith.Date
	Note     string
	// Referral is, for BulkReopen, the new referral that starts the next
	// episode (ReferralAt defaults to At). Without a Source the episode's
	// referral is not recorded, as for a case moved from another system.
	Referral kith.EpisodeReferralInput
	// Decision is, for BulkReopen, the decision on that referral.
	Decision *BulkDecision
}

// BulkStatus is a status period. A period left without an end ends with
// the first closure of the case after it was recorded, as CloseCase ends
// every current status.
type BulkStatus struct {
	Kind      kith.StatusKind
	StartedOn kith.Date
	StartedAt time.Time // when it was recorded
	StartedBy string
	EndedOn   kith.Date
	EndedAt   time.Time
	EndedBy   string
	// EndedWithCase: the period ended because the case closed (on
	// EndedOn), so it has no key event of its own.
	EndedWithCase bool
}

// BulkRelationship links a person (added with Person) to the case's child.
type BulkRelationship struct {
	PersonID               string
	Kind                   kith.RelationshipKind
	LivesWithChild         bool
	ParentalResponsibility kith.Answer
	Notes                  string
	StartedOn, EndedOn     kith.Date
	At                     time.Time
	By                     string
}

// BulkInvolvement is a professional's involvement with the case.
type BulkInvolvement struct {
	ProfessionalID     string
	Note               string
	StartedOn, EndedOn kith.Date
	At                 time.Time
	By                 string
}

// BulkWarning is a warning on the case.
type BulkWarning struct {
	Kind      kith.WarningKind
	Detail    string
	ReviewOn  kith.Date
	PersonID  string
	At        time.Time
	By        string
	EndedOn   kith.Date
	EndReason string
	EndedBy   string
}

// BulkPlan is one of the child's plans, with its objectives and the
// reviews held.
type BulkPlan struct {
	Kind      kith.PlanKind
	StartedOn kith.Date
	ReviewOn  kith.Date // the next review, or the one due when it ended
	EndedOn   kith.Date
	EndReason string
	At        time.Time // when it was recorded
	By        string    // user id
	// Objectives are what should change; their owners are people in the
	// network, professionals or the worker, by name.
	Objectives []BulkObjective
	Reviews    []BulkPlanReview

	// Category is, for a child protection plan not made at a conference
	// recorded in Kith (one from before Kith, say), the category of abuse
	// it was made under.
	Category string

	// section47ID and category are the enquiry whose conference made the
	// plan, and the category of abuse it decided; coreGroupOn is when its
	// first core group met (linkConferencePlan).
	section47ID, category string
	coreGroupOn           kith.Date
}

// BulkObjective is one objective of a BulkPlan.
type BulkObjective struct {
	Change, Measure string
	Owner           kith.Owner
	DueOn           kith.Date
	Status          kith.ObjectiveStatus
}

// BulkPlanReview is a review held of a BulkPlan.
type BulkPlanReview struct {
	HeldOn, NextReviewOn kith.Date
	Notes                string
	By                   string
	At                   time.Time
}

// Case adds a case and its history. It commits the batch when BatchCases
// cases are waiting.
func (b *Bulk) Case(c *BulkCase) error {
	if b.err != nil {
		return b.err
	}
	if err := b.addCase(c); err != nil {
		return b.fail(fmt.Errorf("bulk: case of child %s: %w", c.ChildID, err))
	}
	b.pending++
	if b.BatchCases > 0 && b.pending >= b.BatchCases {
		return b.Commit()
	}
	return nil
}

// bulkOnDate is the time of an event the user dated, as Tx.onDate gives it
// for a change recorded at "at": that moment when the date is the day it
// was recorded, otherwise midday in the council's zone on the date.
func bulkOnDate(d kith.Date, at time.Time) time.Time {
	if d.IsZero() || d == kith.Today(at) {
		return at
	}
	return time.Date(d.Year, d.Month, d.Day, 12, 0, 0, 0, kith.London).UTC()
}

func (b *Bulk) teamName(id string) (string, error) {
	if n, ok := b.teamNames[id]; ok {
		return n, nil
	}
	var n string
	if err := b.db.reader.QueryRowContext(b.ctx, `SELECT name FROM teams WHERE id = $1`, id).Scan(&n); err != nil {
		return "", fmt.Errorf("team %s: %w", id, err)
	}
	b.teamNames[id] = n
	return n, nil
}

func (b *Bulk) userName(id string) (string, error) {
	if n, ok := b.userNames[id]; ok {
		return n, nil
	}
	var n string
	if err := b.db.reader.QueryRowContext(b.ctx, `SELECT display_name FROM users WHERE id = $1`, id).Scan(&n); err != nil {
		return "", fmt.Errorf("user %s: %w", id, err)
	}
	b.userNames[id] = n
	return n, nil
}

// nextReference gives the next case reference of a year, reading the
// counter the first time the year is used so that a load into a council
// that already has cases carries on its sequence. (Only this load's
// batches move the counters of years it has used, so the committed value
// read then is the one to carry on from.)
func (b *Bulk) nextReference(year int) (string, int, error) {
	n, ok := b.counters[year]
	if !ok {
		err := b.db.reader.QueryRowContext(b.ctx, `SELECT value FROM counters WHERE name = $1`, fmt.Sprintf("case_reference:%d", year)).Scan(&n)
		if err != nil && !errNoRows(err) {
			return "", 0, fmt.Errorf("case reference counter: %w", err)
		}
	}
	n++
	b.counters[year], b.dirty[year] = n, true
	return kith.Reference(year, n), n, nil
}

// openingEpisode starts a case's first episode, with the referral and the
// decision on it when the case has them, as CreateCase and DecideReferral
// write them.
func (b *Bulk) openingEpisode(c *BulkCase, st *bulkState, start func(kith.EpisodeReferralInput, time.Time),
	event func(kith.KeyEventKind, time.Time, string, string, time.Time)) error {
	r := kith.EpisodeReferralInput{ReferralAt: bulkOnDate(c.OpenedOn, c.OpenedAt)}
	if c.Referral != nil {
		r = *c.Referral
		if err := r.Validate(c.OpenedAt, kith.Date{}, ""); err != nil {
			return fmt.Errorf("the referral of the case opened at %s: %w", c.OpenedAt, err)
		}
		event(kith.EventReferralReceived, r.ReferralAt, "Referral received from "+kith.ReferralSources.Label(r.Source), c.OpenedBy, c.OpenedAt)
	}
	start(r, c.OpenedAt)
	if c.Decision != nil && c.Referral == nil {
		return fmt.Errorf("the decision on the referral at %s needs a referral", c.Decision.At)
	}
	return decideBulkEpisode(st, r, c.Decision, event)
}

// decideBulkEpisode records the decision d, if any, on the referral r that
// started the case's latest episode.
func decideBulkEpisode(st *bulkState, r kith.EpisodeReferralInput, d *BulkDecision,
	event func(kith.KeyEventKind, time.Time, string, string, time.Time)) error {
	if d == nil {
		return nil
	}
	in := kith.DecisionInput{Decision: d.Decision, DecidedOn: d.DecidedOn, PrimaryNeed: d.PrimaryNeed}
	if err := in.Validate(kith.Today(d.At), kith.DateOf(r.ReferralAt.In(kith.London)), r.PrimaryNeed != ""); err != nil || r.Source == "" {
		return fmt.Errorf("the decision on the referral at %s (a decision needs a referral): %v", d.At, err)
	}
	ep := st.episodes[len(st.episodes)-1]
	need := r.PrimaryNeed
	if d.PrimaryNeed != "" {
		need = d.PrimaryNeed
	}
	ep[5], ep[6], ep[7], ep[8], ep[11] = need, string(d.Decision), dt(in.DecidedOn), nullString(d.By), 2
	event(kith.EventReferralDecided, bulkOnDate(in.DecidedOn, d.At), "Decision on the referral: "+d.Decision.Label(), d.By, d.At)
	return nil
}

// BulkDecision is the decision on a case's first referral, as
// DecideReferral records it at At.
type BulkDecision struct {
	Decision    kith.ReferralDecision
	DecidedOn   kith.Date
	PrimaryNeed string
	At          time.Time
	By          string
}

// bulkState is a case as its history is replayed.
type bulkState struct {
	open                   bool
	teamID, workerID       string
	allocatedAt, updatedAt time.Time
	closedOn               kith.Date
	closeReason, closedBy  string
	version                int
	allocID                string
	allocArgs              []any // the current allocation row, written when it ends or at the end
	restricted             bool
	onList                 map[string]bool
	closures               []BulkChange
	// episodes are the case's episode rows, from its opening and each
	// reopening; the last is current until the case closes.
	episodes [][]any
	// closedOnBefore is when the case last closed, while it is reopened:
	// the new referral cannot be before it.
	closedOnBefore kith.Date
	// hadWorker: a social worker has held the case since its current
	// episode began (AllocationTarget.HadWorker).
	hadWorker bool
}

func (b *Bulk) addCase(c *BulkCase) error {
	if c.ChildID == "" || c.TeamID == "" || c.OpenedOn.IsZero() || c.OpenedAt.IsZero() {
		return fmt.Errorf("a case needs a child, a team, an opening date and the time it was recorded")
	}
	if c.OpenedOn.After(kith.Today(c.OpenedAt)) {
		return fmt.Errorf("opened on %s, after it was recorded at %s", c.OpenedOn, c.OpenedAt)
	}
	teamName, err := b.teamName(c.TeamID)
	if err != nil {
		return err
	}
	ref, n, err := b.nextReference(c.OpenedOn.Year)
	if err != nil {
		return err
	}
	c.ID, c.Reference = newID(), ref
	id := c.ID
	event := func(kind kith.KeyEventKind, at time.Time, summary, by string, recorded time.Time) {
		b.add("key_events", newID(), id, string(kind), ts(at), summary, nullString(by), ts(recorded), nil)
	}
	// The case row comes first in its table's buffer but is written with
	// the state the history leaves it in; its arguments are filled in at
	// the end.
	st := bulkState{open: true, teamID: c.TeamID, updatedAt: c.OpenedAt, version: 1, onList: map[string]bool{}}
	startEpisode := func(r kith.EpisodeReferralInput, recorded time.Time) {
		n := len(st.episodes) + 1
		st.episodes = append(st.episodes, []any{newID(), id, n, ts(r.ReferralAt), r.Source, r.PrimaryNeed, "", dt(kith.Date{}), nil,
			dt(kith.Date{}), "", 1, ts(recorded)})
	}
	caseRow := make([]any, 15)
	b.add("cases", caseRow...)
	caseArgs := b.byName["cases"].args
	caseArgs = caseArgs[len(caseArgs)-15:]

	startAlloc := func(kind kith.AllocationKind, teamID, workerID string, at time.Time, reason, by, workerChange string) {
		st.allocID = newID()
		st.allocArgs = []any{st.allocID, id, string(kind), teamID, nullString(workerID), ts(at), nil, reason, nullString(by), workerChange}
	}
	endAlloc := func(at time.Time) {
		st.allocArgs[6] = ts(at)
		b.add("allocations", st.allocArgs...)
		st.allocArgs = nil
	}
	addToList := func(userID string, at time.Time, by string) {
		if userID != "" && !st.onList[userID] {
			st.onList[userID] = true
			b.add("case_access_list", id, userID, ts(at), nullString(by))
		}
	}

	startAlloc(kith.AllocationOpened, c.TeamID, "", c.OpenedAt, "", c.OpenedBy, "")
	event(kith.EventCaseOpened, bulkOnDate(c.OpenedOn, c.OpenedAt), "Case opened and held by "+teamName, c.OpenedBy, c.OpenedAt)
	if err := b.openingEpisode(c, &st, startEpisode, event); err != nil {
		return err
	}
	if err := b.addAssessment(c, st.episodes[0], event); err != nil {
		return err
	}
	b.add("audit_events", newID(), ts(c.OpenedAt), nil, string(kith.AuditCaseCreated), id, "case", id, ref+" in "+teamName, "cli")

	last := c.OpenedAt
	restrictPending := !c.RestrictedAt.IsZero()
	restrict := func() {
		st.restricted, restrictPending = true, false
		st.version++
		st.updatedAt = c.RestrictedAt
		addToList(c.RestrictedBy, c.RestrictedAt, c.RestrictedBy)
		addToList(st.workerID, c.RestrictedAt, c.RestrictedBy)
		for _, u := range c.AccessList {
			addToList(u, c.RestrictedAt, c.RestrictedBy)
		}
	}
	for _, ch := range c.History {
		if ch.At.Before(last) {
			return fmt.Errorf("history out of order at %s", ch.At)
		}
		if restrictPending && c.RestrictedAt.Before(ch.At) {
			restrict()
		}
		last = ch.At
		switch ch.Kind {
		case BulkAllocate:
			if !st.open {
				return fmt.Errorf("allocated at %s while closed", ch.At)
			}
			if ch.TeamID == st.teamID && ch.WorkerID == st.workerID {
				return fmt.Errorf("allocation at %s changes nothing", ch.At)
			}
			if ch.TeamID != st.teamID && ch.Reason == "" {
				return fmt.Errorf("a move between teams at %s needs a reason", ch.At)
			}
			toTeam, err := b.teamName(ch.TeamID)
			if err != nil {
				return err
			}
			workerName := ""
			if ch.WorkerID != "" {
				if workerName, err = b.userName(ch.WorkerID); err != nil {
					return err
				}
			}
			kind, ev := kith.AllocationTransferred, kith.EventTransferred
			switch {
			case ch.WorkerID == "":
				kind, ev = kith.AllocationUnallocated, kith.EventUnallocated
			case st.workerID == "" && ch.TeamID == st.teamID:
				kind, ev = kith.AllocationAllocated, kith.EventAllocated
			}
			summary := "Allocated to " + workerName + " in " + toTeam
			switch kind {
			case kith.AllocationUnallocated:
				summary = "Returned to " + toTeam + ", unallocated"
			case kith.AllocationTransferred:
				summary = "Transferred to " + workerName + " in " + toTeam
			}
			// The 903's reason for a new social worker, as PlanAllocation
			// gives it.
			workerChange := ""
			switch {
			case ch.WorkerID == "":
			case !st.hadWorker:
				workerChange = kith.WorkerChangeFirst
			case !kith.WorkerChangeReasons.Has(ch.WorkerChangeReason):
				return fmt.Errorf("a change of social worker at %s needs its reason, not %q", ch.At, ch.WorkerChangeReason)
			default:
				workerChange = ch.WorkerChangeReason
			}
			st.hadWorker = st.hadWorker || ch.WorkerID != ""
			endAlloc(ch.At)
			startAlloc(kind, ch.TeamID, ch.WorkerID, ch.At, ch.Reason, ch.By, workerChange)
			st.teamID, st.workerID, st.version, st.updatedAt = ch.TeamID, ch.WorkerID, st.version+1, ch.At
			st.allocatedAt = time.Time{}
			if ch.WorkerID != "" {
				st.allocatedAt = ch.At
			}
			event(ev, ch.At, summary, ch.By, ch.At)
			if st.restricted {
				addToList(ch.WorkerID, ch.At, ch.By)
			}
		case BulkClose:
			if !st.open {
				return fmt.Errorf("closed at %s while closed", ch.At)
			}
			label := kith.CloseReasonLabel(ch.Reason)
			if label == ch.Reason || ch.ClosedOn.IsZero() || ch.ClosedOn.Before(c.OpenedOn) || ch.ClosedOn.After(kith.Today(ch.At)) {
				return fmt.Errorf("closure at %s: reason %q on %s", ch.At, ch.Reason, ch.ClosedOn)
			}
			endAlloc(ch.At)
			st.open, st.workerID, st.allocatedAt = false, "", time.Time{}
			st.closedOn, st.closeReason, st.closedBy = ch.ClosedOn, ch.Reason, ch.By
			st.closures = append(st.closures, ch)
			ep := st.episodes[len(st.episodes)-1]
			ep[9], ep[10], ep[11] = dt(ch.ClosedOn), ch.Reason, ep[11].(int)+1
			st.version, st.updatedAt = st.version+1, ch.At
			summary := "Case closed: " + label
			if ch.Note != "" {
				summary += ". " + ch.Note
			}
			event(kith.EventCaseClosed, bulkOnDate(ch.ClosedOn, ch.At), summary, ch.By, ch.At)
		case BulkReopen:
			if st.open || ch.Reason == "" {
				return fmt.Errorf("reopening at %s: the case must be closed and a reason given", ch.At)
			}
			startAlloc(kith.AllocationReopened, st.teamID, "", ch.At, ch.Reason, ch.By, "")
			st.hadWorker = false
			st.closedOnBefore = st.closedOn
			st.open, st.closedOn, st.closeReason, st.closedBy = true, kith.Date{}, "", ""
			st.version, st.updatedAt = st.version+1, ch.At
			r := ch.Referral
			if r.ReferralAt.IsZero() {
				r.ReferralAt = ch.At
			}
			if err := r.Validate(ch.At, st.closedOnBefore, ""); r.Source != "" && err != nil {
				return fmt.Errorf("reopening at %s: %w", ch.At, err)
			}
			if r.Source != "" {
				event(kith.EventReferralReceived, r.ReferralAt, "Referral received from "+kith.ReferralSources.Label(r.Source), ch.By, ch.At)
			}
			event(kith.EventCaseReopened, ch.At, "Case reopened: "+ch.Reason, ch.By, ch.At)
			startEpisode(r, ch.At)
			if err := decideBulkEpisode(&st, r, ch.Decision, event); err != nil {
				return err
			}
		default:
			return fmt.Errorf("unknown change %d", ch.Kind)
		}
	}
	if restrictPending {
		restrict()
	}
	if st.allocArgs != nil {
		b.add("allocations", st.allocArgs...)
	}

	current := map[kith.StatusKind]bool{}
	for _, s := range c.Statuses {
		if !s.Kind.Valid() || s.StartedOn.Before(c.OpenedOn) || s.StartedAt.IsZero() {
			return fmt.Errorf("status %q from %s", s.Kind, s.StartedOn)
		}
		endedOn, endedBy := s.EndedOn, s.EndedBy
		if endedOn.IsZero() {
			for _, cl := range st.closures {
				if !cl.At.Before(s.StartedAt) {
					endedOn, endedBy = cl.ClosedOn, cl.By
					break
				}
			}
		}
		if endedOn.IsZero() {
			if current[s.Kind] {
				return fmt.Errorf("two current %s statuses", s.Kind)
			}
			current[s.Kind] = true
		} else if endedOn.Before(s.StartedOn) {
			return fmt.Errorf("status %s ends before it starts", s.Kind)
		}
		b.add("status_periods", newID(), id, string(s.Kind), dt(s.StartedOn), dt(endedOn), ts(s.StartedAt), nullString(s.StartedBy), nullString(endedBy))
		event(kith.EventStatusStarted, bulkOnDate(s.StartedOn, s.StartedAt), s.Kind.Label()+" started", s.StartedBy, s.StartedAt)
		if !s.EndedOn.IsZero() && !s.EndedWithCase {
			event(kith.EventStatusEnded, bulkOnDate(s.EndedOn, s.EndedAt), s.Kind.Label()+" ended", s.EndedBy, s.EndedAt)
		}
	}
	for _, r := range c.Network {
		if r.PersonID == c.ChildID || r.Kind.Label() == "" {
			return fmt.Errorf("relationship %q to %s", r.Kind, r.PersonID)
		}
		pr, lives, version := r.ParentalResponsibility, r.LivesWithChild, 1
		if pr == "" {
			pr = kith.NotKnown
		}
		if !r.EndedOn.IsZero() {
			lives, version = false, 2
		}
		b.add("relationships", newID(), c.ChildID, r.PersonID, string(r.Kind), lives, string(pr), r.Notes, dt(r.StartedOn), dt(r.EndedOn), version, ts(r.At), ts(r.At), nullString(r.By))
	}
	for _, i := range c.Involvements {
		started := i.StartedOn
		if started.IsZero() {
			started = kith.Today(i.At)
		}
		b.add("involvements", newID(), id, i.ProfessionalID, i.Note, dt(started), dt(i.EndedOn), ts(i.At), nullString(i.By))
	}
	for _, w := range c.Warnings {
		if w.Kind.Label() == "" || w.Detail == "" || w.ReviewOn.IsZero() {
			return fmt.Errorf("warning %q", w.Kind)
		}
		version := 1
		if !w.EndedOn.IsZero() {
			version = 2
		}
		b.add("warnings", newID(), id, string(w.Kind), w.Detail, dt(w.ReviewOn), nullString(w.PersonID), ts(w.At), nullString(w.By),
			dt(w.EndedOn), w.EndReason, nullString(w.EndedBy), version)
	}
	b.linkConferencePlan(c)
	if err := b.addPlans(id, c.Plans); err != nil {
		return err
	}

	for i := range c.Records {
		if err := b.addRecord(c, &c.Records[i]); err != nil {
			return err
		}
	}
	if err := b.addSection47(c, st.episodes, event); err != nil {
		return err
	}
	if err := b.addCare(c, event); err != nil {
		return err
	}
	if err := b.addFrontDoor(c); err != nil {
		return err
	}
	for _, ep := range st.episodes {
		if b.episodes {
			b.add("episodes", ep...)
		}
	}
	if in := c.Identity; in != nil && b.identities {
		if err := in.Validate(kith.Today(c.OpenedAt), nil); err != nil {
			return fmt.Errorf("the identity items of the case opened at %s: %w", c.OpenedAt, err)
		}
		ci := in.Apply(kith.ChildIdentity{LocalChildID: kith.LocalChildIDFromReference(ref)})
		b.add("child_identities", c.ChildID, ci.Version, ci.LocalChildID, ci.UPN, ci.FormerUPN, ci.UPNUnknown, ci.Sex, ci.Ethnicity,
			strings.Join(ci.Disabilities, " "), dt(ci.DateOfDeath), ci.UASC, dt(ci.UASCCeased), ts(c.OpenedAt), nullString(c.OpenedBy))
	}
	if f := c.facts; f != nil {
		b.add("case_facts", id, dt(f.PlacementOn), dt(f.LastVisit), dt(f.LastSeen), dt(f.LastSeenAlone), dt(f.LastSummary), dt(f.LastOversight))
	}

	state := kith.CaseOpen
	if !st.open {
		state = kith.CaseClosed
	}
	for i, v := range []any{id, ref, n, c.ChildID, string(state), dt(c.OpenedOn), dt(st.closedOn), st.closeReason, st.teamID,
		nullString(st.workerID), ts(st.allocatedAt), st.restricted, st.version, ts(c.OpenedAt), ts(st.updatedAt)} {
		caseArgs[i] = b.arg(v)
	}
	return nil
}

// addPlans writes a case's plans as StartPlan, SaveObjective, RecordReview
// and EndPlan would have left them.
func (b *Bulk) addPlans(caseID string, plans []BulkPlan) error {
	for i, p := range plans {
		if !p.Kind.Valid() || p.StartedOn.IsZero() {
			return fmt.Errorf("plan %d: kind %q from %v", i, p.Kind, p.StartedOn)
		}
		if p.EndedOn.IsZero() && i != len(plans)-1 {
			return fmt.Errorf("plan %d: only the last plan may be current", i)
		}
		planID := newID()
		version := 1 + len(p.Reviews)
		if !p.EndedOn.IsZero() {
			version++
		}
		row := []any{planID, caseID, string(p.Kind), dt(p.StartedOn), dt(p.ReviewOn), dt(p.EndedOn), p.EndReason, version,
			nullString(p.By), ts(p.At), ts(p.At)}
		if b.conferencePlans {
			category := p.category
			if category == "" {
				category = p.Category
			}
			row = append(row, nullString(p.section47ID), category, category, dt(p.coreGroupOn))
		}
		b.add("plans", row...)
		for n, o := range p.Objectives {
			b.add("objectives", newID(), planID, caseID, n+1, o.Change, o.Measure, string(o.Owner.Kind), nullString(o.Owner.ID),
				o.Owner.Name, o.Owner.Role, o.Owner.Agency, dt(o.DueOn), string(o.Status), 1, nullString(p.By), ts(p.At), ts(p.At))
		}
		for _, r := range p.Reviews {
			b.add("plan_reviews", newID(), planID, dt(r.HeldOn), dt(r.NextReviewOn), r.Notes, nullString(r.By), ts(r.At))
		}
	}
	return nil
}
