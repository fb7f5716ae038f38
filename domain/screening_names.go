package domain

import (
	"strings"
)

// nameMatch is a listed name found at a token: how many words, and its class.
type nameMatch struct {
	words int
	class nameClass
}

// listedName finds the longest listed name starting at token i. An Arabic word may carry a
// joined one-letter word (وأحمد "and Ahmed", لمحمد "for Mohamed").
func (s *screen) listedName(i int) (nameMatch, bool) {
	t := s.toks[i]
	first := t.lower
	if _, ok := givenNames.longest[first]; !ok && t.arabic {
		if w, ok := withoutClitic(first); ok {
			first = w
		}
	}
	most := givenNames.longest[first]
	for n := min(most, len(s.toks)-i); n >= 1; n-- {
		words := []string{first}
		ok := true
		for k := 1; k < n; k++ {
			if !joined(gap(s.text, s.toks, i+k)) {
				ok = false
				break
			}
			words = append(words, s.toks[i+k].lower)
		}
		if !ok {
			continue
		}
		if c, found := givenNames.names[strings.Join(words, " ")]; found {
			return nameMatch{words: n, class: c}, true
		}
	}
	return nameMatch{}, false
}

// phraseAt reports the length in words of a phrase of set starting at token i, or 0.
func (s *screen) phraseAt(set map[string]bool, i, most int) int {
	var words []string
	best := 0
	for k := 0; k < most && i+k < len(s.toks); k++ {
		if k > 0 && !joined(gap(s.text, s.toks, i+k)) {
			break
		}
		words = append(words, s.toks[i+k].lower)
		if set[strings.Join(words, " ")] {
			best = k + 1
		}
	}
	return best
}

// prev returns token i-1 when it belongs to the same clause as token i.
func (s *screen) prev(i int) (token, bool) {
	if i == 0 || !loosely(gap(s.text, s.toks, i)) {
		return token{}, false
	}
	return s.toks[i-1], true
}

func inSet(set map[string]bool, t token) bool {
	if set[t.lower] {
		return true
	}
	if t.arabic {
		if w, ok := withoutClitic(t.lower); ok {
			return set[w]
		}
	}
	return false
}

// kinBefore: a kinship or naming word just before token i.
func (s *screen) kinBefore(i int) bool {
	p, ok := s.prev(i)
	if !ok {
		return false
	}
	if inSet(kinWords, p) || inSet(namingWords, p) {
		return true
	}
	// An Arabic adjective may stand between: صديقه المقرب رياض، ابنه الأكبر محمد.
	if p.arabic && hasArticle(p.lower) && i >= 2 {
		if pp, ok := s.prev(i - 1); ok && inSet(kinWords, pp) {
			return true
		}
	}
	if i >= 2 && joined(gap(s.text, s.toks, i-1)) {
		return namingPairs[s.toks[i-2].lower+"_"+p.lower]
	}
	return false
}

// religiousContext: the name at token i (n words) is a prophet's or companion's, by the
// word before it or the blessing after it.
func (s *screen) religiousContext(i, n int) bool {
	if p, ok := s.prev(i); ok {
		if inSet(religiousBefore, p) {
			return true
		}
		// "the Prophet Yusuf", "le prophète Moussa", "l'histoire de Yusuf"
		if (p.lower == "the" || p.lower == "le" || p.lower == "l" || p.lower == "de" || p.lower == "of") && i >= 2 {
			if pp, ok := s.prev(i - 1); ok && inSet(religiousBefore, pp) {
				return true
			}
		}
	}
	next := i + n
	if next >= len(s.toks) {
		return false
	}
	g := gap(s.text, s.toks, next)
	if !loosely(g) {
		return false
	}
	bracket := strings.Contains(g, "(")
	for _, h := range honorificWords {
		if s.wordsAt(next, h) {
			return true
		}
	}
	if bracket || s.toks[next].lower == "pbuh" || s.toks[next].lower == "saws" {
		return bracketHonorifics[s.toks[next].lower]
	}
	return false
}

