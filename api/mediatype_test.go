package api_test

import (
	"testing"
)

// Attack finding (minor): sign-in read a text/plain body, which a cross-site form can send
// without the browser asking first, so another site could sign a visitor in as an account
// of its choosing (login CSRF). Every body must be declared JSON.
func TestBodiesMustBeDeclaredJSON(t *testing.T) {
	e := newEnv(t)
	login := `{"username":"admin","password":"` + testPassword + `"}`
	for _, ct := range []string{"text/plain", "application/x-www-form-urlencoded", "text/json", "nonsense/"} {
		r := e.anon().do("POST", "/api/v1/auth/login", login, "Content-Type", ct)
		r.problem(415)
		if r.header.Get("Set-Cookie") != "" {
			t.Errorf("%s: a session was set: %s", ct, r.header.Get("Set-Cookie"))
		}
	}
	e.anon().do("POST", "/api/v1/auth/login", login, "Content-Type", "application/json; charset=utf-8").want(200)

	admin := e.as("admin")
	admin.do("POST", "/api/v1/facilities", `{"country":"XA","name":"Plain","kind":"prison"}`, "Content-Type", "text/plain").problem(415)
	for _, f := range admin.do("GET", "/api/v1/facilities", nil).want(200).json()["items"].([]any) {
		if f.(map[string]any)["name"] == "Plain" {
			t.Error("a facility was created from a text/plain body")
		}
	}
}
