package kith

import (
	"fmt"
	"kith/internal/testclock"
	"slices"
	"strings"
	"testing"
)

// The case under test belongs to team T1 in service S1.
const (
	caseTeam    = "T1"
	caseService = "S1"
)

// relationships an actor can have to the case.
var relationships = []string{"allocated", "team member", "manages team", "manages service", "none"}

// actorFor builds an actor with the given roles standing in the given
// relationship to the case. Everyone also belongs to an unrelated team T9.
func actorFor(roles []Role, rel string) (Actor, CaseAccessFacts) {
	u := &User{ID: "me", Roles: roles}
	a := Actor{User: u, MemberTeamIDs: []string{"T9"}}
	c := CaseAccessFacts{TeamID: caseTeam, ServiceID: caseService, WorkerID: "someone-else"}
	switch rel {
	case "allocated":
		c.WorkerID = "me"
		a.MemberTeamIDs = append(a.MemberTeamIDs, caseTeam)
	case "team member":
		a.MemberTeamIDs = append(a.MemberTeamIDs, caseTeam)
	case "manages team":
		a.ManagedTeamIDs = []string{caseTeam}
	case "manages service":
		a.ManagedServiceIDs = []string{caseService}
	}
	return a, c
}

// allowed renders the actions allowed as a compact string: V view, E edit,
// M manage, L access log, A manage access; "-" for hidden, "x" for visible
// but nothing else allowed.
func allowed(a Actor, c CaseAccessFacts, p AccessPolicy) string {
	letters := map[Permission]string{ViewCase: "V", EditCase: "E", ManageCase: "M", ViewAccessLog: "L", ManageAccess: "A"}
	var b strings.Builder
	hidden := true
	for _, act := range Permissions {
		d := Decide(a, c, act, p)
		if d.Allowed {
			b.WriteString(letters[act])
		}
		if !d.Hidden {
			hidden = false
		}
	}
	if hidden {
		return "-"
	}
	if b.Len() == 0 {
		return "x"
	}
	return b.String()
}

func TestDecideEveryRoleAndRelationship(t *testing.T) {
	// Rows: role. Columns: relationships, in the order above. This table is
	// the specification of Kith's access rules for an ordinary case.
	want := map[Role][]string{
		//                   allocated team-member manages-team manages-service none
		RolePractitioner:   {"VE", "VE", "-", "-", "-"},
		RoleTeamManager:    {"VE", "-", "VEMLA", "-", "-"},
		RoleServiceManager: {"VE", "-", "-", "VEMLA", "-"},
		RoleAdministrator:  {"-", "-", "-", "-", "-"},
		RoleAuditor:        {"VL", "VL", "VL", "VL", "VL"},
		// Information governance logs requests for a case's record; it
		// does not open the case.
		RoleInformationGovernance: {"-", "-", "-", "-", "-"},
	}
	for _, role := range Roles {
		for i, rel := range relationships {
			a, c := actorFor([]Role{role}, rel)
			if got := allowed(a, c, DefaultAccessPolicy); got != want[role][i] {
				t.Errorf("%s, %s: got %s, want %s", role, rel, got, want[role][i])
			}
		}
	}
}

func TestDecideRestrictedCases(t *testing.T) {
	// A restricted case: only its access list may open it. Being on the
	// list opens it to anyone with a case role; managing it still needs a
	// manager's relationship. Not being on the list hides it from everyone.
	onList := map[Role][]string{
		RolePractitioner:          {"VE", "VE", "VE", "VE", "VE"},
		RoleTeamManager:           {"VE", "VE", "VEMLA", "VE", "VE"},
		RoleServiceManager:        {"VE", "VE", "VE", "VEMLA", "VE"},
		RoleAdministrator:         {"-", "-", "-", "-", "-"},
		RoleAuditor:               {"VL", "VL", "VL", "VL", "VL"},
		RoleInformationGovernance: {"-", "-", "-", "-", "-"},
	}
	for _, role := range Roles {
		for i, rel := range relationships {
			a, c := actorFor([]Role{role}, rel)
			c.Restricted = true
			if got := allowed(a, c, DefaultAccessPolicy); got != "-" {
				t.Errorf("restricted, not on list, %s, %s: got %s, want hidden", role, rel, got)
			}
			c.OnAccessList = true
			if got := allowed(a, c, DefaultAccessPolicy); got != onList[role][i] {
				t.Errorf("restricted, on list, %s, %s: got %s, want %s", role, rel, got, onList[role][i])
			}
		}
	}
}

