package main

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"log/slog"
	"os"
	"strings"

	"kith"
	"kith/sqldb"
)

// runVerify checks that the record of truth is as it was written (see
// sqldb's Verify): every chain, every final record, and the daily roots,
// in the database and in a file kept outside it. It prints what it found,
// keeps the result for the integrity page and metrics, and fails (exit 1)
// when anything has changed. `kith verify roots` prints the daily roots
// instead, one a line, for a copy to keep elsewhere.
func runVerify(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := newFlags("verify", "verify [--db …] [--roots FILE] | verify roots [--db …]", stderr)
	addr := dbFlag(fs)
	rootsFile := fs.String("roots", "", "a file of daily roots kept outside the database (as the integrity page downloads them) to check against")
	store := fs.Bool("store", true, "keep the result in the database, for the integrity page and the metrics")
	if len(args) > 0 && args[0] == "roots" {
		if err := parse(fs, args[1:]); err != nil {
			return err
		}
		return printRoots(ctx, *addr, stdout, stderr)
	}
	if err := parse(fs, args); err != nil {
		return err
	}
	var opts sqldb.VerifyOptions
	if *rootsFile != "" {
		roots, err := readRoots(*rootsFile)
		if err != nil {
			return err
		}
		opts.Roots = roots
	}
	db, err := openUnmigrated(ctx, *addr, stderr)
	if err != nil {
		return err
	}
	defer db.Close()
	rep, err := db.Verify(ctx, opts)
	if err != nil {
		return err
	}
	writeReport(stdout, rep)
	if *store {
		if err := db.StoreCheck(ctx, rep); err != nil {
			fmt.Fprintf(stderr, "kith: the result could not be kept in the database: %v\n", err)
		}
	}
	if !rep.OK() {
		return fmt.Errorf("the check found %d %s: records or the access log changed after they were written", rep.ProblemCount, plural(rep.ProblemCount, "problem", "problems"))
	}
	return nil
}

// openUnmigrated opens the database as it is: a check must not change what
// it checks (migrating would add what waits in the backlog to the chains).
func openUnmigrated(ctx context.Context, addr string, stderr io.Writer) (*sqldb.DB, error) {
	if err := mustExist(addr); err != nil {
		return nil, err
	}
	db, err := sqldb.Open(ctx, addr)
	if err != nil {
		return nil, err
	}
	db.Log = slog.New(slog.NewTextHandler(stderr, nil))
	st, err := db.MigrationStatuses(ctx)
	if err != nil {
		db.Close()
		return nil, err
	}
	for _, s := range st {
		if !s.Applied {
			db.Close()
			return nil, fmt.Errorf("the database's schema is not up to date (migration %05d has not run): run kith migrate first", s.Version)
		}
	}
	return db, nil
}

// writeReport prints a check's result: what it checked, then the first
// broken link of each chain, then every problem it listed.
func writeReport(w io.Writer, rep *kith.IntegrityReport) {
	fmt.Fprintln(w, rep.Summary())
	if secs := rep.FinishedAt.Sub(rep.StartedAt).Seconds(); secs > 0 {
		fmt.Fprintf(w, "(%.0f chain entries and %.0f final records a second.)\n", float64(rep.Entries())/secs, float64(rep.Records)/secs)
	}
	for _, c := range rep.Chains {
		fmt.Fprintf(w, "  %-14s %d entries\n", c.Chain.Label()+":", c.Entries)
	}
	if rep.WithoutVersions > 0 {
		fmt.Fprintf(w, "%d final records have no saved version to compare with (records loaded in bulk are stored without them).\n", rep.WithoutVersions)
	}
	if rep.Disposed > 0 {
		fmt.Fprintf(w, "%d entries' rows were removed by approved disposals: their links were checked from the digests kept in their place.\n", rep.Disposed)
	}
	if rep.OK() {
		return
	}
	fmt.Fprintln(w, "\nWhere each chain first breaks:")
	for _, p := range rep.First() {
		fmt.Fprintln(w, "  "+p.Message())
	}
	fmt.Fprintf(w, "\nEverything found (%d):\n", rep.ProblemCount)
	for _, p := range rep.Problems {
		fmt.Fprintln(w, "  "+p.Message())
	}
	if rep.ProblemCount > len(rep.Problems) {
		fmt.Fprintf(w, "  … and %d more.\n", rep.ProblemCount-len(rep.Problems))
	}
}

// readRoots reads a file of daily roots: one a line, as exported (lines
// starting # and blank lines are skipped; a line of the JSON log holding
// a root is read too).
func readRoots(path string) ([]kith.ChainRoot, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	var out []kith.ChainRoot
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 64*1024), 1<<20)
	for n := 1; sc.Scan(); n++ {
		line := strings.TrimSpace(sc.Text())
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		r, err := kith.ParseRootLine(line)
		if err != nil {
			return nil, fmt.Errorf("%s line %d: %w", path, n, err)
		}
		out = append(out, r)
	}
	if err := sc.Err(); err != nil {
		return nil, err
	}
	if len(out) == 0 {
		return nil, fmt.Errorf("%s holds no daily root", path)
	}
	return out, nil
}

// printRoots prints every daily root, oldest first.
func printRoots(ctx context.Context, addr string, stdout, stderr io.Writer) error {
	db, err := openUnmigrated(ctx, addr, stderr)
	if err != nil {
		return err
	}
	defer db.Close()
	lines, err := db.DailyRootLines(ctx)
	if err != nil {
		return err
	}
	for _, l := range lines {
		fmt.Fprintln(stdout, l)
	}
	return nil
}

func plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}
