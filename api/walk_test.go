package api_test

import (
	"fmt"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"
)

// walker carries one case through the API: every step is a real request by the person who
// would take it, and every write to the case sends the ETag it last saw.
type walker struct {
	e      *env
	t      *testing.T
	caseID string
}

func (w *walker) path(suffix string) string { return "/api/v1/cases/" + w.caseID + suffix }

// transition asks for a phase change and returns the answer.
func (w *walker) transition(c *client, body map[string]any) *response {
	w.t.Helper()
	return w.e.transition(c, w.caseID, body)
}

// pending finds, as a supervisor, the one pending approval of a kind on the walked case.
func (w *walker) pending(sup *client, kind string) map[string]any {
	w.t.Helper()
	var found []map[string]any
	for _, it := range sup.do("GET", "/api/v1/approvals?kind="+kind, nil).want(200).json()["items"].([]any) {
		if a := it.(map[string]any); a["case_id"] == w.caseID {
			found = append(found, a)
		}
	}
	if len(found) != 1 {
		w.t.Fatalf("want one pending %s approval on the case, got %v", kind, found)
	}
	return found[0]
}

func (w *walker) decide(sup *client, approvalID, verb, comment string) map[string]any {
	w.t.Helper()
	return sup.do("POST", "/api/v1/approvals/"+approvalID+"/"+verb, map[string]any{"comment": comment}).want(200).json()
}

// points lists the walked case's follow-up points.
func (w *walker) points(c *client) []map[string]any {
	w.t.Helper()
	var out []map[string]any
	for _, it := range c.do("GET", w.path("/follow-up-points"), nil).want(200).json()["items"].([]any) {
		out = append(out, it.(map[string]any))
	}
	return out
}

func fmtAny(v any) string { return fmt.Sprint(v) }

// patch changes the case with its current ETag.
func (w *walker) patch(c *client, body map[string]any) map[string]any {
	w.t.Helper()
	return c.do("PATCH", w.path(""), body, "If-Match", w.e.etag(c, w.caseID)).want(200).json()
}

// moveApproved asks for a phase change as requester and has approver approve it.
func (w *walker) moveApproved(requester, approver *client, to, reason string, extra ...string) {
	w.t.Helper()
	body := map[string]any{"to": to, "reason": reason}
	for i := 0; i+1 < len(extra); i += 2 {
		body[extra[i]] = extra[i+1]
	}
	approval := w.e.approvalOf(w.transition(requester, body).want(202))
	a := w.decide(approver, approval, "approve", "")
	if a["status"] != "approved" || a["to_phase"] != to {
		w.t.Fatalf("approving the move to %s: %v", to, a)
	}
	if got := w.e.phaseOf(requester, w.caseID); got != to {
		w.t.Fatalf("after approval the case is in %s, want %s", got, to)
	}
}

