package api_test

import (
	"strconv"
	"testing"
	"time"
)

// fieldProblem returns the per-field problem of p that names field, or nil.
func fieldProblem(p map[string]any, field string) map[string]any {
	errs, _ := p["errors"].([]any)
	for _, e := range errs {
		if m, ok := e.(map[string]any); ok && m["field"] == field {
			return m
		}
	}
	return nil
}

// A refused field carries the values of the rule it broke as params, so the browser can
// say "at most 6 characters" or "a year between 1926 and 2016" in the user's language
// instead of the validator's English.
func TestFieldProblemParams(t *testing.T) {
	e := newEnv(t)
	pr := e.as("practitioner")
	year := time.Now().Year()
	cases := []struct {
		edit   map[string]any
		field  string
		reason string
		params map[string]string
	}{
		{map[string]any{"offence_category": "0101011"}, "offence_category", "max", map[string]string{"limit": "6", "type": "text"}},
		{map[string]any{"track": "house_arrest"}, "track", "oneof", map[string]string{"allowed": "custodial non_custodial"}},
		{map[string]any{"consent_date": "15/06/2025"}, "consent_date", "datetime", map[string]string{"layout": "2006-01-02"}},
		{map[string]any{"participant": map[string]any{"birth_year": year - 5, "gender": "male", "nationality": "XA"}}, "participant.birth_year", "out_of_range",
			map[string]string{"min": strconv.Itoa(year - 100), "max": strconv.Itoa(year - 10)}},
	}
	for _, c := range cases {
		p := pr.do("POST", "/api/v1/cases", e.intakeBody(e.world.Northgate, c.edit)).problem(422)
		fp := fieldProblem(p, c.field)
		if fp == nil {
			t.Errorf("%v: no problem for %s in %v", c.edit, c.field, p)
			continue
		}
		if fp["reason"] != c.reason {
			t.Errorf("%s: reason %v, want %s", c.field, fp["reason"], c.reason)
		}
		got, _ := fp["params"].(map[string]any)
		if len(got) != len(c.params) {
			t.Errorf("%s: params %v, want %v", c.field, got, c.params)
		}
		for k, v := range c.params {
			if got[k] != v {
				t.Errorf("%s: params[%s] = %v, want %s", c.field, k, got[k], v)
			}
		}
	}
	// A rule with nothing to add carries no params.
	p := pr.do("POST", "/api/v1/cases", e.intakeBody(e.world.Northgate, map[string]any{"programme_id": nil})).problem(422)
	if fp := fieldProblem(p, "programme_id"); fp == nil || fp["params"] != nil {
		t.Errorf("required programme_id: %v", fp)
	}
}
