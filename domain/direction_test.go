package domain

import "testing"

func TestHasDirectionControl(t *testing.T) {
	for s, want := range map[string]bool{
		"Northgate Prison":        false,
		"سجن الشمال":              false,
		"سجن\u200f Northgate":     false, // a right-to-left mark is text's own business
		"Riverside\u202e nosirP":  true,  // right-to-left override
		"\u2067Harbour\u2069":     true,  // isolates
		"a\u202aembedded\u202c b": true,
	} {
		if got := HasDirectionControl(s); got != want {
			t.Errorf("HasDirectionControl(%q) = %v, want %v", s, got, want)
		}
	}
}
