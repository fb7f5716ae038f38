package api_test

import (
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"
)

// Finding 8: NUL bytes and invalid UTF-8 reached PostgreSQL, which refused them, and the
// caller got a 500. Now every malformed string is a 400 or 422 problem, wherever it is: in a
// JSON body, in the query string, in the path.
func TestMalformedStringsAre4xxNever5xx(t *testing.T) {
	e := newEnvWith(t, fastLogin)
	caseID := e.newCase(caseFixture{})
	callers := map[string]*client{"anonymous": e.anon()}
	for _, name := range []string{"practitioner", "auditor", "national", "admin"} {
		callers[name] = e.as(name)
	}
	session := `{"intervention_type":"mentoring","held_on":"` + daysAgo(1) + `","minutes":60,"format":"individual","attendance":"attended","notes":"%s"}`
	for _, c := range []struct {
		name, who, method, path, body string
		field                         string // the per-field problem expected, if any
	}{
		{"NUL in a login name", "anonymous", "POST", "/api/v1/auth/login", `{"username":"a\u0000b","password":"not the password"}`, "username"},
		{"invalid UTF-8 in a body", "anonymous", "POST", "/api/v1/auth/login", "{\"username\":\"a\xffb\",\"password\":\"not the password\"}", ""},
		{"NUL in free text", "practitioner", "POST", "/api/v1/cases/" + caseID + "/sessions", strings.Replace(session, "%s", `met\u0000`, 1), "notes"},
		{"invalid UTF-8 in free text", "practitioner", "POST", "/api/v1/cases/" + caseID + "/sessions", strings.Replace(session, "%s", "met \xc3\x28", 1), ""},
		{"NUL in a query value", "auditor", "GET", "/api/v1/audit?actor=a%00b", "", ""},
		{"invalid UTF-8 in a query value", "auditor", "GET", "/api/v1/audit?actor=%ff", "", ""},
		{"invalid UTF-8 in a query name", "practitioner", "GET", "/api/v1/cases?%ff=1", "", ""},
		{"invalid UTF-8 in a path", "practitioner", "GET", "/api/v1/instruments/%ff", "", ""},
		{"NUL in a path", "national", "GET", "/api/v1/statistics/a%00b", "", ""},
		{"NUL in a path of a write", "admin", "POST", "/api/v1/intervention-types/x%00y/retire", "", ""},
	} {
		t.Run(c.name, func(t *testing.T) {
			r := callers[c.who].sendRaw(t, c.method, c.path, c.body)
			if r.status != 400 && r.status != 422 {
				t.Fatalf("%s %s: %d %s, want 400 or 422", c.method, c.path, r.status, r.body)
			}
			p := r.problem(r.status)
			if c.field != "" {
				if f := fieldErrors(p); len(f) != 1 || f[0] != c.field {
					t.Errorf("field problems %v, want %s", f, c.field)
				}
			}
		})
	}
	if n := e.count("SELECT count(*) FROM session_attendance"); n != 0 {
		t.Errorf("%d sessions written from malformed bodies", n)
	}
}

// sendRaw is client.do for requests the OpenAPI router cannot take (bytes a client library
// would refuse to put in a URL): it goes through the real middleware chain and never calls
// t.Fatal on the env's test, so subtests may use it.
func (c *client) sendRaw(t *testing.T, method, target, body string) *response {
	req := httptest.NewRequest(method, "/", nil)
	req.URL = &url.URL{Opaque: target}
	req.RequestURI = target
	if body != "" {
		req.Body = io.NopCloser(strings.NewReader(body))
		req.ContentLength = int64(len(body))
		req.Header.Set("Content-Type", "application/json")
	}
	if c.cookie != "" {
		req.AddCookie(&http.Cookie{Name: "pathways_session", Value: c.cookie})
	}
	if c.csrf != "" {
		req.Header.Set("X-CSRF-Token", c.csrf)
	}
	resp, err := c.e.srv.App().Test(req, -1)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	got, _ := io.ReadAll(resp.Body)
	return &response{t: t, status: resp.StatusCode, header: resp.Header, body: got}
}

// The middleware looks at the path as sent, before any route: an unknown path with a bad
// byte is a 400 too, and the web app's fallback never sees it.
func TestMalformedPathOutsideTheAPIIs400(t *testing.T) {
	e := newEnv(t)
	resp, err := e.srv.App().Test(httptest.NewRequest("GET", "/cases/%ff%00", nil), -1)
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	if resp.StatusCode != 400 || !strings.HasPrefix(resp.Header.Get("Content-Type"), "application/problem+json") {
		t.Errorf("got %d %s %s", resp.StatusCode, resp.Header.Get("Content-Type"), body)
	}
}

