package api_test

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"
)

// events lists a case's timeline entries of a kind with their practices.
func (e *env) eventPractices(caseID, kind string) [][]string {
	e.t.Helper()
	rows, err := e.db.Pool().Query(context.Background(), "SELECT practices FROM case_events WHERE case_id = $1 AND kind = $2 ORDER BY id", caseID, kind)
	if err != nil {
		e.t.Fatal(err)
	}
	defer rows.Close()
	var out [][]string
	for rows.Next() {
		var p []string
		if err := rows.Scan(&p); err != nil {
			e.t.Fatal(err)
		}
		out = append(out, p)
	}
	return out
}

func fullRatings(except ...string) []map[string]any {
	var out []map[string]any
	for _, code := range []string{"B1", "B2", "B3", "I1", "I2", "I3", "N1", "N2", "N3", "C1", "C2", "C3", "M1", "M2", "M3"} {
		if strings.Contains(strings.Join(except, ","), code) {
			continue
		}
		if code == "C1" {
			out = append(out, map[string]any{"item_code": code, "not_rated": true, "evidence": "no information yet"})
			continue
		}
		out = append(out, map[string]any{"item_code": code, "rating": 1, "evidence": "seen in sessions"})
	}
	return out
}

func TestAssessmentDraftFinalAndCorrection(t *testing.T) {
	e := newEnv(t)
	caseID := e.newCase(caseFixture{phase: "assessment"})
	prac := e.as("practitioner")
	base := "/api/v1/cases/" + caseID + "/assessments"
	assessedOn := daysAgo(3)
	draft := map[string]any{"instrument_code": "pathways-open", "occasion": "baseline", "assessed_on": assessedOn,
		"ratings": fullRatings("M3"), "rationale": "Baseline after four interviews"}

	// Bad inputs: nothing is written.
	prac.do("POST", base, `{"instrument_code":`).problem(400)
	bad := []struct {
		mutate func(m map[string]any)
		field  string
	}{
		{func(m map[string]any) { m["ratings"] = []map[string]any{{"item_code": "Z9", "rating": 1}} }, "ratings[0].item_code"},
		{func(m map[string]any) { m["ratings"] = []map[string]any{{"item_code": "B1", "rating": 3}} }, "ratings[0].rating"},
		{func(m map[string]any) {
			m["ratings"] = []map[string]any{{"item_code": "B1", "rating": 1, "not_rated": true}}
		}, "ratings[0].rating"},
		{func(m map[string]any) { m["ratings"] = []map[string]any{{"item_code": "B1"}} }, "ratings[0].rating"},
		{func(m map[string]any) {
			m["ratings"] = []map[string]any{{"item_code": "B1", "rating": 1}, {"item_code": "B1", "rating": 2}}
		}, "ratings[1].item_code"},
		{func(m map[string]any) { m["assessed_on"] = time.Now().AddDate(0, 0, 2).Format(time.DateOnly) }, "assessed_on"},
		{func(m map[string]any) { m["assessed_on"] = "03/04/2025" }, "assessed_on"},
		{func(m map[string]any) { m["occasion"] = "whenever" }, "occasion"},
		{func(m map[string]any) { m["overall"] = "extreme" }, "overall"},
		{func(m map[string]any) { m["instrument_code"] = "nosuch" }, "instrument_code"},
		{func(m map[string]any) { m["supersedes"] = "00000000-0000-0000-0000-000000000000" }, "supersedes"},
		{func(m map[string]any) { m["rationale"] = "Discussed with Dr Haddad" }, "rationale"},
	}
	for i, b := range bad {
		m := map[string]any{}
		for k, v := range draft {
			m[k] = v
		}
		b.mutate(m)
		p := prac.do("POST", base, m).problem(422)
		if f := fieldErrors(p); len(f) == 0 || f[0] != b.field {
			t.Errorf("bad input %d: fields %v, want %s", i, f, b.field)
		}
	}
	if n := e.count("SELECT count(*) FROM assessments WHERE case_id = $1", caseID); n != 0 {
		t.Fatalf("refused assessments were written: %d", n)
	}

	a := prac.do("POST", base, draft).want(201).json()
	aid := a["id"].(string)
	if a["status"] != "draft" || a["overall"] != nil || len(a["ratings"].([]any)) != 14 {
		t.Fatalf("draft: %v", a)
	}
	// Incomplete: no overall judgement, M3 missing.
	p := prac.do("POST", base+"/"+aid+"/finalise", nil, "If-Match", `"1"`).problem(422)
	if f := fieldErrors(p); len(f) != 2 || f[0] != "overall" || f[1] != "ratings" {
		t.Fatalf("finalise incomplete: %v", f)
	}
	// The missing item is named, so the form can list and mark it (trial 16, M5).
	if e := p["errors"].([]any)[1].(map[string]any); e["reason"] != "incomplete" || fmt.Sprint(e["params"]) != "map[item:M3]" {
		t.Fatalf("finalise incomplete: the missing item is not named: %v", e)
	}
	// Complete the draft, then finalise.
	draft["ratings"], draft["overall"] = fullRatings(), "moderate"
	prac.do("PUT", base+"/"+aid, draft, "If-Match", `"1"`).want(200)
	f := prac.do("POST", base+"/"+aid+"/finalise", nil, "If-Match", `"2"`).want(200).json()
	wantReview := parseDay(t, assessedOn).AddDate(0, 0, 180).Format(time.DateOnly)
	if f["status"] != "final" || f["overall"] != "moderate" || f["next_review_date"] != wantReview || f["finalised_at"] == nil {
		t.Fatalf("final: %v", f)
	}
	var caseReview time.Time
	if err := e.db.Pool().QueryRow(context.Background(), "SELECT next_review_date FROM cases WHERE id = $1", caseID).Scan(&caseReview); err != nil ||
		caseReview.Format(time.DateOnly) != wantReview {
		t.Fatalf("case next review %v (%v), want %s", caseReview, err, wantReview)
	}
	// A final assessment is never edited, through the API or behind its back.
	prac.do("PUT", base+"/"+aid, draft, "If-Match", fmt.Sprintf(`"%v"`, f["version"])).problem(409)
	prac.do("POST", base+"/"+aid+"/finalise", nil, "If-Match", fmt.Sprintf(`"%v"`, f["version"])).problem(409)
	if _, err := e.db.Pool().Exec(context.Background(), "UPDATE assessments SET overall = 'low' WHERE id = $1", aid); err == nil {
		t.Fatal("the database let a final assessment change")
	}
	if _, err := e.db.Pool().Exec(context.Background(), "UPDATE assessment_ratings SET rating = 2 WHERE assessment_id = $1", aid); err == nil {
		t.Fatal("the database let a final assessment's rating change")
	}
	// A correction is a new assessment superseding the old one.
	draft["supersedes"], draft["overall"] = aid, "high"
	c := prac.do("POST", base, draft).want(201).json()
	prac.do("POST", base+"/"+c["id"].(string)+"/finalise", nil, "If-Match", `"1"`).want(200)
	list := prac.do("GET", base, nil).want(200).json()["items"].([]any)
	if len(list) != 2 {
		t.Fatalf("want 2 assessments, got %d", len(list))
	}
	var corrected, original map[string]any
	for _, x := range list {
		m := x.(map[string]any)
		if m["id"] == aid {
			original = m
		} else {
			corrected = m
		}
	}
	if original["overall"] != "moderate" || corrected["supersedes"] != aid || corrected["overall"] != "high" {
		t.Fatalf("original %v, correction %v", original["overall"], corrected)
	}
	// Timeline: drafts evidence nothing; a finalised assessment evidences GP3 and GP8.
	if got := e.eventPractices(caseID, "assessment.created"); len(got) != 2 || len(got[0]) != 0 {
		t.Fatalf("assessment.created practices: %v", got)
	}
	if got := e.eventPractices(caseID, "assessment.finalised"); len(got) != 2 || strings.Join(got[0], ",") != "GP3,GP8" {
		t.Fatalf("assessment.finalised practices: %v", got)
	}
	if n := e.count("SELECT count(*) FROM audit_events WHERE object_id = $1 AND action = 'assessment.finalise'", caseID); n != 2 {
		t.Fatalf("finalise audit events: %d", n)
	}
	// Out of scope: another facility's practitioner, another country's supervisor.
	for _, who := range []string{"practitioner2", "supervisorxb"} {
		c := e.as(who)
		c.do("GET", base, nil).problem(404)
		c.do("POST", base, draft).problem(404)
		c.do("POST", base+"/"+aid+"/finalise", nil, "If-Match", `"1"`).problem(404)
	}
	e.as("supervisor").do("GET", base, nil).want(200)
}

