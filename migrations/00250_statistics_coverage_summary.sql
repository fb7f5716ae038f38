-- +goose Up
-- Memorandum coverage from summaries instead of every timeline event in the period.
--
-- stat_cov_fact: one row per case, practice and month in which the case's timeline has
-- activity evidencing the practice: how many activities (n), and the previous month with
-- such activity for the same case and practice (prev; NULL if none). A case touched a
-- practice in a period exactly when it has a row in the period whose prev is before the
-- period (or NULL): its first month there. So "cases touched" needs no DISTINCT.
--
-- stat_cov: those rows summed per month, facility, programme, practice and prev ('-infinity'
-- for none): a year of a country is a few thousand rows. Writers append their contribution
-- to stat_cov_delta and one of them now and then folds the deltas in, as for the attendance
-- summaries (migration 00231), so that concurrent writers never wait on a summary row.
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
    PRIMARY KEY (case_id, practice, month)
);
-- The capped participant counts read a cell's rows until they have seen enough people.
CREATE INDEX stat_cov_fact_cell ON stat_cov_fact (programme_id, practice, month) INCLUDE (facility_id, participant_id);

CREATE TABLE stat_cov (
    month        date NOT NULL,
    facility_id  uuid NOT NULL,
    programme_id uuid NOT NULL,
    practice     text NOT NULL,
    since        date NOT NULL,
    cases        bigint NOT NULL,
    acts         bigint NOT NULL,
    PRIMARY KEY (month, facility_id, programme_id, practice, since)
);
CREATE TABLE stat_cov_delta (LIKE stat_cov);
ALTER TABLE stat_cov_delta SET (autovacuum_vacuum_threshold = 1000, autovacuum_vacuum_scale_factor = 0,
    autovacuum_vacuum_insert_threshold = 1000, autovacuum_vacuum_insert_scale_factor = 0);
CREATE VIEW stat_cov_all AS SELECT * FROM stat_cov UNION ALL SELECT * FROM stat_cov_delta;

-- The facts of the given cases, from their timelines.
-- +goose StatementBegin
CREATE FUNCTION stat_cov_facts(ids uuid[]) RETURNS SETOF stat_cov_fact LANGUAGE sql STABLE AS $$
    SELECT x.case_id, x.practice, x.month, x.n, lag(x.month) OVER (PARTITION BY x.case_id, x.practice ORDER BY x.month),
        c.facility_id, c.programme_id, c.participant_id, x.n
    FROM (SELECT e.case_id, pr AS practice, date_trunc('month', e.occurred_on)::date AS month, count(*) AS n
        FROM unnest(ids) i(id) JOIN case_events e ON e.case_id = i.id CROSS JOIN LATERAL (SELECT DISTINCT unnest(e.practices)) pr(pr)
        GROUP BY 1, 2, 3) x
    JOIN cases c ON c.id = x.case_id
$$;
-- +goose StatementEnd

-- The summary as the facts give it (the consistency tests compare stat_cov_all with it).
CREATE VIEW stat_cov_expected AS
    SELECT month, facility_id, programme_id, practice, coalesce(prev, '-infinity') AS since, count(*) AS cases, sum(n) AS acts
    FROM stat_cov_fact GROUP BY 1, 2, 3, 4, 5;

-- +goose StatementBegin
CREATE FUNCTION stat_cov_fold() RETURNS void LANGUAGE plpgsql AS $$
BEGIN
    IF NOT pg_try_advisory_xact_lock(hashtext('stat_cov_fold')) THEN
        RETURN;
    END IF;
    WITH d AS (DELETE FROM stat_cov_delta RETURNING *)
    INSERT INTO stat_cov AS t SELECT month, facility_id, programme_id, practice, since, sum(cases), sum(acts)
    FROM d GROUP BY 1, 2, 3, 4, 5
    ON CONFLICT (month, facility_id, programme_id, practice, since) DO UPDATE SET cases = t.cases + excluded.cases, acts = t.acts + excluded.acts;
END $$;
-- +goose StatementEnd

-- Replaces the facts of the given cases and moves their contributions in the summary.
-- +goose StatementBegin
CREATE FUNCTION stat_cov_refresh(ids uuid[]) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
    WITH gone AS (DELETE FROM stat_cov_fact f USING unnest(ids) i(id) WHERE f.case_id = i.id RETURNING f.*)
    INSERT INTO stat_cov_delta SELECT month, facility_id, programme_id, practice, coalesce(prev, '-infinity'), -1, -n FROM gone;
    WITH added AS (INSERT INTO stat_cov_fact SELECT * FROM stat_cov_facts(ids) RETURNING *)
    INSERT INTO stat_cov_delta SELECT month, facility_id, programme_id, practice, coalesce(prev, '-infinity'), 1, n FROM added;
    PERFORM stat_cov_fold();
