package api_test

import (
	"context"
	"fmt"
	"net/url"
	"strings"
	"testing"
	"time"
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

	for _, bad := range []string{"outcome=maybe", "from=yesterday", "limit=501", "cursor=abc"} {
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
