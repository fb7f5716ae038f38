package api_test

import (
	"context"
	"encoding/csv"
	"fmt"
	"maps"
	"math"
	"slices"
	"strings"
	"testing"
	"time"

	"pathways/domain"
	"pathways/domain/postgres/pgtest"
	"pathways/domain/postgres/seed"
)

// The statistics attacked as the attacker of the disclosure issue did, through the API, on
// generated data: overlapping periods, breakdowns against their totals, linked tables,
// scopes, repeated and rephrased queries, live polling, and an insider padding rates and
// medians. Each attack collects every published figure it needs and asks the exact solver
// (statistics_attack_solver_test.go) which true values of each small cell (1 to 4) are
// consistent with all of them and with everything the attacker knows; the test fails if any
// small cell has only one. Controls run the same attacks on the true figures under the
// old protection (small cells suppressed, everything else exact) and show they then
// recover small cells: the attacks are real.

// pubCell is a published figure.
type pubCell struct {
	value      float64
	suppressed bool
}

// publishedFigures asks for an indicator and returns its rows by "key|key".
func publishedFigures(t *testing.T, c *client, id, query string, dims ...string) map[string]pubCell {
	t.Helper()
	r := c.do("GET", "/api/v1/statistics/"+id+"?"+query, nil).want(200).json()
	out := map[string]pubCell{}
	for _, x := range r["rows"].([]any) {
		row := x.(map[string]any)
		var k []string
		for _, d := range dims {
			k = append(k, row[d].(string))
		}
		p := pubCell{suppressed: row["suppressed"] == true}
		if v, ok := row["value"].(float64); ok {
			p.value = v
		}
		out[strings.Join(k, "|")] = p
	}
	return out
}

// trueFigures are the store's figures before disclosure control, as the judge (never the
// attacker) sees them: those first published for the cells, so the judge asks on the same
// records as the attacker's first answer.
func trueFigures(t *testing.T, e *env, p *domain.Principal, id, by string, from, to time.Time) map[string]*domain.Cell {
	t.Helper()
	ind, _ := domain.IndicatorByID(id)
	data, err := e.db.Statistic(context.Background(), p, domain.StatQuery{Indicator: ind, From: from, To: to, By: domain.Dimension(by)})
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]*domain.Cell{}
	for _, c := range data.Complete() {
		out[strings.Join(c.Keys, "|")] = c
	}
	return out
}

func principalOf(role domain.Role, s domain.Scope) *domain.Principal {
	return &domain.Principal{Username: "judge", ActingRole: role, Memberships: []domain.Membership{{Role: role, Scope: s}}}
}

func periodQ(from, to time.Time) string {
	return "from=" + from.Format(time.DateOnly) + "&to=" + to.Format(time.DateOnly)
}

// target is a small cell the attack tries to recover.
type target struct {
	name  string
	v     int
	truth int64
}

// judge checks that no target is recovered with certainty, and that the truth is
// consistent with what was published (if not, the attacker's model of the mechanism, not
// the mechanism, is wrong).
func judge(t *testing.T, a *attack, targets []target) {
	t.Helper()
	if len(targets) == 0 {
		t.Fatal("the generated data gave this attack no small cell to attack")
	}
	for _, g := range targets {
		truthOK, otherOK, exhausted := a.candidates(g.v, g.truth)
		switch {
		case exhausted:
			t.Errorf("%s: the solver ran out of budget", g.name)
		case !truthOK:
			t.Errorf("%s: its true value %d is inconsistent with the published figures: the attacker's model is wrong", g.name, g.truth)
		case !otherOK:
			t.Errorf("%s: recovered with certainty (%d)", g.name, g.truth)
		}
	}
	t.Logf("%d small cells attacked, none recovered with certainty", len(targets))
}

