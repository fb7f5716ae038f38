package api

import (
	"time"

	"github.com/gofiber/fiber/v2"

	"pathways/domain"
)

// caseSessionRequest records a session for one case.
type caseSessionRequest struct {
	InterventionType       string `json:"intervention_type" validate:"required,max=63"`
	HeldOn                 string `json:"held_on" validate:"required,datetime=2006-01-02"`
	Minutes                int    `json:"minutes" validate:"required,gte=1,lte=720"`
	Format                 string `json:"format" validate:"required,oneof=individual group family"`
	DeliveredBy            string `json:"delivered_by" validate:"omitempty,uuid"`
	Notes                  string `json:"notes" validate:"max=8000"`
	AcknowledgeIdentifiers bool   `json:"acknowledge_identifiers"`
	Attendance             string `json:"attendance" validate:"required,oneof=attended late excused_absence unexcused_absence refused"`
	Engagement             *int   `json:"engagement" validate:"omitempty,gte=1,lte=5"`
}

type participantWire struct {
	CaseID     string `json:"case_id" validate:"required,uuid"`
	Attendance string `json:"attendance" validate:"required,oneof=attended late excused_absence unexcused_absence refused"`
	Engagement *int   `json:"engagement" validate:"omitempty,gte=1,lte=5"`
}

// groupSessionRequest records one session for several cases at once.
type groupSessionRequest struct {
	InterventionType       string            `json:"intervention_type" validate:"required,max=63"`
	HeldOn                 string            `json:"held_on" validate:"required,datetime=2006-01-02"`
	Minutes                int               `json:"minutes" validate:"required,gte=1,lte=720"`
	Format                 string            `json:"format" validate:"required,oneof=individual group family"`
	DeliveredBy            string            `json:"delivered_by" validate:"omitempty,uuid"`
	Notes                  string            `json:"notes" validate:"max=8000"`
	AcknowledgeIdentifiers bool              `json:"acknowledge_identifiers"`
	Participants           []participantWire `json:"participants" validate:"required,min=1,max=100,dive"`
}

type attendanceResponse struct {
	CaseID     string `json:"case_id"`
	Attendance string `json:"attendance"`
	Engagement *int   `json:"engagement"`
}

type sessionResponse struct {
	ID               string               `json:"id"`
	InterventionType string               `json:"intervention_type"`
	HeldOn           string               `json:"held_on"`
	Minutes          int                  `json:"minutes"`
	Format           string               `json:"format"`
	DeliveredBy      string               `json:"delivered_by"`
	FacilityID       string               `json:"facility_id"`
	Notes            string               `json:"notes"`
	CreatedBy        string               `json:"created_by"`
	CreatedAt        time.Time            `json:"created_at"`
	Participants     []attendanceResponse `json:"participants"`
}

func sessionOut(s domain.InterventionSession) sessionResponse {
	out := sessionResponse{ID: s.ID, InterventionType: s.InterventionType, HeldOn: dateOut(s.HeldOn), Minutes: s.Minutes, Format: s.Format,
		DeliveredBy: s.DeliveredBy, FacilityID: s.FacilityID, Notes: s.Notes, CreatedBy: s.CreatedBy, CreatedAt: s.CreatedAt.UTC(),
		Participants: []attendanceResponse{}}
	for _, a := range s.Attendance {
		out.Participants = append(out.Participants, attendanceResponse{CaseID: a.CaseID, Attendance: a.Attendance, Engagement: a.Engagement})
	}
	return out
}

// pageQuery is the keyset pagination of growing lists.
func (s *Server) listSessions(c *fiber.Ctx) error {
	q, err := s.pageQuery(c)
	if err != nil {
		return err
	}
	page, err := s.store.ListSessions(c.UserContext(), principal(c), c.Params("id"), q.Cursor, q.Limit)
	if err != nil {
		return err
	}
	return c.JSON(pageOf(mapItems(page.Items, sessionOut), page.NextCursor))
}

func (s *Server) createCaseSession(c *fiber.Ctx) error {
	var req caseSessionRequest
	if err := s.bind(c, &req); err != nil {
		return err
	}
	in := domain.SessionInput{InterventionType: req.InterventionType, HeldOn: parseDate(req.HeldOn), Minutes: req.Minutes, Format: req.Format,
		DeliveredBy: req.DeliveredBy, Notes: req.Notes, AcknowledgeIdentifiers: req.AcknowledgeIdentifiers,
		Participants: []domain.Attendance{{CaseID: c.Params("id"), Attendance: req.Attendance, Engagement: req.Engagement}}}
	out, err := s.store.RecordSession(c.UserContext(), principal(c), in)
	if err != nil {
		return err
	}
	return c.Status(fiber.StatusCreated).JSON(sessionOut(out))
}

func (s *Server) createGroupSession(c *fiber.Ctx) error {
	var req groupSessionRequest
	if err := s.bind(c, &req); err != nil {
		return err
	}
	in := domain.SessionInput{InterventionType: req.InterventionType, HeldOn: parseDate(req.HeldOn), Minutes: req.Minutes, Format: req.Format,
		DeliveredBy: req.DeliveredBy, Notes: req.Notes, AcknowledgeIdentifiers: req.AcknowledgeIdentifiers, Group: true}
	for _, p := range req.Participants {
		in.Participants = append(in.Participants, domain.Attendance{CaseID: p.CaseID, Attendance: p.Attendance, Engagement: p.Engagement})
	}
	out, err := s.store.RecordSession(c.UserContext(), principal(c), in)
	if err != nil {
		return err
	}
	return c.Status(fiber.StatusCreated).JSON(sessionOut(out))
}
