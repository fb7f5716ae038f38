package api

import (
	"encoding/hex"
	"encoding/json"
	"fmt"
	"strconv"
	"time"

	"github.com/gofiber/fiber/v2"

	"pathways/domain"
)

type auditEventResponse struct {
	Seq        int64           `json:"seq"`
	At         time.Time       `json:"at"`
	ActorID    string          `json:"actor_id"`
	ActorName  string          `json:"actor_name"`
	Role       string          `json:"role"`
	Scope      string          `json:"scope"`
	Action     string          `json:"action"`
	ObjectType string          `json:"object_type"`
	ObjectID   string          `json:"object_id"`
	Outcome    string          `json:"outcome"`
	RequestID  string          `json:"request_id"`
	IP         string          `json:"ip"`
	Details    json.RawMessage `json:"details"`
	Hash       string          `json:"hash"`
	// ObjectName: the object's pseudonym (case, participant) or name (user, facility,
	// programme, token) as it is now, for auditors; empty when there is none.
	ObjectName string `json:"object_name,omitempty"`
}

type auditQuery struct {
	Actor string `query:"actor" validate:"max=200"`
	// ActorContains: part of the actor's name, in any case.
	ActorContains string `query:"actor_contains" validate:"max=200"`
	// Format csv (or an Accept header asking for text/csv) downloads every event the filter
	// selects, as CSV, instead of one page.
	Format     string `query:"format" validate:"omitempty,oneof=json csv"`
	Action     string `query:"action" validate:"max=100"`
	ObjectType string `query:"object_type" validate:"max=100"`
	ObjectID   string `query:"object_id" validate:"max=200"`
	Outcome    string `query:"outcome" validate:"omitempty,oneof=success failure denied"`
	From       string `query:"from" validate:"omitempty,datetime=2006-01-02"`
	To         string `query:"to" validate:"omitempty,datetime=2006-01-02"`
	Cursor     string `query:"cursor" validate:"omitempty,numeric"`
	Limit      int    `query:"limit" validate:"omitempty,gte=1,lte=500"`
}

func (s *Server) listAudit(c *fiber.Ctx) error {
	var q auditQuery
	if err := c.QueryParser(&q); err != nil {
		return domain.Errorf(domain.CodeMalformed, "the query string could not be read: %v", err)
	}
	if err := s.check(q); err != nil {
		return err
	}
	f := domain.AuditFilter{ActorName: q.Actor, ActorContains: q.ActorContains, Action: q.Action, ObjectType: q.ObjectType,
		ObjectID: q.ObjectID, Outcome: q.Outcome, Limit: q.Limit}
	if q.From != "" {
		f.From = parseDate(q.From)
	}
	if q.To != "" {
		f.To = parseDate(q.To).AddDate(0, 0, 1) // "to" is inclusive of its whole day
	}
	if q.Cursor != "" {
		// "numeric" lets a sign, a decimal point and any length through; a cursor is a
		// sequence number, and anything else is refused, not read as the first page.
		seq, err := strconv.ParseInt(q.Cursor, 10, 64)
		if err != nil || seq < 0 {
			return domain.Invalid(domain.FieldProblem{Field: "cursor", Reason: "invalid", Detail: "use the next_cursor of a previous answer"})
		}
		f.AfterSeq = seq
	}
	if q.Format == "csv" || (q.Format == "" && wantsCSV(c)) {
		return s.exportAudit(c, f)
	}
	events, err := s.store.ListAudit(c.UserContext(), principal(c), f)
	if err != nil {
		return err
	}
	out := make([]auditEventResponse, 0, len(events))
	for _, e := range events {
		out = append(out, auditEventResponse{Seq: e.Seq, At: e.At.UTC(), ActorID: e.ActorID, ActorName: e.ActorName, Role: e.Role, Scope: e.Scope,
			Action: e.Action, ObjectType: e.ObjectType, ObjectID: e.ObjectID, Outcome: e.Outcome, RequestID: e.RequestID, IP: e.IP,
			Details: json.RawMessage(e.Details), Hash: hex.EncodeToString(e.Hash), ObjectName: e.ObjectName})
	}
	limit := f.Limit
	if limit == 0 {
		limit = 100
	}
	var next string
	if len(events) == limit {
		next = strconv.FormatInt(events[len(events)-1].Seq, 10)
	}
	return c.JSON(pageOf(out, next))
}

type verifyResponse struct {
	OK       bool   `json:"ok"`
	Checked  int64  `json:"checked"`
	BrokenAt int64  `json:"broken_at,omitempty"`
	Problem  string `json:"problem,omitempty"`
	// Head is the hash of the chain's last event: kept elsewhere, it shows a later rewrite.
	Head string `json:"head"`
	// CheckpointsConfigured says whether the chain was held against signed checkpoints kept
	// outside the database; Checkpoints how many matched it, Anchored the highest event
	// they vouch for and AnchoredAt when that one was signed.
	CheckpointsConfigured bool       `json:"checkpoints_configured"`
	Checkpoints           int        `json:"checkpoints"`
	Anchored              int64      `json:"anchored,omitempty"`
	AnchoredAt            *time.Time `json:"anchored_at,omitempty"`
}

