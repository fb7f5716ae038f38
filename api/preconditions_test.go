package api_test

import (
	"fmt"
	"testing"
)

// Finding 7: PUT …/assessments/{aid} ignored If-Match, and a stale edit erased an assessor's
// overall judgement. A draft now has its own version, sent as its ETag; replacing it needs
// If-Match (428 without, 412 when stale).
func TestAssessmentUpdateNeedsACurrentIfMatch(t *testing.T) {
	e := newEnv(t)
	caseID := e.newCase(caseFixture{phase: "assessment"})
	prac, sup := e.as("practitioner"), e.as("supervisor")
	base := "/api/v1/cases/" + caseID + "/assessments"
	draft := map[string]any{"instrument_code": "pathways-open", "occasion": "baseline", "assessed_on": daysAgo(3),
		"ratings": fullRatings("M3"), "rationale": "Baseline after four interviews"}
	r := prac.do("POST", base, draft).want(201)
	created := r.json()
	etag := r.header.Get("ETag")
	if etag == "" {
		t.Fatal("a new assessment has no ETag")
	}
	aid := created["id"].(string)

	// The supervisor reads the draft (the list carries each assessment's version).
	items := sup.do("GET", base, nil).want(200).json()["items"].([]any)
	seen := items[0].(map[string]any)
	if seen["version"] == nil {
		t.Fatalf("listed assessment has no version: %v", seen)
	}

	// The assessor adds an overall judgement, with the ETag they hold.
	judged := map[string]any{}
	for k, v := range draft {
		judged[k] = v
	}
	judged["overall"] = "high"
	r = prac.do("PUT", base+"/"+aid, judged, "If-Match", etag).want(200)
	if r.header.Get("ETag") == "" || r.header.Get("ETag") == etag {
		t.Errorf("the revision's ETag: %q (was %q)", r.header.Get("ETag"), etag)
	}

	// Without If-Match, and with the version read before the assessor's edit: refused.
	prac.do("PUT", base+"/"+aid, draft).problem(428)
	sup.do("PUT", base+"/"+aid, draft, "If-Match", etag).problem(412)
	sup.do("PUT", base+"/"+aid, draft, "If-Match", `"not-a-version"`).problem(412)

	got := sup.do("GET", base, nil).want(200).json()["items"].([]any)[0].(map[string]any)
	if got["overall"] != "high" {
		t.Errorf("the assessor's overall judgement was overwritten: %v", got["overall"])
	}
}

// Attack finding F8: submitting a reintegration plan ignored If-Match, even a stale one: a
// practitioner who had read version 1 submitted version 2, written by someone else, unseen.
// Acting on a record's current content (submitting a reintegration plan, finalising an
// assessment) now names the version acted on: 428 without If-Match, 412 when it is stale,
// and nothing changes.
func TestSubmitAndFinaliseNeedACurrentIfMatch(t *testing.T) {
	e := newEnv(t)
	caseID := e.newCase(caseFixture{phase: "intervention"})
	e.exec(`INSERT INTO memberships (user_id, role, scope_kind, country, facility_id) VALUES ($1, 'practitioner', 'facility', 'XA', $2)`,
		e.world.Users["practitioner2"].ID, e.world.Northgate)
	e.exec(`INSERT INTO case_team (case_id, user_id, discipline) VALUES ($1, $2, 'psychologist')`, caseID, e.world.Users["practitioner2"].ID)
	prac, other := e.as("practitioner"), e.as("practitioner2")
	path := "/api/v1/cases/" + caseID + "/reintegration-plan"
	plan := func(status, desc string) map[string]any {
		return map[string]any{"supervising_agency": "Probation", "items": []map[string]any{{"area": "housing", "status": status, "description": desc}}}
	}
	v1 := prac.do("PUT", path, plan("in_progress", "hostel place requested")).want(201).header.Get("ETag")
	v2 := other.do("PUT", path, plan("in_place", "changed after the practitioner read version 1"), "If-Match", v1).want(200).header.Get("ETag")

	prac.do("POST", path+"/submit", nil, "If-Match", v1).problem(412)
	prac.do("POST", path+"/submit", nil).problem(428)
	if n := e.count("SELECT count(*) FROM reintegration_plans WHERE case_id = $1 AND status = 'draft'", caseID); n != 1 {
		t.Fatal("an unseen version was submitted")
	}
	if n := e.count("SELECT count(*) FROM approvals WHERE case_id = $1", caseID); n != 0 {
		t.Fatal("a refused submission left a request in the queue")
	}
	r := prac.do("POST", path+"/submit", nil, "If-Match", v2).want(200)
	if r.json()["status"] != "submitted" || r.header.Get("ETag") == v2 {
		t.Errorf("submitted: %s %s", r.header.Get("ETag"), r.body)
	}

	// An assessment draft is finalised only by someone who names the version they read.
	base := "/api/v1/cases/" + caseID + "/assessments"
	body := map[string]any{"instrument_code": "pathways-open", "occasion": "scheduled", "assessed_on": daysAgo(1), "ratings": fullRatings(), "overall": "low"}
	d := prac.do("POST", base, body).want(201)
	aid, first := d.json()["id"].(string), d.header.Get("ETag")
	body["overall"] = "high"
	prac.do("PUT", base+"/"+aid, body, "If-Match", first).want(200)
	prac.do("POST", base+"/"+aid+"/finalise", nil).problem(428)
	prac.do("POST", base+"/"+aid+"/finalise", nil, "If-Match", first).problem(412)
	if n := e.count("SELECT count(*) FROM assessments WHERE id = $1 AND status = 'draft'", aid); n != 1 {
		t.Fatal("a draft was finalised without naming its current version")
	}
	prac.do("POST", base+"/"+aid+"/finalise", nil, "If-Match", e.assessmentETag(prac, caseID, aid)).want(200)
}

// assessmentETag is an assessment's ETag as its reader holds it: its version in the list.
func (e *env) assessmentETag(c *client, caseID, aid string) string {
	e.t.Helper()
	for _, it := range c.do("GET", "/api/v1/cases/"+caseID+"/assessments", nil).want(200).json()["items"].([]any) {
		if a := it.(map[string]any); a["id"] == aid {
			return fmt.Sprintf(`"%v"`, a["version"])
		}
	}
	e.t.Fatalf("no assessment %s", aid)
	return ""
}
