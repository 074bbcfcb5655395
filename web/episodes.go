package web

import (
	"net/http"

	"kith"
)

// currentEpisode is the case's current episode, for a form about it.
func (s *Server) currentEpisode(r *http.Request, h caseHeader) (kith.Episode, error) {
	eps, err := s.DB.Episodes(r.Context(), actorFrom(r), h.Case.Reference)
	if err != nil {
		return kith.Episode{}, err
	}
	if len(eps) == 0 {
		return kith.Episode{}, kith.NotFound("Episode")
	}
	return eps[len(eps)-1], nil
}

// episodeReferral records or corrects the referral of the case's current
// episode.
func (s *Server) episodeReferral() caseForm {
	return caseForm{
		action: kith.EditCase,
		page:   "episode-referral",
		title:  func(h caseHeader) string { return "The referral about " + h.Child.FirstName },
		prefill: func(r *http.Request, h caseHeader, f *form) error {
			ep, err := s.currentEpisode(r, h)
			if err == nil {
				fillReferral(f, ep)
				f.Set("version", itoa(ep.Version))
			}
			return err
		},
		save: func(r *http.Request, h caseHeader, f *form) (func() error, func() error) {
			in := readReferral(f, s.now())
			in.Version = atoi(f.Get("version"))
			return func() error { return in.Validate(s.now(), kith.Date{}, "") }, func() error {
				_, err := s.DB.RecordReferral(r.Context(), actorFrom(r), h.Case.Reference, in)
				return err
			}
		},
		done: func(r *http.Request, h caseHeader) (string, string) {
			return "/cases/" + h.Case.Reference + "#episode", "Referral saved"
		},
	}
}

// episodeDecision records the decision on the current episode's referral.
func (s *Server) episodeDecision() caseForm {
	return caseForm{
		action: kith.EditCase,
		page:   "episode-decision",
		title:  func(h caseHeader) string { return "The decision on the referral about " + h.Child.FirstName },
		prefill: func(r *http.Request, h caseHeader, f *form) error {
			ep, err := s.currentEpisode(r, h)
			if err == nil {
				f.Set("version", itoa(ep.Version))
				f.Set("primary_need", ep.PrimaryNeed)
				f.SetDate("decided_on", today(s))
			}
			return err
		},
		options: func(r *http.Request, h caseHeader) ([]Option, any, error) {
			ep, err := s.currentEpisode(r, h)
			return nil, ep, err
		},
		save: func(r *http.Request, h caseHeader, f *form) (func() error, func() error) {
			in := kith.DecisionInput{Decision: kith.ReferralDecision(f.Get("decision")), PrimaryNeed: f.Get("primary_need"),
				DecidedOn: f.Date("decided_on", kith.DateRule{Label: "date of the decision"}), Version: atoi(f.Get("version"))}
			return func() error { return in.Validate(today(s), kith.Date{}, true) }, func() error {
				_, err := s.DB.DecideReferral(r.Context(), actorFrom(r), h.Case.Reference, in)
				return err
			}
		},
		done: func(r *http.Request, h caseHeader) (string, string) {
			return "/cases/" + h.Case.Reference + "#episode", "Decision saved"
		},
	}
}
