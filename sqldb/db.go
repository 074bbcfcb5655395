// Package sqldb is Kith's only storage package. It keeps cases, people,
// users, sessions and the audit log in embedded SQLite (the default) or in
// PostgreSQL, with the same hand-written SQL for both wherever the two
// engines agree, and a few named dialect functions where they do not.
//
// Every public method opens and owns its transaction, checks access through
// kith.Decide or kith.CaseScope, and writes the audit log in the same
// transaction as the change it records.
package sqldb

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"log/slog"
	"net/url"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/stdlib"
	_ "modernc.org/sqlite" // registers the "sqlite" driver

	"kith"
	"kith/clock"
	"kith/quality"
)

// Dialect is the SQL engine behind a DB.
type Dialect int

// The dialects.
const (
	SQLite Dialect = iota
	Postgres
)

func (d Dialect) String() string {
	if d == Postgres {
		return "postgres"
	}
	return "sqlite"
}

// orderedJoin is the join that keeps tables in the order the query names
// them. SQLite's planner has no statistics about a materialised CTE and may
// scan a large table to probe a small one; its CROSS JOIN (which, unlike
// PostgreSQL's, takes an ON clause) fixes the order. PostgreSQL plans well
// from its statistics.
func (d Dialect) orderedJoin() string {
	if d == SQLite {
		return "CROSS JOIN"
	}
	return "JOIN"
}

// indexedBy names the index SQLite must use for a table, where its planner
// would otherwise pick another index on the same leading column and sort
// thousands of rows (the running record of a busy case: 13 ms instead of
// 0.2 ms). PostgreSQL chooses well from its statistics and has no such
// clause.
func (d Dialect) indexedBy(index string) string {
	if d == SQLite {
		return " INDEXED BY " + index
	}
	return ""
}

// keepJoinOrder makes PostgreSQL keep the join order a query is written in,
// for the rest of the transaction. Search queries join a dozen tables in
// two halves; PostgreSQL spent 30 ms a query weighing orders for a plan that
// runs in 2 ms, and the written order (from the few candidates outwards) is
// the right one. SQLite gets the same from orderedJoin.
func (tx *Tx) keepJoinOrder(ctx context.Context) error {
	if tx.db.Dialect != Postgres {
		return nil
	}
	_, err := tx.Tx.ExecContext(ctx, "SET LOCAL join_collapse_limit = 1")
	return err
}

// DB is a Kith database.
type DB struct {
	Dialect Dialect
	// writer takes every write transaction. On SQLite it has a single
	// connection, so writers queue in Go rather than spin on SQLITE_BUSY.
	writer *sql.DB
	// reader serves read transactions; on PostgreSQL it is the same pool.
	reader *sql.DB
	// checkpointer is SQLite's connection for background checkpoints,
	// which run beside the writer rather than in its way.
	checkpointer *sql.DB

	// Clock tells the time: the system clock in a server, a test's own
	// clock in tests (see kith/clock).
	Clock clock.Clock
	// Log receives the detail of failures that users only see summarised.
	Log *slog.Logger
	// RecordYearsBack is how far back a record may say it happened
	// (kith.MaxRecordYearsBack when zero).
	RecordYearsBack int
	// TokenLifetime is the longest an API token works
	// (kith.DefaultTokenLifetime when zero): KITH_TOKEN_LIFETIME.
	TokenLifetime time.Duration
	// FilesDir, when set, keeps attachments as files in this folder
	// (named by their SHA-256) instead of in the database.
	FilesDir string
	// DSN is the database address with any password removed, for logs.
	DSN string
	// Quality is the recording quality coach: the built-in rules unless
	// the server loads a council's own (KITH_QUALITY_RULES).
	Quality *quality.Checker

	// MinFree is the free space (bytes) below which a SQLite database's
	// disk makes WriteHealth fail; MinFreeBytes when zero.
	MinFree uint64

	timeliness timelinessCache
	health     writeHealth
	// templates holds the templates read, by "key/version". A version
	// never changes once stored, so a cached copy is never stale; only
	// "which version is newest" is always read from the database. It is
	// this database's: two councils' databases open in one process may
	// each have their own template under the same key and version.
	templates sync.Map // "key/version" -> *kith.Template
	// textBuildMu is held while this process builds the copy-paste index
	// (see lockTextBuild).
	textBuildMu sync.Mutex
	// audits writes the audit rows of concurrent reads together (see
	// auditInBatch).
	audits auditBatcher
	// chainer adds audit events to their chain moments after they are
	// written, on PostgreSQL (see chainer.go).
	chainer chainer
	// statements counts what the reader and writer send to the engine
	// (see Statements).
	statements atomic.Int64
}

