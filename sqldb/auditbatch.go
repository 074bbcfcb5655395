package sqldb

import (
	"context"
	"sync"
	"sync/atomic"

	"kith"
)

// Group commit for the audit rows of reads. Every page that shows a case
// writes who saw it before anything is shown. One at a time, each of
// those writes is a transaction of its own, with its own commit and its
// own wait for the disk. When reads overlap, the rows of all the reads
// waiting at that moment are written in one transaction instead: one
// commit, one wait for the disk. Each read still waits until its own row
// is on disk, so a read whose audit fails is not shown (fail closed), as
// before. Nothing waits for a batch to fill: the batch is whatever
// queued while the last one was being written, so a lone read is written
// at once.

// maxAuditBatch bounds one transaction's reads, so a burst does not make
// one commit (and everyone in it) wait on a very long transaction.
const maxAuditBatch = 64

// auditJob is one read's audit rows, waiting to be written.
type auditJob struct {
	write func(tx *Tx) error
	done  chan error // buffered: the writer never waits to answer
}

// auditBatcher owns the goroutine that writes queued audit rows. It
// starts with the first read audited and stops when the database closes.
type auditBatcher struct {
	mu     sync.Mutex
	jobs   chan auditJob
	stop   chan struct{}
	ended  chan struct{}
	closed bool
	// batches counts the transactions written, for tests.
	batches atomic.Int64
}

// auditQueue returns the batcher's channels, starting its writer the first
// time; false once the database is closed.
func (db *DB) auditQueue() (jobs chan auditJob, stop, ended chan struct{}, ok bool) {
	b := &db.audits
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.closed {
		return nil, nil, nil, false
	}
	if b.jobs == nil {
		b.jobs = make(chan auditJob, maxAuditBatch)
		b.stop = make(chan struct{})
		b.ended = make(chan struct{})
		go db.writeAudits(b.jobs, b.stop, b.ended)
	}
	return b.jobs, b.stop, b.ended, true
}

// auditInBatch queues a read's audit rows and waits until they are on
// disk (or could not be written). A request that gives up waiting (its
// context ends) is told so; its rows may still be written, which records
// a read that was not shown: the safe side.
func (db *DB) auditInBatch(ctx context.Context, write func(tx *Tx) error) error {
	unavailable := kith.Errorf(kith.EUNAVAILABLE, "%s", kith.CannotReadMessage)
	jobs, stop, ended, ok := db.auditQueue()
	if !ok {
		return unavailable
	}
	job := auditJob{write: write, done: make(chan error, 1)}
	select {
	case jobs <- job:
	case <-stop:
		return unavailable
	case <-ctx.Done():
		return ctx.Err()
	}
	select {
	case err := <-job.done:
		return err
	case <-ended:
		// Closed as the job was queued: answered, or never to be.
		select {
		case err := <-job.done:
			return err
		default:
			return unavailable
		}
	case <-ctx.Done():
		return ctx.Err()
	}
}

// writeAudits writes queued audit rows until the database closes: all
// that are waiting, in one transaction. If that transaction fails, each
// read's rows are written alone, so one read's problem is not everyone's.
func (db *DB) writeAudits(jobs chan auditJob, stop, ended chan struct{}) {
	b := &db.audits
	defer close(ended)
	ctx := context.Background()
	for {
		var batch []auditJob
		select {
		case j := <-jobs:
			batch = append(batch, j)
		case <-stop:
			refuseQueued(jobs)
			return
		}
	gather:
		for len(batch) < maxAuditBatch {
			select {
			case j := <-jobs:
				batch = append(batch, j)
			default:
				break gather
			}
		}
		err := db.write(ctx, func(tx *Tx) error {
			for _, j := range batch {
				if err := j.write(tx); err != nil {
					return err
				}
			}
			return nil
		})
		b.batches.Add(1)
		if err != nil && len(batch) > 1 {
			for _, j := range batch {
				err := db.write(ctx, j.write)
				b.batches.Add(1) // counted before the read is answered
				j.done <- err
			}
			continue
		}
		for _, j := range batch {
			j.done <- err
		}
	}
}

// refuseQueued answers what is still queued as the database closes.
func refuseQueued(jobs chan auditJob) {
	for {
		select {
		case j := <-jobs:
			j.done <- kith.Errorf(kith.EUNAVAILABLE, "%s", kith.CannotReadMessage)
		default:
			return
		}
	}
}

// closeAudits stops the audit writer after the batch it is writing; no
// read is audited after it.
func (db *DB) closeAudits() {
	b := &db.audits
	b.mu.Lock()
	b.closed = true
	stop, ended := b.stop, b.ended
	b.stop = nil
	b.mu.Unlock()
	if stop != nil {
		close(stop)
		<-ended
	}
}
