package postgres

import (
	"context"
	"errors"
	"slices"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"

	"pathways/domain"
)

// idempotencyTTL: a key is remembered for a day; after that it may be used afresh.
const idempotencyTTL = "24 hours"

// RunOnce implements domain.IdempotencyStore. One transaction holds it all:
//
//  1. One statement takes a transaction-level advisory lock on (actor, key) (a 64-bit hash:
//     no caller can aim a key at another's), without waiting, and looks the key up. A stored
//     answer is replayed (replay: audited, and only while the caller still reaches the cases
//     it is about); a lock held by someone else means a request under the key is running
//     (Conflict, ErrInFlight). The lock goes with the transaction, so a crash or a dropped
//     connection frees it at once.
//  2. work runs in the same transaction (the unit of work).
//  3. Its answer is inserted under the key with the cases the work reached, and the
//     transaction commits: the key exists if and only if the work did.
//
// The look-up's snapshot is taken before the lock is granted, so a request that committed
// in between is missed there; its key row is not, by the insert, which then finds it and
// rolls this one back, and the caller gets the first answer.
func (db *DB) RunOnce(ctx context.Context, r domain.IdempotentRequest,
	work func(ctx context.Context) (domain.IdempotentResponse, bool, error)) (replay *domain.IdempotentResponse, err error) {
	if unitOf(ctx) != nil {
		return nil, domain.Internal(errors.New("RunOnce inside a unit of work"))
	}
	u := &unit{}
	// Refusals recorded during the work are written after the unit has ended (this runs
	// after the deferred rollback below has given its connection back).
	defer func() {
		if aerr := db.writeRefusals(context.WithoutCancel(ctx), u.refusals); aerr != nil && err == nil {
			replay, err = nil, aerr
		}
	}()
	tx, err := db.pool.Begin(ctx)
	if err != nil {
		return nil, translate(err)
	}
	u.tx = tx
	defer tx.Rollback(context.WithoutCancel(ctx)) //nolint:errcheck // no-op after commit

	facts, err := lookUpKey(ctx, u, r)
	if err != nil {
		return nil, err
	}
	switch domain.DecideKey(facts) {
	case domain.KeyReplay:
		return db.replayInUnit(ctx, u, r, *facts.Stored)
	case domain.KeyInFlight:
		return nil, inFlight()
	}
	answer, keep, err := work(withUnit(ctx, u))
	if err != nil || !keep {
		if u.commitRefused {
			if cerr := tx.Commit(ctx); cerr != nil {
				return nil, translate(cerr)
			}
		}
		return nil, err
	}
	kept, err := keepAnswer(ctx, tx, r, answer, u.cases)
	if err != nil {
		return nil, err
	}
	if !kept {
		// Another request under the key committed after this one's look-up: this one's work
		// is undone, and the first answer stands.
		_ = tx.Rollback(context.WithoutCancel(ctx))
		return db.storedAnswer(ctx, r)
	}
	return nil, commitKept(ctx, tx)
}

// lookUpKey takes the transaction-level advisory lock on r's (actor, key) without waiting and
// reads the answer stored under the key, in one statement that shares its round trip with
// the savepoint for the work's first store call, inside u's transaction.
func lookUpKey(ctx context.Context, u *unit, r domain.IdempotentRequest) (domain.KeyFacts, error) {
	var f domain.KeyFacts
	var stored storedKey
	u.ready = u.nextSavepoint()
	b := &pgx.Batch{}
	b.Queue(`SELECT l.got, k.method, k.path, k.body_hash, k.status, k.response, k.case_ids::text[]
		FROM (SELECT pg_try_advisory_xact_lock(hashtextextended('idempotency' || E'\n' || $1 || E'\n' || $2, 0)) AS got) l
		LEFT JOIN idempotency_keys k ON k.actor = $1 AND k.key = $2 AND k.created_at > now() - $3::interval`,
		r.Actor, r.Key, idempotencyTTL).QueryRow(func(row pgx.Row) error {
		return row.Scan(&f.Locked, &stored.method, &stored.path, &stored.bodyHash, &stored.status, &stored.response, &stored.cases)
	})
	b.Queue("SAVEPOINT " + u.ready)
	if err := u.tx.SendBatch(ctx, b).Close(); err != nil {
		return f, translate(err)
	}
	f.Stored = stored.stored()
	return f, nil
}

// replayInUnit gives back the stored answer inside u's transaction and commits it (the
// replay's audit); a refusal is kept for writing once the unit has ended.
func (db *DB) replayInUnit(ctx context.Context, u *unit, r domain.IdempotentRequest, s domain.StoredAnswer) (*domain.IdempotentResponse, error) {
	answer, err := db.replay(ctx, u.tx, r, s)
	var refused *refusal
	if errors.As(err, &refused) {
		u.refusals = append(u.refusals, refused.ev)
	}
	if err != nil {
		return nil, err
	}
	if err := u.tx.Commit(ctx); err != nil {
		return nil, translate(err)
	}
	return answer, nil
}

