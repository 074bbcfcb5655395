package sqldb

import (
	"context"
	"fmt"

	"kith"
	"kith/quality"
)

// CheckDraft runs the quality coach on what is typed in a draft (in, not
// yet saved), for the draft's writer: the findings, and the dismissals
// already made on the draft.
func (db *DB) CheckDraft(ctx context.Context, a kith.Actor, id string, in kith.RecordInput) ([]quality.Finding, []quality.Dismissal, error) {
	var findings []quality.Finding
	var dismissed []quality.Dismissal
	err := db.readAudited(ctx, a, func(tx *Tx) (auditEntry, error) {
		c, r, t, err := tx.draftFor(ctx, a, id)
		if err != nil {
			return auditEntry{}, err
		}
		in.Clean(t)
		child, err := tx.noteChild(ctx, c)
		if err != nil {
			return auditEntry{}, err
		}
		if findings, err = tx.checkNote(ctx, a, c, quality.NoteOf(t, in.Headline, in.Content, child), r.ID); err != nil {
			return auditEntry{}, err
		}
		dismissed, err = tx.dismissals(ctx, r.ID)
		return checked(c.ID, "record", r.ID, len(findings)), err
	})
	return findings, dismissed, db.finish(ctx, a, err)
}

// CheckText runs the quality coach on writing for a case that is not (yet)
// a draft: the API's check, with the case's child and network as context.
// Without a case, only the rules that need no council run.
func (db *DB) CheckText(ctx context.Context, a kith.Actor, ref string, note quality.Note) ([]quality.Finding, error) {
	if ref == "" {
		return db.Quality.Check(note)
	}
	var findings []quality.Finding
	err := db.readAudited(ctx, a, func(tx *Tx) (auditEntry, error) {
		c, err := tx.caseFor(a, ref, kith.EditCase)
		if err != nil {
			return auditEntry{}, err
		}
		if note.Child, err = tx.noteChild(ctx, c); err != nil {
			return auditEntry{}, err
		}
		findings, err = tx.checkNote(ctx, a, c, note, "")
		return checked(c.ID, "case", c.ID, len(findings)), err
	})
	return findings, db.finish(ctx, a, err)
}

// IndexFindings returns only the findings that need the council (copied
// passages, other people's names and identifiers) for a note written on a
// case: for the evaluation, which runs the other rules itself.
func (db *DB) IndexFindings(ctx context.Context, a kith.Actor, ref string, note quality.Note) ([]quality.Finding, error) {
	var findings []quality.Finding
	err := db.readAudited(ctx, a, func(tx *Tx) (auditEntry, error) {
		c, err := tx.caseFor(a, ref, kith.EditCase)
		if err != nil {
			return auditEntry{}, err
		}
		findings, err = tx.indexFindings(ctx, a, c, note, "")
		return checked(c.ID, "case", c.ID, len(findings)), err
	})
	return findings, db.finish(ctx, a, err)
}

// readAudited runs fn in a read transaction and, when it succeeds, audits
// the read it describes (in a write of its own, as every read is).
func (db *DB) readAudited(ctx context.Context, a kith.Actor, fn func(tx *Tx) (auditEntry, error)) error {
	var e auditEntry
	err := db.read(ctx, func(tx *Tx) error {
		var err error
		e, err = fn(tx)
		return err
	})
	if err == nil {
		err = db.auditReads(ctx, a, e)
	}
	return err
}

// checked is the audit entry of a check of writing on a case.
func checked(caseID, subjectType, subjectID string, findings int) auditEntry {
	return auditEntry{Action: kith.AuditQualityChecked, CaseID: caseID, SubjectType: subjectType, SubjectID: subjectID,
		Detail: fmt.Sprintf("%d findings", findings)}
}

