package postgres

import (
	"encoding/base64"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/jackc/pgx/v5"

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
	// The key goes to PostgreSQL as text, which refuses bytes that are not UTF-8 (a 500
	// before: attack round 9).
	if len(parts) != 3 || parts[0] != sort || !validUUID(parts[2]) || !utf8.ValidString(parts[1]) {
		return "", "", bad
	}
	return parts[1], parts[2], nil
}

// caseListWhere collects the conditions of a case list query and their arguments.
type caseListWhere struct {
	where []string
	args  []any
}

func (w *caseListWhere) add(cond string) { w.where = append(w.where, cond) }

// arg adds an argument and returns its placeholder.
func (w *caseListWhere) arg(v any) string {
	w.args = append(w.args, v)
	return "$" + strconv.Itoa(len(w.args))
}

// filter adds the filter's conditions, and returns the random part of the pseudonym searched
// for ("" without a search). A malformed facility, programme or search is Invalid.
func (w *caseListWhere) filter(f domain.CaseFilter) (string, error) {
	if f.Phase != "" {
		w.add("c.phase = " + w.arg(string(f.Phase)))
	}
	if f.FacilityID != "" {
		if !validUUID(f.FacilityID) {
			return "", domain.Invalid(domain.FieldProblem{Field: "facility_id", Reason: "uuid", Detail: "must be a UUID"})
		}
		w.add("c.facility_id = " + w.arg(f.FacilityID))
	}
	if f.ProgrammeID != "" {
		if !validUUID(f.ProgrammeID) {
			return "", domain.Invalid(domain.FieldProblem{Field: "programme_id", Reason: "uuid", Detail: "must be a UUID"})
		}
		w.add("c.programme_id = " + w.arg(f.ProgrammeID))
	}
	if f.Overdue {
		w.add("c.phase <> 'closed' AND c.next_review_date < current_date")
	}
	if f.FollowUpOverdue {
		w.add(overdueCondition())
	}
	if f.Query == "" {
		return "", nil
	}
	random, err := domain.PseudonymSearch(f.Query)
	if err != nil {
		return "", err
	}
	w.add("pa.pseudonym LIKE " + w.arg(domain.PseudonymSearchPattern(random)))
	return random, nil
}

// cursor adds the keyset condition of the filter's cursor, if it has one: the creation
// order's cursor is a time and an id, any other order's its sort key (key) and an id.
func (w *caseListWhere) cursor(f domain.CaseFilter, key string) error {
	if f.Cursor == "" {
		return nil
	}
	if f.Sort == domain.CaseSortCreated {
		at, id, err := parseTimeCursor(f.Cursor)
		if err != nil {
			return err
		}
		w.add("(c.created_at, c.id) < (" + w.arg(at) + ", " + w.arg(id) + "::uuid)")
		return nil
	}
	k, id, err := parseSortCursor(f.Cursor, string(f.Sort))
	if err != nil {
		return err
	}
	cmp := ">"
	if f.Desc {
		cmp = "<"
	}
	w.add("(" + key + ", c.id) " + cmp + " (" + w.arg(k) + " COLLATE \"C\", " + w.arg(id) + "::uuid)")
	return nil
}

// collectCasePage reads up to limit cases of a list query that asked for limit+1, and the
// cursor of the next page ("" when this page is the last).
func collectCasePage(rows pgx.Rows, sort domain.CaseSort, limit int) ([]domain.CaseListEntry, string, error) {
	var keys []string
	out, err := pgx.CollectRows(rows, func(r pgx.CollectableRow) (k domain.CaseListEntry, err error) {
		var sortKey string
		err = scanCase(r, &k.Case, &k.CaseManager, &k.CaseManagerName, &k.NextDueOn, &k.NextDueKind, &k.PreviousVisible, &sortKey)
		keys = append(keys, sortKey)
		return k, err
	})
	if err != nil || len(out) <= limit {
		return out, "", err
	}
	out = out[:limit]
	last := out[limit-1]
	if sort == domain.CaseSortCreated {
		return out, timeCursor(last.CreatedAt, last.ID), nil
	}
	return out, sortCursor(string(sort), keys[limit-1], last.ID), nil
}
