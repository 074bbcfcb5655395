package kith

import "slices"

// Actor is who is asking: the signed-in user, the teams and services they
// belong to or manage, and where the request came from (kept in the audit
// log). Every service call that touches a case takes an Actor.
type Actor struct {
	User              *User
	MemberTeamIDs     []string
	ManagedTeamIDs    []string
	ManagedServiceIDs []string

	IP        string
	UserAgent string
	RequestID string
	Via       string // "web", "api" or "cli"

	// System marks Kith itself acting for an operator at the command line
	// (`kith user add`, `kith demo`): it may administer users and load
	// demo data but, like an administrator, sees no case content.
	System bool
}

// SystemActor is the operator at the command line.
func SystemActor() Actor { return Actor{System: true, Via: "cli"} }

// UserID returns the actor's user id, or "" for the system.
func (a Actor) UserID() string {
	if a.User == nil {
		return ""
	}
	return a.User.ID
}

// Has reports whether the actor holds the role (and is an active user).
// An administrator's case-reading roles count for nothing: Kith refuses
// to save that mix (CheckRoles), and an account saved with it before
// reads no case rather than every case.
func (a Actor) Has(r Role) bool {
	if a.User == nil || !a.User.Active() || !a.User.Has(r) {
		return false
	}
	return !r.ReadsCases() || !a.User.Has(RoleAdministrator)
}

// HasCaseRole reports whether the actor holds a role that works on cases.
func (a Actor) HasCaseRole() bool {
	return a.Has(RolePractitioner) || a.Has(RoleTeamManager) || a.Has(RoleServiceManager)
}

// Permission is something a user may want to do to a case.
type Permission string

// The case permissions.
const (
	// ViewCase: open the case, its people, network and history.
	ViewCase Permission = "view"
	// EditCase: add and change people, relationships, professionals,
	// warnings and status periods (and, later, records).
	EditCase Permission = "edit"
	// ManageCase: allocate, transfer, close and reopen.
	ManageCase Permission = "manage"
	// ViewAccessLog: see who viewed or changed the case.
	ViewAccessLog Permission = "access_log"
	// ManageAccess: restrict the case and keep its access and lock-out lists.
	ManageAccess Permission = "manage_access"
)

// Permissions lists every case permission; the access table test walks them all.
var Permissions = []Permission{ViewCase, EditCase, ManageCase, ViewAccessLog, ManageAccess}

// CaseAccessFacts are the facts about one case that access depends on,
// already resolved for one actor.
type CaseAccessFacts struct {
	TeamID     string
	ServiceID  string
	WorkerID   string
	Restricted bool
	// OnAccessList: the actor is named on the restricted case's access list.
	OnAccessList bool
	// LockedOut: the actor is named as locked out of this case.
	LockedOut bool
}

// KeptFrom reports whether these facts keep the actor from the case
// whatever their role or team: they are locked out of it, or it is
// restricted and its access list does not name them (Decide's rules 2
// and 3).
func (c CaseAccessFacts) KeptFrom() bool { return c.LockedOut || c.Restricted && !c.OnAccessList }

// FiguresCount reports whether a case's records count in the figures an
// actor reads for a team they may read figures for (ReportTeams for the
// record-timeliness report and the team view's records this month,
// WritingTeams for the writing coach's team view): every count, total,
// rate and worker's row leaves out a case the actor is kept from. A
// restricted case is one nobody off its list may learn exists, so its
// records must not move a figure either. For the cases of those teams
// this is exactly "the cases the actor may open" (the table test holds it
// to Decide), with two choices made on purpose:
//   - figures are kept by the team a record was finalised in: a case
//     since transferred to a team the reader does not manage still counts
//     in the team's past months, which the reader could open then, and
//     none of its later records reach those figures;
//   - a member of a team reads its writing figures whole even where they
//     may not open all its cases (the council keeps practitioners to their
//     own cases, or they manage other teams): the figures are the team's,
//     for learning together, and name no child. Only what they are kept
//     from is left out.
func FiguresCount(c CaseAccessFacts) bool { return !c.KeptFrom() }

// AccessPolicy holds the council's choices about access.
type AccessPolicy struct {
	// PractitionersSeeTeamCases lets practitioners open the cases of the
	// teams they belong to, not only their own (the default: colleagues
	// cover for each other, and the guidance asks that cases be
	// "holiday-proof").
	PractitionersSeeTeamCases bool
}

// DefaultAccessPolicy is the policy a new council starts with.
var DefaultAccessPolicy = AccessPolicy{PractitionersSeeTeamCases: true}

// Decision is the answer to "may this actor do this to this case?". When
// Allowed is false and Hidden is true, the case must be answered exactly as
// if it did not exist.
type Decision struct {
	Allowed bool
	Hidden  bool
	Reason  string
}

// relation is how an actor stands to a case, before roles are considered.
type relation struct {
	allocated, teamMember, teamManager, serviceManager bool
}

