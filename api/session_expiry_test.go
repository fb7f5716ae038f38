package api_test

import (
	"context"
	"testing"
)

// Sign-in and /me say how long the browser session has left, counted down from the
// session's end (not from the request), so the UI can warn before it ends.
func TestMeSaysWhenTheSessionEnds(t *testing.T) {
	e := newEnv(t)
	pr := e.as("practitioner")
	left := func() float64 {
		v, ok := pr.do("GET", "/api/v1/me", nil).want(200).json()["session_expires_in"].(float64)
		if !ok {
			t.Fatal("no session_expires_in")
		}
		return v
	}
	if l := left(); l < 11*3600 || l > 12*3600 {
		t.Fatalf("a fresh session has %v s left, want about 12 h", l)
	}
	// Ten minutes before its end, /me says so.
	if _, err := e.db.Pool().Exec(context.Background(), `UPDATE sessions SET expires_at = now() + interval '10 minutes'
		WHERE user_id = $1`, e.world.Users["practitioner"].ID); err != nil {
		t.Fatal(err)
	}
	if l := left(); l < 590 || l > 600 {
		t.Fatalf("%v s left, want about 600", l)
	}
}
