package api_test

import "testing"

// A decision's timeline entry carries the decider's comment, and every entry its actor's
// display name (trial 16, M18 and M10): "Milestone rejected · Test supervisor" with why.
func TestTimelineDecisionShowsItsCommentAndTheActorsName(t *testing.T) {
	e := newEnv(t)
	pr, sup := e.as("practitioner"), e.as("supervisor")
	caseID := e.newCase(caseFixture{phase: "intervention"})
	base := "/api/v1/cases/" + caseID
	pr.do("POST", base+"/milestones", map[string]any{"definition_code": "violence_rejected", "achieved_on": daysAgo(1), "evidence": "Seen over months"}).want(201)
	e.decideAll(sup, "reject", "milestone", "No written evidence on file yet.")

	var rejected, claimed map[string]any
	for _, it := range pr.do("GET", base+"/timeline", nil).want(200).json()["items"].([]any) {
		switch ev := it.(map[string]any); ev["kind"] {
		case "milestone.rejected":
			rejected = ev
		case "milestone.claimed":
			claimed = ev
		}
	}
	if rejected == nil || claimed == nil {
		t.Fatal("no claim and rejection on the timeline")
	}
	if rejected["comment"] != "No written evidence on file yet." || rejected["actor"] != "supervisor" || rejected["actor_name"] != "Test supervisor" {
		t.Errorf("rejection entry: %v", rejected)
	}
	if claimed["comment"] != nil || claimed["actor_name"] != "Test practitioner" {
		t.Errorf("claim entry: %v", claimed)
	}
}
