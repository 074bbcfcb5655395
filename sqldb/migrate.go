package sqldb

import (
	"kith"

	"context"
	"crypto/sha256"
	"embed"
	"encoding/hex"
	"fmt"
	"io/fs"
	"time"

	"github.com/pressly/goose/v3"
	"github.com/pressly/goose/v3/lock"
)

// migrations holds one folder of SQL migrations per dialect, with the same
// version numbers in each (TestMigrationVersionsMatch fails otherwise).
//
//go:embed migrations/sqlite/*.sql migrations/postgres/*.sql
var migrations embed.FS

func (db *DB) provider() (*goose.Provider, error) {
	dir, dialect := "migrations/sqlite", goose.DialectSQLite3
	var opts []goose.ProviderOption
	if db.Dialect == Postgres {
		dir, dialect = "migrations/postgres", goose.DialectPostgres
		// Two `kith serve` processes starting together must not both
		// migrate: a lock held in the database serialises them.
		locker, err := lock.NewPostgresSessionLocker()
		if err != nil {
			return nil, err
		}
		opts = append(opts, goose.WithSessionLocker(locker))
	}
	sub, err := fs.Sub(migrations, dir)
	if err != nil {
		return nil, err
	}
	return goose.NewProvider(dialect, db.writer, sub, opts...)
}

// Migrate brings the schema up to date.
func (db *DB) Migrate(ctx context.Context) error {
	p, err := db.provider()
	if err != nil {
		return fmt.Errorf("migrations: %w", err)
	}
	results, err := p.Up(ctx)
	if err != nil {
		return fmt.Errorf("migrate %s database: %w", db.Dialect, err)
	}
	for _, r := range results {
		db.Log.Info("migrated", "version", r.Source.Version, "file", r.Source.Path, "took", r.Duration)
	}
	// People stored before the name index existed are indexed once.
	if err := db.backfillPersonNames(ctx); err != nil {
		return fmt.Errorf("index people's names: %w", err)
	}
	// Records finalised before the search vocabulary existed give it
	// their words once.
	if err := db.backfillSearchWords(ctx); err != nil {
		return err
	}
	// What was written before the hash chains existed joins them once.
	if _, err := db.chainBacklog(ctx); err != nil {
		return err
	}
	if db.Dialect == SQLite {
		if err := db.forgetSamples(ctx); err != nil {
			return err
		}
	}
	// The record templates Kith ships are data the schema needs.
	builtin, err := kith.BuiltinTemplates()
	if err != nil {
		return err
	}
	return db.SyncTemplates(ctx, builtin)
}

// MigrationStatus describes one migration for `kith migrate status`.
type MigrationStatus struct {
	Version int64
	File    string
	Applied bool
}

// MigrationStatuses lists the migrations and whether each has been applied.
func (db *DB) MigrationStatuses(ctx context.Context) ([]MigrationStatus, error) {
	p, err := db.provider()
	if err != nil {
		return nil, err
	}
	st, err := p.Status(ctx)
	if err != nil {
		return nil, err
	}
	out := make([]MigrationStatus, len(st))
	for i, s := range st {
		out[i] = MigrationStatus{Version: s.Source.Version, File: s.Source.Path, Applied: s.State == goose.StateApplied}
	}
	return out, nil
}

// SchemaVersion is a short hash of the embedded migrations: it changes
// whenever the schema does (benchmarks key cached databases by it).
func SchemaVersion() string {
	h := sha256.New()
	_ = fs.WalkDir(migrations, ".", func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := migrations.ReadFile(path)
		h.Write([]byte(path))
		h.Write(b)
		return err
	})
	return hex.EncodeToString(h.Sum(nil))[:10]
}

// Checkpoint folds SQLite's write-ahead log into the database file, so the
// file alone is a complete copy. It does nothing on PostgreSQL.
func (db *DB) Checkpoint(ctx context.Context) error {
	if db.Dialect != SQLite {
		return nil
	}
	_, err := db.writer.ExecContext(ctx, "PRAGMA wal_checkpoint(TRUNCATE)")
	return err
}

// walCheckpointPages is how long SQLite's write-ahead log grows (in 4 KB
// pages) before the writer itself copies it back into the database. A
// server's background checkpoints keep it well short of that.
const walCheckpointPages = 20000

// walSizeLimit is the size SQLite cuts its write-ahead log back to each
// time the log starts over (journal_size_limit): a burst of writing (an
// index catching up, a bulk load) must not leave the log holding the disk
// space it took.
const walSizeLimit = 64 << 20

// CheckpointEvery is how often a server checkpoints in the background: a
// busy council writes a few hundred pages a second.
const CheckpointEvery = 200 * time.Millisecond

// CheckpointInBackground copies SQLite's write-ahead log back into the
// database every interval until ctx ends, without waiting for (or
// holding up) readers and the writer, as kith serve runs: the writer
// would otherwise do it as part of whichever save filled the log. It does
// nothing on PostgreSQL.
func (db *DB) CheckpointInBackground(ctx context.Context, interval time.Duration) {
	if db.checkpointer == nil {
		return
	}
	every(ctx, interval, func() {
		var busy, logged, copied int
		err := db.checkpointer.QueryRowContext(ctx, "PRAGMA wal_checkpoint(PASSIVE)").Scan(&busy, &logged, &copied)
		if err != nil && ctx.Err() == nil {
			db.Log.Error("checkpointing the database", "err", err)
		}
	})
}

// every calls fn every interval until ctx ends.
func every(ctx context.Context, interval time.Duration, fn func()) {
	t := time.NewTicker(interval)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
			fn()
		}
	}
}

// Optimize lets SQLite refresh the statistics its query planner uses, as
// its documentation recommends doing now and then on a long-lived
// database. PostgreSQL's autovacuum does this itself.
func (db *DB) Optimize(ctx context.Context) error {
	if db.Dialect != SQLite {
		return nil
	}
	if _, err := db.writer.ExecContext(ctx, "PRAGMA optimize"); err != nil {
		return err
	}
	return db.forgetSamples(ctx)
}

// forgetSamples removes the sampled statistics ANALYZE keeps in
// sqlite_stat4, leaving the table statistics (sqlite_stat1). With
// samples, SQLite plans a statement again each time a parameter it
// sampled changes (a caseload's worker, a draft's id), so the prepared
// statements each connection keeps (see sqliteConnector) were planned
// afresh on nearly every use: a sixth of a loaded server's time. Kith's
// queries look rows up by id and are planned well from the table
// statistics. The connections already open keep what they loaded, so
// the writer reloads, and the idle readers are closed (the pool opens
// new ones as needed).
func (db *DB) forgetSamples(ctx context.Context) error {
	var n int
	err := db.writer.QueryRowContext(ctx, `SELECT count(*) FROM sqlite_schema WHERE name = 'sqlite_stat4'`).Scan(&n)
	if err != nil || n == 0 {
		return err
	}
	if err := db.writer.QueryRowContext(ctx, `SELECT count(*) FROM sqlite_stat4`).Scan(&n); err != nil || n == 0 {
		return err
	}
	if _, err := db.writer.ExecContext(ctx, `DELETE FROM sqlite_stat4`); err != nil {
		return fmt.Errorf("forget the sampled statistics: %w", err)
	}
	if _, err := db.writer.ExecContext(ctx, `ANALYZE sqlite_schema`); err != nil {
		return fmt.Errorf("reload the statistics: %w", err)
	}
	db.reader.SetMaxIdleConns(0)
	db.reader.SetMaxIdleConns(readerConns())
	return nil
}
