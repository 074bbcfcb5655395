package sqldb_test

import (
	"context"
	"fmt"
	"kith/clock"
	"slices"
	"strings"
	"testing"
	"time"

	"kith"
	"kith/internal/kithtest"
	"kith/sqldb"
)

func TestAuthenticateAndLockOut(t *testing.T) {
	kithtest.EachEngine(t, func(t *testing.T, db *sqldb.DB) {
		c := newCouncil(t, db)
		ctx := context.Background()
		from := kith.Actor{IP: "192.0.2.1", Via: "web"}
		u, err := db.Authenticate(ctx, " Ann.Ash ", kithtest.Password, from)
		if err != nil || u.ID != c.Prac1.ID {
			t.Fatalf("sign in: %v %v", u, err)
		}
		// Each guess from its own address: the account's lock is for
		// guessing spread over many (one address is made to wait first,
		// TestSignInThrottledByAddress).
		guesses := 0
		wrong := func(name, pw string) string {
			guesses++
			_, err := db.Authenticate(ctx, name, pw, kith.Actor{IP: fmt.Sprintf("192.0.2.%d", guesses), Via: "web"})
			if kith.ErrorCode(err) != kith.EUNAUTHENTICATED {
				t.Fatalf("%s/%s: %v", name, pw, err)
			}
			return kith.ErrorMessage(err)
		}
		// Unknown user, wrong password and disabled account read the same.
		m1, m2, m3 := wrong("nobody", "x"), wrong("ann.ash", "wrong password!"), wrong("ivy.ivy", kithtest.Password)
		if m1 != m2 || m2 != m3 {
			t.Errorf("messages differ: %q %q %q", m1, m2, m3)
		}
		for i := 0; i < sqldb.MaxFailedSignIns; i++ {
			wrong("ben.birch", "not the password")
		}
		wrong("ben.birch", kithtest.Password) // locked now, even with the right password
		kithtest.ClockOf(db).Set(kithtest.Now().Add(sqldb.SignInLockout + time.Minute))
		if _, err := db.Authenticate(ctx, "ben.birch", kithtest.Password, from); err != nil {
			t.Errorf("after the lock-out: %v", err)
		}
		if n := db.RawCount(t, "SELECT COUNT(*) FROM audit_events WHERE action = 'sign_in.failed'"); n < 8 {
			t.Errorf("failed sign-ins audited %d times", n)
		}
	})
}

func TestSessionsTimeOutWhenIdle(t *testing.T) {
	kithtest.EachEngine(t, func(t *testing.T, db *sqldb.DB) {
		c := newCouncil(t, db)
		ctx := context.Background()
		now := time.Date(2026, 11, 23, 9, 0, 0, 0, time.UTC)
		db.Clock = clock.Func(func() time.Time { return now })
		idle := 30 * time.Minute
		token, err := db.CreateSession(ctx, c.Prac1.ID, 12*time.Hour, kith.Actor{Via: "web"})
		if err != nil {
			t.Fatal(err)
		}
		// Active use keeps the session alive past the idle period.
		for i := 0; i < 4; i++ {
			now = now.Add(20 * time.Minute)
			if _, a, err := db.Session(ctx, token, idle, true); err != nil || a.UserID() != c.Prac1.ID {
				t.Fatalf("after %d active periods: %v", i+1, err)
			}
		}
		// Looking at the session without touching it does not extend it.
		now = now.Add(20 * time.Minute)
		if _, _, err := db.Session(ctx, token, idle, false); err != nil {
			t.Fatal(err)
		}
		now = now.Add(11 * time.Minute)
		if _, _, err := db.Session(ctx, token, idle, true); err != sqldb.ErrSessionEnded {
			t.Fatalf("idle session: %v", err)
		}
		// Disabling a user ends their sessions at once.
		token, _ = db.CreateSession(ctx, c.Prac2.ID, 12*time.Hour, kith.Actor{Via: "web"})
		if _, err := db.SetUserDisabled(ctx, kith.SystemActor(), c.Prac2.ID, true); err != nil {
			t.Fatal(err)
		}
		if _, _, err := db.Session(ctx, token, idle, true); err != sqldb.ErrSessionEnded {
			t.Fatalf("disabled user's session: %v", err)
		}
		// Absolute lifetime.
		token, _ = db.CreateSession(ctx, c.TM1.ID, time.Hour, kith.Actor{Via: "web"})
		for i := 0; i < 3; i++ {
			now = now.Add(25 * time.Minute)
			_, _, err = db.Session(ctx, token, idle, true)
		}
		if err != sqldb.ErrSessionEnded {
			t.Fatalf("session past its lifetime: %v", err)
		}
	})
}

