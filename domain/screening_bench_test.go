package domain

import (
	"path/filepath"
	"strings"
	"testing"
)

// BenchmarkScreen screens a typical note, and notes of the longest size the API takes
// (8,000 characters): the labelled notes run together, and worst cases of dates and names.
func BenchmarkScreen(b *testing.B) {
	var notes []string
	files, _ := filepath.Glob("testdata/screening/*.tsv")
	for _, path := range files {
		for _, n := range readLabelledNotes(b, path) {
			notes = append(notes, n.text)
		}
	}
	cut := func(s string) string {
		r := []rune(s)
		return string(r[:min(len(r), 8000)])
	}
	for _, c := range []struct{ name, text string }{
		{"short", "Session lasted 60 minutes. He spoke about his time in custody since 2019, the appeal hearing of 12 March 2024 and " +
			"his hopes for release; reflective and engaged, completed the worksheet on perspective taking with the imam present."},
		{"notes", cut(strings.Join(notes, " "))},
		{"dates", cut(strings.Repeat("né le 1/1/1990 ", 600))},
		{"names", cut(strings.Repeat("Mr Ahmed bin Ali al-Hashimi and his son Will ", 200))},
		{"arabic", cut(strings.Repeat("السيد عبد الرحمن بن علي شارع الحرية رقم 12 ", 200))},
	} {
		b.Run(c.name, func(b *testing.B) {
			b.SetBytes(int64(len(c.text)))
			for b.Loop() {
				Screen(c.text, 1990)
			}
		})
	}
}
