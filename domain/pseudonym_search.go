package domain

import "strings"

// Finding a case by its pseudonym as people type it: in lower case, with or without the
// "PW-" prefix, with spaces or dashes, and without its check character or with a wrong one.
// The check character is a function of the eight random characters, so those eight name a
// pseudonym alone: a search matches on them and tolerates whatever check character was typed.
// Fewer than eight characters match the pseudonyms that start with them.

// PseudonymSearchMin is the fewest random characters a search may give.
const PseudonymSearchMin = 3

// PseudonymSearch turns what a person typed into the start of the random part to look for
// (upper case, at most eight characters, only characters of the pseudonym alphabet). Invalid
// (field q) when the text holds a character no pseudonym has, is too short or too long.
func PseudonymSearch(typed string) (string, error) {
	s := strings.ToUpper(strings.TrimSpace(typed))
	s = strings.Map(func(r rune) rune {
		switch r {
		case ' ', '-', '_', '.', '\t':
			return -1
		}
		return r
	}, s)
	s = strings.TrimPrefix(s, strings.TrimSuffix(pseudonymPrefix, "-"))
	problem := func(reason, detail string) error {
		return Invalid(FieldProblem{Field: "q", Reason: reason, Detail: detail})
	}
	for _, r := range s {
		if r > 127 || strings.IndexByte(pseudonymAlphabet, byte(r)) < 0 {
			return "", problem("not_a_pseudonym", "a pseudonym has only the digits 2 to 9 and the letters A to Y without I and O")
		}
	}
	switch {
	case len(s) < PseudonymSearchMin:
		return "", problem("too_short", "type at least 3 characters of the pseudonym after PW-")
	case len(s) > pseudonymRandom+1:
		return "", problem("too_long", "a pseudonym has 9 characters after PW-")
	case len(s) > pseudonymRandom:
		s = s[:pseudonymRandom] // the check character, right or wrong, adds nothing
	}
	return s, nil
}

// PseudonymSearchPattern is the SQL LIKE pattern for a PseudonymSearch result: the prefix and
// the random characters, then anything. The result holds no LIKE wildcard or escape.
func PseudonymSearchPattern(random string) string {
	return pseudonymPrefix + random + "%"
}
