package domain

import "testing"

func TestCellIdentity(t *testing.T) {
	cases := []struct {
		name string
		dims []Dimension
		keys []string
		want string
	}{
		{"no breakdown", nil, nil, ""},
		{"total of a breakdown is everything", []Dimension{DimGender}, []string{TotalCode}, ""},
		{"one code", []Dimension{DimGender}, []string{"female"}, "gender=female"},
		{"own code with a breakdown's total", []Dimension{DimMilestone, DimGender}, []string{"m1", TotalCode}, "milestone=m1"},
		{"total over the own codes", []Dimension{DimMilestone, DimGender}, []string{TotalCode, "female"}, "gender=female"},
		{"sorted whatever the table's order", []Dimension{DimMilestone, DimAgeBand}, []string{"m1", "18_24"}, "age_band=18_24;milestone=m1"},
	}
	for _, c := range cases {
		if got := CellIdentity(c.dims, c.keys); got != c.want {
			t.Errorf("%s: CellIdentity(%v, %v) = %q, want %q", c.name, c.dims, c.keys, got, c.want)
		}
	}
	// The same units reached through two tables are one figure; different units never are.
	if CellIdentity([]Dimension{DimGender}, []string{TotalCode}) != CellIdentity([]Dimension{DimAgeBand}, []string{TotalCode}) {
		t.Error("the totals of two breakdowns count the same units but got different identities")
	}
	if CellIdentity([]Dimension{DimGender}, []string{"x"}) == CellIdentity([]Dimension{DimAgeBand}, []string{"x"}) {
		t.Error("the same code in two dimensions got one identity")
	}
}

func TestFollowUpIdentity(t *testing.T) {
	if FollowUpIdentity("", "", "due") != FollowUpIdentity(DimGender, TotalCode, "due") {
		t.Error("coverage without breakdown and a breakdown's total cover the same points")
	}
	if FollowUpIdentity(DimGender, "female", "due") == FollowUpIdentity(DimGender, "female", "reached") {
		t.Error("two statuses got one identity")
	}
	if FollowUpIdentity(DimGender, "female", "due") == CellIdentity([]Dimension{DimGender}, []string{"female"}) {
		t.Error("coverage and the figure got one identity")
	}
}

func TestPublishedScopeIgnoresGrantOrder(t *testing.T) {
	a := &Principal{ActingRole: RoleSupervisor, Memberships: []Membership{
		{Role: RoleSupervisor, Scope: Scope{Kind: ScopeFacility, Country: "XA", FacilityID: "f1"}},
		{Role: RoleSupervisor, Scope: Scope{Kind: ScopeFacility, Country: "XA", FacilityID: "f2"}},
	}}
	b := &Principal{ActingRole: RoleSupervisor, Memberships: []Membership{a.Memberships[1], a.Memberships[0]}}
	if PublishedScope(a, "") != PublishedScope(b, "") {
		t.Errorf("%q != %q", PublishedScope(a, ""), PublishedScope(b, ""))
	}
	if PublishedScope(a, "") == PublishedScope(a, "XA") {
		t.Error("asking for a country did not change the scope's identity")
	}
}
