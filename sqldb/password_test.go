package sqldb_test

import (
	"context"
	"strings"
	"testing"

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
