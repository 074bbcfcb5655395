package web

import (
	"net/http"

	"kith"
)

// adoptionPage is what the adoption forms show: the child's care, and the
// decision being changed, if any.
type adoptionPage struct {
	carePage
	Decision kith.AdoptionDecision
}

// decisionOf is the decision named in the path, or a new one.
func (s *Server) decisionOf(r *http.Request, h caseHeader) (carePage, kith.AdoptionDecision, error) {
	p, err := s.careOf(r, h)
	id := r.PathValue("id")
	if err != nil || id == "" {
		return p, kith.AdoptionDecision{}, err
	}
	for _, d := range p.Care.PeriodDecisions() {
		if d.ID == id {
			return p, d, nil
		}
	}
	return p, kith.AdoptionDecision{}, kith.NotFound("Decision to place for adoption")
}

// adoptionDecision records the decision that the child should be placed
// for adoption, or (with an id in the path) corrects it or records its
// reversal.
func (s *Server) adoptionDecision() caseForm {
	return caseForm{
		action: kith.EditCase,
		page:   "adoption-decision",
		title: func(h caseHeader) string {
			return "The decision that " + h.Child.FirstName + " should be placed for adoption"
		},
		prefill: func(r *http.Request, h caseHeader, f *form) error {
			_, d, err := s.decisionOf(r, h)
			if err != nil {
				return err
			}
			if d.ID == "" {
				f.SetDate("decided_on", today(s))
				return nil
			}
			f.SetDate("decided_on", d.DecidedOn)
			f.SetDate("reversed_on", d.ReversedOn)
			f.Set("reversal_reason", d.ReversalReason)
			f.Set("version", itoa(d.Version))
			return nil
		},
		options: func(r *http.Request, h caseHeader) ([]Option, any, error) {
			p, d, err := s.decisionOf(r, h)
			return nil, adoptionPage{carePage: p, Decision: d}, err
		},
		save: func(r *http.Request, h caseHeader, f *form) (func() error, func() error) {
			in := kith.AdoptionDecisionInput{DecidedOn: f.Date("decided_on", kith.DateRule{Label: "date of the decision"}),
				ReversedOn:     f.Date("reversed_on", kith.DateRule{Label: "date the plan changed"}),
				ReversalReason: f.Get("reversal_reason"), Version: atoi(f.Get("version"))}
			return nil, func() error {
				_, err := s.DB.RecordAdoptionDecision(r.Context(), actorFrom(r), h.Case.Reference, r.PathValue("id"), in)
				return err
			}
		},
		done: careDone("Decision saved"),
	}
}

// adoptionMatch records the child's match with prospective adopters.
func (s *Server) adoptionMatch() caseForm {
	return caseForm{
		action: kith.EditCase,
		page:   "adoption-match",
		title: func(h caseHeader) string {
			return h.Child.FirstName + "'s match with prospective adopters"
		},
		prefill: func(r *http.Request, h caseHeader, f *form) error {
			p, err := s.careOf(r, h)
			if err != nil {
				return err
			}
			if m := p.Care.PeriodMatch(); m != nil {
				f.SetDate("matched_on", m.MatchedOn)
				f.Set("adopters_sex", m.AdoptersSex)
				f.Set("adopters_status", m.AdoptersStatus)
				f.Set("household", m.Household)
				f.Set("version", itoa(m.Version))
			}
			return nil
		},
		options: s.careOptions,
		save: func(r *http.Request, h caseHeader, f *form) (func() error, func() error) {
			in := kith.AdoptionMatchInput{MatchedOn: f.Date("matched_on", kith.DateRule{Label: "date of the match"}),
				AdoptersSex: f.Get("adopters_sex"), AdoptersStatus: f.Get("adopters_status"), Household: f.Get("household"), Version: atoi(f.Get("version"))}
			return nil, func() error {
				_, err := s.DB.RecordAdoptionMatch(r.Context(), actorFrom(r), h.Case.Reference, in)
				return err
			}
		},
		done: careDone("Match saved"),
	}
}
