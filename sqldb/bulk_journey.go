package sqldb

import (
	"fmt"
	"strings"
	"time"

	"kith"
)

// BulkAssessment is the child and family assessment in a case's first
// episode, as StartAssessment records it at StartedAt and, once
// Authorisation is given, AuthoriseAssessment at AuthorisedAt.
type BulkAssessment struct {
	Start         kith.AssessmentInput
	StartedAt     time.Time
	StartedBy     string
	Authorisation *kith.AuthoriseInput
	AuthorisedAt  time.Time
	AuthorisedBy  string
}

// addAssessment writes the assessment of the case's first episode, checked
// as the services check it, with its key events.
func (b *Bulk) addAssessment(c *BulkCase, episode []any, event func(kith.KeyEventKind, time.Time, string, string, time.Time)) error {
	in := c.Assessment
	if in == nil || !b.assessments {
		return nil
	}
	referralOn := kith.DateOf(time.Time(episode[3].(ts)).In(kith.London))
	start := in.Start
	if err := start.Validate(kith.Today(in.StartedAt), referralOn); err != nil {
		return fmt.Errorf("the assessment of the case opened at %s: %w", c.OpenedAt, err)
	}
	row := []any{newID(), c.ID, episode[0], dt(start.StartedOn), strings.Join(start.Factors, " "), dt(kith.Date{}), nil, "", 1, ts(in.StartedAt), nullString(in.StartedBy)}
	event(kith.EventAssessmentStarted, notBefore(bulkOnDate(start.StartedOn, in.StartedAt), time.Time(episode[3].(ts))), "Child and family assessment started", in.StartedBy, in.StartedAt)
	if au := in.Authorisation; au != nil {
		st, err := b.timelinessState()
		if err != nil {
			return err
		}
		due := kith.AssessmentDue(referralOn, st.cal)
		if err := au.Validate(kith.Today(in.AuthorisedAt), kith.Assessment{StartedOn: start.StartedOn}, due); err != nil {
			return fmt.Errorf("the authorisation of the assessment of the case opened at %s: %w", c.OpenedAt, err)
		}
		late := au.LateReason
		if !au.AuthorisedOn.After(due) {
			late = ""
		}
		row[4], row[5], row[6], row[7], row[8] = strings.Join(au.Factors, " "), dt(au.AuthorisedOn), nullString(in.AuthorisedBy), late, 2
		event(kith.EventAssessmentAuthorised, bulkOnDate(au.AuthorisedOn, in.AuthorisedAt),
			"Child and family assessment authorised. Factors identified: "+strings.Join(kith.FactorLabels(au.Factors), "; "), in.AuthorisedBy, in.AuthorisedAt)
	}
	b.add("assessments", row...)
	return nil
}

// BulkSection47 is a section 47 enquiry on a case, started at the
// strategy discussion that is its StrategyRecord (an index into the
// case's Records: a final meeting record of that type), as StartSection47
// records it at At, then concluded, with its initial conference if one
// was held, recorded at ConferenceAt. A conference deciding on a plan
// makes the case's child protection plan that starts on its day.
type BulkSection47 struct {
	StrategyRecord     int
	At                 time.Time
	By                 string
	Outcome            kith.S47Outcome
	ConcludedOn        kith.Date
	NoConferenceReason string
	Conference         *kith.ConferenceInput
	ConferenceAt       time.Time

	id string // given as the case is added, for its plan to refer to
}

// linkConferencePlan gives the enquiry its id and marks the plan its
// conference made.
func (b *Bulk) linkConferencePlan(c *BulkCase) {
	s := c.Section47
	if s == nil || !b.section47s {
		return
	}
	s.id = newID()
	if s.Conference == nil || s.Conference.Decision != kith.ConferencePlan || !b.conferencePlans {
		return
	}
	for i := range c.Plans {
		if p := &c.Plans[i]; p.Kind == kith.PlanChildProtection && p.StartedOn == s.Conference.HeldOn {
			p.section47ID, p.category = s.id, s.Conference.Category
			p.coreGroupOn = firstCoreGroup(c.Records, p.StartedOn)
		}
	}
}

