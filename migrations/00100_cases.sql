-- +goose Up
-- Catalogues. Entries in use are never deleted, only retired (retired_at).

-- The Rome Memorandum's good practices. Titles are our own paraphrases; status says how
-- sure we are of the numbering against the original text.
CREATE TABLE practices (
    code        text PRIMARY KEY CHECK (code ~ '^GP[0-9]{1,2}$'),
    number      int  NOT NULL UNIQUE CHECK (number BETWEEN 1 AND 25),
    section     text NOT NULL CHECK (section IN ('A', 'B', 'C', 'D')),
    title       text NOT NULL,
    evidence    text NOT NULL,
    status      text NOT NULL CHECK (status IN ('confirmed', 'probable', 'unverified'))
);

CREATE TABLE intervention_types (
    code        text PRIMARY KEY CHECK (code ~ '^[a-z][a-z0-9_]{1,62}$'),
    name        text NOT NULL,
    description text NOT NULL DEFAULT '',
    created_at  timestamptz NOT NULL DEFAULT now(),
    retired_at  timestamptz
);
CREATE TABLE intervention_type_practices (
    type_code     text NOT NULL REFERENCES intervention_types(code),
    practice_code text NOT NULL REFERENCES practices(code),
    PRIMARY KEY (type_code, practice_code)
);

CREATE TABLE milestone_definitions (
    code               text PRIMARY KEY CHECK (code ~ '^[a-z][a-z0-9_]{1,62}$'),
    domain             text NOT NULL CHECK (domain IN ('engagement', 'behavioural', 'attitudinal', 'social', 'practical_reintegration', 'compliance')),
    name               text NOT NULL,
    description        text NOT NULL DEFAULT '',
    needs_verification boolean NOT NULL DEFAULT true,
    created_at         timestamptz NOT NULL DEFAULT now(),
    retired_at         timestamptz
);
CREATE TABLE milestone_practices (
    milestone_code text NOT NULL REFERENCES milestone_definitions(code),
    practice_code  text NOT NULL REFERENCES practices(code),
    PRIMARY KEY (milestone_code, practice_code)
);

-- Which practices each kind of case record evidences (assessment, plan, team, …).
CREATE TABLE record_kind_practices (
    kind          text NOT NULL CHECK (kind IN ('intake', 'assessment', 'plan', 'team', 'reintegration_plan', 'follow_up', 'release')),
    practice_code text NOT NULL REFERENCES practices(code),
    PRIMARY KEY (kind, practice_code)
);

CREATE TABLE closure_reasons (
    code       text PRIMARY KEY,
    name       text NOT NULL,
    retired_at timestamptz
);

-- UNODC International Classification of Crime for Statistical Purposes.
CREATE TABLE offence_categories (
    code       text PRIMARY KEY CHECK (code ~ '^[0-9]{2,6}$'),
    level      int  NOT NULL CHECK (level BETWEEN 1 AND 4),
    parent     text REFERENCES offence_categories(code),
    name       text NOT NULL,
    retired_at timestamptz
);

-- Assessment instruments, loaded as data. definition holds domains and items:
-- {"scale": {"min":0,"max":2,"labels":{...}}, "domains":[{"code","name","items":[{"code","polarity":"risk|protective","text"}]}]}
-- Licensed instruments are loaded by their licence holders; their item texts never ship here.
CREATE TABLE instruments (
    code                 text NOT NULL CHECK (code ~ '^[a-z0-9][a-z0-9_-]{1,62}$'),
    version              text NOT NULL CHECK (length(version) BETWEEN 1 AND 20),
    name                 text NOT NULL,
    licence              text NOT NULL DEFAULT 'open',
    review_interval_days int  NOT NULL CHECK (review_interval_days BETWEEN 7 AND 1095),
    definition           jsonb NOT NULL,
    created_at           timestamptz NOT NULL DEFAULT now(),
    retired_at           timestamptz,
    PRIMARY KEY (code, version)
);

