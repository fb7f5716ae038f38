package api

import (
	"bytes"
	"time"

	"github.com/gofiber/fiber/v2"

	"pathways/domain"
)

type approvalResponse struct {
	ID          string `json:"id"`
	CaseID      string `json:"case_id"`
	Pseudonym   string `json:"pseudonym"`
	Kind        string `json:"kind"`
	SubjectID   string `json:"subject_id"`
	Status      string `json:"status"`
	RequestedBy string `json:"requested_by"`
	// RequestedByName and DecidedByName: display names, null when none is set.
	RequestedByName *string    `json:"requested_by_name"`
	DecidedByName   *string    `json:"decided_by_name"`
	RequestedAt     time.Time  `json:"requested_at"`
	DecidedBy       *string    `json:"decided_by"`
	DecidedAt       *time.Time `json:"decided_at"`
	Comment         string     `json:"comment"`
	FromPhase       *string    `json:"from_phase"`
	ToPhase         *string    `json:"to_phase"`
	// Enough to decide from the queue: the request's reason (transitions), the plan's
	// version, the milestone claimed and when.
	Reason        *string `json:"reason"`
	ClosureReason *string `json:"closure_reason"`
	PlanVersion   *int    `json:"plan_version"`
	MilestoneCode *string `json:"milestone_code"`
	AchievedOn    *string `json:"achieved_on"`
	// What is decided: the milestone's evidence; the plan version asked for and the approved
	// version it would replace; the reintegration plan as submitted. Null where the kind has
	// none.
	Evidence          *string                    `json:"evidence"`
	Plan              *approvalPlanWire          `json:"plan"`
	PlanInForce       *approvalPlanWire          `json:"plan_in_force"`
	ReintegrationPlan *approvalReintegrationWire `json:"reintegration_plan"`
	// Grounds: a pending phase change's facts its guard checks, as they stand now (null for
	// other kinds; empty when the change checks none).
	Grounds []groundWire `json:"grounds"`
	// RequestedByMe: the caller made the request, so may not decide it.
	RequestedByMe bool `json:"requested_by_me"`
}

// groundWire is one fact a phase change's guard checks (domain.Ground).
type groundWire struct {
	Fact    string  `json:"fact"`
	Met     bool    `json:"met"`
	On      *string `json:"on"`
	Version *int    `json:"version"`
}

// approvalGoalWire is a plan goal as a decider reads it: the responsible person by name.
type approvalGoalWire struct {
	Need          string   `json:"need"`
	Description   string   `json:"description"`
	Interventions []string `json:"interventions"`
	Responsible   *string  `json:"responsible"`
	TargetDate    *string  `json:"target_date"`
}

type approvalPlanWire struct {
	ID      string             `json:"id"`
	Version int                `json:"version"`
	Status  string             `json:"status"`
	Summary string             `json:"summary"`
	Goals   []approvalGoalWire `json:"goals"`
}

type approvalReintegrationWire struct {
	PlannedRelease    *string                 `json:"planned_release"`
	ReleaseType       *string                 `json:"release_type"`
	SupervisingAgency string                  `json:"supervising_agency"`
	Version           int                     `json:"version"`
	Items             []reintegrationItemWire `json:"items"`
}

func approvalPlanOut(p *domain.Plan) *approvalPlanWire {
	if p == nil {
		return nil
	}
	out := &approvalPlanWire{ID: p.ID, Version: p.Version, Status: p.Status, Summary: p.Summary, Goals: []approvalGoalWire{}}
	for _, g := range p.Goals {
		// The store puts the responsible person's name where a plan read elsewhere has their id.
		out.Goals = append(out.Goals, approvalGoalWire{Need: g.Need, Description: g.Description, Interventions: nonNil(g.Interventions),
			Responsible: stringOrNil(g.ResponsibleID), TargetDate: dateOrNil(g.TargetDate)})
	}
	return out
}

