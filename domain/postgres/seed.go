package postgres

import (
	"context"
	"fmt"
	"math/rand/v2"
	"regexp"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgtype"
	"golang.org/x/sync/errgroup"

	"pathways/domain"
)

// SeedCounts is how many rows a seed wrote, by table.
type SeedCounts map[string]int64

// Events is the number of recorded events among the rows (attendance, timeline entries,
// assessments, milestones, follow-ups, phase changes).
func (c SeedCounts) Events() int64 {
	var n int64
	for _, t := range seedEventTables {
		n += c[t]
	}
	return n
}

// DemoSpec names the demo organisation that `pathways seed --demo` has just created, which
// the demo cases are placed in.
type DemoSpec struct {
	Today        time.Time // the day the demo world is "now"; dates are laid out around it
	PasswordHash string    // for the extra demo staff, the same as the other demo users'
	Northgate    string    // facility ids (XA prisons and the XB probation office)
	Riverside    string
	Harbour      string
	ProgrammeXA  string
	ProgrammeXB  string
	Supervisor   string // user ids of the demo users
	Practitioner string
	// Practitioner2 works at Riverside.
	Practitioner2 string
}

// DemoStaff are the extra demo users SeedDemoCases adds (when missing), with their role and
// where it applies, so four-eyes decisions and multi-disciplinary teams can be tried.
var DemoStaff = []struct {
	Username, DisplayName string
	Role                  domain.Role
	Country, Facility     string // Facility: northgate, riverside or harbour; empty for a country scope
}{
	{"supervisor2", "Demo Supervisor (second)", domain.RoleSupervisor, "XA", ""},
	{"supervisorxb", "Demo Supervisor (Borealis)", domain.RoleSupervisor, "XB", ""},
	{"psychologist", "Demo Psychologist (Northgate)", domain.RolePractitioner, "XA", "northgate"},
	{"practitionerxb", "Demo Probation Officer (Harbour)", domain.RolePractitioner, "XB", "harbour"},
}

