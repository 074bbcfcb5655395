package bench

import (
	"context"
	"fmt"
	"time"

	"kith"
	"kith/sqldb"
	"kith/synth"
)

// timelinessWork is who the timeliness rows ask as: team managers with
// their teams (of about 10 workers each), and the auditor for the whole
// council's report.
type timelinessWork struct {
	managers []managerOfTeam
	from, to string // the report's last 12 months
}

type managerOfTeam struct{ userID, teamID string }

func newTimelinessWork(ctx context.Context, db *sqldb.DB, w *workload, c *synth.Council) (*timelinessWork, error) {
	tw := &timelinessWork{}
	// Teams of about 10 workers; a small council's largest team else.
	largest := 0
	for _, t := range c.Teams {
		if t.ManagerID != "" {
			largest = max(largest, t.Practitioners)
		}
	}
	least := min(9, largest)
	for _, t := range c.Teams {
		if t.ManagerID == "" || t.Practitioners < least {
			continue
		}
		if _, ok := w.sessions[t.ManagerID]; !ok {
			tok, err := db.CreateSession(ctx, t.ManagerID, 24*time.Hour, kith.Actor{Via: "bench"})
			if err != nil {
				return nil, err
			}
			w.sessions[t.ManagerID] = tok
		}
		tw.managers = append(tw.managers, managerOfTeam{userID: t.ManagerID, teamID: t.ID})
	}
	if len(tw.managers) == 0 {
		return nil, fmt.Errorf("the council has no team with a manager")
	}
	p := kith.LastTwelveMonths(kith.Today(time.Now()))
	tw.from, tw.to = string(p.From), string(p.To)
	return tw, nil
}

// timelinessOperations are the dashboards' and the report's rows.
func timelinessOperations(w *workload, tw *timelinessWork) []operation {
	return []operation{
		{
			name: "dashboard/practitioner", target: "30 ms",
			request: func(i int) *httpRequest { return w.get(w.caseloads[i%len(w.caseloads)].userID, "/work") },
			raw: func(ctx context.Context, i int) error {
				return rawWork(ctx, w, "c.worker_id = $1", "r.author_id = $1", w.caseloads[i%len(w.caseloads)].userID)
			},
		},
		{
			name: "dashboard/team", target: "100 ms",
			request: func(i int) *httpRequest {
				m := tw.managers[i%len(tw.managers)]
				return w.get(m.userID, "/work?view=team&team="+m.teamID)
			},
			raw: func(ctx context.Context, i int) error {
				return rawWork(ctx, w, "c.team_id = $1", "c.team_id = $1", tw.managers[i%len(tw.managers)].teamID)
			},
		},
		{
			name: "actions/overdue-team", target: "30 ms",
			request: func(i int) *httpRequest {
				m := tw.managers[i%len(tw.managers)]
				return w.get(m.userID, "/api/v1/work/actions?view=team&team_id="+m.teamID)
			},
			raw: func(ctx context.Context, i int) error {
				// The same page: the first 100 longest overdue, and the count.
				team, today := tw.managers[i%len(tw.managers)].teamID, time.Now().UTC().Format("2006-01-02")
				if _, err := drain(ctx, w.db, `SELECT COUNT(*) FROM actions a JOIN cases c ON c.id = a.case_id
					WHERE a.status = 'open' AND a.due_on < $2 AND c.state = 'open' AND c.team_id = $1`, team, today); err != nil {
					return err
				}
				_, err := drain(ctx, w.db, `SELECT a.id, a.case_id, c.reference, a.what, a.owner_name, a.due_on
					FROM actions a JOIN cases c ON c.id = a.case_id
					WHERE a.status = 'open' AND a.due_on < $2 AND c.state = 'open' AND c.team_id = $1 ORDER BY a.due_on, c.reference, a.id LIMIT 100`, team, today)
				return err
			},
		},
		{
			name: "report/timeliness", target: "2 s", n: 50, budget: 2 * time.Minute,
			request: func(i int) *httpRequest { return w.get(w.auditor, "/reports/timeliness") },
			raw: func(ctx context.Context, i int) error {
				if _, err := drain(ctx, w.db, `SELECT month, template_key, risk_identified, working_days_taken, on_time, SUM(records)
					FROM timeliness_counts WHERE month >= $1 AND month <= $2 AND records > 0
					GROUP BY month, template_key, risk_identified, working_days_taken, on_time`, tw.from, tw.to); err != nil {
					return err
				}
				_, err := drain(ctx, w.db, `SELECT author_id, working_days_taken, on_time, SUM(records)
					FROM timeliness_counts WHERE month >= $1 AND month <= $2 AND records > 0
					GROUP BY author_id, working_days_taken, on_time`, tw.from, tw.to)
				return err
			},
		},
	}
}

// rawWork reads what a work list needs with hand-written SQL: the open
// cases with their clock dates, their current statuses and the drafts.
func rawWork(ctx context.Context, w *workload, caseCond, draftCond string, arg string) error {
	if _, err := drain(ctx, w.db, `SELECT c.id, c.reference, p.first_name, p.last_name, c.worker_id, u.display_name, c.allocated_at, c.opened_on,
		f.placement_on, f.last_visit_on, f.last_seen_on, f.last_seen_alone_on, f.last_summary_on, f.last_oversight_on
		FROM cases c JOIN people p ON p.id = c.child_id LEFT JOIN users u ON u.id = c.worker_id LEFT JOIN case_facts f ON f.case_id = c.id
		WHERE c.state = 'open' AND `+caseCond, arg); err != nil {
		return err
	}
	if _, err := drain(ctx, w.db, `SELECT sp.case_id, sp.kind, sp.started_on FROM status_periods sp JOIN cases c ON c.id = sp.case_id
		WHERE sp.ended_on IS NULL AND c.state = 'open' AND `+caseCond, arg); err != nil {
		return err
	}
	if _, err := drain(ctx, w.db, `SELECT r.id, r.template_key, r.template_version, r.headline, r.occurred_at, r.risk_identified, r.content
		FROM records r JOIN cases c ON c.id = r.case_id WHERE r.status = 'draft' AND `+draftCond, arg); err != nil {
		return err
	}
	// The open actions due by the end of the horizon (a week covers five
	// working days).
	_, err := drain(ctx, w.db, `SELECT a.id, a.case_id, a.what, a.owner_name, a.due_on FROM actions a JOIN cases c ON c.id = a.case_id
		WHERE a.status = 'open' AND a.due_on <= $2 AND c.state = 'open' AND `+caseCond, arg, time.Now().UTC().AddDate(0, 0, 7).Format("2006-01-02"))
	return err
}
