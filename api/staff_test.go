package api_test

import (
	"context"
	"slices"
	"testing"

	"pathways/domain"
)

func staffNames(r *response) map[string][]string {
	var out struct {
		Items []struct {
			ID          string   `json:"id"`
			Username    string   `json:"username"`
			DisplayName string   `json:"display_name"`
			Roles       []string `json:"roles"`
		} `json:"items"`
	}
	r.decode(&out)
	m := map[string][]string{}
	for _, s := range out.Items {
		m[s.Username] = s.Roles
	}
	return m
}

func TestStaffPicker(t *testing.T) {
	e := newEnv(t)
	ctx, sys := context.Background(), domain.System("test")
	w := e.world
	// practitioner2 also works at Northgate; a global practitioner and a global supervisor exist.
	if _, err := e.db.AddMembership(ctx, sys, domain.Membership{UserID: w.Users["practitioner2"].ID, Role: domain.RolePractitioner,
		Scope: domain.Scope{Kind: domain.ScopeFacility, FacilityID: w.Northgate}}); err != nil {
		t.Fatal(err)
	}
	for _, u := range []struct {
		name string
		role domain.Role
	}{{"roving", domain.RolePractitioner}, {"globalsup", domain.RoleSupervisor}} {
		if _, _, err := e.db.CreateUserWithMembership(ctx, sys, domain.NewUser{Username: u.name, DisplayName: u.name, PasswordHash: pwHash},
			domain.Membership{Role: u.role, Scope: domain.Scope{Kind: domain.ScopeGlobal}}); err != nil {
			t.Fatal(err)
		}
	}
	sup := e.as("supervisor")
	got := staffNames(sup.do("GET", "/api/v1/staff?facility_id="+w.Northgate, nil).want(200))
	// Within an XA supervisor's scope: Northgate's practitioners and XA's supervisors only.
	want := map[string][]string{"practitioner": {"practitioner"}, "practitioner2": {"practitioner"},
		"supervisor": {"supervisor"}, "supervisor2": {"supervisor"}}
	if len(got) != len(want) {
		t.Errorf("staff at Northgate for an XA supervisor: %v, want %v", got, want)
	}
	for name, roles := range want {
		if !slices.Equal(got[name], roles) {
			t.Errorf("%s: roles %v, want %v", name, got[name], roles)
		}
	}
	// Riverside: practitioner (Northgate only) is not eligible there.
	got = staffNames(sup.do("GET", "/api/v1/staff?facility_id="+w.Riverside, nil).want(200))
	if _, ok := got["practitioner"]; ok || got["practitioner2"] == nil {
		t.Errorf("staff at Riverside: %v", got)
	}
	// Out of scope and unknown facilities look the same; malformed ones are refused.
	sup.do("GET", "/api/v1/staff?facility_id="+w.Harbour, nil).problem(404)
	sup.do("GET", "/api/v1/staff?facility_id=00000000-0000-4000-8000-000000000000", nil).problem(404)
	sup.do("GET", "/api/v1/staff?facility_id=nope", nil).problem(422)
	sup.do("GET", "/api/v1/staff", nil).problem(422)
	e.as("supervisorxb").do("GET", "/api/v1/staff?facility_id="+w.Northgate, nil).problem(404)
	e.as("practitioner").do("GET", "/api/v1/staff?facility_id="+w.Northgate, nil).problem(403)
	// A global supervisor also sees the staff with global memberships.
	g := e.as("globalsup")
	got = staffNames(g.do("GET", "/api/v1/staff?facility_id="+w.Harbour, nil).want(200))
	if got["roving"] == nil || got["globalsup"] == nil || got["supervisorxb"] == nil || got["practitioner"] != nil {
		t.Errorf("staff at Harbour for a global supervisor: %v", got)
	}
	// Whoever the picker offers can be put on a case team.
	k, _ := e.openCase(e.as("practitioner"), nil)
	team := map[string]any{"case_manager_id": w.Users["practitioner2"].ID, "members": []map[string]any{
		{"user_id": w.Users["practitioner2"].ID, "discipline": "case_manager"},
		{"user_id": w.Users["supervisor2"].ID, "discipline": "psychologist"},
	}}
	sup.do("PUT", "/api/v1/cases/"+k.ID+"/team", team, "If-Match", e.etag(sup, k.ID)).want(200)
	if n := e.count("SELECT count(*) FROM audit_events WHERE action = 'staff.list'"); n < 3 {
		t.Errorf("staff.list audited %d times", n)
	}
}
