package api_test

import (
	"slices"
	"testing"
	"time"
)

// Editing an approved reintegration plan makes a revision, a draft, while the approved plan
// stays in force (and keeps satisfying the release guard) until the revision is approved; a
// rejected revision leaves it in force; a discarded one gives it back as the working copy.
func TestRevisingAnApprovedReintegrationPlanKeepsItInForce(t *testing.T) {
	e := newEnv(t)
	pr, sup := e.as("practitioner"), e.as("supervisor")
	caseID := e.newCase(caseFixture{phase: "pre_release"})
	base := "/api/v1/cases/" + caseID
	release := time.Now().AddDate(0, 3, 0).Format(time.DateOnly)
	approved := map[string]any{"planned_release": release, "release_type": "parole", "supervising_agency": "Probation service",
		"items": []map[string]any{{"area": "housing", "status": "in_progress", "description": "Hostel place requested"}}}
	revised := map[string]any{"planned_release": release, "release_type": "conditional", "supervising_agency": "Probation service",
		"items": []map[string]any{{"area": "housing", "status": "in_place", "description": "Hostel place confirmed"},
			{"area": "work_education", "status": "in_progress", "description": "Workshop place"}}}

	etag := pr.do("PUT", base+"/reintegration-plan", approved).want(201).header.Get("ETag")
	if got := pr.do("GET", base+"/reintegration-plan", nil).want(200).json(); got["in_force"] != nil {
		t.Fatalf("a first draft has no plan in force: %v", got["in_force"])
	}
	etag = pr.do("POST", base+"/reintegration-plan/submit", nil, "If-Match", etag).want(200).header.Get("ETag")
	e.decideAll(sup, "approve", "reintegration_plan", "")
	approvedPlan := pr.do("GET", base+"/reintegration-plan", nil).want(200)
	approvedVersion := approvedPlan.json()["version"]

	// The revision: a draft, with the approved plan in force beside it.
	rev := pr.do("PUT", base+"/reintegration-plan", revised, "If-Match", approvedPlan.header.Get("ETag")).want(200)
	got := rev.json()
	f, ok := got["in_force"].(map[string]any)
	if got["status"] != "draft" || !ok || f["version"] != approvedVersion || f["release_type"] != "parole" || len(got["items"].([]any)) != 2 {
		t.Fatalf("the revision: %v", got)
	}
	if its := f["items"].([]any); len(its) != 1 || its[0].(map[string]any)["description"] != "Hostel place requested" {
		t.Fatalf("the plan in force lost its items: %v", its)
	}
	// The release guard still sees an approved plan: only the missing release is named.
	if p := e.transition(pr, caseID, map[string]any{"to": "reintegration", "reason": "Released"}).problem(422); slices.Contains(fieldErrors(p), "reintegration_plan") {
		t.Fatalf("the revision took the plan in force away: %v", fieldErrors(p))
	}
	// A draft cannot be discarded under a stale ETag; a rejected revision leaves the plan in force.
	pr.do("POST", base+"/reintegration-plan/discard", nil, "If-Match", etag).problem(412)
	pr.do("POST", base+"/reintegration-plan/submit", nil, "If-Match", rev.header.Get("ETag")).want(200)
	pr.do("POST", base+"/reintegration-plan/discard", nil, "If-Match", `"`+fmtAny(got["version"].(float64)+1)+`"`).problem(409) // waiting for a decision
	e.decideAll(sup, "reject", "reintegration_plan", "Work item needs a start date")
	got = pr.do("GET", base+"/reintegration-plan", nil).want(200).json()
	if f, ok := got["in_force"].(map[string]any); got["status"] != "rejected" || !ok || f["version"] != approvedVersion {
		t.Fatalf("after the rejection: %v", got)
	}

	// Discarding the rejected revision gives the approved plan back, under a new version.
	cur := pr.do("GET", base+"/reintegration-plan", nil).want(200)
	back := pr.do("POST", base+"/reintegration-plan/discard", nil, "If-Match", cur.header.Get("ETag")).want(200)
	got = back.json()
	if got["status"] != "approved" || got["in_force"] != nil || got["release_type"] != "parole" || len(got["items"].([]any)) != 1 ||
		got["version"].(float64) <= cur.json()["version"].(float64) {
		t.Fatalf("after the discard: %v", got)
	}
	if n := e.auditCount("reintegration_plan.discard", caseID); n != 1 {
		t.Fatalf("discard audited %d times", n)
	}
	// Nothing kept in force: nothing to discard.
	pr.do("POST", base+"/reintegration-plan/discard", nil, "If-Match", back.header.Get("ETag")).problem(409)

	// A revision approved becomes the plan in force itself.
	rev = pr.do("PUT", base+"/reintegration-plan", revised, "If-Match", back.header.Get("ETag")).want(200)
	pr.do("POST", base+"/reintegration-plan/submit", nil, "If-Match", rev.header.Get("ETag")).want(200)
	e.decideAll(sup, "approve", "reintegration_plan", "")
	got = pr.do("GET", base+"/reintegration-plan", nil).want(200).json()
	if got["status"] != "approved" || got["in_force"] != nil || got["release_type"] != "conditional" || len(got["items"].([]any)) != 2 {
		t.Fatalf("after approving the revision: %v", got)
	}

	// Outside the caller's caseload the route answers 404, as every case route does.
	e.as("practitioner2").do("POST", base+"/reintegration-plan/discard", nil, "If-Match", `"1"`).problem(404)
}