func parseDay(t *testing.T, s string) time.Time {
	d, err := time.Parse(time.DateOnly, s)
	if err != nil {
		t.Fatal(err)
	}
	return d
}

func TestAssessmentFinaliseOnlyByAssessorOrSupervisor(t *testing.T) {
	e := newEnv(t)
	caseID := e.newCase(caseFixture{phase: "assessment"})
	// A second practitioner at Northgate on the same team.
	if _, err := e.db.Pool().Exec(context.Background(), `INSERT INTO memberships (user_id, role, scope_kind, country, facility_id)
		VALUES ($1, 'practitioner', 'facility', 'XA', $2)`, e.world.Users["practitioner2"].ID, e.world.Northgate); err != nil {
		t.Fatal(err)
	}
	if _, err := e.db.Pool().Exec(context.Background(), `INSERT INTO case_team (case_id, user_id, discipline) VALUES ($1, $2, 'psychologist')`,
		caseID, e.world.Users["practitioner2"].ID); err != nil {
		t.Fatal(err)
	}
	base := "/api/v1/cases/" + caseID + "/assessments"
	body := map[string]any{"instrument_code": "pathways-open", "occasion": "baseline", "assessed_on": daysAgo(1), "ratings": fullRatings(), "overall": "low"}
	aid := e.as("practitioner").do("POST", base, body).want(201).json()["id"].(string)
	e.as("practitioner2").do("POST", base+"/"+aid+"/finalise", nil, "If-Match", `"1"`).problem(403)
	e.as("supervisor").do("POST", base+"/"+aid+"/finalise", nil, "If-Match", `"1"`).want(200)
}

