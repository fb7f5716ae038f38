package api_test

import (
	"testing"
	"time"
)

// The records' create routes honour Idempotency-Key like intake does: a retry gets the first
// answer and writes nothing more; the same key with another body is refused.
func TestIdempotencyKeyOnRecordCreates(t *testing.T) {
	e := newEnv(t)
	pr := e.as("practitioner")
	released := time.Now().AddDate(0, 0, -30)
	caseID := e.newCase(caseFixture{phase: "reintegration", released: &released})
	other := e.newCase(caseFixture{phase: "intervention"})
	base := "/api/v1/cases/" + caseID
	plan := pr.do("POST", base+"/plans", map[string]any{"goals": []map[string]any{{"need": "B1", "description": "Work on violence"}}}).want(201).json()

	for _, c := range []struct {
		name, path  string
		body, body2 map[string]any
		status      int
		rows        string // counts what the request writes
	}{
		{"assessment", base + "/assessments",
			map[string]any{"instrument_code": "pathways-open", "occasion": "scheduled", "assessed_on": daysAgo(1), "ratings": fullRatings()},
			map[string]any{"instrument_code": "pathways-open", "occasion": "event", "assessed_on": daysAgo(1), "ratings": fullRatings()},
			201, "SELECT count(*) FROM assessments"},
		{"plan", base + "/plans",
			map[string]any{"goals": []map[string]any{{"need": "N2", "description": "Family contact"}}},
			map[string]any{"goals": []map[string]any{{"need": "N3", "description": "Friends"}}},
			201, "SELECT count(*) FROM plans"},
		{"plan submit", "/api/v1/plans/" + plan["id"].(string) + "/submit", nil, map[string]any{"x": 1},
			200, "SELECT count(*) FROM approvals WHERE kind = 'plan'"},
		{"case session", base + "/sessions",
			map[string]any{"intervention_type": "mentoring", "held_on": daysAgo(2), "minutes": 45, "format": "individual", "attendance": "attended"},
			map[string]any{"intervention_type": "mentoring", "held_on": daysAgo(2), "minutes": 50, "format": "individual", "attendance": "attended"},
			201, "SELECT count(*) FROM intervention_sessions"},
		{"group session", "/api/v1/sessions",
			map[string]any{"intervention_type": "arts_sport", "held_on": daysAgo(2), "minutes": 60, "format": "group",
				"participants": []map[string]any{{"case_id": caseID, "attendance": "attended"}, {"case_id": other, "attendance": "refused"}}},
			map[string]any{"intervention_type": "arts_sport", "held_on": daysAgo(3), "minutes": 60, "format": "group",
				"participants": []map[string]any{{"case_id": caseID, "attendance": "attended"}, {"case_id": other, "attendance": "refused"}}},
			201, "SELECT count(*) FROM session_attendance"},
		{"milestone", base + "/milestones",
			map[string]any{"definition_code": "housing_secured", "achieved_on": daysAgo(1), "evidence": "Tenancy signed"},
			map[string]any{"definition_code": "employment_secured", "achieved_on": daysAgo(1), "evidence": "Job offer"},
			201, "SELECT count(*) FROM milestones"},
		{"follow-up", base + "/follow-ups",
			map[string]any{"held_on": daysAgo(1), "housing": "stable", "work_education": "employed", "family_contact": "regular",
				"supervision_compliance": "compliant", "new_offence": "none"},
			map[string]any{"held_on": daysAgo(1), "housing": "temporary", "work_education": "employed", "family_contact": "regular",
				"supervision_compliance": "compliant", "new_offence": "none"},
			201, "SELECT count(*) FROM follow_ups"},
	} {
		t.Run(c.name, func(t *testing.T) {
			key := "retry-" + c.name
			before := e.count(c.rows)
			var body any
			if c.body != nil {
				body = c.body
			}
			first := pr.do("POST", c.path, body, "Idempotency-Key", key).want(c.status)
			after := e.count(c.rows)
			if after == before {
				t.Fatalf("the first request wrote nothing")
			}
			again := pr.do("POST", c.path, body, "Idempotency-Key", key).want(c.status)
			if string(again.body) != string(first.body) || again.header.Get("Idempotent-Replayed") != "true" {
				t.Errorf("the retry got another answer:\n%s\n%s", first.body, again.body)
			}
			if n := e.count(c.rows); n != after {
				t.Errorf("the retry wrote again: %d rows, want %d", n, after)
			}
			p := pr.do("POST", c.path, c.body2, "Idempotency-Key", key).problem(422)
			if f := fieldErrors(p); len(f) != 1 || f[0] != "Idempotency-Key" {
				t.Errorf("reused key: fields %v", f)
			}
			if n := e.count(c.rows); n != after {
				t.Errorf("a reused key wrote: %d rows, want %d", n, after)
			}
		})
	}
}
