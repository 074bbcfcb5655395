package sqldb

import (
	"context"
	"fmt"

	"kith"
)

// noteCoreGroup records a core group meeting, as it is finalised, as the
// first core group of the case's current child protection plan made at a
// conference, if that plan has none yet: its 10-working-day clock stops.
func (tx *Tx) noteCoreGroup(ctx context.Context, c *kith.Case, r *kith.Record) error {
	if kith.MeetingTypeOf(r) != kith.CoreGroupMeetingType {
		return nil
	}
	on := kith.DateOf(r.OccurredAt.In(kith.London))
	_, err := tx.ExecContext(ctx, `UPDATE plans SET core_group_on = $2 WHERE case_id = $1 AND section47_id IS NOT NULL
		AND ended_on IS NULL AND core_group_on IS NULL AND started_on <= $2`, c.ID, dt(on))
	if err != nil {
		return fmt.Errorf("note core group: %w", err)
	}
	return nil
}

// childProtectionWork lists the first core groups and review conferences
// due on the current child protection plans made at conferences, on the
// cases of a work list (where), due by until.
func (tx *Tx) childProtectionWork(ctx context.Context, where string, args []any, until kith.Date, wd kith.WorkingDays, byID map[string]kith.WorkCase) ([]kith.WorkItem, error) {
	rows, err := tx.QueryContext(ctx, `SELECT p.case_id, p.started_on, p.review_on, p.core_group_on FROM plans p
		WHERE p.section47_id IS NOT NULL AND p.ended_on IS NULL AND p.case_id IN (SELECT c.id FROM cases c WHERE `+where+`)`, args...)
	if err != nil {
		return nil, fmt.Errorf("child protection work: %w", err)
	}
	defer rows.Close()
	var out []kith.WorkItem
	for rows.Next() {
		var caseID string
		var started, review, coreGroup scanDate
		if err := rows.Scan(&caseID, &started, &review, &coreGroup); err != nil {
			return nil, err
		}
		c, ok := byID[caseID]
		if !ok {
			continue
		}
		if due := kith.CoreGroupDue(started.D, wd); coreGroup.D.IsZero() && !due.After(until) {
			out = append(out, c.CoreGroupWork(started.D, due))
		}
		if !review.D.IsZero() && !review.D.After(until) {
			out = append(out, c.CPReviewWork(review.D))
		}
	}
	return out, rows.Err()
}
