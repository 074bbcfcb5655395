package sqldb

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"fmt"
	"strings"
	"time"

	"kith"
)

// touchEvery limits how often a session's last-seen time is written: often
// enough for an idle timeout measured in minutes, rarely enough that reads
// stay reads.
const touchEvery = 15 * time.Second

// randomToken returns a new unguessable token with a prefix saying what it
// is for.
func randomToken(prefix string) string {
	b := make([]byte, 32)
	if _, err := rand.Read(b); err != nil {
		panic("kith: no randomness: " + err.Error())
	}
	return prefix + base64.RawURLEncoding.EncodeToString(b)
}

// hashToken is what is stored: a leaked database does not leak sessions.
func hashToken(token string) string {
	h := sha256.Sum256([]byte(token))
	return hex.EncodeToString(h[:])
}

// CreateSession signs a user in and returns the session token for the
// cookie. lifetime is the absolute limit on the session.
func (db *DB) CreateSession(ctx context.Context, userID string, lifetime time.Duration, from kith.Actor) (string, error) {
	token := randomToken("")
	from.User = &kith.User{ID: userID}
	err := db.write(ctx, func(tx *Tx) error {
		_, err := tx.ExecContext(ctx, `INSERT INTO sessions (token_hash, user_id, created_at, last_seen_at, expires_at, ip, user_agent)
			VALUES ($1, $2, $3, $3, $4, $5, $6)`, hashToken(token), userID, ts(tx.now), ts(tx.now.Add(lifetime)), truncate(from.IP, 100), truncate(from.UserAgent, 300))
		if err != nil {
			return fmt.Errorf("create session: %w", err)
		}
		return tx.audit(from, auditEntry{Action: kith.AuditSignIn, SubjectType: "user", SubjectID: userID, Detail: "via " + from.Via})
	})
	return token, err
}

// ErrSessionEnded is returned for a session that has timed out or been
// signed out; the web layer tells the user which.
var ErrSessionEnded = kith.Errorf(kith.EUNAUTHENTICATED, "Your session has ended. Sign in again.")

// Session returns the session for a token and the actor it signs in, or
// ErrSessionEnded. When touch is set, the session's idle clock restarts.
func (db *DB) Session(ctx context.Context, token string, idle time.Duration, touch bool) (kith.Session, kith.Actor, error) {
	var s kith.Session
	if token == "" {
		return s, kith.Actor{}, ErrSessionEnded
	}
	hash := hashToken(token)
	// The session and the actor it signs in come in one statement: every
	// page asks this first.
	var created, seen, expires scanTime
	a, err := scanActor(db.reader.QueryRowContext(ctx, `SELECT s.user_id, s.created_at, s.last_seen_at, s.expires_at, `+db.Dialect.actorColumns()+`
		FROM sessions s JOIN users u ON u.id = s.user_id WHERE s.token_hash = $1 AND u.disabled_at IS NULL`, hash),
		&s.UserID, &created, &seen, &expires)
	if errNoRows(err) {
		return s, kith.Actor{}, ErrSessionEnded
	} else if err != nil {
		return s, kith.Actor{}, fmt.Errorf("find session: %w", err)
	}
	s.CreatedAt, s.LastSeenAt, s.ExpiresAt = created.T, seen.T, expires.T
	now := db.Now().UTC()
	if !s.IdleExpiry(idle).After(now) {
		// The row stays (until DeleteExpiredSessions) so that a form
		// submitted after the timeout can be kept for its owner.
		return s, kith.Actor{}, ErrSessionEnded
	}
	if touch && now.Sub(s.LastSeenAt) >= touchEvery {
		if _, err := db.writer.ExecContext(ctx, `UPDATE sessions SET last_seen_at = $2 WHERE token_hash = $1`, hash, ts(now)); err != nil {
			return s, kith.Actor{}, fmt.Errorf("touch session: %w", err)
		}
		s.LastSeenAt = now
	}
	return s, a, nil
}

