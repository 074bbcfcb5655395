package sqldb

import (
	"context"
	"fmt"

	"kith"
)

// staleCase is the answer when a manager acts on a case that someone else
// changed since they opened it: one of two managers allocating at the same
// moment wins, and the other is told what happened instead of silently
// overwriting it.
func staleCase(c *kith.Case) error {
	held := "held by " + c.TeamName + ", unallocated"
	if c.WorkerName != "" {
		held = "allocated to " + c.WorkerName + " in " + c.TeamName
	}
	if c.State == kith.CaseClosed {
		held = "closed"
	}
	return kith.Errorf(kith.ECONFLICT, "Someone else changed this case while you were working on it. It is now %s. Check the case and try again if your change is still needed.", held)
}

// staleEdit is the answer when someone saves changes to something another
// user saved first: their typing is still on the page to check and save.
func staleEdit(what string) error {
	return kith.Errorf(kith.ECONFLICT, "Someone else changed %s while you were working on it. Your changes are still on this page: check what is saved now, then save again.", what)
}

// bumpVersion moves a case to its next version if it is still at the
// version the user saw; it reports a conflict otherwise.
func (tx *Tx) bumpVersion(ctx context.Context, c *kith.Case, seen int) error {
	if seen != c.Version {
		return staleCase(c)
	}
	res, err := tx.ExecContext(ctx, `UPDATE cases SET version = version + 1, updated_at = $3 WHERE id = $1 AND version = $2`, c.ID, seen, ts(tx.now))
	if err != nil {
		return err
	}
	if n, _ := res.RowsAffected(); n != 1 {
		now, err := tx.caseByID(ctx, c.ID)
		if err != nil {
			return err
		}
		return staleCase(now)
	}
	return nil
}

