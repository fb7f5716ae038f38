package api_test

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/getkin/kin-openapi/openapi3filter"
	"github.com/getkin/kin-openapi/routers"
	"github.com/getkin/kin-openapi/routers/gorillamux"

	"pathways/api"
	"pathways/domain"
	"pathways/domain/postgres"
	"pathways/domain/postgres/pgtest"
	"pathways/policy"
)

const testPassword = "correct horse battery staple"

var (
	docOnce   sync.Once
	docRouter routers.Router
	docErr    error
	hashOnce  sync.Once
	pwHash    string
)

func openapiRouter(t testing.TB) routers.Router {
	docOnce.Do(func() {
		var doc *openapi3.T
		if doc, docErr = api.LoadOpenAPI(); docErr == nil {
			if docErr = doc.Validate(context.Background()); docErr == nil {
				docRouter, docErr = gorillamux.NewRouter(doc)
			}
		}
	})
	if docErr != nil {
		t.Fatalf("OpenAPI document: %v", docErr)
	}
	return docRouter
}

// world is the small organisation every API test starts from.
type world struct {
	XA, XB                        string // country codes
	Northgate, Riverside, Harbour string // facility ids: two in XA, one in XB
	ProgrammeXA, ProgrammeXB      string
	Users                         map[string]domain.User // by username
}

// env is a running server on its own fresh database.
type env struct {
	t     testing.TB
	srv   *api.Server
	db    *postgres.DB
	url   string
	world world
}

// Roles of the demo users, by username; "anonymous" has no session.
var testUsers = []struct {
	name  string
	role  domain.Role
	scope func(w world) domain.Scope
}{
	{"admin", domain.RoleAdmin, func(world) domain.Scope { return domain.Scope{Kind: domain.ScopeGlobal} }},
	{"supervisor", domain.RoleSupervisor, func(world) domain.Scope { return domain.Scope{Kind: domain.ScopeCountry, Country: "XA"} }},
	{"practitioner", domain.RolePractitioner, func(w world) domain.Scope { return domain.Scope{Kind: domain.ScopeFacility, FacilityID: w.Northgate} }},
	{"practitioner2", domain.RolePractitioner, func(w world) domain.Scope { return domain.Scope{Kind: domain.ScopeFacility, FacilityID: w.Riverside} }},
	{"supervisor2", domain.RoleSupervisor, func(world) domain.Scope { return domain.Scope{Kind: domain.ScopeCountry, Country: "XA"} }},
	{"supervisorxb", domain.RoleSupervisor, func(world) domain.Scope { return domain.Scope{Kind: domain.ScopeCountry, Country: "XB"} }},
	{"national", domain.RoleNationalAuthority, func(world) domain.Scope { return domain.Scope{Kind: domain.ScopeCountry, Country: "XA"} }},
	{"auditor", domain.RoleAuditor, func(world) domain.Scope { return domain.Scope{Kind: domain.ScopeGlobal} }},
}

func newEnv(t testing.TB) *env {
	t.Helper()
	return newEnvLogging(t, io.Discard)
}

// newEnvLogging is newEnv with the server's log, at debug level, written to w.
func newEnvLogging(t testing.TB, w io.Writer) *env {
	t.Helper()
	db, url := pgtest.New(t)
	pol, err := policy.New()
	if err != nil {
		t.Fatal(err)
	}
	log := slog.New(slog.NewTextHandler(w, &slog.HandlerOptions{Level: slog.LevelDebug}))
	srv := api.New(api.Config{CookieSecure: false}, db, pol, log)
	e := &env{t: t, srv: srv, db: db, url: url}
	e.seed()
	return e
}

func (e *env) seed() {
	t, ctx, sys := e.t, context.Background(), domain.System("test")
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	w := world{XA: "XA", XB: "XB", Users: map[string]domain.User{}}
	must(e.db.UpsertCountry(ctx, sys, domain.Country{Code: "XA", Name: "Arcadia"}))
	must(e.db.UpsertCountry(ctx, sys, domain.Country{Code: "XB", Name: "Borealis"}))
	fac := func(country, name string) string {
		f, err := e.db.CreateFacility(ctx, sys, domain.Facility{Country: country, Name: name, Kind: domain.FacilityPrison})
		must(err)
		return f.ID
	}
	w.Northgate, w.Riverside, w.Harbour = fac("XA", "Northgate"), fac("XA", "Riverside"), fac("XB", "Harbour")
	prog := func(country, name string) string {
		g, err := e.db.CreateProgramme(ctx, sys, domain.Programme{Country: country, Name: name, AftercareMonths: 12})
		must(err)
		return g.ID
	}
	w.ProgrammeXA, w.ProgrammeXB = prog("XA", "Programme A"), prog("XB", "Programme B")
	hashOnce.Do(func() {
		var err error
		pwHash, err = api.HashPassword(testPassword)
		must(err)
	})
	for _, u := range testUsers {
		created, err := e.db.CreateUser(ctx, sys, domain.NewUser{Username: u.name, DisplayName: "Test " + u.name, PasswordHash: pwHash})
		must(err)
		_, err = e.db.AddMembership(ctx, sys, domain.Membership{UserID: created.ID, Role: u.role, Scope: u.scope(w)})
		must(err)
		w.Users[u.name] = created
	}
	e.world = w
}

