package sqldb

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"

	"kith"
)

// contactRows reads the contacts of the cases matching where, in order of
// case and day.
func (tx *Tx) contactRows(ctx context.Context, where string, args ...any) ([]kith.Contact, error) {
	rows, err := tx.QueryContext(ctx, `SELECT k.id, k.case_id, k.contact_on, k.source, k.outcome, k.version
		FROM contacts k WHERE `+where+` ORDER BY k.case_id, k.contact_on, k.recorded_at`, args...)
	if err != nil {
		return nil, fmt.Errorf("load contacts: %w", err)
	}
	defer rows.Close()
	var out []kith.Contact
	for rows.Next() {
		var c kith.Contact
		var on scanDate
		if err := rows.Scan(&c.ID, &c.CaseID, &on, &c.Source, &c.Outcome, &c.Version); err != nil {
			return nil, err
		}
		c.ContactOn = on.D
		out = append(out, c)
	}
	return out, rows.Err()
}

// earlyHelpRows reads the early help assessments of the cases matching
// where, in order of case and start.
func (tx *Tx) earlyHelpRows(ctx context.Context, where string, args ...any) ([]kith.EarlyHelpAssessment, error) {
	rows, err := tx.QueryContext(ctx, `SELECT h.id, h.case_id, h.started_on, h.completed_on, h.organisation, h.version
		FROM early_help_assessments h WHERE `+where+` ORDER BY h.case_id, h.started_on, h.recorded_at`, args...)
	if err != nil {
		return nil, fmt.Errorf("load early help assessments: %w", err)
	}
	defer rows.Close()
	var out []kith.EarlyHelpAssessment
	for rows.Next() {
		var e kith.EarlyHelpAssessment
		var started, completed scanDate
		if err := rows.Scan(&e.ID, &e.CaseID, &started, &completed, &e.Organisation, &e.Version); err != nil {
			return nil, err
		}
		e.StartedOn, e.CompletedOn = started.D, completed.D
		out = append(out, e)
	}
	return out, rows.Err()
}

// RecordContact records a contact to the front door about the child that
// did not become a referral (id ""), or corrects one.
func (db *DB) RecordContact(ctx context.Context, a kith.Actor, ref, id string, in kith.ContactInput) (kith.Contact, error) {
	var out kith.Contact
	err := db.write(ctx, func(tx *Tx) error {
		c, err := tx.editCase(a, ref)
		if err != nil {
			return err
		}
		if err := in.Validate(tx.Today()); err != nil {
			return err
		}
		out = kith.Contact{ID: id, CaseID: c.ID, ContactOn: in.ContactOn, Source: in.Source, Outcome: in.Outcome}
		row := versionedRow{table: "contacts", name: "Contact", what: "this contact", caseID: c.ID, id: id, version: in.Version,
			cols: []string{"contact_on", "source", "outcome"}, vals: []any{dt(in.ContactOn), in.Source, in.Outcome}}
		if out.ID, out.Version, err = tx.saveVersioned(ctx, a, row); err != nil {
			return err
		}
		return tx.audit(a, auditEntry{Action: kith.AuditContactRecorded, CaseID: c.ID, SubjectType: "contact", SubjectID: out.ID,
			Detail: fmt.Sprintf("contact %s from %s: %s, version %d", out.ContactOn, out.Source, out.Outcome, out.Version)})
	})
	return out, db.finish(ctx, a, err)
}