// Statements is the number of statements the database's readers and
// writer have sent to the engine since it opened, BEGIN and COMMIT
// included. On PostgreSQL each is a round trip to the server, so the
// difference across a page is its round trips; on SQLite it is the work
// asked of the engine. Background checkpoints and the chainer's work are
// not counted, nor, on SQLite, the bulk loader's prepared inserts.
func (db *DB) Statements() int64 { return db.statements.Load() }

// Open opens the database at addr: a file path (or "file:" URL) for SQLite,
// or a postgres:// URL for PostgreSQL. It does not migrate; call Migrate.
func Open(ctx context.Context, addr string) (*DB, error) {
	db := &DB{Clock: clock.System, Log: slog.Default(), Quality: quality.Default()}
	if strings.HasPrefix(addr, "postgres://") || strings.HasPrefix(addr, "postgresql://") {
		db.Dialect = Postgres
		db.DSN = redact(addr)
		addr, conns, err := poolSize(addr)
		if err != nil {
			return nil, fmt.Errorf("open postgres: %w", err)
		}
		cfg, err := pgx.ParseConfig(addr)
		if err != nil {
			return nil, fmt.Errorf("open postgres: %w", err)
		}
		cfg.Tracer = statementTracer{&db.statements}
		db.writer = stdlib.OpenDB(*cfg)
		db.writer.SetMaxOpenConns(conns)
		db.writer.SetMaxIdleConns(conns)
		db.writer.SetConnMaxIdleTime(5 * time.Minute)
		db.reader = db.writer
	} else {
		db.Dialect = SQLite
		path := strings.TrimPrefix(addr, "file:")
		if i := strings.IndexByte(path, '?'); i >= 0 {
			path = path[:i]
		}
		db.DSN = path
		// WAL lets readers work while a writer commits; synchronous=FULL
		// because this is the record of truth; busy_timeout covers the
		// moments a checkpoint holds the file; immediate transactions on
		// the writer take the write lock at BEGIN, so a transaction that
		// reads then writes never fails half way with SQLITE_BUSY.
		// mmap_size lets SQLite read pages straight from the operating
		// system's cache instead of copying each through a system call.
		// journal_size_limit cuts the log back each time it starts over,
		// so a burst of writing does not keep the disk space it took.
		common := "_pragma=journal_mode(WAL)&_pragma=synchronous(FULL)&_pragma=foreign_keys(1)&_pragma=busy_timeout(10000)&_pragma=mmap_size(1073741824)" +
			fmt.Sprintf("&_pragma=journal_size_limit(%d)", walSizeLimit)
		// The writer copies the write-ahead log back into the database
		// (a checkpoint, tens of milliseconds on a large council) only
		// when the log passes walCheckpointPages: a server checkpoints in
		// the background (CheckpointInBackground) long before, so that no
		// practitioner's save waits on one.
		db.writer = sql.OpenDB(countingSQLiteConnector("file:"+path+"?"+common+"&_txlock=immediate"+
			fmt.Sprintf("&_pragma=wal_autocheckpoint(%d)", walCheckpointPages), &db.statements))
		db.writer.SetMaxOpenConns(1)
		db.writer.SetMaxIdleConns(1)
		db.writer.SetConnMaxLifetime(0)
		db.reader = sql.OpenDB(countingSQLiteConnector("file:"+path+"?"+common+"&_pragma=query_only(1)", &db.statements))
		db.reader.SetMaxOpenConns(readerConns())
		db.reader.SetMaxIdleConns(readerConns())
		db.reader.SetConnMaxLifetime(0)
		db.checkpointer = sql.OpenDB(newSQLiteConnector("file:" + path + "?" + common))
		db.checkpointer.SetMaxOpenConns(1)
		db.checkpointer.SetMaxIdleConns(1)
		db.checkpointer.SetConnMaxLifetime(0)
	}
	if err := db.writer.PingContext(ctx); err != nil {
		db.Close()
		return nil, fmt.Errorf("connect to %s database %s: %w", db.Dialect, db.DSN, err)
	}
	return db, nil
}

