package bench

import (
	"context"
	"database/sql"
	"net/url"

	"kith"
)

// operations are the rows of the table. Each raw function fetches the
// same result as Kith's page with hand-written SQL, reading every row and
// column, and nothing else: no session, access check, audit or HTML.
func operations(w *workload) []operation {
	return []operation{
		{
			name: "case/overview", target: "20 ms",
			request: func(i int) *httpRequest {
				cl, ref := w.pickCase(i)
				return w.get(cl.userID, "/cases/"+ref)
			},
			raw: func(ctx context.Context, i int) error {
				_, ref := w.pickCase(i)
				return rawOverview(ctx, w.db, ref)
			},
		},
		journeyOperation(w),
		{
			name: "caseload/list", target: "10 ms",
			request: func(i int) *httpRequest {
				return w.get(w.caseloads[i%len(w.caseloads)].userID, "/cases?view=mine")
			},
			raw: func(ctx context.Context, i int) error {
				return rawCaseload(ctx, w.db, w.caseloads[i%len(w.caseloads)].userID)
			},
		},
		{
			name: "people/search", target: "30 ms",
			request: func(i int) *httpRequest {
				return w.get(w.auditor, "/search?q="+url.QueryEscape(w.names[i%len(w.names)]))
			},
			raw: func(ctx context.Context, i int) error {
				return rawSearch(ctx, w.db, w.dialect, kith.NameTokens(w.names[i%len(w.names)]))
			},
		},
		{
			name: "people/search (surname)", target: "30 ms",
			request: func(i int) *httpRequest {
				return w.get(w.auditor, "/search?q="+url.QueryEscape(w.surnames[i%len(w.surnames)]))
			},
			raw: func(ctx context.Context, i int) error {
				return rawSearch(ctx, w.db, w.dialect, kith.NameTokens(w.surnames[i%len(w.surnames)]))
			},
		},
	}
}

// pickCase spreads requests over practitioners and their cases.
func (w *workload) pickCase(i int) (caseload, string) {
	cl := w.caseloads[i%len(w.caseloads)]
	return cl, cl.refs[(i/len(w.caseloads))%len(cl.refs)]
}

