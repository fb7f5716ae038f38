package api

import (
	"context"
	"crypto/sha256"
	"encoding/json"

	"github.com/gofiber/fiber/v2"

	"pathways/domain"
)

const idempotencyHeader = "Idempotency-Key"

// storedResponse is what a replay gives back: the first answer's body and the headers a
// client acts on.
type storedResponse struct {
	ContentType string `json:"content_type"`
	ETag        string `json:"etag,omitempty"`
	Location    string `json:"location,omitempty"`
	Body        []byte `json:"body"`
}

// idempotent makes a POST safe to retry: a request carrying an Idempotency-Key is answered
// once, and a retry with the same key (same caller, method, path and body) gets the first
// answer back without doing anything again.
//
//   - Keys belong to the caller: two users' keys never meet.
//   - The same key for a different request is 422; a retry while the first is still running
//     is 409.
//   - Only successful (2xx) answers are kept. A refused request (4xx) or a failure (5xx)
//     changed nothing, so its key is forgotten and the client may retry it, corrected or not,
//     with the same key.
//   - Keys are remembered for 24 hours.
//   - Public and signed-in-only routes (sign-in, two-factor enrolment) and routes whose
//     answers hold a secret shown once (answersWithSecret) are left out: secrets must not
//     be stored.
func (s *Server) idempotent(r route) fiber.Handler {
	if r.method != fiber.MethodPost || r.object == public || r.object == signedIn || answersWithSecret(r) {
		return func(c *fiber.Ctx) error { return c.Next() }
	}
	return func(c *fiber.Ctx) error {
		key := c.Get(idempotencyHeader)
		if key == "" {
			return c.Next()
		}
		if len(key) > 200 || !printableASCII(key) {
			return domain.Errorf(domain.CodeMalformed, "%s must be 1 to 200 printable ASCII characters", idempotencyHeader)
		}
		p := principal(c)
		actor := "user:" + p.UserID
		if p.TokenID != "" {
			actor = "token:" + p.TokenID
		}
		sum := sha256.Sum256(c.Body())
		ctx := c.UserContext()
		stored, err := s.store.ClaimIdempotencyKey(ctx, actor, key, c.Method(), c.Path(), sum[:])
		if err != nil {
			return err
		}
		if stored != nil {
			var sr storedResponse
			if err := json.Unmarshal(stored.Body, &sr); err != nil {
				return domain.Internal(err)
			}
			if sr.ETag != "" {
				c.Set(fiber.HeaderETag, sr.ETag)
			}
			if sr.Location != "" {
				c.Set(fiber.HeaderLocation, sr.Location)
			}
			c.Set("Idempotent-Replayed", "true")
			c.Set(fiber.HeaderContentType, sr.ContentType)
			return c.Status(stored.Status).Send(sr.Body)
		}
		// The answer must be kept (or the key freed) even if the client has gone.
		keep := context.WithoutCancel(ctx)
		err = c.Next()
		status := c.Response().StatusCode()
		if err != nil || status < 200 || status > 299 {
			if rerr := s.store.ReleaseIdempotencyKey(keep, actor, key); rerr != nil {
				s.log.Error("releasing idempotency key", "request_id", requestID(c), "err", rerr)
			}
			return err
		}
		sr := storedResponse{ContentType: string(c.Response().Header.ContentType()), ETag: c.GetRespHeader(fiber.HeaderETag),
			Location: c.GetRespHeader(fiber.HeaderLocation), Body: append([]byte(nil), c.Response().Body()...)}
		b, err := json.Marshal(sr)
		if err == nil {
			err = s.store.CompleteIdempotencyKey(keep, actor, key, domain.IdempotentResponse{Status: status, Body: b})
		}
		if err != nil {
			// The work is done and answered; a retry will get 409 rather than a duplicate.
			s.log.Error("storing idempotent response", "request_id", requestID(c), "err", err)
		}
		return nil
	}
}

func printableASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < 0x20 || s[i] > 0x7e {
			return false
		}
	}
	return true
}
