package api_test

import (
	"testing"
	"time"
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

// A supervisor decides knowing what it is: the milestone's evidence, the plan's goals with
// the version in force they would replace, the reintegration plan's items; a request of
// one's own is marked so. The decision's comment then reaches the requester on the record.
func TestApprovalsSayWhatIsDecidedAndTheCommentReachesTheRecord(t *testing.T) {
	e := newEnv(t)
	pr, sup := e.as("practitioner"), e.as("supervisor")
	caseID := e.newCase(caseFixture{phase: "pre_release"})
	base := "/api/v1/cases/" + caseID

	// Version 1 approved, version 2 (other goals) waiting.
	v1 := pr.do("POST", base+"/plans", map[string]any{"summary": "First plan", "goals": []map[string]any{{"need": "B1", "description": "Anger work"}}}).want(201).json()
	pr.do("POST", "/api/v1/plans/"+v1["id"].(string)+"/submit", nil).want(200)
	e.decideAll(sup, "approve", "plan", "")
	target := time.Now().AddDate(0, 2, 0).Format(time.DateOnly)
	v2 := pr.do("POST", base+"/plans", map[string]any{"summary": "Second plan", "goals": []map[string]any{
		{"need": "B1", "description": "Anger work, weekly", "interventions": []string{"cognitive_skills"}, "responsible_id": e.world.Users["practitioner"].ID, "target_date": target},
		{"need": "E2", "description": "Vocational course"}}}).want(201).json()
	pr.do("POST", "/api/v1/plans/"+v2["id"].(string)+"/submit", nil).want(200)
	pr.do("POST", base+"/milestones", map[string]any{"definition_code": "violence_rejected", "achieved_on": daysAgo(1), "evidence": "Certificate seen on file"}).want(201)
	sup.do("POST", base+"/milestones", map[string]any{"definition_code": "violence_rejected", "achieved_on": daysAgo(2), "evidence": "Claimed by the supervisor"}).want(201)
	re := map[string]any{"planned_release": time.Now().AddDate(0, 3, 0).Format(time.DateOnly), "release_type": "parole", "supervising_agency": "Probation service",
		"items": []map[string]any{{"area": "housing", "status": "in_progress", "description": "Hostel place requested"}}}
	etag := pr.do("PUT", base+"/reintegration-plan", re).want(201).header.Get("ETag")
	pr.do("POST", base+"/reintegration-plan/submit", nil, "If-Match", etag).want(200)

	items := sup.do("GET", "/api/v1/approvals", nil).want(200).json()["items"].([]any)
	var plan, reint map[string]any
	var milestones []map[string]any
	for _, it := range items {
		a := it.(map[string]any)
		switch a["kind"] {
		case "plan":
			plan = a
		case "milestone":
			milestones = append(milestones, a)
		case "reintegration_plan":
			reint = a
		}
	}
	if plan == nil || reint == nil || len(milestones) != 2 {
		t.Fatalf("queue: %v", items)
	}
	p := plan["plan"].(map[string]any)
	goals := p["goals"].([]any)
	g0 := goals[0].(map[string]any)
	if p["version"] != float64(2) || p["summary"] != "Second plan" || len(goals) != 2 || g0["description"] != "Anger work, weekly" ||
		g0["responsible"] != "Test practitioner" || g0["target_date"] != target || g0["interventions"].([]any)[0] != "cognitive_skills" {
		t.Errorf("plan asked for: %v", p)
	}
	if f, ok := plan["plan_in_force"].(map[string]any); !ok || f["version"] != float64(1) || f["summary"] != "First plan" || len(f["goals"].([]any)) != 1 {
		t.Errorf("plan in force: %v", plan["plan_in_force"])
	}
	if plan["evidence"] != nil || plan["reintegration_plan"] != nil || plan["requested_by_me"] != false {
		t.Errorf("plan request carries what is not its own: %v", plan)
	}
	for _, m := range milestones {
		mine := m["requested_by"] == "supervisor"
		if m["requested_by_me"] != mine || m["plan"] != nil {
			t.Errorf("milestone: %v", m)
		}
		if want := map[bool]string{true: "Claimed by the supervisor", false: "Certificate seen on file"}[mine]; m["evidence"] != want {
			t.Errorf("milestone evidence %v, want %q", m["evidence"], want)
		}
	}
	r := reint["reintegration_plan"].(map[string]any)
	if r["release_type"] != "parole" || r["supervising_agency"] != "Probation service" ||
		r["items"].([]any)[0].(map[string]any)["description"] != "Hostel place requested" {
		t.Errorf("reintegration plan: %v", r)
	}

	// Rejections with their comments, read back on the record by the requester.
	sup.do("POST", "/api/v1/approvals/"+plan["id"].(string)+"/reject", map[string]any{"comment": "Goal 2 needs a target date"}).want(200)
	for _, m := range milestones {
		if m["requested_by"] == "practitioner" {
			sup.do("POST", "/api/v1/approvals/"+m["id"].(string)+"/reject", map[string]any{"comment": "No certificate attached"}).want(200)
		}
	}
	plans := pr.do("GET", base+"/plans", nil).want(200).json()["items"].([]any)
	for _, it := range plans {
		pl := it.(map[string]any)
		want := map[float64][2]any{1: {"supervisor", ""}, 2: {"supervisor", "Goal 2 needs a target date"}}[pl["version"].(float64)]
		if pl["decided_by"] != want[0] || pl["decision_comment"] != want[1] {
			t.Errorf("plan v%v on the record: decided_by %v, comment %v", pl["version"], pl["decided_by"], pl["decision_comment"])
		}
	}
	found := false
	for _, it := range pr.do("GET", base+"/milestones", nil).want(200).json()["items"].([]any) {
		m := it.(map[string]any)
		if m["status"] == "rejected" {
			found = m["decided_by"] == "supervisor" && m["decision_comment"] == "No certificate attached"
		} else if m["decided_by"] != nil || m["decision_comment"] != nil {
			t.Errorf("undecided claim with a decision: %v", m)
		}
	}
	if !found {
		t.Error("the rejected claim does not carry the supervisor's comment")
	}
	tasks := pr.do("GET", "/api/v1/tasks?case_id="+caseID, nil).want(200).json()["items"].([]any)
	saw := false
	for _, it := range tasks {
		tk := it.(map[string]any)
		if tk["kind"] == "plan_to_revise" && tk["comment"] == "Goal 2 needs a target date" && tk["decided_by"] == "Test supervisor" {
			saw = true
		}
	}
	if !saw {
		t.Errorf("no plan to revise with the comment among %v", tasks)
	}
}

// decideAll decides every pending request of a kind in the supervisor's queue.
func (e *env) decideAll(sup *client, decision, kind, comment string) {
	e.t.Helper()
	for _, it := range sup.do("GET", "/api/v1/approvals?kind="+kind, nil).want(200).json()["items"].([]any) {
		sup.do("POST", "/api/v1/approvals/"+it.(map[string]any)["id"].(string)+"/"+decision, map[string]any{"comment": comment}).want(200)
	}
}
