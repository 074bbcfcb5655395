package sqldb

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"

	"kith"
)

// recordIntegrity checks a final (or withdrawn) record as it is read:
// against the fingerprint it was finalised with, its last saved version,
// its plain text and the search index, and its entries in the chains —
// its own link, the link after it (which covers its hash), and those of
// its addenda and withdrawal. This is the local half of the check: a
// forger who rewrote every later link of the chain passes it, and only
// the full check against the daily roots (Verify) catches them.
func (tx *Tx) recordIntegrity(ctx context.Context, r *kith.Record, t *kith.Template) (*kith.RecordIntegrity, error) {
	in := &kith.RecordIntegrity{Checked: tx.now}
	var c kith.FinalCopies
	var withdrawnBy sql.NullString
	var found bool
	q := `SELECT r.body, r.withdrawn_by, s.rowid IS NOT NULL, COALESCE(s.headline, ''), COALESCE(s.body, '')
		FROM records r LEFT JOIN record_search s ON s.rowid = r.search_rowid WHERE r.id = $1`
	if tx.db.Dialect == Postgres {
		q = `SELECT r.body, r.withdrawn_by, (r.search_doc IS NOT DISTINCT FROM (setweight(to_tsvector('english', r.headline), 'A') || to_tsvector('english', r.body))), '', ''
			FROM records r WHERE r.id = $1`
	}
	if err := tx.QueryRowContext(ctx, q, r.ID).Scan(&c.Body, &withdrawnBy, &found, &c.IndexHeadline, &c.IndexBody); err != nil {
		return nil, fmt.Errorf("record copies: %w", err)
	}
	if tx.db.Dialect == Postgres {
		c.IndexAgrees = &found
	} else {
		c.IndexFound = found
	}
	c.StoredHash = r.ContentHash
	var v kith.RecordVersion
	var saved, occurred scanTime
	var content string
	err := tx.QueryRowContext(ctx, `SELECT version, saved_at, headline, occurred_at, content FROM record_versions WHERE record_id = $1 ORDER BY version DESC LIMIT 1`, r.ID).
		Scan(&v.Version, &saved, &v.Headline, &occurred, &content)
	switch {
	case errNoRows(err):
	case err != nil:
		return nil, fmt.Errorf("last saved version: %w", err)
	default:
		v.SavedAt, v.OccurredAt = saved.T, occurred.T
		if json.Unmarshal([]byte(content), &v.Content) == nil {
			c.Version = &v
		}
	}
	in.Problems = kith.RecordDifferences(r, t, c)

	// Its own link, and the one after it.
	finalised := scanTime{}
	if r.FinalisedAt != nil {
		finalised = scanTime{T: *r.FinalisedAt, Valid: true}
	}
	seq, hash, ok, err := tx.checkLink(ctx, kith.ChainRecords, r.ID, recordEntry(r.ID, r.CaseID, finalised, r.ContentHash))
	if err != nil {
		return nil, err
	}
	in.Seq, in.LinkHash = seq, hash
	switch {
	case seq == 0:
		if pending, err := tx.inBacklog(ctx, kith.ChainRecords, r.ID); err != nil {
			return nil, err
		} else if pending {
			in.Pending = true
		} else {
			in.Problems = append(in.Problems, "it is not in the record chain: it was made final behind Kith's back")
		}
	case !ok:
		in.Problems = append(in.Problems, "its entry in the record chain does not match it: it, its fingerprint or the chain was changed")
	default:
		var nextHash string
		var id, caseID, nextStored sql.NullString
		var at scanTime
		err := tx.QueryRowContext(ctx, `SELECT l.hash, r.id, r.case_id, r.finalised_at, r.content_hash FROM chain_links l
			LEFT JOIN records r ON r.id = l.subject_id AND r.status <> 'draft' WHERE l.chain = 'record' AND l.seq = $1`, seq+1).
			Scan(&nextHash, &id, &caseID, &at, &nextStored)
		switch {
		case errNoRows(err):
		case err != nil:
			return nil, fmt.Errorf("next link: %w", err)
		case !id.Valid || kith.LinkHash(kith.ChainRecords, seq+1, hash, recordEntry(id.String, caseID.String, at, nextStored.String)) != nextHash:
			in.Problems = append(in.Problems, "the record chain is broken just after it: this record, or the record finalised after it, was changed")
		}
	}

	// Its addenda.
	rows, err := tx.QueryContext(ctx, `SELECT id, author_id, created_at, text FROM record_addenda WHERE record_id = $1 ORDER BY created_at, id`, r.ID)
	if err != nil {
		return nil, fmt.Errorf("addenda: %w", err)
	}
	type addendum struct {
		id, author, text string
		at               scanTime
	}
	var addenda []addendum
	for rows.Next() {
		var a addendum
		if err := rows.Scan(&a.id, &a.author, &a.at, &a.text); err != nil {
			rows.Close()
			return nil, err
		}
		addenda = append(addenda, a)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	for _, a := range addenda {
		seq, _, ok, err := tx.checkLink(ctx, kith.ChainAddenda, a.id, addendumEntry(a.id, r.ID, a.author, a.at, a.text))
		if err != nil {
			return nil, err
		}
		when := a.at.T.In(kith.London).Format("2 January 2006 at 15:04")
		switch {
		case seq == 0:
			if pending, err := tx.inBacklog(ctx, kith.ChainAddenda, a.id); err != nil {
				return nil, err
			} else if !pending {
				in.Problems = append(in.Problems, "the addendum of "+when+" is not in the addendum chain: it was added behind Kith's back")
			}
		case !ok:
			in.Problems = append(in.Problems, "the addendum of "+when+" was changed after it was written")
		}
	}

	// Its withdrawal, or a withdrawal undone.
	withdrawn := r.Status == kith.RecordWithdrawn
	at := scanTime{}
	if r.WithdrawnAt != nil {
		at = scanTime{T: *r.WithdrawnAt, Valid: true}
	}
	seq, _, ok, err = tx.checkLink(ctx, kith.ChainWithdrawals, r.ID, withdrawalEntry(r.ID, withdrawnBy, at, r.WithdrawReason))
	if err != nil {
		return nil, err
	}
	switch {
	case seq != 0 && !withdrawn:
		in.Problems = append(in.Problems, "it was withdrawn, and the withdrawal undone behind Kith's back")
	case seq != 0 && !ok:
		in.Problems = append(in.Problems, "its withdrawal (who, when or why) was changed after it was made")
	case seq == 0 && withdrawn:
		if pending, err := tx.inBacklog(ctx, kith.ChainWithdrawals, r.ID); err != nil {
			return nil, err
		} else if !pending {
			in.Problems = append(in.Problems, "its withdrawal is not in the withdrawal chain: it was withdrawn behind Kith's back")
		}
	}
	if len(in.Problems) > 0 {
		tx.db.Log.Warn("a final record differs from what was finalised", "record", r.ID, "problems", in.Problems)
	}
	return in, nil
}

// checkLink finds a subject's link in a chain and checks that it follows
// from the link before it with entry e. seq is 0 when the subject is not
// in the chain.
func (tx *Tx) checkLink(ctx context.Context, c kith.Chain, subject string, e []byte) (seq int64, hash string, ok bool, err error) {
	var prev sql.NullString
	err = tx.QueryRowContext(ctx, `SELECT l.seq, l.hash, p.hash FROM chain_links l LEFT JOIN chain_links p ON p.chain = l.chain AND p.seq = l.seq - 1
		WHERE l.chain = $1 AND l.subject_id = $2`, string(c), subject).Scan(&seq, &hash, &prev)
	if errNoRows(err) {
		return 0, "", false, nil
	} else if err != nil {
		return 0, "", false, fmt.Errorf("%s link: %w", c, err)
	}
	p := prev.String
	if seq == 1 {
		p = kith.GenesisHash
	}
	return seq, hash, prev.Valid == (seq > 1) && kith.LinkHash(c, seq, p, e) == hash, nil
}

// inBacklog reports whether a subject waits to join its chain.
func (tx *Tx) inBacklog(ctx context.Context, c kith.Chain, subject string) (bool, error) {
	var n int
	err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM chain_backlog WHERE chain = $1 AND subject_id = $2`, string(c), subject).Scan(&n)
	return n > 0, err
}
