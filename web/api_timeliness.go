package web

import (
	"net/http"
	"strconv"

	"kith"
	"kith/calendar"
	"kith/sqldb"
)

// timelinessRoutes are the API's timeliness endpoints: work lists, the
// record-timeliness report and the council's calendar and clocks.
func (s *Server) timelinessRoutes() []apiRoute {
	return []apiRoute{
		{method: "GET", path: "/api/v1/work", summary: "What is overdue and due in the next 5 working days: your caseload, or your teams' (managers)", tag: "Timeliness",
			resp: sqldb.WorkList{}, query: workParams, handle: s.apiWork},
		{method: "GET", path: "/api/v1/reports/timeliness", summary: "The record timeliness report for a period and a team; every figure leaves out the cases you are kept from (restricted without you on the list, or locked out)", tag: "Timeliness",
			resp: kith.TimelinessReport{}, query: reportParams, handle: s.apiTimelinessReport},
		{method: "GET", path: "/api/v1/reports/timeliness/records", summary: "The records behind one count of the record timeliness report (a month, kind of record, risk or worker; all, on time or late), " +
			"100 at a time, most working days late first: total is the count. A record on a case since moved where you may not open it comes without its child", tag: "Timeliness",
			resp: kith.TimelinessRecords{}, query: append(append([]param{}, reportParams...), sliceParams...), handle: s.apiTimelinessRecords},
		{method: "GET", path: "/api/v1/timeliness/settings", summary: "The working-day calendar and clocks in force", tag: "Timeliness",
			resp: timelinessSettingsJSON{}, handle: s.apiTimelinessSettings},
		{method: "PUT", path: "/api/v1/timeliness/settings", summary: "Save a new version of the calendar and clocks (administrators, service managers; with the version you started from)", tag: "Timeliness",
			body: timelinessSettingsJSON{}, resp: timelinessSettingsJSON{}, handle: s.apiSaveTimelinessSettings},
	}
}

var (
	workParams = []param{
		{"view", "string", "mine (the default) or team"},
		{"team_id", "string", "Team view: only this team"},
		{"worker_id", "string", "Team view: only this worker's cases (none: cases waiting for a worker)"},
	}
	reportParams = []param{
		{"from", "string", "First month, YYYY-MM (default: 11 months before the last month)"},
		{"to", "string", "Last month, YYYY-MM (default: this month)"},
		{"team_id", "string", "Only this team (default: every team you may report on)"},
	}
	sliceParams = []param{
		{"month", "string", "Only records finalised in this month of the period, YYYY-MM"},
		{"template", "string", "Only this kind of record (a template key)"},
		{"risk", "string", "risk (harm or risk identified) or no-risk"},
		{"worker_id", "string", "Only this worker's records"},
		{"timing", "string", "on-time or late"},
		{"offset", "integer", "Skip this many records (pages of 100)"},
	}
)

func (s *Server) apiWork(w http.ResponseWriter, r *http.Request) error {
	q := r.URL.Query()
	f := sqldb.WorkFilter{Mine: q.Get("view") != "team", TeamID: q.Get("team_id"), WorkerID: q.Get("worker_id")}
	work, err := s.DB.Work(r.Context(), actorFrom(r), f)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, work)
}

func (s *Server) apiTimelinessReport(w http.ResponseWriter, r *http.Request) error {
	q := r.URL.Query()
	filter := sqldb.TimelinessReportFilter{Period: kith.ParsePeriod(q.Get("from"), q.Get("to"), calendar.DayOf(s.now())), TeamID: q.Get("team_id")}
	rep, err := s.DB.TimelinessReport(r.Context(), actorFrom(r), filter)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, rep)
}

func (s *Server) apiTimelinessRecords(w http.ResponseWriter, r *http.Request) error {
	q := r.URL.Query()
	filter := sqldb.TimelinessReportFilter{Period: kith.ParsePeriod(q.Get("from"), q.Get("to"), calendar.DayOf(s.now())), TeamID: q.Get("team_id")}
	slice := sliceOf(q)
	slice.WorkerID = q.Get("worker_id")
	offset := 0
	if v := q.Get("offset"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 0 {
			return fieldProblem("offset", "Give the offset as a whole number, 0 or more")
		}
		offset = n
	}
	list, err := s.DB.TimelinessRecords(r.Context(), actorFrom(r), filter, slice, offset)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, list)
}

// timelinessSettingsJSON is the settings in force and the coming year's
// days off, so a client can show what the calendar does.
type timelinessSettingsJSON struct {
	kith.TimelinessSettings
	Holidays []calendar.Holiday `json:"holidays_next_12_months"`
}

func (s *Server) timelinessSettingsOut(set kith.TimelinessSettings, cal *calendar.Calendar) timelinessSettingsJSON {
	return timelinessSettingsJSON{TimelinessSettings: set, Holidays: comingYear(cal, calendar.DayOf(s.now()))}
}

func (s *Server) apiTimelinessSettings(w http.ResponseWriter, r *http.Request) error {
	set, cal, err := s.DB.TimelinessSettings(r.Context())
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, s.timelinessSettingsOut(set, cal))
}

func (s *Server) apiSaveTimelinessSettings(w http.ResponseWriter, r *http.Request) error {
	// The body may be the settings as read, holidays and all: what is
	// read can be changed and sent back.
	var in timelinessSettingsJSON
	if err := decode(w, r, &in); err != nil {
		return err
	}
	if _, err := s.DB.SaveTimelinessSettings(r.Context(), actorFrom(r), in.TimelinessSettings); err != nil {
		return err
	}
	set, cal, err := s.DB.TimelinessSettings(r.Context())
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, s.timelinessSettingsOut(set, cal))
}