func relate(a Actor, c CaseAccessFacts) relation {
	return relation{
		allocated:      c.WorkerID != "" && c.WorkerID == a.UserID(),
		teamMember:     contains(a.MemberTeamIDs, c.TeamID),
		teamManager:    contains(a.ManagedTeamIDs, c.TeamID),
		serviceManager: c.ServiceID != "" && contains(a.ManagedServiceIDs, c.ServiceID),
	}
}

// Decide is the one place that decides whether an actor may do an action to
// a case. Every handler and every storage call goes through it (lists and
// search go through CaseScope, which the tests hold to the same answers).
//
// The rules, in order:
//  1. A disabled or unknown user may do nothing.
//  2. Someone locked out of a case may do nothing to it, and it is hidden.
//  3. A restricted case is hidden from everyone not on its access list.
//  4. Auditors may view any case they are not kept from by 2 or 3, and see
//     its access log; they never change anything.
//  5. Practitioners may view and edit cases allocated to them and, when the
//     policy allows, their teams' cases.
//  6. Team managers may do everything to the cases of the teams they
//     manage; service managers to the cases of their service's teams.
//  7. Whoever is allocated a case may view and edit it, whatever their role,
//     as long as they hold a case role.
//  8. On a restricted case, being on the access list lets a holder of a case
//     role view and edit it; managing it still needs rule 6.
//  9. Administrators manage users, not cases: the administrator role
//     gives no access to case content, and an account that holds it has
//     its case roles ignored (Actor.Has).
func Decide(a Actor, c CaseAccessFacts, action Permission, p AccessPolicy) Decision {
	if a.User == nil || !a.User.Active() {
		return Decision{Hidden: true, Reason: "not signed in or account disabled"}
	}
	if c.LockedOut {
		return Decision{Hidden: true, Reason: "locked out of this case"}
	}
	if c.Restricted && !c.OnAccessList {
		return Decision{Hidden: true, Reason: "restricted case; not on its access list"}
	}
	r := relate(a, c)
	caseRole := a.HasCaseRole()
	manages := (a.Has(RoleTeamManager) && r.teamManager) || (a.Has(RoleServiceManager) && r.serviceManager)
	works := manages ||
		(caseRole && r.allocated) ||
		(a.Has(RolePractitioner) && r.teamMember && p.PractitionersSeeTeamCases) ||
		(caseRole && c.Restricted && c.OnAccessList)
	audits := a.Has(RoleAuditor)

	var ok bool
	switch action {
	case ViewCase:
		ok = works || audits
	case EditCase:
		ok = works
	case ManageCase, ManageAccess:
		ok = manages
	case ViewAccessLog:
		ok = manages || audits
	}
	if ok {
		return Decision{Allowed: true}
	}
	if works || audits {
		// They can see the case, so say plainly that they may not do this.
		return Decision{Reason: "role does not allow " + string(action)}
	}
	return Decision{Hidden: true, Reason: "no relationship to this case"}
}

// Check turns a decision into the error a service returns: not found when
// the case is hidden, forbidden when it is visible but the action is not
// allowed.
func (d Decision) Check(what string) error {
	switch {
	case d.Allowed:
		return nil
	case d.Hidden:
		return NotFound(what)
	}
	return Errorf(EFORBIDDEN, "You do not have permission to do that on this case. Ask your team manager if you need to.")
}

// CaseScope says which cases an actor can see in lists and search. It is the
// set form of Decide(…, ViewCase, …): storage turns it into a WHERE clause,
// and the access tests check that Includes agrees with Decide for every
// combination, so a list never shows what the case page would refuse.
type CaseScope struct {
	UserID string
	// None: the actor sees no cases at all (not signed in, disabled, or
	// holding only the administrator role).
	None bool
	// All: every case, subject to restrictions and lock-outs (auditors).
	All bool
	// Allocated: cases allocated to UserID.
	Allocated bool
	// TeamIDs: cases of these teams (practitioner membership and teams
	// managed).
	TeamIDs []string
	// ServiceIDs: cases of the teams in these services.
	ServiceIDs []string
	// RestrictedOnList: restricted cases whose access list names UserID are
	// visible (rule 8).
	RestrictedOnList bool
}

// ScopeFor returns the actor's case scope under the policy.
func ScopeFor(a Actor, p AccessPolicy) CaseScope {
	if a.User == nil || !a.User.Active() {
		return CaseScope{None: true}
	}
	s := CaseScope{UserID: a.User.ID, All: a.Has(RoleAuditor)}
	caseRole := a.HasCaseRole()
	if !caseRole && !s.All {
		return CaseScope{None: true, UserID: a.User.ID}
	}
	s.Allocated = caseRole
	s.RestrictedOnList = caseRole
	if a.Has(RolePractitioner) && p.PractitionersSeeTeamCases {
		s.TeamIDs = append(s.TeamIDs, a.MemberTeamIDs...)
	}
	if a.Has(RoleTeamManager) {
		for _, t := range a.ManagedTeamIDs {
			if !contains(s.TeamIDs, t) {
				s.TeamIDs = append(s.TeamIDs, t)
			}
		}
	}
	if a.Has(RoleServiceManager) {
		s.ServiceIDs = append(s.ServiceIDs, a.ManagedServiceIDs...)
	}
	return s
}

