package web

import (
	"net/http"
	"net/url"
	"strconv"

	"kith"
	"kith/sqldb"
)

type caseloadPage struct {
	formPage
	View        string // "mine" or "team"
	ShowMine    bool
	ShowTeam    bool
	Page        *kith.CaseloadPage
	TeamOptions []Option
	WorkerOpts  []Option
	Filter      kith.CaseloadFilter
	PageNum     int
	Pages       int
	Prev, Next  string
	CanCreate   bool
}

const caseloadPageSize = 50

// caseload is "My cases": a practitioner's own caseload, and for managers
// (and practitioners who may see their team's cases) the team's cases.
func (s *Server) caseload(w http.ResponseWriter, r *http.Request) error {
	a := actorFrom(r)
	if !a.HasCaseRole() {
		if a.Has(kith.RoleAuditor) {
			http.Redirect(w, r, "/search", http.StatusSeeOther)
			return nil
		}
		if kith.CanAdminister(a) {
			http.Redirect(w, r, "/admin/users", http.StatusSeeOther)
			return nil
		}
		if kith.MayHandleSubjectAccess(a) {
			http.Redirect(w, r, "/subject-access", http.StatusSeeOther)
			return nil
		}
		return kith.Errorf(kith.EFORBIDDEN, "Your account has no role that works on cases. Ask an administrator.")
	}
	q := r.URL.Query()
	manager := a.Has(kith.RoleTeamManager) || a.Has(kith.RoleServiceManager)
	p := caseloadPage{formPage: formPage{Form: newForm(q)}, ShowMine: a.Has(kith.RolePractitioner) || !manager, ShowTeam: manager || len(a.MemberTeamIDs) > 0}
	p.View = q.Get("view")
	if p.View != "mine" && p.View != "team" {
		p.View = "mine"
		if manager {
			p.View = "team"
		}
	}
	if !p.ShowTeam {
		p.View = "mine"
	}
	p.PageNum, _ = strconv.Atoi(q.Get("page"))
	if p.PageNum < 1 {
		p.PageNum = 1
	}
	f := kith.CaseloadFilter{Mine: p.View == "mine", Limit: caseloadPageSize, Offset: (p.PageNum - 1) * caseloadPageSize}
	if p.View == "team" {
		f.TeamID, f.WorkerID = q.Get("team"), q.Get("worker")
		f.Unallocated = q.Get("unallocated") == "yes"
		f.IncludeClosed = q.Get("closed") == "yes"
	}
	p.Filter = f
	// Anyone who may open a case in one of their teams sees the button.
	p.CanCreate = (a.Has(kith.RolePractitioner) && len(a.MemberTeamIDs) > 0) || (a.Has(kith.RoleTeamManager) && len(a.ManagedTeamIDs) > 0) ||
		(a.Has(kith.RoleServiceManager) && len(a.ManagedServiceIDs) > 0)
	var err error
	if p.View == "team" {
		if p.TeamOptions, err = s.teamOptions(r, "All my teams"); err != nil {
			return err
		}
	}
	if f.TeamID != "" {
		if p.WorkerOpts, err = s.workerOptions(r, f.TeamID); err != nil {
			return err
		}
	}
	if p.Page, err = s.DB.Caseload(r.Context(), a, f); err != nil {
		return err
	}
	p.Pages = (p.Page.Total + caseloadPageSize - 1) / caseloadPageSize
	link := func(n int) string {
		v := url.Values{}
		for k, vs := range q {
			v[k] = vs
		}
		v.Set("page", strconv.Itoa(n))
		return "/cases?" + v.Encode()
	}
	if p.PageNum > 1 {
		p.Prev = link(p.PageNum - 1)
	}
	if p.PageNum < p.Pages {
		p.Next = link(p.PageNum + 1)
	}
	title := "My cases"
	if p.View == "team" {
		title = "Team cases"
	}
	s.render(w, r, http.StatusOK, "caseload", title, p)
	return nil
}

// teamOptions lists the teams the actor belongs to or manages, after an
// option for all of them.
func (s *Server) teamOptions(r *http.Request, all string) ([]Option, error) {
	a := actorFrom(r)
	teams, err := s.DB.Teams(r.Context())
	if err != nil {
		return nil, err
	}
	opts := []Option{{Value: "", Label: all}}
	for _, t := range teams {
		if contains(a.MemberTeamIDs, t.ID) || contains(a.ManagedTeamIDs, t.ID) || contains(a.ManagedServiceIDs, t.ServiceID) {
			opts = append(opts, Option{Value: t.ID, Label: t.Name})
		}
	}
	return opts, nil
}

// workerOptions lists a team's members, after an option for everyone.
func (s *Server) workerOptions(r *http.Request, teamID string) ([]Option, error) {
	users, err := s.DB.Users(r.Context(), actorFrom(r), sqldb.UserFilter{TeamID: teamID})
	if err != nil {
		return nil, err
	}
	opts := []Option{{Value: "", Label: "Everyone"}}
	for _, u := range users {
		opts = append(opts, Option{Value: u.ID, Label: u.DisplayName})
	}
	return opts, nil
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}
