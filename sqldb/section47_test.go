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

// TestSection47ToConference: an enquiry starts only at a strategy
// discussion of the episode (not another meeting, not none), one open at a
// time; its conference is due 15 working days on, on My work as that
// nears; a conference before the strategy discussion is refused; held, the
// clock clears. Another enquiry concludes that no conference is needed,
// with its reason, and needs none.
func TestSection47ToConference(t *testing.T) {
	kithtest.EachEngine(t, func(t *testing.T, db *sqldb.DB) {
		ctx := context.Background()
		now := londonTime(2026, 11, 2, 9)
		db.Clock = clock.Func(func() time.Time { return now })
		c := newCouncil(t, db)
		prac, tm, other := c.A(c.Prac1), c.A(c.TM1), c.A(c.Prac3)
		cs, err := db.CreateCase(ctx, prac, kith.NewCaseInput{TeamID: c.T1.ID,
			Child:    kith.PersonInput{FirstName: "Amy", LastName: "Alder", DateOfBirth: kithtest.Date(2015, 5, 5)},
			Referral: &kith.EpisodeReferralInput{ReferralAt: now.Add(-time.Hour), Source: "2A", PrimaryNeed: "N1"}})
		if err != nil {
			t.Fatal(err)
		}
		c.Allocate(tm, cs, c.T1, c.Prac1)
		ref := cs.Reference

		if _, err := db.StartSection47(ctx, prac, ref, kith.Section47Input{}); fields(err)["strategy_record_id"] == "" {
			t.Errorf("an enquiry with no strategy discussion: %v", err)
		}
		now = londonTime(2026, 11, 2, 15)
		core := c.Meeting(prac, ref, londonTime(2026, 11, 2, 11), "core_group")
		if _, err := db.StartSection47(ctx, prac, ref, kith.Section47Input{StrategyRecordID: core.ID}); fields(err)["strategy_record_id"] == "" {
			t.Errorf("an enquiry started at a core group: %v", err)
		}
		sd := c.Meeting(prac, ref, londonTime(2026, 11, 2, 12), kith.StrategyMeetingType)
		list, err := db.StrategyDiscussions(ctx, prac, ref)
		if err != nil || len(list) != 1 || list[0].RecordID != sd.ID || list[0].HeldOn != kithtest.Date(2026, 11, 2) {
			t.Fatalf("the strategy discussions to start from: %+v, %v", list, err)
		}
		s, err := db.StartSection47(ctx, prac, ref, kith.Section47Input{StrategyRecordID: sd.ID})
		if err != nil {
			t.Fatal(err)
		}
		if s.StartedOn != kithtest.Date(2026, 11, 2) || s.ConferenceDue != kithtest.Date(2026, 11, 23) || !s.Open() || !s.AwaitsConference() {
			t.Errorf("started: %+v, want the conference due 23 November", s)
		}
		if _, err := db.StartSection47(ctx, prac, ref, kith.Section47Input{StrategyRecordID: sd.ID}); kith.ErrorCode(err) != kith.ECONFLICT {
			t.Errorf("a second open enquiry: %v", err)
		}
		if _, err := db.Section47s(ctx, other, ref); kith.ErrorCode(err) != kith.ENOTFOUND {
			t.Errorf("another team's practitioner: %v", err)
		}

		line := "Hold the initial child protection conference (section 47 enquiry from 2 November 2026) by 2026-11-23"
		now = londonTime(2026, 11, 16, 9)
		if mine, err := db.Work(ctx, prac, sqldb.WorkFilter{Mine: true}); err != nil || !slices.Contains(titles(mine.Upcoming), line) {
			t.Errorf("a week before: %q, %v", titles(mine.Upcoming), err)
		}
		now = londonTime(2026, 11, 24, 9)
		if team, err := db.Work(ctx, tm, sqldb.WorkFilter{TeamID: c.T1.ID}); err != nil || !slices.Contains(titles(team.Overdue), line) {
			t.Errorf("the day after, the team's view: %q, %v", titles(team.Overdue), err)
		}

		if _, err := db.RecordConference(ctx, prac, ref, s.ID, kith.ConferenceInput{HeldOn: kithtest.Date(2026, 11, 1), Decision: kith.ConferenceNoPlan, Version: s.Version}); fields(err)["held_on"] == "" {
			t.Errorf("a conference before the strategy discussion: %v", err)
		}
		held, err := db.RecordConference(ctx, prac, ref, s.ID, kith.ConferenceInput{HeldOn: kithtest.Date(2026, 11, 24), Decision: kith.ConferenceNoPlan, Version: s.Version})
		if err != nil {
			t.Fatal(err)
		}
		if held.Outcome != kith.S47Conference || held.ConcludedOn != kithtest.Date(2026, 11, 24) || held.AwaitsConference() {
			t.Errorf("held: %+v", held)
		}
		if mine, _ := db.Work(ctx, prac, sqldb.WorkFilter{Mine: true}); slices.Contains(titles(mine.Overdue), line) {
			t.Errorf("still due once held: %q", titles(mine.Overdue))
		}
		if _, err := db.ConcludeSection47(ctx, prac, ref, s.ID, kith.S47OutcomeInput{Outcome: kith.S47NotSubstantiated, NoConferenceReason: "x", Version: held.Version}); kith.ErrorCode(err) != kith.ECONFLICT {
			t.Errorf("concluding it again: %v", err)
		}

		// A second enquiry, from a later strategy discussion, that needs no
		// conference.
		sd2 := c.Meeting(prac, ref, londonTime(2026, 11, 24, 8), kith.StrategyMeetingType)
		s2, err := db.StartSection47(ctx, prac, ref, kith.Section47Input{StrategyRecordID: sd2.ID})
		if err != nil {
			t.Fatal(err)
		}
		// The case cannot close while the enquiry goes on.
		closing := kith.CloseInput{Reason: "RC7", WithoutSummary: "Closed in the test"}
		if _, err := db.CloseCase(ctx, tm, ref, closing); kith.ErrorCode(err) != kith.EINVALID || !strings.Contains(err.Error(), "has no outcome") {
			t.Errorf("closing with the enquiry going on: %v", err)
		}
		if _, err := db.ConcludeSection47(ctx, prac, ref, s2.ID, kith.S47OutcomeInput{Outcome: kith.S47NoContinuingRisk, Version: s2.Version}); fields(err)["no_conference_reason"] == "" {
			t.Errorf("no conference, no reason: %v", err)
		}
		done, err := db.ConcludeSection47(ctx, prac, ref, s2.ID, kith.S47OutcomeInput{Outcome: kith.S47NoContinuingRisk,
			NoConferenceReason: "Stepfather has left the home; mother is protective.", Version: s2.Version})
		if err != nil {
			t.Fatal(err)
		}
		if !done.NoConference() || done.AwaitsConference() || done.ConcludedOn != kithtest.Date(2026, 11, 24) {
			t.Errorf("concluded: %+v", done)
		}
		if _, err := db.RecordConference(ctx, prac, ref, s2.ID, kith.ConferenceInput{HeldOn: kithtest.Date(2026, 11, 24), Decision: kith.ConferenceNoPlan, Version: done.Version}); kith.ErrorCode(err) != kith.ECONFLICT {
			t.Errorf("a conference after deciding none was needed: %v", err)
		}
		if _, err := db.CloseCase(ctx, tm, ref, closing); err != nil {
			t.Errorf("closing once the enquiries ended: %v", err)
		}
		o, err := db.CaseOverview(ctx, prac, ref)
		if err != nil {
			t.Fatal(err)
		}
		var kinds []string
		for _, k := range o.KeyEvents {
			kinds = append(kinds, string(k.Kind))
		}
		for _, want := range []kith.KeyEventKind{kith.EventS47Started, kith.EventConferenceHeld, kith.EventS47Concluded} {
			if !slices.Contains(kinds, string(want)) {
				t.Errorf("key events %q lack %s", kinds, want)
			}
		}
		if len(o.Section47s) != 2 {
			t.Errorf("the overview's enquiries: %+v", o.Section47s)
		}
	})
}

