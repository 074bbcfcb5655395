package web

import (
	"net/http"

	"kith"
)

// assessmentRoutes are the API's endpoints for child and family
// assessments.
func (s *Server) assessmentRoutes() []apiRoute {
	a := actorFrom
	ref := func(r *http.Request) string { return r.PathValue("ref") }
	return []apiRoute{
		{method: "GET", path: "/api/v1/cases/{ref}/assessments", summary: "The case's child and family assessments, the earliest first, each with its due date (45 working days from its episode's referral)", tag: "Cases",
			resp: []kith.Assessment{}, handle: func(w http.ResponseWriter, r *http.Request) error {
				out, err := s.DB.Assessments(r.Context(), a(r), ref(r))
				if err != nil {
					return err
				}
				return writeJSON(w, http.StatusOK, out)
			}},
		{method: "POST", path: "/api/v1/cases/{ref}/assessments", summary: "Start a child and family assessment in the current episode (at most one in progress)", tag: "Cases",
			body: kith.AssessmentInput{}, resp: kith.Assessment{}, handle: func(w http.ResponseWriter, r *http.Request) error {
				var in kith.AssessmentInput
				if err := decode(w, r, &in); err != nil {
					return err
				}
				out, err := s.DB.StartAssessment(r.Context(), a(r), ref(r), in)
				if err != nil {
					return err
				}
				return writeJSON(w, http.StatusCreated, out)
			}},
		{method: "PUT", path: "/api/v1/cases/{ref}/assessments/{id}", summary: "Change the start date or factors of an assessment not yet authorised (version is the one edited)", tag: "Cases",
			body: kith.AssessmentInput{}, resp: kith.Assessment{}, handle: func(w http.ResponseWriter, r *http.Request) error {
				var in kith.AssessmentInput
				if err := decode(w, r, &in); err != nil {
					return err
				}
				out, err := s.DB.UpdateAssessment(r.Context(), a(r), ref(r), r.PathValue("id"), in)
				if err != nil {
					return err
				}
				return writeJSON(w, http.StatusOK, out)
			}},
		{method: "POST", path: "/api/v1/cases/{ref}/assessments/{id}/authorisation", summary: "A manager's authorisation of an assessment, which completes and locks it; late_reason is needed after its due date", tag: "Cases",
			body: kith.AuthoriseInput{}, resp: kith.Assessment{}, handle: func(w http.ResponseWriter, r *http.Request) error {
				var in kith.AuthoriseInput
				if err := decode(w, r, &in); err != nil {
					return err
				}
				out, err := s.DB.AuthoriseAssessment(r.Context(), a(r), ref(r), r.PathValue("id"), in)
				if err != nil {
					return err
				}
				return writeJSON(w, http.StatusOK, out)
			}},
	}
}
