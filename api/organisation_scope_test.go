package api_test

import (
	"fmt"
	"testing"
)

// The facility and programme lists mark what the caller's forms may offer, and the mark
// agrees with intake: every facility marked in_my_scope takes the caller's intake (with a
// marked programme of its country), every other one is refused as not in scope.
func TestOrganisationListsMarkWhatTheCallerMayChoose(t *testing.T) {
	e := newEnv(t)
	want := map[string]map[string]bool{ // user → facility name → in scope
		"practitioner":  {"Northgate": true, "Riverside": false, "Harbour": false},
		"practitioner2": {"Northgate": false, "Riverside": true, "Harbour": false},
		"supervisor":    {"Northgate": true, "Riverside": true, "Harbour": false},
		"supervisorxb":  {"Northgate": false, "Riverside": false, "Harbour": true},
	}
	wantProg := map[string]map[string]bool{
		"practitioner":  {"Programme A": true, "Programme B": false},
		"practitioner2": {"Programme A": true, "Programme B": false},
		"supervisor":    {"Programme A": true, "Programme B": false},
		"supervisorxb":  {"Programme A": false, "Programme B": true},
	}
	for user, facilities := range want {
		c := e.as(user)
		progByCountry := map[string]string{}
		for _, it := range c.do("GET", "/api/v1/programmes", nil).want(200).json()["items"].([]any) {
			g := it.(map[string]any)
			if got := g["in_my_scope"]; got != wantProg[user][g["name"].(string)] {
				t.Errorf("%s: programme %s in_my_scope = %v", user, g["name"], got)
			}
			progByCountry[g["country"].(string)] = g["id"].(string)
		}
		items := c.do("GET", "/api/v1/facilities", nil).want(200).json()["items"].([]any)
		if len(items) != 3 {
			t.Fatalf("%s: %d facilities, want all 3 (names stay readable)", user, len(items))
		}
		for i, it := range items {
			f := it.(map[string]any)
			name, in := f["name"].(string), f["in_my_scope"]
			if in != facilities[name] {
				t.Errorf("%s: %s in_my_scope = %v, want %v", user, name, in, facilities[name])
			}
			body := e.intakeBody(f["id"].(string), map[string]any{"programme_id": progByCountry[f["country"].(string)],
				"participant": map[string]any{"birth_year": 1990 + i, "gender": "male", "nationality": f["country"], "categories": []string{}}})
			r := c.do("POST", "/api/v1/cases", body, "Idempotency-Key", fmt.Sprintf("scope-%s-%d", user, i))
			if in == true {
				r.want(201)
			} else if p := r.problem(422); !hasFieldProblem(p, "facility_id", "not_in_scope") {
				t.Errorf("%s at %s: %v", user, name, p)
			}
		}
	}
}
