-- +goose Up
-- Administration within scope (issue 8, findings 1 and 4).

-- Where a user is placed when they hold no membership: the scope they were created in, or
-- the scope of the last membership taken from them. An administrator manages a user when
-- their admin scopes cover every membership of the user, or, for a user with none, this
-- scope (domain/admin.go). Users created before this migration are placed globally: only a
-- global administrator sees them until they hold a membership.
ALTER TABLE users
    ADD COLUMN home_scope_kind  text NOT NULL DEFAULT 'global' CHECK (home_scope_kind IN ('global', 'country', 'facility')),
    ADD COLUMN home_country     text REFERENCES countries(code),
    ADD COLUMN home_facility_id uuid REFERENCES facilities(id),
    ADD CONSTRAINT users_home_scope CHECK (
           (home_scope_kind = 'global'   AND home_country IS NULL     AND home_facility_id IS NULL)
        OR (home_scope_kind = 'country'  AND home_country IS NOT NULL AND home_facility_id IS NULL)
        OR (home_scope_kind = 'facility' AND home_country IS NOT NULL AND home_facility_id IS NOT NULL));

-- One-time codes with which a person sets their own password: issued when an administrator
-- creates the user (setup) or resets the password (reset). Only the SHA-256 of the code is
-- kept; a code lives at most 24 hours and is used once.
CREATE TABLE password_codes (
    id          uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    user_id     uuid NOT NULL REFERENCES users(id),
    code_hash   bytea NOT NULL UNIQUE,
    purpose     text NOT NULL CHECK (purpose IN ('setup', 'reset')),
    issued_by   uuid REFERENCES users(id), -- NULL: the operator's command line
    approved_by uuid REFERENCES users(id),
    created_at  timestamptz NOT NULL DEFAULT now(),
    expires_at  timestamptz NOT NULL,
    used_at     timestamptz,
    revoked_at  timestamptz,
    CHECK (expires_at > created_at AND expires_at <= created_at + interval '24 hours'),
    CHECK (approved_by IS NULL OR approved_by <> issued_by)
);
CREATE INDEX password_codes_user ON password_codes (user_id) WHERE used_at IS NULL AND revoked_at IS NULL;

-- Changes that one administrator asks for and a second one decides: grants of admin or
-- auditor, changes to another administrator's or an auditor's account, API tokens beyond
-- statistics. The fields of the change are columns, not a document, so the database checks
-- them as it checks the tables they end up in.
CREATE TABLE admin_requests (
    id               uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    kind             text NOT NULL CHECK (kind IN ('user.update', 'user.reset', 'membership.create', 'membership.delete', 'token.create')),
    status           text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'approved', 'rejected')),
    target_user_id   uuid REFERENCES users(id),
    role             text CHECK (role IN ('practitioner', 'supervisor', 'national_authority', 'admin', 'auditor')),
    scope_kind       text CHECK (scope_kind IN ('global', 'country', 'facility')),
    country          text REFERENCES countries(code),
    facility_id      uuid REFERENCES facilities(id),
    routes           text[],
    membership_id    uuid REFERENCES memberships(id) ON DELETE SET NULL,
    disable          boolean,
    display_name     text CHECK (length(display_name) <= 200),
    token_name       text CHECK (length(token_name) BETWEEN 1 AND 200),
    token_expires_at timestamptz,
    requested_by     uuid NOT NULL REFERENCES users(id),
    via_token        uuid REFERENCES api_tokens(id),
    requested_at     timestamptz NOT NULL DEFAULT now(),
    decided_by       uuid REFERENCES users(id),
    decided_at       timestamptz,
    comment          text NOT NULL DEFAULT '' CHECK (length(comment) <= 2000),
    -- Four eyes, enforced here too: nobody decides their own request, nor one about their
    -- own account.
    CHECK (decided_by IS NULL OR decided_by <> requested_by),
    CHECK (decided_by IS NULL OR target_user_id IS NULL OR decided_by <> target_user_id),
    CHECK ((status = 'pending') = (decided_at IS NULL AND decided_by IS NULL)),
    CHECK ((kind = 'token.create') = (target_user_id IS NULL)),
    CHECK (kind <> 'token.create' OR (role IS NOT NULL AND scope_kind IS NOT NULL AND routes IS NOT NULL
        AND token_name IS NOT NULL AND token_expires_at IS NOT NULL)),
    CHECK (kind <> 'membership.create' OR (role IS NOT NULL AND scope_kind IS NOT NULL)),
    CHECK (scope_kind IS NULL
        OR (scope_kind = 'global'   AND country IS NULL     AND facility_id IS NULL)
        OR (scope_kind = 'country'  AND country IS NOT NULL AND facility_id IS NULL)
        OR (scope_kind = 'facility' AND country IS NOT NULL AND facility_id IS NOT NULL))
);
CREATE INDEX admin_requests_pending ON admin_requests (requested_at) WHERE status = 'pending';

-- Tokens: who approved one (when a second administrator had to), and when it was last used
-- (written at most once a minute). A token lives at most a year.
ALTER TABLE api_tokens
    ADD COLUMN approved_by  uuid REFERENCES users(id),
    ADD COLUMN last_used_at timestamptz,
    ADD CONSTRAINT api_tokens_four_eyes CHECK (approved_by IS NULL OR approved_by <> created_by);

-- Tokens issued before this migration by one administrator alone for anything but
-- statistics would now need a second administrator: they stop working (revoked, kept for
-- the record). The others are cut to a year's life.
UPDATE api_tokens SET revoked_at = now()
    WHERE revoked_at IS NULL AND NOT (role = 'national_authority' AND routes = '{statistics}');
UPDATE api_tokens SET expires_at = created_at + interval '365 days'
    WHERE expires_at > created_at + interval '365 days';
ALTER TABLE api_tokens ADD CONSTRAINT api_tokens_lifetime CHECK (expires_at <= created_at + interval '366 days');

-- +goose Down
ALTER TABLE api_tokens DROP CONSTRAINT api_tokens_lifetime, DROP CONSTRAINT api_tokens_four_eyes,
    DROP COLUMN last_used_at, DROP COLUMN approved_by;
DROP TABLE admin_requests;
DROP TABLE password_codes;
ALTER TABLE users DROP CONSTRAINT users_home_scope, DROP COLUMN home_facility_id, DROP COLUMN home_country, DROP COLUMN home_scope_kind;
