package api_test

import (
	"testing"
)

// Finding 7: PUT …/assessments/{aid} ignored If-Match, and a stale edit erased an assessor's
// overall judgement. A draft now has its own version, sent as its ETag; replacing it needs
// If-Match (428 without, 412 when stale).
func TestAssessmentUpdateNeedsACurrentIfMatch(t *testing.T) {
	e := newEnv(t)
	caseID := e.newCase(caseFixture{phase: "assessment"})
	prac, sup := e.as("practitioner"), e.as("supervisor")
	base := "/api/v1/cases/" + caseID + "/assessments"
	draft := map[string]any{"instrument_code": "pathways-open", "occasion": "baseline", "assessed_on": daysAgo(3),
		"ratings": fullRatings("M3"), "rationale": "Baseline after four interviews"}
	r := prac.do("POST", base, draft).want(201)
	created := r.json()
	etag := r.header.Get("ETag")
	if etag == "" {
		t.Fatal("a new assessment has no ETag")
	}
	aid := created["id"].(string)

	// The supervisor reads the draft (the list carries each assessment's version).
	items := sup.do("GET", base, nil).want(200).json()["items"].([]any)
	seen := items[0].(map[string]any)
	if seen["version"] == nil {
		t.Fatalf("listed assessment has no version: %v", seen)
	}

	// The assessor adds an overall judgement, with the ETag they hold.
	judged := map[string]any{}
	for k, v := range draft {
		judged[k] = v
	}
	judged["overall"] = "high"
	r = prac.do("PUT", base+"/"+aid, judged, "If-Match", etag).want(200)
	if r.header.Get("ETag") == "" || r.header.Get("ETag") == etag {
		t.Errorf("the revision's ETag: %q (was %q)", r.header.Get("ETag"), etag)
	}

	// Without If-Match, and with the version read before the assessor's edit: refused.
	prac.do("PUT", base+"/"+aid, draft).problem(428)
	sup.do("PUT", base+"/"+aid, draft, "If-Match", etag).problem(412)
	sup.do("PUT", base+"/"+aid, draft, "If-Match", `"not-a-version"`).problem(412)

	got := sup.do("GET", base, nil).want(200).json()["items"].([]any)[0].(map[string]any)
	if got["overall"] != "high" {
		t.Errorf("the assessor's overall judgement was overwritten: %v", got["overall"])
	}
}
