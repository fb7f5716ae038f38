package api_test

import (
	"slices"
	"testing"
)

// An administrator cannot raise their own access: no membership granted to themselves
// (directly or through a token they made), and no token carrying a role that sees cases.
func TestAdminCannotEscalateThemselves(t *testing.T) {
	e := newEnv(t)
	admin := e.as("admin")
	self := e.world.Users["admin"].ID
	memberships := func(userID string) int {
		return e.count("SELECT count(*) FROM memberships WHERE user_id = $1", userID)
	}
	before := memberships(self)
	for _, body := range []map[string]any{
		{"role": "supervisor", "scope_kind": "country", "country": "XA"},
		{"role": "practitioner", "scope_kind": "facility", "facility_id": e.world.Northgate},
		{"role": "auditor", "scope_kind": "global"},
	} {
		p := admin.do("POST", "/api/v1/users/"+self+"/memberships", body).problem(422)
		if f := fieldErrors(p); !slices.Equal(f, []string{"user_id"}) {
			t.Errorf("%v: fields %v", body, f)
		}
	}
	if memberships(self) != before {
		t.Fatal("a membership was granted to its granter")
	}
	// Granting others staff roles is the administrator's everyday work.
	other := admin.do("POST", "/api/v1/users", map[string]any{"username": "newstaff"}).want(201).json()["id"].(string)
	admin.do("POST", "/api/v1/users/"+other+"/memberships", map[string]any{"role": "supervisor", "scope_kind": "country", "country": "XA"}).want(201)

	// Tokens: never a case role.
	for _, role := range []string{"practitioner", "supervisor"} {
		p := admin.do("POST", "/api/v1/tokens", map[string]any{"name": "n", "role": role, "scope_kind": "country", "country": "XA",
			"routes": []string{"cases"}, "expires_in_days": 30}).problem(422)
		if f := fieldErrors(p); !slices.Contains(f, "role") {
			t.Errorf("%s token: fields %v", role, f)
		}
	}
	if e.count("SELECT count(*) FROM api_tokens") != 0 {
		t.Fatal("a case-role token was issued")
	}
	admin.do("POST", "/api/v1/tokens", map[string]any{"name": "stats feed", "role": "national_authority", "scope_kind": "country", "country": "XA",
		"routes": []string{"statistics"}, "expires_in_days": 30}).want(201)

	// A token with the users routes (approved by a second administrator) acts for its maker:
	// it cannot grant them a role either.
	secondAdmin(e)
	req := admin.do("POST", "/api/v1/tokens", map[string]any{"name": "provisioning", "role": "admin", "scope_kind": "global",
		"routes": []string{"users"}, "expires_in_days": 30}).want(202).json()
	secret := approve(e, "admin2", req)["token"].(map[string]any)["token"].(string)
	bot := e.withToken(secret)
	p := bot.do("POST", "/api/v1/users/"+self+"/memberships", map[string]any{"role": "supervisor", "scope_kind": "country", "country": "XA"}).problem(422)
	if f := fieldErrors(p); !slices.Equal(f, []string{"user_id"}) {
		t.Errorf("token granting its maker: fields %v", f)
	}
	bot.do("POST", "/api/v1/users/"+other+"/memberships", map[string]any{"role": "practitioner", "scope_kind": "facility", "facility_id": e.world.Riverside}).want(201)
	if memberships(self) != before {
		t.Fatal("a token granted its maker a membership")
	}
}
