package web

import (
	"net/http"

	"kith"
)

// assessmentPage is what the assessment forms show beside the fields: the
// current episode, when starting one, or the assessment itself.
type assessmentPage struct {
	Episode    kith.Episode
	Assessment kith.Assessment
}

// assessmentOf finds the assessment the path names among the case's.
func (s *Server) assessmentOf(r *http.Request, h caseHeader) (kith.Assessment, error) {
	all, err := s.DB.Assessments(r.Context(), actorFrom(r), h.Case.Reference)
	if err != nil {
		return kith.Assessment{}, err
	}
	for _, a := range all {
		if a.ID == r.PathValue("id") {
			return a, nil
		}
	}
	return kith.Assessment{}, kith.NotFound("Assessment")
}

func readAssessment(f *form) kith.AssessmentInput {
	return kith.AssessmentInput{StartedOn: f.Date("started_on", kith.DateRule{Label: "start date"}),
		Factors: f.All("factors"), Version: atoi(f.Get("version"))}
}

// assessmentStart starts a child and family assessment in the current
// episode.
func (s *Server) assessmentStart() caseForm {
	return caseForm{
		action: kith.EditCase,
		page:   "assessment-edit",
		title:  func(h caseHeader) string { return "Start an assessment of " + h.Child.FirstName },
		prefill: func(r *http.Request, h caseHeader, f *form) error {
			f.SetDate("started_on", today(s))
			return nil
		},
		options: func(r *http.Request, h caseHeader) ([]Option, any, error) {
			ep, err := s.currentEpisode(r, h)
			return nil, assessmentPage{Episode: ep}, err
		},
		save: func(r *http.Request, h caseHeader, f *form) (func() error, func() error) {
			in := readAssessment(f)
			return func() error { return in.Validate(today(s), kith.Date{}) }, func() error {
				_, err := s.DB.StartAssessment(r.Context(), actorFrom(r), h.Case.Reference, in)
				return err
			}
		},
		done: func(r *http.Request, h caseHeader) (string, string) {
			return "/cases/" + h.Case.Reference + "#assessment", "Assessment started"
		},
	}
}

// assessmentEdit changes the start date or factors of an assessment in
// progress.
func (s *Server) assessmentEdit() caseForm {
	return caseForm{
		action: kith.EditCase,
		page:   "assessment-edit",
		title:  func(h caseHeader) string { return "The assessment of " + h.Child.FirstName },
		prefill: func(r *http.Request, h caseHeader, f *form) error {
			a, err := s.assessmentOf(r, h)
			if err == nil {
				f.SetDate("started_on", a.StartedOn)
				f.Values["factors"] = append([]string(nil), a.Factors...)
				f.Set("version", itoa(a.Version))
			}
			return err
		},
		options: func(r *http.Request, h caseHeader) ([]Option, any, error) {
			a, err := s.assessmentOf(r, h)
			return nil, assessmentPage{Assessment: a}, err
		},
		save: func(r *http.Request, h caseHeader, f *form) (func() error, func() error) {
			in := readAssessment(f)
			return func() error { return in.Validate(today(s), kith.Date{}) }, func() error {
				_, err := s.DB.UpdateAssessment(r.Context(), actorFrom(r), h.Case.Reference, r.PathValue("id"), in)
				return err
			}
		},
		done: func(r *http.Request, h caseHeader) (string, string) {
			return "/cases/" + h.Case.Reference + "#assessment", "Assessment saved"
		},
	}
}

// assessmentAuthorise is a manager's authorisation of an assessment.
func (s *Server) assessmentAuthorise() caseForm {
	return caseForm{
		action: kith.ManageCase,
		page:   "assessment-authorise",
		title:  func(h caseHeader) string { return "Authorise the assessment of " + h.Child.FirstName },
		prefill: func(r *http.Request, h caseHeader, f *form) error {
			a, err := s.assessmentOf(r, h)
			if err == nil {
				f.SetDate("authorised_on", today(s))
				f.Values["factors"] = append([]string(nil), a.Factors...)
				f.Set("version", itoa(a.Version))
			}
			return err
		},
		options: func(r *http.Request, h caseHeader) ([]Option, any, error) {
			a, err := s.assessmentOf(r, h)
			return nil, assessmentPage{Assessment: a}, err
		},
		save: func(r *http.Request, h caseHeader, f *form) (func() error, func() error) {
			in := kith.AuthoriseInput{AuthorisedOn: f.Date("authorised_on", kith.DateRule{Label: "date of authorisation"}),
				Factors: f.All("factors"), LateReason: f.Get("late_reason"), Version: atoi(f.Get("version"))}
			return func() error {
					// Only the checks that need no saved assessment: the
					// rest are made on saving.
					probe := in
					return probe.Validate(today(s), kith.Assessment{}, kith.Date{Year: 9999, Month: 12, Day: 31})
				}, func() error {
					_, err := s.DB.AuthoriseAssessment(r.Context(), actorFrom(r), h.Case.Reference, r.PathValue("id"), in)
					return err
				}
		},
		done: func(r *http.Request, h caseHeader) (string, string) {
			return "/cases/" + h.Case.Reference + "#assessment", "Assessment authorised"
		},
	}
}
