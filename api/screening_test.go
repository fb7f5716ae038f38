package api_test

import (
	"bytes"
	"context"
	"strings"
	"sync"
	"testing"
)

// syncBuffer is a log sink the server may write to from several goroutines.
type syncBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *syncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

// findingsOf returns "kind:text" for each finding of the first field problem.
func findingsOf(t *testing.T, p map[string]any) []string {
	t.Helper()
	errs, _ := p["errors"].([]any)
	if len(errs) == 0 {
		t.Fatalf("no field problems: %v", p)
	}
	first := errs[0].(map[string]any)
	if first["reason"] != "identifier_suspected" {
		t.Fatalf("reason: %v", first)
	}
	findings, ok := first["findings"].([]any)
	if !ok {
		t.Fatalf("the problem quotes nothing: %v", first)
	}
	var out []string
	for _, f := range findings {
		m := f.(map[string]any)
		out = append(out, m["kind"].(string)+":"+m["text"].(string))
	}
	return out
}

// The tester's notes (issue 9) through HTTP: names without titles, French and Arabic
// titles, addresses, French months and other digit systems are refused with the text
// quoted; an old court date is no longer mistaken for a date of birth, while a date in the
// participant's recorded birth year is. Nothing of a refusal reaches the log, the audit
// trail or the database.
func TestScreenRefusalQuotesTheNotes(t *testing.T) {
	var logs syncBuffer
	e := newEnvLogging(t, &logs)
	caseID := e.newCase(caseFixture{}) // the fixture's participant was born in 1990
	prac := e.as("practitioner")
	path := "/api/v1/cases/" + caseID + "/sessions"
	session := func(notes string) map[string]any {
		return map[string]any{"intervention_type": "religious_dialogue", "held_on": daysAgo(1), "minutes": 60, "format": "individual",
			"attendance": "attended", "engagement": 4, "notes": notes}
	}
	refused := []struct{ notes, want string }{
		{"Family visit went well; Ahmed Karimi brought books.", "name:Ahmed Karimi"},
		{"He spoke warmly about his daughter Aisha.", "name:Aisha"},
		{"Entretien avec Mme Benali, sa tante.", "name:Mme Benali"},
		{"زاره الشيخ سليمان يوم الجمعة.", "name:الشيخ سليمان"},
		{"Hébergement prévu au 3 bis rue des Lilas.", "address:3 bis rue des Lilas"},
		{"Né le 3 mars 1992 à Lyon.", "date_of_birth:3 mars 1992"},
		{"هاتف أخيه ٠٦ ١٢ ٣٤ ٥٦ ٧٨", "phone:٠٦ ١٢ ٣٤ ٥٦ ٧٨"},
		{"write to karim.b＠example.org", "email:karim.b＠example.org"},
		{"Letter of 04/03/1990 found in his property.", "date_of_birth:04/03/1990"},
	}
	for _, c := range refused {
		p := prac.do("POST", path, session(c.notes)).problem(422)
		if got := findingsOf(t, p); len(got) != 1 || got[0] != c.want {
			t.Errorf("%q: findings %v, want [%s]", c.notes, got, c.want)
		}
		detail := p["errors"].([]any)[0].(map[string]any)["detail"].(string)
		if _, text, _ := strings.Cut(c.want, ":"); !strings.Contains(detail, "“"+text+"”") {
			t.Errorf("%q: the detail does not quote the finding: %s", c.notes, detail)
		}
	}
	if n := e.count("SELECT count(*) FROM intervention_sessions"); n != 0 {
		t.Fatalf("%d refused sessions written", n)
	}
	for _, c := range refused {
		_, text, _ := strings.Cut(c.want, ":")
		if strings.Contains(logs.String(), text) {
			t.Errorf("the log repeats %q", text)
		}
		if n := e.count("SELECT count(*) FROM audit_events WHERE details::text LIKE '%' || $1 || '%'", text); n != 0 {
			t.Errorf("the audit trail repeats %q", text)
		}
	}
	// Court and sentence dates decades old are not dates of birth.
	prac.do("POST", path, session("Court hearing of 12/03/2008 was adjourned; sentenced on 14 June 1998 in absentia.")).want(201)
}

