package main

import (
	"context"
	"io"

	"kith/bench"
)

func runBench(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := newFlags("bench", "bench [--open N] [--closed N] [--records N] [--busy N] [--n N] [--only prefixes] [--db postgres://…]", stderr)
	cfg := bench.DefaultConfig()
	fs.IntVar(&cfg.OpenCases, "open", cfg.OpenCases, "open cases in the synthetic council")
	fs.IntVar(&cfg.ClosedCases, "closed", cfg.ClosedCases, "closed cases in the synthetic council")
	fs.IntVar(&cfg.RecordsPerCase, "records", cfg.RecordsPerCase, "average final records per case")
	fs.IntVar(&cfg.BusyRecords, "busy", cfg.BusyRecords, "records in the one long running record that record/list-recent reads")
	fs.IntVar(&cfg.N, "n", cfg.N, "timed requests per operation")
	fs.StringVar(&cfg.Cache, "cache", cfg.Cache, "folder to keep generated councils in, so later runs reuse them")
	fs.StringVar(&cfg.Only, "only", "", "time only the operations whose names start with these comma-separated prefixes (e.g. record/)")
	fs.StringVar(&cfg.Postgres, "db", "", "a postgres:// URL to benchmark PostgreSQL instead of SQLite (the database must be empty)")
	if err := parse(fs, args); err != nil {
		return err
	}
	return bench.Run(ctx, cfg, stdout)
}
