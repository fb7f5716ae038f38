-- +goose Up
-- After-release units: the release cohorts (reoffending and recalls per release) and the
-- follow-up coverage beside every outcome figure read one narrow table instead of joining
-- releases or follow-up points with their cases, participants and follow-ups on every
-- request (at 100,000 cases those joins alone took 250–500 ms). One row per release and one
-- per follow-up point, with the case's and participant's breakdown columns copied onto it,
-- as stat_fact does for the case-level indicators (migration 00240):
--
--   kind     released_on        the rest
--   release  its date           entered_on, recall, and the first charge or conviction on
--                               or after it and not after its recall: any offence, ICCS
--                               0905 (terrorism), sections 01–02 (violent)
--   point    its release's date months, due_on, status, closed_on, reason; latest: its
--            (NULL: community)  release is the case's latest
--
-- Triggers recompute a case's rows whenever anything they derive from changes, in the same
-- transaction, so the figures never lag; the rows are the case's own, so writers to
-- different cases never wait on one another.
CREATE TABLE stat_unit (
    unit_id        uuid PRIMARY KEY,  -- the release's or the point's id
    kind           text NOT NULL CHECK (kind IN ('release', 'point')),
    case_id        uuid NOT NULL,
    rkey           bigint NOT NULL,   -- the unit's record key (migration 00700)
    participant_id uuid NOT NULL,
    pkey           bigint NOT NULL,   -- the participant's record key (the people behind a cell)
    country        text NOT NULL,
    facility_id    uuid NOT NULL,
    programme_id   uuid NOT NULL,
    opened_on      date NOT NULL,
    legal_basis    text NOT NULL,
    gender         text NOT NULL,
    birth_year     int  NOT NULL,
    categories     text[] NOT NULL,
    released_on    date,
    entered_on     date,
    latest         boolean NOT NULL,
    recalled_on    date,
    recall_reason  text,
    offence_any    date,
    offence_terror date,
    offence_violent date,
    months         int,
    due_on         date,
    status         text,
    closed_on      date,
    why            text
);
CREATE INDEX stat_unit_case ON stat_unit (case_id);
-- The cohorts are chosen by release date, the coverage of standard periods by due date.
CREATE INDEX stat_unit_released ON stat_unit (kind, released_on);
CREATE INDEX stat_unit_due ON stat_unit (due_on) WHERE kind = 'point';

-- The units of the given cases, derived from the source tables. Also the reference the
-- consistency tests compare the table with.
-- +goose StatementBegin
CREATE FUNCTION stat_units(ids uuid[]) RETURNS SETOF stat_unit LANGUAGE sql STABLE AS $$
    WITH cs AS MATERIALIZED (
        SELECT c.id, c.participant_id, pt.rkey AS pkey, c.country, c.facility_id, c.programme_id,
            c.opened_on, c.legal_basis, pt.gender, pt.birth_year, pt.categories, c.actual_release_date
        FROM unnest(ids) i(id) JOIN cases c ON c.id = i.id JOIN participants pt ON pt.id = c.participant_id),
    rel AS MATERIALIZED (
        SELECT r.*, o.offence_any, o.offence_terror, o.offence_violent
        FROM cs JOIN releases r ON r.case_id = cs.id
        LEFT JOIN LATERAL (
            SELECT min(f.offence_on) AS offence_any,
                min(f.offence_on) FILTER (WHERE left(f.offence_category, 4) = '0905') AS offence_terror,
                min(f.offence_on) FILTER (WHERE left(f.offence_category, 2) IN ('01', '02')) AS offence_violent
            FROM follow_ups f WHERE f.case_id = r.case_id AND f.new_offence IN ('charge', 'conviction')
                AND f.offence_on >= r.released_on AND (r.recalled_on IS NULL OR f.offence_on <= r.recalled_on)) o ON true)
    SELECT r.id, 'release', cs.id, r.rkey, cs.participant_id, cs.pkey, cs.country, cs.facility_id, cs.programme_id,
        cs.opened_on, cs.legal_basis, cs.gender, cs.birth_year, cs.categories,
        r.released_on, r.entered_on, coalesce(r.released_on = cs.actual_release_date, false), r.recalled_on, r.recall_reason,
        r.offence_any, r.offence_terror, r.offence_violent, NULL, NULL, NULL, NULL, NULL
    FROM rel r JOIN cs ON cs.id = r.case_id
    UNION ALL
    SELECT p.id, 'point', cs.id, p.rkey, cs.participant_id, cs.pkey, cs.country, cs.facility_id, cs.programme_id,
        cs.opened_on, cs.legal_basis, cs.gender, cs.birth_year, cs.categories,
        r.released_on, r.entered_on, coalesce(r.released_on = cs.actual_release_date, false), NULL, NULL,
        NULL, NULL, NULL, p.months, p.due_on, p.status, p.closed_on, p.not_reached_reason
    FROM cs JOIN follow_up_points p ON p.case_id = cs.id LEFT JOIN rel r ON r.id = p.release_id
