package sqldb

import (
	"context"
	"fmt"
	"time"

	"kith"
)

// CaseAccess is who may open a case beyond the ordinary rules: whether it is
// restricted, its access list and its lock-out list.
type CaseAccess struct {
	Case       *kith.Case
	AccessList []AccessListEntry
	LockedOut  []AccessListEntry
}

// AccessListEntry names a user on an access or lock-out list.
type AccessListEntry struct {
	UserID   string
	Name     string
	Reason   string
	AddedBy  string
	AddedAt  time.Time
	Disabled bool
}

// CaseAccess returns a case's restriction and lists, for its managers.
func (db *DB) CaseAccess(ctx context.Context, a kith.Actor, ref string) (*CaseAccess, error) {
	var out *CaseAccess
	err := db.read(ctx, func(tx *Tx) error {
		c, err := tx.caseFor(a, ref, kith.ManageAccess)
		if err != nil {
			return err
		}
		out = &CaseAccess{Case: c}
		if out.AccessList, err = tx.accessEntries(ctx, `SELECT l.user_id, u.display_name, '', COALESCE(b.display_name, ''), l.added_at, u.disabled_at IS NOT NULL
			FROM case_access_list l JOIN users u ON u.id = l.user_id LEFT JOIN users b ON b.id = l.added_by WHERE l.case_id = $1 ORDER BY lower(u.display_name)`, c.ID); err != nil {
			return err
		}
		out.LockedOut, err = tx.accessEntries(ctx, `SELECT l.user_id, u.display_name, l.reason, COALESCE(b.display_name, ''), l.added_at, u.disabled_at IS NOT NULL
			FROM case_lockouts l JOIN users u ON u.id = l.user_id LEFT JOIN users b ON b.id = l.added_by WHERE l.case_id = $1 ORDER BY lower(u.display_name)`, c.ID)
		return err
	})
	if err != nil {
		return nil, db.finish(ctx, a, err)
	}
	if err := db.auditReads(ctx, a, auditEntry{Action: kith.AuditCaseViewed, CaseID: out.Case.ID, SubjectType: "access"}); err != nil {
		return nil, err
	}
	return out, nil
}

func (tx *Tx) accessEntries(ctx context.Context, q, caseID string) ([]AccessListEntry, error) {
	rows, err := tx.QueryContext(ctx, q, caseID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []AccessListEntry
	for rows.Next() {
		var e AccessListEntry
		var added scanTime
		if err := rows.Scan(&e.UserID, &e.Name, &e.Reason, &e.AddedBy, &added, &e.Disabled); err != nil {
			return nil, err
		}
		e.AddedAt = added.T
		out = append(out, e)
	}
	return out, rows.Err()
}

func (tx *Tx) addToAccessList(ctx context.Context, a kith.Actor, caseID, userID string) error {
	_, err := tx.ExecContext(ctx, `INSERT INTO case_access_list (case_id, user_id, added_at, added_by) VALUES ($1, $2, $3, $4) ON CONFLICT (case_id, user_id) DO NOTHING`,
		caseID, userID, ts(tx.now), nullString(a.UserID()))
	if err != nil {
		return fmt.Errorf("add to access list: %w", err)
	}
	return tx.audit(a, auditEntry{Action: kith.AuditAccessChanged, CaseID: caseID, SubjectType: "user", SubjectID: userID, Detail: "added to access list"})
}

// SetRestricted restricts a case to its access list, or lifts the
// restriction. Restricting puts the manager doing it and the allocated
// worker on the list, so the case is never left with nobody able to open it.
func (db *DB) SetRestricted(ctx context.Context, a kith.Actor, ref string, restricted bool, version int) error {
	err := db.write(ctx, func(tx *Tx) error {
		c, err := tx.caseFor(a, ref, kith.ManageAccess)
		if err != nil {
			return err
		}
		if c.Restricted == restricted {
			return nil
		}
		if err := tx.bumpVersion(ctx, c, version); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `UPDATE cases SET restricted = $2 WHERE id = $1`, c.ID, restricted); err != nil {
			return err
		}
		if restricted {
			if err := tx.addToAccessList(ctx, a, c.ID, a.UserID()); err != nil {
				return err
			}
			if c.WorkerID != "" {
				if err := tx.addToAccessList(ctx, a, c.ID, c.WorkerID); err != nil {
					return err
				}
			}
		}
		detail := "restriction lifted"
		if restricted {
			detail = "case restricted to its access list"
		}
		return tx.audit(a, auditEntry{Action: kith.AuditAccessChanged, CaseID: c.ID, SubjectType: "case", SubjectID: c.ID, Detail: detail})
	})
	return db.finish(ctx, a, err)
}

