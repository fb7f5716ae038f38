package api

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"reflect"
	"strings"

	"github.com/go-playground/validator/v10"
	"github.com/gofiber/fiber/v2"

	"pathways/domain"
)

// newValidator reports fields by their JSON names.
func newValidator() *validator.Validate {
	v := validator.New(validator.WithRequiredStructEnabled())
	v.RegisterTagNameFunc(func(f reflect.StructField) string {
		name, _, _ := strings.Cut(f.Tag.Get("json"), ",")
		if name == "-" {
			return ""
		}
		return name
	})
	return v
}

// bind reads a JSON body strictly (unknown fields and trailing data are refused) and checks
// its shape with validator tags. A body that cannot be read is 400; one that reads but breaks
// the tags is 422 with one problem per field.
func (s *Server) bind(c *fiber.Ctx, dst any) error {
	body := c.Body()
	if len(bytes.TrimSpace(body)) == 0 {
		return domain.Errorf(domain.CodeMalformed, "a JSON body is required")
	}
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.DisallowUnknownFields()
	if err := dec.Decode(dst); err != nil {
		return malformed(err)
	}
	if _, err := dec.Token(); !errors.Is(err, io.EOF) {
		return domain.Errorf(domain.CodeMalformed, "the body holds more than one JSON value")
	}
	return s.check(dst)
}

// check validates a decoded value against its validator tags.
func (s *Server) check(v any) error {
	err := s.validate.Struct(v)
	if err == nil {
		return nil
	}
	var ve validator.ValidationErrors
	if !errors.As(err, &ve) {
		return domain.Internal(err)
	}
	var probs domain.Problems
	for _, fe := range ve {
		field := fe.Namespace()
		if i := strings.IndexByte(field, '.'); i >= 0 {
			field = field[i+1:] // drop the struct's own name
		}
		probs.Add(field, fe.Tag(), describe(fe))
	}
	return probs.Err()
}

func describe(fe validator.FieldError) string {
	switch fe.Tag() {
	case "required":
		return "is required"
	case "min":
		return "must be at least " + fe.Param()
	case "max":
		return "must be at most " + fe.Param()
	case "len":
		return "must have length " + fe.Param()
	case "oneof":
		return "must be one of: " + fe.Param()
	case "uuid", "uuid4":
		return "must be a UUID"
	case "datetime":
		return "must be a date in the form " + fe.Param()
	case "gte":
		return "must be at least " + fe.Param()
	case "lte":
		return "must be at most " + fe.Param()
	case "iso3166_1_alpha2":
		return "must be an ISO 3166-1 alpha-2 country code"
	}
	return "is not valid (" + fe.Tag() + ")"
}

func malformed(err error) error {
	var se *json.SyntaxError
	var te *json.UnmarshalTypeError
	switch {
	case errors.As(err, &te):
		return &domain.Error{Code: domain.CodeInvalid, Message: "a field has the wrong type",
			Fields: []domain.FieldProblem{{Field: te.Field, Reason: "type", Detail: "must be a " + te.Type.String()}}}
	case errors.As(err, &se):
		return domain.Errorf(domain.CodeMalformed, "the body is not valid JSON (at byte %d)", se.Offset)
	case strings.HasPrefix(err.Error(), "json: unknown field "):
		name := strings.Trim(strings.TrimPrefix(err.Error(), "json: unknown field "), `"`)
		return &domain.Error{Code: domain.CodeInvalid, Message: "the body has a field this route does not take",
			Fields: []domain.FieldProblem{{Field: name, Reason: "unknown", Detail: "is not a field of this request"}}}
	}
	return domain.Errorf(domain.CodeMalformed, "the body could not be read: %s", strings.TrimPrefix(fmt.Sprint(err), "json: "))
}