// TestCaseWalkIntakeToCompleted walks one custodial case from intake to "closed: completed"
// through the API only, as the people who would do each step: a rejected plan on the way, a
// supervisor refused the approval of their own request, and a recall from reintegration
// (the release kept with its recall, its later follow-up points closed, the reintegration
// plan retired) followed by a second release on a newly approved plan.
func TestCaseWalkIntakeToCompleted(t *testing.T) {
	e := newEnv(t)
	admin, prac := e.as("admin"), e.as("practitioner")
	sup, sup2, auditor := e.as("supervisor"), e.as("supervisor2"), e.as("auditor")
	today := time.Now().UTC().Format(time.DateOnly)

	// The administrator sets up a programme whose aftercare ends at release (0 months), so
	// that the walk can complete today with a release recorded today.
	prog := admin.do("POST", "/api/v1/programmes", map[string]any{"country": "XA", "name": "Walk programme", "aftercare_months": 0}).want(201).json()
	progID := prog["id"].(string)

	// Intake by the practitioner, retried once with the same Idempotency-Key: one case.
	intake := e.intakeBody(e.world.Northgate, map[string]any{"programme_id": progID})
	r := prac.do("POST", "/api/v1/cases", intake, "Idempotency-Key", "walk-intake").want(201)
	var k caseOut
	r.decode(&k)
	var again caseOut
	prac.do("POST", "/api/v1/cases", intake, "Idempotency-Key", "walk-intake").want(201).decode(&again)
	if again.ID != k.ID || e.count("SELECT count(*) FROM cases") != 1 {
		t.Fatalf("a retried intake made another case: %s vs %s", k.ID, again.ID)
	}
	w := &walker{e: e, t: t, caseID: k.ID}

	// The supervisor completes the team: a psychologist alongside the case manager.
	sup.do("PUT", w.path("/team"), map[string]any{"case_manager_id": e.world.Users["practitioner"].ID, "members": []map[string]any{
		{"user_id": e.world.Users["practitioner"].ID, "discipline": "case_manager"},
		{"user_id": e.world.Users["supervisor2"].ID, "discipline": "psychologist"},
	}}, "If-Match", e.etag(sup, k.ID)).want(200)

	// Intake → assessment needs no approval.
	if pc := w.transition(prac, map[string]any{"to": "assessment"}).want(201).json(); pc["status"] != "applied" {
		t.Fatalf("intake → assessment: %v", pc)
	}

	// Baseline assessment with the open instrument: every item rated or explicitly not rated,
	// the overall judgement entered; then finalised.
	a := prac.do("POST", w.path("/assessments"), map[string]any{"instrument_code": "pathways-open", "instrument_version": "1",
		"occasion": "baseline", "assessed_on": today, "ratings": fullRatings(), "overall": "moderate",
		"rationale": "Baseline after four interviews"}).want(201).json()
	if a["status"] != "draft" {
		t.Fatalf("assessment: %v", a)
	}
	if f := prac.do("POST", w.path("/assessments/"+a["id"].(string)+"/finalise"), nil, "If-Match", `"1"`).want(200).json(); f["status"] != "final" {
		t.Fatalf("finalised: %v", f)
	}

	// Individual plan, version 1: submitted, and rejected by the supervisor with a comment.
	goals := []map[string]any{
		{"need": "B1", "description": "Work through the justifications of violence", "interventions": []string{"cognitive_skills", "religious_dialogue"},
			"responsible_id": e.world.Users["practitioner"].ID, "target_date": time.Now().AddDate(0, 6, 0).Format(time.DateOnly)},
		{"need": "N2", "description": "Rebuild family contact", "interventions": []string{"family_engagement"}},
	}
	p1 := prac.do("POST", w.path("/plans"), map[string]any{"summary": "First plan", "goals": goals[:1]}).want(201).json()
	prac.do("POST", "/api/v1/plans/"+p1["id"].(string)+"/submit", nil).want(200)
	ap := w.pending(sup, "plan")
	if ap["subject_id"] != p1["id"] || ap["requested_by"] != "practitioner" || ap["pseudonym"] != k.Pseudonym {
		t.Fatalf("plan in the queue: %v", ap)
	}
	sup.do("POST", "/api/v1/approvals/"+ap["id"].(string)+"/reject", map[string]any{}).problem(422) // a rejection says why
	if d := w.decide(sup, ap["id"].(string), "reject", "Add a goal on family contact"); d["status"] != "rejected" || d["comment"] != "Add a goal on family contact" {
		t.Fatalf("rejection: %v", d)
	}
	// Too early for intervention: the plan is not approved.
	if p := w.transition(prac, map[string]any{"to": "intervention"}).problem(422); !slices.Contains(fieldErrors(p), "plan") {
		t.Fatalf("guard: %v", fieldErrors(p))
	}

	// Version 2 answers the comment; the supervisor approves it.
	p2 := prac.do("POST", w.path("/plans"), map[string]any{"summary": "Second plan, with family work", "goals": goals}).want(201).json()
	if p2["version"] != float64(2) {
		t.Fatalf("new plan version: %v", p2["version"])
	}
	prac.do("POST", "/api/v1/plans/"+p2["id"].(string)+"/submit", nil).want(200)
	w.decide(sup, w.pending(sup, "plan")["id"].(string), "approve", "Good")
	plans := prac.do("GET", w.path("/plans"), nil).want(200).json()["items"].([]any)
	statuses := map[float64]string{}
	for _, p := range plans {
		statuses[p.(map[string]any)["version"].(float64)] = p.(map[string]any)["status"].(string)
	}
	if statuses[1] != "rejected" || statuses[2] != "approved" {
		t.Fatalf("plan versions: %v", statuses)
	}

	// Assessment → intervention: asked for by the practitioner with the ETag, approved by a
	// supervisor.
	prac.do("POST", w.path("/transitions"), map[string]any{"to": "intervention"}).problem(428)
	w.moveApproved(prac, sup2, "intervention", "")

	// Sessions: two individual ones, and a group session with another of the practitioner's cases.
	for _, typ := range []string{"cognitive_skills", "psychological_support"} {
		prac.do("POST", w.path("/sessions"), map[string]any{"intervention_type": typ, "held_on": today, "minutes": 60,
			"format": "individual", "attendance": "attended", "engagement": 4, "notes": "Worked on the plan's first goal"}).want(201)
	}
	other, _ := e.openCase(prac, map[string]any{"programme_id": progID})
	g := prac.do("POST", "/api/v1/sessions", map[string]any{"intervention_type": "arts_sport", "held_on": today, "minutes": 90, "format": "group",
		"participants": []map[string]any{{"case_id": k.ID, "attendance": "attended", "engagement": 5}, {"case_id": other.ID, "attendance": "late", "engagement": 3}},
	}).want(201).json()
	if n := len(g["participants"].([]any)); n != 2 {
		t.Fatalf("group session participants: %d", n)
	}

	// A milestone claimed by the practitioner and verified by the supervisor through the queue.
	m := prac.do("POST", w.path("/milestones"), map[string]any{"definition_code": "violence_rejected", "achieved_on": today,
		"evidence": "States and shows rejection of violence across sessions"}).want(201).json()
	if m["status"] != "claimed" || m["approval_id"] == nil {
		t.Fatalf("claim: %v", m)
	}
	if q := w.pending(sup, "milestone"); q["id"] != m["approval_id"] {
		t.Fatalf("milestone in the queue: %v", q)
	}
	w.decide(sup, m["approval_id"].(string), "approve", "Seen in supervision")
	ms := prac.do("GET", w.path("/milestones"), nil).want(200).json()["items"].([]any)
	if len(ms) != 1 || ms[0].(map[string]any)["status"] != "verified" {
		t.Fatalf("milestones: %v", ms)
	}

	// Release planning: the expected date, then intervention → pre_release.
	release1 := time.Now().AddDate(0, 2, 0).Format(time.DateOnly)
	if c := w.patch(prac, map[string]any{"expected_release_date": release1}); c["expected_release_date"] != release1 {
		t.Fatalf("patch: %v", c)
	}
	w.moveApproved(prac, sup, "pre_release", "Release in two months")

	// The reintegration plan: created, revised under its own ETag, submitted, approved.
	items := []map[string]any{{"area": "housing", "status": "in_progress", "description": "Hostel place requested"},
		{"area": "supervision", "status": "in_place", "description": "Probation reporting weekly"}}
	rp := prac.do("PUT", w.path("/reintegration-plan"), map[string]any{"planned_release": release1, "release_type": "parole",
		"supervising_agency": "Probation service", "items": items}).want(201)
	items = append(items, map[string]any{"area": "family", "status": "in_place", "description": "Weekly family visits agreed"})
	prac.do("PUT", w.path("/reintegration-plan"), map[string]any{"planned_release": release1, "release_type": "parole",
		"supervising_agency": "Probation service", "items": items}, "If-Match", `"99"`).problem(412)
	rp = prac.do("PUT", w.path("/reintegration-plan"), map[string]any{"planned_release": release1, "release_type": "parole",
		"supervising_agency": "Probation service", "items": items}, "If-Match", rp.header.Get("ETag")).want(200)
	prac.do("POST", w.path("/reintegration-plan/submit"), nil, "If-Match", rp.header.Get("ETag")).want(200)
	w.decide(sup, w.pending(sup, "reintegration_plan")["id"].(string), "approve", "")

	// Released (earlier than expected, today): the release is recorded, then pre_release →
	// reintegration lays out the programme's follow-up points from it.
	if p := w.transition(prac, map[string]any{"to": "reintegration"}).problem(422); !slices.Contains(fieldErrors(p), "actual_release_date") {
		t.Fatalf("guard: %v", fieldErrors(p))
	}
	prac.do("POST", w.path("/releases"), map[string]any{"released_on": today, "release_type": "parole"}).problem(428)
	rel := prac.do("POST", w.path("/releases"), map[string]any{"released_on": today, "release_type": "parole",
		"supervising_agency": "Probation service", "conditions": "Weekly reporting; no contact with the network"},
		"If-Match", e.etag(prac, k.ID)).want(201).json()
	if rel["number"] != float64(1) || rel["status"] != "recorded" {
		t.Fatalf("release: %v", rel)
	}
	w.moveApproved(prac, sup2, "reintegration", "Released on parole")
	pts := w.points(prac)
	if len(pts) != 4 || pts[0]["months"] != float64(3) || pts[3]["months"] != float64(24) || pts[0]["state"] != "scheduled" {
		t.Fatalf("follow-up points after release: %v", pts)
	}
	prac.do("POST", w.path("/follow-ups"), map[string]any{"point_id": pts[0]["id"], "held_on": today, "housing": "temporary", "work_education": "unemployed",
		"family_contact": "regular", "supervision_compliance": "major_breach", "new_offence": "none"}).want(201)

	// Recall after the breach: asked for by the supervisor, who may not approve it themself;
	// the second supervisor does. The release stays, with its recall.
	w.transition(sup, map[string]any{"to": "intervention", "reason": "Breach of parole conditions"}).problem(422) // says when and why
	recall := e.approvalOf(w.transition(sup, map[string]any{"to": "intervention", "reason": "Breach of parole conditions",
		"recall": map[string]any{"on": today, "reason": "breach_of_conditions"}}).want(202))
	sup.do("POST", "/api/v1/approvals/"+recall+"/approve", map[string]any{"comment": "mine"}).problem(403)
	w.decide(sup2, recall, "approve", "Recall confirmed")
	var back caseOut
	prac.do("GET", w.path(""), nil).want(200).decode(&back)
	if back.Phase != "intervention" || back.ActualReleaseDate == nil || *back.ActualReleaseDate != today || back.ExpectedReleaseDate != nil {
		t.Fatalf("after the recall: %+v", back)
	}
	rels := prac.do("GET", w.path("/releases"), nil).want(200).json()["items"].([]any)
	if r0 := rels[0].(map[string]any); len(rels) != 1 || r0["status"] != "recalled" || r0["recall"].(map[string]any)["reason"] != "breach_of_conditions" {
		t.Fatalf("releases after the recall: %v", rels)
	}
	states := map[string]int{}
	for _, p := range w.points(prac) {
		states[p["state"].(string)+":"+fmtAny(p["not_reached_reason"])]++
	}
	if states["reached:<nil>"] != 1 || states["not_reached:in_custody"] != 3 {
		t.Fatalf("points after the recall: %v", states)
	}
	if rp := prac.do("GET", w.path("/reintegration-plan"), nil).want(200).json(); rp["status"] != "retired" {
		t.Fatalf("the reintegration plan after the recall: %v", rp["status"])
	}

	// The second release: a new expected date, pre-release, and a new approval of the revised
	// plan before the release (the retired plan does not count).
	release2 := time.Now().AddDate(0, 1, 0).Format(time.DateOnly)
	w.patch(prac, map[string]any{"expected_release_date": release2})
	w.moveApproved(prac, sup, "pre_release", "Second release planned")
	prac.do("POST", w.path("/releases"), map[string]any{"released_on": today, "release_type": "conditional", "supervising_agency": "Probation service"},
		"If-Match", e.etag(prac, k.ID)).want(201)
	if p := w.transition(prac, map[string]any{"to": "reintegration"}).problem(422); !slices.Equal(fieldErrors(p), []string{"reintegration_plan"}) {
		t.Fatalf("guard with a retired plan: %v", fieldErrors(p))
	}
	cur := prac.do("GET", w.path("/reintegration-plan"), nil).want(200)
	cur = prac.do("PUT", w.path("/reintegration-plan"), map[string]any{"planned_release": release2, "release_type": "conditional",
		"supervising_agency": "Probation service", "items": items}, "If-Match", cur.header.Get("ETag")).want(200)
	prac.do("POST", w.path("/reintegration-plan/submit"), nil, "If-Match", cur.header.Get("ETag")).want(200)
	w.decide(sup2, w.pending(sup2, "reintegration_plan")["id"].(string), "approve", "")
	w.moveApproved(prac, sup, "reintegration", "Released on conditions")
	if rels := prac.do("GET", w.path("/releases"), nil).want(200).json()["items"].([]any); len(rels) != 2 ||
		rels[1].(map[string]any)["status"] != "released" || rels[0].(map[string]any)["status"] != "recalled" {
		t.Fatalf("two releases: %v", rels)
	}
	if n := len(w.points(prac)); n != 8 {
		t.Fatalf("points after the second release: %d, want 8", n)
	}
	prac.do("POST", w.path("/follow-ups"), map[string]any{"held_on": today, "housing": "stable", "work_education": "in_education",
		"family_contact": "regular", "supervision_compliance": "compliant", "new_offence": "none"}).want(201)

	// Closure as completed: the programme's aftercare (0 months) is over.
	w.moveApproved(prac, sup2, "closed", "", "closure_reason", "completed")
	var closed caseOut
	prac.do("GET", w.path(""), nil).want(200).decode(&closed)
	if closed.Phase != "closed" || closed.ClosureReason == nil || *closed.ClosureReason != "completed" {
		t.Fatalf("closed: %+v", closed)
	}

	// The timeline tells the whole story, newest first, with the practices each step evidences.
	var tl struct {
		Items []struct {
			ID        int64             `json:"id"`
			Kind      string            `json:"kind"`
			Summary   string            `json:"summary"`
			Params    map[string]string `json:"params"`
			Practices []string          `json:"practices"`
		} `json:"items"`
	}
	prac.do("GET", w.path("/timeline?limit=200"), nil).want(200).decode(&tl)
	// Each entry says what it says as data too (domain/timeline.go), so the browser writes it
	// in the reader's language; only lines that never vary have no params.
	fixed := map[string]bool{"reintegration_plan.created": true, "reintegration_plan.submitted": true, "reintegration_plan.approved": true,
		"reintegration_plan.retired": true}
	for _, ev := range tl.Items {
		if len(ev.Params) == 0 && !fixed[ev.Kind] {
			t.Errorf("%s entry %q has no params", ev.Kind, ev.Summary)
		}
	}
	if p := tl.Items[0].Params; p["from"] == "" || p["to"] != "closed" || p["closure_reason"] != "completed" || p["how"] != "approved" {
		t.Errorf("the closing entry's params: %v", p)
	}
	kinds := map[string]int{}
	evidenced := map[string]bool{}
	for i, ev := range tl.Items {
		if i > 0 && ev.ID >= tl.Items[i-1].ID {
			t.Fatalf("timeline not newest first at %d", i)
		}
		kinds[ev.Kind]++
		for _, p := range ev.Practices {
			evidenced[p] = true
		}
	}
	for kind, n := range map[string]int{"intake": 1, "team": 1, "phase.changed": 8, "transition.requested": 7,
		"assessment.created": 1, "assessment.finalised": 1, "plan.created": 2, "plan.submitted": 2, "plan.rejected": 1, "plan.approved": 1,
		"session": 3, "milestone.claimed": 1, "milestone.verified": 1, "case.updated": 2, "release": 2,
		"reintegration_plan.created": 1, "reintegration_plan.updated": 2, "reintegration_plan.submitted": 2, "reintegration_plan.approved": 2,
		"reintegration_plan.retired": 1, "follow_up_point.not_reached": 1, "follow_up": 2} {
		if kinds[kind] != n {
			t.Errorf("timeline has %d %q entries, want %d (all: %v)", kinds[kind], kind, n, kinds)
		}
	}
	// The recall's closed points are named by their months (trial 16, M20), not only counted.
	for _, ev := range tl.Items {
		if ev.Kind == "follow_up_point.not_reached" && (ev.Params["count"] == "" || len(strings.Split(ev.Params["months"], ",")) != atoi(t, ev.Params["count"])) {
			t.Errorf("points closed without their months: %v", ev.Params)
		}
	}
	if last := tl.Items[0]; last.Kind != "phase.changed" || !strings.Contains(last.Summary, "closed") {
		t.Errorf("newest entry: %+v", last)
	}
	for _, code := range []string{"GP3", "GP7", "GP8", "GP15", "GP20", "GP21"} {
		if !evidenced[code] {
			t.Errorf("no timeline entry evidences %s", code)
		}
	}

	// The case's practice evidence counts what the walk did.
	var pr struct {
		Items []struct {
			Code  string `json:"code"`
			Count int    `json:"count"`
		} `json:"items"`
	}
	prac.do("GET", w.path("/practices"), nil).want(200).decode(&pr)
	counts := map[string]int{}
	for _, it := range pr.Items {
		counts[it.Code] = it.Count
	}
	for _, code := range []string{"GP3", "GP7", "GP8", "GP11", "GP15", "GP20", "GP21"} {
		if counts[code] == 0 {
			t.Errorf("practice %s has no evidence: %v", code, counts)
		}
	}
	// Each activity counts once: the milestone (claimed, then verified) once for GP18; GP20
	// for the reintegration plan when made (not again when approved) and for each of the two
	// releases when the case entered reintegration (not again for the date recorded).
	if counts["GP18"] != 1 || counts["GP20"] != 3 {
		t.Errorf("GP18 counted %d times (want 1), GP20 %d (want 3)", counts["GP18"], counts["GP20"])
	}

	// The auditor sees every step on the case in the trail, and the trail is intact.
	var au struct {
		Items []struct {
			Action  string `json:"action"`
			Outcome string `json:"outcome"`
		} `json:"items"`
	}
	auditor.do("GET", "/api/v1/audit?object_type=case&object_id="+k.ID+"&limit=500", nil).want(200).decode(&au)
	actions, refused := map[string]int{}, map[string]int{}
	for _, ev := range au.Items {
		if ev.Outcome == "success" {
			actions[ev.Action]++
		} else {
			refused[ev.Action]++
		}
	}
	// The supervisor refused the approval of their own request is in the trail too.
	if refused["approval.approve"] != 1 {
		t.Errorf("refused decisions on the case: %v", refused)
	}
	for action, n := range map[string]int{"case.create": 1, "case.team": 1, "transition.request": 8, "assessment.create": 1,
		"assessment.finalise": 1, "plan.create": 2, "plan.submit": 2, "approval.reject": 1, "approval.approve": 11,
		"session.create": 3, "milestone.claim": 1, "case.update": 2, "release.create": 2, "reintegration_plan.update": 3, "reintegration_plan.submit": 2,
		"follow_up.create": 2} {
		if actions[action] != n {
			t.Errorf("audit has %d %q events on the case, want %d (all: %v)", actions[action], action, n, actions)
		}
	}
	if v := auditor.do("POST", "/api/v1/audit/verify", nil).want(200).json(); v["ok"] != true {
		t.Fatalf("audit verify: %v", v)
	}
}

func atoi(t *testing.T, s string) int {
	t.Helper()
	n, err := strconv.Atoi(s)
	if err != nil {
		t.Fatalf("%q: %v", s, err)
	}
	return n
}
