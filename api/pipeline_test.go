package api_test

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/http/httptest"
	"regexp"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"pathways/api"
	"pathways/domain/postgres"
	"pathways/policy"
)

// newEnvWith is newEnv with a server built from cfg, on the same seeded database.
func newEnvWith(t testing.TB, cfg api.Config) *env {
	t.Helper()
	e := newEnv(t)
	pol, err := policy.New()
	if err != nil {
		t.Fatal(err)
	}
	e.srv = api.New(cfg, e.db, pol, slog.New(slog.NewTextHandler(io.Discard, nil)))
	return e
}

// fastLogin keeps the sign-in slow-down (tested on its own) from slowing tests that fail
// to sign in on purpose.
var fastLogin = api.Config{LoginFailureDelay: time.Nanosecond}

var uuidPattern = regexp.MustCompile(`^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$`)

func TestSecurityHeadersOnEveryAnswer(t *testing.T) {
	e := newEnv(t)
	admin := e.as("admin")
	for _, r := range []*response{
		e.anon().do("GET", "/healthz", nil),
		e.anon().do("GET", "/api/v1/me", nil),
		admin.do("GET", "/api/v1/users", nil),
		admin.do("POST", "/api/v1/facilities", "{"),
		e.anon().do("GET", "/api/v1/no-such-route", nil),
	} {
		csp := r.header.Get("Content-Security-Policy")
		for _, want := range []string{"default-src 'self'", "script-src 'self'", "object-src 'none'", "frame-ancestors 'none'", "base-uri 'none'"} {
			if !strings.Contains(csp, want) {
				t.Errorf("%d answer: CSP %q lacks %q", r.status, csp, want)
			}
		}
		if strings.Contains(csp, "unsafe-inline") || strings.Contains(csp, "unsafe-eval") {
			t.Errorf("CSP is not strict: %q", csp)
		}
		for h, want := range map[string]string{
			"X-Content-Type-Options": "nosniff",
			"X-Frame-Options":        "DENY",
			"Referrer-Policy":        "no-referrer",
		} {
			if got := r.header.Get(h); got != want {
				t.Errorf("%d answer: %s = %q, want %q", r.status, h, got, want)
			}
		}
	}
	if got := admin.do("GET", "/api/v1/users", nil).header.Get("Cache-Control"); got != "no-store" {
		t.Errorf("API answers must not be cached: Cache-Control = %q", got)
	}
}

func TestHSTSOnlyWhenCookiesAreSecure(t *testing.T) {
	if got := newEnv(t).anon().do("GET", "/healthz", nil).header.Get("Strict-Transport-Security"); got != "" {
		t.Errorf("plain-http server sent HSTS %q", got)
	}
	if got := newEnvWith(t, api.Config{CookieSecure: true}).anon().do("GET", "/healthz", nil).header.Get("Strict-Transport-Security"); !strings.Contains(got, "max-age=") {
		t.Errorf("secure server sent no HSTS (%q)", got)
	}
}

func TestOneRequestIDPerRequest(t *testing.T) {
	e := newEnv(t)
	seen := map[string]bool{}
	for _, r := range []*response{
		e.anon().do("GET", "/healthz", nil),
		e.anon().do("GET", "/healthz", nil),
		e.anon().do("GET", "/api/v1/me", nil),
		e.anon().do("POST", "/api/v1/auth/login", map[string]any{"username": "admin", "password": "wrong password!"}),
		e.anon().do("POST", "/api/v1/auth/login", map[string]any{"username": "admin"}),
		e.anon().do("GET", "/api/v1/nothing-here", nil),
	} {
		id := r.header.Get("X-Request-ID")
		if !uuidPattern.MatchString(id) {
			t.Errorf("%d answer: X-Request-ID %q is not a random UUID", r.status, id)
		}
		if seen[id] {
			t.Errorf("request id %s used twice", id)
		}
		seen[id] = true
		if r.status >= 400 {
			if got := r.problem(r.status)["request_id"]; got != id {
				t.Errorf("%d problem names request %v, header says %s", r.status, got, id)
			}
		}
	}
}

