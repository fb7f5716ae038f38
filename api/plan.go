package api

import (
	"time"

	"github.com/gofiber/fiber/v2"

	"pathways/domain"
)

type planGoalWire struct {
	Need          string   `json:"need" validate:"required,max=200"`
	Description   string   `json:"description" validate:"required,max=4000"`
	Interventions []string `json:"interventions" validate:"max=20,dive,max=63"`
	ResponsibleID *string  `json:"responsible_id" validate:"omitempty,uuid"`
	TargetDate    *string  `json:"target_date" validate:"omitempty,datetime=2006-01-02"`
}

type planRequest struct {
	Summary                string         `json:"summary" validate:"max=8000"`
	Goals                  []planGoalWire `json:"goals" validate:"required,min=1,max=50,dive"`
	AcknowledgeIdentifiers bool           `json:"acknowledge_identifiers"`
}

type planResponse struct {
	ID          string     `json:"id"`
	CaseID      string     `json:"case_id"`
	Version     int        `json:"version"`
	Status      string     `json:"status"`
	Summary     string     `json:"summary"`
	CreatedBy   string     `json:"created_by"`
	CreatedAt   time.Time  `json:"created_at"`
	SubmittedAt *time.Time `json:"submitted_at"`
	DecidedAt   *time.Time `json:"decided_at"`
	// DecidedBy and DecisionComment: the supervisor who approved or rejected this version,
	// and their comment (null before a decision).
	DecidedBy       *string        `json:"decided_by"`
	DecisionComment *string        `json:"decision_comment"`
	Goals           []planGoalWire `json:"goals"`
}

func planOut(p domain.Plan) planResponse {
	out := planResponse{ID: p.ID, CaseID: p.CaseID, Version: p.Version, Status: p.Status, Summary: p.Summary, CreatedBy: p.CreatedBy,
		CreatedAt: p.CreatedAt.UTC(), SubmittedAt: utcPtr(p.SubmittedAt), DecidedAt: utcPtr(p.DecidedAt), DecidedBy: stringOrNil(p.DecidedBy), Goals: []planGoalWire{}}
	if p.DecidedBy != "" {
		c := p.DecisionComment
		out.DecisionComment = &c
	}
	for _, g := range p.Goals {
		out.Goals = append(out.Goals, planGoalWire{Need: g.Need, Description: g.Description, Interventions: nonNil(g.Interventions),
			ResponsibleID: stringOrNil(g.ResponsibleID), TargetDate: dateOrNil(g.TargetDate)})
	}
	return out
}

func (s *Server) listPlans(c *fiber.Ctx) error {
	ps, err := s.store.ListPlans(c.UserContext(), principal(c), c.Params("id"))
	if err != nil {
		return err
	}
	return sendList(c, ps, planOut)
}

func (s *Server) createPlan(c *fiber.Ctx) error {
	var req planRequest
	if err := s.bind(c, &req); err != nil {
		return err
	}
	in := domain.PlanInput{Summary: req.Summary, AcknowledgeIdentifiers: req.AcknowledgeIdentifiers}
	for _, g := range req.Goals {
		goal := domain.PlanGoal{Need: g.Need, Description: g.Description, Interventions: g.Interventions, TargetDate: parseDatePtr(g.TargetDate)}
		if g.ResponsibleID != nil {
			goal.ResponsibleID = *g.ResponsibleID
		}
		in.Goals = append(in.Goals, goal)
	}
	p, err := s.store.CreatePlan(c.UserContext(), principal(c), c.Params("id"), in)
	if err != nil {
		return err
	}
	return c.Status(fiber.StatusCreated).JSON(planOut(p))
}

func (s *Server) submitPlan(c *fiber.Ctx) error {
	p, err := s.store.SubmitPlan(c.UserContext(), principal(c), c.Params("pid"))
	if err != nil {
		return err
	}
	return c.JSON(planOut(p))
}
