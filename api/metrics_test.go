package api_test

import (
	"io"
	"net/http/httptest"
	"strings"
	"testing"
	"testing/fstest"

	"pathways/api"
)

// Finding 9: /metrics answered anonymous callers on the public port with per-route counts
// (intakes, failed sign-ins). The public router now answers 404 for it, signed in or not,
// with or without the web app (whose fallback would otherwise answer any path).
func TestMetricsAreNotOnThePublicPort(t *testing.T) {
	e := newEnv(t)
	for _, c := range []*client{e.anon(), e.as("admin")} {
		r := c.do("GET", "/metrics", nil)
		if r.status != 404 {
			t.Errorf("GET /metrics on the public port: %d %s", r.status, r.body)
		}
	}
	app := fstest.MapFS{"index.html": {Data: []byte("<!doctype html><title>Pathways</title>")}}
	withApp := newEnvWith(t, api.Config{Frontend: app})
	for _, path := range []string{"/metrics", "/metrics/", "/METRICS"} {
		resp, err := withApp.srv.App().Test(httptest.NewRequest("GET", path, nil), -1)
		if err != nil {
			t.Fatal(err)
		}
		body, _ := io.ReadAll(resp.Body)
		if resp.StatusCode != 404 || strings.Contains(string(body), "go_goroutines") {
			t.Errorf("GET %s with the web app: %d %.80s", path, resp.StatusCode, body)
		}
	}
}
