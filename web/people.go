package web

import (
	"net/http"

	"kith"
	"kith/sqldb"
)

type personPage struct {
	caseHeader
	Person *kith.Person
	// Rel is the person's relationship to the child; nil for the child.
	Rel *kith.Relationship
	// OwnCase is the reference of the person's own case, when they are a
	// child with one the reader may open (a brother or sister).
	OwnCase string
}

// person shows one person on a case: details, relationship to the child,
// and addresses and phone numbers with their history.
func (s *Server) person(w http.ResponseWriter, r *http.Request) error {
	h, err := s.caseFor(r, kith.ViewCase)
	if err != nil {
		return err
	}
	_, p, rel, own, err := s.DB.CasePersonWithOwnCase(r.Context(), actorFrom(r), r.PathValue("ref"), r.PathValue("pid"))
	if err != nil {
		return err
	}
	h.Tab = "person"
	title := "The child’s details"
	if rel != nil {
		title = p.FullName() + ", in the child’s network"
	}
	s.render(w, r, http.StatusOK, "person", title, personPage{caseHeader: h, Person: p, Rel: rel, OwnCase: own})
	return nil
}

type newPersonPage struct {
	formPage
	caseHeader
	Query    string
	Searched bool
	Results  []kith.SearchResult
	Existing *kith.SearchResult
}

func (s *Server) renderNewPerson(w http.ResponseWriter, r *http.Request, f *form, status int) error {
	h, err := s.caseFor(r, kith.EditCase)
	if err != nil {
		return err
	}
	if r.Method == http.MethodGet {
		if err := h.Case.CheckOpen(); err != nil {
			return err
		}
	}
	h.Tab = "person"
	p := newPersonPage{formPage: formPage{Form: f}, caseHeader: h, Query: r.URL.Query().Get("q")}
	a := actorFrom(r)
	if existing := f.Get("existing_person_id"); existing != "" {
		// Someone already known, chosen from the search: show who.
		res, err := s.knownPerson(r, existing)
		if err != nil {
			return err
		}
		p.Existing = res
	} else if p.Query != "" {
		q, err := kith.ParseSearch(p.Query, kith.Today(s.now()))
		if err == nil {
			p.Results, err = s.DB.Search(r.Context(), a, q, sqldb.MaxSearchResults)
		}
		if err != nil && !f.SetErrors(err) {
			return err
		}
		p.Searched = true
		// The child and people already in the network are not offered.
		var keep []kith.SearchResult
		for _, res := range p.Results {
			if res.PersonID != h.Case.ChildID {
				keep = append(keep, res)
			}
		}
		p.Results = keep
	}
	s.render(w, r, status, "person-new", "Add someone to "+h.Child.FirstName+"'s network", p)
	return nil
}

// knownPerson finds, through search (and so within the actor's access), a
// person chosen to be added to a network.
func (s *Server) knownPerson(r *http.Request, personID string) (*kith.SearchResult, error) {
	c, p, _, err := s.DB.PersonThroughCase(r.Context(), actorFrom(r), personID)
	if err != nil {
		return nil, err
	}
	return &kith.SearchResult{PersonID: p.ID, Name: p.FullName(), KnownAs: p.KnownAs, DateOfBirth: p.DateOfBirth,
		Links: []kith.SearchLink{{Case: kith.CaseSummary{Reference: c.Reference}}}}, nil
}

func (s *Server) newPersonForm(w http.ResponseWriter, r *http.Request) error {
	f, ok := s.keptForm(r)
	if !ok {
		f = newForm(nil)
		if e := r.URL.Query().Get("existing"); e != "" {
			f.Set("existing_person_id", e)
		}
		f.Set("parental_responsibility", string(kith.NotKnown))
	}
	return s.renderNewPerson(w, r, f, http.StatusOK)
}

func (s *Server) newPerson(w http.ResponseWriter, r *http.Request) error {
	f, err := postedForm(w, r)
	if err != nil {
		return err
	}
	in := kith.NewNetworkMemberInput{ExistingPersonID: f.Get("existing_person_id"), Relationship: readRelationship(f)}
	if in.ExistingPersonID == "" {
		in.Person = readPerson(f, "")
	}
	ref := r.PathValue("ref")
	var id string
	ok, err := submit(f, func() error { return in.Validate(kith.Today(s.now())) }, func() (err error) {
		id, err = s.DB.AddNetworkMember(r.Context(), actorFrom(r), ref, in)
		return err
	})
	if err != nil {
		return err
	}
	if !ok {
		return s.renderNewPerson(w, r, f, http.StatusUnprocessableEntity)
	}
	s.savedKept(r, f)
	return s.redirect(w, r, "/cases/"+ref+"/people/"+id, "Added to the network. You can now add their address and phone numbers.")
}

type personFormPage struct {
	formPage
	caseHeader
	Person  *kith.Person
	Rel     *kith.Relationship
	IsChild bool
}

func (s *Server) personForm(r *http.Request, f *form) (personFormPage, error) {
	_, p, rel, err := s.DB.CasePerson(r.Context(), actorFrom(r), r.PathValue("ref"), r.PathValue("pid"))
	if err != nil {
		return personFormPage{}, err
	}
	h, err := s.caseFor(r, kith.EditCase)
	if err != nil {
		return personFormPage{}, err
	}
	// A form shown again after a failed save is shown even if the case
	// closed meanwhile: its error says so, and the typing is kept.
	if r.Method == http.MethodGet {
		if err := h.Case.CheckOpen(); err != nil {
			return personFormPage{}, err
		}
	}
	h.Tab = "person"
	return personFormPage{formPage: formPage{Form: f}, caseHeader: h, Person: p, Rel: rel, IsChild: rel == nil}, nil
}

