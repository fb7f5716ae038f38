package api_test

import (
	"context"
	"regexp"
	"slices"
	"strings"
	"testing"

	"pathways/domain"
)

var codePattern = regexp.MustCompile(`^[0-9A-HJKMNP-TV-Z]{4}(-[0-9A-HJKMNP-TV-Z]{4}){4}$`)

// A reset never lets the administrator choose the password: it ends the person's sessions,
// kills the old password, and gives a one-time code the person uses once, within 24 hours.
func TestPasswordResetIssuesAOneTimeCode(t *testing.T) {
	e := newEnvWith(t, fastLogin)
	admin := e.as("admin")
	prac := e.as("practitioner")
	id := e.world.Users["practitioner"].ID

	r := admin.do("POST", "/api/v1/users/"+id+"/password-reset", nil).want(201).json()
	code := r["code"].(string)
	if !codePattern.MatchString(code) || r["user_id"] != id {
		t.Fatalf("reset answer: %v", r)
	}
	// Stored hashed: the code is in no row of any table the server writes.
	if n := e.count(`SELECT (SELECT count(*) FROM password_codes c WHERE strpos(c::text, $1) > 0)
		+ (SELECT count(*) FROM audit_events a WHERE strpos(a::text, $1) > 0)
		+ (SELECT count(*) FROM idempotency_keys k WHERE strpos(k::text, $1) > 0)`, code); n != 0 {
		t.Errorf("the code is stored in clear %d times", n)
	}
	if n := e.count("SELECT count(*) FROM password_codes WHERE user_id = $1 AND expires_at <= created_at + interval '24 hours'", id); n != 1 {
		t.Errorf("codes within 24 hours: %d", n)
	}
	prac.do("GET", "/api/v1/me", nil).problem(401)
	if got := e.signInStatus("practitioner", testPassword); got != 401 {
		t.Errorf("the old password still works after a reset: %d", got)
	}

	set := func(username, code, password string) *response {
		return e.anon().do("POST", "/api/v1/auth/set-password", map[string]any{"username": username, "code": code, "password": password})
	}
	// Every failure is the same answer.
	wrong := set("practitioner", "0000-0000-0000-0000-0000", "a new long password").problem(401)
	nobody := set("nobody", code, "a new long password").problem(401)
	if wrong["detail"] != nobody["detail"] {
		t.Errorf("failures differ: %v / %v", wrong, nobody)
	}
	if p := set("practitioner", code, "short").problem(422); !slices.Equal(fieldErrors(p), []string{"password"}) {
		t.Errorf("short password: %v", p)
	}
	// Typed as a person would: lower case, spaces for dashes.
	set("practitioner", strings.ToLower(strings.ReplaceAll(code, "-", " ")), "a new long password").want(204)
	if got := e.signInStatus("practitioner", "a new long password"); got != 200 {
		t.Errorf("sign-in with the new password: %d", got)
	}
	// Used once only.
	set("practitioner", code, "another long password").problem(401)

	// A second reset revokes an unused first code; an expired code does not work.
	first := admin.do("POST", "/api/v1/users/"+id+"/password-reset", nil).want(201).json()["code"].(string)
	second := admin.do("POST", "/api/v1/users/"+id+"/password-reset", nil).want(201).json()["code"].(string)
	set("practitioner", first, "a new long password").problem(401)
	e.exec("UPDATE password_codes SET created_at = now() - interval '25 hours', expires_at = now() - interval '1 hour' WHERE user_id = $1 AND used_at IS NULL AND revoked_at IS NULL", id)
	set("practitioner", second, "a new long password").problem(401)

	// A disabled account cannot be given a password.
	third := admin.do("POST", "/api/v1/users/"+id+"/password-reset", nil).want(201).json()["code"].(string)
	admin.do("PATCH", "/api/v1/users/"+id, map[string]any{"disabled": true}).want(200)
	set("practitioner", third, "a new long password").problem(401)

	auditor := e.as("auditor")
	if evs := auditEvents(t, auditor, "action=user.reset&actor=admin"); len(evs) != 4 {
		t.Errorf("reset events: %d, want 4", len(evs))
	}
	if evs := auditEvents(t, auditor, "action=auth.set_password&outcome=success"); len(evs) != 1 || evs[0]["actor_id"] != id {
		t.Errorf("set-password success events: %v", evs)
	}
	if evs := auditEvents(t, auditor, "action=auth.set_password&outcome=failure"); len(evs) != 6 {
		t.Errorf("set-password failure events: %d, want 6", len(evs))
	}
	// No administrator resets their own password.
	admin.do("POST", "/api/v1/users/"+e.world.Users["admin"].ID+"/password-reset", nil).problem(422)
}

