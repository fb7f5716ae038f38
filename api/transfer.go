package api

import (
	"time"

	"github.com/gofiber/fiber/v2"

	"pathways/domain"
)

// Transfers between facilities: asked for on the case, decided by the receiving facility's
// supervisor from their queue.

type transferRequest struct {
	ToFacilityID           string `json:"to_facility_id" validate:"required,uuid"`
	Reason                 string `json:"reason" validate:"required,max=2000"`
	TransferOn             string `json:"transfer_on" validate:"required,datetime=2006-01-02"`
	AcknowledgeIdentifiers bool   `json:"acknowledge_identifiers"`
}

type transferAcceptRequest struct {
	CaseManagerID          string              `json:"case_manager_id" validate:"required,uuid"`
	Members                []teamMemberRequest `json:"members" validate:"required,min=1,max=50,dive"`
	Comment                string              `json:"comment" validate:"max=2000"`
	AcknowledgeIdentifiers bool                `json:"acknowledge_identifiers"`
}

type transferDeclineRequest struct {
	Comment                string `json:"comment" validate:"required,max=2000"`
	AcknowledgeIdentifiers bool   `json:"acknowledge_identifiers"`
}

type handoverResponse struct {
	Phase            string            `json:"phase"`
	LatestAssessment *handoverAssessed `json:"latest_assessment"`
	Plan             *handoverPlan     `json:"plan"`
	OpenRequests     []string          `json:"open_requests"`
	DueFollowUps     []handoverPoint   `json:"due_follow_ups"`
	Summary          string            `json:"summary"`
}

type handoverAssessed struct {
	On         string  `json:"on"`
	Overall    string  `json:"overall"`
	NextReview *string `json:"next_review"`
}

type handoverPlan struct {
	Version    int     `json:"version"`
	ApprovedOn *string `json:"approved_on"`
}

type handoverPoint struct {
	Months int    `json:"months"`
	DueOn  string `json:"due_on"`
}

type transferResponse struct {
	ID             string            `json:"id"`
	CaseID         string            `json:"case_id"`
	Pseudonym      string            `json:"pseudonym"`
	CasePhase      string            `json:"case_phase"`
	Track          string            `json:"track"`
	ProgrammeID    string            `json:"programme_id"`
	FromFacilityID string            `json:"from_facility_id"`
	FromFacility   string            `json:"from_facility"`
	ToFacilityID   string            `json:"to_facility_id"`
	ToFacility     string            `json:"to_facility"`
	Reason         string            `json:"reason"`
	TransferOn     string            `json:"transfer_on"`
	Status         string            `json:"status"`
	RequestedBy    string            `json:"requested_by"`
	RequestedAt    time.Time         `json:"requested_at"`
	DecidedBy      *string           `json:"decided_by"`
	DecidedAt      *time.Time        `json:"decided_at"`
	Comment        string            `json:"comment"`
	Handover       *handoverResponse `json:"handover"`
}

func transferOut(t domain.Transfer) transferResponse {
	out := transferResponse{ID: t.ID, CaseID: t.CaseID, Pseudonym: t.Pseudonym, CasePhase: string(t.CasePhase), Track: string(t.Track),
		ProgrammeID: t.ProgrammeID, FromFacilityID: t.FromFacilityID, FromFacility: t.FromFacility, ToFacilityID: t.ToFacilityID,
		ToFacility: t.ToFacility, Reason: t.Reason, TransferOn: dateOut(t.TransferOn), Status: t.Status, RequestedBy: t.RequestedBy,
		RequestedAt: t.RequestedAt.UTC(), DecidedBy: stringOrNil(t.DecidedBy), Comment: t.Comment}
	if t.DecidedAt != nil {
		d := t.DecidedAt.UTC()
		out.DecidedAt = &d
	}
	if h := t.Handover; h != nil {
		ho := &handoverResponse{Phase: string(h.Phase), OpenRequests: h.OpenRequests, DueFollowUps: []handoverPoint{}, Summary: h.Summary()}
		if ho.OpenRequests == nil {
			ho.OpenRequests = []string{}
		}
		if a := h.LatestAssessment; a != nil {
			ho.LatestAssessment = &handoverAssessed{On: dateOut(a.On), Overall: a.Overall, NextReview: dateOrNil(a.NextReview)}
		}
		if pl := h.Plan; pl != nil {
			ho.Plan = &handoverPlan{Version: pl.Version, ApprovedOn: dateOrNil(pl.ApprovedOn)}
		}
		for _, d := range h.DueFollowUps {
			ho.DueFollowUps = append(ho.DueFollowUps, handoverPoint{Months: d.Months, DueOn: dateOut(d.DueOn)})
		}
		out.Handover = ho
	}
	return out
}