// A group session's notes may be about any participant: each one's birth year counts.
func TestScreenGroupSessionBirthYears(t *testing.T) {
	e := newEnv(t)
	a, b := e.newCase(caseFixture{}), e.newCase(caseFixture{})
	if _, err := e.db.Pool().Exec(context.Background(),
		"UPDATE participants SET birth_year = 1985 WHERE id = (SELECT participant_id FROM cases WHERE id = $1)", b); err != nil {
		t.Fatal(err)
	}
	prac := e.as("practitioner")
	group := func(notes string) map[string]any {
		return map[string]any{"intervention_type": "cognitive_skills", "held_on": daysAgo(1), "minutes": 120, "format": "group", "notes": notes,
			"participants": []map[string]any{{"case_id": a, "attendance": "attended", "engagement": 3}, {"case_id": b, "attendance": "attended", "engagement": 3}}}
	}
	for _, date := range []string{"04/03/1990", "17/11/1985"} {
		p := prac.do("POST", "/api/v1/sessions", group("A card dated "+date+" was shown to the group.")).problem(422)
		if got := findingsOf(t, p); len(got) != 1 || got[0] != "date_of_birth:"+date {
			t.Errorf("%s: findings %v", date, got)
		}
	}
	prac.do("POST", "/api/v1/sessions", group("A card dated 04/03/1987 was shown to the group.")).want(201)
}

// Attack round 9 (F2) through HTTP: a phone number parted by en dashes or Arabic commas
// (Arabic-Indic digits in an Arabic sentence too), middle dots, bullets, ";" or "_", an ID
// number spelled out after "passport" or "prison number", and a name or an address in
// Cyrillic letters that look Latin are refused with the author's text quoted. Ranges,
// dates with dashes and Arabic sentences with commas and numbers still go through.
func TestScreenRefusesSeparatorsSpacingAndLookalikes(t *testing.T) {
	e := newEnv(t)
	caseID := e.newCase(caseFixture{})
	prac := e.as("practitioner")
	path := "/api/v1/cases/" + caseID + "/sessions"
	session := func(notes string) map[string]any {
		return map[string]any{"intervention_type": "religious_dialogue", "held_on": daysAgo(1), "minutes": 60, "format": "individual",
			"attendance": "attended", "engagement": 4, "notes": notes}
	}
	refused := []struct{ notes, want string }{
		{"Call him on 07700–900–123 tomorrow.", "phone:07700–900–123"},
		{"رقم هاتفه 07700\u060c900\u060c123", "phone:07700،900،123"},
		{"رقم هاتفه ٠٧٧٠٠،٩٠٠،١٢٣", "phone:٠٧٧٠٠،٩٠٠،١٢٣"},
		{"06\u060c12\u060c34\u060c56\u060c78", "phone:06،12،34،56،78"},
		{"07700\u066c900\u066c123", "phone:07700٬900٬123"},
		{"07700\u00b7900\u00b7123", "phone:07700·900·123"},
		{"07700\u2022900\u2022123", "phone:07700•900•123"},
		{"07700\u3001900\u3001123", "phone:07700、900、123"},
		{"07700;900;123", "phone:07700;900;123"},
		{"07700_900_123", "phone:07700_900_123"},
		{"passport X 1 2 3 4 5 6 7 8", "id_number:X 1 2 3 4 5 6 7 8"},
		{"prison number A 4 8 2 9 1 7", "id_number:A 4 8 2 9 1 7"},
		{"Met Мr Јоhn Ѕmіth today.", "name:Мr Јоhn Ѕmіth"},
		{"lives at 12 Bаker Ѕtreet", "address:12 Bаker Ѕtreet"},
	}
	for _, c := range refused {
		p := prac.do("POST", path, session(c.notes)).problem(422)
		if got := findingsOf(t, p); len(got) != 1 || got[0] != c.want {
			t.Errorf("%q: findings %v, want [%s]", c.notes, got, c.want)
		}
	}
	if n := e.count("SELECT count(*) FROM intervention_sessions"); n != 0 {
		t.Fatalf("%d refused sessions written", n)
	}
	for _, notes := range []string{
		"Attended sessions 1–3; score 3–5 on each item; programme year 2025–2026, reviewed 2026–01–15.",
		"حضر ١٢ مشاركا، و٣ موظفين، في الجلسات ١–٣ من البرنامج، وحصل على ٣ من ٥.",
		"Он сказал «спасибо» at the end of the session.",
	} {
		prac.do("POST", path, session(notes)).want(201)
	}
}
