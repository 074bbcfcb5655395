package web

import (
	"net/http"

	"kith"
	"kith/sqldb"
)

type searchPage struct {
	formPage
	Query   string
	Results []kith.SearchResult
	Done    bool
}

// search is "Find a child": by name (tolerant of spelling and known-as
// names), date of birth, case reference or phone number.
func (s *Server) search(w http.ResponseWriter, r *http.Request) error {
	a := actorFrom(r)
	if !a.HasCaseRole() && !a.Has(kith.RoleAuditor) {
		return kith.Errorf(kith.EFORBIDDEN, "Your account has no role that can search for children.")
	}
	text := r.URL.Query().Get("q")
	p := searchPage{formPage: formPage{Form: newForm(r.URL.Query())}, Query: text}
	status := http.StatusOK
	if _, asked := r.URL.Query()["q"]; asked {
		q, err := kith.ParseSearch(text, kith.Today(s.now()))
		if err == nil {
			p.Results, err = s.DB.Search(r.Context(), a, q, sqldb.MaxSearchResults)
			p.Done = err == nil
		}
		if err != nil {
			if !p.Form.SetErrors(err) {
				return err
			}
			status = http.StatusUnprocessableEntity
		}
	}
	// A search for an exact reference goes straight to the case.
	if p.Done && len(p.Results) == 1 && len(p.Results[0].Links) == 1 {
		if ref, ok := kith.NormaliseReference(text); ok && ref == p.Results[0].Links[0].Case.Reference {
			http.Redirect(w, r, "/cases/"+ref, http.StatusSeeOther)
			return nil
		}
	}
	s.render(w, r, status, "search", "Find a child", p)
	return nil
}
