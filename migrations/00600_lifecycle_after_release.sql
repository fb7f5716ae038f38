-- +goose Up
-- Through the gate and after: releases and recalls as history, follow-up schedules, re-entry,
-- transfers, the legal basis of a case. The rules are in domain/ (release.go,
-- followup_schedule.go, transfer.go, consent.go, reentry.go); these tables keep their facts.
--
-- The statistics summaries (migrations 00230-00260) are not touched here. They read cases
-- and follow_ups as before; cases.actual_release_date and cases.release_type go on naming the
-- case's latest release (kept in step by the stores), recorded or recalled.

-- Each programme names its follow-up points, in months from the release (custodial cases) or
-- from the end of the intervention (community cases).
ALTER TABLE programmes ADD COLUMN follow_up_months int[] NOT NULL DEFAULT '{3,6,12,24}'
    CHECK (cardinality(follow_up_months) BETWEEN 1 AND 12 AND 1 <= ALL (follow_up_months) AND 120 >= ALL (follow_up_months));

-- Why the participant is in the programme. Consent is required only on a voluntary basis;
-- a mandated participant's consent, when given, is recorded, and its withdrawal does not end
-- the case. consent_date stays when consent is withdrawn (consent_given turns false).
ALTER TABLE cases
    ADD COLUMN legal_basis text NOT NULL DEFAULT 'voluntary'
        CHECK (legal_basis IN ('voluntary', 'licence_condition', 'court_order', 'administrative_decision')),
    ADD COLUMN consent_withdrawn_on date,
    -- The participant's earlier case this one re-enters the programme after.
    ADD COLUMN previous_case_id uuid REFERENCES cases(id),
    ALTER COLUMN consent_date DROP NOT NULL,
    ADD CONSTRAINT cases_consent_date CHECK (consent_given <= (consent_date IS NOT NULL)),
    ADD CONSTRAINT cases_voluntary_consent CHECK (legal_basis <> 'voluntary' OR consent_given OR consent_withdrawn_on IS NOT NULL),
    ADD CONSTRAINT cases_previous_not_self CHECK (previous_case_id <> id);
CREATE INDEX cases_previous ON cases (previous_case_id) WHERE previous_case_id IS NOT NULL;

-- Every release of a custodial case, numbered per case, with the recall that ended it. A
-- release is "recorded" until the case enters reintegration on it (entered_on), and at most
-- one release of a case is not recalled.
CREATE TABLE releases (
    id                 uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    case_id            uuid NOT NULL REFERENCES cases(id),
    number             int  NOT NULL CHECK (number >= 1),
    released_on        date NOT NULL,
    release_type       text NOT NULL CHECK (release_type IN ('end_of_sentence', 'parole', 'conditional', 'court_order', 'other')),
    supervising_agency text NOT NULL DEFAULT '',
    conditions         text NOT NULL DEFAULT '',
    entered_on         date,
    recalled_on        date,
    recall_reason      text CHECK (recall_reason IN ('breach_of_conditions', 'new_offence', 'other')),
    recall_outcome     text CHECK (recall_outcome IN ('returned_to_custody', 'remanded', 'new_sentence', 'other')),
    recall_change_id   uuid REFERENCES phase_changes(id),
    recorded_by        uuid NOT NULL REFERENCES users(id),
    created_at         timestamptz NOT NULL DEFAULT now(),
    UNIQUE (case_id, number),
    CHECK ((recalled_on IS NULL) = (recall_reason IS NULL)),
    CHECK (recall_outcome IS NULL OR recalled_on IS NOT NULL),
    CHECK (recalled_on IS NULL OR (entered_on IS NOT NULL AND recalled_on >= released_on))
);
CREATE UNIQUE INDEX releases_one_open ON releases (case_id) WHERE recalled_on IS NULL;

-- A recall asked for (leaving reintegration) carries its facts until a supervisor decides.
ALTER TABLE phase_changes
    ADD COLUMN recall_on date,
    ADD COLUMN recall_reason text CHECK (recall_reason IN ('breach_of_conditions', 'new_offence', 'other')),
    ADD COLUMN recall_outcome text CHECK (recall_outcome IN ('returned_to_custody', 'remanded', 'new_sentence', 'other')),
    ADD CONSTRAINT phase_changes_recall CHECK ((recall_on IS NULL) = (recall_reason IS NULL));

-- A recall retires the reintegration plan: a new one is approved before the next release.
ALTER TABLE reintegration_plans DROP CONSTRAINT reintegration_plans_status_check,
    ADD CONSTRAINT reintegration_plans_status_check CHECK (status IN ('draft', 'submitted', 'approved', 'rejected', 'retired'));

