package api

import (
	"time"

	"github.com/gofiber/fiber/v2"

	"pathways/domain"
)

type ratingWire struct {
	ItemCode string `json:"item_code" validate:"required,max=32"`
	Rating   *int   `json:"rating"`
	NotRated bool   `json:"not_rated"`
	Evidence string `json:"evidence" validate:"max=4000"`
}

type assessmentRequest struct {
	InstrumentCode         string       `json:"instrument_code" validate:"required,max=63"`
	InstrumentVersion      string       `json:"instrument_version" validate:"max=20"`
	Occasion               string       `json:"occasion" validate:"required,oneof=baseline scheduled event pre_release post_release closure"`
	AssessedOn             string       `json:"assessed_on" validate:"required,datetime=2006-01-02"`
	Ratings                []ratingWire `json:"ratings" validate:"max=500,dive"`
	Overall                string       `json:"overall" validate:"omitempty,oneof=low moderate high"`
	Rationale              string       `json:"rationale" validate:"max=8000"`
	Supersedes             string       `json:"supersedes" validate:"omitempty,uuid"`
	AcknowledgeIdentifiers bool         `json:"acknowledge_identifiers"`
}

func (r assessmentRequest) input() domain.AssessmentInput {
	in := domain.AssessmentInput{InstrumentCode: r.InstrumentCode, InstrumentVersion: r.InstrumentVersion, Occasion: r.Occasion,
		AssessedOn: parseDate(r.AssessedOn), Overall: r.Overall, Rationale: r.Rationale, Supersedes: r.Supersedes,
		AcknowledgeIdentifiers: r.AcknowledgeIdentifiers}
	for _, x := range r.Ratings {
		in.Ratings = append(in.Ratings, domain.Rating{ItemCode: x.ItemCode, Rating: x.Rating, NotRated: x.NotRated, Evidence: x.Evidence})
	}
	return in
}

type assessmentResponse struct {
	ID                string       `json:"id"`
	CaseID            string       `json:"case_id"`
	InstrumentCode    string       `json:"instrument_code"`
	InstrumentVersion string       `json:"instrument_version"`
	Occasion          string       `json:"occasion"`
	Status            string       `json:"status"`
	AssessedOn        string       `json:"assessed_on"`
	Overall           *string      `json:"overall"`
	Rationale         string       `json:"rationale"`
	NextReviewDate    *string      `json:"next_review_date"`
	Supersedes        *string      `json:"supersedes"`
	AssessorID        string       `json:"assessor_id"`
	CreatedAt         time.Time    `json:"created_at"`
	FinalisedAt       *time.Time   `json:"finalised_at"`
	DiscardedAt       *time.Time   `json:"discarded_at,omitempty"`
	DiscardedBy       *string      `json:"discarded_by,omitempty"`
	Ratings           []ratingWire `json:"ratings"`
	Version           int          `json:"version"` // also the ETag of the answers about one assessment
}

func assessmentOut(a domain.Assessment) assessmentResponse {
	out := assessmentResponse{ID: a.ID, CaseID: a.CaseID, InstrumentCode: a.InstrumentCode, InstrumentVersion: a.InstrumentVersion,
		Occasion: a.Occasion, Status: a.Status, AssessedOn: dateOut(a.AssessedOn), Overall: stringOrNil(a.Overall), Rationale: a.Rationale,
		NextReviewDate: dateOrNil(a.NextReviewDate), Supersedes: stringOrNil(a.Supersedes), AssessorID: a.AssessorID,
		CreatedAt: a.CreatedAt.UTC(), FinalisedAt: utcPtr(a.FinalisedAt), DiscardedAt: utcPtr(a.DiscardedAt), DiscardedBy: stringOrNil(a.DiscardedBy),
		Ratings: []ratingWire{}, Version: a.Version}
	for _, r := range a.Ratings {
		out.Ratings = append(out.Ratings, ratingWire{ItemCode: r.ItemCode, Rating: r.Rating, NotRated: r.NotRated, Evidence: r.Evidence})
	}
	return out
}

type assessmentListQuery struct {
	// IncludeDiscarded lists discarded drafts too; by default they are left out.
	IncludeDiscarded bool `query:"include_discarded"`
}

func (s *Server) listAssessments(c *fiber.Ctx) error {
	var q assessmentListQuery
	if err := s.readQuery(c, &q); err != nil {
		return err
	}
	as, err := s.store.ListAssessments(c.UserContext(), principal(c), c.Params("id"), q.IncludeDiscarded)
	if err != nil {
		return err
	}
	return sendList(c, as, assessmentOut)
}

func (s *Server) createAssessment(c *fiber.Ctx) error {
	var req assessmentRequest
	if err := s.bind(c, &req); err != nil {
		return err
	}
	a, err := s.store.CreateAssessment(c.UserContext(), principal(c), c.Params("id"), req.input())
	if err != nil {
		return err
	}
	setVersionETag(c, a.Version)
	return c.Status(fiber.StatusCreated).JSON(assessmentOut(a))
}

// updateAssessment replaces a draft; If-Match must name the version the caller read.
func (s *Server) updateAssessment(c *fiber.Ctx) error {
	version, err := recordIfMatch(c, "assessment")
	if err != nil {
		return err
	}
	var req assessmentRequest
	if err := s.bind(c, &req); err != nil {
		return err
	}
	a, err := s.store.UpdateAssessment(c.UserContext(), principal(c), c.Params("id"), c.Params("aid"), version, req.input())
	if err != nil {
		return err
	}
	setVersionETag(c, a.Version)
	return c.JSON(assessmentOut(a))
}

// finaliseAssessment finalises a draft; If-Match must name its current version, so nobody
// finalises content they have not seen.
func (s *Server) finaliseAssessment(c *fiber.Ctx) error {
	version, err := recordIfMatch(c, "assessment")
	if err != nil {
		return err
	}
	a, err := s.store.FinaliseAssessment(c.UserContext(), principal(c), c.Params("id"), c.Params("aid"), version)
	if err != nil {
		return err
	}
	setVersionETag(c, a.Version)
	return c.JSON(assessmentOut(a))
}

// discardAssessment sets a draft aside for good (kept on the record, marked discarded);
// If-Match must name its current version, so nobody discards content they have not seen.
func (s *Server) discardAssessment(c *fiber.Ctx) error {
	version, err := recordIfMatch(c, "assessment")
	if err != nil {
		return err
	}
	a, err := s.store.DiscardAssessment(c.UserContext(), principal(c), c.Params("id"), c.Params("aid"), version)
	if err != nil {
		return err
	}
	setVersionETag(c, a.Version)
	return c.JSON(assessmentOut(a))
}
