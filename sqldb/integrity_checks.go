package sqldb

import (
	"context"
	"encoding/json"
	"fmt"
	"time"

	"kith"
)

// The checks (Verify) run by kith serve at night and on demand, and by
// kith verify, are kept in integrity_checks, so that every server shows
// the same latest result on its pages and in its metrics. A check asked
// for is a row without started_at, which the first server to look claims;
// a nightly check is a row keyed by its night, which one server inserts.

const checkColumns = `k.id, k.night, COALESCE(u.display_name, ''), k.requested_at, k.started_at, k.finished_at, k.report`

const checkFrom = ` FROM integrity_checks k LEFT JOIN users u ON u.id = k.requested_by`

func scanCheck(row interface{ Scan(...any) error }) (*kith.IntegrityCheck, error) {
	var c kith.IntegrityCheck
	var night scanDate
	var requested, started, finished scanTime
	var report string
	if err := row.Scan(&c.ID, &night, &c.RequestedBy, &requested, &started, &finished, &report); err != nil {
		return nil, err
	}
	c.Night, c.RequestedAt, c.StartedAt, c.FinishedAt = night.D, requested.T, started.Ptr(), finished.Ptr()
	if report != "" {
		c.Report = &kith.IntegrityReport{}
		if err := json.Unmarshal([]byte(report), c.Report); err != nil {
			return nil, fmt.Errorf("integrity check %s: %w", c.ID, err)
		}
	}
	return &c, nil
}

// RequestCheck asks for a check as soon as a server can run one (the one
// answering starts it at once). A check already waiting is returned
// instead of a second.
func (db *DB) RequestCheck(ctx context.Context, a kith.Actor) (*kith.IntegrityCheck, error) {
	if !kith.CanSeeIntegrity(a) {
		return nil, kith.Errorf(kith.EFORBIDDEN, "Only administrators and auditors can ask Kith to check the records.")
	}
	var c *kith.IntegrityCheck
	err := db.write(ctx, func(tx *Tx) error {
		var err error
		c, err = scanCheck(tx.QueryRowContext(ctx, `SELECT `+checkColumns+checkFrom+` WHERE k.started_at IS NULL ORDER BY k.requested_at LIMIT 1`))
		if err == nil || !errNoRows(err) {
			return err
		}
		id := newID()
		if _, err := tx.ExecContext(ctx, `INSERT INTO integrity_checks (id, requested_by, requested_at) VALUES ($1, $2, $3)`, id, nullString(a.UserID()), ts(tx.now)); err != nil {
			return fmt.Errorf("ask for a check: %w", err)
		}
		c = &kith.IntegrityCheck{ID: id, RequestedAt: tx.now}
		if a.User != nil {
			c.RequestedBy = a.User.DisplayName
		}
		return tx.audit(a, auditEntry{Action: kith.AuditIntegrityRequested, SubjectType: "integrity_check", SubjectID: id})
	})
	return c, db.finish(ctx, a, err)
}

// IntegrityChecks returns the latest checks, newest first.
func (db *DB) IntegrityChecks(ctx context.Context, a kith.Actor, limit int) ([]kith.IntegrityCheck, error) {
	if !kith.CanSeeIntegrity(a) {
		return nil, kith.Errorf(kith.EFORBIDDEN, "Only administrators and auditors can see the checks of the records.")
	}
	var out []kith.IntegrityCheck
	err := db.read(ctx, func(tx *Tx) error {
		rows, err := tx.QueryContext(ctx, `SELECT `+checkColumns+checkFrom+` ORDER BY k.requested_at DESC, k.id DESC LIMIT $1`, limit)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			c, err := scanCheck(rows)
			if err != nil {
				return err
			}
			out = append(out, *c)
		}
		return rows.Err()
	})
	return out, err
}

// LatestCheck returns the check that finished last (nil when none has):
// what the banner and the metrics report.
func (db *DB) LatestCheck(ctx context.Context) (*kith.IntegrityCheck, error) {
	var c *kith.IntegrityCheck
	err := db.read(ctx, func(tx *Tx) error {
		var err error
		c, err = scanCheck(tx.QueryRowContext(ctx, `SELECT `+checkColumns+checkFrom+` WHERE k.finished_at IS NOT NULL ORDER BY k.finished_at DESC LIMIT 1`))
		if errNoRows(err) {
			c, err = nil, nil
		}
		return err
	})
	return c, err
}

// StoreCheck keeps the result of a check run outside a server (kith
// verify) as the latest, for the pages and metrics.
func (db *DB) StoreCheck(ctx context.Context, rep *kith.IntegrityReport) error {
	return db.write(ctx, func(tx *Tx) error {
		id := newID()
		if _, err := tx.ExecContext(ctx, `INSERT INTO integrity_checks (id, requested_at, started_at) VALUES ($1, $2, $2)`, id, ts(rep.StartedAt)); err != nil {
			return err
		}
		return tx.finishCheck(ctx, id, rep)
	})
}