// readerConns is the number of SQLite connections that read at once:
// two a core, as reads wait on the disk as well as the CPU.
func readerConns() int { return max(4, 2*runtime.GOMAXPROCS(0)) }

// defaultPoolConns is how many connections to PostgreSQL one Kith server
// keeps at most, unless its URL says otherwise (pool_max_conns).
const defaultPoolConns = 20

// poolSize takes pool_max_conns (pgxpool's name for the same thing, so an
// operator who knows pgx knows it) out of a PostgreSQL URL, since the
// server would refuse it as a setting, and returns the URL without it and
// the size.
func poolSize(addr string) (string, int, error) {
	u, err := url.Parse(addr)
	if err != nil {
		return addr, defaultPoolConns, nil // pgx reports what is wrong with it
	}
	q := u.Query()
	v, ok := q["pool_max_conns"]
	if !ok {
		return addr, defaultPoolConns, nil
	}
	n, err := strconv.Atoi(v[0])
	if err != nil || n < 1 || n > 1000 || len(v) > 1 {
		return "", 0, fmt.Errorf("pool_max_conns must be one whole number from 1 to 1000, not %q", strings.Join(v, ","))
	}
	q.Del("pool_max_conns")
	u.RawQuery = q.Encode()
	return u.String(), n, nil
}

func redact(addr string) string {
	u, err := url.Parse(addr)
	if err != nil {
		return "postgres://…"
	}
	if u.User != nil {
		u.User = url.User(u.User.Username())
	}
	return u.String()
}

// Close closes the database.
func (db *DB) Close() error {
	db.closeAudits()
	db.closeChainer()
	var errs []error
	if db.reader != nil && db.reader != db.writer {
		errs = append(errs, db.reader.Close())
	}
	if db.checkpointer != nil {
		errs = append(errs, db.checkpointer.Close())
	}
	if db.writer != nil {
		errs = append(errs, db.writer.Close())
	}
	return errors.Join(errs...)
}

// Ping checks that the database answers; /healthz uses it.
func (db *DB) Ping(ctx context.Context) error {
	var n int
	return db.reader.QueryRowContext(ctx, "SELECT 1").Scan(&n)
}

// Stats returns the pool statistics of the writer and reader, for metrics.
func (db *DB) Stats() (writer, reader sql.DBStats) {
	return db.writer.Stats(), db.reader.Stats()
}

// Now is the database's time: every transaction, session and rule that
// asks for "now" asks this.
func (db *DB) Now() time.Time { return db.Clock.Now() }

// Tx is a transaction that carries one "now", so every row a transaction
// writes shares one timestamp.
type Tx struct {
	*sql.Tx
	db  *DB
	now time.Time
	pol *kith.AccessPolicy
	// links are the chain entries to append as it commits (see seal);
	// deferred says some were left in the backlog for the chainer.
	links    []pendingLink
	deferred bool
}

// Now is the transaction's time, in UTC.
func (tx *Tx) Now() time.Time { return tx.now }

// Today is the council's date at the transaction's time.
func (tx *Tx) Today() kith.Date { return kith.Today(tx.now) }

// write runs fn in a write transaction, retrying when the engine reports a
// serialization failure or deadlock (PostgreSQL) or a busy database
// (SQLite), so concurrent writers get an answer rather than an error.
func (db *DB) write(ctx context.Context, fn func(tx *Tx) error) error {
	err := retried(ctx, func() error { return db.runTx(ctx, db.writer, nil, fn) })
	switch {
	case err == nil:
		db.health.wrote()
	case cannotWrite(err):
		return db.unavailable(err)
	}
	return err
}

// retried runs a transaction (run), and again, up to five times in all,
// while the engine answers with a serialization failure or deadlock
// (PostgreSQL) or a busy database (SQLite).
func retried(ctx context.Context, run func() error) error {
	var err error
	for attempt := 0; attempt < 5; attempt++ {
		if attempt > 0 {
			select {
			case <-ctx.Done():
				return ctx.Err()
			case <-time.After(time.Duration(attempt*attempt) * 10 * time.Millisecond):
			}
		}
		if err = run(); !retryable(err) {
			break
		}
	}
	return err
}

