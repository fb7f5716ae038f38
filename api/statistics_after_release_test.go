package api_test

import (
	"encoding/csv"
	"fmt"
	"strings"
	"testing"

	"pathways/domain"
	"pathways/domain/postgres/pgtest"
)

// releaseCohort puts 24 released cases at Northgate and Riverside, released in the spring
// of 2024 (the 12-month cohort of the first half of 2025): every third charged with an act
// of terrorism, every fourth recalled for a breach, each with follow-up points at 3, 6 and
// 12 months reached, not reached or left open; and a re-entry, a transfer and a case on a
// court order opened in 2025.
func releaseCohort(e *env) {
	f := pgtest.NewFixture(e.t, e.db.Pool())
	reasons := []string{"reached", "lost_contact", "open", "refused", "reached", "in_custody"}
	var first string
	for i := 0; i < 24; i++ {
		fac := e.world.Northgate
		if i%2 == 1 {
			fac = e.world.Riverside
		}
		k := f.Case(pgtest.Case{Facility: fac, Programme: e.world.ProgrammeXA, Opened: "2022-01-01", Phase: "reintegration", PhaseSince: "2024-02-01"})
		if i == 0 {
			first = k
		}
		on := fmt.Sprintf("2024-%02d-%02d", 2+i%4, 1+i)
		recalled, why := "", ""
		if i%4 == 0 {
			recalled, why = fmt.Sprintf("2024-%02d-%02d", 8+i%4, 1+i), "breach_of_conditions"
		}
		r := f.Release(k, 1, on, recalled, why)
		if i%3 == 0 {
			f.Offence(k, "2024-12-01", "charge", "09051", "2024-11-01")
		}
		for j, m := range []int{3, 6, 12} {
			st := reasons[(i+j)%len(reasons)]
			closed := ""
			if st != "open" {
				closed = fmt.Sprintf("2024-%02d-28", 2+i%4+m/2)
			}
			f.Point(r, m, st, closed)
		}
	}
	again := f.Case(pgtest.Case{Facility: e.world.Riverside, Programme: e.world.ProgrammeXA, Opened: "2025-03-01"})
	f.Reentry(again, first)
	f.LegalBasis(again, "court_order")
	f.Transfer(first, e.world.Northgate, e.world.Riverside, "2025-02-10", "accepted")
}

// fuOf is a JSON row's follow-up coverage.
func fuOf(t *testing.T, row map[string]any) map[string]any {
	t.Helper()
	fu, ok := row["follow_up"].(map[string]any)
	if !ok {
		t.Fatalf("no follow_up in %v", row)
	}
	for _, s := range domain.FollowUpStatuses {
		if _, ok := fu[s].(float64); !ok {
			t.Errorf("follow_up %s missing: %v", s, fu)
		}
	}
	return fu
}

func TestStatisticsAfterReleaseJSON(t *testing.T) {
	e := newEnv(t)
	releaseCohort(e)
	n := e.as("national")
	r := n.do("GET", "/api/v1/statistics/release_reoffending_12m?"+period, nil).want(200).json()
	rows := rowsByKey(r, "offence_group")
	if len(rows) != 3 {
		t.Fatalf("rows %v", rows)
	}
	// 24 releases of 24 people: published. Every row rests on the same follow-up points
	// (72 due; a count is within 6 of the truth).
	for k, row := range rows {
		if row["suppressed"] != false {
			t.Errorf("%s suppressed on 24 people: %v", k, row)
		}
		fu := fuOf(t, row)
		if d := fu["due"].(float64); d < 66 || d > 78 {
			t.Errorf("%s: due %v, want 72±6", k, d)
		}
		if fmt.Sprint(fu) != fmt.Sprint(fuOf(t, rows["any_offence"])) {
			t.Errorf("%s coverage %v differs from any_offence's %v", k, fu, rows["any_offence"]["follow_up"])
		}
	}
	// Terrorism: 6 of 24 (the charges of the two recalled before them belong to no release),
	// the very releases of any offence, so the same figure; a count of 6 is published as 0
	// to 12 and one of 24 as 18 to 30, so the rate lies within 0 and 12/18. No violent
	// offence: a numerator of 0 is published as 0, or as 5 one time in ten (a rate of 5 over
	// 18 to 30).
	if v := rows["terrorism"]["value"].(float64); v < 0 || v > 100*12.0/18 || v != rows["any_offence"]["value"] {
		t.Errorf("terrorism %v, any offence %v", v, rows["any_offence"]["value"])
	}
	if v := rows["violent"]["value"].(float64); v != 0 && (v < 100*5.0/30-0.1 || v > 100*5.0/18+0.1) {
		t.Errorf("violent %v, want 0 or 5 over 18 to 30", v)
	}
	var notes []string
	for _, x := range r["notes"].([]any) {
		notes = append(notes, x.(string))
	}
	if !strings.Contains(strings.Join(notes, " "), "Follow-up coverage") {
		t.Errorf("notes %v", notes)
	}
	// Not outcomes: no coverage.
	for _, row := range n.do("GET", "/api/v1/statistics/intakes?"+period, nil).want(200).json()["rows"].([]any) {
		if _, ok := row.(map[string]any)["follow_up"]; ok {
			t.Errorf("intakes carry coverage: %v", row)
		}
	}
	// The catalogue names the new indicators and what their coverage counts.
	var list struct {
		Items []struct {
			ID        string `json:"id"`
			FollowUp  string `json:"follow_up"`
			Dimension string `json:"dimension"`
		} `json:"items"`
	}
	n.do("GET", "/api/v1/statistics/indicators", nil).want(200).decode(&list)
	got := map[string]string{}
	for _, it := range list.Items {
		got[it.ID] = it.FollowUp + "/" + it.Dimension
	}
	for id, want := range map[string]string{"release_reoffending_12m": "release_window/offence_group", "release_reoffending_24m": "release_window/offence_group",
		"release_reoffending_36m": "release_window/offence_group", "recalls_12m": "release_window/recall_reason", "outcome_housing": "period/housing",
		"reentries": "/", "transfers": "/direction", "intakes": "/"} {
		if got[id] != want {
			t.Errorf("%s: %q, want %q", id, got[id], want)
		}
	}
	// Legal basis: offered for case flows, refused elsewhere.
	rows = rowsByKey(n.do("GET", "/api/v1/statistics/intakes?"+period+"&by=legal_basis", nil).want(200).json(), "legal_basis")
	if _, ok := rows["administrative_decision"]; !ok || len(rows) != 5 {
		t.Errorf("legal basis rows %v", rows)
	}
	p := n.do("GET", "/api/v1/statistics/active_cases?"+period+"&by=legal_basis", nil).problem(422)
	if !strings.Contains(fmt.Sprint(fieldReasons(p)), "not_allowed") {
		t.Errorf("by=legal_basis on active_cases: %v", p)
	}
	n.do("GET", "/api/v1/statistics/transfers?"+period+"&by=facility", nil).want(200)
	n.do("GET", "/api/v1/statistics/reentries?"+period+"&by=legal_basis", nil).want(200)
}

