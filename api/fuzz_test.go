package api_test

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"pathways/api"
	"pathways/policy"
)

// The fuzz targets below drive the real app (every middleware, handler and store, on a
// seeded test database) with bodies, query strings and path segments the fuzzer makes up.
// Whatever comes in, the answer is never a 5xx and never a panic, and every refusal is a
// problem document. Their seed corpora run with every `go test`; `go test ./api -run '^$'
// -fuzz FuzzQueryParameters -fuzztime 60s` explores further.

// fuzzWorld is a server with a caller signed in for every route and a real id for every path
// parameter.
type fuzzWorld struct {
	e      *env
	routes []api.RouteInfo
	caller map[string]*client // by route, "METHOD path"
	params map[string]string  // path parameter (":id" in its route's context) → a real id
}

// newFuzzWorld lists the routes the targets exercise: all of them but sign-out, which would
// end the session the other requests ride on.
func newFuzzWorld(f *testing.F) *fuzzWorld {
	e := newEnvWith(f, fastLogin)
	pol, err := policy.New()
	if err != nil {
		f.Fatal(err)
	}
	w := &fuzzWorld{e: e, caller: map[string]*client{}, params: map[string]string{}}
	signedIn := map[string]*client{}
	for _, name := range []string{"practitioner", "supervisor", "admin", "auditor", "national"} {
		signedIn[name] = e.as(name)
	}
	roles := map[string]string{"practitioner": "practitioner", "supervisor": "supervisor", "admin": "admin", "auditor": "auditor",
		"national": "national_authority"}
	for _, r := range e.srv.RouteTable() {
		if r.Path == "/api/v1/auth/logout" {
			continue
		}
		key := r.Method + " " + r.Path
		switch r.Object {
		case "public":
			w.caller[key] = e.anon()
		case "signedin":
			w.caller[key] = signedIn["practitioner"]
		default:
			for _, name := range []string{"practitioner", "supervisor", "admin", "auditor", "national"} {
				if pol.Allow(roles[name], r.Object, r.Action) {
					w.caller[key] = signedIn[name]
					break
				}
			}
		}
		if w.caller[key] == nil {
			f.Fatalf("no caller may use %s", key)
		}
		w.routes = append(w.routes, r)
	}

	// Real records for the path parameters: a case of the practitioner's with an assessment,
	// a plan, and a milestone claim waiting in the approvals queue.
	prac := signedIn["practitioner"]
	caseID := e.newCase(caseFixture{phase: "intervention"})
	base := "/api/v1/cases/" + caseID
	aid := prac.do("POST", base+"/assessments", map[string]any{"instrument_code": "pathways-open", "occasion": "scheduled",
		"assessed_on": daysAgo(1), "ratings": fullRatings()}).want(201).json()["id"].(string)
	pid := prac.do("POST", base+"/plans", map[string]any{"goals": []map[string]any{{"need": "B1", "description": "Work on violence"}}}).
		want(201).json()["id"].(string)
	m := prac.do("POST", base+"/milestones", map[string]any{"definition_code": "housing_secured", "achieved_on": daysAgo(1),
		"evidence": "Tenancy agreed"}).want(201).json()
	target := e.world.Users["practitioner2"].ID // administrative routes act on this user
	var membership string
	if err := e.db.Pool().QueryRow(context.Background(), "SELECT id FROM memberships WHERE user_id = $1", target).Scan(&membership); err != nil {
		f.Fatal(err)
	}
	w.params = map[string]string{
		"/api/v1/users/:id": target, "/api/v1/users/:id/memberships/:mid": membership,
		"/api/v1/tokens/:id": "6f1c2d3e-4b5a-4c6d-8e7f-9a0b1c2d3e4f", "/api/v1/cases/:id": caseID,
		"/api/v1/cases/:id/assessments/:aid": aid, "/api/v1/cases/:id/milestones/:mid": m["id"].(string),
		"/api/v1/plans/:pid": pid, "/api/v1/approvals/:id": m["approval_id"].(string),
		"/api/v1/intervention-types/:code": "mentoring", "/api/v1/milestone-definitions/:code": "housing_secured",
		"/api/v1/instruments/:code": "pathways-open", "/api/v1/statistics/:indicator": "intakes",
	}
	return w
}

// path fills a route's parameters: with the given segment, or with real ids when it is nil.
func (w *fuzzWorld) path(r api.RouteInfo, segment *string) string {
	parts := strings.Split(r.Path, "/")
	prefix := ""
	for i, p := range parts {
		if i > 0 {
			prefix += "/"
		}
		prefix += p
		if !strings.HasPrefix(p, ":") {
			continue
		}
		switch {
		case segment != nil:
			parts[i] = escapeFuzz(*segment, true)
		default:
			// The id of the last parameter is keyed by the route up to it; an earlier one
			// (a case's :id before :aid) by its own prefix.
			parts[i] = w.params[prefix]
			if parts[i] == "" {
				parts[i] = w.params[r.Path]
			}
		}
	}
	return strings.Join(parts, "/")
}

