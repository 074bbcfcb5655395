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
