// Package bench measures Kith at council scale: it builds a synthetic
// council (15,000 open and 45,000 closed cases by default, with about
// three million records in their running records), then times the
// screens practitioners use all day through the real HTTP handler, the
// running record's writes through the storage layer, and the same results
// fetched or written by hand-written SQL straight from the engine, so each
// row can say how close Kith comes to the engine's own speed.
//
// Add an operation by appending to operations(): a name, a Kith request
// (or storage call) and a raw query function.
package bench

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"math/rand/v2"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"text/tabwriter"
	"time"

	"kith"
	"kith/export"
	"kith/sqldb"
	"kith/synth"
	"kith/web"
)

// Config says what to measure.
type Config struct {
	OpenCases, ClosedCases int
	// RecordsPerCase is the average number of final records per case;
	// BusyRecords is the number in the one long case the running record
	// is timed on.
	RecordsPerCase, BusyRecords int
	// N is the number of timed requests per operation.
	N    int
	Seed int64
	// Cache is a folder where generated SQLite councils are kept, so
	// later runs skip generation.
	Cache string
	// Postgres, when set, benchmarks a PostgreSQL database instead of
	// SQLite: an empty one, which the council is generated into, or one
	// an earlier run generated the same council into, which is reused.
	Postgres string
	// Only, when set, times only the operations whose names start with
	// one of its comma-separated prefixes.
	Only string
	// Concurrency is the levels of the concurrency sweep (clients at
	// once), each run for LoadTime; no levels, no sweep. The sweep is
	// chosen by Only as "load/".
	Concurrency []int
	LoadTime    time.Duration
	// Chart, when set, is a file the sweep's chart is written to (SVG).
	Chart string
	// Profile, when set, is a folder CPU profiles of the timed table and
	// of the sweep, and an allocation profile, are written to, for go
	// tool pprof.
	Profile string
}

// DefaultConfig is the council the issue names: 15,000 open cases and
// 45,000 closed.
func DefaultConfig() Config {
	return Config{OpenCases: 15000, ClosedCases: 45000, RecordsPerCase: 52, BusyRecords: 5000, N: 400, Seed: 7, Cache: ".bench",
		Concurrency: []int{1, 4, 16, 64}, LoadTime: 10 * time.Second}
}

// Result is one row of the table.
type Result struct {
	Operation     string
	N             int
	P50, P95, P99 time.Duration
	OpsPerSec     float64
	RawP50        time.Duration
	// RawRatio is the engine's own time for the same result divided by
	// Kith's (1 would mean Kith adds nothing).
	RawRatio float64
	// Statements is what Kith sent the engine for each request, BEGIN
	// and COMMIT included: round trips, on PostgreSQL. It is zero for an
	// operation timed while other work runs beside it.
	Statements float64
}

