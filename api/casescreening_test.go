package api_test

import (
	"encoding/json"
	"slices"
	"strings"
	"testing"
)

// A transition's reason and a decision's comment are kept forever, so they pass the same
// identifier screen as every other free text: refused unless acknowledged, and the
// acknowledgement audited (kinds only).
func TestTransitionReasonAndDecisionCommentScreened(t *testing.T) {
	e := newEnv(t)
	pr, sup := e.as("practitioner"), e.as("supervisor")
	k, _ := e.openCase(pr, nil)
	flagged := "Withdrew after Mr Haddad called on +44 20 7946 0958"

	body := map[string]any{"to": "closed", "closure_reason": "withdrawn", "reason": flagged}
	p := e.transition(pr, k.ID, body).problem(422)
	if f := fieldErrors(p); !slices.Equal(f, []string{"reason"}) || !strings.Contains(string(mustJSON(t, p)), "identifier_suspected") {
		t.Fatalf("fields %v: %v", f, p)
	}
	if !strings.Contains(string(mustJSON(t, p)), `"text":"Mr Haddad"`) || !strings.Contains(string(mustJSON(t, p)), `"text":"+44 20 7946 0958"`) {
		t.Errorf("the problem does not quote what was found: %v", p)
	}
	if e.count("SELECT count(*) FROM phase_changes") != 0 || e.count("SELECT count(*) FROM approvals") != 0 {
		t.Fatal("a refused request was written")
	}
	body["acknowledge_identifiers"] = true
	approval := e.approvalOf(e.transition(pr, k.ID, body).want(202))
	if n := e.count(`SELECT count(*) FROM audit_events WHERE action = 'identifiers.acknowledged' AND object_id = $1
		AND details::jsonb->>'record' = 'phase_change'`, k.ID); n != 1 {
		t.Errorf("%d acknowledgements of the reason audited", n)
	}

	// The supervisor's comment: on rejecting and on approving.
	comment := "Spoke to Dr Haddad, reachable at haddad@example.org"
	for _, verb := range []string{"reject", "approve"} {
		p = sup.do("POST", "/api/v1/approvals/"+approval+"/"+verb, map[string]any{"comment": comment}).problem(422)
		if f := fieldErrors(p); !slices.Equal(f, []string{"comment"}) {
			t.Fatalf("%s: fields %v", verb, f)
		}
	}
	if e.count("SELECT count(*) FROM approvals WHERE status = 'pending'") != 1 || e.phaseOf(pr, k.ID) != "intake" {
		t.Fatal("a refused decision was applied")
	}
	a := sup.do("POST", "/api/v1/approvals/"+approval+"/reject", map[string]any{"comment": comment, "acknowledge_identifiers": true}).want(200).json()
	if a["status"] != "rejected" {
		t.Fatalf("decision: %v", a)
	}
	if n := e.count(`SELECT count(*) FROM audit_events WHERE action = 'identifiers.acknowledged' AND object_id = $1
		AND details::jsonb->>'record' = 'approval' AND details::jsonb->>'record_id' = $2`, k.ID, approval); n != 1 {
		t.Errorf("%d acknowledgements of the comment audited", n)
	}
	// A clean text needs no acknowledgement.
	e.transition(pr, k.ID, map[string]any{"to": "assessment", "reason": "Consent recorded, ready for assessment"}).want(201)
}

func mustJSON(t *testing.T, v any) []byte {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// Attack finding F4: two free texts bypassed the identifier screen, a plan goal's need and
// the reintegration plan's supervising agency (stored with a name, an address and a phone
// number). Every free text of a case record is screened: refused unless acknowledged.
func TestPlanNeedAndSupervisingAgencyScreened(t *testing.T) {
	e := newEnv(t)
	caseID := e.newCase(caseFixture{phase: "intervention"})
	prac := e.as("practitioner")
	txt := "Mr John Smith, 12 High Street, tel 07700 900123"

	p := prac.do("POST", "/api/v1/cases/"+caseID+"/plans", map[string]any{"summary": "housing first",
		"goals": []map[string]any{{"need": txt, "description": "find housing"}}}).problem(422)
	if f := fieldErrors(p); !slices.Equal(f, []string{"goals[0].need"}) || !strings.Contains(string(mustJSON(t, p)), "identifier_suspected") {
		t.Errorf("plan need: fields %v: %v", f, p)
	}
	path := "/api/v1/cases/" + caseID + "/reintegration-plan"
	p = prac.do("PUT", path, map[string]any{"supervising_agency": txt,
		"items": []map[string]any{{"area": "housing", "status": "not_started", "description": "hostel"}}}).problem(422)
	if f := fieldErrors(p); !slices.Equal(f, []string{"supervising_agency"}) {
		t.Errorf("supervising agency: fields %v: %v", f, p)
	}
	if e.count("SELECT count(*) FROM plans WHERE case_id = $1", caseID) != 0 || e.count("SELECT count(*) FROM reintegration_plans WHERE case_id = $1", caseID) != 0 {
		t.Fatal("a refused text was stored")
	}
	// Acknowledged, they are kept, and the acknowledgement is audited with the kinds found.
	prac.do("POST", "/api/v1/cases/"+caseID+"/plans", map[string]any{"goals": []map[string]any{{"need": txt, "description": "find housing"}},
		"acknowledge_identifiers": true}).want(201)
	if n := e.count(`SELECT count(*) FROM audit_events WHERE action = 'identifiers.acknowledged' AND object_id = $1
		AND details::jsonb->>'record' = 'plan'`, caseID); n != 1 {
		t.Errorf("%d acknowledgements of the plan audited", n)
	}
}