// approvalOut writes a request for the caller named by username.
func approvalOut(a domain.Approval, username string) approvalResponse {
	var decided *time.Time
	if a.DecidedAt != nil {
		t := a.DecidedAt.UTC()
		decided = &t
	}
	out := approvalResponse{ID: a.ID, CaseID: a.CaseID, Pseudonym: a.Pseudonym, Kind: a.Kind, SubjectID: a.SubjectID,
		Status: a.Status, RequestedBy: a.RequestedBy, RequestedByName: stringOrNil(a.RequestedByName),
		DecidedByName: stringOrNil(a.DecidedByName), RequestedAt: a.RequestedAt.UTC(), DecidedBy: stringOrNil(a.DecidedBy),
		DecidedAt: decided, Comment: a.Comment, FromPhase: stringOrNil(string(a.FromPhase)), ToPhase: stringOrNil(string(a.ToPhase)),
		ClosureReason: stringOrNil(a.ClosureReason), MilestoneCode: stringOrNil(a.MilestoneCode), AchievedOn: dateOrNil(a.AchievedOn)}
	if a.Kind == "transition" {
		reason := a.Reason
		out.Reason = &reason
	}
	if a.PlanVersion > 0 {
		v := a.PlanVersion
		out.PlanVersion = &v
	}
	if a.Kind == "milestone" {
		ev := a.Evidence
		out.Evidence = &ev
	}
	out.Plan, out.PlanInForce = approvalPlanOut(a.Plan), approvalPlanOut(a.PlanInForce)
	if r := a.Reintegration; r != nil {
		re := &approvalReintegrationWire{PlannedRelease: dateOrNil(r.PlannedRelease), ReleaseType: stringOrNil(r.ReleaseType),
			SupervisingAgency: r.SupervisingAgency, Version: r.Version, Items: []reintegrationItemWire{}}
		for _, i := range r.Items {
			re.Items = append(re.Items, reintegrationItemWire{Area: i.Area, Status: i.Status, Description: i.Description})
		}
		out.ReintegrationPlan = re
	}
	if a.Kind == "transition" && a.Status == "pending" {
		out.Grounds = []groundWire{}
		for _, g := range a.Grounds {
			w := groundWire{Fact: g.Fact, Met: g.Met, On: dateOrNil(g.On)}
			if g.Version > 0 {
				v := g.Version
				w.Version = &v
			}
			out.Grounds = append(out.Grounds, w)
		}
	}
	out.RequestedByMe = a.RequestedBy == username
	return out
}

type approvalListQuery struct {
	Kind   string `query:"kind" validate:"omitempty,oneof=transition plan milestone reintegration_plan"`
	Cursor string `query:"cursor" validate:"max=200"`
	Limit  int    `query:"limit" validate:"omitempty,gte=1,lte=500"`
}

func (s *Server) listApprovals(c *fiber.Ctx) error {
	var q approvalListQuery
	if err := s.readQuery(c, &q); err != nil {
		return err
	}
	items, next, err := s.store.ListApprovals(c.UserContext(), principal(c), domain.ApprovalFilter{Kind: q.Kind, Cursor: q.Cursor, Limit: q.Limit})
	if err != nil {
		return err
	}
	out := make([]approvalResponse, 0, len(items))
	for _, a := range items {
		out = append(out, approvalOut(a, principal(c).Username))
	}
	return c.JSON(pageOf(out, next))
}

type approveRequest struct {
	Comment                string `json:"comment" validate:"max=2000"`
	AcknowledgeIdentifiers bool   `json:"acknowledge_identifiers"`
}

type rejectRequest struct {
	Comment                string `json:"comment" validate:"required,max=2000"`
	AcknowledgeIdentifiers bool   `json:"acknowledge_identifiers"`
}

// approve: the body (a comment) is optional.
func (s *Server) approve(c *fiber.Ctx) error {
	var req approveRequest
	if len(bytes.TrimSpace(c.Body())) > 0 {
		if err := s.bind(c, &req); err != nil {
			return err
		}
	}
	a, err := s.store.DecideApproval(c.UserContext(), principal(c), c.Params("id"), domain.Decision{Approve: true, Comment: req.Comment, AcknowledgeIdentifiers: req.AcknowledgeIdentifiers})
	if err != nil {
		return err
	}
	return c.JSON(approvalOut(a, principal(c).Username))
}

// reject: a rejection must say why, so the requester can put it right.
func (s *Server) reject(c *fiber.Ctx) error {
	var req rejectRequest
	if err := s.bind(c, &req); err != nil {
		return err
	}
	a, err := s.store.DecideApproval(c.UserContext(), principal(c), c.Params("id"), domain.Decision{Comment: req.Comment, AcknowledgeIdentifiers: req.AcknowledgeIdentifiers})
	if err != nil {
		return err
	}
	return c.JSON(approvalOut(a, principal(c).Username))
}
