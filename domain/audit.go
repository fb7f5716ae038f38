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
	// ObjectName is not part of the event: a listing fills it in for the reader, from the
	// object as it is now (a case's pseudonym; the name of a user, facility, programme or
	// token), where AuditNamesVisible allows.
	ObjectName string
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

// NewCaseAuditEvent is NewAuditEvent for an action on one case, at a facility of a country.
// A person who holds both staff roles reaches a case through one of them (Principal.
// CaseMembership: supervisor where a supervisor membership covers it, practitioner on its
// team otherwise), and the event names that role and its scopes, not whichever role the route
// happened to allow first: a supervisor of one country working as a practitioner in another
// is recorded as the practitioner they are there.
func NewCaseAuditEvent(p *Principal, action, caseID, country, facilityID, outcome string) AuditEvent {
	e := NewAuditEvent(p, action, "case", caseID, outcome)
	if p != nil && (p.ActingRole == RolePractitioner || p.ActingRole == RoleSupervisor) {
		if m, ok := p.CaseMembership(country, facilityID); ok && m.Role != p.ActingRole {
			e.Role, e.Scope = string(m.Role), p.scopeString(m.Role)
		}
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

// AuditDatingAllowance is how much earlier than an event chained ahead of it an event may be
// dated. The database refuses an event dated more than a minute from its clock or before the
// latest sealed one (migration 00540), but its owner can switch that guard off and insert an
// event dated in the past; sealed, it would look like history. Events are sealed in the
// order they commit, and an event is dated when its transaction writes it, so an honest event
// can trail the one before it by the time its transaction ran on after writing it, plus the
// servers' clock differences: ten minutes is far beyond any request's transaction (and a
// seed writes its one event at its end), and far short of what a forged past is for.
const AuditDatingAllowance = 10 * time.Minute

// ChainChecker verifies events fed to it in sequence order, one at a time, so a chain of
// millions of rows never has to sit in memory.
type ChainChecker struct {
	prev    []byte
	nextSeq int64
	latest  time.Time // the latest date among the events checked so far
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
	case e.At.Before(c.latest.Add(-AuditDatingAllowance)):
		return c.fail(e.Seq, "it is dated "+e.At.Format(time.RFC3339)+", "+c.latest.Sub(e.At).Round(time.Second).String()+
			" before an event chained ahead of it: it was written into the past by someone who switched the database's guards off")
	}
	if e.At.After(c.latest) {
		c.latest = e.At
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
	ActorName string
	// ActorContains: the actor's name holds this text, in any case (a literal text: no
	// character in it is a wildcard).
	ActorContains string
	Action        string // exact, or a prefix ending in "." (e.g. "case.")
	ObjectType    string
	ObjectID      string
	Outcome       string
	From, To      time.Time
	AfterSeq      int64 // keyset cursor: events with a smaller sequence (newest first)
	Limit         int
}

// AuditNamesVisible reports whether a reader of the trail is shown the objects' names
// (pseudonyms of cases and participants, names of users, facilities, programmes, tokens)
// beside their ids: an auditor reading the whole trail, which no scope narrows (the role is
// granted only globally, migration 00653). Anyone else given the trail would see ids only.
func AuditNamesVisible(p *Principal) bool {
	if p == nil || p.ActingRole != RoleAuditor {
		return false
	}
	for _, s := range p.Scopes(RoleAuditor) {
		if s.Kind == ScopeGlobal {
			return true
		}
	}
	return false
}

// AuditExportPage is how many events an export reads at a time: an export of any size holds
// one page in memory.
const AuditExportPage = 500

// AuditPages gives an export's events a page at a time, newest first; an empty page is the
// end.
type AuditPages interface {
	Next(ctx context.Context) ([]AuditEvent, error)
}

// AuditStore reads the trail and checks it.
type AuditStore interface {
	ListAudit(ctx context.Context, p *Principal, f AuditFilter) ([]AuditEvent, error)
	// ExportAudit records the export (who, which filter) in the trail, then gives every event
	// the filter selects, up to the chain's head at that moment, page by page.
	ExportAudit(ctx context.Context, p *Principal, f AuditFilter) (AuditPages, error)
	// VerifyAudit seals what has committed, then walks the chain, holding it against the
	// anchors' checkpoints when there are any.
	VerifyAudit(ctx context.Context, p *Principal, a Anchors) (ChainVerdict, error)
}
