package domain

import (
	"slices"
	"strings"
	"testing"
)

func kindsOf(fs []Finding) []string {
	var out []string
	for _, f := range fs {
		out = append(out, f.Kind)
	}
	slices.Sort(out)
	return out
}

func TestScreenFindsIdentifiers(t *testing.T) {
	cases := []struct {
		text string
		want []string // kinds, sorted
	}{
		{"contact him at john.doe@example.org please", []string{IdentEmail}},
		{"mail: a_b+c@mail.example.co.uk", []string{IdentEmail}},
		{"call +44 20 7946 0958 tomorrow", []string{IdentPhone}},
		{"his mother's number is 0612-345-678", []string{IdentPhone}},
		{"phone (012) 345 6789", []string{IdentPhone}},
		{"tel 555-1234", []string{IdentPhone}},
		{"reach at 06.12.34.56.78", []string{IdentPhone}},
		{"+33612345678", []string{IdentPhone}},
		{"prison number 12345678 on file", []string{IdentIDNumber}},
		{"passport AB1234567 was seized", []string{IdentIDNumber}},
		{"NI number QQ123456C", []string{IdentIDNumber}},
		{"born on 4 March 2001", []string{IdentDateOfBirth}},
		{"DOB: 2001-03-04", []string{IdentDateOfBirth}},
		{"date of birth 04/03/2001", []string{IdentDateOfBirth}},
		{"birthday is 4th of March", []string{IdentDateOfBirth}},
		{"b. March 4, 2001", []string{IdentDateOfBirth}},
		{"d.o.b. 04/03/01", []string{IdentDateOfBirth}},
		{"spoke with Mr Haddad about the course", []string{IdentName}},
		{"Sheikh Omar led the dialogue", []string{IdentName}},
		{"visited by Umm Khalid and Abu Bakr", []string{IdentName, IdentName}},
		{"Dr. Smith referred him", []string{IdentName}},
		{"Imam Yusuf, Ustadh Karim", []string{IdentName, IdentName}},
		{"Mrs Okafor, tel 020 7946 0958, a@b.io", []string{IdentEmail, IdentName, IdentPhone}},
	}
	for _, c := range cases {
		got := kindsOf(Screen(c.text))
		want := slices.Clone(c.want)
		slices.Sort(want)
		if !slices.Equal(got, want) {
			t.Errorf("%q: got %v, want %v", c.text, got, want)
		}
	}
}

// The tester's misses (issue 9): each of these passed the screen before.
func TestScreenCatchesWhatTheTesterFound(t *testing.T) {
	cases := []struct {
		text  string
		kind  string
		quote string // the text the finding must quote
	}{
		// Names without a title.
		{"Family visit went well; Ahmed Karimi brought books.", IdentName, "Ahmed Karimi"},
		{"He spoke warmly about his daughter Aisha.", IdentName, "Aisha"},
		// French titles.
		{"Entretien avec M. Dupont, éducateur référent.", IdentName, "M. Dupont"},
		{"Mme Benali a confirmé l'hébergement.", IdentName, "Mme Benali"},
		{"Monsieur Lefèvre était présent à l'audience.", IdentName, "Monsieur Lefèvre"},
		{"Son avocat, Me Durand, a demandé un report.", IdentName, "Me Durand"},
		// Arabic titles.
		{"حضر السيد كريمي الجلسة مع المرشد.", IdentName, "السيد كريمي"},
		{"زاره الشيخ سليمان يوم الجمعة.", IdentName, "الشيخ سليمان"},
		{"تحدث مع السيد، ثم مع الشيخ عبد الرحمن.", IdentName, "الشيخ عبد الرحمن"},
		// Lowercase titles.
		{"spoke to mr haddad after the group", IdentName, "mr haddad"},
		{"visite de mme benali ce matin", IdentName, "mme benali"},
		{"the visit from sheikh omar was cancelled", IdentName, "sheikh omar"},
		// Street addresses in three languages.
		{"He will live at 12 Acacia Avenue after release.", IdentAddress, "12 Acacia Avenue"},
		{"Hébergement prévu au 3 bis rue des Lilas chez sa sœur.", IdentAddress, "3 bis rue des Lilas"},
		{"سيسكن في شارع الحرية رقم 12 بعد الإفراج.", IdentAddress, "شارع الحرية رقم 12"},
		// French month names.
		{"Né le 3 mars 1990 à Lyon.", IdentDateOfBirth, "3 mars 1990"},
		{"date de naissance : 14 février 1988", IdentDateOfBirth, "14 février 1988"},
		// Arabic-Indic and full-width digits.
		{"رقم هاتف والدته ٠٦١٢٣٤٥٦٧٨ للتواصل", IdentPhone, "٠٦١٢٣٤٥٦٧٨"},
		{"هاتف أخيه ٠٦ ١٢ ٣٤ ٥٦ ٧٨", IdentPhone, "٠٦ ١٢ ٣٤ ٥٦ ٧٨"},
		{"ولد في ١٩٩٠/٣/٤ في تونس", IdentDateOfBirth, "١٩٩٠/٣/٤"},
		{"call his mother on ０６ １２ ３４ ５６ ７８", IdentPhone, "０６ １２ ３４ ５６ ７８"},
		// Zero-width characters and full-width @ in e-mail addresses.
		{"write to karim\u200b.b@\u200bexample.org", IdentEmail, "karim\u200b.b@\u200bexample.org"},
		{"e-mail: karim.b＠example.org", IdentEmail, "karim.b＠example.org"},
		{"met A\u200bhmed on the wing", IdentName, "A\u200bhmed"},
	}
	for _, c := range cases {
		found := Screen(c.text)
		ok := false
		for _, f := range found {
			if f.Kind == c.kind && f.Quote == c.quote {
				ok = true
			}
		}
		if !ok {
			t.Errorf("%q: want %s %q, got %+v", c.text, c.kind, c.quote, found)
		}
	}
}

