package web

import (
	"net/http"

	"kith"
)

// casePage is a form on a case: the identity bar plus the form, and
// whatever choices the form offers.
type casePage struct {
	formPage
	caseHeader
	Options []Option
	Extra   any
	Today   kith.Date
}

// caseForm is the GET and POST of one form on a case.
type caseForm struct {
	action kith.Permission
	page   string
	title  func(h caseHeader) string
	// prefill fills the form when it is first shown (not when restoring a
	// kept form); it may return extra data for the page.
	prefill func(r *http.Request, h caseHeader, f *form) error
	// options gives choices the page offers (people, teams…).
	options func(r *http.Request, h caseHeader) ([]Option, any, error)
	// save reads the form and saves it, returning the validation to run
	// when reading the form already found a problem.
	save func(r *http.Request, h caseHeader, f *form) (validate func() error, save func() error)
	done func(r *http.Request, h caseHeader) (to, msg string)
	// allowClosed lets the form be used on a closed case (reopening).
	allowClosed bool
}

func (s *Server) showCaseForm(w http.ResponseWriter, r *http.Request, cf caseForm, f *form, status int, fresh bool) error {
	h, err := s.caseFor(r, cf.action)
	if err != nil {
		return err
	}
	// A form being shown again after a failed save is shown, even if the
	// case closed meanwhile: its error says so, and the typing is kept.
	if !cf.allowClosed && fresh {
		if err := h.Case.CheckOpen(); err != nil {
			return err
		}
	}
	h.Tab = cf.page
	if fresh && cf.prefill != nil {
		if err := cf.prefill(r, h, f); err != nil {
			return err
		}
	}
	p := casePage{formPage: formPage{Form: f}, caseHeader: h, Today: today(s)}
	if cf.options != nil {
		if p.Options, p.Extra, err = cf.options(r, h); err != nil {
			return err
		}
	}
	s.render(w, r, status, cf.page, cf.title(h), p)
	return nil
}

func (s *Server) caseFormGet(cf caseForm) handler {
	return func(w http.ResponseWriter, r *http.Request) error {
		f, kept := s.keptForm(r)
		if !kept {
			f = newForm(nil)
		}
		return s.showCaseForm(w, r, cf, f, http.StatusOK, !kept)
	}
}

func (s *Server) caseFormPost(cf caseForm) handler {
	return func(w http.ResponseWriter, r *http.Request) error {
		f, err := postedForm(w, r)
		if err != nil {
			return err
		}
		h := caseHeader{Case: &kith.Case{Reference: r.PathValue("ref")}}
		validate, save := cf.save(r, h, f)
		ok, err := submit(f, validate, save)
		if err != nil {
			return err
		}
		if !ok {
			if statusFor(f) == http.StatusConflict {
				// Someone else saved first. Keep what the user typed, but
				// take the saved version, so that once they have checked
				// the change they can save again.
				if err := s.refreshVersion(r, cf, f); err != nil {
					return err
				}
			}
			return s.showCaseForm(w, r, cf, f, statusFor(f), false)
		}
		s.savedKept(r, f)
		to, msg := cf.done(r, h)
		return s.redirect(w, r, to, msg)
	}
}

// refreshVersion takes the saved version: of the thing the form edits when
// its prefill gives one (a professional, a warning), else of the case.
func (s *Server) refreshVersion(r *http.Request, cf caseForm, f *form) error {
	h, err := s.caseFor(r, cf.action)
	if err != nil {
		return err
	}
	version := itoa(h.Case.Version)
	if cf.prefill != nil {
		scratch := newForm(nil)
		if err := cf.prefill(r, h, scratch); err != nil {
			return err
		}
		if v := scratch.Get("version"); v != "" {
			version = v
		}
	}
	f.Set("version", version)
	return nil
}

// statusFor answers a form with errors 409 when it lost a race with
// someone else's change, 422 otherwise.
func statusFor(f *form) int {
	if f.unavailable {
		return http.StatusServiceUnavailable
	}
	if f.conflict {
		return http.StatusConflict
	}
	return http.StatusUnprocessableEntity
}

func today(s *Server) kith.Date { return kith.Today(s.now()) }

func (s *Server) backToCase(msg string) func(r *http.Request, h caseHeader) (string, string) {
	return func(r *http.Request, h caseHeader) (string, string) { return "/cases/" + h.Case.Reference, msg }
}

// networkOptions lists the child and the people in their network, for a
// warning about one of them.
func (s *Server) networkOptions(r *http.Request, h caseHeader) ([]Option, any, error) {
	o, err := s.DB.CaseNetwork(r.Context(), actorFrom(r), h.Case.Reference)
	if err != nil {
		return nil, nil, err
	}
	opts := []Option{{Value: "", Label: "Nobody in particular"}, {Value: h.Case.ChildID, Label: h.Child.FullName() + " (the child)"}}
	for _, m := range o {
		if m.Relationship.Current() {
			opts = append(opts, Option{Value: m.Person.ID, Label: m.Person.FullName() + " (" + m.Relationship.Kind.Label() + ")"})
		}
	}
	return opts, nil, nil
}

