package domain

import "bytes"

// StoredAnswer is the answer kept under an Idempotency-Key, with the request it answered and
// the cases it is about.
type StoredAnswer struct {
	Method, Path string
	BodyHash     []byte
	Response     IdempotentResponse
	Cases        []string
}

// KeyFacts is what the look-up of a request's key found, in one statement: whether the
// request got the key's lock (no other request under the key is running), and the answer
// stored under the key within its lifetime (nil when there is none).
type KeyFacts struct {
	Locked bool
	Stored *StoredAnswer
}

// KeyDecision is what a request carrying an Idempotency-Key does next.
type KeyDecision int

const (
	// KeyRun: no answer is stored and the lock is the request's: its work runs.
	KeyRun KeyDecision = iota
	// KeyReplay: an answer is stored: it is given back (StoredAnswer.ReplayFor), whoever
	// holds the lock, and the work does not run.
	KeyReplay
	// KeyInFlight: another request under the key holds the lock: a Conflict wrapping
	// ErrInFlight.
	KeyInFlight
)

// DecideKey decides a request from what the look-up of its key found. A stored answer wins
// over the lock: a request that committed has released it.
func DecideKey(f KeyFacts) KeyDecision {
	switch {
	case f.Stored != nil:
		return KeyReplay
	case !f.Locked:
		return KeyInFlight
	}
	return KeyRun
}

// ReplayFor returns the stored answer for a retry of the same request r (same method, path
// and body), or Invalid on the Idempotency-Key when the key was used for another request.
func (s StoredAnswer) ReplayFor(r IdempotentRequest) (*IdempotentResponse, error) {
	if s.Method != r.Method || s.Path != r.Path || !bytes.Equal(s.BodyHash, r.BodyHash) {
		return nil, Invalid(FieldProblem{Field: "Idempotency-Key", Reason: "reused",
			Detail: "this key was used for a different request: use a new key for a new request"})
	}
	answer := s.Response
	return &answer, nil
}
