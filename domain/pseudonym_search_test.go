package domain

import (
	"errors"
	"testing"
)

func TestPseudonymSearchToleratesCaseSeparatorsAndCheckCharacter(t *testing.T) {
	p, err := NewPseudonym()
	if err != nil {
		t.Fatal(err)
	}
	random := p[3:11]
	wrong := byte('2')
	if p[11] == wrong {
		wrong = '3'
	}
	for _, typed := range []string{
		p, " " + p + " ", p[:11], p[3:], p[3:11], "pw-" + p[3:], "PW " + p[3:7] + "-" + p[7:],
		p[:11] + string(wrong), // a wrong check character
		lower(p),
	} {
		got, err := PseudonymSearch(typed)
		if err != nil || got != random {
			t.Errorf("%q: got %q, %v; want %q", typed, got, err, random)
		}
	}
	if got, err := PseudonymSearch(lower(p[3:7])); err != nil || got != p[3:7] {
		t.Errorf("a start: %q %v", got, err)
	}
	for typed, reason := range map[string]string{"PW-7K": "too_short", "": "too_short", "PW-7KQ2M9XA22": "too_long",
		"PW-7KO2": "not_a_pseudonym", "7K%2": "not_a_pseudonym", "7K_'2": "not_a_pseudonym", "ÄBC": "not_a_pseudonym"} {
		_, err := PseudonymSearch(typed)
		var e *Error
		if !errors.As(err, &e) || len(e.Fields) != 1 || e.Fields[0].Field != "q" || e.Fields[0].Reason != reason {
			t.Errorf("%q: %v, want %s", typed, err, reason)
		}
	}
	if PseudonymSearchPattern("7KQ") != "PW-7KQ%" {
		t.Error(PseudonymSearchPattern("7KQ"))
	}
}

func lower(s string) string {
	b := []byte(s)
	for i, c := range b {
		if c >= 'A' && c <= 'Z' {
			b[i] = c + 'a' - 'A'
		}
	}
	return string(b)
}
