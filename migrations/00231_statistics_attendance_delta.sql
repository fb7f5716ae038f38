-- +goose Up
-- Writers no longer update the attendance summary rows in place. stat_att is keyed by month,
-- facility and type, so every session recorded at one facility in one month updated the same
-- few rows, and each writer held their locks until it committed (through its audit append):
-- concurrent writers queued behind one another. Now a write only appends its contribution
-- to stat_att_delta (an INSERT never waits on another), and whichever writer finds no fold
-- under way (a try-lock, never a wait) folds the accumulated deltas into stat_att. Only one
-- transaction folds at a time, so the summary rows have a single writer. Readers add the few
-- unfolded deltas (stat_att_all); the fold moves rows from one table to the other in one
-- transaction, so a reader sees every contribution exactly once.
CREATE TABLE stat_att_delta (
    month       date NOT NULL,
    facility_id uuid NOT NULL,
    itype       text NOT NULL,
    dim         text NOT NULL,
    code        text NOT NULL,
    n_all       bigint NOT NULL,
    n_present   bigint NOT NULL,
    min_present bigint NOT NULL,
    e1 bigint NOT NULL, e2 bigint NOT NULL, e3 bigint NOT NULL, e4 bigint NOT NULL, e5 bigint NOT NULL
);
-- Rows come and go all the time: vacuum it after every thousand dead rows, whatever its size.
ALTER TABLE stat_att_delta SET (autovacuum_vacuum_threshold = 1000, autovacuum_vacuum_scale_factor = 0,
    autovacuum_vacuum_insert_threshold = 1000, autovacuum_vacuum_insert_scale_factor = 0);

CREATE VIEW stat_att_all AS
    SELECT * FROM stat_att UNION ALL SELECT * FROM stat_att_delta;

-- The summaries as the figures see them, one row per key (the consistency test compares it
-- with stat_att_expected).
CREATE VIEW stat_att_sum AS
    SELECT month, facility_id, itype, dim, code, sum(n_all)::bigint AS n_all, sum(n_present)::bigint AS n_present,
        sum(min_present)::bigint AS min_present, sum(e1)::bigint AS e1, sum(e2)::bigint AS e2, sum(e3)::bigint AS e3,
        sum(e4)::bigint AS e4, sum(e5)::bigint AS e5
    FROM stat_att_all GROUP BY 1, 2, 3, 4, 5;

-- Folds the deltas into stat_att, unless another transaction is folding (it will, or the
-- next writer will). The lock is the transaction's: held to its commit, like the rows.
-- +goose StatementBegin
CREATE FUNCTION stat_att_fold() RETURNS void LANGUAGE plpgsql AS $$
BEGIN
    IF NOT pg_try_advisory_xact_lock(hashtext('stat_att_fold')) THEN
        RETURN;
    END IF;
    WITH d AS (DELETE FROM stat_att_delta RETURNING *)
    INSERT INTO stat_att AS t (month, facility_id, itype, dim, code, n_all, n_present, min_present, e1, e2, e3, e4, e5)
    SELECT month, facility_id, itype, dim, code, sum(n_all), sum(n_present), sum(min_present), sum(e1), sum(e2), sum(e3), sum(e4), sum(e5)
    FROM d GROUP BY 1, 2, 3, 4, 5
    ON CONFLICT (dim, month, facility_id, itype, code) DO UPDATE SET n_all = t.n_all + excluded.n_all,
        n_present = t.n_present + excluded.n_present, min_present = t.min_present + excluded.min_present,
        e1 = t.e1 + excluded.e1, e2 = t.e2 + excluded.e2, e3 = t.e3 + excluded.e3, e4 = t.e4 + excluded.e4, e5 = t.e5 + excluded.e5;
END $$;
-- +goose StatementEnd

