package synth

import (
	"fmt"
	"slices"
	"strconv"
	"time"

	"kith"
	"kith/sqldb"
)

// makeTeams names the services and teams of a council of the given shape.
// Teams of one kind are spread over the towns, so a town has a team of
// each kind and the families of a town meet the same GPs and schools.
func (g *gen) makeTeams(sh shape) {
	for _, name := range serviceNames {
		g.services = append(g.services, &service{name: name})
	}
	towns := min(max((len(sh.kinds)+3)/4, 2), len(towns))
	g.byKind = make([][]*team, len(teamLabels))
	used := map[string]int{}
	for i, k := range sh.kinds {
		t := &team{kind: k, svc: g.services[serviceOf[k]], town: len(g.byKind[k]) % towns,
			unallocated: sh.unallocated[i], closed: sh.closed[i]}
		base := townName(t.town) + " " + teamLabels[k]
		used[base]++
		t.name = base
		if n := used[base]; n > 1 {
			t.name = base + " " + strconv.Itoa(n)
		}
		g.teams = append(g.teams, t)
		g.byKind[k] = append(g.byKind[k], t)
	}
}

func townName(t int) string { return towns[t%len(towns)] }

// makeStaff makes the people who work in the council: one manager per
// service and per team, the practitioners with their caseloads, an
// administrator and an auditor. The fixed demo usernames go to the first
// safeguarding team and its service.
func (g *gen) makeStaff(sh shape) {
	names := &staffNames{used: map[string]bool{}}
	for _, u := range []string{UserPractitioner, UserManager, UserServiceManager, UserAdmin, UserAuditor, UserInformationGovernance} {
		names.used[u] = true
	}
	demoTeam := g.byKind[kindSafeguarding][0]
	for _, s := range g.services {
		username := ""
		if s == demoTeam.svc {
			username = UserServiceManager
		}
		s.manager = names.make(g, username)
		s.manager.job = "Service manager"
	}
	for i, t := range g.teams {
		username := ""
		if t == demoTeam {
			username = UserManager
		}
		t.manager = names.make(g, username)
		t.manager.job, t.manager.team = "Team manager", t
		for j, load := range sh.caseloads[i] {
			username := ""
			if t == demoTeam && j == 0 {
				username = UserPractitioner
			}
			p := names.make(g, username)
			p.team, p.caseload, p.job = t, load, workerTitles[t.kind]
			if t.kind != kindEarlyHelp && chance(g.r, 0.2) {
				p.job = "Senior " + lowerFirst(p.job)
			}
			t.practitioners = append(t.practitioners, p)
		}
	}
}

func lowerFirst(s string) string {
	if s == "" {
		return s
	}
	return string(s[0]|0x20) + s[1:]
}

// writeStaff loads the services, teams and users. Every user shares one
// password hash.
func (g *gen) writeStaff(hash string, since time.Time) error {
	b := g.b
	var err error
	for _, s := range g.services {
		if s.id, err = b.Service(s.name, since); err != nil {
			return err
		}
	}
	for _, t := range g.teams {
		if t.id, err = b.Team(t.name, t.svc.id, since); err != nil {
			return err
		}
	}
	registered := 0
	user := func(s *staff, roles []kith.Role, teams ...string) error {
		u := sqldb.BulkUser{Username: s.username, DisplayName: s.name, Email: s.username + "@kithshire.example",
			JobTitle: s.job, PasswordHash: hash, Roles: roles, TeamIDs: teams, CreatedAt: since}
		if slices.ContainsFunc(roles, kith.Role.HoldsCases) {
			// Social workers are registered with Social Work England.
			registered++
			u.SWENumber = fmt.Sprintf("SW%d", 100000+registered)
		}
		s.id, err = b.User(u)
		return err
	}
	admin := &staff{username: UserAdmin, name: "Alex Administrator", job: "Systems administrator"}
	auditor := &staff{username: UserAuditor, name: "Jordan Auditor", job: "Quality assurance auditor"}
	governance := &staff{username: UserInformationGovernance, name: "Rowan Governance", job: "Information governance officer"}
	if err := user(admin, []kith.Role{kith.RoleAdministrator}); err != nil {
		return err
	}
	if err := user(auditor, []kith.Role{kith.RoleAuditor}); err != nil {
		return err
	}
	if err := user(governance, []kith.Role{kith.RoleInformationGovernance}); err != nil {
		return err
	}
	for _, s := range g.services {
		if err := user(s.manager, []kith.Role{kith.RoleServiceManager}); err != nil {
			return err
		}
		if err := b.ManageService(s.id, s.manager.id); err != nil {
			return err
		}
	}
	c := g.council
	demoTeam := g.byKind[kindSafeguarding][0]
	for _, t := range g.teams {
		if err := user(t.manager, []kith.Role{kith.RoleTeamManager}, t.id); err != nil {
			return err
		}
		if err := b.ManageTeam(t.id, t.manager.id); err != nil {
			return err
		}
		for _, p := range t.practitioners {
			if err := user(p, []kith.Role{kith.RolePractitioner}, t.id); err != nil {
				return err
			}
		}
		c.Teams = append(c.Teams, TeamInfo{ID: t.id, Name: t.name, Service: t.svc.name, ManagerID: t.manager.id, Practitioners: len(t.practitioners)})
	}
	demo := demoTeam.practitioners[0]
	c.Practitioners = append(c.Practitioners, worker(demo))
	for _, t := range g.teams {
		for _, p := range t.practitioners {
			if p != demo {
				c.Practitioners = append(c.Practitioners, worker(p))
			}
		}
	}
	c.PractitionerID, c.ManagerID, c.ServiceManagerID, c.AdminID, c.AuditorID = demo.id, demoTeam.manager.id, demoTeam.svc.manager.id, admin.id, auditor.id
	c.InformationGovernanceID = governance.id
	c.SignIns = []SignIn{
		{Username: UserPractitioner, Name: demo.name, Role: demo.job + " with " + strconv.Itoa(demo.caseload) + " open cases", Team: demoTeam.name, ID: demo.id},
		{Username: UserManager, Name: demoTeam.manager.name, Role: "Team manager", Team: demoTeam.name, ID: demoTeam.manager.id},
		{Username: UserServiceManager, Name: demoTeam.svc.manager.name, Role: "Service manager", Team: demoTeam.svc.name, ID: demoTeam.svc.manager.id},
		{Username: UserAdmin, Name: admin.name, Role: "Administrator: users and teams, no case content", ID: admin.id},
		{Username: UserAuditor, Name: auditor.name, Role: "Auditor: reads every case that is not restricted", ID: auditor.id},
		{Username: UserInformationGovernance, Name: governance.name, Role: "Information governance: subject access requests, no case content", ID: governance.id},
	}
	return nil
}

func worker(p *staff) Worker {
	return Worker{ID: p.id, Username: p.username, Name: p.name, TeamID: p.team.id, TeamName: p.team.name, Caseload: p.caseload}
}
