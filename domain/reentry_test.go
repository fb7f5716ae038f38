package domain

import (
	"strings"
	"testing"
)

func TestParticipantLookupValidate(t *testing.T) {
	ps, err := NewPseudonym()
	if err != nil {
		t.Fatal(err)
	}
	typo := ps[:len(ps)-1] + string(pseudonymAlphabet[(strings.IndexByte(pseudonymAlphabet, ps[len(ps)-1])+1)%len(pseudonymAlphabet)])
	for _, c := range []struct {
		name string
		l    ParticipantLookup
		want []string
	}{
		{"by reference", ParticipantLookup{ExternalRef: "AB 123-4"}, nil},
		{"by pseudonym", ParticipantLookup{Pseudonym: ps}, nil},
		{"by pseudonym, lower case", ParticipantLookup{Pseudonym: " " + strings.ToLower(ps) + " "}, nil},
		{"neither", ParticipantLookup{}, []string{"external_ref:required"}},
		{"both", ParticipantLookup{ExternalRef: "AB1", Pseudonym: ps}, []string{"pseudonym:not_allowed"}},
		{"a mistyped pseudonym", ParticipantLookup{Pseudonym: typo}, []string{"pseudonym:invalid"}},
	} {
		t.Run(c.name, func(t *testing.T) { checkProblems(t, c.l.Validate(), c.want) })
	}
}

func TestCheckReentry(t *testing.T) {
	base := ReentryFacts{Found: true, ParticipantCountry: "XA", FacilityCountry: "XA", Pseudonym: "PW-X"}
	for _, c := range []struct {
		name string
		f    func(*ReentryFacts)
		want []string
	}{
		{"closed episodes only", nil, nil},
		{"not in scope", func(f *ReentryFacts) { f.Found = false }, []string{"participant_id:unknown"}},
		{"another country", func(f *ReentryFacts) { f.FacilityCountry = "XB" }, []string{"participant_id:other_country"}},
		{"an open case in scope", func(f *ReentryFacts) { f.HasOpenCase, f.OpenCaseInScope = true, true }, []string{"conflict"}},
		{"an open case elsewhere", func(f *ReentryFacts) { f.HasOpenCase = true }, []string{"conflict"}},
		{"recorded as deceased", func(f *ReentryFacts) { f.Deceased = true }, []string{"participant_id:deceased"}},
	} {
		t.Run(c.name, func(t *testing.T) {
			f := base
			if c.f != nil {
				c.f(&f)
			}
			checkProblems(t, CheckReentry(f), c.want)
		})
	}
	// Only an open case in scope is named: elsewhere the answer says nothing of where.
	in := CheckReentry(ReentryFacts{Found: true, ParticipantCountry: "XA", FacilityCountry: "XA", Pseudonym: "PW-X", HasOpenCase: true, OpenCaseInScope: true})
	out := CheckReentry(ReentryFacts{Found: true, ParticipantCountry: "XA", FacilityCountry: "XA", Pseudonym: "PW-X", HasOpenCase: true})
	if e := in.(*Error); e.Extra["pseudonym"] != "PW-X" {
		t.Errorf("in scope: %v", e.Extra)
	}
	if e := out.(*Error); e.Extra != nil {
		t.Errorf("out of scope names %v", e.Extra)
	}
}

func TestParticipantLookupKey(t *testing.T) {
	for _, c := range []struct {
		l      ParticipantLookup
		wantPs string
		wantOK bool
		wantBy string
	}{
		{ParticipantLookup{Pseudonym: "  ab12cd3 "}, "AB12CD3", true, "pseudonym"},
		{ParticipantLookup{ExternalRef: "HMP-123"}, "", false, "external_ref"},
		{ParticipantLookup{Pseudonym: " "}, "", false, "pseudonym"},
	} {
		ps, ok := c.l.ByPseudonym()
		if ps != c.wantPs || ok != c.wantOK || c.l.By() != c.wantBy {
			t.Errorf("%+v: got %q %v %s", c.l, ps, ok, c.l.By())
		}
	}
}

func TestAppendMatch(t *testing.T) {
	a, b := Participant{ID: "a"}, Participant{ID: "b"}
	var ms []ParticipantMatch
	for _, r := range []struct {
		pt     Participant
		caseID string
	}{{a, "c1"}, {a, "c2"}, {b, "c3"}, {a, "c4"}} {
		ms = AppendMatch(ms, r.pt, Episode{CaseID: r.caseID})
	}
	var got []string
	for _, m := range ms {
		s := m.Participant.ID + ":"
		for _, e := range m.Episodes {
			s += e.CaseID + ","
		}
		got = append(got, s)
	}
	if strings.Join(got, " ") != "a:c1,c2, b:c3, a:c4," {
		t.Fatalf("got %v", got)
	}
	if ids := MatchIDs(ms); strings.Join(ids, ",") != "a,b,a" {
		t.Fatalf("ids %v", ids)
	}
	if ids := MatchIDs(nil); ids == nil || len(ids) != 0 {
		t.Fatalf("no match lists no id, not nil: %v", ids)
	}
}
