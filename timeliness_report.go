package kith

import (
	"fmt"
	"sort"
	"strings"
)

// TimelinessCount is one row of the record-timeliness counts: how many
// records of one kind, by one author in one team, finalised in one month,
// took so many working days and were (or were not) on time.
type TimelinessCount struct {
	Month       Month
	TeamID      string
	AuthorID    string
	TemplateKey string
	Risk        bool
	Taken       int // working days from the event to finalising
	OnTime      bool
	Records     int
}

// Month is a calendar month, "2026-11".
type Month string

// MonthOf is the month a day falls in.
func MonthOf(d Date) Month { return Month(fmt.Sprintf("%04d-%02d", d.Year, int(d.Month))) }

// ParseMonth reads "2026-11".
func ParseMonth(s string) (Month, bool) {
	d, err := ParseISODate(strings.TrimSpace(s) + "-01")
	if err != nil {
		return "", false
	}
	return MonthOf(d), true
}

// First is the month's first day.
func (m Month) First() Date {
	d, _ := ParseISODate(string(m) + "-01")
	return d
}

// Add moves a month on (or back) by n months.
func (m Month) Add(n int) Month { return MonthOf(addMonths(m.First(), n)) }

// Label reads "November 2026".
func (m Month) Label() string {
	d := m.First()
	return d.Month.String() + " " + fmt.Sprint(d.Year)
}

// TimelinessPeriod is the months a report covers, both included.
type TimelinessPeriod struct {
	From Month `json:"from"`
	To   Month `json:"to"`
}

// MaxReportMonths is the longest period one report covers.
const MaxReportMonths = 36

// Months lists the period's months, first to last.
func (p TimelinessPeriod) Months() []Month {
	var out []Month
	for m := p.From; m <= p.To && len(out) < MaxReportMonths; m = m.Add(1) {
		out = append(out, m)
	}
	return out
}

// CheckPeriod refuses a period that is back to front, in the future or
// too long, naming the field to fix.
func CheckPeriod(p TimelinessPeriod, today Date) error {
	v := &Validation{}
	switch {
	case p.From == "":
		v.Add("from", "Choose the first month of the report from the list")
	case p.To == "":
		v.Add("to", "Choose the last month of the report from the list")
	case p.To < p.From:
		v.Add("to", "The last month must be the same as or after the first month")
	case p.To > MonthOf(today):
		v.Add("to", "The last month cannot be in the future")
	case p.From < p.To.Add(-(MaxReportMonths - 1)):
		v.Add("from", fmt.Sprintf("A report can cover at most %d months", MaxReportMonths))
	}
	return v.Err()
}

// LastTwelveMonths is the default period: this month and the 11 before.
func LastTwelveMonths(today Date) TimelinessPeriod { return ParsePeriod("", "", today) }

// ParsePeriod reads a period's months as typed ("2026-11"). A missing
// end is the default: to this month, from 11 months before the last. A
// month that cannot be read stays empty, for CheckPeriod to ask for.
func ParsePeriod(from, to string, today Date) TimelinessPeriod {
	var p TimelinessPeriod
	if to == "" {
		p.To = MonthOf(today)
	} else if m, ok := ParseMonth(to); ok {
		p.To = m
	}
	if from == "" && p.To != "" {
		p.From = p.To.Add(-11)
	} else if m, ok := ParseMonth(from); ok {
		p.From = m
	}
	return p
}

// TimelinessFigures are the figures for one slice of the records.
type TimelinessFigures struct {
	Key           string  `json:"key"`
	Label         string  `json:"label"`
	Records       int     `json:"records"`
	OnTime        int     `json:"on_time"`
	PercentOnTime float64 `json:"percent_on_time"` // 0 when there are no records
	MedianTaken   int     `json:"median_working_days"`
	P90Taken      int     `json:"p90_working_days"`
}

