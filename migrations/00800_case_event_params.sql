-- +goose Up
-- A timeline entry says what it says as data (domain/timeline.go): codes, ISO days, numbers
-- and names, so the browser writes the line in the reader's language. summary keeps the
-- English line for exports, the audit and older clients.
--
-- Rows written before this migration keep '{}' and are shown by their English summary: their
-- params are not rebuilt from the records they name, because those records have changed since
-- (an assessment's occasion, a plan's status, a release's date), and a line rebuilt from them
-- would say what holds now, not what happened then.
--
-- Adding a column with a constant default rewrites no row and fires no trigger (the
-- statistics' coverage triggers on case_events watch inserts, updates and deletes).
ALTER TABLE case_events ADD COLUMN params jsonb NOT NULL DEFAULT '{}'
    CHECK (jsonb_typeof(params) = 'object');

-- +goose Down
ALTER TABLE case_events DROP COLUMN params;
