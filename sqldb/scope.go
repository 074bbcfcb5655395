package sqldb

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"

	"kith"
)

// scopeSQL returns a condition on the case aliased c that holds exactly for
// the cases kith.CaseScope.Includes would include, and its arguments,
// numbered from next. TestScopeSQLAgreesWithDecide holds it to Decide on
// real rows in both engines.
func scopeSQL(s kith.CaseScope, next int) (string, []any) {
	if s.None {
		return "1 = 0", nil
	}
	var args []any
	arg := func(v any) string {
		args = append(args, v)
		return fmt.Sprintf("$%d", next+len(args)-1)
	}
	me := arg(s.UserID)
	onList := "EXISTS (SELECT 1 FROM case_access_list al WHERE al.case_id = c.id AND al.user_id = " + me + ")"
	conds := []string{
		"NOT EXISTS (SELECT 1 FROM case_lockouts lo WHERE lo.case_id = c.id AND lo.user_id = " + me + ")",
		"(c.restricted = FALSE OR " + onList + ")",
	}
	if s.All {
		return strings.Join(conds, " AND "), args
	}
	var any []string
	if s.Allocated {
		any = append(any, "c.worker_id = "+me)
	}
	if len(s.TeamIDs) > 0 {
		ph := make([]string, len(s.TeamIDs))
		for i, t := range s.TeamIDs {
			ph[i] = arg(t)
		}
		any = append(any, "c.team_id IN ("+strings.Join(ph, ", ")+")")
	}
	if len(s.ServiceIDs) > 0 {
		ph := make([]string, len(s.ServiceIDs))
		for i, sv := range s.ServiceIDs {
			ph[i] = arg(sv)
		}
		any = append(any, "c.team_id IN (SELECT id FROM teams WHERE service_id IN ("+strings.Join(ph, ", ")+"))")
	}
	if s.RestrictedOnList {
		any = append(any, "(c.restricted = TRUE AND "+onList+")")
	}
	if len(any) == 0 {
		return "1 = 0", nil
	}
	conds = append(conds, "("+strings.Join(any, " OR ")+")")
	return strings.Join(conds, " AND "), args
}

// keptFromSQL returns a subquery of the ids of the cases the user (the
// placeholder me) is kept from whatever their role (kith.CaseAccessFacts.KeptFrom):
// restricted cases whose access list does not name them, and cases they
// are locked out of. Both are few, and found through their own indexes
// (cases_restricted, case_lockouts_user), so a figure kept for everyone can
// have them taken out cheaply (kith.FiguresCount).
func keptFromSQL(me string) string {
	return `SELECT kc.id FROM cases kc WHERE kc.restricted = TRUE
		AND NOT EXISTS (SELECT 1 FROM case_access_list kal WHERE kal.case_id = kc.id AND kal.user_id = ` + me + `)
		UNION SELECT klo.case_id FROM case_lockouts klo WHERE klo.user_id = ` + me
}

// hiddenRecords returns the final records counted in the timeliness counts
// that the actor may not count (kith.FiguresCount), one row each, to take
// out of the counts (kith.TimelinessCounts.Without): those finalised on
// the days from and to, in teams (nil: every team) and, when authorID is
// given, by that author.
func (tx *Tx) hiddenRecords(ctx context.Context, a kith.Actor, from, to kith.Date, teams []string, authorID string) ([]kith.TimelinessCount, error) {
	args := []any{a.UserID(), dt(from), dt(to)}
	// From the few hidden cases to their final records to how each was
	// judged, in that order (SQLite would otherwise read every judged
	// record of the teams and period, the work the counts exist to avoid).
	join := tx.db.Dialect.orderedJoin()
	q := `SELECT rt.author_id, rt.template_key, rt.risk_identified, rt.finalised_on, rt.working_days_taken, rt.working_days_late
		FROM (` + keptFromSQL("$1") + `) k ` + join + ` records r ON r.case_id = k.id ` + join + ` record_timeliness rt ON rt.record_id = r.id
		WHERE r.status = 'final' AND rt.finalised_on >= $2 AND rt.finalised_on <= $3`
	if teams != nil {
		if len(teams) == 0 {
			return nil, nil
		}
		q += ` AND rt.team_id IN (` + placeholders(len(args)+1, len(teams)) + `)`
		args = append(args, anys(teams)...)
	}
	if authorID != "" {
		args = append(args, authorID)
		q += fmt.Sprintf(` AND rt.author_id = $%d`, len(args))
	}
	rows, err := tx.QueryContext(ctx, q, args...)
	if err != nil {
		return nil, fmt.Errorf("records kept from the reader: %w", err)
	}
	defer rows.Close()
	var out []kith.TimelinessCount
	for rows.Next() {
		var c kith.TimelinessCount
		var on scanDate
		var l kith.Lateness
		if err := rows.Scan(&c.AuthorID, &c.TemplateKey, &c.Risk, &on, &l.Taken, &l.Late); err != nil {
			return nil, err
		}
		c.Month, c.Taken, c.OnTime, c.Records = kith.MonthOf(on.D), l.Taken, l.OnTime(), 1
		out = append(out, c)
	}
	return out, rows.Err()
}