// control runs an attack on the old protection: true figures published exactly except small
// cells (1 to 4), which are only known to be 1 to 4. It returns how many of the targets that
// recovers exactly.
func control(t *testing.T, build func(a *attack, value func(key string, truth int64) int) []target) int {
	t.Helper()
	a := &attack{}
	targets := build(a, func(key string, truth int64) int {
		if truth >= 1 && truth <= 4 {
			return a.unknown(key, 1, 4)
		}
		return a.unknown(key, truth, truth)
	})
	n := 0
	for _, g := range targets {
		truthOK, otherOK, exhausted := a.candidates(g.v, g.truth)
		if !truthOK || exhausted {
			t.Fatalf("control %s: truth %v, exhausted %v", g.name, truthOK, exhausted)
		}
		if !otherOK {
			n++
		}
	}
	return n
}

func TestStatisticsAttacks(t *testing.T) {
	e := newEnv(t)
	ctx := context.Background()
	if _, err := seed.Synthetic(ctx, e.db, seed.SyntheticSpec{Cases: 400, Seed: 11, Workers: 1}); err != nil {
		t.Fatal(err)
	}
	nat := e.as("national")
	natP := principalOf(domain.RoleNationalAuthority, domain.Scope{Kind: domain.ScopeCountry, Country: "XA"})
	now := time.Now()
	from, to := domain.DefaultPeriod(now, 0) // the test server's lag is 0
	year := to.Year() - 1                    // a calendar year wholly served
	month := func(m int) (time.Time, time.Time) {
		f := time.Date(year, time.Month(m), 1, 0, 0, 0, 0, time.UTC)
		return f, f.AddDate(0, 1, -1)
	}
	bands := append(slices.Clone(domain.FixedCodes[domain.DimAgeBand]), domain.TotalCode)

	t.Run("overlapping periods", func(t *testing.T) {
		// The windows (January to November against February to November) are
		// refused: only standard periods are served.
		jan, _ := month(1)
		_, nov := month(11)
		feb, _ := month(2)
		for _, q := range []string{periodQ(jan, nov), periodQ(feb, nov)} {
			nat.do("GET", "/api/v1/statistics/intakes?by=age_band&"+q, nil).problem(422)
		}
		// What is served: each month, quarter, half-year and the year, by age band. Each
		// month of each band is the target; every period is the sum of its months.
		type span struct{ from, to int }
		var spans []span
		for m := 1; m <= 12; m++ {
			spans = append(spans, span{m, m})
		}
		spans = append(spans, span{1, 3}, span{4, 6}, span{7, 9}, span{10, 12}, span{1, 6}, span{7, 12}, span{1, 12})
		for _, id := range []string{"intakes", "exits"} {
			t.Run(id, func(t *testing.T) {
				a := &attack{}
				truthOf := map[span]map[string]*domain.Cell{}
				vars := map[span]map[string]int{}
				for _, s := range spans {
					f, _ := month(s.from)
					_, l := month(s.to)
					by, dims := "age_band", []string{"age_band"}
					if id == "exits" {
						dims = []string{"closure_reason", "age_band"}
					}
					pub := publishedFigures(t, nat, id, periodQ(f, l)+"&by="+by, dims...)
					truthOf[s] = trueFigures(t, e, natP, id, by, f, l)
					vars[s] = map[string]int{}
					for k, p := range pub {
						vars[s][k] = a.published(fmt.Sprint(s, k), p.value, false)
						a.hint(vars[s][k], trueCount(truthOf[s], k))
					}
				}
				// Every period is the sum of its months, cell by cell; every table's totals
				// are the sums of its cells.
				for _, s := range spans[12:] {
					for k, v := range vars[s] {
						var parts []int
						for m := s.from; m <= s.to; m++ {
							parts = append(parts, vars[span{m, m}][k])
						}
						a.sum(v, parts, 0)
					}
				}
				for _, s := range spans {
					addMargins(a, vars[s])
				}
				var targets []target
				for m := 1; m <= 12; m++ {
					for k, v := range vars[span{m, m}] {
						if n := truthOf[span{m, m}][k].Units.N; n >= 1 && n <= 4 && !strings.Contains(k, domain.TotalCode) {
							targets = append(targets, target{fmt.Sprintf("%s month %d %s", id, m, k), v, n})
						}
					}
				}
				judge(t, a, targets)
			})
		}
	})

	t.Run("breakdowns against totals", func(t *testing.T) {
		// The attacker takes the first standard period whose table has small cells: the
		// default view, else a quarter of the last served year (with two facilities, the
		// default view by facility may have none).
		periods := [][2]time.Time{{from, to}}
		for q := 1; q <= 10; q += 3 {
			f, _ := month(q)
			_, l := month(q + 2)
			periods = append(periods, [2]time.Time{f, l})
		}
		for _, by := range []string{"gender", "age_band", "facility", "category"} {
			t.Run(by, func(t *testing.T) {
				var pub map[string]pubCell
				var truth map[string]*domain.Cell
				var build func(a *attack, value func(string, int64) int) []target
				for _, p := range periods {
					pub = publishedFigures(t, nat, "active_cases", periodQ(p[0], p[1])+"&by="+by, "phase", by)
					truth = trueFigures(t, e, natP, "active_cases", by, p[0], p[1])
					build = func(a *attack, value func(string, int64) int) []target {
						vars := map[string]int{}
						for k := range pub {
							vars[k] = value(k, truth[k].Units.N)
						}
						addMargins(a, vars)
						return smallTargets(vars, truth)
					}
					if slices.ContainsFunc(slices.Collect(maps.Keys(pub)), func(k string) bool {
						c := truth[k]
						return c != nil && c.Units.N >= 1 && c.Units.N <= 4 && !strings.Contains(k, domain.TotalCode)
					}) {
						break
					}
				}
				a := &attack{}
				targets := build(a, func(k string, n int64) int {
					v := a.published(k, pub[k].value, false)
					a.hint(v, n)
					return v
				})
				judge(t, a, targets)
				if by == "gender" {
					t.Logf("control: primary suppression alone gives away %d of %d small cells", control(t, build), len(targets))
				}
				if by == "category" {
					// Every category is listed, whether anyone holds it or not.
					for _, c := range domain.FixedCodes[domain.DimCategory] {
						if _, ok := pub["_T|"+c]; !ok {
							t.Errorf("category %s not listed", c)
						}
					}
				}
			})
		}
	})

	t.Run("linked tables", func(t *testing.T) {
		// Sessions by type and by memorandum practice, by age band, over the latest month
		// served: a practice's sessions are those of the types that evidence it, and many
		// practices have one type.
		from := time.Date(to.Year(), to.Month(), 1, 0, 0, 0, 0, time.UTC)
		q := periodQ(from, to) + "&by=age_band"
		types := publishedFigures(t, nat, "sessions_by_type", q, "intervention_type", "age_band")
		practices := publishedFigures(t, nat, "sessions_by_practice", q, "practice", "age_band")
		tt := trueFigures(t, e, natP, "sessions_by_type", "age_band", from, to)
		tp := trueFigures(t, e, natP, "sessions_by_practice", "age_band", from, to)
		mapping := map[string][]string{}
		rows, err := e.db.Pool().Query(ctx, `SELECT practice_code, type_code FROM intervention_type_practices`)
		if err != nil {
			t.Fatal(err)
		}
		for rows.Next() {
			var p, ty string
			if err := rows.Scan(&p, &ty); err != nil {
				t.Fatal(err)
			}
			mapping[p] = append(mapping[p], ty)
		}
		build := func(a *attack, value func(string, int64) int) []target {
			tv, pv := map[string]int{}, map[string]int{}
			for k := range types {
				tv[k] = value("type "+k, tt[k].Units.N)
			}
			for k := range practices {
				pv[k] = value("practice "+k, tp[k].Units.N)
			}
			addMargins(a, tv)
			addMargins(a, pv)
			for p, ts := range mapping {
				for _, b := range bands {
					var parts []int
					for _, ty := range ts {
						if v, ok := tv[ty+"|"+b]; ok {
							parts = append(parts, v)
						}
					}
					if v, ok := pv[p+"|"+b]; ok && len(parts) > 0 {
						a.sum(v, parts, 0)
					}
				}
			}
			out := smallTargets(tv, tt)
			for _, g := range smallTargets(pv, tp) {
				g.name = "practice " + g.name
				out = append(out, g)
			}
			return out
		}
		a := &attack{}
		targets := build(a, func(k string, n int64) int {
			kind, key, _ := strings.Cut(k, " ")
			p := practices[key].value
			if kind == "type" {
				p = types[key].value
			}
			v := a.published(k, p, true)
			a.hint(v, n)
			return v
		})
		judge(t, a, targets)
		t.Logf("control: primary suppression alone gives away %d of %d small cells", control(t, build), len(targets))
	})

	t.Run("scopes", func(t *testing.T) {
		// A supervisor of Northgate alone, set against the national figures by facility.
		created, err := e.db.CreateUser(ctx, domain.System("test"), domain.NewUser{Username: "supnorth", DisplayName: "North", PasswordHash: pwHash})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := e.db.AddMembership(ctx, domain.System("test"), domain.Membership{UserID: created.ID, Role: domain.RoleSupervisor,
			Scope: domain.Scope{Kind: domain.ScopeFacility, Country: "XA", FacilityID: e.world.Northgate}}); err != nil {
			t.Fatal(err)
		}
		sup := e.as("supnorth")
		from := time.Date(to.Year(), to.Month(), 1, 0, 0, 0, 0, time.UTC) // the latest month served: small cells
		attacked := 0
		for _, id := range []string{"active_cases", "intakes", "sessions_by_type"} {
			dims := []string{"facility"}
			supDims := []string{}
			if ind, _ := domain.IndicatorByID(id); ind.Own != "" {
				dims = []string{string(ind.Own), "facility"}
				supDims = []string{string(ind.Own)}
			}
			pubN := publishedFigures(t, nat, id, periodQ(from, to)+"&by=facility", dims...)
			pubS := publishedFigures(t, sup, id, periodQ(from, to), supDims...)
			// The same records give the same figure in either scope: nothing to subtract.
			for k, p := range pubS {
				key := strings.TrimPrefix(k+"|"+e.world.Northgate, "|")
				if pubN[key] != p {
					t.Errorf("%s %s: %v for Northgate's supervisor, %v nationally", id, k, p, pubN[key])
				}
			}
			truth := trueFigures(t, e, natP, id, "facility", from, to)
			a := &attack{}
			vars := map[string]int{}
			record := id == "sessions_by_type"
			for k, p := range pubN {
				vars[k] = a.published(k, p.value, record)
				a.hint(vars[k], trueCount(truth, k))
			}
			addMargins(a, vars)
			for k, p := range pubS {
				key := strings.TrimPrefix(k+"|"+e.world.Northgate, "|")
				v := a.published("sup "+k, p.value, record)
				a.hint(v, trueCount(truth, key))
				a.equal(v, vars[key], 0)
			}
			if targets := smallTargets(vars, truth); len(targets) > 0 {
				judge(t, a, targets)
				attacked += len(targets)
			}
		}
		if attacked == 0 {
			t.Fatal("the generated data gave this attack no small cell to attack")
		}
	})

	t.Run("repeated and rephrased queries", func(t *testing.T) {
		q := periodQ(from, to) + "&by=gender"
		first := publishedFigures(t, nat, "active_cases", q, "phase", "gender")
		for range 3 {
			if again := publishedFigures(t, nat, "active_cases", q, "phase", "gender"); fmt.Sprint(again) != fmt.Sprint(first) {
				t.Fatalf("asked again, answered differently")
			}
		}
		// The same cells in CSV and SDMX; the total without breakdown is the same figure.
		r := nat.do("GET", "/api/v1/statistics/active_cases?"+q+"&format=csv", nil).want(200)
		recs, _ := csv.NewReader(strings.NewReader(string(r.body))).ReadAll()
		for _, rec := range recs[1:] {
			if p := first[rec[0]+"|"+rec[1]]; fmt.Sprint(p.value) != rec[2] && !(rec[2] == "" && p.suppressed) {
				t.Errorf("CSV %v, JSON %v", rec, p)
			}
		}
		r = nat.do("GET", "/api/v1/statistics/active_cases?"+q+"&format=sdmx", nil).want(200)
		recs, _ = csv.NewReader(strings.NewReader(string(r.body))).ReadAll()
		for _, rec := range recs[1:] {
			if p := first[rec[2]+"|"+rec[3]]; fmt.Sprint(p.value) != rec[5] {
				t.Errorf("SDMX %v, JSON %v", rec, p)
			}
		}
		alone := publishedFigures(t, nat, "active_cases", periodQ(from, to), "phase")
		for k, p := range alone {
			if first[k+"|_T"] != p {
				t.Errorf("%s: %v alone, %v in the table by gender", k, p, first[k+"|_T"])
			}
		}
	})

	t.Run("live polling", func(t *testing.T) {
		// The current month is never served; writes today leave every served figure as it
		// was, so polling before and after them tells nothing.
		first := time.Date(now.Year(), now.Month(), 1, 0, 0, 0, 0, time.UTC)
		nat.do("GET", "/api/v1/statistics/exits?"+periodQ(first, first.AddDate(0, 1, -1)), nil).problem(422)
		snapshot := func() string {
			var b strings.Builder
			for _, ind := range domain.Indicators {
				for _, by := range []string{"", "gender", "facility"} {
					r := nat.do("GET", "/api/v1/statistics/"+ind.ID+"?"+periodQ(from, to)+"&by="+by, nil).want(200).json()
					fmt.Fprintln(&b, ind.ID, by, r["rows"])
				}
			}
			r := nat.do("GET", "/api/v1/statistics/coverage?"+periodQ(from, to), nil).want(200).json()
			fmt.Fprintln(&b, r["programmes"])
			return b.String()
		}
		before := snapshot()
		f := pgtest.NewFixture(t, e.db.Pool())
		today := now.UTC().Format(time.DateOnly)
		c := f.Case(pgtest.Case{Facility: e.world.Northgate, Programme: e.world.ProgrammeXA, Opened: today, Gender: "female"})
		f.Session(e.world.Northgate, "cognitive_skills", today, 60, pgtest.Attendance{Case: c, Attendance: "attended"})
		f.Milestone(c, "documents_obtained", today, "verified")
		f.Event(c, "session", today, "GP15")
		var closing string
		if err := e.db.Pool().QueryRow(ctx, `SELECT id::text FROM cases WHERE country = 'XA' AND phase = 'intervention' AND id <> $1 ORDER BY id LIMIT 1`, c).Scan(&closing); err != nil {
			t.Fatal(err)
		}
		f.PhaseChange(closing, "intervention", "closed", today)
		f.Exec(`UPDATE cases SET phase = 'closed', closed_on = $2::date, closure_reason = 'withdrawn', phase_since = $2::date WHERE id = $1`, closing, today)
		if after := snapshot(); after != before {
			t.Error("writes dated today changed figures of months already served")
		}
	})
}

