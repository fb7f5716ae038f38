package domain

// HasDirectionControl reports whether s holds a Unicode embedding, override or isolate
// control (U+202A–U+202E, U+2066–U+2069). In a name shown outside the app's own isolation
// (a spreadsheet opening the statistics CSV, a printed list) they reorder what follows them,
// so one facility's name can be made to read as another's. The marks U+200E and U+200F,
// which Arabic and Hebrew text legitimately needs, are not controls of this kind.
func HasDirectionControl(s string) bool {
	for _, r := range s {
		if (r >= '\u202a' && r <= '\u202e') || (r >= '\u2066' && r <= '\u2069') {
			return true
		}
	}
	return false
}
