package sqldb_test

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"kith"
	"kith/internal/kithtest"
	"kith/sqldb"
)

// TestRecordSearchOnPostgresAtScale holds PostgreSQL's record search to
// the two ways it can answer quickly, on 30,000 final records. A common
// word ("school", in every record) is answered from the newest records
// alone, walked in order until a page is full: fetching every match to
// sort them is what made a council's search take seconds. Anything rarer
// is answered from the GIN index, never by walking the council's records
// one by one, which is what a phrase of common words that no record holds
// would otherwise cost. Either way the results are the same, newest first.
func TestRecordSearchOnPostgresAtScale(t *testing.T) {
	db := kithtest.OpenDB(t, "postgres")
	c := newCouncil(t, db)
	ctx := context.Background()
	prac := c.A(c.Prac1)
	amy := c.Case(prac, "Amy", "Adams", kithtest.Date(2015, 1, 1), c.T1)
	first := finalised(t, db, prac, amy.Reference, homeVisit(db, 1, "Her mother stayed in the room."))
	// A practitioner in another team, with a case of their own.
	c.Case(c.A(c.Prac3), "Bea", "Brown", kithtest.Date(2016, 2, 2), c.T3)

	// 30,000 more final records like the first, a minute apart going back:
	// every one mentions school mornings; one in 5,000 mentions a zebra,
	// and one in 300 of the rest an otter.
	const n = 30000
	if err := db.RawExec(ctx, `INSERT INTO records (id, case_id, template_key, template_version, headline, occurred_at, status, content, body,
			search_doc, version, author_id, created_at, updated_at, finalised_at, content_hash)
		SELECT r.id || '-' || lpad(i::text, 5, '0'), r.case_id, r.template_key, r.template_version, r.headline, r.occurred_at - i * interval '1 minute', 'final', r.content,
			b.body, setweight(to_tsvector('english', r.headline), 'A') || to_tsvector('english', b.body), 1, r.author_id,
			r.created_at, r.updated_at, r.finalised_at - i * interval '1 minute', r.content_hash
		FROM records r, generate_series(1, $2) i,
			LATERAL (SELECT 'Talked about school mornings and the walk to school. ' ||
				CASE WHEN i % 5000 = 0 THEN 'Amy drew a zebra.' WHEN i % 300 = 0 THEN 'Amy drew an otter.' ELSE 'Amy drew a house number ' || i || '.' END AS body) b
		WHERE r.id = $1`, first.ID, n); err != nil {
		t.Fatal(err)
	}
	if err := db.RawExec(ctx, `ANALYZE records`); err != nil {
		t.Fatal(err)
	}
	// The inserted records, newest first: the first written, then -00001…
	nth := func(i int) string {
		if i == 0 {
			return first.ID
		}
		return fmt.Sprintf("%s-%05d", first.ID, i)
	}

	// The oldest day the records cover, in London, and the records of it
	// newest first: a filter the newest records never pass.
	oldest := first.OccurredAt.Add(-n * time.Minute)
	oldDay := kith.DateOf(oldest.In(kith.London))
	var onOldDay []string
	for i := 0; i <= n && len(onOldDay) < 20; i++ {
		if kith.DateOf(first.OccurredAt.Add(-time.Duration(i)*time.Minute).In(kith.London)) == oldDay {
			onOldDay = append(onOldDay, nth(i))
		}
	}

	ran := map[string]int64{}  // statements sent, by search
	how := map[string]string{} // the steps it took, by search
	traced, steps := sqldb.TraceRecordSearch(ctx)
	for _, tc := range []struct {
		who    string
		actor  kith.Actor
		query  string
		offset int
		day    kith.Date // records of this day only, when set
		want   []string  // the ids of the page, in order
	}{
		{"service manager, common word", c.A(c.SM1), "school", 0, kith.Date{}, ids(nth, 0, 20)},
		{"service manager, common word, page 3", c.A(c.SM1), "school", 40, kith.Date{}, ids(nth, 40, 60)},
		{"team manager, common phrase", c.A(c.TM1), `"walk to school"`, 0, kith.Date{}, ids(nth, 1, 21)},
		{"practitioner, common word, one excluded", prac, "school -zebra", 0, kith.Date{}, ids(nth, 0, 20)},
		{"service manager, common word, on a day long ago", c.A(c.SM1), "school", 0, oldDay, onOldDay},
		{"service manager, rare word", c.A(c.SM1), "zebra", 0, kith.Date{}, []string{nth(5000), nth(10000), nth(15000), nth(20000), nth(25000), nth(30000)}},
		// Six otters in the newest 2,000: a second, longer walk fills
		// the page, and the index is not asked for every match.
		{"service manager, word in one record in 300", c.A(c.SM1), "otter", 0, kith.Date{}, every(nth, 300, 20)},
		{"practitioner, phrase of common words that no record holds", prac, `"mornings school"`, 0, kith.Date{}, nil},
		{"outsider, common word", c.A(c.Prac3), "school", 0, kith.Date{}, nil},
	} {
		t.Run(tc.who, func(t *testing.T) {
			q, err := kith.ParseRecordQuery(tc.query)
			if err != nil {
				t.Fatal(err)
			}
			s := kith.RecordSearch{Query: q, Offset: tc.offset, From: tc.day, To: tc.day}
			var hits []kith.RecordHit
			for range 2 { // the second time, with what is cached warm
				before := db.Statements()
				steps()
				if hits, _, err = db.SearchRecords(traced, tc.actor, s); err != nil {
					t.Fatal(err)
				}
				ran[tc.who] = db.Statements() - before
				how[tc.who] = strings.Join(steps(), ", ")
			}
			var got []string
			for _, h := range hits {
				got = append(got, h.ID)
			}
			if strings.Join(got, " ") != strings.Join(tc.want, " ") {
				t.Fatalf("found %d: %v\nwant %d: %v", len(got), got, len(tc.want), tc.want)
			}

			plans := db.ExplainRecordSearch(t, tc.actor, s)
			if len(plans) != 2 {
				t.Fatalf("%d steps, want 2 (newest records, then every match)", len(plans))
			}
			if !strings.Contains(plans[0], "records_finalised") {
				t.Errorf("the first step does not walk the newest records:\n%s", plans[0])
			}
			// The walk itself is of the newest records, whatever the
			// filters: they are tested after it, so it stops at 2,000.
			lines := strings.Split(plans[0], "\n")
			for i, l := range lines {
				if strings.Contains(l, "records_finalised") && i+1 < len(lines) && strings.Contains(lines[i+1], "Filter") {
					t.Errorf("the walk is filtered before its limit, so it may pass the whole council:\n%s", plans[0])
				}
			}
			// Words in every record may be read by a scan of the table
			// rather than the index (here, the words of the phrase no
			// record holds are in every record); never by the walk.
			rare := len(tc.want) > 0 && len(tc.want) < 20
			if strings.Contains(plans[1], "records_finalised") || rare && !strings.Contains(plans[1], "records_search") {
				t.Errorf("the second step does not read every match from the GIN index:\n%s", plans[1])
			}
		})
	}
	// The common words were answered by one search statement, the rare
	// word by two (the walk found none, so it was not walked further),
	// the word in one record in 300 by two walks; each search that found
	// records also audited the one case they are on.
	common, rare, otter := ran["service manager, common word"], ran["service manager, rare word"], ran["service manager, word in one record in 300"]
	if common+1 != rare {
		t.Errorf("a common word took %d statements, a rare one %d: the common word should not need the second step", common, rare)
	}
	if common+1 != otter {
		t.Errorf("a common word took %d statements, a word in one record in 300 %d: it should need one longer walk and nothing more", common, otter)
	}
	for who, want := range map[string]string{
		"service manager, common word":                              "newest 2000",
		"service manager, rare word":                                "newest 2000, every match",
		"service manager, word in one record in 300":                "newest 2000, newest 10500",
		"practitioner, phrase of common words that no record holds": "newest 2000, every match",
	} {
		if how[who] != want {
			t.Errorf("%s: answered by %q, want %q", who, how[who], want)
		}
	}
	for _, who := range []string{"service manager, common word, page 3", "team manager, common phrase", "practitioner, common word, one excluded"} {
		if ran[who] != common {
			t.Errorf("%s took %d statements, want %d", who, ran[who], common)
		}
	}
}