func TestScreeningRefusesUnlessAcknowledged(t *testing.T) {
	e := newEnv(t)
	caseID := e.newCase(caseFixture{})
	prac := e.as("practitioner")
	path := "/api/v1/cases/" + caseID + "/sessions"
	body := map[string]any{"intervention_type": "religious_dialogue", "held_on": daysAgo(1), "minutes": 60, "format": "individual",
		"attendance": "attended", "engagement": 4, "notes": "Asked us to call his brother on 0612-345-678 or brother@example.org"}
	p := prac.do("POST", path, body).problem(422)
	errs := p["errors"].([]any)
	first := errs[0].(map[string]any)
	if len(errs) != 1 || first["field"] != "notes" || first["reason"] != "identifier_suspected" ||
		!strings.Contains(first["detail"].(string), "phone") || !strings.Contains(first["detail"].(string), "email") {
		t.Fatalf("refusal: %v", p)
	}
	// The refusal quotes what was found, so the author can judge it.
	if f, _ := first["findings"].([]any); len(f) != 2 || f[0].(map[string]any)["text"] != "0612-345-678" || f[1].(map[string]any)["text"] != "brother@example.org" {
		t.Fatalf("findings: %v", first["findings"])
	}
	if n := e.count("SELECT count(*) FROM intervention_sessions") + e.count("SELECT count(*) FROM case_events WHERE case_id = $1", caseID); n != 0 {
		t.Fatalf("a refused session left %d rows", n)
	}
	body["acknowledge_identifiers"] = true
	s := prac.do("POST", path, body).want(201).json()
	var det string
	if err := e.db.Pool().QueryRow(context.Background(), `SELECT details FROM audit_events WHERE action = 'identifiers.acknowledged' AND object_id = $1`, caseID).Scan(&det); err != nil {
		t.Fatalf("no acknowledgement in the audit trail: %v", err)
	}
	if !strings.Contains(det, `"kinds":["email","phone"]`) || !strings.Contains(det, s["id"].(string)) ||
		// Whole pieces of what was found: a random record id holds "345" one time in a few.
		strings.Contains(det, "0612-345-678") || strings.Contains(det, "brother@") || strings.Contains(det, "example.org") {
		t.Fatalf("acknowledgement details: %s", det)
	}
}