// SeedDemoCases fills the demo organisation with about forty cases in every phase, with their
// whole histories, in one transaction. The world is the same on every run (a seeded random
// source; dates relative to spec.Today). When the demo programmes already hold cases it does
// nothing and returns nil counts.
func (db *DB) SeedDemoCases(ctx context.Context, spec DemoSpec) (SeedCounts, error) {
	sys := domain.System("seed")
	var counts SeedCounts
	err := db.tx(ctx, func(tx pgx.Tx) error {
		var loaded bool
		if err := tx.QueryRow(ctx, "SELECT EXISTS (SELECT 1 FROM cases WHERE programme_id = ANY($1::uuid[]))",
			[]string{spec.ProgrammeXA, spec.ProgrammeXB}).Scan(&loaded); err != nil {
			return err
		}
		if loaded {
			return nil
		}
		facilities := map[string]string{"northgate": spec.Northgate, "riverside": spec.Riverside, "harbour": spec.Harbour}
		users := map[string]pgtype.UUID{}
		for name, id := range map[string]string{"supervisor": spec.Supervisor, "practitioner": spec.Practitioner, "practitioner2": spec.Practitioner2} {
			users[name] = mustUUID(id)
		}
		for _, st := range DemoStaff {
			id, created, err := ensureUser(ctx, tx, st.Username, st.DisplayName, spec.PasswordHash)
			if err != nil {
				return err
			}
			users[st.Username] = mustUUID(id)
			if !created {
				continue
			}
			var fac any
			kind := "country"
			if st.Facility != "" {
				fac, kind = facilities[st.Facility], "facility"
			}
			if _, err := tx.Exec(ctx, `INSERT INTO memberships (user_id, role, scope_kind, country, facility_id) VALUES ($1, $2, $3, $4, $5)`,
				id, st.Role, kind, st.Country, fac); err != nil {
				return err
			}
			ev := domain.NewAuditEvent(sys, "user.create", "user", id, domain.OutcomeSuccess)
			ev.Details = details(map[string]any{"username": st.Username, "role": st.Role, "scope": kind})
			if err := db.appendAudit(ctx, tx, ev); err != nil {
				return err
			}
		}
		cat, err := loadSeedCatalogue(ctx, tx)
		if err != nil {
			return err
		}
		nationals := []string{"XA", "XC", "XD", "XE", "XF"}
		northgate := &seedFacility{id: mustUUID(spec.Northgate), country: "XA", programme: mustUUID(spec.ProgrammeXA), track: "custodial",
			managers:    []pgtype.UUID{users["practitioner"]},
			specialists: []seedStaff{{users["psychologist"], "psychologist"}},
			supervisors: []pgtype.UUID{users["supervisor"], users["supervisor2"]},
			groupTypes:  []string{"cognitive_skills", "arts_sport"}, nationals: nationals, agency: "Arcadia Probation Service"}
		riverside := &seedFacility{id: mustUUID(spec.Riverside), country: "XA", programme: mustUUID(spec.ProgrammeXA), track: "custodial",
			managers:    []pgtype.UUID{users["practitioner2"]},
			supervisors: []pgtype.UUID{users["supervisor"], users["supervisor2"]},
			groupTypes:  []string{"vocational_training", "religious_dialogue"}, nationals: nationals, agency: "Arcadia Probation Service"}
		harbour := &seedFacility{id: mustUUID(spec.Harbour), country: "XB", programme: mustUUID(spec.ProgrammeXB), track: "non_custodial",
			managers:    []pgtype.UUID{users["practitionerxb"]},
			supervisors: []pgtype.UUID{users["supervisorxb"]},
			groupTypes:  []string{"life_skills", "arts_sport"}, nationals: []string{"XB", "XG", "XH", "XC", "XD"}, agency: "Borealis Probation Service"}

		pseudonyms, err := loadPseudonyms(ctx, tx)
		if err != nil {
			return err
		}
		// Timestamps fall in working hours, before seven on the seed day's morning (or now, if
		// earlier), so the world is the same whenever that day it is made.
		today := dateOnly(spec.Today)
		now := today.Add(7 * time.Hour)
		if real := db.now(); real.Before(now) {
			now = real
		}
		g := &generator{r: rand.New(rand.NewPCG(2012, 4)), cat: cat, today: today, now: now,
			text: true, pseudonyms: pseudonyms}
		rs := newRowSet()
		for _, p := range demoCast(northgate, riverside, harbour, users) {
			g.simulate(p, rs)
		}
		rs.finish()
		if counts, err = copyRowSet(ctx, tx, rs); err != nil {
			return err
		}
		if err := seedDemoAfterRelease(ctx, tx, g, spec, users, today, counts); err != nil {
			return err
		}
		ev := domain.NewAuditEvent(sys, "seed.demo", "seed", "", domain.OutcomeSuccess)
		ev.Details = details(map[string]any{"cases": counts["cases"], "events": counts.Events()})
		return db.appendAudit(ctx, tx, ev)
	})
	return counts, err
}