// RecordEarlyHelpAssessment records an early help assessment of the child
// (id ""), or corrects one, perhaps recording that it was completed.
func (db *DB) RecordEarlyHelpAssessment(ctx context.Context, a kith.Actor, ref, id string, in kith.EarlyHelpAssessmentInput) (kith.EarlyHelpAssessment, error) {
	var out kith.EarlyHelpAssessment
	err := db.write(ctx, func(tx *Tx) error {
		c, err := tx.editCase(a, ref)
		if err != nil {
			return err
		}
		if err := in.Validate(tx.Today()); err != nil {
			return err
		}
		out = kith.EarlyHelpAssessment{ID: id, CaseID: c.ID, StartedOn: in.StartedOn, CompletedOn: in.CompletedOn, Organisation: in.Organisation}
		row := versionedRow{table: "early_help_assessments", name: "Early help assessment", what: "this early help assessment", caseID: c.ID, id: id, version: in.Version,
			cols: []string{"started_on", "completed_on", "organisation"}, vals: []any{dt(in.StartedOn), dt(in.CompletedOn), in.Organisation}}
		if out.ID, out.Version, err = tx.saveVersioned(ctx, a, row); err != nil {
			return err
		}
		detail := "started " + out.StartedOn.String()
		if !out.CompletedOn.IsZero() {
			detail += ", completed " + out.CompletedOn.String()
		}
		return tx.audit(a, auditEntry{Action: kith.AuditEarlyHelpAssessment, CaseID: c.ID, SubjectType: "early_help_assessment", SubjectID: out.ID,
			Detail: fmt.Sprintf("%s by %s, version %d", detail, out.Organisation, out.Version)})
	})
	return out, db.finish(ctx, a, err)
}

// versionedRow is a row of a case's that is corrected in place, each
// correction checked against the version the user read: its table (with
// id, case_id, version, recorded_at and recorded_by columns), its own
// columns and their new values.
type versionedRow struct {
	table string
	// name is the row in words, and what the row as a thing being changed.
	name, what string
	caseID, id string
	version    int
	cols       []string
	vals       []any
}

// saveVersioned inserts the row (id "") or updates it if it is still at
// the version the user read, and returns its id and new version. A row of
// another case is not found; a row changed since is a conflict.
func (tx *Tx) saveVersioned(ctx context.Context, a kith.Actor, r versionedRow) (string, int, error) {
	n := len(r.cols)
	args := append(append([]any{}, r.vals...), ts(tx.now), nullString(a.UserID()))
	if r.id == "" {
		id := newID()
		_, err := tx.ExecContext(ctx, `INSERT INTO `+r.table+` (`+strings.Join(r.cols, ", ")+`, recorded_at, recorded_by, id, case_id, version)
			VALUES (`+placeholders(1, n+4)+`, 1)`, append(args, id, r.caseID)...)
		if err != nil {
			return "", 0, fmt.Errorf("record %s: %w", r.table, err)
		}
		return id, 1, nil
	}
	set := make([]string, n)
	for i, c := range r.cols {
		set[i] = fmt.Sprintf("%s = $%d", c, i+1)
	}
	res, err := tx.ExecContext(ctx, fmt.Sprintf(`UPDATE %s SET %s, recorded_at = $%d, recorded_by = $%d, version = version + 1
		WHERE id = $%d AND case_id = $%d AND version = $%d`, r.table, strings.Join(set, ", "), n+1, n+2, n+3, n+4, n+5),
		append(args, r.id, r.caseID, r.version)...)
	if err != nil {
		return "", 0, fmt.Errorf("correct %s: %w", r.table, err)
	}
	if changed, _ := res.RowsAffected(); changed == 1 {
		return r.id, r.version + 1, nil
	}
	var exists int
	switch err := tx.QueryRowContext(ctx, `SELECT 1 FROM `+r.table+` WHERE id = $1 AND case_id = $2`, r.id, r.caseID).Scan(&exists); {
	case errors.Is(err, sql.ErrNoRows):
		return "", 0, kith.NotFound(r.name)
	case err != nil:
		return "", 0, err
	}
	return "", 0, staleEdit(r.what)
}

// FrontDoor is what reached the council about a child before, or
// instead of, a referral: contacts that went no further and early help
// assessments.
type FrontDoor struct {
	Contacts  []kith.Contact             `json:"contacts"`
	EarlyHelp []kith.EarlyHelpAssessment `json:"early_help_assessments"`
}

// CaseFrontDoor reads a case's contacts and early help assessments,
// earliest first (audited as a view of the case's journey).
func (db *DB) CaseFrontDoor(ctx context.Context, a kith.Actor, ref string) (FrontDoor, error) {
	return readJourney(ctx, db, a, ref, func(tx *Tx, c *kith.Case) (FrontDoor, error) {
		var out FrontDoor
		var err error
		if out.Contacts, err = tx.contactRows(ctx, `k.case_id = $1`, c.ID); err != nil {
			return out, err
		}
		out.EarlyHelp, err = tx.earlyHelpRows(ctx, `h.case_id = $1`, c.ID)
		return out, err
	})
}
