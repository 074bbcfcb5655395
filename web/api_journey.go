package web

import (
	"net/http"

	"kith"
)

// journeyRoutes are the API's endpoints for child and family
// assessments and section 47 enquiries.
func (s *Server) journeyRoutes() []apiRoute {
	a := actorFrom
	ref := func(r *http.Request) string { return r.PathValue("ref") }
	return []apiRoute{
		{method: "GET", path: "/api/v1/cases/{ref}/journey", summary: "Where the child is on the statutory journey: the current episode's steps, done or due, and the next one due", tag: "Cases",
			resp: kith.Journey{}, handle: func(w http.ResponseWriter, r *http.Request) error {
				j, err := s.DB.Journey(r.Context(), a(r), ref(r))
				if err != nil {
					return err
				}
				return writeJSON(w, http.StatusOK, j)
			}},
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
		{method: "GET", path: "/api/v1/cases/{ref}/section47s", summary: "The case's section 47 enquiries, the earliest first, each with its initial conference's target date (15 working days from its strategy discussion)", tag: "Cases",
			resp: []kith.Section47{}, handle: func(w http.ResponseWriter, r *http.Request) error {
				out, err := s.DB.Section47s(r.Context(), a(r), ref(r))
				if err != nil {
					return err
				}
				return writeJSON(w, http.StatusOK, out)
			}},
		{method: "GET", path: "/api/v1/cases/{ref}/strategy-discussions", summary: "The final strategy discussion records of the current episode that have not started a section 47 enquiry, the latest first", tag: "Cases",
			resp: []kith.StrategyDiscussion{}, handle: func(w http.ResponseWriter, r *http.Request) error {
				out, err := s.DB.StrategyDiscussions(r.Context(), a(r), ref(r))
				if err != nil {
					return err
				}
				return writeJSON(w, http.StatusOK, out)
			}},
		{method: "POST", path: "/api/v1/cases/{ref}/section47s", summary: "Start a section 47 enquiry at a strategy discussion record of the current episode (at most one open)", tag: "Cases",
			body: kith.Section47Input{}, resp: kith.Section47{}, handle: func(w http.ResponseWriter, r *http.Request) error {
				var in kith.Section47Input
				if err := decode(w, r, &in); err != nil {
					return err
				}
				out, err := s.DB.StartSection47(r.Context(), a(r), ref(r), in)
				if err != nil {
					return err
				}
				return writeJSON(w, http.StatusCreated, out)
			}},
		{method: "POST", path: "/api/v1/cases/{ref}/section47s/{id}/outcome", summary: "Record what a section 47 enquiry concluded; an outcome needing no conference needs no_conference_reason", tag: "Cases",
			body: kith.S47OutcomeInput{}, resp: kith.Section47{}, handle: func(w http.ResponseWriter, r *http.Request) error {
				var in kith.S47OutcomeInput
				if err := decode(w, r, &in); err != nil {
					return err
				}
				out, err := s.DB.ConcludeSection47(r.Context(), a(r), ref(r), r.PathValue("id"), in)
				if err != nil {
					return err
				}
				return writeJSON(w, http.StatusOK, out)
			}},
		{method: "POST", path: "/api/v1/cases/{ref}/section47s/{id}/conference", summary: "Record the initial child protection conference of an enquiry, held on or after its strategy discussion", tag: "Cases",
			body: kith.ConferenceInput{}, resp: kith.Section47{}, handle: func(w http.ResponseWriter, r *http.Request) error {
				var in kith.ConferenceInput
				if err := decode(w, r, &in); err != nil {
					return err
				}
				out, err := s.DB.RecordConference(r.Context(), a(r), ref(r), r.PathValue("id"), in)
				if err != nil {
					return err
				}
				return writeJSON(w, http.StatusOK, out)
			}},
	}
}
