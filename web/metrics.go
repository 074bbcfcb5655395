package web

import (
	"net/http"
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
	return m
}

func (m *metrics) observe(route, method string, status int, d time.Duration) {
	m.requests.WithLabelValues(route, method, strconv.Itoa(status)).Observe(d.Seconds())
}

func (m *metrics) handler() http.Handler {
	return promhttp.HandlerFor(m.reg, promhttp.HandlerOpts{})
}

// MetricsHandler serves the Prometheus metrics at /metrics and nothing
// else, for KITH_METRICS_ADDR: an address of their own, so that the
// route timings (which say what people use and when) are open only to
// the monitoring network, never to anyone who can reach Kith's pages.
func (s *Server) MetricsHandler() http.Handler {
	mux := http.NewServeMux()
	mux.Handle("GET /metrics", s.metrics.handler())
	return mux
}
