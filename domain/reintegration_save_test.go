package domain

import (
	"slices"
	"testing"
	"time"
)

func TestPlanReintegrationSave(t *testing.T) {
	opened := time.Date(2024, 3, 1, 0, 0, 0, 0, time.UTC)
	before := opened.AddDate(0, 0, -1)
	after := opened.AddDate(1, 0, 0)
	flagged := []ReintegrationItem{{Area: "mentoring", Status: "in_progress", Description: "Mentored by Imam Yusuf"}}
	facts := func(mod func(*ReintegrationSaveFacts)) ReintegrationSaveFacts {
		f := ReintegrationSaveFacts{Phase: PhasePreRelease, OpenedOn: opened, BirthYear: 1990, Today: opened.AddDate(0, 6, 0)}
		if mod != nil {
			mod(&f)
		}
		return f
	}
	existing := func(status string, version int) func(*ReintegrationSaveFacts) {
		return func(f *ReintegrationSaveFacts) { f.Exists, f.Status, f.Version = true, status, version }
	}
	cases := []struct {
		name        string
		f           ReintegrationSaveFacts
		ifMatch     int
		in          ReintegrationInput
		wantCode    Code
		wantFields  []string
		wantCreated bool
		wantKeep    bool
		wantKinds   []string
	}{
		{name: "a first plan is created", f: facts(nil), in: ReintegrationInput{PlannedRelease: &after}, wantCreated: true},
		{name: "intake is too early", f: facts(func(f *ReintegrationSaveFacts) { f.Phase = PhaseIntake }), wantCode: CodeConflict},
		{name: "a closed case takes no plan", f: facts(func(f *ReintegrationSaveFacts) { f.Phase = PhaseClosed }), wantCode: CodeConflict},
		{name: "the phase comes before the precondition", f: facts(func(f *ReintegrationSaveFacts) { f.Phase = PhaseAssessment }),
			ifMatch: 3, wantCode: CodeConflict},
		{name: "If-Match without a plan", f: facts(nil), ifMatch: 1, wantCode: CodePreconditionFailed},
		{name: "no If-Match on an existing plan", f: facts(existing("draft", 2)), wantCode: CodePreconditionNeeded},
		{name: "a stale If-Match", f: facts(existing("draft", 2)), ifMatch: 1, wantCode: CodePreconditionFailed},
		{name: "a draft is changed", f: facts(existing("draft", 2)), ifMatch: 2},
		{name: "a rejected revision is changed", f: facts(existing("rejected", 4)), ifMatch: 4},
		{name: "an approved plan stays in force", f: facts(existing("approved", 3)), ifMatch: 3, wantKeep: true},
		{name: "a submitted plan waits for its decision", f: facts(existing("submitted", 3)), ifMatch: 3, wantCode: CodeConflict},
		{name: "the precondition comes before the status", f: facts(existing("submitted", 3)), ifMatch: 2, wantCode: CodePreconditionFailed},
		{name: "a release before the intake", f: facts(nil), in: ReintegrationInput{PlannedRelease: &before},
			wantCode: CodeInvalid, wantFields: []string{"planned_release:before_intake"}},
		{name: "the status comes before the dates", f: facts(existing("submitted", 3)), ifMatch: 3,
			in: ReintegrationInput{PlannedRelease: &before}, wantCode: CodeConflict},
		{name: "an area twice", f: facts(nil), in: ReintegrationInput{Items: []ReintegrationItem{
			{Area: "housing", Status: "in_place"}, {Area: "housing", Status: "not_started"}}},
			wantCode: CodeInvalid, wantFields: []string{"items[1].area:duplicate"}},
		{name: "the dates come before the items", f: facts(nil), in: ReintegrationInput{PlannedRelease: &before, Items: []ReintegrationItem{
			{Area: "housing", Status: "in_place"}, {Area: "housing", Status: "not_started"}}},
			wantCode: CodeInvalid, wantFields: []string{"planned_release:before_intake"}},
		{name: "a flagged description is refused", f: facts(nil), in: ReintegrationInput{Items: flagged},
			wantCode: CodeInvalid, wantFields: []string{"items[0].description:identifier_suspected"}},
		{name: "an acknowledged description passes with its kinds", f: facts(nil),
			in: ReintegrationInput{Items: flagged, AcknowledgeIdentifiers: true}, wantCreated: true, wantKinds: []string{IdentName}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got, err := PlanReintegrationSave(c.f, c.ifMatch, c.in)
			if c.wantCode != "" {
				if ErrorCode(err) != c.wantCode || !slices.Equal(fields(err), c.wantFields) {
					t.Fatalf("got %v %v, want %s %v", err, fields(err), c.wantCode, c.wantFields)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if got.Created != c.wantCreated || got.Revision.KeepInForce != c.wantKeep || got.Revision.Status != ReintegrationDraft ||
				!slices.Equal(got.Kinds, c.wantKinds) {
				t.Fatalf("got %+v, want created=%v keep=%v kinds=%v", got, c.wantCreated, c.wantKeep, c.wantKinds)
			}
		})
	}
}
