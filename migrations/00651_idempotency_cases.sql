-- +goose Up
-- The cases a stored answer is about (every case the request reached through the caller's
-- scope, and the case an intake opened). A replay of the answer is given only to a caller who
-- still reaches each of them, and is audited naming them (domain/postgres/idempotency.go).
-- Keys stored before this migration name none: for the day they live on, their replays are
-- audited but not checked.
ALTER TABLE idempotency_keys ADD COLUMN case_ids uuid[] NOT NULL DEFAULT '{}';

-- +goose Down
ALTER TABLE idempotency_keys DROP COLUMN case_ids;
