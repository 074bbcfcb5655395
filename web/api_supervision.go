package web

import (
	"net/http"

	"kith"
)

// supervisionRoutes are the API's endpoints for management oversight.
// A supervision record itself is an ordinary record on the "supervision"
// template (POST /api/v1/cases/{ref}/records), begun with what the record
// already says.
func (s *Server) supervisionRoutes() []apiRoute {
	return []apiRoute{
		{method: "GET", path: "/api/v1/cases/{ref}/oversight", summary: "The case's management oversight: supervision, case discussions and management decisions, newest first", tag: "Supervision",
			resp: recordRowsJSON{}, handle: func(w http.ResponseWriter, r *http.Request) error {
				_, rows, err := s.DB.OversightRecords(r.Context(), actorFrom(r), r.PathValue("ref"))
				if err != nil {
					return err
				}
				return writeJSON(w, http.StatusOK, recordRowsJSON{Records: rowsOut(rows)})
			}},
		{method: "POST", path: "/api/v1/supervision/group", summary: "Group supervision: begin a supervision draft on each case discussed (managers of those cases)", tag: "Supervision",
			body: groupSupervisionJSON{}, resp: recordRowsJSON{}, handle: func(w http.ResponseWriter, r *http.Request) error {
				var in groupSupervisionJSON
				if err := decode(w, r, &in); err != nil {
					return err
				}
				drafts, err := s.DB.GroupSupervision(r.Context(), actorFrom(r), "supervision", in.Cases, kith.RecordInput{Headline: in.Headline})
				if err != nil {
					return err
				}
				out := recordRowsJSON{Records: []recordRowJSON{}}
				for _, d := range drafts {
					out.Records = append(out.Records, rowOut(kith.RecordRow{ID: d.ID, CaseID: d.CaseID, CaseReference: d.CaseReference, TemplateKey: d.TemplateKey,
						TemplateVersion: d.TemplateVersion, TemplateName: d.TemplateName, Headline: d.Headline, AuthorName: d.AuthorName, Status: d.Status}))
				}
				return writeJSON(w, http.StatusCreated, out)
			}},
	}
}

type (
	recordRowsJSON struct {
		Records []recordRowJSON `json:"records"`
	}
	groupSupervisionJSON struct {
		Cases    []string `json:"cases"` // case references
		Headline string   `json:"headline,omitempty"`
	}
)