END $$;
-- +goose StatementEnd

-- Recording activity (every record writes its timeline event) takes the short path: a
-- month already there gains activities; a month after the case's last for the practice is
-- added, linked to that one. Only activity dated before a month already recorded for the
-- same case and practice changes links, and refreshes those cases whole.
--
-- A bulk load (over 100 events at once) refreshes its cases whole instead, which is planned
-- afresh (stat_cov_facts is SQL): the short path's plans are cached by the session, and one
-- made while stat_cov_fact was nearly empty scans the table once per new row, while a load
-- on another connection grows it (a synthetic seed stalled on that). Single writes keep
-- the cached plans; disabling sequential scans for the function (SET enable_seqscan) or
-- planning every call (EXECUTE) each cost a third of the session-recording throughput.
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
    -- inc: the new activity per case, practice and month; before: the month before it among
    -- them (several months at once come from bulk loads).
    WITH inc AS MATERIALIZED (
        SELECT case_id, practice, month, k, lag(month) OVER (PARTITION BY case_id, practice ORDER BY month) AS before
        FROM (SELECT n.case_id, pr AS practice, date_trunc('month', n.occurred_on)::date AS month, count(*) AS k
            FROM new_rows n CROSS JOIN LATERAL (SELECT DISTINCT unnest(n.practices)) pr(pr)
            WHERE late IS NULL OR n.case_id <> ALL(late)
            GROUP BY 1, 2, 3) x),
    up AS (
        INSERT INTO stat_cov_fact AS f
        SELECT inc.case_id, inc.practice, inc.month, inc.k,
            greatest(inc.before, (SELECT max(p.month) FROM stat_cov_fact p WHERE p.case_id = inc.case_id AND p.practice = inc.practice AND p.month < inc.month)),
            c.facility_id, c.programme_id, c.participant_id, inc.k
        FROM inc JOIN cases c ON c.id = inc.case_id
        ORDER BY 1, 2, 3
        ON CONFLICT (case_id, practice, month) DO UPDATE SET n = f.n + excluded.n, last_k = excluded.n
        RETURNING f.month, f.facility_id, f.programme_id, f.practice, f.prev, f.last_k, xmax = 0 AS fresh)
    INSERT INTO stat_cov_delta
    SELECT month, facility_id, programme_id, practice, coalesce(prev, '-infinity'), sum(fresh::int), sum(last_k)
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

-- A transfer (facility or programme) or a case moved to another person moves its activity.
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

-- Up to k distinct participants behind a coverage cell: the cases of a programme in the
-- given facilities that touched a practice in the period. Stops as soon as it has seen k.
-- +goose StatementBegin
CREATE FUNCTION stat_cov_upto(k int, d1 date, d2 date, facilities uuid[], programme uuid, prac text)
RETURNS int LANGUAGE plpgsql STABLE AS $$
DECLARE seen uuid[] := '{}'; p uuid;
BEGIN
    FOR p IN SELECT f.participant_id FROM stat_cov_fact f WHERE f.programme_id = programme AND f.practice = prac
            AND f.month BETWEEN date_trunc('month', d1) AND d2 AND f.facility_id = ANY(facilities) LOOP
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

-- The activity already recorded.
INSERT INTO stat_cov_fact SELECT * FROM stat_cov_facts(ARRAY(SELECT id FROM cases));
INSERT INTO stat_cov SELECT * FROM stat_cov_expected;
ANALYZE stat_cov_fact;
ANALYZE stat_cov;

-- +goose Down
DROP TRIGGER stat_cov ON cases;
DROP TRIGGER stat_cov_ins ON case_events;
DROP TRIGGER stat_cov_upd ON case_events;
DROP TRIGGER stat_cov_del ON case_events;
DROP FUNCTION stat_cov_on_case;
DROP FUNCTION stat_cov_on_event;
DROP FUNCTION stat_cov_upto;
DROP FUNCTION stat_cov_refresh;
DROP FUNCTION stat_cov_fold;
DROP VIEW stat_cov_expected;
DROP FUNCTION stat_cov_facts;
DROP VIEW stat_cov_all;
DROP TABLE stat_cov_delta;
DROP TABLE stat_cov;
DROP TABLE stat_cov_fact;
