package api_test

import (
	"net/url"
	"slices"
	"testing"
	"time"
)

type taskOut struct {
	Kind         string  `json:"kind"`
	CaseID       string  `json:"case_id"`
	Pseudonym    string  `json:"pseudonym"`
	RefID        string  `json:"ref_id"`
	DueOn        string  `json:"due_on"`
	State        string  `json:"state"`
	CaseManager  string  `json:"case_manager"`
	ApprovalKind string  `json:"approval_kind"`
	Decision     string  `json:"decision"`
	DecidedBy    string  `json:"decided_by"`
	Comment      *string `json:"comment"`
	Months       int     `json:"months"`
	Days         int     `json:"days"`
	DraftKind    string  `json:"draft_kind"`
	Occasion     string  `json:"occasion"`
	PlanVersion  int     `json:"plan_version"`
}

type taskList struct {
	Items   []taskOut `json:"items"`
	Summary struct {
		Total            int `json:"total"`
		Overdue          int `json:"overdue"`
		ApprovalsWaiting int `json:"approvals_waiting"`
	} `json:"summary"`
	Next string `json:"next_cursor"`
}

func tasksOf(c *client, query string) taskList {
	var l taskList
	c.do("GET", "/api/v1/tasks"+query, nil).want(200).decode(&l)
	return l
}

// find returns the tasks of one kind on one case.
func (l taskList) find(kind, caseID string) []taskOut {
	var out []taskOut
	for _, t := range l.Items {
		if t.Kind == kind && t.CaseID == caseID {
			out = append(out, t)
		}
	}
	return out
}

