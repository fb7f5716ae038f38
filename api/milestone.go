package api

import (
	"time"

	"github.com/gofiber/fiber/v2"

	"pathways/domain"
)

type milestoneRequest struct {
	DefinitionCode         string `json:"definition_code" validate:"required,max=63"`
	AchievedOn             string `json:"achieved_on" validate:"required,datetime=2006-01-02"`
	Evidence               string `json:"evidence" validate:"required,max=4000"`
	AcknowledgeIdentifiers bool   `json:"acknowledge_identifiers"`
}

type milestoneLapseRequest struct {
	Status                 string `json:"status" validate:"required,oneof=lapsed reversed"`
	Reason                 string `json:"reason" validate:"required,max=2000"`
	On                     string `json:"on" validate:"required,datetime=2006-01-02"`
	AcknowledgeIdentifiers bool   `json:"acknowledge_identifiers"`
}

type milestoneResponse struct {
	ID             string     `json:"id"`
	CaseID         string     `json:"case_id"`
	DefinitionCode string     `json:"definition_code"`
	AchievedOn     string     `json:"achieved_on"`
	Evidence       string     `json:"evidence"`
	Status         string     `json:"status"`
	ClaimedBy      string     `json:"claimed_by"`
	ClaimedAt      time.Time  `json:"claimed_at"`
	DecidedAt      *time.Time `json:"decided_at"`
	LapseReason    *string    `json:"lapse_reason"`
	LapsedOn       *string    `json:"lapsed_on"`
	ApprovalID     *string    `json:"approval_id"`
	// DecidedBy and DecisionComment: who verified or rejected the claim and their comment
	// (null before a decision, and for claims verified without one).
	DecidedBy       *string `json:"decided_by"`
	DecisionComment *string `json:"decision_comment"`
}

func milestoneOut(m domain.Milestone) milestoneResponse {
	out := milestoneResponse{ID: m.ID, CaseID: m.CaseID, DefinitionCode: m.DefinitionCode, AchievedOn: dateOut(m.AchievedOn), Evidence: m.Evidence,
		Status: m.Status, ClaimedBy: m.ClaimedBy, ClaimedAt: m.ClaimedAt.UTC(), DecidedAt: utcPtr(m.DecidedAt), LapseReason: stringOrNil(m.LapseReason),
		LapsedOn: dateOrNil(m.LapsedOn), ApprovalID: stringOrNil(m.ApprovalID), DecidedBy: stringOrNil(m.DecidedBy)}
	if m.DecidedBy != "" {
		c := m.DecisionComment
		out.DecisionComment = &c
	}
	return out
}

func (s *Server) listMilestones(c *fiber.Ctx) error {
	ms, err := s.store.ListMilestones(c.UserContext(), principal(c), c.Params("id"))
	if err != nil {
		return err
	}
	return sendList(c, ms, milestoneOut)
}

func (s *Server) claimMilestone(c *fiber.Ctx) error {
	var req milestoneRequest
	if err := s.bind(c, &req); err != nil {
		return err
	}
	m, err := s.store.ClaimMilestone(c.UserContext(), principal(c), c.Params("id"), domain.MilestoneInput{
		DefinitionCode: req.DefinitionCode, AchievedOn: parseDate(req.AchievedOn), Evidence: req.Evidence, AcknowledgeIdentifiers: req.AcknowledgeIdentifiers})
	if err != nil {
		return err
	}
	return c.Status(fiber.StatusCreated).JSON(milestoneOut(m))
}

func (s *Server) lapseMilestone(c *fiber.Ctx) error {
	var req milestoneLapseRequest
	if err := s.bind(c, &req); err != nil {
		return err
	}
	m, err := s.store.LapseMilestone(c.UserContext(), principal(c), c.Params("id"), c.Params("mid"), domain.MilestoneLapse{
		Status: req.Status, Reason: req.Reason, On: parseDate(req.On), AcknowledgeIdentifiers: req.AcknowledgeIdentifiers})
	if err != nil {
		return err
	}
	return c.JSON(milestoneOut(m))
}
