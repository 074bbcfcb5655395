package kith

import (
	"strconv"
	"strings"
)

// HealthOutcomes is what the SSDA903 asks (its OC2 table) about a child
// looked after continuously for at least 12 months at 31 March: their
// strengths and difficulties questionnaire, whether their health checks,
// immunisations, teeth and health assessment were up to date, whether
// they had a substance misuse problem and help for it, and whether they
// were convicted in the year. One record per child and collection year.
//
// Which questions apply depends on the child's age (HealthQuestionsFor);
// a question that does not apply is nil.
type HealthOutcomes struct {
	CaseID string `json:"case_id"`
	HealthOutcomesInput
}

// Answers are the yes-or-no answers in the 903's order (CONVICTED to
// INTERVENTION_OFFERED), for the store and the return to read and write
// in turn.
func (h *HealthOutcomesInput) Answers() []**bool {
	return []**bool{&h.Convicted, &h.HealthCheck, &h.Immunisations, &h.TeethCheck, &h.HealthAssessment, &h.SubstanceMisuse,
		&h.InterventionReceived, &h.InterventionOffered}
}

// SDQReasons are why a child has no SDQ score (SDQ_REASON), in the DfE's
// words as data-to-insight's Standard Safeguarding Dataset quotes them
// (ssd-data-model, data/objects/ssd_sdq_scores.yml).
var SDQReasons = CodeList{
	{Code: "SDQ1", Label: "No form returned as the child was aged under 4 or over 16 at the date of the latest assessment"},
	{Code: "SDQ2", Label: "The carers refused to complete and return the questionnaire"},
	{Code: "SDQ3", Label: "Not possible to complete the questionnaire because of the severity of the child's disability"},
	{Code: "SDQ5", Label: "The child or young person refused to allow the questionnaire to be completed"},
	{Code: "SDQ4", Label: "Another reason"},
}

// MaxSDQScore is the highest total difficulties score.
const MaxSDQScore = 40

// HealthQuestions are which of the 903's OC2 questions apply to a child in
// a collection year, by their age: the validator's rules 186, 188, 189 and
// 197B (the questionnaire, for a child aged 4 to 16 at some time in the
// year), 157 (the reason "under 4 or over 16" is not open to a child aged
// 4 to 16 all year), 542 and 543 (convictions from 10 at 31 March), and
// 545 and 546 (development checks under 5 at 31 March). The other
// questions are asked of every child.
type HealthQuestions struct {
	SDQ, SDQ1, Convicted, HealthCheck bool
}

// HealthQuestionsFor works out the questions for a child born on dob.
// Ages are reckoned at the whole year's ends, even while it goes on.
func HealthQuestionsFor(dob Date, y CollectionYear) HealthQuestions {
	start, end := y.Start(), CollectionYear{StartYear: y.StartYear}.End()
	birthday := func(n int) Date { return addMonths(dob, 12*n) }
	q := HealthQuestions{
		SDQ:         !birthday(4).After(end) && !birthday(17).Before(start),
		Convicted:   !birthday(10).After(end),
		HealthCheck: birthday(5).After(end),
	}
	q.SDQ1 = q.SDQ && !(!birthday(4).After(start) && !birthday(16).Before(end))
	return q
}

// LookedAfterWholeYear reports whether a child was looked after
// continuously for the year, as the SSDA903 counts it for OC2: looked
// after on a day of it, with no period of care beginning after its first
// day, none ending before its last, and no short breaks. For the year so
// far, its last day is today.
func LookedAfterWholeYear(episodes []CareEpisode, y CollectionYear) bool {
	in := false
	for _, e := range episodes {
		if !y.spans(e.StartedOn, e.EndedOn) {
			continue
		}
		in = true
		switch {
		case e.ShortBreak():
			return false
		case e.ReasonNew == RNEStarted && e.StartedOn.After(y.Start()):
			return false
		case !e.EndedOn.IsZero() && e.ReasonEnded != RECEpisodeContinues && e.EndedOn.Before(y.End()):
			return false
		}
	}
	return in
}

// HealthOutcomesInput is a child's answers for a year. The questionnaire's
// score is 0–40, and SDQReason (SDQ1–SDQ5) says why there is none.
// Convicted is asked of a child aged 10 or over at 31 March, HealthCheck
// (development checks up to date) of one under 5; the help received for
// substance misuse after a problem, and the help offered when none was
// received. In the API the answers are true or false, and a question that
// does not apply is left out.
type HealthOutcomesInput struct {
	// Year is the collection year, written "2025-26".
	Year                 string `json:"year"`
	SDQScore             *int   `json:"sdq_score,omitempty"`
	SDQReason            string `json:"sdq_reason,omitempty"`
	Convicted            *bool  `json:"convicted,omitempty"`
	HealthCheck          *bool  `json:"health_check,omitempty"`
	Immunisations        *bool  `json:"immunisations"`
	TeethCheck           *bool  `json:"teeth_check"`
	HealthAssessment     *bool  `json:"health_assessment"`
	SubstanceMisuse      *bool  `json:"substance_misuse"`
	InterventionReceived *bool  `json:"intervention_received,omitempty"`
	InterventionOffered  *bool  `json:"intervention_offered,omitempty"`
	// Version is the record's version: in a change, the one read (0 for
	// a new one).
	Version int `json:"version"`
}

