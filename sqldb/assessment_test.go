package sqldb_test

import (
	"context"
	"slices"
	"strings"
	"testing"
	"time"

	"kith"
	"kith/clock"
	"kith/internal/kithtest"
	"kith/sqldb"
)

// TestAssessmentToAuthorisation follows a child and family assessment: it
// starts no earlier than the referral, one at a time in an episode; its
// 45-working-day clock comes onto My work and the team view as it nears and
// passes; only a manager authorises, not before it started, with the
// factors and, being late, the reason; authorising clears the clock and
// locks it.
func TestAssessmentToAuthorisation(t *testing.T) {
	kithtest.EachEngine(t, func(t *testing.T, db *sqldb.DB) {
		ctx := context.Background()
		now := londonTime(2026, 9, 2, 9)
		db.Clock = clock.Func(func() time.Time { return now })
		c := newCouncil(t, db)
		prac, tm, other := c.A(c.Prac1), c.A(c.TM1), c.A(c.Prac3)
		cs, err := db.CreateCase(ctx, prac, kith.NewCaseInput{TeamID: c.T1.ID,
			Child:    kith.PersonInput{FirstName: "Amy", LastName: "Alder", DateOfBirth: kithtest.Date(2015, 5, 5)},
			Referral: &kith.EpisodeReferralInput{ReferralAt: now.Add(-30 * time.Minute), Source: "2A", PrimaryNeed: "N1"}})
		if err != nil {
			t.Fatal(err)
		}
		c.Allocate(tm, cs, c.T1, c.Prac1)

		if _, err := db.StartAssessment(ctx, prac, cs.Reference, kith.AssessmentInput{StartedOn: kithtest.Date(2026, 9, 1)}); fields(err)["started_on"] == "" {
			t.Errorf("starting before the referral: %v", err)
		}
		as, err := db.StartAssessment(ctx, prac, cs.Reference, kith.AssessmentInput{StartedOn: kithtest.Date(2026, 9, 2)})
		if err != nil {
			t.Fatal(err)
		}
		if as.Due != kithtest.Date(2026, 11, 4) || as.Authorised() || as.Version != 1 {
			t.Errorf("started: %+v, want due 4 November", as)
		}
		if _, err := db.StartAssessment(ctx, prac, cs.Reference, kith.AssessmentInput{StartedOn: kithtest.Date(2026, 9, 2)}); kith.ErrorCode(err) != kith.ECONFLICT {
			t.Errorf("a second assessment while one is in progress: %v", err)
		}
		if _, err := db.Assessments(ctx, other, cs.Reference); kith.ErrorCode(err) != kith.ENOTFOUND {
			t.Errorf("another team's practitioner reading the assessments: %v", err)
		}

		now = londonTime(2026, 9, 3, 9)
		if as, err = db.UpdateAssessment(ctx, prac, cs.Reference, as.ID, kith.AssessmentInput{StartedOn: as.StartedOn, Factors: []string{"3b", "4B"}, Version: 1}); err != nil {
			t.Fatal(err)
		}
		if !slices.Equal(as.Factors, []string{"3B", "4B"}) {
			t.Errorf("factors saved as %v", as.Factors)
		}
		if _, err := db.UpdateAssessment(ctx, prac, cs.Reference, as.ID, kith.AssessmentInput{StartedOn: as.StartedOn, Version: 1}); kith.ErrorCode(err) != kith.ECONFLICT {
			t.Errorf("a stale change: %v", err)
		}

		// Far from due it is not yet on My work; on its due day it is due
		// soon; the day after, overdue, on the team's view too.
		line := "Complete the assessment started 2 September 2026 by 2026-11-04"
		if mine, err := db.Work(ctx, prac, sqldb.WorkFilter{Mine: true}); err != nil || slices.Contains(titles(mine.Upcoming), line) {
			t.Errorf("two months early: %q, %v", titles(mine.Upcoming), err)
		}
		now = londonTime(2026, 11, 4, 9)
		if mine, err := db.Work(ctx, prac, sqldb.WorkFilter{Mine: true}); err != nil || !slices.Contains(titles(mine.Upcoming), line) {
			t.Errorf("on its due day: %q, %v", titles(mine.Upcoming), err)
		}
		now = londonTime(2026, 11, 5, 9)
		mine, err := db.Work(ctx, prac, sqldb.WorkFilter{Mine: true})
		if err != nil {
			t.Fatal(err)
		}
		if i := slices.Index(titles(mine.Overdue), line); i < 0 || mine.Overdue[i].WorkingDaysOverdue != 1 || mine.Overdue[i].Kind != kith.WorkJourney {
			t.Errorf("the day after: %q", titles(mine.Overdue))
		}
		if team, err := db.Work(ctx, tm, sqldb.WorkFilter{TeamID: c.T1.ID}); err != nil || !slices.Contains(titles(team.Overdue), line) {
			t.Errorf("the team's view: %q, %v", titles(team.Overdue), err)
		}

		if _, err := db.CloseCase(ctx, tm, cs.Reference, kith.CloseInput{Reason: "RC8", WithoutSummary: "Closed in the test"}); kith.ErrorCode(err) != kith.EINVALID ||
			!strings.Contains(err.Error(), "is not authorised") {
			t.Errorf("closing with the assessment in progress: %v", err)
		}

		// Only a manager authorises, not before it started, with the
		// factors, and with the reason when late.
		if _, err := db.AuthoriseAssessment(ctx, prac, cs.Reference, as.ID, kith.AuthoriseInput{Factors: as.Factors, LateReason: "x", Version: as.Version}); kith.ErrorCode(err) != kith.EFORBIDDEN {
			t.Errorf("a practitioner authorising: %v", err)
		}
		if _, err := db.AuthoriseAssessment(ctx, tm, cs.Reference, as.ID, kith.AuthoriseInput{AuthorisedOn: kithtest.Date(2026, 9, 1), Factors: as.Factors, Version: as.Version}); fields(err)["authorised_on"] == "" {
			t.Errorf("authorised before it started: %v", err)
		}
		if _, err := db.AuthoriseAssessment(ctx, tm, cs.Reference, as.ID, kith.AuthoriseInput{LateReason: "x", Version: as.Version}); fields(err)["factors"] == "" {
			t.Errorf("authorised with no factors: %v", err)
		}
		if _, err := db.AuthoriseAssessment(ctx, tm, cs.Reference, as.ID, kith.AuthoriseInput{Factors: as.Factors, Version: as.Version}); fields(err)["late_reason"] == "" {
			t.Errorf("authorised late with no reason: %v", err)
		}
		done, err := db.AuthoriseAssessment(ctx, tm, cs.Reference, as.ID, kith.AuthoriseInput{Factors: []string{"3B", "4B", "16A"},
			LateReason: "The father was in hospital until 2 November.", Version: as.Version})
		if err != nil {
			t.Fatal(err)
		}
		if done.AuthorisedOn != kithtest.Date(2026, 11, 5) || done.AuthorisedBy != "Dee Daw" || len(done.Factors) != 3 || done.LateReason == "" {
			t.Errorf("authorised: %+v", done)
		}
		if mine, _ := db.Work(ctx, prac, sqldb.WorkFilter{Mine: true}); slices.Contains(titles(mine.Overdue), line) {
			t.Errorf("still overdue once authorised: %q", titles(mine.Overdue))
		}
		o, err := db.CaseOverview(ctx, prac, cs.Reference)
		if err != nil {
			t.Fatal(err)
		}
		var events []string
		for _, k := range o.KeyEvents {
			events = append(events, string(k.Kind)+": "+k.Summary)
		}
		for _, want := range []string{"assessment_started: Child and family assessment started",
			"assessment_authorised: Child and family assessment authorised. Factors identified: Domestic abuse: a parent or carer is subject to it (3B); Mental health of a parent or carer (4B); Neglect (16A)"} {
			if !slices.Contains(events, want) {
				t.Errorf("key events %q lack %q", events, want)
			}
		}
		if len(o.Assessments) != 1 || o.Assessments[0].ID != as.ID {
			t.Errorf("the overview's assessments: %+v", o.Assessments)
		}

		// Authorised, it is locked; a new one may start.
		if _, err := db.UpdateAssessment(ctx, prac, cs.Reference, as.ID, kith.AssessmentInput{StartedOn: as.StartedOn, Factors: []string{"21"}, Version: done.Version}); kith.ErrorCode(err) != kith.ECONFLICT {
			t.Errorf("changing an authorised assessment: %v", err)
		}
		if _, err := db.AuthoriseAssessment(ctx, tm, cs.Reference, as.ID, kith.AuthoriseInput{Factors: []string{"21"}, LateReason: "x", Version: done.Version}); kith.ErrorCode(err) != kith.ECONFLICT {
			t.Errorf("authorising twice: %v", err)
		}
		if _, err := db.StartAssessment(ctx, prac, cs.Reference, kith.AssessmentInput{StartedOn: kithtest.Date(2026, 11, 5)}); err != nil {
			t.Errorf("a new assessment after authorisation: %v", err)
		}

		// Started on the day of a referral received that afternoon, the
		// chronology has the referral first.
		late := time.Date(2026, 11, 3, 16, 30, 0, 0, kith.London)
		bo, err := db.CreateCase(ctx, prac, kith.NewCaseInput{TeamID: c.T1.ID,
			Child:    kith.PersonInput{FirstName: "Bo", LastName: "Birch", DateOfBirth: kithtest.Date(2016, 6, 6)},
			Referral: &kith.EpisodeReferralInput{ReferralAt: late, Source: "6"}})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := db.StartAssessment(ctx, prac, bo.Reference, kith.AssessmentInput{StartedOn: kithtest.Date(2026, 11, 3)}); err != nil {
			t.Fatal(err)
		}
		o, err = db.CaseOverview(ctx, prac, bo.Reference)
		if err != nil {
			t.Fatal(err)
		}
		for _, k := range o.KeyEvents {
			if k.Kind == kith.EventAssessmentStarted && k.OccurredAt.Before(late) {
				t.Errorf("the assessment's start at %s, before the referral at %s", k.OccurredAt, late)
			}
		}
	})
}