func (s *Server) professionalNew() caseForm {
	return caseForm{
		action: kith.EditCase, page: "professional-new",
		title: func(h caseHeader) string { return "Add a professional" },
		options: func(r *http.Request, h caseHeader) ([]Option, any, error) {
			// Professionals already known to Kith, found by name or agency,
			// so their details are not typed twice.
			q := r.URL.Query().Get("q")
			if q == "" {
				return nil, nil, nil
			}
			found, err := s.DB.FindProfessionals(r.Context(), actorFrom(r), q)
			return nil, found, err
		},
		save: func(r *http.Request, h caseHeader, f *form) (func() error, func() error) {
			in := kith.InvolvementInput{ProfessionalID: f.Get("professional_id"), Note: f.Raw("note"),
				StartedOn: f.Date("started_on", kith.DateRule{Label: "date they became involved"})}
			if in.ProfessionalID == "" {
				in.Professional = readProfessional(f)
			}
			return func() error { return in.Validate(today(s)) }, func() error {
				_, err := s.DB.AddInvolvement(r.Context(), actorFrom(r), h.Case.Reference, in)
				return err
			}
		},
		done: s.backToCase("Professional added"),
	}
}

func (s *Server) professionalEdit() caseForm {
	return caseForm{
		action: kith.EditCase, page: "professional-edit",
		title: func(h caseHeader) string { return "Change a professional's details" },
		prefill: func(r *http.Request, h caseHeader, f *form) error {
			_, inv, err := s.DB.Involvement(r.Context(), actorFrom(r), h.Case.Reference, r.PathValue("id"))
			if err != nil {
				return err
			}
			p := inv.Professional
			for k, v := range map[string]string{"name": p.Name, "role": p.Role, "agency": p.Agency, "phone": p.Phone, "email": p.Email, "note": inv.Note, "version": itoa(p.Version)} {
				f.Set(k, v)
			}
			return nil
		},
		save: func(r *http.Request, h caseHeader, f *form) (func() error, func() error) {
			in := readProfessional(f)
			return in.Validate, func() error {
				return s.DB.UpdateProfessional(r.Context(), actorFrom(r), h.Case.Reference, r.PathValue("id"), in, f.Raw("note"))
			}
		},
		done: s.backToCase("Professional's details saved. They show on every case the professional is involved in."),
	}
}

func (s *Server) warningNew() caseForm {
	return caseForm{
		action: kith.EditCase, page: "warning",
		title:   func(h caseHeader) string { return "Add a warning" },
		options: s.networkOptions,
		save: func(r *http.Request, h caseHeader, f *form) (func() error, func() error) {
			in := readWarning(f)
			return func() error { return in.Validate(today(s)) }, func() error {
				return s.DB.AddWarning(r.Context(), actorFrom(r), h.Case.Reference, in)
			}
		},
		done: s.backToCase("Warning added. Everyone who opens the case will see it."),
	}
}

func (s *Server) warningReview() caseForm {
	return caseForm{
		action: kith.EditCase, page: "warning",
		title:   func(h caseHeader) string { return "Review a warning" },
		options: s.networkOptions,
		prefill: func(r *http.Request, h caseHeader, f *form) error {
			_, wn, err := s.DB.Warning(r.Context(), actorFrom(r), h.Case.Reference, r.PathValue("id"))
			if err != nil {
				return err
			}
			f.Set("kind", string(wn.Kind))
			f.Set("detail", wn.Detail)
			f.Set("person_id", wn.PersonID)
			f.Set("version", itoa(wn.Version))
			return nil
		},
		save: func(r *http.Request, h caseHeader, f *form) (func() error, func() error) {
			in := readWarning(f)
			return func() error { return in.Validate(today(s)) }, func() error {
				return s.DB.ReviewWarning(r.Context(), actorFrom(r), h.Case.Reference, r.PathValue("id"), in)
			}
		},
		done: s.backToCase("Warning reviewed"),
	}
}

func (s *Server) statusNew() caseForm {
	return caseForm{
		action: kith.EditCase, page: "status-new",
		title: func(h caseHeader) string { return "Start a status" },
		prefill: func(r *http.Request, h caseHeader, f *form) error {
			f.SetDate("started_on", today(s))
			return nil
		},
		save: func(r *http.Request, h caseHeader, f *form) (func() error, func() error) {
			in := kith.StatusInput{Kind: kith.StatusKind(f.Get("kind")), StartedOn: f.Date("started_on", kith.DateRule{Label: "start date"})}
			return nil, func() error { return s.DB.StartStatus(r.Context(), actorFrom(r), h.Case.Reference, in) }
		},
		done: s.backToCase("Status started"),
	}
}