// Allocate allocates a case to a worker in a team, transfers it to another
// worker or team, or returns it to its team unallocated. The current
// allocation period ends and a new one begins; both stay in the history,
// and the allocation is a key event (the chronology starts from it).
func (db *DB) Allocate(ctx context.Context, a kith.Actor, ref string, in kith.AllocateInput) (*kith.Case, error) {
	var out *kith.Case
	err := db.write(ctx, func(tx *Tx) error {
		c, err := tx.caseFor(a, ref, kith.ManageCase)
		if err != nil {
			return err
		}
		if in.Version != 0 && in.Version != c.Version {
			return staleCase(c)
		}
		if err := in.Validate(); err != nil {
			return err
		}
		to := kith.AllocationTarget{TeamID: in.TeamID}
		if err := tx.QueryRowContext(ctx, `SELECT name FROM teams WHERE id = $1`, in.TeamID).Scan(&to.TeamName); errNoRows(err) {
			return fieldError("team_id", "Select a team from the list")
		} else if err != nil {
			return err
		}
		if in.WorkerID != "" {
			if to.Worker, err = tx.findUser(ctx, "u.id = $1", in.WorkerID); kith.ErrorCode(err) == kith.ENOTFOUND {
				return fieldError("worker_id", "Select a worker from the list")
			} else if err != nil {
				return err
			}
			var lockedOut int
			if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM case_lockouts WHERE case_id = $1 AND user_id = $2`, c.ID, in.WorkerID).Scan(&lockedOut); err != nil {
				return err
			}
			to.WorkerLockedOut = lockedOut > 0
			if to.HadWorker, err = tx.hadWorker(ctx, c.ID); err != nil {
				return err
			}
		}
		change, err := kith.PlanAllocation(c, in, to)
		if err != nil {
			return err
		}
		if change.Kind == kith.AllocationTransferred {
			if err := tx.summaryRequired(ctx, a, c, kith.SummaryTransfer, in.WithoutSummary); err != nil {
				return err
			}
		}
		if err := tx.bumpVersion(ctx, c, c.Version); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `UPDATE allocations SET ended_at = $2 WHERE case_id = $1 AND ended_at IS NULL`, c.ID, ts(tx.now)); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO allocations (id, case_id, kind, team_id, worker_id, started_at, reason, by_user_id, worker_change_reason)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
			newID(), c.ID, string(change.Kind), in.TeamID, nullString(in.WorkerID), ts(tx.now), in.Reason, nullString(a.UserID()), change.WorkerChangeReason); err != nil {
			return err
		}
		var allocatedAt any
		if in.WorkerID != "" {
			allocatedAt = ts(tx.now)
		}
		if _, err := tx.ExecContext(ctx, `UPDATE cases SET team_id = $2, worker_id = $3, allocated_at = $4 WHERE id = $1`,
			c.ID, in.TeamID, nullString(in.WorkerID), allocatedAt); err != nil {
			return err
		}
		if err := tx.keyEvent(ctx, a, c.ID, change.Event, tx.now, change.Summary); err != nil {
			return err
		}
		// A restricted case stays open to whoever holds it.
		if c.Restricted && in.WorkerID != "" {
			if err := tx.addToAccessList(ctx, a, c.ID, in.WorkerID); err != nil {
				return err
			}
		}
		if err := tx.audit(a, auditEntry{Action: kith.AuditCaseAllocated, CaseID: c.ID, SubjectType: "case", SubjectID: c.ID, Detail: change.Summary}); err != nil {
			return err
		}
		out, err = tx.caseByID(ctx, c.ID)
		return err
	})
	return out, db.finish(ctx, a, err)
}

// CloseCase closes an open case with a reason. The allocation and every
// current status end on closure; the team keeps the closed case.
func (db *DB) CloseCase(ctx context.Context, a kith.Actor, ref string, in kith.CloseInput) (*kith.Case, error) {
	var out *kith.Case
	err := db.write(ctx, func(tx *Tx) error {
		c, err := tx.caseFor(a, ref, kith.ManageCase)
		if err != nil {
			return err
		}
		if c.State == kith.CaseClosed {
			return kith.Errorf(kith.EINVALID, "This case is already closed. It closed on %s.", c.ClosedOn.Long())
		}
		if in.Version != 0 && in.Version != c.Version {
			return staleCase(c)
		}
		bounds, err := tx.closeBounds(ctx, c.ID)
		if err != nil {
			return err
		}
		if err := in.Validate(c, tx.Today(), bounds); err != nil {
			return err
		}
		if err := tx.checkStepsFinished(ctx, c); err != nil {
			return err
		}
		if err := tx.summaryRequired(ctx, a, c, kith.SummaryClosure, in.WithoutSummary); err != nil {
			return err
		}
		if err := tx.bumpVersion(ctx, c, c.Version); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `UPDATE cases SET state = 'closed', closed_on = $2, close_reason = $3, worker_id = NULL, allocated_at = NULL WHERE id = $1`,
			c.ID, dt(in.ClosedOn), in.Reason); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `UPDATE allocations SET ended_at = $2 WHERE case_id = $1 AND ended_at IS NULL`, c.ID, ts(tx.now)); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `UPDATE status_periods SET ended_on = $2, ended_by = $3 WHERE case_id = $1 AND ended_on IS NULL`,
			c.ID, dt(in.ClosedOn), nullString(a.UserID())); err != nil {
			return err
		}
		if err := tx.closeEpisode(ctx, c.ID, in); err != nil {
			return err
		}
		summary := "Case closed: " + kith.CloseReasonLabel(in.Reason)
		if in.Note != "" {
			summary += ". " + in.Note
		}
		if err := tx.keyEvent(ctx, a, c.ID, kith.EventCaseClosed, tx.onDate(in.ClosedOn), summary); err != nil {
			return err
		}
		if err := tx.audit(a, auditEntry{Action: kith.AuditCaseClosed, CaseID: c.ID, SubjectType: "case", SubjectID: c.ID, Detail: in.Reason}); err != nil {
			return err
		}
		out, err = tx.caseByID(ctx, c.ID)
		return err
	})
	return out, db.finish(ctx, a, err)
}

// closeBounds finds the dates a closure must not be before: the last
// reopening and the latest start of a current status.
func (tx *Tx) closeBounds(ctx context.Context, caseID string) (kith.CloseBounds, error) {
	var b kith.CloseBounds
	var reopened scanTime
	if err := tx.QueryRowContext(ctx, `SELECT MAX(started_at) FROM allocations WHERE case_id = $1 AND kind = 'reopened'`, caseID).Scan(&reopened); err != nil {
		return b, err
	}
	if reopened.Valid {
		b.ReopenedOn = kith.DateOf(reopened.T.In(kith.London))
	}
	var started scanDate
	var kind string
	err := tx.QueryRowContext(ctx, `SELECT started_on, kind FROM status_periods WHERE case_id = $1 AND ended_on IS NULL ORDER BY started_on DESC LIMIT 1`, caseID).Scan(&started, &kind)
	if err != nil && !errNoRows(err) {
		return b, err
	}
	b.StatusStartedOn, b.Status = started.D, kith.StatusKind(kind)
	return b, nil
}

// ReopenCase reopens a closed case. It returns to its team unallocated, for
// a manager to allocate.
func (db *DB) ReopenCase(ctx context.Context, a kith.Actor, ref string, in kith.ReopenInput) (*kith.Case, error) {
	var out *kith.Case
	err := db.write(ctx, func(tx *Tx) error {
		c, err := tx.caseFor(a, ref, kith.ManageCase)
		if err != nil {
			return err
		}
		if c.State == kith.CaseOpen {
			return kith.Errorf(kith.EINVALID, "This case is already open.")
		}
		if in.Version != 0 && in.Version != c.Version {
			return staleCase(c)
		}
		if err := in.Validate(tx.now, c.ClosedOn); err != nil {
			return err
		}
		if err := tx.bumpVersion(ctx, c, c.Version); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `UPDATE cases SET state = 'open', closed_on = NULL, close_reason = '' WHERE id = $1`, c.ID); err != nil {
			return err
		}
		// An open case is kept: a disposal proposed while it was closed
		// is turned down by its reopening.
		if _, err := tx.ExecContext(ctx, `UPDATE case_disposals SET state = 'cancelled', decided_by = $1, decided_at = $2,
			decision_note = 'The case was reopened' WHERE case_id = $3 AND state = 'proposed'`, a.UserID(), ts(tx.now), c.ID); err != nil {
			return err
		}
		eps, err := tx.episodes(ctx, c.ID)
		if err != nil {
			return err
		}
		if err := tx.insertEpisode(ctx, c.ID, len(eps)+1, in.Referral); err != nil {
			return err
		}
		if err := tx.keyEvent(ctx, a, c.ID, kith.EventReferralReceived, in.Referral.ReferralAt,
			"Referral received from "+kith.ReferralSources.Label(in.Referral.Source)); err != nil {
			return err
		}
		if err := tx.keyEvent(ctx, a, c.ID, kith.EventCaseReopened, tx.now, "Case reopened: "+in.Reason); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO allocations (id, case_id, kind, team_id, started_at, reason, by_user_id) VALUES ($1, $2, $3, $4, $5, $6, $7)`,
			newID(), c.ID, string(kith.AllocationReopened), c.TeamID, ts(tx.now), in.Reason, nullString(a.UserID())); err != nil {
			return err
		}
		if err := tx.audit(a, auditEntry{Action: kith.AuditCaseReopened, CaseID: c.ID, SubjectType: "case", SubjectID: c.ID, Detail: in.Reason}); err != nil {
			return err
		}
		out, err = tx.caseByID(ctx, c.ID)
		return err
	})
	return out, db.finish(ctx, a, err)
}