// TimelinessReport is the record-timeliness quality standard for a period
// and a team or service: how many records were finalised, how many on time
// and how many working days they took, overall, by kind of record, by
// whether risk was identified, by worker and month by month.
type TimelinessReport struct {
	Period   TimelinessPeriod    `json:"period"`
	Scope    string              `json:"scope"` // "North team", "All your teams"
	Total    TimelinessFigures   `json:"total"`
	ByType   []TimelinessFigures `json:"by_record_type"`
	ByRisk   []TimelinessFigures `json:"by_risk_identified"`
	ByWorker []TimelinessFigures `json:"by_worker"`
	ByMonth  []TimelinessFigures `json:"by_month"`
}

// lagHistogram counts records by working days taken.
type lagHistogram struct {
	records, onTime int
	taken           map[int]int
}

func (h *lagHistogram) add(c TimelinessCount) {
	if h.taken == nil {
		h.taken = map[int]int{}
	}
	h.records += c.Records
	if c.OnTime {
		h.onTime += c.Records
	}
	h.taken[c.Taken] += c.Records
}

// percentile is the nearest-rank percentile of the working days taken: the
// smallest number of days within which at least p of the records were
// finalised.
func (h *lagHistogram) percentile(p float64) int {
	if h.records == 0 {
		return 0
	}
	days := make([]int, 0, len(h.taken))
	for d := range h.taken {
		days = append(days, d)
	}
	sort.Ints(days)
	rank := int(p*float64(h.records) + 0.999999999)
	if rank < 1 {
		rank = 1
	}
	seen := 0
	for _, d := range days {
		seen += h.taken[d]
		if seen >= rank {
			return d
		}
	}
	return days[len(days)-1]
}

func (h *lagHistogram) figures(key, label string) TimelinessFigures {
	f := TimelinessFigures{Key: key, Label: label, Records: h.records, OnTime: h.onTime,
		MedianTaken: h.percentile(0.5), P90Taken: h.percentile(0.9)}
	if h.records > 0 {
		f.PercentOnTime = float64(h.onTime) * 100 / float64(h.records)
	}
	return f
}

// ReportNames names what the counts refer to by id.
type ReportNames struct {
	Templates map[string]string // template key → name
	Workers   map[string]string // user id → name
}

// TimelinessCounts are a report's counts added up two ways: ByKind by
// month, template, risk and working days taken (AuthorID and TeamID
// empty), and ByWorker by author and working days taken (Month, TeamID,
// TemplateKey empty). Storage adds them up; SplitCounts does it in Go.
type TimelinessCounts struct {
	ByKind   []TimelinessCount
	ByWorker []TimelinessCount
}

// SplitCounts adds up detailed counts the two ways a report needs.
func SplitCounts(rows []TimelinessCount) TimelinessCounts {
	type kindKey struct {
		month    Month
		template string
		risk     bool
		taken    int
		onTime   bool
	}
	type workerKey struct {
		author string
		taken  int
		onTime bool
	}
	kinds, workers := map[kindKey]int{}, map[workerKey]int{}
	for _, c := range rows {
		kinds[kindKey{c.Month, c.TemplateKey, c.Risk, c.Taken, c.OnTime}] += c.Records
		workers[workerKey{c.AuthorID, c.Taken, c.OnTime}] += c.Records
	}
	var out TimelinessCounts
	for k, n := range kinds {
		out.ByKind = append(out.ByKind, TimelinessCount{Month: k.month, TemplateKey: k.template, Risk: k.risk, Taken: k.taken, OnTime: k.onTime, Records: n})
	}
	for k, n := range workers {
		out.ByWorker = append(out.ByWorker, TimelinessCount{AuthorID: k.author, Taken: k.taken, OnTime: k.onTime, Records: n})
	}
	return out
}

