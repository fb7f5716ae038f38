package seed_test

import (
	"context"
	"testing"
	"time"

	"pathways/domain"
	"pathways/domain/postgres"
	"pathways/domain/postgres/pgtest"
	"pathways/domain/postgres/seed"
)

// demoOrganisation creates what `pathways seed --demo` creates before its demo steps run:
// countries, facilities, programmes and the demo users.
func demoOrganisation(t *testing.T, db *postgres.DB) seed.DemoSpec {
	t.Helper()
	ctx := context.Background()
	sys := domain.System("seed")
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	for _, c := range []domain.Country{{Code: "XA", Name: "Arcadia"}, {Code: "XB", Name: "Borealis"}} {
		must(db.UpsertCountry(ctx, sys, c))
	}
	fac := func(country, name, kind string) string {
		f, err := db.CreateFacility(ctx, sys, domain.Facility{Country: country, Name: name, Kind: domain.FacilityKind(kind)})
		must(err)
		return f.ID
	}
	prog := func(country, name string) string {
		g, err := db.CreateProgramme(ctx, sys, domain.Programme{Country: country, Name: name, AftercareMonths: 12})
		must(err)
		return g.ID
	}
	spec := seed.DemoSpec{
		Today:        time.Now().UTC(),
		PasswordHash: "!test-no-login",
		Northgate:    fac("XA", "Northgate Prison", "prison"),
		Riverside:    fac("XA", "Riverside Prison", "prison"),
		Harbour:      fac("XB", "Harbour Probation Office", "probation"),
		ProgrammeXA:  prog("XA", "Arcadia programme"),
		ProgrammeXB:  prog("XB", "Borealis programme"),
	}
	user := func(name string, role domain.Role, scope domain.Scope) string {
		u, err := db.CreateUser(ctx, sys, domain.NewUser{Username: name, DisplayName: name, PasswordHash: spec.PasswordHash})
		must(err)
		_, err = db.AddMembership(ctx, sys, domain.Membership{UserID: u.ID, Role: role, Scope: scope})
		must(err)
		return u.ID
	}
	spec.Supervisor = user("supervisor", domain.RoleSupervisor, domain.Scope{Kind: domain.ScopeCountry, Country: "XA"})
	spec.Practitioner = user("practitioner", domain.RolePractitioner, domain.Scope{Kind: domain.ScopeFacility, Country: "XA", FacilityID: spec.Northgate})
	spec.Practitioner2 = user("practitioner2", domain.RolePractitioner, domain.Scope{Kind: domain.ScopeFacility, Country: "XA", FacilityID: spec.Riverside})
	return spec
}

func count(t *testing.T, db *postgres.DB, q string, args ...any) int {
	t.Helper()
	var n int
	if err := db.Pool().QueryRow(context.Background(), q, args...).Scan(&n); err != nil {
		t.Fatalf("%s: %v", q, err)
	}
	return n
}

