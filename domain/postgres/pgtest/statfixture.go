package pgtest

import (
	"context"
	"testing"

	"github.com/jackc/pgx/v5/pgxpool"
)

// Fixture writes case records straight into the tables, so that statistics tests can build
// small worlds whose right answers are known by hand.
type Fixture struct {
	t    testing.TB
	pool *pgxpool.Pool
	User string // the staff member every record names
}

// NewFixture makes the staff member the records name. Countries, facilities and programmes
// are made with Facility and Programme.
func NewFixture(t testing.TB, pool *pgxpool.Pool) *Fixture {
	f := &Fixture{t: t, pool: pool}
	f.User = f.id(`INSERT INTO users (username, password_hash) VALUES ('fixture-staff', 'x') RETURNING id::text`)
	return f
}

// Exec runs one statement and fails the test on error.
func (f *Fixture) Exec(sql string, args ...any) {
	f.t.Helper()
	if _, err := f.pool.Exec(context.Background(), sql, args...); err != nil {
		f.t.Fatalf("%v\n%s", err, sql)
	}
}

func (f *Fixture) id(sql string, args ...any) string {
	f.t.Helper()
	var id string
	if err := f.pool.QueryRow(context.Background(), sql, args...).Scan(&id); err != nil {
		f.t.Fatalf("%v\n%s", err, sql)
	}
	return id
}

// Country makes a country if it is missing.
func (f *Fixture) Country(code string) {
	f.Exec(`INSERT INTO countries (code, name) VALUES ($1, $1) ON CONFLICT DO NOTHING`, code)
}

// Facility makes a prison.
func (f *Fixture) Facility(country, name string) string {
	f.Country(country)
	return f.id(`INSERT INTO facilities (country, name, kind) VALUES ($1, $2, 'prison') RETURNING id::text`, country, name)
}

// Programme makes a programme.
func (f *Fixture) Programme(country, name string) string {
	f.Country(country)
	return f.id(`INSERT INTO programmes (country, name) VALUES ($1, $2) RETURNING id::text`, country, name)
}

// Case is what a fixture case is made from; empty dates stay NULL.
type Case struct {
	Facility, Programme string
	Gender              string // default male
	BirthYear           int    // default 1990
	Categories          []string
	Opened              string // YYYY-MM-DD
	Phase               string // default intervention
	PhaseSince          string // default Opened
	Closed, Reason      string
	Released            string
}

// Case makes a participant and their case and returns the case id.
func (f *Fixture) Case(c Case) string {
	f.t.Helper()
	if c.Gender == "" {
		c.Gender = "male"
	}
	if c.BirthYear == 0 {
		c.BirthYear = 1990
	}
	if c.Phase == "" {
		c.Phase = "intervention"
	}
	if c.PhaseSince == "" {
		c.PhaseSince = c.Opened
	}
	if c.Categories == nil {
		c.Categories = []string{}
	}
	pid := f.id(`INSERT INTO participants (pseudonym, country, birth_year, gender, nationality, categories)
		SELECT 'P-' || gen_random_uuid(), country, $2, $3, 'XA', $4 FROM facilities WHERE id = $1 RETURNING id::text`,
		c.Facility, c.BirthYear, c.Gender, c.Categories)
	return f.id(`INSERT INTO cases (participant_id, programme_id, facility_id, country, track, phase, phase_since, consent_given, consent_date,
			opened_on, closed_on, closure_reason, actual_release_date, created_by)
		SELECT $1, $2, $3, country, 'custodial', $4, $5::date, true, $6::date, $6::date, nullif($7, '')::date, nullif($8, ''), nullif($9, '')::date, $10
		FROM facilities WHERE id = $3 RETURNING id::text`,
		pid, c.Programme, c.Facility, c.Phase, c.PhaseSince, c.Opened, c.Closed, c.Reason, c.Released, f.User)
}

// PhaseChange records an applied change effective on a date.
func (f *Fixture) PhaseChange(caseID, from, to, on string) {
	f.Exec(`INSERT INTO phase_changes (case_id, from_phase, to_phase, status, requested_by, effective_on, requested_at)
		VALUES ($1, $2, $3, 'applied', $4, $5::date, $5::date)`, caseID, from, to, f.User, on)
}

// Attendance is one participant at a session.
type Attendance struct {
	Case, Attendance string
	Engagement       int // 0 for none
}

// Session records a session and its attendance.
func (f *Fixture) Session(facility, typ, on string, minutes int, att ...Attendance) string {
	id := f.id(`INSERT INTO intervention_sessions (intervention_type, held_on, minutes, format, delivered_by, facility_id, created_by)
		VALUES ($1, $2::date, $3, 'group', $4, $5, $4) RETURNING id::text`, typ, on, minutes, f.User, facility)
	for _, a := range att {
		f.Exec(`INSERT INTO session_attendance (session_id, case_id, attendance, engagement) VALUES ($1, $2, $3, nullif($4, 0))`,
			id, a.Case, a.Attendance, a.Engagement)
	}
	return id
}

// Milestone records a milestone claim in a status.
func (f *Fixture) Milestone(caseID, code, on, status string) {
	f.Exec(`INSERT INTO milestones (case_id, definition_code, achieved_on, evidence, status, claimed_by)
		VALUES ($1, $2, $3::date, 'e', $4, $5)`, caseID, code, on, status, f.User)
}

// Assessment records a final assessment with the open instrument.
func (f *Fixture) Assessment(caseID, occasion, on, overall string) {
	f.Exec(`INSERT INTO assessments (case_id, instrument_code, instrument_version, occasion, status, assessed_on, overall, assessor_id, finalised_at)
		VALUES ($1, 'pathways-open', '1', $2, 'final', $3::date, $4, $5, now())`, caseID, occasion, on, overall, f.User)
}

// FollowUp records a post-release follow-up; offence "" means none.
func (f *Fixture) FollowUp(caseID, on, housing, work, family, offence, offenceOn string) {
	cat := any(nil)
	if offence == "" {
		offence = "none"
	} else {
		cat = "01"
	}
	f.Exec(`INSERT INTO follow_ups (case_id, held_on, months_since_release, housing, work_education, family_contact,
			supervision_compliance, new_offence, offence_category, offence_on, recorded_by)
		VALUES ($1, $2::date, 6, $3, $4, $5, 'compliant', $6, $7, nullif($8, '')::date, $9)`,
		caseID, on, housing, work, family, offence, cat, offenceOn, f.User)
}

// Event records a timeline event evidencing practices.
func (f *Fixture) Event(caseID, kind, on string, practices ...string) {
	f.Exec(`INSERT INTO case_events (case_id, occurred_on, kind, practices) VALUES ($1, $2::date, $3, $4)`, caseID, on, kind, practices)
}
