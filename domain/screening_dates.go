package domain

import (
	"regexp"
	"sort"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Month names as the fold leaves them (accents dropped, lower case for the Latin ones;
// hamza forms of alef read as alef and teh marbuta as heh for the Arabic ones).
var (
	latinMonths = alternation(`january jan february feb march mar april apr may june jun july jul august aug
		september sept sep october oct november nov december dec
		janvier janv février févr fév mars avril avr mai juin juillet juil août aout septembre octobre
		novembre décembre`)
	// Gregorian (Egypt and the Gulf; the Maghreb), Levantine (Syriac) and Hijri month names.
	arabicMonths = alternation(`يناير فبراير مارس أبريل إبريل ابريل أفريل افريل مايو ماي يونيو يونيه جوان يوليو يوليه
		جويلية أغسطس اغسطس أوت اوت غشت سبتمبر شتنبر أكتوبر اكتوبر نوفمبر نونبر ديسمبر دجنبر جانفي فيفري
		كانون_الثاني شباط آذار اذار نيسان أيار ايار حزيران تموز آب أيلول ايلول تشرين_الأول تشرين_الاول
		تشرين_الثاني كانون_الأول كانون_الاول
		محرم صفر ربيع_الأول ربيع_الاول ربيع_الثاني ربيع_الآخر جمادى_الأولى جمادى_الاولى جمادي_الاولي
		جمادى_الآخرة جمادى_الثانية جمادي_الاخره رجب شعبان رمضان شوال ذو_القعدة ذي_القعدة ذو_الحجة ذي_الحجة`)

	isoDateRe = regexp.MustCompile(`\b(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})\b`)
	numDateRe = regexp.MustCompile(`\b(\d{1,2})[/.\-](\d{1,2})[/.\-](\d{4}|\d{2})\b`)
	// "4 March 2001", "4th of March", "le 1er mars 1990", "3 mars 90"
	dmyRe = regexp.MustCompile(`(?i)^(\d{1,2})(?:st|nd|rd|th|er|eme|e)?\s+(?:of\s+)?(` + latinMonths + `)\b\.?,?(?:\s+(\d{4}|\d{2})\b)?`)
	// "March 4, 2001", "March 4th"
	mdyRe = regexp.MustCompile(`(?i)^(` + latinMonths + `)\.?\s+(\d{1,2})(?:st|nd|rd|th)?\b(?:,?\s+(\d{4})\b)?`)
	// "March 1990", "mars 1990", "March of 1990"
	myRe = regexp.MustCompile(`(?i)^(` + latinMonths + `)\.?,?\s+(?:of\s+|de\s+|d'|d’)?(\d{4})\b`)
	// "3 مارس 1990", "3 من شهر مارس سنة 1990", "15 رمضان 1405"
	arDMYRe = regexp.MustCompile(`^(\d{1,2})\s*(?:من\s+)?(?:شهر\s+)?(` + arabicMonths + `)(?:[\s,]+(?:من\s+)?(?:سنه\s+|عام\s+)?(\d{4})\b)?`)
	// "مارس 1990", "شهر مارس من عام 1990"
	arMYRe = regexp.MustCompile(`^(` + arabicMonths + `)[\s,]+(?:من\s+)?(?:سنه\s+|عام\s+)?(\d{4})\b`)
)

// The words month names start with, to skip the month patterns on texts without one.
var latinMonthWords, arabicMonthWords = firstWords(latinMonths), firstWords(arabicMonths)

// firstWords lists the first word of each alternative of an alternation.
func firstWords(alt string) map[string]bool {
	out := map[string]bool{}
	for _, a := range strings.Split(alt, "|") {
		w, _, _ := strings.Cut(a, `\s+`)
		out[strings.ToLower(w)] = true
	}
	return out
}

// alternation folds a list of words (multi-word ones joined by "_") into a regexp
// alternation, longest first so that "september" is tried before "sep".
func alternation(list string) string {
	seen := map[string]bool{}
	var words []string
	for _, w := range strings.Fields(list) {
		f := foldWord(strings.ReplaceAll(w, "_", " "))
		if !seen[f] {
			seen[f] = true
			words = append(words, regexp.QuoteMeta(f))
		}
	}
	sort.SliceStable(words, func(i, j int) bool { return len(words[i]) > len(words[j]) })
	for i, w := range words {
		words[i] = strings.ReplaceAll(w, " ", `\s+`)
	}
	return strings.Join(words, "|")
}

// Words for birth. Accented "né", "née" are checked against the author's text: "ne" is
// also the French negation.
var (
	birthWords = wordSet(`born birth birthday birthdate dob naissance anniversaire ddn naquit nait naît
		né née nés nées
		مواليد مواليده ميلاد ميلاده ميلادها ولد ولدت وُلد مولود مولودة الولادة ولادة ولادته ولادتها`)
	birthPairs = phraseSet(`date of birth|d o b|date de naissance|تاريخ الميلاد|تاريخ ميلاده|تاريخ ميلادها|عيد ميلاد|تاريخ الولادة`)
)

// sentenceEndRe: the end of a sentence between a word for birth and a date parts them.
var sentenceEndRe = regexp.MustCompile(`[;!?\n]|\.\s+\p{Lu}`)

type dateSpan struct {
	start, end int
	year       string // "" when the date has no year
	hasDay     bool
	numeric    bool // written in digits only (04/03/90)
}

// dates reports dates of birth, and claims every other full date so that its digits are
// not read as a phone or ID number later.
func (s *screen) dates() {
	var found []dateSpan
	// take records the matches of re (indices into s.text) as dates: day and year are the
	// groups holding them, or -1.
	take := func(re *regexp.Regexp, matches [][]int, day, year int, ok func(m []int) bool) {
		for _, m := range matches {
			if m == nil || (ok != nil && !ok(m)) {
				continue
			}
			d := dateSpan{start: m[0], end: m[1], hasDay: day >= 0, numeric: re == isoDateRe || re == numDateRe}
			if year >= 0 && m[2*year] >= 0 {
				d.year = s.text[m[2*year]:m[2*year+1]]
			}
			if day >= 0 {
				if n, _ := strconv.Atoi(s.text[m[2*day]:m[2*day+1]]); n < 1 || n > 31 {
					continue
				}
			}
			found = append(found, d)
		}
	}
	// at runs an anchored pattern from byte i: the month patterns are tried only where a
	// month's name (or the number before it) stands, not at every byte of the text.
	at := func(re *regexp.Regexp, i int) [][]int {
		m := re.FindStringSubmatchIndex(s.text[i:])
		for k := range m {
			if m[k] >= 0 {
				m[k] += i
			}
		}
		return [][]int{m}
	}
	numeric := func(a, b int) func(m []int) bool {
		return func(m []int) bool {
			x, _ := strconv.Atoi(s.text[m[2*a]:m[2*a+1]])
			y, _ := strconv.Atoi(s.text[m[2*b]:m[2*b+1]])
			return (x >= 1 && x <= 12 && y >= 1 && y <= 31) || (y >= 1 && y <= 12 && x >= 1 && x <= 31)
		}
	}
	take(isoDateRe, isoDateRe.FindAllStringSubmatchIndex(s.text, -1), 3, 1, numeric(2, 3))
	take(numDateRe, numDateRe.FindAllStringSubmatchIndex(s.text, -1), 1, 3, func(m []int) bool {
		// 06.12.34.56.78 is a phone number, not a date.
		return !partOfLongerNumber(s.text, m[0], m[1]) && numeric(1, 2)(m)
	})
	monthEnds := func(end int) bool { // an Arabic month name is a whole word
		r, _ := utf8.DecodeRuneInString(s.text[end:])
		return end >= len(s.text) || !unicode.IsLetter(r)
	}
	for i, t := range s.toks {
		switch {
		case latinMonthWords[t.lower]:
			for back := 1; back <= 2 && i >= back; back++ { // "4 March", "4th of March"
				take(dmyRe, at(dmyRe, s.toks[i-back].start), 1, 3, nil)
			}
			take(mdyRe, at(mdyRe, t.start), 2, 3, nil)
			take(myRe, at(myRe, t.start), -1, 2, nil)
		case t.arabic && arabicMonthWords[t.lower]:
			for back := 1; back <= 3 && i >= back; back++ { // "3 مارس", "3 من شهر مارس"
				take(arDMYRe, at(arDMYRe, s.toks[i-back].start), 1, 3, func(m []int) bool { return monthEnds(m[5]) })
			}
			take(arMYRe, at(arMYRe, t.start), -1, 2, func(m []int) bool { return monthEnds(m[3]) })
		}
	}

	// Longest first, so "4 March 2001" is taken before "March 2001" could be.
	sort.SliceStable(found, func(i, j int) bool { return found[i].end-found[i].start > found[j].end-found[j].start })
	for _, d := range found {
		full := d.hasDay && d.year != ""
		// A two-digit year after a month's name ("4 March, 90 minutes") is too often not one:
		// only a date in digits counts by the birth year then.
		byYear := d.year != "" && (len(d.year) == 4 || d.numeric) && s.isBirthYear(d.year)
		flag := s.birthNear(d.start, d.end) || byYear
		switch {
		case flag:
			s.add(IdentDateOfBirth, d.start, d.end)
		case full:
			s.claim(d.start, d.end) // a hearing, a sentence, a release: not reported
		}
	}
}

// isBirthYear: the year (four digits, or two) is a recorded birth year of the case.
func (s *screen) isBirthYear(y string) bool {
	n, err := strconv.Atoi(y)
	if err != nil {
		return false
	}
	for _, b := range s.birthYears {
		if (len(y) == 4 && n == b) || (len(y) == 2 && b > 0 && n == b%100) {
			return true
		}
	}
	return false
}

// birthNear: a word for birth within 45 bytes before the date, or 25 after it
// ("04/03/1990 (DOB)").
func (s *screen) birthNear(start, end int) bool {
	for i, t := range s.toks {
		before := t.end <= start && start-t.start <= 45 && !sentenceEndRe.MatchString(s.text[t.end:start])
		after := t.start >= end && t.start-end <= 25 && !sentenceEndRe.MatchString(s.text[end:t.start])
		if !before && !after {
			continue
		}
		if i+1 < len(s.toks) && joined(gap(s.text, s.toks, i+1)) && birthPairs[t.lower+" "+s.toks[i+1].lower] {
			return true
		}
		if i+2 < len(s.toks) && birthPairs[t.lower+" "+s.toks[i+1].lower+" "+s.toks[i+2].lower] {
			return true
		}
		// "b. 4 March 2001"
		if t.lower == "b" && t.end <= start && strings.TrimSpace(s.text[t.end:start]) == "." {
			return true
		}
		if !inSet(birthWords, t) {
			continue
		}
		if (t.lower == "ne" || t.lower == "nes") && !s.accented(t) {
			continue // "ne" is also the French negation: only "né" counts
		}
		return true
	}
	return false
}

// accented reports whether the author wrote a word with non-ASCII letters (né, not ne).
func (s *screen) accented(t token) bool {
	q, _, _ := s.f.quote(s.orig, t.start, t.end)
	for i := 0; i < len(q); i++ {
		if q[i] >= utf8.RuneSelf {
			return true
		}
	}
	return false
}

// partOfLongerNumber reports whether text[start:end] continues, before or after, with a
// separator and another digit.
func partOfLongerNumber(text string, start, end int) bool {
	sep := func(b byte) bool { return b == '.' || b == '-' || b == '/' }
	digit := func(b byte) bool { return b >= '0' && b <= '9' }
	return (end+1 < len(text) && sep(text[end]) && digit(text[end+1])) ||
		(start >= 2 && sep(text[start-1]) && digit(text[start-2]))
}