// Cross-checks the seeded world against rules the database cannot express on its own.
func checkWorld(t *testing.T, db *postgres.DB) {
	t.Helper()
	for _, c := range []struct{ what, q string }{
		{"cases without a timeline", `SELECT count(*) FROM cases c WHERE NOT EXISTS (SELECT 1 FROM case_events e WHERE e.case_id = c.id)`},
		{"cases whose version is not 1 + their events", `SELECT count(*) FROM cases c WHERE version <> 1 + (SELECT count(*) FROM case_events e WHERE e.case_id = c.id)`},
		{"cases past intake without a phase change", `SELECT count(*) FROM cases c WHERE phase <> 'intake' AND NOT EXISTS (SELECT 1 FROM phase_changes p WHERE p.case_id = c.id AND p.status IN ('applied', 'approved'))`},
		{"cases whose last applied change does not lead to their phase", `SELECT count(*) FROM cases c WHERE phase <> 'intake' AND phase <> (
			SELECT to_phase FROM phase_changes p WHERE p.case_id = c.id AND p.status IN ('applied', 'approved') ORDER BY effective_on DESC, requested_at DESC LIMIT 1)`},
		{"cases in intervention or later without a final baseline", `SELECT count(*) FROM cases c WHERE phase IN ('intervention', 'pre_release', 'reintegration') AND NOT EXISTS (
			SELECT 1 FROM assessments a WHERE a.case_id = c.id AND a.occasion = 'baseline' AND a.status = 'final')`},
		{"cases in intervention or later without an approved plan", `SELECT count(*) FROM cases c WHERE phase IN ('intervention', 'pre_release', 'reintegration') AND NOT EXISTS (
			SELECT 1 FROM plans p WHERE p.case_id = c.id AND p.status = 'approved')`},
		{"cases with two approved plans", `SELECT count(*) FROM (SELECT case_id FROM plans WHERE status = 'approved' GROUP BY case_id HAVING count(*) > 1) x`},
		{"reintegration cases without release or approved reintegration plan", `SELECT count(*) FROM cases c WHERE phase = 'reintegration' AND (actual_release_date IS NULL OR NOT EXISTS (
			SELECT 1 FROM reintegration_plans r WHERE r.case_id = c.id AND r.status = 'approved'))`},
		{"non-custodial cases in custodial phases", `SELECT count(*) FROM cases WHERE track = 'non_custodial' AND phase IN ('pre_release', 'reintegration')`},
		{"final assessments without all fifteen items", `SELECT count(*) FROM assessments a WHERE status = 'final' AND (SELECT count(*) FROM assessment_ratings r WHERE r.assessment_id = a.id) <> 15`},
		{"events in the future", `SELECT count(*) FROM case_events WHERE occurred_on > current_date`},
		// Seeded lines are the store's (domain/timeline.go): its kinds, with params.
		{"events of kinds the store never writes", `SELECT count(*) FROM case_events WHERE kind IN ('team.assigned', 'phase.requested')`},
		{"events without params", `SELECT count(*) FROM case_events WHERE params = '{}' AND kind NOT IN ('reintegration_plan.created',
			'reintegration_plan.submitted', 'reintegration_plan.approved', 'reintegration_plan.rejected', 'reintegration_plan.discarded',
			'reintegration_plan.retired', 're_entered')`},
		{"intake lines not naming the case's legal basis", `SELECT count(*) FROM case_events e JOIN cases c ON c.id = e.case_id
			WHERE e.kind = 'intake' AND e.params->>'legal_basis' IS DISTINCT FROM c.legal_basis`},
		{"session lines not naming their session", `SELECT count(*) FROM case_events e JOIN session_attendance a ON a.case_id = e.case_id
			AND a.session_id::text = e.ref_id JOIN intervention_sessions s ON s.id = a.session_id WHERE e.kind = 'session' AND
			(e.params->>'intervention_type' IS DISTINCT FROM s.intervention_type OR e.params->>'minutes' IS DISTINCT FROM s.minutes::text
			OR e.params->>'attendance' IS DISTINCT FROM a.attendance OR e.params->>'format' IS DISTINCT FROM s.format)`},
		{"events before the case opened", `SELECT count(*) FROM case_events e JOIN cases c ON c.id = e.case_id WHERE e.occurred_on < c.opened_on`},
		{"events after the case closed", `SELECT count(*) FROM case_events e JOIN cases c ON c.id = e.case_id WHERE e.occurred_on > c.closed_on
			AND e.kind NOT IN ('follow_up', 'follow_up_point.not_reached', 're_entered')`}, // follow-ups go on after closure; a re-entry comes after it
		{"sessions attended by cases of another facility", `SELECT count(*) FROM session_attendance a JOIN cases c ON c.id = a.case_id JOIN intervention_sessions s ON s.id = a.session_id WHERE s.facility_id <> c.facility_id
			AND NOT EXISTS (SELECT 1 FROM transfers t WHERE t.case_id = c.id AND t.status = 'accepted' AND t.from_facility_id = s.facility_id)`},
		{"group sessions with one participant", `SELECT count(*) FROM intervention_sessions s WHERE format = 'group' AND (SELECT count(*) FROM session_attendance a WHERE a.session_id = s.id) < 2`},
		{"sessions without attendance", `SELECT count(*) FROM intervention_sessions s WHERE NOT EXISTS (SELECT 1 FROM session_attendance a WHERE a.session_id = s.id)`},
		{"pending approvals whose subject is not pending", `SELECT count(*) FROM approvals a WHERE a.status = 'pending' AND NOT (
			(kind = 'transition' AND EXISTS (SELECT 1 FROM phase_changes p WHERE p.id = a.subject_id AND p.status = 'pending')) OR
			(kind = 'plan' AND EXISTS (SELECT 1 FROM plans p WHERE p.id = a.subject_id AND p.status = 'submitted')) OR
			(kind = 'milestone' AND EXISTS (SELECT 1 FROM milestones m WHERE m.id = a.subject_id AND m.status = 'claimed')) OR
			(kind = 'reintegration_plan' AND EXISTS (SELECT 1 FROM reintegration_plans r WHERE r.case_id = a.subject_id AND r.status = 'submitted')))`},
		{"cases with two pending transitions", `SELECT count(*) FROM (SELECT case_id FROM phase_changes WHERE status = 'pending' GROUP BY case_id HAVING count(*) > 1) x`},
		{"team members outside the case's facility", `SELECT count(*) FROM case_team t JOIN cases c ON c.id = t.case_id WHERE NOT EXISTS (
			SELECT 1 FROM memberships m WHERE m.user_id = t.user_id AND m.role = 'practitioner' AND m.facility_id = c.facility_id)`},
		{"case managers not on their case team", `SELECT count(*) FROM cases c WHERE NOT EXISTS (SELECT 1 FROM case_team t WHERE t.case_id = c.id AND t.user_id = c.case_manager_id)`},
		{"approvals decided by someone without a supervisor membership covering the case", `SELECT count(*) FROM approvals a JOIN cases c ON c.id = a.case_id WHERE a.decided_by IS NOT NULL AND NOT EXISTS (
			SELECT 1 FROM memberships m WHERE m.user_id = a.decided_by AND m.role = 'supervisor' AND (m.country = c.country))`},
		{"follow-ups before their release (or the end of a community case's intervention)", `SELECT count(*) FROM follow_ups f WHERE NOT EXISTS (
			SELECT 1 FROM releases r WHERE r.id = f.release_id AND r.released_on <= f.held_on) AND NOT EXISTS (
			SELECT 1 FROM follow_up_points p WHERE p.case_id = f.case_id AND p.anchor = 'intervention_end' AND p.anchor_on <= f.held_on)`},
		{"cases not naming their latest release", `SELECT count(*) FROM cases c WHERE actual_release_date IS DISTINCT FROM
			(SELECT released_on FROM releases r WHERE r.case_id = c.id ORDER BY number DESC LIMIT 1)`},
		{"reintegration cases not out on a release", `SELECT count(*) FROM cases c WHERE phase = 'reintegration' AND NOT EXISTS (
			SELECT 1 FROM releases r WHERE r.case_id = c.id AND r.entered_on IS NOT NULL AND r.recalled_on IS NULL)`},
		{"released cases without follow-up points", `SELECT count(*) FROM releases r WHERE r.entered_on IS NOT NULL AND NOT EXISTS (
			SELECT 1 FROM follow_up_points p WHERE p.release_id = r.id)`},
		{"open points of a release due after its recall", `SELECT count(*) FROM follow_up_points p JOIN releases r ON r.id = p.release_id
			WHERE p.status = 'open' AND r.recalled_on < p.due_on`},
		{"open cases released in the future", `SELECT count(*) FROM cases WHERE actual_release_date > current_date`},
		{"pre-release cases without an expected release date", `SELECT count(*) FROM cases WHERE phase = 'pre_release' AND expected_release_date IS NULL`},
		{"completed custodial cases closed within the aftercare period", `SELECT count(*) FROM cases WHERE closure_reason = 'completed' AND track = 'custodial' AND (actual_release_date IS NULL OR actual_release_date + interval '12 months' > closed_on)`},
	} {
		if n := count(t, db, c.q); n != 0 {
			t.Errorf("%s: %d", c.what, n)
		}
	}
}

