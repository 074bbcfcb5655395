package web

import (
	"errors"
	"net/http"

	"kith"
	"kith/sqldb"
)

// allocateExtra is what the allocation form offers: the teams, and the
// workers of the chosen team. Choosing the team first keeps the form short
// and working without JavaScript in a council with many teams.
type allocateExtra struct {
	Team    kith.Team
	Workers []Option
	// Summary says whether a finalised summary covers the record, as a
	// transfer needs.
	Summary *sqldb.SummaryContext
	// WorkerChanges are the reasons for a change of social worker.
	WorkerChanges []Option
}

func (s *Server) allocation() caseForm {
	return caseForm{
		action: kith.ManageCase, page: "allocate",
		title: func(h caseHeader) string {
			if h.Case.WorkerID != "" {
				return "Transfer the case"
			}
			return "Allocate the case"
		},
		prefill: func(r *http.Request, h caseHeader, f *form) error {
			f.Set("worker_id", h.Case.WorkerID)
			return nil
		},
		options: func(r *http.Request, h caseHeader) ([]Option, any, error) {
			choices, err := s.DB.AllocationChoices(r.Context(), actorFrom(r))
			if err != nil {
				return nil, nil, err
			}
			team := r.URL.Query().Get("team")
			if team == "" {
				team = r.FormValue("team_id")
			}
			if team == "" {
				team = h.Case.TeamID
			}
			var teams []Option
			var extra allocateExtra
			extra.WorkerChanges = []Option{{Value: "", Label: "Choose the reason"}}
			chosen := r.FormValue("worker_change_reason")
			for _, c := range kith.WorkerChangeReasons {
				if c.Code != kith.WorkerChangeFirst {
					extra.WorkerChanges = append(extra.WorkerChanges, Option{Value: c.Code, Label: c.Label, Checked: c.Code == chosen})
				}
			}
			if extra.Summary, err = s.DB.SummaryContext(r.Context(), actorFrom(r), h.Case.Reference); err != nil {
				return nil, nil, err
			}
			for _, c := range choices {
				teams = append(teams, Option{Value: c.Team.ID, Label: c.Team.Name, Checked: c.Team.ID == team})
				if c.Team.ID == team {
					extra.Team = c.Team
					extra.Workers = append(extra.Workers, Option{Value: "", Label: "Nobody: held by the team, not allocated"})
					for _, w := range c.Workers {
						extra.Workers = append(extra.Workers, Option{Value: w.ID, Label: w.DisplayName, Hint: w.JobTitle})
					}
				}
			}
			return teams, extra, nil
		},
		save: func(r *http.Request, h caseHeader, f *form) (func() error, func() error) {
			in := kith.AllocateInput{TeamID: f.Get("team_id"), WorkerID: f.Get("worker_id"), Reason: f.Raw("reason"), WithoutSummary: f.Raw("without_summary"),
				WorkerChangeReason: f.Get("worker_change_reason"), Version: atoi(f.Get("version"))}
			return nil, func() error {
				_, err := s.DB.Allocate(r.Context(), actorFrom(r), h.Case.Reference, in)
				return err
			}
		},
		done: func(r *http.Request, h caseHeader) (string, string) {
			// A transfer can take the case out of the manager's teams.
			if _, _, err := s.DB.Case(r.Context(), actorFrom(r), h.Case.Reference, kith.ViewCase); err != nil {
				return "/cases", "Case " + h.Case.Reference + " transferred. It is no longer in your teams, so you cannot open it now."
			}
			return "/cases/" + h.Case.Reference, "Allocation saved"
		},
	}
}

func (s *Server) closure() caseForm {
	return caseForm{
		action: kith.ManageCase, page: "close",
		title: func(h caseHeader) string { return "Close the case" },
		prefill: func(r *http.Request, h caseHeader, f *form) error {
			f.SetDate("closed_on", today(s))
			return nil
		},
		options: func(r *http.Request, h caseHeader) ([]Option, any, error) {
			sc, err := s.DB.SummaryContext(r.Context(), actorFrom(r), h.Case.Reference)
			return nil, sc, err
		},
		save: func(r *http.Request, h caseHeader, f *form) (func() error, func() error) {
			in := kith.CloseInput{Reason: f.Get("reason"), Note: f.Raw("note"), ClosedOn: f.Date("closed_on", kith.DateRule{Label: "date the case closed"}),
				WithoutSummary: f.Raw("without_summary"), Version: atoi(f.Get("version"))}
			return nil, func() error {
				_, err := s.DB.CloseCase(r.Context(), actorFrom(r), h.Case.Reference, in)
				return err
			}
		},
		done: s.backToCase("Case closed"),
	}
}

// closeForm takes a manager closing a case that no finalised summary
// covers to write the closing summary first; "Close without a summary"
// brings them back with the question why.
func (s *Server) closeForm(w http.ResponseWriter, r *http.Request) error {
	if r.URL.Query().Get("without-summary") != "yes" {
		if _, err := s.caseFor(r, kith.ManageCase); err != nil {
			return err
		}
		sc, err := s.DB.SummaryContext(r.Context(), actorFrom(r), r.PathValue("ref"))
		if err != nil {
			return err
		}
		if !sc.Covered && sc.Case.Open() {
			return s.redirect(w, r, "/cases/"+sc.Case.Reference+"/summaries/new?reason=closure",
				"Before the case closes, write a closing summary: no finalised summary covers the record up to "+sc.LastRecord.Long()+", the day of the last record.")
		}
	}
	return s.caseFormGet(s.closure())(w, r)
}

