-- +goose Up
-- Requests no longer chain their own audit events. Chaining in the request made every
-- audited request in the system queue on one lock until it committed, which capped the whole
-- server at one audited request per commit. Now a request inserts its event (protected by the
-- append-only triggers at once), and a sealer gives committed events their place in the
-- chain, in batches, within a second (domain/postgres/audit.go: SealAudit).

-- id orders events for sealing; txid (the writing transaction) lets the sealer know when no
-- older transaction can still add events.
ALTER TABLE audit_events ADD COLUMN id bigint GENERATED ALWAYS AS IDENTITY;
ALTER TABLE audit_events ADD COLUMN txid xid8 NOT NULL DEFAULT pg_current_xact_id();

-- The chain: position, event, and the hashes. Insert-only, like the events.
CREATE TABLE audit_chain (
    seq       bigint PRIMARY KEY,
    event_id  bigint NOT NULL UNIQUE,
    prev_hash bytea  NOT NULL,
    hash      bytea  NOT NULL
);
INSERT INTO audit_chain (seq, event_id, prev_hash, hash) SELECT seq, id, prev_hash, hash FROM audit_events;

ALTER TABLE audit_events DROP CONSTRAINT audit_events_pkey;
ALTER TABLE audit_events DROP COLUMN seq, DROP COLUMN prev_hash, DROP COLUMN hash;
ALTER TABLE audit_events ADD PRIMARY KEY (id);
ALTER TABLE audit_chain ADD CONSTRAINT audit_chain_event_fk FOREIGN KEY (event_id) REFERENCES audit_events(id);
CREATE INDEX audit_events_txid ON audit_events (txid);

-- +goose StatementBegin
CREATE OR REPLACE FUNCTION audit_events_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION '% is append-only: % is not allowed', TG_TABLE_NAME, TG_OP
        USING ERRCODE = 'insufficient_privilege';
END;
$$;
-- +goose StatementEnd
CREATE TRIGGER audit_chain_no_update BEFORE UPDATE OR DELETE ON audit_chain
    FOR EACH ROW EXECUTE FUNCTION audit_events_append_only();
CREATE TRIGGER audit_chain_no_truncate BEFORE TRUNCATE ON audit_chain
    FOR EACH STATEMENT EXECUTE FUNCTION audit_events_append_only();

-- low_tx: every event written by a transaction older than this is sealed.
ALTER TABLE audit_head ADD COLUMN low_tx xid8 NOT NULL DEFAULT pg_current_xact_id();

-- +goose Down
SELECT 'the audit chain cannot be unsealed' WHERE false;