// Run builds (or reuses) the council, runs every operation and prints the
// table.
func Run(ctx context.Context, cfg Config, out io.Writer) error {
	if cfg.N < 10 {
		cfg.N = 10
	}
	db, council, err := openCouncil(ctx, cfg, out)
	if err != nil {
		return err
	}
	defer db.Close()
	// The copy-paste index is merged, and SQLite's log checkpointed, in
	// the background, as kith serve does, while every row is timed.
	background, stop := context.WithCancel(ctx)
	defer stop()
	go db.MergeTextInBackground(background, time.Second)
	go db.CheckpointInBackground(background, sqldb.CheckpointEvery)
	srv, err := web.New(ctx, db, web.DefaultConfig(), slog.New(slog.NewTextHandler(io.Discard, nil)))
	if err != nil {
		return err
	}
	printer := export.NewPrinter("")
	defer printer.Close()
	srv.SetPrinter(printer)
	w, err := newWorkload(ctx, db, council, cfg.Seed)
	if err != nil {
		return err
	}
	fmt.Fprintln(out, "Writing drafts to finalise and save…")
	rw, err := newRecordWork(ctx, db, srv, w, council, cfg.N)
	if err != nil {
		return err
	}
	tw, err := newTimelinessWork(ctx, db, w, council)
	if err != nil {
		return err
	}
	sw, err := newSummaryWork(ctx, db, rw)
	if err != nil {
		return err
	}
	qw, err := newQualityWork(ctx, db, w, rw, cfg.N)
	if err != nil {
		return err
	}
	if db.Dialect == sqldb.Postgres {
		// The council was vacuumed and analysed as it was loaded, with
		// hardly a draft in it; the drafts written above are what a
		// council's practitioners always have open. A partial index
		// counted empty (records_case_other, records_drafts) would have
		// the planner scan every draft to find one by id, as it would in
		// a council analysed only before go-live: the statistics are
		// brought up to date, as autovacuum would have, before timing.
		fmt.Fprintln(out, "Analysing the records table…")
		if _, err := db.WritePool().ExecContext(ctx, `ANALYZE records`); err != nil {
			return err
		}
	}
	// Before anything is timed: the raw rows write records behind Kith's
	// back, as the check would rightly say.
	if chosen(cfg.Only, "integrity/") {
		if err := verifyOnce(ctx, db, out); err != nil {
			return fmt.Errorf("integrity/verify: %w", err)
		}
	}
	fmt.Fprintf(out, "\nTiming %d requests per operation on %s (%d open, %d closed cases, %d records)…\n\n", cfg.N, db.Dialect, cfg.OpenCases, cfg.ClosedCases, council.Counts.Records)
	prof, err := startProfiles(cfg.Profile)
	if err != nil {
		return err
	}
	defer prof.stop()
	if err := prof.startCPU("cpu-table"); err != nil {
		return err
	}
	var results []Result
	ops := append(operations(w), recordOperations(w, rw)...)
	ops = append(ops, chronologyOperations(w, rw)...)
	ops = append(ops, summaryOperations(w, rw, sw)...)
	ops = append(ops, qualityOperations(w, qw)...)
	ops = append(ops, timelinessOperations(w, tw)...)
	returnOps, err := returnsOperations(ctx, db, w, council)
	if err != nil {
		return err
	}
	ops = append(ops, returnOps...)
	exportOps, err := exportOperations(ctx, db, srv, w, cfg.Only, out)
	if err != nil {
		return err
	}
	ops = append(ops, exportOps...)
	caseFileOps, err := caseFileOperations(ctx, db, srv, w, council, cfg.Only, out)
	if err != nil {
		return err
	}
	ops = append(ops, caseFileOps...)
	sarOps, err := sarOperations(ctx, db, w, council, cfg.Only)
	if err != nil {
		return err
	}
	ops = append(ops, sarOps...)
	// Last: it empties the copy-paste index and builds it again.
	ops = append(ops, indexBuildOperations(rw)...)
	for _, op := range ops {
		if !chosen(cfg.Only, op.name) {
			continue
		}
		res, err := measure(ctx, srv, db, op, cfg.N)
		if err != nil {
			return fmt.Errorf("%s: %w", op.name, err)
		}
		results = append(results, res)
	}
	prof.stopCPU()
	printTable(out, results)
	printCaseFileMemory(out)
	if chosen(cfg.Only, "quality/") {
		qualityMemory(ctx, w.db, rw.dialect, out)
	}
	if chosen(cfg.Only, "returns/") {
		if err := returnsOnce(ctx, db, out); err != nil {
			return err
		}
	}
	if len(cfg.Concurrency) > 0 && chosen(cfg.Only, "load/") {
		fmt.Fprintf(out, "\nRunning the concurrency sweep…\n")
		if err := prof.startCPU("cpu-sweep"); err != nil {
			return err
		}
		sw, err := sweep(ctx, srv, w, rw, cfg.Concurrency, cfg.LoadTime, out)
		prof.stopCPU()
		if err != nil {
			return err
		}
		printSweep(out, sw, cfg.LoadTime)
		if cfg.Chart != "" {
			title := fmt.Sprintf("Kith on %s (%d open, %d closed cases): requests a second", db.Dialect, cfg.OpenCases, cfg.ClosedCases)
			if err := os.WriteFile(cfg.Chart, []byte(sweepChart(sw, title, mixedTarget)), 0o644); err != nil {
				return err
			}
			fmt.Fprintf(out, "The sweep's chart is in %s.\n", cfg.Chart)
		}
	}
	return prof.writeAllocs()
}

