package postgres_test

import (
	"context"
	"fmt"
	"math"
	"math/rand/v2"
	"strings"
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
	return countOf(t, db, `WITH got AS (SELECT kind, code, month, country, facility_id, dim, dcode, sum(n)::bigint AS n, sum(ks)::bigint AS ks
			FROM stat_flow_all GROUP BY 1, 2, 3, 4, 5, 6, 7 HAVING sum(n) <> 0 OR sum(ks) <> 0)
		SELECT (SELECT count(*) FROM (TABLE got EXCEPT TABLE stat_flow_expected) a) + (SELECT count(*) FROM (TABLE stat_flow_expected EXCEPT TABLE got) b)`)
}

// units counts the rows a query yields and reduces the sum of their keys (its first column)
// to a cell key: what a cell over exactly those units must carry.
func units(t *testing.T, db *postgres.DB, sql string, args ...any) domain.Units {
	t.Helper()
	var n, sum int64
	if err := db.Pool().QueryRow(context.Background(), `SELECT count(*), coalesce(sum(k) % 4294967296, 0)::bigint FROM (`+sql+`) q(k)`, args...).Scan(&n, &sum); err != nil {
		t.Fatal(err)
	}
	return domain.Units{N: n, Key: domain.KeyOf(sum)}
}

// cellOf finds a cell of an answer before disclosure control.
func cellOf(t *testing.T, data domain.StatData, keys ...string) *domain.Cell {
	t.Helper()
	for _, c := range data.Complete() {
		if strings.Join(c.Keys, "|") == strings.Join(keys, "|") {
			return c
		}
	}
	t.Fatalf("no cell %v", keys)
	return nil
}

