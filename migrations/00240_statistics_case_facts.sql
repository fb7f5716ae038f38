-- +goose Up
-- Case facts: the case-level indicators (active cases, time in phase, milestone attainment
-- and days, risk change) read one narrow table instead of joining cases, participants and
-- their histories on every request. Each case has a handful of rows, one per thing those
-- indicators count, with the case's and participant's breakdown columns copied onto it:
--
--   kind   code                 d1                      d2                          v
--   case   -                    opened on               closed on                   -
--   span   phase                first day in the phase  first day after (NULL: on)  -
--   stay   phase left           day it was left         -                           days in it
--   reach  milestone in use     first day reached       -                           -
--   reach1 -                    first day any milestone -                           -
--                               in use was reached
--   msday  milestone            day reached             -                           days since intake
--   risk   improved/unchanged/  final assessment's day  next final assessment's day -
--          worsened (vs baseline)
--   fu_housing, fu_work_education, fu_family_contact
--          the outcome          follow-up's day         next follow-up's day        -
--   release -                   release date            first charge or conviction  -
--                                                       on or after it
--
-- Rows of kinds case, span, risk and reach1 are at most one per case on any day, so a cell
-- of them counts its participants as its rows, except where the participant has several
-- cases (multi), which only those few rows need checking for.
--
-- A span is a stretch of days, while the case is open, over which the phase the figures
-- give it does not change; a case is active on a day if a span covers it.
--
-- Triggers recompute a case's rows whenever anything they derive from changes, in the same
-- transaction, so the figures never lag. The rows are the case's own: writers to different
-- cases never wait on one another.
CREATE TABLE stat_fact (
    case_id        uuid NOT NULL,
    kind           text NOT NULL,
    code           text,
    d1             date NOT NULL,
    d2             date,
    v              float8,
    participant_id uuid NOT NULL,
    country        text NOT NULL,
    facility_id    uuid NOT NULL,
    programme_id   uuid NOT NULL,
    opened_on      date NOT NULL,
    closed_on      date,
    gender         text NOT NULL,
    birth_year     int  NOT NULL,
    categories     text[] NOT NULL,
    multi          boolean NOT NULL, -- the participant has other cases too
    -- d1 of the case's previous fact of this kind and code (prev_same), and of this kind
    -- (prev_kind): a fact is its case's first in a period, in its cell, when the previous
    -- one is before the period, so the medians count the cases behind a cell without a
    -- count(DISTINCT) (the facts of a kind are ordered by d1, code, v).
    prev_same      date,
    prev_kind      date
);
CREATE INDEX stat_fact_case ON stat_fact (case_id);
CREATE INDEX stat_fact_kind_d1 ON stat_fact (kind, d1);
-- The indicators that read facts of the period one by one (medians, risk change) get them
-- from the index alone: the rows of a period are spread over the table, since a case's facts
-- are rewritten wherever there is room, and reading them from the heap took most of the time.
CREATE INDEX stat_fact_period ON stat_fact (kind, d1) INCLUDE (code, d2, v, country, facility_id, programme_id,
    participant_id, multi, prev_same, prev_kind, gender, birth_year, categories) WHERE kind IN ('stay', 'msday', 'risk');
-- Spans covering a day: those ending after it, or not ending (NULL).
CREATE INDEX stat_fact_kind_d2 ON stat_fact (kind, d2);

