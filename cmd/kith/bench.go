package main

import (
	"context"
	"fmt"
	"io"
	"strconv"
	"strings"

	"kith/bench"
)

func runBench(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := newFlags("bench", "bench [--open N] [--closed N] [--records N] [--busy N] [--n N] [--only prefixes] [--concurrency 1,4,16,64] [--load-time 10s] [--chart FILE.svg] [--profile DIR] [--db postgres://…]", stderr)
	cfg := bench.DefaultConfig()
	fs.IntVar(&cfg.OpenCases, "open", cfg.OpenCases, "open cases in the synthetic council")
	fs.IntVar(&cfg.ClosedCases, "closed", cfg.ClosedCases, "closed cases in the synthetic council")
	fs.IntVar(&cfg.RecordsPerCase, "records", cfg.RecordsPerCase, "average final records per case")
	fs.IntVar(&cfg.BusyRecords, "busy", cfg.BusyRecords, "records in the one long running record that record/list-recent reads")
	fs.IntVar(&cfg.N, "n", cfg.N, "timed requests per operation")
	fs.StringVar(&cfg.Cache, "cache", cfg.Cache, "folder to keep generated councils in, so later runs reuse them")
	fs.StringVar(&cfg.Only, "only", "", "time only the operations whose names start with these comma-separated prefixes (e.g. record/)")
	fs.StringVar(&cfg.Postgres, "db", "", "a postgres:// URL to benchmark PostgreSQL instead of SQLite (an empty database, or one an earlier run generated the same council into, which is reused)")
	levels := fs.String("concurrency", "1,4,16,64", "the concurrency sweep's levels (clients at once, comma-separated); empty for no sweep")
	fs.DurationVar(&cfg.LoadTime, "load-time", cfg.LoadTime, "how long each level of the sweep runs")
	fs.StringVar(&cfg.Chart, "chart", "", "write the sweep's chart (SVG) to this file")
	fs.StringVar(&cfg.Profile, "profile", "", "write CPU profiles of the table and of the sweep, and an allocation profile, into this folder")
	if err := parse(fs, args); err != nil {
		return err
	}
	var err error
	if cfg.Concurrency, err = parseLevels(*levels); err != nil {
		return err
	}
	return bench.Run(ctx, cfg, stdout)
}

// parseLevels reads --concurrency: whole numbers from 1 to 1024, comma-
// separated.
func parseLevels(v string) ([]int, error) {
	var levels []int
	for _, f := range strings.Split(v, ",") {
		f = strings.TrimSpace(f)
		if f == "" {
			continue
		}
		n, err := strconv.Atoi(f)
		if err != nil || n < 1 || n > 1024 {
			return nil, usageError{fmt.Sprintf("--concurrency: %q is not a number of clients from 1 to 1024", f)}
		}
		levels = append(levels, n)
	}
	return levels, nil
}