-- The follow-ups of a custodial case belong to a release.
ALTER TABLE follow_ups ADD COLUMN release_id uuid REFERENCES releases(id);
CREATE INDEX follow_ups_release ON follow_ups (release_id) WHERE release_id IS NOT NULL;

-- The follow-up points: one per programme month count and anchor, due that many months
-- after it; reached by a follow-up, or closed as not reached with a reason.
CREATE TABLE follow_up_points (
    id                 uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    case_id            uuid NOT NULL REFERENCES cases(id),
    release_id         uuid REFERENCES releases(id),
    anchor             text NOT NULL CHECK (anchor IN ('release', 'intervention_end')),
    anchor_on          date NOT NULL,
    months             int  NOT NULL CHECK (months BETWEEN 1 AND 120),
    due_on             date NOT NULL,
    status             text NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'reached', 'not_reached')),
    follow_up_id       uuid UNIQUE REFERENCES follow_ups(id),
    not_reached_reason text CHECK (not_reached_reason IN ('lost_contact', 'refused', 'moved_abroad', 'in_custody', 'deceased')),
    closed_on          date,
    closed_by          uuid REFERENCES users(id), -- NULL: closed by the system (a recall, a death)
    closed_at          timestamptz,
    created_at         timestamptz NOT NULL DEFAULT now(),
    CHECK ((anchor = 'release') = (release_id IS NOT NULL)),
    CHECK ((status = 'reached') = (follow_up_id IS NOT NULL)),
    CHECK ((status = 'not_reached') = (not_reached_reason IS NOT NULL)),
    CHECK ((status = 'open') = (closed_on IS NULL)),
    CHECK (due_on > anchor_on)
);
CREATE UNIQUE INDEX follow_up_points_release ON follow_up_points (release_id, months) WHERE release_id IS NOT NULL;
CREATE UNIQUE INDEX follow_up_points_community ON follow_up_points (case_id, months) WHERE anchor = 'intervention_end';
CREATE INDEX follow_up_points_case ON follow_up_points (case_id, due_on);
-- The caseload's overdue filter and the overdue count on every case read: open points only.
CREATE INDEX follow_up_points_open ON follow_up_points (case_id, due_on) WHERE status = 'open';

-- Transfers between facilities of a country: asked for by the sending side, accepted or
-- declined by a supervisor of the receiving facility (never the requester).
CREATE TABLE transfers (
    id               uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    case_id          uuid NOT NULL REFERENCES cases(id),
    from_facility_id uuid NOT NULL REFERENCES facilities(id),
    to_facility_id   uuid NOT NULL REFERENCES facilities(id),
    reason           text NOT NULL CHECK (length(reason) BETWEEN 1 AND 2000),
    transfer_on      date NOT NULL,
    status           text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'accepted', 'declined')),
    requested_by     uuid NOT NULL REFERENCES users(id),
    requested_at     timestamptz NOT NULL DEFAULT now(),
    decided_by       uuid REFERENCES users(id),
    decided_at       timestamptz,
    comment          text NOT NULL DEFAULT '',
    handover         jsonb, -- what the receiving team was handed on acceptance
    CHECK (from_facility_id <> to_facility_id),
    CHECK (decided_by IS NULL OR decided_by <> requested_by),
    CHECK ((status = 'pending') = (decided_at IS NULL))
);
CREATE UNIQUE INDEX transfers_one_pending ON transfers (case_id) WHERE status = 'pending';
CREATE INDEX transfers_to_pending ON transfers (to_facility_id) WHERE status = 'pending';
CREATE INDEX transfers_case ON transfers (case_id, requested_at);

-- Derives the releases, follow-up points and their links of cases recorded before these
-- tables existed (and of cases the seeds write row by row): a release for each entry into
-- reintegration (its day from the release on the timeline, the latest from the case), its
-- recall from the next move out of reintegration back to custody, a schedule per release and
-- per community case that closed from intervention, follow-ups matched to the nearest point
-- (from 45 days before to 92 days after it is due), then the points a recall or a death
-- closed. Cases that already have releases or points are left alone. Returns how many
-- releases it made.
-- +goose StatementBegin
CREATE FUNCTION lifecycle_backfill(ids uuid[]) RETURNS int LANGUAGE plpgsql AS $$
DECLARE
    c record; e record; x record; pt record;
    n int; made int := 0; prev_recall date; rel_on date; rel_id uuid; leaving record; reason text; fu uuid;
