package api

import (
	"time"

	"github.com/gofiber/fiber/v2"

	"pathways/domain"
)

type followUpRequest struct {
	// PointID is the follow-up point the follow-up reaches; left out, it is unscheduled.
	PointID                string  `json:"point_id" validate:"omitempty,uuid"`
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
	PointID               *string   `json:"point_id"`
	ReleaseID             *string   `json:"release_id"`
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
	return followUpResponse{ID: f.ID, CaseID: f.CaseID, PointID: stringOrNil(f.PointID), ReleaseID: stringOrNil(f.ReleaseID), HeldOn: dateOut(f.HeldOn), MonthsSinceRelease: f.MonthsSinceRelease, Housing: f.Housing,
		WorkEducation: f.WorkEducation, FamilyContact: f.FamilyContact, SupervisionCompliance: f.SupervisionCompliance, NewOffence: f.NewOffence,
		OffenceCategory: stringOrNil(f.OffenceCategory), OffenceOn: dateOrNil(f.OffenceOn), Notes: f.Notes, RecordedBy: f.RecordedBy, CreatedAt: f.CreatedAt.UTC()}
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
	return c.JSON(pageOf(mapItems(page.Items, followUpOut), page.NextCursor))
}

func (s *Server) createFollowUp(c *fiber.Ctx) error {
	var req followUpRequest
	if err := s.bind(c, &req); err != nil {
		return err
	}
	in := domain.FollowUpInput{AcknowledgeIdentifiers: req.AcknowledgeIdentifiers}
	in.PointID = req.PointID
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
	return sendList(c, ps, func(p domain.PracticeEvidence) practiceEvidenceResponse {
		return practiceEvidenceResponse{practiceResponse: practiceOut(p.Practice), Count: p.Count, LastOn: dateOrNil(p.LastOn)}
	})
}

type pointResponse struct {
	ID               string  `json:"id"`
	CaseID           string  `json:"case_id"`
	ReleaseID        *string `json:"release_id"`
	Anchor           string  `json:"anchor"`
	AnchorOn         string  `json:"anchor_on"`
	Months           int     `json:"months"`
	DueOn            string  `json:"due_on"`
	Status           string  `json:"status"`
	State            string  `json:"state"`
	FollowUpID       *string `json:"follow_up_id"`
	NotReachedReason *string `json:"not_reached_reason"`
	ClosedOn         *string `json:"closed_on"`
	ClosedBy         *string `json:"closed_by"`
}

func pointOut(p domain.FollowUpPoint) pointResponse {
	return pointResponse{ID: p.ID, CaseID: p.CaseID, ReleaseID: stringOrNil(p.ReleaseID), Anchor: p.Anchor, AnchorOn: dateOut(p.AnchorOn),
		Months: p.Months, DueOn: dateOut(p.DueOn), Status: p.Status, State: p.State, FollowUpID: stringOrNil(p.FollowUpID),
		NotReachedReason: stringOrNil(p.NotReachedReason), ClosedOn: dateOrNil(p.ClosedOn), ClosedBy: stringOrNil(p.ClosedBy)}
}

func (s *Server) listFollowUpPoints(c *fiber.Ctx) error {
	pts, err := s.store.ListFollowUpPoints(c.UserContext(), principal(c), c.Params("id"))
	if err != nil {
		return err
	}
	return sendList(c, pts, pointOut)
}

type notReachedRequest struct {
	Reason string `json:"reason" validate:"required,oneof=lost_contact refused moved_abroad in_custody deceased"`
	On     string `json:"on" validate:"required,datetime=2006-01-02"`
}

// closeFollowUpPoint closes a point as not reached: an update of the case's record, so it
// needs the case's If-Match and answers its new ETag.
func (s *Server) closeFollowUpPoint(c *fiber.Ctx) error {
	version, err := ifMatch(c)
	if err != nil {
		return err
	}
	var req notReachedRequest
	if err := s.bind(c, &req); err != nil {
		return err
	}
	pt, v, err := s.store.CloseFollowUpPoint(c.UserContext(), principal(c), c.Params("id"), c.Params("pid"), version,
		domain.NotReached{Reason: req.Reason, On: parseDate(req.On)})
	if err != nil {
		return err
	}
	setETag(c, v)
	return c.JSON(pointOut(pt))
}
