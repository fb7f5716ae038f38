package api_test

import (
	"encoding/base64"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"
)

func (e *env) pseudonymOf(caseID string) string {
	e.t.Helper()
	var p string
	if err := e.db.Pool().QueryRow(e.t.Context(), "SELECT pa.pseudonym FROM cases c JOIN participants pa ON pa.id = c.participant_id WHERE c.id = $1", caseID).Scan(&p); err != nil {
		e.t.Fatal(err)
	}
	return p
}

func ids(r *response) []string {
	var out []string
	for _, it := range r.json()["items"].([]any) {
		out = append(out, it.(map[string]any)["id"].(string))
	}
	return out
}

// A case is found by its pseudonym as people type it — lower case, without its check
// character or with a wrong one, without the prefix — but only in the caller's caseload;
// a search is audited with the cases it found.
func TestCaseSearchByPseudonymToleratesTheCheckCharacterAndKeepsToScope(t *testing.T) {
	e := newEnv(t)
	mine := e.newCase(caseFixture{})
	theirs := e.newCase(caseFixture{facility: e.world.Riverside, programme: e.world.ProgrammeXA, country: "XA", teamMember: "practitioner2"})
	p, other := e.pseudonymOf(mine), e.pseudonymOf(theirs)
	wrong := "2"
	if p[11:] == wrong {
		wrong = "3"
	}
	pr := e.as("practitioner")
	search := func(c *client, q string) *response {
		return c.do("GET", "/api/v1/cases?q="+url.QueryEscape(q), nil)
	}
	for _, q := range []string{p, strings.ToLower(p), p[:11], p[:11] + wrong, p[3:], strings.ToLower(p[3:11]), "pw " + p[3:7] + " " + p[7:], p[:7]} {
		if got := ids(search(pr, q).want(200)); !slices.Equal(got, []string{mine}) {
			t.Errorf("%q found %v, want the case", q, got)
		}
	}
	// Outside the caseload nothing is found, however exactly it is typed.
	for _, q := range []string{other, other[:11], strings.ToLower(other[3:])} {
		if got := ids(search(pr, q).want(200)); len(got) != 0 {
			t.Errorf("practitioner found %v for another practitioner's case (%q)", got, q)
		}
	}
	if got := ids(search(e.as("supervisorxb"), p).want(200)); len(got) != 0 {
		t.Errorf("a supervisor of another country found %v", got)
	}
	if got := ids(search(e.as("supervisor"), other).want(200)); !slices.Equal(got, []string{theirs}) {
		t.Errorf("the country's supervisor: %v", got)
	}
	// Text no pseudonym can hold is a 422 at q, never a database error.
	for _, q := range []string{"PW-O0I1", "a%", "x'; --", "PW"} {
		if pb := search(pr, q).problem(422); !hasFieldProblem(pb, "q", fieldErrorReason(pb, "q")) || len(fieldErrors(pb)) != 1 || fieldErrors(pb)[0] != "q" {
			t.Errorf("%q: %v", q, pb)
		}
	}
	// Audited as a search, naming what it found (and what it looked for).
	if n := e.count(`SELECT count(*) FROM audit_events WHERE action = 'case.search' AND actor_name = 'practitioner'
		AND details::jsonb->'case_ids' ? $1 AND details::jsonb->>'pseudonym_start' = $2`, mine, p[3:11]); n < 4 {
		t.Errorf("searches that found the case audited %d times", n)
	}
	if n := e.count(`SELECT count(*) FROM audit_events WHERE action = 'case.search' AND details::jsonb->'case_ids' ? $1`, theirs); n != 1 {
		t.Errorf("the other case appears in %d search audits, want only the supervisor's", n)
	}
}

func fieldErrorReason(p map[string]any, field string) string {
	for _, e := range p["errors"].([]any) {
		if m := e.(map[string]any); m["field"] == field {
			return m["reason"].(string)
		}
	}
	return ""
}

