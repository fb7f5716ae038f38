package domain

import (
	"slices"
	"testing"
	"time"
)

func TestNewCaseValidate(t *testing.T) {
	good := NewCase{ProgrammeID: "p", FacilityID: "f", Track: TrackCustodial, BirthYear: 1990, Gender: "male",
		Nationality: "XA", Categories: []string{"returnee"}, ConsentGiven: true, ConsentDate: today}
	if err := good.Validate(today); err != nil {
		t.Fatalf("good intake refused: %v", err)
	}
	cases := []struct {
		name  string
		edit  func(*NewCase)
		field string
	}{
		{"too young", func(n *NewCase) { n.BirthYear = today.Year() - 9 }, "participant.birth_year"},
		{"too old", func(n *NewCase) { n.BirthYear = today.Year() - 101 }, "participant.birth_year"},
		{"gender", func(n *NewCase) { n.Gender = "x" }, "participant.gender"},
		{"nationality", func(n *NewCase) { n.Nationality = "xa" }, "participant.nationality"},
		{"category", func(n *NewCase) { n.Categories = []string{"dangerous"} }, "participant.categories"},
		{"duplicate category", func(n *NewCase) { n.Categories = []string{"juvenile", "juvenile"} }, "participant.categories"},
		{"no consent", func(n *NewCase) { n.ConsentGiven = false }, "consent_given"},
		{"consent in future", func(n *NewCase) { n.ConsentDate = today.AddDate(0, 0, 1) }, "consent_date"},
		{"no consent date", func(n *NewCase) { n.ConsentDate = time.Time{} }, "consent_date"},
		{"track", func(n *NewCase) { n.Track = "house_arrest" }, "track"},
		{"blank external ref", func(n *NewCase) { n.ExternalRef = "  " }, "participant.external_ref"},
		{"release date in community", func(n *NewCase) { n.Track = TrackNonCustodial; n.ExpectedReleaseDate = day(10) }, "expected_release_date"},
	}
	for _, c := range cases {
		n := good
		c.edit(&n)
		err := n.Validate(today)
		got := fields(err)
		if len(got) != 1 || !slices.ContainsFunc(got, func(s string) bool { return len(s) > len(c.field) && s[:len(c.field)+1] == c.field+":" }) {
			t.Errorf("%s: got %v, want one problem on %s", c.name, got, c.field)
		}
	}
	edge := good
	edge.ConsentDate = today.Add(15 * time.Hour) // later today is still today
	if err := edge.Validate(today); err != nil {
		t.Errorf("consent today refused: %v", err)
	}
	edge.BirthYear = today.Year() - 10
	if err := edge.Validate(today); err != nil {
		t.Errorf("age 10 refused: %v", err)
	}
	edge.BirthYear = today.Year() - 100
	if err := edge.Validate(today); err != nil {
		t.Errorf("age 100 refused: %v", err)
	}
}
