package sqldb

import (
	"context"
	"fmt"
	"strings"

	"kith"
)

const summaryColumns = `c.id, c.reference, p.first_name, p.last_name, p.known_as, p.date_of_birth, c.state, t.name, COALESCE(w.display_name, ''), c.allocated_at, c.restricted, p.expected_date_of_birth`

const summaryFrom = ` FROM cases c JOIN people p ON p.id = c.child_id JOIN teams t ON t.id = c.team_id LEFT JOIN users w ON w.id = c.worker_id`

func scanSummary(row interface{ Scan(...any) error }, extra ...any) (kith.CaseSummary, error) {
	var s kith.CaseSummary
	var first, last, state string
	var dob, expected scanDate
	var allocated scanTime
	dest := append([]any{&s.ID, &s.Reference, &first, &last, &s.KnownAs, &dob, &state, &s.TeamName, &s.WorkerName, &allocated, &s.Restricted, &expected}, extra...)
	if err := row.Scan(dest...); err != nil {
		return s, err
	}
	s.ChildName = strings.TrimSpace(first + " " + last)
	s.DateOfBirth, s.ExpectedDateOfBirth, s.State, s.AllocatedAt, s.Statuses = dob.D, expected.D, kith.CaseState(state), allocated.Ptr(), []kith.StatusKind{}
	return s, nil
}

// attachSummaryStatuses fills in the status badges of case summaries.
func (tx *Tx) attachSummaryStatuses(ctx context.Context, cases []kith.CaseSummary) error {
	if len(cases) == 0 {
		return nil
	}
	ids := make([]string, len(cases))
	for i, c := range cases {
		ids[i] = c.ID
	}
	got, err := tx.currentStatuses(ctx, ids)
	if err != nil {
		return err
	}
	for i := range cases {
		if k, ok := got[cases[i].ID]; ok {
			cases[i].Statuses = k
		}
	}
	return nil
}

// Caseload lists the cases an actor may see, narrowed by the filter: a
// practitioner's own caseload ("My cases"), or a manager's teams.
func (db *DB) Caseload(ctx context.Context, a kith.Actor, f kith.CaseloadFilter) (*kith.CaseloadPage, error) {
	if f.Limit <= 0 || f.Limit > 200 {
		f.Limit = 50
	}
	if f.Offset < 0 {
		f.Offset = 0
	}
	page := &kith.CaseloadPage{Cases: []kith.CaseSummary{}}
	err := db.read(ctx, func(tx *Tx) error {
		scope, args := scopeSQL(kith.ScopeFor(a, tx.policy(ctx)), 1)
		where := []string{scope}
		add := func(cond string, v any) {
			args = append(args, v)
			where = append(where, strings.ReplaceAll(cond, "?", fmt.Sprintf("$%d", len(args))))
		}
		if !f.IncludeClosed {
			where = append(where, "c.state = 'open'")
		}
		if f.Mine {
			add("c.worker_id = ?", a.UserID())
		}
		if f.TeamID != "" {
			add("c.team_id = ?", f.TeamID)
		}
		if f.WorkerID != "" {
			add("c.worker_id = ?", f.WorkerID)
		}
		if f.Unallocated {
			where = append(where, "c.worker_id IS NULL")
		}
		args = append(args, f.Limit, f.Offset)
		q := `SELECT ` + summaryColumns + `, COUNT(*) OVER ()` + summaryFrom + ` WHERE ` + strings.Join(where, " AND ") +
			fmt.Sprintf(` ORDER BY lower(p.last_name), lower(p.first_name), c.reference LIMIT $%d OFFSET $%d`, len(args)-1, len(args))
		rows, err := tx.QueryContext(ctx, q, args...)
		if err != nil {
			return fmt.Errorf("caseload: %w", err)
		}
		defer rows.Close()
		for rows.Next() {
			s, err := scanSummary(rows, &page.Total)
			if err != nil {
				return err
			}
			page.Cases = append(page.Cases, s)
		}
		if err := rows.Err(); err != nil {
			return err
		}
		if len(page.Cases) == 0 && f.Offset > 0 {
			// Past the end: count without the page so the pager can
			// offer the last page.
			countQ := `SELECT COUNT(*)` + summaryFrom + ` WHERE ` + strings.Join(where, " AND ")
			return tx.QueryRowContext(ctx, countQ, args[:len(args)-2]...).Scan(&page.Total)
		}
		return tx.attachSummaryStatuses(ctx, page.Cases)
	})
	if err != nil {
		return nil, err
	}
	ids := make([]string, len(page.Cases))
	for i, c := range page.Cases {
		ids[i] = c.ID
	}
	detail := "Team cases"
	if f.Mine {
		detail = "My cases"
	}
	if f.Unallocated {
		detail += ", not allocated"
	}
	if f.IncludeClosed {
		detail += ", with closed cases"
	}
	if f.Offset > 0 {
		detail += fmt.Sprintf(", from case %d", f.Offset+1)
	}
	if err := db.auditListing(ctx, a, kith.AuditCaseListed, detail, ids); err != nil {
		return nil, err
	}
	return page, nil
}