func TestSessionsForOneCaseAndForAGroup(t *testing.T) {
	e := newEnv(t)
	a, b := e.newCase(caseFixture{}), e.newCase(caseFixture{})
	other := e.newCase(caseFixture{facility: e.world.Riverside, programme: e.world.ProgrammeXA, country: "XA", teamMember: "practitioner2"})
	prac := e.as("practitioner")
	path := "/api/v1/cases/" + a + "/sessions"
	ok := map[string]any{"intervention_type": "religious_dialogue", "held_on": daysAgo(2), "minutes": 90, "format": "individual", "attendance": "attended", "engagement": 3}
	with := func(k string, v any) map[string]any {
		m := map[string]any{}
		for x, y := range ok {
			m[x] = y
		}
		if v == nil {
			delete(m, k)
		} else {
			m[k] = v
		}
		return m
	}
	prac.do("POST", path, "not json").problem(400)
	for _, c := range []struct {
		body  map[string]any
		field string
	}{
		{with("attendance", "excused_absence"), "engagement"},
		{with("engagement", 6), "engagement"},
		{with("held_on", time.Now().AddDate(0, 0, 1).Format(time.DateOnly)), "held_on"},
		{with("minutes", 0), "minutes"},
		{with("minutes", 721), "minutes"},
		{with("format", "online"), "format"},
		{with("attendance", nil), "attendance"},
		{with("intervention_type", "astrology"), "intervention_type"},
		{with("delivered_by", e.world.Users["practitioner2"].ID), "delivered_by"},
	} {
		p := prac.do("POST", path, c.body).problem(422)
		if f := fieldErrors(p); len(f) == 0 || f[0] != c.field {
			t.Errorf("%v: fields %v, want %s", c.body, f, c.field)
		}
	}
	if n := e.count("SELECT count(*) FROM intervention_sessions"); n != 0 {
		t.Fatalf("refused sessions written: %d", n)
	}
	s := prac.do("POST", path, ok).want(201).json()
	if s["delivered_by"] != e.world.Users["practitioner"].ID || s["facility_id"] != e.world.Northgate {
		t.Fatalf("session: %v", s)
	}
	// A supervisor may be named as having delivered it.
	prac.do("POST", path, with("delivered_by", e.world.Users["supervisor"].ID)).want(201)
	if got := e.eventPractices(a, "session"); len(got) != 2 || strings.Join(got[0], ",") != "GP12" {
		t.Fatalf("session practices: %v", got)
	}

	// A group session: recorded once, visible on each participant's case.
	group := map[string]any{"intervention_type": "cognitive_skills", "held_on": daysAgo(1), "minutes": 120, "format": "group",
		"participants": []map[string]any{{"case_id": a, "attendance": "late", "engagement": 2}, {"case_id": b, "attendance": "refused"}}}
	g := prac.do("POST", "/api/v1/sessions", group).want(201).json()
	if len(g["participants"].([]any)) != 2 {
		t.Fatalf("group: %v", g)
	}
	if n := e.count("SELECT count(*) FROM session_attendance WHERE session_id = $1", g["id"]); n != 2 {
		t.Fatalf("attendance rows: %d", n)
	}
	for _, id := range []string{a, b} {
		items := prac.do("GET", "/api/v1/cases/"+id+"/sessions", nil).want(200).json()["items"].([]any)
		first := items[0].(map[string]any)
		parts := first["participants"].([]any)
		if first["id"] != g["id"] || len(parts) != 1 || parts[0].(map[string]any)["case_id"] != id {
			t.Fatalf("case %s sessions: %v", id, items)
		}
		if got := e.eventPractices(id, "session"); strings.Join(got[len(got)-1], ",") != "GP15" {
			t.Fatalf("group session practices on %s: %v", id, got)
		}
	}
	// One participant out of the caller's sight: 404, and nothing written.
	before := e.count("SELECT count(*) FROM intervention_sessions")
	group["participants"] = []map[string]any{{"case_id": a, "attendance": "attended"}, {"case_id": other, "attendance": "attended"}}
	prac.do("POST", "/api/v1/sessions", group).problem(404)
	if e.count("SELECT count(*) FROM intervention_sessions") != before {
		t.Fatal("a refused group session was written")
	}
	group["participants"] = []map[string]any{{"case_id": a, "attendance": "excused_absence", "engagement": 3}}
	if f := fieldErrors(prac.do("POST", "/api/v1/sessions", group).problem(422)); len(f) == 0 || f[0] != "participants[0].engagement" {
		t.Fatalf("group engagement field: %v", f)
	}
	prac.do("POST", "/api/v1/sessions", `{"participants":[]}`).problem(422)

	// Keyset pagination: three sessions on case a.
	page := prac.do("GET", path+"?limit=2", nil).want(200).json()
	if len(page["items"].([]any)) != 2 || page["next_cursor"] == nil {
		t.Fatalf("page 1: %v", page)
	}
	page2 := prac.do("GET", path+"?limit=2&cursor="+page["next_cursor"].(string), nil).want(200).json()
	if len(page2["items"].([]any)) != 1 || page2["next_cursor"] != nil {
		t.Fatalf("page 2: %v", page2)
	}
	prac.do("GET", path+"?cursor=garbage", nil).problem(400)
	prac.do("GET", path+"?limit=500", nil).problem(422)
	for _, who := range []string{"practitioner2", "supervisorxb"} {
		e.as(who).do("GET", path, nil).problem(404)
		e.as(who).do("POST", path, ok).problem(404)
	}
}