// AddToAccessList names a user who may open a restricted case.
func (db *DB) AddToAccessList(ctx context.Context, a kith.Actor, ref, userID string) error {
	err := db.write(ctx, func(tx *Tx) error {
		c, err := tx.caseFor(a, ref, kith.ManageAccess)
		if err != nil {
			return err
		}
		u, err := tx.findUser(ctx, "u.id = $1", userID)
		if kith.ErrorCode(err) == kith.ENOTFOUND {
			return fieldError("user_id", "Select a user from the list")
		} else if err != nil {
			return err
		}
		if !u.Active() {
			return fieldError("user_id", u.DisplayName+"'s account is disabled")
		}
		return tx.addToAccessList(ctx, a, c.ID, userID)
	})
	return db.finish(ctx, a, err)
}

// RemoveFromAccessList takes a user off a restricted case's access list.
func (db *DB) RemoveFromAccessList(ctx context.Context, a kith.Actor, ref, userID string) error {
	err := db.write(ctx, func(tx *Tx) error {
		c, err := tx.caseFor(a, ref, kith.ManageAccess)
		if err != nil {
			return err
		}
		if userID == a.UserID() {
			return kith.Errorf(kith.EINVALID, "You cannot take yourself off the access list. Ask another manager on the list.")
		}
		if c.Restricted && userID == c.WorkerID {
			return kith.Errorf(kith.EINVALID, "%s is allocated this case. Allocate it to someone else first.", c.WorkerName)
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM case_access_list WHERE case_id = $1 AND user_id = $2`, c.ID, userID); err != nil {
			return err
		}
		return tx.audit(a, auditEntry{Action: kith.AuditAccessChanged, CaseID: c.ID, SubjectType: "user", SubjectID: userID, Detail: "removed from access list"})
	})
	return db.finish(ctx, a, err)
}

// LockOut names a user who must not open a case whatever their role (for
// example a worker related to the family).
func (db *DB) LockOut(ctx context.Context, a kith.Actor, ref, userID, reason string) error {
	reason = kith.CleanText(reason)
	err := db.write(ctx, func(tx *Tx) error {
		c, err := tx.caseFor(a, ref, kith.ManageAccess)
		if err != nil {
			return err
		}
		var v kith.Validation
		if userID == "" {
			v.Add("user_id", "Select who to lock out")
		}
		if reason == "" {
			v.Add("reason", "Enter why they must not open this case")
		}
		kith.CheckLength(&v, "reason", "reason", reason, kith.MaxShortText)
		if err := v.Err(); err != nil {
			return err
		}
		if userID == a.UserID() {
			return fieldError("user_id", "You cannot lock yourself out")
		}
		u, err := tx.findUser(ctx, "u.id = $1", userID)
		if kith.ErrorCode(err) == kith.ENOTFOUND {
			return fieldError("user_id", "Select a user from the list")
		} else if err != nil {
			return err
		}
		if userID == c.WorkerID {
			return fieldError("user_id", u.DisplayName+" is allocated this case. Allocate it to someone else first")
		}
		_, err = tx.ExecContext(ctx, `INSERT INTO case_lockouts (case_id, user_id, reason, added_at, added_by) VALUES ($1, $2, $3, $4, $5)
			ON CONFLICT (case_id, user_id) DO UPDATE SET reason = excluded.reason`, c.ID, userID, reason, ts(tx.now), nullString(a.UserID()))
		if err != nil {
			return err
		}
		return tx.audit(a, auditEntry{Action: kith.AuditAccessChanged, CaseID: c.ID, SubjectType: "user", SubjectID: userID, Detail: "locked out: " + reason})
	})
	return db.finish(ctx, a, err)
}

// LiftLockOut lets a locked-out user back under the ordinary rules.
// Nobody lifts their own lock-out (a locked-out manager cannot see the
// case anyway; this says so even if that ever changed).
func (db *DB) LiftLockOut(ctx context.Context, a kith.Actor, ref, userID string) error {
	if userID != "" && userID == a.UserID() {
		return kith.Errorf(kith.EFORBIDDEN, "You cannot lift your own lock-out. Ask another manager.")
	}
	err := db.write(ctx, func(tx *Tx) error {
		c, err := tx.caseFor(a, ref, kith.ManageAccess)
		if err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM case_lockouts WHERE case_id = $1 AND user_id = $2`, c.ID, userID); err != nil {
			return err
		}
		return tx.audit(a, auditEntry{Action: kith.AuditAccessChanged, CaseID: c.ID, SubjectType: "user", SubjectID: userID, Detail: "lock-out lifted"})
	})
	return db.finish(ctx, a, err)
}
