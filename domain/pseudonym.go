package domain

import (
	"crypto/rand"
	"math/big"
	"strings"
)

// Pseudonyms look like "PW-7KQ2M9XA" plus one check character: random, never derived from
// anything about the person, so knowing someone cannot lead to their pseudonym.
//
// The alphabet has 31 characters (digits and capitals without 0, 1, I, O and Z, which people
// misread). The check character makes the weighted sum of all nine character values, with
// weights 2..9 for the random part and 1 for the check character, a multiple of 31. Because
// 31 is prime and the weights are distinct and non-zero modulo 31, every single changed
// character and every swap of two adjacent characters changes the sum, so a mistyped
// pseudonym is refused instead of finding someone else's case.
const (
	pseudonymPrefix   = "PW-"
	pseudonymAlphabet = "23456789ABCDEFGHJKLMNPQRSTUVWXY"
	pseudonymRandom   = 8
)

var pseudonymMod = len(pseudonymAlphabet) // 31, prime

// NewPseudonym draws a fresh random pseudonym from crypto/rand.
func NewPseudonym() (string, error) {
	max := big.NewInt(int64(pseudonymMod))
	var failed error
	s := PseudonymFrom(func(int) int {
		n, err := rand.Int(rand.Reader, max)
		if err != nil {
			failed = err
			return 0
		}
		return int(n.Int64())
	})
	if failed != nil {
		return "", failed
	}
	return s, nil
}

// PseudonymFrom makes a pseudonym from draw, which returns a value in [0, n) each time it is
// called (n is the alphabet's size). Live cases draw from crypto/rand (NewPseudonym); a
// generator of demonstration data passes its own seeded source, so its world is the same on
// every run. The result always passes ValidPseudonym.
func PseudonymFrom(draw func(n int) int) string {
	var b strings.Builder
	b.WriteString(pseudonymPrefix)
	vals := make([]int, pseudonymRandom)
	for i := range vals {
		vals[i] = draw(pseudonymMod)
		b.WriteByte(pseudonymAlphabet[vals[i]])
	}
	b.WriteByte(pseudonymAlphabet[pseudonymCheck(vals)])
	return b.String()
}

// pseudonymCheck is the value c with c + Σ (i+2)·v_i ≡ 0 (mod 31).
func pseudonymCheck(vals []int) int {
	sum := 0
	for i, v := range vals {
		sum += (i + 2) * v
	}
	return (pseudonymMod - sum%pseudonymMod) % pseudonymMod
}

// ValidPseudonym reports whether s has the pseudonym's shape and a correct check character.
func ValidPseudonym(s string) bool {
	rest, ok := strings.CutPrefix(s, pseudonymPrefix)
	if !ok || len(rest) != pseudonymRandom+1 {
		return false
	}
	vals := make([]int, 0, pseudonymRandom)
	for i := 0; i < len(rest); i++ {
		v := strings.IndexByte(pseudonymAlphabet, rest[i])
		if v < 0 {
			return false
		}
		if i < pseudonymRandom {
			vals = append(vals, v)
		} else {
			return v == pseudonymCheck(vals)
		}
	}
	return false
}
