package api_test

import (
	"slices"
	"testing"
	"time"
)

type phaseChangeOut struct {
	ID         string  `json:"id"`
	From       string  `json:"from"`
	To         string  `json:"to"`
	Status     string  `json:"status"`
	ApprovalID *string `json:"approval_id"`
	CasePhase  string  `json:"case_phase"`
	DecidedBy  *string `json:"decided_by"`
}

// transition asks for a phase change with the case's current ETag.
func (e *env) transition(c *client, caseID string, body map[string]any) *response {
	e.t.Helper()
	return c.do("POST", "/api/v1/cases/"+caseID+"/transitions", body, "If-Match", e.etag(c, caseID))
}

func (e *env) approvalOf(r *response) string {
	e.t.Helper()
	var pc phaseChangeOut
	r.decode(&pc)
	if pc.ApprovalID == nil {
		e.t.Fatalf("no approval in %s", r.body)
	}
	return *pc.ApprovalID
}

func (e *env) phaseOf(c *client, caseID string) string {
	e.t.Helper()
	var k caseOut
	c.do("GET", "/api/v1/cases/"+caseID, nil).want(200).decode(&k)
	return k.Phase
}

func TestTransitionAppliedAtOnce(t *testing.T) {
	e := newEnv(t)
	pr := e.as("practitioner")
	k, etag := e.openCase(pr, nil)
	path := "/api/v1/cases/" + k.ID + "/transitions"
	pr.do("POST", path, map[string]any{"to": "assessment"}).problem(428)
	pr.do("POST", path, map[string]any{"to": "assessment"}, "If-Match", `"42"`).problem(412)
	r := pr.do("POST", path, map[string]any{"to": "assessment"}, "If-Match", etag).want(201)
	var pc phaseChangeOut
	r.decode(&pc)
	if pc.Status != "applied" || pc.CasePhase != "assessment" || pc.ApprovalID != nil {
		t.Errorf("got %+v", pc)
	}
	if r.header.Get("ETag") != e.etag(pr, k.ID) {
		t.Error("the answer's ETag is not the case's")
	}
	if e.phaseOf(pr, k.ID) != "assessment" {
		t.Error("phase not changed")
	}
	if e.auditCount("transition.request", k.ID) != 1 {
		t.Error("not audited")
	}
	hist := pr.do("GET", path, nil).want(200).json()
	if n := len(hist["items"].([]any)); n != 1 {
		t.Errorf("history has %d entries", n)
	}
}

func TestTransitionBadInput(t *testing.T) {
	e := newEnv(t)
	pr := e.as("practitioner")
	k, _ := e.openCase(pr, nil)
	path := "/api/v1/cases/" + k.ID + "/transitions"
	etag := e.etag(pr, k.ID)
	pr.do("POST", path, "{", "If-Match", etag).problem(400)
	pr.do("POST", path, "", "If-Match", etag).problem(400)
	for _, c := range []struct {
		body  map[string]any
		field string
	}{
		{map[string]any{}, "to"},
		{map[string]any{"to": "limbo"}, "to"},
		{map[string]any{"to": "intervention"}, "to"}, // skips assessment
		{map[string]any{"to": "intake"}, "to"},       // same phase
		{map[string]any{"to": "closed", "reason": "moved"}, "closure_reason"},
		{map[string]any{"to": "closed", "closure_reason": "bored", "reason": "x"}, "closure_reason"},
		{map[string]any{"to": "closed", "closure_reason": "withdrawn"}, "reason"},
		{map[string]any{"to": "assessment", "closure_reason": "withdrawn"}, "closure_reason"},
		{map[string]any{"to": "assessment", "extra": 1}, "extra"},
	} {
		p := pr.do("POST", path, c.body, "If-Match", etag).problem(422)
		if !slices.Contains(fieldErrors(p), c.field) {
			t.Errorf("%v: fields %v want %s", c.body, fieldErrors(p), c.field)
		}
	}
	if e.count("SELECT count(*) FROM phase_changes") != 0 || e.etag(pr, k.ID) != etag {
		t.Error("a refused transition wrote something")
	}
}

