package web

import (
	"net/http"
	"net/url"

	"kith"
	"kith/calendar"
	"kith/quality"
	"kith/sqldb"
)

// writingPage is the writing coach's team view.
type writingPage struct {
	formPage
	Report      *quality.Report
	MonthOpts   []Option
	TeamOptions []Option
}

// writingReport shows what a team's finalised records most often miss of
// the recording guidance, per 1,000 words, with the trend: for learning
// together in supervision and team meetings. The last three months by
// default, against the three before.
func (s *Server) writingReport(w http.ResponseWriter, r *http.Request) error {
	a := actorFrom(r)
	q := r.URL.Query()
	today := calendar.DayOf(s.now())
	if q.Get("from") == "" && q.Get("to") == "" {
		q = url.Values{"from": {string(kith.MonthOf(today).Add(-2))}, "to": {string(kith.MonthOf(today))}, "team": {q.Get("team")}}
	}
	f, filter := reportFilter(q, today)
	all, err := s.DB.Teams(r.Context())
	if err != nil {
		return err
	}
	p := writingPage{formPage: formPage{Form: f}, MonthOpts: monthOptions(today), TeamOptions: []Option{{Value: "", Label: "All your teams"}}}
	for _, t := range kith.WritingTeams(a, all) {
		p.TeamOptions = append(p.TeamOptions, Option{Value: t.ID, Label: t.Name})
	}
	status := http.StatusOK
	p.Report, err = s.DB.WritingReport(r.Context(), a, sqldb.TimelinessReportFilter{Period: filter.Period, TeamID: filter.TeamID})
	if err != nil {
		if !f.SetErrors(err) {
			return err
		}
		status = http.StatusUnprocessableEntity
	}
	s.render(w, r, status, "writing", "How our writing is going", p)
	return nil
}
