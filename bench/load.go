package bench

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"slices"
	"sort"
	"sync"
	"sync/atomic"
	"text/tabwriter"
	"time"

	"kith/web"
)

// The concurrency sweep: what the table's one-at-a-time rows cannot show.
// A council's workforce arrives at nine, and requests overlap. Each level
// runs a number of clients that send requests back to back, straight to
// Kith's handler (as the table's rows do: the HTTP stack is not what is
// measured, and it costs about 0.04 ms of a request), for a fixed time.

// LoadResult is one level of the sweep for one workload.
type LoadResult struct {
	Workload    string
	Concurrency int
	N           int
	Errors      int
	ReqPerSec   float64
	P50, P99    time.Duration
	// CPUPerRequest is the process's CPU time (user and system) over the
	// level divided by the requests served: Kith's own work per request,
	// with its background work (checkpoints, the index's merges) shared
	// out among them.
	CPUPerRequest time.Duration
	// EngineCPUPerRequest is, on PostgreSQL running on this machine, its
	// processes' CPU time over the level divided by the requests served
	// (see engineCPU); zero on SQLite, whose work is Kith's own.
	EngineCPUPerRequest time.Duration
	// Statements is what Kith sent the engine per request, BEGIN and
	// COMMIT included (round trips, on PostgreSQL).
	Statements float64
	// Load is the machine's one-minute load average as the level ended.
	Load float64
	// AuditBytes is what the level added to the audit tables on disk,
	// per request (for reads, per page view).
	AuditBytes float64
}

// mixedTarget is the mixed practitioner reads' target: a thousand page
// views a second on two cores, p99 under 100 ms.
const mixedTarget = 1000

// loadWorkload is a stream of requests (or storage calls) that clients
// take from, the k-th by the k-th taker.
type loadWorkload struct {
	name string
	// next returns the k-th request, or nil when call is the work.
	next func(k int) *http.Request
	// call, when set, is the k-th storage call.
	call func(ctx context.Context, k int) error
}

// mixedWorkload is the practitioner's read day, in equal parts: the case
// page, their caseload, a people search, the case's running record and My
// work, each as one of the 50 practitioners with full caseloads, on their
// own cases. Every read is audited as in service.
func mixedWorkload(w *workload) loadWorkload {
	return loadWorkload{name: "mixed reads", next: func(k int) *http.Request {
		cl, ref := w.pickCase(k / 5)
		switch k % 5 {
		case 0:
			return w.get(cl.userID, "/cases/"+ref)
		case 1:
			return w.get(cl.userID, "/cases?view=mine")
		case 2:
			return w.get(cl.userID, "/search?q="+url.QueryEscape(w.names[(k/5)%len(w.names)]))
		case 3:
			return w.get(cl.userID, "/cases/"+ref+"/records")
		default:
			return w.get(cl.userID, "/work")
		}
	}}
}

// autosaveWorkload is drafts saved as typed, through the storage layer
// as the table's draft/autosave row. Client c saves drafts[c] again and
// again, as a practitioner's page does while they type: no two clients
// write the same draft, so no save meets a version conflict.
func autosaveWorkload(rw *recordWork, drafts []draftToTime, clients int) loadWorkload {
	return loadWorkload{name: "draft autosave (storage)", call: func(ctx context.Context, k int) error {
		d := &drafts[k%clients]
		in := d.in
		in.Version = d.version
		in.Content = typed(in.Content, k)
		in.Autosave = true
		r, err := rw.db.SaveDraft(ctx, d.actor, d.id, in)
		if err != nil {
			return err
		}
		d.version = r.Version
		return nil
	}}
}

// loadDrafts makes a draft for each of n clients to autosave, on the
// practitioners' own cases.
func loadDrafts(ctx context.Context, w *workload, rw *recordWork, n int) ([]draftToTime, error) {
	drafts := make([]draftToTime, n)
	for i := range drafts {
		cl, ref := w.pickCase(i)
		a, err := rw.db.Actor(ctx, cl.userID)
		if err != nil {
			return nil, err
		}
		a.Via = "bench"
		in := recordInput(100000+i, "Amy")
		d, err := rw.db.CreateDraft(ctx, a, ref, in)
		if err != nil {
			return nil, fmt.Errorf("draft to autosave on %s: %w", ref, err)
		}
		drafts[i] = draftToTime{id: d.ID, actor: a, in: in, version: d.Version}
	}
	return drafts, nil
}

