package domain

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// token is one word of a folded text: a run of letters and digits (apostrophes, hyphens and
// spaces separate words, so "d'Ahmed" is "d" and "Ahmed", "Jean-Pierre" is "Jean" and
// "Pierre"). Offsets are bytes of the folded text.
type token struct {
	start, end int
	text       string
	lower      string
	capital    bool // the first letter is a capital (Latin, Greek, Cyrillic…)
	arabic     bool // written in Arabic script
	number     bool // digits only
	// sentenceStart: nothing but spaces, quotes or brackets between the start of the text,
	// a line break or a sentence's end (. ! ? ; :) or a bullet and this word.
	sentenceStart bool
}

func tokenize(s string) []token {
	var out []token
	start := -1
	flush := func(end int) {
		if start < 0 {
			return
		}
		w := s[start:end]
		first, _ := utf8.DecodeRuneInString(w)
		t := token{start: start, end: end, text: w, lower: strings.ToLower(w), capital: unicode.IsUpper(first),
			arabic: unicode.Is(unicode.Arabic, first), number: isDigits(w)}
		t.sentenceStart = opensSentence(s[:start])
		out = append(out, t)
		start = -1
	}
	for i, r := range s {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			if start < 0 {
				start = i
			}
			continue
		}
		flush(i)
	}
	flush(len(s))
	return out
}

func isDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return s != ""
}

// opensSentence reports whether a word after the text before it starts a sentence.
func opensSentence(before string) bool {
	for i := len(before); i > 0; {
		r, n := utf8.DecodeLastRuneInString(before[:i])
		i -= n
		switch {
		case r == '\n' || r == '\r':
			return true
		case strings.ContainsRune(".!?;:•*", r):
			return true
		case r == '-' || r == '–' || r == '—':
			// A dash opens a sentence when it starts a line (a bullet).
			rest := strings.TrimRight(before[:i], " \t")
			return rest == "" || strings.HasSuffix(rest, "\n")
		case unicode.IsSpace(r) || strings.ContainsRune(`"'“”‘’«»()[]`, r):
			continue
		default:
			return false
		}
	}
	return true
}

// gap is the text between token i-1 and token i (empty for i = 0).
func gap(s string, toks []token, i int) string {
	if i <= 0 || i >= len(toks) {
		return ""
	}
	return s[toks[i-1].end:toks[i].start]
}

// joined reports whether two neighbouring words are one phrase: nothing but spaces,
// hyphens or apostrophes between them.
func joined(g string) bool {
	if g == "" {
		return false
	}
	for _, r := range g {
		if r != ' ' && r != '-' && r != '\'' && r != '’' && r != '\t' {
			return false
		}
	}
	return true
}

// loosely reports whether two words belong to one clause: a comma, a colon or brackets
// may stand between ("his brother, Karim"; "mother (Aisha)"), but no sentence end.
func loosely(g string) bool {
	if g == "" || len(g) > 6 {
		return false
	}
	for _, r := range g {
		if !strings.ContainsRune(" \t-'’,:()\"“”«»", r) {
			return false
		}
	}
	return true
}

// hasArticle reports an Arabic word that starts with the definite article.
func hasArticle(w string) bool {
	return strings.HasPrefix(w, "ال") && utf8.RuneCountInString(w) > 3
}

// arabicClitics are the one-letter words written joined to the next: and, so, with, for, like.
const arabicClitics = "وفبلك"

// withoutClitic strips a joined one-letter word from an Arabic word of four letters or more.
func withoutClitic(w string) (string, bool) {
	r, n := utf8.DecodeRuneInString(w)
	if !strings.ContainsRune(arabicClitics, r) || utf8.RuneCountInString(w) < 4 {
		return w, false
	}
	return w[n:], true
}

// hasWord reports whether any word of the text is in set: a cheap test that spares the
// regular expressions of a rule on texts that cannot match it.
func (s *screen) hasWord(set map[string]bool) bool {
	for _, t := range s.toks {
		if set[t.lower] {
			return true
		}
	}
	return false
}

// hasArabic reports whether the text has a word in Arabic script (the Arabic rules are
// skipped otherwise).
func (s *screen) hasArabic() bool {
	for _, t := range s.toks {
		if t.arabic {
			return true
		}
	}
	return false
}
