package postgres_test

import (
	"context"
	"strings"
	"testing"

	"pathways/domain"
	"pathways/domain/postgres"
	"pathways/domain/postgres/pgtest"
)

// published asks for an indicator as the API does and returns its cells by "key|key".
func published(t *testing.T, db *postgres.DB, p *domain.Principal, id, by, from, to string) (map[string]domain.Cell, domain.StatData) {
	t.Helper()
	ind, ok := domain.IndicatorByID(id)
	if !ok {
		t.Fatalf("no indicator %s", id)
	}
	data, err := db.Statistic(context.Background(), p, domain.StatQuery{Indicator: ind, From: day(from), To: day(to), By: domain.Dimension(by)})
	if err != nil {
		t.Fatalf("%s: %v", id, err)
	}
	out := map[string]domain.Cell{}
	for _, c := range data.Complete() {
		k := strings.Join(c.Keys, "|")
		out[k] = *c
	}
	return out, data
}

// sameFigure reports whether two cells hold the same figures, whatever their codes.
func sameFigure(a, b domain.Cell) bool {
	return a.Units == b.Units && a.Hit == b.Hit && a.Sum == b.Sum && a.Median == b.Median && a.People == b.People &&
		a.HasPeople == b.HasPeople && a.PeopleCapped == b.PeopleCapped
}

// An insider who adds records dated into a served period and asks again gets the figures
// first published, whatever table or breakdown they ask through; a cell nobody asked for
// before is computed from the records as they stand when first asked for.
func TestEveryFigureIsPublishedOnce(t *testing.T) {
	db, _ := pgtest.New(t)
	w := newStatWorld(t, db)
	first, _ := published(t, db, natXA, "intakes", "gender", from, to)
	if first["_T"].Units.N != 3 || first["female"].Units.N != 0 {
		t.Fatalf("intakes by gender first published %+v", first)
	}
	// Two women's intakes backdated into the served period.
	for range 2 {
		w.f.Case(pgtest.Case{Facility: w.north, Programme: w.prog, Gender: "female", Opened: "2025-02-10", Phase: "intake"})
	}
	_, now := statData(t, db, natXA, "intakes", "gender", from, to)
	for _, c := range now.Complete() {
		if c.Keys[0] == "female" && c.Units.N != 2 {
			t.Fatalf("the records say %d women, want 2: the writes did not land", c.Units.N)
		}
	}
	again, _ := published(t, db, natXA, "intakes", "gender", from, to)
	for k, c := range first {
		if !sameFigure(again[k], c) {
			t.Errorf("intakes by gender %s: first published %+v, now %+v", k, c, again[k])
		}
	}
	// The total is the same figure without breakdown and under another breakdown.
	none, _ := published(t, db, natXA, "intakes", "", from, to)
	byAge, _ := published(t, db, natXA, "intakes", "age_band", from, to)
	if !sameFigure(none[""], first["_T"]) || !sameFigure(byAge["_T"], first["_T"]) {
		t.Errorf("the total: by gender %+v, without breakdown %+v, by age band %+v", first["_T"], none[""], byAge["_T"])
	}
	// The age bands were never asked for: the women are in them.
	if byAge["35_44"].Units.N != 3 {
		t.Errorf("intakes aged 35-44 (X and the two women) first asked for after the writes: %d, want 3", byAge["35_44"].Units.N)
	}
	// Another scope counts other cases: its figures are its own.
	north := statPrincipal(domain.RoleSupervisor, domain.Scope{Kind: domain.ScopeFacility, Country: "XA", FacilityID: w.north})
	mine, _ := published(t, db, north, "intakes", "gender", from, to)
	if mine["female"].Units.N != 2 {
		t.Errorf("North's supervisor, first asking after the writes: %d women, want 2", mine["female"].Units.N)
	}
}

// Follow-up coverage is published once too, the statuses nobody had reached included.
func TestFollowUpCoverageIsPublishedOnce(t *testing.T) {
	db, _ := pgtest.New(t)
	w := newAfterWorld(t, db)
	_, first := published(t, db, natXA, "release_reoffending_12m", "facility", from, to)
	if first.FollowUp[w.north]["deceased"].Units.N != 0 || first.FollowUp[domain.TotalCode]["due"].Units.N != 6 {
		t.Fatalf("coverage first published: %+v", first.FollowUp)
	}
	// A point of a release in the cohort closed later as deceased.
	w.f.Point(w.d1, 6, "deceased", "2024-12-30")
	_, again := published(t, db, natXA, "release_reoffending_12m", "facility", from, to)
	for code, cells := range first.FollowUp {
		for st, c := range cells {
			if !sameFigure(*again.FollowUp[code][st], *c) {
				t.Errorf("coverage %s %s: first %+v, now %+v", code, st, *c, *again.FollowUp[code][st])
			}
		}
	}
}

// The register of published figures is append-only for the application.
func TestPublishedFiguresCannotBeRewritten(t *testing.T) {
	db, _ := pgtest.New(t)
	newStatWorld(t, db)
	published(t, db, natXA, "intakes", "", from, to)
	for _, sql := range []string{"UPDATE stat_published SET n = n + 1", "DELETE FROM stat_published", "TRUNCATE stat_published"} {
		if _, err := db.Pool().Exec(context.Background(), sql); err == nil || !strings.Contains(err.Error(), "append-only") {
			t.Errorf("%s: %v, want refused as append-only", sql, err)
		}
	}
}