func (s *Server) reopening() caseForm {
	return caseForm{
		action: kith.ManageCase, page: "reopen", allowClosed: true,
		title: func(h caseHeader) string { return "Reopen the case" },
		save: func(r *http.Request, h caseHeader, f *form) (func() error, func() error) {
			in := kith.ReopenInput{Reason: f.Raw("reason"), Referral: readReferral(f, s.now()), Version: atoi(f.Get("version"))}
			return func() error { return in.Validate(s.now(), kith.Date{}) }, func() error {
				_, err := s.DB.ReopenCase(r.Context(), actorFrom(r), h.Case.Reference, in)
				return err
			}
		},
		done: s.backToCase("Case reopened. Allocate it to a worker."),
	}
}

type accessPage struct {
	formPage
	caseHeader
	Access *sqldb.CaseAccess
	Users  []Option
}

// access is "Who can open this case": restriction, access list and
// lock-outs, for the case's managers.
func (s *Server) access(w http.ResponseWriter, r *http.Request) error {
	return s.renderAccess(w, r, newForm(nil), http.StatusOK)
}

func (s *Server) renderAccess(w http.ResponseWriter, r *http.Request, f *form, status int) error {
	a := actorFrom(r)
	ca, err := s.DB.CaseAccess(r.Context(), a, r.PathValue("ref"))
	if err != nil {
		return err
	}
	h, err := s.caseFor(r, kith.ManageAccess)
	if err != nil {
		return err
	}
	h.Tab = "access"
	users, err := s.DB.CaseRoleUsers(r.Context(), a)
	if err != nil {
		return err
	}
	opts := []Option{{Value: "", Label: "Choose someone"}}
	for _, u := range users {
		opts = append(opts, Option{Value: u.ID, Label: u.DisplayName + " (" + roleLabels(u.Roles) + ")"})
	}
	s.render(w, r, status, "access", "Who can open this case", accessPage{formPage: formPage{Form: f}, caseHeader: h, Access: ca, Users: opts})
	return nil
}

func (s *Server) changeAccess(w http.ResponseWriter, r *http.Request) error {
	f, err := postedForm(w, r)
	if err != nil {
		return err
	}
	a, ref, user := actorFrom(r), r.PathValue("ref"), f.Get("user_id")
	var msg string
	switch f.Get("action") {
	case "restrict", "unrestrict":
		restrict := f.Get("action") == "restrict"
		err = s.DB.SetRestricted(r.Context(), a, ref, restrict, atoi(f.Get("version")))
		msg = "The case is no longer restricted"
		if restrict {
			msg = "The case is restricted: only the people on its access list can open it"
		}
	case "allow":
		if user == "" {
			err = fieldErr("user_id", "Choose who may open the case")
		} else {
			err = s.DB.AddToAccessList(r.Context(), a, ref, user)
		}
		msg = "Added to the access list"
	case "disallow":
		err, msg = s.DB.RemoveFromAccessList(r.Context(), a, ref, user), "Removed from the access list"
	case "lock":
		err, msg = s.DB.LockOut(r.Context(), a, ref, f.Get("lock_user_id"), f.Raw("reason")), "Locked out of the case"
		// The lock-out form's chooser has its own name, as the page has two.
		var e *kith.Error
		if errors.As(err, &e) {
			for i := range e.Fields {
				if e.Fields[i].Field == "user_id" {
					e.Fields[i].Field = "lock_user_id"
				}
			}
		}
	case "unlock":
		err, msg = s.DB.LiftLockOut(r.Context(), a, ref, user), "Lock-out lifted"
	default:
		err = kith.Errorf(kith.EINVALID, "Choose what to change.")
	}
	if err != nil {
		if f.SetErrors(err) {
			return s.renderAccess(w, r, f, statusFor(f))
		}
		return err
	}
	return s.redirect(w, r, "/cases/"+ref+"/access", msg)
}

func fieldErr(field, msg string) error {
	return &kith.Error{Code: kith.EINVALID, Message: "There is a problem", Fields: []kith.FieldError{{Field: field, Message: msg}}}
}

type accessLogPage struct {
	caseHeader
	Events       []kith.AuditEvent
	IncludeLists bool
}

// accessLog shows who viewed or changed the case, when, and from where.
func (s *Server) accessLog(w http.ResponseWriter, r *http.Request) error {
	include := r.URL.Query().Get("lists") == "yes"
	c, events, err := s.DB.AccessLog(r.Context(), actorFrom(r), r.PathValue("ref"), kith.AccessLogFilter{IncludeLists: include, Limit: 500})
	if err != nil {
		return err
	}
	h, err := s.caseFor(r, kith.ViewAccessLog)
	if err != nil {
		return err
	}
	h.Tab = "access-log"
	_ = c
	s.render(w, r, http.StatusOK, "access-log", "Access log", accessLogPage{caseHeader: h, Events: events, IncludeLists: include})
	return nil
}
