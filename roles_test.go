package kith

import (
	"strings"
	"testing"
)

func TestCheckRoles(t *testing.T) {
	cases := []struct {
		roles []Role
		want  string // part of the message, or "" for none
	}{
		{[]Role{RoleAdministrator}, ""},
		{[]Role{RolePractitioner}, ""},
		{[]Role{RolePractitioner, RoleTeamManager, RoleAuditor}, ""},
		{[]Role{RoleServiceManager, RoleAuditor}, ""},
		{nil, ""},
		{[]Role{RoleAdministrator, RoleAuditor}, "An administrator cannot also be an auditor. Choose administrator or the case roles"},
		{[]Role{RoleAdministrator, RolePractitioner}, "An administrator cannot also be a practitioner."},
		{[]Role{RoleTeamManager, RoleAdministrator}, "cannot also be a team manager."},
		{[]Role{RoleAdministrator, RoleServiceManager}, "cannot also be a service manager."},
		{[]Role{RoleAdministrator, RolePractitioner, RoleAuditor}, "cannot also be a practitioner or auditor."},
		{[]Role{RoleAdministrator, RolePractitioner, RoleTeamManager, RoleServiceManager, RoleAuditor}, "a practitioner, team manager, service manager or auditor."},
	}
	for _, c := range cases {
		var v Validation
		CheckRoles(&v, "roles", c.roles)
		err := v.Err()
		switch {
		case c.want == "" && err != nil:
			t.Errorf("%v: refused: %v", c.roles, ErrorFields(err))
		case c.want != "" && err == nil:
			t.Errorf("%v: allowed, want %q", c.roles, c.want)
		case c.want != "":
			f := ErrorFields(err)
			if len(f) != 1 || f[0].Field != "roles" || !strings.Contains(f[0].Message, c.want) {
				t.Errorf("%v: got %v, want %q", c.roles, f, c.want)
			}
		}
	}
}

func TestReadsCases(t *testing.T) {
	want := map[Role]bool{RolePractitioner: true, RoleTeamManager: true, RoleServiceManager: true, RoleAuditor: true, RoleAdministrator: false,
		// Answering a subject access request reads the whole record.
		RoleInformationGovernance: true}
	for _, r := range Roles {
		if r.ReadsCases() != want[r] {
			t.Errorf("%s: ReadsCases %v, want %v", r, r.ReadsCases(), want[r])
		}
	}
}

func TestOwnAccessChange(t *testing.T) {
	me := &User{ID: "me", Roles: []Role{RoleAdministrator}, TeamIDs: []string{}}
	a := Actor{User: me}
	user := func(roles []Role, teams ...string) *User {
		return &User{ID: "me", Roles: roles, TeamIDs: teams}
	}
	cases := []struct {
		name          string
		a             Actor
		id            string
		before, after *User
		want          string
	}{
		{"own details only", a, "me", user([]Role{RoleAdministrator}), user([]Role{RoleAdministrator}), ""},
		{"own roles, same in another order", a, "me", user([]Role{RoleAdministrator, RoleAuditor}), user([]Role{RoleAuditor, RoleAdministrator}), ""},
		{"own roles widened", a, "me", user([]Role{RoleAdministrator}), user([]Role{RoleAdministrator, RoleAuditor}), "You cannot change your own roles"},
		{"own role dropped", a, "me", user([]Role{RoleAdministrator, RoleAuditor}), user([]Role{RoleAdministrator}), "You cannot change your own roles"},
		{"own roles replaced", a, "me", user([]Role{RoleAdministrator}), user([]Role{RolePractitioner}), "You cannot change your own roles"},
		{"own team added", a, "me", user([]Role{RoleAdministrator}), user([]Role{RoleAdministrator}, "T1"), "You cannot change your own teams"},
		{"own team left", a, "me", user([]Role{RoleAdministrator}, "T1"), user([]Role{RoleAdministrator}), "You cannot change your own teams"},
		{"someone else's roles", a, "you", user([]Role{RolePractitioner}), user([]Role{RoleAuditor}), ""},
		{"the command line", SystemActor(), "me", user([]Role{RoleAdministrator}), user([]Role{RoleAuditor}), ""},
	}
	for _, c := range cases {
		got := OwnAccessChange(c.a, c.id, c.before, c.after)
		if (c.want == "") != (got == "") || !strings.Contains(got, c.want) {
			t.Errorf("%s: got %q, want %q", c.name, got, c.want)
		}
	}
}

