package web

import (
	"net/http"

	"kith"
)

// section47Of finds the enquiry the path names among the case's.
func (s *Server) section47Of(r *http.Request, h caseHeader) (kith.Section47, error) {
	all, err := s.DB.Section47s(r.Context(), actorFrom(r), h.Case.Reference)
	if err != nil {
		return kith.Section47{}, err
	}
	for _, x := range all {
		if x.ID == r.PathValue("id") {
			return x, nil
		}
	}
	return kith.Section47{}, kith.NotFound("Section 47 enquiry")
}

// section47Start starts an enquiry at one of the episode's strategy
// discussions.
func (s *Server) section47Start() caseForm {
	return caseForm{
		action: kith.EditCase,
		page:   "section47-new",
		title:  func(h caseHeader) string { return "Start a section 47 enquiry about " + h.Child.FirstName },
		options: func(r *http.Request, h caseHeader) ([]Option, any, error) {
			list, err := s.DB.StrategyDiscussions(r.Context(), actorFrom(r), h.Case.Reference)
			var out []Option
			for _, sd := range list {
				out = append(out, Option{Value: sd.RecordID, Label: "Strategy discussion on " + sd.HeldOn.Long(), Hint: sd.Headline})
			}
			return out, nil, err
		},
		save: func(r *http.Request, h caseHeader, f *form) (func() error, func() error) {
			in := kith.Section47Input{StrategyRecordID: f.Get("strategy_record_id")}
			return in.Validate, func() error {
				_, err := s.DB.StartSection47(r.Context(), actorFrom(r), h.Case.Reference, in)
				return err
			}
		},
		done: func(r *http.Request, h caseHeader) (string, string) {
			return "/cases/" + h.Case.Reference + "#section47", "Section 47 enquiry started"
		},
	}
}

// section47Outcome records what an enquiry concluded.
func (s *Server) section47Outcome() caseForm {
	return caseForm{
		action: kith.EditCase,
		page:   "section47-outcome",
		title:  func(h caseHeader) string { return "The outcome of the section 47 enquiry about " + h.Child.FirstName },
		prefill: func(r *http.Request, h caseHeader, f *form) error {
			x, err := s.section47Of(r, h)
			if err == nil {
				f.SetDate("concluded_on", today(s))
				f.Set("version", itoa(x.Version))
			}
			return err
		},
		options: func(r *http.Request, h caseHeader) ([]Option, any, error) {
			x, err := s.section47Of(r, h)
			return nil, x, err
		},
		save: func(r *http.Request, h caseHeader, f *form) (func() error, func() error) {
			in := kith.S47OutcomeInput{Outcome: kith.S47Outcome(f.Get("outcome")), NoConferenceReason: f.Get("no_conference_reason"),
				ConcludedOn: f.Date("concluded_on", kith.DateRule{Label: "date the enquiry concluded"}), Version: atoi(f.Get("version"))}
			return func() error { return in.Validate(today(s), kith.Date{}) }, func() error {
				_, err := s.DB.ConcludeSection47(r.Context(), actorFrom(r), h.Case.Reference, r.PathValue("id"), in)
				return err
			}
		},
		done: func(r *http.Request, h caseHeader) (string, string) {
			return "/cases/" + h.Case.Reference + "#section47", "Outcome saved"
		},
	}
}

// section47Conference records that the initial child protection
// conference was held.
func (s *Server) section47Conference() caseForm {
	return caseForm{
		action: kith.EditCase,
		page:   "section47-conference",
		title:  func(h caseHeader) string { return "The initial child protection conference about " + h.Child.FirstName },
		prefill: func(r *http.Request, h caseHeader, f *form) error {
			x, err := s.section47Of(r, h)
			if err == nil {
				f.SetDate("held_on", today(s))
				f.Set("version", itoa(x.Version))
			}
			return err
		},
		options: func(r *http.Request, h caseHeader) ([]Option, any, error) {
			x, err := s.section47Of(r, h)
			return nil, x, err
		},
		save: func(r *http.Request, h caseHeader, f *form) (func() error, func() error) {
			in := kith.ConferenceInput{HeldOn: f.Date("held_on", kith.DateRule{Label: "date of the conference"}),
				Decision: kith.ConferenceDecision(f.Get("decision")), Category: f.Get("category"), Version: atoi(f.Get("version"))}
			return func() error { return in.Validate(today(s), kith.Date{}, nil) }, func() error {
				_, err := s.DB.RecordConference(r.Context(), actorFrom(r), h.Case.Reference, r.PathValue("id"), in)
				return err
			}
		},
		done: func(r *http.Request, h caseHeader) (string, string) {
			return "/cases/" + h.Case.Reference + "#section47", "Conference saved"
		},
	}
}