func TestScreenLeavesOrdinaryNotesAlone(t *testing.T) {
	for _, text := range []string{
		"",
		"Session lasted 45 minutes; good engagement.",
		"Attended 90-minute group on GP12 themes.",
		"Discussed events of 2019 and his time in custody 2019-2021.",
		"Next session 2024-05-01 at 10:00-11:30.",
		"Reviewed the plan on 03/04/2024 with the team.",
		"Met on 12 May 2025 and again on May 20, 2025.",
		"Scored 1 2 3 4 5 6 7 on the items.",
		"Worked through modules 3.1-3.4 and 10.30-11.45 break.",
		"Loaded ERG22+ and VERA-2R items; covid19 rules apply.",
		"The doctor and the imam attended; mister not named.",
		"He said he did not miss Mondays.",
		"Group of 12 participants, 3 staff, room 101.",
		"Release expected on 2026-01-15.",
		"Items B1, B2, I3 rated; overall moderate.",
		"Born in 1990, he grew up in the north.", // a year alone is the coarse birth year we keep anyway
		// The tester's false alarms: old dates that are not birth dates.
		"Court hearing of 12/03/2008 was adjourned.",
		"Sentenced on 14 June 1998 to twelve years; the appeal of 02/02/1999 failed.",
		"Jugement du 5 octobre 2001, confirmé en appel le 3 mars 2002.",
		"صدر الحكم في 12 مارس 2003 وأيدته محكمة الاستئناف في 2004/6/1.",
		"the letter dated 12/11/1990 was read",
		// Religious terms and staff roles.
		"Discussed Ramadan and the meaning of sabr with the imam; Allah and the Prophet Muhammad (pbuh) came up.",
		"Il ne viendra pas le 3 mars 2025, l'audience est reportée.",
		"Will follow up with the prison library next week. Hope to see progress.",
		"حضر الإمام والمرشد الجلسة، وتحدثوا عن رمضان والصبر.",
		"The sentence was set in law 2016-987 and reviewed.",
		"In 2019 Leeds Crown Court sentenced him to six years.",
		"Mise en place du SPIP et du suivi renforcé.",
		"Session on 4 March, 90 minutes, good engagement.",
		// Attack round 9b: single-digit scores after a word for a prisoner.
		"The prisoner scored 3 4 5 2 4 1 on the six items.",
		"L'inmate a obtenu 2 3 1 4 2 3 aux exercices.",
		// Usability trial 17: a month that is also a given name ("June (a name)").
		"He reports sleeping less often than in June, and the nightmares are rarer.",
		"The review in April found him calmer; next review planned for June.",
	} {
		if got := Screen(text, 1985); len(got) != 0 {
			t.Errorf("%q: false alarm %+v", text, got)
		}
	}
}

// A full date in the participant's birth year reads as a date of birth; any other full
// date only with a word for birth near it.
func TestScreenBirthYear(t *testing.T) {
	text := "Letter of 04/03/1990 found in property; hearing on 12/03/2008."
	if got := Screen(text); len(got) != 0 {
		t.Fatalf("no birth year: %+v", got)
	}
	got := Screen(text, 1990)
	if len(got) != 1 || got[0].Kind != IdentDateOfBirth || got[0].Quote != "04/03/1990" {
		t.Fatalf("birth year 1990: %+v", got)
	}
	if got := Screen("Il est arrivé en mars 1990.", 1990); len(got) != 1 || got[0].Quote != "mars 1990" {
		t.Fatalf("month and year of birth: %+v", got)
	}
	// A two-digit number after a month's name is rarely its year.
	if got := Screen("Session on 4 March, 90 minutes, good engagement.", 1990); len(got) != 0 {
		t.Fatalf("minutes read as a year: %+v", got)
	}
}

