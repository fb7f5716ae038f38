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
}

type facilityRequest struct {
	Country string `json:"country" validate:"required,len=2,uppercase"`
	Name    string `json:"name" validate:"required,min=1,max=200"`
	Kind    string `json:"kind" validate:"required,oneof=prison probation community"`
}

func facilityOut(f domain.Facility) facilityResponse {
	return facilityResponse{ID: f.ID, Country: f.Country, Name: f.Name, Kind: string(f.Kind), CreatedAt: f.CreatedAt.UTC()}
}

func (s *Server) listFacilities(c *fiber.Ctx) error {
	p := principal(c)
	fs, err := s.store.ListFacilities(c.UserContext(), p)
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
}

type programmeRequest struct {
	Country         string `json:"country" validate:"required,len=2,uppercase"`
	Name            string `json:"name" validate:"required,min=1,max=200"`
	Description     string `json:"description" validate:"max=4000"`
	AftercareMonths *int   `json:"aftercare_months" validate:"omitempty,gte=0,lte=120"`
	// FollowUpMonths: the follow-up points, in increasing months; default 3, 6, 12, 24.
	FollowUpMonths []int `json:"follow_up_months" validate:"omitempty,max=12"`
}

func programmeOut(g domain.Programme) programmeResponse {
	return programmeResponse{ID: g.ID, Country: g.Country, Name: g.Name, Description: g.Description,
		AftercareMonths: g.AftercareMonths, FollowUpMonths: g.FollowUpMonths, CreatedAt: g.CreatedAt.UTC()}
}

func (s *Server) listProgrammes(c *fiber.Ctx) error {
	p := principal(c)
	gs, err := s.store.ListProgrammes(c.UserContext(), p)
	if err != nil {
		return err
	}
	fs, err := s.store.ListFacilities(c.UserContext(), p)
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
