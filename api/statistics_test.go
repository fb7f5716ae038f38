package api_test

import (
	"context"
	"encoding/csv"
	"fmt"
	"math"
	"slices"
	"strings"
	"testing"
	"time"

	"pathways/domain"
	"pathways/domain/postgres/pgtest"
	"pathways/domain/postgres/seed"
)

// statCases puts six active cases at Northgate (XA), two at Riverside (XA) and one at
// Harbour (XB), opened in 2025.
func statCases(e *env) {
	f := pgtest.NewFixture(e.t, e.db.Pool())
	for i := 0; i < 6; i++ {
		f.Case(pgtest.Case{Facility: e.world.Northgate, Programme: e.world.ProgrammeXA, Opened: "2025-02-01"})
	}
	for i := 0; i < 2; i++ {
		f.Case(pgtest.Case{Facility: e.world.Riverside, Programme: e.world.ProgrammeXA, Opened: "2025-02-01", Phase: "assessment"})
	}
	f.Case(pgtest.Case{Facility: e.world.Harbour, Programme: e.world.ProgrammeXB, Opened: "2025-02-01"})
}

const period = "from=2025-01-01&to=2025-06-30"

func rowsByKey(r map[string]any, dims ...string) map[string]map[string]any {
	out := map[string]map[string]any{}
	for _, x := range r["rows"].([]any) {
		row := x.(map[string]any)
		var k []string
		for _, d := range dims {
			k = append(k, row[d].(string))
		}
		out[strings.Join(k, "|")] = row
	}
	return out
}

func TestStatisticsJSON(t *testing.T) {
	e := newEnv(t)
	statCases(e)
	r := e.as("national").do("GET", "/api/v1/statistics/active_cases?"+period, nil).want(200).json()
	if r["threshold"].(float64) != 5 || r["min_people"].(float64) != 10 || r["scope"] != "country:XA" || r["time_period"] != "2025-S1" {
		t.Errorf("threshold/min_people/scope/time_period: %v %v %v %v", r["threshold"], r["min_people"], r["scope"], r["time_period"])
	}
	rows := rowsByKey(r, "phase")
	// Every count is perturbed, none suppressed; none is 1 to 4 (2 in assessment comes out
	// as 0 or 5); the total of 8 comes out within 6 of it; zeros stay zeros. (Record keys
	// are random: every assertion here holds whatever they are.)
	for k, row := range rows {
		if row["status"] != "perturbed" || row["suppressed"] != false {
			t.Errorf("%s: %v", k, row)
		}
		if v := row["value"].(float64); v >= 1 && v <= 4 {
			t.Errorf("%s published as %v", k, v)
		}
		if _, has := row["participants"]; has {
			t.Error("participant counts are never published")
		}
	}
	if v := rows["assessment"]["value"].(float64); v != 0 && v != 5 {
		t.Errorf("2 in assessment published as %v", v)
	}
	if v := rows["_T"]["value"].(float64); v < 5 || v > 14 || rows["intake"]["value"] != 0.0 {
		t.Errorf("total/zero: %v %v", rows["_T"], rows["intake"])
	}
	if notes := strings.Join(toStrings(r["notes"]), " "); !strings.Contains(notes, "perturbed") || !strings.Contains(notes, "need not equal") {
		t.Errorf("the notes do not say how the figures were protected: %s", notes)
	}
	// The same question asked again gets the same figures.
	again := e.as("national").do("GET", "/api/v1/statistics/active_cases?"+period, nil).want(200).json()
	if fmt.Sprint(again["rows"]) != fmt.Sprint(r["rows"]) {
		t.Errorf("asked twice, answered differently:\n%v\n%v", r["rows"], again["rows"])
	}
	// The supervisor of XB sees only XB: one case, published as 0 or 5, never 1.
	r = e.as("supervisorxb").do("GET", "/api/v1/statistics/active_cases?"+period, nil).want(200).json()
	if v := rowsByKey(r, "phase")["_T"]["value"]; v != 0.0 && v != 5.0 {
		t.Errorf("XB total of 1 published as %v", v)
	}
	// A rate over a handful of people is withheld.
	r = e.as("supervisorxb").do("GET", "/api/v1/statistics/milestone_attainment?"+period, nil).want(200).json()
	for k, row := range rowsByKey(r, "milestone") {
		if row["suppressed"] != true || row["status"] != "suppressed" || row["value"] != nil {
			t.Errorf("attainment over one case, %s: %v", k, row)
		}
	}
	// Breakdowns the indicator does not take, unknown indicators, bad periods.
	n := e.as("national")
	n.do("GET", "/api/v1/statistics/active_cases?by=phase", nil).problem(422)
	n.do("GET", "/api/v1/statistics/nonsense", nil).problem(404)
	n.do("GET", "/api/v1/statistics/intakes?from=2025-06-01&to=2025-01-31", nil).problem(422)
	// Periods are whole calendar months.
	if p := n.do("GET", "/api/v1/statistics/intakes?from=2025-01-02&to=2025-06-29", nil).problem(422); !slices.Equal(fieldErrors(p), []string{"from", "to"}) {
		t.Errorf("a period not made of whole months: %v", fieldErrors(p))
	}
	n.do("GET", "/api/v1/statistics/coverage?from=2025-01-01&to=2025-06-15", nil).problem(422)
	// Only standard periods: months in a row that are not a month, quarter, half-year, year
	// or 12 months would give each month many overlapping windows.
	for _, q := range []string{"from=2025-01-01&to=2025-02-28", "from=2025-02-01&to=2025-04-30", "from=2024-01-01&to=2025-12-31", "from=2024-11-01&to=2025-01-31"} {
		if p := n.do("GET", "/api/v1/statistics/intakes?"+q, nil).problem(422); !slices.Contains(fieldReasons(p), "from:not_standard_period") {
			t.Errorf("%s: %v", q, fieldReasons(p))
		}
	}
	n.do("GET", "/api/v1/statistics/intakes?country=XB", nil).problem(403)
	n.do("GET", "/api/v1/statistics/indicators", nil).want(200)
	for _, who := range []string{"practitioner", "admin", "auditor"} {
		e.as(who).do("GET", "/api/v1/statistics/active_cases", nil).problem(403)
	}
}

