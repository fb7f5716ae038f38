package api

import (
	"bytes"
	"net/url"
	"strings"
	"unicode/utf8"

	"github.com/gofiber/fiber/v2"

	"pathways/domain"
)

// wellFormed refuses, before any route runs, a request whose path or query string holds a
// NUL character or bytes that are not UTF-8 once percent-decoded. No handler, store or log
// line then has to cope with them, and PostgreSQL, which refuses both in text (a 500 once),
// never sees them. JSON bodies are checked where they are decoded (bind).
func (s *Server) wellFormed(c *fiber.Ctx) error {
	uri := c.Request().URI()
	path, err := url.PathUnescape(string(uri.PathOriginal()))
	if err != nil || !goodText(path) || !goodText(c.Path()) {
		return domain.Errorf(domain.CodeMalformed, "the path must be UTF-8 text without NUL characters, with valid %%-escapes")
	}
	var bad []byte
	uri.QueryArgs().VisitAll(func(k, v []byte) {
		if bad == nil && (!goodBytes(k) || !goodBytes(v)) {
			bad = k
		}
	})
	if bad != nil {
		name := strings.ToValidUTF8(string(bytes.ReplaceAll(bad, []byte{0}, nil)), "?")
		return &domain.Error{Code: domain.CodeMalformed, Message: "the query string must be UTF-8 text without NUL characters",
			Fields: []domain.FieldProblem{{Field: name, Reason: "control_character", Detail: "must be valid UTF-8 text without NUL characters"}}}
	}
	return c.Next()
}

func goodText(s string) bool { return utf8.ValidString(s) && strings.IndexByte(s, 0) < 0 }

func goodBytes(b []byte) bool { return utf8.Valid(b) && bytes.IndexByte(b, 0) < 0 }