// addMargins relates a table's cells (keys "a|b" or "a") to its totals: every cell with
// _T on a dimension is the sum of the cells with the other codes there, the rest equal.
func addMargins(a *attack, vars map[string]int) {
	for k, v := range vars {
		parts := strings.Split(k, "|")
		for d, code := range parts {
			if code != domain.TotalCode {
				continue
			}
			var sum []int
			for k2, v2 := range vars {
				p2 := strings.Split(k2, "|")
				if len(p2) != len(parts) || p2[d] == domain.TotalCode {
					continue
				}
				same := true
				for i := range parts {
					if i != d && parts[i] != p2[i] {
						same = false
					}
				}
				if same {
					sum = append(sum, v2)
				}
			}
			if len(sum) > 0 {
				a.sum(v, sum, 0)
			}
		}
	}
}

// smallTargets are the cells (not totals) whose true count is 1 to 4.
func smallTargets(vars map[string]int, truth map[string]*domain.Cell) []target {
	var out []target
	for k, v := range vars {
		if c := truth[k]; c != nil && c.Units.N >= 1 && c.Units.N <= 4 && !strings.Contains(k, domain.TotalCode) {
			out = append(out, target{k, v, c.Units.N})
		}
	}
	slices.SortFunc(out, func(a, b target) int { return strings.Compare(a.name, b.name) })
	return out
}

