package api

import (
	"time"

	"github.com/gofiber/fiber/v2"

	"pathways/domain"
)

type followUpRequest struct {
	HeldOn                 string  `json:"held_on" validate:"required,datetime=2006-01-02"`
	Housing                string  `json:"housing" validate:"required,oneof=stable temporary homeless unknown"`
	WorkEducation          string  `json:"work_education" validate:"required,oneof=employed in_education unemployed unable unknown"`
	FamilyContact          string  `json:"family_contact" validate:"required,oneof=regular occasional none unknown"`
	SupervisionCompliance  string  `json:"supervision_compliance" validate:"required,oneof=compliant minor_breach major_breach not_applicable"`
	NewOffence             string  `json:"new_offence" validate:"required,oneof=none arrest charge conviction"`
	OffenceCategory        string  `json:"offence_category" validate:"max=6"`
	OffenceOn              *string `json:"offence_on" validate:"omitempty,datetime=2006-01-02"`
	Notes                  string  `json:"notes" validate:"max=8000"`
	AcknowledgeIdentifiers bool    `json:"acknowledge_identifiers"`
}

type followUpResponse struct {
	ID                    string    `json:"id"`
	CaseID                string    `json:"case_id"`
	HeldOn                string    `json:"held_on"`
	MonthsSinceRelease    int       `json:"months_since_release"`
	Housing               string    `json:"housing"`
	WorkEducation         string    `json:"work_education"`
	FamilyContact         string    `json:"family_contact"`
	SupervisionCompliance string    `json:"supervision_compliance"`
	NewOffence            string    `json:"new_offence"`
	OffenceCategory       *string   `json:"offence_category"`
	OffenceOn             *string   `json:"offence_on"`
	Notes                 string    `json:"notes"`
	RecordedBy            string    `json:"recorded_by"`
	CreatedAt             time.Time `json:"created_at"`
}

func followUpOut(f domain.FollowUp) followUpResponse {
	return followUpResponse{ID: f.ID, CaseID: f.CaseID, HeldOn: dateOut(f.HeldOn), MonthsSinceRelease: f.MonthsSinceRelease, Housing: f.Housing,
		WorkEducation: f.WorkEducation, FamilyContact: f.FamilyContact, SupervisionCompliance: f.SupervisionCompliance, NewOffence: f.NewOffence,
		OffenceCategory: optString(f.OffenceCategory), OffenceOn: datePtrOut(f.OffenceOn), Notes: f.Notes, RecordedBy: f.RecordedBy, CreatedAt: f.CreatedAt.UTC()}
}

func (s *Server) listFollowUps(c *fiber.Ctx) error {
	q, err := s.pageQuery(c)
	if err != nil {
		return err
	}
	page, err := s.store.ListFollowUps(c.UserContext(), principal(c), c.Params("id"), q.Cursor, q.Limit)
	if err != nil {
		return err
	}
	out := make([]followUpResponse, 0, len(page.Items))
	for _, f := range page.Items {
		out = append(out, followUpOut(f))
	}
	resp := fiber.Map{"items": out}
	if page.NextCursor != "" {
		resp["next_cursor"] = page.NextCursor
	}
	return c.JSON(resp)
}

func (s *Server) createFollowUp(c *fiber.Ctx) error {
	var req followUpRequest
	if err := s.bind(c, &req); err != nil {
		return err
	}
	in := domain.FollowUpInput{AcknowledgeIdentifiers: req.AcknowledgeIdentifiers}
	in.HeldOn, in.Housing, in.WorkEducation, in.FamilyContact = parseDate(req.HeldOn), req.Housing, req.WorkEducation, req.FamilyContact
	in.SupervisionCompliance, in.NewOffence, in.OffenceCategory = req.SupervisionCompliance, req.NewOffence, req.OffenceCategory
	in.OffenceOn, in.Notes = parseDatePtr(req.OffenceOn), req.Notes
	f, err := s.store.CreateFollowUp(c.UserContext(), principal(c), c.Params("id"), in)
	if err != nil {
		return err
	}
	return c.Status(fiber.StatusCreated).JSON(followUpOut(f))
}

type practiceEvidenceResponse struct {
	practiceResponse
	Count  int     `json:"count"`
	LastOn *string `json:"last_on"`
}

func (s *Server) casePractices(c *fiber.Ctx) error {
	ps, err := s.store.CasePractices(c.UserContext(), principal(c), c.Params("id"))
	if err != nil {
		return err
	}
	out := make([]practiceEvidenceResponse, 0, len(ps))
	for _, p := range ps {
		out = append(out, practiceEvidenceResponse{practiceResponse: practiceOut(p.Practice), Count: p.Count, LastOn: datePtrOut(p.LastOn)})
	}
	return c.JSON(fiber.Map{"items": out})
}
