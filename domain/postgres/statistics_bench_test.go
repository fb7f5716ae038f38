package postgres_test

import (
	"context"
	"os"
	"sort"
	"strconv"
	"testing"
	"time"

	"pathways/domain"
	"pathways/domain/postgres"
	"pathways/domain/postgres/pgtest"
)

// BenchmarkStatistics times every indicator (and coverage) for a national authority over a
// large database. It runs only when PATHWAYS_BENCH_DATABASE_URL is set:
//
//   - to a database filled by `pathways seed --synthetic 100000`, or
//   - to an empty database, which is migrated and filled here as for "fresh" and kept;
//   - to "fresh": a new database on the test cluster, filled here with INSERT … SELECT
//     generate_series (PATHWAYS_BENCH_CASES cases, default 100000, with about 100 recorded
//     events each).
//
// Besides ns/op it reports p95-ms and p50-ms for each indicator; with -v it also logs the
// generation time, the number of recorded events and the database size:
//
//	PATHWAYS_BENCH_DATABASE_URL=fresh go test ./domain/postgres -run '^$' -bench Statistics -benchtime 20x -timeout 60m -v
func BenchmarkStatistics(b *testing.B) {
	url := os.Getenv("PATHWAYS_BENCH_DATABASE_URL")
	if url == "" {
		b.Skip("set PATHWAYS_BENCH_DATABASE_URL (a seeded database, or \"fresh\")")
	}
	ctx := context.Background()
	var db *postgres.DB
	country := "XA"
	if url == "fresh" {
		db, _ = pgtest.New(b)
		n := 100000
		if v, err := strconv.Atoi(os.Getenv("PATHWAYS_BENCH_CASES")); err == nil && v > 0 {
			n = v
		}
		start := time.Now()
		fillBench(b, db, n)
		b.Logf("generated %d cases in %s", n, time.Since(start).Round(time.Second))
	} else {
		// An empty database is migrated and filled as "fresh" would be, and kept, so that
		// later runs can reuse it.
		if err := postgres.Migrate(ctx, url, nil); err != nil {
			b.Fatal(err)
		}
		var err error
		if db, err = postgres.Open(ctx, url); err != nil {
			b.Fatal(err)
		}
		defer db.Close()
		var empty bool
		if err := db.Pool().QueryRow(ctx, `SELECT NOT EXISTS (SELECT 1 FROM cases)`).Scan(&empty); err != nil {
			b.Fatal(err)
		}
		if empty {
			n := 100000
			if v, err := strconv.Atoi(os.Getenv("PATHWAYS_BENCH_CASES")); err == nil && v > 0 {
				n = v
			}
			start := time.Now()
			fillBench(b, db, n)
			b.Logf("generated %d cases in %s", n, time.Since(start).Round(time.Second))
		}
		if err := db.Pool().QueryRow(ctx, `SELECT country FROM cases GROUP BY country ORDER BY count(*) DESC LIMIT 1`).Scan(&country); err != nil {
			b.Fatal(err)
		}
	}
	var events int64
	_ = db.Pool().QueryRow(ctx, `SELECT (SELECT count(*) FROM session_attendance) + (SELECT count(*) FROM case_events) +
		(SELECT count(*) FROM milestones) + (SELECT count(*) FROM assessments) + (SELECT count(*) FROM follow_ups) + (SELECT count(*) FROM phase_changes)`).Scan(&events)
	var size string
	_ = db.Pool().QueryRow(ctx, `SELECT pg_size_pretty(pg_database_size(current_database()))`).Scan(&size)
	b.Logf("recorded events: %d; database size: %s", events, size)
	p := statPrincipal(domain.RoleNationalAuthority, domain.Scope{Kind: domain.ScopeCountry, Country: country})
	// The last 12 months served, the API's default period (with the default lag).
	from, to := domain.DefaultPeriod(time.Now(), 5)
	rules := domain.DisclosureRules{}
	run := func(name string, fn func() error) {
		b.Run(name, func(b *testing.B) {
			var ds []time.Duration
			for i := 0; i < b.N; i++ {
				t0 := time.Now()
				if err := fn(); err != nil {
					b.Fatal(err)
				}
				ds = append(ds, time.Since(t0))
			}
			sort.Slice(ds, func(i, j int) bool { return ds[i] < ds[j] })
			b.ReportMetric(float64(ds[len(ds)*95/100].Microseconds())/1000, "p95-ms")
			b.ReportMetric(float64(ds[len(ds)/2].Microseconds())/1000, "p50-ms")
		})
	}
	for i := range domain.Indicators {
		ind := &domain.Indicators[i]
		for _, by := range []domain.Dimension{"", domain.DimFacility} {
			q := domain.StatQuery{Indicator: ind, From: from, To: to, By: by, PeopleCap: rules.PeopleCapFor(ind.Measure)}
			name := ind.ID
			if by != "" {
				name += "_by_" + string(by)
			}
			run(name, func() error {
				data, err := db.Statistic(ctx, p, q)
				if err == nil {
					domain.Release(q, data, rules)
				}
				return err
			})
		}
	}
	run("coverage", func() error {
		data, err := db.Coverage(ctx, p, domain.CoverageQuery{From: from, To: to})
		if err == nil {
			domain.ReleaseCoverage(data, rules)
		}
		return err
	})
}

