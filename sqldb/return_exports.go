package sqldb

import (
	"context"
	"fmt"

	"kith"
)

const returnExportColumns = `x.id, x.kind, x.year, COALESCE(u.display_name, ''), x.requested_at, x.started_at, x.finished_at, x.error,
	x.children, x.episodes, x.file_name, x.size, COALESCE(x.requested_by, '')`

const returnExportFrom = ` FROM return_exports x LEFT JOIN users u ON u.id = x.requested_by`

func scanReturnExport(row rowScanner, requestedBy *string) (kith.ReturnExport, error) {
	var e kith.ReturnExport
	var requested, started, finished scanTime
	err := row.Scan(&e.ID, &e.Kind, &e.Year, &e.RequestedBy, &requested, &started, &finished, &e.Error, &e.Children, &e.Episodes,
		&e.FileName, &e.Size, requestedBy)
	e.RequestedAt, e.StartedAt, e.FinishedAt = requested.T, started.Ptr(), finished.Ptr()
	e.State = e.Stage()
	return e, err
}

// RequestReturn asks for a return to be made in the background; the first
// server to look makes it.
func (db *DB) RequestReturn(ctx context.Context, a kith.Actor, in kith.ReturnExportInput) (kith.ReturnExport, error) {
	if !kith.MayMakeReturns(a) || a.User == nil {
		return kith.ReturnExport{}, db.finish(ctx, a, kith.Errorf(kith.EFORBIDDEN, "Only service managers may make the statutory returns."))
	}
	var out kith.ReturnExport
	err := db.write(ctx, func(tx *Tx) error {
		covers, err := in.Validate(kith.Today(tx.now))
		if err != nil {
			return err
		}
		out = kith.ReturnExport{ID: newID(), Kind: in.Kind, Year: covers, RequestedBy: a.User.DisplayName, RequestedAt: tx.now, State: "waiting"}
		if _, err := tx.ExecContext(ctx, `INSERT INTO return_exports (id, kind, year, requested_by, requested_at) VALUES ($1, $2, $3, $4, $5)`,
			out.ID, out.Kind, out.Year, a.UserID(), ts(tx.now)); err != nil {
			return fmt.Errorf("ask for a return: %w", err)
		}
		return tx.audit(a, auditEntry{Action: kith.AuditReturnRequested, SubjectType: "return", SubjectID: out.ID,
			Detail: kith.ReturnKindLabel(out.Kind) + " " + out.Year})
	})
	return out, db.finish(ctx, a, err)
}

// ReturnExports lists the returns asked for in the last ReturnExportDays,
// newest first.
func (db *DB) ReturnExports(ctx context.Context, a kith.Actor) ([]kith.ReturnExport, error) {
	if !kith.MayMakeReturns(a) {
		return nil, db.finish(ctx, a, kith.Errorf(kith.EFORBIDDEN, "Only service managers may see the statutory returns."))
	}
	var out []kith.ReturnExport
	err := db.read(ctx, func(tx *Tx) error {
		rows, err := tx.QueryContext(ctx, `SELECT `+returnExportColumns+returnExportFrom+` ORDER BY x.requested_at DESC LIMIT 100`)
		if err != nil {
			return fmt.Errorf("list returns: %w", err)
		}
		defer rows.Close()
		for rows.Next() {
			var by string
			e, err := scanReturnExport(rows, &by)
			if err != nil {
				return err
			}
			out = append(out, e)
		}
		return rows.Err()
	})
	return out, db.finish(ctx, a, err)
}

// ReturnExport reads one return asked for, with its file once made; the
// download is audited.
func (db *DB) ReturnExport(ctx context.Context, a kith.Actor, id string, withFile bool) (kith.ReturnExport, []byte, error) {
	if !kith.MayMakeReturns(a) {
		return kith.ReturnExport{}, nil, db.finish(ctx, a, kith.Errorf(kith.EFORBIDDEN, "Only service managers may see the statutory returns."))
	}
	var out kith.ReturnExport
	var content []byte
	err := db.read(ctx, func(tx *Tx) error {
		var by string
		var err error
		out, err = scanReturnExport(tx.QueryRowContext(ctx, `SELECT `+returnExportColumns+returnExportFrom+` WHERE x.id = $1`, id), &by)
		if errNoRows(err) {
			return kith.Errorf(kith.ENOTFOUND, "There is no such return: it may be more than %d days old.", kith.ReturnExportDays)
		}
		if err != nil || !withFile || out.State != "ready" {
			return err
		}
		return tx.QueryRowContext(ctx, `SELECT content FROM return_exports WHERE id = $1`, id).Scan(&content)
	})
	if err != nil {
		return out, nil, db.finish(ctx, a, err)
	}
	if withFile && content != nil {
		err = db.auditReads(ctx, a, auditEntry{Action: kith.AuditReturnDownloaded, SubjectType: "return", SubjectID: id,
			Detail: kith.ReturnKindLabel(out.Kind) + " " + out.Year})
	}
	return out, content, err
}

// ClaimReturn claims the oldest return waiting to be made (or one whose
// making stopped with its server), for the actor who asked for it; ok is
// false when there is none.
func (db *DB) ClaimReturn(ctx context.Context) (e kith.ReturnExport, requestedBy string, ok bool, err error) {
	err = db.write(ctx, func(tx *Tx) error {
		ok = false
		stale := tx.now.Add(-kith.ReturnExportStale)
		var err error
		e, err = scanReturnExport(tx.QueryRowContext(ctx, `SELECT `+returnExportColumns+returnExportFrom+`
			WHERE x.finished_at IS NULL AND (x.started_at IS NULL OR x.started_at < $1) ORDER BY x.requested_at LIMIT 1`, ts(stale)), &requestedBy)
		if errNoRows(err) {
			return nil
		}
		if err != nil {
			return err
		}
		res, err := tx.ExecContext(ctx, `UPDATE return_exports SET started_at = $2 WHERE id = $1 AND finished_at IS NULL
			AND (started_at IS NULL OR started_at < $3)`, e.ID, ts(tx.now), ts(stale))
		if err != nil {
			return err
		}
		n, _ := res.RowsAffected()
		ok = n == 1
		now := tx.now
		e.StartedAt, e.State = &now, "making"
		return nil
	})
	return e, requestedBy, ok, err
}

// FinishReturn keeps a return's file (or why it could not be made), and
// forgets returns older than ReturnExportDays.
func (db *DB) FinishReturn(ctx context.Context, id string, children, episodes int, fileName string, content []byte, failure string) error {
	return db.write(ctx, func(tx *Tx) error {
		if _, err := tx.ExecContext(ctx, `UPDATE return_exports SET finished_at = $2, children = $3, episodes = $4, file_name = $5,
			size = $6, content = $7, error = $8 WHERE id = $1`, id, ts(tx.now), children, episodes, fileName, len(content), content, failure); err != nil {
			return fmt.Errorf("keep the return: %w", err)
		}
		_, err := tx.ExecContext(ctx, `DELETE FROM return_exports WHERE requested_at < $1`, ts(tx.now.AddDate(0, 0, -kith.ReturnExportDays)))
		return err
	})
}