// Includes reports whether a case with these facts is in the scope. Storage
// implements the same test in SQL; this form exists so the two can be held
// to Decide by tests.
func (s CaseScope) Includes(c CaseAccessFacts) bool {
	if s.None || c.LockedOut || (c.Restricted && !c.OnAccessList) {
		return false
	}
	return s.All ||
		(s.Allocated && c.WorkerID != "" && c.WorkerID == s.UserID) ||
		contains(s.TeamIDs, c.TeamID) ||
		(c.ServiceID != "" && contains(s.ServiceIDs, c.ServiceID)) ||
		(s.RestrictedOnList && c.Restricted && c.OnAccessList)
}

// CanCreateCaseIn reports whether the actor may open a new case in a team:
// practitioners in their own teams, team managers in the teams they manage,
// service managers in their service's teams.
func CanCreateCaseIn(a Actor, teamID, serviceID string) bool {
	return (a.Has(RolePractitioner) && contains(a.MemberTeamIDs, teamID)) ||
		(a.Has(RoleTeamManager) && contains(a.ManagedTeamIDs, teamID)) ||
		(a.Has(RoleServiceManager) && contains(a.ManagedServiceIDs, serviceID))
}

// CanSetTimeliness reports whether the actor may change the council's
// working-day calendar and clocks: administrators and service managers.
func CanSetTimeliness(a Actor) bool {
	return a.System || a.Has(RoleAdministrator) || a.Has(RoleServiceManager)
}

// CanAdminister reports whether the actor manages users, teams and services.
func CanAdminister(a Actor) bool { return a.System || a.Has(RoleAdministrator) }

func contains(list []string, s string) bool {
	if s == "" {
		return false
	}
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// CanSeeTeamWork reports whether the actor may see a team's work lists
// (what is overdue and due on its cases, per worker): team and service
// managers, for the teams their scope covers.
func CanSeeTeamWork(a Actor) bool {
	return a.Has(RoleTeamManager) || a.Has(RoleServiceManager)
}

// WritingTeams are the teams whose writing-coach figures the actor may
// read: those they report on (ReportTeams), and the teams they belong to,
// whose members learn from their team's figures together.
func WritingTeams(a Actor, teams []Team) []Team {
	reported := ReportTeams(a, teams)
	var out []Team
	for _, t := range teams {
		if slices.ContainsFunc(reported, func(r Team) bool { return r.ID == t.ID }) || slices.Contains(a.MemberTeamIDs, t.ID) {
			out = append(out, t)
		}
	}
	return out
}

// SeesEveryWriter reports whether the actor may see each writer's own
// figures for all these teams: only their manager may (a team manager of
// the team, or a service manager of its service). Anyone else sees their
// own alone; an auditor sees the teams' figures and no one's own.
func SeesEveryWriter(a Actor, teams []Team) bool {
	for _, t := range teams {
		if !(a.Has(RoleTeamManager) && slices.Contains(a.ManagedTeamIDs, t.ID) ||
			a.Has(RoleServiceManager) && slices.Contains(a.ManagedServiceIDs, t.ServiceID)) {
			return false
		}
	}
	return len(teams) > 0
}

// SeesRecordFindings reports whether the actor may read what the writing
// coach kept with a final record (its findings and their dismissals): the
// record's author, and whoever manages the case. The coach is for
// learning, not surveillance, so other readers of the record see only the
// record.
func SeesRecordFindings(a Actor, authorID string, p CasePermissions) bool {
	return authorID != "" && a.UserID() == authorID || p.Manage
}

// CoachScope is the set of cases the writing coach may tell a writer that
// their note matches: a person in the case's child's network (by name,
// NHS number, phone number, address or the case's reference) or a passage
// of one of its final records. It is the cases the writer may open
// (ScopeFor), and nothing else: a match on a case they may not open (a
// restricted case, one they are locked out of, another team's) is answered
// exactly as no match, or the coach would confirm that a guessed name,
// number or sentence is on a child's file they may not know exists. The
// protection that matters is kept: nearly every wrong-file error is made
// between the cases a worker holds or covers (their caseload and team),
// and those are in scope.
func CoachScope(a Actor, p AccessPolicy) CaseScope { return ScopeFor(a, p) }

// CoachMayReport reports whether the writing coach may report to the
// writer a match on a case with these facts (the set form is CoachScope).
func CoachMayReport(a Actor, c CaseAccessFacts, p AccessPolicy) bool {
	return CoachScope(a, p).Includes(c)
}

// ReportTeams are the teams whose timeliness figures the actor may read:
// the teams a team manager manages, every team in a service manager's
// services, and every team for an auditor.
func ReportTeams(a Actor, teams []Team) []Team {
	var out []Team
	for _, t := range teams {
		if a.System || a.Has(RoleAuditor) ||
			(a.Has(RoleTeamManager) && slices.Contains(a.ManagedTeamIDs, t.ID)) ||
			(a.Has(RoleServiceManager) && slices.Contains(a.ManagedServiceIDs, t.ServiceID)) {
			out = append(out, t)
		}
	}
	return out
}