// The current month is never served, to anyone, in any format, nor is any month before its
// lag has passed: a month still open changes with every record written.
func TestStatisticsClosedMonthsOnly(t *testing.T) {
	e := newEnv(t)
	statCases(e)
	now := time.Now().UTC()
	first := time.Date(now.Year(), now.Month(), 1, 0, 0, 0, 0, time.UTC)
	current := "from=" + first.Format(time.DateOnly) + "&to=" + first.AddDate(0, 1, -1).Format(time.DateOnly)
	for _, who := range []string{"national", "supervisor"} {
		for _, path := range []string{"/api/v1/statistics/active_cases?", "/api/v1/statistics/sessions_by_type?format=csv&", "/api/v1/statistics/intakes?format=sdmx&", "/api/v1/statistics/coverage?"} {
			p := e.as(who).do("GET", path+current, nil).problem(422)
			if !slices.Contains(fieldReasons(p), "to:not_closed") {
				t.Errorf("%s %s: %v", who, path, fieldReasons(p))
			}
		}
	}
	// The default period ends with the latest month served, which the catalogue names.
	cat := e.as("national").do("GET", "/api/v1/statistics/indicators", nil).want(200).json()
	prot := cat["protection"].(map[string]any)
	latest := domain.LatestServedMonth(now, 0)
	if prot["latest_month"] != latest.Format("2006-01") || prot["method"] != "cell-key perturbation" || prot["min_people"].(float64) != 10 {
		t.Errorf("protection %v", prot)
	}
	r := e.as("national").do("GET", "/api/v1/statistics/intakes", nil).want(200).json()
	if r["period"].(map[string]any)["to"] != latest.Format(time.DateOnly) {
		t.Errorf("default period %v", r["period"])
	}
}

func TestStatisticsEveryIndicatorAnswers(t *testing.T) {
	e := newEnv(t)
	statCases(e)
	n := e.as("supervisor")
	var list struct {
		Items []struct {
			ID         string   `json:"id"`
			Breakdowns []string `json:"breakdowns"`
		} `json:"items"`
	}
	n.do("GET", "/api/v1/statistics/indicators", nil).want(200).decode(&list)
	if len(list.Items) < 17 {
		t.Fatalf("%d indicators", len(list.Items))
	}
	for _, ind := range list.Items {
		n.do("GET", "/api/v1/statistics/"+ind.ID+"?"+period, nil).want(200)
		for _, by := range ind.Breakdowns {
			n.do("GET", "/api/v1/statistics/"+ind.ID+"?"+period+"&by="+by, nil).want(200)
		}
	}
	n.do("GET", "/api/v1/statistics/coverage?"+period, nil).want(200)
	n.do("GET", "/api/v1/statistics/coverage?"+period+"&format=csv", nil).want(200)
}

