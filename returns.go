package kith

import (
	"fmt"
	"strconv"
	"strings"
	"time"
)

// CollectionYear is a statutory return's year: 1 April to the next 31
// March, written "2025-26" as the DfE writes it. Both the CIN census and
// SSDA903 cover the same year, and the census's reference date is its last
// day.
type CollectionYear struct {
	// StartYear is the calendar year of the 1 April the year starts on.
	StartYear int
	// until, when set, ends the year early: the year so far, for checking
	// the record as if the return were made today.
	until Date
}

// SoFar is the year as far as today: a return made today would read the
// record as it stands, and a timescale that runs to the year's end runs
// to today.
func (y CollectionYear) SoFar(today Date) CollectionYear {
	if today.Before(y.End()) {
		y.until = today
	}
	return y
}

// ParseCollectionYear reads a year written "2025-26" (or "2025-2026").
func ParseCollectionYear(s string) (CollectionYear, error) {
	s = strings.TrimSpace(s)
	first, second, ok := strings.Cut(s, "-")
	start, err := strconv.Atoi(first)
	if !ok || err != nil || len(first) != 4 || start < EarliestYear {
		return CollectionYear{}, fmt.Errorf("collection year %q: write it as the DfE does, like 2025-26", s)
	}
	want := strconv.Itoa(start + 1)
	if second != want && second != want[2:] {
		return CollectionYear{}, fmt.Errorf("collection year %q: the second year must follow the first, like %d-%s", s, start, want[2:])
	}
	return CollectionYear{StartYear: start}, nil
}

// CollectionYearOn is the collection year a day falls in.
func CollectionYearOn(d Date) CollectionYear {
	if d.Month < 4 {
		return CollectionYear{StartYear: d.Year - 1}
	}
	return CollectionYear{StartYear: d.Year}
}

// Previous is the year before.
func (y CollectionYear) Previous() CollectionYear { return CollectionYear{StartYear: y.StartYear - 1} }

// Start is the year's first day, 1 April.
func (y CollectionYear) Start() Date { return Date{Year: y.StartYear, Month: 4, Day: 1} }

// End is the year's last day, 31 March: the census's reference date.
func (y CollectionYear) End() Date {
	if !y.until.IsZero() {
		return y.until
	}
	return Date{Year: y.StartYear + 1, Month: 3, Day: 31}
}

// String writes the year as the DfE does: "2025-26".
func (y CollectionYear) String() string {
	return fmt.Sprintf("%d-%02d", y.StartYear, (y.StartYear+1)%100)
}

// Contains reports whether a day falls in the year.
func (y CollectionYear) Contains(d Date) bool {
	return !d.IsZero() && !d.Before(y.Start()) && !d.After(y.End())
}

// asAt is what a return sees of a date: the date itself if it had happened
// by the year's end, nothing if it came later. A return made in December
// for the year that ended in March shows the record as it stood on 31
// March: an episode closed in June is still open in it.
func (y CollectionYear) asAt(d Date) Date {
	if d.After(y.End()) {
		return Date{}
	}
	return d
}

// spans reports whether something that started on start and ended on end
// (zero while it goes on) was open on some day of the year.
func (y CollectionYear) spans(start, end Date) bool {
	if start.IsZero() || start.After(y.End()) {
		return false
	}
	return end.IsZero() || !end.Before(y.Start())
}

// ReturnPeriod is the span of days a return reads the record for: a
// collection year, or the period of Ofsted's Annex A.
type ReturnPeriod interface {
	Start() Date
	End() Date
	String() string
}

// ReturnFacts is what Kith holds about one child that the statutory returns
// are made from: the child, the case and everything recorded on its
// journey. The store loads it for every child a return may include.
type ReturnFacts struct {
	CaseID        string
	CaseReference string
	ChildName     string
	TeamID        string
	TeamName      string
	WorkerID      string
	WorkerName    string
	BirthDate     Date
	// ExpectedBirthDate is set for a child not yet born.
	ExpectedBirthDate Date
	Identity          ChildIdentity
	Episodes          []Episode
	Assessments       []Assessment
	Section47s        []Section47
	// Plans are the child's plans of every kind, with their reviews.
	Plans []Plan
	Care  LookedAfter
	// Contacts and EarlyHelp are what reached the council before, or
	// instead of, a referral (Annex A lists 1 and 2).
	Contacts  []Contact
	EarlyHelp []EarlyHelpAssessment
	// OwnChildrenBorn are the dates of birth of the children Kith records
	// this child as a parent of (oldest first): a looked-after young
	// mother's children (SSDA903 MOTHER and MC_DOB).
	OwnChildrenBorn []Date
	// WorkerSpells are the social workers who have held the case, oldest
	// first (the 903's social worker episodes).
	WorkerSpells []WorkerSpell
	// LastVisit, LastSeen and LastSeenAlone are the case's latest visit and
	// the latest days the child was seen, and seen alone (Annex A).
	LastVisit, LastSeen, LastSeenAlone Date
}