// fillBench writes n cases with their records in bulk: about 45 attendance records, 45
// timeline events and a dozen other records per case (about 100 recorded events in all),
// spread over six years up to today.
func fillBench(b *testing.B, db *postgres.DB, n int) {
	ctx := context.Background()
	steps := []string{
		`INSERT INTO countries (code, name) VALUES ('XA', 'Arcadia')`,
		`INSERT INTO users (username, password_hash) VALUES ('bench', 'x')`,
		`INSERT INTO facilities (country, name, kind) SELECT 'XA', 'Facility ' || i, 'prison' FROM generate_series(1, 10) i`,
		`INSERT INTO programmes (country, name) SELECT 'XA', 'Programme ' || i FROM generate_series(1, 3) i`,
		`CREATE TEMP TABLE bf AS SELECT id, row_number() OVER (ORDER BY id) - 1 AS rn FROM facilities`,
		`CREATE TEMP TABLE bp AS SELECT id, row_number() OVER (ORDER BY id) - 1 AS rn FROM programmes`,
		`INSERT INTO participants (pseudonym, country, birth_year, gender, nationality, categories)
			SELECT 'B' || i, 'XA', 1955 + i % 50, (ARRAY['female','male','male','male','other'])[1 + i % 5], 'XA',
				CASE WHEN i % 3 = 0 THEN ARRAY['returnee'] WHEN i % 7 = 0 THEN ARRAY['juvenile','returnee'] ELSE '{}' END
			FROM generate_series(1, $1) i`,
		`INSERT INTO cases (participant_id, programme_id, facility_id, country, track, phase, phase_since, consent_given, consent_date,
				opened_on, closed_on, closure_reason, actual_release_date, created_by, legal_basis)
			SELECT pt.id, bp.id, bf.id, 'XA', 'custodial', ph, current_date - (x % 200), true, opened, opened,
				CASE WHEN ph = 'closed' THEN current_date - (x % 200) END,
				CASE WHEN ph = 'closed' THEN (ARRAY['completed','withdrawn','transferred_out','reoffended_recalled','other'])[1 + x % 5] END,
				CASE WHEN ph IN ('reintegration', 'closed') THEN current_date - (x % 900) END,
				(SELECT id FROM users WHERE username = 'bench'),
				(ARRAY['voluntary','voluntary','licence_condition','court_order','administrative_decision'])[1 + pt.x % 5]
			FROM (SELECT pt.id, (hashtext(pt.pseudonym) & 2147483647) AS x, row_number() OVER () AS i FROM participants pt) pt
			CROSS JOIN LATERAL (SELECT (ARRAY['intake','assessment','intervention','intervention','pre_release','reintegration','closed'])[1 + pt.x % 7] AS ph,
				current_date - 200 - (pt.x % 1800) AS opened) v
			JOIN bf ON bf.rn = pt.i % 10 JOIN bp ON bp.rn = pt.i % 3`,
		`CREATE TEMP TABLE bc AS SELECT c.id, c.opened_on, row_number() OVER (ORDER BY c.id) - 1 AS rn FROM cases c`,
		`CREATE INDEX ON bc (rn)`,
		`INSERT INTO phase_changes (case_id, from_phase, to_phase, status, requested_by, effective_on)
			SELECT bc.id, (ARRAY['intake','assessment','intervention'])[k], (ARRAY['assessment','intervention','pre_release'])[k], 'applied',
				(SELECT id FROM users WHERE username = 'bench'), bc.opened_on + k * 40
			FROM bc, generate_series(1, 3) k`,
		// Group sessions of five: n*9 sessions, 45 attendance records per case.
		`INSERT INTO intervention_sessions (intervention_type, held_on, minutes, format, delivered_by, facility_id, created_by)
			SELECT (SELECT array_agg(code ORDER BY code) FROM intervention_types)[1 + s % 14], current_date - (s % 2190), 60 + 30 * (s % 2), 'group',
				u.id, bf.id, u.id
			FROM generate_series(1, $1 * 9) s JOIN bf ON bf.rn = s % 10, (SELECT id FROM users WHERE username = 'bench') u`,
		`CREATE TEMP TABLE bs AS SELECT id, row_number() OVER (ORDER BY id) - 1 AS rn FROM intervention_sessions`,
		`INSERT INTO session_attendance (session_id, case_id, attendance, engagement)
			SELECT bs.id, bc.id, (ARRAY['attended','attended','attended','late','excused_absence','unexcused_absence','refused'])[1 + (bs.rn + j) % 7],
				CASE WHEN (bs.rn + j) % 7 < 4 THEN 1 + (bs.rn + j) % 5 END
			FROM bs, generate_series(0, 4) j JOIN bc ON true
			WHERE bc.rn = (bs.rn * 5 + j * 7919) % $1`,
		// The insert trigger filled the attendance summaries as deltas; fold them now.
		`SELECT stat_att_fold()`,
		`INSERT INTO milestones (case_id, definition_code, achieved_on, evidence, status, claimed_by)
			SELECT bc.id, (SELECT array_agg(code ORDER BY code) FROM milestone_definitions)[1 + (bc.rn + k) % 12], bc.opened_on + 30 * k, 'e',
				(ARRAY['verified','verified','claimed','lapsed'])[1 + (bc.rn + k) % 4], (SELECT id FROM users WHERE username = 'bench')
			FROM bc, generate_series(1, 4) k`,
		`INSERT INTO assessments (case_id, instrument_code, instrument_version, occasion, status, assessed_on, overall, assessor_id, finalised_at)
			SELECT bc.id, 'pathways-open', '1', CASE WHEN k = 1 THEN 'baseline' ELSE 'scheduled' END, 'final', bc.opened_on + 20 + 150 * (k - 1),
				(ARRAY['low','moderate','high'])[1 + (bc.rn * k) % 3], (SELECT id FROM users WHERE username = 'bench'), now()
			FROM bc, generate_series(1, 3) k`,
		`INSERT INTO follow_ups (case_id, held_on, months_since_release, housing, work_education, family_contact, supervision_compliance,
				new_offence, offence_category, offence_on, recorded_by)
			SELECT c.id, c.actual_release_date + 90 * k, 3 * k, (ARRAY['stable','temporary','homeless','unknown'])[1 + k % 4],
				(ARRAY['employed','in_education','unemployed','unable','unknown'])[1 + k % 5], (ARRAY['regular','occasional','none','unknown'])[1 + k % 4],
				'compliant', CASE WHEN hashtext(c.id::text) % 10 = 0 AND k = 2 THEN 'conviction' ELSE 'none' END,
				CASE WHEN hashtext(c.id::text) % 10 = 0 AND k = 2 THEN '01' END,
				CASE WHEN hashtext(c.id::text) % 10 = 0 AND k = 2 THEN c.actual_release_date + 100 END,
				(SELECT id FROM users WHERE username = 'bench')
			FROM cases c, generate_series(1, 4) k WHERE c.actual_release_date IS NOT NULL`,
		// Releases and their follow-up points (3, 6, 12, 24 months) from the cases, the
		// follow-ups matched to them; then transfers and re-entries for one case in 50.
		`SELECT lifecycle_backfill(ARRAY(SELECT id FROM cases))`,
		`INSERT INTO transfers (case_id, from_facility_id, to_facility_id, reason, transfer_on, status, requested_by, decided_at)
			SELECT bc.id, c.facility_id, (SELECT id FROM bf WHERE bf.id <> c.facility_id ORDER BY bf.rn LIMIT 1), 'bench', bc.opened_on + 100, 'accepted', u.id, now()
			FROM bc JOIN cases c ON c.id = bc.id, (SELECT id FROM users WHERE username = 'bench') u WHERE bc.rn % 50 = 0`,
		`UPDATE cases c SET previous_case_id = p.id FROM bc, bc pb JOIN cases p ON p.id = pb.id
			WHERE c.id = bc.id AND bc.rn % 50 = 25 AND pb.rn = bc.rn - 1 AND p.participant_id <> c.participant_id`,
		`INSERT INTO case_events (case_id, occurred_on, kind, practices)
			SELECT bc.id, bc.opened_on + 4 * k, 'session', ARRAY[(ARRAY['GP3','GP7','GP8','GP11','GP12','GP15','GP16','GP17','GP19','GP21'])[1 + (bc.rn + k) % 10]]
			FROM bc, generate_series(1, 45) k`,
		`SELECT stat_cov_fold()`,
		`VACUUM ANALYZE`, // the refreshes left dead rows behind; a live system has autovacuum
	}
	for i, s := range steps {
		args := []any{}
		if containsParam(s) {
			args = append(args, n)
		}
		t0 := time.Now()
		if _, err := db.Pool().Exec(ctx, s, args...); err != nil {
			b.Fatalf("step %d: %v", i, err)
		}
		if d := time.Since(t0); d > 5*time.Second {
			b.Logf("step %d took %s", i, d.Round(time.Second))
		}
	}
}

func containsParam(s string) bool {
	for i := 0; i+1 < len(s); i++ {
		if s[i] == '$' && s[i+1] == '1' {
			return true
		}
	}
	return false
}
