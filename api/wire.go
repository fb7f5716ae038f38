package api

import (
	"time"

	"github.com/gofiber/fiber/v2"

	"pathways/domain"
)

// The wire helpers every handler shares: how dates, optional values, lists and pages look
// in JSON. Each shape is defined here once so that two handlers cannot drift apart.

// listResponse is the answer of every list that comes whole: {"items": [...]}. Items is
// never null on the wire: an empty list is [].
type listResponse[T any] struct {
	Items []T `json:"items"`
}

// pageResponse is one page of a longer list. next_cursor is present only when another page
// follows; the caller passes it back as ?cursor= to read on.
type pageResponse[T any] struct {
	Items      []T    `json:"items"`
	NextCursor string `json:"next_cursor,omitempty"`
}

// pageQuery is the query string of a paged list: the cursor from the previous page (none for
// the first) and how many items at most.
type pageQuery struct {
	Cursor string `query:"cursor" validate:"max=100"`
	Limit  int    `query:"limit" validate:"omitempty,gte=1,lte=200"`
}

// pageQuery reads and checks the paging parameters; a query string that cannot be read is
// Malformed, a value out of range Invalid.
func (s *Server) pageQuery(c *fiber.Ctx) (pageQuery, error) {
	var q pageQuery
	if err := c.QueryParser(&q); err != nil {
		return q, domain.Errorf(domain.CodeMalformed, "the query string could not be read: %v", err)
	}
	return q, s.check(q)
}

// statusResponse is the body of the liveness and readiness probes.
type statusResponse struct {
	Status string `json:"status"`
}

// listOf wraps items as a whole list; nil becomes [] so the answer never holds null.
func listOf[T any](items []T) listResponse[T] {
	if items == nil {
		items = []T{}
	}
	return listResponse[T]{Items: items}
}

// pageOf wraps items as one page; next is the cursor of the following page or "" on the last.
func pageOf[T any](items []T, next string) pageResponse[T] {
	if items == nil {
		items = []T{}
	}
	return pageResponse[T]{Items: items, NextCursor: next}
}

// mapItems converts domain values to their wire form, in order; the result is never nil.
func mapItems[D, W any](xs []D, out func(D) W) []W {
	ws := make([]W, 0, len(xs))
	for _, x := range xs {
		ws = append(ws, out(x))
	}
	return ws
}

// sendList answers 200 with the whole list of xs in wire form.
func sendList[D, W any](c *fiber.Ctx, xs []D, out func(D) W) error {
	return c.JSON(listOf(mapItems(xs, out)))
}

// dateOut writes a calendar date as "YYYY-MM-DD".
func dateOut(t time.Time) string { return t.Format(time.DateOnly) }

// dateOrNil writes an optional date: nil stays null on the wire.
func dateOrNil(t *time.Time) *string {
	if t == nil {
		return nil
	}
	s := dateOut(*t)
	return &s
}

// stringOrNil writes an optional text: "" becomes null on the wire.
func stringOrNil(s string) *string {
	if s == "" {
		return nil
	}
	return &s
}

// nonNil makes an absent list [] on the wire instead of null.
func nonNil(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}

// utcPtr writes an optional instant in UTC; nil stays null.
func utcPtr(t *time.Time) *time.Time {
	if t == nil {
		return nil
	}
	u := t.UTC()
	return &u
}

// parseDate reads a "YYYY-MM-DD" date whose shape the validator has already checked; it
// answers the zero time for anything else.
func parseDate(s string) time.Time {
	t, _ := time.Parse(time.DateOnly, s)
	return t
}

// parseDateField reads a date the validator has not checked yet: one that breaks the form is
// Invalid, naming field.
func parseDateField(field, s string) (time.Time, error) {
	t, err := time.Parse(time.DateOnly, s)
	if err != nil {
		return t, domain.Invalid(domain.FieldProblem{Field: field, Reason: "datetime", Detail: "must be a date in the form 2006-01-02"})
	}
	return t, nil
}

// parseDatePtr reads an optional date: nil or "" is no date.
func parseDatePtr(s *string) *time.Time {
	if s == nil || *s == "" {
		return nil
	}
	t := parseDate(*s)
	return &t
}