func TestPlansVersionsAndSubmission(t *testing.T) {
	e := newEnv(t)
	caseID := e.newCase(caseFixture{phase: "assessment"})
	prac := e.as("practitioner")
	path := "/api/v1/cases/" + caseID + "/plans"
	me := e.world.Users["practitioner"].ID
	plan := map[string]any{"summary": "First plan", "goals": []map[string]any{
		{"need": "B1", "description": "Work through attitudes to violence", "interventions": []string{"religious_dialogue", "cognitive_skills"},
			"responsible_id": me, "target_date": time.Now().AddDate(0, 6, 0).Format(time.DateOnly)}}}
	prac.do("POST", path, "{").problem(400)
	for body, field := range map[string]string{
		`{"summary":"x","goals":[]}`: "goals",
		`{"goals":[{"need":"B1","description":"x","interventions":["astrology"]}]}`:                                "goals[0].interventions",
		`{"goals":[{"need":"B1","description":"x","responsible_id":"` + e.world.Users["practitioner2"].ID + `"}]}`: "goals[0].responsible_id",
		`{"goals":[{"need":"B1","description":"x","target_date":"2025-13-01"}]}`:                                   "goals[0].target_date",
		`{"goals":[{"need":"B1","description":"Meet Sheikh Abdullah weekly"}]}`:                                    "goals[0].description",
		`{"goals":[{"need":"B1"}]}`: "goals[0].description",
	} {
		p := prac.do("POST", path, body).problem(422)
		if f := fieldErrors(p); len(f) == 0 || f[0] != field {
			t.Errorf("%s: fields %v, want %s", body, f, field)
		}
	}
	if n := e.count("SELECT count(*) FROM plans"); n != 0 {
		t.Fatal("refused plans written")
	}
	v1 := prac.do("POST", path, plan).want(201).json()
	v2 := prac.do("POST", path, plan).want(201).json()
	if v1["version"].(float64) != 1 || v2["version"].(float64) != 2 || v2["status"] != "draft" {
		t.Fatalf("versions: %v %v", v1["version"], v2["version"])
	}
	sub := prac.do("POST", "/api/v1/plans/"+v2["id"].(string)+"/submit", nil).want(200).json()
	if sub["status"] != "submitted" || sub["submitted_at"] == nil {
		t.Fatalf("submitted: %v", sub)
	}
	if n := e.count(`SELECT count(*) FROM approvals WHERE kind = 'plan' AND subject_id = $1 AND status = 'pending' AND requested_by = $2 AND case_id = $3`,
		v2["id"], me, caseID); n != 1 {
		t.Fatal("no pending approval for the plan")
	}
	prac.do("POST", "/api/v1/plans/"+v2["id"].(string)+"/submit", nil).problem(409)
	e.as("practitioner2").do("POST", "/api/v1/plans/"+v1["id"].(string)+"/submit", nil).problem(404)
	e.as("supervisorxb").do("GET", path, nil).problem(404)
	prac.do("POST", "/api/v1/plans/not-a-uuid/submit", nil).problem(404)
	if got := prac.do("GET", path, nil).want(200).json()["items"].([]any); len(got) != 2 {
		t.Fatalf("plans listed: %d", len(got))
	}
	if got := e.eventPractices(caseID, "plan.created"); len(got) != 2 || strings.Join(got[0], ",") != "GP7,GP8" {
		t.Fatalf("plan practices: %v", got)
	}
	intake := e.newCase(caseFixture{phase: "intake"})
	prac.do("POST", "/api/v1/cases/"+intake+"/plans", plan).problem(409)
}

