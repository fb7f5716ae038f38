package api_test

import (
	"context"
	"slices"
	"testing"

	"pathways/domain"
)

// addUser creates a user with one membership behind the API's back (as the operator's
// command line would), with the test password, and returns its id.
func (e *env) addUser(name string, role domain.Role, scope domain.Scope) string {
	e.t.Helper()
	ctx, sys := context.Background(), domain.System("test")
	u, _, err := e.db.CreateUserWithMembership(ctx, sys, domain.NewUser{Username: name, DisplayName: "Test " + name, PasswordHash: pwHash},
		domain.Membership{Role: role, Scope: scope})
	if err != nil {
		e.t.Fatal(err)
	}
	return u.ID
}

// signInStatus is the status of a sign-in attempt with the given password.
func (e *env) signInStatus(username, password string) int {
	e.t.Helper()
	return e.anon().do("POST", "/api/v1/auth/login", map[string]any{"username": username, "password": password}).status
}

// countryAdmins adds an administrator of country XB and a practitioner at Harbour (XB).
func countryAdmins(e *env) (adminXB, pracXB string) {
	xb := domain.Scope{Kind: domain.ScopeCountry, Country: "XB"}
	adminXB = e.addUser("adminxb", domain.RoleAdmin, xb)
	pracXB = e.addUser("pracxb", domain.RolePractitioner, domain.Scope{Kind: domain.ScopeFacility, FacilityID: e.world.Harbour})
	return adminXB, pracXB
}

// The attack, step by step: a country administrator tries to take over the global
// administrator's account (set its password, disable it), and to see or change people
// outside its country. Every step must fail with the 404 of a user that does not exist,
// and leave a denied event in the audit trail.
func TestCountryAdminCannotTakeOverTheGlobalAdmin(t *testing.T) {
	e := newEnvWith(t, fastLogin)
	countryAdmins(e)
	xb := e.as("adminxb")
	global := e.world.Users["admin"].ID
	supervisor := e.world.Users["supervisor"].ID

	// Setting another person's password is gone from PATCH altogether.
	r := xb.do("PATCH", "/api/v1/users/"+global, map[string]any{"password": "attacker chosen password"})
	if r.status != 404 && r.status != 422 {
		t.Errorf("country admin sets the global admin's password: %d %s", r.status, r.body)
	}
	if got := e.signInStatus("admin", "attacker chosen password"); got != 401 {
		t.Fatalf("signing in as the global admin with the attacker's password: %d", got)
	}
	// Disable, rename or reset someone outside the country: the same 404 as a missing user.
	for _, body := range []map[string]any{{"disabled": true}, {"display_name": "pwned"}} {
		xb.do("PATCH", "/api/v1/users/"+global, body).problem(404)
		xb.do("PATCH", "/api/v1/users/"+supervisor, body).problem(404)
	}
	xb.do("POST", "/api/v1/users/"+global+"/password-reset", nil).problem(404)
	xb.do("POST", "/api/v1/users/"+supervisor+"/memberships", map[string]any{"role": "practitioner", "scope_kind": "country", "country": "XB"}).problem(404)
	if got := e.signInStatus("admin", testPassword); got != 200 {
		t.Fatalf("the global admin can no longer sign in: %d", got)
	}

	// The user list holds only people of XB.
	var names []string
	for _, u := range xb.do("GET", "/api/v1/users", nil).want(200).json()["items"].([]any) {
		names = append(names, u.(map[string]any)["username"].(string))
	}
	slices.Sort(names)
	if want := []string{"adminxb", "pracxb", "supervisorxb"}; !slices.Equal(names, want) {
		t.Errorf("country admin lists %v, want %v", names, want)
	}

	// Each refusal is audited as denied.
	denied := auditEvents(t, e.as("auditor"), "actor=adminxb&outcome=denied&limit=500")
	seen := map[string]int{}
	for _, ev := range denied {
		seen[ev["action"].(string)]++
	}
	for _, action := range []string{"user.update", "user.reset", "membership.create"} {
		if seen[action] == 0 {
			t.Errorf("no denied %s event for adminxb; denied events: %v", action, seen)
		}
	}
}

