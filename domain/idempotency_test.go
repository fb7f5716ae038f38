package domain

import (
	"slices"
	"testing"
)

func TestDecideKey(t *testing.T) {
	stored := &StoredAnswer{Method: "POST", Path: "/p"}
	for _, c := range []struct {
		name string
		f    KeyFacts
		want KeyDecision
	}{
		{"a free key runs the work", KeyFacts{Locked: true}, KeyRun},
		{"a held key is in flight", KeyFacts{}, KeyInFlight},
		{"a stored answer is replayed", KeyFacts{Locked: true, Stored: stored}, KeyReplay},
		{"a stored answer is replayed even without the lock", KeyFacts{Stored: stored}, KeyReplay},
	} {
		if got := DecideKey(c.f); got != c.want {
			t.Errorf("%s: got %d, want %d", c.name, got, c.want)
		}
	}
}

func TestStoredAnswerReplayFor(t *testing.T) {
	s := StoredAnswer{Method: "POST", Path: "/api/v1/cases", BodyHash: []byte{1, 2}, Response: IdempotentResponse{Status: 201, Body: []byte(`{}`)}}
	req := IdempotentRequest{Method: "POST", Path: "/api/v1/cases", BodyHash: []byte{1, 2}}
	for _, c := range []struct {
		name    string
		edit    func(*IdempotentRequest)
		wantErr bool
	}{
		{"the same request", nil, false},
		{"another method", func(r *IdempotentRequest) { r.Method = "PATCH" }, true},
		{"another path", func(r *IdempotentRequest) { r.Path = "/api/v1/other" }, true},
		{"another body", func(r *IdempotentRequest) { r.BodyHash = []byte{9} }, true},
	} {
		t.Run(c.name, func(t *testing.T) {
			r := req
			if c.edit != nil {
				c.edit(&r)
			}
			got, err := s.ReplayFor(r)
			if c.wantErr {
				if ErrorCode(err) != CodeInvalid || !slices.Equal(fields(err), []string{"Idempotency-Key:reused"}) {
					t.Fatalf("got %v %v", got, err)
				}
				return
			}
			if err != nil || got.Status != 201 || string(got.Body) != "{}" {
				t.Fatalf("got %+v, %v", got, err)
			}
		})
	}
}
