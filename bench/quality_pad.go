package bench

import (
	"cmp"
	"context"
	"fmt"
	"io"
	"log/slog"
	"math/rand/v2"
	"slices"
	"strings"
	"time"

	"kith/sqldb"
)

// uniquePrints is how many prints of its own a real record of the synthetic
// council's length has: about 70 words give about 30 winnowing
// fingerprints and a couple of long sentences, most of them found in no
// other record.
const uniquePrints = 30

// padTextIndex sizes the copy-paste index as a real council's would be.
// The synthetic council's writing is made from templates, so its 3.1
// million records share a few thousand distinct prints, all of them
// boilerplate; real writing is mostly its own. Each record is given
// uniquePrints random prints of its own (held by one record, so with no
// counts), so the index's postings, and every lookup in them, are the
// size they would be. It runs once, on the cached council: a council already padded
// is left alone.
func padTextIndex(ctx context.Context, path string, out io.Writer) error {
	db, err := sqldb.Open(ctx, path)
	if err != nil {
		return err
	}
	defer db.Close()
	db.Log = slog.New(slog.NewTextHandler(io.Discard, nil))
	w := db.WritePool()
	var docs, postings, single int64
	if err := w.QueryRowContext(ctx, `SELECT COUNT(*) FROM text_docs`).Scan(&docs); err != nil {
		return err
	}
	// A council padded before counts were kept only for prints held by
	// several cases still holds a count for every padded print: they go.
	if err := w.QueryRowContext(ctx, `SELECT COUNT(*) FROM text_print_stats WHERE cases < 2`).Scan(&single); err != nil {
		return err
	}
	if single > 0 {
		start := time.Now()
		if _, err := w.ExecContext(ctx, `DELETE FROM text_print_stats WHERE cases < 2`); err != nil {
			return err
		}
		fmt.Fprintf(out, "Removed %d counts of prints held by one case (%s).\n", single, time.Since(start).Round(time.Second))
	}
	if err := w.QueryRowContext(ctx, `SELECT COUNT(*) FROM text_prints`).Scan(&postings); err != nil {
		return err
	}
	if docs == 0 || postings >= docs*uniquePrints/2 {
		return db.Checkpoint(ctx)
	}
	start := time.Now()
	fmt.Fprintf(out, "Giving each of the %d indexed records %d prints of its own, as real writing has…\n", docs, uniquePrints)
	type posting struct {
		hash int64
		doc  int64
	}
	r := rand.New(rand.NewPCG(7, 11))
	ps := make([]posting, 0, docs*uniquePrints)
	for d := int64(1); d <= docs; d++ {
		for k := 0; k < uniquePrints; k++ {
			ps = append(ps, posting{int64(r.Uint64()), d})
		}
	}
	slices.SortFunc(ps, func(a, b posting) int { return cmp.Compare(a.hash, b.hash) })
	ps = slices.CompactFunc(ps, func(a, b posting) bool { return a.hash == b.hash })
	insert := func(table string, row func(n int) string, width int, values func(p posting) []any) error {
		const perStmt, perTx = 400, 200000
		for from := 0; from < len(ps); from += perTx {
			to := min(len(ps), from+perTx)
			tx, err := w.BeginTx(ctx, nil)
			if err != nil {
				return err
			}
			for s := from; s < to; s += perStmt {
				e := min(to, s+perStmt)
				var b strings.Builder
				args := make([]any, 0, (e-s)*width)
				b.WriteString("INSERT INTO " + table + " VALUES ")
				for i := s; i < e; i++ {
					if i > s {
						b.WriteString(", ")
					}
					b.WriteString(row(len(args)))
					args = append(args, values(ps[i])...)
				}
				b.WriteString(" ON CONFLICT DO NOTHING")
				if _, err := tx.ExecContext(ctx, b.String(), args...); err != nil {
					tx.Rollback()
					return fmt.Errorf("%s: %w", table, err)
				}
			}
			if err := tx.Commit(); err != nil {
				return err
			}
		}
		fmt.Fprintf(out, "  %s: %d rows (%s)\n", table, len(ps), time.Since(start).Round(time.Second))
		return nil
	}
	if err := insert("text_prints (hash, doc_id)", func(n int) string { return fmt.Sprintf("($%d, $%d)", n+1, n+2) }, 2,
		func(p posting) []any { return []any{p.hash, p.doc} }); err != nil {
		return err
	}
	return db.Checkpoint(ctx)
}