func TestTransitionGuardsAndFourEyes(t *testing.T) {
	e := newEnv(t)
	pr := e.as("practitioner")
	sup, sup2 := e.as("supervisor"), e.as("supervisor2")
	k, _ := e.openCase(pr, nil)
	e.transition(pr, k.ID, map[string]any{"to": "assessment"}).want(201)

	// Into intervention: needs a final baseline and an approved plan.
	p := e.transition(pr, k.ID, map[string]any{"to": "intervention"}).problem(422)
	if f := fieldErrors(p); !slices.Contains(f, "baseline_assessment") || !slices.Contains(f, "plan") {
		t.Errorf("guard problems %v", f)
	}
	e.finalAssessment(k.ID, "baseline", time.Now().UTC())
	p = e.transition(pr, k.ID, map[string]any{"to": "intervention"}).problem(422)
	if f := fieldErrors(p); !slices.Equal(f, []string{"plan"}) {
		t.Errorf("guard problems %v", f)
	}
	e.approvedPlan(k.ID)
	r := e.transition(sup, k.ID, map[string]any{"to": "intervention"}).want(202)
	approval := e.approvalOf(r)
	if e.phaseOf(pr, k.ID) != "assessment" {
		t.Fatal("a request changed the phase before approval")
	}
	// One pending change per case.
	e.transition(pr, k.ID, map[string]any{"to": "closed", "closure_reason": "withdrawn", "reason": "left"}).problem(409)

	// The queue shows it to supervisors in scope only.
	var q struct {
		Items []struct {
			ID          string  `json:"id"`
			Kind        string  `json:"kind"`
			Pseudonym   string  `json:"pseudonym"`
			RequestedBy string  `json:"requested_by"`
			ToPhase     *string `json:"to_phase"`
		} `json:"items"`
	}
	sup2.do("GET", "/api/v1/approvals", nil).want(200).decode(&q)
	if len(q.Items) != 1 || q.Items[0].ID != approval || q.Items[0].Pseudonym != k.Pseudonym || q.Items[0].RequestedBy != "supervisor" ||
		q.Items[0].ToPhase == nil || *q.Items[0].ToPhase != "intervention" {
		t.Errorf("queue %+v", q.Items)
	}
	sup2.do("GET", "/api/v1/approvals?kind=plan", nil).want(200).decode(&q)
	if len(q.Items) != 0 {
		t.Errorf("kind filter: %+v", q.Items)
	}
	sup2.do("GET", "/api/v1/approvals?kind=other", nil).problem(422)
	xb := e.as("supervisorxb")
	xb.do("GET", "/api/v1/approvals", nil).want(200).decode(&q)
	if len(q.Items) != 0 {
		t.Errorf("supervisorxb sees %+v", q.Items)
	}
	xb.do("POST", "/api/v1/approvals/"+approval+"/approve", map[string]any{}).problem(404)
	pr.do("POST", "/api/v1/approvals/"+approval+"/approve", map[string]any{}).problem(403)

	// Four eyes: the requester cannot approve their own request.
	p = sup.do("POST", "/api/v1/approvals/"+approval+"/approve", map[string]any{"comment": "fine"}).problem(403)
	if e.phaseOf(pr, k.ID) != "assessment" {
		t.Fatal("self-approval changed the phase")
	}
	// The guard is checked again when deciding: the plan was superseded meanwhile.
	e.exec("UPDATE plans SET status = 'superseded' WHERE case_id = $1", k.ID)
	p = sup2.do("POST", "/api/v1/approvals/"+approval+"/approve", nil).problem(422)
	if !slices.Contains(fieldErrors(p), "plan") {
		t.Errorf("re-check: %v", fieldErrors(p))
	}
	e.approvedPlan2(k.ID)
	var a struct {
		Status    string  `json:"status"`
		DecidedBy *string `json:"decided_by"`
	}
	sup2.do("POST", "/api/v1/approvals/"+approval+"/approve", nil).want(200).decode(&a)
	if a.Status != "approved" || a.DecidedBy == nil || *a.DecidedBy != "supervisor2" {
		t.Errorf("decision %+v", a)
	}
	if e.phaseOf(pr, k.ID) != "intervention" {
		t.Error("approval did not apply the phase")
	}
	sup2.do("POST", "/api/v1/approvals/"+approval+"/reject", map[string]any{"comment": "too late"}).problem(409)
	var hist struct {
		Items []phaseChangeOut `json:"items"`
	}
	pr.do("GET", "/api/v1/cases/"+k.ID+"/transitions", nil).want(200).decode(&hist)
	last := hist.Items[len(hist.Items)-1]
	if last.Status != "approved" || last.DecidedBy == nil || *last.DecidedBy != "supervisor2" {
		t.Errorf("history %+v", hist.Items)
	}
	if e.count("SELECT count(*) FROM audit_events WHERE action = 'approval.approve' AND object_id = $1 AND outcome = 'success'", k.ID) != 1 {
		t.Error("approval not audited")
	}

	// Into pre-release: expected release date and a current assessment.
	p = e.transition(pr, k.ID, map[string]any{"to": "pre_release"}).problem(422)
	if f := fieldErrors(p); !slices.Contains(f, "expected_release_date") || slices.Contains(f, "assessment") {
		t.Errorf("pre-release guard %v", f)
	}
	pr.do("PATCH", "/api/v1/cases/"+k.ID, map[string]any{"expected_release_date": "2031-01-01"}, "If-Match", e.etag(pr, k.ID)).want(200)
	old, _ := e.openCase(pr, nil)
	e.forcePhase(old.ID, "intervention")
	e.exec("UPDATE cases SET expected_release_date = '2031-01-01' WHERE id = $1", old.ID)
	e.finalAssessment(old.ID, "baseline", time.Now().UTC().AddDate(0, 0, -200)) // open instrument: 180-day interval
	p = e.transition(pr, old.ID, map[string]any{"to": "pre_release"}).problem(422)
	if f := fieldErrors(p); !slices.Equal(f, []string{"assessment"}) {
		t.Errorf("overdue review: %v", f)
	}
	approval = e.approvalOf(e.transition(pr, k.ID, map[string]any{"to": "pre_release"}).want(202))
	sup.do("POST", "/api/v1/approvals/"+approval+"/approve", nil).want(200)

	// Into reintegration: an approved reintegration plan and the actual release.
	p = e.transition(pr, k.ID, map[string]any{"to": "reintegration"}).problem(422)
	if f := fieldErrors(p); !slices.Contains(f, "reintegration_plan") || !slices.Contains(f, "actual_release_date") {
		t.Errorf("reintegration guard %v", f)
	}
	e.approvedReintegrationPlan(k.ID)
	pr.do("PATCH", "/api/v1/cases/"+k.ID, map[string]any{"actual_release_date": time.Now().UTC().Format(time.DateOnly)}, "If-Match", e.etag(pr, k.ID)).problem(422) // how?
	pr.do("PATCH", "/api/v1/cases/"+k.ID, map[string]any{"actual_release_date": time.Now().UTC().Format(time.DateOnly), "release_type": "end_of_sentence"},
		"If-Match", e.etag(pr, k.ID)).want(200)
	approval = e.approvalOf(e.transition(pr, k.ID, map[string]any{"to": "reintegration"}).want(202))
	sup.do("POST", "/api/v1/approvals/"+approval+"/approve", nil).want(200)
	if e.phaseOf(pr, k.ID) != "reintegration" {
		t.Fatal("not released")
	}

	// Completed is refused until the aftercare period has passed.
	p = e.transition(pr, k.ID, map[string]any{"to": "closed", "closure_reason": "completed"}).problem(422)
	if !slices.Contains(fieldErrors(p), "closure_reason") {
		t.Errorf("early completion: %v", fieldErrors(p))
	}

	// Recall back to intervention needs a reason, the recall's day and reason, and approval.
	p = e.transition(pr, k.ID, map[string]any{"to": "intervention"}).problem(422)
	if !slices.Equal(fieldErrors(p), []string{"reason", "recall"}) {
		t.Errorf("recall without reason: %v", fieldErrors(p))
	}
	approval = e.approvalOf(e.transition(pr, k.ID, map[string]any{"to": "intervention", "reason": "breach of licence conditions",
		"recall": map[string]any{"on": time.Now().UTC().Format(time.DateOnly), "reason": "breach_of_conditions"}}).want(202))
	sup.do("POST", "/api/v1/approvals/"+approval+"/approve", map[string]any{"comment": "recalled by court"}).want(200)
	var got caseOut
	pr.do("GET", "/api/v1/cases/"+k.ID, nil).want(200).decode(&got)
	// The release is kept: the case still names it (the statistics read it), with its recall.
	if got.Phase != "intervention" || got.ActualReleaseDate == nil || got.ExpectedReleaseDate != nil {
		t.Errorf("after recall: %+v", got)
	}

	// Closing early, with a reason: approved by the other supervisor.
	approval = e.approvalOf(e.transition(pr, k.ID, map[string]any{"to": "closed", "closure_reason": "withdrawn", "reason": "withdrew consent"}).want(202))
	sup2.do("POST", "/api/v1/approvals/"+approval+"/approve", nil).want(200)
	pr.do("GET", "/api/v1/cases/"+k.ID, nil).want(200).decode(&got)
	if got.Phase != "closed" || got.ClosureReason == nil || *got.ClosureReason != "withdrawn" {
		t.Errorf("closed: %+v", got)
	}
	e.transition(pr, k.ID, map[string]any{"to": "intervention", "reason": "x"}).problem(422)
	pr.do("PATCH", "/api/v1/cases/"+k.ID, map[string]any{"offence_category": "02"}, "If-Match", e.etag(pr, k.ID)).problem(409)
}

