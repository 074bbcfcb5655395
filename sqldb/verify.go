package sqldb

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"strings"

	"kith"
)

// VerifyOptions are what a check is given besides the database.
type VerifyOptions struct {
	// Roots are daily roots kept outside the database (kith verify
	// --roots): each is checked against the chains, and against the root
	// of the same day in the database.
	Roots []kith.ChainRoot
}

// verifyBatch is how many chain entries one read transaction checks: short
// transactions, so that a check of millions of entries neither holds back
// SQLite's checkpoints nor keeps one PostgreSQL snapshot open for long.
const verifyBatch = 2000

// Verify checks that the record of truth is as it was written: every
// chain link by link from its first entry; every final record against its
// fingerprint, its last saved version, its plain text and the search
// index; every final record, addendum, withdrawal and audit event is in
// its chain; and the daily roots (those in the database and any kept
// outside it) against the chains. It reads in short transactions and
// changes nothing: a problem is reported, not an error. Entries written
// while it runs are left for the next check.
func (db *DB) Verify(ctx context.Context, opts VerifyOptions) (*kith.IntegrityReport, error) {
	rep := &kith.IntegrityReport{StartedAt: db.Now()}
	var heads []kith.ChainHead
	counts := map[kith.Chain]int64{}
	var backlog map[kith.Chain]int64
	var roots []storedRoot
	// One snapshot for the heads and the counts: each row commits with its
	// link or its entry in the backlog, so in any snapshot a chain's
	// length is the number of its rows less those in the backlog.
	err := db.read(ctx, func(tx *Tx) error {
		var err error
		if heads, err = chainHeads(ctx, tx); err != nil {
			return err
		}
		for c, q := range map[kith.Chain]string{
			kith.ChainRecords:     `SELECT COUNT(*) FROM records WHERE status <> 'draft'`,
			kith.ChainAddenda:     `SELECT COUNT(*) FROM record_addenda`,
			kith.ChainWithdrawals: `SELECT COUNT(*) FROM records WHERE status = 'withdrawn'`,
			kith.ChainAudit:       `SELECT COUNT(*) FROM audit_events`,
		} {
			var n int64
			if err := tx.QueryRowContext(ctx, q).Scan(&n); err != nil {
				return fmt.Errorf("count %s: %w", c.Label(), err)
			}
			counts[c] = n
		}
		// Entries a disposal removed are counted as rows: their links stand.
		disposed, err := tx.countByChain(ctx, `SELECT chain, COUNT(*) FROM disposed_entries GROUP BY chain`)
		if err != nil {
			return err
		}
		for c, n := range disposed {
			counts[c] += n
		}
		if backlog, err = tx.countByChain(ctx, `SELECT chain, COUNT(*) FROM chain_backlog GROUP BY chain`); err != nil {
			return err
		}
		for _, n := range backlog {
			rep.Pending += n
		}
		roots, err = tx.storedRoots(ctx)
		return err
	})
	if err != nil {
		return nil, err
	}
	for _, h := range heads {
		missing, err := db.walkChain(ctx, rep, h)
		if err != nil {
			return nil, err
		}
		// Rows the chain does not cover: added behind Kith's back (and
		// perhaps put in place of one deleted).
		if counts[h.Chain]-backlog[h.Chain] != h.Seq || missing > 0 {
			if err := db.findUnchained(ctx, rep, h.Chain); err != nil {
				return nil, err
			}
		}
	}
	if err := db.checkRoots(ctx, rep, heads, roots, opts.Roots); err != nil {
		return nil, err
	}
	rep.FinishedAt = db.Now()
	return rep, nil
}

// countByChain runs q, which counts rows by chain.
func (tx *Tx) countByChain(ctx context.Context, q string) (map[kith.Chain]int64, error) {
	rows, err := tx.QueryContext(ctx, q)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[kith.Chain]int64{}
	for rows.Next() {
		var c string
		var n int64
		if err := rows.Scan(&c, &n); err != nil {
			return nil, err
		}
		out[kith.Chain(c)] = n
	}
	return out, rows.Err()
}

// walked is one link of a chain as the check read it, with its entry
// built afresh from the row it covers.
type walked struct {
	seq     int64
	subject string
	hash    string
	// entry is nil when the row is gone.
	entry []byte
	// digest is the entry's digest a disposal kept when it removed the
	// row; disposalState says whether that disposal was approved ("" when
	// it was not, or when there is none).
	digest, disposalState string
	recordID              string
	caseReference         string
	// differs lists how a final record disagrees with its copies;
	// changed says its content no longer matches its stored fingerprint.
	differs []string
	changed bool
	// noVersion: a final record with no saved version to compare.
	noVersion bool
}

