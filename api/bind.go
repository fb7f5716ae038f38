package api

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"mime"
	"reflect"
	"strconv"
	"strings"
	"unicode/utf8"

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
	// Names shown outside the app (CSV, print) must read as typed (domain.HasDirectionControl).
	if err := v.RegisterValidation("nodircontrol", func(fl validator.FieldLevel) bool {
		return !domain.HasDirectionControl(fl.Field().String())
	}); err != nil {
		panic(err) // a programming error: the tag is registered once, at start
	}
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
	// Only a body declared JSON is read. A browser sends a cross-site form (text/plain,
	// urlencoded, multipart) without asking first; refusing those keeps another site from
	// submitting on a user's behalf where no session exists yet to carry a CSRF token (sign-in:
	// login CSRF would sign the user in as the attacker's account).
	if mt, _, err := mime.ParseMediaType(c.Get(fiber.HeaderContentType)); err != nil || mt != fiber.MIMEApplicationJSON {
		return domain.Errorf(domain.CodeUnsupportedMedia, "the body must be sent as application/json")
	}
	// JSON is UTF-8 (RFC 8259); Go's decoder would quietly turn bad bytes into U+FFFD.
	if !utf8.Valid(body) {
		return domain.Errorf(domain.CodeMalformed, "the body is not valid UTF-8")
	}
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.DisallowUnknownFields()
	if err := dec.Decode(dst); err != nil {
		return malformed(err)
	}
	if _, err := dec.Token(); !errors.Is(err, io.EOF) {
		return domain.Errorf(domain.CodeMalformed, "the body holds more than one JSON value")
	}
	// A "\u0000" escape decodes to a NUL byte, which no text column can hold.
	var probs domain.Problems
	checkStrings(reflect.ValueOf(dst), "", &probs)
	if err := probs.Err(); err != nil {
		return err
	}
	return s.check(dst)
}

// checkStrings reports every string in a decoded request (struct fields by their JSON
// names, slice elements by index, map keys and values) that holds a NUL character or is not
// valid UTF-8. Fields without a JSON name (a patch field's value, say) report under their
// parent's name.
func checkStrings(v reflect.Value, path string, probs *domain.Problems) {
	switch v.Kind() {
	case reflect.Pointer, reflect.Interface:
		if !v.IsNil() {
			checkStrings(v.Elem(), path, probs)
		}
	case reflect.String:
		if s := v.String(); !utf8.ValidString(s) || strings.IndexByte(s, 0) >= 0 {
			field := path
			if field == "" {
				field = "body"
			}
			probs.Add(field, "control_character", "must be valid UTF-8 text without NUL characters")
		}
	case reflect.Struct:
		t := v.Type()
		for i := 0; i < t.NumField(); i++ {
			f := t.Field(i)
			if !f.IsExported() {
				continue
			}
			name, _, _ := strings.Cut(f.Tag.Get("json"), ",")
			if name == "-" {
				continue
			}
			checkStrings(v.Field(i), joinPath(path, name), probs)
		}
	case reflect.Slice, reflect.Array:
		if v.Kind() == reflect.Slice && v.Type().Elem().Kind() == reflect.Uint8 {
			return // bytes, not text
		}
		for i := 0; i < v.Len(); i++ {
			checkStrings(v.Index(i), path+"["+strconv.Itoa(i)+"]", probs)
		}
	case reflect.Map:
		iter := v.MapRange()
		for iter.Next() {
			k := iter.Key()
			if k.Kind() == reflect.String && (!utf8.ValidString(k.String()) || strings.IndexByte(k.String(), 0) >= 0) {
				probs.Add(path, "control_character", "its keys must be valid UTF-8 text without NUL characters")
				continue
			}
			checkStrings(iter.Value(), joinPath(path, fmt.Sprint(k.Interface())), probs)
		}
	}
}

func joinPath(parent, name string) string {
	switch {
	case name == "":
		return parent
	case parent == "":
		return name
	}
	return parent + "." + name
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
		probs.AddParams(field, fe.Tag(), describe(fe), ruleParams(fe))
	}
	return probs.Err()
}

// ruleParams gives the values of the broken tag in machine-readable form: the bound of a
// size rule with what it measures (a text's characters, a list's entries or a number), the
// choices of oneof, the layout of datetime. nil for tags whose name says it all.
func ruleParams(fe validator.FieldError) map[string]string {
	switch fe.Tag() {
	case "min", "max", "len", "gte", "lte", "gt", "lt":
		return map[string]string{"limit": fe.Param(), "type": measured(fe.Kind())}
	case "oneof":
		return map[string]string{"allowed": fe.Param()}
	case "datetime":
		return map[string]string{"layout": fe.Param()}
	}
	return nil
}

// measured names what a size rule counts for a value of kind k.
func measured(k reflect.Kind) string {
	switch k {
	case reflect.String:
		return "text"
	case reflect.Slice, reflect.Array, reflect.Map:
		return "list"
	}
	return "number"
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
	case "nodircontrol":
		return "must not hold text direction controls (U+202A-U+202E, U+2066-U+2069)"
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
