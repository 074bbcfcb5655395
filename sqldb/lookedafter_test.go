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

// clockDue is when a case's clock falls due ("" when it does not apply).
func clockDue(t *testing.T, db *sqldb.DB, a kith.Actor, ref, key string) string {
	t.Helper()
	o, err := db.CaseOverview(context.Background(), a, ref)
	if err != nil {
		t.Fatal(err)
	}
	for _, d := range o.Clocks.Next {
		if d.ClockKey == key {
			return d.Due.String()
		}
	}
	return ""
}

// A child becomes looked after, moves placement, has their reviews, goes
// missing once, and leaves care at 17 as a care leaver: each step on its
// clock, in the key events, and refused when it contradicts the record.
func TestLookedAfterJourney(t *testing.T) {
	kithtest.EachEngine(t, func(t *testing.T, db *sqldb.DB) {
		ctx := context.Background()
		now := londonTime(2026, 9, 1, 9)
		db.Clock = clock.Func(func() time.Time { return now })
		c := newCouncil(t, db)
		prac, tm, other := c.A(c.Prac1), c.A(c.TM1), c.A(c.Prac3)
		cs, err := db.CreateCase(ctx, prac, kith.NewCaseInput{TeamID: c.T1.ID,
			Child:    kith.PersonInput{FirstName: "Kai", LastName: "Larch", DateOfBirth: kithtest.Date(2009, 12, 1)},
			Referral: &kith.EpisodeReferralInput{ReferralAt: now.Add(-time.Hour), Source: "5A", PrimaryNeed: "N1"}})
		if err != nil {
			t.Fatal(err)
		}
		c.Allocate(tm, cs, c.T1, c.Prac1)
		ref := cs.Reference

		now = londonTime(2026, 9, 2, 15) // a Wednesday
		start := kith.LookedAfterInput{StartedOn: kithtest.Date(2026, 9, 2), CategoryOfNeed: "N1", HomePostcode: "ls6 2qd",
			PlacementInput: kith.PlacementInput{LegalStatus: "L2", PlacementType: "U6", Provider: "PR1", URN: "SC123456", PlacementPostcode: "LS12 3AB"}}
		bad := start
		bad.PlacementType, bad.URN = "Z1", ""
		if f := fields(err2(db.StartLookedAfter(ctx, prac, ref, bad))); f["placement_type"] == "" {
			t.Errorf("a placement type withdrawn in 2025: %v", f)
		}
		if _, err := db.StartLookedAfter(ctx, other, ref, start); kith.ErrorCode(err) != kith.ENOTFOUND {
			t.Errorf("another team's practitioner: %v", err)
		}
		first, err := db.StartLookedAfter(ctx, prac, ref, start)
		if err != nil {
			t.Fatal(err)
		}
		if first.ReasonNew != "S" || first.HomePostcode != "LS6 2QD" || !first.Open() {
			t.Errorf("became looked after: %+v", first)
		}
		if _, err := db.StartLookedAfter(ctx, prac, ref, start); fields(err)["started_on"] == "" {
			t.Errorf("an overlapping period of care: %v", err)
		}
		o, err := db.CaseOverview(ctx, prac, ref)
		if err != nil {
			t.Fatal(err)
		}
		if !hasCurrentStatus(o, kith.StatusCLA) || o.LookedAfter.ReviewDue != kithtest.Date(2026, 9, 30) {
			t.Errorf("looked after: statuses %+v, review due %s, want the status and 30 September", o.StatusPeriods, o.LookedAfter.ReviewDue)
		}
		if got := clockDue(t, db, prac, ref, "visit-cla-placement"); got != "2026-09-09" {
			t.Errorf("first visit in the placement due %q, want 2026-09-09", got)
		}
		steps := stepKeys(o.Journey)
		if !slices.Contains(steps, "looked-after") || !slices.Contains(steps, "cla-review") {
			t.Errorf("journey steps %v", steps)
		}

		// The first review is on My work as it comes due.
		now = londonTime(2026, 9, 28, 9)
		line := "Hold the looked-after review (looked after since 2 September 2026) by 2026-09-30"
		if mine, err := db.Work(ctx, prac, sqldb.WorkFilter{Mine: true}); err != nil || !slices.Contains(titles(mine.Upcoming), line) {
			t.Errorf("review coming up: %q, %v", titles(mine.Upcoming), err)
		}
		if _, err := db.RecordCLAReview(ctx, prac, ref, kith.CLAReviewInput{HeldOn: kithtest.Date(2026, 9, 25), Participation: "PN0"}); fields(err)["participation"] == "" {
			t.Errorf("PN0 for a 16-year-old: %v", err)
		}
		if _, err := db.RecordCLAReview(ctx, prac, ref, kith.CLAReviewInput{HeldOn: kithtest.Date(2026, 9, 25), Participation: "PN1"}); err != nil {
			t.Fatal(err)
		}
		if mine, err := db.Work(ctx, prac, sqldb.WorkFilter{Mine: true}); err != nil || slices.Contains(titles(mine.Upcoming), line) {
			t.Errorf("after the review: %q, %v", titles(mine.Upcoming), err)
		}

		// An interim care order and, a month later, a move to new carers.
		now = londonTime(2026, 10, 5, 11)
		cur := first
		change := kith.CareChangeInput{ChangedOn: kithtest.Date(2026, 10, 5), PlacementInput: cur.Placement(), Version: cur.Version}
		if _, err := db.ChangeCare(ctx, prac, ref, change); fields(err)["legal_status"] == "" {
			t.Errorf("a change of nothing: %v", err)
		}
		change.LegalStatus = "C1"
		legal, err := db.ChangeCare(ctx, prac, ref, change)
		if err != nil {
			t.Fatal(err)
		}
		if legal.ReasonNew != "L" || legal.StartedOn != kithtest.Date(2026, 10, 5) || legal.PlacementType != "U6" {
			t.Errorf("the interim care order: %+v", legal)
		}
		if _, err := db.ChangeCare(ctx, prac, ref, change); kith.ErrorCode(err) != kith.ECONFLICT {
			t.Errorf("the same change again, from a stale page: %v", err)
		}
		if got := clockDue(t, db, prac, ref, "visit-cla-placement"); got != "2026-09-09" {
			t.Errorf("a change of legal status moved the placement's first visit to %q", got)
		}

		// Seen at home on 2 November; the move on the 6th restarts the
		// clock: the first visit in the new placement within a week.
		now = londonTime(2026, 11, 2, 16)
		c.Finalised(prac, ref, homeVisit(db, 1, "Kai chose to have his carer there"))
		now = londonTime(2026, 11, 6, 16)
		move := kith.CareChangeInput{ChangedOn: kithtest.Date(2026, 11, 6), NewCarer: true, PlacementInput: legal.Placement(), Version: legal.Version}
		move.PlacementPostcode, move.URN = "LS9 8AA", "SC654321"
		if f := fields(err2(db.ChangeCare(ctx, prac, ref, move))); f["reason_place_change"] == "" {
			t.Errorf("a move without its reason: %v", f)
		}
		move.ReasonPlaceChange = "CREQB"
		moved, err := db.ChangeCare(ctx, prac, ref, move)
		if err != nil {
			t.Fatal(err)
		}
		if moved.ReasonNew != "P" {
			t.Errorf("the move: %+v, want reason P", moved)
		}
		if got := clockDue(t, db, prac, ref, "visit-cla-placement"); got != "2026-11-13" {
			t.Errorf("first visit in the new placement due %q, want 2026-11-13", got)
		}

		// Missing for a night; back, offered a return interview, declined.
		missing, err := db.RecordMissing(ctx, prac, ref, "", kith.MissingInput{Kind: "M", StartedOn: kithtest.Date(2026, 11, 6)})
		if err != nil {
			t.Fatal(err)
		}
		now = londonTime(2026, 11, 9, 10)
		if _, err := db.RecordMissing(ctx, prac, ref, missing.ID, kith.MissingInput{Kind: "M", StartedOn: missing.StartedOn, EndedOn: kithtest.Date(2026, 11, 5),
			Version: missing.Version}); fields(err)["ended_on"] == "" {
			t.Errorf("back before going: %v", err)
		}
		if missing, err = db.RecordMissing(ctx, prac, ref, missing.ID, kith.MissingInput{Kind: "M", StartedOn: missing.StartedOn, EndedOn: kithtest.Date(2026, 11, 7),
			InterviewOffered: "yes", InterviewAccepted: "no", Version: missing.Version}); err != nil || missing.Version != 2 {
			t.Fatalf("their return: %+v, %v", missing, err)
		}

		// The case cannot close while Kai is looked after.
		if _, err := db.CloseCase(ctx, tm, ref, kith.CloseInput{Reason: "RC7"}); err == nil || !strings.Contains(err.Error(), "looked after since 2 September 2026") {
			t.Errorf("closing while looked after: %v", err)
		}
		if err := db.EndStatus(ctx, tm, ref, currentStatusID(o, kith.StatusCLA), kith.EndInput{}); kith.ErrorCode(err) != kith.ECONFLICT {
			t.Errorf("ending the looked-after status by hand: %v", err)
		}

		// At 17, after three months in care since turning 14, Kai moves to
		// supported lodgings: a care leaver.
		now = londonTime(2026, 12, 3, 10)
		end := kith.CareEndInput{EndedOn: kithtest.Date(2026, 12, 3), Reason: "X1", Version: moved.Version}
		if f := fields(err2(db.EndCare(ctx, prac, ref, end))); f["reason"] == "" {
			t.Errorf("care ended as if another episode began: %v", f)
		}
		end.Reason = "E5"
		if _, err := db.EndCare(ctx, prac, ref, end); err != nil {
			t.Fatal(err)
		}
		o, err = db.CaseOverview(ctx, prac, ref)
		if err != nil {
			t.Fatal(err)
		}
		if hasCurrentStatus(o, kith.StatusCLA) || !hasCurrentStatus(o, kith.StatusCareLeaver) {
			t.Errorf("after care: statuses %+v, want care leaver only", o.StatusPeriods)
		}
		eps := o.LookedAfter.Episodes
		if len(eps) != 3 || eps[0].ReasonEnded != "X1" || eps[1].ReasonPlaceChange != "CREQB" || eps[2].ReasonEnded != "E5" || !o.LookedAfter.ReviewDue.IsZero() {
			t.Errorf("episodes %+v, review due %s", eps, o.LookedAfter.ReviewDue)
		}
		var kinds []string
		for _, k := range o.KeyEvents {
			kinds = append(kinds, string(k.Kind))
		}
		for _, want := range []string{"care_started", "care_changed", "cla_review", "missing", "care_ended"} {
			if !slices.Contains(kinds, want) {
				t.Errorf("key events %v lack %s", kinds, want)
			}
		}
		if _, err := db.CloseCase(ctx, tm, ref, kith.CloseInput{Reason: "RC7", WithoutSummary: "Summary held on paper while the system is tested"}); err != nil {
			t.Errorf("closing after care ended: %v", err)
		}
	})
}

