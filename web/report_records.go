package web

import (
	"errors"
	"net/http"
	"net/url"
	"strconv"

	"kith"
	"kith/calendar"
	"kith/sqldb"
)

// reportRecordsPage lists the records behind one count of the timeliness
// report.
type reportRecordsPage struct {
	List       *kith.TimelinessRecords
	Back       string // the report the count is in
	Prev, Next string
	First      int // the first row's number, from 1
	Last       int
	// Problems are why the list could not be made (a month outside the
	// period, a timing that is not one), each linking back to the report.
	Problems []kith.FieldError
}

// timelinessRecords lists exactly the records one count of the record
// timeliness report counts: child, record, due, finalised and working
// days late, with a link to each record the reader may open.
func (s *Server) timelinessRecords(w http.ResponseWriter, r *http.Request) error {
	q := r.URL.Query()
	today := calendar.DayOf(s.now())
	filter := sqldb.TimelinessReportFilter{Period: kith.ParsePeriod(q.Get("from"), q.Get("to"), today), TeamID: q.Get("team")}
	slice := sliceOf(q)
	start, _ := strconv.Atoi(q.Get("start"))
	list, err := s.DB.TimelinessRecords(r.Context(), actorFrom(r), filter, slice, start)
	back := reportQuery(filter)
	var e *kith.Error
	if errors.As(err, &e) && e.Code == kith.EINVALID && len(e.Fields) > 0 {
		for k, v := range back {
			if v[0] == "" {
				delete(back, k)
			}
		}
		p := reportRecordsPage{Back: "/reports/timeliness?" + back.Encode(), Problems: e.Fields}
		s.render(w, r, http.StatusUnprocessableEntity, "report-records", "There is a problem", p)
		return nil
	}
	if err != nil {
		return err
	}
	p := reportRecordsPage{List: list, Back: "/reports/timeliness?" + back.Encode(), First: list.Offset + 1, Last: list.Offset + len(list.Rows)}
	page := func(offset int) string {
		v := drillQuery(back, slice)
		if offset > 0 {
			v.Set("start", strconv.Itoa(offset))
		}
		return "/reports/timeliness/records?" + v.Encode()
	}
	if list.Offset > 0 {
		p.Prev = page(max(list.Offset-sqldb.TimelinessRecordsPage, 0))
	}
	if p.Last < list.Total {
		p.Next = page(p.Last)
	}
	s.render(w, r, http.StatusOK, "report-records", list.Label, p)
	return nil
}

// sliceOf reads which count's records to list from a query.
func sliceOf(q url.Values) kith.TimelinessSlice {
	return kith.TimelinessSlice{Month: kith.Month(q.Get("month")), TemplateKey: q.Get("template"), Risk: q.Get("risk"),
		WorkerID: q.Get("worker"), Timing: q.Get("timing")}
}

// reportQuery is a report's period and team as a query.
func reportQuery(f sqldb.TimelinessReportFilter) url.Values {
	v := url.Values{"from": {string(f.Period.From)}, "to": {string(f.Period.To)}}
	if f.TeamID != "" {
		v.Set("team", f.TeamID)
	}
	return v
}

// drillQuery is the query of the list of a slice's records.
func drillQuery(report url.Values, s kith.TimelinessSlice) url.Values {
	v := url.Values{}
	for k, vs := range report {
		v[k] = vs
	}
	for k, val := range map[string]string{"month": string(s.Month), "template": s.TemplateKey, "risk": s.Risk, "worker": s.WorkerID, "timing": s.Timing} {
		if val != "" {
			v.Set(k, val)
		}
	}
	return v
}

// drillLink is the address of the records behind one count of a report:
// param names the section ("month", "template", "risk", "worker"; empty
// for the total), key the row.
func drillLink(report url.Values, param, key, timing string) string {
	v := drillQuery(report, kith.TimelinessSlice{Timing: timing})
	if param != "" {
		v.Set(param, key)
	}
	return "/reports/timeliness/records?" + v.Encode()
}

func init() {
	funcs["drill"] = drillLink
}
