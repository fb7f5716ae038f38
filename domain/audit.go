package domain

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/binary"
	"strconv"
	"time"
)

// Outcome of an audited action.
const (
	OutcomeSuccess = "success"
	OutcomeFailure = "failure"
	OutcomeDenied  = "denied"
)

// AuditEvent is one line of the record nobody may rewrite: who did what to which object,
// under which role and scope, with what result. Details never hold case content, only
// identifiers and the names of what changed.
type AuditEvent struct {
	Seq        int64
	At         time.Time // microsecond precision, UTC
	ActorID    string    // empty for anonymous (e.g. a failed login)
	ActorName  string
	Role       string
	Scope      string
	Action     string // e.g. "auth.login", "case.read", "user.create"
	ObjectType string
	ObjectID   string
	Outcome    string
	RequestID  string
	IP         string
	Details    string // JSON text, kept byte for byte so the hash can be recomputed
	PrevHash   []byte
	Hash       []byte
}

// NewAuditEvent starts an event for the principal (nil for anonymous callers).
func NewAuditEvent(p *Principal, action, objectType, objectID, outcome string) AuditEvent {
	e := AuditEvent{Action: action, ObjectType: objectType, ObjectID: objectID, Outcome: outcome, Details: "{}"}
	if p != nil {
		e.ActorID, e.ActorName = p.UserID, p.Username
		e.Role, e.Scope = string(p.ActingRole), p.ScopeString()
		e.RequestID, e.IP = p.RequestID, p.IP
	}
	return e
}

// ChainHash computes the event's hash from its content and the previous event's hash.
// Every field is length-prefixed, so no two different events encode alike.
func (e *AuditEvent) ChainHash(prev []byte) []byte {
	var b bytes.Buffer
	field := func(s string) {
		var n [8]byte
		binary.BigEndian.PutUint64(n[:], uint64(len(s)))
		b.Write(n[:])
		b.WriteString(s)
	}
	field(string(prev))
	field(strconv.FormatInt(e.Seq, 10))
	field(e.At.UTC().Format(time.RFC3339Nano))
	for _, s := range []string{e.ActorID, e.ActorName, e.Role, e.Scope, e.Action, e.ObjectType,
		e.ObjectID, e.Outcome, e.RequestID, e.IP, e.Details} {
		field(s)
	}
	h := sha256.Sum256(b.Bytes())
	return h[:]
}

// ChainVerdict is the result of checking the chain.
type ChainVerdict struct {
	OK       bool
	Checked  int64
	BrokenAt int64  // sequence number of the first bad event (0 when OK)
	Problem  string // what is wrong there
}

// ChainChecker verifies events fed to it in sequence order, one at a time, so a chain of
// millions of rows never has to sit in memory.
type ChainChecker struct {
	prev    []byte
	nextSeq int64
	verdict ChainVerdict
}

// NewChainChecker expects the chain to start at sequence 1 with an empty previous hash.
func NewChainChecker() *ChainChecker {
	return &ChainChecker{nextSeq: 1, verdict: ChainVerdict{OK: true}}
}

// Add checks one event; it returns false once the chain is known to be broken.
func (c *ChainChecker) Add(e *AuditEvent) bool {
	if !c.verdict.OK {
		return false
	}
	fail := func(at int64, problem string) bool {
		c.verdict = ChainVerdict{OK: false, Checked: c.verdict.Checked, BrokenAt: at, Problem: problem}
		return false
	}
	switch {
	case e.Seq != c.nextSeq:
		return fail(c.nextSeq, "event "+strconv.FormatInt(c.nextSeq, 10)+" is missing or out of order (found "+strconv.FormatInt(e.Seq, 10)+" in its place)")
	case !bytes.Equal(e.PrevHash, c.prev):
		return fail(e.Seq, "its link to the previous event does not match that event's hash")
	case !bytes.Equal(e.Hash, e.ChainHash(c.prev)):
		return fail(e.Seq, "its content does not match its hash: the event was changed")
	}
	c.prev, c.nextSeq = e.Hash, e.Seq+1
	c.verdict.Checked++
	return true
}

// Verdict reports the result so far.
func (c *ChainChecker) Verdict() ChainVerdict {
	return c.verdict
}

// AuditFilter narrows an audit listing.
type AuditFilter struct {
	ActorName  string
	Action     string // exact, or a prefix ending in "." (e.g. "case.")
	ObjectType string
	ObjectID   string
	Outcome    string
	From, To   time.Time
	AfterSeq   int64 // keyset cursor: events with a smaller sequence (newest first)
	Limit      int
}

// AuditStore reads the trail and checks it.
type AuditStore interface {
	ListAudit(ctx context.Context, p *Principal, f AuditFilter) ([]AuditEvent, error)
	VerifyAudit(ctx context.Context, p *Principal) (ChainVerdict, error)
}
