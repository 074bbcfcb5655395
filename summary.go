package kith

import (
	"time"
	"unicode/utf8"
)

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

// CheckCovered refuses closing or transferring a case (reason is
// SummaryClosure or SummaryTransfer) when no finalised summary reaches its
// last final record, unless a manager says why it must go ahead without
// one (without, which the caller audits).
func CheckCovered(reason SummaryReason, lastRecord Date, finalised []FinalSummary, without string) error {
	if SummaryCovers(lastRecord, finalised) || CleanText(without) != "" {
		return nil
	}
	kind := "transfer"
	if reason == SummaryClosure {
		kind = "closing"
	}
	var v Validation
	v.Add("without_summary", "No finalised case summary covers the record up to "+lastRecord.Long()+", the day of the last record. Write a "+kind+
		" summary first, or give the reason to go ahead without one")
	return v.Err()
}

// CheckFactsCurrent refuses to finalise a summary whose gathered facts no
// longer match the record for its period (now, gathered again): a summary
// is locked with facts that are true on the day it is finalised.
func CheckFactsCurrent(gathered, now SummaryFacts) error {
	n := len(DiffFacts(gathered, now))
	if n == 0 {
		return nil
	}
	changes := "1 change"
	if n > 1 {
		changes = itoa(n) + " changes"
	}
	p := gathered.Period
	return Errorf(ECONFLICT, "The record for %s to %s has changed since the facts were gathered (%s). Select “Gather the facts again” to see what changed and check your writing, then finalise.",
		p.From.Long(), p.To.Long(), changes)
}

// SummaryStart is what a practitioner gives to begin a case summary: why,
// the period it covers and, when it overlaps a finalised summary written
// for the same reason, why it covers those days again.
type SummaryStart struct {
	Reason        SummaryReason `json:"reason"`
	Period        SummaryPeriod `json:"period"`
	OverlapReason string        `json:"overlap_reason,omitempty"`
}

// Check says what is wrong with a start: the reason, the period, and an
// unexplained overlap with a finalised summary for the same reason.
func (s SummaryStart) Check(today Date, finalised []FinalSummary) error {
	var v Validation
	if !s.Reason.Valid() {
		v.Add("reason", "Select why you are writing the summary")
	}
	if err := v.Merge("", s.Period.Check(today)); err != nil {
		return err
	}
	if err := v.Err(); err != nil {
		return err
	}
	return CheckOverlap(s.Period, s.Reason, finalised, CleanText(s.OverlapReason))
}

// SuggestedPeriod is the period a new summary offers: from the day after
// the last finalised summary ended (or from the allocation, when there is
// none) up to today; never more than a year, so a long-held case starts
// with a period that can be read.
func SuggestedPeriod(today, allocated Date, finalised []FinalSummary) SummaryPeriod {
	from := allocated
	for _, f := range finalised {
		if next := f.Period.To.AddDays(1); next.After(from) {
			from = next
		}
	}
	yearAgo := Date{today.Year - 1, today.Month, today.Day}.AddDays(1)
	if from.IsZero() || from.Before(yearAgo) {
		from = yearAgo
	}
	if from.After(today) {
		from = today
	}
	return SummaryPeriod{From: from, To: today}
}

// Summary is a case summary: a record on a summary template, with the
// period and reason it was started with, the facts gathered from the
// record, whether the family saw it, and any manager's sign-off.
type Summary struct {
	RecordID      string        `json:"record_id"`
	CaseID        string        `json:"-"`
	CaseReference string        `json:"case_reference"`
	Reason        SummaryReason `json:"reason"`
	Period        SummaryPeriod `json:"period"`
	OverlapReason string        `json:"overlap_reason,omitempty"`
	Status        RecordStatus  `json:"status"`
	AuthorName    string        `json:"author"`
	FinalisedAt   *time.Time    `json:"finalised_at,omitempty"`
	Facts         SummaryFacts  `json:"facts"`
	GatheredAt    time.Time     `json:"gathered_at"`
	GatheredBy    string        `json:"gathered_by"`
	// Changes are what the last gathering found different from the one
	// before it, for the practitioner to check their writing against.
	Changes []FactChange `json:"changes"`
	// SignOffNeeded is set when the council asks a manager to countersign
	// each summary; the sign-off is recorded once given.
	SignOffNeeded  bool       `json:"sign_off_needed"`
	SignedOffBy    string     `json:"signed_off_by,omitempty"`
	SignedOffAt    *time.Time `json:"signed_off_at,omitempty"`
	SignOffComment string     `json:"sign_off_comment,omitempty"`
	Sharing        []Sharing  `json:"sharing"`
}

// Title names the summary: "Three-monthly summary, 1 September 2026 to
// 30 November 2026".
func (s *Summary) Title() string {
	return s.Reason.Label() + ", " + s.Period.From.Long() + " to " + s.Period.To.Long()
}

// AwaitingSignOff reports whether a finalised summary still needs a
// manager's countersignature.
func (s *Summary) AwaitingSignOff() bool {
	return s.SignOffNeeded && s.Status == RecordFinal && s.SignedOffAt == nil
}

// Who wrote the family's comments on a summary: the family themselves, or
// the practitioner for them.
const (
	WrittenByFamily = "family"
	WrittenForThem  = "practitioner"
)

// Sharing is one time a finalised summary was shared and discussed with
// the child and family: when, how, with whom, and their comments in their
// own words.
type Sharing struct {
	ID         string    `json:"id"`
	On         Date      `json:"on"`
	How        string    `json:"how"`
	With       string    `json:"with"`
	Comments   string    `json:"comments,omitempty"`
	WrittenBy  string    `json:"written_by"` // WrittenByFamily or WrittenForThem
	RecordedBy string    `json:"recorded_by"`
	RecordedAt time.Time `json:"recorded_at"`
}

// SharingInput is a new record of sharing a summary with the family.
type SharingInput struct {
	On        Date   `json:"on"`
	How       string `json:"how"`
	With      string `json:"with"`
	Comments  string `json:"comments"`
	WrittenBy string `json:"written_by"`
}

// Clean tidies the typed text.
func (in *SharingInput) Clean() {
	in.How, in.With, in.Comments = CleanText(in.How), CleanText(in.With), CleanMultiline(in.Comments)
}

// Check refuses sharing with no date, a date before the summary was
// finalised or still to come, or without saying how and with whom; the
// comments may be empty (some families have none) but then say so.
func (in SharingInput) Check(finalised, today Date) error {
	var v Validation
	switch {
	case in.On.IsZero():
		v.Add("on", "Enter the date the summary was shared")
	case in.On.After(today):
		v.Add("on", "The date the summary was shared must be today or earlier")
	case in.On.Before(finalised):
		v.Add("on", "The summary was finalised on "+finalised.Long()+": it cannot have been shared before then")
	}
	if in.How == "" {
		v.Add("how", "Enter how the summary was shared, for example at a home visit")
	}
	if in.With == "" {
		v.Add("with", "Enter who it was shared and discussed with")
	}
	if in.WrittenBy != WrittenByFamily && in.WrittenBy != WrittenForThem {
		v.Add("written_by", "Select who wrote the comments")
	}
	if utf8.RuneCountInString(in.Comments) > MaxSectionText {
		v.Add("comments", "The comments must be "+itoa(MaxSectionText)+" characters or fewer")
	}
	return v.Err()
}