-- As before, but the contributions go to stat_att_delta, one row per record and key (no
-- grouping or sorting: a single recorded attendance is five rows).
-- +goose StatementBegin
CREATE OR REPLACE FUNCTION stat_att_refresh(sessions uuid[], cases uuid[]) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
    WITH gone AS (DELETE FROM stat_att_fact x USING unnest(sessions, cases) p(s, c)
            WHERE x.session_id = p.s AND x.case_id = p.c RETURNING x.*)
    INSERT INTO stat_att_delta (month, facility_id, itype, dim, code, n_all, n_present, min_present, e1, e2, e3, e4, e5)
    SELECT date_trunc('month', f.held_on)::date, f.facility_id, f.itype, k.dim, k.code, -1, -f.present::int,
        CASE WHEN f.present THEN -f.minutes ELSE 0 END, -(coalesce(f.engagement, 0) = 1)::int, -(coalesce(f.engagement, 0) = 2)::int,
        -(coalesce(f.engagement, 0) = 3)::int, -(coalesce(f.engagement, 0) = 4)::int, -(coalesce(f.engagement, 0) = 5)::int
    FROM gone f CROSS JOIN LATERAL stat_att_keys(ROW(f.*)::stat_att_fact) k;

    WITH added AS (INSERT INTO stat_att_fact SELECT s.* FROM stat_att_source s JOIN unnest(sessions, cases) p(s, c)
            ON s.session_id = p.s AND s.case_id = p.c RETURNING *)
    INSERT INTO stat_att_delta (month, facility_id, itype, dim, code, n_all, n_present, min_present, e1, e2, e3, e4, e5)
    SELECT date_trunc('month', f.held_on)::date, f.facility_id, f.itype, k.dim, k.code, 1, f.present::int,
        CASE WHEN f.present THEN f.minutes ELSE 0 END, (coalesce(f.engagement, 0) = 1)::int, (coalesce(f.engagement, 0) = 2)::int,
        (coalesce(f.engagement, 0) = 3)::int, (coalesce(f.engagement, 0) = 4)::int, (coalesce(f.engagement, 0) = 5)::int
    FROM added f CROSS JOIN LATERAL stat_att_keys(ROW(f.*)::stat_att_fact) k;

    PERFORM stat_att_fold();
END $$;
-- +goose StatementEnd

-- Recording attendance (the common write) takes a shorter path than stat_att_refresh: the
-- new records' facts straight from the transition table, no lookup of earlier facts (there
-- are none: the key is new), and a fold by one write in 32 on average: a fold costs about as
-- much as the rest of the trigger (its DELETE reads the delta table's recently dead rows
-- too), and 32 writes leave only a few hundred pending rows for the readers to add.
-- +goose StatementBegin
CREATE OR REPLACE FUNCTION stat_att_on_attendance() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE ss uuid[]; cs uuid[];
BEGIN
    IF TG_OP = 'INSERT' THEN
        WITH added AS (INSERT INTO stat_att_fact
                SELECT n.session_id, n.case_id, s.held_on, s.intervention_type, s.minutes, c.facility_id, c.programme_id,
                    c.participant_id, pt.gender, pt.birth_year, pt.categories, n.attendance IN ('attended', 'late'), n.engagement
                FROM new_rows n JOIN intervention_sessions s ON s.id = n.session_id
                JOIN cases c ON c.id = n.case_id JOIN participants pt ON pt.id = c.participant_id RETURNING *)
        INSERT INTO stat_att_delta (month, facility_id, itype, dim, code, n_all, n_present, min_present, e1, e2, e3, e4, e5)
        SELECT date_trunc('month', f.held_on)::date, f.facility_id, f.itype, k.dim, k.code, count(*), count(*) FILTER (WHERE f.present),
            coalesce(sum(f.minutes) FILTER (WHERE f.present), 0), count(*) FILTER (WHERE f.engagement = 1), count(*) FILTER (WHERE f.engagement = 2),
            count(*) FILTER (WHERE f.engagement = 3), count(*) FILTER (WHERE f.engagement = 4), count(*) FILTER (WHERE f.engagement = 5)
        FROM added f CROSS JOIN LATERAL stat_att_keys(ROW(f.*)::stat_att_fact) k
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

-- +goose StatementBegin
CREATE OR REPLACE FUNCTION stat_att_rebuild() RETURNS void LANGUAGE sql AS $$
    SELECT pg_advisory_xact_lock(hashtext('stat_att_fold'));
    DELETE FROM stat_att_fact;
    DELETE FROM stat_att;
    DELETE FROM stat_att_delta;
    INSERT INTO stat_att_fact SELECT * FROM stat_att_source;
    INSERT INTO stat_att SELECT * FROM stat_att_expected;
$$;
-- +goose StatementEnd

-- +goose Down
-- +goose StatementBegin
CREATE OR REPLACE FUNCTION stat_att_on_attendance() RETURNS trigger LANGUAGE plpgsql AS $$
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
-- +goose StatementBegin
CREATE OR REPLACE FUNCTION stat_att_rebuild() RETURNS void LANGUAGE sql AS $$
    DELETE FROM stat_att_fact;
    DELETE FROM stat_att;
    INSERT INTO stat_att_fact SELECT * FROM stat_att_source;
    INSERT INTO stat_att SELECT * FROM stat_att_expected;
$$;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE OR REPLACE FUNCTION stat_att_refresh(sessions uuid[], cases uuid[]) RETURNS void LANGUAGE plpgsql AS $$
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
SELECT stat_att_fold();
DROP FUNCTION stat_att_fold;
DROP VIEW stat_att_sum;
DROP VIEW stat_att_all;
DROP TABLE stat_att_delta;
