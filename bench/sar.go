package bench

import (
	"context"
	"fmt"
	"time"

	"kith"
	"kith/sqldb"
	"kith/synth"
)

// sarOperations is a subject access request for the busiest case (its
// thousands of records) gathered into a bundle with its redactions
// proposed: every final record with its addenda and files read into
// pages, the network's names and details and the name index's finds
// proposed, and all of it stored with the request. Each call logs a new
// request first (not timed apart: it is one small insert). The raw side
// reads the same records, addenda and files with hand-written SQL.
func sarOperations(ctx context.Context, db *sqldb.DB, w *workload, council *synth.Council, only string) ([]operation, error) {
	if !chosen(only, "sar/") || council.InformationGovernanceID == "" || council.BusyReference == "" {
		return nil, nil
	}
	ig, err := db.Actor(ctx, council.InformationGovernanceID)
	if err != nil {
		return nil, err
	}
	var caseID string
	if err := w.db.QueryRowContext(ctx, `SELECT id FROM cases WHERE reference = $1`, council.BusyReference).Scan(&caseID); err != nil {
		return nil, fmt.Errorf("sar/propose: the busiest case: %w", err)
	}
	received := kith.DateOf(db.Now().In(kith.London)).AddDays(-3)
	return []operation{{
		name: "sar/propose", target: "30 s", n: 5, budget: 3 * time.Minute,
		call: func(ctx context.Context, i int) error {
			req, err := db.RecordSubjectAccessRequest(ctx, ig, "", kith.SubjectAccessInput{CaseReference: council.BusyReference,
				RequesterName: fmt.Sprintf("Bench requester %d", i), Relation: "self", ReceivedOn: received, IdentityCheck: "photo_id"})
			if err != nil {
				return err
			}
			_, err = db.GatherSARBundle(ctx, ig, req.ID)
			return err
		},
		raw: func(ctx context.Context, i int) error {
			for _, q := range []string{
				`SELECT r.* FROM records r WHERE r.case_id = $1 AND r.status = 'final' ORDER BY r.occurred_at, r.id`,
				`SELECT a.* FROM record_addenda a JOIN records r ON r.id = a.record_id WHERE r.case_id = $1`,
				`SELECT a.id, a.filename, a.description FROM attachments a WHERE a.case_id = $1`,
			} {
				if _, err := drain(ctx, w.db, q, caseID); err != nil {
					return err
				}
			}
			return nil
		},
	}}, nil
}
