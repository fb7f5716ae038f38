package domain

import (
	"slices"
	"testing"
)

func TestPlanTransition(t *testing.T) {
	flagged := "Recalled after Imam Yusuf reported him"
	facts := func(phase Phase, mod func(*TransitionFacts)) TransitionFacts {
		f := TransitionFacts{Case: ready(phase, TrackCustodial), ClosureReasonKnown: true, BirthYear: 1990}
		if mod != nil {
			mod(&f)
		}
		return f
	}
	cases := []struct {
		name       string
		f          TransitionFacts
		r          TransitionRequest
		wantCode   Code
		wantFields []string
		wantStatus string
		wantKinds  []string
	}{
		{name: "intake to assessment applies at once", f: facts(PhaseIntake, nil),
			r: TransitionRequest{To: PhaseAssessment}, wantStatus: "applied"},
		{name: "assessment to intervention waits for a supervisor", f: facts(PhaseAssessment, nil),
			r: TransitionRequest{To: PhaseIntervention}, wantStatus: "pending"},
		{name: "a pending change refuses another", f: facts(PhaseIntake, func(f *TransitionFacts) { f.PendingChange = true }),
			r: TransitionRequest{To: PhaseAssessment}, wantCode: CodeConflict},
		{name: "pending comes before an unknown closure reason",
			f: facts(PhaseIntake, func(f *TransitionFacts) { f.PendingChange, f.ClosureReasonKnown = true, false }),
			r: TransitionRequest{To: PhaseClosed, Reason: "moved", ClosureReason: "nope"}, wantCode: CodeConflict},
		{name: "unknown closure reason", f: facts(PhaseIntake, func(f *TransitionFacts) { f.ClosureReasonKnown = false }),
			r: TransitionRequest{To: PhaseClosed, Reason: "moved", ClosureReason: "nope"}, wantCode: CodeInvalid,
			wantFields: []string{"closure_reason:unknown"}},
		{name: "unknown closure reason comes before the table", f: facts(PhaseIntake, func(f *TransitionFacts) { f.ClosureReasonKnown = false }),
			r: TransitionRequest{To: PhaseReintegration, ClosureReason: "nope"}, wantCode: CodeInvalid,
			wantFields: []string{"closure_reason:unknown"}},
		{name: "the table refuses a jump", f: facts(PhaseIntake, nil),
			r: TransitionRequest{To: PhaseReintegration}, wantCode: CodeInvalid, wantFields: []string{"to:not_allowed"}},
		{name: "the table's problems come before the identifier screen", f: facts(PhaseIntake, nil),
			r: TransitionRequest{To: PhaseReintegration, Reason: flagged}, wantCode: CodeInvalid, wantFields: []string{"to:not_allowed"}},
		{name: "a flagged reason is refused", f: facts(PhaseAssessment, nil),
			r: TransitionRequest{To: PhaseIntervention, Reason: flagged}, wantCode: CodeInvalid,
			wantFields: []string{"reason:identifier_suspected"}},
		{name: "an acknowledged reason passes with its kinds", f: facts(PhaseAssessment, nil),
			r:          TransitionRequest{To: PhaseIntervention, Reason: flagged, AcknowledgeIdentifiers: true},
			wantStatus: "pending", wantKinds: []string{IdentName}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			plan, err := PlanTransition(c.f, c.r)
			if c.wantCode != "" {
				if ErrorCode(err) != c.wantCode || !slices.Equal(fields(err), c.wantFields) {
					t.Fatalf("got %v %v, want %s %v", err, fields(err), c.wantCode, c.wantFields)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if plan.Status() != c.wantStatus || !slices.Equal(plan.Kinds, c.wantKinds) || plan.Transition.To != c.r.To {
				t.Fatalf("got %+v status %s", plan, plan.Status())
			}
		})
	}
}
