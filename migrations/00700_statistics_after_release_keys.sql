-- +goose Up
-- Record keys (migration 00560) for the units the after-release statistics count: releases
-- (reoffending and recall cohorts), follow-up points (follow-up coverage) and transfers (in
-- and out per facility). Drawn once when the row is written, never changed, never returned.
-- +goose StatementBegin
DO $$
DECLARE t text;
BEGIN
    FOREACH t IN ARRAY ARRAY['releases', 'follow_up_points', 'transfers'] LOOP
        EXECUTE format('ALTER TABLE %I ADD COLUMN rkey bigint NOT NULL DEFAULT stat_rkey() CHECK (rkey >= 0 AND rkey < 4294967296)', t);
        EXECUTE format('CREATE TRIGGER stat_rkey_fixed BEFORE UPDATE OF rkey ON %I FOR EACH ROW WHEN (OLD.rkey IS DISTINCT FROM NEW.rkey)
            EXECUTE FUNCTION stat_rkey_fixed()', t);
    END LOOP;
END $$;
-- +goose StatementEnd

-- The cohorts are chosen by release date; transfers by their date.
CREATE INDEX releases_released_on ON releases (released_on) WHERE entered_on IS NOT NULL;
CREATE INDEX transfers_accepted_on ON transfers (transfer_on) WHERE status = 'accepted';
CREATE INDEX follow_up_points_due ON follow_up_points (due_on);

-- A participant's place in a sum of distinct people's keys: the record key in the low 32
-- bits, 60 bits of the participant's id above them, so that sum(DISTINCT ...) adds each
-- participant's key once however many of their units a cell holds (the remainder modulo
-- 2^32 is the cell key of the people).
-- +goose StatementBegin
CREATE FUNCTION stat_person_key(id uuid, rkey bigint) RETURNS numeric LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT rkey::numeric + 4294967296::numeric * ('x' || left(replace(id::text, '-', ''), 15))::bit(60)::bigint
$$;
-- +goose StatementEnd

-- +goose Down
DROP FUNCTION stat_person_key;
DROP INDEX follow_up_points_due;
DROP INDEX transfers_accepted_on;
DROP INDEX releases_released_on;
DROP TRIGGER stat_rkey_fixed ON transfers;
DROP TRIGGER stat_rkey_fixed ON follow_up_points;
DROP TRIGGER stat_rkey_fixed ON releases;
ALTER TABLE transfers DROP COLUMN rkey;
ALTER TABLE follow_up_points DROP COLUMN rkey;
ALTER TABLE releases DROP COLUMN rkey;
