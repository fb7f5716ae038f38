package domain

import "testing"

func TestWorksAtAndCountriesWorkedIn(t *testing.T) {
	p := &Principal{Memberships: []Membership{
		{Role: RolePractitioner, Scope: Scope{Kind: ScopeFacility, Country: "XA", FacilityID: "f1"}},
		{Role: RoleNationalAuthority, Scope: Scope{Kind: ScopeCountry, Country: "XB"}},
	}}
	if !p.WorksAt("XA", "f1") || p.WorksAt("XA", "f2") || p.WorksAt("XB", "f3") {
		t.Fatal("a practitioner works at their facility only; a national authority works at none")
	}
	got := p.CountriesWorkedIn([]Facility{{ID: "f1", Country: "XA"}, {ID: "f2", Country: "XA"}, {ID: "f3", Country: "XB"}})
	if len(got) != 1 || !got["XA"] {
		t.Fatalf("countries: %v", got)
	}
	sup := &Principal{Memberships: []Membership{{Role: RoleSupervisor, Scope: Scope{Kind: ScopeCountry, Country: "XB"}}}}
	if !sup.WorksAt("XB", "f3") || sup.WorksAt("XA", "f1") {
		t.Fatal("a country supervisor works at every facility of the country, none elsewhere")
	}
}
