package api

import (
	"strconv"
	"time"

	"github.com/gofiber/fiber/v2"

	"pathways/domain"
)

type reintegrationItemWire struct {
	Area        string `json:"area" validate:"required,oneof=housing work_education family mentoring supervision documents health community"`
	Status      string `json:"status" validate:"required,oneof=not_started in_progress in_place"`
	Description string `json:"description" validate:"max=4000"`
}

type reintegrationRequest struct {
	PlannedRelease         *string                 `json:"planned_release" validate:"omitempty,datetime=2006-01-02"`
	ReleaseType            string                  `json:"release_type" validate:"omitempty,oneof=end_of_sentence parole conditional court_order other"`
	SupervisingAgency      string                  `json:"supervising_agency" validate:"max=200"`
	Items                  []reintegrationItemWire `json:"items" validate:"max=8,dive"`
	AcknowledgeIdentifiers bool                    `json:"acknowledge_identifiers"`
}

type reintegrationResponse struct {
	CaseID            string                  `json:"case_id"`
	Status            string                  `json:"status"`
	PlannedRelease    *string                 `json:"planned_release"`
	ReleaseType       *string                 `json:"release_type"`
	SupervisingAgency string                  `json:"supervising_agency"`
	Version           int                     `json:"version"`
	UpdatedBy         string                  `json:"updated_by"`
	UpdatedAt         time.Time               `json:"updated_at"`
	DecidedAt         *time.Time              `json:"decided_at"`
	Items             []reintegrationItemWire `json:"items"`
	// InForce is the approved plan that stays in force while this working copy, a revision
	// of it, waits for approval; null when the working copy is itself the plan in force or
	// no approved version is kept.
	InForce *reintegrationInForceResponse `json:"in_force"`
}

// reintegrationInForceResponse is the content of the approved plan kept in force.
type reintegrationInForceResponse struct {
	PlannedRelease    *string                 `json:"planned_release"`
	ReleaseType       *string                 `json:"release_type"`
	SupervisingAgency string                  `json:"supervising_agency"`
	Version           int                     `json:"version"`
	UpdatedBy         string                  `json:"updated_by"`
	UpdatedAt         time.Time               `json:"updated_at"`
	DecidedAt         *time.Time              `json:"decided_at"`
	Items             []reintegrationItemWire `json:"items"`
}

func reintegrationItemsOut(items []domain.ReintegrationItem) []reintegrationItemWire {
	return mapItems(items, func(it domain.ReintegrationItem) reintegrationItemWire {
		return reintegrationItemWire{Area: it.Area, Status: it.Status, Description: it.Description}
	})
}

// The reintegration plan has its own version, sent as its ETag; the case's ETag is not
// involved, so editing the plan never races with unrelated changes to the case.
func reintegrationOut(c *fiber.Ctx, r domain.ReintegrationPlan) reintegrationResponse {
	c.Set(fiber.HeaderETag, `"`+strconv.Itoa(r.Version)+`"`)
	out := reintegrationResponse{CaseID: r.CaseID, Status: r.Status, PlannedRelease: dateOrNil(r.PlannedRelease), ReleaseType: stringOrNil(r.ReleaseType),
		SupervisingAgency: r.SupervisingAgency, Version: r.Version, UpdatedBy: r.UpdatedBy, UpdatedAt: r.UpdatedAt.UTC(), DecidedAt: utcPtr(r.DecidedAt),
		Items: reintegrationItemsOut(r.Items)}
	if f := r.InForce; f != nil {
		out.InForce = &reintegrationInForceResponse{PlannedRelease: dateOrNil(f.PlannedRelease), ReleaseType: stringOrNil(f.ReleaseType),
			SupervisingAgency: f.SupervisingAgency, Version: f.Version, UpdatedBy: f.UpdatedBy, UpdatedAt: f.UpdatedAt.UTC(),
			DecidedAt: utcPtr(f.DecidedAt), Items: reintegrationItemsOut(f.Items)}
	}
	return out
}

func (s *Server) getReintegrationPlan(c *fiber.Ctx) error {
	r, err := s.store.GetReintegrationPlan(c.UserContext(), principal(c), c.Params("id"))
	if err != nil {
		return err
	}
	return c.JSON(reintegrationOut(c, r))
}

func (s *Server) putReintegrationPlan(c *fiber.Ctx) error {
	// No If-Match creates the plan; with one, it replaces the version it names.
	ifMatch, err := optionalIfMatch(c, "reintegration plan")
	if err != nil {
		return err
	}
	var req reintegrationRequest
	if err := s.bind(c, &req); err != nil {
		return err
	}
	in := domain.ReintegrationInput{PlannedRelease: parseDatePtr(req.PlannedRelease), ReleaseType: req.ReleaseType,
		SupervisingAgency: req.SupervisingAgency, AcknowledgeIdentifiers: req.AcknowledgeIdentifiers}
	for _, it := range req.Items {
		in.Items = append(in.Items, domain.ReintegrationItem{Area: it.Area, Status: it.Status, Description: it.Description})
	}
	r, created, err := s.store.PutReintegrationPlan(c.UserContext(), principal(c), c.Params("id"), ifMatch, in)
	if err != nil {
		return err
	}
	if created {
		c.Status(fiber.StatusCreated)
	}
	return c.JSON(reintegrationOut(c, r))
}

// submitReintegrationPlan submits the version If-Match names, which must be the current one.
func (s *Server) submitReintegrationPlan(c *fiber.Ctx) error {
	ifMatch, err := recordIfMatch(c, "reintegration plan")
	if err != nil {
		return err
	}
	r, err := s.store.SubmitReintegrationPlan(c.UserContext(), principal(c), c.Params("id"), ifMatch)
	if err != nil {
		return err
	}
	return c.JSON(reintegrationOut(c, r))
}

// discardReintegrationRevision drops the revision If-Match names; the approved plan kept in
// force becomes the working copy again.
func (s *Server) discardReintegrationRevision(c *fiber.Ctx) error {
	ifMatch, err := recordIfMatch(c, "reintegration plan")
	if err != nil {
		return err
	}
	r, err := s.store.DiscardReintegrationRevision(c.UserContext(), principal(c), c.Params("id"), ifMatch)
	if err != nil {
		return err
	}
	return c.JSON(reintegrationOut(c, r))
}
