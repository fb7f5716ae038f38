package domain

import (
	"testing"
	"time"
)

func TestFilingCell(t *testing.T) {
	f := Filing{PracticeTypes: map[string][]string{"GP9": {"officer_engagement"}, "GP15": {"mentoring", "cognitive_skills"}}}
	ind := func(id string) *Indicator {
		i, ok := IndicatorByID(id)
		if !ok {
			t.Fatalf("no indicator %s", id)
		}
		return i
	}
	cases := []struct {
		name, ind string
		dims      []Dimension
		keys      []string
		want      PublishedCell
	}{
		{"no breakdown", "intakes", nil, nil, PublishedCell{Family: "intakes", ID: ""}},
		{"total of a breakdown is everything", "intakes", []Dimension{DimGender}, []string{TotalCode}, PublishedCell{Family: "intakes", ID: ""}},
		{"one code", "intakes", []Dimension{DimGender}, []string{"female"}, PublishedCell{Family: "intakes", ID: "gender=female"}},
		{"own code with a breakdown's total", "milestone_attainment", []Dimension{DimMilestone, DimGender}, []string{"m1", TotalCode}, PublishedCell{Family: "milestone_attainment", ID: "milestone=m1"}},
		{"total over the own codes", "milestone_attainment", []Dimension{DimMilestone, DimGender}, []string{TotalCode, "female"}, PublishedCell{Family: "milestone_attainment", ID: "gender=female"}},
		{"sorted whatever the table's order", "milestone_days", []Dimension{DimMilestone, DimAgeBand}, []string{"m1", "18_24"}, PublishedCell{Family: "milestone_days", ID: "age_band=18_24;milestone=m1"}},
		{"a type's sessions", "sessions_by_type", []Dimension{DimInterventionType}, []string{"officer_engagement"}, PublishedCell{Family: "sessions", ID: "types=officer_engagement"}},
		{"a practice of one type is that type", "sessions_by_practice", []Dimension{DimPractice}, []string{"GP9"}, PublishedCell{Family: "sessions", ID: "types=officer_engagement"}},
		{"a practice of two types", "sessions_by_practice", []Dimension{DimPractice}, []string{"GP15"}, PublishedCell{Family: "sessions", ID: "types=cognitive_skills,mentoring"}},
		{"hours are figures of their own", "hours_by_practice", []Dimension{DimPractice}, []string{"GP9"}, PublishedCell{Family: "hours", ID: "types=officer_engagement"}},
		{"the outcomes' totals are one", "outcome_housing", []Dimension{DimHousing, DimGender}, []string{TotalCode, "female"}, PublishedCell{Family: "outcomes_followed_up", ID: "gender=female"}},
		{"a facility's cell is that facility's population", "intakes", []Dimension{DimFacility}, []string{"f1"}, PublishedCell{Family: "intakes", ID: "", Scope: "facility:f1"}},
		{"a facility's cell with a breakdown", "active_cases", []Dimension{DimPhase, DimFacility}, []string{"intake", "f1"}, PublishedCell{Family: "active_cases", ID: "phase=intake", Scope: "facility:f1"}},
		{"the facilities' total is the scope's", "intakes", []Dimension{DimFacility}, []string{TotalCode}, PublishedCell{Family: "intakes", ID: ""}},
		{"an outcome's code is its own", "outcome_housing", []Dimension{DimHousing}, []string{"stable"}, PublishedCell{Family: "outcome_housing", ID: "housing=stable"}},
	}
	for _, c := range cases {
		if got := f.Cell(ind(c.ind), c.dims, c.keys); got != c.want {
			t.Errorf("%s: %+v, want %+v", c.name, got, c.want)
		}
	}
	other, _ := IndicatorByID("outcome_family_contact")
	if f.Cell(ind("outcome_work_education"), []Dimension{DimWorkEducation}, []string{TotalCode}) != f.Cell(other, []Dimension{DimFamilyContact}, []string{TotalCode}) {
		t.Error("two outcomes' totals count the cases followed up but were filed apart")
	}
	if f.Cell(ind("intakes"), []Dimension{DimGender}, []string{"x"}) == f.Cell(ind("intakes"), []Dimension{DimAgeBand}, []string{"x"}) {
		t.Error("the same code in two dimensions was filed as one cell")
	}
}

