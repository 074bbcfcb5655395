package kith

import (
	"testing"
	"time"
)

func TestTokenExpiry(t *testing.T) {
	made := time.Date(2026, 1, 10, 9, 0, 0, 0, time.UTC)
	at := func(d time.Duration) *time.Time { x := made.Add(d); return &x }
	day := 24 * time.Hour
	cases := []struct {
		name    string
		expires *time.Time
		max     time.Duration
		want    time.Time
	}{
		{"its own expiry, inside the longest", at(30 * day), 90 * day, made.Add(30 * day)},
		{"no expiry of its own: the longest", nil, 90 * day, made.Add(90 * day)},
		{"its own expiry beyond the longest", at(365 * day), 90 * day, made.Add(90 * day)},
		{"the setting lowered since", at(90 * day), 7 * day, made.Add(7 * day)},
		{"no setting: the default", nil, 0, made.Add(DefaultTokenLifetime)},
	}
	for _, c := range cases {
		if got := TokenExpiry(made, c.expires, c.max); !got.Equal(c.want) {
			t.Errorf("%s: %v, want %v", c.name, got, c.want)
		}
	}
}

func TestCanManageTokens(t *testing.T) {
	me := &User{ID: "me", Roles: []Role{RolePractitioner}}
	admin := &User{ID: "adm", Roles: []Role{RoleAdministrator}}
	off := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	gone := &User{ID: "gone", Roles: []Role{RoleAdministrator}, DisabledAt: &off}
	cases := []struct {
		a    Actor
		whom string
		want bool
	}{
		{Actor{User: me}, "me", true},
		{Actor{User: me}, "you", false},
		{Actor{User: admin}, "you", true},
		{Actor{User: gone}, "you", false},
		{SystemActor(), "you", true},
		{Actor{}, "me", false},
	}
	for _, c := range cases {
		if got := CanManageTokens(c.a, c.whom); got != c.want {
			t.Errorf("%s managing %s's tokens: %v, want %v", c.a.UserID(), c.whom, got, c.want)
		}
	}
}
