package api

import (
	"time"

	"github.com/gofiber/fiber/v2"

	"pathways/domain"
)

type countryResponse struct {
	Code string `json:"code"`
	Name string `json:"name"`
}

func (s *Server) listCountries(c *fiber.Ctx) error {
	cs, err := s.store.ListCountries(c.UserContext())
	if err != nil {
		return err
	}
	out := make([]countryResponse, 0, len(cs))
	for _, x := range cs {
		out = append(out, countryResponse{Code: x.Code, Name: x.Name})
	}
	return c.JSON(listOf(out))
}

type facilityResponse struct {
	ID        string    `json:"id"`
	Country   string    `json:"country"`
	Name      string    `json:"name"`
	Kind      string    `json:"kind"`
	CreatedAt time.Time `json:"created_at"`
	// RetiredAt: set once the facility is retired (listed with include_retired=true only).
	RetiredAt *time.Time `json:"retired_at,omitempty"`
}

type facilityRequest struct {
	Country string `json:"country" validate:"required,len=2,uppercase"`
	Name    string `json:"name" validate:"required,min=1,max=200,nodircontrol"`
	Kind    string `json:"kind" validate:"required,oneof=prison probation community"`
}

func facilityOut(f domain.Facility) facilityResponse {
	return facilityResponse{ID: f.ID, Country: f.Country, Name: f.Name, Kind: string(f.Kind), CreatedAt: f.CreatedAt.UTC(), RetiredAt: utcPtr(f.RetiredAt)}
}

// organisationQuery: retired facilities and programmes are listed only when asked for.
type organisationQuery struct {
	IncludeRetired bool `query:"include_retired"`
}

func (s *Server) organisationQuery(c *fiber.Ctx) (organisationQuery, error) {
	var q organisationQuery
	if err := c.QueryParser(&q); err != nil {
		return q, &domain.Error{Code: domain.CodeInvalid, Message: "the query string breaks a rule",
			Fields: []domain.FieldProblem{{Field: "include_retired", Reason: "type", Detail: "true or false"}}}
	}
	return q, nil
}

func (s *Server) listFacilities(c *fiber.Ctx) error {
	q, err := s.organisationQuery(c)
	if err != nil {
		return err
	}
	p := principal(c)
	fs, err := s.store.ListFacilities(c.UserContext(), p, q.IncludeRetired)
	if err != nil {
		return err
	}
	return sendList(c, fs, func(f domain.Facility) facilityListItem {
		return facilityListItem{facilityResponse: facilityOut(f), InMyScope: p.WorksAt(f.Country, f.ID)}
	})
}

func (s *Server) createFacility(c *fiber.Ctx) error {
	var req facilityRequest
	if err := s.bind(c, &req); err != nil {
		return err
	}
	f, err := s.store.CreateFacility(c.UserContext(), principal(c), domain.Facility{Country: req.Country, Name: req.Name, Kind: domain.FacilityKind(req.Kind)})
	if err != nil {
		return err
	}
	return c.Status(fiber.StatusCreated).JSON(facilityOut(f))
}

type programmeResponse struct {
	ID              string    `json:"id"`
	Country         string    `json:"country"`
	Name            string    `json:"name"`
	Description     string    `json:"description"`
	AftercareMonths int       `json:"aftercare_months"`
	FollowUpMonths  []int     `json:"follow_up_months"`
	CreatedAt       time.Time `json:"created_at"`
	// RetiredAt: set once the programme takes no new intake (listed with include_retired=true
	// only).
	RetiredAt *time.Time `json:"retired_at,omitempty"`
}

type programmeRequest struct {
	Country         string `json:"country" validate:"required,len=2,uppercase"`
	Name            string `json:"name" validate:"required,min=1,max=200,nodircontrol"`
	Description     string `json:"description" validate:"max=4000"`
	AftercareMonths *int   `json:"aftercare_months" validate:"omitempty,gte=0,lte=120"`
	// FollowUpMonths: the follow-up points, in increasing months; default 3, 6, 12, 24.
	FollowUpMonths []int `json:"follow_up_months" validate:"omitempty,max=12"`
}

