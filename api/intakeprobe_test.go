package api_test

import (
	"fmt"
	"strings"
	"testing"
)

func withRef(e *env, ref string) map[string]any {
	return map[string]any{"participant": map[string]any{"birth_year": 1991, "gender": "male", "nationality": "XA", "external_ref": ref}}
}

// Finding 5: a practitioner at another facility sent an intake with a known prison number
// and got 409 naming the other facility's pseudonym, unaudited. Outside the caller's scope
// the answer now says only that a case exists elsewhere and that a supervisor can resolve
// it; every match is audited under an action auditors can filter on.
func TestExternalRefProbeAcrossFacilitiesRevealsNothingAndIsAudited(t *testing.T) {
	e := newEnv(t)
	pr := e.as("practitioner")
	k, _ := e.openCase(pr, withRef(e, "NG-4471"))

	pr2 := e.as("practitioner2") // Riverside, same country, not on the case's team
	r := pr2.do("POST", "/api/v1/cases", e.intakeBody(e.world.Riverside, withRef(e, "ng-4471 ")))
	p := r.problem(409)
	for _, secret := range []string{k.Pseudonym, k.ID, e.world.Northgate, "Northgate"} {
		if strings.Contains(string(r.body), secret) {
			t.Errorf("the out-of-scope answer names %q: %s", secret, r.body)
		}
	}
	if p["resolve_with"] != "supervisor" || !strings.Contains(fmt.Sprint(p["detail"]), "supervisor") {
		t.Errorf("the answer should say a supervisor can resolve it: %v", p)
	}
	if e.count("SELECT count(*) FROM cases") != 1 {
		t.Fatal("the duplicate intake wrote a case")
	}

	auditor := e.as("auditor")
	evs := auditEvents(t, auditor, "action=intake.duplicate")
	if len(evs) != 1 {
		t.Fatalf("want one intake.duplicate event, got %v", evs)
	}
	ev := evs[0]
	if ev["actor_name"] != "practitioner2" || ev["outcome"] != "denied" || ev["object_type"] != "case" || ev["object_id"] != k.ID ||
		detailsOf(t, ev)["in_scope"] != false {
		t.Errorf("the probe's audit event: %v", ev)
	}

	// Within the caller's caseload the answer names the case, and is audited too.
	p = pr.do("POST", "/api/v1/cases", e.intakeBody(e.world.Northgate, withRef(e, "NG-4471"))).problem(409)
	if p["pseudonym"] != k.Pseudonym {
		t.Errorf("in scope, the duplicate's pseudonym is named: %v", p)
	}
	if evs := auditEvents(t, auditor, "action=intake.duplicate&actor=practitioner"); len(evs) != 1 ||
		detailsOf(t, evs[0])["in_scope"] != true {
		t.Errorf("in-scope match: %v", evs)
	}
}

// Repeated probing is rate-limited per user and per day: once the limit of out-of-scope
// matches is reached, every intake carrying an external reference is refused (match or not,
// so the refusal itself reveals nothing), while intakes without one go on.
func TestRepeatedExternalRefProbesAreRateLimited(t *testing.T) {
	e := newEnv(t)
	pr := e.as("practitioner")
	for i := 0; i < 6; i++ {
		e.openCase(pr, withRef(e, fmt.Sprintf("NG-%d", i)))
	}
	pr2 := e.as("practitioner2")
	// Each probe carries an Idempotency-Key, as the web app's intakes do: the refusal's audit
	// event and count must commit although the request's unit of work is refused.
	n := 0
	probe := func(ref string) *response {
		n++
		return pr2.do("POST", "/api/v1/cases", e.intakeBody(e.world.Riverside, withRef(e, ref)), "Idempotency-Key", fmt.Sprintf("probe-%d", n))
	}
	limit := 0
	for ; limit < 6; limit++ {
		if r := probe(fmt.Sprintf("NG-%d", limit)); r.status != 409 {
			r.problem(429)
			break
		}
	}
	if limit == 0 || limit >= 6 {
		t.Fatalf("out-of-scope matches were not limited (got %d before a refusal)", limit)
	}
	// A reference that matches nothing is refused alike now.
	p := probe("NEW-0001").problem(429)
	if p["pseudonym"] != nil {
		t.Errorf("throttled answer: %v", p)
	}
	// An intake without a reference is not affected.
	pr2.do("POST", "/api/v1/cases", e.intakeBody(e.world.Riverside, nil)).want(201)
	// Auditors see the refusals.
	if evs := auditEvents(t, e.as("auditor"), "action=intake.duplicate&actor=practitioner2&outcome=denied"); len(evs) < limit+1 {
		t.Errorf("want the %d matches and the throttled attempts audited, got %d events", limit, len(evs))
	}
}
