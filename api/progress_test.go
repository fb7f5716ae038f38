package api_test

import (
	"fmt"
	"slices"
	"testing"
	"time"
)

// TestCaseProgress: the progress view draws on the case's final, uncorrected assessments,
// its attendance at every session and its milestone claims, month by month; it is one audited
// read, and a case out of the caller's caseload is a 404.
func TestCaseProgress(t *testing.T) {
	e := newEnv(t)
	caseID := e.newCase(caseFixture{})
	prac := e.as("practitioner")
	base := "/api/v1/cases/" + caseID

	now := time.Now()
	thisMonth := time.Date(now.Year(), now.Month(), 1, 0, 0, 0, 0, time.UTC)
	first := thisMonth.AddDate(0, -2, 0)
	on := func(t time.Time, days int) string { return t.AddDate(0, 0, days).Format(time.DateOnly) }

	// A baseline, then its correction: only the correction is on the trend. A draft is not.
	finalised := func(body map[string]any) string {
		a := prac.do("POST", base+"/assessments", body).want(201).json()
		prac.do("POST", base+"/assessments/"+a["id"].(string)+"/finalise", nil, "If-Match", `"1"`).want(200)
		return a["id"].(string)
	}
	baseline := map[string]any{"instrument_code": "pathways-open", "occasion": "baseline", "assessed_on": on(first, 1),
		"ratings": fullRatings(), "overall": "high", "rationale": "first interviews"}
	wrong := finalised(baseline)
	risky := []map[string]any{}
	for _, r := range fullRatings() {
		if r["rating"] == nil {
			risky = append(risky, r)
			continue
		}
		rating := 0 // protective items absent
		if slices.Contains([]string{"B1", "B2", "I1", "I2", "N1", "C2", "M2"}, r["item_code"].(string)) {
			rating = 2 // risk items present
		}
		risky = append(risky, map[string]any{"item_code": r["item_code"], "rating": rating, "evidence": "seen"})
	}
	corrected := map[string]any{"instrument_code": "pathways-open", "occasion": "baseline", "assessed_on": on(first, 1),
		"ratings": risky, "overall": "moderate", "rationale": "corrected", "supersedes": wrong}
	correction := finalised(corrected)
	prac.do("POST", base+"/assessments", map[string]any{"instrument_code": "pathways-open", "occasion": "scheduled",
		"assessed_on": on(thisMonth, 0), "ratings": fullRatings("M3"), "rationale": "still a draft"}).want(201)

	session := func(day, kind, attendance string, minutes int, engagement any) {
		prac.do("POST", base+"/sessions", map[string]any{"intervention_type": kind, "held_on": day, "minutes": minutes,
			"format": "individual", "attendance": attendance, "engagement": engagement}).want(201)
	}
	session(on(first, 4), "mentoring", "attended", 60, 4)
	session(on(first, 9), "mentoring", "late", 30, 2)
	session(on(first, 14), "religious_dialogue", "unexcused_absence", 45, nil)
	session(on(thisMonth, 0), "mentoring", "attended", 50, 5)
	// A milestone without verification is reached at once; one that needs it waits.
	prac.do("POST", base+"/milestones", map[string]any{"definition_code": "documents_obtained", "achieved_on": on(first, 2),
		"evidence": "identity card issued"}).want(201)
	prac.do("POST", base+"/milestones", map[string]any{"definition_code": "housing_secured", "achieved_on": on(thisMonth, 0),
		"evidence": "hostel place confirmed"}).want(201)

	got := prac.do("GET", base+"/progress", nil).want(200).json()
	risk := got["risk"].([]any)
	if len(risk) != 1 {
		t.Fatalf("risk: %v", risk)
	}
	r := risk[0].(map[string]any)
	if r["assessment_id"] != correction || r["overall"] != "moderate" || r["risk_rated"].(float64) != 7 || r["risk_level"].(float64) != 1 ||
		r["protective_rated"].(float64) != 7 || r["protective_level"].(float64) != 0 || r["assessed_on"] != on(first, 1) {
		t.Fatalf("risk point: %v", r)
	}
	months := got["months"].([]any)
	if len(months) != 3 {
		t.Fatalf("months: %v", months)
	}
	m0, m1, m2 := months[0].(map[string]any), months[1].(map[string]any), months[2].(map[string]any)
	if m0["month"] != first.Format("2006-01") || m2["month"] != thisMonth.Format("2006-01") {
		t.Fatalf("month keys: %v %v", m0["month"], m2["month"])
	}
	if s := fmt.Sprint(m0["sessions"]); s != "[map[intervention_type:mentoring minutes:90 sessions:2] map[intervention_type:religious_dialogue minutes:45 sessions:1]]" {
		t.Fatalf("first month's sessions: %s", s)
	}
	if a := fmt.Sprint(m0["attendance"]); a != "map[attended:1 excused_absence:0 late:1 refused:0 unexcused_absence:1]" {
		t.Fatalf("first month's attendance: %s", a)
	}
	if m0["engagement_rated"].(float64) != 2 || m0["engagement_mean"].(float64) != 3 || m0["milestones_reached"].(float64) != 1 ||
		m0["milestones_held"].(float64) != 1 {
		t.Fatalf("first month: %v", m0)
	}
	if len(m1["sessions"].([]any)) != 0 || m1["engagement_mean"] != nil || m1["milestones_held"].(float64) != 1 {
		t.Fatalf("empty month: %v", m1)
	}
	if m2["engagement_mean"].(float64) != 5 || m2["milestones_reached"].(float64) != 0 {
		t.Fatalf("this month: %v", m2)
	}
	ms := got["milestones"].([]any)
	if len(ms) != 2 || ms[0].(map[string]any)["status"] != "verified" || ms[1].(map[string]any)["status"] != "claimed" {
		t.Fatalf("milestones: %v", ms)
	}

	for _, who := range []string{"practitioner2", "supervisorxb"} {
		e.as(who).do("GET", base+"/progress", nil).problem(404)
	}
	e.as("supervisor").do("GET", "/api/v1/cases/00000000-0000-0000-0000-000000000000/progress", nil).problem(404)
	if n := e.count("SELECT count(*) FROM audit_events WHERE action = 'case.progress' AND object_id = $1", caseID); n != 1 {
		t.Fatalf("progress reads audited: %d", n)
	}
	e.as("supervisor").do("GET", base+"/progress", nil).want(200)
	if n := e.count("SELECT count(*) FROM audit_events WHERE action = 'case.progress' AND object_id = $1", caseID); n != 2 {
		t.Fatalf("progress reads audited after the supervisor's: %d", n)
	}
}