// TestConferenceStartsThePlan: a conference deciding on a plan starts the
// child protection plan from its day, under its category, replacing the
// child in need plan, with the child protection status; its first core
// group is due 10 working days on, on My work until a core group meeting
// is recorded; its first review conference is due in 3 months, and a
// review carries the category on and may set the next no more than 6
// months away.
func TestConferenceStartsThePlan(t *testing.T) {
	kithtest.EachEngine(t, func(t *testing.T, db *sqldb.DB) {
		ctx := context.Background()
		now := londonTime(2026, 11, 2, 9)
		db.Clock = clock.Func(func() time.Time { return now })
		c := newCouncil(t, db)
		prac, tm := c.A(c.Prac1), c.A(c.TM1)
		cs, err := db.CreateCase(ctx, prac, kith.NewCaseInput{TeamID: c.T1.ID,
			Child:    kith.PersonInput{FirstName: "Amy", LastName: "Alder", DateOfBirth: kithtest.Date(2015, 5, 5)},
			Referral: &kith.EpisodeReferralInput{ReferralAt: now.Add(-time.Hour), Source: "2A", PrimaryNeed: "N1"}})
		if err != nil {
			t.Fatal(err)
		}
		c.Allocate(tm, cs, c.T1, c.Prac1)
		ref := cs.Reference
		if _, err := db.StartPlan(ctx, prac, ref, kith.PlanInput{Kind: kith.PlanChildInNeed, StartedOn: kithtest.Date(2026, 11, 2), ReviewOn: kithtest.Date(2027, 2, 2)}); err != nil {
			t.Fatal(err)
		}
		now = londonTime(2026, 11, 2, 15)
		sd := c.Meeting(prac, ref, londonTime(2026, 11, 2, 12), kith.StrategyMeetingType)
		s, err := db.StartSection47(ctx, prac, ref, kith.Section47Input{StrategyRecordID: sd.ID})
		if err != nil {
			t.Fatal(err)
		}
		now = londonTime(2026, 11, 20, 9)
		// The child in need plan was renewed on 10 November: a plan from a
		// conference dated before that is refused against the date.
		if _, err := db.StartPlan(ctx, prac, ref, kith.PlanInput{Kind: kith.PlanChildInNeed, StartedOn: kithtest.Date(2026, 11, 10), ReviewOn: kithtest.Date(2027, 2, 10)}); err != nil {
			t.Fatal(err)
		}
		if _, err := db.RecordConference(ctx, prac, ref, s.ID, kith.ConferenceInput{HeldOn: kithtest.Date(2026, 11, 5), Decision: kith.ConferencePlan, Category: "NEG", Version: s.Version}); fields(err)["held_on"] == "" {
			t.Errorf("a plan from before the current plan: %v", err)
		}
		if _, err := db.RecordConference(ctx, prac, ref, s.ID, kith.ConferenceInput{HeldOn: kithtest.Date(2026, 11, 20), Decision: kith.ConferencePlan, Version: s.Version}); fields(err)["category"] == "" {
			t.Errorf("a plan with no category: %v", err)
		}
		held, err := db.RecordConference(ctx, prac, ref, s.ID, kith.ConferenceInput{HeldOn: kithtest.Date(2026, 11, 20), Decision: kith.ConferencePlan, Category: "NEG", Version: s.Version})
		if err != nil {
			t.Fatal(err)
		}
		_, plans, err := db.CasePlans(ctx, prac, ref)
		if err != nil {
			t.Fatal(err)
		}
		p := plans.Current
		if p == nil || p.Kind != kith.PlanChildProtection || p.StartedOn != kithtest.Date(2026, 11, 20) || p.ReviewOn != kithtest.Date(2027, 2, 20) ||
			p.InitialCategory != "NEG" || p.LatestCategory != "NEG" || p.Section47ID != s.ID || p.CoreGroupDue != kithtest.Date(2026, 12, 4) || held.PlanID != p.ID {
			t.Fatalf("the plan the conference started: %+v (enquiry %+v)", p, held)
		}
		if len(plans.Earlier) != 2 || plans.Earlier[0].Kind != kith.PlanChildInNeed || plans.Earlier[0].EndedOn != kithtest.Date(2026, 11, 20) {
			t.Errorf("the child in need plan: %+v", plans.Earlier)
		}
		o, err := db.CaseOverview(ctx, prac, ref)
		if err != nil {
			t.Fatal(err)
		}
		if !slices.ContainsFunc(o.StatusPeriods, func(sp kith.StatusPeriod) bool { return sp.Kind == kith.StatusCP && sp.EndedOn.IsZero() }) {
			t.Errorf("no child protection status: %+v", o.StatusPeriods)
		}

		line := "Hold the first core group meeting (plan from 20 November 2026) by 2026-12-04"
		now = londonTime(2026, 12, 7, 9)
		if mine, err := db.Work(ctx, prac, sqldb.WorkFilter{Mine: true}); err != nil || !slices.Contains(titles(mine.Overdue), line) {
			t.Errorf("the core group overdue: %q, %v", titles(mine.Overdue), err)
		}
		c.Meeting(prac, ref, londonTime(2026, 12, 7, 8), kith.CoreGroupMeetingType)
		if mine, _ := db.Work(ctx, prac, sqldb.WorkFilter{Mine: true}); slices.Contains(titles(mine.Overdue), line) {
			t.Errorf("still overdue once the core group met: %q", titles(mine.Overdue))
		}
		_, plans, _ = db.CasePlans(ctx, prac, ref)
		if plans.Current.CoreGroupOn != kithtest.Date(2026, 12, 7) {
			t.Errorf("core group on %s", plans.Current.CoreGroupOn)
		}

		review := "Hold the child protection review conference by 2027-02-20"
		now = londonTime(2027, 2, 22, 9)
		if mine, err := db.Work(ctx, prac, sqldb.WorkFilter{Mine: true}); err != nil || !slices.Contains(titles(mine.Overdue), review) {
			t.Errorf("the review overdue: %q, %v", titles(mine.Overdue), err)
		}
		p = plans.Current
		if _, err := db.SaveObjective(ctx, prac, ref, p.ID, "", kith.ObjectiveInput{Change: "Amy has breakfast before school every day",
			Measure: "School says she is not hungry in class", Owner: kith.Owner{Kind: kith.OwnerWorker, ID: c.Prac1.ID}, Due: kithtest.Date(2027, 4, 1)}); err != nil {
			t.Fatal(err)
		}
		_, plans, _ = db.CasePlans(ctx, prac, ref)
		p = plans.Current
		score := 6
		in := kith.ReviewInput{HeldOn: kithtest.Date(2027, 2, 22), NextReviewOn: kithtest.Date(2027, 8, 23), Category: "EMO", Version: p.Version,
			Ratings: []kith.RatingInput{{ObjectiveID: p.Objectives[0].ID, Score: &score}}}
		if _, err := db.RecordReview(ctx, prac, ref, p.ID, in); fields(err)["next"] == "" {
			t.Errorf("the next review more than 6 months on: %v", err)
		}
		in.NextReviewOn = kithtest.Date(2027, 8, 22)
		if _, err := db.RecordReview(ctx, prac, ref, p.ID, in); err != nil {
			t.Fatal(err)
		}
		_, plans, _ = db.CasePlans(ctx, prac, ref)
		if plans.Current.LatestCategory != "EMO" || plans.Current.InitialCategory != "NEG" || plans.Current.Reviews[0].Category != "EMO" {
			t.Errorf("after the review: %+v", plans.Current)
		}
		if mine, _ := db.Work(ctx, prac, sqldb.WorkFilter{Mine: true}); slices.Contains(titles(mine.Overdue), review) {
			t.Errorf("the review still overdue once held: %q", titles(mine.Overdue))
		}
	})
}
