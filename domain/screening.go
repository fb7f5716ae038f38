package domain

import (
	"regexp"
	"sort"
	"strings"
)

// Identifier kinds the free-text screen reports.
const (
	IdentEmail       = "email"
	IdentPhone       = "phone"
	IdentIDNumber    = "id_number"
	IdentDateOfBirth = "date_of_birth"
	IdentName        = "name"
	IdentAddress     = "address"
	IdentHandle      = "online_handle"
)

// Finding is one likely identifier in a free text. Quote is the author's own text that was
// flagged (text[Start:End], byte offsets), so the author can judge it. A finding goes back
// only to the author of the text, in the refusal of their own write: it is never logged,
// audited or stored (the audit trail records the kinds of acknowledged findings only).
type Finding struct {
	Kind       string
	Quote      string
	Start, End int
}

// screen is one run of the screen over one text.
type screen struct {
	orig       string
	f          folded
	text       string // folded
	toks       []token
	taken      []bool // folded bytes already reported (or known to be a date)
	birthYears []int
	out        []Finding
}

// Screen looks for likely identifiers in a free text about participants born in
// birthYears (their recorded birth years; none when the text concerns no one case).
//
// The text is read through foldText first (Unicode compatibility forms, zero-width and
// format characters, accents, digits of every script), then, in this order, each part
// of the text reported once:
//   - e-mail addresses (also written "name (at) host (dot) org");
//   - online handles: an @name (Telegram, X, Instagram…) and a profile's address on a
//     social network (t.me/name, instagram.com/name);
//   - dates of birth: a date with a day, a month and a year, a day and month, or a month
//     and year, in English, French or Arabic (Gregorian, Levantine, Maghrebi or Hijri
//     month names, or digits), when a word for birth stands near it (born, DOB, né/née,
//     date de naissance, مواليد, تاريخ الميلاد, ولد…) or its year is a birth year of
//     the case. Other dates (hearings, sentences, releases) are left alone, and so is a
//     year alone ("born in 1985"): it is the coarse birth year the case keeps anyway;
//   - street addresses: a number and a street (12 Acacia Avenue, 3 bis rue des Lilas,
//     شارع الحرية رقم 12), a named street after a word for living somewhere, a postcode
//     with its town (75011 Paris, SW1A 1AA), a post-office box;
//   - phone numbers: 7 to 15 digits written with a leading + or with separators (spaces,
//     brackets, any dash, . / and other punctuation such as · • _, or , ; 、 written tight
//     between digits: screening_phones.go), with a group of 3+ digits unless there are 10
//     or more (06.12.34.56.78), and not a span of years (2019-2021), a numbered text (loi
//     2016-987), an amount in thousands (1,500,000) or a count (1,2,3,…,10);
//   - ID-like numbers: words of 6+ letters and digits with 4+ digits, or 6+ digits, also
//     spelled out in single characters after a word such as passport or prison
//     ("passport X 1 2 3 4 5 6 7 8": screening_spaced_ids.go);
//   - names (screening_names.go): the word after a title (Mr, Mrs, M., Mme, Me, Monsieur,
//     Dr, Sheikh, Imam, السيد، الشيخ…) or a kunya (Abu, Umm, أبو); given names from the
//     lists in domain/screening, by the rules of their class; any name after a kinship
//     word ("daughter Aisha", "son frère Karim", "ابنته مريم") or "named".
func Screen(text string, birthYears ...int) []Finding {
	f := foldText(text)
	s := &screen{orig: text, f: f, text: f.text, taken: make([]bool, len(f.text)), birthYears: birthYears}
	s.toks = tokenize(f.text)
	s.emails()
	s.handles()
	s.dates()
	s.places()
	s.groupedIDs()
	s.phones()
	s.idNumbers()
	s.spacedIDs()
	s.names()
	sort.SliceStable(s.out, func(i, j int) bool { return s.out[i].Start < s.out[j].Start })
	return s.out
}

// claim marks folded bytes [start, end) as reported, unless some are already.
func (s *screen) claim(start, end int) bool {
	if start < 0 || end > len(s.taken) || start >= end {
		return false
	}
	for i := start; i < end; i++ {
		if s.taken[i] {
			return false
		}
	}
	for i := start; i < end; i++ {
		s.taken[i] = true
	}
	return true
}

func (s *screen) tokenTaken(i int) bool {
	t := s.toks[i]
	for b := t.start; b < t.end; b++ {
		if s.taken[b] {
			return true
		}
	}
	return false
}

