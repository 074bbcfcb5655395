package sqldb

import (
	"context"
	"database/sql"
	"fmt"
	"strings"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/stdlib"
)

// On PostgreSQL a bulk load sends its rows with COPY (pgx's CopyFrom, in
// the binary format) rather than as multi-row INSERTs: the server neither
// parses nor plans statements of thousands of parameters, and each value
// crosses the wire once, in its own type. The rows still go in inside the
// batch's one transaction, on its connection, so a failed batch leaves
// nothing behind.
//
// Two kinds of table cannot take COPY straight. A table whose rows may
// already be there (a name term, a person's indexed name) is inserted with
// ON CONFLICT, which COPY has no way to say. Records need their search
// document computed by the server from the headline and body, as
// FinaliseRecord does, and a final record cannot be updated afterwards;
// so they are copied into a temporary table of the same columns and moved
// into records by one INSERT … SELECT that computes the document.

// bulkCopyStage is the temporary table records are copied into. It is
// made in the batch's transaction and dropped when it ends, so nothing of
// it stays on the connection when the pool hands it to someone else.
const bulkCopyStage = "bulk_records_stage"

// copies reports whether the table's rows go in by COPY.
func (t *bulkTable) copies(d Dialect) bool {
	return d == Postgres && t.suffix == ""
}

// columnList splits a comma-separated list of columns, as CopyFrom wants
// them.
func columnList(list string) []string {
	cols := strings.Split(list, ",")
	for i := range cols {
		cols[i] = strings.TrimSpace(cols[i])
	}
	return cols
}

// copyRows copies rows of args (ncols values each) into table on the
// connection conn, inside whatever transaction conn has open.
func copyRows(ctx context.Context, conn *sql.Conn, table string, cols []string, args []any, rows int) error {
	if rows == 0 {
		return nil
	}
	ncols := len(cols)
	return conn.Raw(func(dc any) error {
		pc, ok := dc.(*stdlib.Conn)
		if !ok {
			return fmt.Errorf("bulk: copy %s: not a PostgreSQL connection (%T)", table, dc)
		}
		n, err := pc.Conn().CopyFrom(ctx, pgx.Identifier{table}, cols, pgx.CopyFromSlice(rows, func(i int) ([]any, error) {
			return args[i*ncols : (i+1)*ncols], nil
		}))
		if err != nil {
			return fmt.Errorf("bulk: copy %s: %w", table, err)
		}
		if n != int64(rows) {
			return fmt.Errorf("bulk: copy %s: %d of %d rows written", table, n, rows)
		}
		return nil
	})
}

// copyRecords writes a batch's records through the staging table, the
// search document of each final one computed on the way in.
func (b *Bulk) copyRecords(ctx context.Context, conn *sql.Conn, tx *sql.Tx, t *bulkTable, args []any, rows int) error {
	if rows == 0 {
		return nil
	}
	if _, err := tx.ExecContext(ctx, `CREATE TEMPORARY TABLE `+bulkCopyStage+
		` ON COMMIT DROP AS SELECT `+bulkRecordCols+` FROM records WITH NO DATA`); err != nil {
		return fmt.Errorf("bulk: records staging table: %w", err)
	}
	if err := copyRows(ctx, conn, bulkCopyStage, columnList(bulkRecordCols), args, rows); err != nil {
		return err
	}
	_, err := tx.ExecContext(ctx, `INSERT INTO records (`+bulkRecordCols+`, search_doc)
		SELECT `+bulkRecordCols+`, CASE WHEN status = 'final' THEN `+
		`setweight(to_tsvector('english', headline), 'A') || to_tsvector('english', body) END
		FROM `+bulkCopyStage)
	if err != nil {
		return fmt.Errorf("bulk: records: %w", err)
	}
	return nil
}
