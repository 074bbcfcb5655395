package sqldb

import (
	"context"
	"fmt"

	"kith"
)

// insertStatus starts a status period and records it as a key event.
func (tx *Tx) insertStatus(ctx context.Context, a kith.Actor, caseID string, in kith.StatusInput) error {
	_, err := tx.ExecContext(ctx, `INSERT INTO status_periods (id, case_id, kind, started_on, created_at, created_by) VALUES ($1, $2, $3, $4, $5, $6)`,
		newID(), caseID, string(in.Kind), dt(in.StartedOn), ts(tx.now), nullString(a.UserID()))
	if isUniqueViolation(err) {
		return conflictField("kind", "The child already has a current "+in.Kind.Label()+" status. End it before starting another")
	} else if err != nil {
		return fmt.Errorf("insert status: %w", err)
	}
	if err := tx.keyEvent(ctx, a, caseID, kith.EventStatusStarted, tx.onDate(in.StartedOn), in.Kind.Label()+" started"); err != nil {
		return err
	}
	return tx.audit(a, auditEntry{Action: kith.AuditStatusStarted, CaseID: caseID, SubjectType: "status", Detail: string(in.Kind) + " from " + in.StartedOn.String()})
}

// StartStatus starts a status (CIN, CP, CLA, early help, care leaver) on an
// open case.
func (db *DB) StartStatus(ctx context.Context, a kith.Actor, ref string, in kith.StatusInput) error {
	err := db.write(ctx, func(tx *Tx) error {
		c, err := tx.caseFor(a, ref, kith.EditCase)
		if err != nil {
			return err
		}
		if err := c.CheckOpen(); err != nil {
			return err
		}
		if err := in.Validate(c, tx.Today()); err != nil {
			return err
		}
		return tx.insertStatus(ctx, a, c.ID, in)
	})
	return db.finish(ctx, a, err)
}

// EndStatus ends a current status period.
func (db *DB) EndStatus(ctx context.Context, a kith.Actor, ref, periodID string, in kith.EndInput) error {
	err := db.write(ctx, func(tx *Tx) error {
		c, err := tx.caseFor(a, ref, kith.EditCase)
		if err != nil {
			return err
		}
		if err := c.CheckOpen(); err != nil {
			return err
		}
		var kind string
		var started, ended scanDate
		err = tx.QueryRowContext(ctx, `SELECT kind, started_on, ended_on FROM status_periods WHERE id = $1 AND case_id = $2`, periodID, c.ID).Scan(&kind, &started, &ended)
		if errNoRows(err) {
			return kith.NotFound("Status")
		} else if err != nil {
			return err
		}
		if !ended.D.IsZero() {
			return kith.Errorf(kith.EINVALID, "This status already ended on %s.", ended.D.Long())
		}
		if err := in.Validate(started.D, tx.Today()); err != nil {
			return err
		}
		if kith.StatusKind(kind) == kith.StatusCLA {
			care, err := tx.careEpisodeRows(ctx, `e.case_id = $1 AND e.ended_on IS NULL`, c.ID)
			if err != nil {
				return err
			}
			if len(care) > 0 {
				return kith.Errorf(kith.ECONFLICT, "The child is looked after in a placement recorded on %s: record that they stopped being looked after, and why, and the status ends with it.", care[0].StartedOn.Long())
			}
		}
		return tx.endStatusPeriod(ctx, a, c.ID, periodID, kith.StatusKind(kind), in.EndedOn)
	})
	return db.finish(ctx, a, err)
}

// endStatusPeriod ends a current status period on the day, as a key event,
// audited.
func (tx *Tx) endStatusPeriod(ctx context.Context, a kith.Actor, caseID, periodID string, kind kith.StatusKind, on kith.Date) error {
	if _, err := tx.ExecContext(ctx, `UPDATE status_periods SET ended_on = $2, ended_by = $3 WHERE id = $1`, periodID, dt(on), nullString(a.UserID())); err != nil {
		return err
	}
	if err := tx.keyEvent(ctx, a, caseID, kith.EventStatusEnded, tx.onDate(on), kind.Label()+" ended"); err != nil {
		return err
	}
	return tx.audit(a, auditEntry{Action: kith.AuditStatusEnded, CaseID: caseID, SubjectType: "status", SubjectID: periodID, Detail: string(kind) + " to " + on.String()})
}
