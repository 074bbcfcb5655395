package sqldb_test

import (
	"context"
	"database/sql"
	"fmt"
	"io"
	"log/slog"
	"strings"
	"sync"
	"testing"
	"time"

	"kith"
	"kith/internal/kithtest"
	"kith/internal/pgtest"
	"kith/sqldb"
)

// holdAuditHead takes the audit chain's head, as another server's
// transaction sealing into it would, and returns what lets it go.
func holdAuditHead(t *testing.T, addr string) (release func()) {
	t.Helper()
	ctx := context.Background()
	raw, err := sql.Open("pgx", addr)
	if err != nil {
		t.Fatal(err)
	}
	tx, err := raw.BeginTx(ctx, nil)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := tx.ExecContext(ctx, `SELECT 1 FROM chain_heads WHERE chain = 'audit' FOR UPDATE`); err != nil {
		t.Fatal(err)
	}
	var once sync.Once
	release = func() {
		once.Do(func() {
			_ = tx.Rollback()
			raw.Close()
		})
	}
	t.Cleanup(release)
	return release
}

// chainComplete checks that the audit chain holds every audit event and
// nothing waits, and that the check passes.
func chainComplete(t *testing.T, db *sqldb.DB) {
	t.Helper()
	if got, want := db.RawCount(t, `SELECT seq FROM chain_heads WHERE chain = 'audit'`), db.RawCount(t, `SELECT COUNT(*) FROM audit_events`); got != want || want == 0 {
		t.Errorf("the audit chain has %d entries for %d events", got, want)
	}
	if n := db.RawCount(t, `SELECT COUNT(*) FROM chain_backlog`); n != 0 {
		t.Errorf("%d entries still wait in the backlog", n)
	}
	rep, err := db.Verify(context.Background(), sqldb.VerifyOptions{})
	if err != nil || !rep.OK() || rep.Pending != 0 {
		t.Errorf("verify: %v %s %v", err, rep.Summary(), rep.Problems)
	}
}

// On PostgreSQL a page's audit does not wait at the audit chain's head:
// with the head held by another server, a practitioner's case is shown,
// its view is in the access log at once, and it joins the chain once the
// head is free. (Before, every server's pages queued at that row: four
// servers served fewer pages than one.)
func TestAuditedReadsDoNotWaitForTheChainHead(t *testing.T) {
	addr := pgtest.Database(t)
	db := kithtest.OpenAt(t, addr)
	ctx := context.Background()
	c := newCouncil(t, db)
	m := c.A(c.TM1)
	k := c.Allocate(m, c.Case(m, "Dot", "Dale", kith.Date{Year: 2014, Month: 3, Day: 1}, c.T1), c.T1, c.Prac1)
	if _, err := db.ChainAuditBacklog(ctx); err != nil {
		t.Fatal(err)
	}
	release := holdAuditHead(t, addr)

	// Were the read to wait at the head, it would wait until this gave
	// up: the test fails rather than hangs.
	wait, cancel := context.WithTimeout(ctx, time.Minute)
	defer cancel()
	a := c.A(c.Prac1)
	a.RequestID = "while-held"
	if _, err := db.CaseOverview(wait, a, k.Reference); err != nil {
		t.Fatalf("the case was not shown while another server held the chain's head: %v", err)
	}
	if n := db.RawCount(t, `SELECT COUNT(*) FROM audit_events WHERE request_id = 'while-held'`); n == 0 {
		t.Fatal("the view is not in the access log")
	}
	if n := db.RawCount(t, `SELECT COUNT(*) FROM chain_backlog b JOIN audit_events e ON e.id = b.subject_id WHERE e.request_id = 'while-held'`); n == 0 {
		t.Fatal("the view is not waiting for the chain")
	}
	// While it waits, the check counts it as waiting, not as a problem.
	rep, err := db.Verify(ctx, sqldb.VerifyOptions{})
	if err != nil || !rep.OK() || rep.Pending == 0 {
		t.Fatalf("verify while waiting: %v %s %v", err, rep.Summary(), rep.Problems)
	}
	release()
	if _, err := db.ChainAuditBacklog(ctx); err != nil {
		t.Fatal(err)
	}
	chainComplete(t, db)
}

