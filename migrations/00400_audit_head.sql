-- +goose Up
-- The head of the audit chain: one row holding the last sequence number and hash. An append
-- updates it and inserts the event in a single statement, so the row lock that keeps the
-- chain in order is held for one statement and the commit, not three round trips. It also
-- lets the verifier notice events cut off the end of the trail.
CREATE TABLE audit_head (
    one       boolean PRIMARY KEY DEFAULT true CHECK (one),
    seq       bigint NOT NULL,
    prev_hash bytea  NOT NULL,
    hash      bytea  NOT NULL
);
INSERT INTO audit_head (seq, prev_hash, hash)
SELECT coalesce(max(seq), 0),
       coalesce((SELECT prev_hash FROM audit_events ORDER BY seq DESC LIMIT 1), ''::bytea),
       coalesce((SELECT hash FROM audit_events ORDER BY seq DESC LIMIT 1), ''::bytea)
FROM audit_events;

-- +goose Down
DROP TABLE audit_head;