// AllocationChoice is a team and the workers in it who may be allocated
// cases, for the allocation form.
type AllocationChoice struct {
	Team    kith.Team
	Workers []*kith.User
}

// AllocationChoices lists every team with its allocatable workers.
func (db *DB) AllocationChoices(ctx context.Context, a kith.Actor) ([]AllocationChoice, error) {
	if !a.Has(kith.RoleTeamManager) && !a.Has(kith.RoleServiceManager) {
		return nil, kith.Errorf(kith.EFORBIDDEN, "Only managers can allocate cases.")
	}
	var out []AllocationChoice
	err := db.read(ctx, func(tx *Tx) error {
		teams, err := tx.teams(ctx, "")
		if err != nil {
			return err
		}
		rows, err := tx.QueryContext(ctx, `SELECT `+userColumns+`, m.team_id FROM users u JOIN team_members m ON m.user_id = u.id
			WHERE u.disabled_at IS NULL AND EXISTS (SELECT 1 FROM user_roles r WHERE r.user_id = u.id AND r.role IN ('practitioner', 'team_manager', 'service_manager'))
			ORDER BY lower(u.display_name)`)
		if err != nil {
			return fmt.Errorf("allocation choices: %w", err)
		}
		defer rows.Close()
		byTeam := map[string][]*kith.User{}
		for rows.Next() {
			var u kith.User
			var times userTimes
			var team string
			if err := rows.Scan(append(times.dest(&u), &team)...); err != nil {
				return err
			}
			times.into(&u)
			byTeam[team] = append(byTeam[team], &u)
		}
		for _, t := range teams {
			out = append(out, AllocationChoice{Team: t, Workers: byTeam[t.ID]})
		}
		return rows.Err()
	})
	return out, err
}

// hadWorker reports whether a social worker has held the case since its
// current episode's referral: a new one then changes the child's social
// worker, and the 903 asks why.
func (tx *Tx) hadWorker(ctx context.Context, caseID string) (bool, error) {
	var n int
	err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM allocations a WHERE a.case_id = $1 AND a.worker_id IS NOT NULL
		AND a.started_at >= COALESCE((SELECT MAX(e.referral_at) FROM episodes e WHERE e.case_id = $1), a.started_at)`, caseID).Scan(&n)
	if err != nil {
		return false, fmt.Errorf("had a worker: %w", err)
	}
	return n > 0, nil
}
