package domain

import (
	"regexp"
	"strings"
)

// Street addresses in English and French, on the folded text (accents dropped). A street's
// own name must start with a capital, so "3 years on the road" or "2 cours de français"
// are not addresses.
var (
	enStreetTypes = `street|st|road|rd|avenue|ave|lane|ln|drive|dr|close|way|crescent|cres|court|ct|place|terrace|` +
		`square|sq|boulevard|blvd|gardens|grove|hill|park|row|mews|walk|parade|rise|view|highway|hwy`
	// "12 Acacia Avenue", "Flat 3, 27 Kings Road", "14-16 St Mary's Close"
	enNumberedStreetRe = regexp.MustCompile(`\b(?:(?i:flat|apt|apartment|unit)\s+\d+[A-Za-z]?,?\s+)?\d{1,5}[A-Za-z]?(?:\s*[-/]\s*\d{1,5})?,?\s+` +
		`(?:[A-Z][A-Za-z'’.-]*\s+){1,4}(?i:` + enStreetTypes + `)\b\.?`)
	// "lives on Acacia Avenue", "moved to Kings Road": a named street after a word for living there.
	enLivingStreetRe = regexp.MustCompile(`(?i:\b(?:lives|live|living|lived|moved|moving|move|address|resides|residing|reside|staying|stays|rents|renting|house|home|flat)\b)` +
		`[^.\n]{0,25}?\b((?:[A-Z][A-Za-z'’-]+\s+){1,3}(?:Street|Road|Avenue|Lane|Drive|Crescent|Close|Terrace|Gardens|Grove|Boulevard|Way|Mews|Place|Square|Court))\b`)
	enStreetWords = wordSet(strings.ReplaceAll(enStreetTypes, "|", " "))
	ukPostcodeRe  = regexp.MustCompile(`\b[A-Z]{1,2}\d[A-Z\d]?\s?\d[ABD-HJLNP-UW-Z]{2}\b`)
	poBoxRe       = regexp.MustCompile(`(?i)\b(?:p\.?\s?o\.?\s*box|b\.?p\.?|boite\s+postale)\s*\d{1,6}\b`)

	frStreetTypes = `rue|avenue|av|bd|boulevard|place|impasse|imp|allee|allees|chemin|route|rte|quai|square|passage|` +
		`residence|cite|lotissement|rond-point|sentier|faubourg|fbg|hameau|parvis|promenade|esplanade|chaussee`
	frStreetWords = wordSet(strings.ReplaceAll(frStreetTypes, "|", " ") + " rue avenue boulevard impasse allee quai chemin place residence cite faubourg square lotissement hameau")
	frArticles    = `(?:(?:de|du|des|d|la|le|les|l)\s*['’]?\s*){0,2}`
	// "12 rue des Lilas", "3 bis avenue Jean Jaurès", "27, boulevard de la République"
	frNumberedStreetRe = regexp.MustCompile(`(?i)\b\d{1,4}(?:\s?(?:bis|ter))?,?\s+(?:` + frStreetTypes + `)\b\.?\s+` + frArticles +
		`(?-i:[A-Z0-9])[\p{L}\d'’-]*(?:\s+(?-i:[A-Z])[\p{L}'’-]*){0,3}`)
	// "rue Victor Hugo", "résidence Les Tilleuls", "cité des Fleurs" (not "à la rue")
	frStreetRe = regexp.MustCompile(`(?i)\b(?:rue|avenue|boulevard|impasse|allee|quai|chemin|place|residence|cite|faubourg|square|lotissement|hameau)\s+` +
		frArticles + `(?-i:[A-Z])[\p{L}'’-]+(?:\s+(?-i:[A-Z])[\p{L}'’-]+){0,3}`)
	// "75011 Paris", "93200 Saint-Denis"
	frPostcodeRe = regexp.MustCompile(`\b\d{5}\s+[A-Z][\p{L}'’]+(?:[\s-][A-Z][\p{L}'’]+){0,3}\b`)
)

var (
	// "in 2019 Leeds Crown Court": a year is not a house number, and a court is no one's home.
	yearNumberRe = regexp.MustCompile(`^(?:19|20)\d\d\b`)
	courtRe      = regexp.MustCompile(`(?i)\b(?:crown|magistrates'?|county|youth|high|supreme|family|appeal|coroner'?s?|criminal|sheriff|royal)\s+court$`)
	// "mise en place du SPIP" is not the square "place du SPIP".
	inPlaceRe = regexp.MustCompile(`(?i)\ben\s+$`)
)

