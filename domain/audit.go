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
	// Checkpoints is how many signed checkpoints were found in the chain as they signed it;
	// Anchored and AnchoredAt are the highest event they vouch for and when it was signed.
	Checkpoints int
	Anchored    int64
	AnchoredAt  time.Time
}

// ChainChecker verifies events fed to it in sequence order, one at a time, so a chain of
// millions of rows never has to sit in memory.
type ChainChecker struct {
	prev    []byte
	nextSeq int64
	verdict ChainVerdict
	anchors map[int64][]Checkpoint // verified checkpoints by the event they vouch for
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
	switch {
	case e.Seq != c.nextSeq:
		return c.fail(c.nextSeq, "event "+strconv.FormatInt(c.nextSeq, 10)+" is missing or out of order (found "+strconv.FormatInt(e.Seq, 10)+" in its place)")
	case !bytes.Equal(e.PrevHash, c.prev):
		return c.fail(e.Seq, "its link to the previous event does not match that event's hash")
	case !bytes.Equal(e.Hash, e.ChainHash(c.prev)):
		return c.fail(e.Seq, "its content does not match its hash: the event was changed")
	}
	for _, cp := range c.anchors[e.Seq] {
		if !bytes.Equal(cp.Head, e.Hash) {
			return c.fail(e.Seq, "checkpoint "+cp.Name+", signed "+cp.At.Format(time.RFC3339)+", vouches for another hash of this event: the chain was rewritten and recomputed after it")
		}
		c.verdict.Checkpoints++
		c.verdict.Anchored, c.verdict.AnchoredAt = e.Seq, cp.At
	}
	c.prev, c.nextSeq = e.Hash, e.Seq+1
	c.verdict.Checked++
	return true
}

// fail records the first problem found; it always returns false.
func (c *ChainChecker) fail(at int64, problem string) bool {
	c.verdict = ChainVerdict{OK: false, Checked: c.verdict.Checked, BrokenAt: at, Problem: problem, Head: c.verdict.Head,
		Checkpoints: c.verdict.Checkpoints, Anchored: c.verdict.Anchored, AnchoredAt: c.verdict.AnchoredAt}
	return false
}

// Anchor makes the checker hold the chain against signed checkpoints kept outside the
// database: each must verify with one of the trusted keys, and name an event the chain
// holds with the very hash it signed; none may vouch for more events than the chain holds.
// So a chain cut back behind a checkpoint, or rewritten and recomputed from an event a
// checkpoint vouched for, fails even when the database's own records were made to agree.
// Call it before the first Add.
func (c *ChainChecker) Anchor(a Anchors) {
	c.anchors = make(map[int64][]Checkpoint, len(a.Checkpoints))
	for _, cp := range a.Checkpoints {
		if err := cp.Verify(a.Keys); err != nil {
			c.fail(0, "checkpoint "+cp.Name+" cannot be trusted: "+err.Error())
			return
		}
		c.anchors[cp.Seq] = append(c.anchors[cp.Seq], cp)
	}
}

// End checks that the chain reached the head the database recorded with its last append:
// events removed from the end of the trail leave the chain shorter than its head.
func (c *ChainChecker) End(headSeq int64, headHash []byte) {
	c.verdict.Head = headHash
	if !c.verdict.OK {
		return
	}
	last := c.nextSeq - 1
	if last != headSeq || !bytes.Equal(c.prev, headHash) {
		c.fail(last+1, "the trail ends at event "+strconv.FormatInt(last, 10)+" but the chain's head records "+
			strconv.FormatInt(headSeq, 10)+": events were removed from its end")
		return
	}
	// A checkpoint beyond the end: the chain and its head were cut back together.
	var beyond *Checkpoint
	for seq, cps := range c.anchors {
		if seq > last && (beyond == nil || seq > beyond.Seq) {
			beyond = &cps[0]
		}
	}
	if beyond != nil {
		c.fail(last+1, "checkpoint "+beyond.Name+", signed "+beyond.At.Format(time.RFC3339)+", vouches for "+
			strconv.FormatInt(beyond.Seq, 10)+" events but the chain ends at event "+strconv.FormatInt(last, 10)+
			": events were cut from its end")
	}
}

// Outside reports an event that should be in the chain and is not: its chain entry was
// removed behind the application's back.
func (c *ChainChecker) Outside(eventID int64) {
	if !c.verdict.OK {
		return
	}
	c.fail(0, "event "+strconv.FormatInt(eventID, 10)+" (by its id) was sealed once but is missing from the chain")
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
	// VerifyAudit seals what has committed, then walks the chain, holding it against the
	// anchors' checkpoints when there are any.
	VerifyAudit(ctx context.Context, p *Principal, a Anchors) (ChainVerdict, error)
}