func err2[T any](_ T, err error) error { return err }

func hasCurrentStatus(o *kith.CaseOverview, kind kith.StatusKind) bool {
	return currentStatusID(o, kind) != ""
}

func currentStatusID(o *kith.CaseOverview, kind kith.StatusKind) string {
	for _, p := range o.StatusPeriods {
		if p.Kind == kind && p.EndedOn.IsZero() {
			return p.ID
		}
	}
	return ""
}

func stepKeys(j kith.Journey) []string {
	var out []string
	for _, s := range j.Steps {
		out = append(out, s.Key)
	}
	return out
}

// Two workers record a move from the same page at the same moment: one
// move is saved, the other is told the page is stale, and the child has
// one open episode.
func TestCareChangesOnceAtOnce(t *testing.T) {
	kithtest.EachEngine(t, func(t *testing.T, db *sqldb.DB) {
		ctx := context.Background()
		now := londonTime(2026, 9, 2, 15)
		db.Clock = clock.Func(func() time.Time { return now })
		c := newCouncil(t, db)
		prac, tm := c.A(c.Prac1), c.A(c.TM1)
		cs := c.Allocate(tm, c.Case(prac, "Kai", "Larch", kithtest.Date(2012, 12, 1), c.T1), c.T1, c.Prac1)
		first, err := db.StartLookedAfter(ctx, prac, cs.Reference, kith.LookedAfterInput{StartedOn: kithtest.Date(2026, 9, 2), CategoryOfNeed: "N1",
			HomePostcode: "LS6 2QD", PlacementInput: kith.PlacementInput{LegalStatus: "V2", PlacementType: "U6", Provider: "PR1", URN: "SC123456", PlacementPostcode: "LS12 3AB"}})
		if err != nil {
			t.Fatal(err)
		}
		errs := make(chan error, 2)
		for _, pc := range []string{"LS9 8AA", "LS7 1AB"} {
			go func() {
				move := kith.CareChangeInput{ChangedOn: kithtest.Date(2026, 9, 2), NewCarer: true, ReasonPlaceChange: "CARPL", PlacementInput: first.Placement(), Version: first.Version}
				move.PlacementPostcode = pc
				_, err := db.ChangeCare(ctx, prac, cs.Reference, move)
				errs <- err
			}()
		}
		var saved, stale int
		for range 2 {
			switch err := <-errs; {
			case err == nil:
				saved++
			case kith.ErrorCode(err) == kith.ECONFLICT:
				stale++
			default:
				t.Errorf("a move at the same moment: %v", err)
			}
		}
		care, err := db.CaseLookedAfter(ctx, prac, cs.Reference)
		if err != nil {
			t.Fatal(err)
		}
		if saved != 1 || stale != 1 || len(care.Episodes) != 2 || !care.Episodes[1].Open() || care.Episodes[0].Open() {
			t.Errorf("%d saved, %d stale; episodes %+v", saved, stale, care.Episodes)
		}
	})
}

