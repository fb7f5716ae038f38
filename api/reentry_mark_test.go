package api_test

import (
	"testing"

	"pathways/domain"
)

// Two cases share a pseudonym after a re-entry (trial 16, M19): each says so. The later one
// names the earlier, the earlier the later, each with its dates, and with an id only for a
// reader who may open it; the caseload marks both.
func TestReentryMarksBothCases(t *testing.T) {
	e := newEnv(t)
	pr, sup := e.as("practitioner"), e.as("supervisor")
	first, _ := e.openCase(pr, nil)
	var pid string
	if err := e.db.Pool().QueryRow(t.Context(), "SELECT participant_id FROM cases WHERE id = $1", first.ID).Scan(&pid); err != nil {
		t.Fatal(err)
	}
	e.exec("UPDATE cases SET phase = 'closed', closed_on = current_date, closure_reason = 'reoffended_recalled' WHERE id = $1", first.ID)
	second := sup.do("POST", "/api/v1/cases", e.intakeBody(e.world.Northgate, map[string]any{"participant": nil, "participant_id": pid})).want(201).json()
	secondID := second["id"].(string)

	related := func(c *client, id string) []map[string]any {
		t.Helper()
		var out []map[string]any
		for _, r := range c.do("GET", "/api/v1/cases/"+id, nil).want(200).json()["related_cases"].([]any) {
			out = append(out, r.(map[string]any))
		}
		return out
	}
	// The supervisor sees both cases: each names the other with its id.
	if r := related(sup, secondID); len(r) != 1 || r[0]["relation"] != "previous" || r[0]["id"] != first.ID || r[0]["closed_on"] == nil {
		t.Errorf("later case: %v", r)
	}
	if r := related(sup, first.ID); len(r) != 1 || r[0]["relation"] != "next" || r[0]["id"] != secondID || r[0]["closed_on"] != nil {
		t.Errorf("earlier case: %v", r)
	}
	// The practitioner is not on the later case's team: it is named, but not linked.
	if r := related(pr, first.ID); len(r) != 1 || r[0]["relation"] != "next" || r[0]["id"] != nil || r[0]["opened_on"] == nil {
		t.Errorf("earlier case as the practitioner reads it: %v", r)
	}
	if k := pr.do("GET", "/api/v1/cases/"+first.ID, nil).want(200).json(); k["re_entered"] != true {
		t.Errorf("earlier case not marked re-entered: %v", k["re_entered"])
	}
	// Nor does its id leave by another road (attack round 9): not in the timeline's entry on
	// the earlier case, and, for a colleague on the later case only, neither as its
	// previous_case_id nor in the re-entry entry.
	refs := func(c *client, id, kind string) []any {
		t.Helper()
		var out []any
		for _, it := range c.do("GET", "/api/v1/cases/"+id+"/timeline", nil).want(200).json()["items"].([]any) {
			if ev := it.(map[string]any); ev["kind"] == kind {
				out = append(out, ev["ref_id"])
			}
		}
		return out
	}
	if r := refs(pr, first.ID, "re_entered"); len(r) != 1 || r[0] != "" {
		t.Errorf("the re-entered entry names the later case to someone who may not open it: %v", r)
	}
	if r := refs(sup, first.ID, "re_entered"); len(r) != 1 || r[0] != secondID {
		t.Errorf("the re-entered entry as the supervisor reads it: %v", r)
	}
	colleague := e.addUser("prac3", domain.RolePractitioner, domain.Scope{Kind: domain.ScopeFacility, FacilityID: e.world.Northgate})
	e.exec("INSERT INTO case_team (case_id, user_id, discipline) VALUES ($1, $2, 'psychologist')", secondID, colleague)
	p3 := e.as("prac3")
	if k := p3.do("GET", "/api/v1/cases/"+secondID, nil).want(200).json(); k["previous_case_id"] != nil || k["re_entry"] != true {
		t.Errorf("later case as a colleague on it alone reads it: previous %v, re-entry %v", k["previous_case_id"], k["re_entry"])
	}
	if r := refs(p3, secondID, "re_entry"); len(r) != 1 || r[0] != "" {
		t.Errorf("the re-entry entry names the earlier case to someone who may not open it: %v", r)
	}
	for _, it := range p3.do("GET", "/api/v1/cases?limit=200", nil).want(200).json()["items"].([]any) {
		if c := it.(map[string]any); c["id"] == secondID && (c["previous_case_id"] != nil || c["re_entry"] != true) {
			t.Errorf("the caseload row: previous %v, re-entry %v", c["previous_case_id"], c["re_entry"])
		}
	}
	// Nor through the participant lookup, which reaches the whole facility (round 9b).
	matches := p3.do("POST", "/api/v1/participants/lookup", map[string]any{"pseudonym": first.Pseudonym}).want(200).json()["items"].([]any)
	if len(matches) != 1 {
		t.Fatalf("lookup: %v", matches)
	}
	for _, ep := range matches[0].(map[string]any)["episodes"].([]any) {
		ep := ep.(map[string]any)
		if id := ep["case_id"]; id != nil && id != secondID {
			t.Errorf("the lookup names a case the colleague may not open: %v", ep)
		}
	}
	if k := sup.do("GET", "/api/v1/cases/"+secondID, nil).want(200).json(); k["previous_case_id"] != first.ID {
		t.Errorf("the supervisor, who may open both, lost the link: %v", k["previous_case_id"])
	}
	marks := map[string]bool{}
	for _, it := range sup.do("GET", "/api/v1/cases?limit=200", nil).want(200).json()["items"].([]any) {
		c := it.(map[string]any)
		marks[c["id"].(string)] = c["re_entered"] == true
	}
	if !marks[first.ID] || marks[secondID] {
		t.Errorf("caseload marks: %v", marks)
	}
}
