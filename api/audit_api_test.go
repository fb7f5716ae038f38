package api_test

import (
	"context"
	"crypto/ed25519"
	"encoding/hex"
	"fmt"
	"net/url"
	"strings"
	"testing"
	"time"

	"pathways/api"
	"pathways/domain"
	"pathways/domain/checkpointdir"
)

// auditEvents lists the audit trail through the API, newest first, with a raw query string.
func auditEvents(t *testing.T, auditor *client, query string) []map[string]any {
	t.Helper()
	var out []map[string]any
	for _, it := range auditor.do("GET", "/api/v1/audit?"+query, nil).want(200).json()["items"].([]any) {
		out = append(out, it.(map[string]any))
	}
	return out
}

func TestAuditListFilters(t *testing.T) {
	e := newEnvWith(t, fastLogin)
	admin := e.as("admin")
	e.anon().do("POST", "/api/v1/auth/login", map[string]any{"username": "admin", "password": "not the password"}).problem(401)
	admin.do("POST", "/api/v1/facilities", map[string]any{"country": "XB", "name": "Eastport", "kind": "community"}).want(201)
	auditor := e.as("auditor")

	check := func(query string, want func(ev map[string]any) bool, atLeast int) []map[string]any {
		t.Helper()
		evs := auditEvents(t, auditor, query)
		if len(evs) < atLeast {
			t.Errorf("%s: %d events, want at least %d", query, len(evs), atLeast)
		}
		for i, ev := range evs {
			if !want(ev) {
				t.Errorf("%s: event %v does not match", query, ev)
			}
			if i > 0 && ev["seq"].(float64) >= evs[i-1]["seq"].(float64) {
				t.Errorf("%s: not newest first", query)
			}
		}
		return evs
	}
	check("action=auth.login", func(ev map[string]any) bool { return ev["action"] == "auth.login" }, 3)
	check("action=auth.login&outcome=failure", func(ev map[string]any) bool {
		return ev["action"] == "auth.login" && ev["outcome"] == "failure"
	}, 1)
	check("actor=admin", func(ev map[string]any) bool { return ev["actor_name"] == "admin" }, 3)
	fac := check("action=facility.", func(ev map[string]any) bool { return strings.HasPrefix(ev["action"].(string), "facility.") }, 1)
	if fac[0]["actor_name"] != "admin" || fac[0]["role"] != "admin" || fac[0]["scope"] != "global" {
		t.Errorf("facility event: %v", fac[0])
	}
	check("object_type=facility&object_id="+url.QueryEscape(fac[0]["object_id"].(string)), func(ev map[string]any) bool {
		return ev["object_id"] == fac[0]["object_id"]
	}, 1)
	today := time.Now().UTC().Format(time.DateOnly)
	check("from="+today+"&to="+today, func(map[string]any) bool { return true }, 5)
	if evs := auditEvents(t, auditor, "to=2000-01-01"); len(evs) != 0 {
		t.Errorf("events before 2000: %v", evs)
	}
	// The auditor's own reading is on the record.
	check("action=audit.list&actor=auditor", func(ev map[string]any) bool { return ev["outcome"] == "success" }, 3)

	for _, bad := range []string{"outcome=maybe", "from=yesterday", "limit=501", "cursor=abc", "cursor=-5", "cursor=1.5", "cursor=99999999999999999999"} {
		auditor.do("GET", "/api/v1/audit?"+bad, nil).problem(422)
	}
}

func TestAuditListPaginates(t *testing.T) {
	e := newEnvWith(t, fastLogin)
	for i := 0; i < 5; i++ {
		e.anon().do("POST", "/api/v1/auth/login", map[string]any{"username": fmt.Sprintf("nobody%d", i), "password": "not the password"}).problem(401)
	}
	auditor := e.as("auditor")
	var seqs []float64
	cursor := ""
	for page := 0; page < 10; page++ {
		q := "action=auth.login&outcome=failure&limit=2"
		if cursor != "" {
			q += "&cursor=" + cursor
		}
		body := auditor.do("GET", "/api/v1/audit?"+q, nil).want(200).json()
		for _, it := range body["items"].([]any) {
			seqs = append(seqs, it.(map[string]any)["seq"].(float64))
		}
		next, ok := body["next_cursor"].(string)
		if !ok {
			break
		}
		cursor = next
	}
	if len(seqs) != 5 {
		t.Fatalf("paged through %d failures, want 5: %v", len(seqs), seqs)
	}
	for i := 1; i < len(seqs); i++ {
		if seqs[i] >= seqs[i-1] {
			t.Errorf("pages overlap or are out of order: %v", seqs)
		}
	}
}

