-- +goose Up
-- The audit chain's head only moves forward, and audit events cannot be dated into the past
-- (or the future). Both are enforced here, in the database, against every connection that
-- has not first switched the guards off; switching them off takes the tables' owner (or a
-- superuser), and what such a person can still do is caught by the signed checkpoints kept
-- outside the database (cmd/pathways: checkpoints; README: security model).

-- last_at: the latest date among sealed events. An event dated before it is refused below.
ALTER TABLE audit_head ADD COLUMN last_at timestamptz;
UPDATE audit_head SET last_at = (SELECT max(e.at) FROM audit_chain c JOIN audit_events e ON e.id = c.event_id);

-- The head moves forward onto the chain, or not at all. Rewinding it (to hide events cut
-- off the end), rewriting it in place (to match a recomputed chain), removing it, or moving
-- it onto a link the chain does not hold is refused.
-- +goose StatementBegin
CREATE FUNCTION audit_head_forward_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP <> 'UPDATE' THEN
        RAISE EXCEPTION 'audit_head: % is not allowed: the chain''s head only moves forward', TG_OP
            USING ERRCODE = 'insufficient_privilege';
    END IF;
    IF NEW.seq < OLD.seq THEN
        RAISE EXCEPTION 'audit_head only moves forward: refused to move it back from event % to %', OLD.seq, NEW.seq
            USING ERRCODE = 'insufficient_privilege';
    END IF;
    IF NEW.low_tx < OLD.low_tx OR NEW.last_at < OLD.last_at OR (OLD.last_at IS NOT NULL AND NEW.last_at IS NULL) THEN
        RAISE EXCEPTION 'audit_head only moves forward: refused to move its sealing marks back'
            USING ERRCODE = 'insufficient_privilege';
    END IF;
    IF NEW.seq = OLD.seq THEN
        IF NEW.hash <> OLD.hash OR NEW.prev_hash <> OLD.prev_hash THEN
            RAISE EXCEPTION 'audit_head: refused to change the hash of event % in place: that would rewrite history', OLD.seq
                USING ERRCODE = 'insufficient_privilege';
        END IF;
        RETURN NEW;
    END IF;
    -- Moving forward: from a link the chain still holds, onto a link the chain holds.
    IF OLD.seq > 0 AND NOT EXISTS (SELECT 1 FROM audit_chain WHERE seq = OLD.seq AND hash = OLD.hash) THEN
        RAISE EXCEPTION 'audit_head: the chain no longer holds event % as the head recorded it: refused to move on from a rewritten chain', OLD.seq
            USING ERRCODE = 'insufficient_privilege';
    END IF;
    IF NOT EXISTS (SELECT 1 FROM audit_chain WHERE seq = NEW.seq AND hash = NEW.hash AND prev_hash = NEW.prev_hash) THEN
        RAISE EXCEPTION 'audit_head: event % with that hash is not in the chain: refused to move the head onto it', NEW.seq
            USING ERRCODE = 'insufficient_privilege';
    END IF;
    RETURN NEW;
END;
$$;
-- +goose StatementEnd
CREATE TRIGGER audit_head_forward BEFORE INSERT OR UPDATE OR DELETE ON audit_head
    FOR EACH ROW EXECUTE FUNCTION audit_head_forward_only();
CREATE TRIGGER audit_head_no_truncate BEFORE TRUNCATE ON audit_head
    FOR EACH STATEMENT EXECUTE FUNCTION audit_head_forward_only();

-- An event is dated when it is written. The application stamps it just before the insert,
-- so a date more than a minute from the database's clock, or more than a minute before the
-- latest sealed event, is not a date of now: it is refused. The minute allows for the
-- application servers' clocks to differ a little from the database's (keep them on NTP).
-- An event dated in the future is refused too: sealed, it would make every honest event
-- after it look backdated. txid is always the writing transaction's, so nobody can slip
-- an event behind the sealer's low-water mark.
-- +goose StatementBegin
CREATE FUNCTION audit_events_dated() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    allowance constant interval := interval '1 minute';
    clock timestamptz := clock_timestamp();
    sealed timestamptz;
BEGIN
    SELECT last_at INTO sealed FROM audit_head;
    IF NEW.at > clock + allowance THEN
        RAISE EXCEPTION 'audit_events: an event dated % is in the future (the database''s clock reads %)', NEW.at, clock;
    END IF;
    IF NEW.at < clock - allowance THEN
        RAISE EXCEPTION 'audit_events: an event dated % is backdated (the database''s clock reads %)', NEW.at, clock;
    END IF;
    IF NEW.at < sealed - allowance THEN
        RAISE EXCEPTION 'audit_events: an event dated % is before the last sealed event (%)', NEW.at, sealed;
    END IF;
    NEW.txid := pg_current_xact_id();
    RETURN NEW;
END;
$$;
-- +goose StatementEnd
CREATE TRIGGER audit_events_dated BEFORE INSERT ON audit_events
    FOR EACH ROW EXECUTE FUNCTION audit_events_dated();

-- +goose Down
SELECT 'the audit trail''s guards are not taken down' WHERE false;