func TestDecideLockedOutAndDisabled(t *testing.T) {
	all := []Role{RolePractitioner, RoleTeamManager, RoleServiceManager, RoleAdministrator, RoleAuditor}
	for _, rel := range relationships {
		a, c := actorFor(all, rel)
		c.LockedOut = true
		if got := allowed(a, c, DefaultAccessPolicy); got != "-" {
			t.Errorf("locked out, %s: got %s, want hidden", rel, got)
		}
		c.LockedOut = false
		c.Restricted, c.OnAccessList = true, true
		c.LockedOut = true
		if got := allowed(a, c, DefaultAccessPolicy); got != "-" {
			t.Errorf("locked out beats the access list, %s: got %s, want hidden", rel, got)
		}
		a, c = actorFor(all, rel)
		now := testclock.Now()
		a.User.DisabledAt = &now
		if got := allowed(a, c, DefaultAccessPolicy); got != "-" {
			t.Errorf("disabled, %s: got %s, want hidden", rel, got)
		}
	}
	if got := allowed(Actor{}, CaseAccessFacts{TeamID: caseTeam}, DefaultAccessPolicy); got != "-" {
		t.Errorf("no user: got %s, want hidden", got)
	}
}

func TestDecidePolicyKeepsPractitionersToTheirOwnCases(t *testing.T) {
	p := AccessPolicy{PractitionersSeeTeamCases: false}
	for i, rel := range relationships {
		want := []string{"VE", "-", "-", "-", "-"}[i]
		a, c := actorFor([]Role{RolePractitioner}, rel)
		if got := allowed(a, c, p); got != want {
			t.Errorf("own cases only, %s: got %s, want %s", rel, got, want)
		}
	}
}

func TestDecideAuditorWithCaseRoleStillCannotChangeOthersCases(t *testing.T) {
	a, c := actorFor([]Role{RoleAuditor, RolePractitioner}, "team member")
	if got := allowed(a, c, DefaultAccessPolicy); got != "VEL" {
		t.Errorf("auditor+practitioner in the team: got %s, want VEL", got)
	}
}

// TestScopeAgreesWithDecide walks every combination of roles (all 64
// subsets), relationships, restriction, access list, lock-out and policy,
// and checks that list scope and the case page give the same answer.
func TestScopeAgreesWithDecide(t *testing.T) {
	n := 0
	for mask := 0; mask < 1<<len(Roles); mask++ {
		var roles []Role
		for i, r := range Roles {
			if mask&(1<<i) != 0 {
				roles = append(roles, r)
			}
		}
		for _, rel := range relationships {
			for _, flags := range []int{0, 1, 2, 3, 4, 5, 6, 7} {
				for _, p := range []AccessPolicy{{true}, {false}} {
					a, c := actorFor(roles, rel)
					c.Restricted = flags&1 != 0
					c.OnAccessList = flags&2 != 0
					c.LockedOut = flags&4 != 0
					view := Decide(a, c, ViewCase, p).Allowed
					in := ScopeFor(a, p).Includes(c)
					if view != in {
						t.Errorf("roles %v, %s, restricted=%v onList=%v lockedOut=%v, policy %+v: Decide(view)=%v but scope includes=%v",
							roles, rel, c.Restricted, c.OnAccessList, c.LockedOut, p, view, in)
					}
					n++
				}
			}
		}
	}
	if n != 64*5*8*2 {
		t.Fatalf("walked %d combinations", n)
	}
}

