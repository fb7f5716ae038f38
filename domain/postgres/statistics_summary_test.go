package postgres_test

import (
	"context"
	"fmt"
	"math/rand/v2"
	"testing"

	"pathways/domain"
	"pathways/domain/postgres"
	"pathways/domain/postgres/pgtest"
)

// summaryDrift counts the rows where the attendance summaries (folded rows and pending
// deltas) differ from a recomputation from the source tables (the rebuild's own statement).
func summaryDrift(t *testing.T, db *postgres.DB) int {
	t.Helper()
	return countOf(t, db, `SELECT
		(SELECT count(*) FROM ((SELECT * FROM stat_att_sum WHERE n_all <> 0 EXCEPT SELECT * FROM stat_att_expected)
			UNION ALL (SELECT * FROM stat_att_expected EXCEPT SELECT * FROM stat_att_sum)) d)
		+ (SELECT count(*) FROM stat_att_sum WHERE n_all = 0 AND (n_present, min_present, e1, e2, e3, e4, e5) <> (0, 0, 0, 0, 0, 0, 0))
		+ (SELECT count(*) FROM ((TABLE stat_att_fact EXCEPT SELECT * FROM stat_att_source) UNION ALL (SELECT * FROM stat_att_source EXCEPT TABLE stat_att_fact)) d)`)
}

// Writes show in the figures at once, through the summaries: a new attendance, a corrected
// one, a deleted one, a corrected session and a transfer.
func TestStatisticsSummaryWrites(t *testing.T) {
	db, _ := pgtest.New(t)
	w := newStatWorld(t, db)
	s := w.f.Session(w.north, "cognitive_skills", "2025-02-10", 90,
		pgtest.Attendance{Case: w.iv[0], Attendance: "attended", Engagement: 4})
	want(t, figures(t, db, natXA, "sessions_by_type", "facility", from, to), map[string]float64{"cognitive_skills|" + w.north: 1, "_T|_T": 1})
	w.f.Exec(`INSERT INTO session_attendance (session_id, case_id, attendance) VALUES ($1, $2, 'late')`, s, w.iv[1])
	want(t, figures(t, db, natXA, "sessions_by_type", "", from, to), map[string]float64{"cognitive_skills": 2})
	want(t, figures(t, db, natXA, "hours_by_type", "", from, to), map[string]float64{"cognitive_skills": 3})
	w.f.Exec(`UPDATE session_attendance SET attendance = 'refused', engagement = NULL WHERE session_id = $1 AND case_id = $2`, s, w.iv[0])
	want(t, figures(t, db, natXA, "attendance_rate", "", from, to), map[string]float64{"": 50})
	want(t, figures(t, db, natXA, "engagement_distribution", "", from, to), map[string]float64{"4": 0, "_T": 0})
	w.f.Exec(`UPDATE intervention_sessions SET intervention_type = 'mentoring', minutes = 60 WHERE id = $1`, s)
	want(t, figures(t, db, natXA, "hours_by_type", "", from, to), map[string]float64{"cognitive_skills": 0, "mentoring": 1})
	// A transfer moves the case's activity to its new facility.
	w.f.Exec(`UPDATE cases SET facility_id = $1 WHERE id = $2`, w.river, w.iv[1])
	want(t, figures(t, db, natXA, "sessions_by_type", "facility", from, to), map[string]float64{"mentoring|" + w.river: 1, "mentoring|" + w.north: 0})
	w.f.Exec(`DELETE FROM session_attendance WHERE session_id = $1 AND case_id = $2`, s, w.iv[1])
	want(t, figures(t, db, natXA, "sessions_by_type", "", from, to), map[string]float64{"mentoring": 0, "_T": 0})
	if n := summaryDrift(t, db); n != 0 {
		t.Errorf("summaries differ from the source tables in %d rows", n)
	}
}

// After a random mix of writes the summaries equal a full recomputation.
func TestStatisticsSummaryConsistency(t *testing.T) {
	db, _ := pgtest.New(t)
	w := newStatWorld(t, db)
	r := rand.New(rand.NewPCG(1, 2))
	types := []string{"cognitive_skills", "mentoring", "family_engagement"}
	marks := []string{"attended", "late", "refused", "excused_absence"}
	var sessions []string
	cases := append([]string{w.x, w.closed}, w.iv...)
	for i := 0; i < 60; i++ {
		switch op := r.IntN(6); {
		case op < 2 || len(sessions) == 0:
			on := fmt.Sprintf("2025-%02d-%02d", 1+r.IntN(12), 1+r.IntN(28))
			var att []pgtest.Attendance
			for _, j := range r.Perm(len(cases))[:1+r.IntN(4)] {
				a := pgtest.Attendance{Case: cases[j], Attendance: marks[r.IntN(len(marks))]}
				if a.Attendance == "attended" {
					a.Engagement = 1 + r.IntN(5)
				}
				att = append(att, a)
			}
			sessions = append(sessions, w.f.Session([]string{w.north, w.river}[r.IntN(2)], types[r.IntN(3)], on, 30+r.IntN(90), att...))
		case op == 2:
			w.f.Exec(`UPDATE session_attendance SET attendance = 'refused', engagement = NULL WHERE session_id = $1`, sessions[r.IntN(len(sessions))])
		case op == 3:
			w.f.Exec(`DELETE FROM session_attendance WHERE session_id = $1 AND case_id = (SELECT min(case_id::text)::uuid FROM session_attendance WHERE session_id = $1)`, sessions[r.IntN(len(sessions))])
		case op == 4:
			w.f.Exec(`UPDATE intervention_sessions SET held_on = held_on + 40, minutes = minutes + 1 WHERE id = $1`, sessions[r.IntN(len(sessions))])
		default:
			w.f.Exec(`UPDATE cases SET facility_id = $1 WHERE id = $2`, []string{w.north, w.river}[r.IntN(2)], cases[r.IntN(len(cases))])
			w.f.Exec(`UPDATE participants SET birth_year = birth_year - 7, categories = '{juvenile,returnee}' WHERE id = (SELECT participant_id FROM cases WHERE id = $1)`, cases[r.IntN(len(cases))])
		}
	}
	if n := summaryDrift(t, db); n != 0 {
		t.Errorf("summaries differ from the source tables in %d rows", n)
	}
	var rebuilt int
	if _, err := db.Pool().Exec(context.Background(), `SELECT stat_att_rebuild()`); err != nil {
		t.Fatal(err)
	}
	if rebuilt = summaryDrift(t, db); rebuilt != 0 {
		t.Errorf("rebuilt summaries differ in %d rows", rebuilt)
	}
}