-- The facts of the given cases, derived from the source tables. Also the reference the
-- consistency tests compare the table with.
-- +goose StatementBegin
CREATE FUNCTION stat_facts(ids uuid[]) RETURNS SETOF stat_fact LANGUAGE sql STABLE AS $$
    WITH cs AS MATERIALIZED (
        SELECT c.id, c.participant_id, c.country, c.facility_id, c.programme_id, c.opened_on, c.closed_on, c.phase, c.phase_since, c.actual_release_date,
            pt.gender, pt.birth_year, pt.categories,
            EXISTS (SELECT 1 FROM cases o WHERE o.participant_id = c.participant_id AND o.id <> c.id) AS multi
        FROM unnest(ids) i(id) JOIN cases c ON c.id = i.id JOIN participants pt ON pt.id = c.participant_id),
    pc AS MATERIALIZED (
        SELECT p.case_id, p.from_phase, p.to_phase, p.effective_on, p.requested_at, p.id FROM cs JOIN phase_changes p ON p.case_id = cs.id
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
        SELECT m.case_id, m.definition_code, m.achieved_on, md.retired_at IS NULL AS in_use FROM cs JOIN milestones m ON m.case_id = cs.id
        JOIN milestone_definitions md ON md.code = m.definition_code WHERE (m.status = 'verified' OR (m.status = 'claimed' AND NOT md.needs_verification))),
    fu AS MATERIALIZED (
        SELECT f.case_id, f.held_on, f.housing, f.work_education, f.family_contact,
            lead(f.held_on) OVER (PARTITION BY f.case_id ORDER BY f.held_on, f.created_at) AS next_on
        FROM cs JOIN follow_ups f ON f.case_id = cs.id),
    facts (case_id, kind, code, d1, d2, v) AS (
        SELECT id, 'case', NULL::text, opened_on, closed_on, NULL::float8 FROM cs
        UNION ALL
        -- The phase on day d: the current one if it had begun, else the last one entered by then.
        SELECT bp.case_id, 'span',
            CASE WHEN bp.phase <> 'closed' AND bp.phase_since <= bp.d THEN bp.phase
            ELSE coalesce((SELECT p.to_phase FROM phase_changes p WHERE p.case_id = bp.case_id AND p.status IN ('applied', 'approved')
                AND p.effective_on <= bp.d AND p.to_phase <> 'closed' ORDER BY p.effective_on DESC, p.requested_at DESC LIMIT 1), 'intake') END,
            bp.d, coalesce(lead(bp.d) OVER (PARTITION BY bp.case_id ORDER BY bp.d), bp.closed_on), NULL
        FROM bp
        UNION ALL
        SELECT case_id, 'stay', from_phase, effective_on, NULL, (effective_on - started)::float8
        FROM (SELECT pc.case_id, pc.from_phase, pc.effective_on,
                coalesce(lag(pc.effective_on) OVER (PARTITION BY pc.case_id ORDER BY pc.effective_on, pc.requested_at, pc.id), cs.opened_on) AS started
            FROM pc JOIN cs ON cs.id = pc.case_id) s
        UNION ALL
        SELECT case_id, 'reach', definition_code, min(achieved_on), NULL, NULL FROM reached WHERE in_use GROUP BY case_id, definition_code
        UNION ALL
        SELECT case_id, 'reach1', NULL, min(achieved_on), NULL, NULL FROM reached WHERE in_use GROUP BY case_id
        UNION ALL
        SELECT r.case_id, 'msday', r.definition_code, r.achieved_on, NULL, (r.achieved_on - cs.opened_on)::float8
        FROM reached r JOIN cs ON cs.id = r.case_id
        UNION ALL
        -- Each final assessment after the baseline, compared with it; it is the latest on day
        -- d when it was made by d and the next one (d2) was not.
        SELECT case_id, 'risk', CASE WHEN r < base_r THEN 'improved' WHEN r = base_r THEN 'unchanged' ELSE 'worsened' END,
            assessed_on, next_on, NULL
        FROM (SELECT fa.case_id, fa.assessed_on, fa.r, base.r AS base_r, base.assessed_on AS base_on,
                lead(fa.assessed_on) OVER (PARTITION BY fa.case_id ORDER BY fa.assessed_on, fa.created_at) AS next_on
            FROM fa JOIN base ON base.case_id = fa.case_id) x
        WHERE assessed_on > base_on
        UNION ALL
        -- Each follow-up's outcomes; it is the latest on day d when held by d and the next one
        -- (d2) was not.
        SELECT case_id, 'fu_housing', housing, held_on, next_on, NULL FROM fu
        UNION ALL SELECT case_id, 'fu_work_education', work_education, held_on, next_on, NULL FROM fu
        UNION ALL SELECT case_id, 'fu_family_contact', family_contact, held_on, next_on, NULL FROM fu
        UNION ALL
        -- The release, and the first charge or conviction for an offence on or after it (d2).
        SELECT cs.id, 'release', NULL, cs.actual_release_date,
            (SELECT min(f.offence_on) FROM follow_ups f WHERE f.case_id = cs.id AND f.new_offence IN ('charge', 'conviction')
                AND f.offence_on >= cs.actual_release_date), NULL
        FROM cs WHERE cs.actual_release_date IS NOT NULL)
    SELECT f.case_id, f.kind, f.code, f.d1, f.d2, f.v, cs.participant_id, cs.country, cs.facility_id, cs.programme_id,
        cs.opened_on, cs.closed_on, cs.gender, cs.birth_year, cs.categories, cs.multi,
        lag(f.d1) OVER (PARTITION BY f.case_id, f.kind, f.code ORDER BY f.d1, f.v),
        lag(f.d1) OVER (PARTITION BY f.case_id, f.kind ORDER BY f.d1, f.code, f.v)
    FROM facts f JOIN cs ON cs.id = f.case_id
