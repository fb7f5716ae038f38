package api

import (
	"context"
	"crypto/sha256"
	"encoding/json"
	"errors"

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

// idempotent makes a POST safe to retry: a request carrying an Idempotency-Key is done once,
// and a retry with the same key (same caller, method, path and body) gets the first answer
// back without doing anything again.
//
//   - The key, the request's writes and its answer commit in one transaction (the store's
//     unit of work, which every store call of the handler joins), or none of them does. A
//     crash, a dropped connection or a lost answer to COMMIT never leaves a key without its
//     work or work without its key: the client that got no answer (or a 503) sends the same
//     request with the same key again, and gets the first answer if the write was done, or
//     has it done now.
//   - Keys belong to the caller: two users' keys never meet.
//   - The same key for a different request is 422; a request under a key that another is
//     still running is 409 with Retry-After: 1.
//   - Only successful (2xx) answers are kept. A refused request (4xx) or a failure (5xx)
//     changed nothing, so the key stays free and the client may send it again, corrected or
//     not, with the same key.
//   - Keys and their answers are kept for 24 hours.
//   - Public and signed-in-only routes (sign-in, two-factor enrolment) and routes whose
//     answers hold a secret shown once (answersWithSecret) are left out: secrets must not
//     be stored. So is audit verification, which creates nothing and must look at the trail
//     as it is now.
func (s *Server) idempotent(r route) fiber.Handler {
	if r.method != fiber.MethodPost || r.object == public || r.object == signedIn || answersWithSecret(r) || r.object == "audit" {
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
		req := domain.IdempotentRequest{Actor: actor, Key: key, Method: c.Method(), Path: c.Path(), BodyHash: sum[:]}
		outer := c.UserContext()
		stored, err := s.store.RunOnce(outer, req, func(ctx context.Context) (domain.IdempotentResponse, bool, error) {
			c.SetUserContext(ctx) // the handler's store calls join the unit of work
			defer c.SetUserContext(outer)
			if err := c.Next(); err != nil {
				return domain.IdempotentResponse{}, false, err
			}
			status := c.Response().StatusCode()
			if status < 200 || status > 299 {
				return domain.IdempotentResponse{}, false, nil
			}
			b, err := json.Marshal(storedResponse{ContentType: string(c.Response().Header.ContentType()), ETag: c.GetRespHeader(fiber.HeaderETag),
				Location: c.GetRespHeader(fiber.HeaderLocation), Body: append([]byte(nil), c.Response().Body()...)})
			if err != nil {
				return domain.IdempotentResponse{}, false, domain.Internal(err)
			}
			return domain.IdempotentResponse{Status: status, Body: b}, true, nil
		})
		if err != nil {
			if errors.Is(err, domain.ErrInFlight) {
				c.Set(fiber.HeaderRetryAfter, "1")
			}
			// Whatever the handler answered did not commit: the problem replaces it whole.
			c.Response().Header.Del(fiber.HeaderETag)
			c.Response().Header.Del(fiber.HeaderLocation)
			return err
		}
		if stored == nil {
			return nil // the handler's own answer, now committed
		}
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
}

func printableASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < 0x20 || s[i] > 0x7e {
			return false
		}
	}
	return true
}
