package api_test

import (
	"slices"
	"strings"
	"testing"
)

// A transfer between facilities of a country: asked for by the sending side, accepted by a
// supervisor of the receiving facility who is not the requester and who names the new team;
// the case moves, the old team loses access, and the handover is on the timeline.
func TestTransferRequestAndAccept(t *testing.T) {
	e := newEnv(t)
	pr, sup, sup2 := e.as("practitioner"), e.as("supervisor"), e.as("supervisor2")
	k, _ := e.openCase(pr, nil)
	path := "/api/v1/cases/" + k.ID + "/transfers"
	body := map[string]any{"to_facility_id": e.world.Riverside, "reason": "Closer to the family", "transfer_on": dateIn(7)}
	pr.do("POST", path, body).problem(428)
	for _, bad := range []struct {
		edit   map[string]any
		field  string
		reason string
	}{
		{map[string]any{"to_facility_id": e.world.Northgate}, "to_facility_id", "same_facility"},
		{map[string]any{"to_facility_id": e.world.Harbour}, "to_facility_id", "other_country"},
		{map[string]any{"to_facility_id": "00000000-0000-0000-0000-000000000000"}, "to_facility_id", "unknown"},
		{map[string]any{"transfer_on": dateIn(400)}, "transfer_on", "too_far"},
		{map[string]any{"reason": ""}, "reason", "required"},
	} {
		b := map[string]any{}
		for k, v := range body {
			b[k] = v
		}
		for k, v := range bad.edit {
			b[k] = v
		}
		p := pr.do("POST", path, b, "If-Match", e.etag(pr, k.ID)).problem(422)
		if f := p["errors"].([]any)[0].(map[string]any); f["field"] != bad.field || f["reason"] != bad.reason {
			t.Errorf("%v: %v", bad.edit, p["errors"])
		}
	}
	tr := pr.do("POST", path, body, "If-Match", e.etag(pr, k.ID)).want(201).json()
	if tr["status"] != "pending" || tr["from_facility"] != "Northgate" || tr["to_facility"] != "Riverside" || tr["requested_by"] != "practitioner" {
		t.Fatalf("request: %v", tr)
	}
	pr.do("POST", path, body, "If-Match", e.etag(pr, k.ID)).problem(409) // one waiting at a time
	// The receiving side sees it in its queue; Borealis does not; the practitioner sees it
	// among the outgoing ones.
	in := items(sup.do("GET", "/api/v1/transfers?direction=incoming", nil).want(200))
	if len(in) != 1 || in[0]["pseudonym"] != k.Pseudonym || in[0]["reason"] != "Closer to the family" {
		t.Fatalf("incoming: %v", in)
	}
	if n := len(items(e.as("supervisorxb").do("GET", "/api/v1/transfers", nil).want(200))); n != 0 {
		t.Errorf("another country's supervisor sees %d", n)
	}
	if out := items(pr.do("GET", "/api/v1/transfers?direction=outgoing", nil).want(200)); len(out) != 1 {
		t.Errorf("outgoing: %v", out)
	}
	tid := tr["id"].(string)
	team := map[string]any{"case_manager_id": e.world.Users["practitioner2"].ID, "members": []map[string]any{
		{"user_id": e.world.Users["practitioner2"].ID, "discipline": "case_manager"}}}
	pr.do("POST", "/api/v1/transfers/"+tid+"/accept", team).problem(403)                   // practitioners do not decide
	e.as("supervisorxb").do("POST", "/api/v1/transfers/"+tid+"/accept", team).problem(404) // not their facility
	bad := map[string]any{"case_manager_id": e.world.Users["practitioner"].ID, "members": []map[string]any{
		{"user_id": e.world.Users["practitioner"].ID, "discipline": "case_manager"}}}
	if p := sup.do("POST", "/api/v1/transfers/"+tid+"/accept", bad).problem(422); !slices.Contains(fieldErrors(p), "members[0].user_id") {
		t.Errorf("a team member who does not work at Riverside: %v", p)
	}
	got := sup.do("POST", "/api/v1/transfers/"+tid+"/accept", team).want(200).json()
	h, _ := got["handover"].(map[string]any)
	if got["status"] != "accepted" || got["decided_by"] != "supervisor" || h == nil || h["phase"] != "intake" ||
		!strings.Contains(h["summary"].(string), "no final assessment") {
		t.Fatalf("accepted: %v", got)
	}
	sup2.do("POST", "/api/v1/transfers/"+tid+"/decline", map[string]any{"comment": "too late"}).problem(409)
	// The case moved: the old team lost it, the new one has it.
	pr.do("GET", "/api/v1/cases/"+k.ID, nil).problem(404)
	var moved caseOut
	pr2 := e.as("practitioner2")
	pr2.do("GET", "/api/v1/cases/"+k.ID, nil).want(200).decode(&moved)
	if moved.FacilityID != e.world.Riverside || len(moved.Team) != 1 || moved.Team[0].Username != "practitioner2" {
		t.Fatalf("moved: %+v", moved)
	}
	found := false
	for _, ev := range items(pr2.do("GET", "/api/v1/cases/"+k.ID+"/timeline", nil).want(200)) {
		found = found || (ev["kind"] == "transfer.accepted" && strings.Contains(ev["summary"].(string), "handover: phase intake"))
	}
	if !found {
		t.Error("no handover on the timeline")
	}
	if e.auditCount("transfer.request", k.ID) != 1 || e.auditCount("transfer.accept", k.ID) != 1 {
		t.Error("transfer not audited")
	}
}

// Nobody decides their own transfer request; a decline says why and leaves the case where it
// was.
func TestTransferFourEyesAndDecline(t *testing.T) {
	e := newEnv(t)
	pr, sup, sup2 := e.as("practitioner"), e.as("supervisor"), e.as("supervisor2")
	k, _ := e.openCase(pr, nil)
	tr := sup.do("POST", "/api/v1/cases/"+k.ID+"/transfers", map[string]any{"to_facility_id": e.world.Riverside,
		"reason": "Security assessment", "transfer_on": dateIn(0)}, "If-Match", e.etag(sup, k.ID)).want(201).json()
	tid := tr["id"].(string)
	team := map[string]any{"case_manager_id": e.world.Users["practitioner2"].ID, "members": []map[string]any{
		{"user_id": e.world.Users["practitioner2"].ID, "discipline": "case_manager"}}}
	sup.do("POST", "/api/v1/transfers/"+tid+"/accept", team).problem(403)
	sup2.do("POST", "/api/v1/transfers/"+tid+"/decline", map[string]any{}).problem(422)
	got := sup2.do("POST", "/api/v1/transfers/"+tid+"/decline", map[string]any{"comment": "No place in the programme this year"}).want(200).json()
	if got["status"] != "declined" || got["handover"] != nil {
		t.Fatalf("declined: %v", got)
	}
	var k2 caseOut
	pr.do("GET", "/api/v1/cases/"+k.ID, nil).want(200).decode(&k2)
	if k2.FacilityID != e.world.Northgate {
		t.Errorf("a declined transfer moved the case: %+v", k2)
	}
	if ts := items(pr.do("GET", "/api/v1/cases/"+k.ID+"/transfers", nil).want(200)); len(ts) != 1 || ts[0]["comment"] != "No place in the programme this year" {
		t.Errorf("the case's transfers: %v", ts)
	}
	// Another request may follow.
	pr.do("POST", "/api/v1/cases/"+k.ID+"/transfers", map[string]any{"to_facility_id": e.world.Riverside,
		"reason": "Asked again", "transfer_on": dateIn(30)}, "If-Match", e.etag(pr, k.ID)).want(201)
}