func TestDecisionCheck(t *testing.T) {
	for _, tc := range []struct {
		d    Decision
		code string
	}{
		{Decision{Allowed: true}, ""},
		{Decision{Hidden: true}, ENOTFOUND},
		{Decision{}, EFORBIDDEN},
	} {
		if got := ErrorCode(tc.d.Check("Case")); got != tc.code {
			t.Errorf("%+v: got %q, want %q", tc.d, got, tc.code)
		}
	}
}

func TestCanCreateCaseIn(t *testing.T) {
	for _, tc := range []struct {
		roles []Role
		rel   string
		want  bool
	}{
		{[]Role{RolePractitioner}, "team member", true},
		{[]Role{RolePractitioner}, "none", false},
		{[]Role{RoleTeamManager}, "manages team", true},
		{[]Role{RoleTeamManager}, "team member", false},
		{[]Role{RoleServiceManager}, "manages service", true},
		{[]Role{RoleAdministrator}, "team member", false},
		{[]Role{RoleAuditor}, "team member", false},
	} {
		a, _ := actorFor(tc.roles, tc.rel)
		if got := CanCreateCaseIn(a, caseTeam, caseService); got != tc.want {
			t.Errorf("%v %s: got %v, want %v", tc.roles, tc.rel, got, tc.want)
		}
	}
}

func TestTeamWorkAndReportTeams(t *testing.T) {
	teams := []Team{{ID: caseTeam, ServiceID: caseService}, {ID: "T2", ServiceID: caseService}, {ID: "T3", ServiceID: "S2"}}
	for _, tc := range []struct {
		roles    []Role
		rel      string
		teamWork bool
		report   string // the teams whose figures they may read
	}{
		{[]Role{RolePractitioner}, "allocated", false, ""},
		{[]Role{RoleTeamManager}, "manages team", true, "T1"},
		{[]Role{RoleTeamManager}, "team member", true, ""},
		{[]Role{RoleServiceManager}, "manages service", true, "T1 T2"},
		{[]Role{RoleAuditor}, "none", false, "T1 T2 T3"},
		{[]Role{RoleAdministrator}, "none", false, ""},
	} {
		a, _ := actorFor(tc.roles, tc.rel)
		var ids []string
		for _, team := range ReportTeams(a, teams) {
			ids = append(ids, team.ID)
		}
		if CanSeeTeamWork(a) != tc.teamWork || strings.Join(ids, " ") != tc.report {
			t.Errorf("%v %s: team work %v, report teams %q; want %v, %q", tc.roles, tc.rel, CanSeeTeamWork(a), ids, tc.teamWork, tc.report)
		}
	}
}

func TestWritingTeams(t *testing.T) {
	teams := []Team{{ID: caseTeam, ServiceID: caseService}, {ID: "T2", ServiceID: caseService}, {ID: "T3", ServiceID: "S2"}}
	for _, tc := range []struct {
		roles   []Role
		rel     string
		writing string // the teams whose figures they may read
		writers bool   // whether they see each writer's own figures
	}{
		{[]Role{RolePractitioner}, "team member", "T1", false},
		{[]Role{RolePractitioner}, "none", "", false},
		{[]Role{RoleTeamManager}, "manages team", "T1", true},
		{[]Role{RoleServiceManager}, "manages service", "T1 T2", true},
		{[]Role{RoleAuditor}, "none", "T1 T2 T3", false},
		{[]Role{RoleAdministrator}, "none", "", false},
	} {
		a, _ := actorFor(tc.roles, tc.rel)
		var ids []string
		visible := WritingTeams(a, teams)
		for _, team := range visible {
			ids = append(ids, team.ID)
		}
		if strings.Join(ids, " ") != tc.writing || SeesEveryWriter(a, visible) != tc.writers {
			t.Errorf("%v %s: teams %q, every writer %v; want %q, %v", tc.roles, tc.rel, ids, SeesEveryWriter(a, visible), tc.writing, tc.writers)
		}
	}
}

