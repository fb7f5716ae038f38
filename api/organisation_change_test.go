package api_test

import (
	"context"
	"slices"
	"testing"

	"pathways/domain"
)

// names lists the "name" of each item of a list answer.
func names(r *response) []string {
	var out []string
	for _, it := range r.json()["items"].([]any) {
		out = append(out, it.(map[string]any)["name"].(string))
	}
	return out
}

// A global administrator renames, re-kinds, retires and brings back a facility and changes a
// programme; each change is audited with what changed, and a retired one leaves the lists
// unless asked for.
func TestFacilityAndProgrammeAreEditable(t *testing.T) {
	e := newEnv(t)
	admin := e.as("admin")
	f := admin.do("PATCH", "/api/v1/facilities/"+e.world.Riverside, map[string]any{"name": "Riverside Open Prison", "kind": "community"}).want(200).json()
	if f["name"] != "Riverside Open Prison" || f["kind"] != "community" || f["country"] != "XA" || f["retired_at"] != nil {
		t.Errorf("patched facility: %v", f)
	}
	// Sending the record back whole, country included, is fine while the country stays.
	admin.do("PATCH", "/api/v1/facilities/"+e.world.Riverside, map[string]any{"name": "Riverside Open Prison", "country": "XA", "kind": "community"}).want(200)
	f = admin.do("PATCH", "/api/v1/facilities/"+e.world.Riverside, map[string]any{"retired": true}).want(200).json()
	if f["retired_at"] == nil {
		t.Errorf("retired facility has no retired_at: %v", f)
	}
	if slices.Contains(names(e.as("practitioner").do("GET", "/api/v1/facilities", nil).want(200)), "Riverside Open Prison") {
		t.Error("a retired facility is still listed")
	}
	if !slices.Contains(names(admin.do("GET", "/api/v1/facilities?include_retired=true", nil).want(200)), "Riverside Open Prison") {
		t.Error("include_retired does not list the retired facility")
	}
	// No new person or case lands at a retired facility.
	admin.do("POST", "/api/v1/users", map[string]any{"username": "late.comer", "scope_kind": "facility", "facility_id": e.world.Riverside}).problem(422)
	e.as("supervisor").do("POST", "/api/v1/cases", e.intakeBody(e.world.Riverside, nil)).problem(422)
	admin.do("PATCH", "/api/v1/facilities/"+e.world.Riverside, map[string]any{"retired": false}).want(200)
	if !slices.Contains(names(admin.do("GET", "/api/v1/facilities", nil).want(200)), "Riverside Open Prison") {
		t.Error("a facility brought back is not listed")
	}

	g := admin.do("PATCH", "/api/v1/programmes/"+e.world.ProgrammeXA, map[string]any{"name": "Pathways A", "description": "renamed",
		"aftercare_months": 18, "follow_up_months": []int{6, 12}}).want(200).json()
	if g["name"] != "Pathways A" || g["aftercare_months"] != float64(18) || len(g["follow_up_months"].([]any)) != 2 || g["description"] != "renamed" {
		t.Errorf("patched programme: %v", g)
	}
	admin.do("PATCH", "/api/v1/programmes/"+e.world.ProgrammeXA, map[string]any{"retired": true}).want(200)
	e.as("supervisor").do("POST", "/api/v1/cases", e.intakeBody(e.world.Northgate, nil)).problem(422)

	auditor := e.as("auditor")
	for action, object := range map[string]string{"facility.update": e.world.Riverside, "programme.update": e.world.ProgrammeXA} {
		evs := auditEvents(t, auditor, "action="+action+"&outcome=success")
		if len(evs) < 2 {
			t.Fatalf("%s: %d events, want at least 2", action, len(evs))
		}
		for _, ev := range evs {
			if ev["object_id"] != object || ev["actor_name"] != "admin" {
				t.Errorf("%s event: %v", action, ev)
			}
		}
	}
	first := auditEvents(t, auditor, "action=facility.update&outcome=success&limit=500")
	d := first[len(first)-1]["details"].(map[string]any)["changes"].(map[string]any)
	if got := d["name"].([]any); got[0] != "Riverside" || got[1] != "Riverside Open Prison" {
		t.Errorf("the audit does not say what the name was and became: %v", d)
	}
}

