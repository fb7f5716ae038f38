package api

import (
	"slices"
	"time"

	"github.com/gofiber/fiber/v2"

	"pathways/domain"
)

type tokenRequest struct {
	Name       string   `json:"name" validate:"required,min=1,max=200"`
	Role       string   `json:"role" validate:"required,oneof=practitioner supervisor national_authority admin auditor"`
	ScopeKind  string   `json:"scope_kind" validate:"required,oneof=global country facility"`
	Country    string   `json:"country" validate:"required_if=ScopeKind country,omitempty,len=2,uppercase"`
	FacilityID string   `json:"facility_id" validate:"required_if=ScopeKind facility,omitempty,uuid"`
	Routes     []string `json:"routes" validate:"required,min=1,dive,min=1,max=64"`
	ExpiresIn  int      `json:"expires_in_days" validate:"omitempty,gte=1,lte=730"`
}

type tokenResponse struct {
	ID        string    `json:"id"`
	Name      string    `json:"name"`
	Role      string    `json:"role"`
	ScopeKind string    `json:"scope_kind"`
	Country   string    `json:"country,omitempty"`
	Routes    []string  `json:"routes"`
	ExpiresAt time.Time `json:"expires_at"`
	// Token is the secret, shown in this answer only; the server keeps just its hash.
	Token string `json:"token"`
}

// createToken issues a scoped API token. The routes it may reach are Casbin objects, and
// each must be allowed to the token's role by the policy, so a token can never do more than
// a person holding that role could.
func (s *Server) createToken(c *fiber.Ctx) error {
	var req tokenRequest
	if err := s.bind(c, &req); err != nil {
		return err
	}
	var probs domain.Problems
	if !slices.Contains(domain.TokenRoles, domain.Role(req.Role)) {
		probs.Add("role", "not_for_tokens", "a token may carry only a role that sees no case: national_authority, auditor or admin")
	}
	for i, obj := range req.Routes {
		allowed := false
		for _, rule := range s.policy.Rules() {
			if len(rule) == 3 && rule[0] == req.Role && rule[1] == obj {
				allowed = true
			}
		}
		if !allowed {
			probs.Add("routes["+itoa(i)+"]", "not_allowed", "the role "+req.Role+" may not use "+obj)
		}
	}
	if err := probs.Err(); err != nil {
		return err
	}
	days := req.ExpiresIn
	if days == 0 {
		days = 90
	}
	t := domain.APIToken{Name: req.Name, Role: domain.Role(req.Role), Scope: domain.Scope{Kind: domain.ScopeKind(req.ScopeKind)},
		Routes: req.Routes, ExpiresAt: time.Now().Add(time.Duration(days) * 24 * time.Hour).UTC().Truncate(time.Second)}
	switch t.Scope.Kind {
	case domain.ScopeCountry:
		t.Scope.Country = req.Country
	case domain.ScopeFacility:
		t.Scope.FacilityID = req.FacilityID
	}
	secret := "pw_" + randomToken(32)
	t, err := s.store.CreateToken(c.UserContext(), principal(c), t, hashToken(secret))
	if err != nil {
		return err
	}
	return c.Status(fiber.StatusCreated).JSON(tokenResponse{ID: t.ID, Name: t.Name, Role: string(t.Role), ScopeKind: string(t.Scope.Kind),
		Country: t.Scope.Country, Routes: t.Routes, ExpiresAt: t.ExpiresAt.UTC(), Token: secret})
}

func (s *Server) revokeToken(c *fiber.Ctx) error {
	if err := s.store.RevokeToken(c.UserContext(), principal(c), c.Params("id")); err != nil {
		return err
	}
	return c.SendStatus(fiber.StatusNoContent)
}
