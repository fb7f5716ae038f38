package api

import (
	"time"

	"github.com/gofiber/fiber/v2"

	"pathways/domain"
)

type practiceResponse struct {
	Code     string `json:"code"`
	Number   int    `json:"number"`
	Section  string `json:"section"`
	Title    string `json:"title"`
	Evidence string `json:"evidence"`
	Status   string `json:"status"`
}

func practiceOut(p domain.Practice) practiceResponse {
	return practiceResponse{Code: p.Code, Number: p.Number, Section: p.Section, Title: p.Title, Evidence: p.Evidence, Status: p.Status}
}

func (s *Server) listPractices(c *fiber.Ctx) error {
	ps, err := s.store.ListPractices(c.UserContext())
	if err != nil {
		return err
	}
	return sendList(c, ps, practiceOut)
}

type catalogueQuery struct {
	IncludeRetired bool `query:"include_retired"`
}

func (s *Server) catalogueQuery(c *fiber.Ctx) (catalogueQuery, error) {
	var q catalogueQuery
	if err := c.QueryParser(&q); err != nil {
		return q, domain.Errorf(domain.CodeMalformed, "the query string could not be read: %v", err)
	}
	return q, nil
}

type interventionTypeResponse struct {
	Code        string     `json:"code"`
	Name        string     `json:"name"`
	Description string     `json:"description"`
	Practices   []string   `json:"practices"`
	CreatedAt   time.Time  `json:"created_at"`
	RetiredAt   *time.Time `json:"retired_at,omitempty"`
}

func interventionTypeOut(t domain.InterventionType) interventionTypeResponse {
	return interventionTypeResponse{Code: t.Code, Name: t.Name, Description: t.Description, Practices: nonNil(t.Practices),
		CreatedAt: t.CreatedAt.UTC(), RetiredAt: utcPtr(t.RetiredAt)}
}

type interventionTypeRequest struct {
	Code        string   `json:"code" validate:"required,max=63"`
	Name        string   `json:"name" validate:"required,max=200,nodircontrol"`
	Description string   `json:"description" validate:"max=2000"`
	Practices   []string `json:"practices" validate:"required,min=1,max=25"`
}

func (s *Server) listInterventionTypes(c *fiber.Ctx) error {
	q, err := s.catalogueQuery(c)
	if err != nil {
		return err
	}
	ts, err := s.store.ListInterventionTypes(c.UserContext(), q.IncludeRetired)
	if err != nil {
		return err
	}
	return sendList(c, ts, interventionTypeOut)
}

func (s *Server) createInterventionType(c *fiber.Ctx) error {
	var req interventionTypeRequest
	if err := s.bind(c, &req); err != nil {
		return err
	}
	t, err := s.store.CreateInterventionType(c.UserContext(), principal(c), domain.InterventionType{
		Code: req.Code, Name: req.Name, Description: req.Description, Practices: req.Practices})
	if err != nil {
		return err
	}
	return c.Status(fiber.StatusCreated).JSON(interventionTypeOut(t))
}

func (s *Server) retireInterventionType(c *fiber.Ctx) error {
	t, err := s.store.RetireInterventionType(c.UserContext(), principal(c), c.Params("code"))
	if err != nil {
		return err
	}
	return c.JSON(interventionTypeOut(t))
}

type milestoneDefinitionResponse struct {
	Code              string     `json:"code"`
	Domain            string     `json:"domain"`
	Name              string     `json:"name"`
	Description       string     `json:"description"`
	NeedsVerification bool       `json:"needs_verification"`
	Practices         []string   `json:"practices"`
	CreatedAt         time.Time  `json:"created_at"`
	RetiredAt         *time.Time `json:"retired_at,omitempty"`
}

func milestoneDefinitionOut(m domain.MilestoneDefinition) milestoneDefinitionResponse {
	return milestoneDefinitionResponse{Code: m.Code, Domain: m.Domain, Name: m.Name, Description: m.Description,
		NeedsVerification: m.NeedsVerification, Practices: nonNil(m.Practices), CreatedAt: m.CreatedAt.UTC(), RetiredAt: utcPtr(m.RetiredAt)}
}

