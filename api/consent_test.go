package api_test

import (
	"slices"
	"testing"
)

// Consent is required on a voluntary basis only; its withdrawal closes a voluntary case
// (through a closure request a supervisor decides) and is recorded on a mandated one, which
// goes on.
func TestLegalBasisAndConsentWithdrawal(t *testing.T) {
	e := newEnv(t)
	pr, sup := e.as("practitioner"), e.as("supervisor")
	if p := pr.do("POST", "/api/v1/cases", e.intakeBody(e.world.Northgate, map[string]any{"consent_given": false, "consent_date": nil})).problem(422); !slices.Contains(fieldErrors(p), "consent_given") {
		t.Errorf("voluntary without consent: %v", p)
	}
	if p := pr.do("POST", "/api/v1/cases", e.intakeBody(e.world.Northgate, map[string]any{"legal_basis": "court_order", "consent_given": false})).problem(422); !slices.Contains(fieldErrors(p), "consent_date") {
		t.Errorf("a consent date without consent: %v", p)
	}
	mandated, _ := e.openCase(pr, map[string]any{"legal_basis": "licence_condition", "consent_given": false, "consent_date": nil})
	if mandated.LegalBasis != "licence_condition" || mandated.ConsentGiven {
		t.Fatalf("mandated intake: %+v", mandated)
	}
	// No consent on record: nothing to withdraw.
	w := map[string]any{"withdrawn_on": dateIn(0), "reason": "Said in session that they no longer agree"}
	pr.do("POST", "/api/v1/cases/"+mandated.ID+"/consent-withdrawal", w, "If-Match", e.etag(pr, mandated.ID)).problem(409)

	consenting, _ := e.openCase(pr, map[string]any{"legal_basis": "court_order"})
	path := "/api/v1/cases/" + consenting.ID + "/consent-withdrawal"
	pr.do("POST", path, w).problem(428)
	if p := pr.do("POST", path, map[string]any{"withdrawn_on": dateIn(1), "reason": "x"}, "If-Match", e.etag(pr, consenting.ID)).problem(422); !slices.Contains(fieldErrors(p), "withdrawn_on") {
		t.Errorf("in the future: %v", p)
	}
	got := pr.do("POST", path, w, "If-Match", e.etag(pr, consenting.ID)).want(201).json()
	k := got["case"].(map[string]any)
	if got["closure_request"] != nil || k["phase"] != "intake" || k["consent_given"] != false || k["consent_withdrawn_on"] != dateIn(0) {
		t.Fatalf("mandated withdrawal: %v", got)
	}
	pr.do("POST", path, w, "If-Match", e.etag(pr, consenting.ID)).problem(409) // once

	voluntary, _ := e.openCase(pr, nil)
	path = "/api/v1/cases/" + voluntary.ID + "/consent-withdrawal"
	got = pr.do("POST", path, w, "If-Match", e.etag(pr, voluntary.ID)).want(201).json()
	cr, _ := got["closure_request"].(map[string]any)
	if cr == nil || cr["status"] != "pending" || cr["to"] != "closed" || cr["closure_reason"] != "withdrawn" {
		t.Fatalf("voluntary withdrawal: %v", got)
	}
	pr.do("POST", "/api/v1/approvals/"+cr["approval_id"].(string)+"/approve", map[string]any{}).problem(403)
	sup.do("POST", "/api/v1/approvals/"+cr["approval_id"].(string)+"/approve", map[string]any{}).want(200)
	var closed caseOut
	pr.do("GET", "/api/v1/cases/"+voluntary.ID, nil).want(200).decode(&closed)
	if closed.Phase != "closed" || closed.ClosureReason == nil || *closed.ClosureReason != "withdrawn" {
		t.Fatalf("after the approval: %+v", closed)
	}
	// A voluntary withdrawal cannot wait beside another phase change.
	busy, _ := e.openCase(pr, nil)
	e.transition(pr, busy.ID, map[string]any{"to": "closed", "closure_reason": "other", "reason": "Programme ended"}).want(202)
	pr.do("POST", "/api/v1/cases/"+busy.ID+"/consent-withdrawal", w, "If-Match", e.etag(pr, busy.ID)).problem(409)
	e.as("practitioner2").do("POST", "/api/v1/cases/"+busy.ID+"/consent-withdrawal", w, "If-Match", `"1"`).problem(404)
	if e.auditCount("consent.withdraw", consenting.ID) != 1 || e.auditCount("consent.withdraw", voluntary.ID) != 1 {
		t.Error("withdrawals not audited")
	}
}
