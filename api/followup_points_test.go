package api_test

import (
	"slices"
	"testing"
	"time"

	"pathways/domain"
)

func pointsByMonths(c *client, caseID string) map[float64]map[string]any {
	out := map[float64]map[string]any{}
	for _, pt := range items(c.do("GET", "/api/v1/cases/"+caseID+"/follow-up-points", nil).want(200)) {
		out[pt["months"].(float64)] = pt
	}
	return out
}

func caseIDs(r *response) []string {
	var out []string
	for _, k := range items(r) {
		out = append(out, k["id"].(string))
	}
	return out
}

// The points of a release, due 3, 6, 12 and 24 months after it; a follow-up reaches one, a
// point is closed as not reached with a reason; overdue points show in the caseload filter
// and on the case.
func TestFollowUpPointsReachedAndNotReached(t *testing.T) {
	e := newEnv(t)
	pr := e.as("practitioner")
	released := time.Now().UTC().AddDate(0, -7, 0)
	id := e.newCase(caseFixture{phase: "reintegration", released: &released})
	other := e.newCase(caseFixture{phase: "intervention"})
	pts := pointsByMonths(pr, id)
	if len(pts) != 4 || pts[3]["state"] != "overdue" || pts[6]["state"] != "overdue" || pts[12]["state"] != "scheduled" ||
		pts[3]["due_on"] != domain.AddMonths(released, 3).Format(time.DateOnly) || pts[3]["anchor"] != "release" {
		t.Fatalf("points: %v", pts)
	}
	var k caseOut
	pr.do("GET", "/api/v1/cases/"+id, nil).want(200).decode(&k)
	if k.OverdueFollowUps != 2 {
		t.Errorf("overdue on the case: %d", k.OverdueFollowUps)
	}
	if got := caseIDs(pr.do("GET", "/api/v1/cases?follow_up_overdue=true", nil).want(200)); !slices.Equal(got, []string{id}) {
		t.Errorf("overdue filter: %v (other %s)", got, other)
	}
	// A follow-up against the 3-month point reaches it; a second one against it is refused.
	fu := map[string]any{"point_id": pts[3]["id"], "held_on": dateIn(-5), "housing": "stable", "work_education": "employed",
		"family_contact": "regular", "supervision_compliance": "compliant", "new_offence": "none"}
	got := pr.do("POST", "/api/v1/cases/"+id+"/follow-ups", fu).want(201).json()
	if got["point_id"] != pts[3]["id"] || got["release_id"] != pts[3]["release_id"] || got["months_since_release"] != float64(6) {
		t.Errorf("follow-up: %v", got)
	}
	pr.do("POST", "/api/v1/cases/"+id+"/follow-ups", fu).problem(409)
	// The 6-month point: the participant could not be reached.
	path := "/api/v1/cases/" + id + "/follow-up-points/" + pts[6]["id"].(string) + "/not-reached"
	nr := map[string]any{"reason": "lost_contact", "on": dateIn(-1)}
	pr.do("POST", path, nr).problem(428)
	if p := pr.do("POST", path, map[string]any{"reason": "forgot", "on": dateIn(-1)}, "If-Match", e.etag(pr, id)).problem(422); !slices.Contains(fieldErrors(p), "reason") {
		t.Errorf("bad reason: %v", p)
	}
	if p := pr.do("POST", path, map[string]any{"reason": "refused", "on": dateIn(1)}, "If-Match", e.etag(pr, id)).problem(422); !slices.Contains(fieldErrors(p), "on") {
		t.Errorf("in the future: %v", p)
	}
	closed := pr.do("POST", path, nr, "If-Match", e.etag(pr, id)).want(200).json()
	if closed["state"] != "not_reached" || closed["not_reached_reason"] != "lost_contact" || closed["closed_by"] != "practitioner" {
		t.Errorf("closed: %v", closed)
	}
	pr.do("POST", path, nr, "If-Match", e.etag(pr, id)).problem(409)
	if got := caseIDs(pr.do("GET", "/api/v1/cases?follow_up_overdue=true", nil).want(200)); len(got) != 0 {
		t.Errorf("still overdue: %v", got)
	}
	// An unscheduled follow-up (an arrest reported between points) reaches no point.
	un := pr.do("POST", "/api/v1/cases/"+id+"/follow-ups", map[string]any{"held_on": dateIn(0), "housing": "stable", "work_education": "employed",
		"family_contact": "regular", "supervision_compliance": "major_breach", "new_offence": "arrest", "offence_category": "02"}).want(201).json()
	if un["point_id"] != nil || un["release_id"] != pts[3]["release_id"] {
		t.Errorf("unscheduled: %v", un)
	}
	// Another caseload: 404 for the list and the closure.
	pr2 := e.as("practitioner2")
	pr2.do("GET", "/api/v1/cases/"+id+"/follow-up-points", nil).problem(404)
	pr2.do("POST", "/api/v1/cases/"+id+"/follow-up-points/"+pts[12]["id"].(string)+"/not-reached", nr, "If-Match", `"1"`).problem(404)
	if e.auditCount("follow_up_point.close", id) != 1 || e.auditCount("follow_up_point.list", id) < 1 {
		t.Error("point reads and writes not audited")
	}
}

