package domain

import (
	"regexp"
	"sort"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"
)

// Identifier kinds the free-text screen reports.
const (
	IdentEmail       = "email"
	IdentPhone       = "phone"
	IdentIDNumber    = "id_number"
	IdentDateOfBirth = "date_of_birth"
	IdentName        = "name"
)

// Finding is one likely identifier in a free text. Excerpt is masked (the first character
// and "***"), so that neither a response nor a log ever repeats the identifier itself.
type Finding struct {
	Kind    string
	Excerpt string
}

var (
	emailRe = regexp.MustCompile(`[A-Za-z0-9._%+\-]+@[A-Za-z0-9\-]+(?:\.[A-Za-z0-9\-]+)*\.[A-Za-z]{2,}`)
	// A run of digits with the separators phone numbers are written with; filtered below.
	phoneRe = regexp.MustCompile(`(?:\+|\b)\(?\d[\d ().\-/]*\d\b`)
	tokenRe = regexp.MustCompile(`\b[A-Za-z0-9]{6,}\b`)
	titleRe = regexp.MustCompile(`\b(Mr|Mrs|Ms|Miss|Dr|Sheikh|Shaykh|Imam|Ustadh|Ustadha|Abu|Umm)\.?\s+([A-Z][a-z'’\-]+)`)
	// Full dates: ISO; day/month/year with / . or -; "4 March 2001"; "March 4, 2001".
	isoDateRe  = regexp.MustCompile(`\b(\d{4})-(\d{1,2})-(\d{1,2})\b`)
	numDateRe  = regexp.MustCompile(`\b(\d{1,2})[/.\-](\d{1,2})[/.\-](\d{4}|\d{2})\b`)
	monthNames = `(Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|Sep(?:t(?:ember)?)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)`
	dmyRe      = regexp.MustCompile(`(?i)\b(\d{1,2})(?:st|nd|rd|th)?\s+(?:of\s+)?` + monthNames + `\.?,?(?:\s+(\d{4}))?\b`)
	mdyRe      = regexp.MustCompile(`(?i)\b` + monthNames + `\.?\s+(\d{1,2})(?:st|nd|rd|th)?(?:,?\s+(\d{4}))?\b`)
	birthRe    = regexp.MustCompile(`(?i)\b(born|birth|birthday|dob|d\.o\.b)\b`)
	yearSpanRe = regexp.MustCompile(`^(?:19|20)\d\d\s*[-/]\s*(?:19|20)\d\d$`)
)

// MinAgeForDateScreen is how many years back a full date must lie before the screen treats
// it as a likely date of birth even without a word like "born" nearby. Session, court and
// release dates in a programme's notes are recent; a participant is at least this old.
const MinAgeForDateScreen = 14

// Screen looks for likely identifiers in a free text, as of today.
func Screen(text string) []Finding { return ScreenAt(text, time.Now()) }

// ScreenAt looks for likely identifiers in a free text. The rules, kept simple on purpose
// (a false alarm costs the author one confirmation; a miss may cost a person's safety):
//   - e-mail addresses;
//   - phone numbers: 7 to 15 digits written with a leading + or with separators (space,
//     dot, dash, slash, brackets), with a group of 3+ digits unless there are 10 or more
//     digits (06.12.34.56.78), and not a date or a span of years such as 2019-2021;
//   - ID-like numbers: tokens of 6+ letters and digits holding 4+ digits, or 6+ digits alone
//     (passport, prison and national numbers); "GP12", "2019" and "45" are too short;
//   - exact dates of birth: a full date (day, month and year) that is either within 40
//     characters after a word such as born, birth, DOB, or that lies between 14 and 100
//     years before today (sessions and releases are recent; birthdays are not); a day and
//     month without a year only when a birth word precedes it;
//   - names after titles: Mr, Mrs, Ms, Miss, Dr, Sheikh, Imam, Ustadh, Abu, Umm followed
//     by a capitalised word.
func ScreenAt(text string, today time.Time) []Finding {
	var out []Finding
	taken := make([]bool, len(text)) // bytes already reported, so one thing is reported once
	claim := func(start, end int) bool {
		for i := start; i < end; i++ {
			if taken[i] {
				return false
			}
		}
		for i := start; i < end; i++ {
			taken[i] = true
		}
		return true
	}
	add := func(kind, excerpt string) { out = append(out, Finding{Kind: kind, Excerpt: excerpt}) }

	for _, m := range emailRe.FindAllStringIndex(text, -1) {
		if claim(m[0], m[1]) {
			add(IdentEmail, mask(text[m[0]:m[1]]))
		}
	}
	for _, d := range findDates(text, today) {
		if claim(d.start, d.end) && d.flag {
			add(IdentDateOfBirth, mask(text[d.start:d.end]))
		}
	}
	for _, m := range phoneRe.FindAllStringIndex(text, -1) {
		s := strings.TrimRight(text[m[0]:m[1]], " .-/(")
		if looksLikePhone(s) && claim(m[0], m[0]+len(s)) {
			add(IdentPhone, mask(s))
		}
	}
	for _, m := range tokenRe.FindAllStringIndex(text, -1) {
		if looksLikeID(text[m[0]:m[1]]) && claim(m[0], m[1]) {
			add(IdentIDNumber, mask(text[m[0]:m[1]]))
		}
	}
	for _, m := range titleRe.FindAllStringSubmatchIndex(text, -1) {
		if claim(m[4], m[5]) {
			add(IdentName, text[m[2]:m[3]]+" "+mask(text[m[4]:m[5]]))
		}
	}
	return out
}

func mask(s string) string {
	r, _ := utf8.DecodeRuneInString(s)
	return string(r) + "***"
}

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
	if digits < 7 || digits > 15 || (longest < 3 && digits < 10) || yearSpanRe.MatchString(s) {
		return false
	}
	// Digits alone are an ID-like number, reported as such.
	return separated
}

