package api_test

import (
	"context"
	"fmt"
	"testing"
)

// Issue 11: a draft assessment could not be discarded, so a "Save and finalise" that saved but
// could not finalise left a draft behind for good. POST …/assessments/{aid}/discard sets a
// draft aside: kept on the record, marked discarded, frozen, on the timeline and in the audit
// trail, left out of the list unless asked for. Only its assessor or a supervisor of the case
// may; a final assessment is never discarded.
func TestAssessmentDraftDiscard(t *testing.T) {
	e := newEnv(t)
	caseID := e.newCase(caseFixture{phase: "assessment"})
	prac, sup := e.as("practitioner"), e.as("supervisor")
	base := "/api/v1/cases/" + caseID + "/assessments"
	body := map[string]any{"instrument_code": "pathways-open", "occasion": "baseline", "assessed_on": daysAgo(2),
		"ratings": fullRatings("M3"), "rationale": "Begun after the first interview"}
	aid := prac.do("POST", base, body).want(201).json()["id"].(string)
	discard := base + "/" + aid + "/discard"

	// Out of scope: another facility's practitioner, another country's supervisor.
	for _, who := range []string{"practitioner2", "supervisorxb"} {
		e.as(who).do("POST", discard, nil, "If-Match", `"1"`).problem(404)
	}
	// Without If-Match, and with a version older than the draft's: refused.
	prac.do("PUT", base+"/"+aid, body, "If-Match", `"1"`).want(200)
	prac.do("POST", discard, nil).problem(428)
	prac.do("POST", discard, nil, "If-Match", `"1"`).problem(412)
	// Another member of the team may not discard the assessor's draft (audited).
	e.exec(`INSERT INTO memberships (user_id, role, scope_kind, country, facility_id) VALUES ($1, 'practitioner', 'facility', 'XA', $2)`,
		e.world.Users["practitioner2"].ID, e.world.Northgate)
	e.exec(`INSERT INTO case_team (case_id, user_id, discipline) VALUES ($1, $2, 'psychologist')`, caseID, e.world.Users["practitioner2"].ID)
	e.as("practitioner2").do("POST", discard, nil, "If-Match", `"2"`).problem(403)
	if n := e.count("SELECT count(*) FROM audit_events WHERE object_id = $1 AND action = 'assessment.discard' AND outcome = 'denied'", caseID); n != 1 {
		t.Fatalf("the refused discard is audited %d times", n)
	}
	if n := e.count("SELECT count(*) FROM assessments WHERE id = $1 AND status = 'draft' AND version = 2", aid); n != 1 {
		t.Fatal("a refused discard changed the draft")
	}

	// The assessor discards it: the record stays, marked.
	r := prac.do("POST", discard, nil, "If-Match", `"2"`).want(200)
	a := r.json()
	if a["status"] != "discarded" || a["discarded_at"] == nil || a["discarded_by"] != e.world.Users["practitioner"].ID || r.header.Get("ETag") != `"3"` {
		t.Fatalf("discarded: %s %v", r.header.Get("ETag"), a)
	}
	if n := e.count("SELECT count(*) FROM assessment_ratings WHERE assessment_id = $1", aid); n != 14 {
		t.Fatalf("the discarded draft kept %d of its 14 ratings", n)
	}
	// Left out of the list by default, listed on request.
	if items := prac.do("GET", base, nil).want(200).json()["items"].([]any); len(items) != 0 {
		t.Fatalf("a discarded draft is listed: %v", items)
	}
	items := sup.do("GET", base+"?include_discarded=true", nil).want(200).json()["items"].([]any)
	if len(items) != 1 || items[0].(map[string]any)["status"] != "discarded" {
		t.Fatalf("listed with include_discarded: %v", items)
	}
	prac.do("GET", base+"?include_discarded=maybe", nil).problem(400)
	// Never changed again: not discarded twice, not revised, not finalised, not behind the API's back.
	prac.do("POST", discard, nil, "If-Match", `"3"`).problem(409)
	prac.do("PUT", base+"/"+aid, body, "If-Match", `"3"`).problem(409)
	prac.do("POST", base+"/"+aid+"/finalise", nil, "If-Match", `"3"`).problem(409)
	if _, err := e.db.Pool().Exec(context.Background(), "UPDATE assessments SET status = 'draft' WHERE id = $1", aid); err == nil {
		t.Fatal("the database let a discarded assessment change")
	}
	if _, err := e.db.Pool().Exec(context.Background(), "DELETE FROM assessment_ratings WHERE assessment_id = $1", aid); err == nil {
		t.Fatal("the database let a discarded assessment's ratings go")
	}
	// On the timeline (evidencing nothing) and in the audit trail.
	if got := e.eventPractices(caseID, "assessment.discarded"); len(got) != 1 || len(got[0]) != 0 {
		t.Fatalf("assessment.discarded events: %v", got)
	}
	if n := e.count("SELECT count(*) FROM audit_events WHERE object_id = $1 AND action = 'assessment.discard' AND outcome = 'success'", caseID); n != 1 {
		t.Fatalf("discard audit events: %d", n)
	}

	// A supervisor of the case may discard a practitioner's draft; a final assessment is never discarded.
	body["ratings"], body["overall"] = fullRatings(), "low"
	left := prac.do("POST", base, body).want(201).json()["id"].(string)
	sup.do("POST", base+"/"+left+"/discard", nil, "If-Match", `"1"`).want(200)
	final := prac.do("POST", base, body).want(201).json()["id"].(string)
	f := prac.do("POST", base+"/"+final+"/finalise", nil, "If-Match", `"1"`).want(200).json()
	prac.do("POST", base+"/"+final+"/discard", nil, "If-Match", fmt.Sprintf(`"%v"`, f["version"])).problem(409)
	sup.do("POST", base+"/"+final+"/discard", nil, "If-Match", fmt.Sprintf(`"%v"`, f["version"])).problem(409)
	if items := prac.do("GET", base, nil).want(200).json()["items"].([]any); len(items) != 1 || items[0].(map[string]any)["status"] != "final" {
		t.Fatalf("after two discards and a finalisation: %v", items)
	}
	// An unknown assessment is a 404.
	prac.do("POST", base+"/00000000-0000-0000-0000-000000000000/discard", nil, "If-Match", `"1"`).problem(404)
}
