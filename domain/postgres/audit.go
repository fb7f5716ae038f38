package postgres

import (
	"context"
	"encoding/hex"
	"encoding/json"
	"errors"
	"strconv"
	"strings"
	"time"

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

// appendAudit inserts ev inside tx. It takes no lock and waits for nobody: the event is
// protected at once by the append-only triggers, and SealAudit gives it its place in the
// hash chain once its transaction has committed.
func (db *DB) appendAudit(ctx context.Context, tx pgx.Tx, ev domain.AuditEvent) error {
	args := db.auditArgs(&ev)
	_, err := tx.Exec(ctx, "INSERT INTO audit_events "+auditInsertColumns+" VALUES "+auditPlaceholders(1), args...)
	return err
}

// auditInsertColumns and auditPlaceholders let a statement insert its audit event in a
// data-modifying CTE, so a read and its audit row can be one statement.
const auditInsertColumns = `(at, actor_id, actor_name, role, scope, action, object_type, object_id, outcome, request_id, ip, details)`

func auditPlaceholders(first int) string {
	var b strings.Builder
	b.WriteString("(")
	for i := 0; i < 12; i++ {
		if i > 0 {
			b.WriteString(", ")
		}
		b.WriteString("$" + strconv.Itoa(first+i))
	}
	b.WriteString(")")
	return b.String()
}

// auditArgs stamps ev with the time and returns its values in auditInsertColumns order.
func (db *DB) auditArgs(ev *domain.AuditEvent) []any {
	ev.At = db.now()
	if ev.Details == "" {
		ev.Details = "{}"
	}
	return []any{ev.At, ev.ActorID, ev.ActorName, ev.Role, ev.Scope, ev.Action, ev.ObjectType, ev.ObjectID,
		ev.Outcome, ev.RequestID, ev.IP, ev.Details}
}

// sealBatch is how many events one sealing statement takes at most.
const sealBatch = 5000

// SealAudit chains every committed event not yet in the chain, in the order of their ids,
// and returns how many it sealed. The server runs it a few times a second; listing and
// verifying run it first. Sealers on several servers take turns on the chain's head row.
//
// Which events are due: all events of transactions from audit_head.low_tx on that are not
// in the chain yet and are visible (committed). After a pass that saw everything due, low_tx
// moves to the oldest transaction still running when that pass looked, since every older
// transaction has finished and its events were in what the pass saw. An event committed
// later by a transaction running then is found by the next pass, so none is missed, and the
// chain's unique event_id means none is sealed twice.
func (db *DB) SealAudit(ctx context.Context) (int, error) {
	total := 0
	for {
		n, more, err := db.sealOnce(ctx)
		total += n
		if err != nil || !more {
			return total, err
		}
	}
}

// sealOnce runs one pass of the sealer (SealAudit) in a transaction of its own: the head
// locked, the events due read, linked by domain.PlanSeal, and written with the new head.
func (db *DB) sealOnce(ctx context.Context) (sealed int, more bool, err error) {
	err = db.tx(ctx, func(tx pgx.Tx) error {
		var seq int64
		var prev []byte
		var lowTx string
		if err := tx.QueryRow(ctx, "SELECT seq, hash, low_tx::text FROM audit_head FOR UPDATE").Scan(&seq, &prev, &lowTx); err != nil {
			return err
		}
		xmin, due, err := loadDueEvents(ctx, tx, lowTx)
		if err != nil {
			return err
		}
		pass := domain.PlanSeal(seq, prev, due, sealBatch)
		if len(pass.Links) > 0 {
			rows := make([][]any, len(pass.Links))
			for i, l := range pass.Links {
				rows[i] = []any{l.Seq, l.EventID, l.PrevHash, l.Hash}
			}
			if _, err := tx.CopyFrom(ctx, pgx.Identifier{"audit_chain"}, []string{"seq", "event_id", "prev_hash", "hash"}, pgx.CopyFromRows(rows)); err != nil {
				return err
			}
		}
		sealed, more = len(pass.Links), pass.More
		if !more {
			lowTx = xmin
		}
		// The marks only move forward (the database refuses otherwise: migration 00540): a
		// snapshot's oldest running transaction can be older than the mark when a long
		// transaction elsewhere holds it back, and moving back would offer sealed events for
		// sealing again. last_at is the latest date sealed, before which no event may be
		// dated from now on.
		_, err = tx.Exec(ctx, `UPDATE audit_head SET seq = $1, hash = $2, prev_hash = coalesce($3, prev_hash),
			low_tx = greatest(low_tx, $4::xid8), last_at = greatest(last_at, $5)`, pass.Seq, pass.Hash, pass.PrevHash, lowTx, pass.LastAt)
		return err
	})
	return sealed, more, err
}

// loadDueEvents reads, inside tx, the events due for sealing (of transactions from lowTx on,
// committed, not in the chain yet; at most sealBatch, in id order) and the oldest
// transaction still running, in the same statement, so from the same snapshot.
func loadDueEvents(ctx context.Context, tx pgx.Tx, lowTx string) (xmin string, due []domain.DueEvent, err error) {
	rows, err := tx.Query(ctx, `SELECT s.xmin::text, e.id, e.at, e.actor_id, e.actor_name, e.role, e.scope, e.action,
			e.object_type, e.object_id, e.outcome, e.request_id, e.ip, e.details
		FROM (SELECT pg_snapshot_xmin(pg_current_snapshot()) AS xmin) s
		LEFT JOIN LATERAL (SELECT * FROM audit_events e
			WHERE e.txid >= $1::xid8 AND NOT EXISTS (SELECT 1 FROM audit_chain c WHERE c.event_id = e.id)
			ORDER BY e.id LIMIT $2) e ON true`, lowTx, sealBatch)
	if err != nil {
		return "", nil, err
	}
	defer rows.Close()
	for rows.Next() {
		var id *int64
		var at *time.Time
		var f [11]*string
		if err := rows.Scan(&xmin, &id, &at, &f[0], &f[1], &f[2], &f[3], &f[4], &f[5], &f[6], &f[7], &f[8], &f[9], &f[10]); err != nil {
			return "", nil, err
		}
		if id == nil {
			continue // nothing due: the lateral join yielded no event
		}
		due = append(due, domain.DueEvent{ID: *id, Event: domain.AuditEvent{At: at.UTC(), ActorID: *f[0], ActorName: *f[1], Role: *f[2],
			Scope: *f[3], Action: *f[4], ObjectType: *f[5], ObjectID: *f[6], Outcome: *f[7], RequestID: *f[8], IP: *f[9], Details: *f[10]}})
	}
	return xmin, due, rows.Err()
}

// Audit writes a standalone event (a denied request, say) in its own transaction, so that
// it stays on record whatever becomes of the request. Inside a unit of work it is written
// as soon as the unit has ended, committed or rolled back (RunOnce).
func (db *DB) Audit(ctx context.Context, ev domain.AuditEvent) error {
	if u := unitOf(ctx); u != nil {
		u.refusals = append(u.refusals, ev)
		return nil
	}
	return db.tx(ctx, func(tx pgx.Tx) error { return db.appendAudit(ctx, tx, ev) })
}

// auditColumns and auditFrom read sealed events: the chain's place and hashes with the
// event's content.
const auditColumns = `c.seq, e.at, e.actor_id, e.actor_name, e.role, e.scope, e.action, e.object_type, e.object_id, e.outcome,
	e.request_id, e.ip, e.details, c.prev_hash, c.hash`

const auditFrom = ` FROM audit_chain c JOIN audit_events e ON e.id = c.event_id`

func scanAudit(row pgx.Row, e *domain.AuditEvent) error {
	err := row.Scan(&e.Seq, &e.At, &e.ActorID, &e.ActorName, &e.Role, &e.Scope, &e.Action, &e.ObjectType,
		&e.ObjectID, &e.Outcome, &e.RequestID, &e.IP, &e.Details, &e.PrevHash, &e.Hash)
	e.At = e.At.UTC()
	return err
}

// auditSelect builds the listing query for a filter: events newest first, the filter's
// conditions as parameters, and each object's current name where names is set (one
// statement: a subquery per named object type, run only for ids shaped like a UUID). upTo,
// when positive, bounds the events to the chain as it stood when an export began.
func auditSelect(f domain.AuditFilter, names bool, upTo int64) (string, []any) {
	var where []string
	var args []any
	arg := func(v any) string {
		args = append(args, v)
		return "$" + strconv.Itoa(len(args))
	}
	if f.ActorName != "" {
		where = append(where, "actor_name = "+arg(f.ActorName))
	}
	if f.ActorContains != "" {
		// strpos, not LIKE: the searched text is taken literally, '%' and '_' included.
		where = append(where, "strpos(lower(e.actor_name), lower("+arg(f.ActorContains)+")) > 0")
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
		where = append(where, "c.seq < "+arg(f.AfterSeq))
	}
	if upTo > 0 {
		where = append(where, "c.seq <= "+arg(upTo))
	}
	q := "SELECT " + auditColumns + ", " + objectName + " AS object_name" + auditFrom
	args = append(args, names) // $1 of objectName is appended last: see objectNameArg
	q = strings.ReplaceAll(q, objectNameArg, "$"+strconv.Itoa(len(args)))
	if len(where) > 0 {
		q += " WHERE " + strings.Join(where, " AND ")
	}
	q += " ORDER BY c.seq DESC LIMIT " + arg(f.Limit)
	return q, args
}

// objectName is the current name of an event's object, or ” (objectNameArg: whether names
// are shown at all).
const objectNameArg = "$NAMES"

const objectName = `coalesce(CASE WHEN $NAMES AND e.object_id ~* '^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$' THEN
	CASE e.object_type
		WHEN 'case' THEN (SELECT pp.pseudonym FROM cases k JOIN participants pp ON pp.id = k.participant_id WHERE k.id = e.object_id::uuid)
		WHEN 'participant' THEN (SELECT pseudonym FROM participants WHERE id = e.object_id::uuid)
		WHEN 'user' THEN (SELECT username FROM users WHERE id = e.object_id::uuid)
		WHEN 'facility' THEN (SELECT name FROM facilities WHERE id = e.object_id::uuid)
		WHEN 'programme' THEN (SELECT name FROM programmes WHERE id = e.object_id::uuid)
		WHEN 'api_token' THEN (SELECT name FROM api_tokens WHERE id = e.object_id::uuid)
	END END, '')`

func scanAuditNamed(rows pgx.CollectableRow) (domain.AuditEvent, error) {
	var e domain.AuditEvent
	err := rows.Scan(&e.Seq, &e.At, &e.ActorID, &e.ActorName, &e.Role, &e.Scope, &e.Action, &e.ObjectType,
		&e.ObjectID, &e.Outcome, &e.RequestID, &e.IP, &e.Details, &e.PrevHash, &e.Hash, &e.ObjectName)
	e.At = e.At.UTC()
	return e, err
}

func readAudit(ctx context.Context, tx pgx.Tx, q string, args []any) ([]domain.AuditEvent, error) {
	rows, err := tx.Query(ctx, q, args...)
	if err != nil {
		return nil, err
	}
	return pgx.CollectRows(rows, scanAuditNamed)
}

// ListAudit lists events newest first, with their objects' names where the reader may see
// them (domain.AuditNamesVisible). Reading the trail is itself audited.
func (db *DB) ListAudit(ctx context.Context, p *domain.Principal, f domain.AuditFilter) ([]domain.AuditEvent, error) {
	if f.Limit <= 0 || f.Limit > 500 {
		f.Limit = 100
	}
	// Seal first, so the listing shows everything committed up to now.
	if _, err := db.SealAudit(ctx); err != nil {
		return nil, err
	}
	q, args := auditSelect(f, domain.AuditNamesVisible(p), 0)
	var out []domain.AuditEvent
	err := db.tx(ctx, func(tx pgx.Tx) (err error) {
		if out, err = readAudit(ctx, tx, q, args); err != nil {
			return err
		}
		ev := domain.NewAuditEvent(p, "audit.list", "audit", "", domain.OutcomeSuccess)
		ev.Details = details(map[string]any{"returned": len(out)})
		return db.appendAudit(ctx, tx, ev)
	})
	return out, err
}

// ExportAudit records an export of the trail (with its filter, and the chain's head it
// covers) and returns its pages. The event is committed before the first page is read, so
// an export is on record even when its download is cut off.
func (db *DB) ExportAudit(ctx context.Context, p *domain.Principal, f domain.AuditFilter) (domain.AuditPages, error) {
	if _, err := db.SealAudit(ctx); err != nil {
		return nil, err
	}
	x := &auditExport{db: db, f: f, names: domain.AuditNamesVisible(p)}
	x.f.Limit = domain.AuditExportPage
	err := db.tx(ctx, func(tx pgx.Tx) error {
		if err := tx.QueryRow(ctx, "SELECT seq FROM audit_head").Scan(&x.upTo); err != nil {
			return err
		}
		ev := domain.NewAuditEvent(p, "audit.export", "audit", "", domain.OutcomeSuccess)
		filter := map[string]any{}
		for k, v := range map[string]string{"actor": f.ActorName, "actor_contains": f.ActorContains, "action": f.Action,
			"object_type": f.ObjectType, "object_id": f.ObjectID, "outcome": f.Outcome} {
			if v != "" {
				filter[k] = v
			}
		}
		if !f.From.IsZero() {
			filter["from"] = f.From.UTC()
		}
		if f.AfterSeq > 0 {
			// An export from a cursor leaves out the events at and before it: say so (attack round 6).
			filter["cursor"] = f.AfterSeq
		}
		if !f.To.IsZero() {
			filter["to_before"] = f.To.UTC()
		}
		ev.Details = details(map[string]any{"format": "csv", "filter": filter, "up_to_seq": x.upTo})
		return db.appendAudit(ctx, tx, ev)
	})
	if err != nil {
		return nil, err
	}
	return x, nil
}

// auditExport reads an export's pages by keyset, each in a short transaction of its own.
type auditExport struct {
	db    *DB
	f     domain.AuditFilter
	names bool
	upTo  int64
	done  bool
}

// Next gives the next page of the export, empty when it is done.
func (x *auditExport) Next(ctx context.Context) ([]domain.AuditEvent, error) {
	if x.done || x.upTo == 0 {
		return nil, nil
	}
	q, args := auditSelect(x.f, x.names, x.upTo)
	var out []domain.AuditEvent
	err := x.db.tx(ctx, func(tx pgx.Tx) (err error) {
		out, err = readAudit(ctx, tx, q, args)
		return err
	})
	if err != nil {
		return nil, err
	}
	if len(out) < x.f.Limit {
		x.done = true
	}
	if len(out) > 0 {
		x.f.AfterSeq = out[len(out)-1].Seq
	}
	return out, nil
}

// VerifyAudit walks the whole chain in order, streaming rows, and reports the first broken
// link, holding the chain against the anchors' signed checkpoints when there are any.
// principal may be nil for the command line, which is not audited.
func (db *DB) VerifyAudit(ctx context.Context, p *domain.Principal, a domain.Anchors) (domain.ChainVerdict, error) {
	checker := domain.NewChainChecker()
	checker.Anchor(a)
	// Seal what has committed, so the verdict covers everything up to now.
	if _, err := db.SealAudit(ctx); err != nil {
		return domain.ChainVerdict{}, err
	}
	err := db.tx(ctx, func(tx pgx.Tx) error {
		// One snapshot for the whole walk, so concurrent appends do not confuse it.
		if _, err := tx.Exec(ctx, "SET TRANSACTION ISOLATION LEVEL REPEATABLE READ"); err != nil {
			return err
		}
		if err := walkChain(ctx, tx, checker); err != nil {
			return err
		}
		return checkChainEdges(ctx, tx, checker)
	})
	if err != nil {
		return domain.ChainVerdict{}, err
	}
	v := checker.Verdict()
	if p != nil {
		ev := domain.NewAuditEvent(p, "audit.verify", "audit", "", domain.OutcomeSuccess)
		ev.Details = details(map[string]any{"ok": v.OK, "checked": v.Checked, "broken_at": v.BrokenAt, "head": hex.EncodeToString(v.Head),
			"checkpoints": v.Checkpoints, "anchored": v.Anchored})
		if err := db.Audit(ctx, ev); err != nil {
			return v, err
		}
	}
	return v, nil
}

// walkChain streams the chain in order into checker, inside tx, until the end or the first
// broken link.
func walkChain(ctx context.Context, tx pgx.Tx, checker *domain.ChainChecker) error {
	rows, err := tx.Query(ctx, "SELECT "+auditColumns+auditFrom+" ORDER BY c.seq")
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
	return rows.Err()
}

// checkChainEdges gives checker, inside tx, what the chain itself cannot show: the head
// (written with every append), against events cut off the chain's end, and the first event
// older than the sealer's low-water mark that is not in the chain (its chain entry was taken
// away).
func checkChainEdges(ctx context.Context, tx pgx.Tx, checker *domain.ChainChecker) error {
	var headSeq int64
	var headHash []byte
	var lowTx string
	if err := tx.QueryRow(ctx, "SELECT seq, hash, low_tx::text FROM audit_head").Scan(&headSeq, &headHash, &lowTx); err != nil {
		return err
	}
	checker.End(headSeq, headHash)
	var orphan int64
	err := tx.QueryRow(ctx, `SELECT e.id FROM audit_events e WHERE e.txid < $1::xid8
		AND NOT EXISTS (SELECT 1 FROM audit_chain c WHERE c.event_id = e.id) ORDER BY e.id LIMIT 1`, lowTx).Scan(&orphan)
	if err == nil {
		checker.Outside(orphan)
	} else if !errors.Is(err, pgx.ErrNoRows) {
		return err
	}
	return nil
}

// AuditHead returns the chain's head as the database records it. Callers seal first when
// they want it to cover everything committed.
func (db *DB) AuditHead(ctx context.Context) (domain.ChainHead, error) {
	var h domain.ChainHead
	err := db.pool.QueryRow(ctx, "SELECT seq, hash FROM audit_head").Scan(&h.Seq, &h.Hash)
	return h, translate(err)
}

// AuditHashAt returns the hash the chain holds for event seq, or nil when it holds no such
// event.
func (db *DB) AuditHashAt(ctx context.Context, seq int64) ([]byte, error) {
	var hash []byte
	err := db.pool.QueryRow(ctx, "SELECT hash FROM audit_chain WHERE seq = $1", seq).Scan(&hash)
	if errors.Is(err, pgx.ErrNoRows) {
		return nil, nil
	}
	return hash, translate(err)
}
