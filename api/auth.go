package api

import (
	"context"
	"crypto/rand"
	"encoding/base64"
	"strconv"
	"time"

	"github.com/gofiber/fiber/v2"
	"github.com/pquerna/otp"
	"github.com/pquerna/otp/totp"

	"pathways/domain"
)

type loginRequest struct {
	Username string `json:"username" validate:"required,max=63"`
	Password string `json:"password" validate:"required,max=1024"`
	TOTP     string `json:"totp,omitempty" validate:"omitempty,numeric,len=6"`
}

type loginResponse struct {
	User      meResponse `json:"user"`
	CSRFToken string     `json:"csrf_token"`
}

// loginRefused is the one answer for every failed sign-in, so it tells nothing about which
// part was wrong or whether the user exists.
var loginRefused = domain.Errorf(domain.CodeUnauthenticated, "the username, password or code is not right")

func randomToken(n int) string {
	b := make([]byte, n)
	if _, err := rand.Read(b); err != nil {
		panic(err) // the system's randomness failing is not something to carry on from
	}
	return base64.RawURLEncoding.EncodeToString(b)
}

func (s *Server) login(c *fiber.Ctx) error {
	var req loginRequest
	if err := s.bind(c, &req); err != nil {
		return err
	}
	ctx := c.UserContext()
	ip := s.clientIP(c)
	anon := &domain.Principal{Username: req.Username, RequestID: requestID(c), IP: ip}

	// The attempt is counted before its password is checked, in the statement that reads
	// the count, so a burst cannot outrun the limit (domain/loginthrottle.go).
	counts, err := s.store.CountLoginAttempt(ctx, req.Username, ip, s.cfg.LoginWindow)
	if err != nil {
		return err
	}
	limits := domain.LoginLimits{PerUserAtAddress: s.cfg.LoginFailuresPerUser, PerAddress: s.cfg.LoginFailuresPerIP,
		Window: s.cfg.LoginWindow, Delay: s.cfg.LoginFailureDelay}
	refuse, wait := limits.Decide(counts)
	if refuse {
		// Whether the name is an account's is looked up only to word the record (no answer
		// depends on it: every throttled attempt is refused alike).
		if anon.Username, err = s.recordedName(ctx, req.Username); err != nil {
			return err
		}
		ev := domain.NewAuditEvent(anon, "auth.login", "user", anon.Username, domain.OutcomeDenied)
		ev.Details = `{"reason":"throttled"}`
		if err := s.store.Audit(ctx, ev); err != nil {
			return err
		}
		c.Set(fiber.HeaderRetryAfter, strconv.Itoa(int(s.cfg.LoginWindow.Seconds())))
		return domain.Errorf(domain.CodeTooManyRequests, "too many sign-in attempts from here; wait before trying again")
	}
	// Each earlier attempt on the username slows the next answer a little more.
	if wait > 0 {
		if err := sleep(ctx, wait); err != nil {
			return err
		}
	}

	creds, err := s.store.Credentials(ctx, req.Username)
	found := err == nil
	if err != nil && domain.ErrorCode(err) != domain.CodeNotFound {
		return err
	}
	// An unknown user is checked against the dummy hash (verifyPassword), as an account with
	// no usable password is: every refusal costs the same hash work.
	ok := s.checkPassword(ctx, creds.PasswordHash, req.Password) && found && !creds.User.Disabled
	reason := "password"
	if ok && creds.User.TOTPEnabled {
		ok, reason = s.checkTOTP(ctx, creds, req.TOTP), "totp"
	}
	if !ok {
		if !found {
			anon.Username = domain.UnknownLoginName(s.cfg.Secret, req.Username)
		}
		ev := domain.NewAuditEvent(anon, "auth.login", "user", anon.Username, domain.OutcomeFailure)
		ev.Details = `{"reason":"` + reason + `"}`
		if err := s.store.RecordLogin(ctx, ev, nil); err != nil {
			return err
		}
		return loginRefused
	}

	token := randomToken(32)
	sess := &domain.Session{TokenHash: hashToken(token), UserID: creds.User.ID, CSRFToken: randomToken(32)}
	who := &domain.Principal{UserID: creds.User.ID, Username: creds.User.Username, RequestID: requestID(c), IP: ip}
	if err := s.store.RecordLogin(ctx, domain.NewAuditEvent(who, "auth.login", "user", req.Username, domain.OutcomeSuccess), sess); err != nil {
		return err
	}
	c.Cookie(&fiber.Cookie{
		Name: sessionCookie, Value: token, Path: "/", HTTPOnly: true, Secure: s.cfg.CookieSecure,
		SameSite: fiber.CookieSameSiteStrictMode, Expires: sess.ExpiresAt,
	})
	p, _, err := s.store.SessionPrincipal(ctx, sess.TokenHash)
	if err != nil {
		return err
	}
	return c.JSON(loginResponse{User: withSessionExpiry(s.meOf(p, creds.User), sess, time.Now()), CSRFToken: sess.CSRFToken})
}

