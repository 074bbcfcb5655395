package web

import (
	"net/http"
	"strings"
	"time"

	"kith"
	"kith/sqldb"
)

func (s *Server) mustAdmin(r *http.Request) error {
	if !kith.CanAdminister(actorFrom(r)) {
		return kith.Errorf(kith.EFORBIDDEN, "Only administrators can manage users, teams and services.")
	}
	return nil
}

type adminUsersPage struct {
	Users    []*kith.User
	TeamName map[string]string
	Filter   string
}

func (s *Server) teamNames(r *http.Request) (map[string]string, []kith.Team, error) {
	teams, err := s.DB.Teams(r.Context())
	if err != nil {
		return nil, nil, err
	}
	names := map[string]string{}
	for _, t := range teams {
		names[t.ID] = t.Name
	}
	return names, teams, nil
}

func (s *Server) adminUsers(w http.ResponseWriter, r *http.Request) error {
	if err := s.mustAdmin(r); err != nil {
		return err
	}
	users, err := s.DB.Users(r.Context(), actorFrom(r), sqldb.UserFilter{IncludeDisabled: true})
	if err != nil {
		return err
	}
	names, _, err := s.teamNames(r)
	if err != nil {
		return err
	}
	s.render(w, r, http.StatusOK, "admin-users", "Users", adminUsersPage{Users: users, TeamName: names})
	return nil
}

type adminUserPage struct {
	formPage
	User  *kith.User
	Teams []Option
	// Tokens are the user's API tokens, which an administrator may revoke.
	Tokens []kith.APIToken
	// Link is a one-time link to set a password, shown once when made,
	// with when it expires.
	Link        string
	LinkExpires time.Time
}

func (s *Server) adminUserForm(w http.ResponseWriter, r *http.Request) error {
	if err := s.mustAdmin(r); err != nil {
		return err
	}
	f, kept := s.keptForm(r)
	if !kept {
		f = newForm(nil)
	}
	var u *kith.User
	if id := r.PathValue("id"); id != "" {
		var err error
		if u, err = s.DB.User(r.Context(), actorFrom(r), id); err != nil {
			return err
		}
		if !kept {
			fillUserForm(f, u)
		}
	}
	return s.renderAdminUser(w, r, f, u, http.StatusOK)
}

func (s *Server) renderAdminUser(w http.ResponseWriter, r *http.Request, f *form, u *kith.User, status int) error {
	return s.renderAdminUserPage(w, r, adminUserPage{formPage: formPage{Form: f}, User: u}, status)
}

func (s *Server) renderAdminUserPage(w http.ResponseWriter, r *http.Request, p adminUserPage, status int) error {
	u := p.User
	_, teams, err := s.teamNames(r)
	if err != nil {
		return err
	}
	if u != nil {
		if p.Tokens, err = s.DB.Tokens(r.Context(), actorFrom(r), u.ID); err != nil {
			return err
		}
	}
	var opts []Option
	for _, t := range teams {
		opts = append(opts, Option{Value: t.ID, Label: t.Name, Hint: t.Service})
	}
	title := "Add a user"
	if u != nil {
		title = u.DisplayName
	}
	p.Teams = opts
	s.render(w, r, status, "admin-user", title, p)
	return nil
}

func (s *Server) adminSaveUser(w http.ResponseWriter, r *http.Request) error {
	if err := s.mustAdmin(r); err != nil {
		return err
	}
	f, err := postedForm(w, r)
	if err != nil {
		return err
	}
	in := kith.UserInput{Username: f.Raw("username"), DisplayName: f.Raw("display_name"), Email: f.Raw("email"), JobTitle: f.Raw("job_title"), SWENumber: f.Raw("swe_number"),
		TeamIDs: f.All("team_ids")}
	for _, role := range f.All("roles") {
		in.Roles = append(in.Roles, kith.Role(role))
	}
	id := r.PathValue("id")
	var u *kith.User
	ok, err := submit(f, nil, func() error {
		if id == "" {
			u, err = s.DB.CreateUser(r.Context(), actorFrom(r), in)
		} else {
			u, err = s.DB.UpdateUser(r.Context(), actorFrom(r), id, in)
		}
		return err
	})
	if err != nil {
		return err
	}
	if !ok {
		var existing *kith.User
		if id != "" {
			if existing, err = s.DB.User(r.Context(), actorFrom(r), id); err != nil {
				return err
			}
		}
		return s.renderAdminUser(w, r, f, existing, http.StatusUnprocessableEntity)
	}
	s.savedKept(r, f)
	if id == "" {
		// A new user has no password: the next step is a link to set one.
		return s.redirect(w, r, "/admin/users/"+u.ID, "Saved "+u.DisplayName+". To let them sign in with a password, give them a link to set one")
	}
	return s.redirect(w, r, "/admin/users", "Saved "+u.DisplayName)
}