// operation is one row: a request through Kith's handler (or, for work
// no single page does, a call to the storage layer) and the raw queries
// that fetch or write the same result.
type operation struct {
	name   string
	target string // the p95 target, for the table
	// request returns the i-th request to time.
	request func(i int) *httpRequest
	// call, when set instead of request, is the i-th storage call to time.
	call func(ctx context.Context, i int) error
	// raw fetches the same result as request(i) with hand-written SQL.
	raw func(ctx context.Context, i int) error
	// n, when set, times fewer than Config.N; budget, when set, stops
	// timing a slow operation once this much time has been spent on it
	// (after at least five requests; the table's n says how many were
	// timed), and warms it up with one. Every operation has a budget of
	// defaultBudget at most.
	n      int
	budget time.Duration
	// background, when set, starts work the operation is timed beside
	// (after the warm-up) and returns whether it is still going and a
	// wait for it to end; timing stops early once it has ended (after at
	// least five calls), and the table's n says how many were timed.
	background func(ctx context.Context) (going func() bool, wait func() error, err error)
}

// defaultBudget bounds the time spent timing any one operation, so a
// regression that makes a page take seconds shows in the table instead
// of holding the run for hours.
const defaultBudget = 3 * time.Minute

// run times the i-th request or call.
func (op operation) run(ctx context.Context, srv *web.Server, i int) error {
	if op.call != nil {
		return op.call(ctx, i)
	}
	return serve(srv, op.request(i))
}

func measure(ctx context.Context, srv *web.Server, db *sqldb.DB, op operation, n int) (Result, error) {
	if op.n > 0 {
		n = min(n, op.n)
	}
	warm := max(n/10, 5)
	if op.budget > 0 {
		warm = 1
	} else {
		op.budget = defaultBudget
	}
	for i := 0; i < warm; i++ {
		if err := ctx.Err(); err != nil {
			return Result{}, err
		}
		if err := op.run(ctx, srv, i); err != nil {
			return Result{}, err
		}
		if err := op.raw(ctx, i); err != nil {
			return Result{}, fmt.Errorf("raw: %w", err)
		}
	}
	going, wait := func() bool { return true }, func() error { return nil }
	if op.background != nil {
		var err error
		if going, wait, err = op.background(ctx); err != nil {
			return Result{}, err
		}
	}
	kithTimes := make([]time.Duration, n)
	rawTimes := make([]time.Duration, n)
	statements := db.Statements()
	start := time.Now()
	for i := 0; i < n; i++ {
		if err := ctx.Err(); err != nil {
			return Result{}, err
		}
		var req *http.Request
		if op.call == nil {
			req = op.request(warm + i)
		}
		t := time.Now()
		var err error
		if req != nil {
			err = serve(srv, req)
		} else {
			err = op.call(ctx, warm+i)
		}
		if err != nil {
			return Result{}, err
		}
		kithTimes[i] = time.Since(t)
		if os.Getenv("KITH_BENCH_TRACE") != "" && kithTimes[i] > 50*time.Millisecond {
			fmt.Fprintf(os.Stderr, "%s %d: %s at %s\n", op.name, i, kithTimes[i], time.Since(start))
		}
		if i >= 4 && ((op.budget > 0 && time.Since(start) > op.budget) || !going()) {
			n = i + 1
			kithTimes, rawTimes = kithTimes[:n], rawTimes[:n]
			break
		}
	}
	total := time.Since(start)
	statements = db.Statements() - statements
	if err := wait(); err != nil {
		return Result{}, fmt.Errorf("beside: %w", err)
	}
	for i := 0; i < n; i++ {
		t := time.Now()
		if err := op.raw(ctx, warm+i); err != nil {
			return Result{}, fmt.Errorf("raw: %w", err)
		}
		rawTimes[i] = time.Since(t)
	}
	sort.Slice(kithTimes, func(a, b int) bool { return kithTimes[a] < kithTimes[b] })
	sort.Slice(rawTimes, func(a, b int) bool { return rawTimes[a] < rawTimes[b] })
	pct := func(ts []time.Duration, p float64) time.Duration { return ts[min(len(ts)-1, int(p*float64(len(ts))))] }
	label := op.name + "  (p95 target " + op.target + ")"
	if op.target == "" {
		label = op.name + "  (no target)"
	}
	r := Result{Operation: label, N: n, P50: pct(kithTimes, .5), P95: pct(kithTimes, .95), P99: pct(kithTimes, .99),
		OpsPerSec: float64(n) / total.Seconds(), RawP50: pct(rawTimes, .5)}
	r.RawRatio = float64(r.RawP50) / float64(r.P50)
	if op.background == nil {
		r.Statements = float64(statements) / float64(n)
	}
	return r, nil
}