func (s *Server) checkPassword(ctx context.Context, hash, password string) bool {
	select {
	case s.hashing <- struct{}{}:
		defer func() { <-s.hashing }()
	case <-ctx.Done():
		return false
	}
	return verifyPassword(hash, password, s.metrics.derivations.Inc)
}

// checkTOTP accepts a code for the current step (or one step either side, for clock drift),
// and only once: the last accepted step is stored, so a code seen over a shoulder is dead.
func (s *Server) checkTOTP(ctx context.Context, creds domain.Credentials, code string) bool {
	if code == "" || creds.TOTPSecret == "" {
		return false
	}
	now := time.Now()
	for _, skew := range []int64{0, -1, 1} {
		at := now.Add(time.Duration(skew) * 30 * time.Second)
		ok, err := totp.ValidateCustom(code, creds.TOTPSecret, at, totp.ValidateOpts{Period: 30, Digits: otp.DigitsSix, Algorithm: otp.AlgorithmSHA1})
		if err == nil && ok {
			accepted, err := s.store.AcceptTOTPStep(ctx, creds.User.ID, at.Unix()/30)
			return err == nil && accepted
		}
	}
	return false
}

func sleep(ctx context.Context, d time.Duration) error {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

func (s *Server) logout(c *fiber.Ctx) error {
	p := principal(c)
	if sess, ok := c.Locals(localSession).(*domain.Session); ok {
		if err := s.store.DeleteSession(c.UserContext(), p, sess.TokenHash); err != nil {
			return err
		}
	}
	c.Cookie(&fiber.Cookie{Name: sessionCookie, Value: "", Path: "/", HTTPOnly: true, Secure: s.cfg.CookieSecure,
		SameSite: fiber.CookieSameSiteStrictMode, Expires: time.Unix(0, 0), MaxAge: -1})
	return c.SendStatus(fiber.StatusNoContent)
}

type membershipResponse struct {
	ID         string `json:"id"`
	Role       string `json:"role"`
	ScopeKind  string `json:"scope_kind"`
	Country    string `json:"country,omitempty"`
	FacilityID string `json:"facility_id,omitempty"`
}

func membershipsOut(ms []domain.Membership) []membershipResponse {
	out := make([]membershipResponse, 0, len(ms))
	for _, m := range ms {
		out = append(out, membershipResponse{ID: m.ID, Role: string(m.Role), ScopeKind: string(m.Scope.Kind),
			Country: m.Scope.Country, FacilityID: m.Scope.FacilityID})
	}
	return out
}

type meResponse struct {
	ID          string               `json:"id"`
	Username    string               `json:"username"`
	DisplayName string               `json:"display_name"`
	TOTPEnabled bool                 `json:"totp_enabled"`
	Memberships []membershipResponse `json:"memberships"`
	// Permissions lists "object:action" pairs the caller's roles allow, so the UI can show
	// only what will work.
	Permissions []string `json:"permissions"`
	// SessionExpiresIn: seconds until the browser session ends (absent for API tokens), so
	// the UI can warn before it happens whatever the client's clock says.
	SessionExpiresIn *int `json:"session_expires_in,omitempty"`
	// Language: the interface language the user chose, applied at sign-in; absent when they
	// never chose one (and for API tokens).
	Language string `json:"language,omitempty"`
}

func (s *Server) meOf(p *domain.Principal, u domain.User) meResponse {
	perms := []string{}
	seen := map[string]bool{}
	for _, role := range p.RoleNames() {
		for _, rule := range s.policy.Rules() {
			if len(rule) == 3 && rule[0] == string(role) {
				k := rule[1] + ":" + rule[2]
				if !seen[k] {
					seen[k] = true
					perms = append(perms, k)
				}
			}
		}
	}
	return meResponse{ID: p.UserID, Username: p.Username, DisplayName: u.DisplayName, TOTPEnabled: u.TOTPEnabled,
		Memberships: membershipsOut(p.Memberships), Permissions: perms, Language: u.Language}
}

func (s *Server) me(c *fiber.Ctx) error {
	p := principal(c)
	if p.TokenID != "" {
		return c.JSON(s.meOf(p, domain.User{}))
	}
	u, err := s.store.GetUser(c.UserContext(), p, p.UserID)
	if err != nil {
		return err
	}
	sess, _ := c.Locals(localSession).(*domain.Session)
	return c.JSON(withSessionExpiry(s.meOf(p, u), sess, time.Now()))
}

// languageRequest chooses the caller's interface language.
type languageRequest struct {
	Language string `json:"language" validate:"required,oneof=en fr ar"`
}

// setLanguage keeps the signed-in person's choice of language on their user (the language
// switcher calls it), so the next sign-in, on whatever computer, opens in it. An API token
// is not a person at a screen: it has no language to keep.
func (s *Server) setLanguage(c *fiber.Ctx) error {
	p := principal(c)
	if p.TokenID != "" {
		return domain.Errorf(domain.CodeForbidden, "API tokens have no interface language")
	}
	var req languageRequest
	if err := s.bind(c, &req); err != nil {
		return err
	}
	if err := s.store.SetLanguage(c.UserContext(), p, req.Language); err != nil {
		return err
	}
	return c.SendStatus(fiber.StatusNoContent)
}

type totpEnrolResponse struct {
	Secret string `json:"secret"`
	URI    string `json:"otpauth_uri"`
}

// enrolTOTP makes a new secret for the caller; it takes effect once confirmed with a code.
func (s *Server) enrolTOTP(c *fiber.Ctx) error {
	p := principal(c)
	if p.TokenID != "" {
		return domain.Errorf(domain.CodeForbidden, "API tokens have no second factor")
	}
	key, err := totp.Generate(totp.GenerateOpts{Issuer: "Pathways", AccountName: p.Username})
	if err != nil {
		return domain.Internal(err)
	}
	if err := s.store.SetTOTPSecret(c.UserContext(), p, key.Secret()); err != nil {
		return err
	}
	return c.JSON(totpEnrolResponse{Secret: key.Secret(), URI: key.URL()})
}

type totpConfirmRequest struct {
	Code string `json:"code" validate:"required,numeric,len=6"`
}

func (s *Server) confirmTOTP(c *fiber.Ctx) error {
	p := principal(c)
	var req totpConfirmRequest
	if err := s.bind(c, &req); err != nil {
		return err
	}
	creds, err := s.store.Credentials(c.UserContext(), p.Username)
	if err != nil {
		return err
	}
	if creds.User.TOTPEnabled {
		return domain.Errorf(domain.CodeConflict, "two-factor sign-in is already enabled")
	}
	if !s.checkTOTP(c.UserContext(), creds, req.Code) {
		return domain.Invalid(domain.FieldProblem{Field: "code", Reason: "wrong_code", Detail: "the code does not match; check the device's clock"})
	}
	if err := s.store.EnableTOTP(c.UserContext(), p); err != nil {
		return err
	}
	return c.SendStatus(fiber.StatusNoContent)
}

// recordedName is how an attempt under a typed username is named in the audit trail: the
// name itself when it is an account's, else its keyed hash (domain.UnknownLoginName), so a
// password typed into the username field never lands in the trail.
func (s *Server) recordedName(ctx context.Context, typed string) (string, error) {
	_, err := s.store.Credentials(ctx, typed)
	switch {
	case err == nil:
		return typed, nil
	case domain.ErrorCode(err) == domain.CodeNotFound:
		return domain.UnknownLoginName(s.cfg.Secret, typed), nil
	}
	return "", err
}