func TestUnknownAPIPathIsJSONProblem(t *testing.T) {
	app := fstest.MapFS{"index.html": {Data: []byte("<!doctype html><title>Pathways</title>")}}
	e := newEnvWith(t, api.Config{Frontend: app})
	for _, m := range []string{"GET", "POST", "DELETE"} {
		p := e.anon().do(m, "/api/v1/no-such-route", nil).problem(404)
		if p["status"] != float64(404) || p["type"] != "urn:pathways:problem:not_found" {
			t.Errorf("%s unknown API path: %v", m, p)
		}
	}
	// The web app still answers its own client-side routes with index.html.
	// (Sent around the OpenAPI check: the web app's pages are not API routes.)
	resp, err := e.srv.App().Test(httptest.NewRequest("GET", "/cases/some-page", nil), -1)
	if err != nil {
		t.Fatal(err)
	}
	page, _ := io.ReadAll(resp.Body)
	if resp.StatusCode != 200 || !strings.Contains(string(page), "<title>Pathways</title>") {
		t.Errorf("SPA fallback: %d %s", resp.StatusCode, page)
	}
	// A Fiber error from the web app's handler keeps its status and becomes a problem too.
	resp, err = e.srv.App().Test(httptest.NewRequest("POST", "/cases/some-page", nil), -1)
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	if resp.StatusCode != 405 || !strings.HasPrefix(resp.Header.Get("Content-Type"), "application/problem+json") ||
		!strings.Contains(string(body), `"status":405`) {
		t.Errorf("POST to a page: %d %s %s", resp.StatusCode, resp.Header.Get("Content-Type"), body)
	}
}

// listen serves e's app on a real loopback socket: Fiber's app.Test cannot show answers that
// fasthttp writes before routing (a body over the limit).
func listen(t *testing.T, e *env) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	go e.srv.App().Listener(ln) //nolint:errcheck // ends with Shutdown below
	t.Cleanup(func() { _ = e.srv.Shutdown(5 * time.Second) })
	return "http://" + ln.Addr().String()
}

func TestBodyOverLimitIs413Problem(t *testing.T) {
	e := newEnvWith(t, api.Config{BodyLimit: 1024})
	admin := e.as("admin")
	base := listen(t, e)
	big, _ := json.Marshal(map[string]any{"country": "XA", "name": "Big", "kind": "prison", "pad": strings.Repeat("x", 2048)})
	req, _ := http.NewRequest("POST", base+"/api/v1/facilities", bytes.NewReader(big))
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("X-CSRF-Token", admin.csrf)
	req.AddCookie(&http.Cookie{Name: "pathways_session", Value: admin.cookie})
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	raw, _ := io.ReadAll(resp.Body)
	r := &response{t: t, status: resp.StatusCode, header: resp.Header, body: raw}
	e.checkDocumented("POST", "/api/v1/facilities", big, req.Header, r)
	p := r.problem(413)
	if p["status"] != float64(413) {
		t.Errorf("problem status %v", p["status"])
	}
	id := r.header.Get("X-Request-ID")
	if !uuidPattern.MatchString(id) || p["request_id"] != id {
		t.Errorf("413 answer: X-Request-ID %q, problem request_id %v", id, p["request_id"])
	}
	if r.header.Get("Content-Security-Policy") == "" || r.header.Get("X-Content-Type-Options") != "nosniff" {
		t.Errorf("413 answer lacks the security headers: %v", r.header)
	}
	// Nothing was written, and a body under the limit is read as usual.
	for _, f := range admin.do("GET", "/api/v1/facilities", nil).want(200).json()["items"].([]any) {
		if f.(map[string]any)["name"] == "Big" {
			t.Error("the refused facility was created")
		}
	}
	admin.do("POST", "/api/v1/facilities", map[string]any{"country": "XA", "name": "Small", "kind": "prison"}).want(201)
}

