package api_test

import (
	"encoding/json"
	"maps"
	"testing"
)

// A case the caller may not see answers 404 exactly like a case that does not exist, and
// the attempt is in the audit trail as denied, naming the case asked for.
func TestOutOfScopeCaseReadIsAuditedAsDenied(t *testing.T) {
	e := newEnv(t)
	k, _ := e.openCase(e.as("practitioner"), nil) // at Northgate
	pr2 := e.as("practitioner2")                  // at Riverside
	missing := "00000000-0000-4000-8000-000000000001"

	hidden := pr2.do("GET", "/api/v1/cases/"+k.ID, nil).problem(404)
	absent := pr2.do("GET", "/api/v1/cases/"+missing, nil).problem(404)
	for _, p := range []map[string]any{hidden, absent} {
		delete(p, "instance")
		delete(p, "request_id")
	}
	if !maps.EqualFunc(hidden, absent, func(a, b any) bool { x, _ := json.Marshal(a); y, _ := json.Marshal(b); return string(x) == string(y) }) {
		t.Errorf("the answers differ:\n%v\n%v", hidden, absent)
	}
	// A write is refused the same way.
	pr2.do("POST", "/api/v1/cases/"+k.ID+"/sessions", map[string]any{"intervention_type": "mentoring", "held_on": daysAgo(1),
		"minutes": 30, "format": "individual", "attendance": "attended"}).problem(404)

	var au struct {
		Items []struct {
			ActorName string          `json:"actor_name"`
			Action    string          `json:"action"`
			ObjectID  string          `json:"object_id"`
			Outcome   string          `json:"outcome"`
			Details   json.RawMessage `json:"details"`
		} `json:"items"`
	}
	e.as("auditor").do("GET", "/api/v1/audit?outcome=denied&object_type=case", nil).want(200).decode(&au)
	got := map[string]string{}
	for _, ev := range au.Items {
		if ev.ActorName != "practitioner2" || ev.Action != "case.access" || ev.Outcome != "denied" {
			t.Errorf("unexpected denied event %+v", ev)
		}
		got[ev.ObjectID] += string(ev.Details)
	}
	if got[k.ID] != `{"reason":"out_of_scope","write":true}{"reason":"out_of_scope","write":false}` {
		t.Errorf("denied events on the hidden case: %q", got[k.ID])
	}
	if got[missing] != `{"reason":"not_found","write":false}` {
		t.Errorf("denied events on the missing case: %q", got[missing])
	}
	// Nothing was read: no successful case.read by practitioner2.
	if n := e.count("SELECT count(*) FROM audit_events WHERE actor_name = 'practitioner2' AND outcome = 'success' AND object_type = 'case'"); n != 0 {
		t.Errorf("%d successful case events for practitioner2", n)
	}
}