func looksLikeID(s string) bool {
	digits := 0
	for _, r := range s {
		if r >= '0' && r <= '9' {
			digits++
		}
	}
	if digits == len(s) {
		return digits >= 6
	}
	return digits >= 4
}

type dateMatch struct {
	start, end int
	flag       bool // a likely date of birth
}

// findDates lists every full date (and, after a birth word, every day and month) with
// whether it should be reported. Dates that are not reported are still claimed, so that
// "2024-05-01" is never mistaken for a phone number.
func findDates(text string, today time.Time) []dateMatch {
	var out []dateMatch
	birthNear := func(start int) bool {
		from := max(0, start-40)
		return birthRe.MatchString(text[from:start])
	}
	consider := func(start, end, day, month int, year string) {
		if day < 1 || day > 31 || month < 1 || month > 12 {
			return
		}
		near := birthNear(start)
		if year == "" {
			out = append(out, dateMatch{start, end, near})
			return
		}
		y, _ := strconv.Atoi(year)
		if len(year) == 2 {
			// Two-digit years are only ever read as dates of birth after a birth word.
			out = append(out, dateMatch{start, end, near})
			return
		}
		age := today.Year() - y
		out = append(out, dateMatch{start, end, near || (age >= MinAgeForDateScreen && age <= 100)})
	}
	atoi := func(s string) int { n, _ := strconv.Atoi(s); return n }
	for _, m := range isoDateRe.FindAllStringSubmatchIndex(text, -1) {
		consider(m[0], m[1], atoi(text[m[6]:m[7]]), atoi(text[m[4]:m[5]]), text[m[2]:m[3]])
	}
	for _, m := range numDateRe.FindAllStringSubmatchIndex(text, -1) {
		if partOfLongerNumber(text, m[0], m[1]) {
			continue // 06.12.34.56.78 is a phone number, not a date
		}
		a, b := atoi(text[m[2]:m[3]]), atoi(text[m[4]:m[5]])
		day, month := a, b
		if b > 12 { // month first (US style)
			day, month = b, a
		}
		consider(m[0], m[1], day, month, text[m[6]:m[7]])
	}
	for _, m := range dmyRe.FindAllStringSubmatchIndex(text, -1) {
		year := ""
		if m[6] >= 0 {
			year = text[m[6]:m[7]]
		}
		consider(m[0], m[1], atoi(text[m[2]:m[3]]), monthNumber(text[m[4]:m[5]]), year)
	}
	for _, m := range mdyRe.FindAllStringSubmatchIndex(text, -1) {
		year := ""
		if m[6] >= 0 {
			year = text[m[6]:m[7]]
		}
		consider(m[0], m[1], atoi(text[m[4]:m[5]]), monthNumber(text[m[2]:m[3]]), year)
	}
	// Longest first, so "4 March 2001" is claimed before "March 2001" could be.
	sort.SliceStable(out, func(i, j int) bool { return out[i].end-out[i].start > out[j].end-out[j].start })
	var kept []dateMatch
	for _, d := range out {
		// A day and month without a year that no birth word precedes is not a date we care
		// about, and must not claim its digits either ("3 May" in "room 3 May block").
		if d.flag || isFullDate(text[d.start:d.end]) {
			kept = append(kept, d)
		}
	}
	return kept
}

// partOfLongerNumber reports whether text[start:end] continues, before or after, with a
// separator and another digit.
func partOfLongerNumber(text string, start, end int) bool {
	sep := func(b byte) bool { return b == '.' || b == '-' || b == '/' }
	digit := func(b byte) bool { return b >= '0' && b <= '9' }
	return (end+1 < len(text) && sep(text[end]) && digit(text[end+1])) ||
		(start >= 2 && sep(text[start-1]) && digit(text[start-2]))
}

func isFullDate(s string) bool {
	digits := 0
	for _, r := range s {
		if unicode.IsDigit(r) {
			digits++
		}
	}
	return digits >= 5
}

func monthNumber(s string) int {
	s = strings.ToLower(s)
	for i, m := range []string{"jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"} {
		if strings.HasPrefix(s, m) {
			return i + 1
		}
	}
	return 0
}

// TextField is one free-text field of a request, named by its JSON path.
type TextField struct {
	Path string
	Text string
}

// CheckIdentifiers applies the free-text rule every write that takes notes follows: when
// the screen finds likely identifiers in any field and the author has not acknowledged them,
// the write is refused with one "identifier_suspected" problem per field (nothing is
// written). When acknowledged, it returns the distinct kinds found, sorted, so the store
// can record in the audit trail that identifiers were acknowledged (kinds only, never text).
func CheckIdentifiers(acknowledged bool, today time.Time, fields ...TextField) ([]string, error) {
	var probs Problems
	kinds := map[string]bool{}
	for _, f := range fields {
		found := ScreenAt(f.Text, today)
		if len(found) == 0 {
			continue
		}
		var fk, excerpts []string
		for _, x := range found {
			kinds[x.Kind] = true
			if !contains(fk, x.Kind) {
				fk = append(fk, x.Kind)
			}
			excerpts = append(excerpts, x.Excerpt)
		}
		probs.Add(f.Path, "identifier_suspected", "may contain identifiers ("+strings.Join(fk, ", ")+": "+
			strings.Join(excerpts, ", ")+"); remove them, or confirm with acknowledge_identifiers: true")
	}
	if len(probs) > 0 && !acknowledged {
		return nil, probs.Err()
	}
	out := make([]string, 0, len(kinds))
	for k := range kinds {
		out = append(out, k)
	}
	sort.Strings(out)
	return out, nil
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}
