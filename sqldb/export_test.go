package sqldb

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"strings"
	"testing"
	"time"

	"kith"
)

// RawExec runs SQL directly, bypassing Kith's services, for tests that
// check what the database itself refuses.
func (db *DB) RawExec(ctx context.Context, q string, args ...any) error {
	_, err := db.writer.ExecContext(ctx, q, args...)
	return err
}

// RawCount runs a COUNT query directly.
func (db *DB) RawCount(t testing.TB, q string, args ...any) int {
	t.Helper()
	var n int
	if err := db.reader.QueryRowContext(context.Background(), q, args...).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

// MigrateTo brings the schema up to version and no further, as an older
// Kith left it, with the templates Kith ships.
func (db *DB) MigrateTo(ctx context.Context, version int64) error {
	p, err := db.provider()
	if err != nil {
		return err
	}
	if _, err := p.UpTo(ctx, version); err != nil {
		return err
	}
	builtin, err := kith.BuiltinTemplates()
	if err != nil {
		return err
	}
	return db.SyncTemplates(ctx, builtin)
}

// RawStrings runs a query directly and returns its rows as text.
func (db *DB) RawStrings(t testing.TB, q string, args ...any) [][]string {
	t.Helper()
	rows, err := db.writer.QueryContext(context.Background(), q, args...)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	cols, _ := rows.Columns()
	var out [][]string
	for rows.Next() {
		vals := make([]sql.NullString, len(cols))
		ptrs := make([]any, len(cols))
		for i := range vals {
			ptrs[i] = &vals[i]
		}
		if err := rows.Scan(ptrs...); err != nil {
			t.Fatal(err)
		}
		row := make([]string, len(cols))
		for i, v := range vals {
			row[i] = v.String
		}
		out = append(out, row)
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	return out
}

// ForgeChain rewrites a chain's links from entry from to its end, and its
// head, to match the rows as they now are: what someone who has read how
// the chains are made, and dropped their triggers, can do. Tests use it to
// show what the daily roots catch and what they cannot.
func (db *DB) ForgeChain(ctx context.Context, c kith.Chain, from int64) error {
	return db.write(ctx, func(tx *Tx) error {
		prev := kith.GenesisHash
		if from > 1 {
			if err := tx.QueryRowContext(ctx, `SELECT hash FROM chain_links WHERE chain = $1 AND seq = $2`, string(c), from-1).Scan(&prev); err != nil {
				return err
			}
		}
		links, err := tx.readLinks(ctx, c, from-1, 1<<40)
		if err != nil {
			return err
		}
		var seq int64
		for _, w := range links {
			prev, seq = kith.LinkHash(c, w.seq, prev, w.entry), w.seq
			if _, err := tx.ExecContext(ctx, `UPDATE chain_links SET hash = $3 WHERE chain = $1 AND seq = $2`, string(c), w.seq, prev); err != nil {
				return err
			}
		}
		_, err = tx.ExecContext(ctx, `UPDATE chain_heads SET seq = $2, hash = $3 WHERE chain = $1`, string(c), seq, prev)
		return err
	})
}

// MigrateDownTo takes the schema back to version, as an older Kith left it.
func (db *DB) MigrateDownTo(ctx context.Context, version int64) error {
	p, err := db.provider()
	if err != nil {
		return err
	}
	_, err = p.DownTo(ctx, version)
	return err
}

// AuditInBatch queues audit work as a read's audit is queued.
func (db *DB) AuditInBatch(ctx context.Context, fn func(tx *Tx) error) error {
	return db.auditInBatch(ctx, fn)
}

// AuditBatches is the number of audit transactions written so far.
func (db *DB) AuditBatches() int64 { return db.audits.batches.Load() }

// AuditQueued is the number of reads waiting for their audit.
func (db *DB) AuditQueued() int {
	jobs, _, _, ok := db.auditQueue()
	if !ok {
		return 0
	}
	return len(jobs)
}

// QueryPlan is SQLite's plan for q, one step to a line.
func (db *DB) QueryPlan(t testing.TB, q string) string {
	t.Helper()
	rows, err := db.writer.QueryContext(context.Background(), "EXPLAIN QUERY PLAN "+q)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var plan string
	for rows.Next() {
		var id, parent, unused int
		var detail string
		if err := rows.Scan(&id, &parent, &unused, &detail); err != nil {
			t.Fatal(err)
		}
		plan += detail + "\n"
	}
	return plan
}

// QueuedPrintsQuery is the copy-paste index's query for the records
// waiting to be merged.
func (db *DB) QueuedPrintsQuery(limit int) string { return db.queuedPrintsQuery(limit) }

// TraceRecordSearch returns a context that notes how each record search
// under it is answered, and a function that says so: each step as
// "newest N" or "every match".
func TraceRecordSearch(ctx context.Context) (context.Context, func() []string) {
	var steps []searchStep
	return context.WithValue(ctx, searchTraceKey{}, &steps), func() []string {
		var out []string
		for _, s := range steps {
			switch s.kind {
			case searchNewest:
				out = append(out, fmt.Sprintf("newest %d", s.walk))
			case searchMatches:
				out = append(out, "every match")
			default:
				out = append(out, "plain")
			}
		}
		steps = steps[:0]
		return out
	}
}

// ExplainRecordSearch returns PostgreSQL's plans for the record search
// the actor would run, one for each step Kith may take (searchSteps), each
// one line per plan node, so tests can say which index answers it.
func (db *DB) ExplainRecordSearch(t testing.TB, a kith.Actor, s kith.RecordSearch) []string {
	t.Helper()
	if s.Limit <= 0 {
		s.Limit = 20
	}
	type built struct {
		query string
		args  []any
	}
	var steps []built
	err := db.read(context.Background(), func(tx *Tx) error {
		for _, step := range db.searchSteps(s) {
			q, args, ok, err := tx.recordSearchSQL(context.Background(), a, s, recordSearchColumns{postgres: `p.first_name`}, step)
			if err != nil || !ok {
				return err
			}
			steps = append(steps, built{q, args})
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	var plans []string
	for _, b := range steps {
		var lines []string
		for _, row := range db.RawStrings(t, "EXPLAIN "+b.query, b.args...) {
			lines = append(lines, row[0])
		}
		plans = append(plans, strings.Join(lines, "\n"))
	}
	return plans
}

// PoolConns is the most connections the database keeps open for writing.
func (db *DB) PoolConns() int { return db.writer.Stats().MaxOpenConnections }

// ExplainRecordsToIndex is PostgreSQL's plan for the copy-paste index's
// backfill query from a cursor, with sequential scans and sorts
// discouraged so that a small test database is planned as a council's
// would be.
func (db *DB) ExplainRecordsToIndex(t testing.TB, afterAt time.Time, afterID string) string {
	t.Helper()
	ctx := context.Background()
	tx, err := db.writer.BeginTx(ctx, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer func() { _ = tx.Rollback() }()
	for _, set := range []string{`SET LOCAL enable_seqscan = off`, `SET LOCAL enable_sort = off`} {
		if _, err := tx.ExecContext(ctx, set); err != nil {
			t.Fatal(err)
		}
	}
	rows, err := tx.QueryContext(ctx, "EXPLAIN "+recordsToIndexQuery+"500", ts(afterAt), afterID)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var plan []string
	for rows.Next() {
		var line string
		if err := rows.Scan(&line); err != nil {
			t.Fatal(err)
		}
		plan = append(plan, line)
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	return strings.Join(plan, "\n")
}

// TraceNameSearch returns a context under which each pass of a people
// search notes the statement it sent, and a function that returns them.
func TraceNameSearch(ctx context.Context) (context.Context, func() []tracedStatement) {
	var sent []tracedStatement
	return context.WithValue(ctx, nameSearchTraceKey{}, &sent), func() []tracedStatement {
		out := sent
		sent = nil
		return out
	}
}

// RowsReadFrom runs a traced statement again under PostgreSQL's EXPLAIN
// ANALYZE, as a search's transaction runs it, and returns how many rows
// its scans of table produced over all their loops.
func (db *DB) RowsReadFrom(t testing.TB, s tracedStatement, table string) int {
	t.Helper()
	var plan string
	err := db.read(context.Background(), func(tx *Tx) error {
		if err := tx.keepJoinOrder(context.Background()); err != nil {
			return err
		}
		return tx.QueryRowContext(context.Background(), "EXPLAIN (ANALYZE, FORMAT JSON) "+s.query, s.args...).Scan(&plan)
	})
	if err != nil {
		t.Fatal(err)
	}
	var root []struct{ Plan planNode }
	if err := json.Unmarshal([]byte(plan), &root); err != nil || len(root) != 1 {
		t.Fatalf("plan %s: %v", plan, err)
	}
	var rows func(n planNode) int
	rows = func(n planNode) int {
		sum := 0
		if n.Relation == table {
			sum += int(n.Rows * n.Loops)
		}
		for _, c := range n.Plans {
			sum += rows(c)
		}
		return sum
	}
	return rows(root[0].Plan)
}

// planNode is a node of an EXPLAIN (FORMAT JSON) plan.
type planNode struct {
	Relation string     `json:"Relation Name"`
	Rows     float64    `json:"Actual Rows"`
	Loops    float64    `json:"Actual Loops"`
	Plans    []planNode `json:"Plans"`
}
