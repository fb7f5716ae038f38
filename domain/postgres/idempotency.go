package postgres

import (
	"bytes"
	"context"

	"github.com/jackc/pgx/v5"

	"pathways/domain"
)

// IdempotencyKeyTTL: a key is remembered for a day; after that it may be used afresh.
const idempotencyTTL = "24 hours"

// ClaimIdempotencyKey records (actor, key) as in flight, or answers from an earlier use of it.
// Every create passes here, so the usual case, a fresh key, is one statement: it claims a
// new key or takes over an expired one.
func (db *DB) ClaimIdempotencyKey(ctx context.Context, actor, key, method, path string, bodyHash []byte) (*domain.IdempotentResponse, error) {
	tag, err := db.pool.Exec(ctx, `INSERT INTO idempotency_keys (actor, key, method, path, body_hash) VALUES ($1, $2, $3, $4, $5)
		ON CONFLICT (actor, key) DO UPDATE SET method = EXCLUDED.method, path = EXCLUDED.path, body_hash = EXCLUDED.body_hash,
			status = NULL, response = NULL, created_at = now()
		WHERE idempotency_keys.created_at < now() - $6::interval`, actor, key, method, path, bodyHash, idempotencyTTL)
	if err != nil {
		return nil, translate(err)
	}
	if tag.RowsAffected() == 1 {
		return nil, nil
	}
	var out *domain.IdempotentResponse
	err = db.tx(ctx, func(tx pgx.Tx) error {
		var m, pth string
		var h, resp []byte
		var status *int
		if err := tx.QueryRow(ctx, "SELECT method, path, body_hash, status, response FROM idempotency_keys WHERE actor = $1 AND key = $2",
			actor, key).Scan(&m, &pth, &h, &status, &resp); err != nil {
			return err
		}
		if m != method || pth != path || !bytes.Equal(h, bodyHash) {
			return domain.Invalid(domain.FieldProblem{Field: "Idempotency-Key", Reason: "reused",
				Detail: "this key was used for a different request: use a new key for a new request"})
		}
		if status == nil {
			return domain.Errorf(domain.CodeConflict, "a request with this Idempotency-Key is still being processed")
		}
		out = &domain.IdempotentResponse{Status: *status, Body: resp}
		return nil
	})
	return out, err
}

// CompleteIdempotencyKey stores the first answer under the key.
func (db *DB) CompleteIdempotencyKey(ctx context.Context, actor, key string, r domain.IdempotentResponse) error {
	_, err := db.pool.Exec(ctx, "UPDATE idempotency_keys SET status = $3, response = $4 WHERE actor = $1 AND key = $2 AND status IS NULL",
		actor, key, r.Status, r.Body)
	return translate(err)
}

// ReleaseIdempotencyKey forgets an in-flight key whose request failed, so it may be retried.
func (db *DB) ReleaseIdempotencyKey(ctx context.Context, actor, key string) error {
	_, err := db.pool.Exec(ctx, "DELETE FROM idempotency_keys WHERE actor = $1 AND key = $2 AND status IS NULL", actor, key)
	return translate(err)
}
