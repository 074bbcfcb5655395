package sqldb_test

import (
	"context"
	"strings"
	"testing"

	"kith"
	"kith/internal/kithtest"
)

// TestRecordSearchPlanOnPostgres holds PostgreSQL to the two ways a record
// search can be answered quickly. A common word ("school", in most
// records) is answered by walking final records newest first and stopping
// at a page: fetching every match to sort them is what made a council's
// search take seconds. A rare word is answered from the GIN index. Either
// way the results are the same, newest first.
func TestRecordSearchPlanOnPostgres(t *testing.T) {
	db := kithtest.OpenDB(t, "postgres")
	c := newCouncil(t, db)
	ctx := context.Background()
	prac := c.A(c.Prac1)
	amy := c.Case(prac, "Amy", "Adams", kithtest.Date(2015, 1, 1), c.T1)
	first := finalised(t, db, prac, amy.Reference, homeVisit(db, 1, "Her mother stayed in the room."))

	// 30,000 more final records like the first, a minute apart going back:
	// every one mentions school; one in 5,000 mentions a zebra.
	const n = 30000
	if err := db.RawExec(ctx, `INSERT INTO records (id, case_id, template_key, template_version, headline, occurred_at, status, content, body,
			search_doc, version, author_id, created_at, updated_at, finalised_at, content_hash)
		SELECT r.id || '-' || i, r.case_id, r.template_key, r.template_version, r.headline, r.occurred_at - i * interval '1 minute', 'final', r.content,
			b.body, setweight(to_tsvector('english', r.headline), 'A') || to_tsvector('english', b.body), 1, r.author_id,
			r.created_at, r.updated_at, r.finalised_at - i * interval '1 minute', r.content_hash
		FROM records r, generate_series(1, $2) i,
			LATERAL (SELECT 'Talked about school mornings and the walk to school. ' ||
				CASE WHEN i % 5000 = 0 THEN 'Amy drew a zebra.' ELSE 'Amy drew a house number ' || i || '.' END AS body) b
		WHERE r.id = $1`, first.ID, n); err != nil {
		t.Fatal(err)
	}
	if err := db.RawExec(ctx, `ANALYZE records`); err != nil {
		t.Fatal(err)
	}

	for _, tc := range []struct {
		who       string
		actor     kith.Actor
		query     string
		wantIndex string // the index the plan must read
		wantHits  int    // of the first page (20)
	}{
		{"service manager, common word", c.A(c.SM1), "school", "records_finalised", 20},
		{"service manager, common phrase", c.A(c.SM1), `"walk to school"`, "records_finalised", 20},
		{"team manager, common word, one excluded", c.A(c.TM1), "school -zebra", "records_finalised", 20},
		{"service manager, rare word", c.A(c.SM1), "zebra", "records_search", n / 5000},
		{"practitioner, rare word", prac, "zebra", "records_search", n / 5000},
	} {
		t.Run(tc.who, func(t *testing.T) {
			q, err := kith.ParseRecordQuery(tc.query)
			if err != nil {
				t.Fatal(err)
			}
			s := kith.RecordSearch{Query: q}
			plan, err := db.ExplainRecordSearch(ctx, tc.actor, s)
			if err != nil {
				t.Fatal(err)
			}
			if !strings.Contains(plan, tc.wantIndex) {
				t.Errorf("the plan does not read %s:\n%s", tc.wantIndex, plan)
			}
			hits, _, err := db.SearchRecords(ctx, tc.actor, s)
			if err != nil {
				t.Fatal(err)
			}
			if len(hits) != tc.wantHits {
				t.Fatalf("%d hits, want %d", len(hits), tc.wantHits)
			}
			for i := 1; i < len(hits); i++ {
				if hits[i].FinalisedAt == nil || !hits[i].FinalisedAt.Before(*hits[i-1].FinalisedAt) {
					t.Fatalf("hit %d finalised %v, after hit %d at %v", i, hits[i].FinalisedAt, i-1, hits[i-1].FinalisedAt)
				}
			}
		})
	}
}