$$;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE FUNCTION stat_unit_refresh(ids uuid[]) RETURNS void LANGUAGE sql AS $$
    DELETE FROM stat_unit u USING unnest(ids) i(id) WHERE u.case_id = i.id;
    INSERT INTO stat_unit SELECT * FROM stat_units(ids);
$$;
-- +goose StatementEnd

-- One trigger function for the source tables: it finds the cases the changed rows belong to
-- and refreshes them, once per statement (a bulk load refreshes its cases in one pass).
-- +goose StatementBegin
CREATE FUNCTION stat_unit_on_change() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE ids uuid[];
BEGIN
    IF TG_TABLE_NAME = 'cases' THEN
        -- Only the columns the units copy; a case is updated for many other reasons.
        SELECT array_agg(n.id) INTO ids FROM new_rows n JOIN old_rows o ON o.id = n.id
        WHERE (n.participant_id, n.country, n.facility_id, n.programme_id, n.opened_on, n.legal_basis, n.actual_release_date)
            IS DISTINCT FROM (o.participant_id, o.country, o.facility_id, o.programme_id, o.opened_on, o.legal_basis, o.actual_release_date);
    ELSIF TG_TABLE_NAME = 'participants' THEN
        SELECT array_agg(c.id) INTO ids FROM cases c JOIN new_rows n ON n.id = c.participant_id JOIN old_rows o ON o.id = n.id
        WHERE (n.gender, n.birth_year, n.categories) IS DISTINCT FROM (o.gender, o.birth_year, o.categories);
    ELSIF TG_OP = 'INSERT' THEN
        SELECT array_agg(DISTINCT case_id) INTO ids FROM new_rows;
    ELSIF TG_OP = 'DELETE' THEN
        SELECT array_agg(DISTINCT case_id) INTO ids FROM old_rows;
    ELSE
        SELECT array_agg(DISTINCT case_id) INTO ids FROM (SELECT case_id FROM old_rows UNION ALL SELECT case_id FROM new_rows) x;
    END IF;
    IF ids IS NOT NULL THEN
        PERFORM stat_unit_refresh(ids);
    END IF;
    RETURN NULL;
END $$;
-- +goose StatementEnd

CREATE TRIGGER stat_unit_upd AFTER UPDATE ON cases REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION stat_unit_on_change();
CREATE TRIGGER stat_unit_upd AFTER UPDATE ON participants REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION stat_unit_on_change();

-- The releases, their points and the follow-ups that date offences: the same three triggers
-- on each. (A case's delete takes its releases and points first, by their own triggers.)
-- +goose StatementBegin
DO $$
DECLARE t text;
BEGIN
    FOREACH t IN ARRAY ARRAY['releases', 'follow_up_points', 'follow_ups'] LOOP
        EXECUTE format('CREATE TRIGGER stat_unit_ins AFTER INSERT ON %I REFERENCING NEW TABLE AS new_rows
            FOR EACH STATEMENT EXECUTE FUNCTION stat_unit_on_change()', t);
        EXECUTE format('CREATE TRIGGER stat_unit_upd AFTER UPDATE ON %I REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
            FOR EACH STATEMENT EXECUTE FUNCTION stat_unit_on_change()', t);
        EXECUTE format('CREATE TRIGGER stat_unit_del AFTER DELETE ON %I REFERENCING OLD TABLE AS old_rows
            FOR EACH STATEMENT EXECUTE FUNCTION stat_unit_on_change()', t);
    END LOOP;
END $$;
-- +goose StatementEnd

-- The units of the records already there.
INSERT INTO stat_unit SELECT * FROM stat_units(ARRAY(SELECT id FROM cases));
ANALYZE stat_unit;

-- +goose Down
DROP TRIGGER stat_unit_upd ON cases;
DROP TRIGGER stat_unit_upd ON participants;
-- +goose StatementBegin
DO $$
DECLARE t text;
BEGIN
    FOREACH t IN ARRAY ARRAY['releases', 'follow_up_points', 'follow_ups'] LOOP
        EXECUTE format('DROP TRIGGER stat_unit_ins ON %I', t);
        EXECUTE format('DROP TRIGGER stat_unit_upd ON %I', t);
        EXECUTE format('DROP TRIGGER stat_unit_del ON %I', t);
    END LOOP;
END $$;
-- +goose StatementEnd
DROP FUNCTION stat_unit_on_change;
DROP FUNCTION stat_unit_refresh;
DROP FUNCTION stat_units;
DROP TABLE stat_unit;