// notAnAddress filters what the address patterns take that is not one.
func notAnAddress(text string, start, end int) bool {
	m := strings.TrimRight(text[start:end], " ,.")
	if yearNumberRe.MatchString(m) || courtRe.MatchString(m) {
		return true
	}
	return strings.HasPrefix(strings.ToLower(m), "place") && inPlaceRe.MatchString(text[:start])
}

// Arabic street words, written without the article (with it, الشارع is "the street").
var (
	arabicStreets   = wordSet("شارع زنقة نهج درب زقاق جادة")
	arabicBuildings = wordSet("عمارة شقة منزل بيت فيلا بناية مبنى")
	arabicPOBox     = phraseSet("ص ب|صندوق بريد")
)

func (s *screen) places() {
	res := []*regexp.Regexp{poBoxRe, ukPostcodeRe, frPostcodeRe}
	en, fr := s.hasWord(enStreetWords), s.hasWord(frStreetWords)
	if en {
		res = append(res, enNumberedStreetRe)
	}
	if fr {
		res = append(res, frNumberedStreetRe, frStreetRe)
	}
	for _, re := range res {
		for _, m := range re.FindAllStringIndex(s.text, -1) {
			if notAnAddress(s.text, m[0], m[1]) {
				continue
			}
			end := m[1]
			for end > m[0] && strings.ContainsRune(" ,.", rune(s.text[end-1])) {
				end--
			}
			s.add(IdentAddress, m[0], end)
		}
	}
	if en {
		for _, m := range enLivingStreetRe.FindAllStringSubmatchIndex(s.text, -1) {
			s.add(IdentAddress, m[2], m[3])
		}
	}
	s.arabicPlaces()
}

// arabicPlaces finds Arabic addresses word by word: a street word and the street's name
// (شارع الحرية، زنقة 12، نهج محمد الخامس), a neighbourhood (حي السلام، حي 500 مسكن), a
// building or flat with its number (عمارة 5، شقة رقم 12), a post-office box; with a house
// number before or "رقم" and a number after.
func (s *screen) arabicPlaces() {
	n := len(s.toks)
	wordOK := func(j int) bool {
		return j < n && joined(gap(s.text, s.toks, j)) && !stopWords[s.toks[j].lower] &&
			(s.toks[j].arabic || s.toks[j].number)
	}
	numberAt := func(j int) int { // the end token of a number at j ("12", "رقم 12"), or -1
		if j < n && s.toks[j].number && loosely(gap(s.text, s.toks, j)) {
			return j
		}
		if j+1 < n && s.toks[j].lower == "رقم" && loosely(gap(s.text, s.toks, j)) && s.toks[j+1].number {
			return j + 1
		}
		return -1
	}
	for i := 0; i < n; i++ {
		t := s.toks[i]
		if !t.arabic {
			continue
		}
		last := -1
		switch {
		case inSet(arabicStreets, t) && wordOK(i+1):
			last = i + 1
			if wordOK(last+1) && (hasArticle(s.toks[last+1].lower) || s.toks[last+1].number) {
				last++
			}
		case t.lower == "حي" && wordOK(i+1) && (hasArticle(s.toks[i+1].lower) || s.toks[i+1].number):
			last = i + 1
			if wordOK(last+1) && !hasArticle(s.toks[last+1].lower) && s.toks[i+1].number {
				last++ // حي 500 مسكن
			}
		case inSet(arabicBuildings, t):
			last = numberAt(i + 1)
		case s.phraseAt(arabicPOBox, i, 2) > 0:
			last = numberAt(i + s.phraseAt(arabicPOBox, i, 2))
		}
		if last < 0 {
			continue
		}
		for {
			if k := numberAt(last + 1); k > 0 {
				last = k
				continue
			}
			if last+1 < n && loosely(gap(s.text, s.toks, last+1)) && (inSet(arabicStreets, s.toks[last+1]) || inSet(arabicBuildings, s.toks[last+1])) {
				if k := numberAt(last + 2); k > 0 {
					last = k
					continue
				}
				if inSet(arabicStreets, s.toks[last+1]) && wordOK(last+2) {
					last += 2
					continue
				}
			}
			break
		}
		first := i
		if i > 0 && s.toks[i-1].number && loosely(gap(s.text, s.toks, i)) {
			first = i - 1
		}
		s.add(IdentAddress, s.toks[first].start, s.toks[last].end)
		i = last
	}
}
