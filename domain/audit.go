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

// ChainHash computes the event's hash from its content and the previous event's hash:
// SHA-256 over the previous hash, the sequence number and the content, each field
// length-prefixed (8 bytes, big-endian) so no two different events encode alike.
// domain/postgres computes the same thing in SQL when it appends (see Content).
func (e *AuditEvent) ChainHash(prev []byte) []byte {
	var b bytes.Buffer
	writeField(&b, string(prev))
	writeField(&b, strconv.FormatInt(e.Seq, 10))
	b.Write(e.Content())
	h := sha256.Sum256(b.Bytes())
	return h[:]
}

// Content is the length-prefixed encoding of everything in the event but its place in the
// chain (sequence number and previous hash), which the database decides when it appends.
func (e *AuditEvent) Content() []byte {
	var b bytes.Buffer
	writeField(&b, e.At.UTC().Format(time.RFC3339Nano))
	for _, s := range []string{e.ActorID, e.ActorName, e.Role, e.Scope, e.Action, e.ObjectType,
		e.ObjectID, e.Outcome, e.RequestID, e.IP, e.Details} {
		writeField(&b, s)
	}
	return b.Bytes()
}

func writeField(b *bytes.Buffer, s string) {
	var n [8]byte
	binary.BigEndian.PutUint64(n[:], uint64(len(s)))
	b.Write(n[:])
	b.WriteString(s)
}

// ChainVerdict is the result of checking the chain.
type ChainVerdict struct {
	OK       bool
	Checked  int64
	BrokenAt int64  // sequence number of the first bad event (0 when OK)
	Problem  string // what is wrong there
	// Head is the hash of the last event in the chain. Kept outside the database (an
	// auditor's notes, another system), it shows whether the chain was later recomputed.
	Head []byte
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

// End checks that the chain reached the head the database recorded with its last append:
// events removed from the end of the trail leave the chain shorter than its head.
func (c *ChainChecker) End(headSeq int64, headHash []byte) {
	c.verdict.Head = headHash
	if !c.verdict.OK {
		return
	}
	if last := c.nextSeq - 1; last != headSeq || !bytes.Equal(c.prev, headHash) {
		c.verdict = ChainVerdict{OK: false, Checked: c.verdict.Checked, BrokenAt: last + 1,
			Problem: "the trail ends at event " + strconv.FormatInt(last, 10) + " but the chain's head records " +
				strconv.FormatInt(headSeq, 10) + ": events were removed from its end"}
	}
}

// Outside reports an event that should be in the chain and is not: its chain entry was
// removed behind the application's back.
func (c *ChainChecker) Outside(eventID int64) {
	if !c.verdict.OK {
		return
	}
	c.verdict = ChainVerdict{OK: false, Checked: c.verdict.Checked,
		Problem: "event " + strconv.FormatInt(eventID, 10) + " (by its id) was sealed once but is missing from the chain"}
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
