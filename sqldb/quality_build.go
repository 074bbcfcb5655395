package sqldb

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"errors"
	"fmt"
)

// The copy-paste index's bulk build (BuildTextIndex) is recorded in the
// one row of text_index_build (migration 00015), so that it survives the
// server being killed part way:
//
//   - state 'building' from the moment a build claims the index until it
//     has written its last row. While it is building, nothing is merged
//     into the index's large level (the build owns it): records finalised
//     meanwhile wait in the queue, where lookups find them, and are merged
//     once the build is done. A build found 'building' when Kith starts
//     was stopped part way, and is done again.
//   - generation goes up with every claim, and every transaction of a
//     build checks it: a build whose index was emptied for a rebuild, or
//     that another process took over, stops at its next write.
//   - doc ids come from the table's own sequence (PostgreSQL) or rowid
//     (SQLite), as a finalised record's do, so the two never collide.
//
// One build runs at a time. A live build holds a lock that its process
// loses when it dies, however it dies: a PostgreSQL advisory lock on the
// build's own connection, or on SQLite an exclusive lock on a small file
// beside the database (kith.db-textbuild), which the operating system
// releases with the process.

// ErrTextIndexBuilding is BuildTextIndex (or IndexFinalRecords) finding
// another server or process building the copy-paste index: it will finish
// it, and if it dies, the next to try takes the build over.
var ErrTextIndexBuilding = errors.New("another Kith is building the copy-paste index")

// ErrTextIndexTakenOver is a build stopping because its index was emptied
// for a rebuild, or another process took the build over.
var ErrTextIndexTakenOver = errors.New("the copy-paste index's build was taken over")

// textBuildLockKey is the PostgreSQL advisory lock a live build holds.
const textBuildLockKey = 0x6b697468_62756c6b // "kithbulk"

// lockTextBuild takes the lock of a live build, or answers
// ErrTextIndexBuilding. The lock goes with release, or with the process.
func (db *DB) lockTextBuild(ctx context.Context) (release func(), err error) {
	if !db.textBuildMu.TryLock() {
		return nil, ErrTextIndexBuilding
	}
	defer func() {
		if err != nil {
			db.textBuildMu.Unlock()
		}
	}()
	if db.Dialect == Postgres {
		conn, err := db.writer.Conn(ctx)
		if err != nil {
			return nil, err
		}
		var got bool
		if err := conn.QueryRowContext(ctx, `SELECT pg_try_advisory_lock($1)`, int64(textBuildLockKey)).Scan(&got); err != nil || !got {
			conn.Close()
			if err == nil {
				err = ErrTextIndexBuilding
			}
			return nil, err
		}
		return func() {
			if _, err := conn.ExecContext(context.Background(), `SELECT pg_advisory_unlock($1)`, int64(textBuildLockKey)); err != nil {
				// A connection still holding the lock must not go back to
				// the pool: closing it ends its session, and the lock.
				_ = conn.Raw(func(any) error { return driver.ErrBadConn })
			}
			conn.Close()
			db.textBuildMu.Unlock()
		}, nil
	}
	// A transaction begun EXCLUSIVE on the lock file holds its lock until
	// it ends; busy_timeout(0) answers at once when another holds it.
	lock := sql.OpenDB(newSQLiteConnector("file:" + db.DSN + "-textbuild?_txlock=exclusive&_pragma=busy_timeout(0)&_pragma=journal_mode(OFF)"))
	lock.SetMaxOpenConns(1)
	tx, err := lock.BeginTx(ctx, nil)
	if err != nil {
		lock.Close()
		if retryable(err) {
			err = ErrTextIndexBuilding
		}
		return nil, err
	}
	return func() {
		_ = tx.Rollback()
		lock.Close()
		db.textBuildMu.Unlock()
	}, nil
}

// textBuild is a build that has claimed the index.
type textBuild struct {
	db         *DB
	generation int64
	progress   func(stage string, n int)
}

