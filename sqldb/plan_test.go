package sqldb_test

import (
	"context"
	"kith/clock"
	"testing"
	"time"

	"kith"
	"kith/internal/kithtest"
	"kith/sqldb"
)

// A child in need plan gets two SMART objectives (one without an owner is
// refused); a home visit linked to the first shows on it; a review rates
// progress; a child protection plan replaces the child in need plan, which
// is kept with its objectives, and both starts are key events.
func TestPlansAndObjectives(t *testing.T) {
	kithtest.EachEngine(t, func(t *testing.T, db *sqldb.DB) {
		ctx := context.Background()
		now := londonTime(2026, 11, 2, 9)
		db.Clock = clock.Func(func() time.Time { return now })
		c := newCouncil(t, db)
		prac, tm, other := c.A(c.Prac1), c.A(c.TM1), c.A(c.Prac3)
		amy := c.Allocate(tm, c.Case(prac, "Amy", "Alder", kithtest.Date(2015, 5, 5), c.T1), c.T1, c.Prac1)
		ref := amy.Reference

		if _, err := db.StartPlan(ctx, prac, ref, kith.PlanInput{Kind: kith.PlanChildInNeed}); fields(err)["started"] == "" {
			t.Errorf("a plan with no dates: %v", err)
		}
		planID, err := db.StartPlan(ctx, prac, ref, kith.PlanInput{Kind: kith.PlanChildInNeed, StartedOn: kithtest.Date(2026, 11, 2), ReviewOn: kithtest.Date(2027, 2, 2)})
		if err != nil {
			t.Fatal(err)
		}
		school := kith.ObjectiveInput{Change: "Amy goes to school every day", Measure: "Attendance over 95% on the register",
			Due: kithtest.Date(2027, 2, 1)}
		if _, err := db.SaveObjective(ctx, prac, ref, planID, "", school); fields(err)["owner"] != "Say who is responsible for this objective" {
			t.Errorf("an objective with no owner: %v", err)
		}
		school.Owner = kith.Owner{Kind: kith.OwnerWorker, ID: c.Prac1.ID}
		first, err := db.SaveObjective(ctx, prac, ref, planID, "", school)
		if err != nil {
			t.Fatal(err)
		}
		sleep := kith.ObjectiveInput{Change: "Amy sleeps in her own bed", Measure: "Carol's sleep diary", Due: kithtest.Date(2027, 1, 15),
			Owner: kith.Owner{Kind: kith.OwnerOther, Name: "Jo Park", Role: "Family support worker", Agency: "Family Hub"}}
		if _, err := db.SaveObjective(ctx, prac, ref, planID, "", sleep); err != nil {
			t.Fatal(err)
		}
		if _, err := db.SaveObjective(ctx, other, ref, planID, "", sleep); kith.ErrorCode(err) != kith.EFORBIDDEN && kith.ErrorCode(err) != kith.ENOTFOUND {
			t.Errorf("another team's practitioner: %v", err)
		}

		now = londonTime(2026, 11, 9, 16)
		visit := homeVisit(db, 1, "Amy wanted her mother there")
		visit.OccurredAt = londonTime(2026, 11, 9, 10)
		visit.Objectives = []string{first}
		visit.Content["actions"] = kith.SectionValue{Actions: []kith.ActionItem{{What: "Ask school for attendance figures", Who: "Ann Ash", By: "2026-11-20", Objective: first}}}
		finalise(t, db, prac, ref, visit)

		bad := homeVisit(db, 1, "x")
		bad.OccurredAt = visit.OccurredAt
		bad.Objectives = []string{"not-an-objective"}
		if d, err := db.CreateDraft(ctx, prac, ref, bad); err == nil || fields(err)["objectives"] == "" {
			t.Errorf("a link to another case's objective: %v, %v", d, err)
		}

		score := 3
		if _, err := db.RecordReview(ctx, tm, ref, planID, kith.ReviewInput{HeldOn: kithtest.Date(2026, 11, 9), NextReviewOn: kithtest.Date(2027, 2, 9),
			Ratings: []kith.RatingInput{{ObjectiveID: first, Score: &score, Comment: "Two late marks"}}, Version: 1}); err != nil {
			t.Fatal(err)
		}
		_, view, err := db.Objective(ctx, prac, ref, first)
		if err != nil {
			t.Fatal(err)
		}
		if len(view.Records) != 1 || view.Records[0].TemplateKey != "home-visit" || len(view.Objective.Ratings) != 1 || view.Objective.Latest().Score != 3 ||
			len(view.Actions) != 1 || view.Objective.OwnerWords != "Ann Ash (worker)" {
			t.Errorf("objective view: records %+v, objective %+v, actions %+v", view.Records, view.Objective, view.Actions)
		}

		now = londonTime(2026, 11, 20, 9)
		if _, err := db.StartPlan(ctx, tm, ref, kith.PlanInput{Kind: kith.PlanChildProtection, StartedOn: kithtest.Date(2026, 11, 20), ReviewOn: kithtest.Date(2027, 2, 20)}); err != nil {
			t.Fatal(err)
		}
		_, plans, err := db.CasePlans(ctx, prac, ref)
		if err != nil {
			t.Fatal(err)
		}
		if plans.Current == nil || plans.Current.Kind != kith.PlanChildProtection || len(plans.Earlier) != 1 ||
			plans.Earlier[0].EndedOn.String() != "2026-11-20" || len(plans.Earlier[0].Objectives) != 2 || len(plans.Earlier[0].Reviews) != 1 {
			t.Errorf("plans = %+v", plans)
		}
		if _, err := db.SaveObjective(ctx, prac, ref, planID, "", sleep); kith.ErrorCode(err) != kith.EINVALID {
			t.Errorf("an objective on an ended plan: %v", err)
		}
		o, err := db.CaseOverview(ctx, prac, ref)
		if err != nil {
			t.Fatal(err)
		}
		starts := 0
		for _, e := range o.KeyEvents {
			if e.Kind == kith.EventPlanStarted {
				starts++
			}
		}
		if starts != 2 {
			t.Errorf("plan starts among the key events: %d", starts)
		}
	})
}
