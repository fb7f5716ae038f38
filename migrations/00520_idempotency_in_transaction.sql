-- Idempotency keys are written only with their answer, in the transaction of the work they
-- answer (domain/postgres/idempotency.go): a key row now always holds a response. Rows with
-- none were left "in flight" by the earlier two-step bookkeeping after a crash or an outage;
-- they answered 409 until they expired, after which a retry ran again anyway. They go now,
-- so the requests they blocked can be retried at once.
-- +goose Up
DELETE FROM idempotency_keys WHERE status IS NULL OR response IS NULL;
ALTER TABLE idempotency_keys ALTER COLUMN status SET NOT NULL, ALTER COLUMN response SET NOT NULL;
-- Keys and their answers (which hold case data) are deleted once a day old.
CREATE INDEX idempotency_keys_created_at ON idempotency_keys (created_at);

-- +goose Down
DROP INDEX idempotency_keys_created_at;
ALTER TABLE idempotency_keys ALTER COLUMN status DROP NOT NULL, ALTER COLUMN response DROP NOT NULL;