func (s *Server) verifyAudit(c *fiber.Ctx) error {
	var anchors domain.Anchors
	if s.cfg.Checkpoints != nil {
		cps, err := s.cfg.Checkpoints.List(c.UserContext(), 0, 0)
		if err != nil {
			return &domain.Error{Code: domain.CodeUnavailable, Message: "the audit checkpoints cannot be read", Err: err}
		}
		anchors = domain.Anchors{Checkpoints: cps, Keys: s.cfg.CheckpointKeys}
	}
	v, err := s.store.VerifyAudit(c.UserContext(), principal(c), anchors)
	if err != nil {
		return err
	}
	out := verifyResponse{OK: v.OK, Checked: v.Checked, BrokenAt: v.BrokenAt, Problem: v.Problem, Head: hex.EncodeToString(v.Head),
		CheckpointsConfigured: s.cfg.Checkpoints != nil, Checkpoints: v.Checkpoints, Anchored: v.Anchored}
	if v.Anchored > 0 {
		at := v.AnchoredAt.UTC()
		out.AnchoredAt = &at
	}
	return c.JSON(out)
}

// checkpointResponse is one stored checkpoint. Document is the stored text itself: an
// auditor can check its signature with any Ed25519 tool (it covers every line before the
// signature line) against a public key they hold, rather than take Trusted on our word.
type checkpointResponse struct {
	Name      string     `json:"name"`
	Seq       int64      `json:"seq"`
	Head      string     `json:"head"`
	At        *time.Time `json:"at,omitempty"`
	Key       string     `json:"key"`
	Signature string     `json:"signature"`
	Trusted   bool       `json:"trusted"`
	Problem   string     `json:"problem,omitempty"`
	Document  string     `json:"document,omitempty"`
}

// checkpointListResponse is one page of checkpoints, newest first, with what an auditor needs
// to check them: whether checkpoints are kept at all, every interval_seconds, and the public
// keys that sign them. The fields are in the order the answer has always had.
type checkpointListResponse struct {
	Configured      bool                 `json:"configured"`
	IntervalSeconds int64                `json:"interval_seconds"`
	Items           []checkpointResponse `json:"items"`
	NextCursor      string               `json:"next_cursor,omitempty"`
	PublicKeys      []string             `json:"public_keys"`
}

type checkpointQuery struct {
	Cursor string `query:"cursor" validate:"omitempty,numeric,max=19"`
	Limit  int    `query:"limit" validate:"omitempty,gte=1,lte=500"`
}

// listCheckpoints serves the signed checkpoints to auditors, newest first. Reading them is
// audited like reading the trail.
func (s *Server) listCheckpoints(c *fiber.Ctx) error {
	var q checkpointQuery
	if err := c.QueryParser(&q); err != nil {
		return domain.Errorf(domain.CodeMalformed, "the query string could not be read: %v", err)
	}
	if err := s.check(q); err != nil {
		return err
	}
	if q.Limit == 0 {
		q.Limit = 100
	}
	var before int64
	if q.Cursor != "" {
		var err error
		if before, err = strconv.ParseInt(q.Cursor, 10, 64); err != nil {
			return &domain.Error{Code: domain.CodeInvalid, Message: "the query string breaks a rule",
				Fields: []domain.FieldProblem{{Field: "cursor", Reason: "out_of_range", Detail: "not a checkpoint cursor"}}}
		}
	}
	keys := make([]string, 0, len(s.cfg.CheckpointKeys))
	for _, k := range s.cfg.CheckpointKeys {
		keys = append(keys, hex.EncodeToString(k))
	}
	resp := checkpointListResponse{Configured: s.cfg.Checkpoints != nil, PublicKeys: keys,
		IntervalSeconds: int64(s.cfg.CheckpointInterval / time.Second)}
	items := []checkpointResponse{}
	if s.cfg.Checkpoints != nil {
		cps, err := s.cfg.Checkpoints.List(c.UserContext(), before, q.Limit)
		if err != nil {
			return &domain.Error{Code: domain.CodeUnavailable, Message: "the audit checkpoints cannot be read", Err: err}
		}
		for _, cp := range cps {
			r := checkpointResponse{Name: cp.Name, Seq: cp.Seq, Head: hex.EncodeToString(cp.Head), Key: hex.EncodeToString(cp.Key),
				Signature: hex.EncodeToString(cp.Signature)}
			if !cp.At.IsZero() {
				at := cp.At.UTC()
				r.At = &at
			}
			if err := cp.Verify(s.cfg.CheckpointKeys); err != nil {
				r.Problem = err.Error()
			} else {
				r.Trusted = true
			}
			if cp.Fault == "" {
				r.Document = string(cp.Encode())
			}
			items = append(items, r)
		}
		if len(cps) == q.Limit && cps[len(cps)-1].Seq > 1 {
			resp.NextCursor = strconv.FormatInt(cps[len(cps)-1].Seq, 10)
		}
	}
	resp.Items = items
	ev := domain.NewAuditEvent(principal(c), "audit.checkpoints", "audit", "", domain.OutcomeSuccess)
	ev.Details = fmt.Sprintf(`{"returned":%d}`, len(items))
	if err := s.store.Audit(c.UserContext(), ev); err != nil {
		return err
	}
	return c.JSON(resp)
}

func itoa(i int) string { return strconv.Itoa(i) }
