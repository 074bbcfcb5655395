package kithtest

import (
	"context"
	"database/sql"
	"fmt"
	"io"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
	"time"

	"kith"
	"kith/sqldb"
	"kith/synth"
)

// BulkCouncil loads a small synthetic council into db in bulk, as `kith
// serve --demo` and `kith demo` do: its final records are not yet in the
// writing coach's copy-paste index. It returns the council and, for each
// of its practitioners with cases, one of their open case references.
func BulkCouncil(t testing.TB, db *sqldb.DB, open, closed int) (*synth.Council, map[string]string) {
	t.Helper()
	c := BulkLoad(t, db, open, closed)
	return c, PractitionerCases(t, db, c)
}

// BulkLoad loads a synthetic council in bulk and nothing else: no service
// is called, so it also loads into a schema an older Kith left.
func BulkLoad(t testing.TB, db *sqldb.DB, open, closed int) *synth.Council {
	t.Helper()
	c, err := synth.Generate(context.Background(), db, synth.Config{Seed: 3, OpenCases: open, ClosedCases: closed, Now: Now()}, io.Discard)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// PractitionerCases maps each of a loaded council's practitioners who
// holds a case to one of their cases' references.
func PractitionerCases(t testing.TB, db *sqldb.DB, c *synth.Council) map[string]string {
	t.Helper()
	ctx := context.Background()
	cases := map[string]string{}
	for _, p := range c.Practitioners {
		a, err := db.Actor(ctx, p.ID)
		if err != nil {
			t.Fatal(err)
		}
		page, err := db.Caseload(ctx, a, kith.CaseloadFilter{Mine: true, Limit: 5})
		if err != nil {
			t.Fatal(err)
		}
		if len(page.Cases) > 0 {
			cases[p.ID] = page.Cases[0].Reference
		}
	}
	if len(cases) == 0 {
		t.Fatal("the council's practitioners hold no cases")
	}
	return cases
}

// VisitInput is a complete home visit that passes every check for a final
// record. Its words are its own, chosen by i: the same passage on two
// children's records would be stopped as copied from another child's.
func VisitInput(i int) kith.RecordInput {
	r := rand.New(rand.NewPCG(uint64(i), 0x7465737476697369))
	w := func() string { return visitWords[r.IntN(len(visitWords))] + "-" + visitWords[r.IntN(len(visitWords))] }
	return kith.RecordInput{TemplateKey: "home-visit", Headline: "Visit to review the plan with the family", Location: "Family home",
		OccurredAt: Now().Add(-3 * time.Hour).Truncate(time.Minute),
		Content: kith.RecordContent{
			"present":          {Others: "The child and her mother"},
			"child_seen":       {Answer: "yes"},
			"child_seen_alone": {Answer: "no", Reason: fmt.Sprintf("Her mother stayed in the %s room as she was %s.", w(), w())},
			"bedroom_seen":     {Answer: "yes"},
			"child_views":      {Text: fmt.Sprintf("She said: “I like the %s garden, it is %s.”", w(), w())},
			"discussion":       {Text: fmt.Sprintf("We talked about %s mornings, the %s plan for the %s holidays and %s at school.", w(), w(), w(), w())},
			"concerns":         {Text: "None raised today."},
			"observations":     {Text: fmt.Sprintf("The %s home was warm; the %s kitchen had %s food in the %s cupboards.", w(), w(), w(), w())},
			"analysis":         {Text: fmt.Sprintf("Improving: %s mornings are calmer and the %s routines are %s kept.", w(), w(), w())},
			"actions":          {Actions: []kith.ActionItem{{What: "Book the next core group", Who: "Social worker", By: Today().AddDays(14).String()}}},
		}}
}

var visitWords = strings.Fields(`amber quiet busy sunny chilly narrow spacious cluttered bright gloomy early late usual hurried relaxed
	noisy calm new old shared front back upstairs downstairs small large freshly carefully mostly partly weekday weekend winter
	summer spring autumn rainy dry windy frosty`)

// TextIndex is what the copy-paste index holds, by record rather than by
// doc id, so that indexes built in different ways can be compared.
type TextIndex struct {
	// Docs are the records in it, sorted; Queued those still waiting to
	// be merged into its large level.
	Docs, Queued []string
	// Stats are the counts of each counted print: cases, then records.
	Stats map[int64][2]int
	// Postings are the records each print's postings name, sorted.
	Postings map[int64][]string
}

// ReadTextIndex reads the copy-paste index of db.
func ReadTextIndex(t testing.TB, db *sqldb.DB) TextIndex {
	t.Helper()
	ctx := context.Background()
	pool := db.ReadPool()
	x := TextIndex{Stats: map[int64][2]int{}, Postings: map[int64][]string{}}
	var err error
	if x.Docs, err = strs(ctx, pool, `SELECT record_id FROM text_docs ORDER BY record_id`); err != nil {
		t.Fatal(err)
	}
	if x.Queued, err = strs(ctx, pool, `SELECT d.record_id FROM text_prints_queue q JOIN text_docs d ON d.doc_id = q.doc_id ORDER BY d.record_id`); err != nil {
		t.Fatal(err)
	}
	rows, err := pool.QueryContext(ctx, `SELECT hash, cases, docs FROM text_print_stats`)
	if err != nil {
		t.Fatal(err)
	}
	for rows.Next() {
		var h int64
		var s [2]int
		if err := rows.Scan(&h, &s[0], &s[1]); err != nil {
			t.Fatal(err)
		}
		x.Stats[h] = s
	}
	rows.Close()
	rows, err = pool.QueryContext(ctx, `SELECT p.hash, d.record_id FROM text_prints p JOIN text_docs d ON d.doc_id = p.doc_id`)
	if err != nil {
		t.Fatal(err)
	}
	for rows.Next() {
		var h int64
		var id string
		if err := rows.Scan(&h, &id); err != nil {
			t.Fatal(err)
		}
		x.Postings[h] = append(x.Postings[h], id)
	}
	rows.Close()
	for _, ids := range x.Postings {
		slices.Sort(ids)
	}
	var orphans int
	if err := pool.QueryRowContext(ctx, `SELECT COUNT(*) FROM text_prints p WHERE NOT EXISTS (SELECT 1 FROM text_docs d WHERE d.doc_id = p.doc_id)`).Scan(&orphans); err != nil {
		t.Fatal(err)
	}
	if orphans > 0 {
		t.Errorf("the copy-paste index holds %d postings of no record", orphans)
	}
	return x
}

// FinalRecordIDs are the ids of every final record in db, sorted.
func FinalRecordIDs(t testing.TB, db *sqldb.DB) []string {
	t.Helper()
	ids, err := strs(context.Background(), db.ReadPool(), `SELECT id FROM records WHERE status = 'final' ORDER BY id`)
	if err != nil {
		t.Fatal(err)
	}
	return ids
}

// SameAs says how x differs from want, an index built in one go from
// every final record, or "" when it holds the same. A print held by many
// records keeps the records of it that were merged before it was seen to
// be (an index built in one go keeps none), so only the postings of
// prints under both of the index's caps are compared.
func (x TextIndex) SameAs(want TextIndex) string {
	var diffs []string
	if !slices.Equal(x.Docs, want.Docs) {
		diffs = append(diffs, fmt.Sprintf("records: %d, want %d", len(x.Docs), len(want.Docs)))
	}
	for h, s := range want.Stats {
		if x.Stats[h] != s {
			diffs = append(diffs, fmt.Sprintf("print %d counted %v, want %v", h, x.Stats[h], s))
		}
	}
	for h, s := range x.Stats {
		if _, ok := want.Stats[h]; !ok {
			diffs = append(diffs, fmt.Sprintf("print %d counted %v, want no counts", h, s))
		}
	}
	capped := func(h int64) bool {
		s, counted := want.Stats[h]
		return (counted && (s[0] >= 50 || s[1] >= 200)) || len(x.Postings[h]) >= 200 || len(want.Postings[h]) >= 200
	}
	for _, p := range []map[int64][]string{x.Postings, want.Postings} {
		for h := range p {
			if !capped(h) && !slices.Equal(x.Postings[h], want.Postings[h]) {
				diffs = append(diffs, fmt.Sprintf("print %d is held by %d records, want %d", h, len(x.Postings[h]), len(want.Postings[h])))
			}
		}
	}
	if len(diffs) > 10 {
		diffs = append(diffs[:10], fmt.Sprintf("and %d more", len(diffs)-10))
	}
	return strings.Join(diffs, "; ")
}

func strs(ctx context.Context, pool *sql.DB, query string) ([]string, error) {
	rows, err := pool.QueryContext(ctx, query)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var s string
		if err := rows.Scan(&s); err != nil {
			return nil, err
		}
		out = append(out, s)
	}
	return out, rows.Err()
}
