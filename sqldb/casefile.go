package sqldb

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"strings"

	"kith"
)

// The whole case file as one PDF, made in the background (web's
// case-file maker): asked for on the case by anyone who may read it,
// claimed by one server, its progress written as it goes, and its PDF kept
// for kith.CaseFileKeepDays. Asking is audited; so is each download.

const caseFileColumns = `x.id, x.case_id, c.reference, x.from_date, x.to_date, COALESCE(u.display_name, ''), x.requested_at, x.started_at, x.finished_at,
	x.done, x.total, x.printing, x.error, x.size, x.expired, x.requested_by`

const caseFileFrom = ` FROM case_file_exports x JOIN cases c ON c.id = x.case_id LEFT JOIN users u ON u.id = x.requested_by`

func scanCaseFile(row rowScanner, requestedBy *string) (kith.CaseFileExport, error) {
	var e kith.CaseFileExport
	var from, to scanDate
	var requested, started, finished scanTime
	err := row.Scan(&e.ID, &e.CaseID, &e.CaseReference, &from, &to, &e.RequestedBy, &requested, &started, &finished,
		&e.Done, &e.Total, &e.Printing, &e.Error, &e.Size, &e.Expired, requestedBy)
	e.From, e.To, e.RequestedAt, e.StartedAt, e.FinishedAt = from.D, to.D, requested.T, started.Ptr(), finished.Ptr()
	e.State = e.Stage()
	return e, err
}

// RequestCaseFile asks for the case's whole file (or the records in a
// period) as a PDF, to be made in the background.
func (db *DB) RequestCaseFile(ctx context.Context, a kith.Actor, ref string, in kith.CaseFileInput) (kith.CaseFileExport, error) {
	var out kith.CaseFileExport
	err := db.write(ctx, func(tx *Tx) error {
		c, err := tx.caseFor(a, ref, kith.ViewCase)
		if err != nil {
			return err
		}
		if a.User == nil {
			return kith.Errorf(kith.EFORBIDDEN, "Only a signed-in user can ask for the case file.")
		}
		if err := in.Validate(); err != nil {
			return err
		}
		out = kith.CaseFileExport{ID: newID(), CaseID: c.ID, CaseReference: c.Reference, From: in.From, To: in.To, RequestedBy: a.User.DisplayName,
			RequestedAt: tx.now, State: "waiting"}
		if _, err := tx.ExecContext(ctx, `INSERT INTO case_file_exports (id, case_id, from_date, to_date, requested_by, requested_at) VALUES ($1, $2, $3, $4, $5, $6)`,
			out.ID, c.ID, dt(in.From), dt(in.To), a.UserID(), ts(tx.now)); err != nil {
			return fmt.Errorf("ask for the case file: %w", err)
		}
		return tx.audit(a, auditEntry{Action: kith.AuditCaseFileRequested, CaseID: c.ID, SubjectType: "case_file", SubjectID: out.ID,
			Detail: "The whole file as a PDF: " + out.Period()})
	})
	return out, db.finish(ctx, a, err)
}

// CaseFiles lists the case's file PDFs asked for in the last
// kith.CaseFileKeepDays and a little more, newest first, for anyone who
// may read the case.
func (db *DB) CaseFiles(ctx context.Context, a kith.Actor, ref string) ([]kith.CaseFileExport, error) {
	var out []kith.CaseFileExport
	err := db.read(ctx, func(tx *Tx) error {
		c, err := tx.caseFor(a, ref, kith.ViewCase)
		if err != nil {
			return err
		}
		rows, err := tx.QueryContext(ctx, `SELECT `+caseFileColumns+caseFileFrom+` WHERE x.case_id = $1 ORDER BY x.requested_at DESC LIMIT 20`, c.ID)
		if err != nil {
			return fmt.Errorf("list case files: %w", err)
		}
		defer rows.Close()
		for rows.Next() {
			var by string
			e, err := scanCaseFile(rows, &by)
			if err != nil {
				return err
			}
			out = append(out, e)
		}
		return rows.Err()
	})
	return out, db.finish(ctx, a, err)
}

