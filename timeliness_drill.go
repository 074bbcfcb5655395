package kith

import "strings"

// TimelinessSlice is one count of the record-timeliness report, as the
// records it counts: a month, a kind of record, harm or risk identified
// or not, or one worker's records, all of them or only those on time or
// late. An empty field does not narrow the list.
type TimelinessSlice struct {
	Month       Month  `json:"month,omitempty"`
	TemplateKey string `json:"template,omitempty"`
	Risk        string `json:"risk,omitempty"`   // "risk", "no-risk" (the report's keys)
	WorkerID    string `json:"worker,omitempty"` // the author
	Timing      string `json:"timing,omitempty"` // "on-time", "late"
}

// The timings a slice can choose.
const (
	TimingOnTime = "on-time"
	TimingLate   = "late"
)

// CheckSlice refuses a slice a report could not have linked to: a month
// outside the period, or a risk or timing that is not one of the report's.
func CheckSlice(s TimelinessSlice, p TimelinessPeriod) error {
	v := &Validation{}
	if s.Month != "" && (s.Month < p.From || s.Month > p.To) {
		v.Add("month", "Choose a month within the report's period")
	}
	if s.Risk != "" && s.Risk != "risk" && s.Risk != "no-risk" {
		v.Add("risk", "Choose records where harm or risk was identified, or the rest")
	}
	if s.Timing != "" && s.Timing != TimingOnTime && s.Timing != TimingLate {
		v.Add("timing", "Choose records on time or late")
	}
	return v.Err()
}

// TimelinessRecord is one record the report counts, as the list of a
// count shows it. A record on a case the reader may no longer open (its
// case has since moved to a team they do not manage) is counted and
// listed, but Hidden: no child, headline or link.
type TimelinessRecord struct {
	RecordID     string   `json:"record_id,omitempty"`
	CaseRef      string   `json:"case_reference,omitempty"`
	ChildName    string   `json:"child_name,omitempty"`
	Headline     string   `json:"headline,omitempty"`
	TemplateName string   `json:"record_type"`
	AuthorName   string   `json:"worker"`
	Event        Date     `json:"event"`
	Due          Date     `json:"due"`
	Finalised    Date     `json:"finalised"`
	Lateness     Lateness `json:"lateness"`
	Hidden       bool     `json:"hidden,omitempty"`
}

// TimelinessRecords is a page of the records behind one count of the
// report: Total is the count itself.
type TimelinessRecords struct {
	Period TimelinessPeriod   `json:"period"`
	Scope  string             `json:"scope"`
	Slice  TimelinessSlice    `json:"slice"`
	Label  string             `json:"label"` // "Late records, Home visit"
	Total  int                `json:"total"`
	Offset int                `json:"offset"`
	Rows   []TimelinessRecord `json:"records"`
}

// SliceLabel names the records of a slice: "Late records: Home visit,
// October 2026". names reads the kind of record and the worker.
func SliceLabel(s TimelinessSlice, template, worker string) string {
	head := "Records"
	switch s.Timing {
	case TimingOnTime:
		head = "Records finalised on time"
	case TimingLate:
		head = "Records finalised late"
	}
	var parts []string
	if s.Month != "" {
		parts = append(parts, s.Month.Label())
	}
	if s.TemplateKey != "" {
		parts = append(parts, nameOrKey(template, s.TemplateKey))
	}
	switch s.Risk {
	case "risk":
		parts = append(parts, "harm or risk identified")
	case "no-risk":
		parts = append(parts, "no harm or risk identified")
	}
	if s.WorkerID != "" {
		parts = append(parts, "written by "+nameOrKey(worker, "a former worker"))
	}
	if len(parts) == 0 {
		return head
	}
	return head + ": " + strings.Join(parts, ", ")
}

func nameOrKey(name, key string) string {
	if name != "" {
		return name
	}
	return key
}