func ExampleDecide() {
	a, c := actorFor([]Role{RolePractitioner}, "team member")
	fmt.Println(Decide(a, c, EditCase, DefaultAccessPolicy).Allowed, Decide(a, c, ManageCase, DefaultAccessPolicy).Allowed)
	// Output: true false
}

func TestSeesRecordFindings(t *testing.T) {
	author := Actor{User: &User{ID: "u-author", Roles: []Role{RolePractitioner}}}
	colleague := Actor{User: &User{ID: "u-colleague", Roles: []Role{RolePractitioner}}}
	manager := Actor{User: &User{ID: "u-manager", Roles: []Role{RoleTeamManager}}}
	for _, c := range []struct {
		name     string
		actor    Actor
		authorID string
		perms    CasePermissions
		want     bool
	}{
		{"the record's author", author, "u-author", CasePermissions{Edit: true}, true},
		{"a colleague who may edit the case", colleague, "u-author", CasePermissions{Edit: true}, false},
		{"the case's manager", manager, "u-author", CasePermissions{Edit: true, Manage: true}, true},
		{"a reader of the case, such as an auditor", Actor{User: &User{ID: "u-auditor", Roles: []Role{RoleAuditor}}}, "u-author", CasePermissions{ViewAccessLog: true}, false},
		{"a record with no author, to a colleague", colleague, "", CasePermissions{Edit: true}, false},
		{"the system, for a record with no author", SystemActor(), "", CasePermissions{}, false},
	} {
		if got := SeesRecordFindings(c.actor, c.authorID, c.perms); got != c.want {
			t.Errorf("%s: %v, want %v", c.name, got, c.want)
		}
	}
}

func TestCoachMayReport(t *testing.T) {
	// The matches the writing coach may report to a practitioner writing on
	// a case of team T1: the rows are the cases the match was found on.
	prac, _ := actorFor([]Role{RolePractitioner}, "team member")
	ownOff := AccessPolicy{PractitionersSeeTeamCases: false}
	for _, c := range []struct {
		name  string
		facts CaseAccessFacts
		p     AccessPolicy
		want  bool
	}{
		{"a case allocated to the writer", CaseAccessFacts{TeamID: "T1", WorkerID: "me"}, DefaultAccessPolicy, true},
		{"a colleague's case in the writer's team", CaseAccessFacts{TeamID: "T1", WorkerID: "someone-else"}, DefaultAccessPolicy, true},
		{"a colleague's case, when practitioners see only their own", CaseAccessFacts{TeamID: "T1", WorkerID: "someone-else"}, ownOff, false},
		{"the writer's own case, when practitioners see only their own", CaseAccessFacts{TeamID: "T1", WorkerID: "me"}, ownOff, true},
		{"another team's case", CaseAccessFacts{TeamID: "T2", ServiceID: "S1", WorkerID: "someone-else"}, DefaultAccessPolicy, false},
		{"a restricted case in the team, not on its list", CaseAccessFacts{TeamID: "T1", Restricted: true}, DefaultAccessPolicy, false},
		{"a restricted case allocated to the writer, not on its list", CaseAccessFacts{TeamID: "T1", WorkerID: "me", Restricted: true}, DefaultAccessPolicy, false},
		{"a restricted case whose list names the writer", CaseAccessFacts{TeamID: "T2", Restricted: true, OnAccessList: true}, DefaultAccessPolicy, true},
		{"a team case the writer is locked out of", CaseAccessFacts{TeamID: "T1", LockedOut: true}, DefaultAccessPolicy, false},
	} {
		if got := CoachMayReport(prac, c.facts, c.p); got != c.want {
			t.Errorf("%s: %v, want %v", c.name, got, c.want)
		}
	}
	// Whatever the roles, relationship, restriction and policy, the coach
	// reports a match exactly when the writer may open its case.
	for mask := 0; mask < 1<<len(Roles); mask++ {
		var roles []Role
		for i, r := range Roles {
			if mask&(1<<i) != 0 {
				roles = append(roles, r)
			}
		}
		for _, rel := range relationships {
			for flags := range 8 {
				for _, p := range []AccessPolicy{{true}, {false}} {
					a, c := actorFor(roles, rel)
					c.Restricted, c.OnAccessList, c.LockedOut = flags&1 != 0, flags&2 != 0, flags&4 != 0
					if got, view := CoachMayReport(a, c, p), Decide(a, c, ViewCase, p).Allowed; got != view {
						t.Errorf("roles %v, %s, flags %d, policy %+v: coach reports %v, may open %v", roles, rel, flags, p, got, view)
					}
				}
			}
		}
	}
}

