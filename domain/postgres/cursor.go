package postgres

import (
	"encoding/base64"
	"strconv"
	"strings"
	"time"

	"pathways/domain"
)

// Keyset cursors are opaque to clients: base64 of the sort key of the last row returned.

func timeCursor(t time.Time, id string) string {
	return base64.RawURLEncoding.EncodeToString([]byte(strconv.FormatInt(t.UnixMicro(), 10) + "|" + id))
}

func parseTimeCursor(s string) (time.Time, string, error) {
	bad := domain.Invalid(domain.FieldProblem{Field: "cursor", Reason: "invalid", Detail: "use the next_cursor of a previous answer"})
	raw, err := base64.RawURLEncoding.DecodeString(s)
	if err != nil {
		return time.Time{}, "", bad
	}
	ts, id, ok := strings.Cut(string(raw), "|")
	us, err := strconv.ParseInt(ts, 10, 64)
	if !ok || err != nil || !validUUID(id) {
		return time.Time{}, "", bad
	}
	return time.UnixMicro(us).UTC(), id, nil
}

// dayCursor is the key of a list ordered by a day, then a sequence (a timeline).
func dayCursor(day time.Time, id int64) string {
	return base64.RawURLEncoding.EncodeToString([]byte(day.Format(time.DateOnly) + "|" + strconv.FormatInt(id, 10)))
}

func parseDayCursor(s string) (time.Time, int64, error) {
	bad := domain.Invalid(domain.FieldProblem{Field: "cursor", Reason: "invalid", Detail: "use the next_cursor of a previous answer"})
	raw, err := base64.RawURLEncoding.DecodeString(s)
	if err != nil {
		return time.Time{}, 0, bad
	}
	d, n, ok := strings.Cut(string(raw), "|")
	day, derr := time.Parse(time.DateOnly, d)
	id, ierr := strconv.ParseInt(n, 10, 64)
	if !ok || derr != nil || ierr != nil || id <= 0 {
		return time.Time{}, 0, bad
	}
	return day, id, nil
}

// pageLimit applies a list's default and ceiling.
func pageLimit(n, def, max int) int {
	if n <= 0 {
		return def
	}
	if n > max {
		return max
	}
	return n
}
