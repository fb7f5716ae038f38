-- +goose Up
-- Attendance statistics (sessions_by_type/_practice, hours_by_type/_practice,
-- attendance_rate, engagement_distribution) read monthly summaries instead of scanning
-- millions of attendance records. Both tables are kept current by triggers in the very
-- transaction that writes the source rows, so a recorded session shows in the figures at once.
--
-- stat_att_fact: one row per attendance record with everything a figure needs from the
-- session, the case and the participant (the case's current facility and programme, the
-- participant's gender, birth year and categories). When one of those changes (a transfer,
-- a corrected session) the trigger moves the row and its contribution to the summary, so the
-- figures always equal a recomputation from the source tables (stat_att_source).
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
    categories   text[] NOT NULL,
    present      boolean NOT NULL,
    engagement   int,
    PRIMARY KEY (session_id, case_id)
);
-- The capped participant counts (stat_att_upto) scan a cell's records in the period until
-- they have seen MinCell people: by facility and type, or by facility alone.
CREATE INDEX stat_att_fact_type ON stat_att_fact (facility_id, itype, held_on) INCLUDE (pid, present, engagement);
CREATE INDEX stat_att_fact_fac ON stat_att_fact (facility_id, held_on) INCLUDE (pid, present, engagement, itype);
CREATE INDEX stat_att_fact_case ON stat_att_fact (case_id);

-- stat_att: per month, facility and intervention type, the sums the figures are made of,
-- once overall (dim '') and once per code of each person-level breakdown (dim 'programme',
-- 'gender', 'age_band', 'category'), so a breakdown reads a few thousand rows for a year.
-- Category is multi-valued: one row per category the participant holds ('none' for none).
-- Age band: the participant's age in the calendar year of the session.
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
    PRIMARY KEY (dim, month, facility_id, itype, code)
);

-- +goose StatementBegin
CREATE FUNCTION stat_age_band(birth_year int, yr int) RETURNS text LANGUAGE sql IMMUTABLE AS $$
    SELECT CASE WHEN yr - birth_year < 18 THEN 'under_18' WHEN yr - birth_year < 25 THEN '18_24'
        WHEN yr - birth_year < 35 THEN '25_34' WHEN yr - birth_year < 45 THEN '35_44' ELSE '45_plus' END
$$;
-- +goose StatementEnd

CREATE VIEW stat_att_source AS
    SELECT sa.session_id, sa.case_id, s.held_on, s.intervention_type AS itype, s.minutes, c.facility_id, c.programme_id,
        c.participant_id AS pid, pt.gender, pt.birth_year, pt.categories, sa.attendance IN ('attended', 'late') AS present, sa.engagement
    FROM session_attendance sa JOIN intervention_sessions s ON s.id = sa.session_id
    JOIN cases c ON c.id = sa.case_id JOIN participants pt ON pt.id = c.participant_id;

-- The summary rows one fact contributes to.
-- +goose StatementBegin
CREATE FUNCTION stat_att_keys(f stat_att_fact) RETURNS TABLE (dim text, code text) LANGUAGE sql IMMUTABLE AS $$
    SELECT '', '' UNION ALL SELECT 'programme', f.programme_id::text UNION ALL SELECT 'gender', f.gender
    UNION ALL SELECT 'age_band', stat_age_band(f.birth_year, extract(year FROM f.held_on)::int)
    UNION ALL SELECT DISTINCT 'category', cat FROM unnest(CASE WHEN cardinality(f.categories) = 0 THEN ARRAY['none'] ELSE f.categories END) cat
$$;
-- +goose StatementEnd

-- What stat_att must hold: the recomputation from the source tables (rebuild and the
-- consistency test use it).
CREATE VIEW stat_att_expected AS
    SELECT date_trunc('month', f.held_on)::date AS month, f.facility_id, f.itype, k.dim, k.code,
        count(*) AS n_all, count(*) FILTER (WHERE f.present) AS n_present,
        coalesce(sum(f.minutes) FILTER (WHERE f.present), 0) AS min_present,
        count(*) FILTER (WHERE f.engagement = 1) AS e1, count(*) FILTER (WHERE f.engagement = 2) AS e2,
        count(*) FILTER (WHERE f.engagement = 3) AS e3, count(*) FILTER (WHERE f.engagement = 4) AS e4,
        count(*) FILTER (WHERE f.engagement = 5) AS e5
    FROM stat_att_source f CROSS JOIN LATERAL stat_att_keys(ROW(f.*)::stat_att_fact) k
    GROUP BY 1, 2, 3, 4, 5;

