package api_test

import "testing"

// Trial 16, M9: the home page did not mention an unfinished assessment draft, so its author had
// to remember which case held it. Each of the caller's own drafts is a task until it is
// finished, submitted or discarded; nobody else is told of it.
func TestOwnDraftsAreTasks(t *testing.T) {
	e := newEnv(t)
	pr, sup := e.as("practitioner"), e.as("supervisor")
	caseID := e.newCase(caseFixture{phase: "intervention"})
	base := "/api/v1/cases/" + caseID

	aid := pr.do("POST", base+"/assessments", map[string]any{"instrument_code": "pathways-open", "occasion": "scheduled",
		"assessed_on": daysAgo(1), "ratings": fullRatings("M3"), "rationale": "Half done"}).want(201).json()["id"].(string)
	plan := pr.do("POST", base+"/plans", map[string]any{"summary": "Draft plan", "goals": []map[string]any{{"need": "B1", "description": "Anger work"}}}).want(201).json()
	pid := plan["id"].(string)

	l := tasksOf(pr, "")
	drafts := l.find("draft_to_finish", caseID)
	if len(drafts) != 2 {
		t.Fatalf("the author's drafts as tasks: %+v", l.Items)
	}
	byRef := map[string]taskOut{}
	for _, d := range drafts {
		byRef[d.RefID] = d
	}
	if a := byRef[aid]; a.State != "draft" || a.DraftKind != "assessment" || a.Occasion != "scheduled" {
		t.Errorf("assessment draft task: %+v", a)
	}
	if p := byRef[pid]; p.State != "draft" || p.DraftKind != "plan" || p.PlanVersion != 1 {
		t.Errorf("plan draft task: %+v", p)
	}
	// The case's own list says it too.
	if got := tasksOf(pr, "?case_id="+caseID).find("draft_to_finish", caseID); len(got) != 2 {
		t.Errorf("the case's tasks: %+v", got)
	}
	// A supervisor of the scope is not told of someone else's drafts.
	if got := tasksOf(sup, "").find("draft_to_finish", caseID); len(got) != 0 {
		t.Errorf("the supervisor sees the practitioner's drafts: %+v", got)
	}

	// Submitted, discarded: no longer a draft to finish.
	pr.do("POST", "/api/v1/plans/"+pid+"/submit", nil).want(200)
	pr.do("POST", base+"/assessments/"+aid+"/discard", nil, "If-Match", `"1"`).want(200)
	if got := tasksOf(pr, "").find("draft_to_finish", caseID); len(got) != 0 {
		t.Errorf("drafts submitted or discarded are still tasks: %+v", got)
	}
}
