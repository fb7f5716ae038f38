package domain

import (
	"slices"
	"testing"
)

func TestPlanTeamChange(t *testing.T) {
	const ana, ben, cy = "a0000000-0000-4000-8000-000000000001", "b0000000-0000-4000-8000-000000000002", "c0000000-0000-4000-8000-000000000003"
	supervisor := CaseActor{UserID: "s", Supervises: true}
	open := TeamFacts{Phase: PhaseIntervention, Eligible: []string{ana, ben}}
	closed := TeamFacts{Phase: PhaseClosed, Eligible: []string{ana, ben}}
	member := func(id, discipline string) TeamMember { return TeamMember{UserID: id, Discipline: discipline} }
	tests := []struct {
		name    string
		by      CaseActor
		facts   TeamFacts
		manager string
		members []TeamMember
		code    Code     // "" when accepted
		refusal string   // the audit reason of a refusal
		probs   []string // field:reason, in order
		ids     []string
	}{
		{name: "two eligible members", by: supervisor, facts: open, manager: ana,
			members: []TeamMember{member(ana, "case_manager"), member(ben, "psychologist")}, ids: []string{ana, ben}},
		{name: "team member who does not supervise", by: CaseActor{UserID: ana}, facts: open, manager: ana,
			members: []TeamMember{member(ana, "case_manager")}, code: CodeForbidden, refusal: TeamNotSupervisor},
		{name: "refused before the closed case is told", by: CaseActor{UserID: ana}, facts: closed, manager: ana,
			members: []TeamMember{member(ana, "case_manager")}, code: CodeForbidden, refusal: TeamNotSupervisor},
		{name: "closed case", by: supervisor, facts: closed, manager: ana,
			members: []TeamMember{member(ana, "case_manager")}, code: CodeConflict},
		{name: "closed case before the members are checked", by: supervisor, facts: closed, manager: cy,
			members: []TeamMember{member(cy, "wizard")}, code: CodeConflict},
		{name: "unknown discipline", by: supervisor, facts: open, manager: ana,
			members: []TeamMember{member(ana, "case_manager"), member(ben, "wizard")}, code: CodeInvalid,
			probs: []string{"members[1].discipline:oneof"}},
		{name: "listed twice", by: supervisor, facts: open, manager: ana,
			members: []TeamMember{member(ana, "case_manager"), member(ben, "mentor"), member(ana, "mentor")}, code: CodeInvalid,
			probs: []string{"members[2].user_id:duplicate"}},
		{name: "not eligible", by: supervisor, facts: open, manager: ana,
			members: []TeamMember{member(ana, "case_manager"), member(cy, "mentor"), member("not-a-uuid", "")}, code: CodeInvalid,
			probs: []string{"members[1].user_id:not_eligible", "members[2].discipline:oneof", "members[2].user_id:not_eligible"}},
		{name: "manager not a member", by: supervisor, facts: open, manager: cy,
			members: []TeamMember{member(ana, "case_manager")}, code: CodeInvalid, probs: []string{"case_manager_id:not_a_member"}},
		{name: "empty team", by: supervisor, facts: open, manager: "",
			code: CodeInvalid, probs: []string{"case_manager_id:not_a_member"}},
		{name: "every problem at once", by: supervisor, facts: open, manager: cy,
			members: []TeamMember{member(cy, "wizard"), member(cy, "mentor")}, code: CodeInvalid,
			probs: []string{"members[0].discipline:oneof", "members[0].user_id:not_eligible", "members[1].user_id:duplicate"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ids, refusal, err := PlanTeamChange(tt.by, tt.facts, tt.manager, tt.members)
			if refusal != tt.refusal {
				t.Fatalf("refusal %q, want %q", refusal, tt.refusal)
			}
			if tt.code != "" {
				if ErrorCode(err) != tt.code || !slices.Equal(fields(err), tt.probs) || ids != nil {
					t.Fatalf("got %v %v %v, want %s %v", ids, err, fields(err), tt.code, tt.probs)
				}
				return
			}
			if err != nil || !slices.Equal(ids, tt.ids) {
				t.Fatalf("got %v %v, want %v", ids, err, tt.ids)
			}
		})
	}
}

// A transfer's new team is checked without the supervisor and phase rules (the transfer
// decision has its own).
func TestCheckTeamIgnoresPhase(t *testing.T) {
	f := TeamFacts{Phase: PhaseClosed, Eligible: []string{"u1"}}
	if ids, err := CheckTeam(f, "u1", []TeamMember{{UserID: "u1", Discipline: "case_manager"}}); err != nil || !slices.Equal(ids, []string{"u1"}) {
		t.Fatalf("got %v %v", ids, err)
	}
	if _, err := CheckTeam(f, "u1", []TeamMember{{UserID: "u2", Discipline: "case_manager"}}); !slices.Equal(fields(err), []string{"members[0].user_id:not_eligible", "case_manager_id:not_a_member"}) {
		t.Fatalf("got %v", fields(err))
	}
}
