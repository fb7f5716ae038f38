package postgres_test

import (
	"context"
	"fmt"
	"math"
	"slices"
	"strings"
	"testing"
	"time"

	"pathways/domain"
	"pathways/domain/postgres"
	"pathways/domain/postgres/pgtest"
)

func statPrincipal(role domain.Role, scopes ...domain.Scope) *domain.Principal {
	p := &domain.Principal{Username: "stats-test", ActingRole: role}
	for _, s := range scopes {
		p.Memberships = append(p.Memberships, domain.Membership{Role: role, Scope: s})
	}
	return p
}

func day(s string) time.Time {
	t, err := time.Parse(time.DateOnly, s)
	if err != nil {
		panic(err)
	}
	return t
}

// figures runs an indicator and returns its true values (before disclosure control, as
// domain.TrueValue gives them) by "key|key", rounded as the figures are, so that the
// definitions can be checked; rates and medians over nobody are absent.
func figures(t *testing.T, db *postgres.DB, p *domain.Principal, id, by, from, to string) map[string]float64 {
	t.Helper()
	ind, data := statData(t, db, p, id, by, from, to)
	out := map[string]float64{}
	for _, c := range data.Complete() {
		if v, ok := domain.TrueValue(ind.Measure, c); ok {
			if ind.Measure != domain.MeasureCount {
				v = math.Round(v*10) / 10
			}
			out[strings.Join(c.Keys, "|")] = v
		}
	}
	return out
}

// statData runs an indicator for the store's figures before disclosure control.
func statData(t *testing.T, db *postgres.DB, p *domain.Principal, id, by, from, to string) (*domain.Indicator, domain.StatData) {
	t.Helper()
	ind, ok := domain.IndicatorByID(id)
	if !ok {
		t.Fatalf("no indicator %s", id)
	}
	data, err := db.ComputedStatistic(context.Background(), p, domain.StatQuery{Indicator: ind, From: day(from), To: day(to), By: domain.Dimension(by)})
	if err != nil {
		t.Fatalf("%s: %v", id, err)
	}
	return ind, data
}

// answer runs an indicator through disclosure control, as the API does.
func answer(t *testing.T, db *postgres.DB, p *domain.Principal, id, by, from, to string, rules domain.DisclosureRules) domain.StatAnswer {
	t.Helper()
	ind, ok := domain.IndicatorByID(id)
	if !ok {
		t.Fatalf("no indicator %s", id)
	}
	q := domain.StatQuery{Indicator: ind, From: day(from), To: day(to), By: domain.Dimension(by), PeopleCap: rules.PeopleCapFor(ind.Measure)}
	data, err := db.Statistic(context.Background(), p, q)
	if err != nil {
		t.Fatalf("%s: %v", id, err)
	}
	return domain.Release(q, data, rules)
}

func want(t *testing.T, got map[string]float64, expect map[string]float64) {
	t.Helper()
	for k, v := range expect {
		g, ok := got[k]
		if !ok {
			t.Errorf("%s: missing (published: %v)", k, got)
		} else if g != v {
			t.Errorf("%s = %v, want %v", k, g, v)
		}
	}
}

// statWorld is a small hand-made world: XA with two facilities, XB with one.
type statWorld struct {
	f                     *pgtest.Fixture
	north, river, harbour string
	prog, progB           string
	x                     string   // a case with a phase history
	iv                    []string // six cases in intervention at Northgate
	closed, rel1, rel2    string
}

