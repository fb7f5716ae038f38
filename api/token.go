package api

import (
	"slices"
	"time"

	"github.com/gofiber/fiber/v2"

	"pathways/domain"
)

// tokenRequest issues a token. The expiry is required, at most a year. A national
// authority's statistics token in the administrator's scope is issued at once; any other
// becomes a request a second administrator decides.
type tokenRequest struct {
	Name       string   `json:"name" validate:"required,min=1,max=200"`
	Role       string   `json:"role" validate:"required,oneof=practitioner supervisor national_authority admin auditor"`
	ScopeKind  string   `json:"scope_kind" validate:"required,oneof=global country facility"`
	Country    string   `json:"country" validate:"required_if=ScopeKind country,omitempty,len=2,uppercase"`
	FacilityID string   `json:"facility_id" validate:"required_if=ScopeKind facility,omitempty,uuid"`
	Routes     []string `json:"routes" validate:"required,min=1,dive,min=1,max=64"`
	ExpiresIn  int      `json:"expires_in_days" validate:"required,gte=1,lte=365"`
}

type tokenResponse struct {
	ID         string     `json:"id"`
	Name       string     `json:"name"`
	Role       string     `json:"role"`
	ScopeKind  string     `json:"scope_kind"`
	Country    string     `json:"country,omitempty"`
	FacilityID string     `json:"facility_id,omitempty"`
	Routes     []string   `json:"routes"`
	CreatedBy  string     `json:"created_by,omitempty"`  // username
	ApprovedBy string     `json:"approved_by,omitempty"` // username of the second administrator
	CreatedAt  time.Time  `json:"created_at"`
	ExpiresAt  time.Time  `json:"expires_at"`
	LastUsedAt *time.Time `json:"last_used_at,omitempty"`
	RevokedAt  *time.Time `json:"revoked_at,omitempty"`
	// Active: usable now (not revoked or expired, and its issuers still hold admin over its
	// scope).
	Active bool `json:"active"`
	// Token is the secret, in the answer that issues it only; the server keeps just its hash.
	Token string `json:"token,omitempty"`
}

func tokenOut(t domain.APIToken) tokenResponse {
	return tokenResponse{ID: t.ID, Name: t.Name, Role: string(t.Role), ScopeKind: string(t.Scope.Kind), Country: t.Scope.Country,
		FacilityID: t.Scope.FacilityID, Routes: t.Routes, CreatedBy: t.CreatedByName, ApprovedBy: t.ApprovedByName,
		CreatedAt: t.CreatedAt.UTC(), ExpiresAt: t.ExpiresAt.UTC(), LastUsedAt: utcPtr(t.LastUsedAt), RevokedAt: utcPtr(t.RevokedAt), Active: t.Active}
}

// newToken draws a token secret and its hash.
func newToken() (string, []byte) {
	secret := "pw_" + randomToken(32)
	return secret, hashToken(secret)
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
	objects := s.roleObjects(req.Role)
	for i, obj := range req.Routes {
		if !slices.Contains(objects, obj) {
			probs.Add("routes["+itoa(i)+"]", "not_allowed", "the role "+req.Role+" may not use "+obj)
		}
	}
	if err := probs.Err(); err != nil {
		return err
	}
	t := domain.APIToken{Name: req.Name, Role: domain.Role(req.Role), Scope: scopeOf(req.ScopeKind, req.Country, req.FacilityID),
		Routes: req.Routes, ExpiresAt: time.Now().Add(time.Duration(req.ExpiresIn) * 24 * time.Hour).UTC().Truncate(time.Second)}
	secret, hash := newToken()
	t, r, err := s.store.CreateToken(c.UserContext(), principal(c), t, hash)
	if err != nil {
		return err
	}
	if r != nil {
		return pending(c, r)
	}
	out := tokenOut(t)
	out.Token = secret
	return c.Status(fiber.StatusCreated).JSON(out)
}

// roleObjects lists the Casbin objects the policy allows a role, in policy order: all a
// token of that role may reach.
func (s *Server) roleObjects(role string) []string {
	var out []string
	for _, rule := range s.policy.Rules() {
		if len(rule) == 3 && rule[0] == role && !slices.Contains(out, rule[1]) {
			out = append(out, rule[1])
		}
	}
	return out
}

// tokenOfferResponse is one role the caller may issue a token for (domain.TokenOffers), with
// the scope kinds and routes they may choose: the token form offers these and nothing else.
type tokenOfferResponse struct {
	Role       string   `json:"role"`
	ScopeKinds []string `json:"scope_kinds"`
	Routes     []string `json:"routes"`
	// Alone: a token of this role limited to statistics is issued at once; any other waits
	// for a second administrator.
	Alone bool `json:"alone"`
}

type tokenListResponse struct {
	Items    []tokenResponse      `json:"items"`
	Issuable []tokenOfferResponse `json:"issuable"`
}

func (s *Server) listTokens(c *fiber.Ctx) error {
	p := principal(c)
	ts, err := s.store.ListTokens(c.UserContext(), p)
	if err != nil {
		return err
	}
	out := tokenListResponse{Items: make([]tokenResponse, 0, len(ts)), Issuable: []tokenOfferResponse{}}
	for _, t := range ts {
		out.Items = append(out.Items, tokenOut(t))
	}
	for _, o := range domain.TokenOffers(domain.AdminActorOf(p, p.TokenCreator)) {
		r := tokenOfferResponse{Role: string(o.Role), Routes: s.roleObjects(string(o.Role)), Alone: o.Alone}
		for _, k := range o.ScopeKinds {
			r.ScopeKinds = append(r.ScopeKinds, string(k))
		}
		out.Issuable = append(out.Issuable, r)
	}
	return c.JSON(out)
}

func (s *Server) revokeToken(c *fiber.Ctx) error {
	if err := s.store.RevokeToken(c.UserContext(), principal(c), c.Params("id")); err != nil {
		return err
	}
	return c.SendStatus(fiber.StatusNoContent)
}
