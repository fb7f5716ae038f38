package api_test

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"testing"
)

// writtenState counts what administrative writes leave behind: rows and their audit events
// (a refusal is audited as denied, and changes nothing).
func writtenState(t *testing.T, e *env) string {
	t.Helper()
	var users, memberships, facilities, programmes, tokens, events int
	err := e.db.Pool().QueryRow(context.Background(), `SELECT
		(SELECT count(*) FROM users), (SELECT count(*) FROM memberships), (SELECT count(*) FROM facilities),
		(SELECT count(*) FROM programmes), (SELECT count(*) FROM api_tokens),
		(SELECT count(*) FROM audit_events WHERE action NOT IN ('auth.login', 'access.denied', 'audit.list') AND outcome <> 'denied')`).
		Scan(&users, &memberships, &facilities, &programmes, &tokens, &events)
	if err != nil {
		t.Fatal(err)
	}
	return fmt.Sprintf("users=%d memberships=%d facilities=%d programmes=%d tokens=%d audited-changes=%d",
		users, memberships, facilities, programmes, tokens, events)
}

func TestAdminRoutesRefuseBadInputAndWriteNothing(t *testing.T) {
	e := newEnv(t)
	admin := e.as("admin")
	prac := e.world.Users["practitioner"].ID
	nowhere := "00000000-0000-4000-8000-000000000000"
	before := writtenState(t, e)

	cases := []struct {
		name, method, path string
		body               any
		status             int
		fields             []string // for 422: the fields named, in any order
	}{
		// Bodies that cannot be read at all.
		{"users: not JSON", "POST", "/api/v1/users", "{", 400, nil},
		{"users: empty", "POST", "/api/v1/users", " ", 400, nil},
		{"users: two values", "POST", "/api/v1/users", `{"username":"ok-name"}{}`, 400, nil},
		{"patch: not JSON", "PATCH", "/api/v1/users/" + prac, `{"display_name":`, 400, nil},
		{"memberships: not JSON", "POST", "/api/v1/users/" + prac + "/memberships", "nope", 400, nil},
		{"tokens: not JSON", "POST", "/api/v1/tokens", "{,}", 400, nil},
		{"facilities: not JSON", "POST", "/api/v1/facilities", "[", 400, nil},
		{"programmes: not JSON", "POST", "/api/v1/programmes", "{'a':1}", 400, nil},

		// Bodies that read but break the rules: one problem per field.
		{"users: bad username", "POST", "/api/v1/users", map[string]any{"username": "Not Valid"}, 422, []string{"username"}},
		{"users: country scope without country", "POST", "/api/v1/users", map[string]any{"username": "ok-name", "scope_kind": "country"}, 422, []string{"country"}},
		{"users: missing fields", "POST", "/api/v1/users", map[string]any{}, 422, []string{"username"}},
		{"users: wrong type", "POST", "/api/v1/users", map[string]any{"username": 7}, 422, []string{"username"}},
		{"users: unknown field", "POST", "/api/v1/users", map[string]any{"username": "new-user", "role": "admin"}, 422, []string{"role"}},
		{"users: a password chosen by the admin", "POST", "/api/v1/users", map[string]any{"username": "new-user", "password": "long enough password"}, 422, []string{"password"}},
		{"users: unknown facility", "POST", "/api/v1/users", map[string]any{"username": "new-user", "scope_kind": "facility", "facility_id": nowhere}, 422, []string{"facility_id"}},
		{"users: taken", "POST", "/api/v1/users", map[string]any{"username": "practitioner"}, 422, []string{"username"}},
		{"patch: a password", "PATCH", "/api/v1/users/" + prac, map[string]any{"password": "long enough password"}, 422, []string{"password"}},
		{"patch: nothing to change", "PATCH", "/api/v1/users/" + prac, map[string]any{}, 422, []string{"display_name"}},
		{"reset: unknown user", "POST", "/api/v1/users/" + nowhere + "/password-reset", nil, 404, nil},
		{"reset: not an id", "POST", "/api/v1/users/x/password-reset", nil, 404, nil},
		{"patch: long name", "PATCH", "/api/v1/users/" + prac, map[string]any{"display_name": strings.Repeat("n", 201)}, 422, []string{"display_name"}},
		{"patch: wrong type", "PATCH", "/api/v1/users/" + prac, map[string]any{"disabled": "yes"}, 422, []string{"disabled"}},
		{"patch: unknown user", "PATCH", "/api/v1/users/" + nowhere, map[string]any{"display_name": "x"}, 404, nil},
		{"patch: not an id", "PATCH", "/api/v1/users/not-an-id", map[string]any{"display_name": "x"}, 404, nil},
		{"memberships: bad role and scope", "POST", "/api/v1/users/" + prac + "/memberships", map[string]any{"role": "king", "scope_kind": "galaxy"}, 422, []string{"role", "scope_kind"}},
		{"memberships: country scope without country", "POST", "/api/v1/users/" + prac + "/memberships", map[string]any{"role": "supervisor", "scope_kind": "country"}, 422, []string{"country"}},
		{"memberships: facility not a uuid", "POST", "/api/v1/users/" + prac + "/memberships", map[string]any{"role": "supervisor", "scope_kind": "facility", "facility_id": "x"}, 422, []string{"facility_id"}},
		{"memberships: unknown facility", "POST", "/api/v1/users/" + prac + "/memberships", map[string]any{"role": "supervisor", "scope_kind": "facility", "facility_id": nowhere}, 422, []string{"facility_id"}},
		{"memberships: unknown country", "POST", "/api/v1/users/" + prac + "/memberships", map[string]any{"role": "supervisor", "scope_kind": "country", "country": "ZZ"}, 422, []string{"country"}},
		{"memberships: unknown user", "POST", "/api/v1/users/" + nowhere + "/memberships", map[string]any{"role": "auditor", "scope_kind": "global"}, 404, nil},
		{"memberships: already held", "POST", "/api/v1/users/" + prac + "/memberships", map[string]any{"role": "practitioner", "scope_kind": "facility", "facility_id": e.world.Northgate}, 409, nil},
		{"memberships: remove unknown", "DELETE", "/api/v1/users/" + prac + "/memberships/" + nowhere, nil, 404, nil},
		{"tokens: missing fields", "POST", "/api/v1/tokens", map[string]any{}, 422, []string{"name", "role", "scope_kind", "routes", "expires_in_days"}},
		{"tokens: empty routes", "POST", "/api/v1/tokens", map[string]any{"name": "n", "role": "admin", "scope_kind": "global", "routes": []string{}, "expires_in_days": 1}, 422, []string{"routes"}},
		{"tokens: too long", "POST", "/api/v1/tokens", map[string]any{"name": "n", "role": "admin", "scope_kind": "global", "routes": []string{"organisation"}, "expires_in_days": 9999}, 422, []string{"expires_in_days"}},
		{"tokens: over a year", "POST", "/api/v1/tokens", map[string]any{"name": "n", "role": "national_authority", "scope_kind": "global", "routes": []string{"statistics"}, "expires_in_days": 366}, 422, []string{"expires_in_days"}},
		{"tokens: unknown country", "POST", "/api/v1/tokens", map[string]any{"name": "n", "role": "national_authority", "scope_kind": "country", "country": "ZZ", "routes": []string{"statistics"}, "expires_in_days": 30}, 422, []string{"country"}},
		{"tokens: revoke unknown", "DELETE", "/api/v1/tokens/" + nowhere, nil, 404, nil},
		{"admin requests: approve unknown", "POST", "/api/v1/admin-requests/" + nowhere + "/approve", map[string]any{}, 404, nil},
		{"admin requests: reject not an id", "POST", "/api/v1/admin-requests/x/reject", map[string]any{"comment": "no"}, 404, nil},
		{"admin requests: not JSON", "POST", "/api/v1/admin-requests/" + nowhere + "/approve", "{", 400, nil},
		{"facilities: bad fields", "POST", "/api/v1/facilities", map[string]any{"country": "xa", "name": "", "kind": "castle"}, 422, []string{"country", "name", "kind"}},
		{"facilities: unknown country", "POST", "/api/v1/facilities", map[string]any{"country": "ZZ", "name": "Nowhere", "kind": "prison"}, 422, []string{"country"}},
		{"facilities: same name twice", "POST", "/api/v1/facilities", map[string]any{"country": "XA", "name": "Northgate", "kind": "prison"}, 422, []string{"name"}},
		{"programmes: bad fields", "POST", "/api/v1/programmes", map[string]any{"country": "XAA", "name": strings.Repeat("p", 201), "aftercare_months": 121}, 422, []string{"country", "name", "aftercare_months"}},
		{"programmes: unknown country", "POST", "/api/v1/programmes", map[string]any{"country": "ZZ", "name": "Nowhere"}, 422, []string{"country"}},
	}
	for _, tc := range cases {
		p := admin.do(tc.method, tc.path, tc.body).problem(tc.status)
		got := fieldErrors(p)
		slices.Sort(got)
		want := slices.Clone(tc.fields)
		slices.Sort(want)
		if !slices.Equal(got, want) {
			t.Errorf("%s: fields %v, want %v (%v)", tc.name, got, want, p)
		}
		if tc.status == 422 {
			for _, fe := range p["errors"].([]any) {
				if m := fe.(map[string]any); m["reason"] == "" || m["detail"] == "" {
					t.Errorf("%s: field problem without reason or detail: %v", tc.name, m)
				}
			}
		}
	}
	if after := writtenState(t, e); after != before {
		t.Errorf("refused requests wrote something:\nbefore %s\nafter  %s", before, after)
	}
}

