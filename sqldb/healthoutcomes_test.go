package sqldb_test

import (
	"context"
	"testing"
	"time"

	"kith"
	"kith/clock"
	"kith/internal/kithtest"
	"kith/sqldb"
)

// Two workers record a looked-after child's health outcomes, and a care
// leaver's birthday, for the first time at the same moment: one is saved,
// the other told to reload; repeated, so that the two often meet in the
// database.
func TestYearlyOutcomesOnceAtOnce(t *testing.T) {
	kithtest.EachEngine(t, func(t *testing.T, db *sqldb.DB) {
		ctx := context.Background()
		now := londonTime(2026, 9, 2, 15)
		db.Clock = clock.Func(func() time.Time { return now })
		c := newCouncil(t, db)
		prac, tm := c.A(c.Prac1), c.A(c.TM1)
		yes, no := true, false
		// looked after from began, and until left unless it is zero, each
		// recorded on its day.
		lookedAfter := func(dob, began, left kith.Date) string {
			defer func() { now = londonTime(2026, 9, 2, 15) }()
			now = kith.InLondon(began, 10, 0)
			cs := c.Allocate(tm, c.Case(prac, "Kai", "Larch", dob, c.T1), c.T1, c.Prac1)
			if _, err := db.StartLookedAfter(ctx, prac, cs.Reference, kith.LookedAfterInput{StartedOn: began, CategoryOfNeed: "N1", HomePostcode: "LS6 2QD",
				PlacementInput: kith.PlacementInput{LegalStatus: "C2", PlacementType: "U4", Provider: "PR1", URN: "SC123456", PlacementPostcode: "LS12 3AB"}}); err != nil {
				t.Fatal(err)
			}
			if !left.IsZero() {
				now = kith.InLondon(left, 10, 0)
				if _, err := db.EndCare(ctx, prac, cs.Reference, kith.CareEndInput{EndedOn: left, Reason: "E4A", Version: 1}); err != nil {
					t.Fatal(err)
				}
			}
			return cs.Reference
		}
		for i := range 6 {
			// Born in 2012 and looked after since 2020: asked about 2025-26.
			ref := lookedAfter(kithtest.Date(2012, 12, 1+i), kithtest.Date(2020, 1, 6), kith.Date{})
			score := 10 + i
			onceAtOnce(t, func(teeth *bool) error {
				_, err := db.RecordHealthOutcomes(ctx, prac, ref, kith.HealthOutcomesInput{Year: "2025-26", SDQScore: &score,
					Convicted: &no, Immunisations: &yes, TeethCheck: teeth, HealthAssessment: &yes, SubstanceMisuse: &no})
				return err
			}, &yes, &no)
			// 18 on 1 June 2025, having left care a month before.
			ref = lookedAfter(kithtest.Date(2007, 6, 1+i), kithtest.Date(2022, 1, 6), kithtest.Date(2025, 5, 1))
			onceAtOnce(t, func(inTouch string) error {
				_, err := db.RecordCareLeaverOutcomes(ctx, prac, ref, kith.CareLeaverInput{Year: "2025-26", InTouch: inTouch})
				return err
			}, "NO", "REFU")
		}
	})
}
