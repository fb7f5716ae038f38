-- +goose Up
-- The auditor role is global. The audit trail is one chain, listed and verified whole:
-- nothing narrows what an auditor reads to a country, so an auditor membership or token
-- "for country XB" read every country's events (attack round 2) while the administrators
-- who granted it believed otherwise. Such grants are refused from now on (domain/admin.go,
-- and here for any writer); the ones already made meant more than they said, so their
-- tokens stop working and their memberships go (a global administrator can grant the role
-- globally where it was meant).
UPDATE api_tokens SET revoked_at = now() WHERE revoked_at IS NULL AND role = 'auditor' AND scope_kind <> 'global';
DELETE FROM memberships WHERE role = 'auditor' AND scope_kind <> 'global';
ALTER TABLE memberships ADD CONSTRAINT memberships_auditor_global CHECK (role <> 'auditor' OR scope_kind = 'global');
ALTER TABLE api_tokens ADD CONSTRAINT api_tokens_auditor_global CHECK (role <> 'auditor' OR scope_kind = 'global') NOT VALID;

-- +goose Down
ALTER TABLE api_tokens DROP CONSTRAINT api_tokens_auditor_global;
ALTER TABLE memberships DROP CONSTRAINT memberships_auditor_global;
