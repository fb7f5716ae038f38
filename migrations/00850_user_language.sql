-- +goose Up
-- The interface language belongs to the user, not to the browser (trial 16, M15): on a
-- prison's shared computers the next person at the screen is someone else, and the person who
-- chose Arabic yesterday signs in on another machine today. NULL: never chosen (the sign-in
-- page's language, or the browser's, applies).
ALTER TABLE users ADD COLUMN language text CHECK (language IN ('en', 'fr', 'ar'));

-- +goose Down
ALTER TABLE users DROP COLUMN language;