func TestMilestonesClaimVerifyAndLapse(t *testing.T) {
	e := newEnv(t)
	caseID := e.newCase(caseFixture{})
	prac := e.as("practitioner")
	path := "/api/v1/cases/" + caseID + "/milestones"
	prac.do("POST", path, `[]`).problem(422)
	for body, field := range map[string]string{
		`{"definition_code":"astral_travel","achieved_on":"` + daysAgo(1) + `","evidence":"x"}`:                            "definition_code",
		`{"definition_code":"housing_secured","achieved_on":"` + daysAgo(-3) + `","evidence":"x"}`:                         "achieved_on",
		`{"definition_code":"housing_secured","achieved_on":"` + daysAgo(1) + `"}`:                                         "evidence",
		`{"definition_code":"housing_secured","achieved_on":"` + daysAgo(1) + `","evidence":"Flat at passport AB1234567"}`: "evidence",
	} {
		p := prac.do("POST", path, body).problem(422)
		if f := fieldErrors(p); len(f) == 0 || f[0] != field {
			t.Errorf("%s: fields %v, want %s", body, f, field)
		}
	}
	if e.count("SELECT count(*) FROM milestones") != 0 {
		t.Fatal("refused claims written")
	}
	// Needs verification: claimed, and a pending approval for the supervisors' queue.
	m := prac.do("POST", path, map[string]any{"definition_code": "housing_secured", "achieved_on": daysAgo(1), "evidence": "Tenancy agreed"}).want(201).json()
	if m["status"] != "claimed" || m["approval_id"] == nil {
		t.Fatalf("claim: %v", m)
	}
	if n := e.count("SELECT count(*) FROM approvals WHERE kind = 'milestone' AND subject_id = $1 AND status = 'pending'", m["id"]); n != 1 {
		t.Fatal("no pending approval for the claim")
	}
	// No verification needed: verified at once, no approval.
	d := prac.do("POST", path, map[string]any{"definition_code": "documents_obtained", "achieved_on": daysAgo(2), "evidence": "ID card issued"}).want(201).json()
	if d["status"] != "verified" || d["approval_id"] != nil || d["decided_at"] == nil {
		t.Fatalf("verified at once: %v", d)
	}
	// A claim evidences nothing until verified; a milestone verified at once evidences its practices.
	if got := e.eventPractices(caseID, "milestone.claimed"); len(got) != 1 || len(got[0]) != 0 {
		t.Fatalf("claimed practices: %v", got)
	}
	if got := e.eventPractices(caseID, "milestone.verified"); len(got) != 1 || strings.Join(got[0], ",") != "GP20" {
		t.Fatalf("verified practices: %v", got)
	}
	// Lapse a verified one; a claim still in the queue cannot lapse.
	lapse := map[string]any{"status": "lapsed", "reason": "Lost the documents again", "on": daysAgo(0)}
	prac.do("POST", path+"/"+m["id"].(string)+"/lapse", lapse).problem(409)
	prac.do("POST", path+"/"+d["id"].(string)+"/lapse", map[string]any{"status": "forgotten", "reason": "x", "on": daysAgo(0)}).problem(422)
	prac.do("POST", path+"/"+d["id"].(string)+"/lapse", map[string]any{"status": "lapsed", "reason": "x", "on": daysAgo(5)}).problem(422)
	l := prac.do("POST", path+"/"+d["id"].(string)+"/lapse", lapse).want(200).json()
	if l["status"] != "lapsed" || l["lapse_reason"] != "Lost the documents again" || l["lapsed_on"] != daysAgo(0) {
		t.Fatalf("lapsed: %v", l)
	}
	prac.do("POST", path+"/"+d["id"].(string)+"/lapse", lapse).problem(409)
	if got := e.eventPractices(caseID, "milestone.lapsed"); len(got) != 1 || len(got[0]) != 0 {
		t.Fatalf("lapse events: %v", got)
	}
	prac.do("POST", path+"/00000000-0000-0000-0000-000000000000/lapse", lapse).problem(404)
	if n := len(prac.do("GET", path, nil).want(200).json()["items"].([]any)); n != 2 {
		t.Fatalf("milestones listed: %d", n)
	}
	e.as("practitioner2").do("GET", path, nil).problem(404)
	e.as("supervisorxb").do("POST", path+"/"+d["id"].(string)+"/lapse", lapse).problem(404)
}

