package domain

import "testing"

func TestJudgeFacilityPatch(t *testing.T) {
	name, yes := "New", true
	other := "XA"
	f := OrganisationFacts{Country: "XB", FacilityID: "f1", OpenCases: 2}
	global := AdminActor{Scopes: []Scope{{Kind: ScopeGlobal}}}
	xb := AdminActor{Scopes: []Scope{{Kind: ScopeCountry, Country: "XB"}}}
	xa := AdminActor{Scopes: []Scope{{Kind: ScopeCountry, Country: "XA"}}}
	here := AdminActor{Scopes: []Scope{{Kind: ScopeFacility, Country: "XB", FacilityID: "f1"}}}
	for _, c := range []struct {
		name  string
		actor AdminActor
		facts OrganisationFacts
		patch FacilityPatch
		want  Code
	}{
		{"global renames", global, f, FacilityPatch{Name: &name}, ""},
		{"country admin renames", xb, f, FacilityPatch{Name: &name}, ""},
		{"other country", xa, f, FacilityPatch{Name: &name}, CodeNotFound},
		{"facility admin", here, f, FacilityPatch{Name: &name}, CodeForbidden},
		{"empty", xb, f, FacilityPatch{}, CodeInvalid},
		{"moves country", global, f, FacilityPatch{Country: &other}, CodeInvalid},
		{"retire with open cases", global, f, FacilityPatch{Retired: &yes}, CodeConflict},
		{"retire empty", global, OrganisationFacts{Country: "XB", FacilityID: "f1"}, FacilityPatch{Retired: &yes}, ""},
		{"no admin scope", AdminActor{}, f, FacilityPatch{Name: &name}, CodeNotFound},
	} {
		err := JudgeFacilityPatch(c.actor, c.facts, c.patch)
		var got Code
		if err != nil {
			got = ErrorCode(err)
		}
		if got != c.want {
			t.Errorf("%s: %q, want %q", c.name, got, c.want)
		}
	}
	// A programme is placed in its country: a facility administrator does not reach it.
	if err := JudgeProgrammePatch(here, OrganisationFacts{Country: "XB"}, ProgrammePatch{Name: &name}); ErrorCode(err) != CodeNotFound {
		t.Errorf("facility admin on a programme: %v", err)
	}
	if err := JudgeProgrammePatch(xb, OrganisationFacts{Country: "XB", OpenCases: 5}, ProgrammePatch{Retired: &yes}); err != nil {
		t.Errorf("retiring a programme with open cases: %v", err)
	}
}

func TestAuditNamesVisible(t *testing.T) {
	auditor := &Principal{ActingRole: RoleAuditor, Memberships: []Membership{{Role: RoleAuditor, Scope: Scope{Kind: ScopeGlobal}}}}
	admin := &Principal{ActingRole: RoleAdmin, Memberships: []Membership{{Role: RoleAdmin, Scope: Scope{Kind: ScopeGlobal}}}}
	country := &Principal{ActingRole: RoleAuditor, Memberships: []Membership{{Role: RoleAuditor, Scope: Scope{Kind: ScopeCountry, Country: "XA"}}}}
	if !AuditNamesVisible(auditor) || AuditNamesVisible(admin) || AuditNamesVisible(country) || AuditNamesVisible(nil) {
		t.Error("names are for a global auditor only")
	}
}