// ExtendSession restarts a session's idle clock now: the "stay signed in"
// button of the timeout warning.
func (db *DB) ExtendSession(ctx context.Context, token string, idle time.Duration) (kith.Session, error) {
	s, _, err := db.Session(ctx, token, idle, false)
	if err != nil {
		return s, err
	}
	now := db.Now().UTC()
	if _, err := db.writer.ExecContext(ctx, `UPDATE sessions SET last_seen_at = $2 WHERE token_hash = $1`, hashToken(token), ts(now)); err != nil {
		return s, fmt.Errorf("extend session: %w", err)
	}
	s.LastSeenAt = now
	return s, nil
}

// EndSession signs a session out.
func (db *DB) EndSession(ctx context.Context, token string, a kith.Actor, reason string) error {
	return db.write(ctx, func(tx *Tx) error {
		res, err := tx.ExecContext(ctx, `DELETE FROM sessions WHERE token_hash = $1`, hashToken(token))
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return nil
		}
		return tx.audit(a, auditEntry{Action: kith.AuditSignOut, SubjectType: "user", SubjectID: a.UserID(), Detail: reason})
	})
}

// Ended sessions are kept this long after they end, so that work typed
// before a timeout can still be kept for its owner; kept forms this long.
const (
	endedSessionGrace = 24 * time.Hour
	keptFormLifetime  = 7 * 24 * time.Hour
)

// TimeOutSession records that a session ended for want of activity. The
// row stays (until DeleteExpiredSessions), so that a form another tab sends
// afterwards can still be kept for its owner.
func (db *DB) TimeOutSession(ctx context.Context, token string, a kith.Actor) error {
	return db.write(ctx, func(tx *Tx) error {
		res, err := tx.ExecContext(ctx, `UPDATE sessions SET expires_at = $2 WHERE token_hash = $1 AND expires_at > $2`, hashToken(token), ts(tx.now))
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return nil
		}
		return tx.audit(a, auditEntry{Action: kith.AuditSignOut, SubjectType: "user", SubjectID: a.UserID(), Detail: "timed out after inactivity"})
	})
}