// finishCheck stores a check's result and audits it.
func (tx *Tx) finishCheck(ctx context.Context, id string, rep *kith.IntegrityReport) error {
	b, err := json.Marshal(rep)
	if err != nil {
		return err
	}
	if _, err := tx.ExecContext(ctx, `UPDATE integrity_checks SET finished_at = $2, ok = $3, report = $4 WHERE id = $1`, id, ts(rep.FinishedAt), rep.OK(), string(b)); err != nil {
		return fmt.Errorf("store the check: %w", err)
	}
	return tx.audit(kith.SystemActor(), auditEntry{Action: kith.AuditIntegrityChecked, SubjectType: "integrity_check", SubjectID: id, Detail: rep.Summary()})
}

// IntegritySchedule is when kith serve checks the records by itself.
type IntegritySchedule struct {
	// At is the time of day (in the council's zone) the nightly check
	// starts after; Off turns the nightly check off (one can still be
	// asked for).
	At  time.Duration
	Off bool
}

// DefaultIntegritySchedule checks at 2 in the morning.
var DefaultIntegritySchedule = IntegritySchedule{At: 2 * time.Hour}

// nightlyWindow is how long after At a server that was not running then
// still starts the night's check (one started later, at a busy time of
// day, would slow everyone down: it waits for the next night).
const nightlyWindow = 4 * time.Hour

// IntegrityTick does what is due now: takes the daily root if no server
// has yet today, and runs a check that was asked for, or the night's if
// its time has come and no server has run it. It returns the root if this
// call took it, and the check if it ran one. Every server calls it, every
// minute and when a check is asked for on its pages.
func (db *DB) IntegrityTick(ctx context.Context, s IntegritySchedule) (*kith.ChainRoot, *kith.IntegrityCheck, error) {
	root, took, err := db.TakeDailyRoot(ctx)
	if err != nil {
		return nil, nil, err
	}
	if !took {
		root = nil
	}
	id, err := db.claimCheck(ctx, s)
	if err != nil || id == "" {
		return root, nil, err
	}
	rep, err := db.Verify(ctx, VerifyOptions{})
	if err != nil {
		return root, nil, fmt.Errorf("check the records: %w", err)
	}
	var c *kith.IntegrityCheck
	err = db.write(ctx, func(tx *Tx) error {
		if err := tx.finishCheck(ctx, id, rep); err != nil {
			return err
		}
		c, err = scanCheck(tx.QueryRowContext(ctx, `SELECT `+checkColumns+checkFrom+` WHERE k.id = $1`, id))
		return err
	})
	return root, c, err
}

// claimCheck claims the oldest check asked for, or else the night's when
// it is due, and returns its id ("" when there is nothing to run).
func (db *DB) claimCheck(ctx context.Context, s IntegritySchedule) (string, error) {
	var id string
	err := db.write(ctx, func(tx *Tx) error {
		id = ""
		var waiting string
		err := tx.QueryRowContext(ctx, `SELECT id FROM integrity_checks WHERE started_at IS NULL ORDER BY requested_at LIMIT 1`).Scan(&waiting)
		switch {
		case err == nil:
			res, err := tx.ExecContext(ctx, `UPDATE integrity_checks SET started_at = $2 WHERE id = $1 AND started_at IS NULL`, waiting, ts(tx.now))
			if err != nil {
				return err
			}
			if n, _ := res.RowsAffected(); n == 1 {
				id = waiting
			}
			return nil
		case !errNoRows(err):
			return err
		}
		if s.Off {
			return nil
		}
		local := tx.now.In(kith.London)
		night := kith.DateOf(local)
		since := local.Sub(time.Date(local.Year(), local.Month(), local.Day(), 0, 0, 0, 0, kith.London))
		if since < s.At || since >= s.At+nightlyWindow {
			return nil
		}
		candidate := newID()
		res, err := tx.ExecContext(ctx, `INSERT INTO integrity_checks (id, night, requested_at, started_at) VALUES ($1, $2, $3, $3) ON CONFLICT (night) DO NOTHING`,
			candidate, dt(night), ts(tx.now))
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 1 {
			id = candidate
		}
		return nil
	})
	return id, err
}

// CheckIntegrityInBackground runs IntegrityTick every interval, and at once
// whenever wake fires, until ctx ends, logging each daily root (so that a
// copy of it leaves the database with the log) and each check's result.
func (db *DB) CheckIntegrityInBackground(ctx context.Context, s IntegritySchedule, interval time.Duration, wake <-chan struct{}) {
	t := time.NewTicker(interval)
	defer t.Stop()
	for {
		root, c, err := db.IntegrityTick(ctx, s)
		switch {
		case err != nil && ctx.Err() == nil:
			db.Log.Error("checking the records", "err", err)
		case root != nil:
			db.Log.Info("daily root", "day", root.Day.String(), "root", root.Root, "line", root.Line())
		}
		if c != nil && c.Report != nil {
			logCheck(db, c.Report)
		}
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		case <-wake:
		}
	}
}

// logCheck logs a check's result, naming the first broken link of each
// chain when it found a problem.
func logCheck(db *DB, rep *kith.IntegrityReport) {
	if rep.OK() {
		db.Log.Info("checked the records: nothing has changed", "entries", rep.Entries(), "records", rep.Records, "took", rep.FinishedAt.Sub(rep.StartedAt))
		return
	}
	var first []string
	for _, p := range rep.First() {
		// The record's id, never its case's reference: the log is read by
		// operators who may not learn which child a record is about.
		p.CaseReference = ""
		first = append(first, p.Message())
	}
	db.Log.Error("checked the records: something has changed", "problems", rep.ProblemCount, "first", first)
}