func TestStatisticsAfterReleaseCSVAndSDMX(t *testing.T) {
	e := newEnv(t)
	releaseCohort(e)
	n := e.as("national")
	js := rowsByKey(n.do("GET", "/api/v1/statistics/recalls_12m?"+period, nil).want(200).json(), "recall_reason")
	read := func(format string) [][]string {
		r := n.do("GET", "/api/v1/statistics/recalls_12m?"+period+"&format="+format, nil).want(200)
		recs, err := csv.NewReader(strings.NewReader(string(r.body))).ReadAll()
		if err != nil {
			t.Fatal(err)
		}
		return recs
	}
	recs := read("csv")
	want := "recall_reason,value,status,suppressed"
	for _, s := range domain.FollowUpStatuses {
		want += ",follow_up_" + s
	}
	want += ",recall_reason_label"
	if strings.Join(recs[0], ",") != want {
		t.Fatalf("header %v", recs[0])
	}
	for _, rec := range recs[1:] {
		fu := fuOf(t, js[rec[0]])
		for i, s := range domain.FollowUpStatuses {
			if rec[4+i] != fmt.Sprint(fu[s]) {
				t.Errorf("%s %s: CSV %s, JSON %v", rec[0], s, rec[4+i], fu[s])
			}
		}
	}
	recs = read("sdmx")
	if h := strings.Join(recs[0], ","); !strings.HasSuffix(h, "CONF_STATUS,FOLLOW_UP_DUE,FOLLOW_UP_REACHED,FOLLOW_UP_NOT_REACHED,FOLLOW_UP_LOST_CONTACT,FOLLOW_UP_REFUSED,FOLLOW_UP_MOVED_ABROAD,FOLLOW_UP_IN_CUSTODY,FOLLOW_UP_DECEASED,FOLLOW_UP_OPEN") {
		t.Fatalf("SDMX header %v", recs[0])
	}
	for _, rec := range recs[1:] {
		if rec[8] != fmt.Sprint(fuOf(t, js[rec[2]])["due"]) {
			t.Errorf("SDMX %v against JSON %v", rec, js[rec[2]])
		}
	}
}

// Attack round 4: on a cohort too small for its rate, the coverage beside it was still
// published, and two coverage counts over the same releases (3 points each within 12 months,
// 4 within 24) gave back the cohort's exact size. Coverage is now withheld with the figure.
func TestFollowUpCoverageWithheldBesideASuppressedFigure(t *testing.T) {
	e := newEnv(t)
	releaseCohort(e)
	n := e.as("national")
	// February 2025's 12-month cohort: the 6 people released in February 2024.
	q := "/api/v1/statistics/release_reoffending_12m?from=2025-02-01&to=2025-02-28"
	for k, row := range rowsByKey(n.do("GET", q, nil).want(200).json(), "offence_group") {
		if row["suppressed"] != true {
			t.Fatalf("%s published on 6 people: %v", k, row)
		}
		if fu, ok := row["follow_up"]; ok {
			t.Errorf("%s: coverage beside a suppressed figure: %v", k, fu)
		}
	}
	csv := string(n.do("GET", q+"&format=csv", nil).want(200).body)
	for _, line := range strings.Split(strings.TrimSpace(csv), "\n")[1:] {
		f := strings.Split(line, ",")
		for _, v := range f[len(f)-10 : len(f)-1] { // the coverage, before the label
			if v != "" {
				t.Errorf("CSV coverage beside a suppressed figure: %s", line)
				break
			}
		}
	}
}
