package api_test

import (
	"context"
	"testing"
	"time"
)

// approvalOf finds the pending approval of a subject in the supervisor's queue.
func approvalOf(t *testing.T, sup *client, subjectID string) string {
	t.Helper()
	for _, it := range sup.do("GET", "/api/v1/approvals", nil).want(200).json()["items"].([]any) {
		if a := it.(map[string]any); a["subject_id"] == subjectID {
			return a["id"].(string)
		}
	}
	t.Fatalf("no pending approval for %s", subjectID)
	return ""
}

// Attack finding F3: four eyes on plans checked who submitted, not who wrote. A supervisor
// wrote a plan, a practitioner submitted it, and the same supervisor approved it. Nobody
// decides a plan they wrote or submitted; the refusal is audited, and the database refuses
// it too.
func TestNobodyApprovesAPlanTheyWrote(t *testing.T) {
	e := newEnv(t)
	caseID := e.newCase(caseFixture{phase: "assessment"})
	sup, sup2, prac := e.as("supervisor"), e.as("supervisor2"), e.as("practitioner")
	goals := []map[string]any{{"need": "education", "description": "Enrol in basic education", "interventions": []string{"basic_education"}}}
	plan := sup.do("POST", "/api/v1/cases/"+caseID+"/plans", map[string]any{"summary": "written by the supervisor", "goals": goals}).want(201).json()
	prac.do("POST", "/api/v1/plans/"+plan["id"].(string)+"/submit", nil).want(200)
	aid := approvalOf(t, sup, plan["id"].(string))

	p := sup.do("POST", "/api/v1/approvals/"+aid+"/approve", map[string]any{"comment": "approved by its own author"}).problem(403)
	if d, _ := p["detail"].(string); d == "" {
		t.Errorf("the refusal says nothing: %v", p)
	}
	if n := e.count("SELECT count(*) FROM plans WHERE id = $1 AND status = 'submitted'", plan["id"]); n != 1 {
		t.Fatal("the plan was decided by its author")
	}
	if n := e.count(`SELECT count(*) FROM audit_events WHERE action = 'approval.approve' AND object_id = $1 AND actor_name = 'supervisor'
		AND outcome = 'denied'`, caseID); n != 1 {
		t.Errorf("%d denied events for the author's decision, want 1", n)
	}
	// Behind the application's back, the database refuses the author as decider too.
	_, err := e.db.Pool().Exec(context.Background(), `UPDATE approvals SET status = 'approved', decided_by = $2, decided_at = now() WHERE id = $1`,
		aid, e.world.Users["supervisor"].ID)
	if err == nil {
		t.Error("the database let the plan's author decide it")
	}
	sup2.do("POST", "/api/v1/approvals/"+aid+"/approve", map[string]any{"comment": "a second pair of eyes"}).want(200)
}

// F3, the reintegration plan: its last editor was never compared with the decider. Whoever
// wrote or changed the version being decided (since it was last decided), or submitted it,
// may not decide it.
func TestNobodyApprovesAReintegrationPlanTheyChanged(t *testing.T) {
	e := newEnv(t)
	caseID := e.newCase(caseFixture{phase: "pre_release"})
	sup, sup2, prac := e.as("supervisor"), e.as("supervisor2"), e.as("practitioner")
	path := "/api/v1/cases/" + caseID + "/reintegration-plan"
	plan := func(desc string) map[string]any {
		return map[string]any{"planned_release": time.Now().AddDate(0, 3, 0).Format(time.DateOnly), "release_type": "parole",
			"supervising_agency": "Probation service", "items": []map[string]any{{"area": "housing", "status": "in_progress", "description": desc}}}
	}
	// Written by the practitioner, changed by the supervisor, submitted by the practitioner.
	v1 := prac.do("PUT", path, plan("Hostel place requested")).want(201).header.Get("ETag")
	v2 := sup.do("PUT", path, plan("Hostel place confirmed"), "If-Match", v1).want(200).header.Get("ETag")
	prac.do("POST", path+"/submit", nil, "If-Match", v2).want(200)
	aid := approvalOf(t, sup, caseID)
	sup.do("POST", "/api/v1/approvals/"+aid+"/approve", map[string]any{"comment": "my own change"}).problem(403)
	if n := e.count("SELECT count(*) FROM reintegration_plans WHERE case_id = $1 AND status = 'submitted'", caseID); n != 1 {
		t.Fatal("the plan was approved by someone who changed it")
	}
	_, err := e.db.Pool().Exec(context.Background(), `UPDATE approvals SET status = 'approved', decided_by = $2, decided_at = now() WHERE id = $1`,
		aid, e.world.Users["supervisor"].ID)
	if err == nil {
		t.Error("the database let an editor of the plan decide it")
	}
	// Rejected by someone else, then changed by the practitioner alone and submitted again
	// (attack finding, round 2): what the supervisor wrote never passed four eyes, so they
	// still may not decide; another supervisor may. An approval starts the authors afresh.
	sup2.do("POST", "/api/v1/approvals/"+aid+"/reject", map[string]any{"comment": "the hostel is not confirmed in writing"}).want(200)
	etag := prac.do("GET", path, nil).want(200).header.Get("ETag")
	etag = prac.do("PUT", path, plan("Hostel place confirmed."), "If-Match", etag).want(200).header.Get("ETag")
	prac.do("POST", path+"/submit", nil, "If-Match", etag).want(200)
	sup.do("POST", "/api/v1/approvals/"+approvalOf(t, sup, caseID)+"/approve", map[string]any{"comment": "confirmed"}).problem(403)
	sup2.do("POST", "/api/v1/approvals/"+approvalOf(t, sup2, caseID)+"/approve", map[string]any{"comment": "confirmed"}).want(200)
	etag = sup.do("GET", path, nil).want(200).header.Get("ETag")
	sup.do("PUT", path, plan("Hostel place confirmed; keys on release day."), "If-Match", etag).want(200)
	if n := e.count("SELECT cardinality(authors) FROM reintegration_plans WHERE case_id = $1", caseID); n != 1 {
		t.Errorf("after an approval the next edit starts the authors afresh: %d authors", n)
	}
}
