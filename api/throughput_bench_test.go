package api_test

// Throughput benchmarks for DESIGN.md §12: recording a session (validated, authorised,
// audited, idempotent) and reading a case (with its audit row), each beside a bare Fiber +
// pgx endpoint doing the same single insert or read on the same database, over real
// loopback HTTP with 32 concurrent clients.
//
//	go test ./api -run '^$' -bench Throughput -benchtime 5s
//
// The figures depend on the PostgreSQL behind PATHWAYS_TEST_DATABASE_URL: `make test`'s
// private cluster runs with fsync off; point it at a durable server for numbers that count.

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"sync/atomic"
	"testing"
	"time"

	"github.com/gofiber/fiber/v2"

	"pathways/api"
	"pathways/domain"
	"pathways/domain/postgres"
	"pathways/domain/postgres/pgtest"
	"pathways/policy"
)

const benchClients = 32

// benchWorld is a served Pathways with one signed-in practitioner and cases to write to,
// and a bare server on the same database.
type benchWorld struct {
	base, bare string
	cookie     string
	csrf       string
	cases      []string
	bareIDs    []string
	http       *http.Client
}

func setupThroughput(b *testing.B) *benchWorld {
	b.Helper()
	db, _ := pgtest.New(b)
	ctx, sys := context.Background(), domain.System("bench")
	must := func(err error) {
		b.Helper()
		if err != nil {
			b.Fatal(err)
		}
	}
	must(db.UpsertCountry(ctx, sys, domain.Country{Code: "XA", Name: "Arcadia"}))
	fac, err := db.CreateFacility(ctx, sys, domain.Facility{Country: "XA", Name: "Northgate", Kind: domain.FacilityPrison})
	must(err)
	prog, err := db.CreateProgramme(ctx, sys, domain.Programme{Country: "XA", Name: "Programme A", AftercareMonths: 12})
	must(err)
	hash, err := api.HashPassword(testPassword)
	must(err)
	u, err := db.CreateUser(ctx, sys, domain.NewUser{Username: "practitioner", PasswordHash: hash})
	must(err)
	_, err = db.AddMembership(ctx, sys, domain.Membership{UserID: u.ID, Role: domain.RolePractitioner,
		Scope: domain.Scope{Kind: domain.ScopeFacility, FacilityID: fac.ID}})
	must(err)

	pol, err := policy.New()
	must(err)
	srv := api.New(api.Config{CookieSecure: false}, db, pol, slog.New(slog.NewTextHandler(io.Discard, nil)))
	w := &benchWorld{
		base: serveOnLoopback(b, srv.App()),
		bare: serveOnLoopback(b, bareApp(b, db)),
		http: &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: 2 * benchClients}, Timeout: 30 * time.Second},
	}
	w.login(b)
	// Enough cases that clients rarely queue on one case's row lock, as on a real caseload.
	for i := 0; i < 2*benchClients; i++ {
		body := fmt.Sprintf(`{"programme_id":%q,"facility_id":%q,"participant":{"birth_year":1990,"gender":"male","nationality":"XA"},
			"consent_given":true,"consent_date":%q}`, prog.ID, fac.ID, time.Now().Format(time.DateOnly))
		var out struct{ ID string }
		w.call(b, w.base, "POST", "/api/v1/cases", body, 201, &out)
		w.cases = append(w.cases, out.ID)
		var bare struct{ ID string }
		w.call(b, w.bare, "POST", "/bare/sessions", `{"case_id":"`+out.ID+`","minutes":60,"notes":"seed"}`, 201, &bare)
		w.bareIDs = append(w.bareIDs, bare.ID)
	}
	return w
}

func serveOnLoopback(b *testing.B, app *fiber.App) string {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		b.Fatal(err)
	}
	go app.Listener(ln) //nolint:errcheck // ends with the shutdown below
	// A deadline: kept-alive client connections would otherwise hold Shutdown open.
	b.Cleanup(func() { _ = app.ShutdownWithTimeout(2 * time.Second) })
	return "http://" + ln.Addr().String()
}

