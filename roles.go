package kith

import (
	"strings"
	"time"
)

// ReadsCases reports whether a role gives its holder the content of
// children's cases (practitioners, managers and auditors do; administrators
// do not). Information governance officers count as readers: answering a
// subject access request means reading the subject's whole record, so an
// administrator may not be one.
func (r Role) ReadsCases() bool {
	switch r {
	case RolePractitioner, RoleTeamManager, RoleServiceManager, RoleAuditor, RoleInformationGovernance:
		return true
	}
	return false
}

// HoldsCases reports whether a role can be allocated cases: the social
// workers (practitioners and their managers).
func (r Role) HoldsCases() bool {
	return r == RolePractitioner || r == RoleTeamManager || r == RoleServiceManager
}

// CheckRoles holds a set of roles to the separation of duties: an
// administrator manages who may read cases, so an administrator account
// may not itself hold a role that reads them. Otherwise an administrator
// could give themselves any child's record (and the audit log would show
// them granting it to themselves only after the fact). Someone who does
// both jobs has two accounts.
func CheckRoles(v *Validation, field string, roles []Role) {
	if !hasRole(roles, RoleAdministrator) {
		return
	}
	var reading []string
	for _, r := range Roles {
		if r.ReadsCases() && hasRole(roles, r) {
			reading = append(reading, strings.ToLower(r.Label()))
		}
	}
	if len(reading) > 0 {
		v.Add(field, "An administrator cannot also be "+article(reading[0])+joinOr(reading)+". Choose administrator or the case roles: someone who does both jobs needs two accounts")
	}
}

// OwnAccessChange says why an actor may not make a change to their own
// account, or "" when they may. Nobody changes their own roles or teams:
// otherwise one administrator alone could widen their own access, and the
// point of an audit trail of grants is that someone else made each one.
// Their name, email and job title they may change.
func OwnAccessChange(a Actor, userID string, before, after *User) string {
	if a.System || a.User == nil || a.User.ID != userID || before == nil || after == nil {
		return ""
	}
	if !sameSet(roleStrings(before.Roles), roleStrings(after.Roles)) {
		return "You cannot change your own roles. Ask another administrator"
	}
	if !sameSet(before.TeamIDs, after.TeamIDs) {
		return "You cannot change your own teams. Ask another administrator"
	}
	return ""
}

// OwnManagerChange says why an actor may not save a team's or service's
// managers, or "" when they may: nobody adds or removes themselves as a
// manager, for the reason OwnAccessChange gives.
func OwnManagerChange(a Actor, before, after []string) string {
	if a.System || a.User == nil {
		return ""
	}
	if contains(before, a.User.ID) != contains(after, a.User.ID) {
		return "You cannot add or remove yourself as a manager. Ask another administrator"
	}
	return ""
}

func hasRole(rs []Role, r Role) bool {
	for _, x := range rs {
		if x == r {
			return true
		}
	}
	return false
}

func roleStrings(rs []Role) []string {
	out := make([]string, len(rs))
	for i, r := range rs {
		out[i] = string(r)
	}
	return out
}

// sameSet reports whether two lists hold the same values, ignoring order
// and repeats.
func sameSet(a, b []string) bool {
	in := func(list []string, s string) bool {
		for _, x := range list {
			if x == s {
				return true
			}
		}
		return false
	}
	for _, x := range a {
		if !in(b, x) {
			return false
		}
	}
	for _, x := range b {
		if !in(a, x) {
			return false
		}
	}
	return true
}

func article(word string) string {
	if word != "" && strings.ContainsRune("aeiou", rune(word[0])) {
		return "an "
	}
	return "a "
}

// joinOr joins words as a sentence does: "a, b or c".
func joinOr(words []string) string {
	switch len(words) {
	case 0:
		return ""
	case 1:
		return words[0]
	}
	return strings.Join(words[:len(words)-1], ", ") + " or " + words[len(words)-1]
}

// GrantKind says what a change of access was to: a role, membership of a
// team, or managing a team or a service.
type GrantKind string

// The kinds of grant the role changes list shows.
const (
	GrantRole           GrantKind = "role"
	GrantTeam           GrantKind = "team"
	GrantTeamManager    GrantKind = "team_manager"
	GrantServiceManager GrantKind = "service_manager"
)