func TestAdminChangesAreAudited(t *testing.T) {
	e := newEnv(t)
	admin := e.as("admin")
	u := admin.do("POST", "/api/v1/users", map[string]any{"username": "new.person", "display_name": "New Person"}).want(201).json()
	id := u["id"].(string)
	if u["username"] != "new.person" || len(u["memberships"].([]any)) != 0 {
		t.Errorf("created user: %v", u)
	}
	setup := u["setup_code"].(string)
	if _, leaked := u["password"]; leaked {
		t.Error("the user answer carries a password")
	}
	admin.do("PATCH", "/api/v1/users/"+id, map[string]any{"display_name": "Renamed"}).want(200)
	reset := admin.do("POST", "/api/v1/users/"+id+"/password-reset", nil).want(201).json()["code"].(string)
	m := admin.do("POST", "/api/v1/users/"+id+"/memberships", map[string]any{"role": "practitioner", "scope_kind": "facility", "facility_id": e.world.Riverside}).want(201).json()
	if m["country"] != "XA" || m["facility_id"] != e.world.Riverside {
		t.Errorf("facility membership takes its facility's country: %v", m)
	}
	admin.do("DELETE", "/api/v1/users/"+id+"/memberships/"+m["id"].(string), nil).want(204)
	f := admin.do("POST", "/api/v1/facilities", map[string]any{"country": "XB", "name": "Westgate", "kind": "probation"}).want(201).json()
	g := admin.do("POST", "/api/v1/programmes", map[string]any{"country": "XB", "name": "Another", "aftercare_months": 6}).want(201).json()
	tok := admin.do("POST", "/api/v1/tokens", map[string]any{"name": "ops", "role": "national_authority", "scope_kind": "country", "country": "XB",
		"routes": []string{"statistics"}, "expires_in_days": 7}).want(201).json()
	admin.do("DELETE", "/api/v1/tokens/"+tok["id"].(string), nil).want(204)

	auditor := e.as("auditor")
	adminID := e.world.Users["admin"].ID
	for action, object := range map[string]string{
		"user.create": id, "user.update": id, "user.reset": id, "membership.create": id, "membership.delete": id,
		"facility.create": f["id"].(string), "programme.create": g["id"].(string),
		"token.create": tok["id"].(string), "token.revoke": tok["id"].(string),
	} {
		evs := auditEvents(t, auditor, "action="+action+"&actor=admin")
		if len(evs) != 1 {
			t.Errorf("%s: %d events by admin, want 1", action, len(evs))
			continue
		}
		ev := evs[0]
		if ev["object_id"] != object || ev["actor_id"] != adminID || ev["outcome"] != "success" || ev["role"] != "admin" || ev["request_id"] == "" {
			t.Errorf("%s event: %v", action, ev)
		}
		for _, secret := range []string{tok["token"].(string), setup, reset} {
			if strings.Contains(fmt.Sprint(ev["details"]), secret) {
				t.Errorf("%s event carries a secret: %v", action, ev["details"])
			}
		}
	}
}
