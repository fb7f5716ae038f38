package api

import (
	"time"

	"github.com/gofiber/fiber/v2"

	"pathways/domain"
)

// The administrators' four-eyes queue: changes one administrator asked for, which a second
// one (never the requester, never the person concerned) approves or rejects.

type adminRequestResponse struct {
	ID             string     `json:"id"`
	Kind           string     `json:"kind"`
	Status         string     `json:"status"`
	TargetUserID   string     `json:"target_user_id,omitempty"`
	TargetUsername string     `json:"target_username,omitempty"`
	Role           string     `json:"role,omitempty"`
	ScopeKind      string     `json:"scope_kind,omitempty"`
	Country        string     `json:"country,omitempty"`
	FacilityID     string     `json:"facility_id,omitempty"`
	Routes         []string   `json:"routes,omitempty"`
	MembershipID   string     `json:"membership_id,omitempty"`
	Disabled       *bool      `json:"disabled,omitempty"`
	DisplayName    *string    `json:"display_name,omitempty"`
	TokenName      string     `json:"token_name,omitempty"`
	TokenExpiresAt *time.Time `json:"token_expires_at,omitempty"`
	RequestedBy    string     `json:"requested_by"` // username
	RequestedAt    time.Time  `json:"requested_at"`
	DecidedBy      string     `json:"decided_by,omitempty"`
	DecidedAt      *time.Time `json:"decided_at,omitempty"`
	Comment        string     `json:"comment,omitempty"`
	// CanDecide: the caller may approve or reject it (not theirs, not about them, in scope).
	CanDecide bool `json:"can_decide"`
}

func adminRequestOut(r domain.AdminRequest) adminRequestResponse {
	return adminRequestResponse{ID: r.ID, Kind: string(r.Kind), Status: string(r.Status), TargetUserID: r.TargetUserID,
		TargetUsername: r.TargetUsername, Role: string(r.Role), ScopeKind: string(r.Scope.Kind), Country: r.Scope.Country,
		FacilityID: r.Scope.FacilityID, Routes: r.Routes, MembershipID: r.MembershipID, Disabled: r.Patch.Disabled,
		DisplayName: r.Patch.DisplayName, TokenName: r.TokenName, TokenExpiresAt: utcPtr(r.TokenExpiresAt),
		RequestedBy: r.RequestedName, RequestedAt: r.RequestedAt.UTC(), DecidedBy: r.DecidedName, DecidedAt: utcPtr(r.DecidedAt),
		Comment: r.Comment, CanDecide: r.CanDecide}
}

func (s *Server) listAdminRequests(c *fiber.Ctx) error {
	rs, err := s.store.ListAdminRequests(c.UserContext(), principal(c))
	if err != nil {
		return err
	}
	return sendList(c, rs, adminRequestOut)
}

type adminDecisionRequest struct {
	Comment string `json:"comment" validate:"max=2000"`
}

// adminDecisionResponse is the decided request and, for an approved reset or token, the
// secret it issued: to the approver, in this answer only, never to the requester.
type adminDecisionResponse struct {
	Request       adminRequestResponse `json:"request"`
	Code          string               `json:"code,omitempty"`
	CodeExpiresAt *time.Time           `json:"code_expires_at,omitempty"`
	Token         *tokenResponse       `json:"token,omitempty"`
}

func (s *Server) approveAdminRequest(c *fiber.Ctx) error { return s.decideAdminRequest(c, true) }
func (s *Server) rejectAdminRequest(c *fiber.Ctx) error  { return s.decideAdminRequest(c, false) }

func (s *Server) decideAdminRequest(c *fiber.Ctx, approve bool) error {
	var req adminDecisionRequest
	if err := s.bind(c, &req); err != nil {
		return err
	}
	// The secrets are drawn before the store knows what the request is; it keeps the hash
	// of the one it needs and the others are forgotten.
	code, issue := newSetPasswordCode(time.Now())
	secret, tokenHash := newToken()
	r, res, err := s.store.DecideAdminRequest(c.UserContext(), principal(c), c.Params("id"),
		domain.AdminDecision{Approve: approve, Comment: req.Comment},
		domain.IssuedSecrets{CodeHash: issue.Hash, CodeExpiresAt: issue.ExpiresAt, TokenHash: tokenHash})
	if err != nil {
		return err
	}
	out := adminDecisionResponse{Request: adminRequestOut(r)}
	if res.Code != nil {
		out.Code = code
		at := res.Code.ExpiresAt.UTC()
		out.CodeExpiresAt = &at
	}
	if res.Token != nil {
		t := tokenOut(*res.Token)
		t.Token = secret
		out.Token = &t
	}
	return c.JSON(out)
}

// answersWithSecret reports whether a route's answer may carry a secret shown once (an API
// token, a set-password code), which must never be kept for an idempotent replay.
func answersWithSecret(r route) bool {
	switch r.path {
	case "/api/v1/users", "/api/v1/users/:id/password-reset", "/api/v1/admin-requests/:id/approve":
		return true
	}
	return r.object == "tokens"
}