// trueCount is a cell's true count of units, 0 for a cell the true figures do not list.
func trueCount(truth map[string]*domain.Cell, k string) int64 {
	if c := truth[k]; c != nil {
		return c.Units.N
	}
	return 0
}

// rateOutcomes lists what a rate over den cases with num in its numerator can be published
// as ("suppressed" or the value), by the public tables and rules: what the attacker knows.
func rateOutcomes(num, den int64, rules domain.DisclosureRules) map[string]bool {
	out := map[string]bool{}
	for _, d := range domain.CountTable().Support(den) {
		dp := den + int64(math.Round(d.V))
		for _, n := range domain.NumeratorTable().Support(num) {
			np := min(num+int64(math.Round(n.V)), dp)
			switch {
			case dp < int64(rules.People()), (np == 0 || np == dp) && dp < 2*int64(rules.People()):
				out["suppressed"] = true
			default:
				out[fmt.Sprint(math.Round(1000*float64(np)/float64(dp))/10)] = true
			}
		}
	}
	return out
}

// medianPossible reports whether a median d over n values can be published as p: within
// the noise's reach of it, by the public rule.
func medianPossible(d float64, n int, p float64) bool {
	return math.Abs(p-d) <= domain.MedianNoiseReach*domain.MedianNoiseScale(d, int64(n))+0.5
}

