package sqldb

import (
	"context"
	"fmt"

	"kith"
)

// AddWarning puts a warning on a case, with the date it must be reviewed by.
func (db *DB) AddWarning(ctx context.Context, a kith.Actor, ref string, in kith.WarningInput) error {
	err := db.write(ctx, func(tx *Tx) error {
		c, err := tx.editCase(a, ref)
		if err != nil {
			return err
		}
		if err := in.Validate(tx.Today()); err != nil {
			return err
		}
		if in.PersonID != "" {
			if _, err := tx.personOnCase(ctx, a, c, in.PersonID, kith.ViewCase); err != nil {
				return fieldError("person_id", "Select someone from the child's network, or nobody")
			}
		}
		id := newID()
		if _, err := tx.ExecContext(ctx, `INSERT INTO warnings (id, case_id, kind, detail, review_on, person_id, created_at, created_by) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
			id, c.ID, string(in.Kind), in.Detail, dt(in.ReviewOn), nullString(in.PersonID), ts(tx.now), nullString(a.UserID())); err != nil {
			return fmt.Errorf("insert warning: %w", err)
		}
		return tx.audit(a, auditEntry{Action: kith.AuditWarningAdded, CaseID: c.ID, SubjectType: "warning", SubjectID: id, Detail: in.Kind.Label() + ", review by " + in.ReviewOn.String()})
	})
	return db.finish(ctx, a, err)
}

func (tx *Tx) warningOnCase(ctx context.Context, c *kith.Case, id string) (*kith.Warning, error) {
	all, err := tx.warnings(ctx, c.ID)
	return byID(all, err, id, func(w *kith.Warning) string { return w.ID }, "Warning")
}

// Warning returns one warning of a case, for the review page.
func (db *DB) Warning(ctx context.Context, a kith.Actor, ref, id string) (*kith.Case, *kith.Warning, error) {
	return caseItem(db, ctx, a, ref, func(tx *Tx, c *kith.Case) (*kith.Warning, error) { return tx.warningOnCase(ctx, c, id) })
}

// ReviewWarning records a review of a warning: its wording and next review
// date.
func (db *DB) ReviewWarning(ctx context.Context, a kith.Actor, ref, id string, in kith.WarningInput) error {
	err := db.write(ctx, func(tx *Tx) error {
		c, err := tx.editCase(a, ref)
		if err != nil {
			return err
		}
		w, err := tx.warningOnCase(ctx, c, id)
		if err != nil {
			return err
		}
		if !w.Current() {
			return kith.Errorf(kith.EINVALID, "This warning ended on %s.", w.EndedOn.Long())
		}
		if err := in.Validate(tx.Today()); err != nil {
			return err
		}
		if in.PersonID != "" {
			if _, err := tx.personOnCase(ctx, a, c, in.PersonID, kith.ViewCase); err != nil {
				return fieldError("person_id", "Select someone from the child's network, or nobody")
			}
		}
		res, err := tx.ExecContext(ctx, `UPDATE warnings SET kind = $3, detail = $4, review_on = $5, person_id = $6, version = version + 1 WHERE id = $1 AND version = $2`,
			id, in.Version, string(in.Kind), in.Detail, dt(in.ReviewOn), nullString(in.PersonID))
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n != 1 {
			return staleEdit("this warning")
		}
		return tx.audit(a, auditEntry{Action: kith.AuditWarningChanged, CaseID: c.ID, SubjectType: "warning", SubjectID: id, Detail: "reviewed; next review " + in.ReviewOn.String()})
	})
	return db.finish(ctx, a, err)
}

// EndWarning removes a warning from force, with a reason; it stays in the
// case's history.
func (db *DB) EndWarning(ctx context.Context, a kith.Actor, ref, id string, in kith.EndInput) error {
	err := db.write(ctx, func(tx *Tx) error {
		c, err := tx.editCase(a, ref)
		if err != nil {
			return err
		}
		w, err := tx.warningOnCase(ctx, c, id)
		if err != nil {
			return err
		}
		if !w.Current() {
			return kith.Errorf(kith.EINVALID, "This warning already ended on %s.", w.EndedOn.Long())
		}
		if err := in.Validate(kith.DateOf(w.CreatedAt.In(kith.London)), tx.Today()); err != nil {
			return err
		}
		if in.Reason == "" {
			return fieldError("reason", "Enter why the warning no longer applies")
		}
		if _, err := tx.ExecContext(ctx, `UPDATE warnings SET ended_on = $2, end_reason = $3, ended_by = $4, version = version + 1 WHERE id = $1`,
			id, dt(in.EndedOn), in.Reason, nullString(a.UserID())); err != nil {
			return err
		}
		return tx.audit(a, auditEntry{Action: kith.AuditWarningChanged, CaseID: c.ID, SubjectType: "warning", SubjectID: id, Detail: "ended: " + in.Reason})
	})
	return db.finish(ctx, a, err)
}