func TestStatisticsCSVAndSDMX(t *testing.T) {
	e := newEnv(t)
	statCases(e)
	n := e.as("national")
	r := n.do("GET", "/api/v1/statistics/active_cases?"+period+"&by=facility&format=csv", nil).want(200)
	if cd := r.header.Get("Content-Disposition"); cd != `attachment; filename="pathways-active_cases-2025-01-01-2025-06-30.csv"` {
		t.Errorf("Content-Disposition %q", cd)
	}
	if r.header.Get("X-Pathways-Period") != "2025-01-01/2025-06-30" || !strings.HasPrefix(r.header.Get("Content-Type"), "text/csv; charset=utf-8") {
		t.Errorf("headers %v", r.header)
	}
	recs, err := csv.NewReader(strings.NewReader(string(r.body))).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if strings.Join(recs[0], ",") != "phase,facility,value,status,suppressed,phase_label,facility_label" {
		t.Errorf("header %v", recs[0])
	}
	for _, rec := range recs[1:] {
		// Codes for exports, and their names for people.
		if rec[1] == e.world.Riverside && rec[6] != "Riverside" || rec[1] == domain.TotalCode && rec[6] != "Total" {
			t.Errorf("facility %s named %q", rec[1], rec[6])
		}
		if rec[0] == "assessment" && rec[1] == e.world.Riverside && rec[2] != "0" && rec[2] != "5" {
			t.Errorf("2 at Riverside published as %v", rec)
		}
		if rec[3] != "perturbed" || rec[4] != "false" || rec[2] == "" {
			t.Errorf("a count without its status: %v", rec)
		}
	}
	// A rate over too few people: empty value, status suppressed.
	r = e.as("supervisorxb").do("GET", "/api/v1/statistics/milestone_attainment?"+period+"&format=csv", nil).want(200)
	recs, _ = csv.NewReader(strings.NewReader(string(r.body))).ReadAll()
	for _, rec := range recs[1:] {
		if rec[1] != "" || rec[2] != "suppressed" || rec[3] != "true" {
			t.Errorf("suppressed rate %v", rec)
		}
	}
	r = n.do("GET", "/api/v1/statistics/active_cases?"+period+"&format=sdmx", nil).want(200)
	if !strings.Contains(r.header.Get("Content-Disposition"), "pathways-active_cases-2025-01-01-2025-06-30-sdmx.csv") {
		t.Errorf("Content-Disposition %q", r.header.Get("Content-Disposition"))
	}
	recs, err = csv.NewReader(strings.NewReader(string(r.body))).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if strings.Join(recs[0], ",") != "DATAFLOW,REF_AREA,PHASE,TIME_PERIOD,OBS_VALUE,UNIT_MEASURE,OBS_STATUS,CONF_STATUS" {
		t.Errorf("SDMX header %v", recs[0])
	}
	found := false
	for _, rec := range recs[1:] {
		if rec[0] != "PATHWAYS:DF_ACTIVE_CASES(1.0)" || rec[1] != "XA" || rec[3] != "2025-S1" || rec[5] != "CASES" || rec[6] != "E" || rec[7] != "F" {
			t.Errorf("SDMX row %v", rec)
		}
		if rec[2] == "assessment" {
			found = true
			if rec[4] != "0" && rec[4] != "5" {
				t.Errorf("2 in assessment published as %v", rec)
			}
		}
	}
	if !found {
		t.Error("no assessment row")
	}
	r = n.do("GET", "/api/v1/statistics/reoffending_12m?"+period+"&format=sdmx", nil).want(200)
	recs, _ = csv.NewReader(strings.NewReader(string(r.body))).ReadAll()
	if len(recs) != 2 || recs[1][3] != "" || recs[1][5] != "Q" || recs[1][6] != "C" {
		t.Errorf("suppressed SDMX observation %v", recs)
	}
	// TIME_PERIOD: a month, a quarter, a year, and any other run of months as a range.
	for q, want := range map[string]string{"from=2025-03-01&to=2025-03-31": "2025-03", "from=2025-04-01&to=2025-06-30": "2025-Q2",
		"from=2024-01-01&to=2024-12-31": "2024", "from=2024-02-01&to=2025-01-31": "2024-02-01/P12M", "from=2024-07-01&to=2024-12-31": "2024-S2"} {
		r = n.do("GET", "/api/v1/statistics/intakes?format=sdmx&"+q, nil).want(200)
		recs, _ = csv.NewReader(strings.NewReader(string(r.body))).ReadAll()
		if recs[1][2] != want {
			t.Errorf("%s: TIME_PERIOD %s, want %s", q, recs[1][2], want)
		}
	}
}

func TestStatisticsToken(t *testing.T) {
	e := newEnv(t)
	statCases(e)
	admin := e.as("admin")
	var tok struct {
		ID    string `json:"id"`
		Token string `json:"token"`
	}
	admin.do("POST", "/api/v1/tokens", map[string]any{"name": "statistics office", "role": "national_authority",
		"scope_kind": "country", "country": "XA", "routes": []string{"statistics"}, "expires_in_days": 90}).want(201).decode(&tok)
	m := e.withToken(tok.Token)
	r := m.do("GET", "/api/v1/statistics/intakes?"+period+"&format=sdmx", nil).want(200)
	if !strings.Contains(string(r.body), "PATHWAYS:DF_INTAKES(1.0),XA,") {
		t.Errorf("body %s", r.body)
	}
	m.do("GET", "/api/v1/statistics/intakes?"+period+"&country=XB", nil).problem(403)
	m.do("GET", "/api/v1/users", nil).problem(403)
	admin.do("DELETE", "/api/v1/tokens/"+tok.ID, nil).want(204)
	m.do("GET", "/api/v1/statistics/intakes", nil).problem(401)
}

