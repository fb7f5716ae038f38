package api_test

import (
	"encoding/csv"
	"slices"
	"strings"
	"testing"

	"pathways/domain/postgres/pgtest"
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
	if r["threshold"].(float64) != 5 || r["scope"] != "country:XA" {
		t.Errorf("threshold/scope: %v %v", r["threshold"], r["scope"])
	}
	rows := rowsByKey(r, "phase")
	// 2 in assessment is primary; the total 8 is published, so intervention (6) goes too.
	for _, k := range []string{"assessment", "intervention"} {
		if rows[k]["suppressed"] != true || rows[k]["value"] != nil {
			t.Errorf("%s: %v", k, rows[k])
		}
		if _, has := rows[k]["participants"]; has {
			t.Error("participant counts are never published")
		}
	}
	if rows["_T"]["value"] != 8.0 || rows["intake"]["value"] != 0.0 {
		t.Errorf("total/zero: %v %v", rows["_T"], rows["intake"])
	}
	// The supervisor of XB sees only XB (one case: suppressed).
	r = e.as("supervisorxb").do("GET", "/api/v1/statistics/active_cases?"+period, nil).want(200).json()
	if rows := rowsByKey(r, "phase"); rows["_T"]["suppressed"] != true {
		t.Errorf("XB total of 1 must be suppressed: %v", rows["_T"])
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
	n.do("GET", "/api/v1/statistics/intakes?country=XB", nil).problem(403)
	n.do("GET", "/api/v1/statistics/indicators", nil).want(200)
	for _, who := range []string{"practitioner", "admin", "auditor"} {
		e.as(who).do("GET", "/api/v1/statistics/active_cases", nil).problem(403)
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
	if strings.Join(recs[0], ",") != "phase,facility,value,suppressed" {
		t.Errorf("header %v", recs[0])
	}
	for _, rec := range recs[1:] {
		if rec[0] == "assessment" && rec[1] == e.world.Riverside && (rec[2] != "" || rec[3] != "true") {
			t.Errorf("2 at Riverside must be suppressed: %v", rec)
		}
		if rec[3] == "true" && rec[2] != "" {
			t.Errorf("a suppressed cell carries a value: %v", rec)
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
	if strings.Join(recs[0], ",") != "DATAFLOW,REF_AREA,PHASE,TIME_PERIOD,OBS_VALUE,UNIT_MEASURE,CONF_STATUS" {
		t.Errorf("SDMX header %v", recs[0])
	}
	found := false
	for _, rec := range recs[1:] {
		if rec[0] != "PATHWAYS:DF_ACTIVE_CASES(1.0)" || rec[1] != "XA" || rec[3] != "2025-01-01/P181D" {
			t.Errorf("SDMX row %v", rec)
		}
		if rec[2] == "assessment" {
			found = true
			if rec[4] != "" || rec[6] != "C" {
				t.Errorf("suppressed SDMX observation %v", rec)
			}
		}
		if rec[2] == "_T" && (rec[4] != "8" || rec[6] != "F") {
			t.Errorf("total %v", rec)
		}
	}
	if !found {
		t.Error("no assessment row")
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