// A country administrator changes the facilities and programmes of their country only: one
// elsewhere is the 404 of a missing record, audited as denied, and nothing changes. Nobody
// moves a facility or a programme to another country.
func TestCountryAdminEditsOrganisationInCountryOnly(t *testing.T) {
	e := newEnv(t)
	countryAdmins(e)
	xb := e.as("adminxb")
	before := writtenState(t, e)
	for _, path := range []string{"/api/v1/facilities/" + e.world.Northgate, "/api/v1/programmes/" + e.world.ProgrammeXA} {
		xb.do("PATCH", path, map[string]any{"name": "Taken over"}).problem(404)
		xb.do("PATCH", path, map[string]any{"retired": true}).problem(404)
	}
	xb.do("PATCH", "/api/v1/facilities/00000000-0000-4000-8000-000000000000", map[string]any{"name": "x"}).problem(404)
	xb.do("PATCH", "/api/v1/facilities/not-a-uuid", map[string]any{"name": "x"}).problem(404)
	// Moving one of its own out of the country is refused, for every administrator.
	p := xb.do("PATCH", "/api/v1/facilities/"+e.world.Harbour, map[string]any{"country": "XA"}).problem(422)
	if !hasFieldProblem(p, "country", "immutable") {
		t.Errorf("moving a facility to another country: %v", p)
	}
	p = e.as("admin").do("PATCH", "/api/v1/programmes/"+e.world.ProgrammeXB, map[string]any{"country": "XA", "name": "Moved"}).problem(422)
	if !hasFieldProblem(p, "country", "immutable") {
		t.Errorf("moving a programme to another country: %v", p)
	}
	if after := writtenState(t, e); after != before {
		t.Errorf("refused changes wrote something:\nbefore %s\nafter  %s", before, after)
	}
	for _, action := range []string{"facility.update", "programme.update"} {
		if n := len(auditEvents(t, e.as("auditor"), "actor=adminxb&outcome=denied&action="+action)); n < 2 {
			t.Errorf("%s refusals audited %d times, want at least 2", action, n)
		}
	}
	// Within the country it works.
	xb.do("PATCH", "/api/v1/facilities/"+e.world.Harbour, map[string]any{"name": "Harbour House"}).want(200)
	xb.do("PATCH", "/api/v1/programmes/"+e.world.ProgrammeXB, map[string]any{"aftercare_months": 24}).want(200)
	// A facility administrator sees their facility but does not change it.
	e.addUser("adminharbour", domain.RoleAdmin, domain.Scope{Kind: domain.ScopeFacility, FacilityID: e.world.Harbour})
	fa := e.as("adminharbour")
	if got := names(fa.do("GET", "/api/v1/facilities", nil).want(200)); !slices.Equal(got, []string{"Harbour House"}) {
		t.Errorf("facility admin lists %v", got)
	}
	fa.do("PATCH", "/api/v1/facilities/"+e.world.Harbour, map[string]any{"name": "Mine"}).problem(403)
	fa.do("PATCH", "/api/v1/programmes/"+e.world.ProgrammeXB, map[string]any{"name": "Mine"}).problem(404)
}

// Bad input is a 422 naming each field; a facility holding open cases is not retired (409);
// a name taken in the country is refused on the name. Nothing is written.
func TestOrganisationPatchRefusesBadInput(t *testing.T) {
	e := newEnv(t)
	e.openCase(e.as("practitioner"), nil)
	admin := e.as("admin")
	before := writtenState(t, e)
	fac, prog := "/api/v1/facilities/"+e.world.Northgate, "/api/v1/programmes/"+e.world.ProgrammeXA
	for _, c := range []struct {
		path   string
		body   any
		fields []string
	}{
		{fac, map[string]any{}, []string{"name"}},
		{fac, map[string]any{"name": ""}, []string{"name"}},
		{fac, map[string]any{"kind": "castle"}, []string{"kind"}},
		{fac, map[string]any{"name": "Riverside"}, []string{"name"}},
		{fac, map[string]any{"retired": "yes"}, []string{"retired"}},
		{fac, map[string]any{"country": "xa"}, []string{"country"}},
		{fac, map[string]any{"id": "x"}, []string{"id"}},
		{prog, map[string]any{}, []string{"name"}},
		{prog, map[string]any{"aftercare_months": 500}, []string{"aftercare_months"}},
		{prog, map[string]any{"follow_up_months": []int{6, 3}}, []string{"follow_up_months[1]"}},
		{prog, map[string]any{"follow_up_months": []int{}}, []string{"follow_up_months"}},
		{prog, map[string]any{"follow_up_months": []int{0, 200}, "aftercare_months": 3}, []string{"follow_up_months[0]", "follow_up_months[1]"}},
	} {
		p := admin.do("PATCH", c.path, c.body).problem(422)
		got := fieldErrors(p)
		slices.Sort(got)
		if !slices.Equal(got, c.fields) {
			t.Errorf("PATCH %s %v: fields %v, want %v", c.path, c.body, got, c.fields)
		}
	}
	admin.do("PATCH", fac, map[string]any{"retired": true}).problem(409)
	if after := writtenState(t, e); after != before {
		t.Errorf("refused changes wrote something:\nbefore %s\nafter  %s", before, after)
	}
	// A programme with open cases may be retired: its cases go on, new intakes stop.
	admin.do("PATCH", prog, map[string]any{"retired": true}).want(200)
	var retired bool
	if err := e.db.Pool().QueryRow(context.Background(), "SELECT retired_at IS NOT NULL FROM facilities WHERE id = $1", e.world.Northgate).Scan(&retired); err != nil || retired {
		t.Errorf("Northgate retired=%v err=%v after a refused retirement", retired, err)
	}
}