// Every cell carries the units it counts with the sum of their record keys, equal to the sum
// taken straight from the records: cases for the case-level counts and rates, stays and
// milestone records for the medians, attendance records and their participants for the
// attendance figures, timeline events and cases for coverage. A participant with two cases
// counts each case; among the people behind a cell, once.
func TestStatisticsCellKeys(t *testing.T) {
	db, _ := pgtest.New(t)
	w := newStatWorld(t, db)
	w.f.Exec(`INSERT INTO cases (participant_id, programme_id, facility_id, country, track, phase, phase_since, consent_given, consent_date, opened_on, created_by)
		SELECT participant_id, programme_id, facility_id, country, track, 'intervention', opened_on, true, opened_on, opened_on, created_by FROM cases WHERE id = $1`, w.iv[0])
	var again string
	if err := db.Pool().QueryRow(context.Background(), `SELECT id::text FROM cases WHERE participant_id = (SELECT participant_id FROM cases WHERE id = $1) AND id <> $1`, w.iv[0]).Scan(&again); err != nil {
		t.Fatal(err)
	}
	w.f.Milestone(w.iv[0], "family_contact_restored", "2025-01-30", "verified")
	w.f.Milestone(again, "family_contact_restored", "2025-02-15", "verified")
	w.f.Milestone(w.iv[1], "family_contact_restored", "2025-03-10", "verified")
	w.f.Milestone(w.iv[2], "family_contact_restored", "2025-03-10", "reversed")
	check := func(what string, got, want domain.Units) {
		t.Helper()
		if got != want {
			t.Errorf("%s: %+v, the records say %+v", what, got, want)
		}
	}
	// Active in intervention on 30 June: the six, X and the second case of the first.
	_, data := statData(t, db, natXA, "active_cases", "", from, to)
	check("active in intervention", cellOf(t, data, "intervention").Units,
		units(t, db, `SELECT rkey FROM cases WHERE id = ANY($1::uuid[])`, append([]string{w.x, again}, w.iv...)))
	check("active in all", cellOf(t, data, domain.TotalCode).Units,
		units(t, db, `SELECT rkey FROM cases WHERE country = 'XA' AND opened_on <= $1::date AND (closed_on IS NULL OR closed_on > $1::date)`, to))
	_, data = statData(t, db, natXA, "active_cases", "gender", from, to)
	check("active women", cellOf(t, data, domain.TotalCode, "female").Units,
		units(t, db, `SELECT c.rkey FROM cases c JOIN participants p ON p.id = c.participant_id WHERE c.country = 'XA' AND p.gender = 'female'
			AND c.opened_on <= $1::date AND (c.closed_on IS NULL OR c.closed_on > $1::date)`, to))
	_, data = statData(t, db, natXA, "intakes", "age_band", from, to)
	check("intakes", cellOf(t, data, domain.TotalCode).Units,
		units(t, db, `SELECT rkey FROM cases WHERE country = 'XA' AND opened_on BETWEEN $1::date AND $2::date`, from, to))
	// Attainment: over the cases open in the period, those that reached it.
	ind, data := statData(t, db, natXA, "milestone_attainment", "", from, to)
	c := cellOf(t, data, "family_contact_restored")
	check("attainment base", c.Units, units(t, db, `SELECT rkey FROM cases WHERE country = 'XA' AND opened_on <= $2::date AND (closed_on IS NULL OR closed_on >= $1::date)`, from, to))
	check("attainment reached", c.Hit, units(t, db, `SELECT rkey FROM cases WHERE id = ANY($1::uuid[])`, []string{w.iv[0], again, w.iv[1]}))
	if v, _ := domain.TrueValue(ind.Measure, c); math.Abs(v-100*3.0/13) > 1e-9 {
		t.Errorf("attainment %v", v)
	}
	// Medians: the milestone records and the stays themselves.
	_, data = statData(t, db, natXA, "milestone_days", "", from, to)
	check("milestone days", cellOf(t, data, "family_contact_restored").Units,
		units(t, db, `SELECT rkey FROM milestones WHERE definition_code = 'family_contact_restored' AND status = 'verified'`))
	_, data = statData(t, db, natXA, "time_in_phase", "", from, to)
	check("time in intake", cellOf(t, data, "intake").Units,
		units(t, db, `SELECT rkey FROM phase_changes WHERE case_id = $1 AND from_phase = 'intake'`, w.x))
	check("time in any phase", cellOf(t, data, domain.TotalCode).Units,
		units(t, db, `SELECT p.rkey FROM phase_changes p JOIN cases c ON c.id = p.case_id WHERE c.country = 'XA' AND p.effective_on BETWEEN $1::date AND $2::date`, from, to))
	// Attendance: the records, and the people behind them (once each) up to the cap.
	w.f.Session(w.north, "cognitive_skills", "2025-02-10", 90,
		pgtest.Attendance{Case: w.iv[0], Attendance: "attended"}, pgtest.Attendance{Case: again, Attendance: "late"}, pgtest.Attendance{Case: w.iv[1], Attendance: "refused"})
	w.f.Session(w.north, "cognitive_skills", "2025-03-10", 60, pgtest.Attendance{Case: w.iv[0], Attendance: "attended"})
	_, data = statData(t, db, natXA, "sessions_by_type", "", from, to)
	c = cellOf(t, data, "cognitive_skills")
	check("sessions", c.Units, units(t, db, `SELECT rkey FROM session_attendance WHERE attendance IN ('attended', 'late')`))
	check("people at sessions", c.People, units(t, db, `SELECT rkey FROM participants WHERE id = (SELECT participant_id FROM cases WHERE id = $1)`, w.iv[0]))
	if c.PeopleCapped || !c.HasPeople {
		t.Errorf("people: %+v", c)
	}
	_, data = statData(t, db, natXA, "attendance_rate", "", from, to)
	c = cellOf(t, data)
	check("attendance base", c.Units, units(t, db, `SELECT rkey FROM session_attendance`))
	check("attendance hit", c.Hit, units(t, db, `SELECT rkey FROM session_attendance WHERE attendance IN ('attended', 'late')`))
	check("attendance people", c.People, units(t, db, `SELECT rkey FROM participants WHERE id IN (SELECT participant_id FROM cases WHERE id = ANY($1::uuid[]))`, []string{w.iv[0], w.iv[1]}))
	// Coverage: events and cases.
	for _, id := range w.iv[:3] {
		w.f.Event(id, "session", "2025-02-01", "GP15")
		w.f.Event(id, "session", "2025-04-01", "GP15")
	}
	cov, err := db.Coverage(context.Background(), natXA, domain.CoverageQuery{From: day(from), To: day(to)})
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range cov.Rows {
		if r.Practice == "GP15" {
			check("activities", r.Activities.Units, units(t, db, `SELECT rkey FROM case_events WHERE 'GP15' = ANY(practices) AND occurred_on BETWEEN $1::date AND $2::date`, from, to))
			check("cases touched", r.CasesTouched.Units, units(t, db, `SELECT rkey FROM cases WHERE id = ANY($1::uuid[])`, w.iv[:3]))
			check("people touched", r.Activities.People, units(t, db, `SELECT p.rkey FROM participants p JOIN cases c ON c.participant_id = p.id WHERE c.id = ANY($1::uuid[])`, w.iv[:3]))
		}
	}
	check("programme cases", cov.Programmes[0].Cases, units(t, db, `SELECT rkey FROM cases WHERE country = 'XA' AND opened_on <= $2::date AND (closed_on IS NULL OR closed_on >= $1::date)`, from, to))
}

