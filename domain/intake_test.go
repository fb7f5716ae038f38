package domain

import (
	"slices"
	"testing"
	"time"
)

func TestNewCaseValidate(t *testing.T) {
	good := NewCase{ProgrammeID: "p", FacilityID: "f", Track: TrackCustodial, BirthYear: 1990, Gender: "male",
		Nationality: "XA", Categories: []string{"returnee"}, LegalBasis: BasisVoluntary, ConsentGiven: true, ConsentDate: day(0)}
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
		{"no consent", func(n *NewCase) { n.ConsentGiven, n.ConsentDate = false, nil }, "consent_given"},
		{"consent in future", func(n *NewCase) { n.ConsentDate = day(1) }, "consent_date"},
		{"no consent date", func(n *NewCase) { n.ConsentDate = nil }, "consent_date"},
		{"consent date without consent", func(n *NewCase) { n.LegalBasis, n.ConsentGiven = "court_order", false }, "consent_date"},
		{"unknown legal basis", func(n *NewCase) { n.LegalBasis = "" }, "legal_basis"},
		{"re-entry with the participant's facts", func(n *NewCase) { n.ParticipantID = "x" }, "participant"},
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
	later := today.Add(15 * time.Hour) // later today is still today
	edge.ConsentDate = &later
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

// Consent is required only on a voluntary basis; every mandated basis opens without it, and a
// consent given on a mandated basis is recorded with its date.
func TestIntakeLegalBasis(t *testing.T) {
	base := NewCase{ProgrammeID: "p", FacilityID: "f", Track: TrackCustodial, BirthYear: 1990, Gender: "male", Nationality: "XA"}
	for _, c := range []struct {
		basis string
		given bool
		date  *time.Time
		want  []string
	}{
		{BasisVoluntary, true, day(-3), nil},
		{BasisVoluntary, false, nil, []string{"consent_given:required"}},
		{"licence_condition", false, nil, nil},
		{"court_order", false, nil, nil},
		{"administrative_decision", false, nil, nil},
		{"court_order", true, day(-1), nil},
		{"court_order", true, nil, []string{"consent_date:required"}},
		{"licence_condition", true, day(2), []string{"consent_date:in_future"}},
		{"by_agreement", true, day(0), []string{"legal_basis:oneof"}},
	} {
		n := base
		n.LegalBasis, n.ConsentGiven, n.ConsentDate = c.basis, c.given, c.date
		got := fields(n.Validate(today))
		if !slices.Equal(got, c.want) {
			t.Errorf("%s, consent %v: got %v, want %v", c.basis, c.given, got, c.want)
		}
	}
	// A re-entry names the participant only, and the consent rules still apply to it.
	re := NewCase{ProgrammeID: "p", FacilityID: "f", Track: TrackNonCustodial, ParticipantID: "x", LegalBasis: "court_order"}
	if err := re.Validate(today); err != nil {
		t.Errorf("re-entry refused: %v", fields(err))
	}
	re.LegalBasis = BasisVoluntary
	if got := fields(re.Validate(today)); !slices.Equal(got, []string{"consent_given:required"}) {
		t.Errorf("voluntary re-entry without consent: %v", got)
	}
}
