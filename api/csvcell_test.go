package api

import "testing"

// A formula could start wherever a spreadsheet starts a cell: at the start, after spaces, and
// after any separator a spreadsheet may split on (attack round 6: "Annex2;=1+1;x" ran in a
// spreadsheet splitting on semicolons).
func TestCSVCellNeutralisesFormulasWhereACellCanStart(t *testing.T) {
	cases := map[string]string{
		"Northgate Prison":          "Northgate Prison",
		"=1+1":                      "'=1+1",
		"+1":                        "'+1",
		"-1":                        "'-1",
		"@SUM(A1)":                  "'@SUM(A1)",
		"\tx":                       "'\tx",
		"\rx":                       "'\rx",
		" =1+1":                     " '=1+1",
		"Annex2;=1+1;x":             "Annex2;'=1+1;x",
		"a,=HYPERLINK(A1)":          "a,'=HYPERLINK(A1)",
		"a; =cmd|' /C calc'!A0":     "a; '=cmd|' /C calc'!A0",
		"line\n@x":                  "line\n'@x",
		"e-mail a-b 3+4 x=y":        "e-mail a-b 3+4 x=y",
		"":                          "",
		"{\"note\":\"a;-b\"}":       "{\"note\":\"a;'-b\"}",
		"token:build-bot; +deploy":  "token:build-bot; '+deploy",
		"Dar al-Salam, =prison":     "Dar al-Salam, '=prison",
		"\x01=1":                    "\x01'=1",
		"50 % +5":                   "50 % +5",
		"x;;=y":                     "x;;'=y",
		"a\t-1":                     "a\t'-1",
		"caf\u00e9;=1":              "caf\u00e9;'=1",
		"=":                         "'=",
		";":                         ";",
		"plain; words, no formulas": "plain; words, no formulas",
	}
	for in, want := range cases {
		if got := csvCell(in); got != want {
			t.Errorf("csvCell(%q) = %q, want %q", in, got, want)
		}
	}
}
