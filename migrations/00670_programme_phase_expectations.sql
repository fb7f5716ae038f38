-- +goose Up
-- How long each programme expects a case to stay in each phase before reintegration, in
-- days (domain/task.go: a case past it is a task for its team and supervisors). Phases left
-- out have no expectation. Reintegration is bounded by aftercare_months and follow-ups.
ALTER TABLE programmes ADD COLUMN expected_phase_days jsonb NOT NULL
    DEFAULT '{"intake": 30, "assessment": 60, "intervention": 540, "pre_release": 180}'
    CHECK (jsonb_typeof(expected_phase_days) = 'object');

-- The task list and a case's requests read the approvals of one case.
CREATE INDEX approvals_case ON approvals (case_id, requested_at);

-- +goose Down
DROP INDEX approvals_case;
ALTER TABLE programmes DROP COLUMN expected_phase_days;
