package api_test

import (
	"context"
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/pquerna/otp/totp"

	"pathways/api"
)

func TestMeWithoutSessionIs401Problem(t *testing.T) {
	e := newEnv(t)
	for name, c := range map[string]*client{
		"no credentials":     e.anon(),
		"unknown cookie":     {e: e, cookie: "not-a-session"},
		"unknown token":      e.withToken("pw_not-a-token"),
		"not a bearer token": {e: e, headers: map[string]string{"Authorization": "Basic YWRtaW46YWRtaW4="}},
	} {
		r := c.do("GET", "/api/v1/me", nil)
		p := r.problem(401)
		if p["type"] != "urn:pathways:problem:unauthenticated" || p["title"] == "" {
			t.Errorf("%s: %v", name, p)
		}
		if r.header.Get("WWW-Authenticate") == "" {
			t.Errorf("%s: 401 without WWW-Authenticate", name)
		}
	}
	me := e.as("practitioner").do("GET", "/api/v1/me", nil).want(200).json()
	if me["username"] != "practitioner" {
		t.Errorf("me: %v", me)
	}
}

func sessionCookie(t *testing.T, r *response) *http.Cookie {
	t.Helper()
	for _, line := range r.header.Values("Set-Cookie") {
		c, err := http.ParseSetCookie(line)
		if err == nil && c.Name == "pathways_session" {
			return c
		}
	}
	t.Fatalf("no session cookie in %v", r.header.Values("Set-Cookie"))
	return nil
}

func TestLoginSetsAStrictHttpOnlyCookie(t *testing.T) {
	for _, secure := range []bool{false, true} {
		t.Run(fmt.Sprintf("CookieSecure=%v", secure), func(t *testing.T) {
			e := newEnvWith(t, api.Config{CookieSecure: secure})
			r := e.anon().do("POST", "/api/v1/auth/login", map[string]any{"username": "admin", "password": testPassword}).want(200)
			c := sessionCookie(t, r)
			if !c.HttpOnly || c.SameSite != http.SameSiteStrictMode || c.Path != "/" {
				t.Errorf("cookie flags: HttpOnly=%v SameSite=%v Path=%q", c.HttpOnly, c.SameSite, c.Path)
			}
			if c.Secure != secure {
				t.Errorf("cookie Secure=%v, want %v", c.Secure, secure)
			}
			if len(c.Value) < 40 || c.Expires.IsZero() {
				t.Errorf("cookie value %d chars, expires %v", len(c.Value), c.Expires)
			}
			body := r.json()
			if csrf, _ := body["csrf_token"].(string); len(csrf) < 40 || csrf == c.Value {
				t.Errorf("csrf token %q", csrf)
			}
			// The session is kept server-side: its token is stored only as a hash.
			var n int
			if err := e.db.Pool().QueryRow(context.Background(),
				"SELECT count(*) FROM sessions WHERE token_hash = sha256($1::text::bytea)", c.Value).Scan(&n); err != nil || n != 1 {
				t.Errorf("sessions holding the cookie's hash: %d (%v)", n, err)
			}
		})
	}
}

func TestFailedLoginsLookAlike(t *testing.T) {
	e := newEnvWith(t, fastLogin)
	admin := e.as("admin")
	admin.do("PATCH", "/api/v1/users/"+e.world.Users["practitioner2"].ID, map[string]any{"disabled": true}).want(200)
	var first map[string]any
	for name, creds := range map[string]map[string]any{
		"wrong password":                   {"username": "practitioner", "password": "not the password"},
		"unknown user":                     {"username": "nobody-here", "password": "not the password"},
		"disabled user, right password":    {"username": "practitioner2", "password": testPassword},
		"code sent for a user without 2FA": {"username": "supervisor", "password": "wrong again!!", "totp": "123456"},
	} {
		p := e.anon().do("POST", "/api/v1/auth/login", creds).problem(401)
		delete(p, "request_id")
		if first == nil {
			first = p
			continue
		}
		if fmt.Sprint(p) != fmt.Sprint(first) {
			t.Errorf("%s: %v differs from %v", name, p, first)
		}
	}
}

