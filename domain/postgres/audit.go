package postgres

import (
	"context"
	"encoding/json"
	"strconv"
	"strings"

	"github.com/jackc/pgx/v5"

	"pathways/domain"
)

// details encodes audit details; a map keeps the wording of each call site short.
func details(kv map[string]any) string {
	if len(kv) == 0 {
		return "{}"
	}
	b, err := json.Marshal(kv)
	if err != nil {
		return "{}"
	}
	return string(b)
}

// appendAudit chains ev after the last event and inserts it, inside tx, in one statement:
// the head row's update takes its lock (held to commit, so appends stay in order and
// gapless) and yields the new sequence number and both hashes, which PostgreSQL computes
// exactly as domain.AuditEvent.ChainHash does, from the content Go encoded. Callers make it
// their transaction's last statement, so the lock is held briefly.
func (db *DB) appendAudit(ctx context.Context, tx pgx.Tx, ev domain.AuditEvent) error {
	ev.At = db.now()
	if ev.Details == "" {
		ev.Details = "{}"
	}
	_, err := tx.Exec(ctx, `WITH head AS (
			UPDATE audit_head SET seq = seq + 1, prev_hash = hash,
				hash = sha256(int8send(octet_length(hash)) || hash
					|| int8send(octet_length((seq + 1)::text)) || convert_to((seq + 1)::text, 'UTF8') || $1::bytea)
			RETURNING seq, prev_hash, hash)
		INSERT INTO audit_events
			(seq, at, actor_id, actor_name, role, scope, action, object_type, object_id, outcome, request_id, ip, details, prev_hash, hash)
		SELECT head.seq, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, head.prev_hash, head.hash FROM head`,
		ev.Content(), ev.At, ev.ActorID, ev.ActorName, ev.Role, ev.Scope, ev.Action, ev.ObjectType, ev.ObjectID,
		ev.Outcome, ev.RequestID, ev.IP, ev.Details)
	return err
}

// Audit writes a standalone event (a denied request, say) in its own transaction.
func (db *DB) Audit(ctx context.Context, ev domain.AuditEvent) error {
	return db.tx(ctx, func(tx pgx.Tx) error { return db.appendAudit(ctx, tx, ev) })
}

const auditColumns = `seq, at, actor_id, actor_name, role, scope, action, object_type, object_id, outcome, request_id, ip, details, prev_hash, hash`

func scanAudit(row pgx.Row, e *domain.AuditEvent) error {
	err := row.Scan(&e.Seq, &e.At, &e.ActorID, &e.ActorName, &e.Role, &e.Scope, &e.Action, &e.ObjectType,
		&e.ObjectID, &e.Outcome, &e.RequestID, &e.IP, &e.Details, &e.PrevHash, &e.Hash)
	e.At = e.At.UTC()
	return err
}

// ListAudit lists events newest first. Reading the trail is itself audited.
func (db *DB) ListAudit(ctx context.Context, p *domain.Principal, f domain.AuditFilter) ([]domain.AuditEvent, error) {
	if f.Limit <= 0 || f.Limit > 500 {
		f.Limit = 100
	}
	var where []string
	var args []any
	arg := func(v any) string {
		args = append(args, v)
		return "$" + strconv.Itoa(len(args))
	}
	if f.ActorName != "" {
		where = append(where, "actor_name = "+arg(f.ActorName))
	}
	if f.Action != "" {
		if strings.HasSuffix(f.Action, ".") {
			where = append(where, "starts_with(action, "+arg(f.Action)+")")
		} else {
			where = append(where, "action = "+arg(f.Action))
		}
	}
	if f.ObjectType != "" {
		where = append(where, "object_type = "+arg(f.ObjectType))
	}
	if f.ObjectID != "" {
		where = append(where, "object_id = "+arg(f.ObjectID))
	}
	if f.Outcome != "" {
		where = append(where, "outcome = "+arg(f.Outcome))
	}
	if !f.From.IsZero() {
		where = append(where, "at >= "+arg(f.From))
	}
	if !f.To.IsZero() {
		where = append(where, "at < "+arg(f.To))
	}
	if f.AfterSeq > 0 {
		where = append(where, "seq < "+arg(f.AfterSeq))
	}
	q := "SELECT " + auditColumns + " FROM audit_events"
	if len(where) > 0 {
		q += " WHERE " + strings.Join(where, " AND ")
	}
	q += " ORDER BY seq DESC LIMIT " + arg(f.Limit)
	var out []domain.AuditEvent
	err := db.tx(ctx, func(tx pgx.Tx) error {
		rows, err := tx.Query(ctx, q, args...)
		if err != nil {
			return err
		}
		for rows.Next() {
			var e domain.AuditEvent
			if err := scanAudit(rows, &e); err != nil {
				return err
			}
			out = append(out, e)
		}
		if err := rows.Err(); err != nil {
			return err
		}
		ev := domain.NewAuditEvent(p, "audit.list", "audit", "", domain.OutcomeSuccess)
		ev.Details = details(map[string]any{"returned": len(out)})
		return db.appendAudit(ctx, tx, ev)
	})
	return out, err
}

// VerifyAudit walks the whole chain in order, streaming rows, and reports the first broken
// link. principal may be nil for the command line, which is not audited.
func (db *DB) VerifyAudit(ctx context.Context, p *domain.Principal) (domain.ChainVerdict, error) {
	checker := domain.NewChainChecker()
	err := db.tx(ctx, func(tx pgx.Tx) error {
		// One snapshot for the whole walk, so concurrent appends do not confuse it.
		if _, err := tx.Exec(ctx, "SET TRANSACTION ISOLATION LEVEL REPEATABLE READ"); err != nil {
			return err
		}
		rows, err := tx.Query(ctx, "SELECT "+auditColumns+" FROM audit_events ORDER BY seq")
		if err != nil {
			return err
		}
		defer rows.Close()
		var e domain.AuditEvent
		for rows.Next() {
			if err := scanAudit(rows, &e); err != nil {
				return err
			}
			if !checker.Add(&e) {
				break
			}
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return err
		}
		// The chain cannot show events cut off its end; the head, written with every
		// append, can.
		var headSeq int64
		var headHash []byte
		if err := tx.QueryRow(ctx, "SELECT seq, hash FROM audit_head").Scan(&headSeq, &headHash); err != nil {
			return err
		}
		checker.End(headSeq, headHash)
		return nil
	})
	if err != nil {
		return domain.ChainVerdict{}, err
	}
	v := checker.Verdict()
	if p != nil {
		ev := domain.NewAuditEvent(p, "audit.verify", "audit", "", domain.OutcomeSuccess)
		ev.Details = details(map[string]any{"ok": v.OK, "checked": v.Checked, "broken_at": v.BrokenAt})
		if err := db.Audit(ctx, ev); err != nil {
			return v, err
		}
	}
	return v, nil
}
