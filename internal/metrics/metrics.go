// Package metrics holds vfv's Prometheus metrics in a registry of its own
// (no global state), served at /metrics on a listener apart from the
// public one. No label ever carries respondent data: routes are patterns,
// never paths with codes.
package metrics

import (
	"net/http"
	"strconv"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"
)

// Metrics are the collectors vfv updates.
type Metrics struct {
	reg *prometheus.Registry
	// Requests observes request latency by route pattern, method and status.
	Requests *prometheus.HistogramVec
	// Responses counts submissions by outcome: created, duplicate,
	// conflict, invalid, closed, unavailable, throttled (the list in
	// docs/operations.md, which TestResponseOutcomesDocumented checks).
	Responses *prometheus.CounterVec
	// StoreErrors counts store operations that failed by unavailability.
	StoreErrors prometheus.Counter
	// PendingJobs is the number of bootstrap jobs queued or running.
	PendingJobs prometheus.Gauge
	// PendingWrites is the number of interrupted response writes waiting
	// for a recount (read at scrape time).
	PendingWrites prometheus.GaugeFunc
}

// New registers vfv's metrics and the Go runtime and process collectors.
// pendingWrites is called at scrape time (nil for none).
func New(pendingWrites func() float64) *Metrics {
	reg := prometheus.NewRegistry()
	m := &Metrics{
		reg: reg,
		Requests: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Name: "vfv_http_request_duration_seconds", Help: "HTTP request latency by route pattern, method and status.",
			Buckets: []float64{.001, .0025, .005, .01, .025, .05, .1, .25, .5, 1, 2.5, 5, 10},
		}, []string{"route", "method", "status"}),
		Responses: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "vfv_responses_total", Help: "Submitted responses by outcome (created, duplicate, conflict, invalid, closed, unavailable, throttled).",
		}, []string{"outcome"}),
		StoreErrors: prometheus.NewCounter(prometheus.CounterOpts{
			Name: "vfv_store_errors_total", Help: "Requests that failed because the store was unavailable.",
		}),
		PendingJobs: prometheus.NewGauge(prometheus.GaugeOpts{
			Name: "vfv_jobs_pending", Help: "Bootstrap jobs queued or running.",
		}),
	}
	if pendingWrites == nil {
		pendingWrites = func() float64 { return 0 }
	}
	m.PendingWrites = prometheus.NewGaugeFunc(prometheus.GaugeOpts{
		Name: "vfv_pending_writes", Help: "Interrupted response writes waiting for a recount.",
	}, pendingWrites)
	reg.MustRegister(m.Requests, m.Responses, m.StoreErrors, m.PendingJobs, m.PendingWrites,
		collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
	for _, o := range []string{"created", "duplicate", "conflict", "invalid", "closed", "unavailable", "throttled"} {
		m.Responses.WithLabelValues(o) // present from the start, at 0
	}
	return m
}

// Handler serves the metrics in the Prometheus text format.
func (m *Metrics) Handler() http.Handler {
	return promhttp.HandlerFor(m.reg, promhttp.HandlerOpts{Registry: m.reg})
}

// ObserveRequest records one request.
func (m *Metrics) ObserveRequest(route, method string, status int, d time.Duration) {
	m.Requests.WithLabelValues(route, method, strconv.Itoa(status)).Observe(d.Seconds())
}
