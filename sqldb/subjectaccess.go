package sqldb

import (
	"context"
	"fmt"

	"kith"
	"kith/calendar"
)

// Subject access requests. Only information governance officers log and
// track them (kith.MayHandleSubjectAccess); they learn that a case exists
// and whose it is, not what it holds. Every read and change is audited,
// and a change on the case it concerns too, so the case's access log shows
// that its record was asked for.

const sarColumns = `s.id, s.reference, s.case_id, c.reference, p.first_name, p.last_name, s.requester_name, s.relation, s.received_on,
	s.identity_check, s.identity_confirmed_on, s.extension_months, s.extension_reason, s.extended_on, s.responded_on, s.withdrawn_on,
	s.notes, u.display_name, s.version
	FROM subject_access_requests s JOIN cases c ON c.id = s.case_id JOIN people p ON p.id = c.child_id JOIN users u ON u.id = s.logged_by`

var errNotInformationGovernance = kith.Errorf(kith.EFORBIDDEN, "Only information governance officers can see or log subject access requests.")

// legalCalendar is the council's nation's weekends and bank holidays,
// without its own closure days: those do not move a legal deadline.
func (tx *Tx) legalCalendar(ctx context.Context) (*calendar.Calendar, error) {
	st, err := tx.timeliness(ctx)
	if err != nil {
		return nil, err
	}
	return st.cal.BankHolidaysOnly(), nil
}

