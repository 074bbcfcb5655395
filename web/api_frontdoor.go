package web

import (
	"net/http"

	"kith"
	"kith/sqldb"
)

// frontDoorRoutes are the API's endpoints for contacts that were not
// referrals and early help assessments (Ofsted's Annex A lists 1 and 2).
func (s *Server) frontDoorRoutes() []apiRoute {
	a := actorFrom
	ref := func(r *http.Request) string { return r.PathValue("ref") }
	return []apiRoute{
		{method: "GET", path: "/api/v1/cases/{ref}/front-door", summary: "The case's contacts that did not become referrals and its early help assessments, the earliest first", tag: "Cases",
			resp: sqldb.FrontDoor{}, handle: func(w http.ResponseWriter, r *http.Request) error {
				out, err := s.DB.CaseFrontDoor(r.Context(), a(r), ref(r))
				if err != nil {
					return err
				}
				return writeJSON(w, http.StatusOK, out)
			}},
		{method: "POST", path: "/api/v1/cases/{ref}/contacts", summary: "Record a contact to the front door about the child that did not become a referral (a referral is recorded as the episode's, and Annex A counts it as a contact too): contact_on, source (a census referral source, 1A-10) and outcome (early_help, advice or nfa)", tag: "Cases",
			body: kith.ContactInput{}, resp: kith.Contact{}, handle: apiCall(http.StatusCreated, func(r *http.Request, in kith.ContactInput) (kith.Contact, error) {
				return s.DB.RecordContact(r.Context(), a(r), ref(r), "", in)
			})},
		{method: "PUT", path: "/api/v1/cases/{ref}/contacts/{id}", summary: "Correct a contact; version is the one corrected", tag: "Cases",
			body: kith.ContactInput{}, resp: kith.Contact{}, handle: apiCall(http.StatusOK, func(r *http.Request, in kith.ContactInput) (kith.Contact, error) {
				return s.DB.RecordContact(r.Context(), a(r), ref(r), r.PathValue("id"), in)
			})},
		{method: "POST", path: "/api/v1/cases/{ref}/early-help-assessments", summary: "Record an early help assessment of the child: started_on, completed_on once it is, and the organisation completing it (at most 120 characters)", tag: "Cases",
			body: kith.EarlyHelpAssessmentInput{}, resp: kith.EarlyHelpAssessment{}, handle: apiCall(http.StatusCreated, func(r *http.Request, in kith.EarlyHelpAssessmentInput) (kith.EarlyHelpAssessment, error) {
				return s.DB.RecordEarlyHelpAssessment(r.Context(), a(r), ref(r), "", in)
			})},
		{method: "PUT", path: "/api/v1/cases/{ref}/early-help-assessments/{id}", summary: "Correct an early help assessment, or record that it was completed; version is the one corrected", tag: "Cases",
			body: kith.EarlyHelpAssessmentInput{}, resp: kith.EarlyHelpAssessment{}, handle: apiCall(http.StatusOK, func(r *http.Request, in kith.EarlyHelpAssessmentInput) (kith.EarlyHelpAssessment, error) {
				return s.DB.RecordEarlyHelpAssessment(r.Context(), a(r), ref(r), r.PathValue("id"), in)
			})},
	}
}
