package domain

import (
	"slices"
	"strings"
	"testing"
	"time"
)

var screenToday = time.Date(2025, 6, 1, 0, 0, 0, 0, time.UTC)

func kindsOf(fs []Finding) []string {
	var out []string
	for _, f := range fs {
		out = append(out, f.Kind)
	}
	slices.Sort(out)
	return out
}

func TestScreenFindsIdentifiers(t *testing.T) {
	cases := []struct {
		text string
		want []string // kinds, sorted
	}{
		{"contact him at john.doe@example.org please", []string{IdentEmail}},
		{"mail: a_b+c@mail.example.co.uk", []string{IdentEmail}},
		{"call +44 20 7946 0958 tomorrow", []string{IdentPhone}},
		{"his mother's number is 0612-345-678", []string{IdentPhone}},
		{"phone (012) 345 6789", []string{IdentPhone}},
		{"tel 555-1234", []string{IdentPhone}},
		{"reach at 06.12.34.56.78", []string{IdentPhone}},
		{"+33612345678", []string{IdentPhone}},
		{"prison number 12345678 on file", []string{IdentIDNumber}},
		{"passport AB1234567 was seized", []string{IdentIDNumber}},
		{"NI number QQ123456C", []string{IdentIDNumber}},
		{"born on 4 March 2001", []string{IdentDateOfBirth}},
		{"DOB: 2001-03-04", []string{IdentDateOfBirth}},
		{"date of birth 04/03/2001", []string{IdentDateOfBirth}},
		{"birthday is 4th of March", []string{IdentDateOfBirth}},
		{"b. March 4, 2001", []string{IdentDateOfBirth}}, // 24 years back: a likely birth date
		{"d.o.b. 04/03/01", []string{IdentDateOfBirth}},
		{"the letter dated 12/11/1990 was read", []string{IdentDateOfBirth}},
		{"spoke with Mr Haddad about the course", []string{IdentName}},
		{"Sheikh Omar led the dialogue", []string{IdentName}},
		{"visited by Umm Khalid and Abu Bakr", []string{IdentName, IdentName}},
		{"Dr. Smith referred him", []string{IdentName}},
		{"Imam Yusuf, Ustadh Karim", []string{IdentName, IdentName}},
		{"Mrs Okafor, tel 020 7946 0958, a@b.io", []string{IdentEmail, IdentName, IdentPhone}},
	}
	for _, c := range cases {
		got := kindsOf(ScreenAt(c.text, screenToday))
		want := slices.Clone(c.want)
		slices.Sort(want)
		if !slices.Equal(got, want) {
			t.Errorf("%q: got %v, want %v", c.text, got, want)
		}
	}
}

func TestScreenLeavesOrdinaryNotesAlone(t *testing.T) {
	for _, text := range []string{
		"",
		"Session lasted 45 minutes; good engagement.",
		"Attended 90-minute group on GP12 themes.",
		"Discussed events of 2019 and his time in custody 2019-2021.",
		"Next session 2024-05-01 at 10:00-11:30.",
		"Reviewed the plan on 03/04/2024 with the team.",
		"Met on 12 May 2025 and again on May 20, 2025.",
		"Scored 1 2 3 4 5 6 7 on the items.",
		"Worked through modules 3.1-3.4 and 10.30-11.45 break.",
		"Loaded ERG22+ and VERA-2R items; covid19 rules apply.",
		"The doctor and the imam attended; mister not named.",
		"He said he did not miss Mondays.",
		"Group of 12 participants, 3 staff, room 101.",
		"Release expected on 2026-01-15.",
		"Items B1, B2, I3 rated; overall moderate.",
		"Born in 1990, he grew up in the north.", // a year alone is the coarse birth year we keep anyway
	} {
		if got := ScreenAt(text, screenToday); len(got) != 0 {
			t.Errorf("%q: false alarm %v", text, got)
		}
	}
}

func TestScreenMasksExcerpts(t *testing.T) {
	for _, f := range ScreenAt("Mr Haddad, haddad@example.org, +44 20 7946 0958, AB1234567, born 4 March 2001", screenToday) {
		if !strings.HasSuffix(f.Excerpt, "***") || strings.Contains(f.Excerpt, "addad") || strings.Contains(f.Excerpt, "7946") ||
			strings.Contains(f.Excerpt, "1234") || strings.Contains(f.Excerpt, "March") {
			t.Errorf("%s excerpt %q is not masked", f.Kind, f.Excerpt)
		}
	}
}

func TestCheckIdentifiers(t *testing.T) {
	fields := []TextField{{"notes", "call 0612-345-678"}, {"evidence", "nothing here"}, {"rationale", "Mr Haddad; x@y.org"}}
	_, err := CheckIdentifiers(false, screenToday, fields...)
	var e *Error
	if !asError(err, &e) || e.Code != CodeInvalid || len(e.Fields) != 2 {
		t.Fatalf("want Invalid with 2 field problems, got %v", err)
	}
	if e.Fields[0].Field != "notes" || e.Fields[0].Reason != "identifier_suspected" || !strings.Contains(e.Fields[0].Detail, "phone") {
		t.Errorf("first problem: %+v", e.Fields[0])
	}
	if strings.Contains(e.Fields[1].Detail, "Haddad") || strings.Contains(e.Fields[0].Detail, "345-678") {
		t.Errorf("the detail repeats the identifier: %+v", e.Fields)
	}
	kinds, err := CheckIdentifiers(true, screenToday, fields...)
	if err != nil || !slices.Equal(kinds, []string{IdentEmail, IdentName, IdentPhone}) {
		t.Errorf("acknowledged: got %v, %v", kinds, err)
	}
	kinds, err = CheckIdentifiers(false, screenToday, TextField{"notes", "fine"})
	if err != nil || len(kinds) != 0 {
		t.Errorf("clean text: got %v, %v", kinds, err)
	}
}

func asError(err error, target **Error) bool {
	e, ok := err.(*Error)
	*target = e
	return ok
}