func TestFiguresCount(t *testing.T) {
	for _, c := range []struct {
		name  string
		facts CaseAccessFacts
		want  bool
	}{
		{"an ordinary case", CaseAccessFacts{TeamID: "T1"}, true},
		{"a restricted case whose list names the reader", CaseAccessFacts{TeamID: "T1", Restricted: true, OnAccessList: true}, true},
		{"a restricted case whose list does not name the reader", CaseAccessFacts{TeamID: "T1", Restricted: true}, false},
		{"a case the reader is locked out of", CaseAccessFacts{TeamID: "T1", LockedOut: true}, false},
		{"a restricted case naming the reader, who is also locked out", CaseAccessFacts{TeamID: "T1", Restricted: true, OnAccessList: true, LockedOut: true}, false},
	} {
		if got := FiguresCount(c.facts); got != c.want {
			t.Errorf("%s: %v, want %v", c.name, got, c.want)
		}
	}
	// For a case of a team whose figures the reader may read, its records
	// count exactly when the reader may open it (the council's default
	// policy; see FiguresCount for the two choices beyond it).
	teams := []Team{{ID: caseTeam, ServiceID: caseService}, {ID: "T9", ServiceID: "S9"}}
	n := 0
	for mask := 0; mask < 1<<len(Roles); mask++ {
		var roles []Role
		for i, r := range Roles {
			if mask&(1<<i) != 0 {
				roles = append(roles, r)
			}
		}
		for _, rel := range relationships {
			for flags := range 8 {
				a, c := actorFor(roles, rel)
				c.Restricted, c.OnAccessList, c.LockedOut = flags&1 != 0, flags&2 != 0, flags&4 != 0
				// Readers through ReportTeams, and practitioners reading their
				// own team's writing figures.
				reads := slices.ContainsFunc(ReportTeams(a, teams), func(t Team) bool { return t.ID == caseTeam }) ||
					a.Has(RolePractitioner) && slices.ContainsFunc(WritingTeams(a, teams), func(t Team) bool { return t.ID == caseTeam })
				if !reads {
					continue
				}
				n++
				if got, view := FiguresCount(c), Decide(a, c, ViewCase, DefaultAccessPolicy).Allowed; got != view {
					t.Errorf("roles %v, %s, flags %d: figures count the case %v, may open it %v", roles, rel, flags, got, view)
				}
			}
		}
	}
	if n == 0 {
		t.Fatal("no reader of the case's team's figures was walked")
	}
	// The choice for members of a team who may not open its cases (a
	// practitioner kept to their own, a member holding only a manager's
	// role for other teams): a colleague's case counts in the team's
	// writing figures; a restricted one still does not.
	prac, colleague := actorFor([]Role{RolePractitioner}, "team member")
	own := AccessPolicy{PractitionersSeeTeamCases: false}
	if Decide(prac, colleague, ViewCase, own).Allowed || !FiguresCount(colleague) {
		t.Error("a colleague's case, for a practitioner kept to their own cases: want not opened, but counted")
	}
	colleague.Restricted = true
	if FiguresCount(colleague) {
		t.Error("a restricted colleague's case counts in a practitioner's team figures")
	}
}
