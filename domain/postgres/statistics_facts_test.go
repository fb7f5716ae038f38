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

// countOf runs a query answering one count.
func countOf(t *testing.T, db *postgres.DB, sql string) int {
	t.Helper()
	var n int
	if err := db.Pool().QueryRow(context.Background(), sql).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

// factDrift counts the rows where the case facts the triggers keep (stat_fact) differ from
// a derivation from the source tables.
func factDrift(t *testing.T, db *postgres.DB) int {
	t.Helper()
	return countOf(t, db, `WITH want AS (SELECT * FROM stat_facts(ARRAY(SELECT id FROM cases)))
		SELECT (SELECT count(*) FROM (TABLE stat_fact EXCEPT ALL TABLE want) a) + (SELECT count(*) FROM (TABLE want EXCEPT ALL TABLE stat_fact) b)`)
}

// After a random mix of the writes the case facts derive from (cases opened, moved and
// closed, phase changes, milestones claimed, verified and reversed, assessments, follow-ups,
// release dates, corrected participants, a second case for a participant, catalogue edits), the facts equal a
// derivation from scratch, and so do the figures that read them.
func TestStatisticsFactsConsistency(t *testing.T) {
	db, _ := pgtest.New(t)
	w := newStatWorld(t, db)
	r := rand.New(rand.NewPCG(3, 4))
	cases := append([]string{w.x, w.closed, w.rel1, w.rel2}, w.iv...)
	phases := []string{"intake", "assessment", "intervention", "pre_release", "reintegration"}
	day := func() string { return fmt.Sprintf("202%d-%02d-%02d", 4+r.IntN(2), 1+r.IntN(12), 1+r.IntN(28)) }
	pick := func() string { return cases[r.IntN(len(cases))] }
	for i := 0; i < 80; i++ {
		c := pick()
		switch r.IntN(13) {
		case 0:
			cases = append(cases, w.f.Case(pgtest.Case{Facility: w.river, Programme: w.prog, Opened: day(), Phase: phases[r.IntN(5)]}))
		case 1: // the same person again: both cases become "multi"
			w.f.Exec(`INSERT INTO cases (participant_id, programme_id, facility_id, country, track, phase, phase_since, consent_given, consent_date, opened_on, created_by)
				SELECT participant_id, programme_id, facility_id, country, track, 'intake', $2::date, true, $2::date, $2::date, created_by FROM cases WHERE id = $1`, c, day())
		case 2, 3:
			w.f.PhaseChange(c, phases[r.IntN(5)], phases[r.IntN(5)], day())
		case 4:
			w.f.Exec(`UPDATE cases SET phase = $2, phase_since = $3::date WHERE id = $1 AND phase <> 'closed'`, c, phases[r.IntN(5)], day())
		case 5:
			w.f.Exec(`UPDATE cases SET phase = 'closed', closed_on = greatest(opened_on, $2::date), closure_reason = 'completed', phase_since = greatest(opened_on, $2::date)
				WHERE id = $1 AND phase <> 'closed'`, c, day())
		case 6:
			w.f.Milestone(c, []string{"family_contact_restored", "documents_obtained", "housing_secured"}[r.IntN(3)], day(), []string{"verified", "claimed", "reversed"}[r.IntN(3)])
		case 7:
			w.f.Exec(`UPDATE milestones SET status = 'verified' WHERE id = (SELECT min(id::text)::uuid FROM milestones WHERE case_id = $1)`, c)
		case 8:
			w.f.Assessment(c, []string{"baseline", "scheduled"}[r.IntN(2)], day(), []string{"low", "moderate", "high"}[r.IntN(3)])
		case 9:
			w.f.Exec(`UPDATE cases SET facility_id = $2 WHERE id = $1`, c, []string{w.north, w.river}[r.IntN(2)])
			w.f.Exec(`UPDATE participants SET birth_year = birth_year - 3, gender = 'female', categories = '{juvenile}' WHERE id = (SELECT participant_id FROM cases WHERE id = $1)`, c)
		case 10:
			w.f.FollowUp(c, day(), "stable", "employed", "regular", []string{"", "arrest", "charge", "conviction"}[r.IntN(4)], day())
		case 11:
			w.f.Exec(`UPDATE cases SET actual_release_date = $2::date WHERE id = $1`, c, day())
		default:
			w.f.Exec(`UPDATE milestone_definitions SET needs_verification = NOT needs_verification WHERE code = 'documents_obtained'`)
			w.f.Exec(`UPDATE milestone_definitions SET retired_at = CASE WHEN retired_at IS NULL THEN now() END WHERE code = 'housing_secured'`)
		}
	}
	// Facts the flows cannot place: a milestone reached after the case was closed, and a
	// case whose intake date was corrected to after its closure.
	late := w.f.Case(pgtest.Case{Facility: w.north, Programme: w.prog, Opened: "2024-06-01", Phase: "closed", PhaseSince: "2025-02-01", Closed: "2025-02-01", Reason: "completed"})
	w.f.Milestone(late, "documents_obtained", "2025-05-01", "verified")
	w.f.Exec(`UPDATE cases SET opened_on = '2025-04-01' WHERE id = $1`, w.f.Case(pgtest.Case{Facility: w.north, Programme: w.prog,
		Opened: "2024-06-01", Phase: "closed", PhaseSince: "2025-03-01", Closed: "2025-03-01", Reason: "completed"}))
	var multi int
	if err := db.Pool().QueryRow(context.Background(), `SELECT count(*) FROM stat_fact WHERE multi`).Scan(&multi); err != nil {
		t.Fatal(err)
	}
	if multi == 0 {
		t.Error("the mix made no participant with two cases: the test no longer covers them")
	}
	if n := factDrift(t, db); n != 0 {
		t.Errorf("case facts differ from the source tables in %d rows", n)
	}
	if n := flowDrift(t, db); n != 0 {
		t.Errorf("case flows differ from the facts in %d rows", n)
	}
	// The figures read from the flows equal the definitions applied to the facts, for
	// periods of one month to two years.
	for _, p := range [][2]string{{"2024-01-01", "2024-12-31"}, {"2025-03-01", "2025-03-31"}, {"2024-07-01", "2025-06-30"}, {"2025-01-01", "2026-12-31"}} {
		want(t, figures(t, db, natXA, "active_cases", "gender", p[0], p[1]), keyed(t, db, `SELECT code || '|' || gender, count(*)::float8 FROM stat_fact
			WHERE kind = 'span' AND country = 'XA' AND d1 <= $2::date AND (d2 IS NULL OR d2 > $2::date) AND $1::date IS NOT NULL GROUP BY 1`, p[0], p[1]))
		want(t, figures(t, db, natXA, "milestone_attainment", "", p[0], p[1]), keyed(t, db, `WITH cs AS (SELECT case_id FROM stat_fact
				WHERE kind = 'case' AND country = 'XA' AND opened_on <= $2::date AND (closed_on IS NULL OR closed_on >= $1::date))
			SELECT md.code, round(100.0 * (SELECT count(*) FROM stat_fact r JOIN cs USING (case_id) WHERE r.kind = 'reach' AND r.code = md.code AND r.d1 <= $2::date)
				/ (SELECT count(*) FROM cs), 1)::float8
			FROM milestone_definitions md WHERE md.retired_at IS NULL`, p[0], p[1]))
		// Medians from histograms equal PostgreSQL's own, in cells and margins.
		for kind, id := range map[string]string{"msday": "milestone_days", "stay": "time_in_phase"} {
			want(t, figures(t, db, natXA, id, "gender", p[0], p[1]), keyed(t, db, `SELECT coalesce(code, '_T') || '|' || coalesce(gender, '_T'),
					round(percentile_cont(0.5) WITHIN GROUP (ORDER BY v)::numeric, 1)::float8
				FROM stat_fact WHERE kind = $3 AND country = 'XA' AND d1 BETWEEN $1::date AND $2::date
				GROUP BY GROUPING SETS ((code, gender), (code), (gender), ()) HAVING count(*) > 0`, p[0], p[1], kind))
		}
	}
}

// keyed runs a query answering (key, value) rows, as a map.
func keyed(t *testing.T, db *postgres.DB, sql string, args ...any) map[string]float64 {
	t.Helper()
	rows, err := db.Pool().Query(context.Background(), sql, args...)
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]float64{}
	for rows.Next() {
		var k string
		var v float64
		if err := rows.Scan(&k, &v); err != nil {
			t.Fatal(err)
		}
		out[k] = v
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	return out
}

// flowDrift counts the rows where the case flows (folded and pending) differ from a
// summation of the facts.
func flowDrift(t *testing.T, db *postgres.DB) int {
	t.Helper()
	return countOf(t, db, `WITH got AS (SELECT kind, code, month, country, facility_id, dim, dcode, sum(n)::bigint AS n
			FROM stat_flow_all GROUP BY 1, 2, 3, 4, 5, 6, 7 HAVING sum(n) <> 0)
		SELECT (SELECT count(*) FROM (TABLE got EXCEPT TABLE stat_flow_expected) a) + (SELECT count(*) FROM (TABLE stat_flow_expected EXCEPT TABLE got) b)`)
}

// A participant with two cases counts once among the participants behind a cell, in the
// indicators that count them from case facts without sorting (solo counts).
func TestStatisticsFactsCountPeopleOnce(t *testing.T) {
	db, _ := pgtest.New(t)
	w := newStatWorld(t, db)
	var again string
	w.f.Exec(`INSERT INTO cases (participant_id, programme_id, facility_id, country, track, phase, phase_since, consent_given, consent_date, opened_on, created_by)
		SELECT participant_id, programme_id, facility_id, country, track, 'intervention', opened_on, true, opened_on, opened_on, created_by FROM cases WHERE id = $1`, w.iv[0])
	if err := db.Pool().QueryRow(context.Background(), `SELECT id::text FROM cases WHERE participant_id = (SELECT participant_id FROM cases WHERE id = $1) AND id <> $1`, w.iv[0]).Scan(&again); err != nil {
		t.Fatal(err)
	}
	w.f.Milestone(w.iv[0], "family_contact_restored", "2025-01-30", "verified")
	w.f.Milestone(again, "family_contact_restored", "2025-01-30", "verified")
	w.f.Milestone(again, "documents_obtained", "2025-01-30", "verified")
	cell := func(id, key string) (value float64, participants, numerator int) {
		t.Helper()
		ind, _ := domain.IndicatorByID(id)
		// A threshold far above the counts, so that they are not capped.
		data, err := db.Statistic(context.Background(), natXA, domain.StatQuery{Indicator: ind, From: day(from), To: day(to), MinCell: 100})
		if err != nil {
			t.Fatal(err)
		}
		for _, c := range data.Cells {
			if c.Keys[0] == key {
				return c.Value, c.Participants, c.Numerator
			}
		}
		t.Fatalf("%s: no cell %s", id, key)
		return
	}
	if v, p, _ := cell("active_cases", "intervention"); v != 8 || p != 7 {
		t.Errorf("active in intervention: %v cases of %d people, want 8 of 7", v, p)
	}
	if v, p, _ := cell("active_cases", domain.TotalCode); v != 12 || p != 11 {
		t.Errorf("active: %v cases of %d people, want 12 of 11", v, p)
	}
	if _, p, n := cell("milestone_attainment", "family_contact_restored"); p != 12 || n != 1 {
		t.Errorf("family contact: %d people reached it of %d, want 1 of 12", n, p)
	}
	if _, _, n := cell("milestone_attainment", domain.TotalCode); n != 1 {
		t.Errorf("any milestone: %d people reached one, want 1", n)
	}
	// Medians: a case with two facts in a cell, or in a total over milestones or phases,
	// counts once.
	w.f.Milestone(w.iv[1], "family_contact_restored", "2025-02-10", "verified")
	w.f.Milestone(w.iv[1], "family_contact_restored", "2025-03-10", "verified")
	w.f.Milestone(w.iv[1], "documents_obtained", "2025-03-15", "verified")
	for _, k := range []string{"family_contact_restored", "documents_obtained", domain.TotalCode} {
		if _, p, _ := cell("milestone_days", k); p != 2 {
			t.Errorf("milestone days %s: %d people, want 2", k, p)
		}
	}
	for _, k := range []string{"intake", "assessment", domain.TotalCode} {
		if _, p, _ := cell("time_in_phase", k); p != 1 {
			t.Errorf("time in phase %s: %d people, want 1 (X)", k, p)
		}
	}
}

// covDrift counts the rows where the coverage summary (folded and pending) or its facts
// differ from a derivation from the timelines.
func covDrift(t *testing.T, db *postgres.DB) int {
	t.Helper()
	return countOf(t, db, `WITH want AS (SELECT * FROM stat_cov_facts(ARRAY(SELECT id FROM cases))),
		got AS (SELECT month, facility_id, programme_id, practice, since, sum(cases) AS cases, sum(acts) AS acts FROM stat_cov_all
			GROUP BY 1, 2, 3, 4, 5 HAVING sum(cases) <> 0 OR sum(acts) <> 0),
		expected AS (SELECT month, facility_id, programme_id, practice, coalesce(prev, '-infinity') AS since, count(*) AS cases, sum(n) AS acts
			FROM want GROUP BY 1, 2, 3, 4, 5),
		have AS (SELECT case_id, practice, month, n, prev, facility_id, programme_id, participant_id FROM stat_cov_fact),
		wanted AS (SELECT case_id, practice, month, n, prev, facility_id, programme_id, participant_id FROM want)
		SELECT (SELECT count(*) FROM (TABLE have EXCEPT ALL TABLE wanted) a) + (SELECT count(*) FROM (TABLE wanted EXCEPT ALL TABLE have) b)
			+ (SELECT count(*) FROM (TABLE got EXCEPT TABLE expected) c) + (SELECT count(*) FROM (TABLE expected EXCEPT TABLE got) d)`)
}

// Activity recorded in order, out of order (before a month already there), in bulk, moved
// by a transfer and removed leaves the coverage summary equal to a derivation from the
// timelines, and coverage counts each case touched once however many months it was active.
func TestStatisticsCoverageSummary(t *testing.T) {
	db, _ := pgtest.New(t)
	w := newStatWorld(t, db)
	r := rand.New(rand.NewPCG(5, 6))
	cases := append([]string{w.x, w.closed}, w.iv...)
	practices := []string{"GP3", "GP12", "GP15"}
	for i := 0; i < 80; i++ {
		c := cases[r.IntN(len(cases))]
		on := fmt.Sprintf("2025-%02d-%02d", 1+r.IntN(12), 1+r.IntN(28))
		switch r.IntN(8) {
		case 0: // several at once, across months and cases
			w.f.Exec(`INSERT INTO case_events (case_id, occurred_on, kind, practices)
				SELECT c, $2::date + 31 * k, 'session', ARRAY[$3] FROM unnest($1::uuid[]) c, generate_series(0, 2) k`,
				[]string{c, cases[r.IntN(len(cases))]}, on, practices[r.IntN(3)])
		case 1:
			w.f.Exec(`UPDATE cases SET facility_id = $2, programme_id = $3 WHERE id = $1`, c, []string{w.north, w.river}[r.IntN(2)], w.prog)
		case 2:
			w.f.Exec(`DELETE FROM case_events WHERE id = (SELECT max(id) FROM case_events WHERE case_id = $1)`, c)
		default:
			w.f.Event(c, "session", on, practices[r.IntN(3)], practices[r.IntN(3)])
		}
	}
	// A bulk load (over 100 events in one statement) takes the refreshing path.
	w.f.Exec(`INSERT INTO case_events (case_id, occurred_on, kind, practices)
		SELECT c, DATE '2025-01-01' + ((k * 37 + i * 11) % 360)::int, 'session', ARRAY[(ARRAY['GP3', 'GP12', 'GP15'])[1 + k % 3]]
		FROM unnest($1::uuid[]) WITH ORDINALITY u(c, i), generate_series(1, 20) k`, cases)
	if n := covDrift(t, db); n != 0 {
		t.Errorf("coverage summary differs from the timelines in %d rows", n)
	}
	// Against the definition: touched cases and activities straight from the timelines.
	data, err := db.Coverage(context.Background(), natXA, domain.CoverageQuery{From: day("2025-03-01"), To: day("2025-08-31"), MinCell: 1})
	if err != nil {
		t.Fatal(err)
	}
	for _, row := range data.Rows {
		var acts, touched float64
		err := db.Pool().QueryRow(context.Background(), `SELECT count(*), count(DISTINCT e.case_id) FROM case_events e JOIN cases c ON c.id = e.case_id
			WHERE c.programme_id = $1 AND $2 = ANY(e.practices) AND e.occurred_on BETWEEN '2025-03-01' AND '2025-08-31'`, row.ProgrammeID, row.Practice).Scan(&acts, &touched)
		if err != nil {
			t.Fatal(err)
		}
		if row.Activities.Value != acts || row.CasesTouched.Value != touched {
			t.Errorf("%s: %v activities, %v cases touched; the timelines say %v and %v", row.Practice, row.Activities.Value, row.CasesTouched.Value, acts, touched)
		}
	}
	if _, err := db.Pool().Exec(context.Background(), `SELECT stat_cov_fold()`); err != nil {
		t.Fatal(err)
	}
	if n := covDrift(t, db); n != 0 {
		t.Errorf("after a fold, coverage summary differs in %d rows", n)
	}
}