// ReturnSet is what the returns are made from: the children's facts and
// the council's working days, which the timescale rules count in.
type ReturnSet struct {
	Children    []*ReturnFacts
	WorkingDays WorkingDays
}

// LocalChildID is the child's id in the returns: the one recorded, or the
// case reference without its hyphens until one is.
func (f *ReturnFacts) LocalChildID() string {
	if f.Identity.LocalChildID != "" {
		return f.Identity.LocalChildID
	}
	return LocalChildIDFromReference(f.CaseReference)
}

// MayMakeReturns reports whether an actor may make the council's statutory
// returns, which list every child in them: the operator at the command
// line, and service managers, who answer for the council's figures.
func MayMakeReturns(a Actor) bool {
	return a.System || a.Has(RoleServiceManager)
}

// The returns Kith makes.
const (
	ReturnKindCIN     = "cin"
	ReturnKindSSDA903 = "903"
	ReturnKindAnnexA  = "annex-a"
)

// ReturnKindLabel names a kind of return.
func ReturnKindLabel(kind string) string {
	switch kind {
	case ReturnKindCIN:
		return "Children in Need census"
	case ReturnKindSSDA903:
		return "SSDA903 (children looked after)"
	case ReturnKindAnnexA:
		return "Ofsted's Annex A"
	}
	return ""
}

// ReturnExport is a return asked for from the web page or the API, made in
// the background and kept for ReturnExportDays.
type ReturnExport struct {
	ID   string `json:"id"`
	Kind string `json:"kind"`
	// Year is the collection year (2025-26), or Annex A's period as an ISO
	// 8601 interval (2026-06-01/2026-11-30).
	Year        string     `json:"year"`
	RequestedBy string     `json:"requested_by"`
	RequestedAt time.Time  `json:"requested_at"`
	StartedAt   *time.Time `json:"started_at,omitempty"`
	FinishedAt  *time.Time `json:"finished_at,omitempty"`
	// Error says why it could not be made.
	Error    string `json:"error,omitempty"`
	Children int    `json:"children"`
	Episodes int    `json:"episodes"`
	FileName string `json:"file_name,omitempty"`
	Size     int    `json:"size"`
	// State is where it is: "waiting", "making", "ready" or "failed"
	// (Stage, filled by the store).
	State string `json:"state"`
}

// Title names the return and what it covers: "Children in Need census
// 2025-26", "Ofsted's Annex A, 1 June 2026 to 30 November 2026".
func (e ReturnExport) Title() string {
	if e.Kind == ReturnKindAnnexA {
		if p, err := ParseAnnexAInterval(e.Year); err == nil {
			return ReturnKindLabel(e.Kind) + ", " + p.String()
		}
	}
	return ReturnKindLabel(e.Kind) + " " + e.Year
}

// ReturnExportDays is how long a return made from the web page is kept.
const ReturnExportDays = 30

// ReturnExportStale is how long after a return's making started it is
// taken to have stopped with its server, and is made again.
const ReturnExportStale = 10 * time.Minute

// Stage says where the return is: "waiting", "making", "ready" or
// "failed".
func (e ReturnExport) Stage() string {
	switch {
	case e.FinishedAt != nil && e.Error != "":
		return "failed"
	case e.FinishedAt != nil:
		return "ready"
	case e.StartedAt != nil:
		return "making"
	}
	return "waiting"
}

// ReturnExportInput asks for a return: the census or the 903 for a
// collection year, or Annex A for a period from one day to another.
type ReturnExportInput struct {
	Kind string `json:"kind"`
	Year string `json:"year,omitempty"`
	From Date   `json:"from,omitzero"`
	To   Date   `json:"to,omitzero"`
}

// Validate checks the kind, and the year (which must have begun by today)
// or the period (which must have ended by today), and returns what the
// return covers as ReturnExport.Year has it.
func (in *ReturnExportInput) Validate(today Date) (string, error) {
	var v Validation
	switch {
	case ReturnKindLabel(in.Kind) == "":
		v.Add("kind", "Choose the Children in Need census, the SSDA903 return or Ofsted's Annex A")
		return "", v.Err()
	case in.Kind == ReturnKindAnnexA:
		p := AnnexAPeriod{From: in.From, To: in.To}
		if p.From.IsZero() {
			v.Add("from", "Enter the first day Annex A covers")
		}
		if p.To.IsZero() {
			v.Add("to", "Enter the last day Annex A covers")
		} else if p.To.After(today) {
			v.Add("to", "The last day Annex A covers must be today or earlier")
		}
		if v.OK() {
			if err := p.Validate(); err != nil {
				v.Add("from", ErrorMessage(err))
			}
		}
		return p.Interval(), v.Err()
	}
	y, err := ParseCollectionYear(in.Year)
	switch {
	case strings.TrimSpace(in.Year) == "":
		v.Add("year", "Enter the collection year, like 2025-26")
	case err != nil:
		v.Add("year", "Enter the collection year as the DfE writes it, like 2025-26")
	case y.Start().After(today):
		v.Add("year", "The collection year "+y.String()+" has not begun")
	}
	return y.String(), v.Err()
}