func transfersOut(ts []domain.Transfer) listResponse[transferResponse] {
	return listOf(mapItems(ts, transferOut))
}

// requestTransfer asks to move the case: a change to the case, so it needs If-Match.
func (s *Server) requestTransfer(c *fiber.Ctx) error {
	version, err := ifMatch(c)
	if err != nil {
		return err
	}
	var req transferRequest
	if err := s.bind(c, &req); err != nil {
		return err
	}
	t, v, err := s.store.RequestTransfer(c.UserContext(), principal(c), c.Params("id"), version, domain.TransferRequest{
		ToFacilityID: req.ToFacilityID, Reason: req.Reason, TransferOn: parseDate(req.TransferOn), AcknowledgeIdentifiers: req.AcknowledgeIdentifiers})
	if err != nil {
		return err
	}
	setETag(c, v)
	return c.Status(fiber.StatusCreated).JSON(transferOut(t))
}

func (s *Server) listCaseTransfers(c *fiber.Ctx) error {
	ts, err := s.store.ListCaseTransfers(c.UserContext(), principal(c), c.Params("id"))
	if err != nil {
		return err
	}
	return c.JSON(transfersOut(ts))
}

type transferListQuery struct {
	Direction string `query:"direction" validate:"omitempty,oneof=incoming outgoing"`
	Status    string `query:"status" validate:"omitempty,oneof=pending accepted declined"`
	Cursor    string `query:"cursor" validate:"max=200"`
	Limit     int    `query:"limit" validate:"omitempty,gte=1,lte=200"`
}

func (s *Server) listTransfers(c *fiber.Ctx) error {
	var q transferListQuery
	if err := s.readQuery(c, &q); err != nil {
		return err
	}
	if q.Direction == "" {
		q.Direction = "incoming"
	}
	ts, next, err := s.store.ListTransfers(c.UserContext(), principal(c), domain.TransferFilter{Direction: q.Direction, Status: q.Status,
		Cursor: q.Cursor, Limit: q.Limit})
	if err != nil {
		return err
	}
	return c.JSON(pageOf(mapItems(ts, transferOut), next))
}

func (s *Server) acceptTransfer(c *fiber.Ctx) error {
	var req transferAcceptRequest
	if err := s.bind(c, &req); err != nil {
		return err
	}
	members := make([]domain.TeamMember, 0, len(req.Members))
	for _, m := range req.Members {
		members = append(members, domain.TeamMember{UserID: m.UserID, Discipline: m.Discipline})
	}
	t, err := s.store.DecideTransfer(c.UserContext(), principal(c), c.Params("tid"), domain.TransferDecision{Accept: true,
		Comment: req.Comment, CaseManagerID: req.CaseManagerID, Members: members, AcknowledgeIdentifiers: req.AcknowledgeIdentifiers})
	if err != nil {
		return err
	}
	return c.JSON(transferOut(t))
}

func (s *Server) declineTransfer(c *fiber.Ctx) error {
	var req transferDeclineRequest
	if err := s.bind(c, &req); err != nil {
		return err
	}
	t, err := s.store.DecideTransfer(c.UserContext(), principal(c), c.Params("tid"), domain.TransferDecision{Comment: req.Comment,
		AcknowledgeIdentifiers: req.AcknowledgeIdentifiers})
	if err != nil {
		return err
	}
	return c.JSON(transferOut(t))
}
