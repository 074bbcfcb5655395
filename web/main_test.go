package web

import (
	"fmt"
	"os"
	"sort"
	"strings"
	"sync"
	"testing"

	"kith/internal/pgtest"
)

// executedPages collects, across every server the tests start, which page
// templates were rendered, so that a page no test ever renders fails the
// run (it would otherwise break unnoticed).
var (
	executedMu    sync.Mutex
	executedPages = map[string]bool{}
	allPages      []string
)

func notePages(p *pages) {
	executedMu.Lock()
	defer executedMu.Unlock()
	p.mu.Lock()
	defer p.mu.Unlock()
	for name := range p.executed {
		executedPages[name] = true
	}
	if allPages == nil {
		for name := range p.byName {
			allPages = append(allPages, name)
		}
		sort.Strings(allPages)
	}
}

func TestMain(m *testing.M) {
	code := pgtest.Main(m)
	if code == 0 && !testing.Short() && os.Getenv("KITH_SKIP_TEMPLATE_CHECK") == "" && runAll() {
		var missing []string
		for _, name := range allPages {
			if !executedPages[name] {
				missing = append(missing, name)
			}
		}
		if len(missing) > 0 {
			fmt.Fprintf(os.Stderr, "FAIL: no test rendered these pages: %s\n", strings.Join(missing, ", "))
			code = 1
		}
	}
	os.Exit(code)
}

// runAll reports whether the whole package's tests ran (no -run filter), the
// only time the every-page check is fair.
func runAll() bool {
	for _, a := range os.Args {
		if strings.HasPrefix(a, "-test.run") {
			return false
		}
	}
	return true
}
