package sqldb

import (
	"context"

	"kith"
)

// currentPlanRow reads a case's current plan without its objectives and
// reviews (nil when it has none), with its core group's due date.
func (tx *Tx) currentPlanRow(ctx context.Context, caseID string) (*kith.Plan, error) {
	p, err := scanPlan(tx.QueryRowContext(ctx, `SELECT `+planColumns+planFrom+` WHERE p.case_id = $1 AND p.ended_on IS NULL`, caseID))
	if errNoRows(err) {
		return nil, nil
	} else if err != nil {
		return nil, err
	}
	if p.FromConference() && p.CoreGroupOn.IsZero() {
		st, err := tx.timeliness(ctx)
		if err != nil {
			return nil, err
		}
		p.CoreGroupDue = kith.CoreGroupDue(p.StartedOn, st.cal)
	}
	return p, nil
}

// journeyFacts reads what a case's journey is built from.
func (tx *Tx) journeyFacts(ctx context.Context, c *kith.Case) (kith.JourneyFacts, error) {
	f := kith.JourneyFacts{Reference: c.Reference}
	var err error
	if f.Episodes, err = tx.episodes(ctx, c.ID); err != nil {
		return f, err
	}
	if n := len(f.Episodes); n > 0 && f.Episodes[n-1].AwaitsDecision() {
		st, err := tx.timeliness(ctx)
		if err != nil {
			return f, err
		}
		f.DecisionDue = f.Episodes[n-1].DecisionDue(st.cal)
	}
	if f.Assessments, err = tx.assessments(ctx, c.ID); err != nil {
		return f, err
	}
	if f.Section47s, err = tx.section47Rows(ctx, `s.case_id = $1`, c.ID); err != nil {
		return f, err
	}
	if f.Care, err = tx.lookedAfter(ctx, c.ID); err != nil {
		return f, err
	}
	f.Plan, err = tx.currentPlanRow(ctx, c.ID)
	return f, err
}

// Journey returns where the child is on the statutory journey: the
// current episode's steps and the next one due.
func (db *DB) Journey(ctx context.Context, a kith.Actor, ref string) (kith.Journey, error) {
	return readJourney(ctx, db, a, ref, func(tx *Tx, c *kith.Case) (kith.Journey, error) {
		f, err := tx.journeyFacts(ctx, c)
		return kith.BuildJourney(f), err
	})
}
