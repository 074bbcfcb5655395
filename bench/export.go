package bench

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io"
	"os"
	"strconv"
	"strings"
	"sync"
	"time"

	"kith"
	"kith/export"
	"kith/sqldb"
	"kith/synth"
	"kith/web"
)

// exportOperations is a home visit downloaded as a PDF, through Kith's
// page (access check, reading the record, the document, Chromium's print
// and the audit). The raw side reads the record's row and prints the same
// document with Chromium alone, so the ratio says what Kith adds to the
// printing. Without Chromium the row is left out, and the bench says so.
func exportOperations(ctx context.Context, db *sqldb.DB, srv *web.Server, w *workload, only string, out io.Writer) ([]operation, error) {
	if !chosen(only, "export/") {
		return nil, nil
	}
	if !srv.Printer().Available() {
		fmt.Fprintln(out, "export/record-pdf is left out: "+export.ErrNoChromium.Error())
		return nil, nil
	}
	type visit struct {
		userID, path, id string
		doc              []byte
	}
	var visits []visit
	for i := 0; len(visits) < 20 && i < 2000; i++ {
		cl, ref := w.pickCase(i)
		var id string
		err := w.db.QueryRowContext(ctx, `SELECT r.id FROM records r JOIN cases c ON c.id = r.case_id
			WHERE c.reference = $1 AND r.template_key = 'home-visit' AND r.status = 'final' ORDER BY r.occurred_at DESC LIMIT 1`, ref).Scan(&id)
		if errors.Is(err, sql.ErrNoRows) {
			continue
		} else if err != nil {
			return nil, err
		}
		a, err := db.Actor(ctx, cl.userID)
		if err != nil {
			return nil, err
		}
		doc, err := srv.RecordDocument(ctx, a, id)
		if err != nil {
			return nil, err
		}
		visits = append(visits, visit{userID: cl.userID, path: "/cases/" + ref + "/records/" + id + "/pdf", id: id, doc: doc})
	}
	if len(visits) == 0 {
		return nil, errors.New("export/record-pdf: no final home visit on the caseloads' cases")
	}
	return []operation{{
		name: "export/record-pdf", target: "1 s", n: 100, budget: time.Minute,
		request: func(i int) *httpRequest {
			v := visits[i%len(visits)]
			return w.get(v.userID, v.path)
		},
		raw: func(ctx context.Context, i int) error {
			v := visits[i%len(visits)]
			if _, err := drain(ctx, w.db, `SELECT * FROM records WHERE id = $1`, v.id); err != nil {
				return err
			}
			_, err := srv.Printer().PDF(ctx, v.doc, export.Frame{Child: "child", Reference: "reference", Title: "Home visit"})
			return err
		},
	}}, nil
}

// caseFilePeak is the most memory the case-file row's PDFs took: Kith's
// own resident set at its highest (VmHWM), and Chromium's processes'
// resident sets summed, sampled as each PDF was made.
var caseFilePeak struct {
	kithMB, chromiumMB int
}

// caseFileOperations is the busiest case's whole file (its thousands of
// records, oldest first) made as a PDF, as the background maker and kith
// export case make it, by its worker. The raw side reads the same records
// with one query and prints a document of the same size with Chromium
// alone.
func caseFileOperations(ctx context.Context, db *sqldb.DB, srv *web.Server, w *workload, council *synth.Council, only string, out io.Writer) ([]operation, error) {
	if !chosen(only, "export/case-pdf") || council.BusyReference == "" || council.BusyWorkerID == "" {
		return nil, nil
	}
	if !srv.Printer().Available() {
		fmt.Fprintln(out, "export/case-pdf is left out: "+export.ErrNoChromium.Error())
		return nil, nil
	}
	a, err := db.Actor(ctx, council.BusyWorkerID)
	if err != nil {
		return nil, err
	}
	var caseID string
	if err := w.db.QueryRowContext(ctx, `SELECT id FROM cases WHERE reference = $1`, council.BusyReference).Scan(&caseID); err != nil {
		return nil, err
	}
	var doc []byte
	return []operation{{
		name: "export/case-pdf", target: "2 min", n: 3, budget: 10 * time.Minute,
		call: func(ctx context.Context, i int) error {
			stop := sampleMemory()
			made, err := srv.CaseFilePDF(ctx, a, council.BusyReference, kith.Date{}, kith.Date{}, func(int, int, bool) error { return nil })
			kithMB, chromiumMB := stop()
			caseFilePeak.kithMB, caseFilePeak.chromiumMB = max(caseFilePeak.kithMB, kithMB), max(caseFilePeak.chromiumMB, chromiumMB)
			if err == nil && doc == nil {
				doc = made.Document
			}
			return err
		},
		raw: func(ctx context.Context, i int) error {
			if _, err := drain(ctx, w.db, `SELECT * FROM records WHERE case_id = $1 AND status = 'final' ORDER BY occurred_at, id`, caseID); err != nil {
				return err
			}
			if doc == nil {
				return nil
			}
			_, err := srv.Printer().PDF(ctx, doc, export.Frame{Child: "child", Reference: "reference", Title: "Case file"})
			return err
		},
	}}, nil
}

// sampleMemory samples Kith's peak resident set and Chromium's summed
// resident sets until the function it returns is called, which returns
// the highest of each, in MB.
func sampleMemory() func() (kithMB, chromiumMB int) {
	done := make(chan struct{})
	var chromium int
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		t := time.NewTicker(200 * time.Millisecond)
		defer t.Stop()
		for {
			chromium = max(chromium, chromiumRSS())
			select {
			case <-done:
				return
			case <-t.C:
			}
		}
	}()
	return func() (int, int) {
		close(done)
		wg.Wait()
		return procStatusKB("/proc/self/status", "VmHWM:") / 1024, chromium / 1024
	}
}

// chromiumRSS sums the resident sets of the running Chromium processes,
// in KB.
func chromiumRSS() int {
	dirs, _ := os.ReadDir("/proc")
	total := 0
	for _, d := range dirs {
		if _, err := strconv.Atoi(d.Name()); err != nil {
			continue
		}
		comm, err := os.ReadFile("/proc/" + d.Name() + "/comm")
		if err != nil || !strings.Contains(string(comm), "chrom") {
			continue
		}
		total += procStatusKB("/proc/"+d.Name()+"/status", "VmRSS:")
	}
	return total
}

// procStatusKB reads one "Name: N kB" line of a /proc status file.
func procStatusKB(path, field string) int {
	b, err := os.ReadFile(path)
	if err != nil {
		return 0
	}
	for _, line := range strings.Split(string(b), "\n") {
		if rest, ok := strings.CutPrefix(line, field); ok {
			n, _ := strconv.Atoi(strings.TrimSuffix(strings.TrimSpace(rest), " kB"))
			return n
		}
	}
	return 0
}

// printCaseFileMemory says how much memory the case file's PDFs took.
func printCaseFileMemory(out io.Writer) {
	if caseFilePeak.kithMB == 0 {
		return
	}
	fmt.Fprintf(out, "\nexport/case-pdf peak memory: Kith %d MB (its resident set at its highest in the run), Chromium %d MB (its processes' resident sets summed at the highest sample).\n",
		caseFilePeak.kithMB, caseFilePeak.chromiumMB)
}
