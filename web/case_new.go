package web

import (
	"net/http"

	"kith"
)

type newCasePage struct {
	formPage
	Teams []Option
}

func (s *Server) creatableTeams(r *http.Request) ([]Option, error) {
	a := actorFrom(r)
	teams, err := s.DB.Teams(r.Context())
	if err != nil {
		return nil, err
	}
	var out []Option
	for _, t := range teams {
		if kith.CanCreateCaseIn(a, t.ID, t.ServiceID) {
			out = append(out, Option{Value: t.ID, Label: t.Name})
		}
	}
	return out, nil
}

func (s *Server) renderNewCase(w http.ResponseWriter, r *http.Request, f *form, status int) error {
	teams, err := s.creatableTeams(r)
	if err != nil {
		return err
	}
	if len(teams) == 0 {
		return kith.Errorf(kith.EFORBIDDEN, "You are not in a team that can open cases. Ask an administrator to add you to one.")
	}
	if len(teams) > 1 {
		teams = append([]Option{{Value: "", Label: "Choose a team"}}, teams...)
	}
	s.render(w, r, status, "case-new", "Open a case for a child", newCasePage{formPage: formPage{Form: f}, Teams: teams})
	return nil
}

func (s *Server) newCaseForm(w http.ResponseWriter, r *http.Request) error {
	f, ok := s.keptForm(r)
	if !ok {
		f = newForm(nil)
		f.SetDate("opened_on", kith.Today(s.now()))
		f.Set("status", "")
		if len(actorFrom(r).MemberTeamIDs) == 1 {
			f.Set("team_id", actorFrom(r).MemberTeamIDs[0])
		}
	}
	return s.renderNewCase(w, r, f, http.StatusOK)
}

func (s *Server) newCase(w http.ResponseWriter, r *http.Request) error {
	f, err := postedForm(w, r)
	if err != nil {
		return err
	}
	in := kith.NewCaseInput{
		Child:    readPerson(f, "child_"),
		TeamID:   f.Get("team_id"),
		OpenedOn: f.Date("opened_on", kith.DateRule{Label: "date the case opened"}),
		Status:   kith.StatusKind(f.Get("status")),
		Address:  readAddress(f, "address_", true),
	}
	// The referral is optional here (it can be recorded on the case
	// afterwards), but once any of it is given all of it is checked.
	if f.Get("referral_source") != "" || f.Get("primary_need") != "" || f.DateParts("referral_at") != (kith.DateParts{}) {
		referral := readReferral(f, s.now())
		in.Referral = &referral
	}
	var c *kith.Case
	ok, err := submit(f, func() error {
		var v kith.Validation
		_ = v.Merge("", in.Validate(kith.Today(s.now())))
		_ = v.Merge("", in.ValidateReferral(s.now()))
		return v.Err()
	}, func() (err error) {
		c, err = s.DB.CreateCase(r.Context(), actorFrom(r), in)
		return err
	})
	if err != nil {
		return err
	}
	if !ok {
		return s.renderNewCase(w, r, f, http.StatusUnprocessableEntity)
	}
	s.savedKept(r, f)
	return s.redirect(w, r, "/cases/"+c.Reference, "Case "+c.Reference+" opened for "+in.Child.FirstName+" "+in.Child.LastName)
}