// policy returns the council's access policy, read once per transaction.
func (tx *Tx) policy(ctx context.Context) kith.AccessPolicy {
	if tx.pol != nil {
		return *tx.pol
	}
	var v sql.NullString
	_ = tx.QueryRowContext(ctx, `SELECT `+policySetting).Scan(&v)
	return tx.notePolicy(v)
}

// policySetting reads the setting the access policy is made from, as a
// column: caseFor reads it beside the case, a round trip fewer.
const policySetting = `(SELECT value FROM settings WHERE name = 'practitioners_see_team_cases')`

// notePolicy makes the transaction's access policy from its setting as
// read (NULL when never set: the default).
func (tx *Tx) notePolicy(v sql.NullString) kith.AccessPolicy {
	p := kith.DefaultAccessPolicy
	if v.Valid {
		p.PractitionersSeeTeamCases = v.String == "true"
	}
	tx.pol = &p
	return p
}

// AccessPolicy returns the council's access policy.
func (db *DB) AccessPolicy(ctx context.Context) (kith.AccessPolicy, error) {
	var p kith.AccessPolicy
	err := db.read(ctx, func(tx *Tx) error {
		p = tx.policy(ctx)
		return nil
	})
	return p, err
}

// SetAccessPolicy changes the council's access policy (administrators).
func (db *DB) SetAccessPolicy(ctx context.Context, a kith.Actor, p kith.AccessPolicy) error {
	if err := mustAdminister(a); err != nil {
		return err
	}
	return db.write(ctx, func(tx *Tx) error {
		v := fmt.Sprint(p.PractitionersSeeTeamCases)
		if _, err := tx.ExecContext(ctx, `INSERT INTO settings (name, value) VALUES ('practitioners_see_team_cases', $1)
			ON CONFLICT (name) DO UPDATE SET value = excluded.value`, v); err != nil {
			return err
		}
		return tx.audit(a, auditEntry{Action: kith.AuditAccessChanged, SubjectType: "setting", SubjectID: "practitioners_see_team_cases", Detail: v})
	})
}

// deniedError is a refusal to open a case that exists. Users see only the
// wrapped error (not found, or forbidden); the refusal is audited.
type deniedError struct {
	caseID string
	action kith.Permission
	reason string
	err    error
}

func (e *deniedError) Error() string { return e.err.Error() }
func (e *deniedError) Unwrap() error { return e.err }

// finish audits a refusal, if err is one, and returns the error users see.
// Every public method that opens a case ends through it.
func (db *DB) finish(ctx context.Context, a kith.Actor, err error) error {
	var d *deniedError
	if !errors.As(err, &d) {
		return err
	}
	if aerr := db.write(ctx, func(tx *Tx) error {
		return tx.audit(a, auditEntry{Action: kith.AuditAccessDenied, CaseID: d.caseID, Detail: string(d.action) + ": " + d.reason})
	}); aerr != nil {
		db.Log.Error("audit access denied", "err", aerr)
	}
	return d.err
}
