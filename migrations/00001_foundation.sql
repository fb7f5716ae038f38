-- +goose Up

CREATE TABLE countries (
    code text PRIMARY KEY CHECK (code ~ '^[A-Z]{2}$'),
    name text NOT NULL CHECK (length(name) BETWEEN 1 AND 200)
);

CREATE TABLE facilities (
    id          uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    country     text NOT NULL REFERENCES countries(code),
    name        text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
    kind        text NOT NULL CHECK (kind IN ('prison', 'probation', 'community')),
    created_at  timestamptz NOT NULL DEFAULT now(),
    retired_at  timestamptz,
    UNIQUE (country, name)
);

CREATE TABLE programmes (
    id               uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    country          text NOT NULL REFERENCES countries(code),
    name             text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
    description      text NOT NULL DEFAULT '' CHECK (length(description) <= 4000),
    aftercare_months int  NOT NULL DEFAULT 12 CHECK (aftercare_months BETWEEN 0 AND 120),
    created_at       timestamptz NOT NULL DEFAULT now(),
    retired_at       timestamptz,
    UNIQUE (country, name)
);

CREATE TABLE users (
    id             uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    username       text NOT NULL UNIQUE CHECK (username ~ '^[a-z0-9][a-z0-9._-]{1,62}$'),
    display_name   text NOT NULL DEFAULT '' CHECK (length(display_name) <= 200),
    password_hash  text NOT NULL,
    totp_secret    text,
    totp_enabled   boolean NOT NULL DEFAULT false,
    totp_last_step bigint NOT NULL DEFAULT 0,
    disabled       boolean NOT NULL DEFAULT false,
    created_at     timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE memberships (
    id          uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    user_id     uuid NOT NULL REFERENCES users(id),
    role        text NOT NULL CHECK (role IN ('practitioner', 'supervisor', 'national_authority', 'admin', 'auditor')),
    scope_kind  text NOT NULL CHECK (scope_kind IN ('global', 'country', 'facility')),
    country     text REFERENCES countries(code),
    facility_id uuid REFERENCES facilities(id),
    created_at  timestamptz NOT NULL DEFAULT now(),
    CHECK ((scope_kind = 'global'   AND country IS NULL     AND facility_id IS NULL)
        OR (scope_kind = 'country'  AND country IS NOT NULL AND facility_id IS NULL)
        OR (scope_kind = 'facility' AND country IS NOT NULL AND facility_id IS NOT NULL))
);
CREATE UNIQUE INDEX memberships_unique ON memberships
    (user_id, role, scope_kind, coalesce(country, ''), coalesce(facility_id, '00000000-0000-0000-0000-000000000000'));

CREATE TABLE sessions (
    token_hash   bytea PRIMARY KEY,
    user_id      uuid NOT NULL REFERENCES users(id),
    csrf_token   text NOT NULL,
    created_at   timestamptz NOT NULL DEFAULT now(),
    expires_at   timestamptz NOT NULL
);
CREATE INDEX sessions_user ON sessions (user_id);

CREATE TABLE api_tokens (
    id          uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    name        text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
    token_hash  bytea NOT NULL UNIQUE,
    role        text NOT NULL CHECK (role IN ('practitioner', 'supervisor', 'national_authority', 'admin', 'auditor')),
    scope_kind  text NOT NULL CHECK (scope_kind IN ('global', 'country', 'facility')),
    country     text REFERENCES countries(code),
    facility_id uuid REFERENCES facilities(id),
    routes      text[] NOT NULL CHECK (cardinality(routes) > 0),
    created_by  uuid NOT NULL REFERENCES users(id),
    created_at  timestamptz NOT NULL DEFAULT now(),
    expires_at  timestamptz NOT NULL,
    revoked_at  timestamptz
);

-- The audit trail. Rows are chained: hash = H(prev_hash, content); seq has no gaps, so a
-- removed row shows as a hole and a changed one as a broken link (pathways audit verify).
CREATE TABLE audit_events (
    seq         bigint PRIMARY KEY,
    at          timestamptz NOT NULL,
    actor_id    text NOT NULL DEFAULT '',
    actor_name  text NOT NULL DEFAULT '',
    role        text NOT NULL DEFAULT '',
    scope       text NOT NULL DEFAULT '',
    action      text NOT NULL,
    object_type text NOT NULL DEFAULT '',
    object_id   text NOT NULL DEFAULT '',
    outcome     text NOT NULL,
    request_id  text NOT NULL DEFAULT '',
    ip          text NOT NULL DEFAULT '',
    details     text NOT NULL DEFAULT '{}',
    prev_hash   bytea NOT NULL,
    hash        bytea NOT NULL
);
CREATE INDEX audit_events_action_at ON audit_events (action, at);
CREATE INDEX audit_events_object ON audit_events (object_type, object_id);
CREATE INDEX audit_events_actor ON audit_events (actor_name, at);

-- The database itself refuses to rewrite history, whoever asks (short of a superuser
-- switching triggers off, which the verifier then catches).
-- +goose StatementBegin
CREATE FUNCTION audit_events_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'audit_events is append-only: % is not allowed', TG_OP
        USING ERRCODE = 'insufficient_privilege';
END;
$$;
-- +goose StatementEnd
CREATE TRIGGER audit_events_no_update BEFORE UPDATE OR DELETE ON audit_events
    FOR EACH ROW EXECUTE FUNCTION audit_events_append_only();
CREATE TRIGGER audit_events_no_truncate BEFORE TRUNCATE ON audit_events
    FOR EACH STATEMENT EXECUTE FUNCTION audit_events_append_only();

-- Creates that carry an Idempotency-Key keep their first answer here.
CREATE TABLE idempotency_keys (
    actor       text NOT NULL,
    key         text NOT NULL,
    method      text NOT NULL,
    path        text NOT NULL,
    body_hash   bytea NOT NULL,
    status      int,
    response    bytea,
    created_at  timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (actor, key)
);

-- +goose Down
DROP TABLE idempotency_keys;
DROP TABLE audit_events;
DROP FUNCTION audit_events_append_only;
DROP TABLE api_tokens;
DROP TABLE sessions;
DROP TABLE memberships;
DROP TABLE users;
DROP TABLE programmes;
DROP TABLE facilities;
DROP TABLE countries;