// Without takes records out of counts: the records of cases the reader
// may not count (FiguresCount), one row each (Records 1), subtracted from
// the kept counts key by key, since the counts are kept for everyone.
// They must be records the counts hold (of their period and teams: the
// counts by worker have no month to match on). A row left with no
// records goes.
func (c TimelinessCounts) Without(records []TimelinessCount) TimelinessCounts {
	if len(records) == 0 {
		return c
	}
	less := SplitCounts(records)
	type key struct {
		month            Month
		author, template string
		risk             bool
		taken            int
		onTime           bool
	}
	kindOf := func(r TimelinessCount) key {
		return key{month: r.Month, template: r.TemplateKey, risk: r.Risk, taken: r.Taken, onTime: r.OnTime}
	}
	workerOf := func(r TimelinessCount) key { return key{author: r.AuthorID, taken: r.Taken, onTime: r.OnTime} }
	minus := func(rows, sub []TimelinessCount, keyOf func(TimelinessCount) key) []TimelinessCount {
		n := map[key]int{}
		for _, r := range sub {
			n[keyOf(r)] += r.Records
		}
		var out []TimelinessCount
		for _, r := range rows {
			r.Records -= n[keyOf(r)]
			if r.Records > 0 {
				out = append(out, r)
			}
		}
		return out
	}
	return TimelinessCounts{ByKind: minus(c.ByKind, less.ByKind, kindOf), ByWorker: minus(c.ByWorker, less.ByWorker, workerOf)}
}

// BuildTimelinessReport adds up the counts for a period. Every month of the
// period has a row, even with no records; kinds of record and workers
// appear when they have records, largest first.
func BuildTimelinessReport(period TimelinessPeriod, scope string, counts TimelinessCounts, names ReportNames) TimelinessReport {
	var total lagHistogram
	byType, byWorker, byMonth := map[string]*lagHistogram{}, map[string]*lagHistogram{}, map[Month]*lagHistogram{}
	var risk, noRisk lagHistogram
	get := func(m map[string]*lagHistogram, k string) *lagHistogram {
		if m[k] == nil {
			m[k] = &lagHistogram{}
		}
		return m[k]
	}
	for _, m := range period.Months() {
		byMonth[m] = &lagHistogram{}
	}
	for _, c := range counts.ByKind {
		if c.Records <= 0 || byMonth[c.Month] == nil {
			continue
		}
		total.add(c)
		get(byType, c.TemplateKey).add(c)
		byMonth[c.Month].add(c)
		if c.Risk {
			risk.add(c)
		} else {
			noRisk.add(c)
		}
	}
	for _, c := range counts.ByWorker {
		if c.Records > 0 {
			get(byWorker, c.AuthorID).add(c)
		}
	}
	r := TimelinessReport{Period: period, Scope: scope, Total: total.figures("all", "All records"),
		ByType: []TimelinessFigures{}, ByWorker: []TimelinessFigures{}, ByMonth: []TimelinessFigures{}}
	r.ByRisk = []TimelinessFigures{risk.figures("risk", "Harm or risk identified"), noRisk.figures("no-risk", "No harm or risk identified")}
	for k, h := range byType {
		r.ByType = append(r.ByType, h.figures(k, nameOr(names.Templates, k)))
	}
	for k, h := range byWorker {
		r.ByWorker = append(r.ByWorker, h.figures(k, nameOr(names.Workers, k)))
	}
	largestFirst(r.ByType)
	largestFirst(r.ByWorker)
	for _, m := range period.Months() {
		r.ByMonth = append(r.ByMonth, byMonth[m].figures(string(m), m.Label()))
	}
	return r
}

func nameOr(names map[string]string, key string) string {
	if n := names[key]; n != "" {
		return n
	}
	return key
}

func largestFirst(fs []TimelinessFigures) {
	sort.Slice(fs, func(i, j int) bool {
		if fs[i].Records != fs[j].Records {
			return fs[i].Records > fs[j].Records
		}
		return strings.ToLower(fs[i].Label) < strings.ToLower(fs[j].Label)
	})
}
