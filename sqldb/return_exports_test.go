package sqldb_test

import (
	"context"
	"testing"
	"time"

	"kith"
	"kith/internal/kithtest"
	"kith/sqldb"
)

// TestAReturnStoppedWithItsServerIsMadeAgain: a return whose making began
// is not claimed by a second server while it is being made, but once its
// server has been silent for ReturnExportStale (it stopped, or was killed)
// the next server makes it; a finished return is never claimed again.
func TestAReturnStoppedWithItsServerIsMadeAgain(t *testing.T) {
	kithtest.EachEngine(t, func(t *testing.T, db *sqldb.DB) {
		ctx := context.Background()
		f := kithtest.NewFixture(t, db)
		sm := f.Actor(f.User("sam.sage", []kith.Role{kith.RoleServiceManager}))
		year := kith.CollectionYearOn(kithtest.Today()).String()
		asked, err := db.RequestReturn(ctx, sm, kith.ReturnExportInput{Kind: kith.ReturnKindSSDA903, Year: year})
		if err != nil {
			t.Fatal(err)
		}
		first, _, ok, err := db.ClaimReturn(ctx)
		if err != nil || !ok || first.ID != asked.ID {
			t.Fatalf("first claim: %v %v %v", first, ok, err)
		}
		if _, _, ok, err := db.ClaimReturn(ctx); err != nil || ok {
			t.Fatalf("claimed twice while being made: %v %v", ok, err)
		}
		clock := kithtest.ClockOf(db)
		clock.Set(clock.Now().Add(kith.ReturnExportStale + time.Minute))
		again, _, ok, err := db.ClaimReturn(ctx)
		if err != nil || !ok || again.ID != asked.ID {
			t.Fatalf("not made again after its server stopped: %v %v %v", again, ok, err)
		}
		if err := db.FinishReturn(ctx, again.ID, 1, 1, "ssda903.zip", []byte("zip"), ""); err != nil {
			t.Fatal(err)
		}
		clock.Set(clock.Now().Add(2 * kith.ReturnExportStale))
		if _, _, ok, err := db.ClaimReturn(ctx); err != nil || ok {
			t.Fatalf("a finished return claimed again: %v %v", ok, err)
		}
		got, content, err := db.ReturnExport(ctx, sm, asked.ID, true)
		if err != nil || got.State != "ready" || string(content) != "zip" {
			t.Fatalf("the return made: %+v %q %v", got, content, err)
		}
	})
}
