package api

import (
	"log/slog"
	"net/http"
	"strconv"
	"time"

	"github.com/gofiber/fiber/v2"
	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"
)

type metrics struct {
	registry *prometheus.Registry
	requests *prometheus.HistogramVec
}

func newMetrics() *metrics {
	m := &metrics{
		registry: prometheus.NewRegistry(),
		requests: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Name:    "pathways_http_request_duration_seconds",
			Help:    "HTTP requests by method, route pattern and status.",
			Buckets: []float64{.002, .005, .01, .025, .05, .1, .2, .5, 1, 2.5, 5},
		}, []string{"method", "route", "status"}),
	}
	m.registry.MustRegister(m.requests, collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
	return m
}

// observe logs each request and records its duration, labelled by the route pattern (never
// the concrete path, which would carry case ids and grow without bound).
func (s *Server) observe(c *fiber.Ctx) error {
	start := time.Now()
	err := c.Next()
	if err != nil {
		// Let the error handler write the answer now, so the status we record is the real one.
		if herr := s.app.ErrorHandler(c, err); herr != nil {
			c.Status(fiber.StatusInternalServerError)
		}
	}
	status := c.Response().StatusCode()
	pattern := c.Route().Path
	if pattern == "/" || pattern == "" {
		pattern = "other"
	}
	elapsed := time.Since(start)
	s.metrics.requests.WithLabelValues(c.Method(), pattern, strconv.Itoa(status)).Observe(elapsed.Seconds())
	level := slog.LevelInfo
	if status >= 500 {
		level = slog.LevelError
	}
	s.log.Log(c.UserContext(), level, "request", "request_id", requestID(c), "method", c.Method(), "route", pattern,
		"status", status, "duration_ms", elapsed.Milliseconds())
	return nil
}

// MetricsHandler serves the Prometheus metrics of this server (per route pattern and status,
// and the Go runtime's). They tell how many intakes and failed sign-ins happen, so they are
// never on the public port: cmd/pathways serves this handler on its own listener
// (PATHWAYS_METRICS_ADDR, loopback by default).
func (s *Server) MetricsHandler() http.Handler {
	return promhttp.HandlerFor(s.metrics.registry, promhttp.HandlerOpts{})
}