// escapeFuzz keeps what the fuzzer made (percent signs and all: a bad escape is part of the
// test) but percent-encodes the bytes that cannot stand in a request line at all, so the
// request reaches the server rather than breaking the test's own HTTP framing.
func escapeFuzz(s string, segment bool) string {
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c <= ' ' || c >= 0x7f || c == '#' || (segment && (c == '/' || c == '?')) {
			fmt.Fprintf(&b, "%%%02X", c)
			continue
		}
		b.WriteByte(c)
	}
	return b.String()
}

func (w *fuzzWorld) route(i uint8) api.RouteInfo { return w.routes[int(i)%len(w.routes)] }

// check fails the test for a 5xx, and for a refusal that is not a problem document.
func check(t *testing.T, method, target string, r *response) {
	t.Helper()
	if r.status >= 500 {
		t.Fatalf("%s %s → %d: %s", method, target, r.status, r.body)
	}
	if r.status >= 400 && !strings.HasPrefix(r.header.Get("Content-Type"), "application/problem+json") {
		t.Fatalf("%s %s → %d without a problem document: %q %s", method, target, r.status, r.header.Get("Content-Type"), r.body)
	}
}

// FuzzRequestBodies sends made-up JSON bodies to every route that takes one.
func FuzzRequestBodies(f *testing.F) {
	w := newFuzzWorld(f)
	var writes []uint8
	for i, r := range w.routes {
		if r.Method != "GET" && r.Method != "DELETE" {
			writes = append(writes, uint8(i))
		}
	}
	for _, i := range writes {
		for _, body := range []string{`{}`, `{"name":"a\u0000b","username":"x\u0000","notes":"\u0000"}`, "{\"summary\":\"\xff\xfe\"}",
			`[{"a":[1e400]}]`, `{"held_on":"0000-01-01","achieved_on":"9999-12-31","assessed_on":"2024-02-30","limit":-1}`} {
			f.Add(i, []byte(body))
		}
	}
	// Bodies that pass the request's shape and carry a NUL into a text field.
	session := `{"intervention_type":"mentoring","held_on":"` + daysAgo(1) + `","minutes":60,"format":"individual","attendance":"attended","notes":"a\u0000"}`
	for path, body := range map[string]string{
		"/api/v1/auth/login":           `{"username":"a\u0000b","password":"not the password"}`,
		"/api/v1/facilities":           `{"country":"XA","name":"North\u0000gate","kind":"prison"}`,
		"/api/v1/cases/:id/sessions":   session,
		"/api/v1/intervention-types":   `{"code":"x\u0000","name":"x","practices":["GP15"]}`,
		"/api/v1/cases/:id/milestones": `{"definition_code":"housing\u0000secured","achieved_on":"` + daysAgo(1) + `","evidence":"x"}`,
	} {
		for i, r := range w.routes {
			if r.Path == path && r.Method == "POST" {
				f.Add(uint8(i), []byte(body))
			}
		}
	}
	f.Fuzz(func(t *testing.T, i uint8, body []byte) {
		r := w.route(i)
		if r.Method == "GET" || r.Method == "DELETE" {
			r = w.routes[writes[int(i)%len(writes)]]
		}
		target := w.path(r, nil)
		check(t, r.Method, target, w.caller[r.Method+" "+r.Path].sendRaw(t, r.Method, target, string(body)))
	})
}

// FuzzQueryParameters sends made-up query strings to every route.
func FuzzQueryParameters(f *testing.F) {
	w := newFuzzWorld(f)
	for i := range w.routes {
		for _, q := range []string{"", "limit=0&cursor=x", "limit=99999999999999999999&cursor=%ff", "from=0000-01-01&to=9999-12-31&by=facility&by=%00",
			"phase=closed&facility_id=not-a-uuid&overdue=maybe&format=sdmx&country=XB&kind=plan&actor=%ff&action=a%00"} {
			f.Add(uint8(i), q)
		}
	}
	f.Fuzz(func(t *testing.T, i uint8, query string) {
		r := w.route(i)
		target := w.path(r, nil) + "?" + escapeFuzz(query, false)
		body := ""
		if r.Method != "GET" && r.Method != "DELETE" {
			body = "{}"
		}
		check(t, r.Method, target, w.caller[r.Method+" "+r.Path].sendRaw(t, r.Method, target, body))
	})
}

// FuzzPathSegments puts made-up segments where the routes take ids and codes.
func FuzzPathSegments(f *testing.F) {
	w := newFuzzWorld(f)
	for i, r := range w.routes {
		if !strings.Contains(r.Path, ":") {
			continue
		}
		for _, seg := range []string{"", "%00", "%ff%fe", "..", "not-a-uuid", "00000000-0000-0000-0000-000000000000", strings.Repeat("9", 300)} {
			f.Add(uint8(i), seg)
		}
	}
	f.Fuzz(func(t *testing.T, i uint8, segment string) {
		r := w.route(i)
		target := w.path(r, &segment)
		body := ""
		if r.Method != "GET" && r.Method != "DELETE" {
			body = "{}"
		}
		check(t, r.Method, target, w.caller[r.Method+" "+r.Path].sendRaw(t, r.Method, target, body))
	})
}