// TestRecordSearchWalksTheReadersOwnNewest is the search of a service
// manager whose service holds none of the council's newest records: the
// other service's last 3,000 records are newer than any of theirs. A
// common word is still answered by walking the newest records, their own,
// and not by reading every match in the council, which on the full
// synthetic council took seconds for each common word.
func TestRecordSearchWalksTheReadersOwnNewest(t *testing.T) {
	db := kithtest.OpenDB(t, "postgres")
	c := newCouncil(t, db)
	ctx := context.Background()
	amy := c.Case(c.A(c.Prac1), "Amy", "Adams", kithtest.Date(2015, 1, 1), c.T1)
	bea := c.Case(c.A(c.Prac3), "Bea", "Brown", kithtest.Date(2016, 2, 2), c.T3)
	amys := finalised(t, db, c.A(c.Prac1), amy.Reference, homeVisit(db, 1, "Her mother stayed in the room."))
	beas := finalised(t, db, c.A(c.Prac3), bea.Reference, homeVisit(db, 1, "Her mother stayed in the room."))
	copies := func(r *kith.Record, n int, step string) {
		if err := db.RawExec(ctx, `INSERT INTO records (id, case_id, template_key, template_version, headline, occurred_at, status, content, body,
				search_doc, version, author_id, created_at, updated_at, finalised_at, content_hash)
			SELECT r.id || '-' || lpad(i::text, 5, '0'), r.case_id, r.template_key, r.template_version, r.headline, r.occurred_at + i * `+step+`, 'final', r.content,
				r.body, r.search_doc, 1, r.author_id, r.created_at, r.updated_at, r.finalised_at + i * `+step+`, r.content_hash
			FROM records r, generate_series(1, $2) i WHERE r.id = $1`, r.ID, n); err != nil {
			t.Fatal(err)
		}
	}
	copies(amys, 5000, `interval '-1 minute'`) // Amy's go back from her first
	copies(beas, 3000, `interval '1 second'`)  // Bea's are newer than all of them
	if err := db.RawExec(ctx, `ANALYZE records`); err != nil {
		t.Fatal(err)
	}
	q, err := kith.ParseRecordQuery("school")
	if err != nil {
		t.Fatal(err)
	}
	traced, steps := sqldb.TraceRecordSearch(ctx)
	hits, _, err := db.SearchRecords(traced, c.A(c.SM1), kith.RecordSearch{Query: q})
	if err != nil {
		t.Fatal(err)
	}
	want := append([]string{amys.ID}, ids(func(i int) string { return fmt.Sprintf("%s-%05d", amys.ID, i) }, 1, 20)...)
	var got []string
	for _, h := range hits {
		got = append(got, h.ID)
	}
	if strings.Join(got, " ") != strings.Join(want, " ") {
		t.Fatalf("found %v\nwant %v", got, want)
	}
	if how := strings.Join(steps(), ", "); how != "newest 2000" {
		t.Errorf("answered by %q, want by walking the newest 2,000 of the reader's own", how)
	}
}

// ids lists nth(from) to nth(to-1).
func ids(nth func(int) string, from, to int) []string {
	var out []string
	for i := from; i < to; i++ {
		out = append(out, nth(i))
	}
	return out
}

// every lists n of nth(step), nth(2*step), …
func every(nth func(int) string, step, n int) []string {
	var out []string
	for i := 1; i <= n; i++ {
		out = append(out, nth(i*step))
	}
	return out
}
