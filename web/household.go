package web

import (
	"net/http"

	"kith"
)

// householdPage shows a child with their brothers and sisters and the
// adults they share.
type householdPage struct {
	caseHeader
	H *kith.Household
}

// household shows the children of one family together. Storage decides
// what of each sibling the reader may see (sqldb.Household).
func (s *Server) household(w http.ResponseWriter, r *http.Request) error {
	h, can, err := s.DB.Household(r.Context(), actorFrom(r), r.PathValue("ref"))
	if err != nil {
		return err
	}
	child := h.Children[0]
	s.render(w, r, http.StatusOK, "household", "Brothers, sisters and the adults they share",
		householdPage{caseHeader: caseHeader{Case: child.Case, Child: &child.Person, Can: can, Tab: "household"}, H: h})
	return nil
}
