package domain

import (
	"slices"
	"testing"
)

func TestInOffenceGroup(t *testing.T) {
	cases := []struct {
		group, iccs string
		want        bool
	}{
		{OffenceGroupTerrorism, "0905", true},
		{OffenceGroupTerrorism, "09051", true},
		{OffenceGroupTerrorism, "09", false},
		{OffenceGroupTerrorism, "0904", false},
		{OffenceGroupViolent, "01", true},
		{OffenceGroupViolent, "0201", true},
		{OffenceGroupViolent, "03", false},
		{OffenceGroupViolent, "0905", false},
		{OffenceGroupAny, "05", true},
		{OffenceGroupAny, "", false},
		{"other", "01", false},
	}
	for _, c := range cases {
		if got := InOffenceGroup(c.group, c.iccs); got != c.want {
			t.Errorf("InOffenceGroup(%q, %q) = %v, want %v", c.group, c.iccs, got, c.want)
		}
	}
}

// Every outcome indicator carries its follow-up coverage on every row: the breakdown's
// code picks the points, so rows of the same code publish the same coverage; zeros where
// the store found no point.
func TestReleaseFollowUpCoverage(t *testing.T) {
	ind, _ := IndicatorByID("release_reoffending_12m")
	north := FollowUpCells{}
	for i, s := range FollowUpStatuses {
		north[s] = &Cell{Units: Units{N: int64(20 + i), Key: CellKey(1000 * i)}, People: Units{N: 15, Key: 7}, HasPeople: true}
	}
	data := StatData{Dims: []Dimension{DimOffenceGroup, DimFacility},
		Codes:    map[Dimension][]DimCode{DimOffenceGroup: {{Code: "terrorism"}, {Code: "any_offence"}}, DimFacility: {{Code: "n"}, {Code: "r"}}},
		FollowUp: map[string]FollowUpCells{"n": north}}
	q := StatQuery{Indicator: ind, By: DimFacility}
	a := Release(q, data, DisclosureRules{})
	byFac := map[string][]Released{}
	for _, r := range a.Rows {
		if len(r.FollowUp) != len(FollowUpStatuses) {
			t.Fatalf("row %v has coverage %v", r.Keys, r.FollowUp)
		}
		if prev, ok := byFac[r.Keys[1]]; ok && !slices.Equal(prev, r.FollowUp) {
			t.Errorf("facility %s: coverage %v and %v", r.Keys[1], prev, r.FollowUp)
		}
		byFac[r.Keys[1]] = r.FollowUp
	}
	// No figure here is published (the data holds no releases), so no coverage is either:
	// beside a suppressed figure it is withheld (attack round 4).
	for fac, fu := range byFac {
		if !slices.Equal(fu, withheldFollowUp()) {
			t.Errorf("facility %s: coverage %v beside a suppressed figure", fac, fu)
		}
	}
	// Where it is published, each status is the perturbed count of its points.
	published, none := releaseFollowUp(north, DisclosureRules{}), releaseFollowUp(nil, DisclosureRules{})
	for i, s := range FollowUpStatuses {
		if want := ReleaseCount(north[s], DisclosureRules{}); published[i] != want {
			t.Errorf("n %s = %v, want %v", s, published[i], want)
		}
		if none[i].Value != 0 || none[i].Suppressed() {
			t.Errorf("no points, %s published %v", s, none[i])
		}
	}
	if !slices.ContainsFunc(a.Notes, func(n string) bool { return len(n) > 18 && n[:18] == "Follow-up coverage" }) {
		t.Errorf("no coverage note: %v", a.Notes)
	}
	if a := Release(StatQuery{Indicator: &Indicators[1]}, StatData{}, DisclosureRules{}); a.Rows[0].FollowUp != nil {
		t.Errorf("%s is not an outcome: %v", Indicators[1].ID, a.Rows[0].FollowUp)
	}
}