// writeDerived runs fn in a write transaction for data Kith can rebuild
// from the record itself (the writing coach's copy-paste index). It is
// committed without waiting for the disk (synchronous=NORMAL on SQLite,
// synchronous_commit=off on PostgreSQL): a power cut can lose the last
// moments of it, and IndexFinalRecords puts them back when Kith starts.
// The record of truth is always written with write.
func (db *DB) writeDerived(ctx context.Context, fn func(tx *Tx) error) error {
	if db.lowOnSpace() {
		return ErrLowOnSpace
	}
	if db.Dialect == Postgres {
		return db.write(ctx, func(tx *Tx) error {
			if _, err := tx.ExecContext(ctx, `SET LOCAL synchronous_commit = off`); err != nil {
				return err
			}
			return fn(tx)
		})
	}
	conn, err := db.writer.Conn(ctx)
	if err != nil {
		return err
	}
	defer conn.Close()
	if _, err := conn.ExecContext(ctx, `PRAGMA synchronous = NORMAL`); err != nil {
		return err
	}
	// The connection goes back to the pool as every other writer expects
	// it: committing to the disk.
	defer conn.ExecContext(context.Background(), `PRAGMA synchronous = FULL`)
	sqlTx, err := conn.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("begin: %w", err)
	}
	tx := &Tx{Tx: sqlTx, db: db, now: db.Now().UTC().Truncate(time.Microsecond)}
	if err := fn(tx); err == nil {
		err = tx.seal(ctx)
	}
	if err != nil {
		_ = sqlTx.Rollback()
		if cannotWrite(err) {
			return db.unavailable(err)
		}
		return err
	}
	if err := sqlTx.Commit(); err != nil {
		if cannotWrite(err) {
			return db.unavailable(err)
		}
		return fmt.Errorf("commit: %w", err)
	}
	db.health.wrote()
	return nil
}

// yieldToCheckpoint copies SQLite's write-ahead log back into the database
// between the transactions of an index catching up (a merge, a backfill, a
// bulk build): they come one after another, and without a pause for the
// checkpoint the log would grow with all of them (when a full disk had
// just been given room, it filled it again). With the log copied back,
// the next transaction starts it over, and journal_size_limit trims it.
func (db *DB) yieldToCheckpoint(ctx context.Context) {
	if db.checkpointer == nil {
		return
	}
	var busy, logged, copied int
	if err := db.checkpointer.QueryRowContext(ctx, "PRAGMA wal_checkpoint(PASSIVE)").Scan(&busy, &logged, &copied); err != nil && ctx.Err() == nil {
		db.Log.Warn("checkpoint after indexing", "err", err)
	}
}

// read runs fn in a read-only transaction.
func (db *DB) read(ctx context.Context, fn func(tx *Tx) error) error {
	opts := &sql.TxOptions{ReadOnly: true}
	if db.Dialect == Postgres {
		// One snapshot for the several queries a page makes.
		opts.Isolation = sql.LevelRepeatableRead
	}
	return db.runTx(ctx, db.reader, opts, fn)
}

func (db *DB) runTx(ctx context.Context, pool *sql.DB, opts *sql.TxOptions, fn func(tx *Tx) error) (err error) {
	sqlTx, err := pool.BeginTx(ctx, opts)
	if err != nil {
		return fmt.Errorf("begin: %w", err)
	}
	tx := &Tx{Tx: sqlTx, db: db, now: db.Now().UTC().Truncate(time.Microsecond)}
	defer func() {
		if p := recover(); p != nil {
			_ = sqlTx.Rollback()
			panic(p)
		}
		if err != nil {
			_ = sqlTx.Rollback()
		}
	}()
	if err = fn(tx); err != nil {
		return err
	}
	// The chains' heads are taken last, so that another server's writer
	// waits on them only for this seal and the commit.
	if err = tx.seal(ctx); err != nil {
		return err
	}
	if err = sqlTx.Commit(); err != nil {
		return fmt.Errorf("commit: %w", err)
	}
	if tx.deferred {
		db.wakeChainer()
	}
	return nil
}

// ReadPool returns the pool read transactions use. Benchmarks time
// hand-written queries on it, to compare Kith with the engine's own speed;
// nothing else should bypass the services.
func (db *DB) ReadPool() *sql.DB { return db.reader }
