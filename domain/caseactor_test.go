package domain

import "testing"

// A role's powers reach as far as that role's scope, whatever else the person holds.
func TestSupervisorPowersFollowTheSupervisorScope(t *testing.T) {
	mixed := &Principal{UserID: "u1", Memberships: []Membership{
		{Role: RoleSupervisor, Scope: Scope{Kind: ScopeCountry, Country: "XB"}},
		{Role: RolePractitioner, Scope: Scope{Kind: ScopeFacility, Country: "XA", FacilityID: "north"}},
	}}
	if mixed.Supervises("XA", "north") || !mixed.Supervises("XB", "harbour") {
		t.Error("Supervises must follow the supervisor membership's scope only")
	}
	onXA := mixed.OnCase("XA", "north")
	if CheckTeamChange(onXA) == nil {
		t.Error("a practitioner on the team set the team because they supervise another country")
	}
	if ErrorCode(CheckAssessmentWork(Assessment{AssessorID: "u2"}, onXA)) != CodeForbidden {
		t.Error("another assessor's draft was open to a practitioner who supervises elsewhere")
	}
	if CheckAssessmentWork(Assessment{AssessorID: "u1"}, onXA) != nil {
		t.Error("the assessor was refused their own draft")
	}
	if CheckTeamChange(mixed.OnCase("XB", "harbour")) != nil || CheckAssessmentWork(Assessment{AssessorID: "u2"}, mixed.OnCase("XB", "harbour")) != nil {
		t.Error("a supervisor was refused on a case in their own scope")
	}
	if m, ok := mixed.CaseMembership("XA", "north"); !ok || m.Role != RolePractitioner {
		t.Errorf("case membership in XA: %v %v", m, ok)
	}
	if m, ok := mixed.CaseMembership("XB", "harbour"); !ok || m.Role != RoleSupervisor {
		t.Errorf("case membership in XB: %v %v", m, ok)
	}
	mixed.ActingRole = RoleSupervisor // the role the route allowed first
	if ev := NewCaseAuditEvent(mixed, "case.read", "c1", "XA", "north", OutcomeSuccess); ev.Role != "practitioner" || ev.Scope != "facility:north" {
		t.Errorf("audited as %s | %s", ev.Role, ev.Scope)
	}
}

// Four eyes: neither the requester nor anyone who wrote what is to be approved decides it.
func TestCheckDecider(t *testing.T) {
	f := DecisionFacts{Status: "pending", RequestedBy: "prac", Authors: []string{"sup1", "prac"}}
	for decider, want := range map[string]string{"prac": DecisionOwnRequest, "sup1": DecisionOwnWork, "sup2": ""} {
		reason, err := CheckDecider(f, decider)
		if reason != want || (want == "") != (err == nil) {
			t.Errorf("%s: %q %v, want %q", decider, reason, err, want)
		}
	}
	if _, err := CheckDecider(DecisionFacts{Status: "approved", RequestedBy: "prac"}, "sup2"); ErrorCode(err) != CodeConflict {
		t.Errorf("a decided request: %v", err)
	}
}
