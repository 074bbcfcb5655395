package web

import (
	"net/http"

	"kith"
	"kith/calendar"
	"kith/returns"
	"kith/sqldb"
)

type (
	returnExportsJSON struct {
		Returns []kith.ReturnExport `json:"returns"`
	}
	returnProblemsJSON struct {
		Year     string               `json:"year"`
		AsAt     kith.Date            `json:"as_at"`
		Problems []kith.ReturnProblem `json:"problems"`
	}
	// returnFile is a return's file: the census's XML or the 903's zip.
	returnFile struct{}
)

func (returnFile) mediaType() string { return "*/*" }

var returnProblemParams = []param{
	{"year", "string", "The collection year, like 2025-26 (default: the current year, as the record stands today)"},
	{"team_id", "string", "Only this team's cases"},
	{"worker_id", "string", "Only the cases allocated to this worker (a practitioner may ask for their own)"},
}

// returnsRoutes are the API's endpoints for the statutory returns: asking
// for one to be made, reading it when made, and the problems the rules
// find in the record today.
func (s *Server) returnsRoutes() []apiRoute {
	a := actorFrom
	return []apiRoute{
		{method: "GET", path: "/api/v1/returns", summary: "The statutory returns asked for in the last 30 days, newest first, with where each is (waiting, making, ready or failed) (service managers)", tag: "Returns",
			resp: returnExportsJSON{}, handle: func(w http.ResponseWriter, r *http.Request) error {
				out, err := s.DB.ReturnExports(r.Context(), a(r))
				if err != nil {
					return err
				}
				return writeJSON(w, http.StatusOK, returnExportsJSON{Returns: append([]kith.ReturnExport{}, out...)})
			}},
		{method: "POST", path: "/api/v1/returns", summary: "Ask for a statutory return to be made in the background: kind cin (the Children in Need census) or 903 (SSDA903) for a collection year like 2025-26, or annex-a (Ofsted's Annex A: a zip of the workbook and CSV files) from one day to another, given as from and to (YYYY-MM-DD); the return's year is then the period as an ISO 8601 interval (service managers)", tag: "Returns",
			body: kith.ReturnExportInput{}, resp: kith.ReturnExport{}, handle: apiCall(http.StatusAccepted, func(r *http.Request, in kith.ReturnExportInput) (kith.ReturnExport, error) {
				e, err := s.DB.RequestReturn(r.Context(), a(r), in)
				if err == nil {
					s.WakeReturns()
				}
				return e, err
			})},
		{method: "GET", path: "/api/v1/returns/{id}", summary: "A statutory return asked for, and where it is", tag: "Returns",
			resp: kith.ReturnExport{}, handle: func(w http.ResponseWriter, r *http.Request) error {
				e, _, err := s.DB.ReturnExport(r.Context(), a(r), r.PathValue("id"), false)
				if err != nil {
					return err
				}
				return writeJSON(w, http.StatusOK, e)
			}},
		{method: "GET", path: "/api/v1/returns/{id}/file", summary: "Download a statutory return once made: the census as XML, SSDA903 as a zip of its CSV tables", tag: "Returns",
			resp: returnFile{}, handle: s.returnsDownload},
		{method: "GET", path: "/api/v1/returns/problems", summary: "Each child and rule the returns are checked by that the record breaks, for a collection year (by default the current one, as the record stands today), with where in Kith to put it right (service managers; practitioners for their own cases)", tag: "Returns",
			resp: returnProblemsJSON{}, query: returnProblemParams, handle: func(w http.ResponseWriter, r *http.Request) error {
				q := r.URL.Query()
				today := calendar.DayOf(s.now())
				y := kith.CollectionYearOn(today)
				if v := q.Get("year"); v != "" {
					var err error
					if y, err = kith.ParseCollectionYear(v); err != nil {
						return fieldProblem("year", "Enter the collection year as the DfE writes it, like 2025-26")
					}
				}
				y = y.SoFar(today)
				set, err := s.DB.ReturnFacts(r.Context(), a(r), y, sqldb.ReturnFilter{TeamID: q.Get("team_id"), WorkerID: q.Get("worker_id"), Checking: true})
				if err != nil {
					return err
				}
				out := returnProblemsJSON{Year: y.String(), AsAt: y.End(), Problems: append([]kith.ReturnProblem{}, returns.Problems(set, y)...)}
				return writeJSON(w, http.StatusOK, out)
			}},
	}
}