// CaseFile reads one request, with its PDF when withPDF (reading the PDF
// is audited as an export of the records it holds).
func (db *DB) CaseFile(ctx context.Context, a kith.Actor, ref, id string, withPDF bool) (kith.CaseFileExport, []byte, error) {
	var e kith.CaseFileExport
	var pdf []byte
	err := db.read(ctx, func(tx *Tx) error {
		c, err := tx.caseFor(a, ref, kith.ViewCase)
		if err != nil {
			return err
		}
		var by string
		e, err = scanCaseFile(tx.QueryRowContext(ctx, `SELECT `+caseFileColumns+caseFileFrom+` WHERE x.id = $1 AND x.case_id = $2`, id, c.ID), &by)
		if errNoRows(err) {
			return kith.NotFound("Case file")
		} else if err != nil {
			return err
		}
		if withPDF {
			return tx.QueryRowContext(ctx, `SELECT content FROM case_file_exports WHERE id = $1`, id).Scan(&pdf)
		}
		return nil
	})
	if err != nil {
		return e, nil, db.finish(ctx, a, err)
	}
	if withPDF && pdf != nil {
		return e, pdf, db.auditReads(ctx, a, auditEntry{Action: kith.AuditRecordExported, CaseID: e.CaseID, SubjectType: "case_file", SubjectID: id,
			Detail: fmt.Sprintf("PDF of the whole file, %s: %d records", e.Period(), e.Total)})
	}
	return e, pdf, nil
}

// ClaimCaseFile claims the oldest case file waiting to be made (or one
// whose making was last heard of kith.CaseFileStale ago), for the user who
// asked for it; ok is false when there is none.
func (db *DB) ClaimCaseFile(ctx context.Context) (e kith.CaseFileExport, requestedBy string, ok bool, err error) {
	err = db.write(ctx, func(tx *Tx) error {
		ok = false
		stale := ts(tx.now.Add(-kith.CaseFileStale))
		var err error
		e, err = scanCaseFile(tx.QueryRowContext(ctx, `SELECT `+caseFileColumns+caseFileFrom+`
			WHERE x.finished_at IS NULL AND (x.heard_at IS NULL OR x.heard_at < $1) ORDER BY x.requested_at LIMIT 1`, stale), &requestedBy)
		if errNoRows(err) {
			return nil
		} else if err != nil {
			return err
		}
		res, err := tx.ExecContext(ctx, `UPDATE case_file_exports SET started_at = $2, heard_at = $2, done = 0, total = 0, printing = FALSE
			WHERE id = $1 AND finished_at IS NULL AND (heard_at IS NULL OR heard_at < $3)`, e.ID, ts(tx.now), stale)
		if err != nil {
			return err
		}
		n, _ := res.RowsAffected()
		ok = n == 1
		now := tx.now
		e.StartedAt, e.Done, e.Total, e.State = &now, 0, 0, "making"
		return nil
	})
	return e, requestedBy, ok, err
}

// CaseFileProgress writes how far the making has got, which also says the
// maker is still at it.
func (db *DB) CaseFileProgress(ctx context.Context, id string, done, total int, printing bool) error {
	return db.writeDerived(ctx, func(tx *Tx) error {
		_, err := tx.ExecContext(ctx, `UPDATE case_file_exports SET done = $2, total = $3, printing = $4, heard_at = $5 WHERE id = $1 AND finished_at IS NULL`,
			id, done, total, printing, ts(tx.now))
		return err
	})
}

