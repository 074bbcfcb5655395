package web

import (
	"net/http"

	"kith"
)

// apiCall is an API handler that reads a JSON body, makes the call and
// answers with its result.
func apiCall[In, Out any](status int, call func(r *http.Request, in In) (Out, error)) func(http.ResponseWriter, *http.Request) error {
	return func(w http.ResponseWriter, r *http.Request) error {
		var in In
		if err := decode(w, r, &in); err != nil {
			return err
		}
		out, err := call(r, in)
		if err != nil {
			return err
		}
		return writeJSON(w, status, out)
	}
}

// lookedAfterRoutes are the API's endpoints for looked-after children:
// periods of care and their episodes, reviews, and missing episodes.
func (s *Server) lookedAfterRoutes() []apiRoute {
	a := actorFrom
	ref := func(r *http.Request) string { return r.PathValue("ref") }
	return []apiRoute{
		{method: "GET", path: "/api/v1/cases/{ref}/looked-after", summary: "The child's looked-after history: episodes of care in order (as the children looked after return counts them), reviews with their due dates, missing episodes, and the next review's due date while looked after", tag: "Cases",
			resp: kith.LookedAfter{}, handle: func(w http.ResponseWriter, r *http.Request) error {
				out, err := s.DB.CaseLookedAfter(r.Context(), a(r), ref(r))
				if err != nil {
					return err
				}
				return writeJSON(w, http.StatusOK, out)
			}},
		{method: "POST", path: "/api/v1/cases/{ref}/looked-after", summary: "Record that the child became looked after: the first episode of a period of care (reason S), the looked-after status, and the first review due within 20 working days", tag: "Cases",
			body: kith.LookedAfterInput{}, resp: kith.CareEpisode{}, handle: apiCall(http.StatusCreated, func(r *http.Request, in kith.LookedAfterInput) (kith.CareEpisode, error) {
				return s.DB.StartLookedAfter(r.Context(), a(r), ref(r), in)
			})},
		{method: "POST", path: "/api/v1/cases/{ref}/looked-after/changes", summary: "Record a change of placement or legal status: the current episode ends (X1) and the next begins with its reason (L, P, T, U or B) worked out from what changed; version is the current episode's", tag: "Cases",
			body: kith.CareChangeInput{}, resp: kith.CareEpisode{}, handle: apiCall(http.StatusCreated, func(r *http.Request, in kith.CareChangeInput) (kith.CareEpisode, error) {
				return s.DB.ChangeCare(r.Context(), a(r), ref(r), in)
			})},
		{method: "POST", path: "/api/v1/cases/{ref}/looked-after/end", summary: "Record that the child stopped being looked after, with the reason (REC); the looked-after status ends, and the care leaver status begins where the child qualifies", tag: "Cases",
			body: kith.CareEndInput{}, resp: kith.CareEpisode{}, handle: apiCall(http.StatusOK, func(r *http.Request, in kith.CareEndInput) (kith.CareEpisode, error) {
				return s.DB.EndCare(r.Context(), a(r), ref(r), in)
			})},
		{method: "POST", path: "/api/v1/cases/{ref}/looked-after/reviews", summary: "Record a looked-after review, with how the child took part (PN0 for a child under 4 on the day, and only then)", tag: "Cases",
			body: kith.CLAReviewInput{}, resp: kith.CLAReview{}, handle: apiCall(http.StatusCreated, func(r *http.Request, in kith.CLAReviewInput) (kith.CLAReview, error) {
				return s.DB.RecordCLAReview(r.Context(), a(r), ref(r), in)
			})},
		{method: "PUT", path: "/api/v1/cases/{ref}/looked-after/previous-permanence", summary: "Record or correct whether the child, in their latest period of care, had left care before through adoption (P1), a special guardianship order (P2) or a residence or child arrangements order (P3), or not (Z1), or it is not known (P4); for P1–P3 the council's DfE code and the order's date, any part of which may be left empty when not known (version is the one corrected, 0 for the first)", tag: "Cases",
			body: kith.PreviousPermanenceInput{}, resp: kith.PreviousPermanence{}, handle: apiCall(http.StatusOK, func(r *http.Request, in kith.PreviousPermanenceInput) (kith.PreviousPermanence, error) {
				return s.DB.RecordPreviousPermanence(r.Context(), a(r), ref(r), in)
			})},
		{method: "PUT", path: "/api/v1/cases/{ref}/looked-after/permanence-plan", summary: "Record or change the permanence plan of the child's latest period of care: plan (return_home, adoption, sgo_cao, supported_living, residential, fostering or other) and agreed_on, in the period of care (version is the one changed, 0 for the first)", tag: "Cases",
			body: kith.PermanencePlanInput{}, resp: kith.PermanencePlan{}, handle: apiCall(http.StatusOK, func(r *http.Request, in kith.PermanencePlanInput) (kith.PermanencePlan, error) {
				return s.DB.RecordPermanencePlan(r.Context(), a(r), ref(r), in)
			})},
		{method: "PUT", path: "/api/v1/cases/{ref}/looked-after/health-outcomes", summary: "Record or correct the health outcomes (the SSDA903's OC2) of a child looked after for the whole of a collection year (year, like 2025-26; this year so far): the strengths and difficulties questionnaire's score (0-40) or the reason there is none (SDQ1-SDQ5) for a child aged 4 to 16 in the year; true or false for immunisations, teeth_check, health_assessment and substance_misuse, health_check for a child under 5 at 31 March, convicted for one aged 10 or over, intervention_received after a substance misuse problem and intervention_offered when none was received; a question that does not apply is left out (version is the one corrected, 0 for the first)", tag: "Cases",
			body: kith.HealthOutcomesInput{}, resp: kith.HealthOutcomes{}, handle: apiCall(http.StatusOK, func(r *http.Request, in kith.HealthOutcomesInput) (kith.HealthOutcomes, error) {
				return s.DB.RecordHealthOutcomes(r.Context(), a(r), ref(r), in)
			})},
		{method: "PUT", path: "/api/v1/cases/{ref}/looked-after/care-leaver-outcomes", summary: "Record or correct what the SSDA903 asks (its OC3) about a young person who left care as a care leaver, on their 17th to 21st birthday in a collection year (year, like 2025-26, once the birthday has come): in_touch (YES, NO, REFU, NREQ, RHOM, DIED); activity (F1-G6) and accommodation (B-Z) with suitable (1 suitable, 2 not), both needed when in touch, either when known otherwise, neither after RHOM or DIED (version is the one corrected, 0 for the first)", tag: "Cases",
			body: kith.CareLeaverInput{}, resp: kith.CareLeaverOutcomes{}, handle: apiCall(http.StatusOK, func(r *http.Request, in kith.CareLeaverInput) (kith.CareLeaverOutcomes, error) {
				return s.DB.RecordCareLeaverOutcomes(r.Context(), a(r), ref(r), in)
			})},
		{method: "POST", path: "/api/v1/cases/{ref}/looked-after/adoption-decisions", summary: "Record the decision that the child should be placed for adoption (decided_on), in their latest period of care; any decision before it must have been reversed by then", tag: "Cases",
			body: kith.AdoptionDecisionInput{}, resp: kith.AdoptionDecision{}, handle: apiCall(http.StatusCreated, func(r *http.Request, in kith.AdoptionDecisionInput) (kith.AdoptionDecision, error) {
				return s.DB.RecordAdoptionDecision(r.Context(), a(r), ref(r), "", in)
			})},
		{method: "PUT", path: "/api/v1/cases/{ref}/looked-after/adoption-decisions/{id}", summary: "Correct a decision to place for adoption, or record that the child should no longer be placed for adoption (reversed_on, with reversal_reason RD1-RD4); version is the one corrected", tag: "Cases",
			body: kith.AdoptionDecisionInput{}, resp: kith.AdoptionDecision{}, handle: apiCall(http.StatusOK, func(r *http.Request, in kith.AdoptionDecisionInput) (kith.AdoptionDecision, error) {
				return s.DB.RecordAdoptionDecision(r.Context(), a(r), ref(r), r.PathValue("id"), in)
			})},
		{method: "PUT", path: "/api/v1/cases/{ref}/looked-after/adoption-match", summary: "Record or correct the latest period of care's match with prospective adopters (matched_on, while a decision to place for adoption stands) and who they are: adopters_sex M1, F1, MM, FF or MF; adopters_status L0 (alone), L11, L12 (married), L2 (civil partners), L3, L4 (unmarried); household, their reference in the adopters register if they are in it (approved by the match, and the adopters its own); version is the one corrected, 0 for the first", tag: "Cases",
			body: kith.AdoptionMatchInput{}, resp: kith.AdoptionMatch{}, handle: apiCall(http.StatusOK, func(r *http.Request, in kith.AdoptionMatchInput) (kith.AdoptionMatch, error) {
				return s.DB.RecordAdoptionMatch(r.Context(), a(r), ref(r), in)
			})},
		{method: "POST", path: "/api/v1/cases/{ref}/missing", summary: "Record a time the child was missing (M) or away without authorisation (A), with their return and the return interview if known", tag: "Cases",
			body: kith.MissingInput{}, resp: kith.MissingEpisode{}, handle: apiCall(http.StatusCreated, func(r *http.Request, in kith.MissingInput) (kith.MissingEpisode, error) {
				return s.DB.RecordMissing(r.Context(), a(r), ref(r), "", in)
			})},
		{method: "PUT", path: "/api/v1/cases/{ref}/missing/{id}", summary: "Change a missing episode: the child's return and the return interview (version is the one edited)", tag: "Cases",
			body: kith.MissingInput{}, resp: kith.MissingEpisode{}, handle: apiCall(http.StatusOK, func(r *http.Request, in kith.MissingInput) (kith.MissingEpisode, error) {
				return s.DB.RecordMissing(r.Context(), a(r), ref(r), r.PathValue("id"), in)
			})},
	}
}
