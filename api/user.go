package api

import (
	"time"

	"github.com/gofiber/fiber/v2"

	"pathways/domain"
)

type userResponse struct {
	ID          string               `json:"id"`
	Username    string               `json:"username"`
	DisplayName string               `json:"display_name"`
	Disabled    bool                 `json:"disabled"`
	TOTPEnabled bool                 `json:"totp_enabled"`
	CreatedAt   time.Time            `json:"created_at"`
	Memberships []membershipResponse `json:"memberships"`
}

func userOut(u domain.User) userResponse {
	return userResponse{ID: u.ID, Username: u.Username, DisplayName: u.DisplayName, Disabled: u.Disabled,
		TOTPEnabled: u.TOTPEnabled, CreatedAt: u.CreatedAt.UTC(), Memberships: membershipsOut(u.Memberships)}
}

type createUserRequest struct {
	Username    string `json:"username" validate:"required,min=2,max=63"`
	DisplayName string `json:"display_name" validate:"max=200"`
	Password    string `json:"password" validate:"required,max=1024"`
}

// checkNewPassword applies the length floor; it is a rule, not a shape, so it reports as a
// field problem like the rest.
func checkNewPassword(field, password string) *domain.FieldProblem {
	if len([]rune(password)) < domain.MinPasswordLength {
		return &domain.FieldProblem{Field: field, Reason: "too_short", Detail: "must be at least 12 characters"}
	}
	return nil
}

func (s *Server) createUser(c *fiber.Ctx) error {
	var req createUserRequest
	if err := s.bind(c, &req); err != nil {
		return err
	}
	var probs domain.Problems
	if !domain.ValidUsername(req.Username) {
		probs.Add("username", "format", "lower-case letters, digits, '.', '-' and '_', starting with a letter or digit")
	}
	if fp := checkNewPassword("password", req.Password); fp != nil {
		probs = append(probs, *fp)
	}
	if err := probs.Err(); err != nil {
		return err
	}
	hash, err := s.hashPassword(c, req.Password)
	if err != nil {
		return err
	}
	u, err := s.store.CreateUser(c.UserContext(), principal(c), domain.NewUser{Username: req.Username, DisplayName: req.DisplayName, PasswordHash: hash})
	if err != nil {
		return err
	}
	return c.Status(fiber.StatusCreated).JSON(userOut(u))
}

func (s *Server) hashPassword(c *fiber.Ctx, password string) (string, error) {
	select {
	case s.hashing <- struct{}{}:
		defer func() { <-s.hashing }()
	case <-c.UserContext().Done():
		return "", domain.Errorf(domain.CodeUnavailable, "the server is busy")
	}
	h, err := HashPassword(password)
	if err != nil {
		return "", domain.Internal(err)
	}
	return h, nil
}

func (s *Server) listUsers(c *fiber.Ctx) error {
	users, err := s.store.ListUsers(c.UserContext(), principal(c))
	if err != nil {
		return err
	}
	out := make([]userResponse, 0, len(users))
	for _, u := range users {
		out = append(out, userOut(u))
	}
	return c.JSON(fiber.Map{"items": out})
}

type updateUserRequest struct {
	DisplayName *string `json:"display_name" validate:"omitempty,max=200"`
	Disabled    *bool   `json:"disabled"`
	Password    *string `json:"password" validate:"omitempty,max=1024"`
}

func (s *Server) updateUser(c *fiber.Ctx) error {
	var req updateUserRequest
	if err := s.bind(c, &req); err != nil {
		return err
	}
	p := principal(c)
	patch := domain.UserPatch{DisplayName: req.DisplayName, Disabled: req.Disabled}
	if req.Disabled != nil && *req.Disabled && c.Params("id") == p.UserID {
		return domain.Invalid(domain.FieldProblem{Field: "disabled", Reason: "self", Detail: "you cannot disable your own account"})
	}
	if req.Password != nil {
		if fp := checkNewPassword("password", *req.Password); fp != nil {
			return domain.Invalid(*fp)
		}
		hash, err := s.hashPassword(c, *req.Password)
		if err != nil {
			return err
		}
		patch.PasswordHash = &hash
	}
	u, err := s.store.UpdateUser(c.UserContext(), p, c.Params("id"), patch)
	if err != nil {
		return err
	}
	return c.JSON(userOut(u))
}

type membershipRequest struct {
	Role       string `json:"role" validate:"required,oneof=practitioner supervisor national_authority admin auditor"`
	ScopeKind  string `json:"scope_kind" validate:"required,oneof=global country facility"`
	Country    string `json:"country" validate:"required_if=ScopeKind country,omitempty,len=2,uppercase"`
	FacilityID string `json:"facility_id" validate:"required_if=ScopeKind facility,omitempty,uuid"`
}

func (s *Server) addMembership(c *fiber.Ctx) error {
	var req membershipRequest
	if err := s.bind(c, &req); err != nil {
		return err
	}
	m := domain.Membership{UserID: c.Params("id"), Role: domain.Role(req.Role), Scope: domain.Scope{Kind: domain.ScopeKind(req.ScopeKind)}}
	switch m.Scope.Kind {
	case domain.ScopeCountry:
		m.Scope.Country = req.Country
	case domain.ScopeFacility:
		m.Scope.FacilityID = req.FacilityID
	}
	m, err := s.store.AddMembership(c.UserContext(), principal(c), m)
	if err != nil {
		return err
	}
	return c.Status(fiber.StatusCreated).JSON(membershipsOut([]domain.Membership{m})[0])
}

func (s *Server) removeMembership(c *fiber.Ctx) error {
	if err := s.store.RemoveMembership(c.UserContext(), principal(c), c.Params("id"), c.Params("mid")); err != nil {
		return err
	}
	return c.SendStatus(fiber.StatusNoContent)
}