// religiousChain: the name at token i follows a figure's name and "and" (the prophets
// Musa and Isa; النبي موسى وعيسى), so it is a figure too.
func (s *screen) religiousChain(i int, figure []bool) bool {
	t := s.toks[i]
	if t.arabic && i >= 1 && figure[i-1] && loosely(gap(s.text, s.toks, i)) && strings.HasPrefix(t.lower, "و") {
		return true
	}
	for back := 2; back <= 3 && i >= back; back++ {
		if !figure[i-back] {
			continue
		}
		conj := s.toks[i-back+1].lower
		if conj != "and" && conj != "or" && conj != "et" && conj != "ou" && conj != "او" {
			continue
		}
		if back == 3 && !stopWords[s.toks[i-1].lower] { // "Moïse et de Mohamed", "Moses and the…"
			continue
		}
		return true
	}
	return false
}

// wordsAt reports whether the tokens from i on are words (folded already).
func (s *screen) wordsAt(i int, words []string) bool {
	for k, w := range words {
		if i+k >= len(s.toks) || s.toks[i+k].lower != w {
			return false
		}
		if k > 0 && !joined(gap(s.text, s.toks, i+k)) {
			return false
		}
	}
	return true
}

// surnameLike: a capitalised Latin word that is no function word, month or day, nor a
// word that names an institution or service ("Officer Safety Training", "Hope House").
func surnameLike(t token) bool {
	return t.capital && !t.arabic && !t.number && len(t.lower) >= 2 && !stopWords[t.lower] && !institutionWords[t.lower]
}

// titleAt recognises a title at token j and reports whether token j+1 (the next word, after
// at most a dot) is a name by the title's rule.
func (s *screen) titleAt(j int) bool {
	if j+1 >= len(s.toks) {
		return false
	}
	t, next := s.toks[j], s.toks[j+1]
	g := gap(s.text, s.toks, j+1)
	dot := strings.HasPrefix(g, ".")
	if !(joined(g) || (dot && joined(" "+g[1:]))) || g == "-" {
		return false
	}
	// A listed name after a title counts in any case when it is only a name ("mr haddad",
	// "sheikh omar"), and capitalised when it is also a word ("Officer Will", not "the
	// officer will"). Arabic has no capitals: any listed name counts.
	listed := false
	if m, ok := s.listedName(j + 1); ok && !s.religiousContext(j+1, m.words) {
		listed = m.class == namePlain || next.capital || next.arabic
	}
	if s.phraseAt(notNames, j, 4) > 0 || s.religiousContext(j+1, 1) {
		return false // "Abu Dhabi", "Sheikh al-Islam", "السيدة مريم عليها السلام"
	}
	switch {
	case t.arabic:
		w := t.lower
		if w2, ok := withoutClitic(w); ok && !arabicCourtesyTitles[w] && !arabicRoleTitles[w] && !arabicKunyas[w] {
			w = w2
		}
		nextOK := next.arabic && !next.number && !stopWords[next.lower] && len([]rune(next.lower)) >= 2
		switch {
		case arabicCourtesyTitles[w]:
			return listed || (nextOK && (!hasArticle(next.lower) || strings.HasSuffix(next.lower, "ي")))
		case arabicKunyas[w]:
			if w == "ام" {
				return listed // أم is also "or"
			}
			return listed || nextOK // أبو قتادة، أبو الليث
		case arabicRoleTitles[w]:
			return listed || next.lower == "عبد" || arabicKunyas[next.lower]
		}
		return false
	case t.lower == "m" && t.text == "M" && dot, t.lower == "mm" && t.text == "MM" && dot:
		return surnameLike(next)
	case t.text == "Me":
		// Maître, a lawyer's title in French; "me" is also English.
		return surnameLike(next) && !givenNames.isWord(next)
	case courtesyTitles[t.lower]:
		if t.lower == "ms" && !t.capital {
			return listed
		}
		// A lowercase family name counts after a lowercase title ("mr haddad"): whoever
		// capitalises the title capitalises the name too.
		return listed || surnameLike(next) || (!t.capital && !next.arabic && !next.number && len(next.lower) >= 2 &&
			!stopWords[next.lower] && !institutionWords[next.lower])
	case politeTitles[t.lower], roleTitles[t.lower], kunyas[t.lower]:
		if connectors[next.lower] && !next.arabic && j+2 < len(s.toks) && joined(gap(s.text, s.toks, j+2)) {
			return surnameLike(s.toks[j+2]) // "Sheikh al-Hashimi", "Imam el Amin"
		}
		return listed || surnameLike(next)
	case t.text == "Miss":
		return listed || surnameLike(next)
	}
	return false
}

