package domain

import (
	"errors"
	"fmt"
)

// Code is the small vocabulary of failures every layer speaks. The API maps each code to an
// HTTP status in one place (api/problem.go); nothing else decides a status.
type Code string

const (
	CodeInvalid            Code = "invalid"             // the request breaks a rule: 422 with field problems
	CodeMalformed          Code = "malformed"           // the request cannot be read at all: 400
	CodeNotFound           Code = "not_found"           // absent, or outside the caller's scope: 404
	CodeConflict           Code = "conflict"            // clashes with the current state: 409
	CodeForbidden          Code = "forbidden"           // role may not do this: 403
	CodeUnauthenticated    Code = "unauthenticated"     // no valid credentials: 401
	CodePreconditionFailed Code = "precondition_failed" // stale If-Match: 412
	CodePreconditionNeeded Code = "precondition_needed" // If-Match missing: 428
	CodeTooManyRequests    Code = "too_many_requests"   // throttled: 429
	CodeUnsupportedMedia   Code = "unsupported_media"   // a body that is not declared JSON: 415
	CodeUnavailable        Code = "unavailable"         // a dependency is down: 503
	CodeInternal           Code = "internal"            // our fault: 500, details only in the log
)

// FieldProblem names one field of a request and what is wrong with it.
type FieldProblem struct {
	Field  string // JSON path of the field, e.g. "participant.birth_year"
	Reason string // machine-readable: "required", "out_of_range", "identifier_suspected", …
	Detail string // a sentence for a person (English, for API clients and logs)
	// Params: the rule's values a client needs to explain the problem in its own words,
	// keyed by name ("min", "max", "limit", "allowed", "type", "layout", "date"); nil when
	// the reason says it all.
	Params map[string]string
	// Findings: for "identifier_suspected", what the screen flagged, quoted from the
	// author's text (sent back to the author only; never logged or audited).
	Findings []Finding
}

// Error is a failure with a code, a message safe to show to the caller, and optional field
// problems. Err, when set, is the underlying cause and is only ever logged.
type Error struct {
	Code    Code
	Message string
	Fields  []FieldProblem
	Extra   map[string]any // further members for the problem document (e.g. the duplicate's pseudonym)
	Err     error
}

// Error is the message, without the per-field problems.
func (e *Error) Error() string {
	if e.Err != nil {
		return fmt.Sprintf("%s: %s: %v", e.Code, e.Message, e.Err)
	}
	return fmt.Sprintf("%s: %s", e.Code, e.Message)
}

// Unwrap gives the underlying cause, if any (an internal error's).
func (e *Error) Unwrap() error { return e.Err }

// Errorf makes an Error with a formatted message.
func Errorf(code Code, format string, args ...any) *Error {
	return &Error{Code: code, Message: fmt.Sprintf(format, args...)}
}

// NotFound is the answer for anything absent or out of scope: the two must look the same.
func NotFound(what string) *Error {
	return &Error{Code: CodeNotFound, Message: what + " not found"}
}

// Invalid reports field problems.
func Invalid(fields ...FieldProblem) *Error {
	return &Error{Code: CodeInvalid, Message: "the request has invalid fields", Fields: fields}
}

// Internal wraps an unexpected failure; the caller sees only that something went wrong.
func Internal(err error) *Error {
	return &Error{Code: CodeInternal, Message: "internal error", Err: err}
}

// ErrorCode returns the code of err, or CodeInternal for anything untyped.
func ErrorCode(err error) Code {
	var e *Error
	if errors.As(err, &e) {
		return e.Code
	}
	return CodeInternal
}

// Problems collects field problems while a rule set is checked.
type Problems []FieldProblem

// Add records one problem with a field: its path, the rule broken (reason) and an English detail.
func (p *Problems) Add(field, reason, detail string) {
	*p = append(*p, FieldProblem{Field: field, Reason: reason, Detail: detail})
}

// AddParams records a problem with the values of the rule it breaks (FieldProblem.Params).
func (p *Problems) AddParams(field, reason, detail string, params map[string]string) {
	*p = append(*p, FieldProblem{Field: field, Reason: reason, Detail: detail, Params: params})
}

// Err returns nil when there are no problems, or an Invalid error listing them.
func (p Problems) Err() error {
	if len(p) == 0 {
		return nil
	}
	return Invalid(p...)
}