// walkChain checks a chain link by link from its first entry to h, and
// returns how many entries' rows were missing.
func (db *DB) walkChain(ctx context.Context, rep *kith.IntegrityReport, h kith.ChainHead) (missing int64, err error) {
	prev, next := kith.GenesisHash, int64(1)
	var walkedN int64
	for next <= h.Seq {
		var batch []walked
		err := db.read(ctx, func(tx *Tx) error {
			var err error
			batch, err = tx.readLinks(ctx, h.Chain, next-1, min(verifyBatch, h.Seq-next+1))
			return err
		})
		if err != nil {
			return missing, fmt.Errorf("check the %s chain: %w", h.Chain, err)
		}
		if len(batch) == 0 {
			break
		}
		for _, w := range batch {
			if w.seq > h.Seq {
				break
			}
			p := kith.IntegrityProblem{Chain: h.Chain, Seq: w.seq, SubjectID: w.subject, RecordID: w.recordID, CaseReference: w.caseReference}
			resync := false
			if w.seq != next {
				rep.Add(kith.IntegrityProblem{Chain: h.Chain, Seq: next,
					What: fmt.Sprintf("entries %d to %d are missing from the chain: they were deleted", next, w.seq-1)})
				resync = true
			}
			switch {
			case w.entry == nil && w.digest != "":
				// Removed by a disposal: the link is checked from the digest
				// it kept.
				rep.Disposed++
				if !resync && kith.LinkHashOfDigest(h.Chain, w.seq, prev, w.digest) != w.hash {
					p.What = "its content was removed by a disposal, and the digest kept in its place does not match its link: it was changed before or after"
					rep.Add(p)
				} else if w.disposalState != string(kith.DisposalDisposed) {
					p.What = "its content was removed, but no approved disposal covers it: it was removed behind Kith's back"
					rep.Add(p)
				}
			case w.entry == nil:
				missing++
				p.What = fmt.Sprintf("the %s is missing: it was deleted, or its id changed", noun(h.Chain))
				rep.Add(p)
			case !resync && kith.LinkHash(h.Chain, w.seq, prev, w.entry) != w.hash:
				p.What = brokenLink(h.Chain, w.differs)
				rep.Add(p)
			case w.changed:
				// The link holds (it covers the fingerprint stored), but the
				// record no longer matches that fingerprint.
				p.What = "it was changed after it was finalised: " + strings.Join(w.differs, "; ")
				rep.Add(p)
			case len(w.differs) > 0:
				// The record matches its fingerprint and its link, but not
				// what Kith keeps beside it: either a copy was changed, or
				// the record, its fingerprint and its link all were.
				p.What = "it disagrees with what Kith keeps beside it (that was changed, or the record was and its fingerprint and link were rewritten to match): " +
					strings.Join(w.differs, "; ")
				rep.Add(p)
			}
			if h.Chain == kith.ChainRecords && w.entry != nil {
				rep.Records++
				if w.noVersion {
					rep.WithoutVersions++
				}
			}
			prev, next = w.hash, w.seq+1
			walkedN++
		}
	}
	if next <= h.Seq {
		rep.Add(kith.IntegrityProblem{Chain: h.Chain, Seq: next,
			What: fmt.Sprintf("the chain ends at entry %d, but its head says %d: the entries after it were deleted", next-1, h.Seq)})
	} else if h.Seq > 0 && prev != h.Hash {
		rep.Add(kith.IntegrityProblem{Chain: h.Chain, Seq: h.Seq, What: "the chain's head does not hold its last entry's hash: the head or the entry was changed"})
	} else if h.Seq == 0 && h.Hash != kith.GenesisHash {
		rep.Add(kith.IntegrityProblem{Chain: h.Chain, What: "the chain is empty but its head was changed"})
	}
	rep.Chains = append(rep.Chains, kith.ChainCount{Chain: h.Chain, Entries: walkedN})
	return missing, nil
}

// noun names a chain's row.
func noun(c kith.Chain) string {
	switch c {
	case kith.ChainRecords:
		return "record (or it is no longer final)"
	case kith.ChainAddenda:
		return "addendum"
	case kith.ChainWithdrawals:
		return "withdrawal (the record is no longer withdrawn)"
	}
	return "audit event"
}

