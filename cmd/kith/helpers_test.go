package main

import (
	"context"
	"flag"
	"io"
	"log/slog"
	"testing"

	"kith/sqldb"
)

func errHelp() error { return flag.ErrHelp }

func mustOpen(t *testing.T, path string) *sqldb.DB {
	t.Helper()
	db, err := openDB(context.Background(), path, slog.New(slog.NewTextHandler(io.Discard, nil)))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}
