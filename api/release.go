package api

import (
	"time"

	"github.com/gofiber/fiber/v2"

	"pathways/domain"
)

// Releases of a custodial case: every one kept, with its recall.

type releaseRequest struct {
	ReleasedOn             string `json:"released_on" validate:"required,datetime=2006-01-02"`
	ReleaseType            string `json:"release_type" validate:"required,oneof=end_of_sentence parole conditional court_order other"`
	SupervisingAgency      string `json:"supervising_agency" validate:"max=200"`
	Conditions             string `json:"conditions" validate:"max=4000"`
	AcknowledgeIdentifiers bool   `json:"acknowledge_identifiers"`
}

// releasePatchRequest: fields left out stay; recall_outcome null says what followed is not
// known.
type releasePatchRequest struct {
	ReleasedOn             patchField[string] `json:"released_on"`
	ReleaseType            patchField[string] `json:"release_type"`
	SupervisingAgency      patchField[string] `json:"supervising_agency"`
	Conditions             patchField[string] `json:"conditions"`
	RecallOutcome          patchField[string] `json:"recall_outcome"`
	AcknowledgeIdentifiers bool               `json:"acknowledge_identifiers"`
}

type releaseRecallResponse struct {
	On            string  `json:"on"`
	Reason        string  `json:"reason"`
	Outcome       *string `json:"outcome"`
	PhaseChangeID *string `json:"phase_change_id"`
}

type releaseResponse struct {
	ID                string                 `json:"id"`
	CaseID            string                 `json:"case_id"`
	Number            int                    `json:"number"`
	ReleasedOn        string                 `json:"released_on"`
	ReleaseType       string                 `json:"release_type"`
	TypeGroup         string                 `json:"type_group"`
	SupervisingAgency string                 `json:"supervising_agency"`
	Conditions        string                 `json:"conditions"`
	Status            string                 `json:"status"`
	EnteredOn         *string                `json:"entered_on"`
	Recall            *releaseRecallResponse `json:"recall"`
	RecordedBy        string                 `json:"recorded_by"`
	CreatedAt         time.Time              `json:"created_at"`
}

func releaseOut(r domain.CaseRelease) releaseResponse {
	out := releaseResponse{ID: r.ID, CaseID: r.CaseID, Number: r.Number, ReleasedOn: dateOut(r.ReleasedOn), ReleaseType: r.ReleaseType,
		TypeGroup: domain.ReleaseTypeGroup(r.ReleaseType), SupervisingAgency: r.SupervisingAgency, Conditions: r.Conditions,
		Status: r.Status(), EnteredOn: dateOrNil(r.EnteredOn), RecordedBy: r.RecordedBy, CreatedAt: r.CreatedAt.UTC()}
	if rc := r.Recall; rc != nil {
		out.Recall = &releaseRecallResponse{On: dateOut(rc.On), Reason: rc.Reason, Outcome: stringOrNil(rc.Outcome), PhaseChangeID: stringOrNil(rc.PhaseChangeID)}
	}
	return out
}

func (s *Server) listReleases(c *fiber.Ctx) error {
	rs, err := s.store.ListReleases(c.UserContext(), principal(c), c.Params("id"))
	if err != nil {
		return err
	}
	return sendList(c, rs, releaseOut)
}

// createRelease records a release of a case in pre-release: it changes the case, so it needs
// If-Match, and answers the case's new ETag.
func (s *Server) createRelease(c *fiber.Ctx) error {
	version, err := ifMatch(c)
	if err != nil {
		return err
	}
	var req releaseRequest
	if err := s.bind(c, &req); err != nil {
		return err
	}
	r, v, err := s.store.CreateRelease(c.UserContext(), principal(c), c.Params("id"), version, domain.ReleaseInput{
		ReleasedOn: parseDate(req.ReleasedOn), ReleaseType: req.ReleaseType, SupervisingAgency: req.SupervisingAgency,
		Conditions: req.Conditions, AcknowledgeIdentifiers: req.AcknowledgeIdentifiers})
	if err != nil {
		return err
	}
	setETag(c, v)
	return c.Status(fiber.StatusCreated).JSON(releaseOut(r))
}

func (s *Server) updateRelease(c *fiber.Ctx) error {
	version, err := ifMatch(c)
	if err != nil {
		return err
	}
	var req releasePatchRequest
	if err := s.bind(c, &req); err != nil {
		return err
	}
	var probs domain.Problems
	u := domain.ReleaseUpdate{ReleasedOn: optDateIn("released_on", req.ReleasedOn, &probs), ReleaseType: optStringIn(req.ReleaseType),
		SupervisingAgency: optStringIn(req.SupervisingAgency), Conditions: optStringIn(req.Conditions),
		RecallOutcome: optStringIn(req.RecallOutcome), AcknowledgeIdentifiers: req.AcknowledgeIdentifiers}
	for field, o := range map[string]patchField[string]{"supervising_agency": req.SupervisingAgency, "conditions": req.Conditions} {
		if o.Set && len(o.V) > 4000 {
			probs.Add(field, "max", "must be at most 4000 characters")
		}
	}
	if err := probs.Err(); err != nil {
		return err
	}
	r, v, err := s.store.UpdateRelease(c.UserContext(), principal(c), c.Params("id"), c.Params("rid"), version, u)
	if err != nil {
		return err
	}
	setETag(c, v)
	return c.JSON(releaseOut(r))
}