-- Participants are pseudonyms with coarse quasi-identifiers, never names. An external
-- reference (a prison number) is kept only as a keyed HMAC, to find duplicates at intake.
CREATE TABLE participants (
    id                uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    pseudonym         text NOT NULL UNIQUE,
    country           text NOT NULL REFERENCES countries(code),
    birth_year        int  NOT NULL CHECK (birth_year BETWEEN 1900 AND 2100),
    gender            text NOT NULL CHECK (gender IN ('female', 'male', 'other', 'not_recorded')),
    nationality       text NOT NULL CHECK (nationality ~ '^[A-Z]{2}$'),
    categories        text[] NOT NULL DEFAULT '{}',
    external_ref_hmac bytea,
    created_at        timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX participants_external_ref ON participants (country, external_ref_hmac) WHERE external_ref_hmac IS NOT NULL;

CREATE TABLE cases (
    id                    uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    participant_id        uuid NOT NULL REFERENCES participants(id),
    programme_id          uuid NOT NULL REFERENCES programmes(id),
    facility_id           uuid NOT NULL REFERENCES facilities(id),
    country               text NOT NULL REFERENCES countries(code), -- the facility's, copied for scope filters
    track                 text NOT NULL CHECK (track IN ('custodial', 'non_custodial')),
    phase                 text NOT NULL CHECK (phase IN ('intake', 'assessment', 'intervention', 'pre_release', 'reintegration', 'closed')),
    phase_since           date NOT NULL,
    offence_category      text REFERENCES offence_categories(code),
    consent_given         boolean NOT NULL,
    consent_date          date NOT NULL,
    opened_on             date NOT NULL,
    expected_release_date date,
    actual_release_date   date,
    release_type          text CHECK (release_type IN ('end_of_sentence', 'parole', 'conditional', 'court_order', 'other')),
    next_review_date      date,
    closed_on             date,
    closure_reason        text REFERENCES closure_reasons(code),
    case_manager_id       uuid REFERENCES users(id),
    version               int  NOT NULL DEFAULT 1, -- the ETag: bumped by every change
    created_by            uuid NOT NULL REFERENCES users(id),
    created_at            timestamptz NOT NULL DEFAULT now(),
    updated_at            timestamptz NOT NULL DEFAULT now(),
    anonymised_at         timestamptz,
    CHECK ((phase = 'closed') = (closure_reason IS NOT NULL AND closed_on IS NOT NULL))
);
CREATE INDEX cases_scope ON cases (country, facility_id, phase);
CREATE INDEX cases_participant ON cases (participant_id);
CREATE INDEX cases_review ON cases (next_review_date) WHERE phase <> 'closed';

CREATE TABLE case_team (
    case_id    uuid NOT NULL REFERENCES cases(id),
    user_id    uuid NOT NULL REFERENCES users(id),
    discipline text NOT NULL CHECK (discipline IN ('case_manager', 'psychologist', 'religious_counsellor', 'ideological_counsellor',
        'educator', 'vocational_trainer', 'social_worker', 'prison_officer', 'probation_officer', 'mentor', 'health', 'other')),
    added_at   timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (case_id, user_id)
);
CREATE INDEX case_team_user ON case_team (user_id);

-- Phase changes, applied or requested. Kept forever.
CREATE TABLE phase_changes (
    id             uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    case_id        uuid NOT NULL REFERENCES cases(id),
    from_phase     text NOT NULL,
    to_phase       text NOT NULL,
    reason         text NOT NULL DEFAULT '',
    closure_reason text REFERENCES closure_reasons(code),
    status         text NOT NULL CHECK (status IN ('applied', 'pending', 'approved', 'rejected', 'withdrawn')),
    requested_by   uuid NOT NULL REFERENCES users(id),
    requested_at   timestamptz NOT NULL DEFAULT now(),
    effective_on   date -- the date the case entered to_phase (applied/approved)
);
CREATE INDEX phase_changes_case ON phase_changes (case_id, requested_at);

-- The supervisors' queue: everything that needs a second pair of eyes. The database itself
-- refuses a decision by the requester.
CREATE TABLE approvals (
    id           uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    case_id      uuid NOT NULL REFERENCES cases(id),
    kind         text NOT NULL CHECK (kind IN ('transition', 'plan', 'milestone', 'reintegration_plan')),
    subject_id   uuid NOT NULL,
    status       text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'approved', 'rejected', 'withdrawn')),
    requested_by uuid NOT NULL REFERENCES users(id),
    requested_at timestamptz NOT NULL DEFAULT now(),
    decided_by   uuid REFERENCES users(id),
    decided_at   timestamptz,
    comment      text NOT NULL DEFAULT '',
    CHECK (decided_by IS NULL OR decided_by <> requested_by),
    CHECK ((status = 'pending') = (decided_at IS NULL))
);
CREATE INDEX approvals_pending ON approvals (status, requested_at) WHERE status = 'pending';
CREATE UNIQUE INDEX approvals_one_pending ON approvals (kind, subject_id) WHERE status = 'pending';