// approvedPlan2 adds a second approved plan version.
func (e *env) approvedPlan2(caseID string) {
	e.exec(`INSERT INTO plans (case_id, version, status, created_by, decided_at) VALUES ($1, 2, 'approved', $2, now())`, caseID, e.world.Users["practitioner"].ID)
}

func TestRejectedTransitionKeepsPhase(t *testing.T) {
	e := newEnv(t)
	pr, sup := e.as("practitioner"), e.as("supervisor")
	k, _ := e.openCase(pr, nil)
	approval := e.approvalOf(e.transition(pr, k.ID, map[string]any{"to": "closed", "closure_reason": "transferred_out", "reason": "moved abroad"}).want(202))
	path := "/api/v1/approvals/" + approval + "/reject"
	sup.do("POST", path, map[string]any{}).problem(422)
	sup.do("POST", path, nil).problem(400)
	sup.do("POST", path, "{").problem(400)
	sup.do("POST", "/api/v1/approvals/not-a-uuid/reject", map[string]any{"comment": "x"}).problem(404)
	sup.do("POST", "/api/v1/approvals/00000000-0000-0000-0000-000000000000/approve", nil).problem(404)
	var a struct {
		Status  string `json:"status"`
		Comment string `json:"comment"`
	}
	sup.do("POST", path, map[string]any{"comment": "no transfer order on file"}).want(200).decode(&a)
	if a.Status != "rejected" || a.Comment != "no transfer order on file" {
		t.Errorf("decision %+v", a)
	}
	if e.phaseOf(pr, k.ID) != "intake" {
		t.Error("a rejection changed the phase")
	}
	tl := pr.do("GET", "/api/v1/cases/"+k.ID+"/timeline", nil).want(200).json()
	if ev := tl["items"].([]any)[0].(map[string]any); ev["kind"] != "transition.rejected" || ev["actor"] != "supervisor" {
		t.Errorf("timeline head %v", ev)
	}
	var hist struct {
		Items []phaseChangeOut `json:"items"`
	}
	pr.do("GET", "/api/v1/cases/"+k.ID+"/transitions", nil).want(200).decode(&hist)
	if len(hist.Items) != 1 || hist.Items[0].Status != "rejected" {
		t.Errorf("history %+v", hist.Items)
	}
	if e.auditCount("approval.reject", k.ID) != 1 {
		t.Error("rejection not audited")
	}
	// A new request may follow.
	e.transition(pr, k.ID, map[string]any{"to": "assessment"}).want(201)
}

