package postgres

import (
	"bytes"
	"context"
	"errors"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"

	"pathways/domain"
)

// idempotencyTTL: a key is remembered for a day; after that it may be used afresh.
const idempotencyTTL = "24 hours"

// RunOnce implements domain.IdempotencyStore. One transaction holds it all:
//
//  1. One statement takes a transaction-level advisory lock on (actor, key) (a 64-bit hash:
//     no caller can aim a key at another's), without waiting, and looks the key up. A stored answer is replayed; a lock held by someone
//     else means a request under the key is running (Conflict, ErrInFlight). The lock goes
//     with the transaction, so a crash or a dropped connection frees it at once.
//  2. work runs in the same transaction (the unit of work).
//  3. Its answer is inserted under the key, and the transaction commits: the key exists if
//     and only if the work did.
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

	// The look-up and the savepoint for the work's first store call share a round trip.
	var got bool
	var stored storedKey
	u.ready = u.nextSavepoint()
	b := &pgx.Batch{}
	b.Queue(`SELECT l.got, k.method, k.path, k.body_hash, k.status, k.response
		FROM (SELECT pg_try_advisory_xact_lock(hashtextextended('idempotency' || E'\n' || $1 || E'\n' || $2, 0)) AS got) l
		LEFT JOIN idempotency_keys k ON k.actor = $1 AND k.key = $2 AND k.created_at > now() - $3::interval`,
		r.Actor, r.Key, idempotencyTTL).QueryRow(func(row pgx.Row) error {
		return row.Scan(&got, &stored.method, &stored.path, &stored.bodyHash, &stored.status, &stored.response)
	})
	b.Queue("SAVEPOINT " + u.ready)
	if err := tx.SendBatch(ctx, b).Close(); err != nil {
		return nil, translate(err)
	}
	if stored.method != nil {
		return stored.answer(r)
	}
	if !got {
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
	tag, err := tx.Exec(ctx, `INSERT INTO idempotency_keys (actor, key, method, path, body_hash, status, response)
		VALUES ($1, $2, $3, $4, $5, $6, $7)
		ON CONFLICT (actor, key) DO UPDATE SET method = EXCLUDED.method, path = EXCLUDED.path, body_hash = EXCLUDED.body_hash,
			status = EXCLUDED.status, response = EXCLUDED.response, created_at = now()
		WHERE idempotency_keys.created_at <= now() - $8::interval`,
		r.Actor, r.Key, r.Method, r.Path, r.BodyHash, answer.Status, answer.Body, idempotencyTTL)
	if err != nil {
		return nil, translate(err)
	}
	if tag.RowsAffected() == 0 {
		// Another request under the key committed after this one's look-up: this one's work
		// is undone, and the first answer stands.
		_ = tx.Rollback(context.WithoutCancel(ctx))
		return db.storedAnswer(ctx, r)
	}
	if err := tx.Commit(ctx); err != nil {
		var pe *pgconn.PgError
		if errors.As(err, &pe) {
			return nil, translate(err)
		}
		return nil, &domain.Error{Code: domain.CodeUnavailable, Err: err,
			Message: "the database did not confirm the write: send the request again with the same Idempotency-Key to learn whether it was done"}
	}
	return nil, nil
}

// storedKey is a key row as read, every column nil when there is none.
type storedKey struct {
	method, path *string
	bodyHash     []byte
	status       *int
	response     []byte
}

// answer returns the stored answer for a retry of the same request, or Invalid when the key
// was used for another one.
func (k storedKey) answer(r domain.IdempotentRequest) (*domain.IdempotentResponse, error) {
	if *k.method != r.Method || *k.path != r.Path || !bytes.Equal(k.bodyHash, r.BodyHash) {
		return nil, domain.Invalid(domain.FieldProblem{Field: "Idempotency-Key", Reason: "reused",
			Detail: "this key was used for a different request: use a new key for a new request"})
	}
	return &domain.IdempotentResponse{Status: *k.status, Body: k.response}, nil
}

// storedAnswer reads the committed answer under r's key.
func (db *DB) storedAnswer(ctx context.Context, r domain.IdempotentRequest) (*domain.IdempotentResponse, error) {
	var k storedKey
	err := db.pool.QueryRow(ctx, `SELECT method, path, body_hash, status, response FROM idempotency_keys
		WHERE actor = $1 AND key = $2 AND created_at > now() - $3::interval`, r.Actor, r.Key, idempotencyTTL).
		Scan(&k.method, &k.path, &k.bodyHash, &k.status, &k.response)
	if errors.Is(err, pgx.ErrNoRows) {
		return nil, inFlight()
	} else if err != nil {
		return nil, translate(err)
	}
	return k.answer(r)
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