// An audit event deleted while it waits for the chain is still found: its
// entry stays in the backlog, and the check names it.
func TestAuditEventDeletedBeforeItJoinsTheChain(t *testing.T) {
	db := kithtest.OpenDB(t, "postgres")
	ctx := context.Background()
	c := newCouncil(t, db)
	m := c.A(c.TM1)
	k := c.Allocate(m, c.Case(m, "Eli", "Elm", kith.Date{Year: 2013, Month: 2, Day: 1}, c.T1), c.T1, c.Prac1)
	if _, err := db.CaseOverview(ctx, c.A(c.Prac1), k.Reference); err != nil {
		t.Fatal(err)
	}
	if _, err := db.ChainAuditBacklog(ctx); err != nil {
		t.Fatal(err)
	}
	// What an event deleted before the chainer came to it leaves: its
	// entry in the backlog, and no event. (Deleting a real one in that
	// moment would mean holding the chain's head while dropping the
	// access log's triggers, which waits on the chainer holding the
	// log.)
	const gone = "01900000-0000-7000-8000-000000000000"
	must(t, db.RawExec(ctx, `INSERT INTO chain_backlog (chain, subject_id) VALUES ('audit', $1)`, gone))
	// With another view waiting beside it, chained by the chainer, and
	// then by Kith starting again.
	if _, err := db.CaseOverview(ctx, c.A(c.Prac1), k.Reference); err != nil {
		t.Fatal(err)
	}
	if _, err := db.ChainAuditBacklog(ctx); err != nil {
		t.Fatal(err)
	}
	if got, want := db.RawCount(t, `SELECT seq FROM chain_heads WHERE chain = 'audit'`), db.RawCount(t, `SELECT COUNT(*) FROM audit_events`); got != want {
		t.Fatalf("the audit chain has %d entries for %d events", got, want)
	}
	must(t, db.Migrate(ctx))
	if n := db.RawCount(t, `SELECT COUNT(*) FROM chain_backlog WHERE subject_id = $1`, gone); n != 1 {
		t.Fatal("the entry of a deleted event was taken off the backlog, and with it the trace")
	}
	rep, err := db.Verify(ctx, sqldb.VerifyOptions{})
	if err != nil {
		t.Fatal(err)
	}
	found := false
	for _, p := range rep.Problems {
		found = found || (p.Chain == kith.ChainAudit && p.SubjectID == gone && strings.Contains(p.What, "deleted before it was added to the audit chain"))
	}
	if rep.OK() || !found {
		t.Fatalf("the deleted event was not reported: %s %v", rep.Summary(), rep.Problems)
	}
}

// Four servers reading at once on one database: each server's chainer
// chains the events of all of them, and none is chained twice or lost.
func TestServersChainOneAccessLog(t *testing.T) {
	addr := pgtest.Database(t)
	first := kithtest.OpenAt(t, addr)
	ctx := context.Background()
	c := newCouncil(t, first)
	m := c.A(c.TM1)
	k := c.Allocate(m, c.Case(m, "Fen", "Fir", kith.Date{Year: 2012, Month: 1, Day: 1}, c.T1), c.T1, c.Prac1)
	servers := []*sqldb.DB{first}
	for range 3 {
		db, err := sqldb.Open(ctx, addr)
		if err != nil {
			t.Fatal(err)
		}
		db.Log = slog.New(slog.NewTextHandler(io.Discard, nil))
		db.Clock = first.Clock
		if err := db.Migrate(ctx); err != nil {
			t.Fatal(err)
		}
		servers = append(servers, db)
	}
	const readsEach = 25
	var wg sync.WaitGroup
	errs := make(chan error, len(servers)*readsEach)
	for s, db := range servers {
		for i := range readsEach {
			wg.Add(1)
			go func() {
				defer wg.Done()
				a := c.A(c.Prac1)
				a.RequestID = fmt.Sprintf("server-%d-read-%02d", s, i)
				if _, err := db.CaseOverview(ctx, a, k.Reference); err != nil {
					errs <- err
				}
			}()
		}
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
	// Three of the servers stop, chaining what they have left; the first
	// chains anything still waiting, as its chainer would.
	for _, db := range servers[1:] {
		if err := db.Close(); err != nil {
			t.Error(err)
		}
	}
	if _, err := first.ChainAuditBacklog(ctx); err != nil {
		t.Fatal(err)
	}
	if n := first.RawCount(t, `SELECT COUNT(DISTINCT request_id) FROM audit_events WHERE request_id LIKE 'server-%' AND case_id IS NOT NULL`); n != len(servers)*readsEach {
		t.Errorf("%d reads audited, want %d", n, len(servers)*readsEach)
	}
	chainComplete(t, first)
}