func newStatWorld(t *testing.T, db *postgres.DB) statWorld {
	f := pgtest.NewFixture(t, db.Pool())
	w := statWorld{f: f}
	w.north, w.river, w.harbour = f.Facility("XA", "North"), f.Facility("XA", "River"), f.Facility("XB", "Harbour")
	w.prog, w.progB = f.Programme("XA", "Prog A"), f.Programme("XB", "Prog B")
	for i := 0; i < 6; i++ {
		g := "male"
		if i < 2 {
			g = "female"
		}
		w.iv = append(w.iv, f.Case(pgtest.Case{Facility: w.north, Programme: w.prog, Gender: g, Opened: "2024-12-01", Categories: []string{"returnee"}}))
	}
	// Two in assessment at River.
	f.Case(pgtest.Case{Facility: w.river, Programme: w.prog, Opened: "2025-02-01", Phase: "assessment", BirthYear: 2009})
	f.Case(pgtest.Case{Facility: w.river, Programme: w.prog, Opened: "2025-02-01", Phase: "assessment", BirthYear: 2009})
	// X: intake 2025-01-01, assessment 01-11, intervention 02-01, pre-release 08-01 (after the period).
	w.x = f.Case(pgtest.Case{Facility: w.north, Programme: w.prog, Opened: "2025-01-01", Phase: "pre_release", PhaseSince: "2025-08-01"})
	f.PhaseChange(w.x, "intake", "assessment", "2025-01-11")
	f.PhaseChange(w.x, "assessment", "intervention", "2025-02-01")
	f.PhaseChange(w.x, "intervention", "pre_release", "2025-08-01")
	// Closed in the period: not active at its end; an exit.
	w.closed = f.Case(pgtest.Case{Facility: w.north, Programme: w.prog, Opened: "2024-06-01", Phase: "closed", PhaseSince: "2025-03-01", Closed: "2025-03-01", Reason: "withdrawn"})
	// Released in 2024, followed up in the period.
	w.rel1 = f.Case(pgtest.Case{Facility: w.north, Programme: w.prog, Opened: "2022-01-01", Phase: "reintegration", PhaseSince: "2024-01-15", Released: "2024-01-15"})
	w.rel2 = f.Case(pgtest.Case{Facility: w.river, Programme: w.prog, Opened: "2022-01-01", Phase: "reintegration", PhaseSince: "2024-03-01", Released: "2024-03-01"})
	// Another country: never in XA's figures.
	f.Case(pgtest.Case{Facility: w.harbour, Programme: w.progB, Opened: "2025-01-05"})
	return w
}

var (
	natXA = statPrincipal(domain.RoleNationalAuthority, domain.Scope{Kind: domain.ScopeCountry, Country: "XA"})
)

const from, to = "2025-01-01", "2025-06-30"

func TestStatisticsCaseFlows(t *testing.T) {
	db, _ := pgtest.New(t)
	w := newStatWorld(t, db)
	_ = w
	// Active on 30 June: six + X (in intervention then, though pre-release now) in
	// intervention, two in assessment, two in reintegration; the closed case is gone.
	want(t, figures(t, db, natXA, "active_cases", "", from, to), map[string]float64{
		"intake": 0, "assessment": 2, "intervention": 7, "pre_release": 0, "reintegration": 2, "_T": 11})
	want(t, figures(t, db, natXA, "active_cases", "gender", from, to), map[string]float64{
		"intervention|female": 2, "intervention|male": 5, "_T|female": 2, "_T|_T": 11})
	// Age at intake: born 1990, the six opened in 2024 are 34 (25_34) like the two opened in
	// 2022, X opened in 2025 is 35; the two at River, born 2009, were 16.
	want(t, figures(t, db, natXA, "active_cases", "age_band", from, to), map[string]float64{
		"assessment|under_18": 2, "assessment|35_44": 0, "_T|35_44": 1, "_T|25_34": 8, "intervention|25_34": 6})
	want(t, figures(t, db, natXA, "active_cases", "category", from, to), map[string]float64{
		"intervention|returnee": 6, "intervention|none": 1})
	// Intakes in the period: the two at River and X.
	want(t, figures(t, db, natXA, "intakes", "", from, to), map[string]float64{"": 3})
	want(t, figures(t, db, natXA, "intakes", "facility", from, to), map[string]float64{w.river: 2, w.north: 1, "_T": 3})
	want(t, figures(t, db, natXA, "exits", "", from, to), map[string]float64{"withdrawn": 1, "completed": 0, "_T": 1})
	// Time in phase: X spent 10 days in intake and 21 in assessment; both stays ended in the period.
	want(t, figures(t, db, natXA, "time_in_phase", "", from, to), map[string]float64{"intake": 10, "assessment": 21})
	// A write shows at once: X's intake stay is joined by one of 30 days.
	y := w.f.Case(pgtest.Case{Facility: w.north, Programme: w.prog, Opened: "2025-03-01", Phase: "assessment", PhaseSince: "2025-03-31"})
	w.f.PhaseChange(y, "intake", "assessment", "2025-03-31")
	want(t, figures(t, db, natXA, "time_in_phase", "", from, to), map[string]float64{"intake": 20})
}