// client makes requests as one caller, keeping its cookie and CSRF token.
type client struct {
	e       *env
	cookie  string
	csrf    string
	bearer  string
	noCSRF  bool // send no X-CSRF-Token even when one is known
	headers map[string]string
}

// anon is a caller with no credentials.
func (e *env) anon() *client { return &client{e: e} }

// as signs in as the named test user.
func (e *env) as(username string) *client {
	e.t.Helper()
	c := e.anon()
	r := c.do("POST", "/api/v1/auth/login", map[string]any{"username": username, "password": testPassword})
	if r.status != 200 {
		e.t.Fatalf("login %s: %d %s", username, r.status, r.body)
	}
	for _, sc := range r.header.Values("Set-Cookie") {
		if v, ok := strings.CutPrefix(sc, "pathways_session="); ok {
			c.cookie, _, _ = strings.Cut(v, ";")
		}
	}
	var out struct {
		CSRF string `json:"csrf_token"`
	}
	r.decode(&out)
	c.csrf = out.CSRF
	return c
}

// withToken is a machine client holding an API token.
func (e *env) withToken(token string) *client { return &client{e: e, bearer: token} }

type response struct {
	t      testing.TB
	status int
	header http.Header
	body   []byte
}

func (r *response) decode(v any) {
	r.t.Helper()
	if err := json.Unmarshal(r.body, v); err != nil {
		r.t.Fatalf("decoding %s: %v", r.body, err)
	}
}

// json decodes the body into a generic map.
func (r *response) json() map[string]any {
	r.t.Helper()
	var m map[string]any
	r.decode(&m)
	return m
}

// do sends a request through the real middleware chain and checks the answer against the
// OpenAPI document: an undocumented route, status or shape fails the test.
func (c *client) do(method, path string, body any, header ...string) *response {
	t := c.e.t
	t.Helper()
	var raw []byte
	switch b := body.(type) {
	case nil:
	case []byte:
		raw = b
	case string:
		raw = []byte(b)
	default:
		var err error
		if raw, err = json.Marshal(b); err != nil {
			t.Fatal(err)
		}
	}
	req := httptest.NewRequest(method, path, bytes.NewReader(raw))
	if raw != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	if c.cookie != "" {
		req.AddCookie(&http.Cookie{Name: "pathways_session", Value: c.cookie})
	}
	if c.csrf != "" && !c.noCSRF {
		req.Header.Set("X-CSRF-Token", c.csrf)
	}
	if c.bearer != "" {
		req.Header.Set("Authorization", "Bearer "+c.bearer)
	}
	for k, v := range c.headers {
		req.Header.Set(k, v)
	}
	for i := 0; i+1 < len(header); i += 2 {
		req.Header.Set(header[i], header[i+1])
	}
	resp, err := c.e.srv.App().Test(req, -1)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	got, _ := io.ReadAll(resp.Body)
	r := &response{t: t, status: resp.StatusCode, header: resp.Header, body: got}
	c.e.checkDocumented(method, path, raw, req.Header, r)
	return r
}

func (e *env) checkDocumented(method, path string, body []byte, h http.Header, r *response) {
	t := e.t
	t.Helper()
	router := openapiRouter(t)
	req := httptest.NewRequest(method, path, bytes.NewReader(body))
	req.Header = h.Clone()
	route, params, err := router.FindRoute(req)
	if err != nil {
		if r.status == 404 || r.status == 405 {
			return // an unknown path is allowed to be unknown
		}
		t.Fatalf("%s %s answered %d but is not in the OpenAPI document: %v", method, path, r.status, err)
	}
	in := &openapi3filter.ResponseValidationInput{
		RequestValidationInput: &openapi3filter.RequestValidationInput{Request: req, PathParams: params, Route: route},
		Status:                 r.status,
		Header:                 r.header,
		Options:                &openapi3filter.Options{IncludeResponseStatus: true, MultiError: true},
	}
	in.SetBodyBytes(r.body)
	if err := openapi3filter.ValidateResponse(context.Background(), in); err != nil {
		t.Fatalf("%s %s → %d does not match the OpenAPI document: %v\nbody: %s", method, path, r.status, err, r.body)
	}
}

// problem asserts a problem+json answer with the given status and returns it.
func (r *response) problem(status int) map[string]any {
	r.t.Helper()
	if r.status != status {
		r.t.Fatalf("want %d, got %d: %s", status, r.status, r.body)
	}
	if ct := r.header.Get("Content-Type"); !strings.HasPrefix(ct, "application/problem+json") {
		r.t.Fatalf("want application/problem+json, got %q", ct)
	}
	return r.json()
}

// ok asserts the status.
func (r *response) want(status int) *response {
	r.t.Helper()
	if r.status != status {
		r.t.Fatalf("want %d, got %d: %s", status, r.status, r.body)
	}
	return r
}

// fieldErrors lists the fields named by a problem's per-field errors.
func fieldErrors(p map[string]any) []string {
	var out []string
	errs, _ := p["errors"].([]any)
	for _, e := range errs {
		if m, ok := e.(map[string]any); ok {
			out = append(out, m["field"].(string))
		}
	}
	return out
}

func loadDoc() (*openapi3.T, error) { return api.LoadOpenAPI() }
