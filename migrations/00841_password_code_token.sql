-- +goose Up
-- A set-password code made through an API token is backed by that token's scope too, not
-- only by the reach of the person who created the token (attack round 9b): a global
-- administrator's token limited to one country makes codes that stop, like a country
-- administrator's, once the person holds a role beyond that country.
ALTER TABLE password_codes ADD COLUMN issued_via_token uuid REFERENCES api_tokens(id);

-- +goose Down
ALTER TABLE password_codes DROP COLUMN issued_via_token;
