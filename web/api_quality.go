package web

import (
	"net/http"
	"strings"

	"kith"
	"kith/quality"
	"kith/sqldb"
)

// checkJSON is what the coach is asked to read: a draft's sections (with
// record, the draft they belong to), a template's sections for a case,
// or plain text.
type checkJSON struct {
	// Record is a draft: its template is used, its dismissals returned,
	// and it is never taken as the source of its own text.
	Record string `json:"record,omitempty"`
	// Case is the case the writing is for: copied text and other people's
	// names are looked up against this child. Without a case or record
	// only the rules that need no council run.
	Case     string             `json:"case,omitempty"`
	Template string             `json:"template,omitempty"`
	Headline string             `json:"headline,omitempty"`
	Sections kith.RecordContent `json:"sections,omitempty"`
	// Text is a plain-text note: lines like "Observations:" start sections.
	Text string `json:"text,omitempty"`
}

// findingJSON is a finding with what a client needs to place and dismiss
// it: its key, and the form field of its part.
type findingJSON struct {
	quality.Finding
	Key           string `json:"key"`
	Field         string `json:"field"`
	CategoryLabel string `json:"category_label"`
	// Dismissed is the practitioner's reason, when they dismissed it.
	Dismissed *quality.Dismissal `json:"dismissed,omitempty"`
}

type checkResultJSON struct {
	Findings []findingJSON  `json:"findings"`
	Counts   map[string]int `json:"counts"`
	Blocking bool           `json:"blocking"`
}

type dismissJSON struct {
	Reason string `json:"reason"`
}

// findingsOut lists findings with their keys, fields and dismissals.
func findingsOut(fs []quality.Finding, dismissed []quality.Dismissal) checkResultJSON {
	byKey := map[string]*quality.Dismissal{}
	for i := range dismissed {
		byKey[dismissed[i].Key] = &dismissed[i]
	}
	out := checkResultJSON{Findings: []findingJSON{}, Counts: map[string]int{"error": 0, "warning": 0, "suggestion": 0}}
	for _, f := range fs {
		out.Findings = append(out.Findings, findingJSON{Finding: f, Key: f.Key(), Field: sqldb.FindingField(f.Part), CategoryLabel: f.Category.Label(),
			Dismissed: byKey[f.Key()]})
		out.Counts[string(f.Level)]++
		out.Blocking = out.Blocking || f.Blocks()
	}
	return out
}

// qualityRoutes are the API's endpoints for the recording quality coach.
func (s *Server) qualityRoutes() []apiRoute {
	a := actorFrom
	return []apiRoute{
		{method: "POST", path: "/api/v1/quality/check", tag: "Quality",
			summary: "Check writing with the quality coach: a draft's sections, a template's sections for a case, or plain text (a known heading such as “Child’s views:” or “Actions:”, on its own line or before its text, starts a section); findings have byte spans into each part. Other children's names, identifiers and text are looked up only on the cases you may open: a match anywhere else is answered as no match",
			body:    checkJSON{}, resp: checkResultJSON{}, handle: func(w http.ResponseWriter, r *http.Request) error {
				var in checkJSON
				if err := decode(w, r, &in); err != nil {
					return err
				}
				fs, dismissed, err := s.checkRequest(r, in)
				if err != nil {
					return err
				}
				return writeJSON(w, http.StatusOK, findingsOut(fs, dismissed))
			}},
		{method: "GET", path: "/api/v1/records/{id}/findings", tag: "Quality",
			summary: "The coach's findings on a record: kept with it when it was finalised (with dismissals; for its writer and the case's managers only, and once it is withdrawn for the managers alone), or on the saved draft",
			resp:    checkResultJSON{}, handle: func(w http.ResponseWriter, r *http.Request) error {
				fs, dismissed, err := s.recordFindings(r, r.PathValue("id"))
				if err != nil {
					return err
				}
				return writeJSON(w, http.StatusOK, findingsOut(fs, dismissed))
			}},
		{method: "POST", path: "/api/v1/records/{id}/findings/{key}/dismiss", tag: "Quality",
			summary: "Dismiss a warning or suggestion on a draft, with a short reason kept with the record",
			body:    dismissJSON{}, resp: findingJSON{}, handle: func(w http.ResponseWriter, r *http.Request) error {
				var in dismissJSON
				if err := decode(w, r, &in); err != nil {
					return err
				}
				f, err := s.DB.DismissFinding(r.Context(), a(r), r.PathValue("id"), r.PathValue("key"), in.Reason)
				if err != nil {
					return err
				}
				return writeJSON(w, http.StatusOK, findingJSON{Finding: f, Key: f.Key(), Field: sqldb.FindingField(f.Part), CategoryLabel: f.Category.Label()})
			}},
	}
}

// checkRequest runs the coach on what a check request sends.
func (s *Server) checkRequest(r *http.Request, in checkJSON) ([]quality.Finding, []quality.Dismissal, error) {
	a := actorFrom(r)
	if strings.TrimSpace(in.Text) == "" && len(in.Sections) == 0 && strings.TrimSpace(in.Headline) == "" {
		return nil, nil, fieldProblem("text", "Send some writing to check: text, or sections with their text")
	}
	if in.Record != "" {
		return s.DB.CheckDraft(r.Context(), a, in.Record, kith.RecordInput{Headline: in.Headline, Content: in.Sections})
	}
	var note quality.Note
	switch {
	case in.Template != "":
		t, err := s.DB.Template(r.Context(), in.Template, 0)
		if err != nil {
			return nil, nil, fieldProblem("template", "There is no record template called “"+in.Template+"”")
		}
		rin := kith.RecordInput{TemplateKey: t.Key, Headline: in.Headline, Content: in.Sections}
		if err := rin.CheckDraft(t); err != nil {
			return nil, nil, err
		}
		rin.Clean(t)
		note = quality.NoteOf(t, rin.Headline, rin.Content, quality.Child{})
	case len(in.Sections) > 0:
		return nil, nil, fieldProblem("template", "Name the template the sections belong to, or send the draft's record id")
	default:
		note = quality.NoteOfPlainText(in.Text)
	}
	fs, err := s.DB.CheckText(r.Context(), a, in.Case, note)
	return fs, nil, err
}

// recordFindings are a record's findings: kept with it if final, or the
// coach's reading of the saved draft.
func (s *Server) recordFindings(r *http.Request, id string) ([]quality.Finding, []quality.Dismissal, error) {
	v, err := s.DB.Record(r.Context(), actorFrom(r), id)
	if err != nil {
		return nil, nil, err
	}
	if v.Record.Editable() {
		return s.DB.CheckDraft(r.Context(), actorFrom(r), id, v.Record.Input())
	}
	stored, err := s.DB.RecordFindings(r.Context(), actorFrom(r), id)
	if err != nil {
		return nil, nil, err
	}
	var fs []quality.Finding
	var dismissed []quality.Dismissal
	for _, f := range stored {
		fs = append(fs, f.Finding)
		if f.Dismissed != nil {
			dismissed = append(dismissed, *f.Dismissed)
		}
	}
	return fs, dismissed, nil
}
