-- +goose Up
-- risk_change starts from the cases with a final assessment in the period, time_in_phase
-- from those with a phase change effective in it.
CREATE INDEX assessments_final_on ON assessments (assessed_on) INCLUDE (case_id) WHERE status = 'final';
CREATE INDEX phase_changes_effective_on ON phase_changes (effective_on) INCLUDE (case_id) WHERE status IN ('applied', 'approved');

-- +goose Down
DROP INDEX assessments_final_on, phase_changes_effective_on;
