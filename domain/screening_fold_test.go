package domain

import "testing"

func TestFoldText(t *testing.T) {
	if len(foldTable) != foldTableSize {
		t.Fatalf("foldTable has %d entries, the generator wrote %d: regenerate it (go run ./cmd/screenfold)", len(foldTable), foldTableSize)
	}
	for in, want := range map[string]string{
		"A\u200bhm\u200ded\ufeff": "Ahmed",       // zero-width space, joiner, BOM
		"Hélène Noël":             "Helene Noel", // accents, precomposed
		"He\u0301le\u0300ne":      "Helene",      // accents, combining
		"٠١٢٣٤٥٦٧٨٩ ۰۱۲۳۴۵۶۷۸۹ ०१२३": "0123456789 0123456789 0123",
		"０６ １２ ３４，ｋａｒｉｍ＠ｅｘ．ｏｒｇ":      "06 12 34,karim@ex.org",
		"① ² ﬁ ﹫ 𝐀𝐡𝐦𝐞𝐝":              "1 2 fi @ Ahmed",
		"a\u00a0b\u2003c\u3000d":     "a b c d", // no-break, em and ideographic spaces
		"مُحَمَّد أحمد إيمان آدم":    "محمد احمد ايمان ادم",
		"فاطمة ـــعلي على":           "فاطمه علي على", // teh marbuta, tatweel; alef maksura kept
		"ﻻ ﷲ":                        "لا الله",
		"\u200f\u202bنص\u202c":       "نص", // bidi controls
		"١٢٫٥، نعم؟":                 "12.5, نعم?",
		"1–3 2—4 5−6 7‒8 9‑0":        "1-3 2-4 5-6 7-8 9-0",  // en, em, minus, figure, no-break hyphen
		"Мr Јоhn Ѕmіth, Bаker":       "Mr John Smith, Baker", // Cyrillic look-alikes in Latin words
		"Μr Ηaddad ΑΟΝ":              "Mr Haddad AON",        // Greek, and a whole look-alike word in Latin text
		"Он сказал: Мы вместе":       "Он сказал: Мы вместе", // Russian stays Russian
		"Ο Καπετάν, Mr X":            "Ο Καπεταν, Mr X",      // a Greek word that is not all look-alikes keeps the text's Greek
	} {
		if got := foldText(in).text; got != want {
			t.Errorf("fold %q = %q, want %q", in, got, want)
		}
	}
	// Offsets lead back to the author's characters.
	text := "x\u200b０６@"
	f := foldText(text)
	if q, a, b := f.quote(text, 1, 3); q != "０６" || a != 4 || b != 10 {
		t.Errorf("quote of the digits: %q [%d,%d)", q, a, b)
	}
	// A look-alike letter read as Latin still quotes the author's letter.
	text = "Мr Ѕmіth"
	f = foldText(text)
	if q, a, b := f.quote(text, 0, 2); q != "Мr" || a != 0 || b != 3 {
		t.Errorf("quote of Мr: %q [%d,%d)", q, a, b)
	}
}
