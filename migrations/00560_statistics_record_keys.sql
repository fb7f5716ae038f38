-- +goose Up
-- Record keys for the cell-key method (domain/disclosure.go). Every unit the statistics
-- count carries a random key in [0, 2^32), drawn when its row is written and never changed:
-- participants, cases (a participant's passage through a programme), attendance records,
-- phase changes (a stay in a phase ends with one), milestones and timeline events. A cell's
-- key is the sum of its units' keys modulo 2^32, so the summaries carry, beside every count,
-- the sum of the keys of what it counts: sums add up and cancel exactly as counts do, so the
-- delta-and-fold summaries keep them with no change of method.
--
-- The keys are drawn from gen_random_uuid() (PostgreSQL's strong random source): the first
-- 32 bits of a version-4 UUID are random. They are unrelated to any id, and no API response
-- or audit detail contains them.

-- +goose StatementBegin
CREATE FUNCTION stat_rkey() RETURNS bigint LANGUAGE sql VOLATILE PARALLEL SAFE AS $$
    SELECT ('x' || left(gen_random_uuid()::text, 8))::bit(32)::bigint
$$;
-- +goose StatementEnd

-- A record key never changes: a unit's figures must stay the same forever.
-- +goose StatementBegin
CREATE FUNCTION stat_rkey_fixed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'a record key cannot be changed' USING ERRCODE = 'check_violation';
END $$;
-- +goose StatementEnd

-- +goose StatementBegin
DO $$
DECLARE t text;
BEGIN
    FOREACH t IN ARRAY ARRAY['participants', 'cases', 'session_attendance', 'phase_changes', 'milestones', 'case_events'] LOOP
        EXECUTE format('ALTER TABLE %I ADD COLUMN rkey bigint NOT NULL DEFAULT stat_rkey() CHECK (rkey >= 0 AND rkey < 4294967296)', t);
        EXECUTE format('CREATE TRIGGER stat_rkey_fixed BEFORE UPDATE OF rkey ON %I FOR EACH ROW WHEN (OLD.rkey IS DISTINCT FROM NEW.rkey)
            EXECUTE FUNCTION stat_rkey_fixed()', t);
    END LOOP;
END $$;
-- +goose StatementEnd

------------------------------------------------------------------------------------------
-- Attendance (replaces 00230-00231, whose tables are rebuilt from the records below).
--
-- Two changes besides the keys: the age band of a record is the participant's age in the
-- year the case was opened (domain.AgeBand), fixed for the life of the case; and the people
-- behind a cell are counted with the sum of their participant keys (stat_att_people).
DROP TRIGGER stat_att ON participants;
DROP TRIGGER stat_att ON cases;
DROP TRIGGER stat_att ON intervention_sessions;
DROP TRIGGER stat_att_ins ON session_attendance;
DROP TRIGGER stat_att_del ON session_attendance;
DROP TRIGGER stat_att_upd ON session_attendance;
DROP FUNCTION stat_att_upto, stat_att_rebuild, stat_att_on_other, stat_att_on_attendance, stat_att_refresh, stat_att_fold;
DROP VIEW stat_att_sum, stat_att_all, stat_att_expected;
DROP FUNCTION stat_att_keys;
DROP VIEW stat_att_source;
DROP TABLE stat_att_delta, stat_att, stat_att_fact;

-- One row per attendance record with what the figures need; rkey is the record's key, pkey
-- its participant's.
CREATE TABLE stat_att_fact (
    session_id   uuid NOT NULL,
    case_id      uuid NOT NULL,
    held_on      date NOT NULL,
    itype        text NOT NULL,
    minutes      int  NOT NULL,
    facility_id  uuid NOT NULL,
    programme_id uuid NOT NULL,
    pid          uuid NOT NULL,
    gender       text NOT NULL,
    birth_year   int  NOT NULL,
    intake_year  int  NOT NULL,
    categories   text[] NOT NULL,
    present      boolean NOT NULL,
    engagement   int,
    rkey         bigint NOT NULL,
    pkey         bigint NOT NULL,
    PRIMARY KEY (session_id, case_id)
);
-- The people behind a cell (stat_att_people) are read from these until enough are seen.
CREATE INDEX stat_att_fact_type ON stat_att_fact (facility_id, itype, held_on) INCLUDE (pid, pkey, present, engagement);
CREATE INDEX stat_att_fact_fac ON stat_att_fact (facility_id, held_on) INCLUDE (pid, pkey, present, engagement, itype);
CREATE INDEX stat_att_fact_case ON stat_att_fact (case_id);

-- Per month, facility, type and breakdown code: the counts and, for each, the sum of the
-- record keys of what it counts (k_*). Hours add up minutes over the present records, so
-- their key is k_present.
CREATE TABLE stat_att (
    month       date NOT NULL,
    facility_id uuid NOT NULL,
    itype       text NOT NULL,
    dim         text NOT NULL,
    code        text NOT NULL,
    n_all       bigint NOT NULL,
    n_present   bigint NOT NULL,
    min_present bigint NOT NULL,
    e1 bigint NOT NULL, e2 bigint NOT NULL, e3 bigint NOT NULL, e4 bigint NOT NULL, e5 bigint NOT NULL,
    k_all       bigint NOT NULL,
    k_present   bigint NOT NULL,
    k_e1 bigint NOT NULL, k_e2 bigint NOT NULL, k_e3 bigint NOT NULL, k_e4 bigint NOT NULL, k_e5 bigint NOT NULL,
    PRIMARY KEY (dim, month, facility_id, itype, code)
);
CREATE TABLE stat_att_delta (LIKE stat_att);
ALTER TABLE stat_att_delta SET (autovacuum_vacuum_threshold = 1000, autovacuum_vacuum_scale_factor = 0,
    autovacuum_vacuum_insert_threshold = 1000, autovacuum_vacuum_insert_scale_factor = 0);
CREATE VIEW stat_att_all AS SELECT * FROM stat_att UNION ALL SELECT * FROM stat_att_delta;

CREATE VIEW stat_att_source AS
    SELECT sa.session_id, sa.case_id, s.held_on, s.intervention_type AS itype, s.minutes, c.facility_id, c.programme_id,
        c.participant_id AS pid, pt.gender, pt.birth_year, extract(year FROM c.opened_on)::int AS intake_year, pt.categories,
        sa.attendance IN ('attended', 'late') AS present, sa.engagement, sa.rkey, pt.rkey AS pkey
    FROM session_attendance sa JOIN intervention_sessions s ON s.id = sa.session_id
    JOIN cases c ON c.id = sa.case_id JOIN participants pt ON pt.id = c.participant_id;

-- +goose StatementBegin
CREATE FUNCTION stat_att_keys(f stat_att_fact) RETURNS TABLE (dim text, code text) LANGUAGE sql IMMUTABLE AS $$
    SELECT '', '' UNION ALL SELECT 'programme', f.programme_id::text UNION ALL SELECT 'gender', f.gender
    UNION ALL SELECT 'age_band', stat_age_band(f.birth_year, f.intake_year)
    UNION ALL SELECT DISTINCT 'category', cat FROM unnest(CASE WHEN cardinality(f.categories) = 0 THEN ARRAY['none'] ELSE f.categories END) cat
$$;
-- +goose StatementEnd

-- The contributions of facts to the summary, signed (s = 1 added, -1 removed), one row per
-- fact and key: what a refresh appends to the deltas.
-- +goose StatementBegin
CREATE FUNCTION stat_att_contrib(f stat_att_fact, s int) RETURNS SETOF stat_att LANGUAGE sql IMMUTABLE AS $$
    SELECT date_trunc('month', f.held_on)::date, f.facility_id, f.itype, k.dim, k.code,
        s::bigint, (s * f.present::int)::bigint, CASE WHEN f.present THEN s * f.minutes ELSE 0 END::bigint,
        (s * (coalesce(f.engagement, 0) = 1)::int)::bigint, (s * (coalesce(f.engagement, 0) = 2)::int)::bigint,
        (s * (coalesce(f.engagement, 0) = 3)::int)::bigint, (s * (coalesce(f.engagement, 0) = 4)::int)::bigint,
        (s * (coalesce(f.engagement, 0) = 5)::int)::bigint,
        s * f.rkey, CASE WHEN f.present THEN s * f.rkey ELSE 0 END,
        CASE WHEN f.engagement = 1 THEN s * f.rkey ELSE 0 END, CASE WHEN f.engagement = 2 THEN s * f.rkey ELSE 0 END,
        CASE WHEN f.engagement = 3 THEN s * f.rkey ELSE 0 END, CASE WHEN f.engagement = 4 THEN s * f.rkey ELSE 0 END,
        CASE WHEN f.engagement = 5 THEN s * f.rkey ELSE 0 END
    FROM stat_att_keys(f) k
$$;
-- +goose StatementEnd

-- What stat_att must hold: the recomputation from the source tables.
CREATE VIEW stat_att_expected AS
    SELECT c.month, c.facility_id, c.itype, c.dim, c.code, sum(c.n_all)::bigint AS n_all, sum(c.n_present)::bigint AS n_present,
        sum(c.min_present)::bigint AS min_present, sum(c.e1)::bigint AS e1, sum(c.e2)::bigint AS e2, sum(c.e3)::bigint AS e3,
        sum(c.e4)::bigint AS e4, sum(c.e5)::bigint AS e5, sum(c.k_all)::bigint AS k_all, sum(c.k_present)::bigint AS k_present,
        sum(c.k_e1)::bigint AS k_e1, sum(c.k_e2)::bigint AS k_e2, sum(c.k_e3)::bigint AS k_e3, sum(c.k_e4)::bigint AS k_e4, sum(c.k_e5)::bigint AS k_e5
    FROM stat_att_source f CROSS JOIN LATERAL stat_att_contrib(ROW(f.*)::stat_att_fact, 1) c
    GROUP BY 1, 2, 3, 4, 5;

-- The summaries as the figures see them, one row per key.
CREATE VIEW stat_att_sum AS
    SELECT month, facility_id, itype, dim, code, sum(n_all)::bigint AS n_all, sum(n_present)::bigint AS n_present,
        sum(min_present)::bigint AS min_present, sum(e1)::bigint AS e1, sum(e2)::bigint AS e2, sum(e3)::bigint AS e3,
        sum(e4)::bigint AS e4, sum(e5)::bigint AS e5, sum(k_all)::bigint AS k_all, sum(k_present)::bigint AS k_present,
        sum(k_e1)::bigint AS k_e1, sum(k_e2)::bigint AS k_e2, sum(k_e3)::bigint AS k_e3, sum(k_e4)::bigint AS k_e4, sum(k_e5)::bigint AS k_e5
    FROM stat_att_all GROUP BY 1, 2, 3, 4, 5;

-- Folds the deltas into stat_att unless another transaction is folding (as in 00231).
-- +goose StatementBegin
CREATE FUNCTION stat_att_fold() RETURNS void LANGUAGE plpgsql AS $$
BEGIN
    IF NOT pg_try_advisory_xact_lock(hashtext('stat_att_fold')) THEN
        RETURN;
    END IF;
    WITH d AS (DELETE FROM stat_att_delta RETURNING *)
    INSERT INTO stat_att AS t
    SELECT month, facility_id, itype, dim, code, sum(n_all), sum(n_present), sum(min_present), sum(e1), sum(e2), sum(e3), sum(e4), sum(e5),
        sum(k_all), sum(k_present), sum(k_e1), sum(k_e2), sum(k_e3), sum(k_e4), sum(k_e5)
    FROM d GROUP BY 1, 2, 3, 4, 5
    ON CONFLICT (dim, month, facility_id, itype, code) DO UPDATE SET n_all = t.n_all + excluded.n_all,
        n_present = t.n_present + excluded.n_present, min_present = t.min_present + excluded.min_present,
        e1 = t.e1 + excluded.e1, e2 = t.e2 + excluded.e2, e3 = t.e3 + excluded.e3, e4 = t.e4 + excluded.e4, e5 = t.e5 + excluded.e5,
        k_all = t.k_all + excluded.k_all, k_present = t.k_present + excluded.k_present, k_e1 = t.k_e1 + excluded.k_e1,
        k_e2 = t.k_e2 + excluded.k_e2, k_e3 = t.k_e3 + excluded.k_e3, k_e4 = t.k_e4 + excluded.k_e4, k_e5 = t.k_e5 + excluded.k_e5;
END $$;
-- +goose StatementEnd

-- Removes the facts of some attendance records and adds them again from the source tables,
-- appending both contributions to the deltas, then folds if it can.
-- +goose StatementBegin
CREATE FUNCTION stat_att_refresh(sessions uuid[], cases uuid[]) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
    WITH gone AS (DELETE FROM stat_att_fact x USING unnest(sessions, cases) p(s, c)
            WHERE x.session_id = p.s AND x.case_id = p.c RETURNING x.*)
    INSERT INTO stat_att_delta SELECT c.* FROM gone f CROSS JOIN LATERAL stat_att_contrib(ROW(f.*)::stat_att_fact, -1) c;
    WITH added AS (INSERT INTO stat_att_fact SELECT s.* FROM stat_att_source s JOIN unnest(sessions, cases) p(s, c)
            ON s.session_id = p.s AND s.case_id = p.c RETURNING *)
    INSERT INTO stat_att_delta SELECT c.* FROM added f CROSS JOIN LATERAL stat_att_contrib(ROW(f.*)::stat_att_fact, 1) c;
    PERFORM stat_att_fold();
END $$;
-- +goose StatementEnd

-- Recording attendance takes the short path of 00231: the new records' facts from the
-- transition table, their contributions grouped per key, a fold by one write in 32.
-- +goose StatementBegin
CREATE FUNCTION stat_att_on_attendance() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE ss uuid[]; cs uuid[];
BEGIN
    IF TG_OP = 'INSERT' THEN
        WITH added AS (INSERT INTO stat_att_fact
                SELECT n.session_id, n.case_id, s.held_on, s.intervention_type, s.minutes, c.facility_id, c.programme_id,
                    c.participant_id, pt.gender, pt.birth_year, extract(year FROM c.opened_on)::int, pt.categories,
                    n.attendance IN ('attended', 'late'), n.engagement, n.rkey, pt.rkey
                FROM new_rows n JOIN intervention_sessions s ON s.id = n.session_id
                JOIN cases c ON c.id = n.case_id JOIN participants pt ON pt.id = c.participant_id RETURNING *)
        INSERT INTO stat_att_delta
        SELECT c.month, c.facility_id, c.itype, c.dim, c.code, sum(c.n_all), sum(c.n_present), sum(c.min_present),
            sum(c.e1), sum(c.e2), sum(c.e3), sum(c.e4), sum(c.e5), sum(c.k_all), sum(c.k_present),
            sum(c.k_e1), sum(c.k_e2), sum(c.k_e3), sum(c.k_e4), sum(c.k_e5)
        FROM added f CROSS JOIN LATERAL stat_att_contrib(ROW(f.*)::stat_att_fact, 1) c
        GROUP BY 1, 2, 3, 4, 5; -- a bulk load makes a delta per key, not per record
        IF random() < 1.0 / 32 THEN
            PERFORM stat_att_fold();
        END IF;
        RETURN NULL;
    ELSIF TG_OP = 'DELETE' THEN
        SELECT array_agg(session_id), array_agg(case_id) INTO ss, cs FROM old_rows;
    ELSE
        SELECT array_agg(session_id), array_agg(case_id) INTO ss, cs FROM (SELECT session_id, case_id FROM old_rows UNION SELECT session_id, case_id FROM new_rows) x;
    END IF;
    PERFORM stat_att_refresh(ss, cs);
    RETURN NULL;
END $$;
-- +goose StatementEnd
CREATE TRIGGER stat_att_ins AFTER INSERT ON session_attendance REFERENCING NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION stat_att_on_attendance();
CREATE TRIGGER stat_att_del AFTER DELETE ON session_attendance REFERENCING OLD TABLE AS old_rows
    FOR EACH STATEMENT EXECUTE FUNCTION stat_att_on_attendance();
CREATE TRIGGER stat_att_upd AFTER UPDATE ON session_attendance REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION stat_att_on_attendance();

-- A corrected session, a transfer, a corrected intake date or a corrected participant moves
-- the records concerned.
-- +goose StatementBegin
CREATE FUNCTION stat_att_on_other() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE ss uuid[]; cs uuid[];
BEGIN
    IF TG_TABLE_NAME = 'intervention_sessions' THEN
        SELECT array_agg(session_id), array_agg(case_id) INTO ss, cs FROM session_attendance WHERE session_id = NEW.id;
    ELSIF TG_TABLE_NAME = 'cases' THEN
        SELECT array_agg(session_id), array_agg(case_id) INTO ss, cs FROM session_attendance WHERE case_id = NEW.id;
    ELSE
        SELECT array_agg(session_id), array_agg(case_id) INTO ss, cs FROM session_attendance
            WHERE case_id IN (SELECT id FROM cases WHERE participant_id = NEW.id);
    END IF;
    PERFORM stat_att_refresh(ss, cs);
    RETURN NULL;
END $$;
-- +goose StatementEnd
CREATE TRIGGER stat_att AFTER UPDATE OF held_on, intervention_type, minutes ON intervention_sessions
    FOR EACH ROW WHEN (OLD.held_on IS DISTINCT FROM NEW.held_on OR OLD.intervention_type IS DISTINCT FROM NEW.intervention_type OR OLD.minutes IS DISTINCT FROM NEW.minutes)
    EXECUTE FUNCTION stat_att_on_other();
CREATE TRIGGER stat_att AFTER UPDATE OF facility_id, programme_id, participant_id, opened_on ON cases
    FOR EACH ROW WHEN (OLD.facility_id IS DISTINCT FROM NEW.facility_id OR OLD.programme_id IS DISTINCT FROM NEW.programme_id
        OR OLD.participant_id IS DISTINCT FROM NEW.participant_id OR extract(year FROM OLD.opened_on) IS DISTINCT FROM extract(year FROM NEW.opened_on))
    EXECUTE FUNCTION stat_att_on_other();
CREATE TRIGGER stat_att AFTER UPDATE OF gender, birth_year, categories ON participants
    FOR EACH ROW WHEN (OLD.gender IS DISTINCT FROM NEW.gender OR OLD.birth_year IS DISTINCT FROM NEW.birth_year OR OLD.categories IS DISTINCT FROM NEW.categories)
    EXECUTE FUNCTION stat_att_on_other();

-- +goose StatementBegin
CREATE FUNCTION stat_att_rebuild() RETURNS void LANGUAGE sql AS $$
    SELECT pg_advisory_xact_lock(hashtext('stat_att_fold'));
    DELETE FROM stat_att_fact;
    DELETE FROM stat_att;
    DELETE FROM stat_att_delta;
    INSERT INTO stat_att_fact SELECT * FROM stat_att_source;
    INSERT INTO stat_att SELECT * FROM stat_att_expected;
$$;
-- +goose StatementEnd

-- The distinct participants behind an attendance cell, up to k, and the sum of their keys:
-- reads the cell's records in the period (facilities: the caller's scope; itypes: NULL for
-- any; what: 'present', 'all' or an engagement rating) until k people are seen, so a large
-- cell answers at once. n = min(distinct participants, k); ksum is exact when n < k.
-- +goose StatementBegin
CREATE FUNCTION stat_att_people(k int, d1 date, d2 date, facilities uuid[], itypes text[], bydim text, bycode text, what text,
    OUT n int, OUT ksum bigint) LANGUAGE plpgsql STABLE AS $$
DECLARE seen uuid[] := '{}'; p uuid; pk bigint; q text;
BEGIN
    ksum := 0;
    q := 'SELECT f.pid, f.pkey FROM stat_att_fact f WHERE f.facility_id = ANY($1) AND f.held_on BETWEEN $2 AND $3';
    IF itypes IS NOT NULL THEN q := q || ' AND f.itype = ANY($4)'; END IF;
    q := q || CASE bydim WHEN 'facility' THEN ' AND f.facility_id = $5::uuid' WHEN 'programme' THEN ' AND f.programme_id = $5::uuid'
        WHEN 'gender' THEN ' AND f.gender = $5' WHEN 'age_band' THEN ' AND stat_age_band(f.birth_year, f.intake_year) = $5'
        WHEN 'category' THEN ' AND (f.categories @> ARRAY[$5] OR ($5 = ''none'' AND cardinality(f.categories) = 0))' ELSE '' END;
    q := q || CASE what WHEN 'present' THEN ' AND f.present' WHEN 'all' THEN '' ELSE ' AND f.engagement = $6::int' END;
    FOR p, pk IN EXECUTE q USING facilities, d1, d2, itypes, bycode, CASE WHEN what NOT IN ('present', 'all') THEN what END LOOP
        IF NOT p = ANY(seen) THEN
            seen := seen || p;
            ksum := ksum + pk;
            IF cardinality(seen) >= k THEN
                n := k;
                RETURN;
            END IF;
        END IF;
    END LOOP;
    n := cardinality(seen);
END $$;
-- +goose StatementEnd

SELECT stat_att_rebuild();
ANALYZE stat_att_fact;
ANALYZE stat_att;

------------------------------------------------------------------------------------------
-- Case facts (00240) and their monthly flows (00260). Each fact carries the key of the
-- unit it counts: its case's for the case-level kinds, the phase change ending it for a
-- stay, the milestone record for a milestone reached (msday). The flows carry the signed
-- sum of the keys beside each signed count (ks), and break down by age band at intake
-- instead of birth year.
ALTER TABLE stat_fact ADD COLUMN rkey bigint NOT NULL DEFAULT 0;

-- +goose StatementBegin
CREATE OR REPLACE FUNCTION stat_facts(ids uuid[]) RETURNS SETOF stat_fact LANGUAGE sql STABLE AS $$
    WITH cs AS MATERIALIZED (
        SELECT c.id, c.participant_id, c.country, c.facility_id, c.programme_id, c.opened_on, c.closed_on, c.phase, c.phase_since, c.actual_release_date,
            pt.gender, pt.birth_year, pt.categories, c.rkey,
            EXISTS (SELECT 1 FROM cases o WHERE o.participant_id = c.participant_id AND o.id <> c.id) AS multi
        FROM unnest(ids) i(id) JOIN cases c ON c.id = i.id JOIN participants pt ON pt.id = c.participant_id),
    pc AS MATERIALIZED (
        SELECT p.case_id, p.from_phase, p.to_phase, p.effective_on, p.requested_at, p.id, p.rkey FROM cs JOIN phase_changes p ON p.case_id = cs.id
        WHERE p.status IN ('applied', 'approved')),
    -- Days on which the phase the figures give a case may change: intake, every applied
    -- change into an open phase, and the current phase's start; only those while it is open.
    bp AS (
        SELECT DISTINCT x.case_id, x.d, cs.phase, cs.phase_since, cs.closed_on FROM (
            SELECT id AS case_id, opened_on AS d FROM cs
            UNION ALL SELECT case_id, effective_on FROM pc WHERE to_phase <> 'closed'
            UNION ALL SELECT id, phase_since FROM cs WHERE phase <> 'closed') x
        JOIN cs ON cs.id = x.case_id
        WHERE x.d >= cs.opened_on AND (cs.closed_on IS NULL OR x.d < cs.closed_on)),
    -- Final assessments that were not superseded, with their risk level as a number.
    fa AS MATERIALIZED (
        SELECT a.case_id, a.assessed_on, a.created_at, a.occasion, array_position(ARRAY['low', 'moderate', 'high'], a.overall) AS r
        FROM cs JOIN assessments a ON a.case_id = cs.id WHERE a.status = 'final'
        AND NOT EXISTS (SELECT 1 FROM assessments x WHERE x.supersedes = a.id)),
    base AS (SELECT DISTINCT ON (case_id) case_id, assessed_on, r FROM fa WHERE occasion = 'baseline'
        ORDER BY case_id, assessed_on, created_at),
    reached AS (
        SELECT m.case_id, m.definition_code, m.achieved_on, md.retired_at IS NULL AS in_use, m.rkey FROM cs JOIN milestones m ON m.case_id = cs.id
        JOIN milestone_definitions md ON md.code = m.definition_code WHERE (m.status = 'verified' OR (m.status = 'claimed' AND NOT md.needs_verification))),
    fu AS MATERIALIZED (
        SELECT f.case_id, f.held_on, f.housing, f.work_education, f.family_contact,
            lead(f.held_on) OVER (PARTITION BY f.case_id ORDER BY f.held_on, f.created_at) AS next_on
        FROM cs JOIN follow_ups f ON f.case_id = cs.id),
    facts (case_id, kind, code, d1, d2, v, rk) AS (
        SELECT id, 'case', NULL::text, opened_on, closed_on, NULL::float8, NULL::bigint FROM cs
        UNION ALL
        -- The phase on day d: the current one if it had begun, else the last one entered by then.
        SELECT bp.case_id, 'span',
            CASE WHEN bp.phase <> 'closed' AND bp.phase_since <= bp.d THEN bp.phase
            ELSE coalesce((SELECT p.to_phase FROM phase_changes p WHERE p.case_id = bp.case_id AND p.status IN ('applied', 'approved')
                AND p.effective_on <= bp.d AND p.to_phase <> 'closed' ORDER BY p.effective_on DESC, p.requested_at DESC LIMIT 1), 'intake') END,
            bp.d, coalesce(lead(bp.d) OVER (PARTITION BY bp.case_id ORDER BY bp.d), bp.closed_on), NULL, NULL
        FROM bp
        UNION ALL
        SELECT case_id, 'stay', from_phase, effective_on, NULL, (effective_on - started)::float8, rkey
        FROM (SELECT pc.case_id, pc.from_phase, pc.effective_on, pc.rkey,
                coalesce(lag(pc.effective_on) OVER (PARTITION BY pc.case_id ORDER BY pc.effective_on, pc.requested_at, pc.id), cs.opened_on) AS started
            FROM pc JOIN cs ON cs.id = pc.case_id) s
        UNION ALL
        SELECT case_id, 'reach', definition_code, min(achieved_on), NULL, NULL, NULL FROM reached WHERE in_use GROUP BY case_id, definition_code
        UNION ALL
        SELECT case_id, 'reach1', NULL, min(achieved_on), NULL, NULL, NULL FROM reached WHERE in_use GROUP BY case_id
        UNION ALL
        SELECT r.case_id, 'msday', r.definition_code, r.achieved_on, NULL, (r.achieved_on - cs.opened_on)::float8, r.rkey
        FROM reached r JOIN cs ON cs.id = r.case_id
        UNION ALL
        -- Each final assessment after the baseline, compared with it; it is the latest on day
        -- d when it was made by d and the next one (d2) was not.
        SELECT case_id, 'risk', CASE WHEN r < base_r THEN 'improved' WHEN r = base_r THEN 'unchanged' ELSE 'worsened' END,
            assessed_on, next_on, NULL, NULL
        FROM (SELECT fa.case_id, fa.assessed_on, fa.r, base.r AS base_r, base.assessed_on AS base_on,
                lead(fa.assessed_on) OVER (PARTITION BY fa.case_id ORDER BY fa.assessed_on, fa.created_at) AS next_on
            FROM fa JOIN base ON base.case_id = fa.case_id) x
        WHERE assessed_on > base_on
        UNION ALL
        -- Each follow-up's outcomes; it is the latest on day d when held by d and the next one
        -- (d2) was not.
        SELECT case_id, 'fu_housing', housing, held_on, next_on, NULL, NULL FROM fu
        UNION ALL SELECT case_id, 'fu_work_education', work_education, held_on, next_on, NULL, NULL FROM fu
        UNION ALL SELECT case_id, 'fu_family_contact', family_contact, held_on, next_on, NULL, NULL FROM fu
        UNION ALL
        -- The release, and the first charge or conviction for an offence on or after it (d2).
        SELECT cs.id, 'release', NULL, cs.actual_release_date,
            (SELECT min(f.offence_on) FROM follow_ups f WHERE f.case_id = cs.id AND f.new_offence IN ('charge', 'conviction')
                AND f.offence_on >= cs.actual_release_date), NULL, NULL
        FROM cs WHERE cs.actual_release_date IS NOT NULL)
    SELECT f.case_id, f.kind, f.code, f.d1, f.d2, f.v, cs.participant_id, cs.country, cs.facility_id, cs.programme_id,
        cs.opened_on, cs.closed_on, cs.gender, cs.birth_year, cs.categories, cs.multi,
        lag(f.d1) OVER (PARTITION BY f.case_id, f.kind, f.code ORDER BY f.d1, f.v),
        lag(f.d1) OVER (PARTITION BY f.case_id, f.kind ORDER BY f.d1, f.code, f.v),
        coalesce(f.rk, cs.rkey)
    FROM facts f JOIN cs ON cs.id = f.case_id
$$;
-- +goose StatementEnd

-- The covering index of the facts read one by one now carries the key and the intake date
-- (for the age band) too.
DROP INDEX stat_fact_period;
CREATE INDEX stat_fact_period ON stat_fact (kind, d1) INCLUDE (code, d2, v, country, facility_id, programme_id,
    participant_id, multi, prev_same, prev_kind, gender, birth_year, categories, opened_on, rkey) WHERE kind IN ('stay', 'msday', 'risk');

ALTER TABLE stat_flow ADD COLUMN ks bigint NOT NULL DEFAULT 0;
ALTER TABLE stat_flow_delta ADD COLUMN ks bigint NOT NULL DEFAULT 0;
DROP VIEW stat_flow_all;
CREATE VIEW stat_flow_all AS SELECT * FROM stat_flow UNION ALL SELECT * FROM stat_flow_delta;

DROP VIEW stat_flow_expected;
DROP FUNCTION stat_flow_dims(uuid, text, int, text[]);
-- +goose StatementBegin
CREATE FUNCTION stat_flow_dims(programme_id uuid, gender text, birth_year int, opened_on date, categories text[])
RETURNS TABLE (dim text, dcode text) LANGUAGE sql IMMUTABLE AS $$
    SELECT '', '' UNION ALL SELECT 'programme', programme_id::text UNION ALL SELECT 'gender', gender
    UNION ALL SELECT 'age_band', stat_age_band(birth_year, extract(year FROM opened_on)::int)
    UNION ALL SELECT 'category', c FROM unnest(CASE WHEN cardinality(categories) = 0 THEN ARRAY['none'] ELSE categories END) c
$$;
-- +goose StatementEnd

-- A flow row is kept while its count or its key sum is not zero: a month in which one case
-- entered a cell and another left nets to no count, but not to no key.
CREATE VIEW stat_flow_expected AS
    SELECT e.kind, e.code, e.month, f.country, f.facility_id, d.dim, d.dcode, sum(e.n)::bigint AS n, sum(e.n * f.rkey)::bigint AS ks
    FROM stat_fact f CROSS JOIN LATERAL stat_flow_entries(f.kind, f.code, f.d1, f.d2, f.opened_on, f.closed_on, f.multi) e
    CROSS JOIN LATERAL stat_flow_dims(f.programme_id, f.gender, f.birth_year, f.opened_on, f.categories) d
    GROUP BY 1, 2, 3, 4, 5, 6, 7 HAVING sum(e.n) <> 0 OR sum(e.n * f.rkey) <> 0;

-- +goose StatementBegin
CREATE OR REPLACE FUNCTION stat_flow_fold() RETURNS void LANGUAGE plpgsql AS $$
BEGIN
    IF NOT pg_try_advisory_xact_lock(hashtext('stat_flow_fold')) THEN
        RETURN;
    END IF;
    WITH d AS (DELETE FROM stat_flow_delta RETURNING *)
    INSERT INTO stat_flow AS t SELECT kind, code, month, country, facility_id, dim, dcode, sum(n), sum(ks)
    FROM d GROUP BY 1, 2, 3, 4, 5, 6, 7 HAVING sum(n) <> 0 OR sum(ks) <> 0
    ON CONFLICT (kind, dim, month, facility_id, code, dcode) DO UPDATE SET n = t.n + excluded.n, ks = t.ks + excluded.ks;
END $$;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE OR REPLACE FUNCTION stat_fact_refresh(ids uuid[]) RETURNS void LANGUAGE plpgsql SET enable_seqscan = off AS $$
BEGIN
    WITH gone AS (DELETE FROM stat_fact f USING unnest(ids) i(id) WHERE f.case_id = i.id RETURNING f.*),
    added AS (INSERT INTO stat_fact SELECT * FROM stat_facts(ids) RETURNING *),
    moved AS (SELECT g.*, -1 AS s FROM gone g UNION ALL SELECT a.*, 1 FROM added a)
    INSERT INTO stat_flow_delta
    SELECT e.kind, e.code, e.month, m.country, m.facility_id, d.dim, d.dcode, sum(m.s * e.n), sum(m.s * e.n * m.rkey)
    FROM moved m CROSS JOIN LATERAL stat_flow_entries(m.kind, m.code, m.d1, m.d2, m.opened_on, m.closed_on, m.multi) e
    CROSS JOIN LATERAL stat_flow_dims(m.programme_id, m.gender, m.birth_year, m.opened_on, m.categories) d
    GROUP BY 1, 2, 3, 4, 5, 6, 7 HAVING sum(m.s * e.n) <> 0 OR sum(m.s * e.n * m.rkey) <> 0;
    PERFORM stat_flow_fold();
END $$;
-- +goose StatementEnd

-- The facts and flows again, with their keys.
DELETE FROM stat_fact;
INSERT INTO stat_fact SELECT * FROM stat_facts(ARRAY(SELECT id FROM cases));
DELETE FROM stat_flow_delta;
DELETE FROM stat_flow;
INSERT INTO stat_flow SELECT * FROM stat_flow_expected;
ANALYZE stat_fact;
ANALYZE stat_flow;

------------------------------------------------------------------------------------------
-- Coverage (replaces 00250, rebuilt below). Each fact carries the sum of its activities'
-- keys (kn), its case's key (ckey) and its participant's (pkey); the summary the sums of
-- the keys of the cases it counts (cases_k) and of the activities (acts_k).
DROP TRIGGER stat_cov ON cases;
DROP TRIGGER stat_cov_ins ON case_events;
DROP TRIGGER stat_cov_upd ON case_events;
DROP TRIGGER stat_cov_del ON case_events;
DROP FUNCTION stat_cov_on_case, stat_cov_on_event, stat_cov_upto, stat_cov_refresh, stat_cov_fold;
DROP VIEW stat_cov_expected, stat_cov_all;
DROP FUNCTION stat_cov_facts;
DROP TABLE stat_cov_delta, stat_cov, stat_cov_fact;

CREATE TABLE stat_cov_fact (
    case_id        uuid NOT NULL,
    practice       text NOT NULL,
    month          date NOT NULL,
    n              bigint NOT NULL,
    prev           date,
    facility_id    uuid NOT NULL,
    programme_id   uuid NOT NULL,
    participant_id uuid NOT NULL,
    last_k         bigint, -- the activities the last write added (what it tells the summary)
    kn             bigint NOT NULL, -- the sum of the activities' keys
    ckey           bigint NOT NULL, -- the case's key
    pkey           bigint NOT NULL, -- the participant's key
    last_kn        bigint, -- the keys of the activities the last write added
    PRIMARY KEY (case_id, practice, month)
);
CREATE INDEX stat_cov_fact_cell ON stat_cov_fact (programme_id, practice, month) INCLUDE (facility_id, participant_id, pkey);

CREATE TABLE stat_cov (
    month        date NOT NULL,
    facility_id  uuid NOT NULL,
    programme_id uuid NOT NULL,
    practice     text NOT NULL,
    since        date NOT NULL,
    cases        bigint NOT NULL,
    acts         bigint NOT NULL,
    cases_k      bigint NOT NULL,
    acts_k       bigint NOT NULL,
    PRIMARY KEY (month, facility_id, programme_id, practice, since)
);
CREATE TABLE stat_cov_delta (LIKE stat_cov);
ALTER TABLE stat_cov_delta SET (autovacuum_vacuum_threshold = 1000, autovacuum_vacuum_scale_factor = 0,
    autovacuum_vacuum_insert_threshold = 1000, autovacuum_vacuum_insert_scale_factor = 0);
CREATE VIEW stat_cov_all AS SELECT * FROM stat_cov UNION ALL SELECT * FROM stat_cov_delta;

-- +goose StatementBegin
CREATE FUNCTION stat_cov_facts(ids uuid[]) RETURNS SETOF stat_cov_fact LANGUAGE sql STABLE AS $$
    SELECT x.case_id, x.practice, x.month, x.n, lag(x.month) OVER (PARTITION BY x.case_id, x.practice ORDER BY x.month),
        c.facility_id, c.programme_id, c.participant_id, x.n, x.kn, c.rkey, pt.rkey, x.kn
    FROM (SELECT e.case_id, pr AS practice, date_trunc('month', e.occurred_on)::date AS month, count(*) AS n, sum(e.rkey)::bigint AS kn
        FROM unnest(ids) i(id) JOIN case_events e ON e.case_id = i.id CROSS JOIN LATERAL (SELECT DISTINCT unnest(e.practices)) pr(pr)
        GROUP BY 1, 2, 3) x
    JOIN cases c ON c.id = x.case_id JOIN participants pt ON pt.id = c.participant_id
$$;
-- +goose StatementEnd

CREATE VIEW stat_cov_expected AS
    SELECT month, facility_id, programme_id, practice, coalesce(prev, '-infinity') AS since, count(*) AS cases, sum(n) AS acts,
        sum(ckey)::bigint AS cases_k, sum(kn)::bigint AS acts_k
    FROM stat_cov_fact GROUP BY 1, 2, 3, 4, 5;

-- +goose StatementBegin
CREATE FUNCTION stat_cov_fold() RETURNS void LANGUAGE plpgsql AS $$
BEGIN
    IF NOT pg_try_advisory_xact_lock(hashtext('stat_cov_fold')) THEN
        RETURN;
    END IF;
    WITH d AS (DELETE FROM stat_cov_delta RETURNING *)
    INSERT INTO stat_cov AS t SELECT month, facility_id, programme_id, practice, since, sum(cases), sum(acts), sum(cases_k), sum(acts_k)
    FROM d GROUP BY 1, 2, 3, 4, 5
    ON CONFLICT (month, facility_id, programme_id, practice, since) DO UPDATE SET cases = t.cases + excluded.cases, acts = t.acts + excluded.acts,
        cases_k = t.cases_k + excluded.cases_k, acts_k = t.acts_k + excluded.acts_k;
END $$;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE FUNCTION stat_cov_refresh(ids uuid[]) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
    WITH gone AS (DELETE FROM stat_cov_fact f USING unnest(ids) i(id) WHERE f.case_id = i.id RETURNING f.*)
    INSERT INTO stat_cov_delta SELECT month, facility_id, programme_id, practice, coalesce(prev, '-infinity'), -1, -n, -ckey, -kn FROM gone;
    WITH added AS (INSERT INTO stat_cov_fact SELECT * FROM stat_cov_facts(ids) RETURNING *)
    INSERT INTO stat_cov_delta SELECT month, facility_id, programme_id, practice, coalesce(prev, '-infinity'), 1, n, ckey, kn FROM added;
    PERFORM stat_cov_fold();
END $$;
-- +goose StatementEnd

-- As in 00250: the short path for activity recorded in order, a refresh of the cases whose
-- links change, and of whole cases for a bulk load.
-- +goose StatementBegin
CREATE FUNCTION stat_cov_on_event() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE late uuid[];
BEGIN
    IF TG_OP <> 'INSERT' THEN
        SELECT array_agg(DISTINCT case_id) INTO late FROM old_rows;
        PERFORM stat_cov_refresh(late);
        RETURN NULL;
    END IF;
    IF (SELECT count(*) > 100 FROM new_rows) THEN
        SELECT array_agg(DISTINCT case_id) INTO late FROM new_rows;
        PERFORM stat_cov_refresh(late);
        RETURN NULL;
    END IF;
    SELECT array_agg(DISTINCT n.case_id) INTO late FROM new_rows n CROSS JOIN LATERAL (SELECT DISTINCT unnest(n.practices)) pr(pr)
    WHERE EXISTS (SELECT 1 FROM stat_cov_fact f WHERE f.case_id = n.case_id AND f.practice = pr AND f.month > date_trunc('month', n.occurred_on))
        AND NOT EXISTS (SELECT 1 FROM stat_cov_fact f WHERE f.case_id = n.case_id AND f.practice = pr AND f.month = date_trunc('month', n.occurred_on));
    WITH inc AS MATERIALIZED (
        SELECT case_id, practice, month, k, kk, lag(month) OVER (PARTITION BY case_id, practice ORDER BY month) AS before
        FROM (SELECT n.case_id, pr AS practice, date_trunc('month', n.occurred_on)::date AS month, count(*) AS k, sum(n.rkey)::bigint AS kk
            FROM new_rows n CROSS JOIN LATERAL (SELECT DISTINCT unnest(n.practices)) pr(pr)
            WHERE late IS NULL OR n.case_id <> ALL(late)
            GROUP BY 1, 2, 3) x),
    up AS (
        INSERT INTO stat_cov_fact AS f
        SELECT inc.case_id, inc.practice, inc.month, inc.k,
            greatest(inc.before, (SELECT max(p.month) FROM stat_cov_fact p WHERE p.case_id = inc.case_id AND p.practice = inc.practice AND p.month < inc.month)),
            c.facility_id, c.programme_id, c.participant_id, inc.k, inc.kk, c.rkey, pt.rkey, inc.kk
        FROM inc JOIN cases c ON c.id = inc.case_id JOIN participants pt ON pt.id = c.participant_id
        ORDER BY 1, 2, 3
        ON CONFLICT (case_id, practice, month) DO UPDATE SET n = f.n + excluded.n, last_k = excluded.n, kn = f.kn + excluded.kn, last_kn = excluded.kn
        RETURNING f.month, f.facility_id, f.programme_id, f.practice, f.prev, f.last_k, f.last_kn, f.ckey, xmax = 0 AS fresh)
    INSERT INTO stat_cov_delta
    SELECT month, facility_id, programme_id, practice, coalesce(prev, '-infinity'), sum(fresh::int), sum(last_k),
        sum(CASE WHEN fresh THEN ckey ELSE 0 END), sum(last_kn)
    FROM up GROUP BY 1, 2, 3, 4, 5; -- a bulk load makes a delta per key, not per event
    IF late IS NOT NULL THEN
        PERFORM stat_cov_refresh(late);
    ELSIF random() < 1.0 / 32 THEN
        PERFORM stat_cov_fold();
    END IF;
    RETURN NULL;
END $$;
-- +goose StatementEnd
CREATE TRIGGER stat_cov_ins AFTER INSERT ON case_events REFERENCING NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION stat_cov_on_event();
CREATE TRIGGER stat_cov_upd AFTER UPDATE ON case_events REFERENCING OLD TABLE AS old_rows
    FOR EACH STATEMENT EXECUTE FUNCTION stat_cov_on_event();
CREATE TRIGGER stat_cov_del AFTER DELETE ON case_events REFERENCING OLD TABLE AS old_rows
    FOR EACH STATEMENT EXECUTE FUNCTION stat_cov_on_event();

-- +goose StatementBegin
CREATE FUNCTION stat_cov_on_case() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM stat_cov_refresh(ARRAY[NEW.id]);
    RETURN NULL;
END $$;
-- +goose StatementEnd
CREATE TRIGGER stat_cov AFTER UPDATE OF facility_id, programme_id, participant_id ON cases
    FOR EACH ROW WHEN (OLD.facility_id IS DISTINCT FROM NEW.facility_id OR OLD.programme_id IS DISTINCT FROM NEW.programme_id
        OR OLD.participant_id IS DISTINCT FROM NEW.participant_id)
    EXECUTE FUNCTION stat_cov_on_case();

-- The distinct participants behind a coverage cell, up to k, and the sum of their keys
-- (exact when n < k), as stat_att_people.
-- +goose StatementBegin
CREATE FUNCTION stat_cov_people(k int, d1 date, d2 date, facilities uuid[], programme uuid, prac text, OUT n int, OUT ksum bigint)
LANGUAGE plpgsql STABLE AS $$
DECLARE seen uuid[] := '{}'; p uuid; pk bigint;
BEGIN
    ksum := 0;
    FOR p, pk IN SELECT f.participant_id, f.pkey FROM stat_cov_fact f WHERE f.programme_id = programme AND f.practice = prac
            AND f.month BETWEEN date_trunc('month', d1) AND d2 AND f.facility_id = ANY(facilities) LOOP
        IF NOT p = ANY(seen) THEN
            seen := seen || p;
            ksum := ksum + pk;
            IF cardinality(seen) >= k THEN
                n := k;
                RETURN;
            END IF;
        END IF;
    END LOOP;
    n := cardinality(seen);
END $$;
-- +goose StatementEnd

INSERT INTO stat_cov_fact SELECT * FROM stat_cov_facts(ARRAY(SELECT id FROM cases));
INSERT INTO stat_cov SELECT * FROM stat_cov_expected;
ANALYZE stat_cov_fact;
ANALYZE stat_cov;

-- +goose Down
-- The summaries of 00230-00260 are derived data: going back means re-applying those
-- migrations' definitions and rebuilding from the records, which this file cannot do on
-- its own. Restore the database from before this migration instead.
SELECT 1/0 AS this_migration_cannot_be_reverted;