$$;
-- +goose StatementEnd

-- Replaces the facts of the given cases with freshly derived ones.
-- +goose StatementBegin
CREATE FUNCTION stat_fact_refresh(ids uuid[]) RETURNS void LANGUAGE sql AS $$
    DELETE FROM stat_fact f USING unnest(ids) i(id) WHERE f.case_id = i.id;
    INSERT INTO stat_fact SELECT * FROM stat_facts(ids);
$$;
-- +goose StatementEnd

-- One trigger function for every source table: it finds the cases the changed rows belong
-- to and refreshes them. Statement-level with transition tables, so a bulk load refreshes
-- its cases in one pass rather than once per row.
-- +goose StatementBegin
CREATE FUNCTION stat_fact_on_change() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE ids uuid[];
BEGIN
    IF TG_TABLE_NAME = 'cases' THEN
        -- A case added or removed changes whether its participant's other cases are "multi".
        IF TG_OP = 'INSERT' THEN
            SELECT array_agg(c.id) INTO ids FROM cases c WHERE c.participant_id IN (SELECT participant_id FROM new_rows);
        ELSIF TG_OP = 'DELETE' THEN
            SELECT array_agg(id) INTO ids FROM (SELECT id FROM old_rows
                UNION SELECT c.id FROM cases c WHERE c.participant_id IN (SELECT participant_id FROM old_rows)) x;
        ELSE
            -- Only the columns the facts are made of; a case is updated for many other reasons.
            WITH changed AS (SELECT n.id, n.participant_id AS p, o.participant_id AS op FROM new_rows n JOIN old_rows o ON o.id = n.id
                WHERE (n.participant_id, n.country, n.facility_id, n.programme_id, n.opened_on, n.closed_on, n.phase, n.phase_since, n.actual_release_date)
                    IS DISTINCT FROM (o.participant_id, o.country, o.facility_id, o.programme_id, o.opened_on, o.closed_on, o.phase, o.phase_since, o.actual_release_date))
            SELECT array_agg(id) INTO ids FROM (SELECT id FROM changed
                UNION SELECT c.id FROM cases c JOIN changed ON c.participant_id IN (changed.p, changed.op) WHERE changed.p <> changed.op) x;
        END IF;
    ELSIF TG_TABLE_NAME = 'participants' THEN
        SELECT array_agg(c.id) INTO ids FROM cases c JOIN new_rows n ON n.id = c.participant_id JOIN old_rows o ON o.id = n.id
        WHERE (n.gender, n.birth_year, n.categories) IS DISTINCT FROM (o.gender, o.birth_year, o.categories);
    ELSIF TG_TABLE_NAME = 'milestone_definitions' THEN
        SELECT array_agg(DISTINCT m.case_id) INTO ids FROM milestones m JOIN new_rows n ON n.code = m.definition_code
            JOIN old_rows o ON o.code = n.code
            WHERE (n.needs_verification, n.retired_at) IS DISTINCT FROM (o.needs_verification, o.retired_at);
    ELSIF TG_OP = 'INSERT' THEN
        SELECT array_agg(DISTINCT case_id) INTO ids FROM new_rows;
    ELSIF TG_OP = 'DELETE' THEN
        SELECT array_agg(DISTINCT case_id) INTO ids FROM old_rows;
    ELSE
        SELECT array_agg(DISTINCT case_id) INTO ids FROM (SELECT case_id FROM old_rows UNION ALL SELECT case_id FROM new_rows) x;
    END IF;
    IF ids IS NOT NULL THEN
        PERFORM stat_fact_refresh(ids);
    END IF;
    RETURN NULL;
