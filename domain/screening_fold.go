package domain

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// folded is a free text as the identifier screen reads it, with the way back to what the
// author wrote: byte i of text came from the author's bytes from[i]:to[i], so a finding in
// the folded text quotes the author's own characters.
type folded struct {
	text     string
	from, to []int
}

// foldText normalises a text for screening. Each character, in order:
//   - format characters (zero-width space and joiners, bidi controls, soft hyphen, BOM),
//     non-spacing marks (accents, Arabic vowel signs, shadda) and the Arabic tatweel are
//     dropped, so "A\u200bhmed", "Hélène" and "مُحَمَّد" read as "Ahmed", "Helene", "محمد";
//   - a character with a compatibility decomposition is read as that decomposition
//     (foldTable, generated from Unicode's NFKD by cmd/screenfold): full-width letters,
//     digits and "＠", ligatures, circled and superscript digits, mathematical letters,
//     Arabic presentation forms, and the hamza and madda forms of alef, waw and yeh;
//   - a decimal digit of any script (Arabic-Indic, Persian, Devanagari, full-width, …)
//     is read as its ASCII digit;
//   - any space separator is read as a space, and line and paragraph separators as "\n";
//   - the Arabic letters written in several ways are read as one: alef wasla as alef,
//     teh marbuta as heh, Farsi yeh as yeh, keheh as kaf; the Arabic comma, semicolon,
//     question mark and decimal separators as their ASCII forms. Alef maksura stays:
//     read as yeh it would make the preposition على the name علي;
//   - every dash (hyphen, en and em dash, figure dash, minus sign…) as "-";
//   - Cyrillic and Greek letters that look Latin, in a word that mixes them with Latin
//     letters or in a text written in Latin letters (foldConfusables).
//
// Case is kept (the screen uses capitals as a clue). The fold is idempotent: folding a
// folded text changes nothing (a fuzz test holds it to that).
func foldText(s string) folded {
	var b strings.Builder
	b.Grow(len(s))
	f := folded{from: make([]int, 0, len(s)), to: make([]int, 0, len(s))}
	emit := func(r rune, start, end int) {
		r, keep := foldRune(r)
		if !keep {
			return
		}
		n := utf8.RuneLen(r)
		if n < 0 {
			r, n = utf8.RuneError, 3
		}
		b.WriteRune(r)
		for range n {
			f.from = append(f.from, start)
			f.to = append(f.to, end)
		}
	}
	for i, r := range s {
		end := i + utf8.RuneLen(r)
		if r == utf8.RuneError {
			// An invalid byte decodes as one byte; a real U+FFFD as three.
			if _, size := utf8.DecodeRuneInString(s[i:]); size == 1 {
				end = i + 1
			}
		}
		if rep, ok := foldTable[r]; ok {
			for _, c := range rep {
				emit(c, i, end)
			}
			continue
		}
		emit(r, i, end)
	}
	f.text = b.String()
	return foldConfusables(f)
}

// foldRune is the per-character part of foldText after the table: what one character
// reads as, or false when it is dropped.
func foldRune(r rune) (rune, bool) {
	if r < utf8.RuneSelf {
		return r, true
	}
	switch r {
	case 0x0640: // tatweel, a stretching stroke
		return 0, false
	case 0x0671: // alef wasla
		return 'ا', true
	case 0x0629: // teh marbuta
		return 'ه', true
	case 0x06CC: // Farsi yeh
		return 'ي', true
	case 0x06A9: // keheh
		return 'ك', true
	case 0x060C: // Arabic comma
		return ',', true
	case 0x061B:
		return ';', true
	case 0x061F:
		return '?', true
	case 0x066B: // Arabic decimal separator
		return '.', true
	case 0x066C: // Arabic thousands separator
		return ',', true
	case 0x2028, 0x2029:
		return '\n', true
	case 0x2212: // minus sign
		return '-', true
	}
	switch {
	case unicode.Is(unicode.Cf, r) || unicode.Is(unicode.Mn, r) || unicode.Is(unicode.Me, r):
		return 0, false
	case unicode.Is(unicode.Nd, r):
		return '0' + digitValue(r), true
	case unicode.Is(unicode.Zs, r):
		return ' ', true
	case unicode.Is(unicode.Pd, r):
		// Word processors turn "07700-900-123" and "2025-2026" into en dashes.
		return '-', true
	}
	return r, true
}

// digitValue is the value of a decimal digit (category Nd). Unicode encodes every set of
// decimal digits as a contiguous run from zero to nine, and the Nd table lists those runs
// (sometimes several runs as one range), so the value is the distance from the range's
// start, modulo ten.
func digitValue(r rune) rune {
	for _, rg := range unicode.Nd.R16 {
		if rune(rg.Lo) <= r && r <= rune(rg.Hi) {
			return (r - rune(rg.Lo)) % 10
		}
	}
	for _, rg := range unicode.Nd.R32 {
		if rune(rg.Lo) <= r && r <= rune(rg.Hi) {
			return (r - rune(rg.Lo)) % 10
		}
	}
	return 0
}

// quote returns the author's text behind the folded bytes [start, end).
func (f folded) quote(original string, start, end int) (string, int, int) {
	if start >= end || end > len(f.from) {
		return "", 0, 0
	}
	a, b := f.from[start], f.to[end-1]
	return original[a:b], a, b
}