// Failed set-password attempts are throttled per address and username, so guessing a code
// is slowed without letting anyone lock a person out from another address.
func TestSetPasswordIsThrottled(t *testing.T) {
	e := newEnv(t)
	code := e.as("admin").do("POST", "/api/v1/users/"+e.world.Users["practitioner"].ID+"/password-reset", nil).want(201).json()["code"].(string)
	set := func(code string) *response {
		return e.anon().do("POST", "/api/v1/auth/set-password", map[string]any{"username": "practitioner", "code": code, "password": "a new long password"})
	}
	for range 5 {
		set("0000-0000-0000-0000-0000").problem(401)
	}
	r := set(code)
	r.problem(429)
	if r.header.Get("Retry-After") == "" {
		t.Error("429 without Retry-After")
	}
	if evs := auditEvents(t, e.as("auditor"), "action=auth.set_password&outcome=denied"); len(evs) != 1 {
		t.Errorf("throttled attempts audited: %d", len(evs))
	}
}

// An administrator or auditor's account changes only with a second administrator: the reset
// code goes to the approver, never to the requester; the person's tokens die.
func TestResetOfAnotherAdminWaitsForApproval(t *testing.T) {
	e := newEnvWith(t, fastLogin)
	admin := e.as("admin")
	other := secondAdmin(e)
	e.addUser("admin3", domain.RoleAdmin, domain.Scope{Kind: domain.ScopeGlobal})
	a2 := e.as("admin2")
	token := a2.do("POST", "/api/v1/tokens", map[string]any{"name": "feed", "role": "national_authority", "scope_kind": "global",
		"routes": []string{"statistics"}, "expires_in_days": 30}).want(201).json()["token"].(string)

	req := admin.do("POST", "/api/v1/users/"+other+"/password-reset", nil).want(202).json()
	if _, leaked := req["code"]; leaked || req["kind"] != "user.reset" || req["target_username"] != "admin2" {
		t.Fatalf("reset request: %v", req)
	}
	a2.do("GET", "/api/v1/me", nil).want(200) // nothing happens before approval
	admin.do("POST", "/api/v1/admin-requests/"+req["id"].(string)+"/approve", map[string]any{}).problem(403)
	a2.do("POST", "/api/v1/admin-requests/"+req["id"].(string)+"/approve", map[string]any{}).problem(403) // nor the person concerned

	decided := approve(e, "admin3", req)
	code, _ := decided["code"].(string)
	if !codePattern.MatchString(code) || decided["request"].(map[string]any)["status"] != "approved" {
		t.Fatalf("approval answer: %v", decided)
	}
	a2.do("GET", "/api/v1/me", nil).problem(401)
	e.withToken(token).do("GET", "/api/v1/statistics/indicators", nil).problem(401)
	e.anon().do("POST", "/api/v1/auth/set-password", map[string]any{"username": "admin2", "code": code, "password": "admin2 new password"}).want(204)
	if got := e.signInStatus("admin2", "admin2 new password"); got != 200 {
		t.Errorf("admin2 signs in with the new password: %d", got)
	}
	// The trail names who asked and who approved.
	evs := auditEvents(t, e.as("auditor"), "action=user.reset&object_id="+other)
	if len(evs) != 1 || evs[0]["actor_name"] != "admin3" || !strings.Contains(string(mustJSON(t, evs[0]["details"])), e.world.Users["admin"].ID) {
		t.Errorf("reset event: %v", evs)
	}
}