func TestAuditVerifyThroughTheAPI(t *testing.T) {
	e := newEnv(t)
	e.as("admin").do("POST", "/api/v1/programmes", map[string]any{"country": "XA", "name": "Second"}).want(201)
	auditor := e.as("auditor")
	v := auditor.do("POST", "/api/v1/audit/verify", nil).want(200).json()
	if v["ok"] != true || v["checked"].(float64) < 10 {
		t.Fatalf("intact chain: %v", v)
	}
	if _, has := v["broken_at"]; has {
		t.Errorf("intact chain names a break: %v", v)
	}
	if head, _ := v["head"].(string); len(head) != 64 {
		t.Errorf("verification should give the chain's head hash to keep elsewhere: %v", v)
	}

	// Someone with the owner's rights switches the guard off and rewrites an event.
	var victim int64
	ctx := context.Background()
	if err := e.db.Pool().QueryRow(ctx, `SELECT c.seq FROM audit_chain c JOIN audit_events e ON e.id = c.event_id
		WHERE e.action = 'programme.create' ORDER BY c.seq DESC LIMIT 1`).Scan(&victim); err != nil {
		t.Fatal(err)
	}
	for _, stmt := range []string{
		"ALTER TABLE audit_events DISABLE TRIGGER USER",
		fmt.Sprintf("UPDATE audit_events SET actor_name = 'someone-else' WHERE id = (SELECT event_id FROM audit_chain WHERE seq = %d)", victim),
		"ALTER TABLE audit_events ENABLE TRIGGER USER",
	} {
		if _, err := e.db.Pool().Exec(ctx, stmt); err != nil {
			t.Fatalf("%s: %v", stmt, err)
		}
	}
	v = auditor.do("POST", "/api/v1/audit/verify", nil).want(200).json()
	if v["ok"] != false || v["broken_at"] != float64(victim) || v["checked"] != float64(victim-1) || v["problem"] == "" {
		t.Errorf("after tampering with event %d: %v", victim, v)
	}
	// Each verification is itself recorded.
	evs := auditEvents(t, auditor, "action=audit.verify")
	if len(evs) != 2 || !strings.Contains(fmt.Sprint(evs[0]["details"]), "ok:false") {
		t.Errorf("verify events: %v", evs)
	}
}

