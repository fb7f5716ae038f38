package domain

import "unicode/utf8"

// idWords are the words that announce an identity or prison number (folded, lower case).
var idWords = wordSet(`passport passeport id identity identite nin nir cni insurance licence license
	prison prisoner inmate ecrou matricule detenu
	جواز الجواز جوازه هويه الهويه هويته السجين سجين`)

// spacedIDs reports an ID-like number written one character (or a few) at a time after
// a word for an identity or prison number: "passport X 1 2 3 4 5 6 7 8", "prison number
// A 4 8 2 9 1 7", "ID card 12 34 56 78". The number starts within four words of the
// keyword; its parts are digits (up to 4) or letters (one, or up to 3 capitals), parted
// by one space or one of - . /; together they must read as an ID-like number (6+
// characters, 4+ digits), and not be a run of years or a count (1 2 3 4 5 6 7).
func (s *screen) spacedIDs() {
	if !s.hasWord(idWords) {
		return
	}
	for i := 0; i < len(s.toks); i++ {
		if !idWords[s.toks[i].lower] {
			continue
		}
		for j := i + 1; j < len(s.toks) && j <= i+4; j++ {
			if !idPart(s.toks[j].text) {
				continue
			}
			k := j
			for k+1 < len(s.toks) && idPart(s.toks[k+1].text) && idGap(gap(s.text, s.toks, k+1)) {
				k++
			}
			if k > j && (s.announced(i, j) || !singleDigits(s.toks[j:k+1])) {
				s.spacedID(j, k)
			}
			// The next keyword is looked for after this run ("ID ID ID…" stays linear).
			i = k
			break
		}
	}
}

// numberWords name a number between its keyword and its digits ("prison number", "ID no.").
var numberWords = wordSet(`number no nr num numero n° # رقم`)

// announced reports whether the words between keyword i and token j only name a number
// ("passport 1 2 3…", "prisoner number 4 8 2…"): single digits anywhere later are more
// likely scores ("the prisoner scored 3 4 5 2 4 1", attack round 9b).
func (s *screen) announced(i, j int) bool {
	for _, t := range s.toks[i+1 : j] {
		if !numberWords[t.lower] {
			return false
		}
	}
	return true
}

// singleDigits reports whether every piece is one digit.
func singleDigits(ts []token) bool {
	for _, t := range ts {
		if !t.number || len(t.text) != 1 {
			return false
		}
	}
	return true
}

// spacedID reports tokens j..k as one ID-like number when together they read as one.
func (s *screen) spacedID(j, k int) {
	var joined []byte
	years, digits := true, true
	for _, p := range s.toks[j : k+1] {
		joined = append(joined, p.text...)
		years = years && p.number && len(p.text) == 4 && (p.text[:2] == "19" || p.text[:2] == "20")
		digits = digits && p.number
	}
	count := digits && counting(s.text[s.toks[j].start:s.toks[k].end])
	if len(joined) >= 6 && looksLikeID(string(joined)) && !years && !count {
		s.add(IdentIDNumber, s.toks[j].start, s.toks[k].end)
	}
}

// idPart reports a piece of a spaced-out ID-like number: up to 4 digits, one letter, or
// up to 3 capital letters (ASCII, as numbers are written).
func idPart(w string) bool {
	if w == "" || len(w) > 4 {
		return false
	}
	if isDigits(w) {
		return true
	}
	if utf8.RuneCountInString(w) == 1 {
		c := w[0]
		return ('a' <= c && c <= 'z') || ('A' <= c && c <= 'Z')
	}
	if len(w) > 3 {
		return false
	}
	for i := 0; i < len(w); i++ {
		if w[i] < 'A' || w[i] > 'Z' {
			return false
		}
	}
	return true
}

// idGap reports what may part the pieces of a spaced-out number: one space, or one of
// - . / with no space.
func idGap(g string) bool {
	return g == " " || g == "-" || g == "." || g == "/"
}
