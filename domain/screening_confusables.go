package domain

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// confusables maps the Cyrillic and Greek letters that are drawn like a Latin letter
// (Unicode's confusables data lists them as confusable with that basic Latin letter) to
// it. Letters that only resemble a Latin small capital or a letter outside ASCII
// (Cyrillic в, н, т; Greek κ, υ) are left out: nobody reads them as a Latin word.
var confusables = map[rune]rune{
	// Cyrillic capitals.
	'А': 'A', 'В': 'B', 'Е': 'E', 'К': 'K', 'М': 'M', 'Н': 'H', 'О': 'O', 'Р': 'P',
	'С': 'C', 'Т': 'T', 'У': 'Y', 'Х': 'X', 'Ѕ': 'S', 'І': 'I', 'Ј': 'J', 'Ү': 'Y',
	'Ԛ': 'Q', 'Ԝ': 'W', 'Ѵ': 'V', 'Ӏ': 'I', 'Һ': 'H',
	// Cyrillic small letters.
	'а': 'a', 'е': 'e', 'о': 'o', 'р': 'p', 'с': 'c', 'у': 'y', 'х': 'x', 'ѕ': 's',
	'і': 'i', 'ј': 'j', 'һ': 'h', 'ԛ': 'q', 'ԝ': 'w', 'ѵ': 'v', 'ү': 'y', 'ӏ': 'l',
	'ԁ': 'd',
	// Greek capitals.
	'Α': 'A', 'Β': 'B', 'Ε': 'E', 'Ζ': 'Z', 'Η': 'H', 'Ι': 'I', 'Κ': 'K', 'Μ': 'M',
	'Ν': 'N', 'Ο': 'O', 'Ρ': 'P', 'Τ': 'T', 'Υ': 'Y', 'Χ': 'X', 'Ϲ': 'C', 'Ϳ': 'J',
	// Greek small letters.
	'ο': 'o', 'α': 'a', 'ι': 'i', 'ν': 'v', 'ρ': 'p', 'γ': 'y', 'ϲ': 'c', 'ϳ': 'j',
}

// foreignLetter reports a Cyrillic or Greek letter.
func foreignLetter(r rune) bool {
	return unicode.Is(unicode.Cyrillic, r) || unicode.Is(unicode.Greek, r)
}

// foldConfusables reads look-alike Cyrillic and Greek letters as the Latin letters they
// pass for, so that "Мr Ѕmіth" (Cyrillic М, Ѕ, і) is screened as "Mr Smith". A word is
// folded when it mixes Latin letters with Cyrillic or Greek ones, or when all its letters
// are look-alikes and the text holds Latin letters and not one Cyrillic or Greek letter
// that is not a look-alike. So a Russian or Greek sentence, or a Russian word quoted in
// an English note, is left as written. Folding a folded text changes nothing: the
// letters that decide (Latin ones, and foreign ones that are not look-alikes) are never
// created or removed by the fold.
func foldConfusables(f folded) folded {
	latin, foreign, unlike := false, false, false
	for _, r := range f.text {
		switch {
		case r < utf8.RuneSelf:
			latin = latin || ('a' <= r && r <= 'z') || ('A' <= r && r <= 'Z')
		case foreignLetter(r):
			foreign = true
			if _, ok := confusables[r]; !ok && unicode.IsLetter(r) {
				unlike = true
			}
		case unicode.Is(unicode.Latin, r):
			latin = true
		}
	}
	if !foreign || !latin {
		return f
	}
	wholeWords := !unlike
	var b strings.Builder
	b.Grow(len(f.text))
	out := folded{from: make([]int, 0, len(f.text)), to: make([]int, 0, len(f.text))}
	text := f.text
	for i := 0; i < len(text); {
		// A word: a run of letters (and the marks the fold keeps, none).
		j := i
		for j < len(text) {
			r, n := utf8.DecodeRuneInString(text[j:])
			if !unicode.IsLetter(r) {
				break
			}
			j += n
		}
		if j == i {
			_, n := utf8.DecodeRuneInString(text[i:])
			b.WriteString(text[i : i+n])
			out.from = append(out.from, f.from[i:i+n]...)
			out.to = append(out.to, f.to[i:i+n]...)
			i += n
			continue
		}
		word := text[i:j]
		fold := foldWordConfusables(word, wholeWords)
		for k, r := range word {
			n := utf8.RuneLen(r)
			if l, ok := confusables[r]; ok && fold {
				b.WriteRune(l)
				out.from = append(out.from, f.from[i+k])
				out.to = append(out.to, f.to[i+k+n-1])
				continue
			}
			b.WriteString(word[k : k+n])
			out.from = append(out.from, f.from[i+k:i+k+n]...)
			out.to = append(out.to, f.to[i+k:i+k+n]...)
		}
		i = j
	}
	out.text = b.String()
	return out
}

// foldWordConfusables reports whether a word's look-alike letters are read as Latin: it
// mixes Latin and look-alike letters, or (wholeWords) it is made of look-alikes only.
func foldWordConfusables(word string, wholeWords bool) bool {
	latin, alike, other := false, false, false
	for _, r := range word {
		if _, ok := confusables[r]; ok {
			alike = true
			continue
		}
		if r < utf8.RuneSelf || unicode.Is(unicode.Latin, r) {
			latin = true
			continue
		}
		other = true
	}
	if !alike {
		return false
	}
	return latin || (wholeWords && !other)
}