func TestNonCustodialLifecycle(t *testing.T) {
	e := newEnv(t)
	pr, sup := e.as("practitioner"), e.as("supervisor")
	k, _ := e.openCase(pr, map[string]any{"track": "non_custodial"})
	e.forcePhase(k.ID, "intervention")
	p := e.transition(pr, k.ID, map[string]any{"to": "pre_release"}).problem(422)
	if !slices.Equal(fieldErrors(p), []string{"to"}) {
		t.Errorf("pre-release for a community case: %v", fieldErrors(p))
	}
	p = e.transition(pr, k.ID, map[string]any{"to": "closed", "closure_reason": "completed"}).problem(422)
	if !slices.Contains(fieldErrors(p), "closure_reason") {
		t.Errorf("completion before aftercare: %v", fieldErrors(p))
	}
	e.exec("UPDATE cases SET phase_since = current_date - interval '13 months' WHERE id = $1", k.ID)
	approval := e.approvalOf(e.transition(pr, k.ID, map[string]any{"to": "closed", "closure_reason": "completed"}).want(202))
	sup.do("POST", "/api/v1/approvals/"+approval+"/approve", nil).want(200)
	if e.phaseOf(sup, k.ID) != "closed" {
		t.Error("not closed")
	}
}

// Plans, milestone claims and reintegration plans are queued by other routes; deciding them
// is done here.
func TestApprovalsOfRecords(t *testing.T) {
	e := newEnv(t)
	pr, sup := e.as("practitioner"), e.as("supervisor")
	k, _ := e.openCase(pr, nil)
	uid := e.world.Users["practitioner"].ID
	e.approvedPlan(k.ID)
	var plan, milestone string
	if err := e.db.Pool().QueryRow(t.Context(), `INSERT INTO plans (case_id, version, status, created_by, submitted_at) VALUES ($1, 2, 'submitted', $2, now()) RETURNING id`, k.ID, uid).Scan(&plan); err != nil {
		t.Fatal(err)
	}
	var def string
	if err := e.db.Pool().QueryRow(t.Context(), "SELECT code FROM milestone_definitions ORDER BY code LIMIT 1").Scan(&def); err != nil {
		t.Fatal(err)
	}
	if err := e.db.Pool().QueryRow(t.Context(), `INSERT INTO milestones (case_id, definition_code, achieved_on, evidence, status, claimed_by) VALUES ($1, $2, current_date, 'x', 'claimed', $3) RETURNING id`, k.ID, def, uid).Scan(&milestone); err != nil {
		t.Fatal(err)
	}
	e.exec(`INSERT INTO reintegration_plans (case_id, status, updated_by) VALUES ($1, 'submitted', $2)`, k.ID, uid)
	queue := func(subject, kind string) string {
		var id string
		if err := e.db.Pool().QueryRow(t.Context(), `INSERT INTO approvals (case_id, kind, subject_id, requested_by) VALUES ($1, $2, $3, $4) RETURNING id`, k.ID, kind, subject, uid).Scan(&id); err != nil {
			t.Fatal(err)
		}
		return id
	}
	ap, am, ar := queue(plan, "plan"), queue(milestone, "milestone"), queue(k.ID, "reintegration_plan")
	var q struct {
		Items []struct {
			ID   string `json:"id"`
			Kind string `json:"kind"`
		} `json:"items"`
		NextCursor string `json:"next_cursor"`
	}
	sup.do("GET", "/api/v1/approvals", nil).want(200).decode(&q)
	if len(q.Items) != 3 || q.Items[0].ID != ap {
		t.Errorf("queue %+v", q.Items)
	}
	sup.do("GET", "/api/v1/approvals?limit=2", nil).want(200).decode(&q)
	if len(q.Items) != 2 || q.NextCursor == "" {
		t.Errorf("page 1 %+v", q)
	}
	cursor := q.NextCursor
	q.NextCursor = ""
	sup.do("GET", "/api/v1/approvals?limit=2&cursor="+cursor, nil).want(200).decode(&q)
	if len(q.Items) != 1 || q.Items[0].ID != ar || q.NextCursor != "" {
		t.Errorf("page 2 %+v", q)
	}
	sup.do("POST", "/api/v1/approvals/"+ap+"/approve", nil).want(200)
	sup.do("POST", "/api/v1/approvals/"+am+"/approve", nil).want(200)
	sup.do("POST", "/api/v1/approvals/"+ar+"/reject", map[string]any{"comment": "housing not arranged"}).want(200)
	status := func(q string) string {
		var s string
		if err := e.db.Pool().QueryRow(t.Context(), q, k.ID).Scan(&s); err != nil {
			t.Fatal(err)
		}
		return s
	}
	if s := status("SELECT string_agg(version || ':' || status, ',' ORDER BY version) FROM plans WHERE case_id = $1"); s != "1:superseded,2:approved" {
		t.Errorf("plans %s", s)
	}
	if s := status("SELECT status FROM milestones WHERE case_id = $1"); s != "verified" {
		t.Errorf("milestone %s", s)
	}
	if s := status("SELECT status FROM reintegration_plans WHERE case_id = $1"); s != "rejected" {
		t.Errorf("reintegration plan %s", s)
	}
	if e.count("SELECT count(*) FROM case_events WHERE case_id = $1 AND kind IN ('plan.approved', 'milestone.verified', 'reintegration_plan.rejected')", k.ID) != 3 {
		t.Error("decisions missing from the timeline")
	}
}