func TestStatisticsSessions(t *testing.T) {
	db, _ := pgtest.New(t)
	w := newStatWorld(t, db)
	// 90 minutes of cognitive skills: two present, one refused.
	w.f.Session(w.north, "cognitive_skills", "2025-02-10", 90,
		pgtest.Attendance{Case: w.iv[0], Attendance: "attended", Engagement: 4},
		pgtest.Attendance{Case: w.iv[1], Attendance: "late", Engagement: 3},
		pgtest.Attendance{Case: w.iv[2], Attendance: "refused"})
	// Family engagement (GP11 and GP22), 60 minutes, one present, one excused.
	w.f.Session(w.north, "family_engagement", "2025-03-10", 60,
		pgtest.Attendance{Case: w.iv[0], Attendance: "attended", Engagement: 4},
		pgtest.Attendance{Case: w.iv[3], Attendance: "excused_absence"})
	// Outside the period: ignored.
	w.f.Session(w.north, "cognitive_skills", "2024-12-10", 90, pgtest.Attendance{Case: w.iv[0], Attendance: "attended"})

	want(t, figures(t, db, natXA, "sessions_by_type", "", from, to), map[string]float64{"cognitive_skills": 2, "family_engagement": 1, "mentoring": 0, "_T": 3})
	want(t, figures(t, db, natXA, "hours_by_type", "", from, to), map[string]float64{"cognitive_skills": 3, "family_engagement": 1, "_T": 4})
	got := figures(t, db, natXA, "sessions_by_practice", "", from, to)
	want(t, got, map[string]float64{"GP15": 2, "GP11": 1, "GP22": 1, "GP12": 0})
	if _, ok := got["_T"]; ok {
		t.Error("practices overlap: no total may be given across them")
	}
	want(t, figures(t, db, natXA, "hours_by_practice", "gender", from, to), map[string]float64{"GP15|female": 3, "GP15|_T": 3})
	// Attendance: 3 of 5 records present.
	want(t, figures(t, db, natXA, "attendance_rate", "", from, to), map[string]float64{"": 60})
	want(t, figures(t, db, natXA, "engagement_distribution", "", from, to), map[string]float64{"4": 2, "3": 1, "1": 0, "_T": 3})
}

func TestStatisticsMilestonesAndRisk(t *testing.T) {
	db, _ := pgtest.New(t)
	w := newStatWorld(t, db)
	w.f.Milestone(w.iv[0], "family_contact_restored", "2025-01-30", "verified") // 60 days after 2024-12-01
	w.f.Milestone(w.iv[1], "documents_obtained", "2025-03-01", "claimed")       // needs no verification: counts (90 days)
	w.f.Milestone(w.iv[2], "family_contact_restored", "2025-03-01", "claimed")  // awaiting verification: does not
	w.f.Milestone(w.iv[3], "family_contact_restored", "2025-03-01", "reversed") // reversed: does not
	// Open at some time in the period: 12 XA cases (the closed one included).
	got := figures(t, db, natXA, "milestone_attainment", "", from, to)
	want(t, got, map[string]float64{"family_contact_restored": 8.3, "documents_obtained": 8.3, "housing_secured": 0})
	want(t, figures(t, db, natXA, "milestone_days", "", from, to), map[string]float64{"family_contact_restored": 60, "documents_obtained": 90})

	w.f.Assessment(w.iv[0], "baseline", "2024-12-05", "high")
	w.f.Assessment(w.iv[0], "scheduled", "2025-05-01", "moderate") // improved
	w.f.Assessment(w.iv[1], "baseline", "2024-12-05", "low")
	w.f.Assessment(w.iv[1], "scheduled", "2025-05-01", "low") // unchanged
	w.f.Assessment(w.iv[2], "baseline", "2024-12-05", "low")
	w.f.Assessment(w.iv[2], "scheduled", "2025-06-01", "high") // worsened
	w.f.Assessment(w.iv[3], "baseline", "2024-12-05", "low")
	w.f.Assessment(w.iv[3], "scheduled", "2024-12-20", "high") // latest before the period: not counted
	w.f.Assessment(w.iv[4], "baseline", "2025-02-05", "high")  // baseline only: not counted
	want(t, figures(t, db, natXA, "risk_change", "", from, to), map[string]float64{"improved": 1, "unchanged": 1, "worsened": 1, "_T": 3})
}