// firstCoreGroup is the day of the first final core group meeting record
// on or after from, as FinaliseRecord notes it (zero for none).
func firstCoreGroup(records []BulkRecord, from kith.Date) kith.Date {
	var first kith.Date
	for _, r := range records {
		on := kith.DateOf(r.OccurredAt.In(kith.London))
		rec := kith.Record{TemplateKey: r.Template.Key, Content: r.Content}
		if r.FinalisedAt.IsZero() || on.Before(from) || kith.MeetingTypeOf(&rec) != kith.CoreGroupMeetingType {
			continue
		}
		if first.IsZero() || on.Before(first) {
			first = on
		}
	}
	return first
}

// addSection47 writes a case's enquiry, checked as the services check it,
// with its key events, once its records have their ids.
func (b *Bulk) addSection47(c *BulkCase, episodes [][]any, event func(kith.KeyEventKind, time.Time, string, string, time.Time)) error {
	s := c.Section47
	if s == nil || s.id == "" {
		return nil
	}
	if s.StrategyRecord < 0 || s.StrategyRecord >= len(c.Records) {
		return fmt.Errorf("the enquiry of the case opened at %s: no record %d", c.OpenedAt, s.StrategyRecord)
	}
	sd := &c.Records[s.StrategyRecord]
	r := kith.Record{TemplateKey: sd.Template.Key, Content: sd.Content}
	if !kith.IsStrategyDiscussion(&r) || sd.FinalisedAt.IsZero() {
		return fmt.Errorf("the enquiry of the case opened at %s: record %d is not a final strategy discussion", c.OpenedAt, s.StrategyRecord)
	}
	startedOn := kith.DateOf(sd.OccurredAt.In(kith.London))
	var episode []any
	for _, ep := range episodes {
		if !time.Time(ep[3].(ts)).After(sd.OccurredAt) {
			episode = ep
		}
	}
	if episode == nil {
		return fmt.Errorf("the enquiry of the case opened at %s: the strategy discussion is before its first referral", c.OpenedAt)
	}
	out := kith.S47OutcomeInput{Outcome: s.Outcome, ConcludedOn: s.ConcludedOn, NoConferenceReason: s.NoConferenceReason}
	if s.Outcome != "" {
		if err := out.Validate(s.ConcludedOn, startedOn); err != nil {
			return fmt.Errorf("the outcome of the enquiry of the case opened at %s: %w", c.OpenedAt, err)
		}
	}
	row := []any{s.id, c.ID, episode[0], sd.ID, dt(startedOn), string(out.Outcome), dt(out.ConcludedOn), out.NoConferenceReason, dt(kith.Date{}), "", 1, ts(s.At), nullString(s.By)}
	event(kith.EventS47Started, notBefore(bulkOnDate(startedOn, s.At), time.Time(episode[3].(ts))), "Section 47 enquiry started at the strategy discussion", s.By, s.At)
	if cf := s.Conference; cf != nil {
		if out.Outcome != kith.S47Conference {
			return fmt.Errorf("the enquiry of the case opened at %s: a conference after the outcome %q", c.OpenedAt, out.Outcome)
		}
		if err := cf.Validate(cf.HeldOn, startedOn, nil); err != nil {
			return fmt.Errorf("the conference of the case opened at %s: %w", c.OpenedAt, err)
		}
		row[8], row[9], row[10] = dt(cf.HeldOn), string(cf.Decision), 2
		summary := "Initial child protection conference: " + lowerFirst(cf.Decision.Label())
		if cf.Decision == kith.ConferencePlan {
			summary += ", under the category " + kith.CategoriesOfAbuse.Label(cf.Category)
		}
		event(kith.EventConferenceHeld, bulkOnDate(cf.HeldOn, s.ConferenceAt), summary, s.By, s.ConferenceAt)
	} else if out.Outcome != "" {
		row[10] = 2
		event(kith.EventS47Concluded, bulkOnDate(out.ConcludedOn, s.At), "Section 47 enquiry concluded: "+out.Outcome.Label(), s.By, s.At)
	}
	b.add("section47s", row...)
	return nil
}
