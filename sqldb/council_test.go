package sqldb_test

import (
	"testing"

	"kith"
	"kith/internal/kithtest"
	"kith/sqldb"
)

// council is a small council for storage tests: two services, three
// teams, and a user in every role.
type council struct {
	*kithtest.Fixture
	S1, S2                             *kith.Service
	T1, T2, T3                         *kith.Team
	Prac1, Prac2, Prac3, TM1, TM3, SM1 *kith.User
	Admin, Auditor, Disabled           *kith.User
}

func newCouncil(t *testing.T, db *sqldb.DB) *council {
	f := kithtest.NewFixture(t, db)
	c := &council{Fixture: f}
	c.S1, c.S2 = f.Service("Children in need"), f.Service("Looked after")
	c.T1, c.T2, c.T3 = f.Team("North", c.S1), f.Team("South", c.S1), f.Team("Fostering", c.S2)
	P, TM, SM := []kith.Role{kith.RolePractitioner}, []kith.Role{kith.RoleTeamManager}, []kith.Role{kith.RoleServiceManager}
	c.Prac1, c.Prac2, c.Prac3 = f.User("ann.ash", P, c.T1), f.User("ben.birch", P, c.T1), f.User("cat.cedar", P, c.T3)
	c.TM1, c.TM3 = f.User("dee.daw", TM, c.T1), f.User("eve.elm", TM, c.T3)
	c.SM1 = f.User("fay.fir", SM)
	c.Admin = f.User("gus.gale", []kith.Role{kith.RoleAdministrator})
	c.Auditor = f.User("hal.holt", []kith.Role{kith.RoleAuditor})
	c.Disabled = f.User("ivy.ivy", P, c.T1)
	f.Manage(c.T1, c.TM1)
	f.Manage(c.T3, c.TM3)
	f.ManageService(c.S1, c.SM1)
	if _, err := db.SetUserDisabled(f.Ctx, kith.SystemActor(), c.Disabled.ID, true); err != nil {
		t.Fatal(err)
	}
	return c
}

func (c *council) A(u *kith.User) kith.Actor { return c.Actor(u) }