// demoCast is the demo's forty cases: who manages them, where they stand, and what waits in
// the supervisors' queue. Thirty in Arcadia (custodial), ten in Borealis (community).
func demoCast(northgate, riverside, harbour *seedFacility, u map[string]pgtype.UUID) []casePlan {
	var out []casePlan
	add := func(f *seedFacility, mgr string, phase string, mod func(*casePlan)) {
		p := casePlan{fac: f, phase: phase, manager: u[mgr]}
		if mod != nil {
			mod(&p)
		}
		out = append(out, p)
	}
	closed := func(reason string) func(*casePlan) { return func(p *casePlan) { p.closure = reason } }
	// Northgate: the demo practitioner's caseload (with the psychologist on the team), three
	// cases managed by the psychologist alone so the practitioner does not see everything.
	N, R, H := northgate, riverside, harbour
	add(N, "practitioner", "intake", nil)
	add(N, "practitioner", "intake", func(p *casePlan) { p.noSpecialist = true })
	add(N, "practitioner", "assessment", nil)
	add(N, "practitioner", "assessment", func(p *casePlan) { p.pendingTransition = true })
	add(N, "practitioner", "intervention", func(p *casePlan) { p.pendingMilestone = true })
	add(N, "practitioner", "intervention", func(p *casePlan) { p.pendingMilestone = true })
	add(N, "practitioner", "intervention", func(p *casePlan) { p.overdue = true })
	add(N, "practitioner", "intervention", func(p *casePlan) { p.pendingTransition = true })
	add(N, "practitioner", "intervention", func(p *casePlan) {
		// Asked for by a supervisor: only the other supervisor may decide it.
		p.pendingTransition, p.requester = true, u["supervisor"]
	})
	add(N, "practitioner", "pre_release", func(p *casePlan) { p.pendingReintegration = true })
	add(N, "practitioner", "pre_release", nil)
	add(N, "practitioner", "reintegration", nil)
	add(N, "practitioner", "reintegration", func(p *casePlan) { p.newOffence = "arrest" })
	add(N, "practitioner", "closed", closed("completed"))
	add(N, "psychologist", "intervention", nil)
	add(N, "psychologist", "closed", closed("reoffended_recalled"))
	// Riverside: practitioner2's caseload.
	add(R, "practitioner2", "intake", nil)
	add(R, "practitioner2", "assessment", func(p *casePlan) { p.pendingPlan = true })
	add(R, "practitioner2", "assessment", nil)
	add(R, "practitioner2", "intervention", nil)
	add(R, "practitioner2", "intervention", func(p *casePlan) { p.overdue = true })
	add(R, "practitioner2", "intervention", func(p *casePlan) { p.pendingMilestone = true })
	add(R, "practitioner2", "pre_release", nil)
	add(R, "practitioner2", "pre_release", nil)
	add(R, "practitioner2", "reintegration", nil)
	add(R, "practitioner2", "reintegration", nil)
	add(R, "practitioner2", "closed", closed("completed"))
	add(R, "practitioner2", "closed", closed("withdrawn"))
	add(R, "practitioner2", "closed", closed("released_without_programme"))
	add(R, "practitioner2", "closed", closed("transferred_out"))
	// Harbour: community cases in Borealis.
	add(H, "practitionerxb", "intake", nil)
	add(H, "practitionerxb", "intake", nil)
	add(H, "practitionerxb", "assessment", nil)
	add(H, "practitionerxb", "assessment", func(p *casePlan) { p.pendingTransition = true })
	add(H, "practitionerxb", "intervention", nil)
	add(H, "practitionerxb", "intervention", func(p *casePlan) { p.pendingMilestone = true })
	add(H, "practitionerxb", "intervention", nil)
	add(H, "practitionerxb", "intervention", func(p *casePlan) { p.overdue = true })
	add(H, "practitionerxb", "closed", closed("completed"))
	add(H, "practitionerxb", "closed", closed("withdrawn"))
	return out
}

// ensureUser finds a user by name or creates it; created says which.
func ensureUser(ctx context.Context, tx pgx.Tx, username, display, hash string) (id string, created bool, err error) {
	err = tx.QueryRow(ctx, "SELECT id FROM users WHERE username = $1", username).Scan(&id)
	if err == nil {
		return id, false, nil
	}
	if err != pgx.ErrNoRows {
		return "", false, err
	}
	err = tx.QueryRow(ctx, "INSERT INTO users (username, display_name, password_hash) VALUES ($1, $2, $3) RETURNING id",
		username, display, hash).Scan(&id)
	return id, err == nil, err
}

func mustUUID(s string) pgtype.UUID {
	var u pgtype.UUID
	if err := u.Scan(s); err != nil {
		panic(fmt.Sprintf("seed: not a uuid: %q", s))
	}
	return u
}

func dateOnly(t time.Time) time.Time {
	y, m, d := t.UTC().Date()
	return time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
}