func TestSeedDemoCases(t *testing.T) {
	db, _ := pgtest.New(t)
	ctx := context.Background()
	spec := demoOrganisation(t, db)
	counts, err := seed.Demo(ctx, db, spec)
	if err != nil {
		t.Fatal(err)
	}
	cases := count(t, db, "SELECT count(*) FROM cases")
	if cases < 35 || cases > 45 || int64(cases) != counts["cases"] {
		t.Errorf("demo has %d cases (reported %d), want about 40", cases, counts["cases"])
	}
	for _, ph := range domain.Phases {
		if n := count(t, db, "SELECT count(*) FROM cases WHERE phase = $1", ph); n == 0 {
			t.Errorf("no demo case in phase %s", ph)
		}
	}
	for _, reason := range []string{"completed", "reoffended_recalled", "withdrawn"} {
		if n := count(t, db, "SELECT count(*) FROM cases WHERE closure_reason = $1", reason); n == 0 {
			t.Errorf("no demo case closed as %s", reason)
		}
	}
	for _, kind := range []string{"transition", "plan", "milestone", "reintegration_plan"} {
		if n := count(t, db, "SELECT count(*) FROM approvals WHERE status = 'pending' AND kind = $1", kind); n == 0 {
			t.Errorf("no pending %s approval", kind)
		}
	}
	// A waiting forward phase change says why now (trial 16, S8).
	if n := count(t, db, `SELECT count(*) FROM phase_changes WHERE status = 'pending' AND to_phase IN ('intervention', 'pre_release')
		AND from_phase IN ('assessment', 'intervention') AND reason = ''`); n != 0 {
		t.Errorf("%d waiting forward phase changes give no reason", n)
	}
	// A revised plan waits beside the version in force, in Arcadia (the demo supervisor's
	// country), so "what changed" can be tried (trial 16, M16).
	if n := count(t, db, `SELECT count(*) FROM approvals a JOIN plans v ON v.id = a.subject_id JOIN cases c ON c.id = a.case_id
		JOIN facilities f ON f.id = c.facility_id
		WHERE a.kind = 'plan' AND a.status = 'pending' AND v.version > 1 AND f.country = 'XA'
		AND EXISTS (SELECT 1 FROM plans o WHERE o.case_id = v.case_id AND o.status = 'approved' AND o.version < v.version)`); n == 0 {
		t.Error("no revised plan waits beside an approved one")
	}
	// Four-eyes can be tried both ways: one request by the supervisor, left for supervisor2.
	if n := count(t, db, "SELECT count(*) FROM approvals WHERE status = 'pending' AND requested_by = $1", spec.Supervisor); n == 0 {
		t.Error("no pending request by the supervisor")
	}
	if n := count(t, db, "SELECT count(*) FROM approvals WHERE decided_by = requested_by"); n != 0 {
		t.Errorf("%d approvals decided by their requester", n)
	}
	// The demo practitioner has a useful caseload at Northgate, but not every case there.
	mine := count(t, db, "SELECT count(*) FROM case_team WHERE user_id = $1", spec.Practitioner)
	northgate := count(t, db, "SELECT count(*) FROM cases WHERE facility_id = $1", spec.Northgate)
	if mine < 10 || mine >= northgate {
		t.Errorf("practitioner is on %d of %d Northgate cases", mine, northgate)
	}
	if n := count(t, db, "SELECT count(*) FROM case_team WHERE user_id = $1", spec.Practitioner2); n < 8 {
		t.Errorf("practitioner2 is on %d cases", n)
	}
	if n := count(t, db, "SELECT count(*) FROM cases WHERE phase <> 'closed' AND next_review_date < $1", spec.Today); n < 2 {
		t.Errorf("%d overdue reviews, want a few", n)
	}
	if n := count(t, db, "SELECT count(*) FROM follow_ups WHERE new_offence <> 'none' AND offence_category LIKE '0905%'"); n == 0 {
		t.Error("no follow-up with a terrorism-related new offence")
	}
	// After release: a recall followed by a second release, a re-entry, a transfer accepted and
	// one waiting, follow-up points reached, overdue and not reached, community follow-ups
	// after closure, mandated cases.
	for what, q := range map[string]string{
		"a case released twice, the first release recalled": `SELECT count(*) FROM releases r WHERE r.number = 2 AND EXISTS (
			SELECT 1 FROM releases p WHERE p.case_id = r.case_id AND p.number = 1 AND p.recalled_on IS NOT NULL)`,
		"a re-entry":                                   `SELECT count(*) FROM cases WHERE previous_case_id IS NOT NULL`,
		"an accepted transfer":                         `SELECT count(*) FROM transfers WHERE status = 'accepted' AND handover IS NOT NULL`,
		"a transfer waiting":                           `SELECT count(*) FROM transfers WHERE status = 'pending'`,
		"a point reached":                              `SELECT count(*) FROM follow_up_points WHERE status = 'reached'`,
		"a point overdue on an open case":              `SELECT count(*) FROM follow_up_points p JOIN cases c ON c.id = p.case_id WHERE p.status = 'open' AND p.due_on < current_date AND c.phase <> 'closed'`,
		"a point not reached (in custody)":             `SELECT count(*) FROM follow_up_points WHERE not_reached_reason = 'in_custody'`,
		"a point not reached otherwise":                `SELECT count(*) FROM follow_up_points WHERE not_reached_reason IN ('lost_contact', 'refused')`,
		"a community follow-up":                        `SELECT count(*) FROM follow_ups f JOIN cases c ON c.id = f.case_id WHERE c.track = 'non_custodial'`,
		"a mandated case":                              `SELECT count(*) FROM cases WHERE legal_basis <> 'voluntary'`,
		"a consent withdrawn on an open mandated case": `SELECT count(*) FROM cases WHERE consent_withdrawn_on IS NOT NULL AND phase <> 'closed' AND legal_basis <> 'voluntary'`,
	} {
		if n := count(t, db, q); n == 0 {
			t.Errorf("the demo has no %s", what)
		}
	}
	// The moves fall inside the default period the statistics serve (lag 5 days), so that the
	// demo's re-entry and transfer figures are not zero.
	from, to := domain.DefaultPeriod(spec.Today, 5)
	if n := count(t, db, "SELECT count(*) FROM cases WHERE previous_case_id IS NOT NULL AND opened_on BETWEEN $1 AND $2", from, to); n == 0 {
		t.Errorf("no re-entry between %s and %s", from.Format(time.DateOnly), to.Format(time.DateOnly))
	}
	if n := count(t, db, "SELECT count(*) FROM transfers WHERE status = 'accepted' AND transfer_on BETWEEN $1 AND $2", from, to); n == 0 {
		t.Errorf("no transfer between %s and %s", from.Format(time.DateOnly), to.Format(time.DateOnly))
	}
	if n := count(t, db, "SELECT count(*) FROM intervention_sessions WHERE format = 'group'"); n == 0 {
		t.Error("no group session")
	}
	if n := count(t, db, "SELECT count(*) FROM assessments WHERE occasion <> 'baseline' AND status = 'final'"); n == 0 {
		t.Error("no re-assessment")
	}
	// Some re-assessments show improvement against the baseline.
	if n := count(t, db, `SELECT count(*) FROM cases c WHERE
		(SELECT overall FROM assessments a WHERE a.case_id = c.id AND a.status = 'final' ORDER BY assessed_on LIMIT 1) = 'high' AND
		(SELECT overall FROM assessments a WHERE a.case_id = c.id AND a.status = 'final' ORDER BY assessed_on DESC LIMIT 1) <> 'high'`); n == 0 {
		t.Error("no case improved from a high baseline")
	}
	if n := count(t, db, "SELECT count(*) FROM case_events WHERE cardinality(practices) > 0"); n == 0 {
		t.Error("no timeline entry names a practice")
	}
	for _, u := range seed.DemoStaff {
		if n := count(t, db, "SELECT count(*) FROM users u JOIN memberships m ON m.user_id = u.id WHERE u.username = $1", u.Username); n != 1 {
			t.Errorf("demo user %s has %d memberships", u.Username, n)
		}
	}
	rows, err := db.Pool().Query(ctx, "SELECT pseudonym FROM participants")
	if err != nil {
		t.Fatal(err)
	}
	for rows.Next() {
		var p string
		if err := rows.Scan(&p); err != nil {
			t.Fatal(err)
		}
		if !domain.ValidPseudonym(p) {
			t.Errorf("pseudonym %s does not validate", p)
		}
	}
	checkWorld(t, db)
	if n := count(t, db, "SELECT count(*) FROM audit_events WHERE action = 'seed.demo'"); n != 1 {
		t.Errorf("%d seed.demo audit events", n)
	}

	// A second run does nothing.
	before := count(t, db, "SELECT count(*) FROM case_events")
	again, err := seed.Demo(ctx, db, spec)
	if err != nil || again != nil {
		t.Fatalf("second run: %v, %v", again, err)
	}
	if after := count(t, db, "SELECT count(*) FROM case_events"); after != before {
		t.Errorf("second run wrote %d timeline rows", after-before)
	}
	if v := count(t, db, "SELECT count(*) FROM audit_events WHERE action = 'seed.demo'"); v != 1 {
		t.Errorf("second run audited: %d seed.demo events", v)
	}
	// The audit chain is intact after the seed.
	verdict, err := db.VerifyAudit(ctx, &domain.Principal{UserID: "", Username: "t", ActingRole: domain.RoleAuditor,
		Memberships: []domain.Membership{{Role: domain.RoleAuditor, Scope: domain.Scope{Kind: domain.ScopeGlobal}}}}, domain.Anchors{})
	if err != nil || !verdict.OK {
		t.Fatalf("audit chain: %+v, %v", verdict, err)
	}
}

