package api_test

import "testing"

// Staff are named by their display names where a reader of the case may see staff (trial 16,
// M10): the caseload's case manager, the case's team, the approval's requester and decider
// and a goal's responsible person. Usernames stay beside them for links and filters.
func TestStaffAreNamedByDisplayName(t *testing.T) {
	e := newEnv(t)
	pr, sup := e.as("practitioner"), e.as("supervisor")
	opened, _ := e.openCase(pr, nil)
	caseID := opened.ID
	e.transition(pr, caseID, map[string]any{"to": "assessment"}).want(201)
	base := "/api/v1/cases/" + caseID

	k := pr.do("GET", base, nil).want(200).json()
	team := k["team"].([]any)
	if len(team) == 0 || team[0].(map[string]any)["display_name"] != "Test practitioner" || team[0].(map[string]any)["username"] != "practitioner" {
		t.Errorf("team: %v", team)
	}
	var listed map[string]any
	for _, it := range pr.do("GET", "/api/v1/cases?limit=200", nil).want(200).json()["items"].([]any) {
		if c := it.(map[string]any); c["id"] == caseID {
			listed = c
		}
	}
	if listed == nil || listed["case_manager_name"] != "Test practitioner" {
		t.Errorf("caseload entry: %v", listed)
	}

	pl := pr.do("POST", base+"/plans", map[string]any{"goals": []map[string]any{{"need": "B1", "description": "Anger work",
		"responsible_id": e.world.Users["practitioner"].ID}}}).want(201).json()
	pr.do("POST", "/api/v1/plans/"+pl["id"].(string)+"/submit", nil).want(200)
	items := sup.do("GET", "/api/v1/approvals?kind=plan", nil).want(200).json()["items"].([]any)
	if len(items) != 1 {
		t.Fatalf("queue: %v", items)
	}
	a := items[0].(map[string]any)
	if a["requested_by_name"] != "Test practitioner" || a["decided_by_name"] != nil {
		t.Errorf("approval: %v", a)
	}
	if g := a["plan"].(map[string]any)["goals"].([]any)[0].(map[string]any); g["responsible"] != "Test practitioner" {
		t.Errorf("goal: %v", g)
	}
	d := sup.do("POST", "/api/v1/approvals/"+a["id"].(string)+"/approve", nil).want(200).json()
	if d["decided_by_name"] != "Test supervisor" {
		t.Errorf("decision: %v", d)
	}
}
