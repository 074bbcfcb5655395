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

// A case file asked for is claimed by one maker; one whose maker stopped
// (not heard of for kith.CaseFileStale) is claimed again, from the start;
// someone who may not read the case cannot ask.
func TestCaseFileClaims(t *testing.T) {
	kithtest.EachEngine(t, func(t *testing.T, db *sqldb.DB) {
		ctx := context.Background()
		now := londonTime(2026, 11, 2, 9)
		db.Clock = clock.Func(func() time.Time { return now })
		c := newCouncil(t, db)
		prac := c.A(c.Prac1)
		amy := c.Allocate(c.A(c.TM1), c.Case(prac, "Amy", "Alder", kithtest.Date(2015, 5, 5), c.T1), c.T1, c.Prac1)
		if _, err := db.RequestCaseFile(ctx, c.A(c.Prac3), amy.Reference, kith.CaseFileInput{}); kith.ErrorCode(err) != kith.ENOTFOUND {
			t.Errorf("someone who may not read the case asked: %v", err)
		}
		if _, err := db.RequestCaseFile(ctx, prac, amy.Reference, kith.CaseFileInput{From: kithtest.Date(2026, 10, 1), To: kithtest.Date(2026, 9, 1)}); kith.ErrorCode(err) != kith.EINVALID {
			t.Errorf("a backwards period: %v", err)
		}
		asked, err := db.RequestCaseFile(ctx, prac, amy.Reference, kith.CaseFileInput{})
		if err != nil {
			t.Fatal(err)
		}
		e, by, ok, err := db.ClaimCaseFile(ctx)
		if err != nil || !ok || e.ID != asked.ID || by != c.Prac1.ID {
			t.Fatalf("claim: %+v %s %v %v", e, by, ok, err)
		}
		if err := db.CaseFileProgress(ctx, e.ID, 250, 900, false); err != nil {
			t.Fatal(err)
		}
		if _, _, ok, _ := db.ClaimCaseFile(ctx); ok {
			t.Error("claimed twice while being made")
		}
		// The maker stops; a while later another server takes it up.
		now = now.Add(kith.CaseFileStale + time.Minute)
		e, _, ok, err = db.ClaimCaseFile(ctx)
		if err != nil || !ok || e.ID != asked.ID || e.Done != 0 {
			t.Fatalf("claim after the maker stopped: %+v %v %v", e, ok, err)
		}
		if err := db.FinishCaseFile(ctx, prac, e.ID, 0, nil, "Chromium could not make the PDF: ask again."); err != nil {
			t.Fatal(err)
		}
		got, pdf, err := db.CaseFile(ctx, prac, amy.Reference, e.ID, true)
		if err != nil || pdf != nil || got.State != "failed" {
			t.Errorf("failed: %+v %d %v", got, len(pdf), err)
		}
	})
}
