package api

import (
	"github.com/gofiber/fiber/v2"

	"pathways/domain"
)

// taskResponse is one task; fields that do not apply to its kind are left out.
type taskResponse struct {
	Kind          string  `json:"kind"`
	CaseID        string  `json:"case_id"`
	Pseudonym     string  `json:"pseudonym"`
	RefID         string  `json:"ref_id"`
	DueOn         string  `json:"due_on"`
	State         string  `json:"state"`
	CaseManager   string  `json:"case_manager,omitempty"`
	Phase         string  `json:"phase,omitempty"`
	Months        int     `json:"months,omitempty"`
	ApprovalKind  string  `json:"approval_kind,omitempty"`
	Decision      string  `json:"decision,omitempty"`
	DecidedBy     string  `json:"decided_by,omitempty"`
	Comment       *string `json:"comment,omitempty"`
	PlanVersion   int     `json:"plan_version,omitempty"`
	MilestoneCode string  `json:"milestone_code,omitempty"`
	Days          int     `json:"days,omitempty"`
	DraftKind     string  `json:"draft_kind,omitempty"`
	Occasion      string  `json:"occasion,omitempty"`
}

type taskSummaryResponse struct {
	Total            int `json:"total"`
	Overdue          int `json:"overdue"`
	ApprovalsWaiting int `json:"approvals_waiting"`
}

// taskListResponse is one page of tasks with the counts of the whole list, not just the page.
type taskListResponse struct {
	pageResponse[taskResponse]
	Summary taskSummaryResponse `json:"summary"`
}

type taskListQuery struct {
	CaseID string `query:"case_id" validate:"omitempty,uuid"`
	Cursor string `query:"cursor" validate:"max=300"`
	Limit  int    `query:"limit" validate:"omitempty,gte=1,lte=500"`
}

// listTasks answers the caller's tasks (their caseload, and for supervisors their scope),
// computed from the records at the moment of asking.
func (s *Server) listTasks(c *fiber.Ctx) error {
	var q taskListQuery
	if err := s.readQuery(c, &q); err != nil {
		return err
	}
	page, err := s.store.ListTasks(c.UserContext(), principal(c), domain.TaskFilter{CaseID: q.CaseID, Cursor: q.Cursor, Limit: q.Limit})
	if err != nil {
		return err
	}
	items := make([]taskResponse, 0, len(page.Items))
	for _, t := range page.Items {
		r := taskResponse{Kind: t.Kind, CaseID: t.CaseID, Pseudonym: t.Pseudonym, RefID: t.RefID, DueOn: dateOut(t.DueOn),
			State: t.State, CaseManager: t.CaseManager, Phase: string(t.Phase), Months: t.Months, ApprovalKind: t.ApprovalKind,
			Decision: t.Decision, DecidedBy: t.DecidedBy, PlanVersion: t.PlanVersion, MilestoneCode: t.MilestoneCode, Days: t.Days,
			DraftKind: t.DraftKind, Occasion: t.Occasion}
		if t.Decision != "" || t.Kind == domain.TaskPlanToRevise {
			comment := t.Comment
			r.Comment = &comment
		}
		items = append(items, r)
	}
	return c.JSON(taskListResponse{pageResponse: pageOf(items, page.Next), Summary: taskSummaryResponse{Total: page.Summary.Total,
		Overdue: page.Summary.Overdue, ApprovalsWaiting: page.Summary.ApprovalsWaiting}})
}
