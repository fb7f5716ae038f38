package api_test

import (
	"testing"
	"time"
)

// A phase change waits with the facts its guard checks (trial 16, S8): the supervisor reads
// when the baseline was finalised and which plan version was approved when, not a bare
// "Assessment → Intervention" with no reason.
func TestApprovalShowsTheFactsThePhaseChangeRestsOn(t *testing.T) {
	e := newEnv(t)
	pr, sup := e.as("practitioner"), e.as("supervisor")
	k, _ := e.openCase(pr, nil)
	e.transition(pr, k.ID, map[string]any{"to": "assessment"}).want(201)
	today := time.Now().UTC().Format(time.DateOnly)
	e.finalAssessment(k.ID, "baseline", time.Now().UTC())
	e.approvedPlan(k.ID)
	e.transition(pr, k.ID, map[string]any{"to": "intervention"}).want(202)

	var got map[string]any
	for _, it := range sup.do("GET", "/api/v1/approvals", nil).want(200).json()["items"].([]any) {
		if a := it.(map[string]any); a["kind"] == "transition" && a["case_id"] == k.ID {
			got = a
		}
	}
	if got == nil {
		t.Fatal("the phase change is not in the queue")
	}
	grounds, _ := got["grounds"].([]any)
	if len(grounds) != 2 {
		t.Fatalf("grounds: %v", got["grounds"])
	}
	b, p := grounds[0].(map[string]any), grounds[1].(map[string]any)
	if b["fact"] != "baseline_assessment" || b["met"] != true || b["on"] != today || b["version"] != nil {
		t.Errorf("baseline ground: %v", b)
	}
	if p["fact"] != "plan" || p["met"] != true || p["on"] != today || p["version"] != float64(1) {
		t.Errorf("plan ground: %v", p)
	}
	// Other kinds carry none.
	pl := pr.do("POST", "/api/v1/cases/"+k.ID+"/plans", map[string]any{"goals": []map[string]any{{"need": "B1", "description": "More"}}}).want(201).json()
	pr.do("POST", "/api/v1/plans/"+pl["id"].(string)+"/submit", nil).want(200)
	for _, it := range sup.do("GET", "/api/v1/approvals?kind=plan", nil).want(200).json()["items"].([]any) {
		if a := it.(map[string]any); a["grounds"] != nil {
			t.Errorf("a plan approval with grounds: %v", a)
		}
	}
}