// DismissFinding keeps a practitioner's reason for setting aside a warning
// or suggestion on a draft. The finding must still be one the coach makes
// on the saved draft; errors cannot be dismissed.
func (db *DB) DismissFinding(ctx context.Context, a kith.Actor, id, key, reason string) (quality.Finding, error) {
	var found quality.Finding
	err := db.write(ctx, func(tx *Tx) error {
		c, r, t, err := tx.draftFor(ctx, a, id)
		if err != nil {
			return err
		}
		note, err := tx.recordNote(ctx, c, r, t)
		if err != nil {
			return err
		}
		findings, err := tx.checkNote(ctx, a, c, note, r.ID)
		if err != nil {
			return err
		}
		ok := false
		for _, f := range findings {
			if f.Key() == key {
				found, ok = f, true
				break
			}
		}
		if !ok {
			return kith.Errorf(kith.ECONFLICT, "The coach no longer finds this in the saved draft, so there is nothing to dismiss.")
		}
		reason = kith.CleanText(reason)
		if err := quality.CheckDismissal(found, reason); err != nil {
			return err
		}
		_, err = tx.ExecContext(ctx, `INSERT INTO finding_dismissals (record_id, finding_key, rule, part, text, reason, dismissed_by, dismissed_at)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8) ON CONFLICT (record_id, finding_key) DO UPDATE SET reason = excluded.reason,
			dismissed_by = excluded.dismissed_by, dismissed_at = excluded.dismissed_at`,
			r.ID, key, found.Rule, found.Part, found.Text, reason, nullString(a.UserID()), ts(tx.now))
		if err != nil {
			return fmt.Errorf("dismiss finding: %w", err)
		}
		return tx.audit(a, auditEntry{Action: kith.AuditFindingDismissed, CaseID: c.ID, SubjectType: "record", SubjectID: r.ID,
			Detail: found.Rule + ": " + reason})
	})
	return found, db.finish(ctx, a, err)
}

