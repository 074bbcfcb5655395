package sqldb

import (
	"context"
	"fmt"
	"time"

	"kith"
)

// storedRoot is a daily root as the database holds it.
type storedRoot struct {
	day     kith.Date
	takenAt time.Time
	root    string
	line    string
}

func (tx *Tx) storedRoots(ctx context.Context) ([]storedRoot, error) {
	rows, err := tx.QueryContext(ctx, `SELECT day, taken_at, root, line FROM chain_roots ORDER BY day`)
	if err != nil {
		return nil, fmt.Errorf("daily roots: %w", err)
	}
	defer rows.Close()
	var out []storedRoot
	for rows.Next() {
		var s storedRoot
		var day scanDate
		var at scanTime
		if err := rows.Scan(&day, &at, &s.root, &s.line); err != nil {
			return nil, err
		}
		s.day, s.takenAt = day.D, at.T
		out = append(out, s)
	}
	return out, rows.Err()
}

// TakeDailyRoot takes the root of the council's yesterday, if no server has
// yet: every chain's head as it stands now, hashed with the root before it.
// It returns the root and whether this call took it (the caller logs it,
// so that a copy leaves the database); an earlier call's root otherwise.
// Every server may call it: one takes it.
func (db *DB) TakeDailyRoot(ctx context.Context) (*kith.ChainRoot, bool, error) {
	var root *kith.ChainRoot
	took := false
	err := db.write(ctx, func(tx *Tx) error {
		day := tx.Today().AddDays(-1)
		var prev string
		var prevDay scanDate
		var line string
		err := tx.QueryRowContext(ctx, `SELECT day, root, line FROM chain_roots ORDER BY day DESC LIMIT 1`).Scan(&prevDay, &prev, &line)
		switch {
		case errNoRows(err):
			prev = kith.GenesisHash
		case err != nil:
			return fmt.Errorf("last daily root: %w", err)
		case !prevDay.D.Before(day):
			r, err := kith.ParseRootLine(line)
			if err != nil {
				return fmt.Errorf("the daily root of %s: %w", prevDay.D, err)
			}
			root = &r
			return nil
		}
		heads, err := chainHeads(ctx, tx)
		if err != nil {
			return err
		}
		r := kith.ChainRoot{Day: day, TakenAt: tx.now, Heads: heads, Prev: prev, Root: kith.RootHash(prev, day, heads)}
		res, err := tx.ExecContext(ctx, `INSERT INTO chain_roots (day, taken_at, root, line) VALUES ($1, $2, $3, $4) ON CONFLICT (day) DO NOTHING`,
			dt(day), ts(tx.now), r.Root, r.Line())
		if err != nil {
			return fmt.Errorf("write the daily root: %w", err)
		}
		n, _ := res.RowsAffected()
		took, root = n == 1, &r
		return nil
	})
	return root, took && err == nil, err
}

// DailyRoots returns the daily roots, newest first, with the lines to
// export (kept in the database as written, so that what is exported is
// what was logged).
func (db *DB) DailyRoots(ctx context.Context, limit int) ([]kith.ChainRoot, error) {
	var out []kith.ChainRoot
	err := db.read(ctx, func(tx *Tx) error {
		q := `SELECT day, taken_at, root, line FROM chain_roots ORDER BY day DESC`
		args := []any{}
		if limit > 0 {
			q += ` LIMIT $1`
			args = append(args, limit)
		}
		rows, err := tx.QueryContext(ctx, q, args...)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var day scanDate
			var at scanTime
			var root, line string
			if err := rows.Scan(&day, &at, &root, &line); err != nil {
				return err
			}
			r, err := kith.ParseRootLine(line)
			if err != nil {
				// Shown as stored; the check says what is wrong with it.
				r = kith.ChainRoot{Day: day.D, Root: root}
			}
			r.TakenAt = at.T
			out = append(out, r)
		}
		return rows.Err()
	})
	return out, err
}

// DailyRootLines returns every daily root as its line, oldest first: the
// export an operator keeps outside the database.
func (db *DB) DailyRootLines(ctx context.Context) ([]string, error) {
	var out []string
	err := db.read(ctx, func(tx *Tx) error {
		roots, err := tx.storedRoots(ctx)
		for _, r := range roots {
			out = append(out, r.line)
		}
		return err
	})
	return out, err
}

// checkRoots checks the daily roots in the database (each must hash to
// what it lists and follow the one before) and those kept outside it
// (each must be in the database as it was), and that each chain still
// holds, at every entry a root names, the hash the root recorded: a chain
// rewritten after a root was taken no longer does.
func (db *DB) checkRoots(ctx context.Context, rep *kith.IntegrityReport, heads []kith.ChainHead, stored []storedRoot, external []kith.ChainRoot) error {
	seqs := map[kith.Chain]int64{}
	for _, h := range heads {
		seqs[h.Chain] = h.Seq
	}
	return db.read(ctx, func(tx *Tx) error {
		check := func(r kith.ChainRoot, which string) error {
			for _, h := range r.Heads {
				p := kith.IntegrityProblem{Chain: h.Chain, Seq: h.Seq}
				switch {
				case h.Seq > seqs[h.Chain]:
					p.What = fmt.Sprintf("%s records %d entries, but the chain now has %d: entries were deleted", which, h.Seq, seqs[h.Chain])
				case h.Seq == 0:
					if h.Hash != kith.GenesisHash {
						p.What = which + " holds a hash for an empty chain"
					}
				default:
					var hash string
					err := tx.QueryRowContext(ctx, `SELECT hash FROM chain_links WHERE chain = $1 AND seq = $2`, string(h.Chain), h.Seq).Scan(&hash)
					switch {
					case errNoRows(err):
						p.What = fmt.Sprintf("the entry %s records is missing: it was deleted", which)
					case err != nil:
						return err
					case hash != h.Hash:
						p.What = fmt.Sprintf("the entry's hash is not the one %s records: the chain was rewritten after it was taken", which)
					}
				}
				if p.What != "" {
					rep.Add(p)
				}
			}
			return nil
		}
		byDay := map[kith.Date]string{}
		prev := kith.GenesisHash
		for _, s := range stored {
			which := "the daily root of " + s.day.Long()
			r, err := kith.ParseRootLine(s.line)
			if err != nil || r.Root != s.root || r.Day != s.day {
				rep.Add(kith.IntegrityProblem{What: which + " was changed: its hash does not match what it lists"})
				continue
			}
			if r.Prev != prev {
				rep.Add(kith.IntegrityProblem{What: which + " does not follow the root before it: a root was removed or changed"})
			}
			prev = r.Root
			byDay[r.Day] = r.Root
			rep.Roots++
			if err := check(r, which); err != nil {
				return err
			}
		}
		for _, r := range external {
			which := "the copy of the daily root of " + r.Day.Long() + " kept outside the database"
			switch in, ok := byDay[r.Day]; {
			case !ok:
				rep.Add(kith.IntegrityProblem{What: "the daily root of " + r.Day.Long() + " is kept outside the database but is not in it: it was removed or changed"})
			case in != r.Root:
				rep.Add(kith.IntegrityProblem{What: "the daily root of " + r.Day.Long() + " in the database is not " + which})
			}
			rep.ExternalRoots++
			if err := check(r, which); err != nil {
				return err
			}
		}
		return nil
	})
}
