package api

import (
	"time"

	"github.com/gofiber/fiber/v2"

	"pathways/domain"
)

type transitionRequest struct {
	To            string `json:"to" validate:"required,oneof=intake assessment intervention pre_release reintegration closed"`
	Reason        string `json:"reason" validate:"max=2000"`
	ClosureReason string `json:"closure_reason" validate:"max=64"`
	// Recall: leaving reintegration by recall (to intervention, or closed as
	// reoffended_recalled) says when and why.
	Recall *recallRequest `json:"recall"`
	// Confirms a reason the identifier screen flags.
	AcknowledgeIdentifiers bool `json:"acknowledge_identifiers"`
}

type recallRequest struct {
	On      string `json:"on" validate:"required,datetime=2006-01-02"`
	Reason  string `json:"reason" validate:"required,oneof=breach_of_conditions new_offence other"`
	Outcome string `json:"outcome" validate:"omitempty,oneof=returned_to_custody remanded new_sentence other"`
}

type recallResponse struct {
	On      string  `json:"on"`
	Reason  string  `json:"reason"`
	Outcome *string `json:"outcome"`
}

func recallOut(r *domain.RecallInput) *recallResponse {
	if r == nil {
		return nil
	}
	return &recallResponse{On: dateOut(r.On), Reason: r.Reason, Outcome: stringOrNil(r.Outcome)}
}

type phaseChangeResponse struct {
	ID            string     `json:"id"`
	CaseID        string     `json:"case_id"`
	From          string     `json:"from"`
	To            string     `json:"to"`
	Reason        string     `json:"reason"`
	ClosureReason *string    `json:"closure_reason"`
	Status        string     `json:"status"`
	RequestedBy   string     `json:"requested_by"`
	RequestedAt   time.Time  `json:"requested_at"`
	EffectiveOn   *string    `json:"effective_on"`
	ApprovalID    *string    `json:"approval_id"`
	DecidedBy     *string    `json:"decided_by"`
	DecidedAt     *time.Time `json:"decided_at"`
	Comment       string     `json:"comment"`
	CasePhase     string     `json:"case_phase"`
	// Recall names the recall a move out of reintegration records (null otherwise).
	Recall *recallResponse `json:"recall"`
}

func phaseChangeOut(pc domain.PhaseChange) phaseChangeResponse {
	var decided *time.Time
	if pc.DecidedAt != nil {
		t := pc.DecidedAt.UTC()
		decided = &t
	}
	return phaseChangeResponse{ID: pc.ID, CaseID: pc.CaseID, From: string(pc.From), To: string(pc.To), Reason: pc.Reason,
		ClosureReason: stringOrNil(pc.ClosureReason), Status: pc.Status, RequestedBy: pc.RequestedBy,
		RequestedAt: pc.RequestedAt.UTC(), EffectiveOn: dateOrNil(pc.EffectiveOn), ApprovalID: stringOrNil(pc.ApprovalID),
		DecidedBy: stringOrNil(pc.DecidedBy), DecidedAt: decided, Comment: pc.Comment, CasePhase: string(pc.CasePhase),
		Recall: recallOut(pc.Recall)}
}

func (s *Server) listTransitions(c *fiber.Ctx) error {
	changes, err := s.store.ListTransitions(c.UserContext(), principal(c), c.Params("id"))
	if err != nil {
		return err
	}
	return sendList(c, changes, phaseChangeOut)
}

// requestTransition: 201 when the change was applied at once, 202 when it waits for a
// supervisor's decision. Either way the case changed (a new ETag).
func (s *Server) requestTransition(c *fiber.Ctx) error {
	version, err := ifMatch(c)
	if err != nil {
		return err
	}
	var req transitionRequest
	if err := s.bind(c, &req); err != nil {
		return err
	}
	r := domain.TransitionRequest{To: domain.Phase(req.To), Reason: req.Reason, ClosureReason: req.ClosureReason,
		AcknowledgeIdentifiers: req.AcknowledgeIdentifiers}
	if req.Recall != nil {
		r.Recall = &domain.RecallInput{On: parseDate(req.Recall.On), Reason: req.Recall.Reason, Outcome: req.Recall.Outcome}
	}
	pc, err := s.store.RequestTransition(c.UserContext(), principal(c), c.Params("id"), version, r)
	if err != nil {
		return err
	}
	setETag(c, pc.CaseVersion)
	status := fiber.StatusCreated
	if pc.Status == "pending" {
		status = fiber.StatusAccepted
	}
	return c.Status(status).JSON(phaseChangeOut(pc))
}
