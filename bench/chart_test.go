package bench

import (
	"encoding/xml"
	"io"
	"strings"
	"testing"
	"time"
)

// The sweep's chart is well-formed SVG with a point per level and
// workload, each saying its figures in words.
func TestSweepChart(t *testing.T) {
	var results []LoadResult
	for _, wl := range []string{"mixed reads", "draft autosave (storage)"} {
		for i, c := range []int{1, 4, 16, 64} {
			results = append(results, LoadResult{Workload: wl, Concurrency: c, ReqPerSec: float64(300 * (i + 1)), P50: time.Duration(i+1) * time.Millisecond, P99: time.Duration(10*(i+1)) * time.Millisecond})
		}
	}
	svg := sweepChart(results, "Kith & the sweep", 1000)
	d := xml.NewDecoder(strings.NewReader(svg))
	circles := 0
	for {
		tok, err := d.Token()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatalf("not well-formed: %v\n%s", err, svg)
		}
		if se, ok := tok.(xml.StartElement); ok && se.Name.Local == "circle" {
			circles++
		}
	}
	if circles != 8 {
		t.Errorf("%d points, want 8", circles)
	}
	for _, want := range []string{"Kith &amp; the sweep", "mixed reads, 64 at once: 1200 req/s, p50 4.00 ms, p99 40.00 ms", "p99 10.00 ms", ">1500<", "target for mixed reads:", ">1000 a second<"} {
		if !strings.Contains(svg, want) {
			t.Errorf("chart lacks %q", want)
		}
	}
	if sweepChart(nil, "none", 1000) != "" {
		t.Error("a chart of nothing")
	}
}

func TestNiceStep(t *testing.T) {
	for v, want := range map[float64]float64{0: 1, 3: 5, 7: 10, 120: 200, 250: 500, 1000: 1000, 0.3: 0.5} {
		if got := niceStep(v); got != want {
			t.Errorf("niceStep(%v) = %v, want %v", v, got, want)
		}
	}
}

// The engine's CPU is read from /proc's stat lines, whose process names
// may hold spaces and parentheses.
func TestProcCPU(t *testing.T) {
	for _, c := range []struct {
		line  string
		comm  string
		ticks int64
		ok    bool
	}{
		{"4242 (postgres) S 1 4242 4242 0 -1 4194560 1234 0 0 0 150 25 7 3 20 0 1 0 100 1000 10", "postgres", 185, true},
		{"77 (odd (name) x) R 1 77 77 0 -1 0 0 0 0 0 1 2 3 4 20 0 1 0", "odd (name) x", 10, true},
		{"77 (short) R 1 2 3", "", 0, false},
		{"no name here", "", 0, false},
		{"5 (p) S 1 5 5 0 -1 0 0 0 0 0 x 2 3 4 20 0", "", 0, false},
	} {
		comm, ticks, ok := procCPU(c.line)
		if comm != c.comm || ticks != c.ticks || ok != c.ok {
			t.Errorf("procCPU(%q) = %q, %d, %v; want %q, %d, %v", c.line, comm, ticks, ok, c.comm, c.ticks, c.ok)
		}
	}
}
