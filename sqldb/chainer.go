package sqldb

import (
	"context"
	"database/sql"
	"fmt"
	"sync"
	"time"

	"kith"
)

// The chainer adds audit events to the audit chain moments after they are
// written, on PostgreSQL (see chain.go for why). A transaction that lists
// events in the backlog wakes it as it commits; it then chains everything
// in the audit backlog, whichever server wrote it, a batch at a time,
// until none is left. Wakes that come while it works fold into one more
// round. It starts with the first event listed and stops when the
// database closes, which chains what is left. A server killed before its
// chainer ran leaves its events in the backlog: another server's chainer
// takes them with its own, and Kith chains any left when it next starts
// (chainBacklog, as it migrates).

// chainer is a database's chaining goroutine and its wake-up.
type chainer struct {
	mu     sync.Mutex
	wake   chan struct{} // one waiting wake is enough
	stop   chan struct{}
	ended  chan struct{}
	cancel context.CancelFunc // ends a round waiting on the database
	closed bool
}

// wakeChainer asks the chainer to chain the audit backlog, starting it
// the first time.
func (db *DB) wakeChainer() {
	c := &db.chainer
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.closed {
		return // Close chains what is left
	}
	if c.wake == nil {
		c.wake = make(chan struct{}, 1)
		c.stop = make(chan struct{})
		c.ended = make(chan struct{})
		var ctx context.Context
		ctx, c.cancel = context.WithCancel(inBackground(context.Background()))
		go db.runChainer(ctx, c.wake, c.stop, c.ended)
	}
	select {
	case c.wake <- struct{}{}:
	default:
	}
}

// runChainer chains the audit backlog each time it is woken, until the
// database closes.
func (db *DB) runChainer(ctx context.Context, wake, stop, ended chan struct{}) {
	defer close(ended)
	for {
		select {
		case <-wake:
		case <-stop:
			return
		}
		if _, err := db.ChainAuditBacklog(ctx); err != nil && ctx.Err() == nil {
			// The next event written wakes it again; until then the
			// events wait, and the check counts them as waiting.
			db.Log.Warn("add audit events to their chain", "err", err)
		}
	}
}

// closeChainer stops the chainer, ending a round that waits (its
// transaction is rolled back, and so changes nothing), and chains what is
// left in the audit backlog, giving up after a while if the database does
// not answer: the next start chains it.
func (db *DB) closeChainer() {
	c := &db.chainer
	c.mu.Lock()
	c.closed = true
	stop, ended, cancel := c.stop, c.ended, c.cancel
	c.stop = nil
	c.mu.Unlock()
	if stop == nil {
		return
	}
	close(stop)
	cancel()
	<-ended
	ctx, cancel := context.WithTimeout(inBackground(context.Background()), 10*time.Second)
	defer cancel()
	if _, err := db.ChainAuditBacklog(ctx); err != nil {
		db.Log.Warn("add the last audit events to their chain as the database closes", "err", err)
	}
}

// ChainAuditBacklog adds every audit event waiting in the backlog to the
// audit chain, and returns how many it added. The chainer calls it; so may
// anyone who must see the chain complete (a test, before it reads a
// chain's links).
func (db *DB) ChainAuditBacklog(ctx context.Context) (int, error) {
	total := 0
	for {
		n := 0
		err := retried(ctx, func() error {
			return db.chainTx(ctx, func(tx *sql.Tx) error {
				// Looked at first without taking the head, so that an
				// empty backlog costs no server a wait. (An entry whose
				// event is gone stays for the check to report, and is not
				// waiting.)
				var waiting bool
				if err := tx.QueryRowContext(ctx, `SELECT EXISTS (SELECT 1 FROM chain_backlog b JOIN audit_events e ON e.id = b.subject_id
					WHERE b.chain = 'audit')`).Scan(&waiting); err != nil || !waiting {
					return err
				}
				var err error
				n, err = chainBacklogBatch(ctx, tx, db.Dialect, backlogBatch, []kith.Chain{kith.ChainAudit})
				return err
			})
		})
		total += n
		if err != nil || n < backlogBatch {
			return total, err
		}
	}
}

// chainTx runs fn in a write transaction of its own. Unlike Kith's other
// transactions it has no "now": chaining writes no time, and the chainer
// runs beside requests (and tests) without reading the clock they set.
func (db *DB) chainTx(ctx context.Context, fn func(tx *sql.Tx) error) error {
	tx, err := db.writer.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("begin: %w", err)
	}
	if err := fn(tx); err != nil {
		_ = tx.Rollback()
		return err
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("commit: %w", err)
	}
	return nil
}