func toStrings(v any) []string {
	var out []string
	for _, x := range v.([]any) {
		out = append(out, x.(string))
	}
	return out
}

// fieldReasons lists a problem's field errors as "field:reason".
func fieldReasons(p map[string]any) []string {
	var out []string
	errs, _ := p["errors"].([]any)
	for _, x := range errs {
		fe := x.(map[string]any)
		out = append(out, fmt.Sprint(fe["field"])+":"+fmt.Sprint(fe["reason"]))
	}
	return out
}

// TestCoverageFiguresAgree reads the memorandum coverage as a national user reads it and
// checks each row against itself and its programme (trial of session 16: "0 cases but a
// share of 27.8 %", "16 cases but the share hidden").
func TestCoverageFiguresAgree(t *testing.T) {
	e := newEnv(t)
	if _, err := seed.Synthetic(context.Background(), e.db, seed.SyntheticSpec{Cases: 200, Seed: 5, Workers: 1}); err != nil {
		t.Fatal(err)
	}
	from, to := domain.DefaultPeriod(time.Now(), 0) // the test server's lag is 0
	var r struct {
		MinPeople  float64 `json:"min_people"`
		Programmes []struct {
			Programme string   `json:"programme"`
			Cases     float64  `json:"cases"`
			Gaps      []string `json:"gaps"`
			Practices []struct {
				Practice    string                   `json:"practice"`
				Status      string                   `json:"status"`
				EvidencedBy []string                 `json:"evidenced_by"`
				Gap         bool                     `json:"gap"`
				Acts        struct{ Value *float64 } `json:"activities"`
				Cases       struct{ Value *float64 } `json:"cases_touched"`
				Share       struct {
					Value      *float64
					Suppressed bool
				} `json:"share_of_cases_percent"`
			} `json:"practices"`
		} `json:"programmes"`
	}
	e.as("national").do("GET", "/api/v1/statistics/coverage?"+periodQ(from, to), nil).want(200).decode(&r)
	published := 0
	for _, p := range r.Programmes {
		for _, x := range p.Practices {
			acts, cases := *x.Acts.Value, *x.Cases.Value
			if (acts == 0) != (cases == 0) || cases > p.Cases || acts < cases {
				t.Errorf("%s: %v activities, %v cases, programme of %v", x.Practice, acts, cases, p.Cases)
			}
			switch {
			case p.Cases < r.MinPeople:
				if !x.Share.Suppressed {
					t.Errorf("%s: share published for a programme of %v cases", x.Practice, p.Cases)
				}
			case x.Share.Value == nil || *x.Share.Value != math.Round(1000*cases/p.Cases)/10:
				t.Errorf("%s: share %v of %v cases over %v", x.Practice, x.Share.Value, cases, p.Cases)
			default:
				published++
			}
			if x.Gap != (acts == 0 && len(x.EvidencedBy) > 0) || x.Gap != slices.Contains(p.Gaps, x.Practice) {
				t.Errorf("%s: gap %v, %v activities, evidenced by %v, gaps %v", x.Practice, x.Gap, acts, x.EvidencedBy, p.Gaps)
			}
			if x.Status == "" {
				t.Errorf("%s: no status", x.Practice)
			}
		}
	}
	if published == 0 {
		t.Fatal("no share was published: the check above proved nothing")
	}
	// The CSV carries the share's denominator beside each row, as the JSON does; there is
	// no SDMX form of coverage, so none is passed off as one (attack round 9).
	nat := e.as("national")
	recs, err := csv.NewReader(strings.NewReader(string(nat.do("GET", "/api/v1/statistics/coverage?"+periodQ(from, to)+"&format=csv", nil).want(200).body))).ReadAll()
	if err != nil || len(recs) < 2 || recs[0][1] != "programme_cases" {
		t.Fatalf("coverage CSV: %v %v", err, recs[:min(len(recs), 1)])
	}
	sizes := map[string]string{}
	for _, p := range r.Programmes {
		sizes[p.Programme] = fmt.Sprint(p.Cases)
	}
	for _, rec := range recs[1:] {
		if rec[1] != sizes[rec[0]] {
			t.Errorf("CSV row %v: programme cases %s, JSON %s", rec, rec[1], sizes[rec[0]])
		}
	}
	nat.do("GET", "/api/v1/statistics/coverage?"+periodQ(from, to)+"&format=sdmx", nil).problem(422)
}
