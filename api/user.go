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

// createUserRequest creates a user. No password: the person sets their own with the
// one-time setup code in the answer. The scope places the user until they hold a
// membership; left out, it is the administrator's own admin scope when they hold one.
type createUserRequest struct {
	Username    string `json:"username" validate:"required,min=2,max=63"`
	DisplayName string `json:"display_name" validate:"max=200"`
	ScopeKind   string `json:"scope_kind" validate:"omitempty,oneof=global country facility"`
	Country     string `json:"country" validate:"required_if=ScopeKind country,omitempty,len=2,uppercase"`
	FacilityID  string `json:"facility_id" validate:"required_if=ScopeKind facility,omitempty,uuid"`
}

// createUserResponse is the new user with their setup code, shown in this answer only.
type createUserResponse struct {
	userResponse
	SetupCode          string    `json:"setup_code"`
	SetupCodeExpiresAt time.Time `json:"setup_code_expires_at"`
}

// checkNewPassword applies the length floor; it is a rule, not a shape, so it reports as a
// field problem like the rest.
func checkNewPassword(field, password string) *domain.FieldProblem {
	if len([]rune(password)) < domain.MinPasswordLength {
		return &domain.FieldProblem{Field: field, Reason: "too_short", Detail: "must be at least 12 characters"}
	}
	return nil
}

// scopeOf reads the scope fields shared by user, membership and token requests.
func scopeOf(kind, country, facility string) domain.Scope {
	sc := domain.Scope{Kind: domain.ScopeKind(kind)}
	switch sc.Kind {
	case domain.ScopeCountry:
		sc.Country = country
	case domain.ScopeFacility:
		sc.FacilityID = facility
	}
	return sc
}

func (s *Server) createUser(c *fiber.Ctx) error {
	var req createUserRequest
	if err := s.bind(c, &req); err != nil {
		return err
	}
	p := principal(c)
	var probs domain.Problems
	if !domain.ValidUsername(req.Username) {
		probs.Add("username", "format", "lower-case letters, digits, '.', '-' and '_', starting with a letter or digit")
	}
	home := scopeOf(req.ScopeKind, req.Country, req.FacilityID)
	if req.ScopeKind == "" {
		var ok bool
		if home, ok = domain.DefaultHomeScope(p.Scopes(domain.RoleAdmin)); !ok {
			probs.Add("scope_kind", "required", "you administer several scopes: say in which one the user works")
		}
	}
	if err := probs.Err(); err != nil {
		return err
	}
	code, issue := newSetPasswordCode(time.Now())
	u, err := s.store.CreateUser(c.UserContext(), p, domain.NewUser{Username: req.Username, DisplayName: req.DisplayName,
		HomeScope: home, SetupCode: &issue})
	if err != nil {
		return err
	}
	return c.Status(fiber.StatusCreated).JSON(createUserResponse{userResponse: userOut(u), SetupCode: code, SetupCodeExpiresAt: issue.ExpiresAt.UTC()})
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
	return sendList(c, users, userOut)
}

// updateUserRequest changes a user. There is no password here: nobody sets another
// person's password (POST /users/{id}/password-reset issues a code instead).
type updateUserRequest struct {
	DisplayName *string `json:"display_name" validate:"omitempty,max=200"`
	Disabled    *bool   `json:"disabled"`
}

// pending answers 202 with the request a second administrator must decide.
func pending(c *fiber.Ctx, r *domain.AdminRequest) error {
	return c.Status(fiber.StatusAccepted).JSON(adminRequestOut(*r))
}

func (s *Server) updateUser(c *fiber.Ctx) error {
	var req updateUserRequest
	if err := s.bind(c, &req); err != nil {
		return err
	}
	if req.DisplayName == nil && req.Disabled == nil {
		return domain.Invalid(domain.FieldProblem{Field: "display_name", Reason: "required", Detail: "say what to change: display_name or disabled"})
	}
	u, r, err := s.store.UpdateUser(c.UserContext(), principal(c), c.Params("id"), domain.UserPatch{DisplayName: req.DisplayName, Disabled: req.Disabled})
	if err != nil {
		return err
	}
	if r != nil {
		return pending(c, r)
	}
	return c.JSON(userOut(u))
}

type passwordResetResponse struct {
	UserID string `json:"user_id"`
	// Code is the one-time set-password code, shown in this answer only.
	Code      string    `json:"code"`
	ExpiresAt time.Time `json:"expires_at"`
}

// resetPassword ends the user's sessions and tokens and issues a one-time code with which
// they set a new password themselves; for an administrator or auditor, a request for a
// second administrator instead.
func (s *Server) resetPassword(c *fiber.Ctx) error {
	code, issue := newSetPasswordCode(time.Now())
	pc, r, err := s.store.ResetPassword(c.UserContext(), principal(c), c.Params("id"), issue)
	if err != nil {
		return err
	}
	if r != nil {
		return pending(c, r)
	}
	return c.Status(fiber.StatusCreated).JSON(passwordResetResponse{UserID: pc.UserID, Code: code, ExpiresAt: pc.ExpiresAt.UTC()})
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
	m := domain.Membership{UserID: c.Params("id"), Role: domain.Role(req.Role), Scope: scopeOf(req.ScopeKind, req.Country, req.FacilityID)}
	m, r, err := s.store.GrantMembership(c.UserContext(), principal(c), m)
	if err != nil {
		return err
	}
	if r != nil {
		return pending(c, r)
	}
	return c.Status(fiber.StatusCreated).JSON(membershipsOut([]domain.Membership{m})[0])
}

func (s *Server) removeMembership(c *fiber.Ctx) error {
	r, err := s.store.RemoveMembership(c.UserContext(), principal(c), c.Params("id"), c.Params("mid"))
	if err != nil {
		return err
	}
	if r != nil {
		return pending(c, r)
	}
	return c.SendStatus(fiber.StatusNoContent)
}