BEGIN
    FOR c IN SELECT k.id, k.phase, k.track, k.actual_release_date, k.release_type, k.opened_on, k.closed_on, k.closure_reason,
            coalesce(k.case_manager_id, k.created_by) AS author, g.follow_up_months AS months,
            coalesce(rp.supervising_agency, '') AS agency, rp.release_type AS plan_type
        FROM cases k JOIN programmes g ON g.id = k.programme_id LEFT JOIN reintegration_plans rp ON rp.case_id = k.id
        WHERE k.id = ANY (ids)
            AND NOT EXISTS (SELECT 1 FROM releases r WHERE r.case_id = k.id)
            AND NOT EXISTS (SELECT 1 FROM follow_up_points f WHERE f.case_id = k.id)
    LOOP
        n := 0;
        prev_recall := NULL;
        IF c.track = 'custodial' THEN
            FOR e IN SELECT p.effective_on, p.requested_at FROM phase_changes p
                WHERE p.case_id = c.id AND p.to_phase = 'reintegration' AND p.status IN ('applied', 'approved')
                ORDER BY p.effective_on, p.requested_at
            LOOP
                n := n + 1;
                -- The first move out of reintegration after this entry.
                SELECT p.id, p.to_phase, p.closure_reason, p.effective_on, p.recall_on, p.recall_reason, p.recall_outcome INTO leaving FROM phase_changes p
                    WHERE p.case_id = c.id AND p.from_phase = 'reintegration' AND p.status IN ('applied', 'approved')
                        AND (p.effective_on, p.requested_at) >= (e.effective_on, e.requested_at)
                    ORDER BY p.effective_on, p.requested_at LIMIT 1;
                rel_on := (SELECT max(ev.occurred_on) FROM case_events ev WHERE ev.case_id = c.id AND ev.kind = 'release'
                    AND ev.occurred_on <= e.effective_on AND ev.occurred_on >= coalesce(prev_recall, c.opened_on));
                IF c.actual_release_date IS NOT NULL AND c.actual_release_date <= e.effective_on
                        AND c.actual_release_date >= coalesce(prev_recall, c.opened_on) AND (leaving.id IS NULL OR leaving.to_phase = 'closed') THEN
                    rel_on := c.actual_release_date;
                END IF;
                rel_on := coalesce(rel_on, e.effective_on);
                INSERT INTO releases (case_id, number, released_on, release_type, supervising_agency, entered_on, recorded_by, created_at)
                VALUES (c.id, n, rel_on, coalesce(CASE WHEN leaving.id IS NULL OR leaving.to_phase = 'closed' THEN c.release_type END, c.plan_type, 'other'),
                    c.agency, e.effective_on, c.author, e.requested_at)
                RETURNING id INTO rel_id;
                made := made + 1;
                IF leaving.id IS NOT NULL AND (leaving.to_phase = 'intervention' OR leaving.closure_reason = 'reoffended_recalled') THEN
                    -- The recall as asked for, or else its day of approval, and a new offence as its
                    -- reason when a charge or conviction since the release says so.
                    reason := coalesce(leaving.recall_reason, CASE WHEN EXISTS (SELECT 1 FROM follow_ups f WHERE f.case_id = c.id
                        AND f.new_offence IN ('charge', 'conviction') AND f.offence_on BETWEEN rel_on AND leaving.effective_on)
                        THEN 'new_offence' ELSE 'other' END);
                    prev_recall := greatest(coalesce(leaving.recall_on, leaving.effective_on), rel_on);
                    UPDATE releases SET recalled_on = prev_recall, recall_reason = reason, recall_outcome = leaving.recall_outcome,
                        recall_change_id = leaving.id WHERE id = rel_id;
                END IF;
                INSERT INTO follow_up_points (case_id, release_id, anchor, anchor_on, months, due_on, created_at)
                SELECT c.id, rel_id, 'release', rel_on, m, (rel_on + make_interval(months => m))::date, e.requested_at
                FROM (SELECT DISTINCT unnest(c.months)) x(m);
            END LOOP;
            IF n = 0 AND c.actual_release_date IS NOT NULL AND c.phase IN ('reintegration', 'closed') THEN
                -- Released, with no phase history saying when the case entered reintegration
                -- (records imported as they stand): the release is entered on its own day.
                n := 1;
                INSERT INTO releases (case_id, number, released_on, release_type, supervising_agency, entered_on, recorded_by)
                VALUES (c.id, 1, c.actual_release_date, coalesce(c.release_type, c.plan_type, 'other'), c.agency, c.actual_release_date, c.author)
                RETURNING id INTO rel_id;
                made := made + 1;
                INSERT INTO follow_up_points (case_id, release_id, anchor, anchor_on, months, due_on)
                SELECT c.id, rel_id, 'release', c.actual_release_date, m, (c.actual_release_date + make_interval(months => m))::date
                FROM (SELECT DISTINCT unnest(c.months)) x(m);
            -- A release recorded in pre-release, not yet entered on.
            ELSIF c.phase = 'pre_release' AND c.actual_release_date IS NOT NULL AND c.actual_release_date >= coalesce(prev_recall, c.opened_on) THEN
                n := n + 1;
                INSERT INTO releases (case_id, number, released_on, release_type, supervising_agency, recorded_by)
                VALUES (c.id, n, c.actual_release_date, coalesce(c.release_type, c.plan_type, 'other'), c.agency, c.author);
                made := made + 1;
            END IF;
        ELSIF c.phase = 'closed' AND c.closure_reason IN ('completed', 'withdrawn', 'other') AND EXISTS (SELECT 1 FROM phase_changes p
                WHERE p.case_id = c.id AND p.to_phase = 'closed' AND p.from_phase = 'intervention' AND p.status IN ('applied', 'approved')) THEN
            INSERT INTO follow_up_points (case_id, anchor, anchor_on, months, due_on)
            SELECT c.id, 'intervention_end', c.closed_on, m, (c.closed_on + make_interval(months => m))::date
            FROM (SELECT DISTINCT unnest(c.months)) x(m);
        END IF;
        -- Follow-ups belong to the latest release on or before them.
        UPDATE follow_ups f SET release_id = (SELECT r.id FROM releases r WHERE r.case_id = c.id AND r.released_on <= f.held_on
                ORDER BY r.released_on DESC, r.number DESC LIMIT 1)
            WHERE f.case_id = c.id AND f.release_id IS NULL AND EXISTS (SELECT 1 FROM releases r WHERE r.case_id = c.id AND r.released_on <= f.held_on);
        -- Each point takes the unmatched follow-up of its episode nearest its due day.
        FOR pt IN SELECT * FROM follow_up_points p WHERE p.case_id = c.id ORDER BY p.due_on, p.months LOOP
            SELECT f.id INTO fu FROM follow_ups f
                WHERE f.case_id = c.id AND f.held_on >= pt.anchor_on AND f.release_id IS NOT DISTINCT FROM pt.release_id
                    AND f.held_on BETWEEN pt.due_on - 45 AND pt.due_on + 92
                    AND NOT EXISTS (SELECT 1 FROM follow_up_points q WHERE q.follow_up_id = f.id)
                ORDER BY abs(f.held_on - pt.due_on), f.held_on, f.id LIMIT 1;
            IF fu IS NOT NULL THEN
                UPDATE follow_up_points SET status = 'reached', follow_up_id = fu,
                    closed_on = (SELECT held_on FROM follow_ups WHERE id = fu), closed_at = now() WHERE id = pt.id;
            END IF;
        END LOOP;
        -- A recall closes its release's points due after it; a death closes the rest.
        UPDATE follow_up_points p SET status = 'not_reached', not_reached_reason = 'in_custody', closed_on = r.recalled_on, closed_at = now()
            FROM releases r WHERE p.case_id = c.id AND r.id = p.release_id AND p.status = 'open' AND r.recalled_on IS NOT NULL AND p.due_on > r.recalled_on;
        IF c.closure_reason = 'deceased' THEN
            UPDATE follow_up_points SET status = 'not_reached', not_reached_reason = 'deceased', closed_on = c.closed_on, closed_at = now()
                WHERE case_id = c.id AND status = 'open';
        END IF;
    END LOOP;
    -- The case names its latest release.
    UPDATE cases k SET actual_release_date = r.released_on, release_type = r.release_type
        FROM (SELECT DISTINCT ON (case_id) case_id, released_on, release_type FROM releases WHERE case_id = ANY (ids)
            ORDER BY case_id, number DESC) r
        WHERE k.id = r.case_id AND (k.actual_release_date, k.release_type) IS DISTINCT FROM (r.released_on, r.release_type);
    RETURN made;
END $$;
-- +goose StatementEnd

SELECT lifecycle_backfill(ARRAY(SELECT id FROM cases));

-- +goose Down
DROP FUNCTION lifecycle_backfill;
DROP TABLE transfers;
DROP TABLE follow_up_points;
ALTER TABLE follow_ups DROP COLUMN release_id;
UPDATE reintegration_plans SET status = 'draft' WHERE status = 'retired';
ALTER TABLE reintegration_plans DROP CONSTRAINT reintegration_plans_status_check,
    ADD CONSTRAINT reintegration_plans_status_check CHECK (status IN ('draft', 'submitted', 'approved', 'rejected'));
ALTER TABLE phase_changes DROP COLUMN recall_on, DROP COLUMN recall_reason, DROP COLUMN recall_outcome;
DROP TABLE releases;
ALTER TABLE cases DROP COLUMN legal_basis, DROP COLUMN consent_withdrawn_on, DROP COLUMN previous_case_id;
ALTER TABLE cases ALTER COLUMN consent_date SET NOT NULL;
ALTER TABLE programmes DROP COLUMN follow_up_months;
