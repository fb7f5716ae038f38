package domain

import (
	"bufio"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
)

// labelledNote is one line of testdata/screening/*.tsv (see its README.md).
type labelledNote struct {
	line      int
	kinds     []string // nil for a clean note
	birthYear int
	text      string
}

func readLabelledNotes(t testing.TB, path string) []labelledNote {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var out []labelledNote
	sc := bufio.NewScanner(f)
	for n := 1; sc.Scan(); n++ {
		line := sc.Text()
		if strings.TrimSpace(line) == "" || strings.HasPrefix(line, "#") {
			continue
		}
		cols := strings.SplitN(line, "\t", 3)
		if len(cols) != 3 {
			t.Fatalf("%s:%d: want 3 tab-separated columns", path, n)
		}
		note := labelledNote{line: n, text: cols[2]}
		if cols[1] != "-" {
			if note.birthYear, err = strconv.Atoi(cols[1]); err != nil {
				t.Fatalf("%s:%d: birth year %q", path, n, cols[1])
			}
		}
		if cols[0] != "clean" {
			note.kinds = strings.Split(cols[0], ",")
			for _, k := range note.kinds {
				if kindLabel[k] == "" {
					t.Fatalf("%s:%d: unknown kind %q", path, n, k)
				}
			}
		}
		out = append(out, note)
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	return out
}

// The screen's target on the labelled notes of each language: at least 90% of the
// identifying notes caught (a finding of one of the note's kinds), at most 10% of the
// clean notes stopped. The figures are printed; -v lists every miss and false alarm.
func TestScreenLabelledNotes(t *testing.T) {
	files, _ := filepath.Glob("testdata/screening/*.tsv")
	if len(files) != 3 {
		t.Fatalf("want en, fr and ar notes, found %v", files)
	}
	for _, path := range files {
		lang := strings.TrimSuffix(filepath.Base(path), ".tsv")
		notes := readLabelledNotes(t, path)
		var ident, caught, clean, stopped int
		for _, n := range notes {
			var years []int
			if n.birthYear != 0 {
				years = []int{n.birthYear}
			}
			found := Screen(n.text, years...)
			if n.kinds == nil {
				clean++
				if len(found) > 0 {
					stopped++
					t.Logf("%s:%d false alarm %v: %s", lang, n.line, describeFindings(found), n.text)
				}
				continue
			}
			ident++
			hit := false
			for _, f := range found {
				hit = hit || slices.Contains(n.kinds, f.Kind)
			}
			if hit {
				caught++
			} else {
				t.Logf("%s:%d missed %v (found %v): %s", lang, n.line, n.kinds, describeFindings(found), n.text)
			}
		}
		if ident < 60 || clean < 60 {
			t.Errorf("%s: %d identifying and %d clean notes; want at least 60 of each", lang, ident, clean)
		}
		caughtPct, stoppedPct := 100*float64(caught)/float64(ident), 100*float64(stopped)/float64(clean)
		t.Logf("screen %s: identifying notes caught %d/%d (%.1f%%), missed %d; clean notes stopped %d/%d (%.1f%%), passed %d",
			lang, caught, ident, caughtPct, ident-caught, stopped, clean, stoppedPct, clean-stopped)
		if caughtPct < 90 {
			t.Errorf("%s: %.1f%% of identifying notes caught, want at least 90%%", lang, caughtPct)
		}
		if stoppedPct > 10 {
			t.Errorf("%s: %.1f%% of clean notes stopped, want at most 10%%", lang, stoppedPct)
		}
	}
}

func describeFindings(fs []Finding) []string {
	var out []string
	for _, f := range fs {
		out = append(out, f.Kind+" “"+f.Quote+"”")
	}
	return out
}