// dismissals reads the dismissals made on a record.
func (tx *Tx) dismissals(ctx context.Context, recordID string) ([]quality.Dismissal, error) {
	rows, err := tx.QueryContext(ctx, `SELECT d.finding_key, d.rule, d.part, d.text, d.reason, COALESCE(u.display_name, ''), d.dismissed_at
		FROM finding_dismissals d LEFT JOIN users u ON u.id = d.dismissed_by WHERE d.record_id = $1 ORDER BY d.dismissed_at`, recordID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []quality.Dismissal
	for rows.Next() {
		var d quality.Dismissal
		var at scanTime
		if err := rows.Scan(&d.Key, &d.Rule, &d.Part, &d.Text, &d.Reason, &d.By, &at); err != nil {
			return nil, err
		}
		d.At = at.T
		out = append(out, d)
	}
	return out, rows.Err()
}

// qualityOnFinalise checks a record as it is finalised. Errors stop it,
// each named against its section; otherwise every finding is kept with
// the record, with the dismissals made on the draft, and the record's
// text is queued to join the copy-paste index once it is committed.
func (tx *Tx) qualityOnFinalise(ctx context.Context, a kith.Actor, c *kith.Case, r *kith.Record, t *kith.Template) error {
	note, err := tx.recordNote(ctx, c, r, t)
	if err != nil {
		return err
	}
	findings, err := tx.checkNote(ctx, a, c, note, r.ID)
	if err != nil {
		return err
	}
	var v kith.Validation
	for _, f := range findings {
		if f.Blocks() {
			v.Add(FindingField(f.Part), BlockingMessage(f))
		}
	}
	if err := v.Err(); err != nil {
		return err
	}
	var rows []any
	for i, f := range findings {
		rows = append(rows, r.ID, i+1, f.Key(), f.Rule, string(f.Category), string(f.Level), f.Part, f.Start, f.End, f.Text, f.Message)
	}
	if err := tx.insertRows(ctx, `INSERT INTO record_findings (record_id, seq, finding_key, rule, category, level, part, start_at, end_at, text,
		message) VALUES `, 11, rows, ``); err != nil {
		return fmt.Errorf("keep findings: %w", err)
	}
	// The dismissals made on the draft go with the findings they dismiss.
	if _, err := tx.ExecContext(ctx, `UPDATE record_findings SET dismissed_reason = d.reason, dismissed_by = d.dismissed_by,
		dismissed_at = d.dismissed_at FROM finding_dismissals d
		WHERE d.record_id = record_findings.record_id AND d.finding_key = record_findings.finding_key AND record_findings.record_id = $1`,
		r.ID); err != nil {
		return fmt.Errorf("keep dismissals: %w", err)
	}
	if _, err := tx.ExecContext(ctx, `INSERT INTO record_quality (record_id, case_id, team_id, author_id, finalised_at, words)
		VALUES ($1, $2, $3, $4, $5, $6)`, r.ID, c.ID, c.TeamID, nullString(r.AuthorID), ts(tx.now), note.Words()); err != nil {
		return fmt.Errorf("keep record's quality: %w", err)
	}
	// The record's text joins the copy-paste index with it.
	return tx.queueRecordText(ctx, c.ID, r.ID, note)
}

// FindingField is the form field a finding's part is typed in, so the
// error summary links to it: "s.observations", "s.actions.0.what",
// "s.child_seen_alone.reason", or "headline".
func FindingField(part string) string {
	if part == "headline" {
		return part
	}
	return "s." + part
}

// BlockingMessage is a blocking finding as an error-summary message: what
// to do, and the words it is about.
func BlockingMessage(f quality.Finding) string {
	if f.Text == "" || len(f.Text) > 80 {
		return f.Message
	}
	return f.Message + " (“" + f.Text + "”)"
}

// RecordFindings returns the findings kept with a finalised record, to
// its writer and the case's managers (kith.SeesRecordFindings); reading
// them is audited.
func (db *DB) RecordFindings(ctx context.Context, a kith.Actor, id string) ([]quality.StoredFinding, error) {
	var out []quality.StoredFinding
	err := db.readAudited(ctx, a, func(tx *Tx) (auditEntry, error) {
		c, r, _, err := tx.contentFor(ctx, a, id)
		if err != nil {
			return auditEntry{}, err
		}
		if !kith.SeesRecordFindings(a, r.AuthorID, tx.permissions(ctx, a, c)) {
			return auditEntry{}, kith.Errorf(kith.EFORBIDDEN, "What the writing coach noticed in a record is for its writer and their manager.")
		}
		out, err = tx.storedFindings(ctx, r.ID)
		return auditEntry{Action: kith.AuditFindingsViewed, CaseID: c.ID, SubjectType: "record", SubjectID: r.ID,
			Detail: fmt.Sprintf("%d findings", len(out))}, err
	})
	return out, db.finish(ctx, a, err)
}

func (tx *Tx) storedFindings(ctx context.Context, recordID string) ([]quality.StoredFinding, error) {
	rows, err := tx.QueryContext(ctx, `SELECT f.rule, f.category, f.level, f.part, f.start_at, f.end_at, f.text, f.message, f.dismissed_reason,
		COALESCE(u.display_name, ''), f.dismissed_at FROM record_findings f LEFT JOIN users u ON u.id = f.dismissed_by
		WHERE f.record_id = $1 ORDER BY f.seq`, recordID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []quality.StoredFinding
	for rows.Next() {
		var f quality.StoredFinding
		var reason, by string
		var at scanTime
		if err := rows.Scan(&f.Rule, &f.Category, &f.Level, &f.Part, &f.Start, &f.End, &f.Text, &f.Message, &reason, &by, &at); err != nil {
			return nil, err
		}
		if reason != "" {
			f.Dismissed = &quality.Dismissal{Key: f.Key(), Rule: f.Rule, Part: f.Part, Text: f.Text, Reason: reason, By: by, At: at.T}
		}
		out = append(out, f)
	}
	return out, rows.Err()
}