// claimTextBuild claims the copy-paste index for a bulk build: one that
// was stopped part way, or an index whose large level is empty (a new
// council, records loaded in bulk, or an index emptied to be rebuilt).
// Otherwise the index is complete and it answers ErrTextIndexHeld. What
// a stopped build wrote into the large level goes; the records it added
// stay, and are built again with the rest.
func (db *DB) claimTextBuild(ctx context.Context, progress func(string, int)) (*textBuild, error) {
	b := &textBuild{db: db, progress: progress}
	err := db.writeDerived(ctx, func(tx *Tx) error {
		var state string
		if err := tx.QueryRowContext(ctx, `SELECT state, generation FROM text_index_build WHERE id = 1`+db.Dialect.lockRow("UPDATE")).
			Scan(&state, &b.generation); err != nil {
			return fmt.Errorf("read the copy-paste index's build: %w", err)
		}
		if state == "ready" {
			var held bool
			if err := tx.QueryRowContext(ctx, `SELECT EXISTS (SELECT 1 FROM text_prints) OR EXISTS (SELECT 1 FROM text_print_stats)`).Scan(&held); err != nil {
				return err
			}
			if held {
				return ErrTextIndexHeld
			}
		} else if err := tx.emptyLargeLevel(ctx); err != nil {
			return err
		}
		b.generation++
		_, err := tx.ExecContext(ctx, `UPDATE text_index_build SET state = 'building', generation = $1, stage = 'claimed', done = 0, updated_at = $2
			WHERE id = 1`, b.generation, ts(tx.now))
		return err
	})
	if err != nil {
		return nil, err
	}
	return b, nil
}

// emptyLargeLevel empties the index's large level. PostgreSQL's TRUNCATE
// takes a moment however many rows there are, where DELETE would write
// every one of a council's hundred million postings again.
func (tx *Tx) emptyLargeLevel(ctx context.Context) error {
	queries := []string{`DELETE FROM text_prints`, `DELETE FROM text_print_stats`}
	if tx.db.Dialect == Postgres {
		queries = []string{`TRUNCATE text_prints, text_print_stats`}
	}
	for _, q := range queries {
		if _, err := tx.ExecContext(ctx, q); err != nil {
			return err
		}
	}
	return nil
}

// step runs one transaction of the build: fn's writes, and how far the
// build has got (fn's answer), committed together, but only while this
// build is still the index's newest; then it reports the step. fn may
// run more than once (a write is tried again on a serialization failure).
func (b *textBuild) step(ctx context.Context, stage string, fn func(tx *Tx) (done int, err error)) error {
	var done int
	err := b.db.writeDerived(ctx, func(tx *Tx) error {
		var err error
		if done, err = fn(tx); err != nil {
			return err
		}
		return b.record(ctx, tx, "building", stage, done)
	})
	if err != nil {
		return fmt.Errorf("%s: %w", stage, err)
	}
	b.db.yieldToCheckpoint(ctx)
	b.progress(stage, done)
	return nil
}

// finish marks the index ready: merges may begin.
func (b *textBuild) finish(ctx context.Context, done int) error {
	return b.db.writeDerived(ctx, func(tx *Tx) error { return b.record(ctx, tx, "ready", "done", done) })
}

func (b *textBuild) record(ctx context.Context, tx *Tx, state, stage string, done int) error {
	res, err := tx.ExecContext(ctx, `UPDATE text_index_build SET state = $2, stage = $3, done = $4, updated_at = $5
		WHERE id = 1 AND generation = $1 AND state = 'building'`, b.generation, state, stage, done, ts(tx.now))
	if err != nil {
		return err
	}
	if n, err := res.RowsAffected(); err != nil || n != 1 {
		return errors.Join(ErrTextIndexTakenOver, err)
	}
	return nil
}

// textIndexBuilding reports whether a bulk build owns the index's large
// level, so that a merge must leave it alone. On PostgreSQL the row is
// read FOR SHARE and stays so until the transaction ends: a build cannot
// claim the index (or a rebuild empty it) under a merge, and a merge that
// waited for a claim sees it.
func (tx *Tx) textIndexBuilding(ctx context.Context) (bool, error) {
	var state string
	err := tx.QueryRowContext(ctx, `SELECT state FROM text_index_build WHERE id = 1`+tx.db.Dialect.lockRow("SHARE")).Scan(&state)
	return state == "building", err
}

// lockRow is the clause that locks the rows a query reads on PostgreSQL
// ("FOR UPDATE", "FOR SHARE"); SQLite has one writer at a time, and no
// such clause.
func (d Dialect) lockRow(mode string) string {
	if d == Postgres {
		return " FOR " + mode
	}
	return ""
}

// TextIndexBuild says where the copy-paste index's bulk build is: state
// "ready" or "building", and its last step and count.
func (db *DB) TextIndexBuild(ctx context.Context) (state, stage string, done int, err error) {
	err = db.reader.QueryRowContext(ctx, `SELECT state, stage, done FROM text_index_build WHERE id = 1`).Scan(&state, &stage, &done)
	return state, stage, done, err
}
