package api_test

import (
	"bytes"
	"encoding/csv"
	"strings"
	"testing"
)

// An auditor reads each object by its name as it is now: a case by its pseudonym, a user,
// facility or programme by its name; ids that name nothing (or are no UUID) have no name.
func TestAuditShowsObjectNames(t *testing.T) {
	e := newEnv(t)
	k, _ := e.openCase(e.as("practitioner"), nil)
	admin := e.as("admin")
	admin.do("PATCH", "/api/v1/facilities/"+e.world.Riverside, map[string]any{"name": "Riverside Two"}).want(200)
	admin.do("PATCH", "/api/v1/users/"+e.world.Users["practitioner2"].ID, map[string]any{"display_name": "P2"}).want(200)
	admin.do("PATCH", "/api/v1/programmes/"+e.world.ProgrammeXB, map[string]any{"aftercare_months": 6}).want(200)
	admin.do("DELETE", "/api/v1/tokens/=HYPERLINK(\"x\")", nil).problem(404)
	auditor := e.as("auditor")
	for query, want := range map[string]string{
		"action=case.create&object_id=" + k.ID:                              k.Pseudonym,
		"action=facility.update&object_id=" + e.world.Riverside:             "Riverside Two",
		"action=user.update&object_id=" + e.world.Users["practitioner2"].ID: "practitioner2",
		"action=programme.update&object_id=" + e.world.ProgrammeXB:          "Programme B",
		"action=token.revoke&outcome=denied":                                "",
	} {
		evs := auditEvents(t, auditor, query)
		if len(evs) == 0 {
			t.Errorf("%s: no event", query)
			continue
		}
		if got, _ := evs[0]["object_name"].(string); got != want {
			t.Errorf("%s: object_name %q, want %q", query, got, want)
		}
	}
	if k.Pseudonym == "" {
		t.Fatal("the case has no pseudonym")
	}
}

// The actor filter finds part of a name, in any case, and takes the text literally: LIKE
// wildcards match only themselves.
func TestAuditActorSearchIsPartialAndLiteral(t *testing.T) {
	e := newEnv(t)
	e.as("practitioner2")
	e.as("supervisor")
	auditor := e.as("auditor")
	seen := map[string]bool{}
	for _, ev := range auditEvents(t, auditor, "actor_contains=PRACT&limit=500") {
		name := ev["actor_name"].(string)
		seen[name] = true
		if !strings.Contains(strings.ToLower(name), "pract") {
			t.Errorf("actor_contains=PRACT gave %q", name)
		}
	}
	if !seen["practitioner2"] {
		t.Errorf("actor_contains=PRACT missed practitioner2: %v", seen)
	}
	for _, wild := range []string{"%", "_", "pract%2", "\\"} {
		if evs := auditEvents(t, auditor, "actor_contains="+strings.NewReplacer("%", "%25", "\\", "%5C").Replace(wild)); len(evs) != 0 {
			t.Errorf("actor_contains=%q matched %d events (first %v): wildcards must be literal", wild, len(evs), evs[0]["actor_name"])
		}
	}
	auditor.do("GET", "/api/v1/audit?actor_contains="+strings.Repeat("a", 201), nil).problem(422)
}