func TestLoginsAreAudited(t *testing.T) {
	e := newEnvWith(t, fastLogin)
	e.anon().do("POST", "/api/v1/auth/login", map[string]any{"username": "practitioner", "password": "not the password"}).problem(401)
	e.anon().do("POST", "/api/v1/auth/login", map[string]any{"username": "ghost", "password": "not the password"}).problem(401)
	e.as("practitioner")
	auditor := e.as("auditor")
	evs := auditEvents(t, auditor, "action=auth.login&actor=practitioner")
	if len(evs) != 2 || evs[0]["outcome"] != "success" || evs[1]["outcome"] != "failure" {
		t.Fatalf("practitioner's logins: %v", evs)
	}
	if evs[0]["actor_id"] != e.world.Users["practitioner"].ID || evs[0]["request_id"] == "" {
		t.Errorf("success event: %v", evs[0])
	}
	if evs := auditEvents(t, auditor, "action=auth.login&actor=ghost&outcome=failure"); len(evs) != 1 || evs[0]["object_id"] != "ghost" {
		t.Errorf("unknown user's failed login: %v", evs)
	}
}

func TestRepeatedFailuresPerUserAreRefusedWith429(t *testing.T) {
	e := newEnvWith(t, api.Config{LoginFailuresPerUser: 3, LoginFailuresPerIP: 100, LoginFailureDelay: time.Nanosecond})
	wrong := map[string]any{"username": "practitioner", "password": "not the password"}
	for i := 0; i < 3; i++ {
		e.anon().do("POST", "/api/v1/auth/login", wrong).problem(401)
	}
	// Now even the right password is refused, without being checked.
	r := e.anon().do("POST", "/api/v1/auth/login", map[string]any{"username": "practitioner", "password": testPassword})
	r.problem(429)
	if ra := r.header.Get("Retry-After"); ra == "" || ra == "0" {
		t.Errorf("429 without a usable Retry-After: %q", ra)
	}
	if r.header.Get("Set-Cookie") != "" {
		t.Error("a throttled login set a cookie")
	}
	// Another user from the same address is not affected.
	e.as("supervisor")
	evs := auditEvents(t, e.as("auditor"), "action=auth.login&actor=practitioner&outcome=denied")
	if len(evs) != 1 || !strings.Contains(fmt.Sprint(evs[0]["details"]), "throttled") {
		t.Errorf("throttled attempt's audit event: %v", evs)
	}
}

func TestRepeatedFailuresPerAddressAreRefusedWith429(t *testing.T) {
	e := newEnvWith(t, api.Config{LoginFailuresPerUser: 100, LoginFailuresPerIP: 3, LoginFailureDelay: time.Nanosecond})
	for _, u := range []string{"a-user", "b-user", "c-user"} {
		e.anon().do("POST", "/api/v1/auth/login", map[string]any{"username": u, "password": "not the password"}).problem(401)
	}
	r := e.anon().do("POST", "/api/v1/auth/login", map[string]any{"username": "admin", "password": testPassword})
	r.problem(429)
	if r.header.Get("Retry-After") == "" {
		t.Error("429 without Retry-After")
	}
}

func TestCSRFTokenGuardsUnsafeRequests(t *testing.T) {
	e := newEnv(t)
	admin := e.as("admin")
	facility := func(name string) map[string]any {
		return map[string]any{"country": "XA", "name": name, "kind": "prison"}
	}

	admin.noCSRF = true
	p := admin.do("POST", "/api/v1/facilities", facility("No Token")).problem(403)
	if !strings.Contains(p["detail"].(string), "X-CSRF-Token") {
		t.Errorf("CSRF refusal: %v", p)
	}
	admin.do("POST", "/api/v1/facilities", facility("Wrong Token"), "X-CSRF-Token", "x"+admin.csrf).problem(403)
	admin.do("POST", "/api/v1/auth/logout", nil).problem(403)
	admin.do("GET", "/api/v1/facilities", nil).want(200) // safe methods need none

	// Another session's token does not fit this one.
	other := e.as("admin")
	admin.do("POST", "/api/v1/facilities", facility("Other Token"), "X-CSRF-Token", other.csrf).problem(403)

	admin.noCSRF = false
	admin.do("POST", "/api/v1/facilities", facility("Right Token")).want(201)
	var names []string
	for _, f := range admin.do("GET", "/api/v1/facilities", nil).want(200).json()["items"].([]any) {
		if name := f.(map[string]any)["name"].(string); strings.HasSuffix(name, " Token") {
			names = append(names, name)
		}
	}
	if fmt.Sprint(names) != "[Right Token]" {
		t.Errorf("facilities written: %v, want only the one with the right token", names)
	}
	// The session still works after the refusals: the refusals did not sign it out.
	admin.do("GET", "/api/v1/me", nil).want(200)
}