// A finding quotes exactly the author's characters, full-width forms and all.
func TestScreenQuotesTheAuthorsText(t *testing.T) {
	text := "Ｍｒ Ｈａｄｄａｄ, haddad＠example.org, +44 20 7946 0958, AB1234567, born 4 March 2001"
	found := Screen(text)
	want := []string{"Ｍｒ Ｈａｄｄａｄ", "haddad＠example.org", "+44 20 7946 0958", "AB1234567", "4 March 2001"}
	var got []string
	for _, f := range found {
		if text[f.Start:f.End] != f.Quote {
			t.Errorf("%s: quote %q is not text[%d:%d]", f.Kind, f.Quote, f.Start, f.End)
		}
		got = append(got, f.Quote)
	}
	if !slices.Equal(got, want) {
		t.Errorf("quotes %q, want %q", got, want)
	}
}

func TestCheckIdentifiers(t *testing.T) {
	fields := []TextField{{"notes", "call 0612-345-678"}, {"evidence", "nothing here"}, {"rationale", "Mr Haddad; x@y.org"}}
	_, err := CheckIdentifiers(false, nil, fields...)
	var e *Error
	if !asError(err, &e) || e.Code != CodeInvalid || len(e.Fields) != 2 {
		t.Fatalf("want Invalid with 2 field problems, got %v", err)
	}
	if e.Fields[0].Field != "notes" || e.Fields[0].Reason != "identifier_suspected" || !strings.Contains(e.Fields[0].Detail, `phone “0612-345-678”`) {
		t.Errorf("first problem: %+v", e.Fields[0])
	}
	if f := e.Fields[1].Findings; len(f) != 2 || f[0].Quote != "Mr Haddad" || f[1].Quote != "x@y.org" {
		t.Errorf("second problem's findings: %+v", f)
	}
	kinds, err := CheckIdentifiers(true, nil, fields...)
	if err != nil || !slices.Equal(kinds, []string{IdentEmail, IdentName, IdentPhone}) {
		t.Errorf("acknowledged: got %v, %v", kinds, err)
	}
	kinds, err = CheckIdentifiers(false, nil, TextField{"notes", "fine"})
	if err != nil || len(kinds) != 0 {
		t.Errorf("clean text: got %v, %v", kinds, err)
	}
}

func asError(err error, target **Error) bool {
	e, ok := err.(*Error)
	*target = e
	return ok
}

// Attack round 2 (F4): online handles and "Mister" were missed.
func TestScreenCatchesHandlesAndMister(t *testing.T) {
	cases := []struct{ text, kind, quote string }{
		{"Telegram @abu_jihad_1985 is still active", IdentHandle, "@abu_jihad_1985"},
		{"His twitter handle is @johnsmith", IdentHandle, "@johnsmith"},
		{"posts on instagram.com/johnsmith85 every day", IdentHandle, "instagram.com/johnsmith85"},
		{"contact via https://t.me/some_channel", IdentHandle, "https://t.me/some_channel"},
		{"يتابع حساب @abu_x على تلغرام", IdentHandle, "@abu_x"},
		{"Spoke with Mister Smith about housing.", IdentName, "Mister Smith"},
	}
	for _, c := range cases {
		ok := false
		for _, f := range Screen(c.text) {
			ok = ok || (f.Kind == c.kind && f.Quote == c.quote)
		}
		if !ok {
			t.Errorf("%q: want %s %q, got %+v", c.text, c.kind, c.quote, Screen(c.text))
		}
	}
	for _, text := range []string{
		"Attended 12 sessions in 2023; e-mail the team@ward for rota changes.",
		"Discussed his use of social media @ the library computer.",
	} {
		if f := Screen(text); len(f) != 0 {
			t.Errorf("%q: flagged %+v", text, f)
		}
	}
}

