package domain

import (
	"slices"
	"testing"
)

func TestPlanSession(t *testing.T) {
	const north, south = "facility-north", "facility-south"
	onCase := func(facility string, openedDaysAgo int) SessionCase {
		return SessionCase{Phase: PhaseIntervention, FacilityID: facility, OpenedOn: *day(-openedDaysAgo), BirthYear: 1990, DelivererMayWork: true}
	}
	facts := func(cases map[string]SessionCase) SessionFacts {
		return SessionFacts{Cases: cases, InterventionTypeCurrent: true, Practices: []string{"p1", "p2"}, Today: today}
	}
	two := func(a, b SessionCase) SessionFacts { return facts(map[string]SessionCase{"a": a, "b": b}) }
	closed := onCase(north, 100)
	closed.Phase = PhaseClosed
	notMine := onCase(north, 100)
	notMine.DelivererMayWork = false
	retired := two(onCase(north, 100), onCase(north, 100))
	retired.InterventionTypeCurrent = false
	session := func(daysAgo int, notes string, caseIDs ...string) SessionInput {
		in := SessionInput{InterventionType: "t", HeldOn: *day(-daysAgo), Minutes: 60, Format: "group", Notes: notes, Group: len(caseIDs) > 1}
		for _, id := range caseIDs {
			in.Participants = append(in.Participants, Attendance{CaseID: id, Attendance: "attended"})
		}
		return in
	}
	acknowledged := session(1, "call 0612 345 678", "a")
	acknowledged.AcknowledgeIdentifiers = true
	tests := []struct {
		name  string
		facts SessionFacts
		in    SessionInput
		code  Code     // "" when accepted
		probs []string // field:reason, in order
		kinds []string
	}{
		{name: "one case", facts: facts(map[string]SessionCase{"a": onCase(north, 10)}), in: session(1, "", "a"), kinds: []string{}},
		{name: "group at one facility", facts: two(onCase(north, 10), onCase(north, 20)), in: session(5, "", "b", "a"), kinds: []string{}},
		{name: "acknowledged identifiers", facts: facts(map[string]SessionCase{"a": onCase(north, 10)}), in: acknowledged, kinds: []string{IdentPhone}},
		{name: "a closed case", facts: two(onCase(north, 10), closed), in: session(1, "", "a", "b"), code: CodeConflict},
		{name: "closed before the dates", facts: two(closed, onCase(north, 10)), in: session(50, "", "a", "b"), code: CodeConflict},
		{name: "before the latest intake", facts: two(onCase(north, 10), onCase(north, 100)), in: session(50, "", "a", "b"),
			code: CodeInvalid, probs: []string{"held_on:before_intake"}},
		{name: "dates before the session's own rules", facts: two(onCase(north, 10), onCase(south, 100)),
			in: session(50, "call 0612 345 678", "a", "b"), code: CodeInvalid, probs: []string{"held_on:before_intake"}},
		{name: "in the future", facts: facts(map[string]SessionCase{"a": onCase(north, 10)}), in: session(-1, "", "a"),
			code: CodeInvalid, probs: []string{"held_on:future"}},
		{name: "listed twice", facts: facts(map[string]SessionCase{"a": onCase(north, 10)}), in: session(1, "", "a", "a"),
			code: CodeInvalid, probs: []string{"participants[1].case_id:duplicate"}},
		{name: "identifiers in the notes", facts: facts(map[string]SessionCase{"a": onCase(north, 10)}), in: session(1, "call 0612 345 678", "a"),
			code: CodeInvalid, probs: []string{"notes:identifier_suspected"}},
		{name: "own rules before the facility", facts: two(onCase(north, 10), onCase(south, 10)), in: session(-1, "", "a", "b"),
			code: CodeInvalid, probs: []string{"held_on:future"}},
		{name: "several facilities", facts: two(onCase(north, 10), onCase(south, 10)), in: session(1, "", "a", "b"),
			code: CodeInvalid, probs: []string{"participants:several_facilities"}},
		{name: "retired intervention type", facts: retired, in: session(1, "", "a", "b"),
			code: CodeInvalid, probs: []string{"intervention_type:unknown_reference"}},
		{name: "deliverer off one case", facts: two(onCase(north, 10), notMine), in: session(1, "", "a", "b"),
			code: CodeInvalid, probs: []string{"delivered_by:not_on_team"}},
		{name: "every late problem at once", facts: func() SessionFacts {
			f := two(notMine, onCase(south, 10))
			f.InterventionTypeCurrent = false
			return f
		}(), in: session(1, "", "a", "b"), code: CodeInvalid,
			probs: []string{"participants:several_facilities", "intervention_type:unknown_reference", "delivered_by:not_on_team"}},
		{name: "no participants", facts: facts(map[string]SessionCase{}), in: session(1, ""),
			code: CodeInvalid, probs: []string{":required"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			plan, err := PlanSession(tt.facts, tt.in)
			if tt.code != "" {
				if ErrorCode(err) != tt.code || !slices.Equal(fields(err), tt.probs) {
					t.Fatalf("got %v %v, want %s %v", err, fields(err), tt.code, tt.probs)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			want := tt.facts.Cases[tt.in.Participants[0].CaseID].FacilityID
			if plan.FacilityID != want || !slices.Equal(plan.Practices, tt.facts.Practices) || !slices.Equal(plan.AcknowledgedKinds, tt.kinds) {
				t.Fatalf("plan %+v", plan)
			}
		})
	}
}