// drain reads every row and column of a query, as a page would.
func drain(ctx context.Context, db *sql.DB, q string, args ...any) ([]string, error) {
	rows, err := db.QueryContext(ctx, q, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	cols, err := rows.Columns()
	if err != nil {
		return nil, err
	}
	vals := make([]sql.RawBytes, len(cols))
	dest := make([]any, len(cols))
	for i := range vals {
		dest[i] = &vals[i]
	}
	var first []string
	for rows.Next() {
		if err := rows.Scan(dest...); err != nil {
			return nil, err
		}
		first = append(first, string(vals[0]))
	}
	return first, rows.Err()
}

func in(start int, ids []string) (string, []any) {
	s := ""
	args := make([]any, len(ids))
	for i, id := range ids {
		if i > 0 {
			s += ", "
		}
		s += "$" + itoa(start+i)
		args[i] = id
	}
	return s, args
}

func itoa(n int) string {
	const digits = "0123456789"
	if n < 10 {
		return digits[n : n+1]
	}
	return itoa(n/10) + digits[n%10:n%10+1]
}

func rawOverview(ctx context.Context, db *sql.DB, ref string) error {
	var id, child string
	if err := db.QueryRowContext(ctx, `SELECT c.id, c.child_id FROM cases c WHERE c.reference = $1`, ref).Scan(&id, &child); err != nil {
		return err
	}
	if _, err := drain(ctx, db, `SELECT c.id, c.reference, c.child_id, c.state, c.opened_on, c.closed_on, c.close_reason, c.team_id, t.name, t.service_id,
		c.worker_id, w.display_name, c.allocated_at, c.restricted, c.version FROM cases c JOIN teams t ON t.id = c.team_id LEFT JOIN users w ON w.id = c.worker_id WHERE c.id = $1`, id); err != nil {
		return err
	}
	if _, err := drain(ctx, db, `SELECT kind FROM status_periods WHERE case_id = $1 AND ended_on IS NULL`, id); err != nil {
		return err
	}
	people, err := drain(ctx, db, `SELECT r.person_id, r.id, r.kind, r.lives_with_child, r.parental_responsibility, r.notes, r.started_on, r.ended_on, r.version
		FROM relationships r JOIN people p ON p.id = r.person_id WHERE r.child_id = $1`, child)
	if err != nil {
		return err
	}
	ids := append([]string{child}, people...)
	list, args := in(1, ids)
	for _, q := range []string{
		`SELECT id, first_name, last_name, known_as, date_of_birth, gender, nhs_number, version FROM people WHERE id IN (` + list + `)`,
		`SELECT id, person_id, line1, line2, town, postcode, from_date, to_date FROM addresses WHERE person_id IN (` + list + `)`,
		`SELECT id, person_id, number, kind, from_date, to_date FROM phones WHERE person_id IN (` + list + `)`,
		`SELECT child_id, reference FROM cases WHERE child_id IN (` + list + `)`,
	} {
		if _, err := drain(ctx, db, q, args...); err != nil {
			return err
		}
	}
	for _, q := range []string{
		`SELECT i.id, i.note, i.started_on, i.ended_on, p.id, p.name, p.role, p.agency, p.phone, p.email, p.version FROM involvements i JOIN professionals p ON p.id = i.professional_id WHERE i.case_id = $1`,
		`SELECT w.id, w.kind, w.detail, w.review_on, w.person_id, p.first_name, p.last_name, w.created_at, u.display_name, w.ended_on, w.end_reason, w.version
			FROM warnings w LEFT JOIN people p ON p.id = w.person_id LEFT JOIN users u ON u.id = w.created_by WHERE w.case_id = $1`,
		`SELECT a.id, a.kind, a.team_id, t.name, a.worker_id, w.display_name, a.started_at, a.ended_at, a.reason, b.display_name
			FROM allocations a JOIN teams t ON t.id = a.team_id LEFT JOIN users w ON w.id = a.worker_id LEFT JOIN users b ON b.id = a.by_user_id WHERE a.case_id = $1`,
		`SELECT s.id, s.kind, s.started_on, s.ended_on, u.display_name FROM status_periods s LEFT JOIN users u ON u.id = s.created_by WHERE s.case_id = $1`,
		`SELECT e.id, e.kind, e.occurred_at, e.summary, u.display_name FROM key_events e LEFT JOIN users u ON u.id = e.by_user_id WHERE e.case_id = $1`,
	} {
		if _, err := drain(ctx, db, q, id); err != nil {
			return err
		}
	}
	return nil
}

func rawCaseload(ctx context.Context, db *sql.DB, userID string) error {
	ids, err := drain(ctx, db, `SELECT c.id, c.reference, p.first_name, p.last_name, p.known_as, p.date_of_birth, c.state, t.name, w.display_name, c.allocated_at, c.restricted
		FROM cases c JOIN people p ON p.id = c.child_id JOIN teams t ON t.id = c.team_id LEFT JOIN users w ON w.id = c.worker_id
		WHERE c.worker_id = $1 AND c.state = 'open' ORDER BY lower(p.last_name), lower(p.first_name), c.reference LIMIT 50`, userID)
	if err != nil || len(ids) == 0 {
		return err
	}
	list, args := in(1, ids)
	_, err = drain(ctx, db, `SELECT case_id, kind FROM status_periods WHERE ended_on IS NULL AND case_id IN (`+list+`)`, args...)
	return err
}

// rawSearch finds the people whose names hold every word exactly, with the
// cases they are linked to: the strict part of Kith's search, without
// ranking, spelling tolerance or access rules.
func rawSearch(ctx context.Context, db *sql.DB, dialect string, tokens []string) error {
	if len(tokens) == 0 {
		return nil
	}
	cand := `SELECT person_id FROM person_name_keys WHERE key = $1`
	args := []any{"t:" + tokens[0]}
	for i, tok := range tokens[1:] {
		cand += ` INTERSECT SELECT person_id FROM person_name_keys WHERE key = $` + itoa(i+2)
		args = append(args, "t:"+tok)
	}
	cols := `c.id, c.reference, ch.first_name, ch.last_name, ch.known_as, ch.date_of_birth, c.state, t.name, w.display_name, c.allocated_at, c.restricted,
		p.id, p.first_name, p.last_name, p.known_as, p.date_of_birth`
	joins := ` JOIN people ch ON ch.id = c.child_id JOIN teams t ON t.id = c.team_id LEFT JOIN users w ON w.id = c.worker_id`
	// CROSS JOIN keeps SQLite on the best plan (from the few candidates
	// outwards); PostgreSQL needs no hint.
	j := "CROSS JOIN"
	if dialect == "postgres" {
		j = "JOIN"
	}
	ids, err := drain(ctx, db, `WITH cand (person_id) AS (`+cand+`)
		SELECT `+cols+`, '' FROM cand `+j+` people p ON p.id = cand.person_id `+j+` cases c ON c.child_id = p.id`+joins+`
		UNION ALL
		SELECT `+cols+`, r.kind FROM cand `+j+` people p ON p.id = cand.person_id `+j+` relationships r ON r.person_id = p.id `+j+` cases c ON c.child_id = r.child_id`+joins+`
		LIMIT 500`, args...)
	if err != nil || len(ids) == 0 {
		return err
	}
	if len(ids) > 25 {
		ids = ids[:25]
	}
	list, sargs := in(1, ids)
	_, err = drain(ctx, db, `SELECT case_id, kind FROM status_periods WHERE ended_on IS NULL AND case_id IN (`+list+`)`, sargs...)
	return err
}