// A closed case takes follow-ups until three months after its last point, by staff whose
// scope covers it; after that, recording stops.
func TestFollowUpsAfterClosure(t *testing.T) {
	e := newEnv(t)
	pr := e.as("practitioner")
	fu := map[string]any{"held_on": dateIn(0), "housing": "stable", "work_education": "employed",
		"family_contact": "regular", "supervision_compliance": "not_applicable", "new_offence": "none"}
	within := time.Now().UTC().AddDate(0, -25, 0) // the 24-month point was due a month ago
	open := e.newCase(caseFixture{phase: "closed", released: &within})
	pts := pointsByMonths(pr, open)
	if pts[24]["state"] != "overdue" {
		t.Fatalf("24-month point of a closed case: %v", pts[24])
	}
	fu["point_id"] = pts[24]["id"]
	if got := pr.do("POST", "/api/v1/cases/"+open+"/follow-ups", fu).want(201).json(); got["months_since_release"] != float64(25) {
		t.Errorf("after closure: %v", got)
	}
	e.as("supervisor").do("POST", "/api/v1/cases/"+open+"/follow-up-points/"+pts[12]["id"].(string)+"/not-reached",
		map[string]any{"reason": "moved_abroad", "on": dateIn(0)}, "If-Match", e.etag(pr, open)).want(200)
	past := time.Now().UTC().AddDate(0, -28, 0) // three months and more after the last point
	ended := e.newCase(caseFixture{phase: "closed", released: &past})
	pts = pointsByMonths(pr, ended)
	if pts[24]["state"] != "lapsed" {
		t.Fatalf("after the window: %v", pts[24])
	}
	delete(fu, "point_id")
	pr.do("POST", "/api/v1/cases/"+ended+"/follow-ups", fu).problem(409)
	if got := caseIDs(pr.do("GET", "/api/v1/cases?follow_up_overdue=true", nil).want(200)); !slices.Equal(got, []string{open}) {
		t.Errorf("overdue filter with closed cases: %v (want only %s)", got, open)
	}
}

