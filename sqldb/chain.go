package sqldb

import (
	"context"
	"database/sql"
	"fmt"
	"strings"

	"kith"
)

// The chains (kith.Chain) are written here. A transaction that finalises
// a record, adds an addendum, withdraws a record or writes an audit event
// notes the entry (Tx.chain) as it writes the row, and appends every
// entry it noted to its chain as its last statements before it commits
// (Tx.seal): read the chain's head, hash the entries on from it, insert
// their links and move the head on. The row and its link commit together
// or not at all.
//
// On PostgreSQL the head is read FOR UPDATE: a second server's
// transaction sealing into the same chain waits at that row until the
// first commits, then reads the head the first left. So however many
// servers write, each chain is one sequence numbered 1, 2, 3 … in commit
// order, without gaps. Transactions take the heads in the one order of
// kith.Chains, so two never wait for each other in a circle. On SQLite
// there is one writer at a time anyway.
//
// The audit chain is the exception on PostgreSQL. Every page writes to
// it, and with several servers their pages queued at its head: four
// servers served fewer pages than one (docs/benchmarks.md). So there an
// audit event is listed in chain_backlog in its own transaction instead
// (by the statement that inserts it: Tx.audit),
// and the server's chainer (chainer.go) adds it to the chain moments
// after it commits. At every moment, then, a chain's length plus its
// backlog is the number of rows it covers: the check (Verify) counts
// both, and reports an event deleted while it waited in the backlog.

// pendingLink is an entry a transaction appends to a chain as it commits.
type pendingLink struct {
	chain   kith.Chain
	subject string
	entry   []byte
}

// chain notes an entry to append to a chain when tx commits.
func (tx *Tx) chain(c kith.Chain, subject string, entry []byte) {
	tx.links = append(tx.links, pendingLink{chain: c, subject: subject, entry: entry})
}

// seal appends the entries tx noted to their chains; on PostgreSQL it
// lists the audit chain's in the backlog instead, and notes that it did
// (tx.deferred), so that the chainer is woken once tx commits.
func (tx *Tx) seal(ctx context.Context) error {
	if len(tx.links) == 0 {
		return nil
	}
	now, later := tx.links, []pendingLink(nil)
	if tx.db.Dialect == Postgres {
		now, later = nil, nil
		for _, l := range tx.links {
			if l.chain == kith.ChainAudit {
				later = append(later, l)
			} else {
				now = append(now, l)
			}
		}
	}
	tx.links = nil
	if err := listInBacklog(ctx, tx.Tx, later); err != nil {
		return err
	}
	tx.deferred = tx.deferred || len(later) > 0
	return appendLinks(ctx, tx.Tx, tx.db.Dialect, now)
}

// listInBacklog lists entries in chain_backlog, for the chainer to append.
func listInBacklog(ctx context.Context, q querier, links []pendingLink) error {
	for len(links) > 0 {
		n := min(len(links), 2*linksPerInsert)
		var b strings.Builder
		b.WriteString(`INSERT INTO chain_backlog (chain, subject_id) VALUES `)
		args := make([]any, 0, 2*n)
		for i, l := range links[:n] {
			if i > 0 {
				b.WriteString(", ")
			}
			b.WriteString("(" + placeholders(2*i+1, 2) + ")")
			args = append(args, string(l.chain), l.subject)
		}
		if _, err := q.ExecContext(ctx, b.String(), args...); err != nil {
			return fmt.Errorf("list entries for the %s chain: %w", links[0].chain, err)
		}
		links = links[n:]
	}
	return nil
}

// querier is a transaction, Kith's or database/sql's (a bulk load's).
type querier interface {
	ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error)
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
}

// linksPerInsert bounds one INSERT of links (4 parameters each).
const linksPerInsert = 250

