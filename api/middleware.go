package api

import (
	"context"
	"crypto/sha256"
	"crypto/subtle"
	"fmt"
	"runtime/debug"
	"strings"

	"github.com/gofiber/fiber/v2"
	"github.com/gofiber/fiber/v2/utils"

	"pathways/domain"
)

const (
	sessionCookie = "pathways_session"
	csrfHeader    = "X-CSRF-Token"
	localPrinc    = "principal"
	localSession  = "session"
	localReqID    = "request_id"
)

// recoverer turns a panic into a 500 problem and a log line with the stack.
func (s *Server) recoverer(c *fiber.Ctx) (err error) {
	defer func() {
		if r := recover(); r != nil {
			s.log.Error("panic", "request_id", requestID(c), "panic", fmt.Sprint(r), "stack", string(debug.Stack()))
			err = domain.Internal(fmt.Errorf("panic: %v", r))
		}
	}()
	return c.Next()
}

// requestID gives every request a random id (never a counter, which would leak volumes),
// echoed in X-Request-ID, logs, problems and audit events.
func (s *Server) requestID(c *fiber.Ctx) error {
	newRequestID(c)
	return c.Next()
}

func newRequestID(c *fiber.Ctx) {
	id := utils.UUIDv4()
	c.Locals(localReqID, id)
	c.Set("X-Request-ID", id)
}

func requestID(c *fiber.Ctx) string {
	id, _ := c.Locals(localReqID).(string)
	return id
}

// contentSecurityPolicy lets the app load only its own scripts, styles and data.
const contentSecurityPolicy = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; " +
	"font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"

func (s *Server) securityHeaders(c *fiber.Ctx) error {
	s.setSecurityHeaders(c)
	return c.Next()
}

func (s *Server) setSecurityHeaders(c *fiber.Ctx) {
	c.Set("Content-Security-Policy", contentSecurityPolicy)
	c.Set("X-Content-Type-Options", "nosniff")
	c.Set("X-Frame-Options", "DENY")
	c.Set("Referrer-Policy", "no-referrer")
	c.Set("Cross-Origin-Opener-Policy", "same-origin")
	c.Set("Cross-Origin-Resource-Policy", "same-origin")
	c.Set("Permissions-Policy", "camera=(), microphone=(), geolocation=(), payment=()")
	if s.cfg.CookieSecure {
		c.Set("Strict-Transport-Security", "max-age=63072000; includeSubDomains")
	}
	if strings.HasPrefix(c.Path(), "/api/") {
		// Case data must never sit in a shared or browser cache.
		c.Set("Cache-Control", "no-store")
	}
}

// deadline bounds every request: handlers pass c.UserContext() to the stores, so a slow
// query is cancelled in PostgreSQL when time runs out.
func (s *Server) deadline(c *fiber.Ctx) error {
	ctx, cancel := context.WithTimeout(c.UserContext(), s.cfg.RequestTimeout)
	defer cancel()
	c.SetUserContext(ctx)
	err := c.Next()
	if err != nil && ctx.Err() == context.DeadlineExceeded {
		return &domain.Error{Code: domain.CodeUnavailable, Message: "the request took too long", Err: err}
	}
	return err
}

func hashToken(token string) []byte {
	h := sha256.Sum256([]byte(token))
	return h[:]
}

// authenticate finds the principal from a bearer token or the session cookie. Public routes
// still look, so a signed-in caller is known to them, but do not insist.
func (s *Server) authenticate(r route) fiber.Handler {
	return func(c *fiber.Ctx) error {
		ctx := c.UserContext()
		var p *domain.Principal
		var err error
		if auth := c.Get(fiber.HeaderAuthorization); auth != "" {
			token, ok := strings.CutPrefix(auth, "Bearer ")
			if !ok || token == "" {
				return domain.Errorf(domain.CodeUnauthenticated, "the Authorization header must be 'Bearer <token>'")
			}
			if p, err = s.store.TokenPrincipal(ctx, hashToken(token)); err != nil {
				return err
			}
		} else if cookie := c.Cookies(sessionCookie); cookie != "" {
			var sess *domain.Session
			p, sess, err = s.store.SessionPrincipal(ctx, hashToken(cookie))
			switch {
			case domain.ErrorCode(err) == domain.CodeUnauthenticated && r.object == public:
				p = nil // a stale cookie does not stop a fresh login
			case err != nil:
				return err
			default:
				c.Locals(localSession, sess)
				if err := checkCSRF(c, sess); err != nil {
					return err
				}
			}
		}
		if p != nil {
			p.RequestID, p.IP = requestID(c), s.clientIP(c)
			c.Locals(localPrinc, p)
		}
		if p == nil && r.object != public {
			return domain.Errorf(domain.CodeUnauthenticated, "sign in first")
		}
		return c.Next()
	}
}

// checkCSRF: a browser sends the session cookie on its own, so every unsafe request that
// relies on the cookie must also prove it came from our page by echoing the session's token.
func checkCSRF(c *fiber.Ctx, sess *domain.Session) error {
	switch c.Method() {
	case fiber.MethodGet, fiber.MethodHead, fiber.MethodOptions:
		return nil
	}
	got := c.Get(csrfHeader)
	if got == "" || subtle.ConstantTimeCompare([]byte(got), []byte(sess.CSRFToken)) != 1 {
		return domain.Errorf(domain.CodeForbidden, "missing or wrong %s header", csrfHeader)
	}
	return nil
}

// authorize asks Casbin whether any of the principal's roles may perform the route's action
// on its object, and records which role did. Refusals are audited.
func (s *Server) authorize(r route) fiber.Handler {
	return func(c *fiber.Ctx) error {
		if r.object == public || r.object == signedIn {
			return c.Next()
		}
		p := principal(c)
		if p.TokenID != "" && !contains(p.TokenRoutes, r.object) {
			return s.deny(c, p, r)
		}
		for _, role := range p.RoleNames() {
			if s.policy.Allow(string(role), r.object, r.action) {
				p.ActingRole = role
				return c.Next()
			}
		}
		return s.deny(c, p, r)
	}
}

func (s *Server) deny(c *fiber.Ctx, p *domain.Principal, r route) error {
	ev := domain.NewAuditEvent(p, "access.denied", r.object, "", domain.OutcomeDenied)
	ev.Details = fmt.Sprintf(`{"method":%q,"route":%q,"action":%q}`, r.method, r.path, r.action)
	if err := s.store.Audit(c.UserContext(), ev); err != nil {
		return err
	}
	return domain.Errorf(domain.CodeForbidden, "your role may not do this")
}

// principal returns the caller; routes past authenticate always have one unless public.
func principal(c *fiber.Ctx) *domain.Principal {
	p, _ := c.Locals(localPrinc).(*domain.Principal)
	return p
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// apiNotFound answers unknown /api paths with JSON, never the web app's HTML.
func (s *Server) apiNotFound(c *fiber.Ctx) error {
	return domain.Errorf(domain.CodeNotFound, "no such API route: %s %s", c.Method(), c.Path())
}
