package web

import (
	"net/http"

	"kith"
)

// endPage asks when something ended (an address, a number, a relationship,
// an involvement, a warning, a status) and, for some, why.
type endPage struct {
	formPage
	caseHeader
	Heading     string
	Intro       string
	Action      string
	Cancel      string
	Button      string
	AskReason   bool
	ReasonLabel string
}

func (s *Server) renderEnd(w http.ResponseWriter, r *http.Request, f *form, status int, p endPage) error {
	h, err := s.caseFor(r, kith.EditCase)
	if err != nil {
		return err
	}
	if r.Method == http.MethodGet {
		if err := h.Case.CheckOpen(); err != nil {
			return err
		}
	}
	h.Tab = "end"
	p.caseHeader, p.formPage, p.Action = h, formPage{Form: f}, r.URL.Path
	if p.Cancel == "" {
		p.Cancel = "/cases/" + h.Case.Reference
	}
	if p.Button == "" {
		p.Button = "Save"
	}
	s.render(w, r, status, "end", p.Heading, p)
	return nil
}

// endFlow is the GET and POST of one "end" page.
type endFlow struct {
	page func(r *http.Request) (endPage, error)
	save func(r *http.Request, in kith.EndInput) error
	done func(r *http.Request) (to, msg string)
}

func (s *Server) endForm(flow endFlow) handler {
	return func(w http.ResponseWriter, r *http.Request) error {
		f, kept := s.keptForm(r)
		if !kept {
			f = newForm(nil)
			f.SetDate("ended_on", kith.Today(s.now()))
		}
		p, err := flow.page(r)
		if err != nil {
			return err
		}
		return s.renderEnd(w, r, f, http.StatusOK, p)
	}
}

func (s *Server) endSubmit(flow endFlow) handler {
	return func(w http.ResponseWriter, r *http.Request) error {
		f, err := postedForm(w, r)
		if err != nil {
			return err
		}
		in := readEnd(f)
		ok, err := submit(f, nil, func() error { return flow.save(r, in) })
		if err != nil {
			return err
		}
		if !ok {
			p, err := flow.page(r)
			if err != nil {
				return err
			}
			return s.renderEnd(w, r, f, http.StatusUnprocessableEntity, p)
		}
		s.savedKept(r, f)
		to, msg := flow.done(r)
		return s.redirect(w, r, to, msg)
	}
}

func (s *Server) personEndPage(heading, intro string) func(r *http.Request) (endPage, error) {
	return func(r *http.Request) (endPage, error) {
		_, p, _, err := s.DB.CasePerson(r.Context(), actorFrom(r), r.PathValue("ref"), r.PathValue("pid"))
		if err != nil {
			return endPage{}, err
		}
		return endPage{Heading: heading + " " + p.FullName(), Intro: intro, Cancel: s.personPath(r)}, nil
	}
}

func (s *Server) toPerson(msg string) func(r *http.Request) (string, string) {
	return func(r *http.Request) (string, string) { return s.personPath(r), msg }
}

func (s *Server) toCase(msg string) func(r *http.Request) (string, string) {
	return func(r *http.Request) (string, string) { return "/cases/" + r.PathValue("ref"), msg }
}

func (s *Server) endRelationshipFlow() endFlow {
	return endFlow{
		page: func(r *http.Request) (endPage, error) {
			p, err := s.personEndPage("End the relationship with", "The relationship stays in the history, marked as ended. They no longer count as living with the child.")(r)
			p.AskReason, p.ReasonLabel, p.Button = true, "Why has it ended? (optional)", "End the relationship"
			return p, err
		},
		save: func(r *http.Request, in kith.EndInput) error {
			return s.DB.EndRelationship(r.Context(), actorFrom(r), r.PathValue("ref"), r.PathValue("pid"), in)
		},
		done: s.toPerson("Relationship ended"),
	}
}

func (s *Server) endAddressFlow() endFlow {
	return endFlow{
		page: s.personEndPage("They no longer live at this address:", "The address stays on record as a previous address, with its dates."),
		save: func(r *http.Request, in kith.EndInput) error {
			return s.DB.EndAddress(r.Context(), actorFrom(r), r.PathValue("ref"), r.PathValue("pid"), r.PathValue("id"), in)
		},
		done: s.toPerson("Address ended"),
	}
}

func (s *Server) endPhoneFlow() endFlow {
	return endFlow{
		page: s.personEndPage("This number is no longer used by", "The number stays on record as an old number, with its dates."),
		save: func(r *http.Request, in kith.EndInput) error {
			return s.DB.EndPhone(r.Context(), actorFrom(r), r.PathValue("ref"), r.PathValue("pid"), r.PathValue("id"), in)
		},
		done: s.toPerson("Phone number ended"),
	}
}

func (s *Server) endProfessionalFlow() endFlow {
	return endFlow{
		page: func(r *http.Request) (endPage, error) {
			_, inv, err := s.DB.Involvement(r.Context(), actorFrom(r), r.PathValue("ref"), r.PathValue("id"))
			if err != nil {
				return endPage{}, err
			}
			return endPage{Heading: inv.Professional.Name + " is no longer involved", Intro: "Their involvement stays in the case's history.", Button: "Save"}, nil
		},
		save: func(r *http.Request, in kith.EndInput) error {
			return s.DB.EndInvolvement(r.Context(), actorFrom(r), r.PathValue("ref"), r.PathValue("id"), in)
		},
		done: s.toCase("Involvement ended"),
	}
}

func (s *Server) endWarningFlow() endFlow {
	return endFlow{
		page: func(r *http.Request) (endPage, error) {
			_, wn, err := s.DB.Warning(r.Context(), actorFrom(r), r.PathValue("ref"), r.PathValue("id"))
			if err != nil {
				return endPage{}, err
			}
			return endPage{Heading: "End the warning: " + wn.Kind.Label(), Intro: wn.Detail, AskReason: true, ReasonLabel: "Why does the warning no longer apply?", Button: "End the warning"}, nil
		},
		save: func(r *http.Request, in kith.EndInput) error {
			return s.DB.EndWarning(r.Context(), actorFrom(r), r.PathValue("ref"), r.PathValue("id"), in)
		},
		done: s.toCase("Warning ended"),
	}
}

func (s *Server) endStatusFlow() endFlow {
	return endFlow{
		page: func(r *http.Request) (endPage, error) {
			return endPage{Heading: "End a status", Intro: "The status period stays in the case's history with its dates.", Button: "End the status"}, nil
		},
		save: func(r *http.Request, in kith.EndInput) error {
			return s.DB.EndStatus(r.Context(), actorFrom(r), r.PathValue("ref"), r.PathValue("id"), in)
		},
		done: s.toCase("Status ended"),
	}
}
