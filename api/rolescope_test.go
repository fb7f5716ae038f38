package api_test

import (
	"context"
	"testing"

	"pathways/domain"
)

// mixedStaff adds a user who supervises Borealis (XB) and works as a practitioner at
// Northgate (XA), the supervisor membership first (so it is the first role any route finds),
// and puts them on the team of a Northgate case beside the demo practitioner.
func mixedStaff(e *env) (userID, caseID string) {
	e.t.Helper()
	userID = e.addUser("mixed", domain.RoleSupervisor, domain.Scope{Kind: domain.ScopeCountry, Country: "XB"})
	if _, err := e.db.AddMembership(context.Background(), domain.System("test"), domain.Membership{UserID: userID,
		Role: domain.RolePractitioner, Scope: domain.Scope{Kind: domain.ScopeFacility, FacilityID: e.world.Northgate}}); err != nil {
		e.t.Fatal(err)
	}
	caseID = e.newCase(caseFixture{phase: "intervention"})
	e.exec(`INSERT INTO case_team (case_id, user_id, discipline) VALUES ($1, $2, 'mentor')`, caseID, userID)
	return userID, caseID
}

// Attack finding F1: a supervisor role in one country gave supervisor powers on a case held
// only as a practitioner elsewhere. The user below supervises XB and is a practitioner on a
// Northgate (XA) case's team: they set the case's team (making themselves its manager) and
// rewrote and could finalise another assessor's draft. A role's powers apply only within
// that role's scope: here they are refused, audited as denied, and nothing changes.
func TestSupervisorPowersOnlyWhereTheSupervisorRoleReaches(t *testing.T) {
	e := newEnv(t)
	mixedID, caseID := mixedStaff(e)
	base := "/api/v1/cases/" + caseID
	prac, mixed := e.as("practitioner"), e.as("mixed")

	body := map[string]any{"instrument_code": "pathways-open", "occasion": "scheduled", "assessed_on": daysAgo(1),
		"ratings": fullRatings(), "overall": "low", "rationale": "drafted by the practitioner"}
	draft := prac.do("POST", base+"/assessments", body).want(201)
	aid, etag := draft.json()["id"].(string), draft.header.Get("ETag")

	// The team: the case is visible to them as a practitioner, but only a supervisor whose
	// scope covers the case may set its team.
	team := map[string]any{"case_manager_id": mixedID, "members": []map[string]any{{"user_id": mixedID, "discipline": "case_manager"}}}
	mixed.do("PUT", base+"/team", team, "If-Match", e.etag(mixed, caseID)).problem(403)
	if n := e.count("SELECT count(*) FROM case_team WHERE case_id = $1", caseID); n != 2 {
		t.Errorf("the refused team change left %d members, want the 2 it had", n)
	}
	if n := e.count("SELECT count(*) FROM cases WHERE id = $1 AND case_manager_id IS NOT DISTINCT FROM $2", caseID, mixedID); n != 0 {
		t.Error("the refused team change made them case manager")
	}

	// Another assessor's draft: neither rewritten nor finalised.
	rewrite := map[string]any{"instrument_code": "pathways-open", "occasion": "scheduled", "assessed_on": daysAgo(1),
		"ratings": fullRatings(), "overall": "high", "rationale": "rewritten by someone else"}
	mixed.do("PUT", base+"/assessments/"+aid, rewrite, "If-Match", etag).problem(403)
	mixed.do("POST", base+"/assessments/"+aid+"/finalise", nil, "If-Match", etag).problem(403)
	if n := e.count("SELECT count(*) FROM assessments WHERE id = $1 AND status = 'draft' AND rationale = 'drafted by the practitioner'", aid); n != 1 {
		t.Error("the draft was changed by someone who is neither its assessor nor a supervisor of the case")
	}
	for _, action := range []string{"case.team", "assessment.update", "assessment.finalise"} {
		if n := e.count(`SELECT count(*) FROM audit_events WHERE action = $1 AND object_id = $2 AND actor_name = 'mixed' AND outcome = 'denied'`,
			action, caseID); n != 1 {
			t.Errorf("%s: %d denied events, want 1", action, n)
		}
	}

	// What they may do there, they do as the practitioner they are there; the trail names
	// that role and the membership that reaches the case, not the Borealis supervision.
	mixed.do("GET", base, nil).want(200)
	var role, scope string
	if err := e.db.Pool().QueryRow(context.Background(), `SELECT role, scope FROM audit_events WHERE action = 'case.read'
		AND object_id = $1 AND actor_name = 'mixed' ORDER BY id DESC LIMIT 1`, caseID).Scan(&role, &scope); err != nil {
		t.Fatal(err)
	}
	if role != "practitioner" || scope != "facility:"+e.world.Northgate {
		t.Errorf("case read audited as %s | %s, want practitioner | facility:%s", role, scope, e.world.Northgate)
	}

	// A supervisor whose scope covers the case keeps every power.
	sup := e.as("supervisor")
	sup.do("PUT", base+"/assessments/"+aid, rewrite, "If-Match", etag).want(200)
	sup.do("PUT", base+"/team", team, "If-Match", e.etag(sup, caseID)).want(200)
	if n := e.count(`SELECT count(*) FROM audit_events WHERE action = 'case.team' AND object_id = $1 AND actor_name = 'supervisor'
		AND role = 'supervisor' AND scope = 'country:XA' AND outcome = 'success'`, caseID); n != 1 {
		t.Errorf("the XA supervisor's team change: %d events naming supervisor | country:XA", n)
	}
}