func TestLogoutEndsTheSession(t *testing.T) {
	e := newEnv(t)
	c := e.as("practitioner")
	other := e.as("practitioner") // a second session of the same user
	r := c.do("POST", "/api/v1/auth/logout", nil).want(204)
	cleared := sessionCookie(t, r)
	if cleared.Value != "" || cleared.MaxAge >= 0 && !cleared.Expires.Before(time.Now()) {
		t.Errorf("logout did not clear the cookie: %+v", cleared)
	}
	c.do("GET", "/api/v1/me", nil).problem(401)
	c.do("POST", "/api/v1/auth/logout", nil).problem(401)
	other.do("GET", "/api/v1/me", nil).want(200)
	if evs := auditEvents(t, e.as("auditor"), "action=auth.logout&actor=practitioner"); len(evs) != 1 {
		t.Errorf("logout audit events: %v", evs)
	}
}

func TestDisablingAUserEndsTheirSessions(t *testing.T) {
	e := newEnvWith(t, fastLogin)
	prac := e.as("practitioner")
	prac.do("GET", "/api/v1/facilities", nil).want(200)
	admin := e.as("admin")
	id := e.world.Users["practitioner"].ID
	admin.do("PATCH", "/api/v1/users/"+id, map[string]any{"disabled": true}).want(200)
	prac.do("GET", "/api/v1/facilities", nil).problem(401)
	e.anon().do("POST", "/api/v1/auth/login", map[string]any{"username": "practitioner", "password": testPassword}).problem(401)

	// Enabled again, they sign in afresh; a password reset by an administrator ends that
	// session too, and the person sets the new password themselves with the reset code.
	admin.do("PATCH", "/api/v1/users/"+id, map[string]any{"disabled": false}).want(200)
	prac = e.as("practitioner")
	code := admin.do("POST", "/api/v1/users/"+id+"/password-reset", nil).want(201).json()["code"]
	prac.do("GET", "/api/v1/me", nil).problem(401)
	e.anon().do("POST", "/api/v1/auth/login", map[string]any{"username": "practitioner", "password": testPassword}).problem(401)
	e.anon().do("POST", "/api/v1/auth/set-password", map[string]any{"username": "practitioner", "code": code, "password": "a brand new password"}).want(204)
	e.anon().do("POST", "/api/v1/auth/login", map[string]any{"username": "practitioner", "password": "a brand new password"}).want(200)

	// An administrator cannot lock themselves out.
	p := admin.do("PATCH", "/api/v1/users/"+e.world.Users["admin"].ID, map[string]any{"disabled": true}).problem(422)
	if fmt.Sprint(fieldErrors(p)) != "[disabled]" {
		t.Errorf("self-disable: %v", p)
	}
}

// membershipID finds a user's membership with the given role through the admin API.
func membershipID(t *testing.T, admin *client, username, role string) string {
	t.Helper()
	for _, u := range admin.do("GET", "/api/v1/users", nil).want(200).json()["items"].([]any) {
		u := u.(map[string]any)
		if u["username"] != username {
			continue
		}
		for _, m := range u["memberships"].([]any) {
			if m := m.(map[string]any); m["role"] == role {
				return m["id"].(string)
			}
		}
	}
	t.Fatalf("%s has no %s membership", username, role)
	return ""
}

func TestMembershipChangesTakeEffectOnTheNextRequest(t *testing.T) {
	e := newEnv(t)
	admin := e.as("admin")
	prac := e.as("practitioner")
	prac.do("GET", "/api/v1/facilities", nil).want(200)
	prac.do("GET", "/api/v1/approvals", nil).problem(403)

	// Granted: usable at once, without signing in again.
	pracID := e.world.Users["practitioner"].ID
	r := admin.do("POST", "/api/v1/users/"+pracID+"/memberships", map[string]any{"role": "supervisor", "scope_kind": "country", "country": "XA"}).want(201)
	supMID := r.json()["id"].(string)
	prac.do("GET", "/api/v1/approvals", nil).want(200)

	// Revoked: gone on the next request.
	admin.do("DELETE", "/api/v1/users/"+pracID+"/memberships/"+supMID, nil).want(204)
	prac.do("GET", "/api/v1/approvals", nil).problem(403)
	admin.do("DELETE", "/api/v1/users/"+pracID+"/memberships/"+membershipID(t, admin, "practitioner", "practitioner"), nil).want(204)
	prac.do("GET", "/api/v1/facilities", nil).problem(403)
	me := prac.do("GET", "/api/v1/me", nil).want(200).json()
	if len(me["memberships"].([]any)) != 0 || len(me["permissions"].([]any)) != 0 {
		t.Errorf("me after revocation: %v", me)
	}
}

