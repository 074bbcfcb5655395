package sqldb

import (
	"context"
	"fmt"

	"kith"
)

// permanencePlanRows reads the permanence plans of the cases matching
// where, in order of case and period of care.
func (tx *Tx) permanencePlanRows(ctx context.Context, where string, args ...any) ([]kith.PermanencePlan, error) {
	rows, err := tx.QueryContext(ctx, `SELECT p.case_id, p.period_start, p.plan, p.agreed_on, p.version
		FROM permanence_plans p WHERE `+where+` ORDER BY p.case_id, p.period_start`, args...)
	if err != nil {
		return nil, fmt.Errorf("load permanence plans: %w", err)
	}
	defer rows.Close()
	var out []kith.PermanencePlan
	for rows.Next() {
		var p kith.PermanencePlan
		var start, agreed scanDate
		if err := rows.Scan(&p.CaseID, &start, &p.Plan, &agreed, &p.Version); err != nil {
			return nil, err
		}
		p.PeriodStart, p.AgreedOn = start.D, agreed.D
		out = append(out, p)
	}
	return out, rows.Err()
}

// RecordPermanencePlan records, or changes, the permanence plan of the
// child's latest period of care.
func (db *DB) RecordPermanencePlan(ctx context.Context, a kith.Actor, ref string, in kith.PermanencePlanInput) (kith.PermanencePlan, error) {
	var out kith.PermanencePlan
	err := db.write(ctx, func(tx *Tx) error {
		c, eps, err := tx.everLookedAfter(ctx, a, ref, "a permanence plan is for a looked-after child.")
		if err != nil {
			return err
		}
		start := kith.PeriodStart(eps)
		if err := in.Validate(tx.Today(), start, eps[len(eps)-1].EndedOn); err != nil {
			return err
		}
		const conflict = "Someone else has just recorded this child's permanence plan: reload the case to see it."
		version, err := tx.versionToChange(ctx, `SELECT version FROM permanence_plans WHERE case_id = $1 AND period_start = $2`,
			[]any{c.ID, dt(start)}, in.Version, conflict)
		if err != nil {
			return err
		}
		in.Version = version + 1
		out = kith.PermanencePlan{CaseID: c.ID, PeriodStart: start, PermanencePlanInput: in}
		if version == 0 {
			_, err = tx.ExecContext(ctx, `INSERT INTO permanence_plans (case_id, period_start, plan, agreed_on, version, recorded_at, recorded_by)
				VALUES ($1, $2, $3, $4, 1, $5, $6)`, c.ID, dt(start), in.Plan, dt(in.AgreedOn), ts(tx.now), nullString(a.UserID()))
		} else {
			_, err = tx.ExecContext(ctx, `UPDATE permanence_plans SET plan = $3, agreed_on = $4, version = $5, recorded_at = $6, recorded_by = $7
				WHERE case_id = $1 AND period_start = $2`, c.ID, dt(start), in.Plan, dt(in.AgreedOn), in.Version, ts(tx.now), nullString(a.UserID()))
		}
		if isUniqueViolation(err) {
			return kith.Errorf(kith.ECONFLICT, "%s", conflict)
		}
		if err != nil {
			return fmt.Errorf("record permanence plan: %w", err)
		}
		return tx.audit(a, auditEntry{Action: kith.AuditPermanencePlan, CaseID: c.ID, SubjectType: "permanence_plan", SubjectID: c.ID,
			Detail: fmt.Sprintf("%s, agreed %s, for the period of care from %s", in.Plan, in.AgreedOn, start)})
	})
	return out, db.finish(ctx, a, err)
}