// Global catalogues belong to global administrators only.
func TestCountryAdminCannotChangeGlobalCatalogues(t *testing.T) {
	e := newEnv(t)
	countryAdmins(e)
	xb := e.as("adminxb")
	admin := e.as("admin")
	types := admin.do("GET", "/api/v1/intervention-types", nil).want(200).json()["items"].([]any)
	code := types[0].(map[string]any)["code"].(string)
	milestones := admin.do("GET", "/api/v1/milestone-definitions", nil).want(200).json()["items"].([]any)
	mcode := milestones[0].(map[string]any)["code"].(string)

	xb.do("POST", "/api/v1/intervention-types/"+code+"/retire", nil).problem(404)
	xb.do("POST", "/api/v1/milestone-definitions/"+mcode+"/retire", nil).problem(404)
	xb.do("POST", "/api/v1/intervention-types", map[string]any{"code": "xb_only", "name": "XB only", "practices": []string{"GP15"}}).problem(403)
	xb.do("POST", "/api/v1/milestone-definitions", map[string]any{"code": "xb_only", "domain": "social", "name": "XB only",
		"needs_verification": false, "practices": []string{"GP15"}}).problem(403)
	for _, it := range admin.do("GET", "/api/v1/intervention-types", nil).want(200).json()["items"].([]any) {
		if it.(map[string]any)["code"] == "xb_only" {
			t.Error("a country admin added to the global catalogue")
		}
	}
	if got := len(admin.do("GET", "/api/v1/intervention-types", nil).want(200).json()["items"].([]any)); got != len(types) {
		t.Errorf("active intervention types %d, want %d: a country admin retired one", got, len(types))
	}
	denied := auditEvents(t, e.as("auditor"), "actor=adminxb&outcome=denied&action=intervention_type.retire")
	if len(denied) != 1 {
		t.Errorf("denied retire audited %d times, want 1", len(denied))
	}
	// The global administrator may.
	admin.do("POST", "/api/v1/intervention-types/"+code+"/retire", nil).want(200)
}

// Grants of admin or auditor, and changes to another administrator's account, are requests
// a second administrator decides; nobody grants themselves anything.
func TestAdminAndAuditorGrantsWaitForASecondAdmin(t *testing.T) {
	e := newEnv(t)
	adminXB, pracXB := countryAdmins(e)
	xb := e.as("adminxb")

	// Never to oneself, not even through the queue.
	xb.do("POST", "/api/v1/users/"+adminXB+"/memberships", map[string]any{"role": "admin", "scope_kind": "global"}).problem(422)
	xb.do("POST", "/api/v1/users/"+adminXB+"/memberships", map[string]any{"role": "supervisor", "scope_kind": "country", "country": "XB"}).problem(422)
	// Never global rights from a country administrator.
	xb.do("POST", "/api/v1/users/"+pracXB+"/memberships", map[string]any{"role": "auditor", "scope_kind": "global"}).problem(403)

	// Admin within the country: a request, not a grant.
	req := xb.do("POST", "/api/v1/users/"+pracXB+"/memberships", map[string]any{"role": "admin", "scope_kind": "country", "country": "XB"}).want(202).json()
	if req["status"] != "pending" || req["kind"] != "membership.create" {
		t.Fatalf("grant of admin: %v", req)
	}
	if hasRole(t, e, pracXB, "admin") {
		t.Fatal("the admin grant took effect before anyone approved it")
	}
	// The requester cannot approve it.
	xb.do("POST", "/api/v1/admin-requests/"+req["id"].(string)+"/approve", map[string]any{}).problem(403)
	if hasRole(t, e, pracXB, "admin") {
		t.Fatal("the requester approved their own grant")
	}
	// A second administrator covering the target does.
	e.as("admin").do("POST", "/api/v1/admin-requests/"+req["id"].(string)+"/approve", map[string]any{"comment": "agreed"}).want(200)
	if !hasRole(t, e, pracXB, "admin") {
		t.Fatal("approved grant did not take effect")
	}
}

// hasRole reports whether the user holds the role in any scope.
func hasRole(t *testing.T, e *env, userID, role string) bool {
	t.Helper()
	var n int
	if err := e.db.Pool().QueryRow(context.Background(), "SELECT count(*) FROM memberships WHERE user_id = $1 AND role = $2", userID, role).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n > 0
}

// One administrator alone may mint a statistics token; an auditor token (the whole audit
// trail) waits for a second administrator.
func TestAuditorTokenNeedsASecondAdmin(t *testing.T) {
	e := newEnv(t)
	admin := e.as("admin")
	r := admin.do("POST", "/api/v1/tokens", map[string]any{
		"name": "siem", "role": "auditor", "scope_kind": "global", "routes": []string{"audit"}, "expires_in_days": 30,
	})
	if r.status != 202 {
		t.Fatalf("auditor token by one admin: %d %s", r.status, r.body)
	}
	if _, leaked := r.json()["token"]; leaked {
		t.Fatal("a pending token request carries a secret")
	}
	var tokens int
	if err := e.db.Pool().QueryRow(context.Background(), "SELECT count(*) FROM api_tokens").Scan(&tokens); err != nil || tokens != 0 {
		t.Fatalf("tokens stored before approval: %d (%v)", tokens, err)
	}
}