func TestStatisticsReintegration(t *testing.T) {
	db, _ := pgtest.New(t)
	w := newStatWorld(t, db)
	// rel1 (released 2024-01-15) charged with an offence on 2024-06-01: within 12 months.
	w.f.FollowUp(w.rel1, "2024-07-15", "temporary", "unemployed", "none", "", "")
	w.f.FollowUp(w.rel1, "2025-03-01", "stable", "employed", "regular", "charge", "2024-06-01")
	// rel2 (released 2024-03-01): an arrest only, which does not count.
	w.f.FollowUp(w.rel2, "2025-02-01", "stable", "in_education", "occasional", "arrest", "2024-05-01")
	// The latest follow-up in the period counts, not the earlier one.
	want(t, figures(t, db, natXA, "outcome_housing", "", from, to), map[string]float64{"stable": 2, "temporary": 0, "_T": 2})
	want(t, figures(t, db, natXA, "outcome_work_education", "", from, to), map[string]float64{"employed": 1, "in_education": 1})
	want(t, figures(t, db, natXA, "outcome_family_contact", "", from, to), map[string]float64{"regular": 1, "occasional": 1, "none": 0})
	// Cohort for 12 months: released 2024-01-01..2024-06-30: rel1 and rel2; one reoffended.
	want(t, figures(t, db, natXA, "reoffending_12m", "", from, to), map[string]float64{"": 50})
	// Cohort for 24 months: released in the first half of 2023: nobody, so no rate.
	if got := figures(t, db, natXA, "reoffending_24m", "", from, to); len(got) != 0 {
		t.Errorf("a rate over nobody must not be published: %v", got)
	}
	want(t, figures(t, db, natXA, "reoffending_24m", "", "2025-07-01", "2026-06-30"), map[string]float64{"": 50})
	// An offence after the window does not count.
	w.f.FollowUp(w.rel2, "2025-06-01", "stable", "employed", "regular", "conviction", "2025-04-01")
	want(t, figures(t, db, natXA, "reoffending_12m", "", from, to), map[string]float64{"": 50})
}

func TestStatisticsScope(t *testing.T) {
	db, _ := pgtest.New(t)
	w := newStatWorld(t, db)
	// XB sees only its one case.
	natXB := statPrincipal(domain.RoleNationalAuthority, domain.Scope{Kind: domain.ScopeCountry, Country: "XB"})
	want(t, figures(t, db, natXB, "active_cases", "", from, to), map[string]float64{"intervention": 1, "_T": 1})
	// A supervisor of River only sees River's cases.
	supRiver := statPrincipal(domain.RoleSupervisor, domain.Scope{Kind: domain.ScopeFacility, Country: "XA", FacilityID: w.river})
	want(t, figures(t, db, supRiver, "active_cases", "", from, to), map[string]float64{"assessment": 2, "reintegration": 1, "_T": 3})
	// Facility codes are limited to the scope too.
	_, d := statData(t, db, supRiver, "active_cases", "facility", from, to)
	for _, c := range d.Codes[domain.DimFacility] {
		if c.Code != w.river {
			t.Errorf("facility %s outside the scope listed", c.Label)
		}
	}
	// A global authority may narrow to one country; a country one may not look elsewhere.
	global := statPrincipal(domain.RoleNationalAuthority, domain.Scope{Kind: domain.ScopeGlobal})
	ind, _ := domain.IndicatorByID("active_cases")
	data, err := db.Statistic(context.Background(), global, domain.StatQuery{Indicator: ind, From: day(from), To: day(to), Country: "XB"})
	if err != nil {
		t.Fatal(err)
	}
	total := data.Complete()
	if c := total[len(total)-1]; c.Keys[0] != domain.TotalCode || c.Units.N != 1 {
		t.Errorf("global narrowed to XB: total %+v, want 1", c)
	}
	_, err = db.Statistic(context.Background(), natXA, domain.StatQuery{Indicator: ind, From: day(from), To: day(to), Country: "XB"})
	if domain.ErrorCode(err) != domain.CodeForbidden {
		t.Errorf("XA asking for XB: %v, want forbidden", err)
	}
	// Practitioners (and anyone else) get nothing, whatever the route let through.
	prac := statPrincipal(domain.RolePractitioner, domain.Scope{Kind: domain.ScopeCountry, Country: "XA"})
	if _, err := db.Statistic(context.Background(), prac, domain.StatQuery{Indicator: ind, From: day(from), To: day(to)}); domain.ErrorCode(err) != domain.CodeForbidden {
		t.Errorf("practitioner: %v, want forbidden", err)
	}
}