func TestOwnManagerChange(t *testing.T) {
	a := Actor{User: &User{ID: "me"}}
	cases := []struct {
		name          string
		a             Actor
		before, after []string
		refused       bool
	}{
		{"others only", a, []string{"x"}, []string{"x", "y"}, false},
		{"adds self", a, []string{"x"}, []string{"x", "me"}, true},
		{"removes self", a, []string{"me"}, nil, true},
		{"keeps self", a, []string{"me"}, []string{"y", "me"}, false},
		{"command line", SystemActor(), nil, []string{"me"}, false},
	}
	for _, c := range cases {
		if got := OwnManagerChange(c.a, c.before, c.after); (got != "") != c.refused {
			t.Errorf("%s: got %q, refused want %v", c.name, got, c.refused)
		}
	}
}

// TestAdministratorsCaseRolesGiveNothing: an account that holds the
// administrator role and a case role (which Kith now refuses to save, but
// older data may hold) reads no case: the case roles count for nothing.
func TestAdministratorsCaseRolesGiveNothing(t *testing.T) {
	for _, r := range Roles {
		if !r.ReadsCases() {
			continue
		}
		for _, rel := range relationships {
			a, c := actorFor([]Role{RoleAdministrator, r}, rel)
			if got := allowed(a, c, DefaultAccessPolicy); got != "-" {
				t.Errorf("administrator+%s, %s: got %s, want hidden", r, rel, got)
			}
			if a.Has(r) || a.HasCaseRole() {
				t.Errorf("administrator+%s: Has(%s) is true", r, r)
			}
			if s := ScopeFor(a, DefaultAccessPolicy); !s.None {
				t.Errorf("administrator+%s: scope %+v, want none", r, s)
			}
		}
	}
}

func TestAccessChanges(t *testing.T) {
	names := func(id string) string { return map[string]string{"T1": "North", "T2": "South"}[id] }
	u := func(roles []Role, teams ...string) *User {
		return &User{ID: "u", DisplayName: "Uma Usk", Roles: roles, TeamIDs: teams}
	}
	describe := func(cs []RoleChange) string {
		var out []string
		for _, c := range cs {
			s := c.Describe()
			if c.ReadsCases {
				s += " (cases)"
			}
			out = append(out, s)
		}
		return strings.Join(out, "; ")
	}
	cases := []struct {
		name          string
		before, after *User
		want          string
	}{
		{"new practitioner", nil, u([]Role{RolePractitioner}, "T1"), "Given the practitioner role (cases); Added to the team North (cases)"},
		{"new administrator", nil, u([]Role{RoleAdministrator}), "Given the administrator role"},
		{"nothing changed", u([]Role{RoleAuditor}), u([]Role{RoleAuditor}), ""},
		{"made auditor, left a team", u([]Role{RolePractitioner}, "T1"), u([]Role{RolePractitioner, RoleAuditor}), "Given the auditor role (cases); Taken out of the team North (cases)"},
		{"moved team", u([]Role{RolePractitioner}, "T1"), u([]Role{RolePractitioner}, "T2"), "Added to the team South (cases); Taken out of the team North (cases)"},
		{"role swapped", u([]Role{RoleTeamManager}), u([]Role{RoleServiceManager}), "Given the service manager role (cases); The team manager role taken away (cases)"},
	}
	for _, c := range cases {
		if got := describe(AccessChanges(c.before, c.after, names)); got != c.want {
			t.Errorf("%s:\n got %q\nwant %q", c.name, got, c.want)
		}
	}
	got := describe(ManagerChanges(GrantTeamManager, "T1", "North", []string{"a", "b"}, []string{"b", "c"}))
	if got != "Made a manager of the team North (cases); No longer a manager of the team North (cases)" {
		t.Errorf("team managers: %q", got)
	}
	got = describe(ManagerChanges(GrantServiceManager, "S1", "Children in need", nil, []string{"c"}))
	if got != "Made a manager of the service Children in need (cases)" {
		t.Errorf("service managers: %q", got)
	}
}

func TestCanSeeRoleChanges(t *testing.T) {
	for _, c := range []struct {
		roles []Role
		want  bool
	}{
		{[]Role{RoleServiceManager}, true},
		{[]Role{RoleAuditor}, true},
		{[]Role{RoleTeamManager}, false},
		{[]Role{RolePractitioner}, false},
		{[]Role{RoleAdministrator}, false},
		{[]Role{RoleAdministrator, RoleAuditor}, false},
	} {
		if got := CanSeeRoleChanges(Actor{User: &User{ID: "x", Roles: c.roles}}); got != c.want {
			t.Errorf("%v: %v, want %v", c.roles, got, c.want)
		}
	}
}

func TestRoleConflict(t *testing.T) {
	for _, c := range []struct {
		roles []Role
		want  bool
	}{
		{[]Role{RoleAdministrator}, false},
		{[]Role{RoleAuditor, RolePractitioner}, false},
		{[]Role{RoleAdministrator, RoleAuditor}, true},
		{[]Role{RoleTeamManager, RoleAdministrator}, true},
	} {
		if got := (&User{Roles: c.roles}).RoleConflict(); got != c.want {
			t.Errorf("%v: %v", c.roles, got)
		}
	}
}
