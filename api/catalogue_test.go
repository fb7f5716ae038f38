package api_test

import (
	"testing"
)

func TestPracticesForEveryoneSignedIn(t *testing.T) {
	e := newEnv(t)
	for _, who := range []string{"national", "auditor", "practitioner", "admin"} {
		var out struct {
			Items []struct {
				Code   string `json:"code"`
				Number int    `json:"number"`
				Status string `json:"status"`
			} `json:"items"`
		}
		e.as(who).do("GET", "/api/v1/practices", nil).want(200).decode(&out)
		if len(out.Items) != 25 || out.Items[0].Code != "GP1" || out.Items[24].Number != 25 || out.Items[5].Status != "unverified" {
			t.Fatalf("%s: unexpected practices %+v", who, out.Items)
		}
	}
}

func TestInterventionTypesAdministered(t *testing.T) {
	e := newEnv(t)
	admin, prac := e.as("admin"), e.as("practitioner")
	types := func(c *client, q string) map[string]map[string]any {
		out := map[string]map[string]any{}
		for _, it := range c.do("GET", "/api/v1/intervention-types"+q, nil).want(200).json()["items"].([]any) {
			m := it.(map[string]any)
			out[m["code"].(string)] = m
		}
		return out
	}
	if got := types(prac, "")["religious_dialogue"]["practices"].([]any); len(got) != 1 || got[0] != "GP12" {
		t.Fatalf("religious_dialogue practices: %v", got)
	}
	admin.do("POST", "/api/v1/intervention-types", `{"code":`).problem(400)
	for body, field := range map[string]string{
		`{"code":"Bad Code","name":"x","practices":["GP15"]}`:    "code",
		`{"code":"drama","name":"x","practices":["GP99"]}`:       "practices",
		`{"code":"drama","name":"x","practices":[]}`:             "practices",
		`{"code":"drama","name":"x","practices":["GP1","GP1"]}`:  "practices[1]",
		`{"code":"drama","practices":["GP23"]}`:                  "name",
		`{"code":"mentoring","name":"x","practices":["GP14"]}`:   "code",
		`{"code":"drama","name":"x","practices":["GP23"],"x":1}`: "x",
	} {
		p := admin.do("POST", "/api/v1/intervention-types", body).problem(422)
		if f := fieldErrors(p); len(f) == 0 || f[0] != field {
			t.Errorf("%s: fields %v, want %s", body, f, field)
		}
	}
	if n := e.count("SELECT count(*) FROM intervention_types WHERE code = 'drama'"); n != 0 {
		t.Fatal("a refused type was written")
	}
	created := admin.do("POST", "/api/v1/intervention-types", `{"code":"drama","name":"Drama","description":"Theatre work","practices":["GP23","GP15"]}`).want(201).json()
	if created["practices"].([]any)[0] != "GP15" && created["practices"].([]any)[0] != "GP23" {
		t.Fatalf("created: %v", created)
	}
	if _, ok := types(prac, "")["drama"]; !ok {
		t.Fatal("new type not listed")
	}
	r := admin.do("POST", "/api/v1/intervention-types/drama/retire", nil).want(200).json()
	if r["retired_at"] == nil {
		t.Fatal("not retired")
	}
	if _, ok := types(prac, "")["drama"]; ok {
		t.Fatal("a retired type is listed by default")
	}
	if _, ok := types(prac, "?include_retired=true")["drama"]; !ok {
		t.Fatal("a retired type is missing with include_retired")
	}
	admin.do("POST", "/api/v1/intervention-types/nosuch/retire", nil).problem(404)
	if n := e.count("SELECT count(*) FROM audit_events WHERE action IN ('intervention_type.create','intervention_type.retire') AND object_id = 'drama'"); n != 2 {
		t.Fatalf("audit events: %d", n)
	}
}

func TestMilestoneDefinitionsAdministered(t *testing.T) {
	e := newEnv(t)
	admin := e.as("admin")
	for body, field := range map[string]string{
		`{"code":"x_done","domain":"spiritual","name":"x","needs_verification":true,"practices":["GP18"]}`: "domain",
		`{"code":"x_done","domain":"social","name":"x","practices":["GP18"]}`:                              "needs_verification",
		`{"code":"x_done","domain":"social","name":"x","needs_verification":true,"practices":["GP0x"]}`:    "practices[0]",
	} {
		p := admin.do("POST", "/api/v1/milestone-definitions", body).problem(422)
		if f := fieldErrors(p); len(f) == 0 || f[0] != field {
			t.Errorf("%s: fields %v, want %s", body, f, field)
		}
	}
	m := admin.do("POST", "/api/v1/milestone-definitions", `{"code":"mentor_found","domain":"social","name":"Mentor found","needs_verification":false,"practices":["GP14"]}`).want(201).json()
	if m["needs_verification"] != false || m["domain"] != "social" {
		t.Fatalf("created: %v", m)
	}
	list := e.as("supervisor").do("GET", "/api/v1/milestone-definitions", nil).want(200).json()["items"].([]any)
	if len(list) != 13 {
		t.Fatalf("want 12 seeded + 1, got %d", len(list))
	}
	admin.do("POST", "/api/v1/milestone-definitions/mentor_found/retire", nil).want(200)
	admin.do("POST", "/api/v1/milestone-definitions/nosuch/retire", nil).problem(404)
}