// adminPasswordLink makes a one-time link for a user to set their own
// password, and shows it once, for the administrator to pass on.
func (s *Server) adminPasswordLink(w http.ResponseWriter, r *http.Request) error {
	if err := s.mustAdmin(r); err != nil {
		return err
	}
	if err := parseForm(w, r); err != nil {
		return err
	}
	code, expires, err := s.DB.IssuePasswordReset(r.Context(), actorFrom(r), r.PathValue("id"))
	if err != nil {
		return err
	}
	u, err := s.DB.User(r.Context(), actorFrom(r), r.PathValue("id"))
	if err != nil {
		return err
	}
	f := newForm(nil)
	fillUserForm(f, u)
	return s.renderAdminUserPage(w, r, adminUserPage{formPage: formPage{Form: f}, User: u, Link: s.passwordLink(r, code), LinkExpires: expires}, http.StatusCreated)
}

// adminRevokeToken revokes one of a user's API tokens.
func (s *Server) adminRevokeToken(w http.ResponseWriter, r *http.Request) error {
	if err := s.mustAdmin(r); err != nil {
		return err
	}
	if err := s.DB.RevokeToken(r.Context(), actorFrom(r), r.PathValue("tid")); err != nil {
		return err
	}
	return s.redirect(w, r, "/admin/users/"+r.PathValue("id"), "Token revoked: it no longer works")
}

// fillUserForm puts a user's details in the form.
func fillUserForm(f *form, u *kith.User) {
	f.Set("username", u.Username)
	f.Set("display_name", u.DisplayName)
	f.Set("email", u.Email)
	f.Set("job_title", u.JobTitle)
	f.Set("swe_number", u.SWENumber)
	for _, role := range u.Roles {
		f.Values.Add("roles", string(role))
	}
	for _, t := range u.TeamIDs {
		f.Values.Add("team_ids", t)
	}
}

func (s *Server) adminDisableUser(w http.ResponseWriter, r *http.Request) error {
	if err := s.mustAdmin(r); err != nil {
		return err
	}
	if err := parseForm(w, r); err != nil {
		return err
	}
	disable := r.PostForm.Get("disable") == "yes"
	u, err := s.DB.SetUserDisabled(r.Context(), actorFrom(r), r.PathValue("id"), disable)
	if err != nil {
		return err
	}
	msg := u.DisplayName + " can sign in again"
	if disable {
		msg = u.DisplayName + " is disabled: they cannot sign in, and everything they recorded stays attributed to them"
	}
	return s.redirect(w, r, "/admin/users/"+u.ID, msg)
}

type adminTeamsPage struct {
	Teams    []kith.Team
	Services []kith.Service
	UserName map[string]string
}

func (s *Server) userNames(r *http.Request) (map[string]string, []*kith.User, error) {
	users, err := s.DB.Users(r.Context(), actorFrom(r), sqldb.UserFilter{IncludeDisabled: true})
	if err != nil {
		return nil, nil, err
	}
	names := map[string]string{}
	for _, u := range users {
		names[u.ID] = u.DisplayName
	}
	return names, users, nil
}

func (s *Server) adminTeams(w http.ResponseWriter, r *http.Request) error {
	if err := s.mustAdmin(r); err != nil {
		return err
	}
	_, teams, err := s.teamNames(r)
	if err != nil {
		return err
	}
	if err := s.DB.CountMembers(r.Context(), teams); err != nil {
		return err
	}
	services, err := s.DB.Services(r.Context())
	if err != nil {
		return err
	}
	names, _, err := s.userNames(r)
	if err != nil {
		return err
	}
	s.render(w, r, http.StatusOK, "admin-teams", "Teams and services", adminTeamsPage{Teams: teams, Services: services, UserName: names})
	return nil
}

type adminTeamPage struct {
	formPage
	IsService bool
	ID        string
	Services  []Option
	Managers  []Option
}

func (s *Server) managerOptions(r *http.Request, role kith.Role) ([]Option, error) {
	_, users, err := s.userNames(r)
	if err != nil {
		return nil, err
	}
	var out []Option
	for _, u := range users {
		if u.Has(role) && u.Active() {
			out = append(out, Option{Value: u.ID, Label: u.DisplayName, Hint: u.JobTitle})
		}
	}
	return out, nil
}

func (s *Server) adminTeamForm(w http.ResponseWriter, r *http.Request) error {
	if err := s.mustAdmin(r); err != nil {
		return err
	}
	f := newForm(nil)
	if id := r.PathValue("id"); id != "" {
		t, err := s.DB.Team(r.Context(), id)
		if err != nil {
			return err
		}
		f.Set("name", t.Name)
		f.Set("service_id", t.ServiceID)
		for _, m := range t.ManagerIDs {
			f.Values.Add("manager_ids", m)
		}
	}
	return s.renderTeamForm(w, r, f, false, http.StatusOK)
}

