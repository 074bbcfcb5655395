package sqldb_test

import (
	"context"
	"testing"
	"time"

	"kith"
	"kith/internal/kithtest"
	"kith/sqldb"
)

// TestEpisodesFromReferralToClosure: a case opens with its first episode
// and the referral given with it; the decision is recorded against it; the
// case closes and its episode with it; reopening without a new referral is
// refused and nothing changes; with one, a second episode starts and the
// first stays as it was.
func TestEpisodesFromReferralToClosure(t *testing.T) {
	kithtest.EachEngine(t, func(t *testing.T, db *sqldb.DB) {
		c := newCouncil(t, db)
		ctx := context.Background()
		prac, tm := c.A(c.Prac1), c.A(c.TM1)
		now := kithtest.Now()
		received := now.Add(-2 * time.Hour).Truncate(time.Second)
		cs, err := db.CreateCase(ctx, prac, kith.NewCaseInput{TeamID: c.T1.ID,
			Child:    kith.PersonInput{FirstName: "Amy", LastName: "Alder", DateOfBirth: kithtest.Date(2015, 5, 5)},
			Referral: &kith.EpisodeReferralInput{ReferralAt: received, Source: "3b"}})
		if err != nil {
			t.Fatal(err)
		}
		eps, err := db.Episodes(ctx, prac, cs.Reference)
		if err != nil {
			t.Fatal(err)
		}
		if len(eps) != 1 || eps[0].Number != 1 || !eps[0].Open() || eps[0].Source != "3B" || !eps[0].ReferralAt.Equal(received) {
			t.Fatalf("first episode: %+v", eps)
		}
		o, err := db.CaseOverview(ctx, prac, cs.Reference)
		if err != nil {
			t.Fatal(err)
		}
		if o.DecisionDue.IsZero() || !o.DecisionDue.After(eps[0].ReferralOn()) {
			t.Errorf("decision due %s for a referral on %s", o.DecisionDue, eps[0].ReferralOn())
		}

		// A decision needs the primary need unless there is no further
		// action; then it is recorded.
		if _, err := db.DecideReferral(ctx, prac, cs.Reference, kith.DecisionInput{Decision: kith.DecisionAssessment, Version: 1}); kith.ErrorFields(err) == nil ||
			kith.ErrorFields(err)[0].Field != "primary_need" {
			t.Errorf("assessment with no need: %v", err)
		}
		ep, err := db.DecideReferral(ctx, prac, cs.Reference, kith.DecisionInput{Decision: kith.DecisionAssessment, PrimaryNeed: "N4", Version: 1})
		if err != nil {
			t.Fatal(err)
		}
		if ep.Decision != kith.DecisionAssessment || ep.PrimaryNeed != "N4" || ep.DecidedOn != kithtest.Today() || ep.DecidedBy != "Ann Ash" {
			t.Errorf("decided: %+v", ep)
		}
		if o, _ = db.CaseOverview(ctx, prac, cs.Reference); !o.DecisionDue.IsZero() {
			t.Errorf("a decided referral is still due: %s", o.DecisionDue)
		}
		// Someone working on the episode as it was is told, not overwritten.
		if _, err := db.RecordReferral(ctx, prac, cs.Reference, kith.EpisodeReferralInput{ReferralAt: received, Source: "6", Version: 1}); kith.ErrorCode(err) != kith.ECONFLICT {
			t.Errorf("stale referral: %v", err)
		}

		closed, err := db.CloseCase(ctx, tm, cs.Reference, kith.CloseInput{Reason: "RC8", WithoutSummary: "Closed in the test"})
		if err != nil {
			t.Fatal(err)
		}
		_, err = db.ReopenCase(ctx, tm, cs.Reference, kith.ReopenInput{Reason: "Back again", Version: closed.Version})
		if f := kith.ErrorFields(err); len(f) != 2 || f[0].Field != "referral_at" || f[1].Field != "referral_source" {
			t.Fatalf("reopening with no referral: %v", err)
		}
		if eps, _ = db.Episodes(ctx, tm, cs.Reference); len(eps) != 1 || eps[0].Open() || eps[0].CloseReason != "RC8" {
			t.Fatalf("after the refused reopening: %+v", eps)
		}
		if _, err := db.ReopenCase(ctx, tm, cs.Reference, kith.ReopenInput{Reason: "Back again", Version: closed.Version,
			Referral: kith.EpisodeReferralInput{ReferralAt: now, Source: "6", PrimaryNeed: "N1"}}); err != nil {
			t.Fatal(err)
		}
		eps, err = db.Episodes(ctx, tm, cs.Reference)
		if err != nil {
			t.Fatal(err)
		}
		if len(eps) != 2 || eps[0].Open() || eps[0].Decision != kith.DecisionAssessment || eps[0].Source != "3B" ||
			!eps[1].Open() || eps[1].Number != 2 || eps[1].Source != "6" || eps[1].Decision != "" {
			t.Errorf("two episodes: %+v", eps)
		}
		// Another team's practitioner sees none of it.
		if _, err := db.Episodes(ctx, c.A(c.Prac3), cs.Reference); err == nil {
			t.Error("another team read the episodes")
		}
		if _, err := db.DecideReferral(ctx, c.A(c.Prac3), cs.Reference, kith.DecisionInput{Decision: kith.DecisionNoFurtherAction, Version: 1}); err == nil {
			t.Error("another team recorded a decision")
		}
	})
}
