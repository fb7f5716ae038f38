package api_test

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"
)

func TestIdempotencyKey(t *testing.T) {
	e := newEnv(t)
	pr := e.as("practitioner")
	body := e.intakeBody(e.world.Northgate, nil)
	r1 := pr.do("POST", "/api/v1/cases", body, "Idempotency-Key", "intake-1").want(201)
	r2 := pr.do("POST", "/api/v1/cases", body, "Idempotency-Key", "intake-1").want(201)
	var a, b caseOut
	r1.decode(&a)
	r2.decode(&b)
	if a.ID != b.ID || a.Pseudonym != b.Pseudonym {
		t.Errorf("replay gave another case: %s vs %s", a.ID, b.ID)
	}
	if r2.header.Get("ETag") != r1.header.Get("ETag") || r2.header.Get("Location") != r1.header.Get("Location") || r2.header.Get("Idempotent-Replayed") != "true" {
		t.Errorf("replay headers %v", r2.header)
	}
	if n := e.count("SELECT count(*) FROM cases"); n != 1 {
		t.Errorf("%d cases after a replay", n)
	}
	// The same key for another request is refused, and writes nothing.
	other := e.intakeBody(e.world.Northgate, map[string]any{"offence_category": "02"})
	p := pr.do("POST", "/api/v1/cases", other, "Idempotency-Key", "intake-1").problem(422)
	if f := fieldErrors(p); len(f) != 1 || f[0] != "Idempotency-Key" {
		t.Errorf("fields %v", f)
	}
	pr.do("POST", "/api/v1/cases/"+a.ID+"/transitions", map[string]any{"to": "assessment"}, "If-Match", e.etag(pr, a.ID), "Idempotency-Key", "intake-1").problem(422)
	if n := e.count("SELECT count(*) FROM cases"); n != 1 {
		t.Errorf("%d cases after a refused reuse", n)
	}
	// Keys are per caller: another user's same key is a new request.
	e.as("supervisor").do("POST", "/api/v1/cases", body, "Idempotency-Key", "intake-1").want(201)
	// A refused request keeps nothing: corrected, it may be sent again with the same key.
	bad := e.intakeBody(e.world.Northgate, map[string]any{"consent_given": false})
	pr.do("POST", "/api/v1/cases", bad, "Idempotency-Key", "intake-2").problem(422)
	pr.do("POST", "/api/v1/cases", other, "Idempotency-Key", "intake-2").want(201)
	pr.do("POST", "/api/v1/cases", body, "Idempotency-Key", string([]byte{'a', 0x01})).problem(400)
	if n := e.count("SELECT count(*) FROM cases"); n != 3 {
		t.Errorf("%d cases, want 3", n)
	}

	// Transitions replay too: one phase change, the same answer.
	etag := e.etag(pr, a.ID)
	t1 := pr.do("POST", "/api/v1/cases/"+a.ID+"/transitions", map[string]any{"to": "assessment"}, "If-Match", etag, "Idempotency-Key", "t-1").want(201)
	t2 := pr.do("POST", "/api/v1/cases/"+a.ID+"/transitions", map[string]any{"to": "assessment"}, "If-Match", etag, "Idempotency-Key", "t-1").want(201)
	if string(t1.body) != string(t2.body) {
		t.Errorf("replayed transition differs:\n%s\n%s", t1.body, t2.body)
	}
	if n := e.count("SELECT count(*) FROM phase_changes WHERE case_id = $1", a.ID); n != 1 {
		t.Errorf("%d phase changes after a replay", n)
	}
}

