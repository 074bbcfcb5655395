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
	ExpiresAt  *time.Time `json:"expires_at,omitempty"`
	RevokedAt  *time.Time `json:"revoked_at,omitempty"`
}

// Active reports whether the token can still be used at now.
func (t APIToken) Active(now time.Time) bool {
	return t.RevokedAt == nil && (t.ExpiresAt == nil || t.ExpiresAt.After(now))
}
