package sqldb_test

import (
	"context"
	"sync"
	"testing"

	"kith"
	"kith/internal/kithtest"
	"kith/sqldb"
)

// TestSearchConcurrentlyWithAccents runs many people searches for
// accented names at once, as a council's practitioners do: each must
// find its child (run with -race: nothing a search uses may be shared
// mutable state).
func TestSearchConcurrentlyWithAccents(t *testing.T) {
	kithtest.EachEngine(t, func(t *testing.T, db *sqldb.DB) {
		c := newCouncil(t, db)
		ctx := context.Background()
		prac := c.A(c.Prac1)
		today := kith.Today(kithtest.Now())
		children := []struct{ first, last, query string }{
			{"Zoë", "Ashworth", "zoe ashworth"},
			{"José", "Fernández", "José Fernandez"},
			{"Siân", "Llŷr", "sian llyr"},
			{"Łukasz", "Wójcik", "Łukasz Wojcik"},
			{"Ngọc", "Nguyễn", "Ngoc Nguyen"},
			{"Ámélie", "Dvořák", "Amelie Dvorak"},
		}
		want := map[string]string{} // query → case reference
		for i, ch := range children {
			cs, err := db.CreateCase(ctx, prac, kith.NewCaseInput{Child: kith.PersonInput{FirstName: ch.first, LastName: ch.last,
				DateOfBirth: kithtest.Date(2012+i, 3, 1+i)}, TeamID: c.T1.ID})
			if err != nil {
				t.Fatal(err)
			}
			want[ch.query] = cs.Reference
		}
		var wg sync.WaitGroup
		for g := 0; g < 8; g++ {
			wg.Add(1)
			go func() {
				defer wg.Done()
				for i := 0; i < 15; i++ {
					for query, ref := range want {
						q, err := kith.ParseSearch(query, today)
						if err != nil {
							t.Errorf("%q: %v", query, err)
							return
						}
						res, err := db.Search(ctx, prac, q, 10)
						if err != nil {
							t.Errorf("%q: %v", query, err)
							return
						}
						if len(res) == 0 || res[0].Links[0].Case.Reference != ref {
							t.Errorf("%q did not find %s first: %+v", query, ref, res)
							return
						}
					}
				}
			}()
		}
		wg.Wait()
	})
}