// The people behind an attendance cell are counted exactly, with the sum of their keys,
// below the cap, and stop at it; cells just under, at and over it.
func TestStatisticsPeopleCounts(t *testing.T) {
	db, _ := pgtest.New(t)
	w := newStatWorld(t, db)
	// cognitive_skills: 4 people (one of them twice); mentoring: 5; family_engagement: 6.
	for i, n := range map[string]int{"cognitive_skills": 4, "mentoring": 5, "family_engagement": 6} {
		for j := 0; j < n; j++ {
			w.f.Session(w.north, i, "2025-03-10", 60, pgtest.Attendance{Case: w.iv[j], Attendance: "attended"})
		}
		w.f.Session(w.north, i, "2025-04-10", 60, pgtest.Attendance{Case: w.iv[0], Attendance: "attended"})
	}
	ind, _ := domain.IndicatorByID("sessions_by_type")
	for _, k := range []int{3, 5, 6, 7, 100} {
		data, err := db.ComputedStatistic(context.Background(), natXA, domain.StatQuery{Indicator: ind, From: day(from), To: day(to), PeopleCap: k})
		if err != nil {
			t.Fatal(err)
		}
		for code, n := range map[string]int{"cognitive_skills": 4, "mentoring": 5, "family_engagement": 6} {
			var c *domain.Cell
			for _, x := range data.Cells {
				if x.Keys[0] == code {
					c = x
				}
			}
			if c == nil {
				t.Fatalf("no cell %s", code)
			}
			if n >= k {
				if c.People.N != int64(k) || !c.PeopleCapped {
					t.Errorf("cap %d, %s of %d people: %+v", k, code, n, c.People)
				}
				continue
			}
			want := units(t, db, `SELECT rkey FROM participants WHERE id IN (SELECT participant_id FROM cases WHERE id = ANY($1::uuid[]))`, w.iv[:n])
			if c.People != want || c.PeopleCapped {
				t.Errorf("cap %d, %s: people %+v, the records say %+v", k, code, c.People, want)
			}
		}
	}
}

// While another transaction folds (here: holds the fold lock), writes leave their deltas
// pending; the figures count them all the same, and a later write folds them.
func TestStatisticsSummaryPendingDeltas(t *testing.T) {
	db, _ := pgtest.New(t)
	w := newStatWorld(t, db)
	ctx := context.Background()
	folder, err := db.Pool().Begin(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer folder.Rollback(ctx) //nolint:errcheck // committed below
	if _, err := folder.Exec(ctx, `SELECT pg_advisory_xact_lock(hashtext('stat_att_fold'))`); err != nil {
		t.Fatal(err)
	}
	s := w.f.Session(w.north, "cognitive_skills", "2025-02-10", 90, pgtest.Attendance{Case: w.iv[0], Attendance: "attended", Engagement: 4})
	w.f.Session(w.north, "cognitive_skills", "2025-02-11", 30, pgtest.Attendance{Case: w.iv[1], Attendance: "late"})
	w.f.Exec(`DELETE FROM session_attendance WHERE session_id = $1`, s)
	pending := func() (n int) {
		if err := db.Pool().QueryRow(ctx, `SELECT count(*) FROM stat_att_delta`).Scan(&n); err != nil {
			t.Fatal(err)
		}
		return n
	}
	if pending() == 0 {
		t.Fatal("no pending deltas while the fold lock is held")
	}
	want(t, figures(t, db, natXA, "hours_by_type", "", from, to), map[string]float64{"cognitive_skills": 0.5})
	if n := summaryDrift(t, db); n != 0 {
		t.Errorf("summaries with pending deltas differ from the source tables in %d rows", n)
	}
	if err := folder.Commit(ctx); err != nil {
		t.Fatal(err)
	}
	w.f.Session(w.river, "mentoring", "2025-03-01", 60, pgtest.Attendance{Case: w.iv[2], Attendance: "attended"})
	// Corrections fold every time; recorded attendance one time in 32.
	w.f.Exec(`UPDATE session_attendance SET engagement = 2 WHERE session_id = $1`, s)
	if n := pending(); n != 0 {
		t.Errorf("%d deltas left after a free write", n)
	}
	want(t, figures(t, db, natXA, "hours_by_type", "", from, to), map[string]float64{"cognitive_skills": 0.5, "mentoring": 1})
	if n := summaryDrift(t, db); n != 0 {
		t.Errorf("folded summaries differ from the source tables in %d rows", n)
	}
}