// The queue: scoped listing, reject with a reason, nothing decided twice, and the database
// refusing a self-decision on its own.
func TestAdminRequestQueue(t *testing.T) {
	e := newEnv(t)
	_, pracXB := countryAdmins(e)
	e.addUser("adminxa", domain.RoleAdmin, domain.Scope{Kind: domain.ScopeCountry, Country: "XA"})
	xb := e.as("adminxb")
	req := xb.do("POST", "/api/v1/users/"+pracXB+"/memberships", map[string]any{"role": "auditor", "scope_kind": "country", "country": "XB"}).want(202).json()
	id := req["id"].(string)

	listed := func(c *client) map[string]any {
		t.Helper()
		for _, it := range c.do("GET", "/api/v1/admin-requests", nil).want(200).json()["items"].([]any) {
			if it := it.(map[string]any); it["id"] == id {
				return it
			}
		}
		return nil
	}
	if it := listed(xb); it == nil || it["can_decide"] != false {
		t.Errorf("the requester's view: %v", it)
	}
	admin := e.as("admin")
	if it := listed(admin); it == nil || it["can_decide"] != true || it["requested_by"] != "adminxb" || it["target_username"] != "pracxb" {
		t.Errorf("the global admin's view: %v", it)
	}
	xa := e.as("adminxa")
	if it := listed(xa); it != nil {
		t.Errorf("an XA administrator sees an XB request: %v", it)
	}
	xa.do("POST", "/api/v1/admin-requests/"+id+"/approve", map[string]any{}).problem(404)
	if p := admin.do("POST", "/api/v1/admin-requests/"+id+"/reject", map[string]any{}).problem(422); !slices.Equal(fieldErrors(p), []string{"comment"}) {
		t.Errorf("reject without a reason: %v", p)
	}

	// The database refuses a self-decision even from someone who bypasses the application.
	_, err := e.db.Pool().Exec(context.Background(), "UPDATE admin_requests SET status = 'approved', decided_by = requested_by, decided_at = now() WHERE id = $1", id)
	if err == nil || !strings.Contains(err.Error(), "check constraint") {
		t.Errorf("the database accepted a self-decision: %v", err)
	}
	_, err = e.db.Pool().Exec(context.Background(), "UPDATE admin_requests SET status = 'approved', decided_by = target_user_id, decided_at = now() WHERE id = $1", id)
	if err == nil || !strings.Contains(err.Error(), "check constraint") {
		t.Errorf("the database accepted a decision by the person concerned: %v", err)
	}

	r := admin.do("POST", "/api/v1/admin-requests/"+id+"/reject", map[string]any{"comment": "no auditor role in XB"}).want(200).json()["request"].(map[string]any)
	if r["status"] != "rejected" || r["decided_by"] != "admin" || r["comment"] != "no auditor role in XB" {
		t.Errorf("rejected request: %v", r)
	}
	admin.do("POST", "/api/v1/admin-requests/"+id+"/approve", map[string]any{}).problem(409)
	if hasRole(t, e, pracXB, "auditor") || listed(admin) != nil {
		t.Error("a rejected request took effect or is still listed")
	}
	auditor := e.as("auditor")
	for _, action := range []string{"admin_request.create", "admin_request.reject"} {
		if evs := auditEvents(t, auditor, "action="+action+"&object_id="+id); len(evs) != 1 {
			t.Errorf("%s events: %d", action, len(evs))
		}
	}
	if evs := auditEvents(t, auditor, "action=admin_request.approve&actor=adminxa&outcome=denied"); len(evs) != 1 {
		t.Errorf("out-of-scope approval audited as denied: %d", len(evs))
	}
}

// A user with no membership is placed where they were created; a country administrator
// creates people only in their country, and sees only them.
func TestNewUsersArePlacedInTheirCreatorsScope(t *testing.T) {
	e := newEnvWith(t, fastLogin)
	_, pracXB := countryAdmins(e)
	e.addUser("adminxa", domain.RoleAdmin, domain.Scope{Kind: domain.ScopeCountry, Country: "XA"})
	xb := e.as("adminxb")
	id := newPerson(t, xb, "newxb")
	if got := e.signInStatus("newxb", testPassword); got != 200 {
		t.Fatalf("the new person signs in with the password they set: %d", got)
	}
	usernames := func(c *client) []string {
		var out []string
		for _, u := range c.do("GET", "/api/v1/users", nil).want(200).json()["items"].([]any) {
			out = append(out, u.(map[string]any)["username"].(string))
		}
		return out
	}
	if !slices.Contains(usernames(xb), "newxb") || slices.Contains(usernames(e.as("adminxa")), "newxb") {
		t.Error("a user without membership is not placed in the country of the administrator who made them")
	}
	xb.do("POST", "/api/v1/users", map[string]any{"username": "globalx", "scope_kind": "global"}).problem(403)
	xb.do("POST", "/api/v1/users", map[string]any{"username": "xaperson", "scope_kind": "country", "country": "XA"}).problem(403)
	xb.do("POST", "/api/v1/users", map[string]any{"username": "harbour", "scope_kind": "facility", "facility_id": e.world.Harbour}).want(201)
	xb.do("POST", "/api/v1/users/"+id+"/memberships", map[string]any{"role": "practitioner", "scope_kind": "facility", "facility_id": e.world.Harbour}).want(201)

	// Taking away the last membership keeps the user where it was.
	xb.do("DELETE", "/api/v1/users/"+pracXB+"/memberships/"+membershipID(t, xb, "pracxb", "practitioner"), nil).want(204)
	if !slices.Contains(usernames(xb), "pracxb") {
		t.Error("a user lost from sight when their last membership was removed")
	}
	// Created by a global administrator without a scope: global, out of a country admin's sight.
	e.as("admin").do("POST", "/api/v1/users", map[string]any{"username": "someone"}).want(201)
	if slices.Contains(usernames(xb), "someone") {
		t.Error("a country administrator sees a globally placed user")
	}
	// Facilities: a country administrator sees and adds only theirs.
	var names []string
	for _, f := range xb.do("GET", "/api/v1/facilities", nil).want(200).json()["items"].([]any) {
		names = append(names, f.(map[string]any)["name"].(string))
	}
	if !slices.Equal(names, []string{"Harbour"}) {
		t.Errorf("XB admin's facilities: %v", names)
	}
	xb.do("POST", "/api/v1/facilities", map[string]any{"country": "XA", "name": "Elsewhere", "kind": "prison"}).problem(403)
	if evs := auditEvents(t, e.as("auditor"), "action=facility.create&actor=adminxb&outcome=denied"); len(evs) != 1 {
		t.Errorf("refused facility audited: %d", len(evs))
	}
}

