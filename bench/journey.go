package bench

import (
	"context"
	"database/sql"
)

// journeyOperation is the journey panel of a case: its episodes,
// assessments, section 47 enquiries and current plan.
func journeyOperation(w *workload) operation {
	return operation{
		name: "journey/case", target: "20 ms",
		request: func(i int) *httpRequest {
			cl, ref := w.pickCase(i)
			return w.get(cl.userID, "/cases/"+ref+"/journey")
		},
		raw: func(ctx context.Context, i int) error {
			_, ref := w.pickCase(i)
			return rawJourney(ctx, w.db, ref)
		},
	}
}

func rawJourney(ctx context.Context, db *sql.DB, ref string) error {
	var id string
	if err := db.QueryRowContext(ctx, `SELECT id FROM cases WHERE reference = $1`, ref).Scan(&id); err != nil {
		return err
	}
	for _, q := range []string{
		`SELECT e.id, e.number, e.referral_at, e.source, e.primary_need, e.decision, e.decided_on, u.display_name, e.closed_on, e.close_reason, e.version
			FROM episodes e LEFT JOIN users u ON u.id = e.decided_by WHERE e.case_id = $1 ORDER BY e.number`,
		`SELECT a.id, a.episode_id, a.started_on, a.factors, a.authorised_on, u.display_name, a.late_reason, a.version, e.referral_at
			FROM assessments a JOIN episodes e ON e.id = a.episode_id LEFT JOIN users u ON u.id = a.authorised_by WHERE a.case_id = $1 ORDER BY a.started_on`,
		`SELECT s.id, s.episode_id, s.strategy_record_id, s.started_on, s.outcome, s.concluded_on, s.no_conference_reason, s.conference_on, s.version,
			s.conference_decision, (SELECT p.id FROM plans p WHERE p.section47_id = s.id) FROM section47s s WHERE s.case_id = $1 ORDER BY s.started_on`,
		`SELECT p.id, p.kind, p.started_on, p.review_on, p.section47_id, p.initial_category, p.latest_category, p.core_group_on
			FROM plans p WHERE p.case_id = $1 AND p.ended_on IS NULL`,
	} {
		if _, err := drain(ctx, db, q, id); err != nil {
			return err
		}
	}
	return nil
}
