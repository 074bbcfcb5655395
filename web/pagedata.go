package web

import (
	"net/http"

	"kith"
)

// formPage is embedded in the data of every page with a form: the layout
// uses it to title the page "Error: …" and to say when a kept form came
// back.
type formPage struct {
	Form *form
}

func (p formPage) formErrors() bool { return p.Form != nil && p.Form.HasErrors() }
func (p formPage) kept() bool       { return p.Form != nil && p.Form.KeptID != "" }

// caseHeader is the identity bar every case page shows, and what the
// viewer may do.
type caseHeader struct {
	Case  *kith.Case
	Child *kith.Person
	Can   kith.CasePermissions
	// Tab is the case section this page belongs to.
	Tab string
}

// child is whose case the page is about: render names them in its title.
func (h caseHeader) child() *kith.Person { return h.Child }

// caseFor loads a case for a page, with the child's details for the
// identity bar; action is what the page is for.
func (s *Server) caseFor(r *http.Request, action kith.Permission) (caseHeader, error) {
	c, child, can, err := s.DB.CaseHeader(r.Context(), actorFrom(r), r.PathValue("ref"), action, r.Method+" "+r.URL.Path)
	if err != nil {
		return caseHeader{}, err
	}
	return caseHeader{Case: c, Child: child, Can: can}, nil
}
