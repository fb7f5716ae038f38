-- +goose Up
-- Monthly flows of the case facts (migration 00240), so that active cases and milestone
-- attainment add up a few thousand summary rows instead of a row per case. Periods are
-- whole months, so every count they need is a sum over months:
--
--   cases open at some time in [from, to]      = opened by to  - closed before from
--   cases open on to (by phase)                = spans begun by to - spans ended by to
--   cases open in the period that reached a    = reached by to - (of those) closed before from
--   milestone by to (per milestone, or any)
--
-- stat_flow holds, per month, facility and breakdown code, how many facts of each flow fall
-- in that month: kind open/close (case), span (+1 in the month a span begins, -1 in the
-- month it ends), reach/reachclose and reach1/reach1close (a milestone reached, counted in
-- the month reached and, if the case is closed, again in the month of closure).
--
-- Only regular facts go in: those of participants with a single case, whose rows are
-- therefore distinct people within any cell, so a flow counts participants as well as
-- cases; and, for a closed case, opened (or milestone reached) no later than closed, which
-- the subtractions above assume. The statistics add the few irregular facts from stat_fact.
--
-- Breakdowns: dim '' (facility is a column), programme, gender, birth_year (the age band
-- depends on the period, so it is worked out when reading), category (one row per category
-- the participant holds, 'none' for none).
CREATE TABLE stat_flow (
    kind        text NOT NULL,
    code        text NOT NULL,
    month       date NOT NULL,
    country     text NOT NULL,
    facility_id uuid NOT NULL,
    dim         text NOT NULL,
    dcode       text NOT NULL,
    n           bigint NOT NULL,
    PRIMARY KEY (kind, dim, month, facility_id, code, dcode)
);
-- Writers append to the deltas; one at a time folds them in (as for attendance, 00231).
CREATE TABLE stat_flow_delta (LIKE stat_flow);
ALTER TABLE stat_flow_delta SET (autovacuum_vacuum_threshold = 1000, autovacuum_vacuum_scale_factor = 0,
    autovacuum_vacuum_insert_threshold = 1000, autovacuum_vacuum_insert_scale_factor = 0);
CREATE VIEW stat_flow_all AS SELECT * FROM stat_flow UNION ALL SELECT * FROM stat_flow_delta;

-- The irregular facts the statistics read one by one.
CREATE INDEX stat_fact_irregular ON stat_fact (kind, d1)
    WHERE multi OR (closed_on IS NOT NULL AND greatest(d1, opened_on) > closed_on);

-- The flow entries of one fact, signed, and the breakdown codes it counts under.
-- +goose StatementBegin
CREATE FUNCTION stat_flow_entries(fkind text, fcode text, d1 date, d2 date, opened_on date, closed_on date, multi boolean)
RETURNS TABLE (kind text, code text, month date, n int) LANGUAGE sql IMMUTABLE AS $$
    SELECT x.kind, x.code, date_trunc('month', x.d)::date, x.n FROM (VALUES
        (CASE fkind WHEN 'case' THEN 'open' ELSE fkind END, coalesce(fcode, ''), greatest(d1, opened_on), 1),
        (CASE fkind WHEN 'case' THEN 'close' WHEN 'span' THEN 'span' ELSE fkind || 'close' END, coalesce(fcode, ''),
            CASE fkind WHEN 'span' THEN d2 ELSE closed_on END, CASE fkind WHEN 'span' THEN -1 ELSE 1 END)) x(kind, code, d, n)
    WHERE fkind IN ('case', 'span', 'reach', 'reach1') AND x.d IS NOT NULL
    AND NOT multi AND (fkind = 'span' OR closed_on IS NULL OR greatest(d1, opened_on) <= closed_on)
$$;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE FUNCTION stat_flow_dims(programme_id uuid, gender text, birth_year int, categories text[])
RETURNS TABLE (dim text, dcode text) LANGUAGE sql IMMUTABLE AS $$
    SELECT '', '' UNION ALL SELECT 'programme', programme_id::text UNION ALL SELECT 'gender', gender
    UNION ALL SELECT 'birth_year', birth_year::text
    UNION ALL SELECT 'category', c FROM unnest(CASE WHEN cardinality(categories) = 0 THEN ARRAY['none'] ELSE categories END) c
