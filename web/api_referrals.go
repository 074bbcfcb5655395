package web

import (
	"net/http"

	"kith"
)

// referralRoutes are the API's endpoints for referrals and their chases.
func (s *Server) referralRoutes() []apiRoute {
	a := actorFrom
	ref := func(r *http.Request) string { return r.PathValue("ref") }
	one := func(w http.ResponseWriter, r *http.Request, id string, status int) error {
		_, x, err := s.DB.Referral(r.Context(), a(r), ref(r), id)
		if err != nil {
			return err
		}
		return writeJSON(w, status, x)
	}
	return []apiRoute{
		{method: "GET", path: "/api/v1/cases/{ref}/referrals", summary: "The case's referrals with their chases, newest first", tag: "Referrals",
			resp: referralsJSON{}, handle: func(w http.ResponseWriter, r *http.Request) error {
				_, referrals, err := s.DB.CaseReferrals(r.Context(), a(r), ref(r))
				if err != nil {
					return err
				}
				return writeJSON(w, http.StatusOK, referralsJSON{Referrals: referrals})
			}},
		{method: "POST", path: "/api/v1/cases/{ref}/referrals", summary: "Record a referral to a service", tag: "Referrals",
			body: kith.ReferralInput{}, resp: kith.Referral{}, handle: func(w http.ResponseWriter, r *http.Request) error {
				var in kith.ReferralInput
				if err := decode(w, r, &in); err != nil {
					return err
				}
				id, err := s.DB.AddReferral(r.Context(), a(r), ref(r), in)
				if err != nil {
					return err
				}
				return one(w, r, id, http.StatusCreated)
			}},
		{method: "GET", path: "/api/v1/cases/{ref}/referrals/{id}", summary: "One referral, its chases and when it is next due a chase", tag: "Referrals",
			resp: kith.Referral{}, handle: func(w http.ResponseWriter, r *http.Request) error { return one(w, r, r.PathValue("id"), http.StatusOK) }},
		{method: "POST", path: "/api/v1/cases/{ref}/referrals/{id}/chases", summary: "Record a chase and any response (with the referral's version)", tag: "Referrals",
			body: kith.ChaseInput{}, resp: kith.Referral{}, handle: func(w http.ResponseWriter, r *http.Request) error {
				var in kith.ChaseInput
				if err := decode(w, r, &in); err != nil {
					return err
				}
				if err := s.DB.ChaseReferral(r.Context(), a(r), ref(r), r.PathValue("id"), in); err != nil {
					return err
				}
				return one(w, r, r.PathValue("id"), http.StatusCreated)
			}},
		{method: "POST", path: "/api/v1/cases/{ref}/referrals/{id}/outcome", summary: "Record the outcome (with its date) and any appointment (with the referral's version)", tag: "Referrals",
			body: kith.OutcomeInput{}, resp: kith.Referral{}, handle: func(w http.ResponseWriter, r *http.Request) error {
				var in kith.OutcomeInput
				if err := decode(w, r, &in); err != nil {
					return err
				}
				if err := s.DB.RecordReferralOutcome(r.Context(), a(r), ref(r), r.PathValue("id"), in); err != nil {
					return err
				}
				return one(w, r, r.PathValue("id"), http.StatusOK)
			}},
	}
}

// referralsJSON is a list of referrals.
type referralsJSON struct {
	Referrals []kith.Referral `json:"referrals"`
}
