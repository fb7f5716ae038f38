package domain

import (
	"path/filepath"
	"sort"
	"testing"
	"unicode/utf8"
)

// FuzzScreen holds the screen to its contract on any text: it never panics, folding is
// idempotent, the folded text maps back into the author's text, and every finding quotes
// the author's own bytes at its offsets. The seeds (every labelled note and the cases
// below) run in every `go test`; `go test ./domain -run '^$' -fuzz FuzzScreen` explores.
func FuzzScreen(f *testing.F) {
	files, _ := filepath.Glob("testdata/screening/*.tsv")
	for _, path := range files {
		for _, n := range readLabelledNotes(f, path) {
			f.Add(n.text, n.birthYear)
		}
	}
	for _, s := range []string{
		"", " ", "\x00", "\xff\xfe\xfd", "a\xc3", "\u200b\u200c\u200d\ufeff", "ﷺ", "ﷲ", "ﻻ", "ﬃ ﬁ", "①②③", "㈱",
		"Mr", "Mr.", "M.", "Me", "السيد", "أبو", "ابن", "عبد", "12 rue", "شارع", "born", "né le", "1/1/1",
		"9999-99-99", "+", "@", "a@b.c", "x (at) y (dot) z", "٠١٢٣٤٥٦٧٨٩", "０１２３", "𝟎𝟏𝟐𝟑", "Ｍｒ Ｈａｄｄａｄ",
		"\u0301\u0301e", "e\u0301", "ءآأؤإئ", "ـــمحمدـــ", "I\u0307stanbul", "ǅ", "ß", "İ", "Σ",
		"Мr Ѕmіth", "Привет Мr Ѕmіth", "Аоn x", "х ߀", "1•2", "1 ,2", "07700·900·123", "passport X 1 2 3 4 5 6", "prison 2019 2020 2021",
	} {
		f.Add(s, 0)
		f.Add(s, 1990)
	}
	f.Fuzz(func(t *testing.T, text string, birthYear int) {
		once := foldText(text)
		if twice := foldText(once.text); twice.text != once.text {
			t.Fatalf("fold is not idempotent: %q -> %q -> %q", text, once.text, twice.text)
		}
		if len(once.from) != len(once.text) || len(once.to) != len(once.text) {
			t.Fatalf("fold of %q maps %d/%d bytes of %d", text, len(once.from), len(once.to), len(once.text))
		}
		for i := range once.from {
			if once.from[i] < 0 || once.to[i] > len(text) || once.from[i] >= once.to[i] {
				t.Fatalf("fold of %q: byte %d maps to [%d,%d)", text, i, once.from[i], once.to[i])
			}
		}
		if utf8.ValidString(text) && !utf8.ValidString(once.text) {
			t.Fatalf("fold of valid %q is not valid UTF-8: %q", text, once.text)
		}
		found := Screen(text, birthYear)
		if !sort.SliceIsSorted(found, func(i, j int) bool { return found[i].Start < found[j].Start }) {
			t.Fatalf("findings out of order: %+v", found)
		}
		for _, x := range found {
			if kindLabel[x.Kind] == "" {
				t.Fatalf("unknown kind %q", x.Kind)
			}
			if x.Start < 0 || x.End > len(text) || x.Start >= x.End || text[x.Start:x.End] != x.Quote {
				t.Fatalf("%q: finding %+v does not quote the text", text, x)
			}
		}
	})
}
