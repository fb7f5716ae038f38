package api

import (
	"errors"
	"log/slog"
	"strconv"

	"github.com/gofiber/fiber/v2"

	"pathways/domain"
)

// status maps the domain's error vocabulary to HTTP, once, for the whole API.
var status = map[domain.Code]int{
	domain.CodeInvalid:            fiber.StatusUnprocessableEntity,
	domain.CodeMalformed:          fiber.StatusBadRequest,
	domain.CodeNotFound:           fiber.StatusNotFound,
	domain.CodeConflict:           fiber.StatusConflict,
	domain.CodeForbidden:          fiber.StatusForbidden,
	domain.CodeUnauthenticated:    fiber.StatusUnauthorized,
	domain.CodePreconditionFailed: fiber.StatusPreconditionFailed,
	domain.CodePreconditionNeeded: fiber.StatusPreconditionRequired,
	domain.CodeTooManyRequests:    fiber.StatusTooManyRequests,
	domain.CodeUnsupportedMedia:   fiber.StatusUnsupportedMediaType,
	domain.CodeUnavailable:        fiber.StatusServiceUnavailable,
	domain.CodeInternal:           fiber.StatusInternalServerError,
}

// codeFor maps a status from Fiber's own errors (404 for an unknown route, 413 for a large
// body, CSRF's 403) back onto our vocabulary, keeping the status.
func codeFor(httpStatus int) domain.Code {
	for c, s := range status {
		if s == httpStatus {
			return c
		}
	}
	if httpStatus >= 500 {
		return domain.CodeInternal
	}
	return domain.CodeMalformed
}

// Problem is an RFC 9457 problem details document.
type Problem struct {
	Type      string         `json:"type"`
	Title     string         `json:"title"`
	Status    int            `json:"status"`
	Detail    string         `json:"detail,omitempty"`
	Instance  string         `json:"instance,omitempty"`
	RequestID string         `json:"request_id,omitempty"`
	Errors    []FieldError   `json:"errors,omitempty"`
	Extra     map[string]any `json:"-"`
}

// FieldError is one per-field problem.
type FieldError struct {
	Field  string `json:"field"`
	Reason string `json:"reason"`
	Detail string `json:"detail"`
	// Params: the values of the rule broken ("limit", "min", "max", "allowed", "type",
	// "layout", "date"), so a client can word the problem in its user's language instead of
	// showing Detail, which is English.
	Params map[string]string `json:"params,omitempty"`
	// Findings: for identifier_suspected, what the screen flagged, quoted from the text the
	// caller sent (so its author can judge it). Never logged.
	Findings []IdentifierFinding `json:"findings,omitempty"`
}

// IdentifierFinding is one likely identifier the screen found in a free text.
type IdentifierFinding struct {
	Kind string `json:"kind"`
	Text string `json:"text"`
}

// errorHandler is Fiber's ErrorHandler: every error any handler or middleware returns is
// answered here as application/problem+json.
func (s *Server) errorHandler(c *fiber.Ctx, err error) error {
	if requestID(c) == "" {
		// fasthttp refused the request before routing (a body over the limit, say), so no
		// middleware ran: the answer still gets its request id and security headers.
		newRequestID(c)
		s.setSecurityHeaders(c)
	}
	var de *domain.Error
	var fe *fiber.Error
	p := Problem{Instance: c.Path(), RequestID: requestID(c)}
	switch {
	case errors.As(err, &de):
		p.Status = status[de.Code]
		if p.Status == 0 {
			p.Status = fiber.StatusInternalServerError
		}
		p.Type, p.Title, p.Detail = "urn:pathways:problem:"+string(de.Code), titleOf(de.Code), de.Message
		for _, f := range de.Fields {
			fe := FieldError{Field: f.Field, Reason: f.Reason, Detail: f.Detail, Params: f.Params}
			for _, x := range f.Findings {
				fe.Findings = append(fe.Findings, IdentifierFinding{Kind: x.Kind, Text: x.Quote})
			}
			p.Errors = append(p.Errors, fe)
		}
		p.Extra = de.Extra
		if de.Code == domain.CodeInternal || de.Code == domain.CodeUnavailable {
			s.log.Error("request failed", "request_id", p.RequestID, "path", c.Path(), "err", err)
			p.Detail = titleOf(de.Code)
		}
	case errors.As(err, &fe):
		p.Status = fe.Code
		code := codeFor(fe.Code)
		p.Type, p.Title, p.Detail = "urn:pathways:problem:"+string(code), titleOf(code), fe.Message
		if fe.Code >= 500 {
			s.log.Error("request failed", "request_id", p.RequestID, "path", c.Path(), "err", err)
		}
	default:
		s.log.Error("request failed", "request_id", p.RequestID, "path", c.Path(), "err", err)
		p.Status = fiber.StatusInternalServerError
		p.Type, p.Title, p.Detail = "urn:pathways:problem:internal", titleOf(domain.CodeInternal), titleOf(domain.CodeInternal)
	}
	body := map[string]any{"type": p.Type, "title": p.Title, "status": p.Status, "instance": p.Instance, "request_id": p.RequestID}
	if p.Detail != "" {
		body["detail"] = p.Detail
	}
	if len(p.Errors) > 0 {
		body["errors"] = p.Errors
	}
	for k, v := range p.Extra {
		if _, taken := body[k]; !taken {
			body[k] = v
		}
	}
	if p.Status == fiber.StatusTooManyRequests && c.GetRespHeader(fiber.HeaderRetryAfter) == "" {
		retry := "60"
		if s, ok := p.Extra["retry_after"].(int); ok && s > 0 {
			retry = strconv.Itoa(s) // the refusal knows when its limit ends
		}
		c.Set(fiber.HeaderRetryAfter, retry)
	}
	if p.Status == fiber.StatusUnauthorized {
		c.Set(fiber.HeaderWWWAuthenticate, `Bearer realm="pathways"`)
	}
	c.Status(p.Status)
	if err := c.JSON(body); err != nil {
		slog.Error("writing problem", "err", err)
	}
	c.Set(fiber.HeaderContentType, "application/problem+json")
	return nil
}

func titleOf(c domain.Code) string {
	switch c {
	case domain.CodeInvalid:
		return "Invalid request"
	case domain.CodeMalformed:
		return "Malformed request"
	case domain.CodeNotFound:
		return "Not found"
	case domain.CodeConflict:
		return "Conflict"
	case domain.CodeForbidden:
		return "Forbidden"
	case domain.CodeUnauthenticated:
		return "Authentication required"
	case domain.CodePreconditionFailed:
		return "Precondition failed"
	case domain.CodePreconditionNeeded:
		return "Precondition required"
	case domain.CodeTooManyRequests:
		return "Too many requests"
	case domain.CodeUnsupportedMedia:
		return "Unsupported media type"
	case domain.CodeUnavailable:
		return "Service unavailable"
	}
	return "Internal error"
}
