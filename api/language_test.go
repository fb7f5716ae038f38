package api_test

import "testing"

// Trial 16, M15: the language chosen did not survive signing out and in again. The choice is
// kept on the user (PUT /me/language, audited) and comes back with the sign-in answer and
// /me, so it follows the person to the next sign-in on whatever shared computer.
func TestLanguageFollowsTheUser(t *testing.T) {
	e := newEnv(t)
	pr := e.as("practitioner")
	if lang := pr.do("GET", "/api/v1/me", nil).want(200).json()["language"]; lang != nil {
		t.Fatalf("a language nobody chose: %v", lang)
	}
	pr.do("PUT", "/api/v1/me/language", map[string]any{"language": "ar"}).want(204)
	if n := e.count("SELECT count(*) FROM audit_events WHERE action = 'user.language' AND object_id = $1 AND details::jsonb->>'language' = 'ar'",
		e.world.Users["practitioner"].ID); n != 1 {
		t.Fatalf("the change is audited %d times", n)
	}
	// The same choice again changes nothing and records nothing.
	pr.do("PUT", "/api/v1/me/language", map[string]any{"language": "ar"}).want(204)
	if n := e.count("SELECT count(*) FROM audit_events WHERE action = 'user.language'"); n != 1 {
		t.Fatalf("an unchanged language is audited: %d events", n)
	}

	// Signed out, then in again (a new session): the sign-in answer and /me carry it.
	pr.do("POST", "/api/v1/auth/logout", nil).want(204)
	login := e.anon().do("POST", "/api/v1/auth/login", map[string]any{"username": "practitioner", "password": testPassword}).want(200).json()
	if u := login["user"].(map[string]any); u["language"] != "ar" {
		t.Fatalf("sign-in answer: %v", u)
	}
	again := e.as("practitioner")
	if lang := again.do("GET", "/api/v1/me", nil).want(200).json()["language"]; lang != "ar" {
		t.Fatalf("/me after signing in again: %v", lang)
	}
	// Someone else's choice is their own.
	if lang := e.as("supervisor").do("GET", "/api/v1/me", nil).want(200).json()["language"]; lang != nil {
		t.Fatalf("another user got the language: %v", lang)
	}

	// Bad input: a per-field problem, nothing written.
	for _, body := range []map[string]any{{"language": "de"}, {"language": ""}, {}} {
		p := again.do("PUT", "/api/v1/me/language", body).problem(422)
		if f := fieldErrors(p); len(f) != 1 || f[0] != "language" {
			t.Errorf("%v: problems on %v", body, f)
		}
	}
	if n := e.count("SELECT count(*) FROM users WHERE language = 'ar'"); n != 1 {
		t.Fatalf("%d users with Arabic", n)
	}
	// Anonymous: 401.
	e.anon().do("PUT", "/api/v1/me/language", map[string]any{"language": "fr"}).problem(401)
}
