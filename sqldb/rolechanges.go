package sqldb

import (
	"context"
	"fmt"
	"time"

	"kith"
)

// recordRoleChanges keeps each grant or removal of access, in the same
// transaction as the change, as a role change and an audit event.
func (tx *Tx) recordRoleChanges(ctx context.Context, a kith.Actor, changes []kith.RoleChange) error {
	for _, c := range changes {
		if _, err := tx.ExecContext(ctx, `INSERT INTO role_changes (id, at, user_id, kind, what, what_name, granted, reads_cases, by_user_id, via, request_id)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)`,
			newID(), ts(tx.now), c.UserID, string(c.Kind), c.What, c.WhatName, c.Granted, c.ReadsCases, nullString(a.UserID()), a.Via, a.RequestID); err != nil {
			return fmt.Errorf("record role change: %w", err)
		}
		action := kith.AuditAccessGranted
		if !c.Granted {
			action = kith.AuditAccessRemoved
		}
		if err := tx.audit(a, auditEntry{Action: action, SubjectType: "user", SubjectID: c.UserID, Detail: c.Describe()}); err != nil {
			return err
		}
	}
	return nil
}

// RoleChangeFilter narrows the role changes list.
type RoleChangeFilter struct {
	// Before pages back: only changes before this time.
	Before time.Time
	// CaseRolesOnly leaves out grants that give no case content (the
	// administrator role).
	CaseRolesOnly bool
	Limit         int
}

// RoleChanges lists grants and removals of access, newest first, for
// service managers and auditors (kith.CanSeeRoleChanges). Each look is
// audited.
func (db *DB) RoleChanges(ctx context.Context, a kith.Actor, f RoleChangeFilter) ([]kith.RoleChange, error) {
	if !kith.CanSeeRoleChanges(a) {
		return nil, kith.Errorf(kith.EFORBIDDEN, "Only service managers and auditors can see the role changes.")
	}
	if f.Limit <= 0 || f.Limit > 500 {
		f.Limit = 100
	}
	out := []kith.RoleChange{}
	err := db.read(ctx, func(tx *Tx) error {
		q := `SELECT c.at, c.user_id, u.display_name, c.kind, c.what, c.what_name, c.granted, c.reads_cases, COALESCE(c.by_user_id, ''), COALESCE(b.display_name, ''), c.via
			FROM role_changes c JOIN users u ON u.id = c.user_id LEFT JOIN users b ON b.id = c.by_user_id WHERE 1 = 1`
		var args []any
		if !f.Before.IsZero() {
			args = append(args, ts(f.Before))
			q += fmt.Sprintf(" AND c.at < $%d", len(args))
		}
		if f.CaseRolesOnly {
			q += " AND c.reads_cases"
		}
		args = append(args, f.Limit)
		q += fmt.Sprintf(" ORDER BY c.at DESC, c.id DESC LIMIT $%d", len(args))
		rows, err := tx.QueryContext(ctx, q, args...)
		if err != nil {
			return fmt.Errorf("role changes: %w", err)
		}
		defer rows.Close()
		for rows.Next() {
			var c kith.RoleChange
			var at scanTime
			var kind string
			if err := rows.Scan(&at, &c.UserID, &c.UserName, &kind, &c.What, &c.WhatName, &c.Granted, &c.ReadsCases, &c.ByID, &c.ByName, &c.Via); err != nil {
				return err
			}
			c.At, c.Kind = at.T, kith.GrantKind(kind)
			if c.ByID == "" {
				c.ByName = "Kith's command line"
			}
			out = append(out, c)
		}
		return rows.Err()
	})
	if err != nil {
		return nil, err
	}
	err = db.write(ctx, func(tx *Tx) error {
		return tx.audit(a, auditEntry{Action: kith.AuditRoleChangesViewed, SubjectType: "role_changes"})
	})
	return out, err
}
