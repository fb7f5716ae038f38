package api_test

import (
	"testing"
)

// The queue says enough to decide without opening the case: who asked and when, and per
// kind the phases and reason, the plan's version, the milestone claimed.
func TestApprovalsQueueShowsWhatIsToBeDecided(t *testing.T) {
	e := newEnv(t)
	pr, sup := e.as("practitioner"), e.as("supervisor")
	k, _ := e.openCase(pr, nil)
	caseID := k.ID
	e.transition(pr, caseID, map[string]any{"to": "assessment"}).want(201)
	base := "/api/v1/cases/" + caseID
	goals := []map[string]any{{"need": "B1", "description": "Work on violence"}}
	pr.do("POST", base+"/plans", map[string]any{"goals": goals}).want(201)
	p2 := pr.do("POST", base+"/plans", map[string]any{"goals": goals}).want(201).json()
	pr.do("POST", "/api/v1/plans/"+p2["id"].(string)+"/submit", nil).want(200)
	pr.do("POST", base+"/milestones", map[string]any{"definition_code": "violence_rejected", "achieved_on": daysAgo(0), "evidence": "Seen over months"}).want(201)
	e.transition(pr, caseID, map[string]any{"to": "closed", "closure_reason": "withdrawn", "reason": "Consent withdrawn in writing"}).want(202)

	items := sup.do("GET", "/api/v1/approvals", nil).want(200).json()["items"].([]any)
	byKind := map[string]map[string]any{}
	for _, it := range items {
		a := it.(map[string]any)
		byKind[a["kind"].(string)] = a
		if a["pseudonym"] != k.Pseudonym || a["requested_by"] != "practitioner" || a["requested_at"] == nil || a["case_id"] != caseID {
			t.Errorf("request without its who and when: %v", a)
		}
	}
	if len(byKind) != 3 {
		t.Fatalf("queue: %v", items)
	}
	if a := byKind["plan"]; a["plan_version"] != float64(2) || a["milestone_code"] != nil || a["reason"] != nil {
		t.Errorf("plan: %v", a)
	}
	if a := byKind["milestone"]; a["milestone_code"] != "violence_rejected" || a["achieved_on"] != daysAgo(0) || a["plan_version"] != nil {
		t.Errorf("milestone: %v", a)
	}
	if a := byKind["transition"]; a["from_phase"] != "assessment" || a["to_phase"] != "closed" || a["reason"] != "Consent withdrawn in writing" ||
		a["closure_reason"] != "withdrawn" || a["plan_version"] != nil {
		t.Errorf("transition: %v", a)
	}
}
