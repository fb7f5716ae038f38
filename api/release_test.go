package api_test

import (
	"slices"
	"testing"
	"time"
)

func items(r *response) []map[string]any {
	r.t.Helper()
	var out []map[string]any
	for _, it := range r.json()["items"].([]any) {
		out = append(out, it.(map[string]any))
	}
	return out
}

func dateIn(days int) string { return time.Now().UTC().AddDate(0, 0, days).Format(time.DateOnly) }

// A release is recorded in pre-release on a custodial case, once per stay, never in the
// future; it changes the case (If-Match, new ETag) and is kept with its number.
func TestReleaseRecordedInPreRelease(t *testing.T) {
	e := newEnv(t)
	pr := e.as("practitioner")
	id := e.newCase(caseFixture{phase: "intervention"})
	path := "/api/v1/cases/" + id + "/releases"
	body := map[string]any{"released_on": dateIn(0), "release_type": "parole", "supervising_agency": "Probation service",
		"conditions": "Reports weekly; curfew at night"}
	pr.do("POST", path, body).problem(428)
	if p := pr.do("POST", path, body, "If-Match", e.etag(pr, id)).problem(422); !slices.Contains(fieldErrors(p), "released_on") {
		t.Errorf("in intervention: %v", p)
	}
	e.forcePhase(id, "pre_release")
	for _, bad := range []struct {
		edit  map[string]any
		field string
	}{
		{map[string]any{"released_on": dateIn(1)}, "released_on"},
		{map[string]any{"released_on": dateIn(-400)}, "released_on"}, // before the case opened
		{map[string]any{"release_type": "escape"}, "release_type"},
		{map[string]any{"release_type": nil}, "release_type"},
		{map[string]any{"conditions": "Call Mr. Jansen on 0612345678"}, "conditions"},
	} {
		b := map[string]any{}
		for k, v := range body {
			b[k] = v
		}
		for k, v := range bad.edit {
			if v == nil {
				delete(b, k)
			} else {
				b[k] = v
			}
		}
		if p := pr.do("POST", path, b, "If-Match", e.etag(pr, id)).problem(422); !slices.Contains(fieldErrors(p), bad.field) {
			t.Errorf("%v: %v", bad.edit, fieldErrors(p))
		}
	}
	r := pr.do("POST", path, body, "If-Match", e.etag(pr, id)).want(201)
	rel := r.json()
	if rel["number"] != float64(1) || rel["status"] != "recorded" || rel["type_group"] != "conditional" || rel["entered_on"] != nil {
		t.Fatalf("release: %v", rel)
	}
	if r.header.Get("ETag") != e.etag(pr, id) {
		t.Error("the answer's ETag is not the case's")
	}
	var k caseOut
	pr.do("GET", "/api/v1/cases/"+id, nil).want(200).decode(&k)
	if k.ActualReleaseDate == nil || *k.ActualReleaseDate != dateIn(0) {
		t.Errorf("the case does not name its release: %+v", k)
	}
	pr.do("POST", path, body, "If-Match", e.etag(pr, id)).problem(409) // one at a time: correct it instead
	// Corrected: the day before; a stale If-Match is refused.
	rid := rel["id"].(string)
	pr.do("PATCH", path+"/"+rid, map[string]any{"released_on": dateIn(-1)}, "If-Match", `"1"`).problem(412)
	if got := pr.do("PATCH", path+"/"+rid, map[string]any{"released_on": dateIn(-1), "conditions": "Reports weekly"},
		"If-Match", e.etag(pr, id)).want(200).json(); got["released_on"] != dateIn(-1) || got["conditions"] != "Reports weekly" {
		t.Errorf("corrected: %v", got)
	}
	if p := pr.do("PATCH", path+"/"+rid, map[string]any{"recall_outcome": "remanded"}, "If-Match", e.etag(pr, id)).problem(422); !slices.Contains(fieldErrors(p), "recall_outcome") {
		t.Errorf("what followed a recall that did not happen: %v", p)
	}
	pr.do("PATCH", path+"/00000000-0000-0000-0000-000000000000", map[string]any{"conditions": "x"}, "If-Match", e.etag(pr, id)).problem(404)
	// Out of the caller's caseload: 404, and audited as denied.
	e.as("practitioner2").do("GET", path, nil).problem(404)
	if e.auditCount("release.create", id) != 1 || e.auditCount("release.update", id) != 1 {
		t.Error("release writes not audited")
	}
	// A community case has no release.
	com := e.newCase(caseFixture{phase: "pre_release"})
	e.exec("UPDATE cases SET track = 'non_custodial' WHERE id = $1", com)
	if p := pr.do("POST", "/api/v1/cases/"+com+"/releases", body, "If-Match", e.etag(pr, com)).problem(422); !slices.Contains(fieldErrors(p), "released_on") {
		t.Errorf("community case: %v", p)
	}
}