// ParseSDQScore reads a score typed into a form: empty is none.
func ParseSDQScore(s string) (*int, bool) {
	s = strings.TrimSpace(s)
	if s == "" {
		return nil, true
	}
	n, err := strconv.Atoi(s)
	if err != nil {
		return nil, false
	}
	return &n, true
}

// Validate checks the answers for a child born on dob: each question that
// applies answered, none that does not, and the follow-up questions on
// substance misuse only where they follow (rules 158, 159, 192, 193).
func (in *HealthOutcomesInput) Validate(dob Date, y CollectionYear) error {
	var v Validation
	q := HealthQuestionsFor(dob, y)
	in.SDQReason = strings.TrimSpace(in.SDQReason)
	switch {
	case !q.SDQ:
		if in.SDQScore != nil || in.SDQReason != "" {
			v.Add("sdq_score", "Leave the questionnaire empty: it is for children aged 4 to 16 in the year")
		}
	case in.SDQScore != nil && in.SDQReason != "":
		v.Add("sdq_score", "Enter the score or say why there is none, not both")
	case in.SDQScore != nil && (*in.SDQScore < 0 || *in.SDQScore > MaxSDQScore):
		v.Add("sdq_score", "Enter the score as a whole number from 0 to 40")
	case in.SDQScore == nil && in.SDQReason == "":
		v.Add("sdq_score", "Enter the child's latest SDQ score, or say why there is none")
	case in.SDQReason != "" && !SDQReasons.Has(in.SDQReason):
		v.Add("sdq_reason", "Select why there is no score")
	case in.SDQReason == "SDQ1" && !q.SDQ1:
		v.Add("sdq_reason", "The child was aged 4 to 16 all year: select another reason there is no score")
	}
	answer := func(field string, asked bool, got *bool, ask, leave string) {
		switch {
		case asked && got == nil:
			v.Add(field, ask)
		case !asked && got != nil:
			v.Add(field, leave)
		}
	}
	answer("convicted", q.Convicted, in.Convicted, "Select whether the child was convicted in the year",
		"Leave convictions empty: the child was under 10 at 31 March")
	answer("health_check", q.HealthCheck, in.HealthCheck, "Select whether the child's development checks were up to date",
		"Leave development checks empty: they are asked of children under 5 at 31 March")
	answer("immunisations", true, in.Immunisations, "Select whether the child's immunisations were up to date", "")
	answer("teeth_check", true, in.TeethCheck, "Select whether the child's teeth were checked", "")
	answer("health_assessment", true, in.HealthAssessment, "Select whether the child's health assessment was up to date", "")
	answer("substance_misuse", true, in.SubstanceMisuse, "Select whether the child had a substance misuse problem", "")
	misuse := in.SubstanceMisuse != nil && *in.SubstanceMisuse
	answer("intervention_received", misuse, in.InterventionReceived, "Select whether the child received help for their substance misuse",
		"Leave the help received empty: the child had no substance misuse problem")
	notReceived := misuse && in.InterventionReceived != nil && !*in.InterventionReceived
	answer("intervention_offered", notReceived, in.InterventionOffered, "Select whether help was offered and refused",
		"Leave the help offered empty: it is asked only when the child did not receive help")
	return v.Err()
}

// Outcomes is the record the answers make.
func (in *HealthOutcomesInput) Outcomes(caseID string, version int) HealthOutcomes {
	out := HealthOutcomes{CaseID: caseID, HealthOutcomesInput: *in}
	out.Version = version
	return out
}

// HealthYear is a collection year for which the 903 asks a looked-after
// child's health outcomes, with what is recorded for it.
type HealthYear struct {
	Year     CollectionYear
	Outcomes *HealthOutcomes
}

// HealthYears are the years, this one so far and the one before, for
// which the child was looked after continuously, newest first, with
// what is recorded: the years the case page offers to record.
func (l LookedAfter) HealthYears(today Date) []HealthYear {
	var out []HealthYear
	for _, y := range []CollectionYear{CollectionYearOn(today).SoFar(today), CollectionYearOn(today).Previous()} {
		if !LookedAfterWholeYear(l.Episodes, y) {
			continue
		}
		out = append(out, HealthYear{Year: CollectionYear{StartYear: y.StartYear}, Outcomes: l.HealthFor(y)})
	}
	return out
}

// HealthFor is what is recorded for a year, or nil.
func (l LookedAfter) HealthFor(y CollectionYear) *HealthOutcomes {
	for i := range l.Health {
		if l.Health[i].Year == y.String() {
			return &l.Health[i]
		}
	}
	return nil
}
