package sqldb_test

import (
	"context"
	"kith/clock"
	"slices"
	"testing"
	"time"

	"kith"
	"kith/internal/kithtest"
	"kith/sqldb"
)

// A referral to family support with no response is due a chase ten
// working days after it was made; a chase with no answer restarts the
// clock, an answer stops it; an outcome needs its date.
func TestReferralsAreChased(t *testing.T) {
	kithtest.EachEngine(t, func(t *testing.T, db *sqldb.DB) {
		ctx := context.Background()
		now := londonTime(2026, 11, 2, 9)
		db.Clock = clock.Func(func() time.Time { return now })
		c := newCouncil(t, db)
		prac, tm := c.A(c.Prac1), c.A(c.TM1)
		amy := c.Allocate(tm, c.Case(prac, "Amy", "Alder", kithtest.Date(2015, 5, 5), c.T1), c.T1, c.Prac1)
		ref := amy.Reference

		if _, err := db.AddReferral(ctx, prac, ref, kith.ReferralInput{Service: "Family support"}); fields(err)["family_wanted"] == "" {
			t.Errorf("a referral without what the family wanted: %v", err)
		}
		id, err := db.AddReferral(ctx, prac, ref, kith.ReferralInput{Service: "Family support", Provider: "Family Hub", ReferredOn: kithtest.Date(2026, 11, 2),
			Reason: "Mornings are hard", FamilyWanted: "Carol wants help getting Amy to school", Consent: kith.Yes})
		if err != nil {
			t.Fatal(err)
		}
		chase := "Chase the referral to Family support (Family Hub) by "
		due := func() []string {
			t.Helper()
			w, err := db.Work(ctx, prac, sqldb.WorkFilter{Mine: true})
			if err != nil {
				t.Fatal(err)
			}
			return append(titles(w.Overdue), titles(w.Upcoming)...)
		}
		if slices.Contains(due(), chase+"2026-11-16") {
			t.Errorf("due a chase two weeks early: %q", due())
		}
		now = londonTime(2026, 11, 12, 9)
		if !slices.Contains(due(), chase+"2026-11-16") {
			t.Errorf("not due a chase within five working days: %q", due())
		}
		if err := db.ChaseReferral(ctx, prac, ref, id, kith.ChaseInput{On: kithtest.Date(2026, 11, 12), How: "Phone", Version: 1}); err != nil {
			t.Fatal(err)
		}
		if got := due(); slices.Contains(got, chase+"2026-11-16") || slices.Contains(got, chase+"2026-11-26") {
			t.Errorf("after an unanswered chase: %q", got)
		}
		now = londonTime(2026, 11, 20, 9)
		if !slices.Contains(due(), chase+"2026-11-26") {
			t.Errorf("the next chase: %q", due())
		}
		if err := db.ChaseReferral(ctx, prac, ref, id, kith.ChaseInput{On: kithtest.Date(2026, 11, 20), How: "Email", Response: "On the list for December", Version: 1}); kith.ErrorCode(err) != kith.ECONFLICT {
			t.Errorf("a chase on an old version: %v", err)
		}
		if err := db.ChaseReferral(ctx, prac, ref, id, kith.ChaseInput{On: kithtest.Date(2026, 11, 20), How: "Email", Response: "On the list for December", Version: 2}); err != nil {
			t.Fatal(err)
		}
		for _, line := range due() {
			if len(line) > len(chase) && line[:len(chase)] == chase {
				t.Errorf("an answered referral is still due: %q", line)
			}
		}
		if err := db.RecordReferralOutcome(ctx, prac, ref, id, kith.OutcomeInput{Outcome: kith.ReferralWaiting, Version: 3}); fields(err)["outcome_on"] != "Enter the date of the outcome" {
			t.Errorf("an outcome without a date: %v", err)
		}
		if err := db.RecordReferralOutcome(ctx, prac, ref, id, kith.OutcomeInput{Outcome: kith.ReferralWaiting, OutcomeOn: kithtest.Date(2026, 11, 20), Version: 3}); err != nil {
			t.Fatal(err)
		}
		_, x, err := db.Referral(ctx, prac, ref, id)
		if err != nil {
			t.Fatal(err)
		}
		if len(x.Chases) != 2 || x.Outcome != kith.ReferralWaiting || !x.Responded() || !x.ChaseDue.IsZero() || x.Version != 4 {
			t.Errorf("referral = %+v", x)
		}
		if _, _, err := db.CaseReferrals(ctx, c.A(c.Prac3), ref); kith.ErrorCode(err) != kith.EFORBIDDEN && kith.ErrorCode(err) != kith.ENOTFOUND {
			t.Errorf("another team's practitioner: %v", err)
		}
	})
}