// bareApp is the yardstick: the same kind of row written and read with nothing around it.
func bareApp(b *testing.B, db *postgres.DB) *fiber.App {
	pool := db.Pool()
	if _, err := pool.Exec(context.Background(), `CREATE TABLE bare_sessions (
		id uuid PRIMARY KEY DEFAULT gen_random_uuid(), case_id uuid NOT NULL, minutes int NOT NULL,
		notes text NOT NULL, created_at timestamptz NOT NULL DEFAULT now())`); err != nil {
		b.Fatal(err)
	}
	app := fiber.New(fiber.Config{DisableStartupMessage: true})
	app.Post("/bare/sessions", func(c *fiber.Ctx) error {
		var in struct {
			CaseID  string `json:"case_id"`
			Minutes int    `json:"minutes"`
			Notes   string `json:"notes"`
		}
		if err := json.Unmarshal(c.Body(), &in); err != nil {
			return fiber.ErrBadRequest
		}
		var id string
		if err := pool.QueryRow(c.UserContext(), "INSERT INTO bare_sessions (case_id, minutes, notes) VALUES ($1, $2, $3) RETURNING id",
			in.CaseID, in.Minutes, in.Notes).Scan(&id); err != nil {
			return err
		}
		return c.Status(201).JSON(fiber.Map{"id": id})
	})
	app.Get("/bare/sessions/:id", func(c *fiber.Ctx) error {
		var caseID, notes string
		var minutes int
		if err := pool.QueryRow(c.UserContext(), "SELECT case_id, minutes, notes FROM bare_sessions WHERE id = $1", c.Params("id")).
			Scan(&caseID, &minutes, &notes); err != nil {
			return fiber.ErrNotFound
		}
		return c.JSON(fiber.Map{"id": c.Params("id"), "case_id": caseID, "minutes": minutes, "notes": notes})
	})
	return app
}

func (w *benchWorld) login(b *testing.B) {
	req, _ := http.NewRequest("POST", w.base+"/api/v1/auth/login",
		bytes.NewReader([]byte(`{"username":"practitioner","password":"`+testPassword+`"}`)))
	req.Header.Set("Content-Type", "application/json")
	resp, err := w.http.Do(req)
	if err != nil || resp.StatusCode != 200 {
		b.Fatalf("login: %v %v", err, resp)
	}
	defer resp.Body.Close()
	for _, c := range resp.Cookies() {
		if c.Name == "pathways_session" {
			w.cookie = c.Value
		}
	}
	var out struct {
		CSRF string `json:"csrf_token"`
	}
	_ = json.NewDecoder(resp.Body).Decode(&out)
	w.csrf = out.CSRF
}

// call sends one request and checks its status; it is used from many goroutines at once.
func (w *benchWorld) call(b *testing.B, base, method, path, body string, want int, out any, header ...string) {
	var r io.Reader
	if body != "" {
		r = bytes.NewReader([]byte(body))
	}
	req, _ := http.NewRequest(method, base+path, r)
	if body != "" {
		req.Header.Set("Content-Type", "application/json")
	}
	req.AddCookie(&http.Cookie{Name: "pathways_session", Value: w.cookie})
	req.Header.Set("X-CSRF-Token", w.csrf)
	for i := 0; i+1 < len(header); i += 2 {
		req.Header.Set(header[i], header[i+1])
	}
	resp, err := w.http.Do(req)
	if err != nil {
		b.Error(err)
		return
	}
	defer resp.Body.Close()
	data, _ := io.ReadAll(resp.Body)
	if resp.StatusCode != want {
		b.Errorf("%s %s: %d %s", method, path, resp.StatusCode, data)
		return
	}
	if out != nil {
		_ = json.Unmarshal(data, out)
	}
}

// parallel runs op from benchClients goroutines and reports requests per second.
func parallel(b *testing.B, op func(i int64)) {
	var n atomic.Int64
	b.SetParallelism((benchClients + 1) / 2) // × GOMAXPROCS (2 here) = 32 clients
	b.ResetTimer()
	start := time.Now()
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			op(n.Add(1))
		}
	})
	b.ReportMetric(float64(b.N)/time.Since(start).Seconds(), "req/s")
}

func BenchmarkThroughput(b *testing.B) {
	w := setupThroughput(b)
	today := time.Now().Format(time.DateOnly)
	b.Run("bare_insert", func(b *testing.B) {
		parallel(b, func(i int64) {
			c := w.cases[i%int64(len(w.cases))]
			w.call(b, w.bare, "POST", "/bare/sessions", `{"case_id":"`+c+`","minutes":60,"notes":"worked on problem solving"}`, 201, nil)
		})
	})
	b.Run("record_session", func(b *testing.B) {
		parallel(b, func(i int64) {
			c := w.cases[i%int64(len(w.cases))]
			body := `{"intervention_type":"cognitive_skills","held_on":"` + today + `","minutes":60,"format":"individual",
				"attendance":"attended","engagement":4,"notes":"worked on problem solving"}`
			w.call(b, w.base, "POST", "/api/v1/cases/"+c+"/sessions", body, 201, nil, "Idempotency-Key", fmt.Sprintf("bench-%d-%d", b.N, i))
		})
	})
	b.Run("bare_read", func(b *testing.B) {
		parallel(b, func(i int64) {
			w.call(b, w.bare, "GET", "/bare/sessions/"+w.bareIDs[i%int64(len(w.bareIDs))], "", 200, nil)
		})
	})
	b.Run("read_case", func(b *testing.B) {
		parallel(b, func(i int64) {
			w.call(b, w.base, "GET", "/api/v1/cases/"+w.cases[i%int64(len(w.cases))], "", 200, nil)
		})
	})
}
