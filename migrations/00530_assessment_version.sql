-- +goose Up
-- An assessment has its own version, sent as its ETag. A draft is replaced only with an
-- If-Match naming the version its author last read, so a stale edit can no longer erase what
-- another assessor entered meanwhile (issue 8, finding 7). Every change of a row (revision,
-- finalisation) moves the version on.
ALTER TABLE assessments ADD COLUMN version integer NOT NULL DEFAULT 1 CHECK (version >= 1);

-- +goose Down
ALTER TABLE assessments DROP COLUMN version;