// appendLinks appends entries to their chains, chain by chain in the order
// of kith.Chains, each in the order noted.
func appendLinks(ctx context.Context, q querier, d Dialect, links []pendingLink) error {
	lock := ""
	if d == Postgres {
		lock = " FOR UPDATE"
	}
	for _, c := range kith.Chains {
		var mine []pendingLink
		for _, l := range links {
			if l.chain == c {
				mine = append(mine, l)
			}
		}
		if len(mine) == 0 {
			continue
		}
		var seq int64
		var prev string
		if err := q.QueryRowContext(ctx, `SELECT seq, hash FROM chain_heads WHERE chain = $1`+lock, string(c)).Scan(&seq, &prev); err != nil {
			return fmt.Errorf("read the head of the %s chain: %w", c, err)
		}
		for len(mine) > 0 {
			n := min(len(mine), linksPerInsert)
			var b strings.Builder
			b.WriteString(`INSERT INTO chain_links (chain, seq, subject_id, hash) VALUES `)
			args := make([]any, 0, 4*n)
			for i, l := range mine[:n] {
				if i > 0 {
					b.WriteString(", ")
				}
				b.WriteString("(" + placeholders(4*i+1, 4) + ")")
				seq++
				prev = kith.LinkHash(c, seq, prev, l.entry)
				args = append(args, string(c), seq, l.subject, prev)
			}
			if _, err := q.ExecContext(ctx, b.String(), args...); err != nil {
				return fmt.Errorf("append to the %s chain: %w", c, err)
			}
			mine = mine[n:]
		}
		if _, err := q.ExecContext(ctx, `UPDATE chain_heads SET seq = $2, hash = $3 WHERE chain = $1`, string(c), seq, prev); err != nil {
			return fmt.Errorf("move the head of the %s chain: %w", c, err)
		}
	}
	return nil
}

// ChainHeads returns every chain's head as it stands.
func (db *DB) ChainHeads(ctx context.Context) ([]kith.ChainHead, error) {
	var out []kith.ChainHead
	err := db.read(ctx, func(tx *Tx) error {
		var err error
		out, err = chainHeads(ctx, tx)
		return err
	})
	return out, err
}

