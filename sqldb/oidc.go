package sqldb

import (
	"context"
	"fmt"
	"strings"
	"time"

	"kith"
)

// OIDCLogin is a sign-in through the council's identity provider that has
// started but not yet come back. It lives in the database so that the
// callback may reach any Kith server.
type OIDCLogin struct {
	State, Nonce, Verifier, ReturnTo string
}

// SaveOIDCLogin records a started sign-in for ten minutes.
func (db *DB) SaveOIDCLogin(ctx context.Context, l OIDCLogin) error {
	return db.write(ctx, func(tx *Tx) error {
		_, err := tx.ExecContext(ctx, `INSERT INTO oidc_logins (state, nonce, verifier, return_to, expires_at) VALUES ($1, $2, $3, $4, $5)`,
			hashToken(l.State), l.Nonce, l.Verifier, l.ReturnTo, ts(tx.now.Add(10*time.Minute)))
		return err
	})
}

// TakeOIDCLogin returns and removes a started sign-in: each state can be
// used once.
func (db *DB) TakeOIDCLogin(ctx context.Context, state string) (OIDCLogin, error) {
	l := OIDCLogin{State: state}
	err := db.write(ctx, func(tx *Tx) error {
		var expires scanTime
		err := tx.QueryRowContext(ctx, `SELECT nonce, verifier, return_to, expires_at FROM oidc_logins WHERE state = $1`, hashToken(state)).Scan(&l.Nonce, &l.Verifier, &l.ReturnTo, &expires)
		if errNoRows(err) {
			return kith.Errorf(kith.EUNAUTHENTICATED, "This sign-in link has already been used or has expired. Sign in again.")
		} else if err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM oidc_logins WHERE state = $1`, hashToken(state)); err != nil {
			return err
		}
		if !expires.T.After(tx.now) {
			return kith.Errorf(kith.EUNAUTHENTICATED, "You took too long to sign in. Sign in again.")
		}
		return nil
	})
	return l, err
}

// UserForOIDC finds the Kith user for an identity the council's provider
// vouched for: by the provider's subject once linked, or the first time by
// a verified email address an administrator gave the user. Kith never
// creates users from the provider: an administrator decides who may use it
// and with what roles.
func (db *DB) UserForOIDC(ctx context.Context, subject, email string, emailVerified bool, from kith.Actor) (*kith.User, error) {
	notSetUp := kith.Errorf(kith.EFORBIDDEN, "Your council account is not set up in Kith. Ask a Kith administrator to add you (with the email address %s).", email)
	var u *kith.User
	err := db.write(ctx, func(tx *Tx) error {
		var err error
		u, err = tx.findUser(ctx, "u.oidc_subject = $1", subject)
		if kith.ErrorCode(err) == kith.ENOTFOUND {
			if email == "" || !emailVerified {
				return notSetUp
			}
			u, err = tx.findUser(ctx, "lower(u.email) = lower($1) AND u.oidc_subject IS NULL", strings.TrimSpace(email))
			if kith.ErrorCode(err) == kith.ENOTFOUND {
				return notSetUp
			} else if err != nil {
				return err
			}
			if _, err := tx.ExecContext(ctx, `UPDATE users SET oidc_subject = $2, updated_at = $3 WHERE id = $1`, u.ID, subject, ts(tx.now)); err != nil {
				return fmt.Errorf("link identity: %w", err)
			}
			from.User = u
			if err := tx.audit(from, auditEntry{Action: kith.AuditUserUpdated, SubjectType: "user", SubjectID: u.ID, Detail: "linked to the council identity provider"}); err != nil {
				return err
			}
		} else if err != nil {
			return err
		}
		if !u.Active() {
			return kith.Errorf(kith.EFORBIDDEN, "Your Kith account is disabled. Ask a Kith administrator if you need it.")
		}
		return nil
	})
	return u, err
}