// keepAnswer inserts the work's answer under r's key with the cases the work reached, inside
// tx (over a key row past its lifetime). False when a live row under the key is already
// there: another request under the key committed after this one's look-up.
func keepAnswer(ctx context.Context, tx pgx.Tx, r domain.IdempotentRequest, answer domain.IdempotentResponse, cases []string) (bool, error) {
	if cases == nil {
		cases = []string{}
	}
	tag, err := tx.Exec(ctx, `INSERT INTO idempotency_keys (actor, key, method, path, body_hash, status, response, case_ids)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $9::uuid[])
		ON CONFLICT (actor, key) DO UPDATE SET method = EXCLUDED.method, path = EXCLUDED.path, body_hash = EXCLUDED.body_hash,
			status = EXCLUDED.status, response = EXCLUDED.response, case_ids = EXCLUDED.case_ids, created_at = now()
		WHERE idempotency_keys.created_at <= now() - $8::interval`,
		r.Actor, r.Key, r.Method, r.Path, r.BodyHash, answer.Status, answer.Body, idempotencyTTL, cases)
	if err != nil {
		return false, translate(err)
	}
	return tag.RowsAffected() > 0, nil
}

// commitKept commits the work with its key. A failure the database explains is translated;
// any other (the connection lost on the way) is Unavailable, since the outcome is unknown
// until the request is sent again under its key.
func commitKept(ctx context.Context, tx pgx.Tx) error {
	err := tx.Commit(ctx)
	if err == nil {
		return nil
	}
	var pe *pgconn.PgError
	if errors.As(err, &pe) {
		return translate(err)
	}
	return &domain.Error{Code: domain.CodeUnavailable, Err: err,
		Message: "the database did not confirm the write: send the request again with the same Idempotency-Key to learn whether it was done"}
}

// storedKey is a key row as read, every column nil when there is none.
type storedKey struct {
	method, path *string
	bodyHash     []byte
	status       *int
	response     []byte
	cases        []string // the cases the answer is about
}

// stored is the row's answer, nil when there is no row.
func (k storedKey) stored() *domain.StoredAnswer {
	if k.method == nil {
		return nil
	}
	return &domain.StoredAnswer{Method: *k.method, Path: *k.path, BodyHash: k.bodyHash,
		Response: domain.IdempotentResponse{Status: *k.status, Body: k.response}, Cases: k.cases}
}

// replay gives back the stored answer for a retry of the same request, inside tx: only to a
// caller who still reaches every case the answer is about (else that case's NotFound, a
// refusal audited as denied: an answer must not outlive the access it was given under), and
// audited as a replay naming those cases (or the request, for an answer about none).
func (db *DB) replay(ctx context.Context, tx pgx.Tx, r domain.IdempotentRequest, k domain.StoredAnswer) (*domain.IdempotentResponse, error) {
	answer, err := k.ReplayFor(r)
	if err != nil {
		return nil, err
	}
	p := r.Principal
	if p == nil {
		p = &domain.Principal{} // reaches no case
	}
	kv := map[string]any{"method": r.Method, "path": r.Path}
	if len(k.Cases) == 0 {
		ev := domain.NewAuditEvent(p, "request.replay", "request", "", domain.OutcomeSuccess)
		ev.Details = details(kv)
		return answer, db.appendAudit(ctx, tx, ev)
	}
	args := []any{k.Cases}
	rows, err := tx.Query(ctx, "SELECT c.id, c.country, c.facility_id FROM cases c WHERE c.id = ANY($1::uuid[]) AND "+caseScope(p, &args), args...)
	if err != nil {
		return nil, err
	}
	refs, err := pgx.CollectRows(rows, func(row pgx.CollectableRow) (c caseRef, err error) {
		err = row.Scan(&c.ID, &c.Country, &c.FacilityID)
		return c, err
	})
	if err != nil {
		return nil, err
	}
	for _, id := range k.Cases {
		if !slices.ContainsFunc(refs, func(c caseRef) bool { return c.ID == id }) {
			return nil, refuse(p, "case.replay", "case", id, domain.NotFound("case"),
				map[string]any{"method": r.Method, "path": r.Path, "reason": "out_of_scope"})
		}
	}
	for _, c := range refs {
		if err := db.auditCase(ctx, tx, p, "case.replay", c, kv); err != nil {
			return nil, err
		}
	}
	return answer, nil
}

// storedAnswer replays the committed answer under r's key, in a transaction of its own.
func (db *DB) storedAnswer(ctx context.Context, r domain.IdempotentRequest) (*domain.IdempotentResponse, error) {
	var answer *domain.IdempotentResponse
	err := db.tx(ctx, func(tx pgx.Tx) error {
		var k storedKey
		err := tx.QueryRow(ctx, `SELECT method, path, body_hash, status, response, case_ids::text[] FROM idempotency_keys
			WHERE actor = $1 AND key = $2 AND created_at > now() - $3::interval`, r.Actor, r.Key, idempotencyTTL).
			Scan(&k.method, &k.path, &k.bodyHash, &k.status, &k.response, &k.cases)
		if errors.Is(err, pgx.ErrNoRows) {
			return inFlight()
		} else if err != nil {
			return err
		}
		answer, err = db.replay(ctx, tx, r, *k.stored())
		return err
	})
	return answer, err
}

func inFlight() error {
	return &domain.Error{Code: domain.CodeConflict, Err: domain.ErrInFlight,
		Message: "a request with this Idempotency-Key is still being processed: ask again shortly"}
}

// ForgetIdempotencyKeys deletes the keys older than a day, with the answers kept under them
// (answers hold case data, which is kept no longer than it serves), and says how many.
func (db *DB) ForgetIdempotencyKeys(ctx context.Context) (int64, error) {
	tag, err := db.pool.Exec(ctx, "DELETE FROM idempotency_keys WHERE created_at <= now() - $1::interval", idempotencyTTL)
	if err != nil {
		return 0, translate(err)
	}
	return tag.RowsAffected(), nil
}