// A request under a key that another request is still running is answered 409 with
// Retry-After, at once (it neither waits nor runs); asked again after the first has finished,
// it gets the first answer. The first request is held inside its work by a lock the test
// takes on its case's row.
func TestIdempotencyKeyInFlight(t *testing.T) {
	e := newEnv(t)
	pr := e.as("practitioner")
	caseID := e.newCase(caseFixture{phase: "intervention"})
	path := "/api/v1/cases/" + caseID + "/sessions"
	body := map[string]any{"intervention_type": "mentoring", "held_on": daysAgo(1), "minutes": 30, "format": "individual", "attendance": "attended"}

	ctx := context.Background()
	hold, err := e.db.Pool().Begin(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer hold.Rollback(ctx) //nolint:errcheck // released below
	if _, err := hold.Exec(ctx, "SELECT 1 FROM cases WHERE id = $1 FOR UPDATE", caseID); err != nil {
		t.Fatal(err)
	}
	first := make(chan *response, 1)
	go func() { first <- pr.send("POST", path, body, "Idempotency-Key", "slow") }()
	waitUntil(t, "the first request to wait for the case", func() bool {
		return e.count(`SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'`) > 0
	})

	p := pr.do("POST", path, body, "Idempotency-Key", "slow")
	p.problem(409)
	if got := p.header.Get("Retry-After"); got != "1" {
		t.Errorf("409 while the first runs: Retry-After %q", got)
	}
	if err := hold.Rollback(ctx); err != nil {
		t.Fatal(err)
	}
	a := <-first
	if a.status != 201 {
		t.Fatalf("the first request: %d %s", a.status, a.body)
	}
	again := pr.do("POST", path, body, "Idempotency-Key", "slow").want(201)
	if string(again.body) != string(a.body) || again.header.Get("Idempotent-Replayed") != "true" {
		t.Errorf("asked again, another answer:\n%s\n%s", a.body, again.body)
	}
	if n := e.count("SELECT count(*) FROM session_attendance WHERE case_id = $1", caseID); n != 1 {
		t.Errorf("%d sessions on the case, want 1", n)
	}
}

// A write refused inside the unit of work (a case the caller may not see) rolls back whole,
// but the refusal stays in the audit trail, and the key stays free.
func TestIdempotentRefusalIsAuditedAndKeepsNothing(t *testing.T) {
	e := newEnv(t)
	mine := e.newCase(caseFixture{phase: "intervention"}) // practitioner's, at Northgate
	theirs := e.newCase(caseFixture{phase: "intervention", teamMember: "practitioner2", facility: e.world.Riverside, programme: e.world.ProgrammeXA, country: "XA"})
	pr := e.as("practitioner")
	sessions := e.count("SELECT count(*) FROM intervention_sessions")
	// A group session over a case of the caller's and one outside its caseload.
	group := map[string]any{"intervention_type": "arts_sport", "held_on": daysAgo(1), "minutes": 60, "format": "group",
		"participants": []map[string]any{{"case_id": mine, "attendance": "attended"}, {"case_id": theirs, "attendance": "attended"}}}
	for i := 0; i < 2; i++ { // the second time proves no answer was kept under the key
		pr.do("POST", "/api/v1/sessions", group, "Idempotency-Key", "group-1").problem(404)
	}
	if n := e.count("SELECT count(*) FROM intervention_sessions"); n != sessions {
		t.Errorf("a refused group session wrote %d sessions", n-sessions)
	}
	if n := e.count(`SELECT count(*) FROM audit_events WHERE actor_name = 'practitioner' AND action = 'case.access'
		AND outcome = 'denied' AND object_id = $1`, theirs); n != 2 {
		t.Errorf("%d denied-access events for the hidden case, want 2", n)
	}
	if n := e.count("SELECT count(*) FROM idempotency_keys WHERE key = 'group-1'"); n != 0 {
		t.Errorf("the refused request left its key behind")
	}
}

// send is do for another goroutine: it reports instead of failing the test, and skips the
// OpenAPI check.
func (c *client) send(method, path string, body any, header ...string) *response {
	raw, _ := json.Marshal(body)
	req := httptest.NewRequest(method, path, bytes.NewReader(raw))
	req.Header.Set("Content-Type", "application/json")
	req.AddCookie(&http.Cookie{Name: "pathways_session", Value: c.cookie})
	req.Header.Set("X-CSRF-Token", c.csrf)
	for i := 0; i+1 < len(header); i += 2 {
		req.Header.Set(header[i], header[i+1])
	}
	resp, err := c.e.srv.App().Test(req, -1)
	if err != nil {
		return &response{t: c.e.t, status: 0, body: []byte(err.Error())}
	}
	defer resp.Body.Close()
	got, _ := io.ReadAll(resp.Body)
	return &response{t: c.e.t, status: resp.StatusCode, header: resp.Header, body: got}
}

// waitUntil polls cond; the limit only stops a broken test from hanging.
func waitUntil(t *testing.T, what string, cond func() bool) {
	t.Helper()
	for deadline := time.Now().Add(20 * time.Second); time.Now().Before(deadline); time.Sleep(10 * time.Millisecond) {
		if cond() {
			return
		}
	}
	t.Fatalf("gave up waiting for %s", what)
}
