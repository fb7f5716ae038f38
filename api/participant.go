package api

import (
	"github.com/gofiber/fiber/v2"

	"pathways/domain"
)

// Re-entry: at intake, staff look a person up among the participants with a case in their
// scope. The reference travels in the body (never in a URL, which logs keep) and only its
// HMAC is compared.

type participantLookupRequest struct {
	ExternalRef string `json:"external_ref" validate:"max=64"`
	Pseudonym   string `json:"pseudonym" validate:"max=20"`
}

type episodeResponse struct {
	CaseID        *string `json:"case_id"` // null where the caller may not open the case
	FacilityID    string  `json:"facility_id"`
	ProgrammeID   string  `json:"programme_id"`
	Track         string  `json:"track"`
	Phase         string  `json:"phase"`
	OpenedOn      string  `json:"opened_on"`
	ClosedOn      *string `json:"closed_on"`
	ClosureReason *string `json:"closure_reason"`
}

type participantMatchResponse struct {
	ID          string            `json:"id"`
	Pseudonym   string            `json:"pseudonym"`
	Country     string            `json:"country"`
	BirthYear   int               `json:"birth_year"`
	Gender      string            `json:"gender"`
	Nationality string            `json:"nationality"`
	Categories  []string          `json:"categories"`
	OpenCase    bool              `json:"open_case"`
	Episodes    []episodeResponse `json:"episodes"`
}

func (s *Server) lookupParticipants(c *fiber.Ctx) error {
	var req participantLookupRequest
	if err := s.bind(c, &req); err != nil {
		return err
	}
	ms, err := s.store.LookupParticipants(c.UserContext(), principal(c), domain.ParticipantLookup{ExternalRef: req.ExternalRef,
		Pseudonym: req.Pseudonym}, s.cfg.Secret)
	if err != nil {
		return err
	}
	out := make([]participantMatchResponse, 0, len(ms))
	for _, m := range ms {
		pt := m.Participant
		cats := pt.Categories
		if cats == nil {
			cats = []string{}
		}
		r := participantMatchResponse{ID: pt.ID, Pseudonym: pt.Pseudonym, Country: pt.Country, BirthYear: pt.BirthYear, Gender: pt.Gender,
			Nationality: pt.Nationality, Categories: cats, OpenCase: m.OpenEpisode() != nil, Episodes: []episodeResponse{}}
		for _, e := range m.Episodes {
			r.Episodes = append(r.Episodes, episodeResponse{CaseID: stringOrNil(e.CaseID), FacilityID: e.FacilityID, ProgrammeID: e.ProgrammeID,
				Track: string(e.Track), Phase: string(e.Phase), OpenedOn: dateOut(e.OpenedOn), ClosedOn: dateOrNil(e.ClosedOn),
				ClosureReason: stringOrNil(e.ClosureReason)})
		}
		out = append(out, r)
	}
	return c.JSON(listOf(out))
}
