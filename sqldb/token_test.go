package sqldb_test

import (
	"context"
	"testing"
	"time"

	"kith"
	"kith/internal/kithtest"
	"kith/sqldb"
)

// TestTokensStayRevoked: disabling a user revokes their API tokens, and
// enabling them again does not bring the tokens back; setting a new
// password with a one-time link revokes them too.
func TestTokensStayRevoked(t *testing.T) {
	kithtest.EachEngine(t, func(t *testing.T, db *sqldb.DB) {
		c := newCouncil(t, db)
		ctx := context.Background()
		admin := c.A(c.Admin)
		text, _, err := db.CreateToken(ctx, c.A(c.Prac1), "Script", time.Hour)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := db.SetUserDisabled(ctx, admin, c.Prac1.ID, true); err != nil {
			t.Fatal(err)
		}
		if _, err := db.SetUserDisabled(ctx, admin, c.Prac1.ID, false); err != nil {
			t.Fatal(err)
		}
		if _, err := db.TokenActor(ctx, text); kith.ErrorCode(err) != kith.EUNAUTHENTICATED {
			t.Errorf("a token from before the account was disabled works again after enabling it: %v", err)
		}

		text, _, err = db.CreateToken(ctx, c.A(c.Prac2), "Script", time.Hour)
		if err != nil {
			t.Fatal(err)
		}
		session, err := db.CreateSession(ctx, c.Prac2.ID, time.Hour, kith.Actor{Via: "web"})
		if err != nil {
			t.Fatal(err)
		}
		code, _, err := db.IssuePasswordReset(ctx, admin, c.Prac2.ID)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := db.TokenActor(ctx, text); err != nil {
			t.Errorf("issuing a link alone stopped the token: %v", err)
		}
		if n := db.RawCount(t, "SELECT COUNT(*) FROM password_resets WHERE code_hash = $1", code); n != 0 {
			t.Errorf("the code is stored as it is")
		}
		if _, err := db.RedeemPasswordReset(ctx, code, "tulip-harbour-kettle", kith.Actor{Via: "web"}); err != nil {
			t.Fatal(err)
		}
		if _, err := db.TokenActor(ctx, text); kith.ErrorCode(err) != kith.EUNAUTHENTICATED {
			t.Errorf("token after a password reset: %v", err)
		}
		if _, _, err := db.Session(ctx, session, time.Hour, false); err != sqldb.ErrSessionEnded {
			t.Errorf("session after a password reset: %v", err)
		}
		tokens, err := db.Tokens(ctx, admin, c.Prac2.ID)
		if err != nil || len(tokens) != 1 || tokens[0].RevokedReason != "password reset" {
			t.Errorf("tokens after a password reset: %+v %v", tokens, err)
		}
	})
}

// TestTokensExpire: a token lasts no longer than the council's longest
// lifetime, even one made before tokens had to expire.
func TestTokensExpire(t *testing.T) {
	kithtest.EachEngine(t, func(t *testing.T, db *sqldb.DB) {
		c := newCouncil(t, db)
		ctx := context.Background()
		clock := kithtest.ClockOf(db)
		clock.Freeze(kithtest.Now())
		start := db.Now()
		db.TokenLifetime = 7 * 24 * time.Hour
		long, tok, err := db.CreateToken(ctx, c.A(c.Prac1), "Asks for a year", 365*24*time.Hour)
		if err != nil {
			t.Fatal(err)
		}
		if want := start.Add(db.TokenLifetime); tok.ExpiresAt == nil || !tok.ExpiresAt.Equal(want.Truncate(time.Microsecond)) && !tok.ExpiresAt.Equal(want) {
			t.Errorf("expires %v, want %v", tok.ExpiresAt, want)
		}
		clock.Add(7*24*time.Hour - time.Minute)
		if _, err := db.TokenActor(ctx, long); err != nil {
			t.Errorf("a minute before it expires: %v", err)
		}
		clock.Add(2 * time.Minute)
		if _, err := db.TokenActor(ctx, long); kith.ErrorCode(err) != kith.EUNAUTHENTICATED {
			t.Errorf("after the longest lifetime: %v", err)
		}
	})
}

// TestAdministratorsManageAnyonesTokens: an administrator lists and
// revokes another user's tokens; nobody else can.
func TestAdministratorsManageAnyonesTokens(t *testing.T) {
	kithtest.EachEngine(t, func(t *testing.T, db *sqldb.DB) {
		c := newCouncil(t, db)
		ctx := context.Background()
		text, tok, err := db.CreateToken(ctx, c.A(c.Prac1), "Script", time.Hour)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := db.Tokens(ctx, c.A(c.Prac2), c.Prac1.ID); kith.ErrorCode(err) != kith.ENOTFOUND {
			t.Errorf("a colleague listing tokens: %v", err)
		}
		if err := db.RevokeToken(ctx, c.A(c.TM1), tok.ID); kith.ErrorCode(err) != kith.ENOTFOUND {
			t.Errorf("a manager revoking: %v", err)
		}
		list, err := db.Tokens(ctx, c.A(c.Admin), c.Prac1.ID)
		if err != nil || len(list) != 1 || list[0].ID != tok.ID {
			t.Fatalf("administrator's list: %+v %v", list, err)
		}
		if err := db.RevokeToken(ctx, c.A(c.Admin), tok.ID); err != nil {
			t.Fatal(err)
		}
		if _, err := db.TokenActor(ctx, text); kith.ErrorCode(err) != kith.EUNAUTHENTICATED {
			t.Errorf("revoked by an administrator: %v", err)
		}
		list, _ = db.Tokens(ctx, c.A(c.Prac1), c.Prac1.ID)
		if len(list) != 1 || list[0].RevokedReason != "revoked by an administrator" {
			t.Errorf("owner's list: %+v", list)
		}
	})
}