func TestMetricsAreLabelledByRoutePattern(t *testing.T) {
	e := newEnv(t)
	admin := e.as("admin")
	id := e.world.Users["practitioner"].ID
	admin.do("PATCH", "/api/v1/users/"+id, map[string]any{"display_name": "Renamed"}).want(200)
	admin.do("DELETE", "/api/v1/users/"+id+"/memberships/7d4ab3f2-0000-4000-8000-000000000000", nil).problem(404)
	e.anon().do("GET", "/api/v1/no-such-route/8c1f0e6a-1111-4111-8111-111111111111", nil).problem(404)
	// Metrics are served by their own handler, on a listener of their own (not the API's).
	rec := httptest.NewRecorder()
	e.srv.MetricsHandler().ServeHTTP(rec, httptest.NewRequest("GET", "/metrics", nil))
	if rec.Code != 200 {
		t.Fatalf("metrics handler: %d", rec.Code)
	}
	body := rec.Body.String()
	for _, want := range []string{
		`pathways_http_request_duration_seconds_count{method="PATCH",route="/api/v1/users/:id",status="200"} 1`,
		`pathways_http_request_duration_seconds_count{method="DELETE",route="/api/v1/users/:id/memberships/:mid",status="404"} 1`,
		`pathways_http_request_duration_seconds_count{method="POST",route="/api/v1/auth/login",status="200"}`,
	} {
		if !strings.Contains(body, want) {
			t.Errorf("metrics lack %s", want)
		}
	}
	for _, leak := range []string{id, "7d4ab3f2", "8c1f0e6a"} {
		if strings.Contains(body, leak) {
			t.Errorf("metrics carry a concrete id %s", leak)
		}
	}
}

func TestHealthAndReadiness(t *testing.T) {
	e := newEnv(t)
	if got := e.anon().do("GET", "/healthz", nil).want(200).json()["status"]; got != "ok" {
		t.Errorf("healthz status %v", got)
	}
	if got := e.anon().do("GET", "/readyz", nil).want(200).json()["status"]; got != "ready" {
		t.Errorf("readyz status %v", got)
	}

	// The same server on a database that has gone away is alive but not ready.
	closed, err := postgres.Open(context.Background(), e.url)
	if err != nil {
		t.Fatal(err)
	}
	closed.Close()
	pol, _ := policy.New()
	e.srv = api.New(api.Config{}, closed, pol, slog.New(slog.NewTextHandler(io.Discard, nil)))
	e.anon().do("GET", "/healthz", nil).want(200)
	p := e.anon().do("GET", "/readyz", nil).problem(503)
	if p["type"] != "urn:pathways:problem:unavailable" {
		t.Errorf("readyz on a closed database: %v", p)
	}
}

// A database outage is a 503 problem on every route that needs it, never a 500 or a 401.
func TestDatabaseOutageIs503(t *testing.T) {
	e := newEnv(t)
	admin := e.as("admin")
	// Nothing listens on port 1: every connection attempt is refused.
	gone, err := postgres.Open(context.Background(), "postgres://pathways@127.0.0.1:1/pathways?connect_timeout=2")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(gone.Close)
	pol, _ := policy.New()
	e.srv = api.New(api.Config{}, gone, pol, slog.New(slog.NewTextHandler(io.Discard, nil)))
	e.anon().do("GET", "/readyz", nil).problem(503)
	e.anon().do("POST", "/api/v1/auth/login", map[string]any{"username": "admin", "password": testPassword}).problem(503)
	admin.do("GET", "/api/v1/users", nil).problem(503)
	e.anon().do("GET", "/healthz", nil).want(200)
}

func TestOpenAPIDocumentIsServed(t *testing.T) {
	e := newEnv(t)
	r := e.anon().do("GET", "/api/v1/openapi.json", nil).want(200)
	if ct := r.header.Get("Content-Type"); !strings.HasPrefix(ct, "application/json") {
		t.Errorf("content type %q", ct)
	}
	doc := r.json()
	paths, _ := doc["paths"].(map[string]any)
	if _, ok := paths["/api/v1/me"]; !ok || !strings.HasPrefix(doc["openapi"].(string), "3.") {
		t.Errorf("served document is not the API's: openapi=%v, %d paths", doc["openapi"], len(paths))
	}
}

// The request deadline cancels a handler that runs too long, and the caller gets a 503
// problem. The sign-in slow-down is the one deliberately slow path: a delay far longer than
// the deadline proves both that the slow-down is applied after a failure and that the
// deadline bounds it.
func TestLoginSlowDownIsBoundedByTheRequestDeadline(t *testing.T) {
	e := newEnvWith(t, api.Config{LoginFailureDelay: time.Hour, RequestTimeout: 2 * time.Second})
	wrong := map[string]any{"username": "practitioner", "password": "not the password"}
	e.anon().do("POST", "/api/v1/auth/login", wrong).problem(401) // no earlier failure: no delay
	p := e.anon().do("POST", "/api/v1/auth/login", wrong).problem(503)
	if p["type"] != "urn:pathways:problem:unavailable" {
		t.Errorf("deadline problem: %v", p)
	}
}