// A token keeps working only while its creator still holds admin over its scope.
func TestTokenStopsWhenItsCreatorLosesAdmin(t *testing.T) {
	e := newEnv(t)
	admin2 := e.addUser("admin2", domain.RoleAdmin, domain.Scope{Kind: domain.ScopeGlobal})
	a2 := e.as("admin2")
	secret := a2.do("POST", "/api/v1/tokens", map[string]any{
		"name": "stats", "role": "national_authority", "scope_kind": "country", "country": "XA", "routes": []string{"statistics"}, "expires_in_days": 30,
	}).want(201).json()["token"].(string)
	bot := e.withToken(secret)
	bot.do("GET", "/api/v1/statistics/indicators", nil).want(200)

	// admin2's admin membership is removed (behind the API: who removes it is another test's
	// concern); the token dies with it.
	if _, err := e.db.Pool().Exec(context.Background(), "DELETE FROM memberships WHERE user_id = $1", admin2); err != nil {
		t.Fatal(err)
	}
	bot.do("GET", "/api/v1/statistics/indicators", nil).problem(401)
}

// newPerson creates a user through the API, as admin, and sets their password to the test
// password with the setup code, as the person would; it returns the user's id.
func newPerson(t *testing.T, admin *client, username string) string {
	t.Helper()
	u := admin.do("POST", "/api/v1/users", map[string]any{"username": username, "display_name": "New " + username}).want(201).json()
	admin.e.anon().do("POST", "/api/v1/auth/set-password", map[string]any{"username": username, "code": u["setup_code"], "password": testPassword}).want(204)
	return u["id"].(string)
}

// approve has the named administrator approve a pending request (a 202 answer's body), and
// returns the decision's answer.
func approve(e *env, approver string, req map[string]any) map[string]any {
	e.t.Helper()
	if req["status"] != "pending" {
		e.t.Fatalf("not a pending request: %v", req)
	}
	return e.as(approver).do("POST", "/api/v1/admin-requests/"+req["id"].(string)+"/approve", map[string]any{}).want(200).json()
}

// secondAdmin adds another global administrator, named admin2, who can approve requests.
func secondAdmin(e *env) string {
	return e.addUser("admin2", domain.RoleAdmin, domain.Scope{Kind: domain.ScopeGlobal})
}

// Attack round 2, F1: a country administrator asked for an auditor token "for country XB",
// a global administrator approved it, and the token read every country's audit events. The
// audit trail is one chain that no scope narrows, so the auditor role is granted only
// globally: a narrower token or membership is refused before anyone is asked to approve it,
// and the database refuses one too.
func TestAuditorRoleIsOnlyGlobal(t *testing.T) {
	e := newEnv(t)
	_, pracXB := countryAdmins(e)
	xb, admin := e.as("adminxb"), e.as("admin")
	token := map[string]any{"name": "audxb", "role": "auditor", "scope_kind": "country", "country": "XB", "routes": []string{"audit"}, "expires_in_days": 7}
	for _, who := range []*client{xb, admin} {
		p := who.do("POST", "/api/v1/tokens", token).problem(422)
		if !hasFieldProblem(p, "scope_kind", "auditor_global") {
			t.Errorf("country auditor token: %v", p)
		}
		p = who.do("POST", "/api/v1/users/"+pracXB+"/memberships", map[string]any{"role": "auditor", "scope_kind": "country", "country": "XB"}).problem(422)
		if !hasFieldProblem(p, "scope_kind", "auditor_global") {
			t.Errorf("country auditor membership: %v", p)
		}
	}
	if n := e.count("SELECT count(*) FROM admin_requests"); n != 0 {
		t.Errorf("%d requests waiting for approval", n)
	}
	if _, err := e.db.Pool().Exec(context.Background(), `INSERT INTO memberships (user_id, role, scope_kind, country) VALUES ($1, 'auditor', 'country', 'XB')`, pracXB); err == nil {
		t.Error("the database took an auditor membership for one country")
	}
}