// Memorandum coverage is published once, row by row.
func TestCoverageIsPublishedOnce(t *testing.T) {
	db, _ := pgtest.New(t)
	w := newStatWorld(t, db)
	w.f.Event(w.iv[0], "session", "2025-02-01", "GP15")
	ask := func() map[string]domain.CoverageRow {
		t.Helper()
		data, err := db.Coverage(context.Background(), natXA, domain.CoverageQuery{From: day(from), To: day(to)})
		if err != nil {
			t.Fatal(err)
		}
		out := map[string]domain.CoverageRow{}
		for _, r := range data.Rows {
			out[r.ProgrammeID+"|"+r.Practice] = r
		}
		return out
	}
	first := ask()
	if r := first[w.prog+"|GP15"]; r.CasesTouched.Units.N != 1 || r.Activities.People.N != 1 {
		t.Fatalf("GP15 first published %+v", r)
	}
	// Four more cases touched by activity dated into the served period.
	for _, c := range w.iv[1:5] {
		w.f.Event(c, "session", "2025-02-03", "GP15")
	}
	again := ask()
	for k, r := range first {
		a := again[k]
		if !sameFigure(a.Activities, r.Activities) || !sameFigure(a.CasesTouched, r.CasesTouched) {
			t.Errorf("%s: first %+v, now %+v", k, r, a)
		}
	}
}

// Requests that count the same records by definition share their figures (attack round 5):
// a country the scope already implies, a practice evidenced by one type only, the totals of
// the outcome indicators, and active cases over periods ending on the same day. The same
// records asked for through an alias after more were added must give the figure first
// published, not a fresh draw.
func TestAliasesShareTheirFigures(t *testing.T) {
	db, _ := pgtest.New(t)
	w := newStatWorld(t, db)
	ask := func(id, by, from, to string, country string) map[string]domain.Cell {
		t.Helper()
		ind, _ := domain.IndicatorByID(id)
		data, err := db.Statistic(context.Background(), natXA, domain.StatQuery{Indicator: ind, From: day(from), To: day(to), By: domain.Dimension(by), Country: country})
		if err != nil {
			t.Fatalf("%s: %v", id, err)
		}
		out := map[string]domain.Cell{}
		for _, c := range data.Complete() {
			out[strings.Join(c.Keys, "|")] = *c
		}
		return out
	}
	// Sessions of officer engagement, the one type evidencing GP9, and active cases on 30 June.
	w.f.Session(w.north, "officer_engagement", "2025-02-10", 60, pgtest.Attendance{Case: w.iv[0], Attendance: "attended", Engagement: 3})
	w.f.FollowUp(w.rel1, "2025-03-01", "stable", "employed", "regular", "", "")
	byType := ask("sessions_by_type", "", from, to, "")
	byFacility := ask("intakes", "facility", from, to, "")
	housing := ask("outcome_housing", "", from, to, "")
	active := ask("active_cases", "", "2025-06-01", to, "")
	// More of the same records, dated into the served period.
	w.f.Session(w.north, "officer_engagement", "2025-02-11", 60, pgtest.Attendance{Case: w.iv[1], Attendance: "attended", Engagement: 3})
	w.f.FollowUp(w.rel2, "2025-03-02", "stable", "employed", "regular", "", "")
	w.f.Case(pgtest.Case{Facility: w.north, Programme: w.prog, Opened: "2025-01-05"})
	checks := []struct {
		name        string
		first, then domain.Cell
	}{
		{"the country the scope implies", byType["officer_engagement"], ask("sessions_by_type", "", from, to, "XA")["officer_engagement"]},
		{"GP9, evidenced by officer engagement alone", byType["officer_engagement"], ask("sessions_by_practice", "", from, to, "")["GP9"]},
		{"the total of another outcome", housing["_T"], ask("outcome_work_education", "", from, to, "")["_T"]},
		{"active cases over the half-year ending the same day", active["_T"], ask("active_cases", "", from, to, "")["_T"]},
	}
	// North's cases, asked for by North's supervisor (their total, their facility's cell)
	// and nationally by facility (attack round 7).
	north := statPrincipal(domain.RoleSupervisor, domain.Scope{Kind: domain.ScopeFacility, Country: "XA", FacilityID: w.north})
	nq := func(by string) map[string]domain.Cell {
		ind, _ := domain.IndicatorByID("intakes")
		data, err := db.Statistic(context.Background(), north, domain.StatQuery{Indicator: ind, From: day(from), To: day(to), By: domain.Dimension(by)})
		if err != nil {
			t.Fatal(err)
		}
		out := map[string]domain.Cell{}
		for _, c := range data.Complete() {
			out[strings.Join(c.Keys, "|")] = *c
		}
		return out
	}
	checks = append(checks,
		struct {
			name        string
			first, then domain.Cell
		}{"North's intakes as its supervisor's total", byFacility[w.north], nq("")[""]},
		struct {
			name        string
			first, then domain.Cell
		}{"North's intakes as its supervisor's facility cell", byFacility[w.north], nq("facility")[w.north]})
	for _, c := range checks {
		if c.first.Units.N == 0 || !sameFigure(c.first, c.then) {
			t.Errorf("%s: first %+v, through the alias %+v", c.name, c.first, c.then)
		}
	}
}
