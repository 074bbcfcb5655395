package kith

// SummaryReason is why a case summary is written (seeds 000 and 002): at
// least every three months, and whenever a case closes or is transferred.
type SummaryReason string

// The reasons for a case summary.
const (
	SummaryPeriodic SummaryReason = "periodic"
	SummaryClosure  SummaryReason = "closure"
	SummaryTransfer SummaryReason = "transfer"
	SummaryOther    SummaryReason = "other"
)

// SummaryReasons lists the reasons in form order.
var SummaryReasons = []SummaryReason{SummaryPeriodic, SummaryClosure, SummaryTransfer, SummaryOther}

// Label is the reason in words.
func (r SummaryReason) Label() string {
	switch r {
	case SummaryPeriodic:
		return "Three-monthly summary"
	case SummaryClosure:
		return "Closing the case"
	case SummaryTransfer:
		return "Transferring the case"
	case SummaryOther:
		return "Another reason"
	}
	return string(r)
}

// Valid reports whether r is a known reason.
func (r SummaryReason) Valid() bool {
	for _, x := range SummaryReasons {
		if x == r {
			return true
		}
	}
	return false
}

// SummaryPeriod is the stretch of the record a case summary covers, both
// days included.
type SummaryPeriod struct {
	From Date `json:"from"`
	To   Date `json:"to"`
}

// Contains reports whether d falls within the period.
func (p SummaryPeriod) Contains(d Date) bool { return !d.Before(p.From) && !d.After(p.To) }

// Overlaps reports whether the two periods share a day.
func (p SummaryPeriod) Overlaps(q SummaryPeriod) bool {
	return !p.To.Before(q.From) && !q.To.Before(p.From)
}

// Check says what is wrong with a period: both ends given, the end not
// before the start and not in the future.
func (p SummaryPeriod) Check(today Date) error {
	var v Validation
	if p.From.IsZero() {
		v.Add("from", "Enter the first day the summary covers")
	}
	switch {
	case p.To.IsZero():
		v.Add("to", "Enter the last day the summary covers")
	case p.To.After(today):
		v.Add("to", "The summary cannot cover days still to come: the last day must be today or earlier")
	case !p.From.IsZero() && p.To.Before(p.From):
		v.Add("to", "The last day must be on or after the first day, "+p.From.Long())
	}
	return v.Err()
}

// FinalSummary is a finalised case summary, as the rules about overlaps
// and closure need it.
type FinalSummary struct {
	RecordID string
	Reason   SummaryReason
	Period   SummaryPeriod
}

// CheckOverlap refuses a period that overlaps a finalised summary written
// for the same reason, unless the practitioner says why (a summary redone
// after new information): the warning names the summary it overlaps.
func CheckOverlap(p SummaryPeriod, reason SummaryReason, finalised []FinalSummary, why string) error {
	if why != "" {
		return nil
	}
	for _, f := range finalised {
		if f.Reason == reason && f.Period.Overlaps(p) {
			var v Validation
			v.Add("overlap_reason", "A "+lowerFirst(reason.Label())+" already covers "+f.Period.From.Long()+" to "+f.Period.To.Long()+
				": say why this one covers the same days, or change the dates")
			return v.Err()
		}
	}
	return nil
}

// SummaryCovers reports whether some finalised summary ends on or after
// the day of the case's last final record: what closing or transferring a
// case requires, so the next person starts from a summary of everything.
// A case with no final records needs none.
func SummaryCovers(lastRecord Date, finalised []FinalSummary) bool {
	if lastRecord.IsZero() {
		return true
	}
	for _, f := range finalised {
		if !f.Period.To.Before(lastRecord) {
			return true
		}
	}
	return false
}
