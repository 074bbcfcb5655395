package web

import (
	"net/http"

	"kith"
)

type overviewPage struct {
	caseHeader
	O     *kith.CaseOverview
	Today kith.Date
}

// caseOverview is the case page: identity bar, warnings, network,
// professionals, status, allocation history and key events.
func (s *Server) caseOverview(w http.ResponseWriter, r *http.Request) error {
	o, err := s.DB.CaseOverview(r.Context(), actorFrom(r), r.PathValue("ref"))
	if err != nil {
		return err
	}
	if o.Case.Reference != r.PathValue("ref") {
		// Opened by id: show it at its reference.
		http.Redirect(w, r, "/cases/"+o.Case.Reference, http.StatusSeeOther)
		return nil
	}
	// A worker opening a case just transferred to them starts from its
	// latest summary (once).
	if id, err := s.DB.SummaryLanding(r.Context(), actorFrom(r), &o.Case); err != nil {
		return err
	} else if id != "" {
		return s.redirect(w, r, "/cases/"+o.Case.Reference+"/records/"+id, "This case was transferred to you: start with its latest summary.")
	}
	p := overviewPage{caseHeader: caseHeader{Case: &o.Case, Child: &o.Child, Can: o.Can, Tab: "overview"}, O: o, Today: today(s)}
	s.render(w, r, http.StatusOK, "case", "Case overview", p)
	return nil
}

// journeyPage is where the child is on the statutory journey, on its own.
type journeyPage struct {
	caseHeader
	Journey kith.Journey
	Today   kith.Date
}

// caseJourney shows the journey panel of a case by itself: the current
// episode's statutory steps and what is next.
func (s *Server) caseJourney(w http.ResponseWriter, r *http.Request) error {
	h, err := s.caseFor(r, kith.ViewCase)
	if err != nil {
		return err
	}
	j, err := s.DB.Journey(r.Context(), actorFrom(r), h.Case.Reference)
	if err != nil {
		return err
	}
	h.Tab = "journey"
	s.render(w, r, http.StatusOK, "journey", "The statutory journey of "+h.Child.FirstName, journeyPage{caseHeader: h, Journey: j, Today: today(s)})
	return nil
}
