package seed_test

import (
	"context"
	"slices"
	"testing"

	"pathways/domain/postgres/pgtest"
	"pathways/domain/postgres/seed"
)

// Trial 16, M14: a demo session with "Unexcused absence" had notes describing work done in the
// session. The notes of a session with one participant (individual or family format) agree
// with that participant's attendance: absent, they say so (or are empty); present, they never
// read as an absence.
func TestSeedDemoNotesAgreeWithAttendance(t *testing.T) {
	db, _ := pgtest.New(t)
	ctx := context.Background()
	if _, err := seed.Demo(ctx, db, demoOrganisation(t, db)); err != nil {
		t.Fatal(err)
	}
	rows, err := db.Pool().Query(ctx, `SELECT s.id, s.notes, min(a.attendance), count(*)
		FROM intervention_sessions s JOIN session_attendance a ON a.session_id = s.id
		WHERE s.format <> 'group' GROUP BY s.id, s.notes`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var absences, present int
	var allAbsence []string
	for _, notes := range seed.AbsenceNotes {
		allAbsence = append(allAbsence, notes...)
	}
	for rows.Next() {
		var id, notes, att string
		var n int
		if err := rows.Scan(&id, &notes, &att, &n); err != nil {
			t.Fatal(err)
		}
		if n != 1 {
			continue // a family session may list more than one case; none does in the demo today
		}
		switch att {
		case "attended", "late":
			present++
			if slices.Contains(allAbsence, notes) {
				t.Errorf("session %s (%s) has notes of an absence: %q", id, att, notes)
			}
		default:
			absences++
			if notes != "" && !slices.Contains(seed.AbsenceNotes[att], notes) {
				t.Errorf("session %s (%s) has notes that do not describe the absence: %q", id, att, notes)
			}
		}
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	if absences == 0 || present == 0 {
		t.Fatalf("the demo has %d one-person sessions with an absence and %d attended: the check saw nothing", absences, present)
	}
}

// Trial 17, M7: rejected demo requests carried comments such as "Approved after team review.".
// A rejection's comment never reads as an approval.
func TestSeedRejectionsDoNotReadAsApprovals(t *testing.T) {
	db, _ := pgtest.New(t)
	ctx := context.Background()
	if _, err := seed.Demo(ctx, db, demoOrganisation(t, db)); err != nil {
		t.Fatal(err)
	}
	var rejected, wrong int
	if err := db.Pool().QueryRow(ctx, `SELECT count(*), count(*) FILTER (WHERE comment ~* '(approv|agreed|proceed)')
		FROM approvals WHERE status = 'rejected'`).Scan(&rejected, &wrong); err != nil {
		t.Fatal(err)
	}
	if rejected == 0 {
		t.Fatal("the demo has no rejected request: the check saw nothing")
	}
	if wrong > 0 {
		t.Errorf("%d of %d rejected requests carry a comment that reads as an approval", wrong, rejected)
	}
}