// runLevel runs clients for d, each taking the next request as soon as
// its last is answered.
// engine says whether to measure PostgreSQL's own CPU (see engineCPU).
func runLevel(ctx context.Context, srv *web.Server, wl loadWorkload, clients int, d time.Duration, engine bool) (LoadResult, error) {
	var errs atomic.Int64
	var firstErr error
	var errOnce sync.Once
	times := make([][]time.Duration, clients)
	// Each client takes turns k ≡ its number (mod clients), so the
	// autosave clients keep to their own drafts.
	do := func(c, turn int) {
		k := turn*clients + c
		var err error
		if wl.call != nil {
			err = wl.call(ctx, k)
		} else {
			err = serve(srv, wl.next(k))
		}
		if err != nil {
			errs.Add(1)
			errOnce.Do(func() { firstErr = err })
		}
	}
	// A short warm-up at this level, not timed.
	var wg sync.WaitGroup
	for c := 0; c < clients; c++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for turn := 0; turn < 3; turn++ {
				do(c, turn)
			}
		}()
	}
	wg.Wait()
	cpu0, statements := processCPU(), srv.DB.Statements()
	var engine0 time.Duration
	if engine {
		engine0 = engineCPU()
	}
	start := time.Now()
	deadline := start.Add(d)
	for c := 0; c < clients; c++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for turn := 3; ctx.Err() == nil && time.Now().Before(deadline); turn++ {
				t := time.Now()
				do(c, turn)
				times[c] = append(times[c], time.Since(t))
			}
		}()
	}
	wg.Wait()
	elapsed := time.Since(start)
	cpu, statements := processCPU()-cpu0, srv.DB.Statements()-statements
	var engineUsed time.Duration
	if engine {
		engineUsed = engineCPU() - engine0
	}
	if err := ctx.Err(); err != nil {
		return LoadResult{}, err
	}
	if firstErr != nil {
		return LoadResult{}, fmt.Errorf("%s at %d clients: %d errors, the first: %w", wl.name, clients, errs.Load(), firstErr)
	}
	var all []time.Duration
	for _, ts := range times {
		all = append(all, ts...)
	}
	sort.Slice(all, func(a, b int) bool { return all[a] < all[b] })
	n := len(all)
	if n == 0 {
		return LoadResult{}, fmt.Errorf("%s at %d clients: no request finished", wl.name, clients)
	}
	pct := func(p float64) time.Duration { return all[min(n-1, int(p*float64(n)))] }
	return LoadResult{Workload: wl.name, Concurrency: clients, N: n, ReqPerSec: float64(n) / elapsed.Seconds(),
		P50: pct(.5), P99: pct(.99), CPUPerRequest: cpu / time.Duration(n), EngineCPUPerRequest: engineUsed / time.Duration(n),
		Statements: float64(statements) / float64(n), Load: loadAverage()}, nil
}

// sweep runs each workload at each level of concurrency.
func sweep(ctx context.Context, srv *web.Server, w *workload, rw *recordWork, levels []int, d time.Duration, out io.Writer) ([]LoadResult, error) {
	drafts, err := loadDrafts(ctx, w, rw, slices.Max(levels))
	if err != nil {
		return nil, err
	}
	var results []LoadResult
	for _, workloadFor := range []func(clients int) loadWorkload{
		func(int) loadWorkload { return mixedWorkload(w) },
		func(clients int) loadWorkload { return autosaveWorkload(rw, drafts, clients) },
	} {
		for _, c := range levels {
			wl := workloadFor(c)
			fmt.Fprintf(out, "  %s, %d at once…\n", wl.name, c)
			before, err := auditBytes(ctx, w.db, w.dialect)
			if err != nil {
				return nil, fmt.Errorf("the audit tables' size: %w", err)
			}
			r, err := runLevel(ctx, srv, wl, c, d, w.dialect == "postgres")
			if err != nil {
				return nil, err
			}
			after, err := auditBytes(ctx, w.db, w.dialect)
			if err != nil {
				return nil, fmt.Errorf("the audit tables' size: %w", err)
			}
			r.AuditBytes = float64(after-before) / float64(r.N)
			results = append(results, r)
		}
	}
	return results, nil
}

func printSweep(out io.Writer, results []LoadResult, d time.Duration) {
	fmt.Fprintf(out, "\nConcurrency sweep (%s a level; clients send requests back to back):\n\n", d)
	tw := tabwriter.NewWriter(out, 2, 4, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(tw, "workload\tat once\tn\treq/s\tp50\tp99\tCPU per request\tengine CPU per request\tstatements\taudit bytes per request\tload\t")
	for _, r := range results {
		engine := "–"
		if r.EngineCPUPerRequest > 0 {
			engine = ms(r.EngineCPUPerRequest)
		}
		fmt.Fprintf(tw, "%s\t%d\t%d\t%.0f\t%s\t%s\t%s\t%s\t%.1f\t%.0f\t%.2f\t\n", r.Workload, r.Concurrency, r.N, r.ReqPerSec, ms(r.P50), ms(r.P99),
			ms(r.CPUPerRequest), engine, r.Statements, r.AuditBytes, r.Load)
	}
	_ = tw.Flush()
	fmt.Fprintln(out, "\nCPU per request is the process's CPU time (user and system, both cores) ÷ requests served; engine CPU")
	fmt.Fprintln(out, "per request is the same for PostgreSQL's processes, when it runs on this machine (SQLite's is in Kith's);")
	fmt.Fprintln(out, "statements are what Kith sent the engine per request (round trips, on PostgreSQL);")
	fmt.Fprintln(out, "audit bytes per request is the growth of the audit tables (events, listings, the access log's chain, with")
	fmt.Fprintln(out, "their indexes) on disk ÷ requests; load is the machine's one-minute load average as the level ended.")
}