func programmeOut(g domain.Programme) programmeResponse {
	return programmeResponse{ID: g.ID, Country: g.Country, Name: g.Name, Description: g.Description,
		AftercareMonths: g.AftercareMonths, FollowUpMonths: g.FollowUpMonths, CreatedAt: g.CreatedAt.UTC(), RetiredAt: utcPtr(g.RetiredAt)}
}

func (s *Server) listProgrammes(c *fiber.Ctx) error {
	q, err := s.organisationQuery(c)
	if err != nil {
		return err
	}
	p := principal(c)
	gs, err := s.store.ListProgrammes(c.UserContext(), p, q.IncludeRetired)
	if err != nil {
		return err
	}
	fs, err := s.store.ListFacilities(c.UserContext(), p, false)
	if err != nil {
		return err
	}
	worked := p.CountriesWorkedIn(fs)
	return sendList(c, gs, func(g domain.Programme) programmeListItem {
		return programmeListItem{programmeResponse: programmeOut(g), InMyScope: worked[g.Country]}
	})
}

func (s *Server) createProgramme(c *fiber.Ctx) error {
	var req programmeRequest
	if err := s.bind(c, &req); err != nil {
		return err
	}
	g := domain.Programme{Country: req.Country, Name: req.Name, Description: req.Description, AftercareMonths: 12}
	if req.AftercareMonths != nil {
		g.AftercareMonths = *req.AftercareMonths
	}
	if req.FollowUpMonths != nil {
		g.FollowUpMonths = req.FollowUpMonths
	}
	g, err := s.store.CreateProgramme(c.UserContext(), principal(c), g)
	if err != nil {
		return err
	}
	return c.Status(fiber.StatusCreated).JSON(programmeOut(g))
}

// facilityPatchRequest changes a facility. The country is not changeable: it may be sent
// back only as it is (domain.JudgeFacilityPatch).
type facilityPatchRequest struct {
	Name    *string `json:"name" validate:"omitempty,min=1,max=200,nodircontrol"`
	Kind    *string `json:"kind" validate:"omitempty,oneof=prison probation community"`
	Retired *bool   `json:"retired"`
	Country *string `json:"country" validate:"omitempty,len=2,uppercase"`
}

func (s *Server) updateFacility(c *fiber.Ctx) error {
	var req facilityPatchRequest
	if err := s.bind(c, &req); err != nil {
		return err
	}
	patch := domain.FacilityPatch{Name: req.Name, Retired: req.Retired, Country: req.Country}
	if req.Kind != nil {
		k := domain.FacilityKind(*req.Kind)
		patch.Kind = &k
	}
	f, err := s.store.UpdateFacility(c.UserContext(), principal(c), c.Params("id"), patch)
	if err != nil {
		return err
	}
	return c.JSON(facilityOut(f))
}

// programmePatchRequest changes a programme; its country is not changeable.
type programmePatchRequest struct {
	Name            *string `json:"name" validate:"omitempty,min=1,max=200,nodircontrol"`
	Description     *string `json:"description" validate:"omitempty,max=4000"`
	AftercareMonths *int    `json:"aftercare_months" validate:"omitempty,gte=0,lte=120"`
	FollowUpMonths  []int   `json:"follow_up_months" validate:"omitempty,max=12"`
	Retired         *bool   `json:"retired"`
	Country         *string `json:"country" validate:"omitempty,len=2,uppercase"`
}

func (s *Server) updateProgramme(c *fiber.Ctx) error {
	var req programmePatchRequest
	if err := s.bind(c, &req); err != nil {
		return err
	}
	g, err := s.store.UpdateProgramme(c.UserContext(), principal(c), c.Params("id"), domain.ProgrammePatch{Name: req.Name,
		Description: req.Description, AftercareMonths: req.AftercareMonths, FollowUpMonths: req.FollowUpMonths, Retired: req.Retired, Country: req.Country})
	if err != nil {
		return err
	}
	return c.JSON(programmeOut(g))
}
