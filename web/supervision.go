package web

import (
	"net/http"

	"kith"
	"kith/sqldb"
)

// supervisionContextData is the panel a supervision draft is written beside.
type supervisionContextData struct {
	*sqldb.SupervisionContext
	Ref     string
	Today   kith.Date
	CanEdit bool
	Form    *form
}

func init() {
	funcs["supervisionContext"] = func(p *recordPage, c *sqldb.SupervisionContext) supervisionContextData {
		return supervisionContextData{SupervisionContext: c, Ref: p.Case.Reference, Today: p.Today, CanEdit: p.Can.Edit && p.Case.Open(), Form: p.Form}
	}
	funcs["reviewOptions"] = func() []Option {
		return []Option{{Value: string(kith.ActionDone), Label: "Done today"}, {Value: string(kith.ActionNotNeeded), Label: "No longer needed"},
			{Value: string(kith.ActionOpen), Label: "Still open"}}
	}
}

// oversightPage lists the case's management oversight.
type oversightPage struct {
	caseHeader
	Records []kith.RecordRow
}

// caseOversight is the case's management oversight as its own list.
func (s *Server) caseOversight(w http.ResponseWriter, r *http.Request) error {
	h, err := s.caseFor(r, kith.ViewCase)
	if err != nil {
		return err
	}
	h.Tab = "oversight"
	_, rows, err := s.DB.OversightRecords(r.Context(), actorFrom(r), h.Case.Reference)
	if err != nil {
		return err
	}
	s.render(w, r, http.StatusOK, "oversight", "Management oversight", oversightPage{caseHeader: h, Records: rows})
	return nil
}

// groupSupervisionPage chooses a worker, then the children on their
// caseload discussed in group supervision.
type groupSupervisionPage struct {
	formPage
	Workers  []Option
	WorkerID string
	Children []Option
}

// managedWorkerOptions lists the members of the teams the actor manages.
func (s *Server) managedWorkerOptions(r *http.Request) ([]Option, error) {
	a := actorFrom(r)
	teams, err := s.DB.Teams(r.Context())
	if err != nil {
		return nil, err
	}
	opts := []Option{{Value: "", Label: "Choose a worker"}}
	seen := map[string]bool{}
	for _, t := range teams {
		if !contains(a.ManagedTeamIDs, t.ID) && !contains(a.ManagedServiceIDs, t.ServiceID) {
			continue
		}
		users, err := s.DB.Users(r.Context(), a, sqldb.UserFilter{TeamID: t.ID})
		if err != nil {
			return nil, err
		}
		for _, u := range users {
			if !seen[u.ID] && u.Has(kith.RolePractitioner) {
				seen[u.ID] = true
				opts = append(opts, Option{Value: u.ID, Label: u.DisplayName + " (" + t.Name + ")"})
			}
		}
	}
	return opts, nil
}

func (s *Server) showGroupSupervision(w http.ResponseWriter, r *http.Request, f *form, status int) error {
	if !kith.CanSeeTeamWork(actorFrom(r)) {
		return kith.Errorf(kith.EFORBIDDEN, "Only a team manager or service manager can record group supervision.")
	}
	p := groupSupervisionPage{formPage: formPage{Form: f}, WorkerID: f.Get("worker")}
	var err error
	if p.Workers, err = s.managedWorkerOptions(r); err != nil {
		return err
	}
	if p.WorkerID != "" {
		page, err := s.DB.Caseload(r.Context(), actorFrom(r), kith.CaseloadFilter{WorkerID: p.WorkerID, Limit: 200})
		if err != nil {
			return err
		}
		for _, c := range page.Cases {
			p.Children = append(p.Children, Option{Value: c.Reference, Label: c.ChildName, Hint: c.Reference})
		}
	}
	s.render(w, r, status, "group-supervision", "Group supervision", p)
	return nil
}

// groupSupervisionForm chooses the worker and the children discussed.
func (s *Server) groupSupervisionForm(w http.ResponseWriter, r *http.Request) error {
	return s.showGroupSupervision(w, r, newForm(r.URL.Query()), http.StatusOK)
}

// groupSupervision begins one supervision record per child discussed.
func (s *Server) groupSupervision(w http.ResponseWriter, r *http.Request) error {
	f, err := postedForm(w, r)
	if err != nil {
		return err
	}
	var drafts []*kith.Record
	ok, err := submit(f, nil, func() error {
		var err error
		drafts, err = s.DB.GroupSupervision(r.Context(), actorFrom(r), "supervision", f.All("children"), kith.RecordInput{Headline: f.Raw("headline")})
		return err
	})
	if err != nil {
		return err
	}
	if !ok {
		return s.showGroupSupervision(w, r, f, statusFor(f))
	}
	return s.redirect(w, r, "/drafts", itoa(len(drafts))+" supervision records begun, one for each child discussed")
}