// The caseload sorts by pseudonym, phase, case manager and next due date, in either
// direction, across pages (no case lost or repeated), and says each case's manager and next
// due date.
func TestCaseloadSortsAcrossPagesWithManagerAndNextDue(t *testing.T) {
	e := newEnv(t)
	ctx := t.Context()
	phases := []string{"intervention", "intake", "pre_release", "assessment", "closed", "intervention", "reintegration"}
	var all []string
	for i, ph := range phases {
		id := e.newCase(caseFixture{phase: ph})
		all = append(all, id)
		// Every other case has a manager; reviews due on different days; one open case has nothing due.
		if i%2 == 0 {
			user := []string{"practitioner", "supervisor"}[i/2%2]
			if _, err := e.db.Pool().Exec(ctx, "UPDATE cases SET case_manager_id = $2 WHERE id = $1", id, e.world.Users[user].ID); err != nil {
				t.Fatal(err)
			}
		}
		if i != 3 {
			if _, err := e.db.Pool().Exec(ctx, "UPDATE cases SET next_review_date = current_date + $2::int WHERE id = $1", id, 10*(7-i)); err != nil {
				t.Fatal(err)
			}
		}
	}
	sup := e.as("supervisor")
	list := func(sort, order string, limit int) []map[string]any {
		var out []map[string]any
		cursor := ""
		for range 20 {
			q := url.Values{"sort": {sort}, "order": {order}, "limit": {strconv.Itoa(limit)}}
			if cursor != "" {
				q.Set("cursor", cursor)
			}
			r := sup.do("GET", "/api/v1/cases?"+q.Encode(), nil).want(200).json()
			for _, it := range r["items"].([]any) {
				out = append(out, it.(map[string]any))
			}
			next, _ := r["next_cursor"].(string)
			if next == "" {
				return out
			}
			cursor = next
		}
		t.Fatal("paging did not end")
		return nil
	}
	str := func(v any) string {
		if v == nil {
			return ""
		}
		return v.(string)
	}
	rank := map[string]int{"intake": 0, "assessment": 1, "intervention": 2, "pre_release": 3, "reintegration": 4, "closed": 5}
	keyOf := map[string]func(m map[string]any) string{
		"pseudonym":    func(m map[string]any) string { return str(m["pseudonym"]) },
		"phase":        func(m map[string]any) string { return string(rune('0' + rank[str(m["phase"])])) },
		"case_manager": func(m map[string]any) string { return str(m["case_manager"]) },
		"next_due":     func(m map[string]any) string { return str(m["next_due_on"]) },
	}
	for sort, key := range keyOf {
		for _, order := range []string{"asc", "desc"} {
			got := list(sort, order, 2)
			seen := map[string]bool{}
			for _, m := range got {
				seen[m["id"].(string)] = true
			}
			if len(got) != len(all) || len(seen) != len(all) {
				t.Fatalf("%s %s: %d cases (%d distinct), want %d", sort, order, len(got), len(seen), len(all))
			}
			// Ordered, with the cases that have no value last in both directions.
			for i := 1; i < len(got); i++ {
				a, b := key(got[i-1]), key(got[i])
				switch {
				case a == "" && b != "":
					t.Errorf("%s %s: a case without a value before one with", sort, order)
				case a != "" && b != "" && ((order == "asc" && a > b) || (order == "desc" && a < b)):
					t.Errorf("%s %s: %q before %q", sort, order, a, b)
				}
			}
		}
	}
	// Manager and next due, as stored and computed.
	for _, m := range list("next_due", "asc", 7) {
		id := m["id"].(string)
		i := slices.Index(all, id)
		wantManager := map[bool]any{true: []string{"practitioner", "supervisor"}[i/2%2], false: nil}[i%2 == 0]
		if m["case_manager"] != wantManager {
			t.Errorf("case %d: manager %v, want %v", i, m["case_manager"], wantManager)
		}
		wantDue := any(nil)
		if i != 3 && phases[i] != "closed" {
			wantDue = time.Now().AddDate(0, 0, 10*(7-i)).Format(time.DateOnly)
		}
		if m["next_due_on"] != wantDue || (wantDue != nil && m["next_due_kind"] != "review") {
			t.Errorf("case %d (%s): next due %v %v, want %v review", i, phases[i], m["next_due_on"], m["next_due_kind"], wantDue)
		}
	}
	// A cursor of one order is refused by another.
	r := sup.do("GET", "/api/v1/cases?sort=phase&limit=2", nil).want(200).json()
	if pb := sup.do("GET", "/api/v1/cases?sort=pseudonym&limit=2&cursor="+r["next_cursor"].(string), nil).problem(422); !slices.Contains(fieldErrors(pb), "cursor") {
		t.Errorf("a cursor of another order: %v", pb)
	}
	sup.do("GET", "/api/v1/cases?sort=age", nil).problem(422)
	// A cursor whose sort key is not UTF-8 reached PostgreSQL as text: a 500 (attack round 9).
	id := r["items"].([]any)[0].(map[string]any)["id"].(string)
	for _, sort := range []string{"pseudonym", "case_manager", "phase", "next_due"} {
		for _, key := range []string{"\xff\xfe", "\xc3", "\xed\xa0\x80"} {
			cur := base64.RawURLEncoding.EncodeToString([]byte(sort + "\x00" + key + "\x00" + id))
			sup.do("GET", "/api/v1/cases?sort="+sort+"&cursor="+cur, nil).problem(422)
		}
	}
}

// The transfer queue is paged like every long list: no transfer is cut off past a fixed
// number, none repeated across pages.
func TestTransferQueueIsPaged(t *testing.T) {
	e := newEnv(t)
	sup := e.as("supervisor")
	want := map[string]bool{}
	for range 5 {
		id := e.newCase(caseFixture{})
		tr := sup.do("POST", "/api/v1/cases/"+id+"/transfers", map[string]any{"to_facility_id": e.world.Riverside,
			"reason": "Security assessment", "transfer_on": dateIn(0)}, "If-Match", e.etag(sup, id)).want(201).json()
		want[tr["id"].(string)] = true
	}
	got := map[string]bool{}
	cursor, pages := "", 0
	for {
		r := sup.do("GET", "/api/v1/transfers?limit=2&cursor="+url.QueryEscape(cursor), nil).want(200).json()
		pages++
		for _, it := range r["items"].([]any) {
			id := it.(map[string]any)["id"].(string)
			if got[id] {
				t.Fatalf("transfer %s on two pages", id)
			}
			got[id] = true
		}
		next, _ := r["next_cursor"].(string)
		if next == "" {
			break
		}
		cursor = next
	}
	if pages != 3 || len(got) != len(want) {
		t.Fatalf("%d pages, %d transfers; want 3 pages of the 5", pages, len(got))
	}
	sup.do("GET", "/api/v1/transfers?cursor=nonsense", nil).problem(422)
}