// covDrift counts the rows where the coverage summary (folded and pending) or its facts
// differ from a derivation from the timelines.
func covDrift(t *testing.T, db *postgres.DB) int {
	t.Helper()
	return countOf(t, db, `WITH want AS (SELECT * FROM stat_cov_facts(ARRAY(SELECT id FROM cases))),
		got AS (SELECT month, facility_id, programme_id, practice, since, sum(cases) AS cases, sum(acts) AS acts, sum(cases_k) AS cases_k, sum(acts_k) AS acts_k
			FROM stat_cov_all GROUP BY 1, 2, 3, 4, 5 HAVING sum(cases) <> 0 OR sum(acts) <> 0),
		expected AS (SELECT month, facility_id, programme_id, practice, coalesce(prev, '-infinity') AS since, count(*) AS cases, sum(n) AS acts,
				sum(ckey) AS cases_k, sum(kn) AS acts_k
			FROM want GROUP BY 1, 2, 3, 4, 5),
		have AS (SELECT case_id, practice, month, n, prev, facility_id, programme_id, participant_id, kn, ckey, pkey FROM stat_cov_fact),
		wanted AS (SELECT case_id, practice, month, n, prev, facility_id, programme_id, participant_id, kn, ckey, pkey FROM want)
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
	data, err := db.Coverage(context.Background(), natXA, domain.CoverageQuery{From: day("2025-03-01"), To: day("2025-08-31")})
	if err != nil {
		t.Fatal(err)
	}
	for _, row := range data.Rows {
		var acts, touched int64
		err := db.Pool().QueryRow(context.Background(), `SELECT count(*), count(DISTINCT e.case_id) FROM case_events e JOIN cases c ON c.id = e.case_id
			WHERE c.programme_id = $1 AND $2 = ANY(e.practices) AND e.occurred_on BETWEEN '2025-03-01' AND '2025-08-31'`, row.ProgrammeID, row.Practice).Scan(&acts, &touched)
		if err != nil {
			t.Fatal(err)
		}
		if row.Activities.Units.N != acts || row.CasesTouched.Units.N != touched {
			t.Errorf("%s: %v activities, %v cases touched; the timelines say %v and %v", row.Practice, row.Activities.Units.N, row.CasesTouched.Units.N, acts, touched)
		}
	}
	if _, err := db.Pool().Exec(context.Background(), `SELECT stat_cov_fold()`); err != nil {
		t.Fatal(err)
	}
	if n := covDrift(t, db); n != 0 {
		t.Errorf("after a fold, coverage summary differs in %d rows", n)
	}
}