// Attack round 9 (F2): digit groups parted by any dash or by punctuation other than the
// ASCII few, ID numbers spelled out one character at a time, and names and addresses in
// Cyrillic or Greek letters that look Latin. Each of these passed the screen before.
func TestScreenCatchesSeparatorsSpacingAndLookalikes(t *testing.T) {
	cases := []struct{ text, kind, quote string }{
		{"07700–900–123", IdentPhone, "07700–900–123"},           // en dash
		{"07700—900—123", IdentPhone, "07700—900—123"},           // em dash
		{"07700−900−123", IdentPhone, "07700−900−123"},           // minus sign
		{"07700‒900‒123", IdentPhone, "07700‒900‒123"},           // figure dash
		{"07700 – 900 – 123", IdentPhone, "07700 – 900 – 123"},   // spaced en dash, as editors set it
		{"07700\u060c900\u060c123", IdentPhone, "07700،900،123"}, // Arabic comma
		{"07700\u066c900\u066c123", IdentPhone, "07700٬900٬123"}, // Arabic thousands separator
		{"07700\u00b7900\u00b7123", IdentPhone, "07700·900·123"}, // middle dot
		{"07700\u2022900\u2022123", IdentPhone, "07700•900•123"}, // bullet
		{"07700\u3001900\u3001123", IdentPhone, "07700、900、123"}, // ideographic comma
		{"07700;900;123", IdentPhone, "07700;900;123"},
		{"07700_900_123", IdentPhone, "07700_900_123"},
		{"رقم هاتفه 07700،900،123", IdentPhone, "07700،900،123"},
		{"رقم هاتفه ٠٧٧٠٠،٩٠٠،١٢٣", IdentPhone, "٠٧٧٠٠،٩٠٠،١٢٣"},
		{"06\u060c12\u060c34\u060c56\u060c78", IdentPhone, "06،12،34،56،78"},
		{"home/mobile: 020 7946 0018 / 07700 900 456", IdentPhone, "020 7946 0018 / 07700 900 456"},
		{"numbers 020 7946 0018 07700 900 456 on file", IdentPhone, "020 7946 0018 07700 900 456"},
		{"passport X 1 2 3 4 5 6 7 8", IdentIDNumber, "X 1 2 3 4 5 6 7 8"},
		{"passport no. X 1 2 3 4 5 6 7 8", IdentIDNumber, "X 1 2 3 4 5 6 7 8"},
		{"prison number A 4 8 2 9 1 7", IdentIDNumber, "A 4 8 2 9 1 7"},
		{"ID card 12 34 56 78 seized", IdentIDNumber, "12 34 56 78"},
		{"Met Мr Јоhn Ѕmіth today.", IdentName, "Мr Јоhn Ѕmіth"},
		{"lives at 12 Bаker Ѕtreet", IdentAddress, "12 Bаker Ѕtreet"},
		{"Spoke with Μr Ηaddad (Greek capitals).", IdentName, "Μr Ηaddad"},
	}
	for _, c := range cases {
		found := Screen(c.text)
		ok := false
		for _, f := range found {
			ok = ok || (f.Kind == c.kind && f.Quote == c.quote)
		}
		if !ok {
			t.Errorf("%q: want %s %q, got %+v", c.text, c.kind, c.quote, found)
		}
	}
	for _, text := range []string{
		"Attended sessions 1–3; score 3–5; he scored 3/5 and 4/5.",
		"Programme year 2025–2026, reviewed 2026–01–15 and 15—01—2026.",
		"Group 10:00–11:30 with 12 participants, 3 staff, room 101.",
		"Modules 1, 2, 3, 4, 5, 6, 7, 8, 9 and 10 done; 1,2,3,4,5,6,7,8,9,10 on the sheet.",
		"Attendance rose from 45% to 80% over 2024–2025; 12 × 30 = 360 minutes.",
		"A grant of £1,500,000 (or 1.500.000 €) funds 1,200 places.",
		"His passport was renewed in 2019 and is held by the prison.",
		"Prison number withheld; passport expired on 12 May 2025.",
		"Prison wing tour: cells 1 2 3 4 5 6 7 checked; items 1;2;3;4;5;6;7;8;9;10 ticked.",
		"ID checks in 2019 2020 2021; budget 1.200.000,50 and 2,000,000 DZD.",
		"حضر ١٢ مشاركا، و٣ موظفين، في الجلسات ١–٣ من البرنامج.",
		"خطة ٢٠٢٥–٢٠٢٦ بميزانية ١٢٬٥٠٠ دينار، وحضر الجلسات ١، ٢، ٣ و٤.",
		"Он сказал: «Мы работаем вместе». Очень хорошо.",
		"Ο Καπετάν Μιχάλης είναι ένα μυθιστόρημα.",
		"He wrote «Привет, как дела?» on the board.",
		"اتفقنا على موعد الجلسة القادمة، والجلسة ٣ يوم الاثنين.",
	} {
		if f := Screen(text, 1985); len(f) != 0 {
			t.Errorf("%q: flagged %+v", text, f)
		}
	}
}

// A month that is also a given name is still a name next to a title or a kinship word.
func TestScreenMonthNamesNextToATitle(t *testing.T) {
	for _, text := range []string{"He wrote to his sister June last week about the visit.", "Met Mrs April Hughes from the housing service."} {
		if got := Screen(text, 1985); len(got) == 0 {
			t.Errorf("%q: no name found", text)
		}
	}
}
