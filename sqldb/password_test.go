package sqldb_test

import (
	"context"
	"strconv"
	"strings"
	"testing"
	"time"

	"kith"
	"kith/internal/kithtest"
	"kith/sqldb"
)

// TestWeakPasswordsAreRefused: the passwords the outside probe set (any 12
// characters) are refused where a password can still be chosen at
// creation, the command line's `kith user add`.
func TestWeakPasswordsAreRefused(t *testing.T) {
	kithtest.EachEngine(t, func(t *testing.T, db *sqldb.DB) {
		ctx := context.Background()
		for pw, want := range map[string]string{
			"aaaaaaaaaaaa":      "one character or a short pattern repeated",
			"password1234":      "list of common passwords",
			"zed.zinnia2026":    "your username or your name",
			"Zinnia-the-great!": "your username or your name",
		} {
			_, err := db.CreateUser(ctx, kith.SystemActor(), kith.UserInput{Username: "zed.zinnia", DisplayName: "Zed Zinnia", Roles: []kith.Role{kith.RolePractitioner}, Password: pw})
			f := kith.ErrorFields(err)
			if len(f) != 1 || f[0].Field != "password" || !strings.Contains(f[0].Message, want) {
				t.Errorf("%q: %v, want %q", pw, err, want)
			}
		}
		if _, err := db.CreateUser(ctx, kith.SystemActor(), kith.UserInput{Username: "zed.zinnia", DisplayName: "Zed Zinnia", Roles: []kith.Role{kith.RolePractitioner}, Password: "tulip-harbour-kettle"}); err != nil {
			t.Errorf("a good password: %v", err)
		}
	})
}

// TestSignInThrottledByAddress: failed sign-ins from one address, whatever
// the usernames, make that address wait, longer each time; the account
// they aimed at is not locked by them, and its owner signs in from
// elsewhere. The count is in the database, shared by every server.
func TestSignInThrottledByAddress(t *testing.T) {
	kithtest.EachEngine(t, func(t *testing.T, db *sqldb.DB) {
		c := newCouncil(t, db)
		ctx := context.Background()
		clock := kithtest.ClockOf(db)
		clock.Freeze(kithtest.Now())
		guesser := kith.Actor{IP: "198.51.100.7", Via: "web"}
		for i, name := range []string{"ben.birch", "nobody", "ben.birch", "ben.birch", "ann.ash"} {
			if _, err := db.Authenticate(ctx, name, "wrong guess "+itoa(i), guesser); kith.ErrorCode(err) != kith.EUNAUTHENTICATED {
				t.Fatalf("guess %d: %v", i, err)
			}
		}
		// The sixth try waits a minute, even with the right password.
		if _, err := db.Authenticate(ctx, "ben.birch", "wrong guess 6", guesser); kith.ErrorCode(err) != kith.EUNAUTHENTICATED {
			t.Fatalf("sixth guess: %v", err)
		}
		_, err := db.Authenticate(ctx, "ben.birch", kithtest.Password, guesser)
		if kith.ErrorCode(err) != kith.ETOOMANY || !strings.Contains(kith.ErrorMessage(err), "Wait 1 minute") {
			t.Fatalf("from the guessing address: %v", err)
		}
		// Ben, elsewhere, is not locked out.
		if u, err := db.Authenticate(ctx, "ben.birch", kithtest.Password, kith.Actor{IP: "203.0.113.9", Via: "web"}); err != nil || u.ID != c.Prac2.ID {
			t.Fatalf("Ben from his own address: %v", err)
		}
		// A minute on, the next failure costs two.
		clock.Add(time.Minute)
		if _, err := db.Authenticate(ctx, "ann.ash", "wrong again", guesser); kith.ErrorCode(err) != kith.EUNAUTHENTICATED {
			t.Fatalf("after the wait: %v", err)
		}
		if _, err := db.Authenticate(ctx, "ann.ash", kithtest.Password, guesser); !strings.Contains(kith.ErrorMessage(err), "Wait 2 minutes") {
			t.Fatalf("after another failure: %v", err)
		}
		// Another server on the same database sees the same count; the
		// same IPv6 /64 is one address.
		clock.Add(2 * time.Minute)
		six := kith.Actor{IP: "2001:db8:5:6::1", Via: "web"}
		for i := 0; i < 6; i++ {
			db.Authenticate(ctx, "nobody", "guess", kith.Actor{IP: "2001:db8:5:6::" + itoa(100+i), Via: "web"})
		}
		if _, err := db.Authenticate(ctx, "ann.ash", kithtest.Password, six); kith.ErrorCode(err) != kith.ETOOMANY {
			t.Errorf("a /64 spread over addresses: %v", err)
		}
		// Two quiet hours and it is forgotten.
		clock.Add(2 * time.Hour)
		if _, err := db.Authenticate(ctx, "ann.ash", kithtest.Password, guesser); err != nil {
			t.Errorf("two hours later: %v", err)
		}
	})
}

func itoa(i int) string { return strconv.Itoa(i) }