// sarRows reads the requests matching where, most urgent first: open
// ones by due date (those awaiting identity after them), then the rest,
// newest first. Each has its clock as on today.
func (tx *Tx) sarRows(ctx context.Context, where string, args ...any) ([]kith.SubjectAccessRequest, error) {
	cal, err := tx.legalCalendar(ctx)
	if err != nil {
		return nil, err
	}
	rows, err := tx.QueryContext(ctx, `SELECT `+sarColumns+` WHERE `+where+` ORDER BY s.ref_year DESC, s.ref_number DESC`, args...)
	if err != nil {
		return nil, fmt.Errorf("load subject access requests: %w", err)
	}
	defer rows.Close()
	var out []kith.SubjectAccessRequest
	for rows.Next() {
		var r kith.SubjectAccessRequest
		var first, last string
		var d [5]scanDate
		if err := rows.Scan(&r.ID, &r.Reference, &r.CaseID, &r.CaseReference, &first, &last, &r.RequesterName, &r.Relation, &d[0],
			&r.IdentityCheck, &d[1], &r.ExtensionMonths, &r.ExtensionReason, &d[2], &d[3], &d[4], &r.Notes, &r.LoggedBy, &r.Version); err != nil {
			return nil, err
		}
		r.SubjectName = (&kith.Person{FirstName: first, LastName: last}).FullName()
		r.ReceivedOn, r.IdentityConfirmedOn, r.ExtendedOn, r.RespondedOn, r.WithdrawnOn = d[0].D, d[1].D, d[2].D, d[3].D, d[4].D
		r.Clock = r.ClockOn(tx.Today(), cal)
		out = append(out, r)
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	kith.SortSubjectAccessRequests(out)
	return out, nil
}

// SubjectAccessRequests lists every request, the most urgent first.
func (db *DB) SubjectAccessRequests(ctx context.Context, a kith.Actor) ([]kith.SubjectAccessRequest, error) {
	if !kith.MayHandleSubjectAccess(a) {
		return nil, db.finish(ctx, a, errNotInformationGovernance)
	}
	var out []kith.SubjectAccessRequest
	err := db.read(ctx, func(tx *Tx) error {
		var err error
		out, err = tx.sarRows(ctx, `1 = 1`)
		return err
	})
	if err != nil {
		return nil, db.finish(ctx, a, err)
	}
	return out, db.auditReads(ctx, a, auditEntry{Action: kith.AuditSARViewed, SubjectType: "subject_access", Detail: fmt.Sprintf("the list: %d requests", len(out))})
}

// SubjectAccessRequest reads one request.
func (db *DB) SubjectAccessRequest(ctx context.Context, a kith.Actor, id string) (kith.SubjectAccessRequest, error) {
	if !kith.MayHandleSubjectAccess(a) {
		return kith.SubjectAccessRequest{}, db.finish(ctx, a, errNotInformationGovernance)
	}
	var out []kith.SubjectAccessRequest
	err := db.read(ctx, func(tx *Tx) error {
		var err error
		out, err = tx.sarRows(ctx, `s.id = $1`, id)
		return err
	})
	if err == nil && len(out) == 0 {
		err = kith.NotFound("Subject access request")
	}
	if err != nil {
		return kith.SubjectAccessRequest{}, db.finish(ctx, a, err)
	}
	r := out[0]
	return r, db.auditReads(ctx, a, auditEntry{Action: kith.AuditSARViewed, CaseID: r.CaseID, SubjectType: "subject_access", SubjectID: r.ID, Detail: r.Reference})
}

// RecordSubjectAccessRequest logs a new request (id ""), numbered within
// the year it was received, or changes one read at in.Version: identity
// arriving, an extension, the answer or a withdrawal.
func (db *DB) RecordSubjectAccessRequest(ctx context.Context, a kith.Actor, id string, in kith.SubjectAccessInput) (kith.SubjectAccessRequest, error) {
	if !kith.MayHandleSubjectAccess(a) {
		return kith.SubjectAccessRequest{}, db.finish(ctx, a, errNotInformationGovernance)
	}
	var out []kith.SubjectAccessRequest
	err := db.write(ctx, func(tx *Tx) error {
		cal, err := tx.legalCalendar(ctx)
		if err != nil {
			return err
		}
		if err := in.Validate(tx.Today(), cal); err != nil {
			return err
		}
		// The case is found by its reference alone: the officer does not
		// open it, so no access rule of the case's applies.
		var caseID string
		err = tx.QueryRowContext(ctx, `SELECT id FROM cases WHERE reference = $1`, in.CaseReference).Scan(&caseID)
		if errNoRows(err) {
			return fieldError("case_reference", "There is no child’s case "+in.CaseReference+" in Kith: check the reference")
		} else if err != nil {
			return err
		}
		cols := []any{caseID, in.RequesterName, in.Relation, dt(in.ReceivedOn), in.IdentityCheck, dt(in.IdentityConfirmedOn), in.ExtensionMonths,
			in.ExtensionReason, dt(in.ExtendedOn), dt(in.RespondedOn), dt(in.WithdrawnOn), in.Notes, ts(tx.now), a.UserID()}
		what := "Changed"
		if id == "" {
			what = "Logged"
			year := in.ReceivedOn.Year
			var n int
			if err := tx.QueryRowContext(ctx, `SELECT COALESCE(MAX(ref_number), 0) + 1 FROM subject_access_requests WHERE ref_year = $1`, year).Scan(&n); err != nil {
				return err
			}
			id = newID()
			_, err := tx.ExecContext(ctx, `INSERT INTO subject_access_requests (case_id, requester_name, relation, received_on, identity_check,
				identity_confirmed_on, extension_months, extension_reason, extended_on, responded_on, withdrawn_on, notes, recorded_at, recorded_by,
				id, reference, ref_year, ref_number, logged_by, version) VALUES (`+placeholders(1, 19)+`, 1)`,
				append(cols, id, kith.SARReference(year, n), year, n, a.UserID())...)
			if isUniqueViolation(err) {
				return kith.Errorf(kith.ECONFLICT, "Someone else logged a request at the same moment: save again.")
			}
			if err != nil {
				return fmt.Errorf("log subject access request: %w", err)
			}
		} else {
			res, err := tx.ExecContext(ctx, `UPDATE subject_access_requests SET case_id = $1, requester_name = $2, relation = $3, received_on = $4,
				identity_check = $5, identity_confirmed_on = $6, extension_months = $7, extension_reason = $8, extended_on = $9, responded_on = $10,
				withdrawn_on = $11, notes = $12, recorded_at = $13, recorded_by = $14, version = version + 1 WHERE id = $15 AND version = $16`,
				append(cols, id, in.Version)...)
			if err != nil {
				return fmt.Errorf("change subject access request: %w", err)
			}
			if n, _ := res.RowsAffected(); n == 0 {
				var one int
				if err := tx.QueryRowContext(ctx, `SELECT 1 FROM subject_access_requests WHERE id = $1`, id).Scan(&one); err != nil {
					return kith.NotFound("Subject access request")
				}
				return staleEdit("this request")
			}
		}
		if out, err = tx.sarRows(ctx, `s.id = $1`, id); err != nil {
			return err
		}
		r := out[0]
		return tx.audit(a, auditEntry{Action: kith.AuditSARRecorded, CaseID: caseID, SubjectType: "subject_access", SubjectID: id,
			Detail: fmt.Sprintf("%s %s, version %d: from %s", what, r.Reference, r.Version, r.RequesterName)})
	})
	if err != nil {
		return kith.SubjectAccessRequest{}, db.finish(ctx, a, err)
	}
	return out[0], nil
}
