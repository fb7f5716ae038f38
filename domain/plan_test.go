package domain

import (
	"slices"
	"testing"
)

func TestCheckNewPlan(t *testing.T) {
	base := PlanFacts{Phase: PhaseAssessment, OpenedOn: today.AddDate(-1, 0, 0), BirthYear: 1990, Today: today,
		Deliverers: []string{"u-team"}}
	goal := func(interventions []string, responsible string) PlanGoal {
		return PlanGoal{Need: "employment", Description: "find work", Interventions: interventions, ResponsibleID: responsible}
	}
	with := func(mod func(*PlanFacts)) PlanFacts {
		f := base
		mod(&f)
		return f
	}
	cases := []struct {
		name       string
		f          PlanFacts
		in         PlanInput
		wantCode   Code
		wantFields []string
		wantKinds  []string
	}{
		{name: "a plan with known references", f: base, in: PlanInput{Goals: []PlanGoal{goal([]string{"mentoring"}, "u-team")}}},
		{name: "no responsible person is fine", f: base, in: PlanInput{Goals: []PlanGoal{goal(nil, "")}}},
		{name: "in intake", f: with(func(f *PlanFacts) { f.Phase = PhaseIntake }), in: PlanInput{Goals: []PlanGoal{goal(nil, "")}},
			wantCode: CodeConflict},
		{name: "intake comes before the plan's own rules", f: with(func(f *PlanFacts) { f.Phase = PhaseIntake }), in: PlanInput{},
			wantCode: CodeConflict},
		{name: "a target date before the intake", f: base,
			in:       PlanInput{Goals: []PlanGoal{{Need: "n", TargetDate: day(-400)}}},
			wantCode: CodeInvalid, wantFields: []string{"goals[0].target_date:before_intake"}},
		{name: "no goal", f: base, in: PlanInput{}, wantCode: CodeInvalid, wantFields: []string{"goals:required"}},
		{name: "the plan's own rules come before references",
			f:  with(func(f *PlanFacts) { f.UnknownInterventions = []string{"x"} }),
			in: PlanInput{Goals: []PlanGoal{goal([]string{"x", "x"}, "")}}, wantCode: CodeInvalid,
			wantFields: []string{"goals[0].interventions[1]:duplicate"}},
		{name: "unknown intervention names the goal's first unknown code, once",
			f:  with(func(f *PlanFacts) { f.UnknownInterventions = []string{"b", "c"} }),
			in: PlanInput{Goals: []PlanGoal{goal([]string{"a"}, ""), goal([]string{"a", "c", "b"}, "")}}, wantCode: CodeInvalid,
			wantFields: []string{"goals[1].interventions:unknown_reference"}},
		{name: "a responsible person off the team", f: base,
			in: PlanInput{Goals: []PlanGoal{goal(nil, "u-team"), goal(nil, "u-other")}}, wantCode: CodeInvalid,
			wantFields: []string{"goals[1].responsible_id:not_on_team"}},
		{name: "both reference problems of one goal", f: with(func(f *PlanFacts) { f.UnknownInterventions = []string{"x"} }),
			in: PlanInput{Goals: []PlanGoal{goal([]string{"x"}, "u-other")}}, wantCode: CodeInvalid,
			wantFields: []string{"goals[0].interventions:unknown_reference", "goals[0].responsible_id:not_on_team"}},
		{name: "an acknowledged identifier passes with its kinds", f: base,
			in: PlanInput{Summary: "Recalled after Imam Yusuf reported him", AcknowledgeIdentifiers: true,
				Goals: []PlanGoal{goal(nil, "")}}, wantKinds: []string{IdentName}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			kinds, err := CheckNewPlan(c.f, c.in)
			if c.wantCode != "" {
				if ErrorCode(err) != c.wantCode || !slices.Equal(fields(err), c.wantFields) {
					t.Fatalf("got %v %v, want %s %v", err, fields(err), c.wantCode, c.wantFields)
				}
				return
			}
			if err != nil || !slices.Equal(kinds, c.wantKinds) {
				t.Fatalf("got %v, %v", kinds, err)
			}
		})
	}
}
