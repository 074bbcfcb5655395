package sqldb

import (
	"context"
	"fmt"

	"kith"
)

// AddAddendum adds a dated, attributed note to a final record: the only
// way to correct or add to a record once it is locked.
func (db *DB) AddAddendum(ctx context.Context, a kith.Actor, recordID, text string) error {
	text = kith.CleanMultiline(text)
	err := db.write(ctx, func(tx *Tx) error {
		c, r, _, err := tx.recordFor(ctx, a, recordID, kith.EditCase)
		if err != nil {
			return err
		}
		if r.Status != kith.RecordFinal {
			if r.Status == kith.RecordDraft {
				return kith.Errorf(kith.EINVALID, "This record is still a draft: change it directly rather than adding an addendum.")
			}
			return kith.Errorf(kith.EINVALID, "This record was withdrawn: addenda cannot be added to it.")
		}
		if err := kith.CheckAddendum(text); err != nil {
			return err
		}
		id := newID()
		if _, err := tx.ExecContext(ctx, `INSERT INTO record_addenda (id, record_id, text, author_id, created_at) VALUES ($1, $2, $3, $4, $5)`,
			id, recordID, text, a.UserID(), ts(tx.now)); err != nil {
			return fmt.Errorf("add addendum: %w", err)
		}
		tx.chain(kith.ChainAddenda, id, kith.AddendumEntry(id, recordID, a.UserID(), tx.now, text))
		return tx.audit(a, auditEntry{Action: kith.AuditAddendumAdded, CaseID: c.ID, SubjectType: "record", SubjectID: recordID, Detail: "addendum " + id})
	})
	return db.finish(ctx, a, err)
}

// WithdrawRecord takes a final record out of the running record because it
// was written on the wrong child's file (managers only, with a reason). It
// stays in the database and the audit log; the case shows that a record
// was withdrawn, by whom and why.
func (db *DB) WithdrawRecord(ctx context.Context, a kith.Actor, recordID, reason string) error {
	reason = kith.CleanMultiline(reason)
	err := db.write(ctx, func(tx *Tx) error {
		c, r, t, err := tx.recordFor(ctx, a, recordID, kith.ManageCase)
		if err != nil {
			return err
		}
		if r.Status != kith.RecordFinal {
			if r.Status == kith.RecordDraft {
				return kith.Errorf(kith.EINVALID, "Only a final record can be withdrawn.")
			}
			return kith.Errorf(kith.EINVALID, "This record was already withdrawn.")
		}
		if err := kith.CheckWithdrawal(reason); err != nil {
			return err
		}
		res, err := tx.ExecContext(ctx, `UPDATE records SET status = 'withdrawn', withdrawn_at = $2, withdrawn_by = $3, withdraw_reason = $4 WHERE id = $1 AND status = 'final'`,
			recordID, ts(tx.now), a.UserID(), reason)
		if err != nil {
			return fmt.Errorf("withdraw record: %w", err)
		}
		if n, _ := res.RowsAffected(); n != 1 {
			return kith.Errorf(kith.ECONFLICT, "This record was withdrawn by someone else just now.")
		}
		tx.chain(kith.ChainWithdrawals, recordID, kith.WithdrawalEntry(recordID, a.UserID(), tx.now, reason))
		// The search index keeps its entry: searches only return final
		// records, so a withdrawn one is never found.
		if err := tx.unjudgeRecord(ctx, c, r); err != nil {
			return err
		}
		if err := tx.closeWithdrawnActions(ctx, a, c, recordID); err != nil {
			return err
		}
		return tx.audit(a, auditEntry{Action: kith.AuditRecordWithdrawn, CaseID: c.ID, SubjectType: "record", SubjectID: recordID, Detail: t.Name + ": " + reason})
	})
	return db.finish(ctx, a, err)
}