// The same demo every run: pseudonyms and shapes come from a seeded source.
func TestSeedDemoCasesIsDeterministic(t *testing.T) {
	snapshot := func() string {
		db, _ := pgtest.New(t)
		if _, err := seed.Demo(context.Background(), db, demoOrganisation(t, db)); err != nil {
			t.Fatal(err)
		}
		var s string
		if err := db.Pool().QueryRow(context.Background(), `SELECT string_agg(p.pseudonym || ':' || c.phase || ':' || c.opened_on || ':' || c.version, ',' ORDER BY p.pseudonym, c.opened_on)
			FROM cases c JOIN participants p ON p.id = c.participant_id`).Scan(&s); err != nil {
			t.Fatal(err)
		}
		return s
	}
	if a, b := snapshot(), snapshot(); a != b {
		t.Errorf("two demo runs differ:\n%s\n%s", a, b)
	}
}

func TestSeedSynthetic(t *testing.T) {
	db, _ := pgtest.New(t)
	ctx := context.Background()
	var progress []int
	res, err := seed.Synthetic(ctx, db, seed.SyntheticSpec{Cases: 300, BatchSize: 70, Seed: 7, Workers: 2,
		Progress: func(phase string, done, _ int) {
			if phase == seed.PhaseWrite {
				progress = append(progress, done)
			}
		}})
	if err != nil {
		t.Fatal(err)
	}
	if res.Country != "XS" || res.Facilities < 4 {
		t.Errorf("synthetic world: %+v", res)
	}
	if n := count(t, db, "SELECT count(*) FROM cases"); n != 300 || res.Rows["cases"] != 300 {
		t.Fatalf("%d cases (reported %d), want 300", n, res.Rows["cases"])
	}
	if len(progress) != 5 || progress[len(progress)-1] != 300 {
		t.Errorf("progress reports: %v", progress)
	}
	perCase := float64(res.Rows.Events()) / 300
	if perCase < 50 || perCase > 200 {
		t.Errorf("%.1f events per case, want 50-200", perCase)
	}
	attendance := float64(res.Rows["session_attendance"]) / 300
	if attendance < 20 || attendance > 80 {
		t.Errorf("%.1f attendance rows per case, want about 40", attendance)
	}
	for _, ph := range domain.Phases {
		n := count(t, db, "SELECT count(*) FROM cases WHERE phase = $1", ph)
		if n == 0 {
			t.Errorf("no synthetic case in phase %s", ph)
		}
	}
	if n := count(t, db, "SELECT count(DISTINCT facility_id) FROM cases"); n != res.Facilities {
		t.Errorf("cases in %d of %d facilities", n, res.Facilities)
	}
	if n := count(t, db, "SELECT count(DISTINCT gender) FROM participants"); n < 2 {
		t.Errorf("%d genders", n)
	}
	checkWorld(t, db)
	// The load leaves the database ready to answer: no deltas left to add up, the tables
	// the statistics read vacuumed (their visibility maps set, for index-only scans) and
	// every loaded table analysed.
	if n := count(t, db, "SELECT (SELECT count(*) FROM stat_att_delta) + (SELECT count(*) FROM stat_cov_delta) + (SELECT count(*) FROM stat_flow_delta)"); n != 0 {
		t.Errorf("%d deltas left unfolded", n)
	}
	// The after-release units the triggers kept through the load equal a derivation.
	if n := count(t, db, `WITH want AS (SELECT * FROM stat_units(ARRAY(SELECT id FROM cases)))
		SELECT (SELECT count(*) FROM (TABLE stat_unit EXCEPT ALL TABLE want) a) + (SELECT count(*) FROM (TABLE want EXCEPT ALL TABLE stat_unit) b)`); n != 0 {
		t.Errorf("after-release units differ from the loaded records in %d rows", n)
	}
	if n := count(t, db, "SELECT count(*) FROM stat_unit WHERE kind = 'point'"); n == 0 {
		t.Error("the load made no follow-up point units")
	}
	for _, tbl := range []string{"stat_fact", "stat_unit", "stat_att_fact", "stat_cov_fact", "cases"} {
		if n := count(t, db, "SELECT relallvisible FROM pg_class WHERE oid = $1::regclass", tbl); n == 0 {
			t.Errorf("%s not vacuumed after the load: no page marked all-visible", tbl)
		}
	}
	for _, tbl := range []string{"session_attendance", "case_events", "milestones", "phase_changes", "follow_ups", "releases", "follow_up_points"} {
		if n := count(t, db, "SELECT reltuples::bigint FROM pg_class WHERE oid = $1::regclass", tbl); n <= 0 {
			t.Errorf("%s not analysed after the load (reltuples %d)", tbl, n)
		}
	}
	if n := count(t, db, "SELECT count(*) FROM audit_events WHERE action = 'seed.synthetic'"); n != 1 {
		t.Errorf("%d seed.synthetic audit events, want one for the run", n)
	}
	// Synthetic staff cannot sign in.
	if n := count(t, db, "SELECT count(*) FROM users WHERE username LIKE 'synth-%' AND password_hash LIKE '$argon2id$%'"); n != 0 {
		t.Errorf("%d synthetic users with a usable password", n)
	}

	// Running it again adds cases to the same world.
	if _, err := seed.Synthetic(ctx, db, seed.SyntheticSpec{Cases: 50}); err != nil {
		t.Fatal(err)
	}
	if n := count(t, db, "SELECT count(*) FROM cases"); n != 350 {
		t.Errorf("%d cases after a second run, want 350", n)
	}
	if n := count(t, db, "SELECT count(*) FROM facilities WHERE country = 'XS'"); n != res.Facilities {
		t.Errorf("second run made new facilities: %d", n)
	}
}

// With the demo world present, synthetic cases go to its country and never onto the demo
// users' caseloads.
func TestSeedSyntheticUsesDemoCountry(t *testing.T) {
	db, _ := pgtest.New(t)
	ctx := context.Background()
	spec := demoOrganisation(t, db)
	res, err := seed.Synthetic(ctx, db, seed.SyntheticSpec{Cases: 40, Seed: 3})
	if err != nil {
		t.Fatal(err)
	}
	if res.Country != "XA" || res.Facilities != 2 {
		t.Errorf("synthetic world: %+v", res)
	}
	if n := count(t, db, "SELECT count(*) FROM case_team WHERE user_id = ANY($1::uuid[])", []string{spec.Practitioner, spec.Practitioner2}); n != 0 {
		t.Errorf("demo practitioners on %d synthetic cases", n)
	}
	// The demo still loads afterwards.
	if _, err := seed.Demo(ctx, db, spec); err != nil {
		t.Fatal(err)
	}
	checkWorld(t, db)
}