func TestPractitionerCallingAnAdminRouteIs403AndAudited(t *testing.T) {
	e := newEnv(t)
	prac := e.as("practitioner")
	p := prac.do("GET", "/api/v1/users", nil).problem(403)
	if p["type"] != "urn:pathways:problem:forbidden" {
		t.Errorf("403 problem: %v", p)
	}
	prac.do("POST", "/api/v1/facilities", map[string]any{"country": "XA", "name": "Sneaky", "kind": "prison"}).problem(403)
	evs := auditEvents(t, e.as("auditor"), "action=access.denied&actor=practitioner&outcome=denied")
	if len(evs) != 2 {
		t.Fatalf("denied events: %v", evs)
	}
	if d := fmt.Sprint(evs[1]["details"]); !strings.Contains(d, "/api/v1/users") {
		t.Errorf("denied event details: %s", d)
	}
}

// otherCode is a six-digit code that is valid for none of the steps the server accepts now.
func otherCode(t *testing.T, secret string) string {
	t.Helper()
	now := time.Now()
	valid := map[string]bool{}
	for _, d := range []time.Duration{-60 * time.Second, -30 * time.Second, 0, 30 * time.Second, 60 * time.Second} {
		c, err := totp.GenerateCode(secret, now.Add(d))
		if err != nil {
			t.Fatal(err)
		}
		valid[c] = true
	}
	for i := 0; ; i++ {
		if c := fmt.Sprintf("%06d", i*7919%1000000); !valid[c] {
			return c
		}
	}
}

func TestTOTPEnrolConfirmRequireAndRefuseReplay(t *testing.T) {
	e := newEnvWith(t, fastLogin)
	c := e.as("practitioner")
	enrol := c.do("POST", "/api/v1/me/totp", nil).want(200).json()
	secret := enrol["secret"].(string)
	if !strings.HasPrefix(enrol["otpauth_uri"].(string), "otpauth://totp/") {
		t.Errorf("otpauth uri: %v", enrol["otpauth_uri"])
	}
	// Not yet confirmed: sign-in still works without a code.
	login := func(code string) *response {
		body := map[string]any{"username": "practitioner", "password": testPassword}
		if code != "" {
			body["totp"] = code
		}
		return e.anon().do("POST", "/api/v1/auth/login", body)
	}
	login("").want(200)

	p := c.do("POST", "/api/v1/me/totp/confirm", map[string]any{"code": otherCode(t, secret)}).problem(422)
	if fmt.Sprint(fieldErrors(p)) != "[code]" {
		t.Errorf("wrong code: %v", p)
	}
	c.do("POST", "/api/v1/me/totp/confirm", map[string]any{"code": "12345"}).problem(422)
	now, err := totp.GenerateCode(secret, time.Now())
	if err != nil {
		t.Fatal(err)
	}
	c.do("POST", "/api/v1/me/totp/confirm", map[string]any{"code": now}).want(204)
	if me := c.do("GET", "/api/v1/me", nil).want(200).json(); me["totp_enabled"] != true {
		t.Errorf("me after confirmation: %v", me)
	}
	c.do("POST", "/api/v1/me/totp", nil).problem(409) // no silent re-enrolment
	c.do("POST", "/api/v1/me/totp/confirm", map[string]any{"code": now}).problem(409)

	// From now on sign-in needs a code, and each code works once.
	login("").problem(401)
	login(otherCode(t, secret)).problem(401)
	login(now).problem(401) // spent on confirmation
	// The next step's code is accepted (one step of clock drift), once.
	next, err := totp.GenerateCode(secret, time.Now().Add(30*time.Second))
	if err != nil {
		t.Fatal(err)
	}
	login(next).want(200)
	login(next).problem(401)
	// A wrong password with a right code is still refused.
	later, _ := totp.GenerateCode(secret, time.Now().Add(60*time.Second))
	e.anon().do("POST", "/api/v1/auth/login", map[string]any{"username": "practitioner", "password": "not the password", "totp": later}).problem(401)

	evs := auditEvents(t, e.as("auditor"), "action=auth.login&actor=practitioner&outcome=failure")
	reasons := 0
	for _, ev := range evs {
		if strings.Contains(fmt.Sprint(ev["details"]), "totp") {
			reasons++
		}
	}
	if reasons != 4 {
		t.Errorf("want 4 failures for a missing, wrong or spent code, got %d in %v", reasons, evs)
	}
}