// Two workers record a child's previous permanence for the first time at
// the same moment: one is saved, the other is told to reload, never an
// error page; repeated, so that the two often meet in the database.
func TestPreviousPermanenceOnceAtOnce(t *testing.T) {
	kithtest.EachEngine(t, func(t *testing.T, db *sqldb.DB) {
		ctx := context.Background()
		now := londonTime(2026, 9, 2, 15)
		db.Clock = clock.Func(func() time.Time { return now })
		c := newCouncil(t, db)
		prac, tm := c.A(c.Prac1), c.A(c.TM1)
		for i := range 10 {
			cs := c.Allocate(tm, c.Case(prac, "Kai", "Larch", kithtest.Date(2012, 12, 1+i), c.T1), c.T1, c.Prac1)
			if _, err := db.StartLookedAfter(ctx, prac, cs.Reference, kith.LookedAfterInput{StartedOn: kithtest.Date(2026, 9, 2), CategoryOfNeed: "N1",
				HomePostcode: "LS6 2QD", PlacementInput: kith.PlacementInput{LegalStatus: "V2", PlacementType: "U6", Provider: "PR1", URN: "SC123456", PlacementPostcode: "LS12 3AB"}}); err != nil {
				t.Fatal(err)
			}
			onceAtOnce(t, func(option string) error {
				_, err := db.RecordPreviousPermanence(ctx, prac, cs.Reference, kith.PreviousPermanenceInput{Option: option})
				return err
			}, "Z1", "P4")
		}
	})
}

// onceAtOnce runs save with each of two answers at the same moment, and
// checks that one is saved and the other told to reload (a conflict),
// never an error page.
func onceAtOnce[T any](t *testing.T, save func(T) error, answers ...T) {
	t.Helper()
	errs := make(chan error, len(answers))
	start := make(chan struct{})
	for _, answer := range answers {
		go func() {
			<-start
			errs <- save(answer)
		}()
	}
	close(start)
	var saved, stale int
	for range answers {
		switch err := <-errs; {
		case err == nil:
			saved++
		case kith.ErrorCode(err) == kith.ECONFLICT:
			stale++
		default:
			t.Fatalf("a first record at the same moment: %v", err)
		}
	}
	if saved != 1 || stale != len(answers)-1 {
		t.Errorf("%d saved, %d stale", saved, stale)
	}
}
