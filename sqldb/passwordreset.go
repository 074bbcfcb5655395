package sqldb

import (
	"context"
	"fmt"
	"time"

	"kith"
	"kith/password"
)

// PasswordResetLifetime is how long a link to set a password works: long
// enough to reach someone on another shift, short enough that a link
// forgotten in an email is soon worthless.
const PasswordResetLifetime = 24 * time.Hour

// IssuePasswordReset makes a one-time code for a user to set their own
// password with, and returns it (it is shown once, to the administrator
// who passes it on, and only its hash is kept) with when it expires.
// Earlier unused codes for the user stop working. Nothing else changes
// until the user redeems it: their password, sessions and tokens go on
// working (to cut someone off at once, disable the account).
func (db *DB) IssuePasswordReset(ctx context.Context, a kith.Actor, userID string) (string, time.Time, error) {
	if err := mustAdminister(a); err != nil {
		return "", time.Time{}, err
	}
	code := randomToken("")
	var expires time.Time
	err := db.write(ctx, func(tx *Tx) error {
		u, err := tx.findUser(ctx, "u.id = $1", userID)
		if err != nil {
			return err
		}
		if !u.Active() {
			return kith.Errorf(kith.EINVALID, "%s's account is disabled. Enable it before giving them a link to set a password.", u.DisplayName)
		}
		if _, err := tx.ExecContext(ctx, `UPDATE password_resets SET used_at = $2 WHERE user_id = $1 AND used_at IS NULL`, userID, ts(tx.now)); err != nil {
			return err
		}
		expires = tx.now.Add(PasswordResetLifetime)
		if _, err := tx.ExecContext(ctx, `INSERT INTO password_resets (code_hash, user_id, created_at, expires_at, created_by) VALUES ($1, $2, $3, $4, $5)`,
			hashToken(code), userID, ts(tx.now), ts(expires), nullString(a.UserID())); err != nil {
			return fmt.Errorf("issue password reset: %w", err)
		}
		return tx.audit(a, auditEntry{Action: kith.AuditPasswordResetIssued, SubjectType: "user", SubjectID: userID, Detail: "link to set a password for " + u.DisplayName + ", until " + expires.Format(time.RFC3339)})
	})
	if err != nil {
		return "", time.Time{}, err
	}
	return code, expires, nil
}

// ErrResetLinkUsed is the answer for a code that is unknown, used,
// expired or cancelled, or whose account is disabled: all read the same.
var ErrResetLinkUsed = kith.Errorf(kith.ENOTFOUND, "This link to set a password has expired or has already been used. Ask your administrator for a new one.")

// PasswordResetUser returns the user a live code is for, so the page can
// say whose password is being set.
func (db *DB) PasswordResetUser(ctx context.Context, code string) (*kith.User, error) {
	var u *kith.User
	err := db.read(ctx, func(tx *Tx) error {
		var err error
		u, err = tx.resetUser(ctx, code, db.Now().UTC())
		return err
	})
	return u, err
}

func (tx *Tx) resetUser(ctx context.Context, code string, now time.Time) (*kith.User, error) {
	if code == "" {
		return nil, ErrResetLinkUsed
	}
	var userID string
	var expires scanTime
	err := tx.QueryRowContext(ctx, `SELECT user_id, expires_at FROM password_resets WHERE code_hash = $1 AND used_at IS NULL`, hashToken(code)).Scan(&userID, &expires)
	if errNoRows(err) {
		return nil, ErrResetLinkUsed
	} else if err != nil {
		return nil, fmt.Errorf("find password reset: %w", err)
	}
	if !expires.T.After(now) {
		return nil, ErrResetLinkUsed
	}
	u, err := tx.findUser(ctx, "u.id = $1", userID)
	if err != nil {
		return nil, err
	}
	if !u.Active() {
		return nil, ErrResetLinkUsed
	}
	return u, nil
}

// RedeemPasswordReset sets a user's password with a one-time code: the
// code stops working, the password is held to the password rule, and
// every session and API token of the user ends (whoever held the old
// password, or a token made with it, is out). from is where the request
// came from, for the audit log.
func (db *DB) RedeemPasswordReset(ctx context.Context, code, pw string, from kith.Actor) (*kith.User, error) {
	u, err := db.PasswordResetUser(ctx, code)
	if err != nil {
		return nil, err
	}
	if msg := password.Problem(pw, password.Account{Username: u.Username, Name: u.DisplayName}, password.Common()); msg != "" {
		return nil, fieldError("password", msg)
	}
	hash, err := password.Hash(pw)
	if err != nil {
		return nil, err
	}
	err = db.write(ctx, func(tx *Tx) error {
		// Check again inside the transaction, and take the code in the
		// same statement that checks it, so two tabs cannot both use it.
		if _, err := tx.resetUser(ctx, code, tx.now); err != nil {
			return err
		}
		res, err := tx.ExecContext(ctx, `UPDATE password_resets SET used_at = $2 WHERE code_hash = $1 AND used_at IS NULL`, hashToken(code), ts(tx.now))
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n != 1 {
			return ErrResetLinkUsed
		}
		if _, err := tx.ExecContext(ctx, `UPDATE users SET password_hash = $2, failed_sign_ins = 0, locked_until = NULL, updated_at = $3 WHERE id = $1`, u.ID, hash, ts(tx.now)); err != nil {
			return err
		}
		if err := tx.endAccess(ctx, u.ID, "password reset"); err != nil {
			return err
		}
		from.User = u
		return tx.audit(from, auditEntry{Action: kith.AuditPasswordSet, SubjectType: "user", SubjectID: u.ID, Detail: "password set with a one-time link; sessions ended and API tokens revoked"})
	})
	if err != nil {
		return nil, err
	}
	return u, nil
}

// endAccess ends every session of a user and revokes every API token they
// hold, for why (a password reset, the account disabled). Revoked tokens
// stay revoked: enabling the account again does not bring them back.
func (tx *Tx) endAccess(ctx context.Context, userID, why string) error {
	if _, err := tx.ExecContext(ctx, `DELETE FROM sessions WHERE user_id = $1`, userID); err != nil {
		return fmt.Errorf("end sessions: %w", err)
	}
	if _, err := tx.ExecContext(ctx, `UPDATE api_tokens SET revoked_at = $2, revoked_reason = $3 WHERE user_id = $1 AND revoked_at IS NULL`, userID, ts(tx.now), why); err != nil {
		return fmt.Errorf("revoke tokens: %w", err)
	}
	return nil
}
