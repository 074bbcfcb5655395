package web

import (
	"errors"
	"net/http"

	"kith"
	"kith/sqldb"
)

// summaryJSON is a case summary as the API gives it: the summary (reason,
// period, gathered facts, changes, sharing, sign-off), its record, and
// where each source record the facts name can be read.
type summaryJSON struct {
	Summary *kith.Summary `json:"summary"`
	Record  *recordJSON   `json:"record"`
	// Sources maps each record id the facts name to its API address.
	Sources map[string]string `json:"sources"`
}

// summariesJSON lists a case's summaries and whether one reaches the last
// record, as closing or transferring the case needs.
type summariesJSON struct {
	Summaries  []kith.Summary     `json:"summaries"`
	Covered    bool               `json:"covered"`
	LastRecord kith.Date          `json:"last_record,omitzero"`
	Suggested  kith.SummaryPeriod `json:"suggested_period"`
}

type signOffJSON struct {
	Comment string `json:"comment,omitempty"`
}

// summaryRoutes are the API's endpoints for case summaries. Drafts are
// saved and finalised here (or as any record, at /api/v1/records/{id});
// the family version is HTML.
func (s *Server) summaryRoutes() []apiRoute {
	a := actorFrom
	ref := func(r *http.Request) string { return r.PathValue("ref") }
	one := func(w http.ResponseWriter, r *http.Request, id string, status int) error {
		sum, err := s.DB.Summary(r.Context(), a(r), id)
		if err != nil {
			return err
		}
		if sum.CaseReference != ref(r) {
			return kith.NotFound("Case summary")
		}
		v, err := s.DB.Record(r.Context(), a(r), id)
		if err != nil {
			return err
		}
		return writeJSON(w, status, summaryJSON{Summary: sum, Record: recordOut(v.Record), Sources: summarySources(sum.Facts)})
	}
	// mine checks the summary is on the case in the address before a change.
	mine := func(r *http.Request) error {
		sum, err := s.DB.Summary(r.Context(), a(r), r.PathValue("id"))
		if err == nil && sum.CaseReference != ref(r) {
			err = kith.NotFound("Case summary")
		}
		return err
	}
	write := func(final bool, save func(r *http.Request, id string, in kith.RecordInput) (*kith.Record, error)) handler {
		return func(w http.ResponseWriter, r *http.Request) error {
			if err := mine(r); err != nil {
				return err
			}
			in, err := draftInput(w, r, final)
			if err != nil {
				return err
			}
			in.TemplateKey = sqldb.SummaryTemplate
			_, err = save(r, r.PathValue("id"), in)
			var conflict *kith.DraftConflict
			if errors.As(err, &conflict) {
				return s.writeConflict(w, r, conflict)
			} else if err != nil {
				return recordProblem(err)
			}
			return one(w, r, r.PathValue("id"), http.StatusOK)
		}
	}
	return []apiRoute{
		{method: "GET", path: "/api/v1/cases/{ref}/summaries", summary: "The case's summaries, latest period first, and whether one reaches the last record", tag: "Summaries",
			resp: summariesJSON{}, handle: func(w http.ResponseWriter, r *http.Request) error {
				_, list, err := s.DB.CaseSummaries(r.Context(), a(r), ref(r))
				if err != nil {
					return err
				}
				sc, err := s.DB.SummaryContext(r.Context(), a(r), ref(r))
				if err != nil {
					return err
				}
				return writeJSON(w, http.StatusOK, summariesJSON{Summaries: list, Covered: sc.Covered, LastRecord: sc.LastRecord, Suggested: sc.Suggested})
			}},
		{method: "POST", path: "/api/v1/cases/{ref}/summaries", summary: "Start a summary from its reason and period: the draft with the facts gathered and their source records", tag: "Summaries",
			body: kith.SummaryStart{}, resp: summaryJSON{}, handle: func(w http.ResponseWriter, r *http.Request) error {
				var in kith.SummaryStart
				if err := decode(w, r, &in); err != nil {
					return err
				}
				sum, err := s.DB.StartSummary(r.Context(), a(r), ref(r), in)
				if err != nil {
					return jsonFields(err, prefixed("period"))
				}
				w.Header().Set("Location", "/api/v1/cases/"+sum.CaseReference+"/summaries/"+sum.RecordID)
				return one(w, r, sum.RecordID, http.StatusCreated)
			}},
		{method: "GET", path: "/api/v1/cases/{ref}/summaries/{id}", summary: "A summary with its gathered facts, sharing and sign-off", tag: "Summaries",
			resp: summaryJSON{}, handle: func(w http.ResponseWriter, r *http.Request) error { return one(w, r, r.PathValue("id"), http.StatusOK) }},
		{method: "PUT", path: "/api/v1/cases/{ref}/summaries/{id}/draft", summary: "Save the summary's draft: the analysis, views and the rest (with the version you started from)", tag: "Summaries",
			body: draftSaveJSON{}, resp: summaryJSON{}, handle: write(false, func(r *http.Request, id string, in kith.RecordInput) (*kith.Record, error) {
				return s.DB.SaveDraft(r.Context(), a(r), id, in)
			})},
		{method: "POST", path: "/api/v1/cases/{ref}/summaries/{id}/regather", summary: "Gather the draft's facts again; changes lists what is new, gone or different", tag: "Summaries",
			resp: summaryJSON{}, handle: func(w http.ResponseWriter, r *http.Request) error {
				if err := mine(r); err != nil {
					return err
				}
				if _, err := s.DB.RegatherSummary(r.Context(), a(r), r.PathValue("id"), nil); err != nil {
					return err
				}
				return one(w, r, r.PathValue("id"), http.StatusOK)
			}},
		{method: "POST", path: "/api/v1/cases/{ref}/summaries/{id}/finalise", summary: "Save and finalise the summary: needs the analysis and the views, and facts that are up to date", tag: "Summaries",
			body: draftSaveJSON{}, resp: summaryJSON{}, handle: write(true, func(r *http.Request, id string, in kith.RecordInput) (*kith.Record, error) {
				return s.DB.FinaliseRecord(r.Context(), a(r), id, in)
			})},
		{method: "POST", path: "/api/v1/cases/{ref}/summaries/{id}/sharing", summary: "Record that the finalised summary was shared with the family, and their comments", tag: "Summaries",
			body: kith.SharingInput{}, resp: summaryJSON{}, handle: func(w http.ResponseWriter, r *http.Request) error {
				var in kith.SharingInput
				if err := decode(w, r, &in); err != nil {
					return err
				}
				if err := mine(r); err != nil {
					return err
				}
				if err := s.DB.ShareSummary(r.Context(), a(r), r.PathValue("id"), in); err != nil {
					return err
				}
				return one(w, r, r.PathValue("id"), http.StatusCreated)
			}},
		{method: "POST", path: "/api/v1/cases/{ref}/summaries/{id}/sign-off", summary: "Countersign a finalised summary (managers of the case)", tag: "Summaries",
			body: signOffJSON{}, resp: summaryJSON{}, handle: func(w http.ResponseWriter, r *http.Request) error {
				var in signOffJSON
				if err := decode(w, r, &in); err != nil {
					return err
				}
				if err := mine(r); err != nil {
					return err
				}
				if err := s.DB.SignOffSummary(r.Context(), a(r), r.PathValue("id"), in.Comment); err != nil {
					return err
				}
				return one(w, r, r.PathValue("id"), http.StatusOK)
			}},
		{method: "GET", path: "/api/v1/cases/{ref}/summaries/{id}/family", summary: "The family version of the summary, as an HTML page (text/html)", tag: "Summaries",
			handle: s.summaryFamily},
	}
}

// summarySources gives the API address of every record a summary's facts
// name.
func summarySources(f kith.SummaryFacts) map[string]string {
	out := map[string]string{}
	add := func(id string) {
		if id != "" {
			out[id] = "/api/v1/records/" + id
		}
	}
	for _, c := range f.Contacts {
		for _, r := range c.Records {
			add(r.RecordID)
		}
	}
	for _, x := range f.ActionsRaised {
		add(x.RecordID)
	}
	for _, x := range f.ActionsClosed {
		add(x.RecordID)
	}
	for _, x := range f.ActionsOpen {
		add(x.RecordID)
	}
	return out
}