CREATE TABLE assessments (
    id                 uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    case_id            uuid NOT NULL REFERENCES cases(id),
    instrument_code    text NOT NULL,
    instrument_version text NOT NULL,
    occasion           text NOT NULL CHECK (occasion IN ('baseline', 'scheduled', 'event', 'pre_release', 'post_release', 'closure')),
    status             text NOT NULL CHECK (status IN ('draft', 'final')),
    assessed_on        date NOT NULL,
    overall            text CHECK (overall IN ('low', 'moderate', 'high')),
    rationale          text NOT NULL DEFAULT '',
    next_review_date   date,
    supersedes         uuid REFERENCES assessments(id),
    assessor_id        uuid NOT NULL REFERENCES users(id),
    created_at         timestamptz NOT NULL DEFAULT now(),
    finalised_at       timestamptz,
    FOREIGN KEY (instrument_code, instrument_version) REFERENCES instruments(code, version),
    CHECK (status = 'draft' OR (overall IS NOT NULL AND finalised_at IS NOT NULL))
);
CREATE INDEX assessments_case ON assessments (case_id, assessed_on);

CREATE TABLE assessment_ratings (
    assessment_id uuid NOT NULL REFERENCES assessments(id),
    item_code     text NOT NULL,
    rating        int,
    not_rated     boolean NOT NULL DEFAULT false,
    evidence      text NOT NULL DEFAULT '',
    PRIMARY KEY (assessment_id, item_code),
    CHECK (not_rated = (rating IS NULL))
);

-- A final assessment is never edited: a correction is a new version that supersedes it.
-- +goose StatementBegin
CREATE FUNCTION assessments_final_is_final() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_TABLE_NAME = 'assessments' THEN
        IF OLD.status = 'final' THEN
            RAISE EXCEPTION 'a final assessment cannot be changed' USING ERRCODE = 'check_violation';
        END IF;
    ELSIF EXISTS (SELECT 1 FROM assessments WHERE id = OLD.assessment_id AND status = 'final') THEN
        RAISE EXCEPTION 'a final assessment cannot be changed' USING ERRCODE = 'check_violation';
    END IF;
    IF TG_OP = 'DELETE' THEN RETURN OLD; END IF;
    RETURN NEW;
END;
$$;
-- +goose StatementEnd
CREATE TRIGGER assessments_final BEFORE UPDATE OR DELETE ON assessments
    FOR EACH ROW EXECUTE FUNCTION assessments_final_is_final();
CREATE TRIGGER assessment_ratings_final BEFORE UPDATE OR DELETE ON assessment_ratings
    FOR EACH ROW EXECUTE FUNCTION assessments_final_is_final();

-- Individual plans: versions kept; one approved plan is in force at a time.
CREATE TABLE plans (
    id           uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    case_id      uuid NOT NULL REFERENCES cases(id),
    version      int  NOT NULL,
    status       text NOT NULL CHECK (status IN ('draft', 'submitted', 'approved', 'rejected', 'superseded')),
    summary      text NOT NULL DEFAULT '',
    created_by   uuid NOT NULL REFERENCES users(id),
    created_at   timestamptz NOT NULL DEFAULT now(),
    submitted_at timestamptz,
    decided_at   timestamptz,
    UNIQUE (case_id, version)
);
CREATE TABLE plan_goals (
    id                 uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    plan_id            uuid NOT NULL REFERENCES plans(id),
    position           int  NOT NULL,
    need               text NOT NULL,      -- the assessed need (an instrument item or domain code, or free)
    description        text NOT NULL,
    interventions      text[] NOT NULL DEFAULT '{}', -- intervention_types codes
    responsible_id     uuid REFERENCES users(id),
    target_date        date,
    UNIQUE (plan_id, position)
);

-- Intervention sessions. A group session is one row with one attendance row per participant.
CREATE TABLE intervention_sessions (
    id                uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    intervention_type text NOT NULL REFERENCES intervention_types(code),
    held_on           date NOT NULL,
    minutes           int  NOT NULL CHECK (minutes BETWEEN 1 AND 720),
    format            text NOT NULL CHECK (format IN ('individual', 'group', 'family')),
    delivered_by      uuid NOT NULL REFERENCES users(id),
    facility_id       uuid NOT NULL REFERENCES facilities(id),
    notes             text NOT NULL DEFAULT '',
    created_by        uuid NOT NULL REFERENCES users(id),
    created_at        timestamptz NOT NULL DEFAULT now()
);
CREATE TABLE session_attendance (
    session_id  uuid NOT NULL REFERENCES intervention_sessions(id),
    case_id     uuid NOT NULL REFERENCES cases(id),
    attendance  text NOT NULL CHECK (attendance IN ('attended', 'late', 'excused_absence', 'unexcused_absence', 'refused')),
    engagement  int CHECK (engagement BETWEEN 1 AND 5), -- only for those present
    PRIMARY KEY (session_id, case_id),
    CHECK (engagement IS NULL OR attendance IN ('attended', 'late'))
);
CREATE INDEX session_attendance_case ON session_attendance (case_id);

