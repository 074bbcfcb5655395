package sqldb

import (
	"context"
	"testing"

	"kith"
)

// RawExec runs SQL directly, bypassing Kith's services, for tests that
// check what the database itself refuses.
func (db *DB) RawExec(ctx context.Context, q string, args ...any) error {
	_, err := db.writer.ExecContext(ctx, q, args...)
	return err
}

// RawCount runs a COUNT query directly.
func (db *DB) RawCount(t testing.TB, q string, args ...any) int {
	t.Helper()
	var n int
	if err := db.reader.QueryRowContext(context.Background(), q, args...).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

// MigrateTo brings the schema up to version and no further, as an older
// Kith left it, with the templates Kith ships.
func (db *DB) MigrateTo(ctx context.Context, version int64) error {
	p, err := db.provider()
	if err != nil {
		return err
	}
	if _, err := p.UpTo(ctx, version); err != nil {
		return err
	}
	builtin, err := kith.BuiltinTemplates()
	if err != nil {
		return err
	}
	return db.SyncTemplates(ctx, builtin)
}