// DeleteExpiredSessions removes sessions that ended (idle or past their
// lifetime) more than a day ago, old kept forms, sign-ins through the
// identity provider that were never finished, forgotten failed sign-ins
// and old links to set a password.
func (db *DB) DeleteExpiredSessions(ctx context.Context, idle time.Duration) (int64, error) {
	var n int64
	err := db.write(ctx, func(tx *Tx) error {
		cutoff := tx.now.Add(-endedSessionGrace)
		res, err := tx.ExecContext(ctx, `DELETE FROM sessions WHERE expires_at < $1 OR last_seen_at < $2`, ts(cutoff), ts(cutoff.Add(-idle)))
		if err != nil {
			return err
		}
		n, _ = res.RowsAffected()
		if _, err := tx.ExecContext(ctx, `DELETE FROM kept_forms WHERE created_at < $1`, ts(tx.now.Add(-keptFormLifetime))); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM oidc_logins WHERE expires_at < $1`, ts(tx.now)); err != nil {
			return err
		}
		// Addresses whose failed sign-ins are forgotten, and links to set a
		// password that ended a week ago (the audit log keeps their story).
		if _, err := tx.ExecContext(ctx, `DELETE FROM sign_in_throttle WHERE last_failure_at < $1 AND (blocked_until IS NULL OR blocked_until < $2)`,
			ts(tx.now.Add(-kith.DefaultSignInThrottle.Forget)), ts(tx.now)); err != nil {
			return err
		}
		_, err = tx.ExecContext(ctx, `DELETE FROM password_resets WHERE expires_at < $1`, ts(tx.now.Add(-7*24*time.Hour)))
		return err
	})
	return n, err
}

// SessionOwner returns the user a session token belonged to, even after the
// session has timed out (for a day), or "" if it is unknown.
func (db *DB) SessionOwner(ctx context.Context, token string) string {
	if token == "" {
		return ""
	}
	var id string
	_ = db.reader.QueryRowContext(ctx, `SELECT s.user_id FROM sessions s JOIN users u ON u.id = s.user_id WHERE s.token_hash = $1 AND u.disabled_at IS NULL`, hashToken(token)).Scan(&id)
	return id
}

// KeepForm keeps what a user typed into a form that arrived after their
// session ended, and returns its id. form is the encoded form; path is the
// page to show it on again.
func (db *DB) KeepForm(ctx context.Context, userID, path, form string) (string, error) {
	id := newID()
	err := db.write(ctx, func(tx *Tx) error {
		_, err := tx.ExecContext(ctx, `INSERT INTO kept_forms (id, user_id, path, form, created_at) VALUES ($1, $2, $3, $4, $5)`, id, userID, path, form, ts(tx.now))
		return err
	})
	return id, err
}

// KeptForm returns a kept form of the user (path and encoded form). Only
// its owner can have it back.
func (db *DB) KeptForm(ctx context.Context, userID, id string) (path, form string, err error) {
	err = db.reader.QueryRowContext(ctx, `SELECT path, form FROM kept_forms WHERE id = $1 AND user_id = $2`, id, userID).Scan(&path, &form)
	if errNoRows(err) {
		return "", "", kith.NotFound("Kept form")
	}
	return path, form, err
}

// DropKeptForm deletes a kept form once it has been saved.
func (db *DB) DropKeptForm(ctx context.Context, userID, id string) error {
	return db.write(ctx, func(tx *Tx) error {
		_, err := tx.ExecContext(ctx, `DELETE FROM kept_forms WHERE id = $1 AND user_id = $2`, id, userID)
		return err
	})
}

// TokenPrefix starts every API token, so a leaked one is easy to recognise
// (for example by secret scanners).
const TokenPrefix = "kith_"

// CreateToken makes an API token for the actor and returns its text, which
// is shown once and never stored. It lasts lifetime, or the council's
// longest (db.TokenLifetime) if that is shorter or lifetime is not given.
func (db *DB) CreateToken(ctx context.Context, a kith.Actor, name string, lifetime time.Duration) (string, *kith.APIToken, error) {
	if a.User == nil || !a.User.Active() {
		return "", nil, kith.Errorf(kith.EUNAUTHENTICATED, "Sign in to create an API token.")
	}
	name = kith.CleanText(name)
	var v kith.Validation
	if name == "" {
		v.Add("name", "Enter a name for the token, like the program that will use it")
	}
	kith.CheckLength(&v, "name", "name", name, 100)
	if err := v.Err(); err != nil {
		return "", nil, err
	}
	text := randomToken(TokenPrefix)
	t := &kith.APIToken{ID: newID(), Name: name}
	err := db.write(ctx, func(tx *Tx) error {
		t.CreatedAt = tx.now
		var own *time.Time
		if lifetime > 0 {
			e := tx.now.Add(lifetime)
			own = &e
		}
		e := kith.TokenExpiry(tx.now, own, db.TokenLifetime)
		t.ExpiresAt = &e
		if _, err := tx.ExecContext(ctx, `INSERT INTO api_tokens (id, user_id, name, token_hash, created_at, expires_at) VALUES ($1, $2, $3, $4, $5, $6)`,
			t.ID, a.User.ID, name, hashToken(text), ts(tx.now), ts(e)); err != nil {
			return fmt.Errorf("create token: %w", err)
		}
		return tx.audit(a, auditEntry{Action: kith.AuditTokenCreated, SubjectType: "api_token", SubjectID: t.ID, Detail: name + ", until " + e.Format(time.RFC3339)})
	})
	if err != nil {
		return "", nil, err
	}
	return text, t, nil
}

// Tokens lists the API tokens of a user, newest first: the actor's own, or
// anyone's for an administrator (kith.CanManageTokens). Each shows when it
// really expires (kith.TokenExpiry).
func (db *DB) Tokens(ctx context.Context, a kith.Actor, userID string) ([]kith.APIToken, error) {
	if !kith.CanManageTokens(a, userID) {
		return nil, kith.NotFound("User")
	}
	return db.tokens(ctx, `t.user_id = $1`, userID)
}

// AllTokens lists every user's tokens that still work, for
// administrators: the programs acting for people.
func (db *DB) AllTokens(ctx context.Context, a kith.Actor) ([]kith.APIToken, error) {
	if err := mustAdminister(a); err != nil {
		return nil, err
	}
	out, err := db.tokens(ctx, `t.revoked_at IS NULL AND u.disabled_at IS NULL`, nil)
	if err != nil {
		return nil, err
	}
	now := db.Now()
	live := out[:0]
	for _, t := range out {
		if t.Active(now) {
			live = append(live, t)
		}
	}
	return live, nil
}

func (db *DB) tokens(ctx context.Context, where string, arg any) ([]kith.APIToken, error) {
	out := []kith.APIToken{}
	err := db.read(ctx, func(tx *Tx) error {
		q := `SELECT t.id, t.name, t.created_at, t.last_used_at, t.expires_at, t.revoked_at, t.revoked_reason, t.user_id, u.display_name
			FROM api_tokens t JOIN users u ON u.id = t.user_id WHERE ` + where + ` ORDER BY t.created_at DESC, t.id DESC`
		var args []any
		if arg != nil {
			args = append(args, arg)
		}
		rows, err := tx.QueryContext(ctx, q, args...)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var t kith.APIToken
			var created, used, expires, revoked scanTime
			if err := rows.Scan(&t.ID, &t.Name, &created, &used, &expires, &revoked, &t.RevokedReason, &t.UserID, &t.UserName); err != nil {
				return err
			}
			e := kith.TokenExpiry(created.T, expires.Ptr(), db.TokenLifetime)
			t.CreatedAt, t.LastUsedAt, t.ExpiresAt, t.RevokedAt = created.T, used.Ptr(), &e, revoked.Ptr()
			out = append(out, t)
		}
		return rows.Err()
	})
	return out, err
}

// RevokeToken stops a token working: one of the actor's own, or anyone's
// for an administrator.
func (db *DB) RevokeToken(ctx context.Context, a kith.Actor, id string) error {
	return db.write(ctx, func(tx *Tx) error {
		var owner string
		err := tx.QueryRowContext(ctx, `SELECT user_id FROM api_tokens WHERE id = $1 AND revoked_at IS NULL`, id).Scan(&owner)
		if errNoRows(err) || (err == nil && !kith.CanManageTokens(a, owner)) {
			return kith.NotFound("API token")
		} else if err != nil {
			return err
		}
		why := "revoked by its owner"
		if owner != a.UserID() {
			why = "revoked by an administrator"
		}
		if _, err := tx.ExecContext(ctx, `UPDATE api_tokens SET revoked_at = $2, revoked_reason = $3 WHERE id = $1 AND revoked_at IS NULL`, id, ts(tx.now), why); err != nil {
			return err
		}
		return tx.audit(a, auditEntry{Action: kith.AuditTokenRevoked, SubjectType: "api_token", SubjectID: id, Detail: why})
	})
}

// TokenActor returns the actor an API token acts for. A token works until
// it is revoked (by its owner, an administrator, a password reset or
// disabling the account) or expires (kith.TokenExpiry).
func (db *DB) TokenActor(ctx context.Context, token string) (kith.Actor, error) {
	denied := kith.Errorf(kith.EUNAUTHENTICATED, "The API token is missing, unknown, expired or revoked. Make a new one on your account page.")
	if !strings.HasPrefix(token, TokenPrefix) {
		return kith.Actor{}, denied
	}
	// The token and the actor it acts for come in one statement, as a
	// session's do.
	var id string
	var created, expires, revoked, used scanTime
	a, err := scanActor(db.reader.QueryRowContext(ctx, `SELECT t.id, t.created_at, t.expires_at, t.revoked_at, t.last_used_at, `+db.Dialect.actorColumns()+`
		FROM api_tokens t JOIN users u ON u.id = t.user_id WHERE t.token_hash = $1 AND u.disabled_at IS NULL`, hashToken(token)),
		&id, &created, &expires, &revoked, &used)
	if errNoRows(err) {
		return kith.Actor{}, denied
	} else if err != nil {
		return kith.Actor{}, fmt.Errorf("find token: %w", err)
	}
	now := db.Now().UTC()
	if revoked.Valid || !kith.TokenExpiry(created.T, expires.Ptr(), db.TokenLifetime).After(now) {
		return kith.Actor{}, denied
	}
	if !used.Valid || now.Sub(used.T) > time.Minute {
		if _, err := db.writer.ExecContext(ctx, `UPDATE api_tokens SET last_used_at = $2 WHERE id = $1`, id, ts(now)); err != nil {
			return kith.Actor{}, err
		}
	}
	return a, nil
}