CREATE TABLE milestones (
    id              uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    case_id         uuid NOT NULL REFERENCES cases(id),
    definition_code text NOT NULL REFERENCES milestone_definitions(code),
    achieved_on     date NOT NULL,
    evidence        text NOT NULL,
    status          text NOT NULL CHECK (status IN ('claimed', 'verified', 'rejected', 'lapsed', 'reversed')),
    claimed_by      uuid NOT NULL REFERENCES users(id),
    claimed_at      timestamptz NOT NULL DEFAULT now(),
    decided_at      timestamptz,
    lapse_reason    text,
    lapsed_on       date
);
CREATE INDEX milestones_case ON milestones (case_id);

CREATE TABLE reintegration_plans (
    case_id            uuid PRIMARY KEY REFERENCES cases(id),
    status             text NOT NULL CHECK (status IN ('draft', 'submitted', 'approved', 'rejected')),
    planned_release    date,
    release_type       text CHECK (release_type IN ('end_of_sentence', 'parole', 'conditional', 'court_order', 'other')),
    supervising_agency text NOT NULL DEFAULT '',
    version            int  NOT NULL DEFAULT 1,
    updated_by         uuid NOT NULL REFERENCES users(id),
    updated_at         timestamptz NOT NULL DEFAULT now(),
    decided_at         timestamptz
);
CREATE TABLE reintegration_items (
    case_id     uuid NOT NULL REFERENCES reintegration_plans(case_id),
    area        text NOT NULL CHECK (area IN ('housing', 'work_education', 'family', 'mentoring', 'supervision', 'documents', 'health', 'community')),
    status      text NOT NULL CHECK (status IN ('not_started', 'in_progress', 'in_place')),
    description text NOT NULL DEFAULT '',
    PRIMARY KEY (case_id, area)
);

CREATE TABLE follow_ups (
    id                     uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    case_id                uuid NOT NULL REFERENCES cases(id),
    held_on                date NOT NULL,
    months_since_release   int  NOT NULL CHECK (months_since_release BETWEEN 0 AND 240),
    housing                text NOT NULL CHECK (housing IN ('stable', 'temporary', 'homeless', 'unknown')),
    work_education         text NOT NULL CHECK (work_education IN ('employed', 'in_education', 'unemployed', 'unable', 'unknown')),
    family_contact         text NOT NULL CHECK (family_contact IN ('regular', 'occasional', 'none', 'unknown')),
    supervision_compliance text NOT NULL CHECK (supervision_compliance IN ('compliant', 'minor_breach', 'major_breach', 'not_applicable')),
    new_offence            text NOT NULL CHECK (new_offence IN ('none', 'arrest', 'charge', 'conviction')),
    offence_category       text REFERENCES offence_categories(code),
    offence_on             date,
    notes                  text NOT NULL DEFAULT '',
    recorded_by            uuid NOT NULL REFERENCES users(id),
    created_at             timestamptz NOT NULL DEFAULT now(),
    CHECK ((new_offence = 'none') = (offence_category IS NULL))
);
CREATE INDEX follow_ups_case ON follow_ups (case_id, held_on);

-- The case's timeline: one row for everything that happened, written in the same
-- transaction as the record it describes, with the practices that record evidences.
CREATE TABLE case_events (
    id         bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    case_id    uuid NOT NULL REFERENCES cases(id),
    at         timestamptz NOT NULL DEFAULT now(),
    occurred_on date NOT NULL,          -- the date the thing happened (a session's date, say)
    kind       text NOT NULL,           -- intake, assessment.created, session, milestone.claimed, phase.changed, …
    ref_id     text NOT NULL DEFAULT '',
    summary    text NOT NULL DEFAULT '', -- short, no free-text notes
    practices  text[] NOT NULL DEFAULT '{}',
    actor_id   uuid REFERENCES users(id)
);
CREATE INDEX case_events_case ON case_events (case_id, id DESC);

-- +goose Down
DROP TABLE case_events, follow_ups, reintegration_items, reintegration_plans, milestones,
    session_attendance, intervention_sessions, plan_goals, plans, assessment_ratings, assessments,
    approvals, phase_changes, case_team, cases, participants, instruments, offence_categories,
    closure_reasons, record_kind_practices, milestone_practices, milestone_definitions,
    intervention_type_practices, intervention_types, practices;
DROP FUNCTION assessments_final_is_final;