type milestoneDefinitionRequest struct {
	Code              string   `json:"code" validate:"required,max=63"`
	Domain            string   `json:"domain" validate:"required,oneof=engagement behavioural attitudinal social practical_reintegration compliance"`
	Name              string   `json:"name" validate:"required,max=200,nodircontrol"`
	Description       string   `json:"description" validate:"max=2000"`
	NeedsVerification *bool    `json:"needs_verification" validate:"required"`
	Practices         []string `json:"practices" validate:"required,min=1,max=25"`
}

func (s *Server) listMilestoneDefinitions(c *fiber.Ctx) error {
	q, err := s.catalogueQuery(c)
	if err != nil {
		return err
	}
	ms, err := s.store.ListMilestoneDefinitions(c.UserContext(), q.IncludeRetired)
	if err != nil {
		return err
	}
	return sendList(c, ms, milestoneDefinitionOut)
}

func (s *Server) createMilestoneDefinition(c *fiber.Ctx) error {
	var req milestoneDefinitionRequest
	if err := s.bind(c, &req); err != nil {
		return err
	}
	m, err := s.store.CreateMilestoneDefinition(c.UserContext(), principal(c), domain.MilestoneDefinition{
		Code: req.Code, Domain: req.Domain, Name: req.Name, Description: req.Description,
		NeedsVerification: *req.NeedsVerification, Practices: req.Practices})
	if err != nil {
		return err
	}
	return c.Status(fiber.StatusCreated).JSON(milestoneDefinitionOut(m))
}

func (s *Server) retireMilestoneDefinition(c *fiber.Ctx) error {
	m, err := s.store.RetireMilestoneDefinition(c.UserContext(), principal(c), c.Params("code"))
	if err != nil {
		return err
	}
	return c.JSON(milestoneDefinitionOut(m))
}

// Instruments on the wire. The definition's shape is the same in requests and responses.
type scaleWire struct {
	Min    *int              `json:"min" validate:"required"`
	Max    *int              `json:"max" validate:"required"`
	Labels map[string]string `json:"labels,omitempty" validate:"max=101,dive,max=200"`
}

type instrumentItemWire struct {
	Code     string `json:"code" validate:"required,max=32"`
	Polarity string `json:"polarity" validate:"required,oneof=risk protective"`
	Text     string `json:"text,omitempty" validate:"max=1000"`
}

type instrumentDomainWire struct {
	Code  string               `json:"code" validate:"required,max=32"`
	Name  string               `json:"name" validate:"required,max=200,nodircontrol"`
	Items []instrumentItemWire `json:"items" validate:"required,min=1,max=200,dive"`
}

type instrumentDefinitionWire struct {
	Scale   scaleWire              `json:"scale"`
	Domains []instrumentDomainWire `json:"domains" validate:"required,min=1,max=50,dive"`
}

type instrumentRequest struct {
	Code               string                   `json:"code" validate:"required,max=63"`
	Version            string                   `json:"version" validate:"required,max=20"`
	Name               string                   `json:"name" validate:"required,max=200,nodircontrol"`
	Licence            string                   `json:"licence" validate:"max=200"`
	ReviewIntervalDays int                      `json:"review_interval_days" validate:"required"`
	Definition         instrumentDefinitionWire `json:"definition"`
}

type instrumentSummary struct {
	Code               string     `json:"code"`
	Version            string     `json:"version"`
	Name               string     `json:"name"`
	Licence            string     `json:"licence"`
	ReviewIntervalDays int        `json:"review_interval_days"`
	Items              int        `json:"items"`
	CreatedAt          time.Time  `json:"created_at"`
	RetiredAt          *time.Time `json:"retired_at,omitempty"`
}

type instrumentResponse struct {
	instrumentSummary
	Definition instrumentDefinitionWire `json:"definition"`
}

func instrumentSummaryOut(in domain.Instrument) instrumentSummary {
	return instrumentSummary{Code: in.Code, Version: in.Version, Name: in.Name, Licence: in.Licence, ReviewIntervalDays: in.ReviewIntervalDays,
		Items: len(in.Definition.ItemCodes()), CreatedAt: in.CreatedAt.UTC(), RetiredAt: utcPtr(in.RetiredAt)}
}