func (s *Server) renderTeamForm(w http.ResponseWriter, r *http.Request, f *form, isService bool, status int) error {
	p := adminTeamPage{formPage: formPage{Form: f}, IsService: isService, ID: r.PathValue("id")}
	var err error
	role := kith.RoleTeamManager
	if isService {
		role = kith.RoleServiceManager
	} else {
		services, err := s.DB.Services(r.Context())
		if err != nil {
			return err
		}
		p.Services = []Option{{Value: "", Label: "Choose a service"}}
		for _, sv := range services {
			p.Services = append(p.Services, Option{Value: sv.ID, Label: sv.Name})
		}
	}
	if p.Managers, err = s.managerOptions(r, role); err != nil {
		return err
	}
	title := map[bool]string{false: "Team", true: "Service"}[isService]
	if p.ID == "" {
		title = "Add a " + strings.ToLower(title)
	}
	s.render(w, r, status, "admin-team", title, p)
	return nil
}

func (s *Server) adminSaveTeam(w http.ResponseWriter, r *http.Request) error {
	if err := s.mustAdmin(r); err != nil {
		return err
	}
	f, err := postedForm(w, r)
	if err != nil {
		return err
	}
	in := kith.TeamInput{Name: f.Raw("name"), ServiceID: f.Get("service_id"), ManagerIDs: f.All("manager_ids")}
	ok, err := submit(f, nil, func() error {
		if id := r.PathValue("id"); id != "" {
			_, err = s.DB.UpdateTeam(r.Context(), actorFrom(r), id, in)
		} else {
			_, err = s.DB.CreateTeam(r.Context(), actorFrom(r), in)
		}
		return err
	})
	if err != nil {
		return err
	}
	if !ok {
		return s.renderTeamForm(w, r, f, false, http.StatusUnprocessableEntity)
	}
	return s.redirect(w, r, "/admin/teams", "Team "+kith.CleanText(in.Name)+" saved")
}

func (s *Server) adminServiceForm(w http.ResponseWriter, r *http.Request) error {
	if err := s.mustAdmin(r); err != nil {
		return err
	}
	f := newForm(nil)
	if id := r.PathValue("id"); id != "" {
		services, err := s.DB.Services(r.Context())
		if err != nil {
			return err
		}
		found := false
		for _, sv := range services {
			if sv.ID == id {
				found = true
				f.Set("name", sv.Name)
				for _, m := range sv.ManagerIDs {
					f.Values.Add("manager_ids", m)
				}
			}
		}
		if !found {
			return kith.NotFound("Service")
		}
	}
	return s.renderTeamForm(w, r, f, true, http.StatusOK)
}

func (s *Server) adminSaveService(w http.ResponseWriter, r *http.Request) error {
	if err := s.mustAdmin(r); err != nil {
		return err
	}
	f, err := postedForm(w, r)
	if err != nil {
		return err
	}
	in := kith.ServiceInput{Name: f.Raw("name"), ManagerIDs: f.All("manager_ids")}
	ok, err := submit(f, nil, func() error {
		_, err := s.DB.SaveService(r.Context(), actorFrom(r), r.PathValue("id"), in)
		return err
	})
	if err != nil {
		return err
	}
	if !ok {
		return s.renderTeamForm(w, r, f, true, http.StatusUnprocessableEntity)
	}
	return s.redirect(w, r, "/admin/teams", "Service "+kith.CleanText(in.Name)+" saved")
}

func (s *Server) adminSettingsForm(w http.ResponseWriter, r *http.Request) error {
	if err := s.mustAdmin(r); err != nil {
		return err
	}
	p, err := s.DB.AccessPolicy(r.Context())
	if err != nil {
		return err
	}
	signOff, err := s.DB.SummarySignOff(r.Context())
	if err != nil {
		return err
	}
	f := newForm(nil)
	f.Set("practitioners_see_team_cases", yesNo(p.PractitionersSeeTeamCases))
	f.Set("summaries_need_sign_off", yesNo(signOff))
	s.render(w, r, http.StatusOK, "admin-settings", "Settings", formPage{Form: f})
	return nil
}

func (s *Server) adminSaveSettings(w http.ResponseWriter, r *http.Request) error {
	if err := s.mustAdmin(r); err != nil {
		return err
	}
	f, err := postedForm(w, r)
	if err != nil {
		return err
	}
	v, signOff := f.Get("practitioners_see_team_cases"), f.Get("summaries_need_sign_off")
	if v != "yes" && v != "no" {
		f.Add("practitioners_see_team_cases", "Select whether practitioners can open their team's cases")
	}
	if signOff != "yes" && signOff != "no" {
		f.Add("summaries_need_sign_off", "Select whether a manager countersigns each case summary")
	}
	if f.HasErrors() {
		s.render(w, r, http.StatusUnprocessableEntity, "admin-settings", "Settings", formPage{Form: f})
		return nil
	}
	if err := s.DB.SetAccessPolicy(r.Context(), actorFrom(r), kith.AccessPolicy{PractitionersSeeTeamCases: v == "yes"}); err != nil {
		return err
	}
	if err := s.DB.SetSummarySignOff(r.Context(), actorFrom(r), signOff == "yes"); err != nil {
		return err
	}
	return s.redirect(w, r, "/admin/settings", "Settings saved")
}