// The tasks come from the records, each for the people whose work it is, and a decision
// with its comment reaches the person who asked.
func TestTasksFromTheRecords(t *testing.T) {
	e := newEnv(t)
	pr, sup, sup2, pr2 := e.as("practitioner"), e.as("supervisor"), e.as("supervisor2"), e.as("practitioner2")

	// A new intake: its baseline assessment is due 30 days on, for its team only.
	k, _ := e.openCase(pr, nil)
	base := tasksOf(pr, "").find("baseline_due", k.ID)
	if len(base) != 1 || base[0].State != "due" || base[0].DueOn != time.Now().AddDate(0, 0, 30).Format(time.DateOnly) ||
		base[0].Pseudonym != k.Pseudonym || base[0].CaseManager != "Test practitioner" {
		t.Fatalf("baseline task: %+v", base)
	}
	if got := tasksOf(sup, "").find("baseline_due", k.ID); len(got) != 0 {
		t.Errorf("a supervisor off the team sees a baseline not yet overdue: %+v", got)
	}
	// Once overdue, the supervisors see it too; another facility's practitioner never does.
	e.exec("UPDATE cases SET opened_on = current_date - 45, phase_since = current_date - 45 WHERE id = $1", k.ID)
	if got := tasksOf(sup, "").find("baseline_due", k.ID); len(got) != 1 || got[0].State != "overdue" {
		t.Errorf("supervisor, overdue baseline: %+v", got)
	}
	if l := tasksOf(pr2, ""); len(l.Items) != 0 {
		t.Errorf("practitioner2 sees Northgate's tasks: %+v", l.Items)
	}

	// A case in intervention with a review past due and a follow-up point overdue.
	released := time.Now().AddDate(0, -4, 0)
	rc := e.newCase(caseFixture{phase: "reintegration", released: &released})
	e.exec("UPDATE cases SET next_review_date = current_date - 3 WHERE id = $1", rc)
	l := tasksOf(pr, "")
	if got := l.find("review_due", rc); len(got) != 1 || got[0].State != "overdue" {
		t.Errorf("review: %+v", got)
	}
	fu := l.find("follow_up_due", rc)
	if len(fu) != 1 || fu[0].Months != 3 || fu[0].State != "overdue" {
		t.Errorf("follow-up point of 3 months: %+v", fu)
	}

	// A plan submitted: waiting, but not yet a supervisor's task; counted in their summary.
	e.exec("UPDATE cases SET phase = 'assessment' WHERE id = $1", k.ID)
	var plan struct {
		ID string `json:"id"`
	}
	pr.do("POST", "/api/v1/cases/"+k.ID+"/plans", map[string]any{"goals": []map[string]any{{"need": "family", "description": "mediation"}}}).
		want(201).decode(&plan)
	pr.do("POST", "/api/v1/plans/"+plan.ID+"/submit", nil).want(200)
	sl := tasksOf(sup, "")
	if sl.Summary.ApprovalsWaiting != 1 || len(sl.find("decision_waiting", k.ID)) != 0 {
		t.Fatalf("supervisor after the submission: %+v", sl)
	}
	if pl := tasksOf(pr, ""); pl.Summary.ApprovalsWaiting != 0 {
		t.Errorf("a practitioner counts approvals: %+v", pl.Summary)
	}
	// Four days on, it is a task for every supervisor who may decide it.
	e.exec("UPDATE approvals SET requested_at = now() - interval '4 days' WHERE subject_id = $1", plan.ID)
	w := tasksOf(sup2, "").find("decision_waiting", k.ID)
	if len(w) != 1 || w[0].ApprovalKind != "plan" || w[0].Days != 4 || w[0].State != "overdue" {
		t.Fatalf("decision waiting: %+v", w)
	}
	// Rejected with a comment: the practitioner's task says what to put right.
	sup.do("POST", "/api/v1/approvals/"+w[0].RefID+"/reject", map[string]any{"comment": "Tie the goal to an assessed need."}).want(200)
	rev := tasksOf(pr, "").find("plan_to_revise", k.ID)
	if len(rev) != 1 || rev[0].RefID != plan.ID || rev[0].Comment == nil || *rev[0].Comment != "Tie the goal to an assessed need." ||
		rev[0].DecidedBy != "Test supervisor" {
		t.Fatalf("plan to revise: %+v", rev)
	}
	if got := tasksOf(sup2, ""); len(got.find("decision_waiting", k.ID)) != 0 || got.Summary.ApprovalsWaiting != 0 {
		t.Errorf("decided, still waiting: %+v", got)
	}

	// A milestone claim rejected: the decision and its comment are the claimant's news.
	var ms struct {
		ID string `json:"id"`
	}
	e.exec("UPDATE cases SET phase = 'intervention' WHERE id = $1", k.ID)
	pr.do("POST", "/api/v1/cases/"+k.ID+"/milestones", map[string]any{"definition_code": "qualification_obtained",
		"achieved_on": time.Now().Format(time.DateOnly), "evidence": "Certificate seen by the educator."}).want(201).decode(&ms)
	var queue struct {
		Items []struct {
			ID        string `json:"id"`
			SubjectID string `json:"subject_id"`
		} `json:"items"`
	}
	sup.do("GET", "/api/v1/approvals?kind=milestone", nil).want(200).decode(&queue)
	i := slices.IndexFunc(queue.Items, func(a struct {
		ID        string `json:"id"`
		SubjectID string `json:"subject_id"`
	}) bool {
		return a.SubjectID == ms.ID
	})
	if i < 0 {
		t.Fatalf("milestone not queued: %+v", queue)
	}
	sup2.do("POST", "/api/v1/approvals/"+queue.Items[i].ID+"/reject", map[string]any{"comment": "The certificate is not on file."}).want(200)
	news := tasksOf(pr, "").find("request_decided", k.ID)
	if len(news) != 1 || news[0].Decision != "rejected" || news[0].ApprovalKind != "milestone" || news[0].State != "info" ||
		news[0].Comment == nil || *news[0].Comment != "The certificate is not on file." || news[0].DecidedBy != "Test supervisor2" {
		t.Fatalf("decision news: %+v", news)
	}
	if got := tasksOf(sup, "").find("request_decided", k.ID); len(got) != 0 {
		t.Errorf("someone else's decision is news to the supervisor: %+v", got)
	}

	// One case's tasks; pages follow each other without gaps or repeats; the read is audited
	// with the cases it named.
	one := tasksOf(pr, "?case_id="+rc)
	if len(one.Items) != 2 || one.Summary.Total < 4 {
		t.Errorf("one case: %+v", one)
	}
	all := tasksOf(pr, "")
	var paged []taskOut
	cursor := ""
	for range 20 {
		p := tasksOf(pr, "?limit=1"+cursor)
		paged = append(paged, p.Items...)
		if p.Next == "" {
			break
		}
		cursor = "&cursor=" + url.QueryEscape(p.Next)
	}
	if len(paged) != len(all.Items) {
		t.Fatalf("pages hold %d tasks, the list %d", len(paged), len(all.Items))
	}
	for i := range paged {
		if paged[i].Kind != all.Items[i].Kind || paged[i].RefID != all.Items[i].RefID {
			t.Fatalf("page %d: %+v, list: %+v", i, paged[i], all.Items[i])
		}
	}
	ev := auditEvents(t, e.as("auditor"), "action=task.list&actor=practitioner")
	if len(ev) == 0 {
		t.Fatal("task.list not audited")
	}
	ids := auditedCaseIDs(detailsOf(t, ev[0]))
	if !slices.Contains(ids, k.ID) && !slices.Contains(ids, rc) {
		t.Errorf("audit names %v", ids)
	}
	pr.do("GET", "/api/v1/tasks?cursor=nonsense", nil).problem(422)
	pr.do("GET", "/api/v1/tasks?case_id=x", nil).problem(422)
}
