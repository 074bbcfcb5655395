package sqldb

import (
	"context"
	"database/sql"
	"errors"
	"sync"
	"time"

	"kith"
)

// The chainer adds audit events to the audit chain moments after they are
// written, on PostgreSQL (see chain.go for why). A transaction that lists
// events in the backlog wakes it as it commits; it then chains everything
// in the audit backlog, whichever server wrote it, a batch at a time,
// until none is left. Wakes that come while it works fold into one more
// round. When another server's chainer is at the head, it does not queue
// behind it but looks again a moment later. It starts with the first event listed and stops when the
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
		_, err := db.chainAudit(ctx, false)
		switch {
		case errors.Is(err, errChainerBusy):
			time.AfterFunc(chainerRetry, db.wakeChainer)
		case err != nil && ctx.Err() == nil:
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
// audit chain, and returns how many it added, waiting for the chain's head
// if another server holds it. Kith chains as it closes with it; so may
// anyone who must see the chain complete (a test, before it reads a
// chain's links).
func (db *DB) ChainAuditBacklog(ctx context.Context) (int, error) {
	return db.chainAudit(ctx, true)
}

// errChainerBusy says another server's chainer holds the audit chain's
// head: it is chaining, and this one comes back a moment later.
var errChainerBusy = errors.New("another server is adding audit events to their chain")

// chainerRetry is how long a chainer that found another at work waits
// before it looks again, for the events that other had not yet read.
const chainerRetry = 50 * time.Millisecond

// chainAudit chains the audit backlog, a batch to a transaction. Unless
// wait is set, it does not wait for another chainer at the head (it
// returns errChainerBusy): several servers woken at once would otherwise
// queue there, each to commit a transaction that finds nothing left.
func (db *DB) chainAudit(ctx context.Context, wait bool) (int, error) {
	total := 0
	for {
		n := 0
		err := db.write(ctx, func(tx *Tx) error {
			// Looked at first without taking the head, so that an empty
			// backlog costs no server a wait. (An entry whose event is
			// gone stays for the check to report, and is not waiting.)
			var waiting bool
			if err := tx.QueryRowContext(ctx, `SELECT EXISTS (SELECT 1 FROM chain_backlog b JOIN audit_events e ON e.id = b.subject_id
				WHERE b.chain = 'audit')`).Scan(&waiting); err != nil || !waiting {
				return err
			}
			if !wait {
				var one int
				err := tx.QueryRowContext(ctx, `SELECT 1 FROM chain_heads WHERE chain = 'audit' FOR UPDATE SKIP LOCKED`).Scan(&one)
				if errors.Is(err, sql.ErrNoRows) {
					return errChainerBusy
				}
				if err != nil {
					return err
				}
			}
			var err error
			n, err = chainBacklogBatch(ctx, tx.Tx, db.Dialect, backlogBatch, []kith.Chain{kith.ChainAudit})
			return err
		})
		total += n
		if err != nil || n < backlogBatch {
			return total, err
		}
	}
}