// FinishCaseFile keeps a case file's PDF (or why it could not be made),
// audited as the requester's export, and drops the PDFs made more than
// kith.CaseFileKeepDays ago.
func (db *DB) FinishCaseFile(ctx context.Context, a kith.Actor, id string, total int, pdf []byte, failure string) error {
	return db.write(ctx, func(tx *Tx) error {
		var caseID string
		if err := tx.QueryRowContext(ctx, `SELECT case_id FROM case_file_exports WHERE id = $1`, id).Scan(&caseID); err != nil {
			return fmt.Errorf("finish the case file: %w", err)
		}
		sum := ""
		if pdf != nil {
			h := sha256.Sum256(pdf)
			sum = hex.EncodeToString(h[:])
		}
		if _, err := tx.ExecContext(ctx, `UPDATE case_file_exports SET finished_at = $2, heard_at = $2, done = $3, total = $3, printing = FALSE,
			content = $4, size = $5, sha256 = $6, error = $7 WHERE id = $1`, id, ts(tx.now), total, pdf, len(pdf), sum, failure); err != nil {
			return fmt.Errorf("keep the case file: %w", err)
		}
		if _, err := tx.ExecContext(ctx, `UPDATE case_file_exports SET content = NULL, expired = TRUE WHERE finished_at < $1 AND NOT expired AND content IS NOT NULL`,
			ts(tx.now.AddDate(0, 0, -kith.CaseFileKeepDays))); err != nil {
			return fmt.Errorf("drop old case files: %w", err)
		}
		detail := fmt.Sprintf("Made the whole file as a PDF: %d records, sha256 %s", total, sum)
		if failure != "" {
			detail = "Could not make the whole file as a PDF: " + strings.TrimSpace(failure)
		}
		return tx.audit(a, auditEntry{Action: kith.AuditCaseFileRequested, CaseID: caseID, SubjectType: "case_file", SubjectID: id, Detail: truncate(detail, 500)})
	})
}

// CaseFileRecords reads a batch of the case's final records for its file,
// oldest first from offset, with their addenda and files, and how many
// there are in all. It is the file's maker's read, as the user who asked:
// their access is checked, and the export is audited when it is made and
// each time it is downloaded rather than record by record.
func (db *DB) CaseFileRecords(ctx context.Context, a kith.Actor, caseID string, from, to kith.Date, offset, limit int) ([]*kith.Record, []*kith.Template, int, error) {
	var recs []*kith.Record
	var tmpls []*kith.Template
	total := 0
	err := db.read(ctx, func(tx *Tx) error {
		c, err := tx.caseFor(a, caseID, kith.ViewCase)
		if err != nil {
			return err
		}
		where, args := "r.case_id = $1 AND r.status = 'final'", []any{c.ID}
		lo, hi := dayBounds(from, to)
		if !lo.IsZero() {
			args = append(args, ts(lo))
			where += fmt.Sprintf(" AND r.occurred_at >= $%d", len(args))
		}
		if !hi.IsZero() {
			args = append(args, ts(hi))
			where += fmt.Sprintf(" AND r.occurred_at < $%d", len(args))
		}
		if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM records r WHERE `+where, args...).Scan(&total); err != nil {
			return err
		}
		rows, err := tx.QueryContext(ctx, `SELECT `+recordColumns+recordFrom+` WHERE `+where+fmt.Sprintf(` ORDER BY r.occurred_at, r.id LIMIT %d OFFSET %d`, limit, offset), args...)
		if err != nil {
			return fmt.Errorf("case file records: %w", err)
		}
		for rows.Next() {
			r, err := scanRecord(rows)
			if err != nil {
				rows.Close()
				return err
			}
			recs = append(recs, r)
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return err
		}
		for _, r := range recs {
			t, err := tx.template(ctx, r.TemplateKey, r.TemplateVersion)
			if err != nil {
				return err
			}
			r.TemplateName = t.Name
			tmpls = append(tmpls, t)
			if r.Addenda, err = tx.addenda(ctx, r.ID); err != nil {
				return err
			}
			if r.Attachments, err = tx.attachments(ctx, r.ID); err != nil {
				return err
			}
		}
		return nil
	})
	return recs, tmpls, total, db.finish(ctx, a, err)
}
