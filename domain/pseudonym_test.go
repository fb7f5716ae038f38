package domain

import (
	"strings"
	"testing"
)

func TestNewPseudonymIsValidAndRandom(t *testing.T) {
	seen := map[string]bool{}
	for range 2000 {
		p, err := NewPseudonym()
		if err != nil {
			t.Fatal(err)
		}
		if !ValidPseudonym(p) {
			t.Fatalf("%s does not validate", p)
		}
		if len(p) != 12 || !strings.HasPrefix(p, "PW-") {
			t.Fatalf("%s has the wrong shape", p)
		}
		if seen[p] {
			t.Fatalf("%s drawn twice", p)
		}
		seen[p] = true
	}
}

// Every single-character substitution and every adjacent transposition of a valid pseudonym
// must fail the check.
func TestPseudonymCheckCatchesTypos(t *testing.T) {
	for range 200 {
		p, err := NewPseudonym()
		if err != nil {
			t.Fatal(err)
		}
		body := []byte(p[3:])
		for i := range body {
			for _, c := range []byte(pseudonymAlphabet) {
				if c == body[i] {
					continue
				}
				mut := append([]byte(nil), body...)
				mut[i] = c
				if ValidPseudonym("PW-" + string(mut)) {
					t.Fatalf("substitution at %d of %s → %s passes", i, p, mut)
				}
			}
			if i+1 < len(body) && body[i] != body[i+1] {
				mut := append([]byte(nil), body...)
				mut[i], mut[i+1] = mut[i+1], mut[i]
				if ValidPseudonym("PW-" + string(mut)) {
					t.Fatalf("transposition at %d of %s → %s passes", i, p, mut)
				}
			}
		}
	}
}

func TestValidPseudonymRefusesBadShapes(t *testing.T) {
	p, _ := NewPseudonym()
	for _, s := range []string{"", "PW-", p[:11], p + "2", "XX-" + p[3:], strings.ToLower(p), "PW-0000000000"[:12], "PW-IIIIIIII2"} {
		if ValidPseudonym(s) {
			t.Errorf("%q passes", s)
		}
	}
}

// A generator's own source makes valid pseudonyms, the same ones for the same draws.
func TestPseudonymFrom(t *testing.T) {
	counter := func() func(int) int {
		i := 0
		return func(n int) int { i = (i*7 + 3) % n; return i }
	}
	a, b := PseudonymFrom(counter()), PseudonymFrom(counter())
	if a != b || !ValidPseudonym(a) {
		t.Errorf("%q and %q: want the same valid pseudonym", a, b)
	}
	if c := PseudonymFrom(func(int) int { return 0 }); c != "PW-222222222" || !ValidPseudonym(c) {
		t.Errorf("all-zero draws: %q", c)
	}
}
