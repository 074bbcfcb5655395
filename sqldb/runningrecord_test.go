package sqldb_test

import (
	"context"
	"testing"

	"kith"
	"kith/internal/kithtest"
	"kith/sqldb"
)

// TestRunningRecordStatements holds a page of the running record to a
// budget of statements (round trips, on PostgreSQL): the case, its
// records, their lateness, the child, the drafts, the withdrawn records,
// the authors, and the audit. The identity bar shows the child's name and
// age, so their addresses and phones are not read (two statements).
// A change that adds statements to the page should say so here.
func TestRunningRecordStatements(t *testing.T) {
	kithtest.EachEngine(t, func(t *testing.T, db *sqldb.DB) {
		c := newCouncil(t, db)
		ctx := context.Background()
		prac, tm := c.A(c.Prac1), c.A(c.TM1)
		amy := c.Allocate(tm, c.Case(prac, "Amy", "Alder", kithtest.Date(2015, 5, 5), c.T1), c.T1, c.Prac1)
		if err := db.AddAddress(ctx, prac, amy.Reference, amy.ChildID, kith.AddressInput{Line1: "1 Mill Lane", Town: "Kithbury", Postcode: "KB1 1AA"}); err != nil {
			t.Fatal(err)
		}
		finalised(t, db, prac, amy.Reference, homeVisit(db, 1, "Her mother stayed."))
		var statements []int64
		for i := 0; i < 2; i++ {
			before := db.Statements()
			_, rr, err := db.RunningRecord(ctx, prac, amy.Reference, kith.RecordFilter{Limit: 50})
			if err != nil {
				t.Fatal(err)
			}
			statements = append(statements, db.Statements()-before)
			if len(rr.Rows) != 1 || rr.Child == nil || rr.Child.FirstName != "Amy" {
				t.Fatalf("running record: %d rows, child %+v", len(rr.Rows), rr.Child)
			}
		}
		// The second page, with every statement prepared: 15 on SQLite
		// and 12 on PostgreSQL. Before, 19 and 17: the child's addresses
		// and phones were read (the identity bar shows neither), the
		// access policy and the case's statuses were read apart from the
		// case, and on PostgreSQL the audit event was listed for the audit
		// chain by a statement of its own.
		budget := int64(15)
		if db.Dialect == sqldb.Postgres {
			budget = 12
		}
		if n := statements[1]; n > budget {
			t.Errorf("a page of the running record took %d statements, want at most %d", n, budget)
		}
	})
}
