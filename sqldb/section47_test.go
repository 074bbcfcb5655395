package sqldb_test

import (
	"context"
	"slices"
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

		if _, err := db.RecordConference(ctx, prac, ref, s.ID, kith.ConferenceInput{HeldOn: kithtest.Date(2026, 11, 1), Version: s.Version}); fields(err)["held_on"] == "" {
			t.Errorf("a conference before the strategy discussion: %v", err)
		}
		held, err := db.RecordConference(ctx, prac, ref, s.ID, kith.ConferenceInput{HeldOn: kithtest.Date(2026, 11, 24), Version: s.Version})
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
		if _, err := db.RecordConference(ctx, prac, ref, s2.ID, kith.ConferenceInput{HeldOn: kithtest.Date(2026, 11, 24), Version: done.Version}); kith.ErrorCode(err) != kith.ECONFLICT {
			t.Errorf("a conference after deciding none was needed: %v", err)
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
