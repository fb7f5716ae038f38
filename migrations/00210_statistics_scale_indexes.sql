-- +goose Up
-- risk_change starts from the cases with a final assessment in the period.
CREATE INDEX assessments_final_on ON assessments (assessed_on) INCLUDE (case_id) WHERE status = 'final';

-- +goose Down
DROP INDEX assessments_final_on;