// An insider (a supervisor who can write cases) pads a cell with records of their own so
// that one unknown person is left in it, then reads the figures: the padding of a
// reoffending rate (a suppressed cell with five planted cases gave away that the one other
// woman reoffended) and planting of records around a median (two below and two above made
// the median the target's exact value). Each attack is repeated with more and more planted
// records, every one of which draws the noise afresh.
func TestStatisticsInsiderAttacks(t *testing.T) {
	e := newEnv(t)
	f := pgtest.NewFixture(t, e.db.Pool())
	w := e.world
	nat := e.as("national")
	rules := domain.DisclosureRules{}
	_, latest := domain.DefaultPeriod(time.Now(), 0)
	monthOf := func(back int) (time.Time, time.Time) {
		m := time.Date(latest.Year(), latest.Month(), 1, 0, 0, 0, 0, time.UTC).AddDate(0, -back, 0)
		return m, m.AddDate(0, 1, -1)
	}
	d := func(t time.Time, days int) string { return t.AddDate(0, 0, days).Format(time.DateOnly) }

	t.Run("padding a rate", func(t *testing.T) {
		// Two cohorts of one woman each, released in different months at Riverside: the
		// first reoffended within 12 months, the second did not.
		for i, reoffends := range []bool{true, false} {
			cohort, _ := monthOf(13 + i)
			released := d(cohort, 9)
			target := f.Case(pgtest.Case{Facility: w.Riverside, Programme: w.ProgrammeXA, Gender: "female", Opened: d(cohort, -400),
				Phase: "reintegration", PhaseSince: released, Released: released})
			if reoffends {
				f.FollowUp(target, d(cohort, 120), "stable", "employed", "regular", "conviction", d(cohort, 100))
			}
			from, to := monthOf(1 + i) // the month whose 12-month cohort is the release month
			possible := map[int64]bool{0: true, 1: true}
			statuses := map[string]bool{}
			for k := int64(1); k <= 16; k++ {
				// The insider's own case: a woman released the same month, no new offence.
				f.Case(pgtest.Case{Facility: w.Northgate, Programme: w.ProgrammeXA, Gender: "female", Opened: d(cohort, -300),
					Phase: "reintegration", PhaseSince: released, Released: released})
				if k < 9 {
					continue
				}
				pub := publishedFigures(t, nat, "reoffending_12m", periodQ(from, to)+"&by=gender", "gender")["female"]
				seen := "suppressed"
				if !pub.suppressed {
					seen = fmt.Sprint(pub.value)
				}
				statuses[seen] = true
				if k > 9 {
					// Published once: padding after the first answer draws nothing new.
					continue
				}
				for n := range possible {
					if !rateOutcomes(n, k+1, rules)[seen] {
						delete(possible, n)
					}
				}
				want := int64(0)
				if reoffends {
					want = 1
				}
				if !rateOutcomes(want, k+1, rules)[seen] {
					t.Fatalf("published %s cannot come from the truth (%d of %d): the attacker's model is wrong", seen, want, k+1)
				}
			}
			if len(statuses) != 1 {
				t.Errorf("target who reoffended=%v: padding after the first answer changed the published figure: saw %v", reoffends, statuses)
			}
			if len(possible) < 2 {
				t.Errorf("target who reoffended=%v: after padding with 8 to 16 cases the attacker is certain (%v); saw %v", reoffends, possible, statuses)
			}
			t.Logf("target who reoffended=%v: saw %v; still possible: %v", reoffends, statuses, possible)
		}
	})

	t.Run("planting around a median", func(t *testing.T) {
		// The target reached a milestone 137 days after intake; the insider plants cases
		// reaching it the same month, half well below and half well above.
		from, to := monthOf(3)
		on := d(from, 14)
		target := f.Case(pgtest.Case{Facility: w.Riverside, Programme: w.ProgrammeXA, Opened: d(from, 14-137)})
		f.Milestone(target, "family_contact_restored", on, "verified")
		possible := map[float64]bool{}
		for x := 0.0; x <= 2000; x++ {
			possible[x] = true
		}
		seen := map[string]bool{}
		planted := 0
		for round := 0; round < 14; round++ {
			for _, days := range []int{3 + round, 900 + round} {
				c := f.Case(pgtest.Case{Facility: w.Northgate, Programme: w.ProgrammeXA, Opened: d(from, 14-days)})
				f.Milestone(c, "family_contact_restored", on, "verified")
				planted++
			}
			if planted < 20 {
				continue
			}
			n := planted + 1
			if planted == 20 {
				truth := trueFigures(t, e, principalOf(domain.RoleNationalAuthority, domain.Scope{Kind: domain.ScopeCountry, Country: "XA"}), "milestone_days", "", from, to)
				if m := truth["family_contact_restored"].Median; m != 137 {
					t.Fatalf("planting did not put the target in the middle: median %v", m)
				}
			}
			pub := publishedFigures(t, nat, "milestone_days", periodQ(from, to), "milestone")["family_contact_restored"]
			// First asked with 21 values, so the median is published (a perturbed base of 15 or
			// more); planted after that, it never moves.
			if pub.suppressed {
				seen["suppressed"] = true
			} else {
				seen[fmt.Sprint(pub.value)] = true
			}
			if len(seen) > 1 {
				t.Fatalf("planting after the first answer changed the published median: saw %v", seen)
			}
			if planted > 20 || pub.suppressed {
				continue // published once: the same figure, drawn nothing new
			}
			if !medianPossible(137, n, pub.value) {
				t.Fatalf("published %v cannot come from the truth: the attacker's model is wrong", pub.value)
			}
			for x := range possible {
				if !medianPossible(x, n, pub.value) {
					delete(possible, x)
				}
			}
		}
		if len(seen) == 0 || seen["suppressed"] && len(seen) == 1 {
			t.Fatal("the median was never published: the attack was not tried")
		}
		if len(possible) < 2 {
			t.Errorf("planting made the target's days certain: %v (published %v)", possible, seen)
		}
		t.Logf("published %v; the target's days are still any of %d values", seen, len(possible))
	})
}