$$;
-- +goose StatementEnd

-- The flows as the facts give them (the consistency tests compare stat_flow_all with it).
CREATE VIEW stat_flow_expected AS
    SELECT e.kind, e.code, e.month, f.country, f.facility_id, d.dim, d.dcode, sum(e.n)::bigint AS n
    FROM stat_fact f CROSS JOIN LATERAL stat_flow_entries(f.kind, f.code, f.d1, f.d2, f.opened_on, f.closed_on, f.multi) e
    CROSS JOIN LATERAL stat_flow_dims(f.programme_id, f.gender, f.birth_year, f.categories) d
    GROUP BY 1, 2, 3, 4, 5, 6, 7 HAVING sum(e.n) <> 0;

-- +goose StatementBegin
CREATE FUNCTION stat_flow_fold() RETURNS void LANGUAGE plpgsql AS $$
BEGIN
    IF NOT pg_try_advisory_xact_lock(hashtext('stat_flow_fold')) THEN
        RETURN;
    END IF;
    WITH d AS (DELETE FROM stat_flow_delta RETURNING *)
    INSERT INTO stat_flow AS t SELECT kind, code, month, country, facility_id, dim, dcode, sum(n)
    FROM d GROUP BY 1, 2, 3, 4, 5, 6, 7 HAVING sum(n) <> 0
    ON CONFLICT (kind, dim, month, facility_id, code, dcode) DO UPDATE SET n = t.n + excluded.n;
END $$;
-- +goose StatementEnd

-- Refreshing a case's facts now also records how its flows changed: an unchanged fact
-- cancels out, so most writes append nothing. Like stat_cov_on_event (00250), it looks
-- cases up by index whatever the tables' sizes were when its plans were made.
-- +goose StatementBegin
CREATE OR REPLACE FUNCTION stat_fact_refresh(ids uuid[]) RETURNS void LANGUAGE plpgsql SET enable_seqscan = off AS $$
BEGIN
    WITH gone AS (DELETE FROM stat_fact f USING unnest(ids) i(id) WHERE f.case_id = i.id RETURNING f.*),
    added AS (INSERT INTO stat_fact SELECT * FROM stat_facts(ids) RETURNING *),
    moved AS (SELECT g.*, -1 AS s FROM gone g UNION ALL SELECT a.*, 1 FROM added a)
    INSERT INTO stat_flow_delta
    SELECT e.kind, e.code, e.month, m.country, m.facility_id, d.dim, d.dcode, sum(m.s * e.n)
    FROM moved m CROSS JOIN LATERAL stat_flow_entries(m.kind, m.code, m.d1, m.d2, m.opened_on, m.closed_on, m.multi) e
    CROSS JOIN LATERAL stat_flow_dims(m.programme_id, m.gender, m.birth_year, m.categories) d
    GROUP BY 1, 2, 3, 4, 5, 6, 7 HAVING sum(m.s * e.n) <> 0;
    PERFORM stat_flow_fold();
END $$;
-- +goose StatementEnd

INSERT INTO stat_flow SELECT * FROM stat_flow_expected;
ANALYZE stat_flow;

-- +goose Down
-- +goose StatementBegin
CREATE OR REPLACE FUNCTION stat_fact_refresh(ids uuid[]) RETURNS void LANGUAGE sql AS $$
    DELETE FROM stat_fact f USING unnest(ids) i(id) WHERE f.case_id = i.id;
    INSERT INTO stat_fact SELECT * FROM stat_facts(ids);
$$;
-- +goose StatementEnd
DROP VIEW stat_flow_expected;
DROP FUNCTION stat_flow_fold;
DROP FUNCTION stat_flow_dims;
DROP FUNCTION stat_flow_entries;
DROP INDEX stat_fact_irregular;
DROP VIEW stat_flow_all;
DROP TABLE stat_flow_delta;
DROP TABLE stat_flow;
