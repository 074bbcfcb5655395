package sqldb_test

import (
	"context"
	"testing"

	"kith"
	"kith/internal/kithtest"
	"kith/sqldb"
)

// TestNameSearchStartsFromTheRarestWord holds PostgreSQL's name search to
// starting from the rarest word typed. A search's loosest pass also looks
// for names that sound alike, and the sound key of a short name ("Louie",
// "Lee": both "s:L") is shared by thousands of a council's people (2,794
// of the full synthetic council's 212,676). An INTERSECT reads every one
// of them to keep those who also sound like "Willowby"; starting from the
// Willowbys and looking up each one's first name reads a handful of rows.
// Who is found is the same either way.
func TestNameSearchStartsFromTheRarestWord(t *testing.T) {
	db := kithtest.OpenDB(t, "postgres")
	c := newCouncil(t, db)
	ctx := context.Background()
	if kith.SoundKey("louie") != kith.SoundKey("lee") {
		t.Fatalf("Louie and Lee have the sound keys %q and %q; the test needs them to share one", kith.SoundKey("louie"), kith.SoundKey("lee"))
	}
	prac := c.A(c.Prac1)
	louie := c.Case(prac, "Louie", "Willowby", kithtest.Date(2016, 5, 4), c.T1)
	lee := c.Case(prac, "Lee", "Willowby", kithtest.Date(2014, 2, 3), c.T1)

	// 20,000 other people called Lee, in no case (a search never shows
	// them, but it must not read them all to find that out).
	const n = 20000
	if err := db.RawExec(ctx, `INSERT INTO people (id, first_name, last_name, created_at, updated_at)
		SELECT 'lee-' || i, 'Lee', 'Surname' || i, now(), now() FROM generate_series(1, $1) i`, n); err != nil {
		t.Fatal(err)
	}
	if err := db.RawExec(ctx, `INSERT INTO person_name_keys (key, person_id)
		SELECT k, 'lee-' || i FROM generate_series(1, $1) i, (VALUES ('t:lee'), ($2)) keys (k)`, n, "s:"+kith.SoundKey("lee")); err != nil {
		t.Fatal(err)
	}
	if err := db.RawExec(ctx, `VACUUM ANALYZE person_name_keys`); err != nil {
		t.Fatal(err)
	}

	traced, sent := sqldb.TraceNameSearch(ctx)
	q, err := kith.ParseSearch("Louie Willowby", kith.Today(kithtest.Now()))
	if err != nil {
		t.Fatal(err)
	}
	got, err := db.Search(traced, c.A(c.Auditor), q, 0)
	if err != nil {
		t.Fatal(err)
	}
	var refs []string
	for _, r := range got {
		for _, l := range r.Links {
			refs = append(refs, l.Case.Reference)
		}
	}
	if len(refs) != 2 || refs[0] != louie.Reference || refs[1] != lee.Reference {
		t.Errorf("found %v, want Louie Willowby (%s) then Lee Willowby (%s)", refs, louie.Reference, lee.Reference)
	}
	passes := sent()
	if len(passes) != 3 {
		t.Fatalf("%d passes, want 3 (as typed, then prefixes, then alike)", len(passes))
	}
	for i, p := range passes {
		if read := db.RowsReadFrom(t, p, "person_name_keys"); read > 100 {
			t.Errorf("pass %d read %d rows of person_name_keys, want no more than 100 (the Willowbys and their names)", i+1, read)
		}
	}
}
