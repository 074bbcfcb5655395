package web

import (
	"context"
	"net/http"
	"reflect"
	"strings"

	"kith"
	"kith/sqldb"
)

// chronologyRoutes are the API's chronology endpoints: a case's automatic
// chronology, and the curated chronologies built from it.
func (s *Server) chronologyRoutes() []apiRoute {
	return []apiRoute{
		{method: "GET", path: "/api/v1/cases/{ref}/chronology", summary: "The case's automatic chronology, with filters", tag: "Chronologies",
			resp: chronologyJSON{}, query: chronologyParams, handle: s.apiChronology},
		{method: "GET", path: "/api/v1/cases/{ref}/chronologies", summary: "The case's curated chronologies", tag: "Chronologies",
			resp: chronologiesJSON{}, handle: s.apiChronologies},
		{method: "POST", path: "/api/v1/cases/{ref}/chronologies", summary: "Start a curated chronology, with entries of the automatic one", tag: "Chronologies",
			body: kith.ChronologyInput{}, resp: kith.CuratedChronology{}, handle: s.apiCreateChronology},
		{method: "GET", path: "/api/v1/chronologies/{id}", summary: "A curated chronology with its entries and analysis", tag: "Chronologies",
			resp: kith.CuratedChronology{}, handle: s.apiCuratedChronology},
		{method: "PUT", path: "/api/v1/chronologies/{id}", summary: "Save a draft curated chronology (with the version you started from)", tag: "Chronologies",
			body: kith.ChronologySave{}, resp: kith.CuratedChronology{}, handle: s.apiSaveChronology},
		{method: "POST", path: "/api/v1/chronologies/{id}/entries", summary: "Add entries of the automatic chronology to a draft", tag: "Chronologies",
			body: addEntriesJSON{}, resp: kith.CuratedChronology{}, handle: s.apiAddChronologyEntries},
		{method: "POST", path: "/api/v1/chronologies/{id}/finish", summary: "Finish a curated chronology: read-only until reopened", tag: "Chronologies",
			body: versionJSON{}, resp: kith.CuratedChronology{}, handle: s.apiChangeChronology((*sqldb.DB).FinishChronology)},
		{method: "POST", path: "/api/v1/chronologies/{id}/reopen", summary: "Reopen a finished chronology to change it", tag: "Chronologies",
			body: versionJSON{}, resp: kith.CuratedChronology{}, handle: s.apiChangeChronology((*sqldb.DB).ReopenChronology)},
		{method: "POST", path: "/api/v1/chronologies/{id}/copy", summary: "Copy a curated chronology as a new draft", tag: "Chronologies",
			resp: kith.CuratedChronology{}, handle: s.apiCopyChronology},
	}
}

func init() {
	var cats, purposes []string
	for _, c := range kith.ChronologyCategories {
		cats = append(cats, string(c))
	}
	for _, p := range kith.ChronologyPurposes {
		purposes = append(purposes, string(p))
	}
	enums[reflect.TypeFor[kith.ChronologyCategory]()] = cats
	enums[reflect.TypeFor[kith.ChronologyPurpose]()] = purposes
	enums[reflect.TypeFor[kith.ChronologyStatus]()] = []string{string(kith.ChronologyDraft), string(kith.ChronologyFinished)}
	routeDocs["GET /api/v1/cases/{ref}/chronology"] = routeDoc{description: "The case's significant events in date order: every allocation and transfer, " +
		"its key events (opening, closure, status changes, court hearings, placements, plans) and its final records flagged significant. " +
		"entries begins with the case's first allocation to a worker (begins_with names it); before_allocation holds what happened before. " +
		"Each entry's ref names it, to add it to a curated chronology. total counts the entries before filtering."}
	routeDocs["POST /api/v1/cases/{ref}/chronologies"] = routeDoc{created: true, description: "Starts a draft curated chronology. " +
		"refs names entries of the automatic chronology to copy into it (each entry's ref); they are copied as they read now."}
	routeDocs["PUT /api/v1/chronologies/{id}"] = routeDoc{description: "Saves the title, purpose and overall analysis, the analysis of each entry listed in entries " +
		"(entries not listed keep theirs), removes the entries whose ids are in remove, and adds other: an entry from another source, which needs " +
		"a date, a source and what happened (errors name other.date, other.source, other.event). version must be the version you started from: " +
		"if someone saved since, nothing is saved and the answer is 409. A finished chronology answers 409: reopen it first."}
	routeDocs["POST /api/v1/chronologies/{id}/finish"] = routeDoc{description: "Finishes the chronology: it needs at least one entry and an overall analysis. " +
		"version must be the version you started from."}
	routeDocs["POST /api/v1/chronologies/{id}/copy"] = routeDoc{created: true, description: "Makes a new draft with the same entries, analysis and purpose."}
}

var chronologyParams = []param{
	{"from", "string", "Only entries on or after this date, YYYY-MM-DD"},
	{"to", "string", "Only entries on or before this date, YYYY-MM-DD"},
	{"category", "string", "Only these categories (repeat, or separate with commas): " + categoryNames()},
}

func categoryNames() string {
	var out []string
	for _, c := range kith.ChronologyCategories {
		out = append(out, string(c))
	}
	return strings.Join(out, ", ")
}

