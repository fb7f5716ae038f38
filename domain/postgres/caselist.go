package postgres

import (
	"encoding/base64"
	"strings"

	"pathways/domain"
)

// caseListJoins adds to a case row its case manager's username (mu) and the next date
// something is due on it (nd: due_on and kind): the earlier of the next review, while the
// case is open, and the earliest follow-up point not yet held.
const caseListJoins = ` LEFT JOIN users mu ON mu.id = c.case_manager_id
	LEFT JOIN LATERAL (SELECT d.due_on, d.kind FROM (
			SELECT c.next_review_date AS due_on, 'review' AS kind WHERE c.phase <> 'closed'
			UNION ALL
			SELECT min(f.due_on), 'follow_up' FROM follow_up_points f WHERE f.case_id = c.id AND f.status = 'open'
		) d WHERE d.due_on IS NOT NULL ORDER BY d.due_on, d.kind LIMIT 1) nd ON true`

// caseSortKey is the sort key of an order as one text expression in byte order (COLLATE
// "C"), so that the keyset cursor compares exactly as ORDER BY sorts, and the ORDER BY
// clause. Cases with no case manager or nothing due sort last in either direction.
func caseSortKey(sort domain.CaseSort, desc bool) (key, order string) {
	dir, missing := " ASC", `chr(1114111)` // the highest code point sorts after every name
	if desc {
		dir, missing = " DESC", `''`
	}
	switch sort {
	case domain.CaseSortPseudonym:
		key = `pa.pseudonym`
	case domain.CaseSortPhase:
		key = `array_position(ARRAY['intake','assessment','intervention','pre_release','reintegration','closed'], c.phase::text)::text`
	case domain.CaseSortCaseManager:
		key = `coalesce(mu.username, ` + missing + `)`
	case domain.CaseSortNextDue:
		key = `coalesce(to_char(nd.due_on, 'YYYY-MM-DD'), ` + missing + `)`
	default:
		return `''`, "c.created_at DESC, c.id DESC"
	}
	key = "(" + key + `) COLLATE "C"`
	return key, key + dir + ", c.id" + dir
}

// sortCursor is the keyset cursor of an ordered list: the order's name, the last row's sort
// key and its id.
func sortCursor(sort, key, id string) string {
	return base64.RawURLEncoding.EncodeToString([]byte(sort + "\x00" + key + "\x00" + id))
}

// parseSortCursor reads a sortCursor made for the same order; one from another order or
// not one of ours is Invalid.
func parseSortCursor(s, sort string) (key, id string, err error) {
	bad := domain.Invalid(domain.FieldProblem{Field: "cursor", Reason: "invalid", Detail: "use the next_cursor of a previous answer with the same sort"})
	raw, err := base64.RawURLEncoding.DecodeString(s)
	if err != nil {
		return "", "", bad
	}
	parts := strings.Split(string(raw), "\x00")
	if len(parts) != 3 || parts[0] != sort || !validUUID(parts[2]) {
		return "", "", bad
	}
	return parts[1], parts[2], nil
}