func TestInstruments(t *testing.T) {
	e := newEnv(t)
	admin, prac := e.as("admin"), e.as("practitioner")
	list := prac.do("GET", "/api/v1/instruments", nil).want(200).json()["items"].([]any)
	if len(list) != 1 || list[0].(map[string]any)["items"].(float64) != 15 {
		t.Fatalf("instruments: %v", list)
	}
	open := prac.do("GET", "/api/v1/instruments/pathways-open", nil).want(200).json()
	if open["version"] != "1" || len(open["definition"].(map[string]any)["domains"].([]any)) != 5 {
		t.Fatalf("open instrument: %v", open)
	}
	prac.do("GET", "/api/v1/instruments/pathways-open?version=9", nil).problem(404)
	prac.do("GET", "/api/v1/instruments/nosuch", nil).problem(404)

	// A licensed instrument, loaded by its licence holder, without item texts.
	licensed := `{"code":"erg22","version":"2024","name":"ERG22+ (licensed)","licence":"held by the ministry","review_interval_days":365,
		"definition":{"scale":{"min":0,"max":2},"domains":[{"code":"engagement","name":"Engagement","items":[{"code":"E1","polarity":"risk"},{"code":"E2","polarity":"risk"}]},
		{"code":"intent","name":"Intent","items":[{"code":"N1","polarity":"risk"}]}]}}`
	admin.do("POST", "/api/v1/instruments", licensed).want(201)
	admin.do("POST", "/api/v1/instruments", licensed).problem(422) // the same version twice
	got := prac.do("GET", "/api/v1/instruments/erg22", nil).want(200).json()
	if got["licence"] != "held by the ministry" || got["review_interval_days"].(float64) != 365 {
		t.Fatalf("licensed: %v", got)
	}
	admin.do("POST", "/api/v1/instruments", `{"code":"x"`).problem(400)
	for body, field := range map[string]string{
		`{"code":"t1","version":"1","name":"T","review_interval_days":90,"definition":{"scale":{"min":2,"max":2},"domains":[{"code":"d","name":"D","items":[{"code":"A","polarity":"risk"}]}]}}`:                                                                        "definition.scale",
		`{"code":"t1","version":"1","name":"T","review_interval_days":90,"definition":{"scale":{"min":0,"max":2},"domains":[{"code":"d","name":"D","items":[{"code":"A","polarity":"risk"}]},{"code":"e","name":"E","items":[{"code":"A","polarity":"protective"}]}]}}`: "definition.domains[1].items[0].code",
		`{"code":"t1","version":"1","name":"T","review_interval_days":90,"definition":{"scale":{"min":0,"max":2},"domains":[{"code":"d","name":"D","items":[{"code":"A","polarity":"neutral"}]}]}}`:                                                                     "definition.domains[0].items[0].polarity",
		`{"code":"t1","version":"1","name":"T","review_interval_days":3,"definition":{"scale":{"min":0,"max":2},"domains":[{"code":"d","name":"D","items":[{"code":"A","polarity":"risk"}]}]}}`:                                                                         "review_interval_days",
		`{"code":"t1","version":"1","name":"T","review_interval_days":90,"definition":{"scale":{"min":0,"max":2},"domains":[]}}`:                                                                                                                                        "definition.domains",
		`{"code":"t1","version":"1","name":"T","review_interval_days":90,"definition":{"scale":{"min":0,"max":2,"labels":{"7":"x"}},"domains":[{"code":"d","name":"D","items":[{"code":"A","polarity":"risk"}]}]}}`:                                                     "definition.scale.labels",
	} {
		p := admin.do("POST", "/api/v1/instruments", body).problem(422)
		if f := fieldErrors(p); len(f) == 0 || f[0] != field {
			t.Errorf("fields %v, want %s for %s", f, field, body)
		}
	}
	if n := e.count("SELECT count(*) FROM instruments WHERE code = 't1'"); n != 0 {
		t.Fatal("a refused instrument was written")
	}
}

func TestClosureReasonsAndOffenceCategories(t *testing.T) {
	e := newEnv(t)
	c := e.as("supervisor")
	if n := len(c.do("GET", "/api/v1/closure-reasons", nil).want(200).json()["items"].([]any)); n != 7 {
		t.Fatalf("closure reasons: %d", n)
	}
	items := c.do("GET", "/api/v1/offence-categories", nil).want(200).json()["items"].([]any)
	found := false
	for _, it := range items {
		m := it.(map[string]any)
		if m["code"] == "09051" && m["parent"] == "0905" && m["level"].(float64) == 3 {
			found = true
		}
	}
	if !found {
		t.Fatal("ICCS 09051 missing")
	}
}
