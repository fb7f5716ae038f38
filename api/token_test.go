package api_test

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"pathways/domain"
)

func TestAPITokenIsScopedToItsRoutesAndRevocable(t *testing.T) {
	e := newEnv(t)
	admin := e.as("admin")
	secondAdmin(e)
	req := admin.do("POST", "/api/v1/tokens", map[string]any{
		"name": "facility register", "role": "admin", "scope_kind": "global", "routes": []string{"organisation"}, "expires_in_days": 30,
	}).want(202).json()
	created := approve(e, "admin2", req)["token"].(map[string]any)
	secret, id := created["token"].(string), created["id"].(string)
	if !strings.HasPrefix(secret, "pw_") || len(secret) < 40 {
		t.Fatalf("token secret %q", secret)
	}

	// Stored hashed: the secret itself is nowhere in the database.
	var hashed, plain int
	err := e.db.Pool().QueryRow(context.Background(), `SELECT
		(SELECT count(*) FROM api_tokens WHERE token_hash = sha256($1::text::bytea)),
		(SELECT count(*) FROM api_tokens t WHERE strpos(t::text, $1) > 0) +
		(SELECT count(*) FROM audit_events a WHERE strpos(a::text, $1) > 0)`, secret).Scan(&hashed, &plain)
	if err != nil || hashed != 1 || plain != 0 {
		t.Errorf("token stored hashed: %d rows, in clear: %d (%v)", hashed, plain, err)
	}

	bot := e.withToken(secret)
	bot.do("GET", "/api/v1/facilities", nil).want(200)
	// Bearer callers need no CSRF token: no browser sends the header on its own.
	bot.do("POST", "/api/v1/facilities", map[string]any{"country": "XA", "name": "Via Token", "kind": "community"}).want(201)
	me := bot.do("GET", "/api/v1/me", nil).want(200).json()
	if me["username"] != "token:facility register" {
		t.Errorf("token's me: %v", me)
	}
	// The token's role would allow these, its routes do not.
	bot.do("GET", "/api/v1/users", nil).problem(403)
	bot.do("POST", "/api/v1/tokens", map[string]any{"name": "child", "role": "admin", "scope_kind": "global", "routes": []string{"users"}, "expires_in_days": 1}).problem(403)
	bot.do("POST", "/api/v1/me/totp", nil).problem(403)
	denied := auditEvents(t, e.as("auditor"), "action=access.denied&actor="+strings.ReplaceAll("token:facility register", " ", "%20"))
	if len(denied) != 2 {
		t.Errorf("token refusals audited: %v", denied)
	}

	admin.do("DELETE", "/api/v1/tokens/"+id, nil).want(204)
	bot.do("GET", "/api/v1/facilities", nil).problem(401)
	admin.do("DELETE", "/api/v1/tokens/"+id, nil).want(204) // revoking twice is harmless
}

func TestAPITokenDiesWithItsCreator(t *testing.T) {
	e := newEnv(t)
	admin := e.as("admin")
	// A second administrator issues a token, then is disabled, which (another administrator's
	// account) a third administrator approves.
	other := secondAdmin(e)
	e.addUser("admin3", domain.RoleAdmin, domain.Scope{Kind: domain.ScopeGlobal})
	secret := e.as("admin2").do("POST", "/api/v1/tokens", map[string]any{"name": "t", "role": "national_authority", "scope_kind": "global",
		"routes": []string{"statistics"}, "expires_in_days": 30}).want(201).json()["token"].(string)
	e.withToken(secret).do("GET", "/api/v1/statistics/indicators", nil).want(200)
	req := admin.do("PATCH", "/api/v1/users/"+other, map[string]any{"disabled": true}).want(202).json()
	e.withToken(secret).do("GET", "/api/v1/statistics/indicators", nil).want(200) // not yet: it waits for approval
	approve(e, "admin3", req)
	e.withToken(secret).do("GET", "/api/v1/statistics/indicators", nil).problem(401)
}

func TestAPITokenCannotExceedItsRolesPolicy(t *testing.T) {
	e := newEnv(t)
	admin := e.as("admin")
	for _, tc := range []struct {
		role   string
		routes []string
		fields string
	}{
		{"national_authority", []string{"organisation"}, "[routes[0]]"},
		{"auditor", []string{"audit", "users"}, "[routes[1]]"},
		{"admin", []string{"no-such-object"}, "[routes[0]]"},
	} {
		p := admin.do("POST", "/api/v1/tokens", map[string]any{
			"name": "n", "role": tc.role, "scope_kind": "country", "country": "XA", "routes": tc.routes, "expires_in_days": 30,
		}).problem(422)
		if got := fmt.Sprint(fieldErrors(p)); got != tc.fields {
			t.Errorf("%s %v: fields %s, want %s", tc.role, tc.routes, got, tc.fields)
		}
	}
	// An auditor token for the audit routes is fine (with a second administrator's
	// approval), and reads the trail.
	secondAdmin(e)
	req := admin.do("POST", "/api/v1/tokens", map[string]any{
		"name": "siem", "role": "auditor", "scope_kind": "global", "routes": []string{"audit"}, "expires_in_days": 30,
	}).want(202).json()
	secret := approve(e, "admin2", req)["token"].(map[string]any)["token"].(string)
	e.withToken(secret).do("GET", "/api/v1/audit?limit=1", nil).want(200)
	e.withToken(secret).do("POST", "/api/v1/audit/verify", nil).want(200)
	e.withToken(secret).do("GET", "/api/v1/facilities", nil).problem(403)

	var n int
	if err := e.db.Pool().QueryRow(context.Background(), "SELECT count(*) FROM api_tokens").Scan(&n); err != nil || n != 1 {
		t.Errorf("tokens stored: %d (%v), want only the valid one", n, err)
	}
}