func TestAPITokens(t *testing.T) {
	kithtest.EachEngine(t, func(t *testing.T, db *sqldb.DB) {
		c := newCouncil(t, db)
		ctx := context.Background()
		a := c.A(c.Prac1)
		text, tok, err := db.CreateToken(ctx, a, "Reporting script", 0)
		if err != nil {
			t.Fatal(err)
		}
		if !strings.HasPrefix(text, sqldb.TokenPrefix) || len(text) < 40 {
			t.Fatalf("token text %q", text)
		}
		if got, err := db.TokenActor(ctx, text); err != nil || got.UserID() != c.Prac1.ID {
			t.Fatalf("token actor: %v", err)
		}
		// Used again within the minute (its last use is not written
		// again): the token and its actor, roles and teams in one
		// statement, as every API call asks.
		before := db.Statements()
		got, err := db.TokenActor(ctx, text)
		if n := db.Statements() - before; n != 1 {
			t.Errorf("finding a token's actor took %d statements, want 1", n)
		}
		if err != nil || got.UserID() != c.Prac1.ID || !got.User.Has(kith.RolePractitioner) || !slices.Equal(got.MemberTeamIDs, []string{c.T1.ID}) {
			t.Errorf("token actor %+v: %v", got, err)
		}
		if n := db.RawCount(t, "SELECT COUNT(*) FROM api_tokens WHERE token_hash = $1", text); n != 0 {
			t.Fatal("token stored in clear")
		}
		if err := db.RevokeToken(ctx, c.A(c.Prac2), tok.ID); kith.ErrorCode(err) != kith.ENOTFOUND {
			t.Errorf("someone else revoking: %v", err)
		}
		if err := db.RevokeToken(ctx, a, tok.ID); err != nil {
			t.Fatal(err)
		}
		if _, err := db.TokenActor(ctx, text); kith.ErrorCode(err) != kith.EUNAUTHENTICATED {
			t.Errorf("revoked token: %v", err)
		}
		if _, _, err := db.CreateToken(ctx, a, "  ", 0); kith.ErrorFields(err) == nil {
			t.Errorf("nameless token: %v", err)
		}
	})
}

func TestAdministrationOfUsersAndTeams(t *testing.T) {
	kithtest.EachEngine(t, func(t *testing.T, db *sqldb.DB) {
		c := newCouncil(t, db)
		ctx := context.Background()
		admin := c.A(c.Admin)
		// Only administrators administer.
		if _, err := db.CreateUser(ctx, c.A(c.TM1), kith.UserInput{Username: "x", DisplayName: "X", Roles: []kith.Role{kith.RolePractitioner}}); kith.ErrorCode(err) != kith.EFORBIDDEN {
			t.Errorf("manager creating a user: %v", err)
		}
		// Duplicate username.
		_, err := db.CreateUser(ctx, admin, kith.UserInput{Username: "ANN.ASH", DisplayName: "Another Ann", Roles: []kith.Role{kith.RolePractitioner}})
		if f := kith.ErrorFields(err); len(f) != 1 || f[0].Field != "username" {
			t.Errorf("duplicate username: %v", err)
		}
		// A social worker's Social Work England registration number, written
		// loosely, is kept as the register has it; one of another shape is
		// refused against its field.
		u, err := db.CreateUser(ctx, admin, kith.UserInput{Username: "sw.one", DisplayName: "Sam One", SWENumber: " sw 123456 ", Roles: []kith.Role{kith.RolePractitioner}})
		if err != nil || u.SWENumber != "SW123456" {
			t.Fatalf("a registration number: %+v %v", u, err)
		}
		_, err = db.CreateUser(ctx, admin, kith.UserInput{Username: "sw.two", DisplayName: "Sam Two", SWENumber: "123456", Roles: []kith.Role{kith.RolePractitioner}})
		if f := kith.ErrorFields(err); len(f) != 1 || f[0].Field != "swe_number" {
			t.Errorf("a registration number without SW: %v", err)
		}
		// Team managers must hold the role.
		_, err = db.UpdateTeam(ctx, admin, c.T2.ID, kith.TeamInput{Name: "South", ServiceID: c.S1.ID, ManagerIDs: []string{c.Prac1.ID}})
		if f := kith.ErrorFields(err); len(f) != 1 || f[0].Message != "Ann Ash does not hold the team manager role. Give them the role first" {
			t.Errorf("practitioner as team manager: %v", err)
		}
		_, err = db.CreateTeam(ctx, admin, kith.TeamInput{Name: "north", ServiceID: c.S1.ID})
		if f := kith.ErrorFields(err); len(f) != 1 || f[0].Message != "There is already a team called north" {
			t.Errorf("duplicate team: %v", err)
		}
		// Administrators cannot lock themselves out.
		if _, err := db.SetUserDisabled(ctx, admin, c.Admin.ID, true); kith.ErrorCode(err) != kith.EINVALID {
			t.Errorf("disabling yourself: %v", err)
		}
		// A disabled user's history stays attributed to them.
		cs := c.Case(c.A(c.Prac2), "Gil", "Gorse", kithtest.Date(2016, 1, 1), c.T1)
		if _, err := db.SetUserDisabled(ctx, admin, c.Prac2.ID, true); err != nil {
			t.Fatal(err)
		}
		_, log, err := db.AccessLog(ctx, c.A(c.TM1), cs.Reference, kith.AccessLogFilter{})
		if err != nil {
			t.Fatal(err)
		}
		if log[len(log)-1].UserName != "Ben Birch" {
			t.Errorf("history after disabling: %+v", log[len(log)-1])
		}
		// The administrator alone cannot open the case.
		if _, err := db.CaseOverview(ctx, admin, cs.Reference); kith.ErrorCode(err) != kith.ENOTFOUND {
			t.Errorf("administrator opening a case: %v", err)
		}
		// Disabled users are not offered for allocation.
		choices, err := db.AllocationChoices(ctx, c.A(c.TM1))
		if err != nil {
			t.Fatal(err)
		}
		for _, ch := range choices {
			for _, w := range ch.Workers {
				if w.ID == c.Prac2.ID || w.ID == c.Disabled.ID {
					t.Errorf("disabled worker %s offered for allocation", w.Username)
				}
			}
		}
	})
}