// RoleChange is one grant or removal of access: a role, a team, or
// managing a team or service. Each is kept (append-only) and listed for
// service managers and auditors, so that nobody's access to children's
// records widens without someone other than the granter able to see it.
type RoleChange struct {
	At       time.Time `json:"at"`
	UserID   string    `json:"user_id"`
	UserName string    `json:"user_name"`
	Kind     GrantKind `json:"kind"`
	// What is the role, or the id of the team or service.
	What string `json:"what"`
	// WhatName is the role's label or the team's or service's name when
	// the change was made.
	WhatName string `json:"what_name"`
	Granted  bool   `json:"granted"`
	// ReadsCases: the grant gives (or took away) case content.
	ReadsCases bool   `json:"reads_cases"`
	ByID       string `json:"by_id,omitempty"`
	ByName     string `json:"by_name"`
	Via        string `json:"via"`
}

// Describe says the change in words for the role changes page.
func (c RoleChange) Describe() string {
	switch c.Kind {
	case GrantRole:
		if c.Granted {
			return "Given the " + strings.ToLower(c.WhatName) + " role"
		}
		return "The " + strings.ToLower(c.WhatName) + " role taken away"
	case GrantTeam:
		if c.Granted {
			return "Added to the team " + c.WhatName
		}
		return "Taken out of the team " + c.WhatName
	case GrantTeamManager:
		if c.Granted {
			return "Made a manager of the team " + c.WhatName
		}
		return "No longer a manager of the team " + c.WhatName
	case GrantServiceManager:
		if c.Granted {
			return "Made a manager of the service " + c.WhatName
		}
		return "No longer a manager of the service " + c.WhatName
	}
	return string(c.Kind)
}

// AccessChanges lists what changed between a user's roles and teams
// before and after a save (before is nil for a new user): each role or
// team granted, then each taken away. teamName names teams for the list.
func AccessChanges(before, after *User, teamName func(id string) string) []RoleChange {
	var oldRoles, oldTeams []string
	if before != nil {
		oldRoles, oldTeams = roleStrings(before.Roles), before.TeamIDs
	}
	newRoles, newTeams := roleStrings(after.Roles), after.TeamIDs
	var out []RoleChange
	add := func(kind GrantKind, what, name string, granted, reads bool) {
		out = append(out, RoleChange{UserID: after.ID, UserName: after.DisplayName, Kind: kind, What: what, WhatName: name, Granted: granted, ReadsCases: reads})
	}
	for _, granted := range []bool{true, false} {
		from, to := oldRoles, newRoles
		if !granted {
			from, to = newRoles, oldRoles
		}
		for _, r := range Roles {
			if contains(to, string(r)) && !contains(from, string(r)) {
				add(GrantRole, string(r), r.Label(), granted, r.ReadsCases())
			}
		}
		fromT, toT := oldTeams, newTeams
		if !granted {
			fromT, toT = newTeams, oldTeams
		}
		for _, t := range toT {
			if !contains(fromT, t) {
				add(GrantTeam, t, teamName(t), granted, true)
			}
		}
	}
	return out
}

// ManagerChanges lists who was made, or stopped being, a manager of a team
// or service (kind GrantTeamManager or GrantServiceManager).
func ManagerChanges(kind GrantKind, id, name string, before, after []string) []RoleChange {
	var out []RoleChange
	for _, u := range after {
		if !contains(before, u) {
			out = append(out, RoleChange{UserID: u, Kind: kind, What: id, WhatName: name, Granted: true, ReadsCases: true})
		}
	}
	for _, u := range before {
		if !contains(after, u) {
			out = append(out, RoleChange{UserID: u, Kind: kind, What: id, WhatName: name, Granted: false, ReadsCases: true})
		}
	}
	return out
}

// CanSeeRoleChanges reports whether the actor may read the list of role
// changes: service managers and auditors, who oversee who may read
// children's records (administrators make the changes, so the list is
// for others to read).
func CanSeeRoleChanges(a Actor) bool {
	return a.System || a.Has(RoleServiceManager) || a.Has(RoleAuditor)
}

// RoleConflict reports whether the user holds the administrator role and a
// role that reads cases: a mix CheckRoles refuses to save, which an
// account saved before the rule may still hold (its case roles then count
// for nothing; the users page says so).
func (u *User) RoleConflict() bool {
	if u == nil || !u.Has(RoleAdministrator) {
		return false
	}
	for _, r := range u.Roles {
		if r.ReadsCases() {
			return true
		}
	}
	return false
}
