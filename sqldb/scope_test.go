package sqldb_test

import (
	"context"
	"testing"

	"kith"
	"kith/internal/kithtest"
	"kith/sqldb"
)

// TestScopeSQLAgreesWithDecide builds cases in every access situation and
// checks, for every user, that the lists (scope in SQL) show exactly the
// cases the case page (Decide) opens, under both policies.
func TestScopeSQLAgreesWithDecide(t *testing.T) {
	kithtest.EachEngine(t, func(t *testing.T, db *sqldb.DB) {
		c := newCouncil(t, db)
		ctx := context.Background()
		tm1, tm3 := c.A(c.TM1), c.A(c.TM3)
		type made struct {
			name string
			c    *kith.Case
		}
		var cases []made
		mk := func(name string, team *kith.Team, creator kith.Actor, manager kith.Actor, worker *kith.User) *kith.Case {
			cs := c.Case(creator, "Child", name, kithtest.Date(2015, 1, 1), team)
			if worker != nil {
				cs = c.Allocate(manager, cs, team, worker)
			}
			cases = append(cases, made{name, cs})
			return cs
		}
		mk("Unallocated", c.T1, c.A(c.Prac1), tm1, nil)
		mk("Mine", c.T1, c.A(c.Prac1), tm1, c.Prac1)
		mk("Colleague", c.T1, c.A(c.Prac1), tm1, c.Prac2)
		mk("Southern", c.T2, c.A(c.SM1), c.A(c.SM1), nil)
		mk("Fostered", c.T3, c.A(c.Prac3), tm3, c.Prac3)
		r := mk("Restricted", c.T1, c.A(c.Prac1), tm1, c.Prac2)
		if err := db.SetRestricted(ctx, tm1, r.Reference, true, r.Version); err != nil {
			t.Fatal(err)
		}
		r2 := mk("Restricted elsewhere", c.T3, c.A(c.Prac3), tm3, c.Prac3)
		if err := db.SetRestricted(ctx, tm3, r2.Reference, true, r2.Version); err != nil {
			t.Fatal(err)
		}
		if err := db.AddToAccessList(ctx, tm3, r2.Reference, c.Prac1.ID); err != nil {
			t.Fatal(err)
		}
		l := mk("Locked", c.T1, c.A(c.Prac1), tm1, nil)
		if err := db.LockOut(ctx, tm1, l.Reference, c.Prac2.ID, "Neighbour of the family"); err != nil {
			t.Fatal(err)
		}

		users := []*kith.User{c.Prac1, c.Prac2, c.Prac3, c.TM1, c.TM3, c.SM1, c.Admin, c.Auditor, c.Disabled}
		for _, policy := range []bool{true, false} {
			if err := db.SetAccessPolicy(ctx, kith.SystemActor(), kith.AccessPolicy{PractitionersSeeTeamCases: policy}); err != nil {
				t.Fatal(err)
			}
			for _, u := range users {
				a, err := db.Actor(ctx, u.ID)
				if err != nil {
					t.Fatal(err)
				}
				page, err := db.Caseload(ctx, a, kith.CaseloadFilter{Limit: 200})
				if err != nil {
					t.Fatal(err)
				}
				listed := map[string]bool{}
				for _, s := range page.Cases {
					listed[s.ID] = true
				}
				if page.Total != len(page.Cases) {
					t.Errorf("%s: total %d for %d listed", u.Username, page.Total, len(page.Cases))
				}
				for _, m := range cases {
					_, _, err := db.Case(ctx, a, m.c.Reference, kith.ViewCase)
					opens := err == nil
					if opens != listed[m.c.ID] {
						t.Errorf("policy %v, %s, case %q: case page opens=%v (%v) but list shows=%v", policy, u.Username, m.name, opens, err, listed[m.c.ID])
					}
					results, err := db.Search(ctx, a, kith.SearchQuery{Text: m.name, Names: kith.NameTokens(m.name)}, 25)
					if err != nil && kith.ErrorCode(err) != kith.EINVALID {
						t.Fatal(err)
					}
					found := false
					for _, res := range results {
						for _, link := range res.Links {
							found = found || link.Case.ID == m.c.ID
						}
					}
					if found != opens {
						t.Errorf("policy %v, %s, case %q: case page opens=%v but search finds=%v", policy, u.Username, m.name, opens, found)
					}
				}
			}
		}
		// Spot checks of the rules themselves, beyond agreement.
		if err := db.SetAccessPolicy(ctx, kith.SystemActor(), kith.DefaultAccessPolicy); err != nil {
			t.Fatal(err)
		}
		a := c.A(c.Prac1)
		for name, want := range map[string]bool{"Unallocated": true, "Fostered": false, "Restricted": false, "Restricted elsewhere": true} {
			var cs *kith.Case
			for _, m := range cases {
				if m.name == name {
					cs = m.c
				}
			}
			_, _, err := db.Case(ctx, a, cs.Reference, kith.ViewCase)
			if (err == nil) != want {
				t.Errorf("%s opening %q: %v, want open=%v", "ann.ash", name, err, want)
			}
		}
	})
}
