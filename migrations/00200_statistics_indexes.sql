-- +goose Up
-- Indexes for the statistics, which are computed from the live records on every request (so
-- a write shows in the figures at once): each serves the period filter of one indicator.
CREATE INDEX intervention_sessions_held_on ON intervention_sessions (held_on) INCLUDE (intervention_type, minutes);
CREATE INDEX session_attendance_session ON session_attendance (session_id) INCLUDE (case_id, attendance, engagement);
CREATE INDEX cases_opened_on ON cases (opened_on);
CREATE INDEX cases_closed_on ON cases (closed_on) WHERE closed_on IS NOT NULL;
CREATE INDEX cases_released_on ON cases (actual_release_date) WHERE actual_release_date IS NOT NULL;
CREATE INDEX phase_changes_effective ON phase_changes (case_id, effective_on) WHERE status IN ('applied', 'approved');
CREATE INDEX milestones_achieved_on ON milestones (achieved_on);
CREATE INDEX follow_ups_held_on ON follow_ups (held_on);
CREATE INDEX case_events_occurred_on ON case_events (occurred_on);
-- Corrections: risk_change skips assessments that a later version supersedes.
CREATE INDEX assessments_supersedes ON assessments (supersedes) WHERE supersedes IS NOT NULL;

-- +goose Down
DROP INDEX intervention_sessions_held_on, session_attendance_session, cases_opened_on, cases_closed_on,
    cases_released_on, phase_changes_effective, milestones_achieved_on, follow_ups_held_on, case_events_occurred_on, assessments_supersedes;