// Attack round 9, F1: a country administrator created a colleague and kept the setup code; a
// global administrator then gave the colleague a role in another country (or, with a second
// administrator, global admin), and the kept code still set the password: the country
// administrator took over an account beyond their reach. A code is backed by its issuers'
// reach at every use, as a token is, and a code no longer backed is revoked when tried.
func TestSetupCodeStopsWhenTheUserOutgrowsItsIssuer(t *testing.T) {
	e := newEnv(t)
	countryAdmins(e)
	secondAdmin(e)
	xb, admin := e.as("adminxb"), e.as("admin")
	create := func(name string) (string, string) {
		u := xb.do("POST", "/api/v1/users", map[string]any{"username": name, "display_name": "New " + name,
			"scope_kind": "country", "country": "XB"}).want(201).json()
		return u["id"].(string), u["setup_code"].(string)
	}
	setPassword := func(name, code string) int {
		return e.anon().do("POST", "/api/v1/auth/set-password", map[string]any{"username": name, "code": code, "password": testPassword}).status
	}

	// A role in another country, granted by the global administrator alone.
	id, code := create("xbwider")
	admin.do("POST", "/api/v1/users/"+id+"/memberships", map[string]any{"role": "supervisor", "scope_kind": "country", "country": "XA"}).want(201)
	if got := setPassword("xbwider", code); got == 204 {
		t.Fatal("the country administrator's code set the password of a user with a role in another country")
	}
	if got := e.signInStatus("xbwider", testPassword); got != 401 {
		t.Fatalf("signing in with the password the stale code tried to set: %d", got)
	}
	var revoked bool
	if err := e.db.Pool().QueryRow(context.Background(), "SELECT revoked_at IS NOT NULL FROM password_codes WHERE user_id = $1", id).Scan(&revoked); err != nil || !revoked {
		t.Fatalf("the code no longer backed was not revoked (%v)", err)
	}
	// The global administrator, who reaches the user, issues a code that works.
	fresh := admin.do("POST", "/api/v1/users/"+id+"/password-reset", nil).want(201).json()["code"].(string)
	if got := setPassword("xbwider", fresh); got != 204 {
		t.Fatalf("the global administrator's fresh code: %d", got)
	}

	// Global admin, granted by two administrators.
	id, code = create("xbadmin")
	req := admin.do("POST", "/api/v1/users/"+id+"/memberships", map[string]any{"role": "admin", "scope_kind": "global"}).want(202).json()
	approve(e, "admin2", req)
	if got := setPassword("xbadmin", code); got == 204 {
		t.Fatal("the country administrator's code set the password of a new global administrator")
	}

	// Within the country the code still works.
	_, code = create("xbplain")
	if got := setPassword("xbplain", code); got != 204 {
		t.Fatalf("a code within its issuer's reach: %d", got)
	}
}

// Attack round 9b, G1: the same, through an API token. A global administrator's admin token
// limited to XB made the code; the code was checked against the token's creator (global), so
// it still set the password once the person held a role in XA. The token's scope backs the
// code too.
func TestSetupCodeFromATokenStopsBeyondItsScope(t *testing.T) {
	e := newEnv(t)
	secondAdmin(e)
	req := e.as("admin").do("POST", "/api/v1/tokens", map[string]any{"name": "xb provisioning", "role": "admin", "scope_kind": "country", "country": "XB",
		"routes": []string{"users"}, "expires_in_days": 1}).want(202).json()
	secret := approve(e, "admin2", req)["token"].(map[string]any)["token"].(string)
	bot := e.withToken(secret)
	u := bot.do("POST", "/api/v1/users", map[string]any{"username": "tokmade", "display_name": "Token Made", "scope_kind": "country", "country": "XB"}).want(201).json()
	e.as("admin").do("POST", "/api/v1/users/"+u["id"].(string)+"/memberships", map[string]any{"role": "supervisor", "scope_kind": "country", "country": "XA"}).want(201)
	if got := e.anon().do("POST", "/api/v1/auth/set-password", map[string]any{"username": "tokmade", "code": u["setup_code"], "password": testPassword}).status; got == 204 {
		t.Fatal("a code made through an XB token set the password of a user with a role in XA")
	}
	// Within the token's scope, its codes work.
	plain := bot.do("POST", "/api/v1/users", map[string]any{"username": "tokplain", "display_name": "Token Plain", "scope_kind": "country", "country": "XB"}).want(201).json()
	e.anon().do("POST", "/api/v1/auth/set-password", map[string]any{"username": "tokplain", "code": plain["setup_code"], "password": testPassword}).want(204)
}