// The filtered list downloads as CSV (format=csv, or Accept: text/csv): every matching event,
// beyond one page, with names, formula-looking cells defused, and the export itself audited.
// Only auditors may.
func TestAuditCSVExport(t *testing.T) {
	e := newEnv(t)
	admin := e.as("admin")
	// An actor plants a formula in the trail: the refused revocation records the path segment.
	admin.do("DELETE", "/api/v1/tokens/=HYPERLINK(\"x\")", nil).problem(404)
	admin.do("DELETE", "/api/v1/tokens/+1", nil).problem(404)
	admin.do("DELETE", "/api/v1/tokens/@SUM(1)", nil).problem(404)
	admin.do("DELETE", "/api/v1/tokens/-2", nil).problem(404)
	for i := 0; i < 3; i++ {
		admin.do("PATCH", "/api/v1/facilities/"+e.world.Harbour, map[string]any{"name": "Harbour " + string(rune('A'+i))}).want(200)
	}
	auditor := e.as("auditor")
	r := auditor.do("GET", "/api/v1/audit?format=csv&actor_contains=ADM", nil).want(200)
	if ct := r.header.Get("Content-Type"); !strings.HasPrefix(ct, "text/csv") {
		t.Fatalf("content type %q", ct)
	}
	if !strings.Contains(r.header.Get("Content-Disposition"), "attachment") {
		t.Errorf("content disposition %q", r.header.Get("Content-Disposition"))
	}
	rows, err := csv.NewReader(bytes.NewReader(r.body)).ReadAll()
	if err != nil {
		t.Fatalf("CSV: %v\n%s", err, r.body)
	}
	if strings.Join(rows[0], ",") != "seq,at,actor_id,actor_name,role,scope,action,object_type,object_id,object_name,outcome,request_id,ip,details,hash" {
		t.Errorf("header %v", rows[0])
	}
	objects := map[string]bool{}
	for _, row := range rows[1:] {
		if !strings.Contains(strings.ToLower(row[3]), "adm") {
			t.Errorf("row of actor %q in an export for ADM", row[3])
		}
		for i, cell := range row {
			if cell != "" && strings.ContainsRune("=+-@\t\r", rune(cell[0])) {
				t.Errorf("cell %d %q of row %s starts a formula", i, cell, row[0])
			}
		}
		objects[row[8]] = true
		if row[6] == "facility.update" && row[9] == "" {
			t.Errorf("facility row without a name: %v", row)
		}
	}
	for _, planted := range []string{`'=HYPERLINK("x")`, "'+1", "'@SUM(1)", "'-2"} {
		if !objects[planted] {
			t.Errorf("planted object %q not exported as a defused cell; objects %v", planted, objects)
		}
	}
	// The same through the Accept header, and beyond a page: the JSON page of 1 has a cursor,
	// the CSV has every row.
	all := auditor.do("GET", "/api/v1/audit?action=facility.update", nil, "Accept", "text/csv").want(200)
	got, _ := csv.NewReader(bytes.NewReader(all.body)).ReadAll()
	if len(got) != 4 {
		t.Errorf("Accept: text/csv export has %d lines, want header and 3 events", len(got))
	}
	// More events than an export page: every one is there, once, newest first.
	e.exec(`INSERT INTO audit_events (at, actor_name, action, outcome, details) SELECT now(), 'bulk', 'bulk.test', 'success', '{}'
		FROM generate_series(1, 1234)`)
	bulk := auditor.do("GET", "/api/v1/audit?action=bulk.test&format=csv", nil).want(200)
	brows, _ := csv.NewReader(bytes.NewReader(bulk.body)).ReadAll()
	if len(brows) != 1235 {
		t.Errorf("bulk export has %d lines, want 1235", len(brows))
	}
	seqs := map[string]bool{}
	for _, row := range brows[1:] {
		seqs[row[0]] = true
	}
	if len(seqs) != 1234 {
		t.Errorf("bulk export has %d distinct events, want 1234", len(seqs))
	}
	exports := auditEvents(t, auditor, "action=audit.export")
	if len(exports) != 3 || exports[0]["actor_name"] != "auditor" {
		t.Fatalf("exports audited: %v", exports)
	}
	if d := exports[2]["details"].(map[string]any); d["filter"].(map[string]any)["actor_contains"] != "ADM" || d["up_to_seq"] == nil {
		t.Errorf("export event details %v", d)
	}
	// An export from a cursor says so in its event (attack round 6: it read as the whole trail).
	auditor.do("GET", "/api/v1/audit?format=csv&cursor=10", nil).want(200)
	last := auditEvents(t, auditor, "action=audit.export")[0]["details"].(map[string]any)
	if last["filter"].(map[string]any)["cursor"] != 10.0 {
		t.Errorf("an export from cursor 10 recorded %v", last)
	}
	// Nobody else exports; a bad format is a 422.
	for _, who := range []string{"admin", "supervisor", "national"} {
		e.as(who).do("GET", "/api/v1/audit?format=csv", nil).problem(403)
	}
	auditor.do("GET", "/api/v1/audit?format=xlsx", nil).problem(422)
}