// withCheckpoints is a server that keeps signed checkpoints in a fresh directory.
func withCheckpoints(t *testing.T) (*env, *checkpointdir.Dir, ed25519.PrivateKey) {
	t.Helper()
	_, key, err := ed25519.GenerateKey(nil)
	if err != nil {
		t.Fatal(err)
	}
	dir, err := checkpointdir.Open(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	e := newEnvWith(t, api.Config{Checkpoints: dir, CheckpointKeys: []ed25519.PublicKey{key.Public().(ed25519.PublicKey)},
		CheckpointInterval: 5 * time.Minute, LoginFailureDelay: time.Nanosecond})
	return e, dir, key
}

// checkpoint seals and writes a checkpoint of the head, as the server's checkpointer does.
func (e *env) checkpoint(dir *checkpointdir.Dir, key ed25519.PrivateKey) domain.Checkpoint {
	e.t.Helper()
	ctx := context.Background()
	if _, err := e.db.SealAudit(ctx); err != nil {
		e.t.Fatal(err)
	}
	head, err := e.db.AuditHead(ctx)
	if err != nil {
		e.t.Fatal(err)
	}
	cp := domain.SignCheckpoint(key, head.Seq, head.Hash, time.Now())
	if err := dir.Append(ctx, cp); err != nil {
		e.t.Fatal(err)
	}
	return cp
}

// The finding: cutting the trail's tail and copying the new last link into the head passed
// verification. With checkpoints configured, verification holds the chain against them.
func TestAuditVerifyCatchesACutTailThroughCheckpoints(t *testing.T) {
	e, dir, key := withCheckpoints(t)
	auditor := e.as("auditor")
	v := auditor.do("POST", "/api/v1/audit/verify", nil).want(200).json()
	if v["ok"] != true || v["checkpoints_configured"] != true || v["checkpoints"] != float64(0) {
		t.Fatalf("before any checkpoint: %v", v)
	}
	e.as("admin").do("POST", "/api/v1/programmes", map[string]any{"country": "XA", "name": "Second"}).want(201)
	cp := e.checkpoint(dir, key)
	v = auditor.do("POST", "/api/v1/audit/verify", nil).want(200).json()
	if v["ok"] != true || v["checkpoints"] != float64(1) || v["anchored"] != float64(cp.Seq) || v["anchored_at"] == nil {
		t.Fatalf("with one checkpoint: %v", v)
	}

	// Someone with the owner's rights switches every guard off, cuts the last three events
	// and copies the last remaining link into the head.
	ctx := context.Background()
	for _, stmt := range []string{
		"ALTER TABLE audit_events DISABLE TRIGGER USER", "ALTER TABLE audit_chain DISABLE TRIGGER USER", "ALTER TABLE audit_head DISABLE TRIGGER USER",
		fmt.Sprintf(`WITH gone AS (DELETE FROM audit_chain WHERE seq > %d RETURNING event_id) DELETE FROM audit_events WHERE id IN (SELECT event_id FROM gone)`, cp.Seq-3),
		"UPDATE audit_head SET (seq, prev_hash, hash) = (SELECT seq, prev_hash, hash FROM audit_chain ORDER BY seq DESC LIMIT 1)",
		"ALTER TABLE audit_events ENABLE TRIGGER USER", "ALTER TABLE audit_chain ENABLE TRIGGER USER", "ALTER TABLE audit_head ENABLE TRIGGER USER",
	} {
		if _, err := e.db.Pool().Exec(ctx, stmt); err != nil {
			t.Fatalf("%s: %v", stmt, err)
		}
	}
	v = auditor.do("POST", "/api/v1/audit/verify", nil).want(200).json()
	// (The events written since the checkpoint, sealed by this verification, follow the cut;
	// the chain still ends before the checkpoint's event.)
	if v["ok"] != false || v["broken_at"].(float64) > float64(cp.Seq) || !strings.Contains(fmt.Sprint(v["problem"]), "cut from its end") {
		t.Errorf("after cutting the tail behind a checkpoint: %v", v)
	}
}

// Checkpoints are served to auditors, newest first and paged, each with the stored text to
// check independently; one that is forged is listed as untrusted and fails verification.
func TestAuditCheckpointsListAndForgery(t *testing.T) {
	e, dir, key := withCheckpoints(t)
	auditor := e.as("auditor")
	var cps []domain.Checkpoint
	for i := 0; i < 3; i++ {
		e.as("admin").do("POST", "/api/v1/programmes", map[string]any{"country": "XA", "name": fmt.Sprintf("P%d", i)}).want(201)
		cps = append(cps, e.checkpoint(dir, key))
	}
	body := auditor.do("GET", "/api/v1/audit/checkpoints?limit=2", nil).want(200).json()
	items := body["items"].([]any)
	if body["configured"] != true || len(items) != 2 || body["next_cursor"] == nil ||
		body["public_keys"].([]any)[0] != hex.EncodeToString(key.Public().(ed25519.PublicKey)) {
		t.Fatalf("first page: %v", body)
	}
	newest := items[0].(map[string]any)
	if newest["seq"] != float64(cps[2].Seq) || newest["trusted"] != true || newest["head"] != hex.EncodeToString(cps[2].Head) ||
		newest["document"] != string(cps[2].Encode()) {
		t.Errorf("newest checkpoint: %v", newest)
	}
	rest := auditor.do("GET", "/api/v1/audit/checkpoints?limit=2&cursor="+body["next_cursor"].(string), nil).want(200).json()
	if got := rest["items"].([]any); len(got) != 1 || got[0].(map[string]any)["seq"] != float64(cps[0].Seq) {
		t.Errorf("second page: %v", rest)
	}
	for _, bad := range []string{"limit=-1", "limit=501", "cursor=abc", "cursor=99999999999999999999"} {
		auditor.do("GET", "/api/v1/audit/checkpoints?"+bad, nil).problem(422)
	}
	// Reading the checkpoints is on the record.
	if evs := auditEvents(t, auditor, "action=audit.checkpoints"); len(evs) < 2 {
		t.Errorf("checkpoint reads audited: %v", evs)
	}

	// A checkpoint written by someone without the key (to cover a rewritten chain, say).
	_, other, _ := ed25519.GenerateKey(nil)
	head, _ := e.db.AuditHead(context.Background())
	forged := domain.SignCheckpoint(other, head.Seq+1, head.Hash, time.Now())
	if err := dir.Append(context.Background(), forged); err != nil {
		t.Fatal(err)
	}
	body = auditor.do("GET", "/api/v1/audit/checkpoints", nil).want(200).json()
	top := body["items"].([]any)[0].(map[string]any)
	if top["trusted"] != false || !strings.Contains(fmt.Sprint(top["problem"]), "not a trusted") {
		t.Errorf("forged checkpoint listed as %v", top)
	}
	v := auditor.do("POST", "/api/v1/audit/verify", nil).want(200).json()
	if v["ok"] != false || !strings.Contains(fmt.Sprint(v["problem"]), "cannot be trusted") {
		t.Errorf("verification with a forged checkpoint: %v", v)
	}
}

// Without checkpoints configured the answer says so, and lists none.
func TestAuditCheckpointsWhenOff(t *testing.T) {
	e := newEnv(t)
	body := e.as("auditor").do("GET", "/api/v1/audit/checkpoints", nil).want(200).json()
	if body["configured"] != false || len(body["items"].([]any)) != 0 {
		t.Errorf("checkpoints off: %v", body)
	}
	v := e.as("auditor").do("POST", "/api/v1/audit/verify", nil).want(200).json()
	if v["checkpoints_configured"] != false {
		t.Errorf("verify with checkpoints off: %v", v)
	}
}