// isWord reports a listed name that reads first as a word ("=").
func (l nameList) isWord(t token) bool {
	c, ok := l.names[t.lower]
	return ok && c == nameWordFirst
}

// names finds personal names: after titles and kunyas, and listed given names by the rules
// of their class. A found name is quoted with its title and the words that continue it (a
// family name, "bin Ali", a nisba).
func (s *screen) names() {
	n := len(s.toks)
	flagged := make([]bool, n)
	strong := make([]bool, n) // a name on its own merits, which lends context to neighbours
	cand := make([]nameMatch, n)
	has := make([]bool, n)
	skip := make([]bool, n)

	for i := 0; i < n; i++ {
		if k := s.phraseAt(notNames, i, 5); k > 0 {
			for x := i; x < i+k; x++ {
				skip[x] = true
			}
			i += k - 1
		}
	}
	// The word after "Prophet", "Surah", "the stories of"… is a figure even when unlisted
	// (Moses), so that a listed name joined to it by "and" is one too.
	for i := 0; i+1 < n; i++ {
		if inSet(religiousBefore, s.toks[i]) || s.toks[i].lower == "stories" {
			k := i + 1
			if k+1 < n && (s.toks[k].lower == "of" || s.toks[k].lower == "the" || s.toks[k].lower == "de" || s.toks[k].lower == "le" || s.toks[k].lower == "l") {
				k++
			}
			if loosely(gap(s.text, s.toks, k)) {
				skip[k] = true
			}
		}
	}
	for i := 0; i < n; i++ {
		if skip[i] || s.tokenTaken(i) {
			continue
		}
		m, ok := s.listedName(i)
		if !ok {
			continue
		}
		if s.religiousContext(i, m.words) || s.religiousChain(i, skip) ||
			(i+m.words < n && s.phraseAt(notNames, i+m.words, 4) > 0 && joined(gap(s.text, s.toks, i+m.words))) {
			for x := i; x < i+m.words; x++ {
				skip[x] = true
			}
			continue
		}
		cand[i], has[i] = m, true
		t := s.toks[i]
		if q := i + m.words; m.class != namePlain && q < n && s.toks[q].capital && institutionWords[s.toks[q].lower] {
			has[i] = false // "Hope House", "Grace Church"
			continue
		}
		switch {
		case t.arabic:
			strong[i] = m.class == namePlain && !s.arabicNameIsWord(i)
		case m.class == namePlain:
			strong[i] = true
		case m.class == nameCapital:
			strong[i] = t.capital
		case m.class == nameInSentence:
			strong[i] = t.capital && !t.sentenceStart
		}
	}
	// Kinship and naming words: a capitalised Latin word after one is a name even when
	// unlisted ("his friend Tamsin", "son ami Kylian").
	for i := 1; i < n; i++ {
		t := s.toks[i]
		if !has[i] && !skip[i] && surnameLike(t) && !t.sentenceStart && s.kinBefore(i) && !s.tokenTaken(i) {
			flagged[i] = true
			strong[i] = true
		}
	}
	// Titles: the word after one is a name by the title's rule.
	for j := 0; j+1 < n; j++ {
		if skip[j+1] || s.tokenTaken(j) || s.tokenTaken(j+1) {
			continue
		}
		if s.titleAt(j) {
			flagged[j], flagged[j+1] = true, true
			strong[j+1] = true
			if m, ok := s.listedName(j + 1); ok {
				for x := j + 1; x < j+1+m.words; x++ {
					flagged[x] = true
				}
			}
		}
	}
	// Listed names: on their own merits, or by their neighbours.
	for i := 0; i < n; i++ {
		if !has[i] || flagged[i] {
			continue
		}
		m := cand[i]
		t := s.toks[i]
		ok := strong[i] || s.kinBefore(i)
		// A name that is also a word is lowercase here: only a title or kinship word
		// makes it a name ("his daughter grace"), not a neighbour ("he said Hope").
		if !ok && (t.arabic || t.capital) {
			// Next to a name that stands on its own: "Will Hassan", "حسن محمد".
			if p := i - 1; p >= 0 && strong[p] && joined(gap(s.text, s.toks, i)) {
				ok = true
			}
			if q := i + m.words; q < n && strong[q] && joined(gap(s.text, s.toks, q)) {
				ok = true
			}
		}
		if !ok && !t.arabic && m.class != nameWordFirst && t.capital {
			// "Will Smith", "Grace Okafor": a capitalised word after a capitalised name.
			if q := i + m.words; q < n && joined(gap(s.text, s.toks, q)) && surnameLike(s.toks[q]) && !has[q] {
				ok = true
			}
		}
		if ok {
			for x := i; x < i+m.words; x++ {
				flagged[x] = true
			}
			strong[i] = true
		}
	}
	// Quote each run of flagged words with what continues it.
	for i := 0; i < n; i++ {
		if !flagged[i] {
			continue
		}
		j := i
		for j+1 < n && joinedOrDot(gap(s.text, s.toks, j+1)) && !skip[j+1] {
			if flagged[j+1] || has[j+1] || s.continuesName(j+1) {
				j++
				continue
			}
			if connectors[s.toks[j+1].lower] && j+2 < n && joined(gap(s.text, s.toks, j+2)) && !stopWords[s.toks[j+2].lower] {
				j += 2
				continue
			}
			break
		}
		s.add(IdentName, s.toks[i].start, s.toks[j].end)
		i = j
	}
}