// The JSON shapes of the chronology endpoints.
type (
	chronologyJSON struct {
		CaseReference string `json:"case_reference"`
		kith.Chronology
	}
	chronologiesJSON struct {
		CaseReference string                   `json:"case_reference"`
		Chronologies  []kith.ChronologySummary `json:"chronologies"`
	}
	addEntriesJSON struct {
		Version int      `json:"version"`
		Refs    []string `json:"refs"`
	}
	versionJSON struct {
		Version int `json:"version"`
	}
)

// apiChronologyFilter reads a chronology's filters from the query.
func apiChronologyFilter(r *http.Request) (kith.ChronologyFilter, error) {
	q := r.URL.Query()
	var f kith.ChronologyFilter
	var v kith.Validation
	for _, end := range []struct {
		name string
		d    *kith.Date
	}{{"from", &f.From}, {"to", &f.To}} {
		if s := q.Get(end.name); s != "" {
			var err error
			if *end.d, err = kith.ParseISODate(s); err != nil {
				v.Add(end.name, "Must be a real date in the form YYYY-MM-DD, like 2026-03-27")
			}
		}
	}
	for _, c := range q["category"] {
		for _, part := range strings.Split(c, ",") {
			if part = strings.TrimSpace(part); part != "" {
				f.Categories = append(f.Categories, kith.ChronologyCategory(part))
			}
		}
	}
	if err := v.Err(); err != nil {
		return f, err
	}
	return f, f.Check()
}

func (s *Server) apiChronology(w http.ResponseWriter, r *http.Request) error {
	f, err := apiChronologyFilter(r)
	if err != nil {
		return err
	}
	p, err := s.DB.Chronology(r.Context(), actorFrom(r), r.PathValue("ref"), f, sqldb.ReadOnScreen)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, chronologyJSON{CaseReference: p.Case.Reference, Chronology: p.Chronology})
}

func (s *Server) apiChronologies(w http.ResponseWriter, r *http.Request) error {
	c, list, err := s.DB.Chronologies(r.Context(), actorFrom(r), r.PathValue("ref"))
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, chronologiesJSON{CaseReference: c.Reference, Chronologies: list})
}

func (s *Server) apiCreateChronology(w http.ResponseWriter, r *http.Request) error {
	var in kith.ChronologyInput
	if err := decode(w, r, &in); err != nil {
		return err
	}
	ch, err := s.DB.CreateChronology(r.Context(), actorFrom(r), r.PathValue("ref"), in)
	if err != nil {
		return jsonFields(err, func(f string) string {
			if f == "entries" {
				return "refs"
			}
			return f
		})
	}
	return created(w, "/api/v1/chronologies/"+ch.ID, ch)
}

func (s *Server) apiCuratedChronology(w http.ResponseWriter, r *http.Request) error {
	p, err := s.DB.CuratedChronology(r.Context(), actorFrom(r), r.PathValue("id"), sqldb.ReadOnScreen)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, p.Chronology)
}

func (s *Server) apiSaveChronology(w http.ResponseWriter, r *http.Request) error {
	var in kith.ChronologySave
	if err := decode(w, r, &in); err != nil {
		return err
	}
	ch, err := s.DB.SaveChronology(r.Context(), actorFrom(r), r.PathValue("id"), in, false)
	if err != nil {
		// The form's field names become the JSON paths of the body.
		at := map[string]int{}
		for i, e := range in.Entries {
			at[kith.AnalysisField(e.ID)] = i
		}
		return jsonFields(err, func(f string) string {
			if i, ok := at[f]; ok {
				return "entries." + itoa(i) + ".analysis"
			}
			return prefixed("other")(f)
		})
	}
	return writeJSON(w, http.StatusOK, ch)
}

func (s *Server) apiAddChronologyEntries(w http.ResponseWriter, r *http.Request) error {
	var in addEntriesJSON
	if err := decode(w, r, &in); err != nil {
		return err
	}
	ch, err := s.DB.AddChronologyEntries(r.Context(), actorFrom(r), r.PathValue("id"), in.Version, in.Refs)
	if err != nil {
		return jsonFields(err, func(string) string { return "refs" })
	}
	return writeJSON(w, http.StatusOK, ch)
}

// apiChangeChronology is an endpoint that moves a chronology on from the
// version sent (finish, reopen).
func (s *Server) apiChangeChronology(change func(db *sqldb.DB, ctx context.Context, a kith.Actor, id string, version int) (*kith.CuratedChronology, error)) handler {
	return func(w http.ResponseWriter, r *http.Request) error {
		var in versionJSON
		if err := decode(w, r, &in); err != nil {
			return err
		}
		ch, err := change(s.DB, r.Context(), actorFrom(r), r.PathValue("id"), in.Version)
		if err != nil {
			return err
		}
		return writeJSON(w, http.StatusOK, ch)
	}
}

func (s *Server) apiCopyChronology(w http.ResponseWriter, r *http.Request) error {
	ch, err := s.DB.CopyChronology(r.Context(), actorFrom(r), r.PathValue("id"))
	if err != nil {
		return err
	}
	return created(w, "/api/v1/chronologies/"+ch.ID, ch)
}
