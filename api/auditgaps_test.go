package api_test

import (
	"encoding/json"
	"slices"
	"testing"
	"time"
)

// detailsOf decodes an audit event's details.
func detailsOf(t *testing.T, ev map[string]any) map[string]any {
	t.Helper()
	var d map[string]any
	switch v := ev["details"].(type) {
	case map[string]any:
		return v
	case string:
		if err := json.Unmarshal([]byte(v), &d); err != nil {
			t.Fatalf("details %q: %v", v, err)
		}
	}
	return d
}

// Finding 7: reading a reintegration plan that does not exist yet was not audited (the
// read's audit row went with the rolled-back transaction).
func TestReadingAMissingReintegrationPlanIsAudited(t *testing.T) {
	e := newEnv(t)
	caseID := e.newCase(caseFixture{phase: "intervention"})
	e.as("practitioner").do("GET", "/api/v1/cases/"+caseID+"/reintegration-plan", nil).problem(404)
	evs := auditEvents(t, e.as("auditor"), "action=reintegration_plan.read&object_id="+caseID)
	if len(evs) != 1 || evs[0]["actor_name"] != "practitioner" || evs[0]["object_type"] != "case" {
		t.Fatalf("want the read of the missing plan audited, got %v", evs)
	}
	if detailsOf(t, evs[0])["found"] != false {
		t.Errorf("details should say no plan was found: %v", evs[0]["details"])
	}
}

// Finding 7: submitting a plan of a case outside the caller's scope answered 404 and left no
// trace.
func TestOutOfScopePlanSubmitIsAuditedAsDenied(t *testing.T) {
	e := newEnv(t)
	caseID := e.newCase(caseFixture{phase: "assessment"})
	plan := map[string]any{"summary": "First plan", "goals": []map[string]any{{"need": "B1", "description": "Work through attitudes to violence"}}}
	v1 := e.as("practitioner").do("POST", "/api/v1/cases/"+caseID+"/plans", plan).want(201).json()
	e.as("practitioner2").do("POST", "/api/v1/plans/"+v1["id"].(string)+"/submit", nil).problem(404)
	evs := auditEvents(t, e.as("auditor"), "actor=practitioner2&outcome=denied&object_id="+caseID)
	if len(evs) != 1 || evs[0]["action"] != "case.access" || detailsOf(t, evs[0])["reason"] != "out_of_scope" {
		t.Fatalf("want the out-of-scope submit audited as a denied case access, got %v", evs)
	}
	if e.count("SELECT count(*) FROM approvals") != 0 {
		t.Error("the refused submit queued an approval")
	}
}

// Finding 7: a supervisor refused the approval of their own request left no audit event.
func TestRefusedSelfApprovalIsAudited(t *testing.T) {
	e := newEnv(t)
	sup := e.as("supervisor")
	k, _ := e.openCase(sup, nil)
	caseID := k.ID
	e.transition(sup, caseID, map[string]any{"to": "assessment"}).want(201)
	e.finalAssessment(caseID, "baseline", time.Now().UTC())
	e.approvedPlan(caseID)
	approval := e.approvalOf(e.transition(sup, caseID, map[string]any{"to": "intervention"}).want(202))
	sup.do("POST", "/api/v1/approvals/"+approval+"/approve", map[string]any{"comment": "fine by me"}).problem(403)
	// With an Idempotency-Key (the web app sends one) the refusal happens inside the
	// request's unit of work, which rolls back: the event must be written all the same.
	sup.do("POST", "/api/v1/approvals/"+approval+"/approve", map[string]any{"comment": "fine by me"}, "Idempotency-Key", "self-1").problem(403)
	evs := auditEvents(t, e.as("auditor"), "actor=supervisor&outcome=denied&object_id="+caseID)
	if len(evs) != 2 || evs[0]["action"] != "approval.approve" || evs[0]["object_type"] != "case" {
		t.Fatalf("want the refused self-approval audited, got %v", evs)
	}
	d := detailsOf(t, evs[0])
	if d["approval_id"] != approval || d["reason"] != "own_request" {
		t.Errorf("details: %v", d)
	}
}

// Finding 7: list endpoints did not record which cases they returned.
func TestListsRecordTheCasesTheyReturned(t *testing.T) {
	e := newEnv(t)
	prac := e.as("practitioner")
	ka, _ := e.openCase(prac, nil)
	kb, _ := e.openCase(prac, nil)
	a, b := ka.ID, kb.ID
	e.as("practitioner2").do("POST", "/api/v1/cases", e.intakeBody(e.world.Riverside, nil)).want(201)
	prac.do("GET", "/api/v1/cases", nil).want(200)
	auditor := e.as("auditor")
	evs := auditEvents(t, auditor, "action=case.list&actor=practitioner")
	if len(evs) != 1 {
		t.Fatalf("case.list events: %v", evs)
	}
	if got := auditedCaseIDs(detailsOf(t, evs[0])); !slices.Equal(got, sorted(a, b)) {
		t.Errorf("case.list names %v, want %v", got, sorted(a, b))
	}

	// The approvals queue names the cases of the requests it shows.
	sup := e.as("supervisor")
	e.transition(prac, a, map[string]any{"to": "assessment"}).want(201)
	e.finalAssessment(a, "baseline", time.Now().UTC())
	e.approvedPlan(a)
	e.transition(prac, a, map[string]any{"to": "intervention"}).want(202)
	sup.do("GET", "/api/v1/approvals", nil).want(200)
	evs = auditEvents(t, auditor, "action=approval.list&actor=supervisor")
	if len(evs) != 1 || !slices.Equal(auditedCaseIDs(detailsOf(t, evs[0])), []string{a}) {
		t.Errorf("approval.list: %v", evs)
	}
}

func auditedCaseIDs(d map[string]any) []string {
	var out []string
	list, _ := d["case_ids"].([]any)
	for _, x := range list {
		out = append(out, x.(string))
	}
	slices.Sort(out)
	return out
}

func sorted(ids ...string) []string {
	out := slices.Clone(ids)
	slices.Sort(out)
	return out
}