END $$;
-- +goose StatementEnd

CREATE TRIGGER stat_fact_ins AFTER INSERT ON cases REFERENCING NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION stat_fact_on_change();
CREATE TRIGGER stat_fact_upd AFTER UPDATE ON cases REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION stat_fact_on_change();
CREATE TRIGGER stat_fact_del AFTER DELETE ON cases REFERENCING OLD TABLE AS old_rows
    FOR EACH STATEMENT EXECUTE FUNCTION stat_fact_on_change();
CREATE TRIGGER stat_fact_upd AFTER UPDATE ON participants REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION stat_fact_on_change();
CREATE TRIGGER stat_fact_upd AFTER UPDATE ON milestone_definitions REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION stat_fact_on_change();

-- The case's records: the same three triggers on each table.
-- +goose StatementBegin
DO $$
DECLARE t text;
BEGIN
    FOREACH t IN ARRAY ARRAY['phase_changes', 'milestones', 'assessments', 'follow_ups'] LOOP
        EXECUTE format('CREATE TRIGGER stat_fact_ins AFTER INSERT ON %I REFERENCING NEW TABLE AS new_rows
            FOR EACH STATEMENT EXECUTE FUNCTION stat_fact_on_change()', t);
        EXECUTE format('CREATE TRIGGER stat_fact_upd AFTER UPDATE ON %I REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
            FOR EACH STATEMENT EXECUTE FUNCTION stat_fact_on_change()', t);
        EXECUTE format('CREATE TRIGGER stat_fact_del AFTER DELETE ON %I REFERENCING OLD TABLE AS old_rows
            FOR EACH STATEMENT EXECUTE FUNCTION stat_fact_on_change()', t);
    END LOOP;
END $$;
-- +goose StatementEnd

-- The facts of the records already there.
INSERT INTO stat_fact SELECT * FROM stat_facts(ARRAY(SELECT id FROM cases));
ANALYZE stat_fact;

-- +goose Down
DROP TRIGGER stat_fact_ins ON cases;
DROP TRIGGER stat_fact_upd ON cases;
DROP TRIGGER stat_fact_del ON cases;
DROP TRIGGER stat_fact_upd ON participants;
DROP TRIGGER stat_fact_upd ON milestone_definitions;
-- +goose StatementBegin
DO $$
DECLARE t text;
BEGIN
    FOREACH t IN ARRAY ARRAY['phase_changes', 'milestones', 'assessments', 'follow_ups'] LOOP
        EXECUTE format('DROP TRIGGER stat_fact_ins ON %I', t);
        EXECUTE format('DROP TRIGGER stat_fact_upd ON %I', t);
        EXECUTE format('DROP TRIGGER stat_fact_del ON %I', t);
    END LOOP;
END $$;
-- +goose StatementEnd
DROP FUNCTION stat_fact_on_change;
DROP FUNCTION stat_fact_refresh;
DROP FUNCTION stat_facts;
DROP TABLE stat_fact;
