package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"log/slog"
	"os"
	"strings"

	"kith/sqldb"
)

// mustExist refuses a SQLite database that is not there, for the commands
// that read or change a council's database rather than start one (all but
// serve, demo, migrate and user add): opening a SQLite file that does not exist
// makes an empty one, and a mistyped --db would leave an empty database
// behind and report on it as if it were the council's.
func mustExist(addr string) error {
	if strings.HasPrefix(addr, "postgres://") || strings.HasPrefix(addr, "postgresql://") {
		return nil
	}
	path := strings.TrimPrefix(addr, "file:")
	if i := strings.IndexByte(path, '?'); i >= 0 {
		path = path[:i]
	}
	if _, err := os.Stat(path); errors.Is(err, fs.ErrNotExist) {
		return fmt.Errorf("there is no Kith database at %s: check --db or KITH_DB (kith serve or kith demo makes a new one)", path)
	}
	return nil
}

// openDB opens and migrates the database.
func openDB(ctx context.Context, addr string, log *slog.Logger) (*sqldb.DB, error) {
	db, err := sqldb.Open(ctx, addr)
	if err != nil {
		return nil, err
	}
	db.Log = log
	if err := db.Migrate(ctx); err != nil {
		db.Close()
		return nil, err
	}
	return db, nil
}

func runMigrate(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := newFlags("migrate", "migrate [--db …] [status]", stderr)
	addr := dbFlag(fs)
	// "status" may come before the flags or after them: `kith migrate
	// status --db …` must not quietly read the default database instead.
	status := len(args) > 0 && args[0] == "status"
	if status {
		args = args[1:]
	}
	if err := parse(fs, args); err != nil {
		return err
	}
	status = status || fs.Arg(0) == "status"
	if status {
		if err := mustExist(*addr); err != nil {
			return err
		}
	}
	db, err := sqldb.Open(ctx, *addr)
	if err != nil {
		return err
	}
	defer db.Close()
	db.Log = slog.New(slog.NewTextHandler(stderr, nil))
	if !status {
		if err := db.Migrate(ctx); err != nil {
			return err
		}
	}
	st, err := db.MigrationStatuses(ctx)
	if err != nil {
		return err
	}
	for _, s := range st {
		state := "pending"
		if s.Applied {
			state = "applied"
		}
		fmt.Fprintf(stdout, "%05d  %-8s %s\n", s.Version, state, s.File)
	}
	return nil
}
