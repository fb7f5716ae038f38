package api_test

import (
	"context"
	"strings"
	"testing"
)

// Re-entry: a person known from an earlier case is looked up at intake within the caller's
// scope (by external reference or pseudonym), and their new case is opened for them, linked
// to the earlier one on both timelines. Every lookup is audited, never with the reference.
func TestReentryLookupAndIntake(t *testing.T) {
	e := newEnv(t)
	pr, pr2, sup := e.as("practitioner"), e.as("practitioner2"), e.as("supervisor")
	first, _ := e.openCase(pr, map[string]any{"participant": map[string]any{"birth_year": 1991, "gender": "female", "nationality": "XA", "external_ref": "NG-4471"}})
	look := func(c *client, body map[string]any) []map[string]any {
		t.Helper()
		return items(c.do("POST", "/api/v1/participants/lookup", body).want(200))
	}
	byRef := look(pr, map[string]any{"external_ref": " ng-4471 "})
	if len(byRef) != 1 || byRef[0]["pseudonym"] != first.Pseudonym || byRef[0]["open_case"] != true || len(byRef[0]["episodes"].([]any)) != 1 {
		t.Fatalf("by reference: %v", byRef)
	}
	if m := look(pr, map[string]any{"pseudonym": strings.ToLower(first.Pseudonym)}); len(m) != 1 || m[0]["id"] != byRef[0]["id"] {
		t.Fatalf("by pseudonym: %v", m)
	}
	// practitioner2 works at Riverside: the person has no case there.
	if m := look(pr2, map[string]any{"external_ref": "NG-4471"}); len(m) != 0 {
		t.Fatalf("out of scope: %v", m)
	}
	e.as("practitioner").do("POST", "/api/v1/participants/lookup", map[string]any{"external_ref": "NG-4471", "pseudonym": first.Pseudonym}).problem(422)
	e.as("practitioner").do("POST", "/api/v1/participants/lookup", map[string]any{"pseudonym": "PW-AAAAAAAAA"}).problem(422)
	if n := e.count("SELECT count(*) FROM audit_events WHERE action = 'participant.lookup'"); n != 3 {
		t.Errorf("lookups audited: %d, want 3 (the refused ones are refused before any search)", n)
	}
	if n := e.count("SELECT count(*) FROM audit_events WHERE details ILIKE '%NG-4471%' OR details ILIKE '%NG4471%'"); n != 0 { // the whole reference: a random id holds "4471" now and then
		t.Error("the reference reached the audit trail")
	}
	pid := byRef[0]["id"].(string)
	reentry := e.intakeBody(e.world.Northgate, map[string]any{"participant": nil, "participant_id": pid})
	// While the first case is open: the same person's open case is named.
	if p := pr.do("POST", "/api/v1/cases", reentry).problem(409); p["pseudonym"] != first.Pseudonym {
		t.Errorf("open case: %v", p)
	}
	e.exec("UPDATE cases SET phase = 'closed', closed_on = current_date, closure_reason = 'reoffended_recalled' WHERE id = $1", first.ID)
	// Someone who cannot see the participant cannot open a case for them.
	if p := pr2.do("POST", "/api/v1/cases", e.intakeBody(e.world.Riverside, map[string]any{"participant": nil, "participant_id": pid})).problem(422); fieldErrors(p)[0] != "participant_id" {
		t.Errorf("out of scope re-entry: %v", p)
	}
	// Not both a participant and a known one.
	pr.do("POST", "/api/v1/cases", e.intakeBody(e.world.Northgate, map[string]any{"participant_id": pid})).problem(422)
	var second caseOut
	sup.do("POST", "/api/v1/cases", e.intakeBody(e.world.Northgate, map[string]any{"participant": nil, "participant_id": pid})).want(201).decode(&second)
	if second.Pseudonym != first.Pseudonym || second.PreviousCaseID == nil || *second.PreviousCaseID != first.ID {
		t.Fatalf("re-entry: %+v", second)
	}
	kinds := func(id string) map[string]string {
		out := map[string]string{}
		for _, ev := range items(sup.do("GET", "/api/v1/cases/"+id+"/timeline", nil).want(200)) {
			out[ev["kind"].(string)] = ev["ref_id"].(string)
		}
		return out
	}
	if k := kinds(second.ID); k["re_entry"] != first.ID {
		t.Errorf("the new case's timeline: %v", k)
	}
	if k := kinds(first.ID); k["re_entered"] != second.ID {
		t.Errorf("the earlier case's timeline: %v", k)
	}
	if m := look(sup, map[string]any{"pseudonym": first.Pseudonym}); len(m) != 1 || len(m[0]["episodes"].([]any)) != 2 {
		t.Errorf("two episodes: %v", m)
	}
}

// A participant whose case was closed because they died is not taken in again (attack round
// 8, F5: a re-entry was accepted for them): a wrong look-up, or a closure to correct first.
func TestReentryOfSomeoneDeceasedIsRefused(t *testing.T) {
	e := newEnv(t)
	pr := e.as("practitioner")
	first, _ := e.openCase(pr, map[string]any{"participant": map[string]any{"birth_year": 1988, "gender": "male", "nationality": "XA"}})
	e.exec("UPDATE cases SET phase = 'closed', closed_on = current_date, closure_reason = 'deceased' WHERE id = $1", first.ID)
	var pid string
	if err := e.db.Pool().QueryRow(context.Background(), "SELECT participant_id::text FROM cases WHERE id = $1", first.ID).Scan(&pid); err != nil {
		t.Fatal(err)
	}
	p := pr.do("POST", "/api/v1/cases", e.intakeBody(e.world.Northgate, map[string]any{"participant": nil, "participant_id": pid})).problem(422)
	if f := p["errors"].([]any)[0].(map[string]any); f["field"] != "participant_id" || f["reason"] != "deceased" {
		t.Errorf("re-entry of someone deceased: %v", p["errors"])
	}
	if n := e.count("SELECT count(*) FROM cases WHERE previous_case_id = $1", first.ID); n != 0 {
		t.Errorf("%d cases opened", n)
	}
}