// Finding 8: a session dated 0000-01-01 and a milestone achieved before the case's intake
// were accepted. No record of a case may be dated before the case's intake.
func TestRecordsCannotPredateTheirCasesIntake(t *testing.T) {
	e := newEnv(t)
	caseID := e.newCase(caseFixture{}) // opened 200 days ago
	prac := e.as("practitioner")
	base := "/api/v1/cases/" + caseID
	beforeIntake := daysAgo(201)
	for _, c := range []struct {
		name, path, field string
		body              map[string]any
	}{
		{"a session in year zero", "/sessions", "held_on", map[string]any{"intervention_type": "mentoring", "held_on": "0000-01-01",
			"minutes": 60, "format": "individual", "attendance": "attended"}},
		{"a session before intake", "/sessions", "held_on", map[string]any{"intervention_type": "mentoring", "held_on": beforeIntake,
			"minutes": 60, "format": "individual", "attendance": "attended"}},
		{"a milestone before intake", "/milestones", "achieved_on", map[string]any{"definition_code": "housing_secured",
			"achieved_on": beforeIntake, "evidence": "Tenancy agreed"}},
		{"an assessment before intake", "/assessments", "assessed_on", map[string]any{"instrument_code": "pathways-open",
			"occasion": "scheduled", "assessed_on": beforeIntake, "ratings": fullRatings()}},
		{"a plan goal due before intake", "/plans", "goals[0].target_date", map[string]any{"summary": "x",
			"goals": []map[string]any{{"need": "B1", "description": "Work through attitudes", "target_date": "1066-10-14"}}}},
	} {
		r := prac.sendRaw(t, "POST", base+c.path, string(mustJSON(t, c.body)))
		if r.status != 422 {
			t.Errorf("%s: %d %s, want 422", c.name, r.status, r.body)
			continue
		}
		if f := fieldErrors(r.problem(422)); len(f) != 1 || f[0] != c.field {
			t.Errorf("%s: field problems %v, want %s", c.name, f, c.field)
		}
	}
	// The day of intake itself is fine.
	prac.do("POST", base+"/sessions", map[string]any{"intervention_type": "mentoring", "held_on": daysAgo(200),
		"minutes": 60, "format": "individual", "attendance": "attended"}).want(201)
	if n := e.count("SELECT count(*) FROM milestones") + e.count("SELECT count(*) FROM assessments") + e.count("SELECT count(*) FROM plans"); n != 0 {
		t.Errorf("%d refused records written", n)
	}

	// Follow-ups and the reintegration plan, on a released case.
	released := time.Now().AddDate(0, -1, 0)
	rel := e.newCase(caseFixture{phase: "reintegration", released: &released})
	p := prac.do("POST", "/api/v1/cases/"+rel+"/follow-ups", map[string]any{"held_on": daysAgo(1), "housing": "stable",
		"work_education": "employed", "family_contact": "regular", "supervision_compliance": "compliant", "new_offence": "arrest",
		"offence_category": "09051", "offence_on": "0001-01-01"}).problem(422)
	if f := fieldErrors(p); len(f) != 1 || f[0] != "offence_on" {
		t.Errorf("follow-up offence in year one: fields %v", f)
	}
	p = prac.do("PUT", "/api/v1/cases/"+rel+"/reintegration-plan", map[string]any{"planned_release": "0000-01-01"}).problem(422)
	if f := fieldErrors(p); len(f) != 1 || f[0] != "planned_release" {
		t.Errorf("reintegration plan released in year zero: fields %v", f)
	}
	// A case's release cannot predate its intake either.
	pre := e.newCase(caseFixture{phase: "pre_release"})
	p = prac.do("PATCH", "/api/v1/cases/"+pre, map[string]any{"expected_release_date": "0000-01-01"}, "If-Match", fmt.Sprintf(`"%d"`, e.count("SELECT version FROM cases WHERE id = $1", pre))).problem(422)
	if f := fieldErrors(p); len(f) != 1 || f[0] != "expected_release_date" {
		t.Errorf("release in year zero: fields %v", f)
	}
}

// An intake's consent cannot be dated in an impossible past either.
func TestIntakeConsentCannotBeInAnImpossiblePast(t *testing.T) {
	e := newEnv(t)
	pr := e.as("practitioner")
	for _, d := range []string{"0000-01-01", "1890-06-01", "1990-01-01"} { // the participant was born in 1995
		p := pr.do("POST", "/api/v1/cases", e.intakeBody(e.world.Northgate, map[string]any{"consent_date": d})).problem(422)
		if f := fieldErrors(p); len(f) != 1 || f[0] != "consent_date" {
			t.Errorf("consent on %s: fields %v", d, f)
		}
	}
}