// chosen reports whether an operation is one of those asked for.
func chosen(only, name string) bool {
	if only == "" {
		return true
	}
	for _, p := range strings.Split(only, ",") {
		if p = strings.TrimSpace(p); p != "" && strings.HasPrefix(name, p) {
			return true
		}
	}
	return false
}

func serve(srv *web.Server, req *http.Request) error {
	rec := httptest.NewRecorder()
	srv.ServeHTTP(rec, req)
	if rec.Code != http.StatusOK {
		return fmt.Errorf("%s %s: status %d: %.300s", req.Method, req.URL, rec.Code, rec.Body.String())
	}
	return nil
}

func printTable(out io.Writer, results []Result) {
	tw := tabwriter.NewWriter(out, 2, 4, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(tw, "operation\tn\tp50\tp95\tp99\tops/s\traw p50\traw ratio\tstatements\t")
	for _, r := range results {
		stmts := "–"
		if r.Statements > 0 {
			stmts = fmt.Sprintf("%.1f", r.Statements)
		}
		fmt.Fprintf(tw, "%s\t%d\t%s\t%s\t%s\t%.0f\t%s\t%.2f\t%s\t\n", r.Operation, r.N, ms(r.P50), ms(r.P95), ms(r.P99), r.OpsPerSec, ms(r.RawP50), r.RawRatio, stmts)
	}
	_ = tw.Flush()
	fmt.Fprintln(out, "\nraw ratio = the engine's own p50 for the same result (hand-written SQL, same run) ÷ Kith's p50 through the HTTP handler")
	fmt.Fprintln(out, "(or, for the rows marked storage, through the storage layer). ops/s is sequential: for")
	fmt.Fprintln(out, "record/finalise it is the sustained number of records finalised per second. statements = what")
	fmt.Fprintln(out, "Kith sent the engine per request, BEGIN and COMMIT included (round trips, on PostgreSQL).")
}

func ms(d time.Duration) string { return fmt.Sprintf("%.2f ms", float64(d.Microseconds())/1000) }

// openCouncil returns a database holding the synthetic council: a fresh
// copy of a cached SQLite council (generated once), or a PostgreSQL one
// (generated by this run or an earlier one with the same settings).
func openCouncil(ctx context.Context, cfg Config, out io.Writer) (*sqldb.DB, *synth.Council, error) {
	gen := synth.Config{Seed: cfg.Seed, OpenCases: cfg.OpenCases, ClosedCases: cfg.ClosedCases, RecordsPerCase: cfg.RecordsPerCase,
		BusyCaseRecords: cfg.BusyRecords, Password: "kith-bench-password", Now: time.Date(2026, 11, 23, 12, 0, 0, 0, time.UTC)}
	council := fmt.Sprintf("council-%d-%d-r%d-%d-s%d-%s-", cfg.OpenCases, cfg.ClosedCases, cfg.RecordsPerCase, cfg.BusyRecords, cfg.Seed, synth.Version)
	if cfg.Postgres != "" {
		return openPostgresCouncil(ctx, cfg.Postgres, strings.TrimSuffix(council, "-"), gen, out)
	}
	if err := os.MkdirAll(cfg.Cache, 0o755); err != nil {
		return nil, nil, err
	}
	key := council + schemaKey()
	cached := filepath.Join(cfg.Cache, key+".db")
	meta := filepath.Join(cfg.Cache, key+".json")
	var c synth.Council
	// A council cached under an older schema (or older shipped templates)
	// by the same generator is migrated, as a council's own database would
	// be, rather than generated again.
	if b, err := os.ReadFile(meta); err == nil && json.Unmarshal(b, &c) == nil && fileExists(cached) {
		fmt.Fprintf(out, "Reusing the council in %s (it took %s to generate).\n", cached, c.Elapsed.Round(time.Second))
	} else if older, ok := olderCouncil(cfg.Cache, council, &c); ok {
		// Migrate (and index) a copy once, and cache it under this schema:
		// later runs start from it, and the older copy goes.
		fmt.Fprintf(out, "Reusing the council in %s, cached under an older schema: migrating it…\n", older)
		if err := upgradeCouncil(ctx, older, cached, meta, &c, out); err != nil {
			return nil, nil, err
		}
	} else {
		tmp := cached + ".tmp"
		_ = os.Remove(tmp)
		db, err := sqldb.Open(ctx, tmp)
		if err != nil {
			return nil, nil, err
		}
		db.Log = slog.New(slog.NewTextHandler(io.Discard, nil))
		if err := db.Migrate(ctx); err != nil {
			return nil, nil, err
		}
		fmt.Fprintf(out, "Generating the council (%d open and %d closed cases, about %d records each)…\n", cfg.OpenCases, cfg.ClosedCases, cfg.RecordsPerCase)
		made, err := synth.Generate(ctx, db, gen, out)
		if err != nil {
			return nil, nil, err
		}
		if err := ensureTextIndex(ctx, db, out); err != nil {
			return nil, nil, err
		}
		if err := db.Checkpoint(ctx); err != nil {
			return nil, nil, err
		}
		db.Close()
		c = *made
		if err := os.Rename(tmp, cached); err != nil {
			return nil, nil, err
		}
		b, _ := json.Marshal(c)
		if err := os.WriteFile(meta, b, 0o644); err != nil {
			return nil, nil, err
		}
		fi, _ := os.Stat(cached)
		fmt.Fprintf(out, "Generated in %s (%d MB).\n", c.Elapsed.Round(time.Second), fi.Size()>>20)
	}
	if cfg.Postgres == "" {
		if err := padTextIndex(ctx, cached, out); err != nil {
			return nil, nil, fmt.Errorf("sizing the copy-paste index: %w", err)
		}
	}
	// Work on a copy, so the audit rows the benchmark writes do not pile
	// up in the cached council.
	work := filepath.Join(cfg.Cache, "work.db")
	for _, suffix := range []string{"", "-wal", "-shm"} {
		_ = os.Remove(work + suffix)
	}
	if err := copyFile(cached, work); err != nil {
		return nil, nil, err
	}
	db, err := sqldb.Open(ctx, work)
	if err != nil {
		return nil, nil, err
	}
	db.Log = slog.New(slog.NewTextHandler(io.Discard, nil))
	// As kith serve's housekeeping does as it starts (a council cached by
	// an older Kith may hold statistics this one does without).
	if err := db.Optimize(ctx); err != nil {
		db.Close()
		return nil, nil, err
	}
	return db, &c, nil
}

// upgradeCouncil migrates a council cached under an older schema, builds
// its copy-paste index, and caches it as cached (with its description in
// meta) in place of the older one, so the upgrade is done once.
func upgradeCouncil(ctx context.Context, older, cached, meta string, c *synth.Council, out io.Writer) error {
	// The working copy goes first: the disk holds two councils, not three.
	work := filepath.Join(filepath.Dir(cached), "work.db")
	for _, suffix := range []string{"", "-wal", "-shm"} {
		_ = os.Remove(work + suffix)
	}
	// The older council is replaced, so it is moved rather than copied:
	// a council is many gigabytes. (Should the migration fail, the next
	// run generates the council again.)
	tmp := cached + ".tmp"
	if err := os.Rename(older, tmp); err != nil {
		return err
	}
	_ = os.Remove(older + "-wal")
	_ = os.Remove(older + "-shm")
	db, err := sqldb.Open(ctx, tmp)
	if err != nil {
		return err
	}
	db.Log = slog.New(slog.NewTextHandler(io.Discard, nil))
	start := time.Now()
	if err := db.Migrate(ctx); err != nil {
		db.Close()
		return fmt.Errorf("migrating a copy of %s: %w", older, err)
	}
	fmt.Fprintf(out, "Migrated in %s.\n", time.Since(start).Round(time.Second))
	if err := ensureTextIndex(ctx, db, out); err != nil {
		db.Close()
		return err
	}
	if err := db.Checkpoint(ctx); err != nil {
		db.Close()
		return err
	}
	db.Close()
	if err := os.Rename(tmp, cached); err != nil {
		return err
	}
	b, _ := json.Marshal(c)
	if err := os.WriteFile(meta, b, 0o644); err != nil {
		return err
	}
	_ = os.Remove(strings.TrimSuffix(older, ".db") + ".json")
	return nil
}

// ensureTextIndex builds the writing coach's copy-paste index over the
// council's final records, in bulk, when it is empty.
func ensureTextIndex(ctx context.Context, db *sqldb.DB, out io.Writer) error {
	start := time.Now()
	fmt.Fprintln(out, "Building the copy-paste index over the council's final records…")
	n, err := db.BuildTextIndex(ctx, func(stage string, n int) {
		if n%1000000 == 0 || stage == "distinct prints" {
			fmt.Fprintf(out, "  %s: %d (%s)\n", stage, n, time.Since(start).Round(time.Second))
		}
	})
	if errors.Is(err, sqldb.ErrTextIndexHeld) {
		return nil
	}
	if err != nil {
		return fmt.Errorf("building the copy-paste index: %w", err)
	}
	fmt.Fprintf(out, "Indexed %d records in %s.\n", n, time.Since(start).Round(time.Second))
	return nil
}

// olderCouncil finds the newest council cached by the same generator
// with the same size and seed under another schema key (the file names
// differ only after prefix), and reads its description into c. The
// council's data is what the generator made, which its version names;
// a newer schema is reached by migrating a copy.
func olderCouncil(cache, prefix string, c *synth.Council) (string, bool) {
	found, _ := filepath.Glob(filepath.Join(cache, prefix+"*.db"))
	var best string
	var bestTime time.Time
	for _, f := range found {
		fi, err := os.Stat(f)
		if err != nil || !fi.Mode().IsRegular() {
			continue
		}
		if !fileExists(strings.TrimSuffix(f, ".db")+".json") || fi.ModTime().Before(bestTime) {
			continue
		}
		best, bestTime = f, fi.ModTime()
	}
	if best == "" {
		return "", false
	}
	b, err := os.ReadFile(strings.TrimSuffix(best, ".db") + ".json")
	if err != nil || json.Unmarshal(b, c) != nil {
		return "", false
	}
	return best, true
}

// schemaKey changes when the migrations or the shipped record templates
// change, so a council cached under an old schema is not used as it is:
// a copy is migrated, indexed and cached under the new key (see
// olderCouncil and upgradeCouncil).
func schemaKey() string {
	st := kith.Version
	h := sha256.New()
	if ts, err := kith.BuiltinTemplates(); err == nil {
		b, _ := json.Marshal(ts)
		h.Write(b)
	}
	return strings.NewReplacer("/", "-", " ", "-").Replace(st) + "-" + sqldb.SchemaVersion() + "-t" + hex.EncodeToString(h.Sum(nil))[:6]
}

func fileExists(p string) bool {
	_, err := os.Stat(p)
	return err == nil
}

func copyFile(from, to string) error {
	in, err := os.Open(from)
	if err != nil {
		return err
	}
	defer in.Close()
	out, err := os.Create(to)
	if err != nil {
		return err
	}
	if _, err := io.Copy(out, in); err != nil {
		out.Close()
		return err
	}
	// Write the copy to disk now: otherwise the first timed write's fsync
	// would pay for writing the whole council out.
	if err := out.Sync(); err != nil {
		out.Close()
		return err
	}
	return out.Close()
}

// workload is the realistic work the operations are drawn from.
type workload struct {
	db       *sql.DB
	dialect  string
	r        *rand.Rand
	sessions map[string]string // user id → session token
	// caseloads are practitioners with full caseloads, with their cases.
	caseloads []caseload
	names     []string
	surnames  []string
	auditor   string
}

// httpRequest is a request to time.
type httpRequest = http.Request

type caseload struct {
	userID string
	refs   []string
}

func newWorkload(ctx context.Context, db *sqldb.DB, c *synth.Council, seed int64) (*workload, error) {
	w := &workload{db: db.ReadPool(), dialect: db.Dialect.String(), r: rand.New(rand.NewPCG(uint64(seed), 99)), sessions: map[string]string{}}
	for _, p := range c.Practitioners {
		if p.Caseload < 25 {
			continue
		}
		a, err := db.Actor(ctx, p.ID)
		if err != nil {
			return nil, err
		}
		page, err := db.Caseload(ctx, a, kith.CaseloadFilter{Mine: true, Limit: 100})
		if err != nil {
			return nil, err
		}
		cl := caseload{userID: p.ID}
		for _, s := range page.Cases {
			cl.refs = append(cl.refs, s.Reference)
		}
		w.caseloads = append(w.caseloads, cl)
		if len(w.caseloads) == 50 {
			break
		}
	}
	if len(w.caseloads) == 0 {
		return nil, fmt.Errorf("the council has no practitioner with a full caseload")
	}
	for _, cl := range w.caseloads {
		tok, err := db.CreateSession(ctx, cl.userID, 24*time.Hour, kith.Actor{Via: "bench"})
		if err != nil {
			return nil, err
		}
		w.sessions[cl.userID] = tok
	}
	tok, err := db.CreateSession(ctx, c.AuditorID, 24*time.Hour, kith.Actor{Via: "bench"})
	if err != nil {
		return nil, err
	}
	w.auditor = c.AuditorID
	w.sessions[c.AuditorID] = tok
	if c.ServiceManagerID != "" {
		if w.sessions[c.ServiceManagerID], err = db.CreateSession(ctx, c.ServiceManagerID, 24*time.Hour, kith.Actor{Via: "bench"}); err != nil {
			return nil, err
		}
	}
	w.names, w.surnames = c.ChildNames, c.Surnames
	if len(w.surnames) > 20 {
		w.surnames = w.surnames[:20]
	}
	if len(w.names) == 0 || len(w.surnames) == 0 {
		return nil, fmt.Errorf("the council has no children's names to search for")
	}
	return w, nil
}

func (w *workload) get(userID, path string) *http.Request {
	req := httptest.NewRequest("GET", path, nil)
	req.AddCookie(&http.Cookie{Name: "kith_session", Value: w.sessions[userID]})
	return req
}
