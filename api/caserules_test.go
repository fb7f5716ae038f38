package api_test

import (
	"slices"
	"testing"
)

// reasons lists a problem document's field problems as field:reason, in order.
func reasons(p map[string]any) []string {
	var out []string
	errs, _ := p["errors"].([]any)
	for _, x := range errs {
		f := x.(map[string]any)
		out = append(out, f["field"].(string)+":"+f["reason"].(string))
	}
	return out
}

// The rules of group sessions, team changes and case updates (domain.PlanSession,
// domain.PlanTeamChange, domain.PlanCaseUpdate) answer through HTTP with their exact field
// problems, and a refused request writes nothing.
func TestSessionTeamAndUpdateRulesAnswerWithTheirReasons(t *testing.T) {
	e := newEnv(t)
	sup := e.as("supervisor") // country scope XA: sees every case below
	u := e.world.Users
	north, north2 := e.newCase(caseFixture{}), e.newCase(caseFixture{})
	river := e.newCase(caseFixture{facility: e.world.Riverside, programme: e.world.ProgrammeXA, country: "XA", teamMember: "practitioner2"})
	closed := e.newCase(caseFixture{phase: "closed"})
	theirs := e.newCase(caseFixture{teamMember: "practitioner2"}) // Northgate, without the practitioner

	group := func(deliveredBy, interventionType string, ids ...string) map[string]any {
		var parts []map[string]any
		for _, id := range ids {
			parts = append(parts, map[string]any{"case_id": id, "attendance": "attended"})
		}
		return map[string]any{"intervention_type": interventionType, "held_on": daysAgo(1), "minutes": 60, "format": "group",
			"delivered_by": deliveredBy, "participants": parts}
	}
	sessions := func() int { return e.count("SELECT count(*) FROM intervention_sessions") }
	for _, c := range []struct {
		name string
		body map[string]any
		want []string
	}{
		{"two facilities", group(u["supervisor"].ID, "cognitive_skills", north, river), []string{"participants:several_facilities"}},
		{"deliverer off one team", group(u["practitioner2"].ID, "cognitive_skills", theirs, north), []string{"delivered_by:not_on_team"}},
		{"retired or unknown type", group(u["practitioner2"].ID, "astrology", river), []string{"intervention_type:unknown_reference"}},
		{"all three", group(u["practitioner2"].ID, "astrology", north, river),
			[]string{"participants:several_facilities", "intervention_type:unknown_reference", "delivered_by:not_on_team"}},
	} {
		if got := reasons(sup.do("POST", "/api/v1/sessions", c.body).problem(422)); !slices.Equal(got, c.want) {
			t.Errorf("%s: %v, want %v", c.name, got, c.want)
		}
	}
	sup.do("POST", "/api/v1/sessions", group(u["supervisor"].ID, "cognitive_skills", north, closed)).problem(409)
	if n := sessions(); n != 0 {
		t.Fatalf("refused sessions written: %d", n)
	}
	// Delivered by the practitioner on both teams, recorded by their supervisor.
	s := sup.do("POST", "/api/v1/sessions", group(u["practitioner"].ID, "cognitive_skills", north2, north)).want(201).json()
	if s["facility_id"] != e.world.Northgate || s["delivered_by"] != u["practitioner"].ID || sessions() != 1 {
		t.Fatalf("session: %v", s)
	}

	// Team: the reasons, in the order the members are listed; nothing written when refused.
	path := "/api/v1/cases/" + north + "/team"
	member := func(id, discipline string) map[string]any {
		return map[string]any{"user_id": id, "discipline": discipline}
	}
	etag := e.etag(sup, north)
	for _, c := range []struct {
		manager string
		members []map[string]any
		want    []string
	}{
		{u["practitioner"].ID, []map[string]any{member(u["supervisorxb"].ID, "mentor"), member(u["practitioner"].ID, "mentor"), member(u["supervisorxb"].ID, "health")},
			[]string{"members[0].user_id:not_eligible", "members[2].user_id:duplicate"}},
		{u["supervisorxb"].ID, []map[string]any{member(u["practitioner"].ID, "case_manager"), member(u["national"].ID, "mentor")},
			[]string{"members[1].user_id:not_eligible", "case_manager_id:not_a_member"}},
	} {
		got := reasons(sup.do("PUT", path, map[string]any{"case_manager_id": c.manager, "members": c.members}, "If-Match", etag).problem(422))
		if !slices.Equal(got, c.want) {
			t.Errorf("team %v: %v, want %v", c.members, got, c.want)
		}
	}
	if e.etag(sup, north) != etag || e.count("SELECT count(*) FROM case_team WHERE case_id = $1", north) != 1 {
		t.Fatal("a refused team was written")
	}
	sup.do("PUT", path, map[string]any{"case_manager_id": u["supervisor2"].ID,
		"members": []map[string]any{member(u["supervisor2"].ID, "case_manager"), member(u["practitioner"].ID, "mentor")}}, "If-Match", etag).want(200)
	sup.do("PUT", "/api/v1/cases/"+closed+"/team", map[string]any{"case_manager_id": u["practitioner"].ID,
		"members": []map[string]any{member(u["practitioner"].ID, "case_manager")}}, "If-Match", e.etag(sup, closed)).problem(409)

	// Case update: an unknown offence category is answered alone; a community case has no
	// release dates; a closed case does not change.
	casePath := "/api/v1/cases/" + river
	got := reasons(sup.do("PATCH", casePath, map[string]any{"offence_category": "99", "release_type": "escape", "facility_id": nil},
		"If-Match", e.etag(sup, river)).problem(422))
	if !slices.Equal(got, []string{"offence_category:unknown"}) {
		t.Errorf("unknown offence: %v", got)
	}
	e.exec("UPDATE cases SET track = 'non_custodial' WHERE id = $1", river)
	got = reasons(sup.do("PATCH", casePath, map[string]any{"expected_release_date": daysAgo(-30), "actual_release_date": daysAgo(1), "release_type": "escape", "facility_id": nil},
		"If-Match", e.etag(sup, river)).problem(422))
	if want := []string{"expected_release_date:not_for_track", "release_type:oneof", "actual_release_date:not_for_track", "facility_id:use_transfer"}; !slices.Equal(got, want) {
		t.Errorf("community case: %v, want %v", got, want)
	}
	sup.do("PATCH", "/api/v1/cases/"+closed, map[string]any{"offence_category": "99"}, "If-Match", e.etag(sup, closed)).problem(409)
}
