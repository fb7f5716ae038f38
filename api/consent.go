package api

import (
	"github.com/gofiber/fiber/v2"

	"pathways/domain"
)

type consentWithdrawalRequest struct {
	WithdrawnOn            string `json:"withdrawn_on" validate:"required,datetime=2006-01-02"`
	Reason                 string `json:"reason" validate:"required,max=2000"`
	AcknowledgeIdentifiers bool   `json:"acknowledge_identifiers"`
}

// consentWithdrawalResponse is the case after the withdrawal and, when the withdrawal asked
// for the case to close, that closure request (null otherwise).
type consentWithdrawalResponse struct {
	Case           caseResponse         `json:"case"`
	ClosureRequest *phaseChangeResponse `json:"closure_request"`
}

// withdrawConsent records the participant's withdrawal of consent (If-Match on the case). The
// answer is the case, and on a voluntary basis the closure it asked for, waiting for a
// supervisor.
func (s *Server) withdrawConsent(c *fiber.Ctx) error {
	version, err := ifMatch(c)
	if err != nil {
		return err
	}
	var req consentWithdrawalRequest
	if err := s.bind(c, &req); err != nil {
		return err
	}
	d, pc, err := s.store.WithdrawConsent(c.UserContext(), principal(c), c.Params("id"), version, domain.ConsentWithdrawal{
		On: parseDate(req.WithdrawnOn), Reason: req.Reason, AcknowledgeIdentifiers: req.AcknowledgeIdentifiers})
	if err != nil {
		return err
	}
	setETag(c, d.Version)
	var closure *phaseChangeResponse
	if pc != nil {
		x := phaseChangeOut(*pc)
		x.CasePhase = string(d.Phase)
		closure = &x
	}
	return c.Status(fiber.StatusCreated).JSON(consentWithdrawalResponse{Case: caseDetailOut(d), ClosureRequest: closure})
}