// brokenLink says what a link that does not follow from the one before it
// means.
func brokenLink(c kith.Chain, differs []string) string {
	if len(differs) > 0 {
		return "it was changed after it was finalised: " + strings.Join(differs, "; ")
	}
	switch c {
	case kith.ChainRecords:
		return "its entry does not follow from the one before it: when it was finalised, its case or its fingerprint was changed (or the link before it was rewritten)"
	case kith.ChainAddenda:
		return "the addendum was changed after it was written (or the link before it was rewritten)"
	case kith.ChainWithdrawals:
		return "the withdrawal (who, when or why) was changed after it was made (or the link before it was rewritten)"
	}
	return "the event was changed or moved after it was written (or the link before it was rewritten)"
}

// readLinks reads up to n links of a chain after entry after, each with
// its entry rebuilt from its row.
func (tx *Tx) readLinks(ctx context.Context, c kith.Chain, after, n int64) ([]walked, error) {
	switch c {
	case kith.ChainRecords:
		return tx.readRecordLinks(ctx, after, n)
	}
	q := map[kith.Chain]string{
		kith.ChainAddenda: `SELECT l.seq, l.subject_id, l.hash, ` + disposedColumns + `, a.id, a.record_id, a.author_id, a.created_at, a.text, COALESCE(c.reference, '')
			FROM chain_links l LEFT JOIN record_addenda a ON a.id = l.subject_id LEFT JOIN records r ON r.id = a.record_id LEFT JOIN cases c ON c.id = r.case_id` + disposedJoin + `
			WHERE l.chain = 'addendum' AND l.seq > $1 ORDER BY l.seq LIMIT $2`,
		kith.ChainWithdrawals: `SELECT l.seq, l.subject_id, l.hash, ` + disposedColumns + `, r.id, r.withdrawn_by, r.withdrawn_at, r.withdraw_reason, COALESCE(c.reference, '')
			FROM chain_links l LEFT JOIN records r ON r.id = l.subject_id AND r.status = 'withdrawn' LEFT JOIN cases c ON c.id = r.case_id` + disposedJoin + `
			WHERE l.chain = 'withdrawal' AND l.seq > $1 ORDER BY l.seq LIMIT $2`,
		kith.ChainAudit: `SELECT l.seq, l.subject_id, l.hash, ` + disposedColumns + `, ` + auditColumns + `
			FROM chain_links l LEFT JOIN audit_events e ON e.id = l.subject_id` + disposedJoin + `
			WHERE l.chain = 'audit' AND l.seq > $1 ORDER BY l.seq LIMIT $2`,
	}[c]
	rows, err := tx.QueryContext(ctx, q, after, n)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []walked
	for rows.Next() {
		var w walked
		var d disposedScan
		head := []any{&w.seq, &w.subject, &w.hash, &d.digest, &d.state}
		switch c {
		case kith.ChainAddenda:
			var id, recordID, author, text sql.NullString
			var at scanTime
			if err := rows.Scan(append(head, &id, &recordID, &author, &at, &text, &w.caseReference)...); err != nil {
				return nil, err
			}
			if id.Valid {
				w.entry, w.recordID = addendumEntry(id.String, recordID.String, author.String, at, text.String), recordID.String
			}
		case kith.ChainWithdrawals:
			var id, by, reason sql.NullString
			var at scanTime
			if err := rows.Scan(append(head, &id, &by, &at, &reason, &w.caseReference)...); err != nil {
				return nil, err
			}
			if id.Valid {
				w.entry, w.recordID = withdrawalEntry(id.String, by, at, reason.String), id.String
			}
		case kith.ChainAudit:
			var r auditRow
			if err := rows.Scan(append(head, r.dest()...)...); err != nil {
				return nil, err
			}
			if r.id.Valid {
				w.entry = r.entry()
			}
		}
		d.into(&w)
		out = append(out, w)
	}
	return out, rows.Err()
}

// disposedColumns and disposedJoin read, beside each link, the digest a
// disposal kept of its entry and where that disposal stands.
const (
	disposedColumns = `COALESCE(de.entry_digest, ''), COALESCE(dd.state, '')`
	disposedJoin    = ` LEFT JOIN disposed_entries de ON de.chain = l.chain AND de.subject_id = l.subject_id
		LEFT JOIN case_disposals dd ON dd.id = de.disposal_id`
)

// disposedScan scans disposedColumns.
type disposedScan struct{ digest, state string }

// into fills in a link's disposal when its row is gone.
func (d disposedScan) into(w *walked) {
	if w.entry == nil {
		w.digest, w.disposalState = d.digest, d.state
	}
}

