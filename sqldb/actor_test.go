package sqldb_test

import (
	"context"
	"slices"
	"testing"
	"time"

	"kith"
	"kith/internal/kithtest"
	"kith/sqldb"
)

// Every page starts by finding its session and the actor it signs in, so
// that costs one statement (one round trip to PostgreSQL), and it must
// still carry every role, team and managed team and service, in order.
func TestSessionAndActorInOneStatement(t *testing.T) {
	kithtest.EachEngine(t, func(t *testing.T, db *sqldb.DB) {
		c := newCouncil(t, db)
		ctx := context.Background()
		// A user with two roles, two teams, two managed teams and both
		// services, given in the opposite of their sorted order.
		many := c.User("kim.kale", []kith.Role{kith.RoleServiceManager, kith.RoleTeamManager}, c.T3, c.T2, c.T1)
		c.Manage(c.T3, c.TM3, many)
		c.Manage(c.T2, many)
		c.ManageService(c.S2, many)
		c.ManageService(c.S1, c.SM1, many)
		token, err := db.CreateSession(ctx, many.ID, 12*time.Hour, kith.Actor{Via: "web"})
		if err != nil {
			t.Fatal(err)
		}
		sorted := func(ids ...string) []string { slices.Sort(ids); return ids }
		check := func(how string, a kith.Actor) {
			t.Helper()
			if a.UserID() != many.ID || a.User.Username != "kim.kale" || a.User.DisplayName != many.DisplayName || !a.User.HasPassword || a.User.DisabledAt != nil {
				t.Errorf("%s: user %+v", how, a.User)
			}
			if want := []kith.Role{kith.RoleTeamManager, kith.RoleServiceManager}; !slices.Equal(a.User.Roles, want) {
				t.Errorf("%s: roles %v, want %v", how, a.User.Roles, want)
			}
			if want := sorted(c.T1.ID, c.T2.ID, c.T3.ID); !slices.Equal(a.MemberTeamIDs, want) || !slices.Equal(a.User.TeamIDs, want) {
				t.Errorf("%s: member of %v, want %v", how, a.MemberTeamIDs, want)
			}
			if want := sorted(c.T2.ID, c.T3.ID); !slices.Equal(a.ManagedTeamIDs, want) {
				t.Errorf("%s: manages teams %v, want %v", how, a.ManagedTeamIDs, want)
			}
			if want := sorted(c.S1.ID, c.S2.ID); !slices.Equal(a.ManagedServiceIDs, want) {
				t.Errorf("%s: manages services %v, want %v", how, a.ManagedServiceIDs, want)
			}
		}
		before := db.Statements()
		_, a, err := db.Session(ctx, token, time.Hour, false)
		if err != nil {
			t.Fatal(err)
		}
		if n := db.Statements() - before; n != 1 {
			t.Errorf("finding a session and its actor took %d statements, want 1", n)
		}
		check("session", a)
		before = db.Statements()
		a, err = db.Actor(ctx, many.ID)
		if err != nil {
			t.Fatal(err)
		}
		if n := db.Statements() - before; n != 1 {
			t.Errorf("loading an actor took %d statements, want 1", n)
		}
		check("actor", a)

		// Someone with no team and nothing to manage gets empty lists,
		// not nil ones (the API writes them as []).
		a = c.Actor(c.Auditor)
		if a.MemberTeamIDs == nil || len(a.MemberTeamIDs) != 0 || a.ManagedTeamIDs == nil || a.ManagedServiceIDs == nil || a.User.TeamIDs == nil {
			t.Errorf("auditor's lists: %#v", a)
		}
		if _, err := db.Actor(ctx, "no-such-user"); kith.ErrorCode(err) != kith.ENOTFOUND {
			t.Errorf("unknown user: %v", err)
		}

		// A change of teams shows on the very next page.
		c.Manage(c.T2)
		if _, a, err = db.Session(ctx, token, time.Hour, false); err != nil {
			t.Fatal(err)
		}
		if want := []string{c.T3.ID}; !slices.Equal(a.ManagedTeamIDs, want) {
			t.Errorf("after T2's manager was removed: manages %v, want %v", a.ManagedTeamIDs, want)
		}
	})
}