func joinedOrDot(g string) bool {
	return joined(g) || (strings.HasPrefix(g, ".") && joined(" "+g[1:]))
}

// connectors join the parts of a name: "bin Ali", "ould Ahmed", "عبد الرحمن", "بن علي".
var connectors = wordSet("bin ben ibn bint ould el al abd abdel abdul bou بن ابن بنت ولد عبد أبو")

// continuesName: token i carries on the name before it — a capitalised family name, or an
// Arabic family name with the article and the ending of a nisba (الكبيسي, التونسي).
func (s *screen) continuesName(i int) bool {
	t := s.toks[i]
	if t.arabic {
		return hasArticle(t.lower) && strings.HasSuffix(t.lower, "ي") && !stopWords[t.lower]
	}
	return surnameLike(t) && !connectors[t.lower]
}

// arabicNameIsWord catches the plain Arabic names that are also common words in a
// particular position: علي before a word with the article reads as the preposition "on"
// (often written so), and any name right after في ("in", as in في عمر 17 "at the age of 17").
func (s *screen) arabicNameIsWord(i int) bool {
	t := s.toks[i]
	if t.lower == "علي" && i+1 < len(s.toks) && (hasArticle(s.toks[i+1].lower) || s.toks[i+1].lower == "ان") {
		return true
	}
	if p, ok := s.prev(i); ok && p.lower == "في" {
		return true
	}
	if i+1 < len(s.toks) && (s.toks[i+1].number || s.toks[i+1].lower == "الله") {
		return true // في عمر 17؛ أحمد الله ("I praise God")
	}
	return false
}
