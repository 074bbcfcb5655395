package main

import (
	"context"
	"database/sql"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"kith"
	"kith/internal/kithtest"
	"kith/internal/pgtest"
)

// TestPostgresBackupRestores follows docs/operating.md's backup procedure
// for PostgreSQL on a small council: pg_dump of a database Kith has
// written, pg_restore into an empty one, then Kith on the copy. Every
// table holds what it held, the hash chains still prove that no record or
// access-log entry changed, search still finds what it found, and Kith
// can go on writing (case references, search row numbers and chains carry
// on from where the backup left them).
func TestPostgresBackupRestores(t *testing.T) {
	source, restored := pgtest.Database(t), pgtest.Database(t)
	pgDump, pgRestore := pgtest.Tool(t, "pg_dump"), pgtest.Tool(t, "pg_restore")
	if _, stderr, err := run(t, "", "demo", "--db", source, "--cases", "12", "--closed", "4"); err != nil {
		t.Fatalf("demo: %v\n%s", err, stderr)
	}
	db := kithtest.OpenAt(t, source)
	if _, _, err := db.TakeDailyRoot(context.Background()); err != nil {
		t.Fatal(err)
	}
	before, _, err := run(t, "", "verify", "--db", source, "--store=false")
	if err != nil || !strings.Contains(before, "Nothing has changed.") {
		t.Fatalf("verify before the backup: %v\n%s", err, before)
	}

	dump := filepath.Join(t.TempDir(), "kith.dump")
	if out, err := exec.Command(pgDump, "--format=custom", "--file="+dump, "--dbname="+source).CombinedOutput(); err != nil {
		t.Fatalf("pg_dump: %v\n%s", err, out)
	}
	if out, err := exec.Command(pgRestore, "--no-owner", "--exit-on-error", "--dbname="+restored, dump).CombinedOutput(); err != nil {
		t.Fatalf("pg_restore: %v\n%s", err, out)
	}

	want, got := tableCounts(t, source), tableCounts(t, restored)
	if len(want) < 40 {
		t.Fatalf("only %d tables in the source: %v", len(want), want)
	}
	for table, n := range want {
		if got[table] != n {
			t.Errorf("%s: %d rows restored, %d backed up", table, got[table], n)
		}
	}
	if want["records"] == 0 || want["audit_events"] == 0 {
		t.Fatalf("the demo council wrote no records or audit events: %v", want)
	}
	after, _, err := run(t, "", "verify", "--db", restored, "--store=false")
	if err != nil || !strings.Contains(after, "Nothing has changed.") {
		t.Fatalf("verify after the restore: %v\n%s", err, after)
	}
	if finalCount(t, after) != finalCount(t, before) {
		t.Errorf("verify checked different records:\nbefore: %s\nafter: %s", before, after)
	}
	const found = `SELECT COUNT(*) FROM records WHERE status = 'final' AND search_doc @@ websearch_to_tsquery('english', 'school')`
	if a, b := count(t, source, found), count(t, restored, found); a == 0 || a != b {
		t.Errorf("records found for school: %d backed up, %d restored", a, b)
	}
	if n := count(t, restored, `SELECT COUNT(*) FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid
		WHERE c.relname IN ('records_search', 'records_finalised') AND i.indisvalid`); n != 2 {
		t.Errorf("%d of the search indexes restored and valid", n)
	}

	// Kith on the copy: migrations have nothing to do, and it writes.
	if out, _, err := run(t, "", "migrate", "status", "--db", restored); err != nil || strings.Contains(out, "pending") || !strings.Contains(out, "applied") {
		t.Errorf("migrate status on the copy: %v\n%s", err, out)
	}
	copyDB := kithtest.OpenAt(t, restored)
	f := kithtest.NewFixture(t, copyDB)
	team := f.Team("After the restore", f.Service("Restored service"))
	prac := f.User("rhea.restore", []kith.Role{kith.RolePractitioner}, team)
	c := f.Case(f.Actor(prac), "Rory", "Rowan", kithtest.Date(2016, 6, 6), team)
	f.Finalised(f.Actor(prac), c.Reference, kithtest.VisitInput(1))
	if n := count(t, source, `SELECT COUNT(*) FROM cases WHERE reference = '`+c.Reference+`'`); n != 0 {
		t.Errorf("the copy gave a new case the reference %s, which the backed-up council already used", c.Reference)
	}
	again, _, err := run(t, "", "verify", "--db", restored, "--store=false")
	if err != nil || !strings.Contains(again, "Nothing has changed.") || finalCount(t, again) != finalCount(t, before)+1 {
		t.Errorf("verify after writing on the copy: %v\n%s", err, again)
	}
}

// tableCounts counts the rows of every table in the database.
func tableCounts(t *testing.T, url string) map[string]int {
	t.Helper()
	conn, err := sql.Open("pgx", url)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	rows, err := conn.Query(`SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE'`)
	if err != nil {
		t.Fatal(err)
	}
	var tables []string
	for rows.Next() {
		var name string
		if err := rows.Scan(&name); err != nil {
			t.Fatal(err)
		}
		tables = append(tables, name)
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	counts := map[string]int{}
	for _, name := range tables {
		counts[name] = count(t, url, `SELECT COUNT(*) FROM "`+name+`"`)
	}
	return counts
}

func count(t *testing.T, url, query string) int {
	t.Helper()
	conn, err := sql.Open("pgx", url)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	var n int
	if err := conn.QueryRow(query).Scan(&n); err != nil {
		t.Fatalf("%s: %v", query, err)
	}
	return n
}

var finalRecords = regexp.MustCompile(`and (\d+) final records`)

// finalCount is how many final records a verify report says it checked.
func finalCount(t *testing.T, report string) int {
	t.Helper()
	m := finalRecords.FindStringSubmatch(report)
	if m == nil {
		t.Fatalf("no count of final records in:\n%s", report)
	}
	n, _ := strconv.Atoi(m[1])
	return n
}
