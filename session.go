package kith

import "time"

// Session is a signed-in browser. Sessions live in the database, so any
// Kith server can serve any request, and they end after an idle period
// (default 30 minutes) or an absolute lifetime, whichever comes first.
type Session struct {
	UserID     string
	CreatedAt  time.Time
	LastSeenAt time.Time
	ExpiresAt  time.Time
}

// IdleExpiry is when the session ends if nothing more happens.
func (s Session) IdleExpiry(idle time.Duration) time.Time {
	t := s.LastSeenAt.Add(idle)
	if s.ExpiresAt.Before(t) {
		return s.ExpiresAt
	}
	return t
}

// APIToken is a bearer token a user made for an API client. The token text
// is shown once, when it is made; Kith keeps only its hash.
type APIToken struct {
	ID         string     `json:"id"`
	Name       string     `json:"name"`
	CreatedAt  time.Time  `json:"created_at"`
	LastUsedAt *time.Time `json:"last_used_at,omitempty"`
	// ExpiresAt is when the token stops working: the lifetime chosen when
	// it was made, cut short by the council's longest (TokenExpiry).
	ExpiresAt *time.Time `json:"expires_at,omitempty"`
	RevokedAt *time.Time `json:"revoked_at,omitempty"`
	// RevokedReason says why: "revoked by its owner", "revoked by an
	// administrator", "password reset", "account disabled".
	RevokedReason string `json:"revoked_reason,omitempty"`
	// UserID and UserName say whose it is, in an administrator's list.
	UserID   string `json:"user_id,omitempty"`
	UserName string `json:"user_name,omitempty"`
}

// DefaultTokenLifetime is the longest an API token lasts unless the
// council sets another (KITH_TOKEN_LIFETIME): a token is a password that
// programs keep, so it must not live for ever.
const DefaultTokenLifetime = 90 * 24 * time.Hour

// TokenExpiry is when a token made at created, with its own expiry
// (nil for none, as tokens made before tokens had to expire), stops
// working when the council's longest lifetime is max: whichever comes
// first. Lowering the setting shortens tokens already made.
func TokenExpiry(created time.Time, expires *time.Time, max time.Duration) time.Time {
	if max <= 0 {
		max = DefaultTokenLifetime
	}
	limit := created.Add(max)
	if expires != nil && expires.Before(limit) {
		return *expires
	}
	return limit
}

// Active reports whether the token can still be used at now.
func (t APIToken) Active(now time.Time) bool {
	return t.RevokedAt == nil && (t.ExpiresAt == nil || t.ExpiresAt.After(now))
}

// CanManageTokens reports whether the actor may list and revoke the API
// tokens of the user userID: their own, and anyone's for administrators
// (who cut off a program acting for someone without disabling them).
func CanManageTokens(a Actor, userID string) bool {
	return a.System || (a.User != nil && a.User.Active() && (a.User.ID == userID || a.Has(RoleAdministrator)))
}
