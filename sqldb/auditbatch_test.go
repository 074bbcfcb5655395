package sqldb_test

import (
	"context"
	"errors"
	"fmt"
	"runtime"
	"sync"
	"testing"

	"kith"
	"kith/internal/kithtest"
	"kith/sqldb"
)

// Reads audited at the same moment share one transaction (group commit);
// a read whose audit cannot be written is refused without taking the
// others with it, and every row of theirs is kept: the cases a list
// showed included, though their transaction was written twice.
func TestAuditGroupCommit(t *testing.T) {
	kithtest.EachEngine(t, func(t *testing.T, db *sqldb.DB) {
		ctx := context.Background()
		c := newCouncil(t, db)
		m := c.A(c.TM1)
		var refs []string
		for i := 0; i < 3; i++ {
			k := c.Case(m, "Amy", []string{"Ash", "Oak", "Elm"}[i], kith.Date{Year: 2015, Month: 3, Day: 1 + i}, c.T1)
			c.Allocate(m, k, c.T1, c.Prac1)
			refs = append(refs, k.Reference)
		}
		before := db.AuditBatches()

		// The audit writer is held inside a transaction, so that what
		// comes next queues behind it.
		started, release := make(chan struct{}), make(chan struct{})
		held := make(chan error, 1)
		go func() {
			held <- db.AuditInBatch(ctx, func(tx *sqldb.Tx) error {
				close(started)
				<-release
				return nil
			})
		}()
		<-started

		// Queued in this order, so the list's rows are written in the
		// failed transaction before they are written alone.
		queued := func(n int) {
			for db.AuditQueued() < n {
				runtime.Gosched()
			}
		}
		a := c.A(c.Prac1)
		a.RequestID = "list-1"
		var wg sync.WaitGroup
		var listErr, readErr error
		var page *kith.CaseloadPage
		wg.Add(3)
		go func() { defer wg.Done(); page, listErr = db.Caseload(ctx, a, kith.CaseloadFilter{Mine: true}) }()
		queued(1)
		go func() {
			defer wg.Done()
			r := c.A(c.Prac1)
			r.RequestID = "read-1"
			_, readErr = db.CaseOverview(ctx, r, refs[0])
		}()
		queued(2)
		bad := errors.New("this read's audit cannot be written")
		var badErr error
		go func() {
			defer wg.Done()
			badErr = db.AuditInBatch(ctx, func(tx *sqldb.Tx) error { return bad })
		}()
		queued(3)
		close(release)
		wg.Wait()
		if err := <-held; err != nil {
			t.Fatal(err)
		}
		if !errors.Is(badErr, bad) {
			t.Errorf("the read whose audit failed: %v", badErr)
		}
		if listErr != nil || readErr != nil {
			t.Fatalf("the others: %v, %v", listErr, readErr)
		}
		if len(page.Cases) != 3 {
			t.Fatalf("caseload of %d", len(page.Cases))
		}
		// One for the held transaction, one for the three queued behind
		// it (which failed), and one for each of them alone.
		if n := db.AuditBatches() - before; n != 5 {
			t.Errorf("%d audit transactions, want 5", n)
		}
		if n := db.RawCount(t, `SELECT COUNT(*) FROM audit_list_cases l JOIN audit_events e ON e.subject_type = 'list' AND e.subject_id = l.list WHERE e.request_id = 'list-1'`); n != 3 {
			t.Errorf("the caseload's audit lists %d cases, want 3", n)
		}
		if n := db.RawCount(t, `SELECT COUNT(*) FROM audit_events WHERE request_id = 'read-1' AND case_id IS NOT NULL`); n == 0 {
			t.Error("the case read was not audited")
		}
		rep, err := db.Verify(ctx, sqldb.VerifyOptions{})
		if err != nil || !rep.OK() {
			t.Errorf("verify: %v %s", err, rep.Summary())
		}
	})
}

// Many practitioners opening cases at once: every read is audited, once,
// and the access log's chain holds.
func TestAuditConcurrentReads(t *testing.T) {
	kithtest.EachEngine(t, func(t *testing.T, db *sqldb.DB) {
		ctx := context.Background()
		c := newCouncil(t, db)
		m := c.A(c.TM1)
		k := c.Case(m, "Bea", "Birch", kith.Date{Year: 2016, Month: 4, Day: 2}, c.T1)
		c.Allocate(m, k, c.T1, c.Prac1)
		const readers = 40
		var wg sync.WaitGroup
		errs := make(chan error, readers)
		for i := 0; i < readers; i++ {
			wg.Add(1)
			go func() {
				defer wg.Done()
				a := c.A(c.Prac1)
				a.RequestID = fmt.Sprintf("concurrent-%02d", i)
				if _, err := db.CaseOverview(ctx, a, k.Reference); err != nil {
					errs <- err
				}
			}()
		}
		wg.Wait()
		close(errs)
		for err := range errs {
			t.Error(err)
		}
		if n := db.RawCount(t, `SELECT COUNT(DISTINCT request_id) FROM audit_events WHERE request_id LIKE 'concurrent-%' AND case_id IS NOT NULL`); n != readers {
			t.Errorf("%d reads audited, want %d", n, readers)
		}
		rep, err := db.Verify(ctx, sqldb.VerifyOptions{})
		if err != nil || !rep.OK() {
			t.Errorf("verify: %v %s", err, rep.Summary())
		}
	})
}

// After the database closes, a read cannot be audited, so it is refused.
func TestAuditAfterClose(t *testing.T) {
	db := kithtest.OpenDB(t, "sqlite")
	c := newCouncil(t, db)
	m := c.A(c.TM1)
	k := c.Case(m, "Cal", "Cedar", kith.Date{Year: 2017, Month: 5, Day: 3}, c.T1)
	if _, err := db.CaseOverview(context.Background(), m, k.Reference); err != nil {
		t.Fatal(err)
	}
	db.Close()
	// The audit writer has stopped: a read's audit is refused at once as
	// unavailable (the reader is shown the "cannot read" message), and
	// no writer is started again behind the closed database.
	err := db.AuditInBatch(context.Background(), func(tx *sqldb.Tx) error {
		t.Error("an audit was written after close")
		return nil
	})
	if kith.ErrorCode(err) != kith.EUNAVAILABLE {
		t.Errorf("audit after close: %v", err)
	}
	if n := db.AuditQueued(); n != 0 {
		t.Errorf("%d audits queued after close", n)
	}
}