func loadSeedCatalogue(ctx context.Context, tx pgx.Tx) (*seedCatalogue, error) {
	c := &seedCatalogue{typePractices: map[string][]string{}, milestonePractices: map[string][]string{},
		milestoneVerify: map[string]bool{}, kindPractices: map[string][]string{}, typeNames: map[string]string{}}
	pairs := func(q string, into map[string][]string) error {
		rows, err := tx.Query(ctx, q)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var k, v string
			if err := rows.Scan(&k, &v); err != nil {
				return err
			}
			into[k] = append(into[k], v)
		}
		return rows.Err()
	}
	if err := pairs("SELECT type_code, practice_code FROM intervention_type_practices ORDER BY 1, 2", c.typePractices); err != nil {
		return nil, err
	}
	if err := pairs("SELECT milestone_code, practice_code FROM milestone_practices ORDER BY 1, 2", c.milestonePractices); err != nil {
		return nil, err
	}
	if err := pairs("SELECT kind, practice_code FROM record_kind_practices ORDER BY 1, 2", c.kindPractices); err != nil {
		return nil, err
	}
	rows, err := tx.Query(ctx, "SELECT code, needs_verification FROM milestone_definitions")
	if err != nil {
		return nil, err
	}
	for rows.Next() {
		var code string
		var v bool
		if err := rows.Scan(&code, &v); err != nil {
			return nil, err
		}
		c.milestoneVerify[code] = v
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	rows, err = tx.Query(ctx, "SELECT code, name FROM intervention_types")
	if err != nil {
		return nil, err
	}
	for rows.Next() {
		var code, name string
		if err := rows.Scan(&code, &name); err != nil {
			return nil, err
		}
		c.typeNames[code] = name
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	rows, err = tx.Query(ctx, `SELECT i->>'code', i->>'polarity' = 'protective'
		FROM instruments, jsonb_array_elements(definition->'domains') d, jsonb_array_elements(d->'items') i
		WHERE code = 'pathways-open' AND version = '1'`)
	if err != nil {
		return nil, err
	}
	for rows.Next() {
		var it seedItem
		if err := rows.Scan(&it.code, &it.protective); err != nil {
			return nil, err
		}
		c.items = append(c.items, it)
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	if len(c.items) == 0 {
		return nil, fmt.Errorf("seed: the open instrument pathways-open v1 is missing")
	}
	return c, nil
}

// loadPseudonyms reads the pseudonyms in use, so generated ones never collide with them.
func loadPseudonyms(ctx context.Context, tx pgx.Tx) (map[string]bool, error) {
	rows, err := tx.Query(ctx, "SELECT pseudonym FROM participants")
	if err != nil {
		return nil, err
	}
	names, err := pgx.CollectRows(rows, pgx.RowTo[string])
	if err != nil {
		return nil, err
	}
	m := make(map[string]bool, len(names))
	for _, n := range names {
		m[n] = true
	}
	return m, nil
}

// copyRowSet writes a batch with COPY, table by table in foreign-key order.
func copyRowSet(ctx context.Context, tx pgx.Tx, rs *rowSet) (SeedCounts, error) {
	counts := SeedCounts{}
	for _, t := range seedTables {
		rows := rs.rows[t.name]
		if len(rows) == 0 {
			continue
		}
		n, err := tx.CopyFrom(ctx, pgx.Identifier{t.name}, t.cols, pgx.CopyFromRows(rows))
		if err != nil {
			return nil, fmt.Errorf("seed: copying %s: %w", t.name, err)
		}
		counts[t.name] = n
	}
	return counts, backfillLifecycle(ctx, tx, rs)
}

// SyntheticSpec says how many synthetic cases to add and how.
type SyntheticSpec struct {
	Cases     int
	BatchSize int    // cases per transaction; default 2000 (group sessions form within a batch)
	Workers   int    // concurrent COPY connections; default 2
	Seed      uint64 // random seed; 0 draws one from the clock
	// Progress, when set, is called after each committed batch with the cases written so far.
	Progress func(done int)
}

// SyntheticResult reports what a synthetic run wrote.
type SyntheticResult struct {
	Country    string
	Facilities int
	Rows       SeedCounts
}

// SeedSynthetic adds spec.Cases generated cases, with proportionate records, for load and
// statistics work. It uses the facilities of the demo country XA when there are any, or else
// makes its own country XS with prisons, probation offices, a programme and staff. Staff it
// creates cannot sign in. Cases are written with COPY, a batch per transaction, by a few
// connections at once; one audit event summarises the run. Running it again adds more cases.
func (db *DB) SeedSynthetic(ctx context.Context, spec SyntheticSpec) (SyntheticResult, error) {
	res := SyntheticResult{Rows: SeedCounts{}}
	if spec.Cases <= 0 {
		return res, domain.Invalid(domain.FieldProblem{Field: "cases", Reason: "min", Detail: "at least one case"})
	}
	if spec.BatchSize <= 0 {
		spec.BatchSize = 2000
	}
	if spec.Workers <= 0 {
		spec.Workers = 2
	}
	if spec.Seed == 0 {
		spec.Seed = uint64(time.Now().UnixNano())
	}
	sys := domain.System("seed")
	var facs []*seedFacility
	var cat *seedCatalogue
	var pseudonyms map[string]bool
	usersCreated := 0
	err := db.tx(ctx, func(tx pgx.Tx) error {
		var err error
		if facs, usersCreated, err = ensureSyntheticWorld(ctx, tx); err != nil {
			return err
		}
		if cat, err = loadSeedCatalogue(ctx, tx); err != nil {
			return err
		}
		pseudonyms, err = loadPseudonyms(ctx, tx)
		return err
	})
	if err != nil {
		return res, err
	}
	res.Country, res.Facilities = facs[0].country, len(facs)

	now := db.now()
	g := &generator{r: rand.New(rand.NewPCG(spec.Seed, 0x5eed)), cat: cat, today: dateOnly(now), now: now,
		seqIDs: true, pseudonyms: pseudonyms}
	eg, ctx := errgroup.WithContext(ctx)
	batches := make(chan *rowSet, 1)
	eg.Go(func() error {
		defer close(batches)
		for done := 0; done < spec.Cases; {
			n := min(spec.BatchSize, spec.Cases-done)
			rs := newRowSet()
			for range n {
				g.simulate(g.syntheticPlan(facs), rs)
			}
			rs.finish()
			select {
			case batches <- rs:
			case <-ctx.Done():
				return ctx.Err()
			}
			done += n
		}
		return nil
	})
	var mu sync.Mutex
	written := 0
	for range spec.Workers {
		eg.Go(func() error {
			for rs := range batches {
				var counts SeedCounts
				err := db.tx(ctx, func(tx pgx.Tx) error {
					var err error
					counts, err = copyRowSet(ctx, tx, rs)
					return err
				})
				if err != nil {
					return err
				}
				mu.Lock()
				for k, v := range counts {
					res.Rows[k] += v
				}
				written += rs.cases
				if spec.Progress != nil {
					spec.Progress(written)
				}
				mu.Unlock()
			}
			return nil
		})
	}
	runErr := eg.Wait()
	if runErr == nil {
		runErr = foldSummaries(context.WithoutCancel(ctx), db)
	}
	outcome := domain.OutcomeSuccess
	if runErr != nil {
		outcome = domain.OutcomeFailure
	}
	ev := domain.NewAuditEvent(sys, "seed.synthetic", "seed", "", outcome)
	ev.Details = details(map[string]any{"country": res.Country, "cases_requested": spec.Cases, "cases": res.Rows["cases"],
		"events": res.Rows.Events(), "users_created": usersCreated})
	if err := db.Audit(context.WithoutCancel(ctx), ev); err != nil && runErr == nil {
		runErr = err
	}
	return res, runErr
}

// foldSummaries leaves the database ready to answer after a bulk load, with nothing left
// to a person or to autovacuum: it folds the statistics summaries' pending deltas (single
// writes fold now and then; a bulk load leaves millions for every reader to add up),
// vacuums the tables the statistics read (their index-only scans need the visibility map,
// which only VACUUM sets: without it time_in_phase read the heap for every fact, 409 ms p95
// at 100,000 cases) and refreshes the planner's statistics on every table it loaded.
func foldSummaries(ctx context.Context, db *DB) error {
	if _, err := db.pool.Exec(ctx, `SELECT stat_att_fold(), stat_cov_fold(), stat_flow_fold()`); err != nil {
		return fmt.Errorf("seed: folding the statistics summaries: %w", err)
	}
	read := []string{"stat_fact", "stat_att_fact", "stat_cov_fact", "stat_att", "stat_att_delta", "stat_cov", "stat_cov_delta",
		"stat_flow", "stat_flow_delta", "cases", "participants"}
	// The other loaded tables first: analysed, autovacuum has no reason to analyse them
	// while the vacuums run (an analysis in progress holds back the horizon below which
	// VACUUM may mark a page all-visible).
	// The releases and follow-up points the lifecycle backfill derived from them count too.
	var loaded []string
	for _, t := range seedTables {
		if !slices.Contains(read, t.name) {
			loaded = append(loaded, pgx.Identifier{t.name}.Sanitize())
		}
	}
	loaded = append(loaded, "releases", "follow_up_points")
	if _, err := db.pool.Exec(ctx, `ANALYZE `+strings.Join(loaded, ", ")); err != nil {
		return fmt.Errorf("seed: analysing the loaded tables: %w", err)
	}
	for _, t := range read {
		// VACUUM cannot run in a transaction: one statement per table, each its own; a
		// table left mostly not all-visible (something else held the horizon back) is
		// vacuumed again, a few times at most.
		for try := 0; try < 3; try++ {
			if _, err := db.pool.Exec(ctx, `VACUUM (ANALYZE) `+pgx.Identifier{t}.Sanitize()); err != nil {
				return fmt.Errorf("seed: vacuuming %s: %w", t, err)
			}
			var ready bool
			if err := db.pool.QueryRow(ctx, `SELECT relallvisible >= 0.9 * relpages FROM pg_class WHERE oid = $1::regclass`, t).Scan(&ready); err != nil {
				return err
			}
			if ready {
				break
			}
			time.Sleep(time.Second)
		}
	}
	return nil
}

// syntheticPlan draws one case: facility, phase, closure and pending items, in proportions
// like those of a programme that has run for some years.
func (g *generator) syntheticPlan(facs []*seedFacility) casePlan {
	w := make([]float64, len(facs))
	for i, f := range facs {
		w[i] = 1
		if f.track == "custodial" {
			w[i] = 2.5
		}
	}
	f := facs[g.weighted(w...)]
	p := casePlan{fac: f, manager: pick(g, f.managers)}
	if f.track == "custodial" {
		p.phase = []string{"intake", "assessment", "intervention", "pre_release", "reintegration", "closed"}[g.weighted(4, 6, 33, 9, 20, 28)]
	} else {
		p.phase = []string{"intake", "assessment", "intervention", "closed"}[g.weighted(5, 8, 50, 37)]
	}
	if p.phase == "closed" {
		if f.track == "custodial" {
			p.closure = []string{"completed", "reoffended_recalled", "withdrawn", "transferred_out", "released_without_programme", "deceased", "other"}[g.weighted(40, 12, 12, 10, 14, 2, 10)]
		} else {
			p.closure = []string{"completed", "withdrawn", "transferred_out", "reoffended_recalled", "deceased", "other"}[g.weighted(50, 20, 15, 8, 2, 5)]
		}
	}
	switch p.phase {
	case "assessment":
		p.pendingPlan = g.chance(0.25)
		p.pendingTransition = !p.pendingPlan && g.chance(0.1)
	case "intervention":
		p.pendingTransition = f.track == "custodial" && g.chance(0.03)
		p.overdue = !p.pendingTransition && g.chance(0.08)
	case "pre_release":
		p.pendingReintegration = g.chance(0.2)
		p.overdue = g.chance(0.05)
	case "reintegration":
		p.overdue = g.chance(0.08)
		switch {
		case g.chance(0.05):
			p.newOffence = "arrest"
		case g.chance(0.02):
			p.newOffence = "charge"
		}
	}
	return p
}

var slugRe = regexp.MustCompile(`[^a-z0-9]+`)

// ensureSyntheticWorld finds or makes the facilities, programme and staff synthetic cases are
// placed in, and returns them with how many users it created.
func ensureSyntheticWorld(ctx context.Context, tx pgx.Tx) ([]*seedFacility, int, error) {
	country := "XA"
	var n int
	if err := tx.QueryRow(ctx, "SELECT count(*) FROM facilities WHERE country = 'XA' AND retired_at IS NULL").Scan(&n); err != nil {
		return nil, 0, err
	}
	if n == 0 {
		country = "XS"
		if _, err := tx.Exec(ctx, "INSERT INTO countries (code, name) VALUES ('XS', 'Synthetica') ON CONFLICT DO NOTHING"); err != nil {
			return nil, 0, err
		}
		for _, f := range []struct{ name, kind string }{
			{"Central Prison", "prison"}, {"Eastfield Prison", "prison"}, {"Westmoor Prison", "prison"},
			{"Southbank Women's Prison", "prison"}, {"Hillcrest Young Offender Institution", "prison"}, {"Lakeside Prison", "prison"},
			{"Capital Probation Office", "probation"}, {"Northern Probation Office", "probation"},
		} {
			if _, err := tx.Exec(ctx, "INSERT INTO facilities (country, name, kind) VALUES ('XS', $1, $2) ON CONFLICT DO NOTHING", f.name, f.kind); err != nil {
				return nil, 0, err
			}
		}
	}
	var programme string
	err := tx.QueryRow(ctx, "SELECT id FROM programmes WHERE country = $1 AND retired_at IS NULL ORDER BY created_at, id LIMIT 1", country).Scan(&programme)
	if err == pgx.ErrNoRows {
		err = tx.QueryRow(ctx, `INSERT INTO programmes (country, name, description, aftercare_months) VALUES ($1, $2, $3, 12) RETURNING id`,
			country, "Synthetic Rehabilitation and Reintegration Programme", "Generated cases for load and statistics testing.").Scan(&programme)
	}
	if err != nil {
		return nil, 0, err
	}
	rows, err := tx.Query(ctx, "SELECT id::text, name, kind FROM facilities WHERE country = $1 AND retired_at IS NULL ORDER BY name", country)
	if err != nil {
		return nil, 0, err
	}
	type facRow struct{ id, name, kind string }
	list, err := pgx.CollectRows(rows, func(r pgx.CollectableRow) (f facRow, err error) {
		return f, r.Scan(&f.id, &f.name, &f.kind)
	})
	if err != nil {
		return nil, 0, err
	}
	created := 0
	// Synthetic staff cannot sign in: their password hash matches no password.
	const noLogin = "!synthetic-no-login"
	staff := func(username, display string, role domain.Role, facility string) (pgtype.UUID, error) {
		id, isNew, err := ensureUser(ctx, tx, username, display, noLogin)
		if err != nil {
			return pgtype.UUID{}, err
		}
		if isNew {
			created++
			kind, fac := "country", any(nil)
			if facility != "" {
				kind, fac = "facility", facility
			}
			if _, err := tx.Exec(ctx, "INSERT INTO memberships (user_id, role, scope_kind, country, facility_id) VALUES ($1, $2, $3, $4, $5)",
				id, role, kind, country, fac); err != nil {
				return pgtype.UUID{}, err
			}
		}
		return mustUUID(id), nil
	}
	cc := strings.ToLower(country)
	var sups []pgtype.UUID
	for i := 1; i <= 3; i++ {
		id, err := staff(fmt.Sprintf("synth-%s-supervisor%d", cc, i), fmt.Sprintf("Synthetic supervisor %d", i), domain.RoleSupervisor, "")
		if err != nil {
			return nil, 0, err
		}
		sups = append(sups, id)
	}
	var out []*seedFacility
	for _, f := range list {
		slug := strings.Trim(slugRe.ReplaceAllString(strings.ToLower(f.name), "-"), "-")
		if len(slug) > 40 {
			slug = slug[:40]
		}
		sf := &seedFacility{id: mustUUID(f.id), country: country, programme: mustUUID(programme), track: "custodial",
			supervisors: sups, nationals: []string{country, "XC", "XD", "XE", "XF"}, agency: "Probation service",
			groupTypes: []string{"cognitive_skills", "vocational_training", "arts_sport", "religious_dialogue"}}
		disciplines := []string{"psychologist", "religious_counsellor", "educator", "prison_officer"}
		if f.kind != "prison" {
			sf.track = "non_custodial"
			sf.groupTypes = []string{"cognitive_skills", "life_skills", "arts_sport"}
			disciplines = []string{"psychologist", "mentor", "social_worker"}
		}
		for i := 1; i <= 4; i++ {
			id, err := staff(fmt.Sprintf("synth-%s-cm%d", slug, i), fmt.Sprintf("Synthetic case manager %d, %s", i, f.name), domain.RolePractitioner, f.id)
			if err != nil {
				return nil, 0, err
			}
			sf.managers = append(sf.managers, id)
		}
		for _, d := range disciplines {
			id, err := staff(fmt.Sprintf("synth-%s-%s", slug, strings.ReplaceAll(d, "_", "-")), fmt.Sprintf("Synthetic %s, %s", strings.ReplaceAll(d, "_", " "), f.name), domain.RolePractitioner, f.id)
			if err != nil {
				return nil, 0, err
			}
			sf.specialists = append(sf.specialists, seedStaff{id, d})
		}
		out = append(out, sf)
	}
	return out, created, nil
}
