package domain

import (
	"regexp"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

var (
	// A number grouped in thousands (1,500,000; 1.200.000,50): an amount, not a phone.
	thousandsRe = regexp.MustCompile(`^[1-9]\d{0,2}(?:(?:,\d{3})+(?:\.\d+)?|(?:\.\d{3})+(?:,\d+)?)$`)
	groupsRe    = regexp.MustCompile(`\d+`)
)

func (s *screen) phones() {
	view := phoneView(s.text)
	for _, m := range phoneRe.FindAllStringIndex(view, -1) {
		p := strings.TrimRight(view[m[0]:m[1]], " .-/(")
		if (looksLikePhone(p) || holdsPhones(p)) && !thousandsRe.MatchString(s.text[m[0]:m[0]+len(p)]) {
			s.add(IdentPhone, m[0], m[0]+len(p))
		}
	}
}

// phoneView is the folded text with every other separator between two digit groups
// written as "-" (padded with spaces to its length in bytes, so offsets into the view are
// offsets into the text). The fold has already made every dash "-" and the Arabic comma
// and thousands separator ","; what is left is punctuation such as "·", "•", "_", and
// the list marks "," ";" "、", which count only written tight between digits
// ("07700,900,123" but not "sessions 1, 2, 3").
func phoneView(text string) string {
	var b []byte
	for i, r := range text {
		list, ok := digitSeparator(r)
		if !ok {
			continue
		}
		n := utf8.RuneLen(r)
		if !digitNear(text[:i], list, true) || !digitNear(text[i+n:], list, false) {
			continue
		}
		if b == nil {
			b = []byte(text)
		}
		b[i] = '-'
		for k := 1; k < n; k++ {
			b[i+k] = ' '
		}
	}
	if b == nil {
		return text
	}
	return string(b)
}

// digitSeparator reports whether r may part the digit groups of a phone number where
// phoneRe does not already take it, and whether it is a list mark (which must stand tight
// between digits). Punctuation that gives numbers another sense is not a separator:
// times (10:30), ratios, percentages, footnote and reference marks, an ellipsis.
func digitSeparator(r rune) (list, ok bool) {
	switch r {
	case ',', ';', '、', '，', '；', '､':
		return true, true
	case '_':
		return false, true
	case '∙', '⋅': // bullet and dot operators, written for a middle dot
		return false, true
	}
	if r < utf8.RuneSelf || strings.ContainsRune("…‰‱٪؉؊†‡§¶¡¿※∶", r) {
		return false, false
	}
	return false, unicode.Is(unicode.Po, r) || unicode.Is(unicode.Pc, r)
}

// digitNear reports whether a digit stands right at the end (before) or the start (after)
// of s; a separator that is not a list mark may have one space between it and the digit.
func digitNear(s string, list, before bool) bool {
	for k := 0; k < 2; k++ {
		var r rune
		var n int
		if before {
			r, n = utf8.DecodeLastRuneInString(s)
		} else {
			r, n = utf8.DecodeRuneInString(s)
		}
		switch {
		case r >= '0' && r <= '9':
			return true
		case r == ' ' && !list && k == 0:
			if before {
				s = s[:len(s)-n]
			} else {
				s = s[n:]
			}
		default:
			return false
		}
	}
	return false
}

// looksLikePhone: 7 to 15 digits, parted (digits alone are an ID-like number, reported as
// such), with a group of 3 digits or more unless there are 10 or more; not a span of years
// (2019-2021) or a list of years (2019 2020 2021), a numbered text (loi 2016-987), or a count (1 2 3 … 10: groups of one or two
// digits, none starting with 0, each one or two more than the one before).
func looksLikePhone(s string) bool {
	digits, longest, run := 0, 0, 0
	separated := false
	for _, r := range s {
		if unicode.IsDigit(r) {
			digits++
			run++
			longest = max(longest, run)
			continue
		}
		run = 0
		separated = true
	}
	if digits < 7 || digits > 15 || (longest < 3 && digits < 10) || yearSpanRe.MatchString(s) || numberedRe.MatchString(s) {
		return false
	}
	return separated && !(longest <= 2 && counting(s))
}

// holdsPhones reports whether a run of more than 15 digits, too long for one phone number,
// is two written side by side ("020 7946 0018 / 07700 900 456", attack round 9b): some run
// of its digit groups starting with a 0 or a + reads as a phone with a group of 3 digits or
// more.
func holdsPhones(s string) bool {
	groups := groupsRe.FindAllStringIndex(s, -1)
	digits := 0
	for _, g := range groups {
		digits += g[1] - g[0]
	}
	if digits <= 15 {
		return false
	}
	for i, gi := range groups {
		start := gi[0]
		if start > 0 && s[start-1] == '+' {
			start--
		} else if s[gi[0]] != '0' {
			continue
		}
		for _, gj := range groups[i+1:] {
			sub := s[start:gj[1]]
			if looksLikePhone(sub) && longestGroup(sub) >= 3 {
				return true
			}
		}
	}
	return false
}

func longestGroup(s string) int {
	n := 0
	for _, g := range groupsRe.FindAllString(s, -1) {
		n = max(n, len(g))
	}
	return n
}

// counting reports whether the digit groups of s count up by ones or twos: 1 2 3 4 5 6 7
// 8 9 10, 2,4,6,8,10,12. ("12 34 56 78" does not count: it may be a number.)
func counting(s string) bool {
	prev := 0
	for _, g := range groupsRe.FindAllString(s, -1) {
		n, _ := strconv.Atoi(g)
		if g[0] == '0' || n <= prev || (prev > 0 && n > prev+2) {
			return false
		}
		prev = n
	}
	return true
}
