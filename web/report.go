package web

import (
	"encoding/csv"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"kith"
	"kith/calendar"
	"kith/sqldb"
)

type reportPage struct {
	formPage
	Report      *kith.TimelinessReport
	MonthOpts   []Option
	TeamOptions []Option
	CSV         string
	Chart       chart
	// Drill is the report's period and team, for the links from each
	// count to its records.
	Drill url.Values
}

// timelinessReport is the record-timeliness report (seed 003's quality
// standard) for a period and a team: a table, a chart of the monthly
// trend with the table as its text alternative, and a CSV download.
func (s *Server) timelinessReport(w http.ResponseWriter, r *http.Request) error {
	a := actorFrom(r)
	q := r.URL.Query()
	today := calendar.DayOf(s.now())
	f, filter := reportFilter(q, today)
	all, err := s.DB.Teams(r.Context())
	if err != nil {
		return err
	}
	teams := kith.ReportTeams(a, all)
	if len(teams) == 0 {
		return kith.Errorf(kith.EFORBIDDEN, "Only managers and auditors can see the record timeliness report.")
	}
	p := reportPage{formPage: formPage{Form: f}, MonthOpts: monthOptions(today), TeamOptions: []Option{{Value: "", Label: "All your teams"}}}
	for _, t := range teams {
		p.TeamOptions = append(p.TeamOptions, Option{Value: t.ID, Label: t.Name})
	}
	status := http.StatusOK
	p.Report, err = s.DB.TimelinessReport(r.Context(), a, filter)
	if err != nil {
		if !f.SetErrors(err) {
			return err
		}
		status = http.StatusUnprocessableEntity
	}
	if p.Report != nil && q.Get("format") == "csv" {
		return writeReportCSV(w, p.Report)
	}
	if p.Report != nil {
		v := url.Values{"from": {string(filter.Period.From)}, "to": {string(filter.Period.To)}, "format": {"csv"}}
		if filter.TeamID != "" {
			v.Set("team", filter.TeamID)
		}
		p.CSV = "/reports/timeliness?" + v.Encode()
		p.Drill = reportQuery(filter)
		p.Chart = monthlyChart(p.Report.ByMonth)
	}
	s.render(w, r, status, "report-timeliness", "Record timeliness", p)
	return nil
}

// reportFilter reads the report's period and team from the query, the last
// twelve months by default.
func reportFilter(q url.Values, today kith.Date) (*form, sqldb.TimelinessReportFilter) {
	filter := sqldb.TimelinessReportFilter{Period: kith.ParsePeriod(q.Get("from"), q.Get("to"), today), TeamID: q.Get("team")}
	// The form shows the period as read, or what was typed if it could not be.
	v := url.Values{"from": {string(filter.Period.From)}, "to": {string(filter.Period.To)}, "team": {filter.TeamID}}
	for _, end := range []string{"from", "to"} {
		if v.Get(end) == "" {
			v.Set(end, q.Get(end))
		}
	}
	return newForm(v), filter
}

// monthOptions are the months a report can start or end on, newest first.
func monthOptions(today kith.Date) []Option {
	var out []Option
	m := kith.MonthOf(today)
	for i := 0; i < kith.MaxReportMonths+12; i++ {
		out = append(out, Option{Value: string(m), Label: m.Label()})
		m = m.Add(-1)
	}
	return out
}

// writeReportCSV sends the report as a spreadsheet: one row per figure.
func writeReportCSV(w http.ResponseWriter, rep *kith.TimelinessReport) error {
	cw := csvDownload(w, fmt.Sprintf("record-timeliness-%s-to-%s.csv", rep.Period.From, rep.Period.To))
	_ = cw.Write([]string{"Section", "Slice", "Records", "On time", "% on time", "Median working days", "90th percentile working days"})
	row := func(section string, f kith.TimelinessFigures) {
		_ = cw.Write([]string{section, csvSafe(f.Label), strconv.Itoa(f.Records), strconv.Itoa(f.OnTime),
			strconv.FormatFloat(f.PercentOnTime, 'f', 1, 64), strconv.Itoa(f.MedianTaken), strconv.Itoa(f.P90Taken)})
	}
	row("Total", kith.TimelinessFigures{Label: rep.Scope, Records: rep.Total.Records, OnTime: rep.Total.OnTime,
		PercentOnTime: rep.Total.PercentOnTime, MedianTaken: rep.Total.MedianTaken, P90Taken: rep.Total.P90Taken})
	for _, sec := range []struct {
		name string
		fs   []kith.TimelinessFigures
	}{{"Month", rep.ByMonth}, {"Kind of record", rep.ByType}, {"Harm or risk", rep.ByRisk}, {"Worker", rep.ByWorker}} {
		for _, f := range sec.fs {
			row(sec.name, f)
		}
	}
	cw.Flush()
	return cw.Error()
}

// csvDownload starts a spreadsheet download named name. Write every text
// a user typed through csvSafe.
func csvDownload(w http.ResponseWriter, name string) *csv.Writer {
	w.Header().Set("Content-Type", "text/csv; charset=utf-8")
	w.Header().Set("Content-Disposition", `attachment; filename="`+name+`"`)
	return csv.NewWriter(w)
}

// csvSafe stops a spreadsheet reading a name as a formula.
func csvSafe(s string) string {
	if s != "" && strings.ContainsRune("=+-@\t\r", rune(s[0])) {
		return "'" + s
	}
	return s
}

func init() {
	funcs["pct"] = func(f kith.TimelinessFigures) string {
		if f.Records == 0 {
			return "–"
		}
		return strconv.FormatFloat(f.PercentOnTime, 'f', 1, 64) + "%"
	}
}

// figuresTable is one section of the report as a table, each count a
// link to its records: Param names the section in the link's query.
type figuresTable struct {
	Caption, First, Param string
	Rows                  []kith.TimelinessFigures
	Drill                 url.Values
}

func init() {
	funcs["figures"] = func(caption, first, param string, rows []kith.TimelinessFigures, drill url.Values) figuresTable {
		return figuresTable{Caption: caption, First: first, Param: param, Rows: rows, Drill: drill}
	}
}

// drillCount is a count that links to the records it counts (none when
// it is 0), with words after it for a screen reader.
type drillCount struct {
	N            int
	Href, Hidden string
}

func init() {
	funcs["drillCount"] = func(n int, href, hidden string) drillCount { return drillCount{N: n, Href: href, Hidden: hidden} }
	funcs["late"] = func(f kith.TimelinessFigures) int { return f.Records - f.OnTime }
}