// readRecordLinks reads links of the record chain with each record and
// what Kith keeps of it besides: its newest saved version and its entry
// in the search index.
func (tx *Tx) readRecordLinks(ctx context.Context, after, n int64) ([]walked, error) {
	index := `, s.rowid IS NOT NULL, COALESCE(s.headline, ''), COALESCE(s.body, '')`
	indexJoin := ` LEFT JOIN record_search s ON s.rowid = r.search_rowid`
	if tx.db.Dialect == Postgres {
		// PostgreSQL's search document is built from the record's own
		// columns: rebuilt and compared here.
		index = `, (r.search_doc IS NOT DISTINCT FROM (setweight(to_tsvector('english', r.headline), 'A') || to_tsvector('english', r.body))), '', ''`
		indexJoin = ""
	}
	rows, err := tx.QueryContext(ctx, `SELECT l.seq, l.subject_id, l.hash, `+disposedColumns+`,
		r.id, r.case_id, COALESCE(c.reference, ''), r.finalised_at, r.content_hash, r.template_key, r.template_version, r.headline, r.occurred_at,
		r.occurred_until, r.location, r.significant, r.risk_identified, r.author_id, r.content, r.body,
		v.version, v.saved_at, v.headline, v.occurred_at, v.content`+index+`
		FROM chain_links l LEFT JOIN records r ON r.id = l.subject_id AND r.status <> 'draft' LEFT JOIN cases c ON c.id = r.case_id
		LEFT JOIN record_versions v ON v.record_id = r.id AND v.version = (SELECT MAX(version) FROM record_versions WHERE record_id = r.id)`+indexJoin+disposedJoin+`
		WHERE l.chain = 'record' AND l.seq > $1 ORDER BY l.seq LIMIT $2`, after, n)
	if err != nil {
		return nil, err
	}
	type row struct {
		w       walked
		d       disposedScan
		id      sql.NullString
		rec     kith.Record
		final   scanTime
		stored  string
		content string
		copies  kith.FinalCopies
		version sql.NullInt64
		vAt     scanTime
		vHead   sql.NullString
		vOcc    scanTime
		vCont   sql.NullString
		index   bool
	}
	var got []*row
	for rows.Next() {
		x := &row{}
		var caseID, hash, key, headline, location, author, content, body sql.NullString
		var tv sql.NullInt64
		var occ, until scanTime
		var sig, risk sql.NullBool
		if err := rows.Scan(&x.w.seq, &x.w.subject, &x.w.hash, &x.d.digest, &x.d.state, &x.id, &caseID, &x.w.caseReference, &x.final, &hash, &key, &tv, &headline, &occ,
			&until, &location, &sig, &risk, &author, &content, &body, &x.version, &x.vAt, &x.vHead, &x.vOcc, &x.vCont,
			&x.index, &x.copies.IndexHeadline, &x.copies.IndexBody); err != nil {
			rows.Close()
			return nil, err
		}
		x.rec = kith.Record{ID: x.id.String, CaseID: caseID.String, TemplateKey: key.String, TemplateVersion: int(tv.Int64), Headline: headline.String,
			OccurredAt: occ.T, OccurredUntil: until.Ptr(), Location: location.String, Significant: sig.Bool, RiskIdentified: risk.Bool, AuthorID: author.String}
		x.stored, x.content, x.copies.StoredHash, x.copies.Body = hash.String, content.String, hash.String, body.String
		got = append(got, x)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	out := make([]walked, 0, len(got))
	for _, x := range got {
		if x.id.Valid {
			x.w.entry, x.w.recordID = recordEntry(x.id.String, x.rec.CaseID, x.final, x.stored), x.id.String
			t, err := tx.template(ctx, x.rec.TemplateKey, x.rec.TemplateVersion)
			if err != nil {
				return nil, fmt.Errorf("record %s: %w", x.id.String, err)
			}
			if err := json.Unmarshal([]byte(x.content), &x.rec.Content); err != nil {
				x.w.differs, x.w.changed = append(x.w.differs, "its content is no longer readable"), true
			} else {
				if x.version.Valid {
					v := &kith.RecordVersion{Version: int(x.version.Int64), SavedAt: x.vAt.T, Headline: x.vHead.String, OccurredAt: x.vOcc.T}
					if err := json.Unmarshal([]byte(x.vCont.String), &v.Content); err != nil {
						x.w.differs = append(x.w.differs, "its last saved version is no longer readable")
					}
					x.copies.Version = v
				} else {
					x.w.noVersion = true
				}
				if tx.db.Dialect == Postgres {
					agrees := x.index
					x.copies.IndexAgrees = &agrees
				} else {
					x.copies.IndexFound = x.index
				}
				x.w.differs = append(x.w.differs, kith.RecordDifferences(&x.rec, t, x.copies)...)
				x.w.changed = kith.ContentHash(&x.rec) != x.stored
			}
		}
		x.d.into(&x.w)
		out = append(out, x.w)
	}
	return out, nil
}

// unchainedQueries find rows their chain does not cover (and that do not
// wait in the backlog), up to $1.
var unchainedQueries = map[kith.Chain]string{
	kith.ChainRecords: `SELECT r.id, r.id, COALESCE(c.reference, '') FROM records r LEFT JOIN cases c ON c.id = r.case_id WHERE r.status <> 'draft'
		AND NOT EXISTS (SELECT 1 FROM chain_links l WHERE l.chain = 'record' AND l.subject_id = r.id)
		AND NOT EXISTS (SELECT 1 FROM chain_backlog b WHERE b.chain = 'record' AND b.subject_id = r.id) LIMIT $1`,
	kith.ChainAddenda: `SELECT a.id, a.record_id, COALESCE(c.reference, '') FROM record_addenda a LEFT JOIN records r ON r.id = a.record_id
		LEFT JOIN cases c ON c.id = r.case_id
		WHERE NOT EXISTS (SELECT 1 FROM chain_links l WHERE l.chain = 'addendum' AND l.subject_id = a.id)
		AND NOT EXISTS (SELECT 1 FROM chain_backlog b WHERE b.chain = 'addendum' AND b.subject_id = a.id) LIMIT $1`,
	kith.ChainWithdrawals: `SELECT r.id, r.id, COALESCE(c.reference, '') FROM records r LEFT JOIN cases c ON c.id = r.case_id WHERE r.status = 'withdrawn'
		AND NOT EXISTS (SELECT 1 FROM chain_links l WHERE l.chain = 'withdrawal' AND l.subject_id = r.id)
		AND NOT EXISTS (SELECT 1 FROM chain_backlog b WHERE b.chain = 'withdrawal' AND b.subject_id = r.id) LIMIT $1`,
	kith.ChainAudit: `SELECT e.id, '', '' FROM audit_events e
		WHERE NOT EXISTS (SELECT 1 FROM chain_links l WHERE l.chain = 'audit' AND l.subject_id = e.id)
		AND NOT EXISTS (SELECT 1 FROM chain_backlog b WHERE b.chain = 'audit' AND b.subject_id = e.id) LIMIT $1`,
}

// goneFromBacklog finds audit events deleted while they waited in the
// backlog for the chainer: listed there, but no longer in audit_events.
const goneFromBacklog = `SELECT b.subject_id, '', '' FROM chain_backlog b
	WHERE b.chain = 'audit' AND NOT EXISTS (SELECT 1 FROM audit_events e WHERE e.id = b.subject_id) LIMIT $1`

// findUnchained reports rows that are not in their chain, and audit
// events deleted before they joined it.
func (db *DB) findUnchained(ctx context.Context, rep *kith.IntegrityReport, c kith.Chain) error {
	if c == kith.ChainAudit {
		if err := db.reportUnchained(ctx, rep, c, goneFromBacklog, "it was deleted before it was added to the audit chain"); err != nil {
			return err
		}
	}
	what := fmt.Sprintf("it is not in the %s chain: it was added behind Kith's back", c)
	switch c {
	case kith.ChainRecords:
		what = "it is not in the record chain: it was made final behind Kith's back"
	case kith.ChainWithdrawals:
		what = "it is not in the withdrawal chain: it was withdrawn behind Kith's back"
	}
	return db.reportUnchained(ctx, rep, c, unchainedQueries[c], what)
}

// reportUnchained reports each row q finds (its subject, record id and
// case reference) as a problem with what.
func (db *DB) reportUnchained(ctx context.Context, rep *kith.IntegrityReport, c kith.Chain, q, what string) error {
	return db.read(ctx, func(tx *Tx) error {
		rows, err := tx.QueryContext(ctx, q, kith.MaxReportedProblems)
		if err != nil {
			return fmt.Errorf("look for %s outside their chain: %w", c.Label(), err)
		}
		defer rows.Close()
		for rows.Next() {
			p := kith.IntegrityProblem{Chain: c, What: what}
			if err := rows.Scan(&p.SubjectID, &p.RecordID, &p.CaseReference); err != nil {
				return err
			}
			rep.Add(p)
		}
		return rows.Err()
	})
}
