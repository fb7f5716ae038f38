package api

import (
	"crypto/rand"
	"crypto/sha256"
	"strings"
	"time"

	"github.com/gofiber/fiber/v2"

	"pathways/domain"
)

// One-time set-password codes: an administrator never chooses another person's password.
// Creating a user or resetting a password gives the administrator a code, shown once, that
// they pass on; the person sets their own password with it.

// codeAlphabet is Crockford's base32: no I, L, O or U, so a code read aloud or copied by
// hand survives; 32 symbols, so each random byte's low five bits pick one without bias.
const codeAlphabet = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"

// codeLength symbols of five bits each: 100 bits, beyond guessing even without the throttle.
const codeLength = 20

// newSetPasswordCode draws a code, returning it as shown to the administrator (groups of
// four) and what the store keeps: its hash and its expiry.
func newSetPasswordCode(now time.Time) (string, domain.CodeIssue) {
	b := make([]byte, codeLength)
	if _, err := rand.Read(b); err != nil {
		panic(err) // the system's randomness failing is not something to carry on from
	}
	var sb strings.Builder
	for i, x := range b {
		if i > 0 && i%4 == 0 {
			sb.WriteByte('-')
		}
		sb.WriteByte(codeAlphabet[x&31])
	}
	code := sb.String()
	return code, domain.CodeIssue{Hash: hashCode(code), ExpiresAt: now.Add(domain.PasswordCodeLifetime).UTC().Truncate(time.Second)}
}

// normaliseCode reads a code as a person may type it: any case, with or without dashes or
// spaces, O for 0 and I or L for 1.
func normaliseCode(s string) string {
	var sb strings.Builder
	for _, r := range strings.ToUpper(s) {
		switch {
		case r == '-' || r == ' ':
		case r == 'O':
			sb.WriteByte('0')
		case r == 'I' || r == 'L':
			sb.WriteByte('1')
		default:
			sb.WriteRune(r)
		}
	}
	return sb.String()
}

func hashCode(code string) []byte {
	h := sha256.Sum256([]byte(normaliseCode(code)))
	return h[:]
}

type setPasswordRequest struct {
	Username string `json:"username" validate:"required,max=63"`
	Code     string `json:"code" validate:"required,max=64"`
	Password string `json:"password" validate:"required,max=1024"`
}

// setPasswordRefused is the one answer for every failed attempt: it does not say whether
// the user exists, or whether the code was wrong, used or expired.
var setPasswordRefused = domain.Errorf(domain.CodeUnauthenticated, "the username or code is not right, or the code has expired or was used")

// Throttle of set-password attempts, counted from the audit trail per address, and per
// username from that address (never per username alone, which would let anyone lock a
// person out of setting their password).
const (
	codeFailuresPerPair = 5
	codeFailuresPerIP   = 20
)

// setPassword lets a person set their own password with the one-time code an
// administrator gave them. Public: the person has no password yet.
func (s *Server) setPassword(c *fiber.Ctx) error {
	var req setPasswordRequest
	if err := s.bind(c, &req); err != nil {
		return err
	}
	if fp := checkNewPassword("password", req.Password); fp != nil {
		return domain.Invalid(*fp)
	}
	ctx, ip := c.UserContext(), s.clientIP(c)
	anon := &domain.Principal{Username: req.Username, RequestID: requestID(c), IP: ip}
	// A name that is no account's is recorded (and counted) as its keyed hash, as at sign-in:
	// a password typed into the username field must not land in the trail.
	var err error
	if anon.Username, err = s.recordedName(ctx, req.Username); err != nil {
		return err
	}
	byPair, byIP, err := s.store.RecentCodeFailures(ctx, anon.Username, ip, time.Now().Add(-s.cfg.LoginWindow))
	if err != nil {
		return err
	}
	if byPair >= codeFailuresPerPair || byIP >= codeFailuresPerIP {
		ev := domain.NewAuditEvent(anon, "auth.set_password", "user", anon.Username, domain.OutcomeDenied)
		ev.Details = `{"reason":"throttled"}`
		if err := s.store.Audit(ctx, ev); err != nil {
			return err
		}
		c.Set(fiber.HeaderRetryAfter, "900")
		return domain.Errorf(domain.CodeTooManyRequests, "too many failed attempts; wait before trying again")
	}
	// Hashed before the code is checked, so a wrong code takes as long as a right one.
	hash, err := s.hashPassword(c, req.Password)
	if err != nil {
		return err
	}
	ok, err := s.store.SetPasswordWithCode(ctx, anon, req.Username, hashCode(req.Code), hash)
	if err != nil {
		return err
	}
	if !ok {
		return setPasswordRefused
	}
	return c.SendStatus(fiber.StatusNoContent)
}
