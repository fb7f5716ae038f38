package api_test

import (
	"crypto/sha256"
	"encoding/json"
	"testing"
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
	// A request still in flight under the key: the duplicate waits its turn as a 409.
	e.exec(`INSERT INTO idempotency_keys (actor, key, method, path, body_hash) VALUES ($1, 'busy', 'POST', '/api/v1/cases', $2)`,
		"user:"+e.world.Users["practitioner"].ID, sha(body))
	pr.do("POST", "/api/v1/cases", body, "Idempotency-Key", "busy").problem(409)
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

func sha(body any) []byte {
	raw, err := json.Marshal(body)
	if err != nil {
		panic(err)
	}
	h := sha256.Sum256(raw)
	return h[:]
}
