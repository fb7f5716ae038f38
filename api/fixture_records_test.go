package api_test

import (
	"context"
	"testing"
	"time"

	"pathways/domain"
)

// caseFixture inserts, behind the API's back, a participant and a case in the given phase
// at a facility of the programme's country, with the named practitioner on its team. Intake
// itself belongs to the cases routes; the record tests only need a case to write to.
type caseFixture struct {
	phase      string
	facility   string // default Northgate
	programme  string // default Programme A
	country    string // default XA
	released   *time.Time
	teamMember string // username; default practitioner; "" with noTeam for none
	noTeam     bool
}

func (e *env) newCase(f caseFixture) string {
	e.t.Helper()
	t, ctx, pool := e.t, context.Background(), e.db.Pool()
	if f.phase == "" {
		f.phase = "intervention"
	}
	if f.facility == "" {
		f.facility, f.programme, f.country = e.world.Northgate, e.world.ProgrammeXA, "XA"
	}
	if f.teamMember == "" {
		f.teamMember = "practitioner"
	}
	creator := e.world.Users["supervisor"].ID
	var pid, id string
	pseudonym, err := domain.NewPseudonym()
	if err != nil {
		t.Fatal(err)
	}
	err = pool.QueryRow(ctx, `INSERT INTO participants (pseudonym, country, birth_year, gender, nationality)
		VALUES ($2, $1, 1990, 'male', $1) RETURNING id`, f.country, pseudonym).Scan(&pid)
	if err != nil {
		t.Fatal(err)
	}
	var closedOn, reason any
	if f.phase == "closed" {
		closedOn, reason = time.Now(), "withdrawn"
	}
	err = pool.QueryRow(ctx, `INSERT INTO cases (participant_id, programme_id, facility_id, country, track, phase, phase_since,
		consent_given, consent_date, opened_on, actual_release_date, closed_on, closure_reason, created_by)
		VALUES ($1, $2, $3, $4, 'custodial', $5, current_date, true, current_date - 200, current_date - 200, $6, $7, $8, $9) RETURNING id`,
		pid, f.programme, f.facility, f.country, f.phase, f.released, closedOn, reason, creator).Scan(&id)
	if err != nil {
		t.Fatal(err)
	}
	// Its releases and follow-up points, as the migration derives them for cases recorded
	// without them.
	if _, err := pool.Exec(ctx, "SELECT lifecycle_backfill(ARRAY[$1::uuid])", id); err != nil {
		t.Fatal(err)
	}
	if !f.noTeam {
		if _, err := pool.Exec(ctx, `INSERT INTO case_team (case_id, user_id, discipline) VALUES ($1, $2, 'case_manager')`,
			id, e.world.Users[f.teamMember].ID); err != nil {
			t.Fatal(err)
		}
	}
	return id
}

func daysAgo(n int) string { return time.Now().AddDate(0, 0, -n).Format(time.DateOnly) }

var _ = testing.Short