func TestReintegrationPlanWithItsOwnETag(t *testing.T) {
	e := newEnv(t)
	early := e.newCase(caseFixture{phase: "assessment"})
	caseID := e.newCase(caseFixture{phase: "pre_release"})
	prac := e.as("practitioner")
	path := "/api/v1/cases/" + caseID + "/reintegration-plan"
	plan := map[string]any{"planned_release": time.Now().AddDate(0, 3, 0).Format(time.DateOnly), "release_type": "parole", "supervising_agency": "Probation service",
		"items": []map[string]any{{"area": "housing", "status": "in_progress", "description": "Hostel place requested"}, {"area": "documents", "status": "not_started"}}}
	prac.do("PUT", "/api/v1/cases/"+early+"/reintegration-plan", plan).problem(409)
	prac.do("GET", path, nil).problem(404)
	prac.do("POST", path+"/submit", nil, "If-Match", `"1"`).problem(404)
	prac.do("PUT", path, "[").problem(400)
	for body, field := range map[string]string{
		`{"items":[{"area":"housing","status":"in_place"},{"area":"housing","status":"in_place"}]}`: "items[1].area",
		`{"items":[{"area":"garden","status":"in_place"}]}`:                                         "items[0].area",
		`{"release_type":"escape"}`: "release_type",
		`{"items":[{"area":"family","status":"in_place","description":"Mrs Haddad will host"}]}`: "items[0].description",
	} {
		p := prac.do("PUT", path, body).problem(422)
		if f := fieldErrors(p); len(f) == 0 || f[0] != field {
			t.Errorf("%s: fields %v, want %s", body, f, field)
		}
	}
	if e.count("SELECT count(*) FROM reintegration_plans") != 0 {
		t.Fatal("a refused plan was written")
	}
	prac.do("PUT", path, plan, "If-Match", `"3"`).problem(412) // no plan yet
	r := prac.do("PUT", path, plan).want(201)
	if r.header.Get("ETag") != `"1"` || len(r.json()["items"].([]any)) != 2 {
		t.Fatalf("created: %s %s", r.header.Get("ETag"), r.body)
	}
	prac.do("PUT", path, plan).problem(428)
	prac.do("PUT", path, plan, "If-Match", `"7"`).problem(412)
	plan["items"] = []map[string]any{{"area": "housing", "status": "in_place"}}
	r = prac.do("PUT", path, plan, "If-Match", `"1"`).want(200)
	if r.header.Get("ETag") != `"2"` || len(r.json()["items"].([]any)) != 1 {
		t.Fatalf("replaced: %s %s", r.header.Get("ETag"), r.body)
	}
	got := prac.do("GET", path, nil).want(200)
	if got.header.Get("ETag") != `"2"` {
		t.Fatalf("read ETag %s", got.header.Get("ETag"))
	}
	s := prac.do("POST", path+"/submit", nil, "If-Match", `"2"`).want(200).json()
	if s["status"] != "submitted" {
		t.Fatalf("submitted: %v", s)
	}
	if n := e.count("SELECT count(*) FROM approvals WHERE kind = 'reintegration_plan' AND subject_id = $1 AND status = 'pending'", caseID); n != 1 {
		t.Fatal("no pending approval")
	}
	prac.do("POST", path+"/submit", nil, "If-Match", `"3"`).problem(409)
	prac.do("PUT", path, plan, "If-Match", `"3"`).problem(409)
	if got := e.eventPractices(caseID, "reintegration_plan.created"); len(got) != 1 || strings.Join(got[0], ",") != "GP11,GP20" {
		t.Fatalf("reintegration practices: %v", got)
	}
	e.as("supervisor").do("GET", path, nil).want(200)
	e.as("supervisorxb").do("GET", path, nil).problem(404)
	e.as("practitioner2").do("PUT", path, plan).problem(404)
}

