package web

import (
	"context"
	"net/http"
	"net/http/pprof"
	"strconv"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"

	"kith/sqldb"
)

// metrics is Kith's own Prometheus registry (not the global one), so tests
// and several servers in one process do not collide.
type metrics struct {
	reg      *prometheus.Registry
	requests *prometheus.HistogramVec
}

func newMetrics(db *sqldb.DB) *metrics {
	m := &metrics{reg: prometheus.NewRegistry()}
	m.requests = prometheus.NewHistogramVec(prometheus.HistogramOpts{
		Name:    "kith_http_request_duration_seconds",
		Help:    "Time to answer HTTP requests, by route pattern, method and status.",
		Buckets: []float64{.001, .0025, .005, .01, .025, .05, .1, .25, .5, 1, 2.5},
	}, []string{"route", "method", "status"})
	m.reg.MustRegister(m.requests, collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
	for _, pool := range []string{"writer", "reader"} {
		m.reg.MustRegister(prometheus.NewGaugeFunc(prometheus.GaugeOpts{
			Name: "kith_db_open_connections", Help: "Open database connections.", ConstLabels: prometheus.Labels{"pool": pool},
		}, func() float64 {
			w, r := db.Stats()
			if pool == "writer" {
				return float64(w.OpenConnections)
			}
			return float64(r.OpenConnections)
		}))
		m.reg.MustRegister(prometheus.NewGaugeFunc(prometheus.GaugeOpts{
			Name: "kith_db_wait_seconds_total", Help: "Time spent waiting for a database connection.", ConstLabels: prometheus.Labels{"pool": pool},
		}, func() float64 {
			w, r := db.Stats()
			if pool == "writer" {
				return w.WaitDuration.Seconds()
			}
			return r.WaitDuration.Seconds()
		}))
	}
	m.reg.MustRegister(integrityCollector{db: db})
	return m
}

// integrityCollector reports the latest check of the records (the same on
// every server: it is read from the database at each scrape), so that an
// alert can fire when a check finds something changed, or when none has
// finished for too long.
type integrityCollector struct{ db *sqldb.DB }

var (
	integrityOK = prometheus.NewDesc("kith_integrity_ok",
		"1 when the latest check of the chains and final records found nothing changed, 0 when it found a problem; absent before the first check.", nil, nil)
	integrityProblems = prometheus.NewDesc("kith_integrity_problems",
		"Problems the latest check of the chains and final records found.", nil, nil)
	integrityChecked = prometheus.NewDesc("kith_integrity_last_check_timestamp_seconds",
		"When the latest check of the chains and final records finished (Unix time).", nil, nil)
	integrityTook = prometheus.NewDesc("kith_integrity_check_duration_seconds",
		"How long the latest check of the chains and final records took.", nil, nil)
	integrityEntries = prometheus.NewDesc("kith_integrity_entries_checked",
		"Chain entries the latest check walked.", nil, nil)
)

func (integrityCollector) Describe(ch chan<- *prometheus.Desc) {
	for _, d := range []*prometheus.Desc{integrityOK, integrityProblems, integrityChecked, integrityTook, integrityEntries} {
		ch <- d
	}
}

func (c integrityCollector) Collect(ch chan<- prometheus.Metric) {
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	last, err := c.db.LatestCheck(ctx)
	if err != nil {
		c.db.Log.Error("metrics: the latest check of the records", "err", err)
		return
	}
	if last == nil || last.Report == nil {
		return
	}
	rep := last.Report
	ok := 0.0
	if rep.OK() {
		ok = 1
	}
	ch <- prometheus.MustNewConstMetric(integrityOK, prometheus.GaugeValue, ok)
	ch <- prometheus.MustNewConstMetric(integrityProblems, prometheus.GaugeValue, float64(rep.ProblemCount))
	ch <- prometheus.MustNewConstMetric(integrityChecked, prometheus.GaugeValue, float64(rep.FinishedAt.Unix()))
	ch <- prometheus.MustNewConstMetric(integrityTook, prometheus.GaugeValue, rep.FinishedAt.Sub(rep.StartedAt).Seconds())
	ch <- prometheus.MustNewConstMetric(integrityEntries, prometheus.GaugeValue, float64(rep.Entries()))
}

func (m *metrics) observe(route, method string, status int, d time.Duration) {
	m.requests.WithLabelValues(route, method, strconv.Itoa(status)).Observe(d.Seconds())
}

func (m *metrics) handler() http.Handler {
	return promhttp.HandlerFor(m.reg, promhttp.HandlerOpts{})
}

// MetricsHandler serves the operator's address, KITH_METRICS_ADDR: the
// Prometheus metrics at /metrics and Go's profiles at /debug/pprof/, and
// nothing else. It is an address of its own, so that the route timings
// (which say what people use and when) and the profiles (which show what
// the server is doing, and can take seconds of its time) are open only
// to the monitoring network, never to anyone who can reach Kith's pages.
func (s *Server) MetricsHandler() http.Handler {
	mux := http.NewServeMux()
	mux.Handle("GET /metrics", s.metrics.handler())
	mux.HandleFunc("GET /debug/pprof/", pprof.Index)
	mux.HandleFunc("GET /debug/pprof/cmdline", pprof.Cmdline)
	mux.HandleFunc("GET /debug/pprof/profile", pprof.Profile)
	mux.HandleFunc("GET /debug/pprof/symbol", pprof.Symbol)
	mux.HandleFunc("GET /debug/pprof/trace", pprof.Trace)
	return mux
}