func chainHeads(ctx context.Context, q querier) ([]kith.ChainHead, error) {
	byName := map[kith.Chain]kith.ChainHead{}
	rows, err := q.QueryContext(ctx, `SELECT chain, seq, hash FROM chain_heads`)
	if err != nil {
		return nil, fmt.Errorf("chain heads: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var h kith.ChainHead
		var c string
		if err := rows.Scan(&c, &h.Seq, &h.Hash); err != nil {
			return nil, err
		}
		h.Chain = kith.Chain(c)
		byName[h.Chain] = h
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	out := make([]kith.ChainHead, 0, len(kith.Chains))
	for _, c := range kith.Chains {
		h, ok := byName[c]
		if !ok {
			// A head deleted behind Kith's back: the chain looks empty,
			// which the check reports against its links.
			h = kith.ChainHead{Chain: c, Hash: kith.GenesisHash}
		}
		out = append(out, h)
	}
	return out, nil
}

// Entries are built from rows by the same functions whether they are
// chained as they are written, from the backlog, or checked.

// recordEntry reads the columns of a record's entry: id, case_id,
// finalised_at, content_hash.
func recordEntry(id, caseID string, finalised scanTime, hash string) []byte {
	return kith.RecordEntry(id, caseID, finalised.T, hash)
}

// addendumEntry: id, record_id, author_id, created_at, text.
func addendumEntry(id, recordID, authorID string, created scanTime, text string) []byte {
	return kith.AddendumEntry(id, recordID, authorID, created.T, text)
}

// withdrawalEntry: records.id, withdrawn_by, withdrawn_at, withdraw_reason.
func withdrawalEntry(recordID string, by sql.NullString, at scanTime, reason string) []byte {
	return kith.WithdrawalEntry(recordID, by.String, at.T, reason)
}

// auditColumns are an audit event's columns in the order auditRow scans.
const auditColumns = `e.id, e.at, e.user_id, e.action, e.case_id, e.subject_type, e.subject_id, e.detail, e.ip, e.user_agent, e.request_id, e.via`

// auditRow scans auditColumns (after any columns before them).
type auditRow struct {
	id, action, subjectType, subjectID, detail, ip, userAgent, requestID, via sql.NullString
	at                                                                        scanTime
	userID, caseID                                                            sql.NullString
}

func (r *auditRow) dest() []any {
	return []any{&r.id, &r.at, &r.userID, &r.action, &r.caseID, &r.subjectType, &r.subjectID, &r.detail, &r.ip, &r.userAgent, &r.requestID, &r.via}
}

func (r *auditRow) entry() []byte {
	return kith.AuditEntry(kith.AuditEvent{ID: r.id.String, At: r.at.T, UserID: r.userID.String, Action: kith.AuditAction(r.action.String),
		CaseID: r.caseID.String, SubjectType: r.subjectType.String, SubjectID: r.subjectID.String, Detail: r.detail.String, IP: r.ip.String,
		UserAgent: r.userAgent.String, RequestID: r.requestID.String, Via: r.via.String})
}

// backlogBatch is how many entries of the backlog go into one transaction.
const backlogBatch = 2000

// chainBacklog adds what waits in chain_backlog to the chains, a batch to
// a transaction, and returns how many it added. Kith runs it as it
// migrates, for what was written before the chains existed (listed by
// migration 00024), or by a bulk load, or by a server stopped before its
// chainer had added its last audit events.
func (db *DB) chainBacklog(ctx context.Context) (int64, error) {
	var total int64
	var waiting int64
	if err := db.reader.QueryRowContext(ctx, `SELECT COUNT(*) FROM chain_backlog`).Scan(&waiting); err != nil || waiting == 0 {
		return 0, err
	}
	db.Log.Info("adding records, addenda, withdrawals and audit events waiting for the hash chains to them", "waiting", waiting)
	for {
		n := 0
		err := db.write(ctx, func(tx *Tx) error {
			var err error
			n, err = chainBacklogBatch(ctx, tx.Tx, db.Dialect, backlogBatch, kith.Chains)
			return err
		})
		if err != nil {
			return total, fmt.Errorf("chain the backlog: %w", err)
		}
		total += int64(n)
		if total/100000 != (total-int64(n))/100000 {
			db.Log.Info("chaining the backlog", "done", total, "of", waiting)
		}
		if n == 0 {
			db.Log.Info("chained the backlog", "entries", total)
			return total, nil
		}
	}
}

// backlogQueries read up to $1 entries of a chain's backlog, in the order
// of their ids, with the columns of their entries (NULL where the row is
// gone). An audit event's entry is read only with its event: one deleted
// while it waited (only the chainer's moments, since migration 00024)
// stays in the backlog, where the check reports it.
var backlogQueries = map[kith.Chain]string{
	kith.ChainRecords: `SELECT b.subject_id, r.case_id, r.finalised_at, r.content_hash FROM chain_backlog b
		LEFT JOIN records r ON r.id = b.subject_id AND r.status <> 'draft' WHERE b.chain = 'record' ORDER BY b.subject_id LIMIT $1`,
	kith.ChainAddenda: `SELECT b.subject_id, a.record_id, a.author_id, a.created_at, a.text FROM chain_backlog b
		LEFT JOIN record_addenda a ON a.id = b.subject_id WHERE b.chain = 'addendum' ORDER BY b.subject_id LIMIT $1`,
	kith.ChainWithdrawals: `SELECT b.subject_id, r.id, r.withdrawn_by, r.withdrawn_at, r.withdraw_reason FROM chain_backlog b
		LEFT JOIN records r ON r.id = b.subject_id AND r.status = 'withdrawn' WHERE b.chain = 'withdrawal' ORDER BY b.subject_id LIMIT $1`,
	kith.ChainAudit: `SELECT b.subject_id, ` + auditColumns + ` FROM chain_backlog b
		JOIN audit_events e ON e.id = b.subject_id WHERE b.chain = 'audit' ORDER BY b.subject_id LIMIT $1`,
}

// chainBacklogBatch chains up to limit entries of the named chains'
// backlog and takes them off it, and returns how many it took.
//
// Each chain's head is taken first, before its backlog is read. Other
// servers' chainers may be at the same backlog, and other transactions
// may be adding to it: with the head held, what this transaction reads
// next (a statement's snapshot, on PostgreSQL) includes everything the
// last holder chained and took off, so no entry is chained twice. And it
// takes off exactly the entries it read, never a range of ids, since an
// entry committed just now with a lower id than the last one read has not
// been chained yet.
func chainBacklogBatch(ctx context.Context, q querier, d Dialect, limit int, chains []kith.Chain) (int, error) {
	done := 0
	for _, c := range chains {
		if done >= limit {
			break
		}
		if d == Postgres {
			if _, err := q.ExecContext(ctx, `SELECT 1 FROM chain_heads WHERE chain = $1 FOR UPDATE`, string(c)); err != nil {
				return done, fmt.Errorf("take the head of the %s chain: %w", c, err)
			}
		}
		links, read, err := readBacklog(ctx, q, c, limit-done)
		if err != nil {
			return done, err
		}
		if len(read) == 0 {
			continue
		}
		if err := appendLinks(ctx, q, d, links); err != nil {
			return done, err
		}
		if err := takeOffBacklog(ctx, q, c, read); err != nil {
			return done, err
		}
		// Rows gone since are taken off too, and counted, so a caller
		// looping until none are taken goes on.
		done += len(read)
	}
	return done, nil
}

// takeOffBacklog deletes a chain's entries from the backlog.
func takeOffBacklog(ctx context.Context, q querier, c kith.Chain, subjects []string) error {
	const perDelete = 1000
	for len(subjects) > 0 {
		n := min(len(subjects), perDelete)
		args := make([]any, 0, n+1)
		args = append(args, string(c))
		for _, s := range subjects[:n] {
			args = append(args, s)
		}
		if _, err := q.ExecContext(ctx, `DELETE FROM chain_backlog WHERE chain = $1 AND subject_id IN (`+placeholders(2, n)+`)`, args...); err != nil {
			return fmt.Errorf("take the %s backlog: %w", c, err)
		}
		subjects = subjects[n:]
	}
	return nil
}

// readBacklog reads a chain's backlog: the entries to append, and every
// subject id read (with those whose rows are gone).
func readBacklog(ctx context.Context, q querier, c kith.Chain, limit int) ([]pendingLink, []string, error) {
	rows, err := q.QueryContext(ctx, backlogQueries[c], limit)
	if err != nil {
		return nil, nil, fmt.Errorf("read the %s backlog: %w", c, err)
	}
	defer rows.Close()
	var out []pendingLink
	var read []string
	for rows.Next() {
		var subject string
		var e []byte
		switch c {
		case kith.ChainRecords:
			var caseID, hash sql.NullString
			var at scanTime
			if err := rows.Scan(&subject, &caseID, &at, &hash); err != nil {
				return nil, nil, err
			}
			if caseID.Valid {
				e = recordEntry(subject, caseID.String, at, hash.String)
			}
		case kith.ChainAddenda:
			var recordID, author, text sql.NullString
			var at scanTime
			if err := rows.Scan(&subject, &recordID, &author, &at, &text); err != nil {
				return nil, nil, err
			}
			if recordID.Valid {
				e = addendumEntry(subject, recordID.String, author.String, at, text.String)
			}
		case kith.ChainWithdrawals:
			var id, by, reason sql.NullString
			var at scanTime
			if err := rows.Scan(&subject, &id, &by, &at, &reason); err != nil {
				return nil, nil, err
			}
			if id.Valid {
				e = withdrawalEntry(subject, by, at, reason.String)
			}
		case kith.ChainAudit:
			var r auditRow
			if err := rows.Scan(append([]any{&subject}, r.dest()...)...); err != nil {
				return nil, nil, err
			}
			if r.id.Valid {
				e = r.entry()
			}
		}
		read = append(read, subject)
		if e != nil {
			out = append(out, pendingLink{chain: c, subject: subject, entry: e})
		}
	}
	return out, read, rows.Err()
}
