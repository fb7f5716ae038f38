package api_test

import (
	"fmt"
	"strings"
	"sync"
	"testing"
)

// A retired facility holds no open case (attack round 6): a facility a pending transfer is
// bringing a case to cannot be retired, and an intake racing the retirement of its facility
// never leaves an open case in a retired facility.
func TestRetiredFacilityHoldsNoOpenCase(t *testing.T) {
	e := newEnv(t)
	admin, pr, sup := e.as("admin"), e.as("practitioner"), e.as("supervisor")
	k, _ := e.openCase(pr, nil)
	pr.do("POST", "/api/v1/cases/"+k.ID+"/transfers", map[string]any{"to_facility_id": e.world.Riverside, "reason": "Closer to the family",
		"transfer_on": dateIn(7)}, "If-Match", e.etag(pr, k.ID)).want(201)
	admin.do("PATCH", "/api/v1/facilities/"+e.world.Riverside, map[string]any{"retired": true}).problem(409)

	for round := range 4 {
		id := admin.do("POST", "/api/v1/facilities", map[string]any{"country": "XA", "name": fmt.Sprintf("Annex %d", round), "kind": "prison"}).
			want(201).json()["id"].(string)
		var intake, retire int
		var wg sync.WaitGroup
		wg.Add(2)
		go func() { defer wg.Done(); intake = sup.do("POST", "/api/v1/cases", e.intakeBody(id, nil)).status }()
		go func() {
			defer wg.Done()
			retire = admin.do("PATCH", "/api/v1/facilities/"+id, map[string]any{"retired": true}).status
		}()
		wg.Wait()
		if intake == 201 && retire == 200 {
			t.Fatalf("round %d: the intake and the retirement both succeeded", round)
		}
		if intake != 201 && intake != 422 || retire != 200 && retire != 409 {
			t.Fatalf("round %d: intake %d, retirement %d", round, intake, retire)
		}
	}
}

// Every member of staff reads the names and descriptions of facilities and programmes: none
// may identify someone, created or changed, and the trail keeps a description's old and new
// text (attack round 6 published a pseudonym, a name, a birth date and a phone number).
func TestOrganisationTextNamesNobody(t *testing.T) {
	e := newEnv(t)
	admin := e.as("admin")
	planted := "Contact Ahmed Benali, born 12/03/1990, on 020 7946 0018"
	p := admin.do("PATCH", "/api/v1/programmes/"+e.world.ProgrammeXA, map[string]any{"description": planted}).problem(422)
	if f := p["errors"].([]any)[0].(map[string]any); f["field"] != "description" || f["reason"] != "identifier_suspected" {
		t.Errorf("description: %v", p["errors"])
	}
	admin.do("PATCH", "/api/v1/facilities/"+e.world.Riverside, map[string]any{"name": "Annex of john.smith@example.org"}).problem(422)
	admin.do("POST", "/api/v1/facilities", map[string]any{"country": "XA", "name": "Call 020 7946 0018", "kind": "prison"}).problem(422)
	admin.do("POST", "/api/v1/programmes", map[string]any{"country": "XA", "name": "Exit", "description": planted, "aftercare_months": 12}).problem(422)
	if g := admin.do("GET", "/api/v1/programmes", nil).want(200).body; strings.Contains(string(g), "Benali") {
		t.Error("a refused description was written")
	}
	// An ordinary description goes through, and the trail says what it was and became.
	admin.do("PATCH", "/api/v1/programmes/"+e.world.ProgrammeXA, map[string]any{"description": "Group and individual work, with aftercare."}).want(200)
	evs := auditEvents(t, e.as("auditor"), "action=programme.update&outcome=success")
	ch := evs[0]["details"].(map[string]any)["changes"].(map[string]any)["description"].([]any)
	if ch[1] != "Group and individual work, with aftercare." {
		t.Errorf("the trail keeps %v", ch)
	}
}

// Names shown outside the app (the statistics CSV's labels, a printed list) read as typed: an
// embedding, override or isolate control is refused in facility, programme and catalogue
// names; an Arabic name with a right-to-left mark is not (attack round 8, F2: a country
// administrator named a facility with U+202E, and the CSV showed it reversed).
func TestNamesCarryNoDirectionControls(t *testing.T) {
	e := newEnv(t)
	admin := e.as("admin")
	for _, req := range []struct {
		method, path string
		body         map[string]any
	}{
		{"POST", "/api/v1/facilities", map[string]any{"country": "XA", "name": "Riverside\u202e nosirP", "kind": "prison"}},
		{"PATCH", "/api/v1/facilities/" + e.world.Riverside, map[string]any{"name": "\u2067Northgate Prison\u2069"}},
		{"POST", "/api/v1/programmes", map[string]any{"country": "XA", "name": "Exit\u202b", "aftercare_months": 12}},
		{"POST", "/api/v1/milestone-definitions", map[string]any{"code": "bidi_test", "domain": "practical_reintegration", "name": "Grade\u202e", "needs_verification": true, "practices": []string{"GP3"}}},
	} {
		p := admin.do(req.method, req.path, req.body).problem(422)
		if f := p["errors"].([]any)[0].(map[string]any); f["field"] != "name" || f["reason"] != "nodircontrol" {
			t.Errorf("%s %s: %v", req.method, req.path, p["errors"])
		}
	}
	admin.do("POST", "/api/v1/facilities", map[string]any{"country": "XA", "name": "سجن\u200f الميناء", "kind": "prison"}).want(201)
}
