-- +goose Up
-- Counters for limits that must hold under bursts (issue 8, findings 3 and 5): sign-in
-- attempts per client address, per username at an address and per username, and matches of
-- an external reference outside the caller's scope per user and day. A request takes its
-- place in the count in the same statement that reads it (an upsert locks the row), so
-- requests arriving together are counted one after the other and none slips past the limit.
-- A counter restarts when its window has passed; old rows are swept by the writers.
CREATE TABLE rate_counters (
    name         text        NOT NULL, -- what is counted, e.g. 'login_address'
    subject      text        NOT NULL, -- whom it is counted for: an address, a username, a user id
    window_start timestamptz NOT NULL,
    count        integer     NOT NULL CHECK (count >= 0),
    PRIMARY KEY (name, subject)
);
CREATE INDEX rate_counters_window ON rate_counters (window_start);

-- +goose Down
DROP TABLE rate_counters;
