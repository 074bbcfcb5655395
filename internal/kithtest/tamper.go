package kithtest

import (
	"context"
	"database/sql"
	"strings"
	"sync"
	"testing"

	"kith/sqldb"
)

// addrs remembers where each database OpenAt opened lives, so that a test
// can reach it as someone other than Kith would.
var addrs sync.Map // *sqldb.DB -> string

// BehindKithsBack changes a database as a database user with the rights
// to do so could, not through Kith: it drops the triggers on tables (the
// database's own refusal to change a final record or the audit log), runs
// each statement, and puts the triggers back. Tests use it to show that
// Kith notices.
func BehindKithsBack(t testing.TB, db *sqldb.DB, tables []string, stmts ...string) {
	t.Helper()
	a, ok := addrs.Load(db)
	if !ok {
		t.Fatal("kithtest: the database was not opened by kithtest.OpenDB")
	}
	addr := a.(string)
	driver := "sqlite"
	if strings.HasPrefix(addr, "postgres") {
		driver = "pgx"
	} else {
		addr = "file:" + addr + "?_pragma=busy_timeout(10000)"
	}
	raw, err := sql.Open(driver, addr)
	if err != nil {
		t.Fatal(err)
	}
	defer raw.Close()
	raw.SetMaxOpenConns(1)
	ctx := context.Background()
	exec := func(q string) {
		t.Helper()
		if _, err := raw.ExecContext(ctx, q); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
	}
	var restore []string
	for _, table := range tables {
		q := `SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND tbl_name = $1`
		drop := "DROP TRIGGER %s"
		if driver == "pgx" {
			q = `SELECT tgname, pg_get_triggerdef(oid) FROM pg_trigger WHERE tgrelid = $1::regclass AND NOT tgisinternal`
			drop = "DROP TRIGGER %s ON " + table
		}
		rows, err := raw.QueryContext(ctx, q, table)
		if err != nil {
			t.Fatal(err)
		}
		var names []string
		for rows.Next() {
			var name, def string
			if err := rows.Scan(&name, &def); err != nil {
				t.Fatal(err)
			}
			names, restore = append(names, name), append(restore, def)
		}
		rows.Close()
		for _, n := range names {
			exec(strings.Replace(drop, "%s", n, 1))
		}
	}
	for _, s := range stmts {
		exec(s)
	}
	for _, def := range restore {
		exec(def)
	}
}
