package domain

import (
	"slices"
	"testing"
)

func TestCheckMilestoneClaim(t *testing.T) {
	opened := today.AddDate(-1, 0, 0)
	direct := MilestoneClaimFacts{Known: true, Name: "Completed vocational course", Practices: []string{"p1", "p2"}}
	verified := direct
	verified.NeedsVerification = true
	cases := []struct {
		name          string
		def           MilestoneClaimFacts
		in            MilestoneInput
		wantCode      Code
		wantFields    []string
		wantStatus    string
		wantPractices []string
		wantKinds     []string
	}{
		{name: "verified at once with its practices", def: direct, in: MilestoneInput{AchievedOn: today},
			wantStatus: "verified", wantPractices: []string{"p1", "p2"}},
		{name: "a claim waits and evidences nothing yet", def: verified, in: MilestoneInput{AchievedOn: today},
			wantStatus: "claimed", wantPractices: []string{}},
		{name: "unknown definition", def: MilestoneClaimFacts{}, in: MilestoneInput{AchievedOn: today},
			wantCode: CodeInvalid, wantFields: []string{"definition_code:unknown_reference"}},
		{name: "unknown definition comes before the dates", def: MilestoneClaimFacts{}, in: MilestoneInput{AchievedOn: *day(10)},
			wantCode: CodeInvalid, wantFields: []string{"definition_code:unknown_reference"}},
		{name: "before the intake", def: direct, in: MilestoneInput{AchievedOn: opened.AddDate(0, 0, -1)},
			wantCode: CodeInvalid, wantFields: []string{"achieved_on:before_intake"}},
		{name: "in the future", def: direct, in: MilestoneInput{AchievedOn: *day(1)},
			wantCode: CodeInvalid, wantFields: []string{"achieved_on:future"}},
		{name: "flagged evidence", def: direct, in: MilestoneInput{AchievedOn: today, Evidence: "Recalled after Imam Yusuf reported him"},
			wantCode: CodeInvalid, wantFields: []string{"evidence:identifier_suspected"}},
		{name: "acknowledged evidence", def: direct,
			in:         MilestoneInput{AchievedOn: today, Evidence: "Recalled after Imam Yusuf reported him", AcknowledgeIdentifiers: true},
			wantStatus: "verified", wantPractices: []string{"p1", "p2"}, wantKinds: []string{IdentName}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			claim, err := CheckMilestoneClaim(c.def, opened, today, 1990, c.in)
			if c.wantCode != "" {
				if ErrorCode(err) != c.wantCode || !slices.Equal(fields(err), c.wantFields) {
					t.Fatalf("got %v %v, want %s %v", err, fields(err), c.wantCode, c.wantFields)
				}
				return
			}
			if err != nil || claim.Status != c.wantStatus || !slices.Equal(claim.Practices, c.wantPractices) ||
				(claim.Practices == nil) != (c.wantPractices == nil) || !slices.Equal(claim.Kinds, c.wantKinds) {
				t.Fatalf("got %+v, %v", claim, err)
			}
		})
	}
}