-- Removes the facts of some attendance records (pairs of session and case ids) and adds them
-- again from the source tables, moving their contributions in stat_att. Each statement
-- applies its deltas in key order, so concurrent writers queue on the summary rows instead of
-- deadlocking; the work is proportional to the records written, not to the table.
-- +goose StatementBegin
CREATE FUNCTION stat_att_refresh(sessions uuid[], cases uuid[]) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
    WITH gone AS (DELETE FROM stat_att_fact x USING unnest(sessions, cases) p(s, c)
            WHERE x.session_id = p.s AND x.case_id = p.c RETURNING x.*)
    INSERT INTO stat_att AS t (month, facility_id, itype, dim, code, n_all, n_present, min_present, e1, e2, e3, e4, e5)
    SELECT date_trunc('month', f.held_on)::date, f.facility_id, f.itype, k.dim, k.code, -count(*),
        -count(*) FILTER (WHERE f.present), -coalesce(sum(f.minutes) FILTER (WHERE f.present), 0),
        -count(*) FILTER (WHERE f.engagement = 1), -count(*) FILTER (WHERE f.engagement = 2), -count(*) FILTER (WHERE f.engagement = 3),
        -count(*) FILTER (WHERE f.engagement = 4), -count(*) FILTER (WHERE f.engagement = 5)
    FROM gone f CROSS JOIN LATERAL stat_att_keys(ROW(f.*)::stat_att_fact) k
    GROUP BY 1, 2, 3, 4, 5 ORDER BY 4, 1, 2, 3, 5
    ON CONFLICT (dim, month, facility_id, itype, code) DO UPDATE SET n_all = t.n_all + excluded.n_all,
        n_present = t.n_present + excluded.n_present, min_present = t.min_present + excluded.min_present,
        e1 = t.e1 + excluded.e1, e2 = t.e2 + excluded.e2, e3 = t.e3 + excluded.e3, e4 = t.e4 + excluded.e4, e5 = t.e5 + excluded.e5;

    WITH added AS (INSERT INTO stat_att_fact SELECT s.* FROM stat_att_source s JOIN unnest(sessions, cases) p(s, c)
            ON s.session_id = p.s AND s.case_id = p.c RETURNING *)
    INSERT INTO stat_att AS t (month, facility_id, itype, dim, code, n_all, n_present, min_present, e1, e2, e3, e4, e5)
    SELECT date_trunc('month', f.held_on)::date, f.facility_id, f.itype, k.dim, k.code, count(*),
        count(*) FILTER (WHERE f.present), coalesce(sum(f.minutes) FILTER (WHERE f.present), 0),
        count(*) FILTER (WHERE f.engagement = 1), count(*) FILTER (WHERE f.engagement = 2), count(*) FILTER (WHERE f.engagement = 3),
        count(*) FILTER (WHERE f.engagement = 4), count(*) FILTER (WHERE f.engagement = 5)
    FROM added f CROSS JOIN LATERAL stat_att_keys(ROW(f.*)::stat_att_fact) k
    GROUP BY 1, 2, 3, 4, 5 ORDER BY 4, 1, 2, 3, 5
    ON CONFLICT (dim, month, facility_id, itype, code) DO UPDATE SET n_all = t.n_all + excluded.n_all,
        n_present = t.n_present + excluded.n_present, min_present = t.min_present + excluded.min_present,
        e1 = t.e1 + excluded.e1, e2 = t.e2 + excluded.e2, e3 = t.e3 + excluded.e3, e4 = t.e4 + excluded.e4, e5 = t.e5 + excluded.e5;
END $$;
-- +goose StatementEnd

-- Statement-level triggers: a COPY or a multi-row INSERT is one refresh.
-- +goose StatementBegin
CREATE FUNCTION stat_att_on_attendance() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE ss uuid[]; cs uuid[];
BEGIN
    IF TG_OP = 'INSERT' THEN
        SELECT array_agg(session_id), array_agg(case_id) INTO ss, cs FROM new_rows;
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