// A community case is followed up from the end of its intervention: closing from
// intervention as completed, withdrawn or other lays out the points; a death closes every
// open point.
func TestCommunityScheduleAndDeath(t *testing.T) {
	e := newEnv(t)
	pr, sup := e.as("practitioner"), e.as("supervisor")
	com := e.newCase(caseFixture{phase: "intervention"})
	e.exec("UPDATE cases SET track = 'non_custodial' WHERE id = $1", com)
	fu := map[string]any{"held_on": dateIn(0), "housing": "stable", "work_education": "employed",
		"family_contact": "regular", "supervision_compliance": "not_applicable", "new_offence": "none"}
	if p := pr.do("POST", "/api/v1/cases/"+com+"/follow-ups", fu).problem(422); !slices.Contains(fieldErrors(p), "held_on") {
		t.Errorf("during the intervention: %v", p)
	}
	approval := e.approvalOf(e.transition(pr, com, map[string]any{"to": "closed", "closure_reason": "withdrawn", "reason": "Left the programme"}).want(202))
	sup.do("POST", "/api/v1/approvals/"+approval+"/approve", map[string]any{}).want(200)
	pts := pointsByMonths(pr, com)
	if len(pts) != 4 || pts[3]["anchor"] != "intervention_end" || pts[3]["anchor_on"] != dateIn(0) || pts[3]["release_id"] != nil {
		t.Fatalf("community points: %v", pts)
	}
	if got := pr.do("POST", "/api/v1/cases/"+com+"/follow-ups", fu).want(201).json(); got["months_since_release"] != float64(0) || got["release_id"] != nil {
		t.Errorf("community follow-up: %v", got)
	}
	// A transfer out ends the follow-up with the case: no points.
	gone := e.newCase(caseFixture{phase: "intervention"})
	e.exec("UPDATE cases SET track = 'non_custodial' WHERE id = $1", gone)
	approval = e.approvalOf(e.transition(pr, gone, map[string]any{"to": "closed", "closure_reason": "transferred_out", "reason": "Moved to another region"}).want(202))
	sup.do("POST", "/api/v1/approvals/"+approval+"/approve", map[string]any{}).want(200)
	if n := len(pointsByMonths(pr, gone)); n != 0 {
		t.Errorf("transferred out: %d points", n)
	}
	// A death closes every open point.
	released := time.Now().UTC().AddDate(0, -1, 0)
	dead := e.newCase(caseFixture{phase: "reintegration", released: &released})
	approval = e.approvalOf(e.transition(pr, dead, map[string]any{"to": "closed", "closure_reason": "deceased", "reason": "Died in hospital"}).want(202))
	sup.do("POST", "/api/v1/approvals/"+approval+"/approve", map[string]any{}).want(200)
	for m, pt := range pointsByMonths(pr, dead) {
		if pt["not_reached_reason"] != "deceased" {
			t.Errorf("%v-month point after death: %v", m, pt)
		}
	}
}

// A programme names its own follow-up points.
func TestProgrammeFollowUpMonths(t *testing.T) {
	e := newEnv(t)
	admin := e.as("admin")
	for _, bad := range [][]int{{6, 3}, {0}, {3, 3}, {200}} {
		admin.do("POST", "/api/v1/programmes", map[string]any{"country": "XA", "name": "Bad " + fmtAny(bad), "follow_up_months": bad}).problem(422)
	}
	g := admin.do("POST", "/api/v1/programmes", map[string]any{"country": "XA", "name": "Short aftercare", "follow_up_months": []int{1, 12, 36}}).want(201).json()
	if fmtAny(g["follow_up_months"]) != "[1 12 36]" {
		t.Fatalf("programme: %v", g)
	}
	if d := admin.do("POST", "/api/v1/programmes", map[string]any{"country": "XA", "name": "Default"}).want(201).json(); fmtAny(d["follow_up_months"]) != "[3 6 12 24]" {
		t.Errorf("default schedule: %v", d)
	}
	released := time.Now().UTC().AddDate(0, -2, 0)
	id := e.newCase(caseFixture{phase: "reintegration", released: &released, programme: g["id"].(string), facility: e.world.Northgate, country: "XA"})
	pts := pointsByMonths(e.as("practitioner"), id)
	if len(pts) != 3 || pts[1]["state"] != "overdue" || pts[36] == nil {
		t.Errorf("points of the programme's schedule: %v", pts)
	}
}