// Back from pre-release (parole refused, release postponed): a reason and approval, only while
// no release is recorded; the expected release date is cleared.
func TestBackFromPreRelease(t *testing.T) {
	e := newEnv(t)
	pr, sup := e.as("practitioner"), e.as("supervisor")
	id := e.newCase(caseFixture{phase: "pre_release"})
	e.exec("UPDATE cases SET expected_release_date = current_date + 30 WHERE id = $1", id)
	if p := e.transition(pr, id, map[string]any{"to": "intervention"}).problem(422); !slices.Equal(fieldErrors(p), []string{"reason"}) {
		t.Errorf("without a reason: %v", fieldErrors(p))
	}
	pr.do("POST", "/api/v1/cases/"+id+"/releases", map[string]any{"released_on": dateIn(0), "release_type": "end_of_sentence"},
		"If-Match", e.etag(pr, id)).want(201)
	p := e.transition(pr, id, map[string]any{"to": "intervention", "reason": "Parole refused"}).problem(422)
	if f := p["errors"].([]any)[0].(map[string]any); f["field"] != "actual_release_date" || f["reason"] != "recorded" {
		t.Errorf("with a release recorded: %v", p)
	}
	// The release did not happen after all: removed, then back to intervention.
	pr.do("PATCH", "/api/v1/cases/"+id, map[string]any{"actual_release_date": nil}, "If-Match", e.etag(pr, id)).want(200)
	approval := e.approvalOf(e.transition(pr, id, map[string]any{"to": "intervention", "reason": "Parole refused by the board"}).want(202))
	sup.do("POST", "/api/v1/approvals/"+approval+"/approve", map[string]any{}).want(200)
	var k caseOut
	pr.do("GET", "/api/v1/cases/"+id, nil).want(200).decode(&k)
	if k.Phase != "intervention" || k.ExpectedReleaseDate != nil || k.ActualReleaseDate != nil {
		t.Errorf("after parole refused: %+v", k)
	}
}

// Closed as reoffended or recalled from reintegration: the recall is recorded on the release
// (its day and reason are required), and what followed is said later.
func TestClosedOnRecallRecordsIt(t *testing.T) {
	e := newEnv(t)
	pr, sup := e.as("practitioner"), e.as("supervisor")
	released := time.Now().UTC().AddDate(0, -4, 0)
	id := e.newCase(caseFixture{phase: "reintegration", released: &released})
	body := map[string]any{"to": "closed", "closure_reason": "reoffended_recalled", "reason": "New conviction"}
	if p := e.transition(pr, id, body).problem(422); !slices.Equal(fieldErrors(p), []string{"recall"}) {
		t.Errorf("without the recall: %v", fieldErrors(p))
	}
	body["recall"] = map[string]any{"on": dateIn(-10), "reason": "new_offence"}
	approval := e.approvalOf(e.transition(pr, id, body).want(202))
	sup.do("POST", "/api/v1/approvals/"+approval+"/approve", map[string]any{}).want(200)
	rels := items(pr.do("GET", "/api/v1/cases/"+id+"/releases", nil).want(200))
	rc, _ := rels[0]["recall"].(map[string]any)
	if len(rels) != 1 || rels[0]["status"] != "recalled" || rc["on"] != dateIn(-10) || rc["reason"] != "new_offence" || rc["outcome"] != nil {
		t.Fatalf("release after the recall: %v", rels)
	}
	// The 3-month point was due before the recall and stays open (late follow-ups may still
	// come); the later ones are out of reach.
	states := map[string]string{}
	for _, pt := range items(pr.do("GET", "/api/v1/cases/"+id+"/follow-up-points", nil).want(200)) {
		states[fmtAny(pt["months"])] = pt["state"].(string) + ":" + fmtAny(pt["not_reached_reason"])
	}
	if states["3"] != "overdue:<nil>" || states["6"] != "not_reached:in_custody" || states["24"] != "not_reached:in_custody" {
		t.Errorf("points: %v", states)
	}
	// A closed case's records stay as they are, except for the follow-ups still to come.
	pr.do("PATCH", "/api/v1/cases/"+id+"/releases/"+rels[0]["id"].(string), map[string]any{"recall_outcome": "new_sentence"},
		"If-Match", e.etag(pr, id)).problem(409)
}

// What followed a recall is said once known, on the recalled release of an open case.
func TestRecallOutcomeLater(t *testing.T) {
	e := newEnv(t)
	pr, sup := e.as("practitioner"), e.as("supervisor")
	released := time.Now().UTC().AddDate(0, -2, 0)
	id := e.newCase(caseFixture{phase: "reintegration", released: &released})
	approval := e.approvalOf(e.transition(pr, id, map[string]any{"to": "intervention", "reason": "Arrested",
		"recall": map[string]any{"on": dateIn(-3), "reason": "new_offence", "outcome": "remanded"}}).want(202))
	sup.do("POST", "/api/v1/approvals/"+approval+"/approve", map[string]any{}).want(200)
	rid := items(pr.do("GET", "/api/v1/cases/"+id+"/releases", nil).want(200))[0]["id"].(string)
	got := pr.do("PATCH", "/api/v1/cases/"+id+"/releases/"+rid, map[string]any{"recall_outcome": "new_sentence"}, "If-Match", e.etag(pr, id)).want(200).json()
	if got["recall"].(map[string]any)["outcome"] != "new_sentence" {
		t.Errorf("what followed: %v", got)
	}
	// The day of a recalled release stays as it was.
	if p := pr.do("PATCH", "/api/v1/cases/"+id+"/releases/"+rid, map[string]any{"released_on": dateIn(-70)}, "If-Match", e.etag(pr, id)).problem(422); !slices.Contains(fieldErrors(p), "released_on") {
		t.Errorf("a recalled release's day: %v", p)
	}
}