func instrumentOut(in domain.Instrument) instrumentResponse {
	d := in.Definition
	min, max := d.Scale.Min, d.Scale.Max
	def := instrumentDefinitionWire{Scale: scaleWire{Min: &min, Max: &max, Labels: d.Scale.Labels}, Domains: []instrumentDomainWire{}}
	for _, dom := range d.Domains {
		w := instrumentDomainWire{Code: dom.Code, Name: dom.Name, Items: []instrumentItemWire{}}
		for _, it := range dom.Items {
			w.Items = append(w.Items, instrumentItemWire{Code: it.Code, Polarity: it.Polarity, Text: it.Text})
		}
		def.Domains = append(def.Domains, w)
	}
	return instrumentResponse{instrumentSummary: instrumentSummaryOut(in), Definition: def}
}

func (s *Server) listInstruments(c *fiber.Ctx) error {
	ins, err := s.store.ListInstruments(c.UserContext())
	if err != nil {
		return err
	}
	return sendList(c, ins, instrumentSummaryOut)
}

type instrumentQuery struct {
	Version string `query:"version" validate:"max=20"`
}

func (s *Server) getInstrument(c *fiber.Ctx) error {
	var q instrumentQuery
	if err := c.QueryParser(&q); err != nil {
		return domain.Errorf(domain.CodeMalformed, "the query string could not be read: %v", err)
	}
	if err := s.check(q); err != nil {
		return err
	}
	in, err := s.store.GetInstrument(c.UserContext(), c.Params("code"), q.Version)
	if err != nil {
		return err
	}
	return c.JSON(instrumentOut(in))
}

func (s *Server) createInstrument(c *fiber.Ctx) error {
	var req instrumentRequest
	if err := s.bind(c, &req); err != nil {
		return err
	}
	if req.Definition.Scale.Min == nil || req.Definition.Scale.Max == nil {
		return domain.Invalid(domain.FieldProblem{Field: "definition.scale", Reason: "required", Detail: "min and max are required"})
	}
	in := domain.Instrument{Code: req.Code, Version: req.Version, Name: req.Name, Licence: req.Licence, ReviewIntervalDays: req.ReviewIntervalDays}
	if in.Licence == "" {
		in.Licence = "open"
	}
	in.Definition.Scale = domain.Scale{Min: *req.Definition.Scale.Min, Max: *req.Definition.Scale.Max, Labels: req.Definition.Scale.Labels}
	for _, dom := range req.Definition.Domains {
		d := domain.InstrumentDomain{Code: dom.Code, Name: dom.Name}
		for _, it := range dom.Items {
			d.Items = append(d.Items, domain.InstrumentItem{Code: it.Code, Polarity: it.Polarity, Text: it.Text})
		}
		in.Definition.Domains = append(in.Definition.Domains, d)
	}
	in, err := s.store.CreateInstrument(c.UserContext(), principal(c), in)
	if err != nil {
		return err
	}
	return c.Status(fiber.StatusCreated).JSON(instrumentOut(in))
}

type closureReasonResponse struct {
	Code      string     `json:"code"`
	Name      string     `json:"name"`
	RetiredAt *time.Time `json:"retired_at,omitempty"`
}

func (s *Server) listClosureReasons(c *fiber.Ctx) error {
	rs, err := s.store.ListClosureReasons(c.UserContext())
	if err != nil {
		return err
	}
	out := make([]closureReasonResponse, 0, len(rs))
	for _, r := range rs {
		out = append(out, closureReasonResponse{Code: r.Code, Name: r.Name, RetiredAt: utcPtr(r.RetiredAt)})
	}
	return c.JSON(listOf(out))
}

type offenceCategoryResponse struct {
	Code      string     `json:"code"`
	Level     int        `json:"level"`
	Parent    string     `json:"parent,omitempty"`
	Name      string     `json:"name"`
	RetiredAt *time.Time `json:"retired_at,omitempty"`
}

func (s *Server) listOffenceCategories(c *fiber.Ctx) error {
	cs, err := s.store.ListOffenceCategories(c.UserContext())
	if err != nil {
		return err
	}
	out := make([]offenceCategoryResponse, 0, len(cs))
	for _, x := range cs {
		out = append(out, offenceCategoryResponse{Code: x.Code, Level: x.Level, Parent: x.Parent, Name: x.Name, RetiredAt: utcPtr(x.RetiredAt)})
	}
	return c.JSON(listOf(out))
}