func TestFollowUpsAndPracticeEvidence(t *testing.T) {
	e := newEnv(t)
	notReleased := e.newCase(caseFixture{phase: "reintegration"})
	released := time.Now().AddDate(0, -7, -3)
	caseID := e.newCase(caseFixture{phase: "reintegration", released: &released})
	prac := e.as("practitioner")
	path := "/api/v1/cases/" + caseID + "/follow-ups"
	fu := map[string]any{"held_on": daysAgo(1), "housing": "stable", "work_education": "employed", "family_contact": "regular",
		"supervision_compliance": "compliant", "new_offence": "none"}
	p := prac.do("POST", "/api/v1/cases/"+notReleased+"/follow-ups", fu).problem(422)
	if f := fieldErrors(p); len(f) != 1 || f[0] != "held_on" {
		t.Fatalf("no release date: %v", f)
	}
	prac.do("POST", path, `{"held_on": 5}`).problem(422)
	prac.do("POST", path, `{"held_on"`).problem(400)
	with := func(kv ...any) map[string]any {
		m := map[string]any{}
		for k, v := range fu {
			m[k] = v
		}
		for i := 0; i < len(kv); i += 2 {
			m[kv[i].(string)] = kv[i+1]
		}
		return m
	}
	for _, c := range []struct {
		body  map[string]any
		field string
	}{
		{with("new_offence", "arrest"), "offence_category"},
		{with("new_offence", "charge", "offence_category", "99999"), "offence_category"},
		{with("offence_category", "09051"), "offence_category"},
		{with("housing", "castle"), "housing"},
		{with("held_on", released.AddDate(0, 0, -2).Format(time.DateOnly)), "held_on"},
		{with("notes", "New address: contact him at +44 20 7946 0958"), "notes"},
	} {
		p := prac.do("POST", path, c.body).problem(422)
		if f := fieldErrors(p); len(f) == 0 || f[0] != c.field {
			t.Errorf("%v: fields %v, want %s", c.body, f, c.field)
		}
	}
	if e.count("SELECT count(*) FROM follow_ups") != 0 {
		t.Fatal("refused follow-ups written")
	}
	f := prac.do("POST", path, fu).want(201).json()
	if f["months_since_release"].(float64) != 7 || f["offence_category"] != nil {
		t.Fatalf("follow-up: %v", f)
	}
	prac.do("POST", path, with("held_on", daysAgo(0), "new_offence", "arrest", "offence_category", "09051", "offence_on", daysAgo(3))).want(201)
	page := prac.do("GET", path+"?limit=1", nil).want(200).json()
	if len(page["items"].([]any)) != 1 || page["next_cursor"] == nil || page["items"].([]any)[0].(map[string]any)["new_offence"] != "arrest" {
		t.Fatalf("page: %v", page)
	}
	page = prac.do("GET", path+"?limit=1&cursor="+page["next_cursor"].(string), nil).want(200).json()
	if len(page["items"].([]any)) != 1 || page["next_cursor"] != nil {
		t.Fatalf("page 2: %v", page)
	}

	// Practice evidence: two follow-ups (GP1, GP21, GP25) and a religious dialogue session (GP12).
	prac.do("POST", "/api/v1/cases/"+caseID+"/sessions", map[string]any{"intervention_type": "religious_dialogue", "held_on": daysAgo(4),
		"minutes": 45, "format": "individual", "attendance": "attended"}).want(201)
	items := prac.do("GET", "/api/v1/cases/"+caseID+"/practices", nil).want(200).json()["items"].([]any)
	if len(items) != 25 {
		t.Fatalf("want all 25 practices, got %d", len(items))
	}
	counts := map[string]float64{}
	for _, it := range items {
		m := it.(map[string]any)
		counts[m["code"].(string)] = m["count"].(float64)
		if m["code"] == "GP21" && m["last_on"] != daysAgo(0) {
			t.Errorf("GP21 last_on %v", m["last_on"])
		}
		if m["count"].(float64) == 0 && m["last_on"] != nil {
			t.Errorf("%s: last_on without evidence", m["code"])
		}
	}
	if counts["GP21"] != 2 || counts["GP1"] != 2 || counts["GP12"] != 1 || counts["GP6"] != 0 || counts["GP8"] != 0 {
		t.Fatalf("counts: %v", counts)
	}
	for _, who := range []string{"practitioner2", "supervisorxb"} {
		e.as(who).do("GET", "/api/v1/cases/"+caseID+"/practices", nil).problem(404)
		e.as(who).do("GET", path, nil).problem(404)
	}
	if n := e.count("SELECT count(*) FROM audit_events WHERE action = 'case.practices' AND object_id = $1", caseID); n != 1 {
		t.Fatalf("practices reads audited: %d", n)
	}
}

func TestClosedCaseRecordsAreFinished(t *testing.T) {
	e := newEnv(t)
	caseID := e.newCase(caseFixture{phase: "closed"})
	prac := e.as("practitioner")
	prac.do("POST", "/api/v1/cases/"+caseID+"/sessions", map[string]any{"intervention_type": "mentoring", "held_on": daysAgo(1),
		"minutes": 30, "format": "individual", "attendance": "attended"}).problem(409)
	prac.do("POST", "/api/v1/cases/"+caseID+"/milestones", map[string]any{"definition_code": "documents_obtained", "achieved_on": daysAgo(1), "evidence": "x"}).problem(409)
	prac.do("GET", "/api/v1/cases/"+caseID+"/sessions", nil).want(200)
}