// What leaves is perturbed: the same answer every time, every published count among the
// values its true count can give, never 1 to 4; a rate over two people is withheld.
func TestStatisticsPerturbation(t *testing.T) {
	db, _ := pgtest.New(t)
	newStatWorld(t, db)
	rules := domain.DisclosureRules{}
	a := answer(t, db, natXA, "active_cases", "gender", from, to, rules)
	b := answer(t, db, natXA, "active_cases", "gender", from, to, rules)
	if fmt.Sprint(a.Rows) != fmt.Sprint(b.Rows) {
		t.Errorf("two answers differ:\n%v\n%v", a.Rows, b.Rows)
	}
	truth := figures(t, db, natXA, "active_cases", "gender", from, to)
	for _, r := range a.Rows {
		if r.Status != domain.StatusPerturbed {
			t.Errorf("%v: %s", r.Keys, r.Status)
		}
		if r.Value >= 1 && r.Value <= 4 {
			t.Errorf("%v published as %v", r.Keys, r.Value)
		}
		if !slices.Contains(domain.PossibleCounts(int64(r.Value)), int64(truth[strings.Join(r.Keys, "|")])) {
			t.Errorf("%v: %v cannot come from %v", r.Keys, r.Value, truth[strings.Join(r.Keys, "|")])
		}
	}
	// The total appears in the answer by phase alone as the same figure: same cases, same value.
	c := answer(t, db, natXA, "active_cases", "", from, to, rules)
	if c.Rows[len(c.Rows)-1].Value != a.Rows[len(a.Rows)-1].Value {
		t.Errorf("the total of active cases: %v alone, %v by gender", c.Rows[len(c.Rows)-1], a.Rows[len(a.Rows)-1])
	}
	// A rate over two participants is withheld.
	r := answer(t, db, natXA, "reoffending_12m", "", from, to, rules)
	if !r.Rows[0].Suppressed() {
		t.Errorf("rate over 2 participants published: %+v", r.Rows)
	}
}

func TestCoverage(t *testing.T) {
	db, _ := pgtest.New(t)
	w := newStatWorld(t, db)
	for i, c := range w.iv {
		w.f.Event(c, "session", "2025-02-01", "GP15")
		if i < 2 {
			w.f.Event(c, "session", "2025-02-02", "GP12")
		}
	}
	// A programme without cases is listed all the same: the list does not tell which had
	// anyone in the period.
	empty := w.f.Programme("XA", "Z empty")
	data, err := db.Coverage(context.Background(), natXA, domain.CoverageQuery{From: day(from), To: day(to)})
	if err != nil {
		t.Fatal(err)
	}
	if len(data.Programmes) != 2 || data.Programmes[0].ID != w.prog || data.Programmes[1].ID != empty || data.Programmes[1].Cases.N != 0 {
		t.Fatalf("programmes %v", data.Programmes)
	}
	data.Rows = data.Rows[:len(data.Rows)/2]
	rows := map[string]domain.CoverageRow{}
	for _, r := range data.Rows {
		rows[r.Practice] = r
	}
	if len(rows) != 25 {
		t.Errorf("%d practices, want 25", len(rows))
	}
	if r := rows["GP15"]; r.Activities.Units.N != 6 || r.CasesTouched.Units.N != 6 || data.Programmes[0].Cases.N != 12 {
		t.Errorf("GP15: %+v", r)
	}
	if r := rows["GP12"]; r.CasesTouched.Units.N != 2 || r.Activities.People.N != 2 || r.Activities.PeopleCapped {
		t.Errorf("GP12: %+v", r)
	}
	if len(rows["GP15"].EvidencedBy) == 0 {
		t.Error("GP15 lists no evidencing activity")
	}
}
