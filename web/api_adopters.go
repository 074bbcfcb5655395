package web

import (
	"net/http"

	"kith"
)

// adopterRoutes are the API's endpoints for the adopters register
// (service managers only).
func (s *Server) adopterRoutes() []apiRoute {
	a := actorFrom
	return []apiRoute{
		{method: "GET", path: "/api/v1/adopters", summary: "The adopters register: every household of prospective adopters, with its adopters and the dates of its steps through the process (service managers only)", tag: "Adopters",
			resp: []kith.AdopterHousehold{}, handle: func(w http.ResponseWriter, r *http.Request) error {
				out, err := s.DB.AdopterHouseholds(r.Context(), a(r))
				if err != nil {
					return err
				}
				return writeJSON(w, http.StatusOK, out)
			}},
		{method: "GET", path: "/api/v1/adopters/{id}", summary: "One household in the adopters register", tag: "Adopters",
			resp: kith.AdopterHousehold{}, handle: func(w http.ResponseWriter, r *http.Request) error {
				out, err := s.DB.AdopterHousehold(r.Context(), a(r), r.PathValue("id"))
				if err != nil {
					return err
				}
				return writeJSON(w, http.StatusOK, out)
			}},
		{method: "POST", path: "/api/v1/adopters", summary: "Add a household to the adopters register: one or two adopters (name, sex F, M or U, a census ethnicity code, disabled yes, no or not_known), whether they are fostering for adoption, and the dates of the enquiry and of each step so far; its reference (ADP-2026-0001) is numbered within the year of the enquiry", tag: "Adopters",
			body: kith.AdopterHouseholdInput{}, resp: kith.AdopterHousehold{}, handle: apiCall(http.StatusCreated, func(r *http.Request, in kith.AdopterHouseholdInput) (kith.AdopterHousehold, error) {
				return s.DB.RecordAdopterHousehold(r.Context(), a(r), "", in)
			})},
		{method: "PUT", path: "/api/v1/adopters/{id}", summary: "Correct a household, or record its next step or that it left the process (left_on, with left_reason: adopted, withdrew, not_suitable, another_agency or other); version is the one corrected", tag: "Adopters",
			body: kith.AdopterHouseholdInput{}, resp: kith.AdopterHousehold{}, handle: apiCall(http.StatusOK, func(r *http.Request, in kith.AdopterHouseholdInput) (kith.AdopterHousehold, error) {
				return s.DB.RecordAdopterHousehold(r.Context(), a(r), r.PathValue("id"), in)
			})},
	}
}