// Tokens: listed within scope without their secret, with their last use recorded at most
// once a minute, revocable only in scope; an approver losing admin stops the token too.
func TestTokensListedRevokedAndBackedByBothIssuers(t *testing.T) {
	e := newEnv(t)
	countryAdmins(e)
	xb := e.as("adminxb")
	admin := e.as("admin")
	xbTok := xb.do("POST", "/api/v1/tokens", map[string]any{"name": "xb feed", "role": "national_authority", "scope_kind": "country", "country": "XB",
		"routes": []string{"statistics"}, "expires_in_days": 365}).want(201).json()
	xaTok := admin.do("POST", "/api/v1/tokens", map[string]any{"name": "xa feed", "role": "national_authority", "scope_kind": "country", "country": "XA",
		"routes": []string{"statistics"}, "expires_in_days": 10}).want(201).json()

	list := func(c *client) map[string]map[string]any {
		out := map[string]map[string]any{}
		for _, it := range c.do("GET", "/api/v1/tokens", nil).want(200).json()["items"].([]any) {
			m := it.(map[string]any)
			if _, leaked := m["token"]; leaked {
				t.Errorf("a token listing carries a secret: %v", m)
			}
			out[m["name"].(string)] = m
		}
		return out
	}
	if l := list(xb); len(l) != 1 || l["xb feed"] == nil || l["xb feed"]["created_by"] != "adminxb" || l["xb feed"]["last_used_at"] != nil {
		t.Errorf("XB admin's tokens: %v", l)
	}
	bot := e.withToken(xbTok["token"].(string))
	bot.do("GET", "/api/v1/statistics/indicators", nil).want(200)
	first := list(xb)["xb feed"]["last_used_at"]
	if first == nil {
		t.Fatal("last use not recorded")
	}
	bot.do("GET", "/api/v1/statistics/indicators", nil).want(200)
	if again := list(xb)["xb feed"]["last_used_at"]; again != first {
		t.Errorf("last use written again within the minute: %v then %v", first, again)
	}

	xb.do("DELETE", "/api/v1/tokens/"+xaTok["id"].(string), nil).problem(404)
	e.withToken(xaTok["token"].(string)).do("GET", "/api/v1/statistics/indicators", nil).want(200)
	admin.do("DELETE", "/api/v1/tokens/"+xbTok["id"].(string), nil).want(204)
	bot.do("GET", "/api/v1/statistics/indicators", nil).problem(401)
	if l := list(admin); l["xb feed"]["active"] != false || l["xb feed"]["revoked_at"] == nil || l["xa feed"]["active"] != true {
		t.Errorf("after revocation: %v", l)
	}
	if evs := auditEvents(t, e.as("auditor"), "action=token.revoke&actor=adminxb&outcome=denied"); len(evs) != 1 {
		t.Errorf("out-of-scope revocation audited: %d", len(evs))
	}

	// An auditor token approved by admin2: it dies when admin2 loses admin.
	a2 := secondAdmin(e)
	req := admin.do("POST", "/api/v1/tokens", map[string]any{"name": "siem", "role": "auditor", "scope_kind": "global",
		"routes": []string{"audit"}, "expires_in_days": 30}).want(202).json()
	siem := approve(e, "admin2", req)["token"].(map[string]any)
	if siem["approved_by"] != "admin2" {
		t.Errorf("approved token: %v", siem)
	}
	e.withToken(siem["token"].(string)).do("GET", "/api/v1/audit?limit=1", nil).want(200)
	e.exec("DELETE FROM memberships WHERE user_id = $1", a2)
	e.withToken(siem["token"].(string)).do("GET", "/api/v1/audit?limit=1", nil).problem(401)
}