// add reports folded bytes [start, end) as a finding of kind, when not already reported.
func (s *screen) add(kind string, start, end int) {
	if !s.claim(start, end) {
		return
	}
	q, a, b := s.f.quote(s.orig, start, end)
	s.out = append(s.out, Finding{Kind: kind, Quote: q, Start: a, End: b})
}

var (
	emailRe = regexp.MustCompile(`[\p{L}\p{N}._%+\-]+@[\p{L}\p{N}\-]+(?:\.[\p{L}\p{N}\-]+)*\.\p{L}{2,}`)
	// "karim.b (at) example (dot) org", "karim.b [at] example.org"
	spelledEmailRe = regexp.MustCompile(`(?i)[\p{L}\p{N}._%+\-]+\s*[(\[]\s*at\s*[)\]]\s*[\p{L}\p{N}\-]+(?:\s*(?:\.|[(\[]\s*dot\s*[)\]])\s*[\p{L}\p{N}\-]+)+`)
	// A run of digits with the separators phone numbers are written with (others are
	// read as "-" first: phoneView); filtered by looksLikePhone.
	phoneRe = regexp.MustCompile(`(?:\+|\b)\(?\d[\d ().\-/]*\d\b`)
	tokenRe = regexp.MustCompile(`\b[A-Za-z0-9]{6,}\b`)
	// Numbers written in groups: a UK National Insurance number (QQ 12 34 56 C), a French
	// social security number (1 85 03 75 123 456 78).
	groupedIDRe = regexp.MustCompile(`\b(?:[A-Z]{2}\s?\d{2}\s?\d{2}\s?\d{2}\s?[A-D]|` +
		`[12]\s?\d{2}\s?(?:0[1-9]|1[0-2]|[2-9]\d)\s?(?:\d{2}|2[AB])\s?\d{3}\s?\d{3}(?:\s?\d{2})?)\b`)
	// A national phone number written without separators: 0612345678.
	barePhoneRe = regexp.MustCompile(`^0[1-9]\d{8}$`)
	yearSpanRe  = regexp.MustCompile(`^(?:19|20)\d\d(?:\s*[-/ ]\s*(?:19|20)\d\d)+$`)
	// "2016-987", "2023/1456": a year and a number, as laws, files and cases are numbered.
	numberedRe = regexp.MustCompile(`^(?:19|20)\d\d\s*[-/]\s*\d{1,6}$`)
)

func (s *screen) emails() {
	for _, re := range []*regexp.Regexp{emailRe, spelledEmailRe} {
		for _, m := range re.FindAllStringIndex(s.text, -1) {
			s.add(IdentEmail, m[0], m[1])
		}
	}
}

func (s *screen) idNumbers() {
	for _, m := range tokenRe.FindAllStringIndex(s.text, -1) {
		switch w := s.text[m[0]:m[1]]; {
		case barePhoneRe.MatchString(w):
			s.add(IdentPhone, m[0], m[1])
		case looksLikeID(w):
			s.add(IdentIDNumber, m[0], m[1])
		}
	}
}

func (s *screen) groupedIDs() {
	for _, m := range groupedIDRe.FindAllStringIndex(s.text, -1) {
		s.add(IdentIDNumber, m[0], m[1])
	}
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

// TextField is one free-text field of a request, named by its JSON path.
type TextField struct {
	Path string
	Text string
}

// CheckIdentifiers applies the free-text rule every write that takes notes follows: when
// the screen finds likely identifiers in any field and the author has not acknowledged them,
// the write is refused with one "identifier_suspected" problem per field, which quotes what
// was found (nothing is written). When acknowledged, it returns the distinct kinds found,
// sorted, so the store can record in the audit trail that identifiers were acknowledged
// (kinds only, never text). birthYears are the recorded birth years of the participants
// the texts are about (a full date in one of those years reads as a date of birth).
func CheckIdentifiers(acknowledged bool, birthYears []int, fields ...TextField) ([]string, error) {
	var probs Problems
	kinds := map[string]bool{}
	for _, f := range fields {
		found := Screen(f.Text, birthYears...)
		if len(found) == 0 {
			continue
		}
		var parts []string
		for _, x := range found {
			kinds[x.Kind] = true
			parts = append(parts, kindLabel[x.Kind]+" “"+x.Quote+"”")
		}
		probs = append(probs, FieldProblem{Field: f.Path, Reason: "identifier_suspected",
			Detail:   "may contain identifiers (" + strings.Join(parts, ", ") + "); remove them, or confirm with acknowledge_identifiers: true",
			Findings: found})
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

var kindLabel = map[string]string{
	IdentEmail: "email", IdentPhone: "phone", IdentIDNumber: "ID number", IdentDateOfBirth: "date of birth",
	IdentName: "name", IdentAddress: "address", IdentHandle: "online handle",
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}