func TestFilingFollowUp(t *testing.T) {
	var f Filing
	reoff, _ := IndicatorByID("release_reoffending_12m")
	recalls, _ := IndicatorByID("recalls_12m")
	reoff24, _ := IndicatorByID("release_reoffending_24m")
	housing, _ := IndicatorByID("outcome_housing")
	family, _ := IndicatorByID("outcome_family_contact")
	if f.FollowUp(reoff, "", "", "due") != f.FollowUp(reoff, DimGender, TotalCode, "due") {
		t.Error("coverage without breakdown and a breakdown's total cover the same points")
	}
	if f.FollowUp(reoff, "", "", "due") != f.FollowUp(recalls, "", "", "due") {
		t.Error("two indicators over one cohort's points filed their coverage apart")
	}
	if f.FollowUp(housing, "", "", "due") != f.FollowUp(family, "", "", "due") {
		t.Error("the outcomes' coverage (points due in the period) filed apart")
	}
	if f.FollowUp(reoff, "", "", "due") == f.FollowUp(reoff24, "", "", "due") {
		t.Error("12- and 24-month windows filed as one")
	}
	if got := f.FollowUp(reoff, DimFacility, "f1", "due"); got != (PublishedCell{Family: "follow_up_release_window_12m", ID: "due", Scope: "facility:f1"}) {
		t.Errorf("a facility's coverage: %+v", got)
	}
	if f.FollowUp(reoff, DimGender, "female", "due") == f.FollowUp(reoff, DimGender, "female", "reached") {
		t.Error("two statuses filed as one")
	}
}

func TestPublishedPeriod(t *testing.T) {
	active, _ := IndicatorByID("active_cases")
	intakes, _ := IndicatorByID("intakes")
	q1, q1end := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC), time.Date(2026, 3, 31, 0, 0, 0, 0, time.UTC)
	mar := time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC)
	a1, b1 := PublishedPeriod(active, q1, q1end)
	a2, b2 := PublishedPeriod(active, mar, q1end)
	if a1 != a2 || b1 != b2 {
		t.Error("active cases on one last day filed under two periods")
	}
	if a, _ := PublishedPeriod(intakes, q1, q1end); a != q1 {
		t.Error("a flow's period lost its first day")
	}
}

func TestPublishedScope(t *testing.T) {
	fac := func(c, id string) Membership {
		return Membership{Role: RoleSupervisor, Scope: Scope{Kind: ScopeFacility, Country: c, FacilityID: id}}
	}
	ctry := func(role Role, c string) Membership {
		return Membership{Role: role, Scope: Scope{Kind: ScopeCountry, Country: c}}
	}
	a := &Principal{ActingRole: RoleSupervisor, Memberships: []Membership{fac("XA", "f1"), fac("XA", "f2")}}
	b := &Principal{ActingRole: RoleSupervisor, Memberships: []Membership{fac("XA", "f2"), fac("XA", "f1")}}
	if PublishedScope(a, "") != PublishedScope(b, "") {
		t.Errorf("grant order: %q != %q", PublishedScope(a, ""), PublishedScope(b, ""))
	}
	if PublishedScope(a, "") != PublishedScope(a, "XA") {
		t.Error("a country the scope already implies changed the scope's identity")
	}
	nat := &Principal{ActingRole: RoleNationalAuthority, Memberships: []Membership{ctry(RoleNationalAuthority, "XA")}}
	global := &Principal{ActingRole: RoleNationalAuthority, Memberships: []Membership{{Role: RoleNationalAuthority, Scope: Scope{Kind: ScopeGlobal}}}}
	if PublishedScope(nat, "XA") != PublishedScope(nat, "") || PublishedScope(global, "XA") != PublishedScope(nat, "") {
		t.Errorf("country XA: %q, %q, global asking for XA %q", PublishedScope(nat, ""), PublishedScope(nat, "XA"), PublishedScope(global, "XA"))
	}
	if PublishedScope(global, "") == PublishedScope(global, "XA") {
		t.Error("global and one country filed as one population")
	}
	both := &Principal{ActingRole: RoleSupervisor, Memberships: []Membership{ctry(RoleSupervisor, "XA"), fac("XA", "f1"), fac("XB", "f9")}}
	if got := PublishedScope(both, ""); got != PublishedScope(&Principal{ActingRole: RoleSupervisor, Memberships: []Membership{ctry(RoleSupervisor, "XA"), fac("XB", "f9")}}, "") {
		t.Errorf("a facility inside a country held whole still named: %q", got)
	}
	if PublishedScope(both, "XB") != PublishedScope(&Principal{ActingRole: RoleSupervisor, Memberships: []Membership{fac("XB", "f9")}}, "") {
		t.Error("narrowing to XB did not leave XB's facility alone")
	}
}
