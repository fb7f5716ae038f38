package domain

import "testing"

func TestCheckIntakePlacement(t *testing.T) {
	cases := []struct {
		name   string
		f      IntakeFacts
		fields []string
	}{
		{"programme of the facility's country", IntakeFacts{FacilityCountry: "XA", ProgrammeCountry: "XA"}, nil},
		{"no such programme", IntakeFacts{FacilityCountry: "XA"}, []string{"programme_id:unknown"}},
		{"programme elsewhere", IntakeFacts{FacilityCountry: "XA", ProgrammeCountry: "XB"}, []string{"programme_id:other_country"}},
		{"unknown offence", IntakeFacts{FacilityCountry: "XA", ProgrammeCountry: "XA", OffenceGiven: true}, []string{"offence_category:unknown"}},
		{"known offence", IntakeFacts{FacilityCountry: "XA", ProgrammeCountry: "XA", OffenceGiven: true, OffenceKnown: true}, nil},
		{"both wrong", IntakeFacts{FacilityCountry: "XA", OffenceGiven: true}, []string{"programme_id:unknown", "offence_category:unknown"}},
	}
	for _, c := range cases {
		err := CheckIntakePlacement(c.f)
		var got []string
		if e, ok := err.(*Error); ok {
			for _, p := range e.Fields {
				got = append(got, p.Field+":"+p.Reason)
			}
		} else if err != nil {
			t.Fatalf("%s: %v", c.name, err)
		}
		if len(got) != len(c.fields) {
			t.Errorf("%s: problems %v, want %v", c.name, got, c.fields)
			continue
		}
		for i := range got {
			if got[i] != c.fields[i] {
				t.Errorf("%s: problems %v, want %v", c.name, got, c.fields)
			}
		}
	}
}

func TestDecideIntakeRef(t *testing.T) {
	cases := []struct {
		name   string
		m      RefMatch
		want   RefDecision
		counts bool
	}{
		{"no open case", RefMatch{}, RefProceed, false},
		{"open case in scope", RefMatch{Open: true, InScope: true}, RefDuplicate, false},
		{"open case outside scope counts", RefMatch{Open: true}, RefDuplicate, true},
		{"limit reached: not looked at", RefMatch{MatchesSoFar: RefMatchesPerDay, Open: true}, RefThrottled, false},
		{"one below the limit", RefMatch{MatchesSoFar: RefMatchesPerDay - 1}, RefProceed, false},
	}
	for _, c := range cases {
		d, counts := DecideIntakeRef(c.m)
		if d != c.want || counts != c.counts {
			t.Errorf("%s: %v %v, want %v %v", c.name, d, counts, c.want, c.counts)
		}
	}
}
