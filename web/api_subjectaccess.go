package web

import (
	"net/http"

	"kith"
)

// subjectAccessRoutes are the API's endpoints for subject access requests
// (information governance officers only), and for a record as a PDF.
func (s *Server) subjectAccessRoutes() []apiRoute {
	a := actorFrom
	return []apiRoute{
		{method: "GET", path: "/api/v1/subject-access-requests", summary: "Every subject access request, most urgent first, each with its clock: the day its month runs from, when it is due (the ICO's counting: the same date next month, or the next working day), days left or days late (information governance officers only)", tag: "Subject access",
			resp: []kith.SubjectAccessRequest{}, handle: func(w http.ResponseWriter, r *http.Request) error {
				out, err := s.DB.SubjectAccessRequests(r.Context(), a(r))
				if err != nil {
					return err
				}
				return writeJSON(w, http.StatusOK, out)
			}},
		{method: "GET", path: "/api/v1/subject-access-requests/{id}", summary: "One subject access request, with its clock", tag: "Subject access",
			resp: kith.SubjectAccessRequest{}, handle: func(w http.ResponseWriter, r *http.Request) error {
				out, err := s.DB.SubjectAccessRequest(r.Context(), a(r), r.PathValue("id"))
				if err != nil {
					return err
				}
				return writeJSON(w, http.StatusOK, out)
			}},
		{method: "POST", path: "/api/v1/subject-access-requests", summary: "Log a subject access request: the child's case reference, who asked (relation self, parent or representative), the day it was received and how identity was checked (photo_id, known, documents, authority, or pending while proof is awaited); its reference (SAR-2026-0001) is numbered within the year received", tag: "Subject access",
			body: kith.SubjectAccessInput{}, resp: kith.SubjectAccessRequest{}, handle: apiCall(http.StatusCreated, func(r *http.Request, in kith.SubjectAccessInput) (kith.SubjectAccessRequest, error) {
				return s.DB.RecordSubjectAccessRequest(r.Context(), a(r), "", in)
			})},
		{method: "PUT", path: "/api/v1/subject-access-requests/{id}", summary: "Change a request: the day proof of identity arrived, an extension (1 or 2 months, with its reason and the day the requester was told, within the first month), the day it was answered or withdrawn; version is the one changed", tag: "Subject access",
			body: kith.SubjectAccessInput{}, resp: kith.SubjectAccessRequest{}, handle: apiCall(http.StatusOK, func(r *http.Request, in kith.SubjectAccessInput) (kith.SubjectAccessRequest, error) {
				return s.DB.RecordSubjectAccessRequest(r.Context(), a(r), r.PathValue("id"), in)
			})},
	}
}