func (s *Server) personPath(r *http.Request) string {
	return "/cases/" + r.PathValue("ref") + "/people/" + r.PathValue("pid")
}

// personFlow is the GET and POST of a form about one person on a case:
// their details, their relationship to the child, a new address or phone
// number.
type personFlow struct {
	page  string
	title func(p personFormPage) string
	// fill prefills a fresh form (not a kept one).
	fill func(f *form, p personFormPage) error
	// version is the saved version to take after a conflict, when the form
	// edits something versioned.
	version func(p personFormPage) int
	// save reads the form and returns its validation and its save.
	save func(r *http.Request, f *form) (validate, save func() error)
	done string
}

func (s *Server) personFormGet(fl personFlow) handler {
	return func(w http.ResponseWriter, r *http.Request) error {
		f, kept := s.keptForm(r)
		if !kept {
			f = newForm(nil)
		}
		p, err := s.personForm(r, f)
		if err != nil {
			return err
		}
		if !kept && fl.fill != nil {
			if err := fl.fill(f, p); err != nil {
				return err
			}
		}
		s.render(w, r, http.StatusOK, fl.page, fl.title(p), p)
		return nil
	}
}

func (s *Server) personFormPost(fl personFlow) handler {
	return func(w http.ResponseWriter, r *http.Request) error {
		f, err := postedForm(w, r)
		if err != nil {
			return err
		}
		validate, save := fl.save(r, f)
		ok, err := submit(f, validate, save)
		if err != nil {
			return err
		}
		if !ok {
			p, err := s.personForm(r, f)
			if err != nil {
				return err
			}
			if statusFor(f) == http.StatusConflict && fl.version != nil {
				// Keep what they typed; take the saved version so that,
				// having checked, they can save again.
				f.Set("version", itoa(fl.version(p)))
			}
			s.render(w, r, statusFor(f), fl.page, fl.title(p), p)
			return nil
		}
		s.savedKept(r, f)
		return s.redirect(w, r, s.personPath(r), fl.done)
	}
}

func (s *Server) personDetails() personFlow {
	return personFlow{
		page:  "person-edit",
		title: func(p personFormPage) string { return "Change " + p.Person.FullName() + "'s details" },
		fill: func(f *form, p personFormPage) error {
			fillPerson(f, "", p.Person)
			return nil
		},
		version: func(p personFormPage) int { return p.Person.Version },
		save: func(r *http.Request, f *form) (func() error, func() error) {
			in := readPerson(f, "")
			return func() error { return in.ValidateAdult(kith.Today(s.now())) }, func() error {
				return s.DB.UpdatePerson(r.Context(), actorFrom(r), r.PathValue("ref"), r.PathValue("pid"), in)
			}
		},
		done: "Details saved",
	}
}

func (s *Server) relationshipToChild() personFlow {
	return personFlow{
		page: "relationship",
		title: func(p personFormPage) string {
			return "How " + p.Person.FirstName + " is related to " + p.Child.FirstName
		},
		fill: func(f *form, p personFormPage) error {
			if p.Rel == nil {
				return kith.Errorf(kith.EINVALID, "This is the child. A relationship links someone else to them.")
			}
			fillRelationship(f, p.Rel)
			return nil
		},
		version: func(p personFormPage) int {
			if p.Rel == nil {
				return 0
			}
			return p.Rel.Version
		},
		save: func(r *http.Request, f *form) (func() error, func() error) {
			in := readRelationship(f)
			return func() error { return in.Validate(kith.Today(s.now())) }, func() error {
				return s.DB.UpdateRelationship(r.Context(), actorFrom(r), r.PathValue("ref"), r.PathValue("pid"), in)
			}
		},
		done: "Relationship saved",
	}
}

func (s *Server) newAddressFlow() personFlow {
	return personFlow{
		page:  "address-new",
		title: func(p personFormPage) string { return "Add an address for " + p.Person.FullName() },
		fill: func(f *form, p personFormPage) error {
			f.Set("replaces_current", "yes")
			return nil
		},
		save: func(r *http.Request, f *form) (func() error, func() error) {
			in := readAddress(f, "", false)
			return func() error { return in.Validate(kith.Today(s.now())) }, func() error {
				return s.DB.AddAddress(r.Context(), actorFrom(r), r.PathValue("ref"), r.PathValue("pid"), *in)
			}
		},
		done: "Address added",
	}
}

func (s *Server) newPhoneFlow() personFlow {
	return personFlow{
		page:  "phone-new",
		title: func(p personFormPage) string { return "Add a phone number for " + p.Person.FullName() },
		fill: func(f *form, p personFormPage) error {
			f.Set("kind", string(kith.PhoneMobile))
			f.Set("replaces_current", "yes")
			return nil
		},
		save: func(r *http.Request, f *form) (func() error, func() error) {
			in := readPhone(f)
			return func() error { return in.Validate(kith.Today(s.now())) }, func() error {
				return s.DB.AddPhone(r.Context(), actorFrom(r), r.PathValue("ref"), r.PathValue("pid"), in)
			}
		},
		done: "Phone number added",
	}
}