-- A corrected session, a transfer (facility or programme) or a corrected participant moves
-- the records concerned in the summaries.
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
CREATE TRIGGER stat_att AFTER UPDATE OF facility_id, programme_id, participant_id ON cases
    FOR EACH ROW WHEN (OLD.facility_id IS DISTINCT FROM NEW.facility_id OR OLD.programme_id IS DISTINCT FROM NEW.programme_id OR OLD.participant_id IS DISTINCT FROM NEW.participant_id)
    EXECUTE FUNCTION stat_att_on_other();
CREATE TRIGGER stat_att AFTER UPDATE OF gender, birth_year, categories ON participants
    FOR EACH ROW WHEN (OLD.gender IS DISTINCT FROM NEW.gender OR OLD.birth_year IS DISTINCT FROM NEW.birth_year OR OLD.categories IS DISTINCT FROM NEW.categories)
    EXECUTE FUNCTION stat_att_on_other();

-- Rebuilds the attendance summaries from the source tables (after a bulk load with the
-- triggers disabled; the migration backfills with it).
-- +goose StatementBegin
CREATE FUNCTION stat_att_rebuild() RETURNS void LANGUAGE sql AS $$
    DELETE FROM stat_att_fact;
    DELETE FROM stat_att;
    INSERT INTO stat_att_fact SELECT * FROM stat_att_source;
    INSERT INTO stat_att SELECT * FROM stat_att_expected;
$$;
-- +goose StatementEnd

-- Is a cell behind at least k distinct participants? Scans the cell's records in the period
-- (facilities: the caller's scope; itypes: NULL for any; what: 'present', 'all' or the
-- engagement rating) only until k people are seen, so a large cell answers at once and only
-- small cells are read whole. Returns min(distinct participants, k).
-- +goose StatementBegin
CREATE FUNCTION stat_att_upto(k int, d1 date, d2 date, facilities uuid[], itypes text[], bydim text, bycode text, what text)
RETURNS int LANGUAGE plpgsql STABLE AS $$
DECLARE seen uuid[] := '{}'; p uuid; q text;
BEGIN
    q := 'SELECT f.pid FROM stat_att_fact f WHERE f.facility_id = ANY($1) AND f.held_on BETWEEN $2 AND $3';
    IF itypes IS NOT NULL THEN q := q || ' AND f.itype = ANY($4)'; END IF;
    q := q || CASE bydim WHEN 'facility' THEN ' AND f.facility_id = $5::uuid' WHEN 'programme' THEN ' AND f.programme_id = $5::uuid'
        WHEN 'gender' THEN ' AND f.gender = $5' WHEN 'age_band' THEN ' AND stat_age_band(f.birth_year, extract(year FROM f.held_on)::int) = $5'
        WHEN 'category' THEN ' AND (f.categories @> ARRAY[$5] OR ($5 = ''none'' AND cardinality(f.categories) = 0))' ELSE '' END;
    q := q || CASE what WHEN 'present' THEN ' AND f.present' WHEN 'all' THEN '' ELSE ' AND f.engagement = $6::int' END;
    FOR p IN EXECUTE q USING facilities, d1, d2, itypes, bycode, CASE WHEN what NOT IN ('present', 'all') THEN what END LOOP
        IF NOT p = ANY(seen) THEN
            seen := seen || p;
            IF cardinality(seen) >= k THEN
                RETURN k;
            END IF;
        END IF;
    END LOOP;
    RETURN cardinality(seen);
END $$;
-- +goose StatementEnd

SELECT stat_att_rebuild();

-- +goose Down
DROP TRIGGER stat_att ON participants;
DROP TRIGGER stat_att ON cases;
DROP TRIGGER stat_att ON intervention_sessions;
DROP TRIGGER stat_att_ins ON session_attendance;
DROP TRIGGER stat_att_del ON session_attendance;
DROP TRIGGER stat_att_upd ON session_attendance;
DROP FUNCTION stat_att_upto, stat_att_rebuild, stat_att_on_other, stat_att_on_attendance, stat_att_refresh;
DROP VIEW stat_att_expected;
DROP FUNCTION stat_att_keys;
DROP VIEW stat_att_source;
DROP FUNCTION stat_age_band;
DROP TABLE stat_att, stat_att_fact;
