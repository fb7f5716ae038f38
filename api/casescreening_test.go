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
